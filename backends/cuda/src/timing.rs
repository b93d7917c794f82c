//! Device-resident launches timed with CUDA events, for the benchmark and
//! the tuner (`tilekit::bench`, above the kernels crate, drives them).
//! [`crate::CudaRuntime`] moves host tensors on every call (what
//! a correctness check wants); timing a kernel needs its inputs to stay on
//! the GPU between launches, outputs chained from one kernel into the next
//! (split partition → combine), and only the launches between the events.
//!
//! Buffers are named like the kernels' refs and prefetch arrays, and a
//! launch binds each entry parameter of the emitted module to the buffer of
//! that name, in the module's parameter order (as `plan::plan_launch`
//! orders host arguments).

use crate::runtime::{driver, load_function, open_device};
use crate::CudaError;
use cudarc::driver::sys::{CUdevice_attribute, CUevent_flags};
use cudarc::driver::DevicePtr;
use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, LaunchConfig, PushKernelArg,
};
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::{KernelArgs, ScalarArg, VerifiedKernel};
use tilekit_ptx::{emit, ParamKind, PtxModule, Target};

/// Device buffers by name.
pub type Buffers = BTreeMap<String, CudaSlice<u8>>;

/// One GPU with a stream, for timed work.
pub struct Gpu {
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    pub name: String,
    pub compute_capability: (u32, u32),
    pub sm_count: usize,
    pub total_mem: u64,
    pub target: Target,
}

/// A kernel emitted and loaded.
pub struct Loaded {
    pub kernel: VerifiedKernel,
    pub module: PtxModule,
    func: CudaFunction,
}

impl Gpu {
    pub fn new(ordinal: usize) -> Result<Gpu, CudaError> {
        let (ctx, target, (major, minor)) = open_device(ordinal)?;
        let sms = driver(
            "<none>",
            "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)",
            ctx.attribute(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        )?;
        let total_mem = driver("<none>", "cuDeviceTotalMem", ctx.total_mem())? as u64;
        let name = ctx.name().unwrap_or_else(|_| "unknown GPU".into());
        Ok(Gpu {
            stream: ctx.default_stream(),
            ctx,
            name,
            compute_capability: (major as u32, minor as u32),
            sm_count: sms.max(0) as usize,
            total_mem,
            target,
        })
    }

    /// Free device memory, bytes.
    pub fn free_mem(&self) -> Result<u64, CudaError> {
        let (free, _) = driver("<none>", "cuMemGetInfo", self.ctx.mem_get_info())?;
        Ok(free as u64)
    }

    /// Emits `kernel` for this GPU and loads it.
    pub fn load(&self, kernel: &VerifiedKernel) -> Result<Loaded, CudaError> {
        let module = emit(kernel, self.target)?;
        let func = load_function(&self.ctx, &module)?;
        Ok(Loaded {
            kernel: kernel.clone(),
            module,
            func,
        })
    }

    pub fn upload(&self, what: &str, bytes: &[u8]) -> Result<CudaSlice<u8>, CudaError> {
        if bytes.is_empty() {
            return self.zeros(what, 16);
        }
        driver(what, "cuMemcpyHtoD", self.stream.clone_htod(bytes))
    }

    /// A zeroed buffer (at least 16 bytes: cuMemAlloc rejects 0).
    pub fn zeros(&self, what: &str, bytes: usize) -> Result<CudaSlice<u8>, CudaError> {
        driver(
            what,
            "cuMemAlloc",
            self.stream.alloc_zeros::<u8>(bytes.max(16)),
        )
    }

    /// A buffer of `total` bytes holding `chunk` repeated: one upload, then
    /// device copies doubling the filled prefix.
    pub fn tiled(
        &self,
        what: &str,
        chunk: &[u8],
        total: usize,
    ) -> Result<CudaSlice<u8>, CudaError> {
        let mut buf = self.zeros(what, total)?;
        let first = chunk.len().min(total);
        driver(
            what,
            "cuMemcpyHtoD",
            self.stream
                .memcpy_htod(&chunk[..first], &mut buf.slice_mut(..first)),
        )?;
        let mut filled = first;
        while filled > 0 && filled < total {
            let n = filled.min(total - filled);
            let (done, mut rest) = buf.split_at_mut(filled);
            driver(
                what,
                "cuMemcpyDtoD",
                self.stream
                    .memcpy_dtod(&done.slice(..n), &mut rest.slice_mut(..n)),
            )?;
            filled += n;
        }
        Ok(buf)
    }

    pub fn download(&self, what: &str, buf: &CudaSlice<u8>) -> Result<Vec<u8>, CudaError> {
        driver(what, "cuMemcpyDtoH", self.stream.clone_dtoh(buf))
    }

    pub fn synchronize(&self, what: &str) -> Result<(), CudaError> {
        driver(what, "cuStreamSynchronize", self.stream.synchronize())
    }

    /// Launches `k` with the buffers `find` names and the scalars in `args`.
    pub fn launch<'b>(
        &self,
        k: &Loaded,
        find: &dyn Fn(&str) -> Option<&'b CudaSlice<u8>>,
        args: &KernelArgs,
    ) -> Result<(), CudaError> {
        let ir = k.kernel.kernel();
        let name = ir.name.as_str();
        let missing = |what: &str| {
            CudaError::Args(tilekit_core::ArgError {
                kernel: name.to_string(),
                problems: vec![format!("no device buffer or scalar named `{what}`")],
            })
        };
        enum Arg<'b> {
            Buf(&'b CudaSlice<u8>),
            F32(f32),
            U32(u32),
            Map(crate::runtime::TensorMapArg),
        }
        // Tensor maps hold buffer addresses; the guards keep the stream
        // ordered after the buffers' last writes until the launch is queued.
        let mut guards = Vec::new();
        let mut list = Vec::with_capacity(k.module.params.len());
        for p in &k.module.params {
            list.push(match p.kind {
                ParamKind::Prefetch(i) => {
                    let n = &ir.prefetch[i].name;
                    Arg::Buf(find(n).ok_or_else(|| missing(n))?)
                }
                ParamKind::Ref(i) => {
                    let n = &ir.refs[i].name;
                    Arg::Buf(find(n).ok_or_else(|| missing(n))?)
                }
                ParamKind::Scalar(i) => {
                    let n = &ir.scalars[i].name;
                    match args.scalars.get(n) {
                        Some(ScalarArg::F32(x)) => Arg::F32(*x),
                        Some(ScalarArg::I32(x)) => Arg::U32(*x as u32),
                        Some(ScalarArg::Bool(b)) => Arg::U32(*b as u32),
                        None => return Err(missing(n)),
                    }
                }
                ParamKind::TensorMap { map, ref_index } => {
                    let n = &ir.refs[ref_index].name;
                    let buf = find(n).ok_or_else(|| missing(n))?;
                    let (ptr, guard) = buf.device_ptr(&self.stream);
                    guards.push(guard);
                    Arg::Map(crate::runtime::encode_tensor_map(
                        name,
                        n,
                        &k.module.tensor_maps[map],
                        ptr,
                    )?)
                }
            });
        }
        let l = &k.module.launch;
        let cfg = LaunchConfig {
            grid_dim: (l.grid[0], l.grid[1], l.grid[2]),
            block_dim: (l.block[0], l.block[1], l.block[2]),
            shared_mem_bytes: l.dynamic_smem_bytes,
        };
        let mut b = self.stream.launch_builder(&k.func);
        for a in &list {
            match a {
                Arg::Buf(s) => b.arg(*s),
                Arg::F32(x) => b.arg(x),
                Arg::U32(x) => b.arg(x),
                Arg::Map(m) => b.arg(m),
            };
        }
        // Safety: one argument per entry parameter, in the module's order,
        // each buffer named after (and allocated for) its ref.
        driver(name, "cuLaunchKernel", unsafe { b.launch(cfg) }).map(|_| ())
    }

