//! Running emitted kernels in the simulator with the interpreter's
//! arguments: one buffer per prefetch array and ref, scalars, and a
//! [`TensorMapDesc`](super::TensorMapDesc) for each tensor-map parameter
//! (built from the module's tensor-map list).

use super::Arg;
use std::collections::BTreeMap;
use tilekit_core::ir::RefKind;
use tilekit_core::{DType, HostTensor, KernelArgs, ScalarArg, VerifiedKernel};
use tilekit_ptx::{emit, ParamKind, Target};

/// Runs `kernel` in the simulator for sm_90a (TMA pipelines, `wgmma`) and
/// sm_80 (`cp.async` pipelines, `mma.sync`); the two must agree bit for bit:
/// the copy mechanism differs, and the simulator rounds both tensor-core
/// instructions once per 16-deep k step. Returns outputs and in/out refs.
pub fn simulate(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, String> {
    let sm90 = simulate_text(kernel, args, Target::Sm90a, |t| t)?;
    let sm80 = simulate_text(kernel, args, Target::Sm80, |t| t)?;
    for (name, t) in &sm90 {
        if sm80.get(name) != Some(t) {
            return Err(format!("`{name}` differs between sm_90a and sm_80"));
        }
    }
    Ok(sm90)
}

/// [`simulate`] for one target, after `edit` rewrote the PTX text.
pub fn simulate_text(
    kernel: &VerifiedKernel,
    args: &KernelArgs,
    target: Target,
    edit: impl Fn(String) -> String,
) -> Result<BTreeMap<String, HostTensor>, String> {
    let k = kernel.kernel();
    let m = emit(kernel, target).map_err(|e| e.to_string())?;
    let mut bufs = Vec::new();
    for p in &m.params {
        bufs.push(match p.kind {
            ParamKind::Prefetch(i) => Arg::Buf(args.tensors[&k.prefetch[i].name].to_le_bytes()),
            ParamKind::Ref(i) => {
                let r = &k.refs[i];
                match r.kind {
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
                    .ok_or("tensor map of a ref that is not a parameter")?;
                let t = &m.tensor_maps[map];
                Arg::TensorMap(super::TensorMapDesc {
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
    super::run(
        &edit(m.text.clone()),
        l.grid[0] as usize,
        l.threads() as usize,
        l.dynamic_smem_bytes as usize,
        &mut bufs,
    )?;
    let mut out = BTreeMap::new();
    for (p, buf) in m.params.iter().zip(bufs) {
        if let (ParamKind::Ref(i), Arg::Buf(bytes)) = (p.kind, buf) {
            let r = &k.refs[i];
            if r.kind != RefKind::Input {
                out.insert(
                    r.name.clone(),
                    HostTensor::from_le_bytes(r.dtype, &r.shape, &bytes).unwrap(),
                );
            }
        }
    }
    Ok(out)
}

/// Elementwise agreement: exact for i32/bool and infinities, else within
/// `atol + rtol * |expected|`.
pub fn close(name: &str, got: &HostTensor, want: &HostTensor, atol: f64, rtol: f64) {
    assert_eq!(got.shape(), want.shape(), "{name}");
    let exact = matches!(want.dtype(), DType::I32 | DType::Bool);
    for (i, (a, b)) in got.to_f64_vec().iter().zip(want.to_f64_vec()).enumerate() {
        let ok = if exact || b.is_infinite() {
            *a == b
        } else {
            !a.is_nan() && (a - b).abs() <= atol + rtol * b.abs()
        };
        assert!(ok, "{name}[{i}]: simulated {a}, interpreter {b}");
    }
}
