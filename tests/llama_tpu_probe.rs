mod common;
use tilekit_kernels::catalog::ptx::llama_kernels;
use tilekit_mosaic::{lower, TpuGeneration};
#[test]
fn probe() {
    for e in llama_kernels() {
        let k = e.build().unwrap();
        for &chip in TpuGeneration::ALL.iter() {
            match lower(&k, chip) {
                Err(err) => println!("{} {chip:?}: lower: {err}", e.name()),
                Ok(m) => match common::tpu_compiler().compile(&m) {
                    Ok(_) => println!("{} {chip:?}: ok", e.name()),
                    Err(err) => println!("{} {chip:?}: compile: {}", e.name(), err.to_string().lines().take(3).collect::<Vec<_>>().join(" | ")),
                },
            }
        }
    }
}
