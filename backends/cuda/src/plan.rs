//! The host side of a launch: arguments checked against the kernel's
//! signature and laid out in the order of the PTX entry's parameters.

use crate::CudaError;
use std::collections::BTreeMap;
use tilekit_core::ir::RefKind;
use tilekit_core::{args::check_args, DType, HostTensor, KernelArgs, ScalarArg, VerifiedKernel};
use tilekit_ptx::{ParamKind, PtxModule, TensorMap};

/// One kernel parameter, ready to upload.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSlot {
    /// A device buffer initialised with these bytes (prefetch arrays,
    /// inputs, in/out refs).
    Upload {
        name: String,
        bytes: Vec<u8>,
    },
    /// A zero-filled device buffer of this many bytes (outputs start zeroed).
    Zeroed {
        name: String,
        bytes: usize,
    },
    F32(f32),
    /// i32 (two's complement) or bool (0/1) scalars.
    U32(u32),
    /// A `CUtensorMap` the launcher encodes for the device buffer of slot
    /// `buffer` (an earlier slot) and passes by value (sm_90a TMA loads).
    TensorMap {
        /// The ref's name.
        name: String,
        map: TensorMap,
        buffer: usize,
    },
}

impl ArgSlot {
    /// Bytes of the device buffer's contents (0 for scalars).
    pub fn byte_len(&self) -> usize {
        match self {
            ArgSlot::Upload { bytes, .. } => bytes.len(),
            ArgSlot::Zeroed { bytes, .. } => *bytes,
            _ => 0,
        }
    }
}

