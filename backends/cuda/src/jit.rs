//! Loading emitted modules through the [`crate::cache`].
//!
//! `cuModuleLoadData` on PTX text JIT-compiles it inside the driver on
//! every load and keeps nothing we can store. So: with ptxas installed its
//! cubin is cached (keyed by ptxas's version); without it (GPU machines
//! carry no toolkit) the driver's own JIT is run through `cuLink*`, which
//! hands back the cubin it builds, and that is cached keyed by the driver's
//! version. A cubin the driver refuses is dropped from the cache and the
//! next way is tried (a refused ptxas is not used again by this process),
//! down to loading the PTX text as before; every detour is reported once.

use crate::cache::{warn_once, CacheKey, CubinCache, Source};
use crate::compile::Ptxas;
use crate::runtime::driver;
use crate::CudaError;
use cudarc::driver::sys;
use cudarc::driver::{CudaContext, CudaModule};
use cudarc::nvrtc::Ptx;
use std::ffi::{c_void, CString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use tilekit_ptx::{PtxModule, Target};

/// Set when the driver refused a ptxas cubin (a ptxas newer than the
/// driver, say): from then on this process uses the driver's JIT.
static PTXAS_REFUSED: AtomicBool = AtomicBool::new(false);

/// The module of `m` loaded into `ctx`, from the cache when possible:
/// ptxas's cubin, else the driver JIT's, else the PTX text.
pub(crate) fn load_module(
    ctx: &Arc<CudaContext>,
    m: &PtxModule,
) -> Result<Arc<CudaModule>, CudaError> {
    let cache = CubinCache::from_env();
    let name = m.kernel.as_str();
    for use_ptxas in [true, false] {
        let built = if use_ptxas {
            match ptxas() {
                Some(p) if !PTXAS_REFUSED.load(Ordering::Relaxed) => {
                    let key = CacheKey::for_module(&p.version, m);
                    p.cubin(&cache, m)
                        .map(|(bytes, source)| (bytes, source, key))
                        .map_err(|e| e.to_string())
                }
                _ => continue,
            }
        } else {
            jit_cached(ctx, &cache, m)
        };
        let (bytes, source, key) = match built {
            Ok(b) => b,
            Err(why) => {
                let via = if use_ptxas {
                    "ptxas"
                } else {
                    "the driver's JIT"
                };
                warn_once(
                    &format!("compile {name} {use_ptxas}"),
                    &format!("no cubin for kernel `{name}` from {via}: {why}"),
                );
                continue;
            }
        };
        match ctx.load_module(Ptx::from_binary(bytes)) {
            Ok(module) => return Ok(module),
            Err(e) => {
                if matches!(source, Source::Cached(_)) {
                    cache.remove(&key);
                }
                if use_ptxas {
                    PTXAS_REFUSED.store(true, Ordering::Relaxed);
                }
                let path = cache.path(&key).display().to_string();
                warn_once(
                    &path,
                    &format!("the driver refused the cubin of kernel `{name}` ({path}): {e}"),
                );
            }
        }
    }
    warn_once(
        &format!("ptx {name}"),
        &format!("loading kernel `{name}` from its PTX text (not cached)"),
    );
    driver(
        name,
        "cuModuleLoadData",
        ctx.load_module(Ptx::from_src(m.text.clone())),
    )
}

/// The installed ptxas, looked up once per process (`find` runs
/// `ptxas --version`).
fn ptxas() -> Option<&'static Ptxas> {
    static PTXAS: OnceLock<Option<Ptxas>> = OnceLock::new();
    PTXAS.get_or_init(|| Ptxas::find().ok()).as_ref()
}

/// The driver JIT's cubin through the cache, keyed by the driver version.
fn jit_cached(
    ctx: &Arc<CudaContext>,
    cache: &CubinCache,
    m: &PtxModule,
) -> Result<(Vec<u8>, Source, CacheKey), String> {
    let key = CacheKey::for_module(&format!("driver {}", driver_version()?), m);
    let (bytes, source) = cache.get_or_build(&key, || jit_cubin(ctx, m))?;
    Ok((bytes, source, key))
}

