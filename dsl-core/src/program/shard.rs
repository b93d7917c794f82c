//! Tensor-parallel programs: one program recorded for one device's shard,
//! run on `devices` devices at once by a backend that partitions
//! (XLA's SPMD partitioner through PJRT).
//!
//! A sharded program is written as each device sees it, the way JAX's
//! `shard_map` body is: its declared shapes are one device's slice (a
//! third of the query heads, a third of the MLP's columns), and where the
//! devices' partial results must be summed it calls
//! [`ProgramBuilder::all_reduce_sum`]. [`Sharding`] records which buffers
//! are slices of a larger tensor, along which axis (the rest are
//! replicated: every device holds the whole tensor), and which calls are
//! those sums. On one device the sum is the identity, so the program's
//! calls keep their single-device meaning; only a backend that runs it on
//! every device at once can give it the multi-device one, so the
//! launch-list backends refuse a sharded program (see
//! [`refuse_sharded`]) rather than run one shard.

use super::{BufferId, CallId, Origin, Program, ProgramBuilder, ProgramError};
use crate::ir::Index;
use crate::{DType, KernelBuilder};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How a program is split over devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sharding {
    /// Devices the program runs on, one shard each (at least 2).
    pub devices: usize,
    /// Buffer → the axis along which its declared (one-device) shape is
    /// one of `devices` equal, consecutive slices of the whole tensor.
    /// Device `d` holds slice `d`. Buffers not here are replicated.
    pub split: BTreeMap<BufferId, usize>,
    /// Calls that sum their input `x` over every device into `y` (the
    /// identity kernel on one device).
    pub all_reduce: Vec<CallId>,
}

impl Sharding {
    /// The whole tensor's shape of `b`, declared as one device's slice
    /// `local`.
    pub fn full_shape(&self, b: BufferId, local: &[usize]) -> Vec<usize> {
        let mut shape = local.to_vec();
        if let Some(&axis) = self.split.get(&b) {
            shape[axis] *= self.devices;
        }
        shape
    }

    /// Whether call `index` (its place in [`Program::calls`]) is an
    /// all-reduce.
    pub fn is_all_reduce(&self, index: usize) -> bool {
        self.all_reduce.iter().any(|c| c.index() == index)
    }
}

impl Program {
    /// Devices the program runs on (1 unless sharded).
    pub fn devices(&self) -> usize {
        self.sharding.as_ref().map_or(1, |s| s.devices)
    }

    /// The whole tensor's shape of buffer `b` (its declared shape unless
    /// `b` is split).
    pub fn full_shape(&self, b: BufferId) -> Vec<usize> {
        let local = &self.buffer(b).shape;
        match &self.sharding {
            Some(s) => s.full_shape(b, local),
            None => local.clone(),
        }
    }

    /// The axis buffer `b` is split along, if it is.
    pub fn split_axis(&self, b: BufferId) -> Option<usize> {
        self.sharding.as_ref()?.split.get(&b).copied()
    }
}

/// An error unless every program runs on one device: what a backend that
/// runs calls one by one on one device says of a sharded program.
pub fn refuse_sharded<'a>(
    programs: impl IntoIterator<Item = &'a Program>,
    backend: &str,
) -> Result<(), ProgramError> {
    match programs.into_iter().find(|p| p.devices() > 1) {
        Some(p) => Err(ProgramError {
            program: p.name.clone(),
            problems: vec![format!(
                "it is sharded over {} devices; {backend} runs one device (load it on a PJRT backend with that many devices)",
                p.devices()
            )],
        }),
        None => Ok(()),
    }
}

impl ProgramBuilder {
    /// Records the program as one of `devices` shards (every declared
    /// shape is one device's); 1 (the default) is an ordinary program.
    pub fn shard(&mut self, devices: usize) {
        if devices == 0 {
            self.problems
                .push("a program sharded over 0 devices runs nowhere".into());
        }
        self.devices = devices.max(1);
    }

    /// Devices the program is recorded for.
    pub fn devices(&self) -> usize {
        self.devices
    }

