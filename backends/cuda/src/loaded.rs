//! A program on the GPU ([`CudaProgram`]): the launch plan of
//! [`crate::program`] with its buffers allocated once on a stream of its
//! own. State is uploaded at load and stays on the device; each execution
//! copies the inputs into their buffers, replays the launch list and
//! downloads only the program's outputs.
//!
//! The launch list is captured into a CUDA graph on the first execution
//! and the graph is replayed afterwards: one submission per step instead of
//! one per kernel (and per zeroed temp). That works because nothing in a
//! launch changes between executions: every buffer keeps its address,
//! scalars are fixed when the program is built, and tensor maps are
//! encoded once for those addresses. Kernel arguments are raw device
//! addresses, not cudarc slices, so no event waits or records (which a
//! capture may reject) go into the capture; the one stream orders
//! everything. If capture fails, the program launches its kernels one by
//! one and says why once.

use crate::cache::warn_once;
use crate::program::{input_bytes, plan_program, state_bytes, tensor_from_bytes};
use crate::program::{LaunchArg, ProgramPlan};
use crate::runtime::{driver, encode_tensor_map, load_function, TensorMapArg};
use crate::CudaError;
use cudarc::driver::sys::{self, CUgraphInstantiate_flags, CUstreamCaptureMode};
use cudarc::driver::{
    CudaContext, CudaFunction, CudaGraph, CudaSlice, CudaStream, DevicePtr, LaunchConfig,
    PushKernelArg,
};
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::backend::BackendError;
use tilekit_core::program::{BufferId, LoadedProgram, Program, ProgramError};
use tilekit_core::HostTensor;
use tilekit_ptx::Target;

/// One entry parameter as passed to `cuLaunchKernel`.
enum Param {
    Ptr(sys::CUdeviceptr),
    F32(f32),
    U32(u32),
    Map(TensorMapArg),
}

/// How the launch list runs.
enum Replay {
    /// Not executed yet: the next execution captures.
    Uncaptured,
    Graph(CudaGraph),
    /// Capture failed (reported once): plain launches.
    Launches,
}

/// A program loaded on the GPU.
pub struct CudaProgram {
    /// First, so the graph goes before the buffers its launches use.
    replay: Replay,
    program: Arc<Program>,
    plan: ProgramPlan,
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    /// One per plan module.
    funcs: Vec<CudaFunction>,
    /// One per program buffer, alive as long as the program (the
    /// addresses in `params` and in the graph point into them).
    buffers: Vec<CudaSlice<u8>>,
    /// Their addresses (taken once: cudarc's accessors record events,
    /// which must stay out of a capture).
    ptrs: Vec<sys::CUdeviceptr>,
    /// One list per launch.
    params: Vec<Vec<Param>>,
    /// Why the state can no longer be trusted (an execution failed after
    /// its launches were queued).
    lost: Option<String>,
}

