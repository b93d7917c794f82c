//! The launcher over cudarc: emit PTX for the device's architecture, load
//! it, upload the arguments, encode the tensor maps of TMA loads (sm_90a)
//! for the uploaded buffers, launch one CTA per grid program, read back.

use crate::plan::{outputs, plan_launch, ArgSlot};
use crate::CudaError;
use cudarc::driver::sys::{self, CUfunction_attribute_enum};
use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, DevicePtr, DeviceRepr, LaunchConfig,
    PushKernelArg,
};
use std::collections::BTreeMap;
use std::sync::Arc;
use tilekit_core::{DType, HostTensor, KernelArgs, VerifiedKernel};
use tilekit_ptx::{emit, PtxModule, Target, TensorMap};

/// A `CUtensorMap` passed to a kernel by value (`.param .align 64 .b8
/// name[128]`).
#[repr(transparent)]
pub(crate) struct TensorMapArg(sys::CUtensorMap);

// Safety: a plain 128-byte struct of integers, copied into the parameter
// buffer as is, which is what the kernel parameter expects.
unsafe impl DeviceRepr for TensorMapArg {}

/// Encodes `m` for the device buffer at `ptr` with `cuTensorMapEncodeTiled`:
/// tiled, no interleave, no swizzle, element strides 1, out-of-bounds
/// elements read as zeros.
pub(crate) fn encode_tensor_map(
    kernel: &str,
    name: &str,
    m: &TensorMap,
    ptr: sys::CUdeviceptr,
) -> Result<TensorMapArg, CudaError> {
    use sys::CUtensorMapDataType_enum as T;
    let dtype = match m.dtype {
        DType::Bf16 => T::CU_TENSOR_MAP_DATA_TYPE_BFLOAT16,
        DType::F16 => T::CU_TENSOR_MAP_DATA_TYPE_FLOAT16,
        DType::F32 => T::CU_TENSOR_MAP_DATA_TYPE_FLOAT32,
        DType::I32 => T::CU_TENSOR_MAP_DATA_TYPE_INT32,
        // TMA moves bytes: the 8-bit dtypes (fp8 included) are copied as
        // their codes, u16 as its bits.
        DType::Bool | DType::I8 | DType::U8 | DType::F8E4M3 | DType::F8E5M2 => {
            T::CU_TENSOR_MAP_DATA_TYPE_UINT8
        }
        DType::U16 => T::CU_TENSOR_MAP_DATA_TYPE_UINT16,
    };
    let rank = m.dims.len();
    if m.strides.len() + 1 != rank || m.box_dims.len() != rank {
        return Err(CudaError::Driver {
            kernel: kernel.to_string(),
            call: "cuTensorMapEncodeTiled",
            error: format!("tensor map of `{name}` has inconsistent ranks"),
        });
    }
    let element_strides = vec![1u32; rank];
    let mut map = sys::CUtensorMap { opaque: [0; 16] };
    // Safety: every array holds `rank` entries (`strides` rank - 1), `map`
    // is a properly aligned CUtensorMap, and the driver only reads `ptr`.
    let r = unsafe {
        sys::cuTensorMapEncodeTiled(
            &mut map,
            dtype,
            rank as u32,
            ptr as *mut std::ffi::c_void,
            m.dims.as_ptr(),
            m.strides.as_ptr(),
            m.box_dims.as_ptr(),
            element_strides.as_ptr(),
            sys::CUtensorMapInterleave_enum::CU_TENSOR_MAP_INTERLEAVE_NONE,
            sys::CUtensorMapSwizzle_enum::CU_TENSOR_MAP_SWIZZLE_NONE,
            sys::CUtensorMapL2promotion_enum::CU_TENSOR_MAP_L2_PROMOTION_NONE,
            sys::CUtensorMapFloatOOBfill_enum::CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE,
        )
    };
    r.result().map_err(|e| CudaError::Driver {
        kernel: kernel.to_string(),
        call: "cuTensorMapEncodeTiled",
        error: format!(
            "{e} (tensor map of `{name}`: dims {:?}, strides {:?}, box {:?})",
            m.dims, m.strides, m.box_dims
        ),
    })?;
    Ok(TensorMapArg(map))
}

/// One GPU, its context and a stream.
pub struct CudaRuntime {
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    target: Target,
    device: String,
}

/// A kernel loaded on the device.
pub struct CudaKernel {
    kernel: VerifiedKernel,
    module: PtxModule,
    func: CudaFunction,
}

impl CudaKernel {
    pub fn module(&self) -> &PtxModule {
        &self.module
    }
}

