use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<bf16, 2>, w: Ref<f32, 2>, #[shape(x.shape())] y: RefMut<f32, 2>) {
    let i = program_id(0);
    let sum = w.load([i, ..]) + x.load([i, ..]);
    y.store([i, ..], sum);
}

fn main() {}