/// What to read back after the launch: outputs and in/out refs.
#[derive(Clone, Debug, PartialEq)]
pub struct Readback {
    /// Index into [`LaunchPlan::slots`].
    pub slot: usize,
    pub name: String,
    pub dtype: DType,
    pub shape: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaunchPlan {
    pub slots: Vec<ArgSlot>,
    pub readback: Vec<Readback>,
}

/// Checks `args` against the kernel and lays them out for `module`.
pub fn plan_launch(
    kernel: &VerifiedKernel,
    module: &PtxModule,
    args: &KernelArgs,
) -> Result<LaunchPlan, CudaError> {
    let k = kernel.kernel();
    check_args(k, args)?;
    let tensor = |name: &str| -> Result<&HostTensor, CudaError> {
        args.tensors.get(name).ok_or_else(|| {
            CudaError::Args(tilekit_core::ArgError {
                kernel: k.name.clone(),
                problems: vec![format!("argument `{name}` is missing")],
            })
        })
    };
    let mut plan = LaunchPlan {
        slots: Vec::new(),
        readback: Vec::new(),
    };
    for p in &module.params {
        let slot = match p.kind {
            ParamKind::Prefetch(i) => ArgSlot::Upload {
                name: k.prefetch[i].name.clone(),
                bytes: tensor(&k.prefetch[i].name)?.to_le_bytes(),
            },
            ParamKind::Ref(i) => {
                let r = &k.refs[i];
                if matches!(r.kind, RefKind::Output | RefKind::InOut) {
                    plan.readback.push(Readback {
                        slot: plan.slots.len(),
                        name: r.name.clone(),
                        dtype: r.dtype,
                        shape: r.shape.clone(),
                    });
                }
                match r.kind {
                    RefKind::Output => ArgSlot::Zeroed {
                        name: r.name.clone(),
                        bytes: r.shape.iter().product::<usize>() * r.dtype.size_bytes(),
                    },
                    _ => ArgSlot::Upload {
                        name: r.name.clone(),
                        bytes: tensor(&r.name)?.to_le_bytes(),
                    },
                }
            }
            ParamKind::Scalar(i) => match args.scalars.get(&k.scalars[i].name) {
                Some(x) => scalar_slot(*x),
                None => unreachable_scalar(k, i)?,
            },
            ParamKind::TensorMap { map, ref_index } => tensor_map_slot(k, module, map, ref_index)?,
        };
        plan.slots.push(slot);
    }
    Ok(plan)
}

/// A scalar as the entry parameter takes it: f32 as `.f32`, i32 (two's
/// complement) and bool (0/1) as `.u32`.
pub(crate) fn scalar_slot(x: ScalarArg) -> ArgSlot {
    match x {
        ScalarArg::F32(x) => ArgSlot::F32(x),
        ScalarArg::I32(x) => ArgSlot::U32(x as u32),
        ScalarArg::Bool(b) => ArgSlot::U32(b as u32),
    }
}

/// The slot of a tensor-map parameter: its map and the slot of its ref's
/// buffer. A module whose maps do not match its parameters is an error.
pub(crate) fn tensor_map_slot(
    k: &tilekit_core::ir::Kernel,
    module: &PtxModule,
    map: usize,
    ref_index: usize,
) -> Result<ArgSlot, CudaError> {
    let problem = |what: String| {
        CudaError::Args(tilekit_core::ArgError {
            kernel: k.name.clone(),
            problems: vec![what],
        })
    };
    let m = module
        .tensor_maps
        .get(map)
        .filter(|m| m.ref_index == ref_index)
        .ok_or_else(|| problem(format!("tensor map {map} is not in the emitted module")))?;
    let buffer = module
        .params
        .iter()
        .position(|p| p.kind == ParamKind::Ref(ref_index))
        .ok_or_else(|| {
            problem(format!(
                "tensor map {map} describes a ref that is not a parameter"
            ))
        })?;
    Ok(ArgSlot::TensorMap {
        name: k.refs[ref_index].name.clone(),
        map: m.clone(),
        buffer,
    })
}

/// `check_args` guarantees every scalar is present; report rather than panic.
fn unreachable_scalar(k: &tilekit_core::ir::Kernel, i: usize) -> Result<ArgSlot, CudaError> {
    Err(CudaError::Args(tilekit_core::ArgError {
        kernel: k.name.clone(),
        problems: vec![format!(
            "scalar argument `{}` is missing",
            k.scalars[i].name
        )],
    }))
}

/// Rebuilds the outputs from the bytes read back from the device.
pub fn outputs(
    kernel: &str,
    plan: &LaunchPlan,
    mut bytes: impl FnMut(usize) -> Result<Vec<u8>, CudaError>,
) -> Result<BTreeMap<String, HostTensor>, CudaError> {
    let mut out = BTreeMap::new();
    for r in &plan.readback {
        let data = bytes(r.slot)?;
        let t = HostTensor::from_le_bytes(r.dtype, &r.shape, &data).map_err(|error| {
            CudaError::Output {
                kernel: kernel.to_string(),
                name: r.name.clone(),
                error,
            }
        })?;
        out.insert(r.name.clone(), t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilekit_core::ir::Index;
    use tilekit_core::KernelBuilder;
    use tilekit_ptx::{emit, Target};

    fn kernel() -> VerifiedKernel {
        let mut kb = KernelBuilder::new("scale_rows");
        kb.grid(&[2]);
        let lens = kb.prefetch("lens", &[2]);
        let x = kb.input("x", DType::Bf16, &[2, 8]);
        let y = kb.output("y", DType::F32, &[2, 8]);
        let s = kb.scalar("s", DType::F32);
        let row = kb.program_id(0);
        let _ = kb.prefetch_read(lens, &[row]);
        let t = kb.load(x, &[Index::at(row), Index::Full]);
        let t = kb.cast(t, DType::F32);
        let t = kb.mul(t, s);
        kb.store(y, &[Index::at(row), Index::Full], t);
        kb.finish().unwrap()
    }

    fn args() -> KernelArgs {
        KernelArgs::new()
            .tensor("lens", HostTensor::from_i32(&[2], vec![3, 4]).unwrap())
            .tensor("x", HostTensor::zeros(DType::Bf16, &[2, 8]))
            .f32("s", 0.5)
    }

    #[test]
    fn slots_follow_the_entry_parameters() {
        let k = kernel();
        let m = emit(&k, Target::Sm90a).unwrap();
        let plan = plan_launch(&k, &m, &args()).unwrap();
        assert_eq!(plan.slots.len(), m.params.len());
        assert!(
            matches!(&plan.slots[0], ArgSlot::Upload { name, bytes } if name == "lens" && bytes.len() == 8)
        );
        assert!(
            matches!(&plan.slots[1], ArgSlot::Upload { name, bytes } if name == "x" && bytes.len() == 32)
        );
        assert_eq!(
            plan.slots[2],
            ArgSlot::Zeroed {
                name: "y".into(),
                bytes: 64
            }
        );
        assert_eq!(plan.slots[3], ArgSlot::F32(0.5));
        assert_eq!(plan.readback.len(), 1);
        assert_eq!(plan.readback[0].slot, 2);
    }

    #[test]
    fn bad_arguments_are_rejected_with_the_kernel_name() {
        let k = kernel();
        let m = emit(&k, Target::Sm80).unwrap();
        let bad = args().tensor("x", HostTensor::zeros(DType::F32, &[2, 8]));
        let err = plan_launch(&k, &m, &bad).unwrap_err().to_string();
        assert!(err.contains("kernel `scale_rows`"), "{err}");
        assert!(err.contains("argument `x` has dtype f32"), "{err}");
    }

    #[test]
    fn outputs_are_rebuilt_from_bytes() {
        let k = kernel();
        let m = emit(&k, Target::Sm80).unwrap();
        let plan = plan_launch(&k, &m, &args()).unwrap();
        let out = outputs("scale_rows", &plan, |_| Ok(vec![0u8; 64])).unwrap();
        assert_eq!(out["y"].shape(), &[2, 8]);
        let short = outputs("scale_rows", &plan, |_| Ok(vec![0u8; 3])).unwrap_err();
        assert!(short.to_string().contains("output `y`"), "{short}");
    }
}