pub(crate) fn driver<T>(
    kernel: &str,
    call: &'static str,
    r: Result<T, cudarc::driver::DriverError>,
) -> Result<T, CudaError> {
    r.map_err(|e| CudaError::Driver {
        kernel: kernel.to_string(),
        call,
        error: e.to_string(),
    })
}

/// A context, the target to emit for, and the compute capability.
pub(crate) type OpenDevice = (Arc<CudaContext>, Target, (i32, i32));

/// Opens GPU `ordinal`: its context, the target to emit for (sm_90a on
/// compute capability 9.0, sm_80, which later GPUs also run, elsewhere) and
/// the compute capability.
pub(crate) fn open_device(ordinal: usize) -> Result<OpenDevice, CudaError> {
    // cudarc panics when it cannot load libcuda; ask first.
    // Safety: only probes for the library.
    if !unsafe { cudarc::driver::sys::is_culib_present() } {
        return Err(CudaError::Driver {
            kernel: "<none>".into(),
            call: "loading libcuda",
            error: "the CUDA driver library (libcuda.so) is not installed on this machine".into(),
        });
    }
    let ctx = driver("<none>", "cuCtxCreate", CudaContext::new(ordinal))?;
    let (major, minor) = driver("<none>", "cuDeviceGetAttribute", ctx.compute_capability())?;
    let target = if (major, minor) == (9, 0) {
        Target::Sm90a
    } else {
        Target::Sm80
    };
    Ok((ctx, target, (major, minor)))
}

/// Loads an emitted module's entry (a cached cubin when there is one,
/// `jit`), opted into its dynamic shared memory (above 48 KiB a kernel must
/// opt in).
pub(crate) fn load_function(
    ctx: &Arc<CudaContext>,
    module: &PtxModule,
) -> Result<CudaFunction, CudaError> {
    let name = module.kernel.as_str();
    let loaded = crate::jit::load_module(ctx, module)?;
    let func = driver(
        name,
        "cuModuleGetFunction",
        loaded.load_function(&module.entry),
    )?;
    driver(
        name,
        "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)",
        func.set_attribute(
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
            module.launch.dynamic_smem_bytes as i32,
        ),
    )?;
    Ok(func)
}

impl CudaRuntime {
    /// Opens GPU `ordinal`; emits for sm_90a on compute capability 9.0 and
    /// for sm_80 (which later GPUs also run) elsewhere.
    pub fn new(ordinal: usize) -> Result<CudaRuntime, CudaError> {
        let (ctx, target, (major, minor)) = open_device(ordinal)?;
        let name = ctx.name().unwrap_or_else(|_| "unknown GPU".into());
        let stream = ctx.default_stream();
        Ok(CudaRuntime {
            ctx,
            stream,
            target,
            device: format!("{name} (sm_{major}{minor})"),
        })
    }

