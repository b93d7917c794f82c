//! Lowering one verified kernel to a StableHLO function.
//!
//! Refs become tensors threaded through the function as SSA values: every
//! store produces the ref's next value, loops and conditionals carry the
//! refs they write. Outputs and scratch start as zeros, as in the
//! interpreter. The grid is lowered one of two ways:
//!
//! - **Sequential**: a `stablehlo.while` over the programs in row-major
//!   order (the interpreter's order), each program's ids computed from the
//!   loop counter. Always correct; scratch persists across programs.
//! - **Batched** (all axes parallel, no scratch): the body runs once for
//!   all `P` programs at a time. Values that depend on a program id (the
//!   verifier's `KernelInfo::axes_of`, through data flow, loop-carried state
//!   and trip counts) get a leading dimension of `P`; the rest are computed
//!   once for all programs. Memory is shared between programs (each writes
//!   its own elements), so a load is batched only when its address or mask
//!   is. Loads and stores at per-program offsets become gathers and
//!   scatters; loops whose trip count differs per program run to the
//!   longest one with a per-program "active" mask that freezes finished
//!   programs and drops their stores.
//!   This is what makes XLA fast on decode kernels: one batched `dot` per
//!   page instead of one tiny `dot` per program. It relies on the contract
//!   of a parallel axis (programs do not read what other programs write,
//!   which the verifier's race check enforces for stores only); a kernel
//!   that breaks it gives the interpreter's results only when sequential.
//!
//! Refs of bf16 and f16 live in memory as their `i16` bits, and cross the
//! function boundary that way (see [`crate::Signature`]): XLA's CPU
//! backend widens 16-bit float gathers and slices to f32 and hoists the
//! widening of a whole KV cache out of the page loop (a full f32 copy of
//! the cache per call), and even a `bitcast_convert` at entry costs a copy;
//! integer gathers of the caller's own buffer cost nothing extra.
//!
//! Pipelined loops lower as plain loops: their values equal the plain
//! loop's (the interpreter checks the issue order), and XLA schedules
//! transfers itself.

mod cast;
mod compute;
mod control;
mod grid;
mod memory;
mod tiling;

use crate::emit::{return_line, Emitter};
use crate::error::LowerError;
use crate::types::{ssa_ident, Scalar, Ty, V};
use tilekit_core::ir::{Kernel, OpId, OpKind, RefKind, Region, Value};
use tilekit_core::print::print_op;
use tilekit_core::{DType, VerifiedKernel};

/// How the grid of programs becomes StableHLO.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GridStrategy {
    /// Batched when every axis is parallel and there is no scratch, else sequential.
    Auto,
    /// Always a loop over programs in row-major order.
    Sequential,
}

/// The strategy a kernel was lowered with.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lowered {
    /// A loop over the programs, in the interpreter's order.
    Sequential,
    /// All programs at once, per-program values along a leading dimension.
    Batched,
}

/// A lowered IR value: its SSA value and whether it carries a leading
/// per-program dimension (batched mode only).
#[derive(Clone, Debug)]
pub(crate) struct L {
    pub v: V,
    pub batched: bool,
}

pub(crate) type R<T> = Result<T, LowerError>;

pub(crate) struct Lowering<'k> {
    pub k: &'k Kernel,
    pub em: Emitter,
    env: Vec<Option<L>>,
    /// Each ref's current value (inputs: the parameter).
    pub mem: Vec<Option<V>>,
    pub prefetch: Vec<V>,
    /// Per blocked ref, the element offset of the program's block.
    pub origin: Vec<Option<Vec<L>>>,
    /// Which IR values are batched (all false when sequential).
    pub batched: Vec<bool>,
    /// Programs per batch (1 when sequential).
    pub programs: usize,
    /// Programs still running (`[P]` bool) inside loops with per-program
    /// trip counts and branches on per-program conditions.
    pub active: Option<V>,
    program_ids: Vec<L>,
}

/// The text of `func.func private @fname` computing kernel `vk`: parameters
/// and results as [`crate::Signature::of_kernel`] orders them.
pub(crate) fn lower_kernel(
    vk: &VerifiedKernel,
    fname: &str,
    strategy: GridStrategy,
) -> R<(String, Lowered)> {
    let k = vk.kernel();
    let info = vk.info();
    let programs: usize = k.grid.iter().product();
    if i32::try_from(programs).is_err() {
        return Err(LowerError::at_kernel(
            k,
            format!("the grid {:?} has {programs} programs, more than StableHLO's i32 program ids can number", k.grid),
        ));
    }
    let batched = strategy == GridStrategy::Auto
        && programs > 1
        && info.parallel_axes.iter().all(|&p| p)
        && !k.refs.iter().any(|r| r.kind == RefKind::Scratch);
    let mut lw = Lowering {
        k,
        em: Emitter::new(2),
        env: vec![None; k.values.len()],
        mem: vec![None; k.refs.len()],
        prefetch: Vec::new(),
        origin: vec![None; k.refs.len()],
        batched: info
            .program_deps
            .iter()
            .map(|d| batched && !d.is_empty())
            .collect(),
        programs: if batched { programs } else { 1 },
        active: None,
        program_ids: Vec::new(),
    };
    let params = lw.bind_params();
    lw.zero_writable_refs();
    if batched {
        lw.batched_grid()?;
    } else {
        lw.sequential_grid(programs)?;
    }
    let results: Vec<V> = k
        .refs
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, RefKind::Output | RefKind::InOut))
        .map(|(i, r)| lw.mem_of(i, &r.name))
        .collect::<R<_>>()?;
    let names: Vec<&str> = results.iter().map(|v| v.name.as_str()).collect();
    let types: Vec<String> = results.iter().map(|v| v.ty.to_string()).collect();
    lw.em.line(&return_line(&names, &types));
    let body = lw.em.finish();
    let header = format!(
        "  func.func private @{fname}({}) -> ({}) {{\n",
        params.join(", "),
        types.join(", ")
    );
    let strategy = if batched {
        Lowered::Batched
    } else {
        Lowered::Sequential
    };
    Ok((format!("{header}{body}  }}\n"), strategy))
}

