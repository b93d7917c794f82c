//! `--devices D`: the model's step tensor-parallel over D devices of XLA's
//! CPU plugin (`tilekit_serve::shard`; one executable over all of them,
//! partitioned by XLA's SPMD partitioner, all-reduces between them).
//! D = 1 is the ordinary one-device run. `--synthetic` splits its paged
//! decode step by KV head the same way (no all-reduce: heads are
//! independent).

use crate::backend::Engine;
use crate::cli::{BackendChoice, KernelChoice, Mode, Options};
use tilekit_pjrt::{provision, Client, CpuCodegen, PjrtBackend, Plugin};

/// Why `--devices` cannot be used with the other options, if it cannot.
pub fn check(o: &Options) -> Result<(), String> {
    if o.devices == 0 {
        return Err("--devices must be at least 1".into());
    }
    if o.devices > 1 && !matches!(o.backend, BackendChoice::PjrtCpu | BackendChoice::Auto) {
        return Err(format!(
            "--devices {}: tensor parallelism runs on pjrt-cpu (XLA's SPMD partitioner); give --backend pjrt-cpu",
            o.devices
        ));
    }
    if o.mode == Mode::Synthetic && o.devices > 1 {
        let heads = crate::sim::KV_HEADS;
        if o.kernel != KernelChoice::Paged || heads % o.devices != 0 {
            return Err(format!(
                "--devices {} with --synthetic: the paged step splits its {heads} KV heads over a count that divides them (2, 4 or 8), with --kernel paged",
                o.devices
            ));
        }
    }
    Ok(())
}

/// Why the model's step cannot be split over `--devices`, if it cannot
/// (checked before any backend starts).
pub fn check_model(o: &Options, c: &tilekit_model::LlamaConfig) -> Result<(), String> {
    if o.devices <= 1 {
        return Ok(());
    }
    let weights = crate::model_load::weights(o.weights, "pjrt-cpu");
    tilekit_serve::shard::check_devices(c, o.devices, weights).map_err(|e| e.to_string())
}

/// The backend `opts` asks for: with `--devices` above 1, a PJRT CPU
/// client with that many devices.
pub fn create(opts: &Options) -> Result<Engine, String> {
    if opts.devices <= 1 {
        return crate::backend::create(opts.backend);
    }
    let path = provision::install().map_err(|e| e.to_string())?;
    let client = Plugin::load(&path)
        .and_then(|p| Client::with_cpu_devices(p, opts.devices))
        .map_err(|e| format!("pjrt-cpu with {} devices: {e}", opts.devices))?
        // As the one-device pjrt-cpu serves (`backend.rs`).
        .with_codegen(CpuCodegen::Native);
    Ok(Engine::Pjrt(PjrtBackend::new(client, "pjrt-cpu")))
}
