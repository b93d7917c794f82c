use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(#[prefetch] table: Prefetch<2>, x: Ref<f32, 2>, #[shape(x.shape())] y: RefMut<f32, 2>) {
    let i = program_id(0);
    let row = table[i];
    y.store([row, ..], x.load([i, ..]));
}

fn main() {}