impl<'k> Lowering<'k> {
    /// Names the function parameters and binds them to refs, prefetch
    /// arrays and scalars; returns the parameter declarations.
    fn bind_params(&mut self) -> Vec<String> {
        let k = self.k;
        let mut decls = Vec::new();
        let param = |name: &str, ty: Ty, decls: &mut Vec<String>| {
            // The position keeps names unique after sanitising.
            let v = V {
                name: format!("%arg{}.{}", decls.len(), ssa_ident(name)),
                ty,
            };
            decls.push(format!("{}: {}", v.name, v.ty));
            v
        };
        for p in &k.prefetch {
            let v = param(&p.name, Ty::new(DType::I32, &p.shape), &mut decls);
            self.prefetch.push(v);
        }
        for (i, r) in k.refs.iter().enumerate() {
            if matches!(r.kind, RefKind::Input | RefKind::InOut) {
                let v = param(&r.name, Ty::new(r.dtype, &r.shape).raw(), &mut decls);
                self.mem[i] = Some(v);
            }
        }
        for s in &k.scalars {
            let v = param(&s.name, Ty::scalar(s.dtype), &mut decls);
            self.env[s.value.index()] = Some(L { v, batched: false });
        }
        decls
    }

    fn zero_writable_refs(&mut self) {
        for (i, r) in self.k.refs.iter().enumerate() {
            if matches!(r.kind, RefKind::Output | RefKind::Scratch) {
                let zero = match r.dtype {
                    d if d.is_int() => Scalar::I(0),
                    DType::Bool => Scalar::B(false),
                    _ => Scalar::F(0.0),
                };
                self.mem[i] = Some(self.em.splat(zero, &Ty::new(r.dtype, &r.shape).raw()));
            }
        }
    }

    pub(crate) fn mem_of(&self, i: usize, name: &str) -> R<V> {
        self.mem[i].clone().ok_or_else(|| {
            LowerError::at_kernel(self.k, format!("internal: ref `{name}` has no value"))
        })
    }

    pub(crate) fn region_ops(&mut self, r: &Region) -> R<()> {
        for &op in &r.ops {
            self.op(op)?;
        }
        Ok(())
    }

    pub(crate) fn get(&self, v: Value) -> R<L> {
        self.env.get(v.index()).cloned().flatten().ok_or_else(|| {
            LowerError::at_kernel(self.k, format!("internal: value %{} has no lowering", v.0))
        })
    }

    pub(crate) fn set(&mut self, v: Value, l: L) {
        self.env[v.index()] = Some(l);
    }

    /// The physical type of a logical type, batched or not.
    pub(crate) fn phys(&self, ty: &Ty, batched: bool) -> Ty {
        if batched {
            let mut shape = vec![self.programs];
            shape.extend(&ty.shape);
            ty.with_shape(&shape)
        } else {
            ty.clone()
        }
    }

    /// `x` with a leading per-program dimension (broadcast if uniform).
    pub(crate) fn batch_up(&mut self, x: &L) -> V {
        if x.batched {
            return x.v.clone();
        }
        let ty = self.phys(&x.v.ty, true);
        let dims: Vec<usize> = (1..=x.v.ty.rank()).collect();
        self.em.broadcast_in_dim(&x.v, &ty.shape, &dims)
    }

    /// Brings operands to a common batching: batched if any is.
    pub(crate) fn align(&mut self, xs: &[L]) -> (Vec<V>, bool) {
        let batched = xs.iter().any(|x| x.batched);
        let vs = xs
            .iter()
            .map(|x| {
                if batched {
                    self.batch_up(x)
                } else {
                    x.v.clone()
                }
            })
            .collect();
        (vs, batched)
    }

    /// Coerces `x` to the batching the analysis chose (`want`).
    pub(crate) fn coerce(&mut self, x: L, want: bool) -> L {
        if want && !x.batched {
            L {
                v: self.batch_up(&x),
                batched: true,
            }
        } else {
            x
        }
    }

    /// The active mask broadcast over a batched tile of `ty` (physical).
    pub(crate) fn active_over(&mut self, active: &V, ty: &Ty) -> V {
        if active.ty.shape == ty.shape {
            return active.clone();
        }
        self.em.broadcast_in_dim(active, &ty.shape, &[0])
    }

    fn op(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        self.em.comment(&print_op(k, op));
        let data = k.op(op);
        match &data.kind {
            OpKind::Load { .. } | OpKind::Store { .. } | OpKind::PrefetchRead { .. } => {
                self.memory_op(op)
            }
            OpKind::For { .. } => self.lower_for(op),
            OpKind::If { .. } => self.lower_if(op),
            OpKind::ProgramId { axis } => {
                let id = self.program_ids.get(*axis).cloned().ok_or_else(|| {
                    LowerError::at_op(k, op, format!("the grid has no axis {axis}"))
                })?;
                self.set(data.results[0], id);
                Ok(())
            }
            _ => self.compute_op(op),
        }
    }

    /// The result value of a single-result op.
    pub(crate) fn result(&self, op: OpId) -> Value {
        self.k.op(op).results[0]
    }
}
