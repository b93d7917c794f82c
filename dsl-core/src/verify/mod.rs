//! The verifier: checks a kernel's IR, reports every error next to the op it
//! concerns, and returns the analysis backends need ([`KernelInfo`]).
//!
//! It runs after every producer of IR (the builder, the macro, future passes).
//! Errors do not cascade: an op whose operand came from an ill-typed op is
//! not checked again (its results are "poisoned"), as in rustc and Cranelift.

mod analysis;
mod deps;
mod dots;
mod error;
mod infer;

pub use analysis::{Footprint, KernelInfo, PipelinedLoad, PipelinedLoop};
pub use deps::AxisSet;
pub use dots::DotOperands;
pub use error::{ErrorKind, TypeError, VerifyError, VerifyErrors};
pub use infer::infer;

use crate::ir::{Kernel, Location, OpId, OpKind, Region, Type, Value};
use crate::print::{print_op, value_name};
use crate::DType;
use std::collections::HashSet;

/// A kernel that passed the verifier, with its analysis. Backends and the
/// interpreter accept only this type, so they never see unchecked IR.
#[derive(Clone, Debug)]
pub struct VerifiedKernel {
    kernel: Kernel,
    info: KernelInfo,
    /// The printed IR, made on first request: it is the key of every
    /// compile cache, asked for on every launch.
    text: std::sync::OnceLock<std::sync::Arc<str>>,
}

impl VerifiedKernel {
    /// Verifies `kernel`; on failure the errors are returned with the kernel
    /// so nothing is lost.
    pub fn new(kernel: Kernel) -> Result<VerifiedKernel, BuildError> {
        match verify(&kernel) {
            Ok(info) => Ok(VerifiedKernel {
                kernel,
                info,
                text: Default::default(),
            }),
            Err(errors) => Err(BuildError {
                errors,
                kernel: Box::new(kernel),
            }),
        }
    }

    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    pub fn info(&self) -> &KernelInfo {
        &self.info
    }

    pub fn name(&self) -> &str {
        &self.kernel.name
    }

    /// The printed IR.
    pub fn to_text(&self) -> String {
        self.text().to_string()
    }

    /// The printed IR, printed once per kernel and shared.
    pub fn text(&self) -> std::sync::Arc<str> {
        self.text
            .get_or_init(|| crate::print::print_kernel(&self.kernel).into())
            .clone()
    }
}

/// The verifier rejected a kernel; the kernel is kept for printing.
#[derive(Debug)]
pub struct BuildError {
    pub errors: VerifyErrors,
    pub kernel: Box<Kernel>,
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.errors)
    }
}

impl std::error::Error for BuildError {}

/// Checks `k` and returns its analysis, or every error found.
pub fn verify(k: &Kernel) -> Result<KernelInfo, VerifyErrors> {
    let mut v = Verifier {
        k,
        errors: Vec::new(),
        visible: vec![false; k.values.len()],
        poisoned: vec![false; k.values.len()],
    };
    v.header();
    v.region_ops(&k.body);
    if !v.errors.is_empty() {
        return Err(VerifyErrors(v.errors));
    }
    let (info, errors) = analysis::analyse(k);
    if errors.is_empty() {
        Ok(info)
    } else {
        Err(VerifyErrors(errors))
    }
}

struct Verifier<'k> {
    k: &'k Kernel,
    errors: Vec<VerifyError>,
    visible: Vec<bool>,
    poisoned: Vec<bool>,
}

/// Builds an error at `op` (or at the kernel when `op` is `None`).
pub(crate) fn error_at(
    k: &Kernel,
    op: Option<OpId>,
    kind: ErrorKind,
    message: String,
) -> VerifyError {
    VerifyError {
        kind,
        kernel: k.name.clone(),
        op: op.map(|o| print_op(k, o)),
        location: op.map_or_else(|| k.location.clone(), |o| k.op(o).location.clone()),
        message,
    }
}

