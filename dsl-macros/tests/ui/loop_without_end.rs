use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<f32, 2>, #[shape(x.shape())] y: RefMut<f32, 2>) {
    let i = program_id(0);
    for j in 0.. {
        y.store([i, ..], x.load([i, ..]));
    }
}

fn main() {}
