//! Sharded programs on PJRT: a set of programs split over `D` devices
//! ([`tilekit_core::program::Sharding`]), each one executable compiled by
//! XLA's SPMD partitioner for all of them ([`crate::multi`]).
//!
//! The state is kept as one buffer per device per name: device `d` holds
//! slice `d` of a split tensor, or the whole of a replicated one. Each
//! execution donates every device's state buffers and puts back the ones
//! it returns, as [`crate::PjrtProgramSet`] does on one device. Inputs go
//! up to every device (sliced when split); outputs come down from device 0
//! when replicated (every device computed the same values after the
//! all-reduces), or from every device, joined, when split.

use crate::buffer::DeviceBuffer;
use crate::client::Client;
use crate::executable::Executable;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tilekit_core::program::{BufferId, LoadedProgramSet, Program, ProgramSet};
use tilekit_core::{BackendError, DType, HostTensor};
use tilekit_stablehlo::ProgramModule;

/// One state name: its dtype, whole shape and split axis.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    dtype: DType,
    full: Vec<usize>,
    axis: Option<usize>,
}

/// Programs over one state split across a client's devices.
pub struct PjrtShardedSet {
    backend: String,
    client: Client,
    devices: usize,
    set: ProgramSet,
    compiled: Vec<(Arc<ProgramModule>, Arc<Executable>)>,
    layouts: BTreeMap<String, Layout>,
    /// Each state name's buffer on each device; missing once lost.
    state: BTreeMap<String, Vec<DeviceBuffer>>,
    lost: Option<String>,
    /// Replicated state helpers (row writes) by module text.
    helpers: HashMap<String, Arc<Executable>>,
}

/// Slice `d` of `devices` of `t` along `axis`.
pub(crate) fn slice(t: &HostTensor, axis: usize, d: usize, devices: usize) -> HostTensor {
    let shape = t.shape();
    let bytes = t.to_le_bytes();
    let elem = bytes.len() / shape.iter().product::<usize>().max(1);
    let outer: usize = shape[..axis].iter().product();
    let inner: usize = shape[axis + 1..].iter().product::<usize>() * elem;
    let part = shape[axis] / devices;
    let mut out = Vec::with_capacity(bytes.len() / devices);
    for o in 0..outer {
        let start = (o * shape[axis] + d * part) * inner;
        out.extend_from_slice(&bytes[start..start + part * inner]);
    }
    let mut local = shape.to_vec();
    local[axis] = part;
    HostTensor::from_le_bytes(t.dtype(), &local, &out).expect("a slice's bytes fit its shape")
}

/// The slices `parts` joined back along `axis`.
fn join(parts: &[HostTensor], axis: usize) -> HostTensor {
    let shape = parts[0].shape();
    let bytes: Vec<Vec<u8>> = parts.iter().map(HostTensor::to_le_bytes).collect();
    let elem = bytes[0].len() / shape.iter().product::<usize>().max(1);
    let outer: usize = shape[..axis].iter().product();
    let chunk = shape[axis..].iter().product::<usize>() * elem;
    let mut out = Vec::with_capacity(chunk * outer * parts.len());
    for o in 0..outer {
        for b in &bytes {
            out.extend_from_slice(&b[o * chunk..(o + 1) * chunk]);
        }
    }
    let mut full = shape.to_vec();
    full[axis] *= parts.len();
    HostTensor::from_le_bytes(parts[0].dtype(), &full, &out).expect("joined slices fit")
}

