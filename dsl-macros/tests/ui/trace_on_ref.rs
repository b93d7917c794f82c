use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(#[trace] x: Ref<f32, 1>, #[shape(x.shape())] y: RefMut<f32, 1>) {
    let i = program_id(0);
    y.store([i..i + 1], x.load([i..i + 1]));
}

fn main() {}
