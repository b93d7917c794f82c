//! The host half of a program on CUDA: one launch plan for the whole call
//! sequence, so that loading allocates every device buffer once and each
//! execution is only input copies, the launches (one CUDA graph) and the
//! output copies.
//!
//! Every program buffer gets one device buffer for the program's life:
//! state (uploaded once, updated in place), inputs (refilled each
//! execution) and temps (reused by every execution; zeroed before the
//! call whose output ref creates them, since outputs start as zeros).
//! Each distinct kernel is emitted once; a launch binds each entry
//! parameter of its module, in order, to a buffer or to the scalar fixed
//! when the program was built. Scalars and tensor maps are laid out as
//! [`crate::plan`] lays out a single launch.

use crate::plan::{scalar_slot, tensor_map_slot, ArgSlot};
use crate::CudaError;
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::ir::RefKind;
use tilekit_core::program::{Arg, BufferId, BufferRole, Program, ProgramError};
use tilekit_core::{DType, HostTensor, VerifiedKernel};
use tilekit_ptx::{emit, LaunchConfig, ParamKind, PtxError, PtxModule, Target};

/// What one entry parameter of a launch carries.
#[derive(Clone, Debug, PartialEq)]
pub enum LaunchArg {
    /// The address of a program buffer's device buffer.
    Buffer(BufferId),
    F32(f32),
    /// i32 (two's complement) or bool (0/1).
    U32(u32),
    /// A `CUtensorMap` encoding `modules[module].tensor_maps[map]` for the
    /// device buffer of `buffer`.
    TensorMap {
        map: usize,
        buffer: BufferId,
    },
}

/// One kernel launch of the program.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedLaunch {
    /// Index into [`Program::calls`].
    pub call: usize,
    pub kernel: String,
    /// Index into [`ProgramPlan::modules`].
    pub module: usize,
    /// Grid, block and dynamic shared memory (from the emitted module).
    pub config: LaunchConfig,
    /// Temps this call's output refs create: zeroed before the launch.
    pub zero: Vec<BufferId>,
    /// One per entry parameter, in order.
    pub args: Vec<LaunchArg>,
}

/// A whole program laid out for one target.
#[derive(Clone, Debug)]
pub struct ProgramPlan {
    pub target: Target,
    /// One per distinct kernel.
    pub modules: Vec<PtxModule>,
    /// Bytes of each program buffer (by [`BufferId::index`]); a device
    /// buffer is at least 16 bytes, since cuMemAlloc rejects 0.
    pub bytes: Vec<usize>,
    pub launches: Vec<PlannedLaunch>,
}

impl ProgramPlan {
    /// Bytes to allocate for buffer `b`.
    pub fn alloc_bytes(&self, b: BufferId) -> usize {
        self.alloc_bytes_at(b.index())
    }

    /// Bytes to allocate for the buffer at `index` in [`Program::buffers`].
    pub fn alloc_bytes_at(&self, index: usize) -> usize {
        self.bytes.get(index).map_or(16, |b| (*b).max(16))
    }
}

/// Emits every distinct kernel of `program` for `target` and lays out its
/// launches.
pub fn plan_program(program: &Program, target: Target) -> Result<ProgramPlan, CudaError> {
    plan_program_with(program, target, &mut |k| emit(k, target))
}

/// [`plan_program`] with the emitter given (tests count emissions).
pub fn plan_program_with(
    program: &Program,
    target: Target,
    emit: &mut dyn FnMut(&VerifiedKernel) -> Result<PtxModule, PtxError>,
) -> Result<ProgramPlan, CudaError> {
    // One GPU runs one device's shard: a sharded program is refused.
    tilekit_core::program::refuse_sharded([program], "a CUDA program (one GPU)")?;
    let mut plan = ProgramPlan {
        target,
        modules: Vec::new(),
        // A view has no allocation of its own: it is its base's.
        bytes: program
            .buffers
            .iter()
            .map(|b| match b.role {
                BufferRole::View => 0,
                _ => b.size_bytes(),
            })
            .collect(),
        launches: Vec::new(),
    };
    // The same Arc'd kernel is emitted once; different kernels emitting the
    // same text share the module too.
    let mut by_kernel: Vec<(*const VerifiedKernel, usize)> = Vec::new();
    let mut problems = Vec::new();
    for (i, call) in program.calls.iter().enumerate() {
        let ptr = Arc::as_ptr(&call.kernel);
        let module = match by_kernel.iter().find(|(p, _)| *p == ptr) {
            Some((_, m)) => *m,
            None => {
                let m = emit(&call.kernel)?;
                let index = match plan
                    .modules
                    .iter()
                    .position(|o| o.text == m.text && o.entry == m.entry)
                {
                    Some(index) => index,
                    None => {
                        plan.modules.push(m);
                        plan.modules.len() - 1
                    }
                };
                by_kernel.push((ptr, index));
                index
            }
        };
        match launch(program, i, &plan.modules[module], module) {
            Ok(l) => plan.launches.push(l),
            Err(p) => problems.extend(p),
        }
    }
    program.result(problems)?;
    Ok(plan)
}