impl PjrtShardedSet {
    /// Checks that every program of `set` is split over `devices` the same
    /// way and `state` holds whole tensors of it, then uploads each
    /// device's part (state not given starts as zeros).
    pub(crate) fn load(
        backend: &str,
        client: &Client,
        set: ProgramSet,
        compiled: Vec<(Arc<ProgramModule>, Arc<Executable>)>,
        mut state: BTreeMap<String, HostTensor>,
    ) -> Result<PjrtShardedSet, BackendError> {
        let devices = set.programs()[0].devices();
        let mut layouts: BTreeMap<String, Layout> = BTreeMap::new();
        let mut problems = Vec::new();
        for p in set.programs() {
            if p.devices() != devices {
                problems.push(format!(
                    "program `{}` runs on {} devices, program `{}` on {devices}",
                    p.name,
                    p.devices(),
                    set.programs()[0].name
                ));
            }
            for b in p.with_role(tilekit_core::program::BufferRole::State) {
                let d = p.buffer(b);
                let l = Layout {
                    dtype: d.dtype,
                    full: p.full_shape(b),
                    axis: p.split_axis(b),
                };
                match layouts.get(&d.name) {
                    Some(prev) if *prev != l => problems.push(format!(
                        "state `{}` is laid out as {prev:?} in one program and {l:?} in `{}`",
                        d.name, p.name
                    )),
                    _ => {
                        layouts.insert(d.name.clone(), l);
                    }
                }
            }
        }
        for (name, t) in &state {
            match layouts.get(name) {
                None => problems.push(format!("`{name}` is not state of any program")),
                Some(l) if l.dtype != t.dtype() || l.full != t.shape() => problems.push(format!(
                    "state `{name}` is {}{:?}; the sharded programs take the whole tensor {}{:?}",
                    t.dtype(),
                    t.shape(),
                    l.dtype,
                    l.full
                )),
                _ => {}
            }
        }
        if !problems.is_empty() {
            return Err(set.error(problems.join("; ")).into());
        }
        let mut loaded = PjrtShardedSet {
            backend: backend.to_string(),
            client: client.clone(),
            devices,
            set,
            compiled,
            layouts: layouts.clone(),
            state: BTreeMap::new(),
            lost: None,
            helpers: HashMap::new(),
        };
        for (name, l) in layouts {
            let whole = state.remove(&name);
            let mut bufs = Vec::with_capacity(devices);
            for d in 0..devices {
                let part = match (&whole, l.axis) {
                    (Some(t), Some(axis)) => slice(t, axis, d, devices),
                    (Some(t), None) => t.clone(),
                    (None, axis) => {
                        let mut local = l.full.clone();
                        if let Some(a) = axis {
                            local[a] /= devices;
                        }
                        HostTensor::zeros(l.dtype, &local)
                    }
                };
                let buf = client.upload_to(&part, d).map_err(|e| {
                    loaded.fail(format!("uploading state `{name}` to device {d}: {e}"))
                })?;
                bufs.push(buf);
            }
            loaded.state.insert(name, bufs);
        }
        Ok(loaded)
    }

    /// `text` compiled to run replicated on every device (each on its
    /// own arguments), once per text.
    fn helper(&mut self, text: String) -> Result<Arc<Executable>, BackendError> {
        if let Some(e) = self.helpers.get(&text) {
            return Ok(e.clone());
        }
        let options = crate::multi::replicated_options(self.client.compile_options(), self.devices);
        let exe = self
            .client
            .compile_with(&text, &options)
            .map_err(|e| self.fail(format!("compiling a state helper: {e}")))?;
        let exe = Arc::new(exe);
        self.helpers.insert(text, exe.clone());
        Ok(exe)
    }

    /// Devices the set runs on.
    pub fn devices(&self) -> usize {
        self.devices
    }

    fn fail(&self, message: String) -> BackendError {
        BackendError::Target {
            backend: self.backend.clone(),
            kernel: format!("program `{}`", self.set.name()),
            message,
        }
    }

    fn download(
        &self,
        d: DType,
        parts: &[&DeviceBuffer],
        axis: Option<usize>,
    ) -> Result<HostTensor, BackendError> {
        let take = if axis.is_some() { parts.len() } else { 1 };
        let mut host = Vec::with_capacity(take);
        for (i, b) in parts[..take].iter().enumerate() {
            host.push(
                b.to_host_as(d)
                    .map_err(|e| self.fail(format!("downloading from device {i}: {e}")))?,
            );
        }
        Ok(match axis {
            Some(a) => join(&host, a),
            None => host.remove(0),
        })
    }

