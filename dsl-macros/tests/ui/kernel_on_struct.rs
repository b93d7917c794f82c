use tilekit_core::dsl::*;

#[kernel(grid = [1])]
struct K;

fn main() {}