    /// Runs `work` `warmup` times, then `iters` times between a pair of
    /// CUDA events each; milliseconds per timed run.
    pub fn time(
        &self,
        what: &str,
        warmup: usize,
        iters: usize,
        work: &mut dyn FnMut() -> Result<(), CudaError>,
    ) -> Result<Vec<f64>, CudaError> {
        for _ in 0..warmup {
            work()?;
        }
        let flags = Some(CUevent_flags::CU_EVENT_DEFAULT);
        let mut out = Vec::with_capacity(iters);
        for _ in 0..iters {
            let start = driver(what, "cuEventCreate", self.ctx.new_event(flags))?;
            let end = driver(what, "cuEventCreate", self.ctx.new_event(flags))?;
            driver(what, "cuEventRecord", start.record(&self.stream))?;
            work()?;
            driver(what, "cuEventRecord", end.record(&self.stream))?;
            out.push(driver(what, "cuEventElapsedTime", start.elapsed_ms(&end))? as f64);
        }
        // A fault inside the kernels surfaces here, not as a wrong time.
        self.synchronize(what)?;
        Ok(out)
    }

    /// Times `cuMemcpyDtoD` of `bytes` between two buffers (the bandwidth
    /// roofline; count `2 · bytes` moved, read plus written).
    pub fn copy_times(
        &self,
        bytes: usize,
        warmup: usize,
        iters: usize,
    ) -> Result<Vec<f64>, CudaError> {
        let src = self.tiled("dtod_copy", &[0x5a; 4096], bytes)?;
        let mut dst = self.zeros("dtod_copy", bytes)?;
        let stream = self.stream.clone();
        self.time("dtod_copy", warmup, iters, &mut || {
            driver(
                "dtod_copy",
                "cuMemcpyDtoD",
                stream.memcpy_dtod(&src, &mut dst),
            )
        })
    }
}