impl Verifier<'_> {
    fn report(&mut self, op: Option<OpId>, kind: ErrorKind, message: String) {
        self.errors.push(error_at(self.k, op, kind, message));
    }

    fn report_at(&mut self, location: &Location, kind: ErrorKind, message: String) {
        self.errors.push(VerifyError {
            kind,
            kernel: self.k.name.clone(),
            op: None,
            location: location.clone(),
            message,
        });
    }

    fn header(&mut self) {
        let k = self.k;
        if k.semantics.len() != k.grid.len() {
            self.report(
                None,
                ErrorKind::BadGrid,
                format!(
                    "grid {:?} has {} axes but {} axis semantics",
                    k.grid,
                    k.grid.len(),
                    k.semantics.len()
                ),
            );
        }
        if let Some(axis) = k.grid.iter().position(|&g| g == 0) {
            self.report(
                None,
                ErrorKind::BadGrid,
                format!(
                    "grid {:?} has an empty axis {axis}; every extent must be at least 1",
                    k.grid
                ),
            );
        }
        let mut names = HashSet::new();
        let all = k
            .prefetch
            .iter()
            .map(|p| (&p.name, &p.location))
            .chain(k.refs.iter().map(|r| (&r.name, &r.location)))
            .chain(k.scalars.iter().map(|s| (&s.name, &s.location)));
        for (name, loc) in all {
            if !names.insert(name.clone()) {
                self.report_at(
                    loc,
                    ErrorKind::DuplicateName,
                    format!("parameter name `{name}` is used twice"),
                );
            }
        }
        for s in &k.scalars {
            if *k.ty(s.value) != Type::scalar(s.dtype) {
                self.report_at(
                    &s.location,
                    ErrorKind::ResultType,
                    format!(
                        "scalar `{}` is declared {} but its value is {}",
                        s.name,
                        s.dtype,
                        k.ty(s.value)
                    ),
                );
            }
            let well_typed = *k.ty(s.value) == Type::scalar(s.dtype);
            self.visible[s.value.index()] = true;
            self.poisoned[s.value.index()] = !well_typed;
        }
        for r in &k.refs {
            let Some(b) = &r.block else { continue };
            let mut problems = Vec::new();
            if r.kind == crate::ir::RefKind::Scratch {
                problems.push("scratch refs cannot have block specs".to_string());
            }
            if b.block_shape.len() != r.shape.len() {
                problems.push(format!(
                    "block shape {:?} has a different rank from the ref {:?}",
                    b.block_shape, r.shape
                ));
            } else if let Some(d) =
                (0..r.shape.len()).find(|&d| b.block_shape[d] == 0 || b.block_shape[d] > r.shape[d])
            {
                problems.push(format!(
                    "block dim {d} is {} but the ref's extent is {}",
                    b.block_shape[d], r.shape[d]
                ));
            }
            let i32s = Type::scalar(DType::I32);
            if b.index_map.args.len() != k.grid.len()
                || b.index_map.args.iter().any(|&a| *k.ty(a) != i32s)
            {
                problems.push(format!("index map must take {} i32 grid ids", k.grid.len()));
            }
            if b.index_map.yields.len() != r.shape.len() {
                problems.push(format!(
                    "index map yields {} block indices for a rank-{} ref",
                    b.index_map.yields.len(),
                    r.shape.len()
                ));
            }
            for p in problems {
                self.report_at(
                    &r.location,
                    ErrorKind::BadBlockSpec,
                    format!("block spec of `{}`: {p}", r.name),
                );
            }
            let before = self.errors.len();
            let yields_ok = self.region(&b.index_map, &[]);
            if yields_ok && self.errors.len() == before {
                for &y in &b.index_map.yields {
                    if *k.ty(y) != i32s {
                        self.report_at(
                            &r.location,
                            ErrorKind::BadBlockSpec,
                            format!(
                                "block spec of `{}`: index map yields {}, expected i32",
                                r.name,
                                k.ty(y)
                            ),
                        );
                    }
                }
                for &op in &b.index_map.ops {
                    if !k.op(op).kind.is_pure() {
                        self.report(Some(op), ErrorKind::BadBlockSpec, format!("index map of `{}` may only compute indices (no loads, stores or control flow)", r.name));
                    }
                }
            }
        }
    }

    /// Verifies a region whose arguments are visible (and poisoned where
    /// `poisoned_args` says), then hides everything it defined.
    fn region(&mut self, r: &Region, poisoned_args: &[bool]) -> bool {
        for (i, &a) in r.args.iter().enumerate() {
            self.visible[a.index()] = true;
            self.poisoned[a.index()] = poisoned_args.get(i).copied().unwrap_or(false);
        }
        self.region_ops(r);
        let mut yields_ok = true;
        for &y in &r.yields {
            yields_ok &= self.use_value(None, y);
        }
        for &a in &r.args {
            self.visible[a.index()] = false;
        }
        for &op in &r.ops {
            for &res in &self.k.op(op).results {
                self.visible[res.index()] = false;
            }
        }
        yields_ok
    }

    fn region_ops(&mut self, r: &Region) {
        for &op in &r.ops {
            self.op(op);
        }
    }

    /// Checks that `v` is in scope; returns whether it is usable.
    fn use_value(&mut self, op: Option<OpId>, v: Value) -> bool {
        if v.index() >= self.k.values.len() {
            self.report(
                op,
                ErrorKind::UndefinedValue,
                format!("value %{} does not exist", v.0),
            );
            return false;
        }
        if !self.visible[v.index()] {
            let name = value_name(self.k, v);
            self.report(
                op,
                ErrorKind::UndefinedValue,
                format!(
                    "{name} is used outside the region that defines it (or before its definition); to use a value after a loop or branch, carry it through the loop or yield it from the branch"
                ),
            );
            return false;
        }
        true
    }

    fn op(&mut self, op: OpId) {
        let k = self.k;
        let data = k.op(op);
        let mut ok = true;
        let mut poisoned = false;
        let mut operands = data.kind.operands();
        operands.sort();
        operands.dedup();
        for v in operands {
            ok &= self.use_value(Some(op), v);
            poisoned |= ok && self.poisoned[v.index()];
        }
        match &data.kind {
            OpKind::For { init, body, .. } => {
                let mut args_poison = vec![false];
                args_poison.extend(
                    init.iter()
                        .map(|v| v.index() < self.poisoned.len() && self.poisoned[v.index()]),
                );
                ok &= self.region(body, &args_poison);
                poisoned |= body
                    .yields
                    .iter()
                    .any(|y| self.poisoned.get(y.index()) == Some(&true));
            }
            OpKind::If {
                then_region,
                else_region,
                ..
            } => {
                ok &= self.region(then_region, &[]);
                ok &= self.region(else_region, &[]);
                poisoned |= then_region
                    .yields
                    .iter()
                    .chain(&else_region.yields)
                    .any(|y| self.poisoned.get(y.index()) == Some(&true));
            }
            _ => {}
        }
        if ok && !poisoned {
            match infer(k, &data.kind) {
                Ok(types) => {
                    let recorded: Vec<&Type> = data.results.iter().map(|&r| k.ty(r)).collect();
                    if types.iter().collect::<Vec<_>>() != recorded {
                        let want: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                        let got: Vec<String> = recorded.iter().map(|t| t.to_string()).collect();
                        self.report(
                            Some(op),
                            ErrorKind::ResultType,
                            format!(
                                "results are recorded as ({}) but the op produces ({})",
                                got.join(", "),
                                want.join(", ")
                            ),
                        );
                        poisoned = true;
                    }
                }
                Err(e) => {
                    self.report(Some(op), e.kind, e.message);
                    poisoned = true;
                }
            }
        }
        for &r in &data.results {
            self.visible[r.index()] = true;
            self.poisoned[r.index()] = poisoned || !ok;
        }
    }
}
