//! Arguments of a kernel launch, checked against the kernel's signature.
//! Shared by the interpreter and every runtime so that a bad argument gets
//! the same error everywhere.

use crate::ir::{Kernel, RefKind};
use crate::{DType, HostTensor};
use std::collections::BTreeMap;
use std::fmt;

/// A runtime scalar argument.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum ScalarArg {
    F32(f32),
    I32(i32),
    Bool(bool),
}

impl ScalarArg {
    pub fn dtype(self) -> DType {
        match self {
            ScalarArg::F32(_) => DType::F32,
            ScalarArg::I32(_) => DType::I32,
            ScalarArg::Bool(_) => DType::Bool,
        }
    }
}

impl From<f32> for ScalarArg {
    fn from(x: f32) -> Self {
        ScalarArg::F32(x)
    }
}

impl From<i32> for ScalarArg {
    fn from(x: i32) -> Self {
        ScalarArg::I32(x)
    }
}

impl From<bool> for ScalarArg {
    fn from(x: bool) -> Self {
        ScalarArg::Bool(x)
    }
}

/// Named arguments: prefetch arrays, input and in/out refs, scalars.
/// Outputs are created by the launch and returned.
#[derive(Clone, Debug, Default)]
pub struct KernelArgs {
    pub tensors: BTreeMap<String, HostTensor>,
    pub scalars: BTreeMap<String, ScalarArg>,
}

impl KernelArgs {
    pub fn new() -> KernelArgs {
        KernelArgs::default()
    }

    /// Adds a tensor argument (prefetch array, input or in/out ref).
    pub fn tensor(mut self, name: &str, t: HostTensor) -> Self {
        self.tensors.insert(name.to_string(), t);
        self
    }

    pub fn scalar(mut self, name: &str, x: ScalarArg) -> Self {
        self.scalars.insert(name.to_string(), x);
        self
    }

    pub fn f32(self, name: &str, x: f32) -> Self {
        self.scalar(name, ScalarArg::F32(x))
    }

    pub fn i32(self, name: &str, x: i32) -> Self {
        self.scalar(name, ScalarArg::I32(x))
    }

    pub fn bool(self, name: &str, x: bool) -> Self {
        self.scalar(name, ScalarArg::Bool(x))
    }
}

/// Every problem with a launch's arguments, naming the kernel and each argument.
#[derive(Clone, Debug, PartialEq)]
pub struct ArgError {
    pub kernel: String,
    pub problems: Vec<String>,
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kernel `{}`: {}", self.kernel, self.problems.join("; "))
    }
}

impl std::error::Error for ArgError {}

/// Checks `args` against `k`'s parameters: every prefetch array, input,
/// in/out ref and scalar present with the declared dtype and shape, and
/// nothing unknown.
pub fn check_args(k: &Kernel, args: &KernelArgs) -> Result<(), ArgError> {
    let mut problems = Vec::new();
    let mut expect =
        |name: &str, dtype: DType, shape: &[usize], what: &str| match args.tensors.get(name) {
            None => problems.push(format!(
                "argument `{name}` ({what} {dtype}{shape:?}) is missing"
            )),
            Some(t) if t.dtype() != dtype => problems.push(format!(
                "argument `{name}` has dtype {} but the kernel expects {dtype}",
                t.dtype()
            )),
            Some(t) if t.shape() != shape => problems.push(format!(
                "argument `{name}` has shape {:?} but the kernel expects {shape:?}",
                t.shape()
            )),
            Some(_) => {}
        };
    for p in &k.prefetch {
        expect(&p.name, DType::I32, &p.shape, "prefetch array");
    }
    for r in &k.refs {
        if matches!(r.kind, RefKind::Input | RefKind::InOut) {
            let what = if r.kind == RefKind::Input {
                "input"
            } else {
                "in/out ref"
            };
            expect(&r.name, r.dtype, &r.shape, what);
        }
    }
    for s in &k.scalars {
        match args.scalars.get(&s.name) {
            None => problems.push(format!(
                "scalar argument `{}` ({}) is missing",
                s.name, s.dtype
            )),
            Some(x) if x.dtype() != s.dtype => problems.push(format!(
                "scalar argument `{}` is {} but the kernel expects {}",
                s.name,
                x.dtype(),
                s.dtype
            )),
            Some(_) => {}
        }
    }
    let known = |name: &str, kinds: &[RefKind]| {
        k.prefetch.iter().any(|p| p.name == name)
            || k.refs
                .iter()
                .any(|r| r.name == name && kinds.contains(&r.kind))
    };
    for name in args.tensors.keys() {
        if k.refs
            .iter()
            .any(|r| &r.name == name && r.kind == RefKind::Output)
        {
            problems.push(format!(
                "argument `{name}` is an output the kernel creates; do not pass it"
            ));
        } else if !known(name, &[RefKind::Input, RefKind::InOut]) {
            problems.push(format!("the kernel has no tensor parameter named `{name}`"));
        }
    }
    for name in args.scalars.keys() {
        if !k.scalars.iter().any(|s| &s.name == name) {
            problems.push(format!("the kernel has no scalar parameter named `{name}`"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ArgError {
            kernel: k.name.clone(),
            problems,
        })
    }
}
