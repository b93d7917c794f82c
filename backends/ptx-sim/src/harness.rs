//! Running emitted kernels in the simulator with the interpreter's
//! arguments: one buffer per prefetch array and ref, scalars, and a
//! [`TensorMapDesc`] for each tensor-map parameter (built from the module's
//! tensor-map list), then the outputs and in/out refs read back.

use crate::machine::{Arg, TensorMapDesc};
use crate::SimError;
use std::collections::BTreeMap;
use tilekit_core::args::check_args;
use tilekit_core::ir::RefKind;
use tilekit_core::{HostTensor, KernelArgs, ScalarArg, VerifiedKernel};
use tilekit_ptx::{emit, ParamKind, Target};

/// Runs `kernel` in the simulator for sm_90a (TMA pipelines, `wgmma`) and
/// sm_80 (`cp.async` pipelines, `mma.sync`); the two must agree bit for bit:
/// the copy mechanism differs, and the simulator rounds both tensor-core
/// instructions once per 16-deep k step. Returns outputs and in/out refs.
pub fn simulate_all_targets(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, SimError> {
    let sm90 = simulate(kernel, args, Target::Sm90a)?;
    let sm80 = simulate(kernel, args, Target::Sm80)?;
    for (name, t) in &sm90 {
        if sm80.get(name) != Some(t) {
            return Err(SimError::new(
                kernel,
                Target::Sm90a,
                format!("`{name}` differs between sm_90a and sm_80"),
            ));
        }
    }
    Ok(sm90)
}

/// Lowers `kernel` for `target` and simulates it on `args`.
pub fn simulate(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
    target: Target,
) -> Result<BTreeMap<String, HostTensor>, SimError> {
    simulate_text(kernel, args, target, |t| t)
}

/// [`simulate`] after `edit` rewrote the PTX text (how tests check that the
/// simulator catches a missing barrier or wait).
pub fn simulate_text(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
    target: Target,
    edit: impl Fn(String) -> String,
) -> Result<BTreeMap<String, HostTensor>, SimError> {
    let fail = |message: String| SimError::new(kernel, target, message);
    let k = kernel.kernel();
    // Every lookup below relies on the arguments matching the signature.
    check_args(k, args).map_err(|e| fail(e.to_string()))?;
    let m = emit(kernel, target).map_err(|e| fail(e.to_string()))?;
    let mut bufs = Vec::new();
    for p in &m.params {
        bufs.push(match p.kind {
            ParamKind::Prefetch(i) => Arg::Buf(args.tensors[&k.prefetch[i].name].to_le_bytes()),
            ParamKind::Ref(i) => {
                let r = &k.refs[i];
                match r.kind {
                    // Outputs start zeroed, as in the interpreter.
                    RefKind::Output => Arg::Buf(vec![
                        0;
                        r.shape.iter().product::<usize>()
                            * r.dtype.size_bytes()
                    ]),
                    _ => Arg::Buf(args.tensors[&r.name].to_le_bytes()),
                }
            }
            ParamKind::Scalar(i) => match args.scalars[&k.scalars[i].name] {
                ScalarArg::F32(x) => Arg::F32(x),
                ScalarArg::I32(x) => Arg::U32(x as u32),
                ScalarArg::Bool(x) => Arg::U32(x as u32),
            },
            ParamKind::TensorMap { map, ref_index } => {
                let buffer = m
                    .params
                    .iter()
                    .position(|q| q.kind == ParamKind::Ref(ref_index))
                    .ok_or_else(|| fail("tensor map of a ref that is not a parameter".into()))?;
                let t = &m.tensor_maps[map];
                Arg::TensorMap(TensorMapDesc {
                    buffer,
                    elem_bytes: t.dtype.size_bytes(),
                    dims: t.dims.clone(),
                    strides: t.strides.clone(),
                    box_dims: t.box_dims.clone(),
                })
            }
        });
    }
    let l = &m.launch;
    let text = edit(m.text.clone());
    let grid = l.grid.iter().map(|&g| g as usize).product();
    // The simulator is not meant to panic, but a kernel is user input: an
    // internal slip must still come back as this kernel's error.
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::machine::run(
            &text,
            grid,
            l.threads() as usize,
            l.dynamic_smem_bytes as usize,
            &mut bufs,
        )
    }));
    match ran {
        Ok(r) => r.map_err(fail)?,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(fail(format!("simulator panicked: {what}")));
        }
    }
    let mut out = BTreeMap::new();
    for (p, buf) in m.params.iter().zip(bufs) {
        if let (ParamKind::Ref(i), Arg::Buf(bytes)) = (p.kind, buf) {
            let r = &k.refs[i];
            if matches!(r.kind, RefKind::Output | RefKind::InOut) {
                let t = HostTensor::from_le_bytes(r.dtype, &r.shape, &bytes)
                    .map_err(|e| fail(format!("reading back `{}`: {e}", r.name)))?;
                out.insert(r.name.clone(), t);
            }
        }
    }
    Ok(out)
}