/// `cuDriverGetVersion` (13000 for CUDA 13.0).
fn driver_version() -> Result<i32, String> {
    let mut v = 0;
    // Safety: writes one int.
    unsafe { sys::cuDriverGetVersion(&mut v) }
        .result()
        .map_err(|e| format!("cuDriverGetVersion: {e}"))?;
    Ok(v)
}

/// Destroys a link state however [`jit_cubin`] leaves.
struct Link(sys::CUlinkState);

impl Drop for Link {
    fn drop(&mut self) {
        // Safety: created by cuLinkCreate and destroyed once, here.
        unsafe {
            let _ = sys::cuLinkDestroy(self.0);
        }
    }
}

/// The driver's JIT on `m.text` for the current device, as a cubin.
fn jit_cubin(ctx: &Arc<CudaContext>, m: &PtxModule) -> Result<Vec<u8>, String> {
    ctx.bind_to_thread().map_err(|e| e.to_string())?;
    let mut log = vec![0u8; 16 * 1024];
    let mut options = vec![
        sys::CUjit_option::CU_JIT_ERROR_LOG_BUFFER,
        sys::CUjit_option::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
    ];
    // Option values are pointer-sized; a number is passed as the pointer.
    let mut values = vec![log.as_mut_ptr() as *mut c_void, log.len() as *mut c_void];
    // The JIT targets the context's device by default, which is right for
    // sm_80 text on any later GPU; sm_90a's features need the `a` target
    // named (the device is exactly 9.0 then).
    if m.target == Target::Sm90a {
        options.push(sys::CUjit_option::CU_JIT_TARGET);
        values.push(sys::CUjit_target::CU_TARGET_COMPUTE_90A as usize as *mut c_void);
    }
    let mut state: sys::CUlinkState = std::ptr::null_mut();
    // Safety: as many values as options; `log` outlives the link state
    // (dropped after `link` below).
    unsafe {
        sys::cuLinkCreate_v2(
            options.len() as u32,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
            &mut state,
        )
    }
    .result()
    .map_err(|e| format!("cuLinkCreate: {e}"))?;
    let link = Link(state);
    let src = CString::new(m.text.as_str()).map_err(|_| "the PTX text holds a NUL byte")?;
    let entry = CString::new(m.entry.as_str()).map_err(|_| "the entry name holds a NUL byte")?;
    let log_text = |log: &[u8]| {
        let end = log.iter().position(|b| *b == 0).unwrap_or(log.len());
        String::from_utf8_lossy(&log[..end]).trim().to_string()
    };
    // Safety: `src` is NUL-terminated and its length includes the NUL.
    let added = unsafe {
        sys::cuLinkAddData_v2(
            link.0,
            sys::CUjitInputType::CU_JIT_INPUT_PTX,
            src.as_ptr() as *mut c_void,
            src.as_bytes_with_nul().len(),
            entry.as_ptr(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if let Err(e) = added.result() {
        return Err(format!("cuLinkAddData: {e}: {}", log_text(&log)));
    }
    let (mut out, mut size) = (std::ptr::null_mut::<c_void>(), 0usize);
    // Safety: the output belongs to the link state; copied before it drops.
    let done = unsafe { sys::cuLinkComplete(link.0, &mut out, &mut size) };
    if let Err(e) = done.result() {
        return Err(format!("cuLinkComplete: {e}: {}", log_text(&log)));
    }
    if out.is_null() || size == 0 {
        return Err("cuLinkComplete returned no cubin".into());
    }
    // Safety: `size` bytes at `out`, alive until `link` drops.
    let bytes = unsafe { std::slice::from_raw_parts(out as *const u8, size) }.to_vec();
    drop(link);
    drop(log);
    Ok(bytes)
}