    /// Each device's input buffers for `program`, checked against the
    /// whole tensors' shapes.
    fn upload_inputs(
        &self,
        program: &Program,
        params: &[BufferId],
        inputs: &[(&str, &HostTensor)],
    ) -> Result<Vec<Vec<DeviceBuffer>>, BackendError> {
        let mut problems = Vec::new();
        for (name, _) in inputs {
            if !params.iter().any(|&b| program.buffer(b).name == *name) {
                problems.push(format!("`{name}` is not an input"));
            }
        }
        let mut per_device: Vec<Vec<DeviceBuffer>> =
            (0..self.devices).map(|_| Vec::new()).collect();
        for &b in params {
            let decl = program.buffer(b);
            let full = program.full_shape(b);
            let Some((_, t)) = inputs.iter().find(|(n, _)| *n == decl.name) else {
                problems.push(format!(
                    "input `{}` ({}{full:?}) is missing",
                    decl.name, decl.dtype
                ));
                continue;
            };
            if t.dtype() != decl.dtype || t.shape() != full.as_slice() {
                problems.push(format!(
                    "input `{}` is {}{:?}, expected {}{full:?}",
                    decl.name,
                    t.dtype(),
                    t.shape(),
                    decl.dtype
                ));
                continue;
            }
            for (d, list) in per_device.iter_mut().enumerate() {
                let part = match program.split_axis(b) {
                    Some(a) => slice(t, a, d, self.devices),
                    None => (*t).clone(),
                };
                let buf = self.client.upload_to(&part, d).map_err(|e| {
                    self.fail(format!(
                        "uploading input `{}` to device {d}: {e}",
                        decl.name
                    ))
                })?;
                list.push(buf);
            }
        }
        if !problems.is_empty() {
            return Err(tilekit_core::program::ProgramError {
                program: program.name.clone(),
                problems,
            }
            .into());
        }
        Ok(per_device)
    }
}

impl LoadedProgramSet for PjrtShardedSet {
    fn programs(&self) -> &[Arc<Program>] {
        self.set.programs()
    }