impl CudaProgram {
    /// Emits and loads every kernel, allocates every buffer and uploads the
    /// state, on a new stream of `ctx` (graph capture needs one: the
    /// legacy default stream cannot be captured).
    pub fn load(
        ctx: &Arc<CudaContext>,
        target: Target,
        program: &Arc<Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<CudaProgram, CudaError> {
        let name = format!("<program {}>", program.name);
        let state = state_bytes(program, state)?;
        let plan = plan_program(program, target)?;
        let funcs = plan
            .modules
            .iter()
            .map(|m| load_function(ctx, m))
            .collect::<Result<Vec<_>, _>>()?;
        let stream = driver(&name, "cuStreamCreate", ctx.new_stream())?;
        let mut buffers = Vec::with_capacity(program.buffers.len());
        for i in 0..program.buffers.len() {
            let bytes = plan.alloc_bytes_at(i);
            buffers.push(driver(
                &program.buffers[i].name,
                "cuMemAlloc",
                stream.alloc_zeros::<u8>(bytes),
            )?);
        }
        for (b, bytes) in &state {
            if !bytes.is_empty() {
                let what = &program.buffer(*b).name;
                driver(
                    what,
                    "cuMemcpyHtoD (state)",
                    stream.memcpy_htod(bytes.as_slice(), &mut buffers[b.index()]),
                )?;
            }
        }
        let ptrs: Vec<sys::CUdeviceptr> = buffers.iter().map(|b| b.device_ptr(&stream).0).collect();
        let mut params = Vec::with_capacity(plan.launches.len());
        for l in &plan.launches {
            let kernel = program.calls[l.call].kernel.kernel();
            let mut list = Vec::with_capacity(l.args.len());
            for a in &l.args {
                list.push(match a {
                    LaunchArg::Buffer(b) => Param::Ptr(ptrs[b.index()]),
                    LaunchArg::F32(x) => Param::F32(*x),
                    LaunchArg::U32(x) => Param::U32(*x),
                    LaunchArg::TensorMap { map, buffer } => {
                        let m = &plan.modules[l.module].tensor_maps[*map];
                        let ref_name = kernel
                            .refs
                            .get(m.ref_index)
                            .map_or("?", |r| r.name.as_str());
                        Param::Map(encode_tensor_map(
                            &l.kernel,
                            ref_name,
                            m,
                            ptrs[buffer.index()],
                        )?)
                    }
                });
            }
            params.push(list);
        }
        driver(
            &name,
            "cuStreamSynchronize (state upload)",
            stream.synchronize(),
        )?;
        Ok(CudaProgram {
            program: program.clone(),
            plan,
            ctx: ctx.clone(),
            stream,
            funcs,
            buffers,
            ptrs,
            params,
            replay: Replay::Uncaptured,
            lost: None,
        })
    }

    /// Whether executions replay a CUDA graph (after the first), rather
    /// than launching kernel by kernel.
    pub fn uses_graph(&self) -> bool {
        matches!(self.replay, Replay::Graph(_))
    }

    /// Queues every launch (and the zeroing of the temps each creates).
    fn launch_all(&self) -> Result<(), CudaError> {
        for (l, params) in self.plan.launches.iter().zip(&self.params) {
            let name = l.kernel.as_str();
            for b in &l.zero {
                let (ptr, bytes) = (self.ptr(*b), self.plan.alloc_bytes(*b));
                // Safety: `ptr` is a live allocation of `bytes` bytes.
                let r = unsafe {
                    cudarc::driver::result::memset_d8_async(ptr, 0, bytes, self.stream.cu_stream())
                };
                driver(name, "cuMemsetD8Async", r)?;
            }
            let mut builder = self.stream.launch_builder(&self.funcs[l.module]);
            for p in params {
                match p {
                    Param::Ptr(x) => builder.arg(x),
                    Param::F32(x) => builder.arg(x),
                    Param::U32(x) => builder.arg(x),
                    Param::Map(m) => builder.arg(m),
                };
            }
            let c = &l.config;
            let cfg = LaunchConfig {
                grid_dim: (c.grid[0], c.grid[1], c.grid[2]),
                block_dim: (c.block[0], c.block[1], c.block[2]),
                shared_mem_bytes: c.dynamic_smem_bytes,
            };
            // Safety: one argument per entry parameter in the module's
            // order (`plan_program`), each buffer allocated for the
            // program buffer its parameter is bound to.
            driver(name, "cuLaunchKernel", unsafe { builder.launch(cfg) })?;
        }
        Ok(())
    }

    fn ptr(&self, b: BufferId) -> sys::CUdeviceptr {
        self.ptrs[b.index()]
    }

    /// Captures the launch list into a graph (the launches do not run).
    fn capture(&self) -> Result<CudaGraph, String> {
        self.stream
            .begin_capture(CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_THREAD_LOCAL)
            .map_err(|e| format!("cuStreamBeginCapture: {e}"))?;
        // The capture is ended whatever happened, so the stream is usable.
        let launched = self.launch_all();
        let ended = self.stream.end_capture(CUgraphInstantiate_flags(0));
        launched.map_err(|e| e.to_string())?;
        match ended {
            Ok(Some(g)) => Ok(g),
            Ok(None) => Err("the capture recorded nothing".into()),
            Err(e) => Err(format!("cuStreamEndCapture: {e}")),
        }
    }

    /// Runs the launch list once, capturing it first if it has not been.
    fn run(&mut self) -> Result<(), CudaError> {
        if matches!(self.replay, Replay::Uncaptured) {
            self.replay = match self.capture() {
                Ok(g) => Replay::Graph(g),
                Err(why) => {
                    let p = &self.program.name;
                    warn_once(
                        &format!("graph {p}"),
                        &format!("program `{p}`: CUDA graph capture failed ({why}); launching its kernels one by one"),
                    );
                    Replay::Launches
                }
            };
        }
        match &self.replay {
            Replay::Graph(g) => driver(&self.label(), "cuGraphLaunch", g.launch()),
            _ => self.launch_all(),
        }
    }

    fn label(&self) -> String {
        format!("<program {}>", self.program.name)
    }

    fn download(&self, b: BufferId) -> Result<HostTensor, CudaError> {
        let what = &self.program.buffer(b).name;
        let bytes = driver(
            what,
            "cuMemcpyDtoH",
            self.stream
                .clone_dtoh(&self.buffers[self.program.base(b).index()]),
        )?;
        driver(what, "cuStreamSynchronize", self.stream.synchronize())?;
        Ok(tensor_from_bytes(&self.program, b, bytes)?)
    }

    fn fail(&self, problem: String) -> BackendError {
        BackendError::Program(ProgramError {
            program: self.program.name.clone(),
            problems: vec![problem],
        })
    }
}

impl LoadedProgram for CudaProgram {
    fn program(&self) -> &Arc<Program> {
        &self.program
    }

