//! Prints the PTX of a shipped kernel (the golden paged-decode configuration
//! by default, or the variant named on the command line) for a target.
//!
//! `cargo run --example ptx_dump -- [VARIANT] [sm_90a|sm_80]`

use tilekit::kernels::catalog::decode as shipped;
use tilekit::ptx::{emit, Target};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args
        .iter()
        .find_map(|a| Target::from_name(a))
        .unwrap_or(Target::Sm90a);
    let variant = args.iter().find(|a| Target::from_name(a).is_none());
    let kernel = match variant {
        None => shipped::golden_decode(),
        Some(name) => {
            let names: Vec<String> = shipped::decode_variants()
                .iter()
                .map(|v| v.name())
                .collect();
            let v = shipped::decode_variants()
                .into_iter()
                .find(|v| &v.name() == name)
                .ok_or_else(|| format!("no variant `{name}`; variants: {}", names.join(", ")))?;
            v.build()?
        }
    };
    let module = emit(&kernel, target)?;
    print!("{}", module.text);
    eprintln!("launch: {:?}", module.launch);
    Ok(())
}
