use tilekit_core::dsl::*;

#[helper(inline)]
fn twice(t: Tile<f32>) -> Tile<f32> {
    t * 2.0
}

fn main() {}