    fn execute(
        &mut self,
        inputs: &[(&str, &HostTensor)],
    ) -> Result<BTreeMap<BufferId, HostTensor>, BackendError> {
        if let Some(why) = &self.lost {
            return Err(self.fail(format!(
                "its state was lost when {why}; load the program again"
            )));
        }
        let inputs = input_bytes(&self.program, inputs)?;
        driver(&self.label(), "cuCtxSetCurrent", self.ctx.bind_to_thread())?;
        for (b, bytes) in &inputs {
            if !bytes.is_empty() {
                let what = &self.program.buffer(*b).name;
                driver(
                    what,
                    "cuMemcpyHtoD (input)",
                    self.stream
                        .memcpy_htod(bytes.as_slice(), &mut self.buffers[b.index()]),
                )?;
            }
        }
        // From here on the state may be half updated if anything fails.
        let ran = self.run().and_then(|()| {
            driver(
                &self.label(),
                "cuStreamSynchronize (kernel execution)",
                self.stream.synchronize(),
            )
        });
        if let Err(e) = ran {
            self.lost = Some(format!("an execution failed ({e})"));
            return Err(e.into());
        }
        let mut out = BTreeMap::new();
        for b in &self.program.outputs {
            out.insert(*b, self.download(*b)?);
        }
        Ok(out)
    }

    fn read_state(&self, name: &str) -> Result<HostTensor, BackendError> {
        let b = self.program.state_buffer(name)?;
        if let Some(why) = &self.lost {
            return Err(self.fail(format!("state `{name}` was lost when {why}")));
        }
        Ok(self.download(b)?)
    }

    fn write_state_rows(
        &mut self,
        name: &str,
        start: usize,
        rows: &HostTensor,
    ) -> Result<(), BackendError> {
        let b = self.program.check_rows(name, start, rows)?;
        if let Some(why) = &self.lost {
            return Err(self.fail(format!("state `{name}` was lost when {why}")));
        }
        let bytes = rows.to_le_bytes();
        let row_bytes = bytes.len() / rows.shape()[0].max(1);
        let from = start * row_bytes;
        driver(&self.label(), "cuCtxSetCurrent", self.ctx.bind_to_thread())?;
        let mut window = self.buffers[b.index()].slice_mut(from..from + bytes.len());
        driver(
            name,
            "cuMemcpyHtoD (state rows)",
            self.stream.memcpy_htod(bytes.as_slice(), &mut window),
        )?;
        driver(name, "cuStreamSynchronize", self.stream.synchronize())?;
        Ok(())
    }
}
