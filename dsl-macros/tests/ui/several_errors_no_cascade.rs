use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(x: Ref<f32, 2>, #[shape(x.shape())] y: RefMut<f32, 2>) {
    let i = program_id(0);
    let mut t = x.load([i, ..]);
    while false {}
    x.store([i, ..], t);
    y.store([i], t);
}
fn caller() {
    let shapes = KShapes { x: [2, 4] };
    let _ = k(&shapes);
}

fn main() {}