    fn execute(
        &mut self,
        which: usize,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        let program = self.set.program(which)?.clone();
        let (module, exe) = self.compiled[which].clone();
        if let Some(why) = &self.lost {
            return Err(self.fail(format!(
                "its device state was lost when {why}; load the program set again"
            )));
        }
        let n = module.num_state;
        let uploaded = self.upload_inputs(&program, &module.params[n..], inputs)?;
        let mut args: Vec<Vec<&DeviceBuffer>> = Vec::with_capacity(self.devices);
        for (d, up) in uploaded.iter().enumerate() {
            let mut list = Vec::with_capacity(module.params.len());
            for &b in &module.params[..n] {
                let name = &program.buffer(b).name;
                let bufs = self
                    .state
                    .get(name)
                    .ok_or_else(|| self.fail(format!("state `{name}` was lost")))?;
                list.push(&bufs[d]);
            }
            list.extend(up.iter());
            args.push(list);
        }
        let results = match exe.execute_sharded(&args) {
            Ok(r) => r,
            Err(e) => {
                // Donated state may be gone on every device.
                self.lost = Some(format!("an execution failed ({e})"));
                self.state.clear();
                return Err(self.fail(format!("execution failed, device state lost: {e}")));
            }
        };
        drop(args);
        // results[d][j]: device d's result j; regroup by result.
        let mut by_result: Vec<Vec<DeviceBuffer>> =
            (0..module.results.len()).map(|_| Vec::new()).collect();
        for device in results {
            for (j, buf) in device.into_iter().enumerate() {
                by_result[j].push(buf);
            }
        }
        let outputs = by_result.split_off(n);
        for (&b, bufs) in module.results[..n].iter().zip(by_result) {
            self.state.insert(program.buffer(b).name.clone(), bufs);
        }
        let mut out = BTreeMap::new();
        for (&b, bufs) in module.results[n..].iter().zip(&outputs) {
            let refs: Vec<&DeviceBuffer> = bufs.iter().collect();
            out.insert(
                b,
                self.download(program.buffer(b).dtype, &refs, program.split_axis(b))?,
            );
        }
        Ok(out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        let l = self
            .layouts
            .get(name)
            .ok_or_else(|| self.set.error(format!("`{name}` is not state")))?;
        let bufs = self
            .state
            .get(name)
            .ok_or_else(|| self.fail(format!("state `{name}` was lost")))?;
        let refs: Vec<&DeviceBuffer> = bufs.iter().collect();
        self.download(l.dtype, &refs, l.axis)
    }

    /// Rows `start..` (axis 0) of the whole tensor `name`: each device's
    /// slice of `rows` written into its slice in place, by one replicated
    /// `dynamic_update_slice` execution over every device.
    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        let l = self
            .layouts
            .get(name)
            .cloned()
            .ok_or_else(|| self.set.error(format!("`{name}` is not state")))?;
        let n = rows.shape().first().copied().unwrap_or(0);
        if rows.dtype() != l.dtype
            || rows.shape().len() != l.full.len()
            || rows.shape()[1..] != l.full[1..]
            || start + n > l.full[0]
        {
            return Err(self
                .set
                .error(format!(
                    "rows {start}..{} of state `{name}` ({}{:?}) given as {}{:?}",
                    start + n,
                    l.dtype,
                    l.full,
                    rows.dtype(),
                    rows.shape()
                ))
                .into());
        }
        if l.axis == Some(0) {
            return Err(self.fail(format!(
                "state `{name}` is split along its rows; rows cannot be written across its slices"
            )));
        }
        let mut local = l.full.clone();
        if let Some(a) = l.axis {
            local[a] /= self.devices;
        }
        let text = tilekit_stablehlo::write_rows_module(l.dtype, &local, n);
        let exe = self.helper(text)?;
        let first =
            HostTensor::from_i32(&[], vec![start as i32]).map_err(|e| self.fail(e.to_string()))?;
        let mut up = Vec::with_capacity(self.devices);
        for d in 0..self.devices {
            let part = match l.axis {
                Some(a) => slice(rows, a, d, self.devices),
                None => rows.clone(),
            };
            let chunk = self.client.upload_to(&part, d);
            let at = self.client.upload_to(&first, d);
            match (chunk, at) {
                (Ok(c), Ok(s)) => up.push((c, s)),
                (Err(e), _) | (_, Err(e)) => {
                    return Err(self.fail(format!("uploading rows of `{name}` to device {d}: {e}")))
                }
            }
        }
        let bufs = self
            .state
            .get(name)
            .ok_or_else(|| self.fail(format!("state `{name}` was lost")))?;
        let args: Vec<Vec<&DeviceBuffer>> = bufs
            .iter()
            .zip(&up)
            .map(|(b, (c, s))| vec![b, c, s])
            .collect();
        match exe.execute_sharded(&args) {
            Ok(results) if results.iter().all(|r| r.len() == 1) => {
                drop(args);
                let written = results.into_iter().flatten().collect();
                self.state.insert(name.to_string(), written);
                Ok(())
            }
            other => {
                drop(args);
                let why = match other {
                    Err(e) => e.to_string(),
                    Ok(_) => "a device returned other than one result".into(),
                };
                self.state.remove(name);
                self.lost = Some(format!("writing rows of `{name}` failed ({why})"));
                Err(self.fail(format!("writing rows of state `{name}`: {why}")))
            }
        }
    }
}