    /// Marks state, input or output buffer `b` as one slice of a tensor
    /// split along `axis` over the devices. Nothing on one device.
    #[track_caller]
    pub fn split(&mut self, b: BufferId, axis: usize) {
        if self.devices <= 1 {
            return;
        }
        let Some(d) = self.buffers.get(b.index()) else {
            self.problems
                .push(format!("split: buffer {} is another program's", b.index()));
            return;
        };
        let problem = if matches!(d.origin, Origin::View { .. }) {
            Some("a view cannot be split (split the buffer it views)".to_string())
        } else if axis >= d.shape.len() {
            Some(format!("axis {axis} is outside its shape {:?}", d.shape))
        } else {
            None
        };
        if let Some(p) = problem {
            let name = d.name.clone();
            self.problems.push(format!("split of `{name}`: {p}"));
            return;
        }
        self.split.insert(b, axis);
    }

    /// `x` summed over every device (`x` itself on one device, recording
    /// nothing): the all-reduce after a row-parallel product.
    #[track_caller]
    pub fn all_reduce_sum(&mut self, x: BufferId) -> BufferId {
        if self.devices <= 1 {
            return x;
        }
        let Some(d) = self.buffers.get(x.index()) else {
            self.problems.push(format!(
                "all_reduce_sum: buffer {} is another program's",
                x.index()
            ));
            return x;
        };
        let (dtype, shape) = (d.dtype, d.shape.clone());
        if dtype != DType::F32 {
            self.problems.push(format!(
                "all_reduce_sum of `{}`: only f32 buffers are summed, not {dtype}",
                d.name
            ));
            return x;
        }
        let kernel = match identity(&shape) {
            Ok(k) => k,
            Err(e) => {
                self.problems
                    .push(format!("all_reduce_sum: building its kernel: {e}"));
                return x;
            }
        };
        let call = self.call(&kernel, &[("x", x.into())]);
        self.all_reduce.push(call);
        self.out(call, "y")
    }

    /// The sharding `finish` attaches, `None` on one device.
    pub(super) fn take_sharding(&mut self) -> Option<Sharding> {
        (self.devices > 1).then(|| Sharding {
            devices: self.devices,
            split: std::mem::take(&mut self.split),
            all_reduce: std::mem::take(&mut self.all_reduce),
        })
    }
}

/// `y = x` over an f32 tensor of `shape`: what an all-reduce computes on
/// one device.
fn identity(shape: &[usize]) -> Result<Arc<crate::VerifiedKernel>, crate::BuildError> {
    let mut kb = KernelBuilder::new("all_reduce_sum");
    kb.grid(&[1]);
    let x = kb.input("x", DType::F32, shape);
    let y = kb.output("y", DType::F32, shape);
    let full = vec![Index::Full; shape.len()];
    let t = kb.load(x, &full);
    kb.store(y, &full, t);
    Ok(Arc::new(kb.finish()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sharded(devices: usize) -> Result<Program, ProgramError> {
        let mut p = ProgramBuilder::new("tp");
        p.shard(devices);
        let w = p.state("w", DType::F32, &[4, 2]);
        p.split(w, 1);
        let x = p.input("x", DType::F32, &[2]);
        let y = p.all_reduce_sum(x);
        p.output(y);
        p.finish()
    }

    #[test]
    fn one_device_records_no_sum_and_no_sharding() {
        let p = sharded(1).unwrap();
        assert!(p.sharding.is_none());
        assert!(p.calls.is_empty());
        assert_eq!(p.full_shape(BufferId(0)), vec![4, 2]);
    }

    #[test]
    fn a_split_buffer_is_one_slice_of_the_whole() {
        let p = sharded(3).unwrap();
        let s = p.sharding.as_ref().unwrap();
        assert_eq!(s.devices, 3);
        assert_eq!(p.full_shape(BufferId(0)), vec![4, 6]);
        assert_eq!(p.full_shape(BufferId(1)), vec![2]);
        assert_eq!(s.all_reduce, vec![CallId(0)]);
        let err = refuse_sharded([&p], "the interpreter").unwrap_err();
        assert!(err.to_string().contains("sharded over 3 devices"), "{err}");
    }

    #[test]
    fn bad_splits_are_reported() {
        let mut p = ProgramBuilder::new("tp");
        p.shard(2);
        let w = p.state("w", DType::F32, &[4]);
        p.split(w, 1);
        let v = p.view(w, &[2, 2]);
        p.split(v, 0);
        let i = p.input("i", DType::I32, &[2]);
        p.all_reduce_sum(i);
        let err = p.finish().unwrap_err().to_string();
        assert!(err.contains("axis 1 is outside its shape [4]"), "{err}");
        assert!(err.contains("a view cannot be split"), "{err}");
        assert!(err.contains("only f32 buffers are summed"), "{err}");
    }
}
