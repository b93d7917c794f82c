//! Compiles a StableHLO file on the PJRT plugin and runs it with no
//! arguments, printing each result: a quick way to try lowering ideas.
//!
//! `cargo run -p tilekit-pjrt --example run_mlir -- FILE.mlir`

use tilekit_pjrt::{provision, Client, Plugin};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args().nth(1).ok_or("usage: run_mlir FILE.mlir")?;
    let text = std::fs::read_to_string(&file)?;
    let client = Client::new(Plugin::load(provision::plugin_path()?)?)?;
    let exe = client.compile(&text)?;
    for (i, out) in exe.execute(&[])?.iter().enumerate() {
        let t = out.to_host()?;
        println!(
            "result {i}: {:?} {:?} = {:?}",
            t.dtype(),
            t.shape(),
            t.to_f32_vec()
        );
    }
    Ok(())
}
