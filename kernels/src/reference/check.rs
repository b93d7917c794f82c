//! Argument validation shared by the references.
//!
//! The references must never panic on bad input: a test that feeds a kernel
//! and its reference the same wrong tensor should get a message saying which
//! argument is wrong and how, not an index-out-of-bounds backtrace. Each check
//! therefore returns a [`RefError`] naming the function and the argument.

use super::{Array64, RefError};
use tilekit_core::HostTensor;

/// The validation context of one reference call: its name for messages.
#[derive(Clone, Copy)]
pub(crate) struct Check {
    pub op: &'static str,
}

impl Check {
    pub fn shape_err(&self, arg: &'static str, detail: String) -> RefError {
        RefError::Shape {
            op: self.op,
            arg,
            detail,
        }
    }

    pub fn value_err(&self, arg: &'static str, detail: String) -> RefError {
        RefError::Value {
            op: self.op,
            arg,
            detail,
        }
    }

    /// Checks rank; `dims` names the axes for the message (e.g. `["B","S","Hq","D"]`).
    pub fn rank(&self, arg: &'static str, t: &HostTensor, dims: &[&str]) -> Result<(), RefError> {
        if t.shape().len() != dims.len() {
            return Err(self.shape_err(
                arg,
                format!(
                    "expected shape [{}] (rank {}), got {:?}",
                    dims.join(", "),
                    dims.len(),
                    t.shape()
                ),
            ));
        }
        Ok(())
    }

    /// A float tensor of the given rank, widened to f64.
    pub fn float(
        &self,
        arg: &'static str,
        t: &HostTensor,
        dims: &[&str],
    ) -> Result<Array64, RefError> {
        if !t.dtype().is_float() {
            return Err(RefError::DType {
                op: self.op,
                arg,
                got: t.dtype(),
                expected: "bf16, f16 or f32".into(),
            });
        }
        self.rank(arg, t, dims)?;
        Ok(Array64::from_host(t))
    }

    /// An i32 tensor of the given rank.
    pub fn int<'t>(
        &self,
        arg: &'static str,
        t: &'t HostTensor,
        dims: &[&str],
    ) -> Result<&'t [i32], RefError> {
        let Some(vals) = t.as_i32() else {
            return Err(RefError::DType {
                op: self.op,
                arg,
                got: t.dtype(),
                expected: "i32".into(),
            });
        };
        self.rank(arg, t, dims)?;
        Ok(vals)
    }

    /// KERNELS.md: one dtype per call for q, k and v.
    pub fn same_dtype(
        &self,
        arg: &'static str,
        t: &HostTensor,
        q: &HostTensor,
    ) -> Result<(), RefError> {
        if t.dtype() != q.dtype() {
            return Err(RefError::DType {
                op: self.op,
                arg,
                got: t.dtype(),
                expected: format!("{} like `q` (one dtype per call)", q.dtype()),
            });
        }
        Ok(())
    }

    /// Axis `axis` of `arg` must equal `want`, which comes from `source`.
    pub fn dim(
        &self,
        arg: &'static str,
        shape: &[usize],
        axis: usize,
        name: &str,
        want: usize,
        source: &str,
    ) -> Result<(), RefError> {
        if shape[axis] != want {
            return Err(self.shape_err(
                arg,
                format!(
                    "axis {axis} ({name}) is {} but {source} gives {name} = {want} (shape {shape:?})",
                    shape[axis]
                ),
            ));
        }
        Ok(())
    }

    /// GQA group size `G = Hq / Hkv`, which must be a whole number >= 1.
    pub fn group(&self, kv_arg: &'static str, hq: usize, hkv: usize) -> Result<usize, RefError> {
        if hkv == 0 || hq % hkv != 0 || hq < hkv {
            return Err(self.shape_err(
                kv_arg,
                format!(
                    "{hkv} KV heads do not divide the {hq} query heads of `q` \
                     (GQA needs Hq / Hkv to be a whole number >= 1)"
                ),
            ));
        }
        Ok(hq / hkv)
    }

    pub fn scale(&self, scale: f64) -> Result<(), RefError> {
        if !scale.is_finite() {
            return Err(self.value_err("scale", format!("must be finite, got {scale}")));
        }
        Ok(())
    }

    /// A strictly positive size parameter (tile, selection block).
    pub fn positive(&self, arg: &'static str, x: usize) -> Result<(), RefError> {
        if x == 0 {
            return Err(self.value_err(arg, "must be at least 1, got 0".into()));
        }
        Ok(())
    }

    /// Per-sequence lengths `[B]`, each in `[0, cap]`; `batch_src` names the
    /// argument B comes from and `cap_what` where the capacity comes from.
    pub fn lens(
        &self,
        arg: &'static str,
        t: &HostTensor,
        (batch, batch_src): (usize, &str),
        cap: usize,
        cap_what: &str,
    ) -> Result<Vec<usize>, RefError> {
        let vals = self.int(arg, t, &["B"])?;
        self.dim(arg, t.shape(), 0, "B", batch, batch_src)?;
        vals.iter()
            .enumerate()
            .map(|(b, &l)| {
                if l < 0 {
                    Err(self.value_err(arg, format!("entry [{b}] = {l} is negative")))
                } else if l as usize > cap {
                    Err(self
                        .value_err(arg, format!("entry [{b}] = {l} exceeds {cap_what} = {cap}")))
                } else {
                    Ok(l as usize)
                }
            })
            .collect()
    }

    /// The `head_map[Hkv]` of a reuse layer: entries index the anchor's heads.
    pub fn head_map(
        &self,
        t: &HostTensor,
        hkv: usize,
        anchor_heads: usize,
    ) -> Result<Vec<usize>, RefError> {
        let vals = self.int("head_map", t, &["Hkv"])?;
        self.dim("head_map", t.shape(), 0, "Hkv", hkv, "`k`")?;
        vals.iter()
            .enumerate()
            .map(|(g, &a)| {
                if a < 0 || a as usize >= anchor_heads {
                    Err(self.value_err(
                        "head_map",
                        format!("entry [{g}] = {a} is out of range [0, {anchor_heads}) (the heads of `idx`)"),
                    ))
                } else {
                    Ok(a as usize)
                }
            })
            .collect()
    }

    /// A selection list: the first `n` entries of `row` must be unique and in
    /// `[0, bound)`; `at` formats an entry's index for messages. Returns them.
    pub fn selection(
        &self,
        arg: &'static str,
        row: &[i32],
        n: usize,
        bound: usize,
        bound_what: &str,
        at: impl Fn(usize) -> String,
    ) -> Result<Vec<usize>, RefError> {
        let mut first_at = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(n);
        for (j, &x) in row[..n].iter().enumerate() {
            if x < 0 || x as usize >= bound {
                return Err(self.value_err(
                    arg,
                    format!(
                        "entry {} = {x} is out of range [0, {bound}) ({bound_what})",
                        at(j)
                    ),
                ));
            }
            if let Some(j0) = first_at.insert(x, j) {
                return Err(self.value_err(
                    arg,
                    format!("entry {} = {x} duplicates entry {}", at(j), at(j0)),
                ));
            }
            out.push(x as usize);
        }
        Ok(out)
    }
}
