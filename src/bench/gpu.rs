//! Paged decode on device-resident inputs, timed with CUDA events (feature
//! `cuda`): the benchmark's runner and the tuner's [`Measure`]. The
//! launcher underneath ([`Gpu`]) is tilekit-cuda's; which kernels a
//! [`DecodeChoice`] launches is the kernels crate's, so this lives above
//! both.

use super::{decode_kernels, DecodeCase};
use std::collections::BTreeMap;
use tilekit_core::ir::RefKind;
use tilekit_core::{HostTensor, KernelArgs};
use tilekit_cuda::timing::{Buffers, Gpu, Loaded};
use tilekit_cuda::CudaError;
use tilekit_kernels::split_kv::split_page_ranges;
use tilekit_kernels::tuning::tuner::{Measure, MeasureError};
use tilekit_kernels::tuning::{DecodeChoice, DeviceKey};
use tilekit_kernels::AttnOutputs;

/// The tuning cache's key for `gpu`.
pub fn device_key(gpu: &Gpu) -> DeviceKey {
    let (major, minor) = gpu.compute_capability;
    DeviceKey::gpu(&gpu.name, major, minor)
}

/// Dense paged decode on device-resident inputs: each [`DecodeChoice`]'s
/// kernels are loaded once and their outputs allocated once, so timing
/// covers only the launches. A [`Measure`] for the tuner.
pub struct DecodeOnGpu<'g> {
    gpu: &'g Gpu,
    pub case: DecodeCase,
    /// `q`, `k_cache`, `v_cache`, `block_tables`, `context_lens`.
    pub inputs: Buffers,
    scale: f32,
    prepared: BTreeMap<(usize, u32), (Vec<Loaded>, Buffers)>,
}

impl<'g> DecodeOnGpu<'g> {
    pub fn new(gpu: &'g Gpu, case: DecodeCase, inputs: Buffers, scale: f32) -> Self {
        DecodeOnGpu {
            gpu,
            case,
            inputs,
            scale,
            prepared: BTreeMap::new(),
        }
    }

    fn prepare(&mut self, c: DecodeChoice) -> Result<(), String> {
        if self.prepared.contains_key(&(c.splits, c.stages)) {
            return Ok(());
        }
        let kernels = decode_kernels(&self.case, c)?;
        let mut loaded = Vec::new();
        let mut outs = Buffers::new();
        for k in &kernels {
            let l = self.gpu.load(k).map_err(|e| e.to_string())?;
            for r in &k.kernel().refs {
                if r.kind == RefKind::Output && !outs.contains_key(&r.name) {
                    let n = r.shape.iter().product::<usize>() * r.dtype.size_bytes();
                    outs.insert(
                        r.name.clone(),
                        self.gpu.zeros(&r.name, n).map_err(|e| e.to_string())?,
                    );
                }
            }
            loaded.push(l);
        }
        if c.splits > 1 {
            let lens = vec![self.case.context; self.case.batch];
            let ranges = split_page_ranges(&lens, self.case.block_size, c.splits);
            let bytes = HostTensor::from_i32(&[self.case.batch, c.splits, 2], ranges)
                .map_err(|e| e.to_string())?
                .to_le_bytes();
            outs.insert(
                "page_ranges".into(),
                self.gpu
                    .upload("page_ranges", &bytes)
                    .map_err(|e| e.to_string())?,
            );
        }
        self.prepared.insert((c.splits, c.stages), (loaded, outs));
        Ok(())
    }

    /// Launches `c`'s kernels once (no synchronisation).
    pub fn launch(&mut self, c: DecodeChoice) -> Result<(), String> {
        self.prepare(c)?;
        let (loaded, outs) = &self.prepared[&(c.splits, c.stages)];
        let args = KernelArgs::new().f32("scale", self.scale);
        let find = |n: &str| outs.get(n).or_else(|| self.inputs.get(n));
        for l in loaded {
            self.gpu
                .launch(l, &find, &args)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// `o` and `lse` of the last launch of `c`.
    pub fn outputs(&self, c: DecodeChoice) -> Result<AttnOutputs, String> {
        let (_, outs) = self
            .prepared
            .get(&(c.splits, c.stages))
            .ok_or("the choice was never launched")?;
        let (b, hq, d) = (self.case.batch, super::HQ, super::HEAD_DIM);
        let get = |name: &str, shape: &[usize]| -> Result<HostTensor, String> {
            let buf = outs.get(name).ok_or(format!("no output `{name}`"))?;
            let mut bytes = self.gpu.download(name, buf).map_err(|e| e.to_string())?;
            bytes.truncate(shape.iter().product::<usize>() * 4);
            HostTensor::from_le_bytes(tilekit_core::DType::F32, shape, &bytes)
                .map_err(|e| e.to_string())
        };
        Ok(AttnOutputs {
            o: get("o", &[b, hq, d])?,
            lse: get("lse", &[b, hq])?,
        })
    }
}

impl Measure<DecodeChoice> for DecodeOnGpu<'_> {
    fn backend(&self) -> String {
        format!("cuda-{}", self.gpu.target.name())
    }

    fn timer(&self) -> String {
        "cuda events".into()
    }

    fn run(&mut self, c: &DecodeChoice) -> Result<AttnOutputs, MeasureError> {
        if let Some(why) = c.unsupported() {
            return Err(MeasureError::Unsupported(why));
        }
        self.launch(*c).map_err(MeasureError::Failed)?;
        self.gpu
            .synchronize("paged_decode")
            .map_err(|e| MeasureError::Failed(e.to_string()))?;
        self.outputs(*c).map_err(MeasureError::Failed)
    }

    fn time(
        &mut self,
        c: &DecodeChoice,
        warmup: usize,
        iters: usize,
    ) -> Result<Vec<f64>, MeasureError> {
        self.prepare(*c).map_err(MeasureError::Failed)?;
        let gpu = self.gpu;
        let mut err = None;
        let r = gpu.time("paged_decode", warmup, iters, &mut || {
            self.launch(*c).map_err(|e| {
                err = Some(e.clone());
                CudaError::Driver {
                    kernel: "paged_decode".into(),
                    call: "launch",
                    error: e,
                }
            })
        });
        r.map_err(|e| MeasureError::Failed(err.take().unwrap_or_else(|| e.to_string())))
    }
}
