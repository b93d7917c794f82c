use tilekit_core::dsl::*;

#[kernel(grid = [x.dim(0)])]
fn k(#[prefetch] lens: Prefetch<1>, x: Ref<f32, 2>, #[shape(x.shape())] y: RefMut<f32, 2>) {
    let i = program_id(0);
    let mut steps = 0usize;
    let mut acc = x.load([i, ..]);
    for _j in 0..lens[i] {
        acc = acc * 2.0;
        steps += 1;
    }
    y.store([i, ..], acc);
}

fn main() {}
