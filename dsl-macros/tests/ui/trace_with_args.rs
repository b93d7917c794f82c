use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<f32, 1>, #[shape(x.shape())] y: RefMut<f32, 1>, #[trace(2)] stages: u32) {
    let i = program_id(0);
    y.store([i..i + 1], x.load([i..i + 1]));
}

fn main() {}
