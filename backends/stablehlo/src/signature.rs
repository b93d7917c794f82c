//! The calling convention of an emitted module: which named tensors and
//! scalars `main` takes, in which order, and which named tensors it returns.
//!
//! One kernel: parameters are its prefetch arrays, then its input and
//! in/out refs (in declaration order), then its scalars; results are its
//! output and in/out refs in declaration order (what the interpreter
//! returns). A chain of kernels shares one namespace: a tensor a kernel
//! writes is what later kernels read under that name.
//!
//! bf16 and f16 tensors cross `main`'s boundary as `i16` tensors holding
//! their bits (same shape, same bytes): XLA's CPU backend copies or widens
//! 16-bit float arrays it gathers from, so the module keeps them as
//! integers throughout. A runtime uploads such a tensor's bytes as an `s16`
//! buffer and reads `s16` results back as the declared dtype.

use crate::error::LowerError;
use tilekit_core::ir::{Kernel, RefKind};
use tilekit_core::DType;

/// What a parameter of `main` is in the kernel's terms.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Prefetch,
    Input,
    InOut,
    Scalar,
}

/// One parameter of `main` (`dtype` is the kernel's; bf16/f16 travel as
/// `i16` bits, see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub dtype: DType,
    pub shape: Vec<usize>,
}

/// One result of `main`.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub name: String,
    pub dtype: DType,
    pub shape: Vec<usize>,
}

/// Parameters and results of an emitted module's `main`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signature {
    pub params: Vec<Param>,
    pub outputs: Vec<Output>,
}

impl Signature {
    /// The calling convention of a single kernel.
    pub fn of_kernel(k: &Kernel) -> Signature {
        let mut params: Vec<Param> = k
            .prefetch
            .iter()
            .map(|p| Param {
                name: p.name.clone(),
                kind: ParamKind::Prefetch,
                dtype: DType::I32,
                shape: p.shape.clone(),
            })
            .collect();
        for r in &k.refs {
            let kind = match r.kind {
                RefKind::Input => ParamKind::Input,
                RefKind::InOut => ParamKind::InOut,
                _ => continue,
            };
            params.push(Param {
                name: r.name.clone(),
                kind,
                dtype: r.dtype,
                shape: r.shape.clone(),
            });
        }
        params.extend(k.scalars.iter().map(|s| Param {
            name: s.name.clone(),
            kind: ParamKind::Scalar,
            dtype: s.dtype,
            shape: Vec::new(),
        }));
        let outputs = k
            .refs
            .iter()
            .filter(|r| matches!(r.kind, RefKind::Output | RefKind::InOut))
            .map(|r| Output {
                name: r.name.clone(),
                dtype: r.dtype,
                shape: r.shape.clone(),
            })
            .collect();
        Signature { params, outputs }
    }

    /// The dtype and shape `name` has so far in a chain, if it appeared.
    fn lookup(&self, name: &str) -> Option<(DType, &[usize])> {
        self.outputs
            .iter()
            .map(|o| (&o.name, o.dtype, &o.shape))
            .chain(self.params.iter().map(|q| (&q.name, q.dtype, &q.shape)))
            .find(|(n, _, _)| *n == name)
            .map(|(_, d, s)| (d, s.as_slice()))
    }

    /// The calling convention of kernels run one after another on a shared
    /// namespace of tensors.
    pub fn of_chain(kernels: &[&Kernel]) -> Result<Signature, LowerError> {
        let mut sig = Signature::default();
        for k in kernels {
            let own = Signature::of_kernel(k);
            let named = own
                .params
                .iter()
                .map(|p| (&p.name, p.dtype, &p.shape))
                .chain(own.outputs.iter().map(|o| (&o.name, o.dtype, &o.shape)));
            for (name, dtype, shape) in named {
                if let Some((d, s)) = sig.lookup(name) {
                    if d != dtype || s != shape.as_slice() {
                        return Err(LowerError::at_kernel(
                            k,
                            format!("`{name}` is {d}{s:?} earlier in the chain but this kernel uses it as {dtype}{shape:?}"),
                        ));
                    }
                }
            }
            for p in own.params {
                if sig.lookup(&p.name).is_none() {
                    sig.params.push(p);
                }
            }
            for o in own.outputs {
                if !sig.outputs.iter().any(|q| q.name == o.name) {
                    sig.outputs.push(o);
                }
            }
        }
        Ok(sig)
    }
}
