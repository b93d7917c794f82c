//! Prints the IR and the verifier's analysis of the hand-built paged decode.
//!
//! `cargo run --example ir_dump`

use tilekit::core::DType;
use tilekit::kernels::hand_built::{paged_decode, PagedDecodeConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cfg = PagedDecodeConfig {
        batch: 8,
        q_heads: 32,
        kv_heads: 8,
        head_dim: 128,
        block_size: 16,
        num_blocks: 1024,
        max_blocks: 128,
        dtype: DType::Bf16,
        stages: 2,
    };
    let kernel = paged_decode(&cfg)?;
    print!("{}", kernel.to_text());
    let info = kernel.info();
    println!();
    println!("// parallel grid axes: {:?}", info.parallel_axes);
    for l in &info.pipelined_loops {
        println!(
            "// pipelined loop `{}`: {} stages, {} loads issued ahead",
            tilekit::core::print::print_op(kernel.kernel(), l.op),
            l.stages,
            l.loads.len()
        );
    }
    let f = &info.footprint;
    println!(
        "// footprint per program: {} B staged loads, {} B scratch, largest tile {} B",
        f.staged_load_bytes, f.scratch_bytes, f.max_tile_bytes
    );
    Ok(())
}
