use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<f32, 3>, #[shape(x.shape())] y: RefMut<f32, 3>) {
    let i = program_id(0);
    let t = x.load([i, ..]);
    y.store([i, .., ..], t);
}

fn main() {}