    pub fn target(&self) -> Target {
        self.target
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    /// Emits and loads `kernel`.
    pub fn load(&self, kernel: &VerifiedKernel) -> Result<CudaKernel, CudaError> {
        let module = emit(kernel, self.target)?;
        let func = load_function(&self.ctx, &module)?;
        Ok(CudaKernel {
            kernel: kernel.clone(),
            module,
            func,
        })
    }

    /// Loads `program` with its initial `state` (state buffers not given
    /// start as zeros): every buffer allocated and the state uploaded once.
    pub fn load_program(
        &self,
        program: &Arc<tilekit_core::program::Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<crate::CudaProgram, CudaError> {
        crate::CudaProgram::load(&self.ctx, self.target, program, state)
    }

    /// Runs a loaded kernel; returns its outputs and in/out refs by name.
    pub fn run(
        &self,
        k: &CudaKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, CudaError> {
        let name = k.module.kernel.as_str();
        let plan = plan_launch(&k.kernel, &k.module, args)?;
        let mut buffers: Vec<Option<CudaSlice<u8>>> = Vec::new();
        let (mut f32s, mut u32s) = (Vec::new(), Vec::new());
        for slot in &plan.slots {
            buffers.push(match slot {
                // cuMemAlloc rejects 0 bytes; a 16-byte buffer is never read.
                ArgSlot::Upload { bytes, .. } if bytes.is_empty() => Some(driver(
                    name,
                    "cuMemAlloc",
                    self.stream.alloc_zeros::<u8>(16),
                )?),
                ArgSlot::Upload { bytes, .. } => {
                    Some(driver(name, "cuMemcpyHtoD", self.stream.clone_htod(bytes))?)
                }
                ArgSlot::Zeroed { bytes, .. } => Some(driver(
                    name,
                    "cuMemAlloc",
                    self.stream.alloc_zeros::<u8>((*bytes).max(16)),
                )?),
                ArgSlot::F32(x) => {
                    f32s.push(*x);
                    None
                }
                ArgSlot::U32(x) => {
                    u32s.push(*x);
                    None
                }
                ArgSlot::TensorMap { .. } => None,
            });
        }
        // Tensor maps hold the address of a buffer uploaded above (the
        // ref's slot comes before the map's); the guards keep the stream
        // ordered after those uploads until the launch is queued.
        let (mut maps, mut guards) = (Vec::new(), Vec::new());
        for slot in &plan.slots {
            if let ArgSlot::TensorMap {
                name: ref_name,
                map,
                buffer,
            } = slot
            {
                let b = buffers
                    .get(*buffer)
                    .and_then(|b| b.as_ref())
                    .ok_or_else(|| CudaError::Driver {
                        kernel: name.to_string(),
                        call: "cuTensorMapEncodeTiled",
                        error: format!("tensor map of `{ref_name}`: its buffer is not uploaded"),
                    })?;
                let (ptr, guard) = b.device_ptr(&self.stream);
                guards.push(guard);
                maps.push(encode_tensor_map(name, ref_name, map, ptr)?);
            }
        }
        let launch = &k.module.launch;
        let cfg = LaunchConfig {
            grid_dim: (launch.grid[0], launch.grid[1], launch.grid[2]),
            block_dim: (launch.block[0], launch.block[1], launch.block[2]),
            shared_mem_bytes: launch.dynamic_smem_bytes,
        };
        {
            let mut builder = self.stream.launch_builder(&k.func);
            let (mut fi, mut ui, mut ti) = (0, 0, 0);
            for (slot, buf) in plan.slots.iter().zip(&buffers) {
                match (slot, buf) {
                    (_, Some(b)) => {
                        builder.arg(b);
                    }
                    (ArgSlot::TensorMap { .. }, None) => {
                        builder.arg(&maps[ti]);
                        ti += 1;
                    }
                    (ArgSlot::F32(_), None) => {
                        builder.arg(&f32s[fi]);
                        fi += 1;
                    }
                    _ => {
                        builder.arg(&u32s[ui]);
                        ui += 1;
                    }
                }
            }
            // Safety: the parameters follow `module.params` (plan_launch)
            // and every buffer has the size of its ref.
            driver(name, "cuLaunchKernel", unsafe { builder.launch(cfg) })?;
        }
        drop(guards);
        driver(
            name,
            "cuStreamSynchronize (kernel execution)",
            self.stream.synchronize(),
        )?;
        outputs(name, &plan, |slot| {
            let Some(b) = &buffers[slot] else {
                return Ok(Vec::new());
            };
            let mut bytes = driver(name, "cuMemcpyDtoH", self.stream.clone_dtoh(b))?;
            // Buffers were padded to at least 16 bytes.
            bytes.truncate(plan.slots[slot].byte_len());
            Ok(bytes)
        })
    }
}

impl From<CudaError> for tilekit_core::backend::BackendError {
    fn from(e: CudaError) -> Self {
        use tilekit_core::backend::BackendError;
        match e {
            CudaError::Args(a) => BackendError::Args(a),
            CudaError::Program(p) => BackendError::Program(p),
            CudaError::Emit(p) => BackendError::Target {
                backend: "cuda".into(),
                kernel: p.kernel.clone(),
                message: p.to_string(),
            },
            CudaError::Driver { ref kernel, .. } | CudaError::Output { ref kernel, .. } => {
                BackendError::Target {
                    backend: "cuda".into(),
                    kernel: kernel.clone(),
                    message: e.to_string(),
                }
            }
        }
    }
}

/// The GPU as a [`tilekit_core::backend::Backend`]: emits, loads and runs
/// the kernel on every call (modules come from the on-disk cubin cache);
/// programs stay on the device ([`crate::CudaProgram`]).
impl tilekit_core::backend::Backend for CudaRuntime {
    fn name(&self) -> String {
        format!("cuda-{}", self.target.name())
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, tilekit_core::backend::BackendError> {
        let loaded = self.load(kernel)?;
        Ok(CudaRuntime::run(self, &loaded, args)?)
    }

    fn load_program<'a>(
        &'a self,
        program: &Arc<tilekit_core::program::Program>,
        state: BTreeMap<String, HostTensor>,
    ) -> Result<
        Box<dyn tilekit_core::program::LoadedProgram + 'a>,
        tilekit_core::backend::BackendError,
    > {
        Ok(Box::new(self.load_program(program, state)?))
    }
}
