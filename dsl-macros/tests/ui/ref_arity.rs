use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<f32>, #[shape([2, 2])] y: RefMut<f32, 2>) {
    let i = program_id(0);
}

fn main() {}