/// Binds the entry parameters of call `i` to buffers and scalars; every
/// problem names the call and its kernel.
fn launch(
    program: &Program,
    i: usize,
    m: &PtxModule,
    module: usize,
) -> Result<PlannedLaunch, Vec<String>> {
    let call = &program.calls[i];
    let k = call.kernel.kernel();
    let site = format!("call {i} (`{}`)", k.name);
    let mut problems = Vec::new();
    let mut args = Vec::with_capacity(m.params.len());
    // Binds a buffer parameter, checking it against the declaration.
    let buffer = |problems: &mut Vec<String>,
                  name: &str,
                  b: Option<BufferId>,
                  dtype: DType,
                  shape: &[usize]| {
        let Some(b) = b.filter(|b| b.index() < program.buffers.len()) else {
            problems.push(format!(
                "{site}: parameter `{name}` is not bound to a buffer"
            ));
            return LaunchArg::U32(0);
        };
        let decl = program.buffer(b);
        if decl.dtype != dtype || decl.shape != shape {
            problems.push(format!(
                "{site}: parameter `{name}` is {dtype}{shape:?} but buffer `{}` is {}{:?}",
                decl.name, decl.dtype, decl.shape
            ));
        }
        // A view is launched on its base's device buffer.
        LaunchArg::Buffer(program.base(b))
    };
    let bound = |name: &str| match call.arg(name) {
        Some(Arg::Buffer(b)) => Some(b),
        _ => None,
    };
    if m.kernel != k.name {
        problems.push(format!(
            "{site}: the module emitted for it is kernel `{}`'s",
            m.kernel
        ));
    }
    for p in &m.params {
        // A module emitted for another kernel would index past its
        // declarations: report it instead.
        let exists = match p.kind {
            ParamKind::Prefetch(j) => j < k.prefetch.len(),
            ParamKind::Ref(j) | ParamKind::TensorMap { ref_index: j, .. } => j < k.refs.len(),
            ParamKind::Scalar(j) => j < k.scalars.len(),
        };
        if !exists {
            problems.push(format!(
                "{site}: the module (of kernel `{}`) has parameter `{}`, which the kernel does not declare",
                m.kernel, p.name
            ));
            args.push(LaunchArg::U32(0));
            continue;
        }
        let arg = match p.kind {
            ParamKind::Prefetch(j) => {
                let d = &k.prefetch[j];
                buffer(&mut problems, &d.name, bound(&d.name), DType::I32, &d.shape)
            }
            ParamKind::Ref(j) => {
                let r = &k.refs[j];
                let b = match r.kind {
                    RefKind::Output => call.written(&r.name),
                    RefKind::Input | RefKind::InOut => bound(&r.name),
                    RefKind::Scratch => None,
                };
                buffer(&mut problems, &r.name, b, r.dtype, &r.shape)
            }
            ParamKind::Scalar(j) => match call.arg(&k.scalars[j].name) {
                Some(Arg::Scalar(x)) => match scalar_slot(x) {
                    ArgSlot::F32(x) => LaunchArg::F32(x),
                    ArgSlot::U32(x) => LaunchArg::U32(x),
                    // `scalar_slot` makes only the two above.
                    _ => LaunchArg::U32(0),
                },
                _ => {
                    problems.push(format!(
                        "{site}: scalar `{}` is not bound to a value",
                        k.scalars[j].name
                    ));
                    LaunchArg::U32(0)
                }
            },
            ParamKind::TensorMap { map, ref_index } => {
                match tensor_map_slot(k, m, map, ref_index) {
                    Ok(ArgSlot::TensorMap { buffer: slot, .. }) => match args.get(slot) {
                        Some(LaunchArg::Buffer(b)) => LaunchArg::TensorMap { map, buffer: *b },
                        _ => {
                            problems.push(format!(
                                "{site}: tensor map {map} comes before the buffer it describes"
                            ));
                            LaunchArg::U32(0)
                        }
                    },
                    Ok(_) => LaunchArg::U32(0),
                    Err(e) => {
                        problems.push(format!("{site}: {e}"));
                        LaunchArg::U32(0)
                    }
                }
            }
        };
        args.push(arg);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(PlannedLaunch {
        call: i,
        kernel: k.name.clone(),
        module,
        config: m.launch.clone(),
        zero: call.outputs.iter().map(|(_, b)| *b).collect(),
        args,
    })
}

/// The initial contents of every state buffer: given ones (checked with
/// [`Program::check_state`]) as bytes, the rest zeros.
pub fn state_bytes(
    program: &Program,
    mut state: BTreeMap<String, HostTensor>,
) -> Result<Vec<(BufferId, Vec<u8>)>, ProgramError> {
    program.check_state(&state)?;
    Ok(program
        .with_role(BufferRole::State)
        .map(|b| {
            let d = program.buffer(b);
            let bytes = match state.remove(&d.name) {
                Some(t) => t.to_le_bytes(),
                None => vec![0; d.size_bytes()],
            };
            (b, bytes)
        })
        .collect())
}

/// The bytes of one execution's inputs, checked with
/// [`Program::check_inputs`] (a wrong-sized input names its buffer).
pub fn input_bytes(
    program: &Program,
    inputs: &[(&str, &HostTensor)],
) -> Result<Vec<(BufferId, Vec<u8>)>, ProgramError> {
    program.check_inputs(inputs)?;
    let mut out = Vec::with_capacity(inputs.len());
    for (name, t) in inputs {
        if let Some(b) = program.find(name) {
            out.push((b, t.to_le_bytes()));
        }
    }
    Ok(out)
}

/// Rebuilds buffer `b` from the bytes read back (which may carry the
/// padding of a 16-byte allocation).
pub fn tensor_from_bytes(
    program: &Program,
    b: BufferId,
    mut bytes: Vec<u8>,
) -> Result<HostTensor, ProgramError> {
    let d = program.buffer(b);
    bytes.truncate(d.size_bytes());
    HostTensor::from_le_bytes(d.dtype, &d.shape, &bytes).map_err(|e| ProgramError {
        program: program.name.clone(),
        problems: vec![format!("buffer `{}` read back: {e}", d.name)],
    })
}

#[cfg(test)]
mod tests;
