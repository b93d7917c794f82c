//! A PJRT client on one device: compiles StableHLO text and moves host
//! tensors to and from the device.
//!
//! Buffers and executables keep their client alive (they hold an `Arc` to
//! it): PJRT requires them to be destroyed before the client.

use crate::buffer::DeviceBuffer;
use crate::error::PjrtError;
use crate::executable::Executable;
use crate::ffi::{self, struct_size, PJRT_Client, PJRT_Device};
use crate::plugin::Plugin;
use std::sync::Arc;
use tilekit_core::HostTensor;

/// A serialized `CompileOptionsProto` asking for one replica and one
/// partition (`executable_build_options { num_replicas: 1 num_partitions: 1 }`),
/// the single-device compile every plugin accepts.
pub(crate) const COMPILE_OPTIONS: [u8; 6] = [0x1a, 0x04, 0x20, 0x01, 0x28, 0x01];

/// [`COMPILE_OPTIONS`] plus, for XLA's CPU compiler on x86-64, the debug
/// option `xla_cpu_max_isa = "AVX"` (`env_option_overrides`, field 7: a
/// map entry `{1: name, 2: OptionOverrideProto {1: string}}`). XLA's CPU
/// compiler always lets LLVM contract a multiply into the add that uses it
/// (an FMA: one rounding where the semantics ask for two, so `x * y + z`
/// differed from the interpreter in the last bit); AVX has no FMA
/// instructions, so there is nothing to contract into. Vector width is
/// unchanged (AVX has 256-bit float vectors).
const CPU_COMPILE_OPTIONS: [u8; 32] = [
    0x1a, 0x04, 0x20, 0x01, 0x28, 0x01, // executable_build_options, as above
    0x3a, 0x18, // env_option_overrides entry, 24 bytes
    0x0a, 0x0f, b'x', b'l', b'a', b'_', b'c', b'p', b'u', b'_', b'm', b'a', b'x', b'_', b'i', b's',
    b'a', // key
    0x12, 0x05, 0x0a, 0x03, b'A', b'V', b'X', // value: string_field "AVX"
];

pub(crate) struct ClientInner {
    pub(crate) plugin: Arc<Plugin>,
    pub(crate) raw: *mut PJRT_Client,
    pub(crate) device: *mut PJRT_Device,
    pub(crate) platform: String,
}

// SAFETY: PJRT clients, devices, buffers and executables are thread-safe
// objects (xla::PjRtClient is documented as such); the raw pointers are only
// handed back to the plugin.
unsafe impl Send for ClientInner {}
unsafe impl Sync for ClientInner {}

impl Drop for ClientInner {
    fn drop(&mut self) {
        let api = self.plugin.api();
        if let Some(f) = api.PJRT_Client_Destroy {
            // SAFETY: the last reference to this client; every buffer and
            // executable holds an Arc to it, so none outlives it.
            unsafe {
                let mut args: ffi::PJRT_Client_Destroy_Args =
                    ffi::zeroed_args(struct_size!(ffi::PJRT_Client_Destroy_Args, client));
                args.client = self.raw;
                let _ = self.plugin.check("PJRT_Client_Destroy", f(&mut args));
            }
        }
    }
}

/// How XLA's CPU compiler may generate code for floating point on x86-64
/// (other platforms and architectures ignore it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CpuCodegen {
    /// Every op rounds once, as the IR's semantics say, so results equal
    /// the interpreter's bit for bit: compiles cap the ISA at AVX, which
    /// has no fused multiply-add for LLVM to contract `x * y + z` into.
    /// The default, and what the differential tests need.
    #[default]
    Exact,
    /// The host's whole ISA (AVX-512 and FMA where present): a multiply
    /// and the add using it may round once instead of twice. For serving,
    /// where a model's tolerance is far above one rounding and the matrix
    /// products run faster.
    Native,
}

/// A client on the plugin's first addressable device.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
    codegen: CpuCodegen,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("platform", &self.inner.platform)
            .field("plugin", &self.inner.plugin.path())
            .field("codegen", &self.codegen)
            .finish()
    }
}

impl Client {
    /// Creates a client with default options.
    pub fn new(plugin: Arc<Plugin>) -> Result<Client, PjrtError> {
        let api = plugin.api();
        let create = plugin.func(api.PJRT_Client_Create, "PJRT_Client_Create")?;
        // SAFETY: zeroed args (no options, no KV callbacks) of the right size.
        let mut args: ffi::PJRT_Client_Create_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Client_Create_Args,
                kv_try_get_user_arg
            ))
        };
        plugin.check("PJRT_Client_Create", unsafe { create(&mut args) })?;
        if args.client.is_null() {
            return Err(protocol("PJRT_Client_Create", "returned no client"));
        }
        // Owned from here on, so an error below still destroys the client.
        let mut inner = ClientInner {
            plugin: plugin.clone(),
            raw: args.client,
            device: std::ptr::null_mut(),
            platform: String::new(),
        };
        inner.device = first_device(&inner)?;
        inner.platform = platform_name(&inner)?;
        Ok(Client {
            inner: Arc::new(inner),
            codegen: CpuCodegen::Exact,
        })
    }

    /// A client owning `inner`, compiling exactly as [`Client::new`]'s
    /// does (another constructor's, [`crate::multi`]).
    pub(crate) fn from_inner(inner: ClientInner) -> Client {
        Client {
            inner: Arc::new(inner),
            codegen: CpuCodegen::Exact,
        }
    }

    /// This client (the same device and buffers) compiling with `codegen`.
    pub fn with_codegen(mut self, codegen: CpuCodegen) -> Client {
        self.codegen = codegen;
        self
    }

    /// How this client's CPU compiles treat floating point.
    pub fn codegen(&self) -> CpuCodegen {
        self.codegen
    }

    /// The platform name the plugin reports (`cpu`, `cuda`, `tpu`).
    pub fn platform(&self) -> &str {
        &self.inner.platform
    }

    pub fn plugin(&self) -> &Arc<Plugin> {
        &self.inner.plugin
    }

    /// Compiles a StableHLO module given as MLIR text.
    pub fn compile(&self, mlir: &str) -> Result<Executable, PjrtError> {
        self.compile_with(mlir, self.compile_options())
    }

    /// [`Client::compile`] with explicit serialized `CompileOptionsProto`
    /// bytes (a sharded program's, [`crate::multi`]).
    pub(crate) fn compile_with(&self, mlir: &str, options: &[u8]) -> Result<Executable, PjrtError> {
        let plugin = &self.inner.plugin;
        let compile = plugin.func(plugin.api().PJRT_Client_Compile, "PJRT_Client_Compile")?;
        let format = "mlir";
        // SAFETY: the program and options outlive the call; PJRT only reads them.
        let mut program: ffi::PJRT_Program =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Program, format_size)) };
        program.code = mlir.as_ptr() as *mut ffi::c_char;
        program.code_size = mlir.len();
        program.format = format.as_ptr() as *const ffi::c_char;
        program.format_size = format.len();
        let mut args: ffi::PJRT_Client_Compile_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Client_Compile_Args, executable)) };
        args.client = self.inner.raw;
        args.program = &program;
        args.compile_options = options.as_ptr() as *const ffi::c_char;
        args.compile_options_size = options.len();
        plugin.check("PJRT_Client_Compile", unsafe { compile(&mut args) })?;
        if args.executable.is_null() {
            return Err(protocol("PJRT_Client_Compile", "returned no executable"));
        }
        Executable::new(self.inner.clone(), args.executable)
    }

    /// Loads an executable from [`Executable::serialize`]'s bytes (with the
    /// compile options stored in them).
    pub fn deserialize(&self, bytes: &[u8]) -> Result<Executable, PjrtError> {
        let plugin = &self.inner.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Executable_DeserializeAndLoad,
            "PJRT_Executable_DeserializeAndLoad",
        )?;
        // SAFETY: zeroed args of the right size; the bytes outlive the call.
        let mut args: ffi::PJRT_Executable_DeserializeAndLoad_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Executable_DeserializeAndLoad_Args,
                overridden_serialized_compile_options_size
            ))
        };
        args.client = self.inner.raw;
        args.serialized_executable = bytes.as_ptr() as *const ffi::c_char;
        args.serialized_executable_size = bytes.len();
        plugin.check("PJRT_Executable_DeserializeAndLoad", unsafe {
            f(&mut args)
        })?;
        if args.loaded_executable.is_null() {
            return Err(protocol(
                "PJRT_Executable_DeserializeAndLoad",
                "returned no executable",
            ));
        }
        Executable::new(self.inner.clone(), args.loaded_executable)
    }

    /// The platform version the plugin reports (part of the compile cache key).
    pub fn platform_version(&self) -> Result<String, PjrtError> {
        let plugin = &self.inner.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Client_PlatformVersion,
            "PJRT_Client_PlatformVersion",
        )?;
        // SAFETY: zeroed args; the string is owned by the client.
        let mut args: ffi::PJRT_Client_PlatformVersion_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Client_PlatformVersion_Args,
                platform_version_size
            ))
        };
        args.client = self.inner.raw;
        plugin.check("PJRT_Client_PlatformVersion", unsafe { f(&mut args) })?;
        if args.platform_version.is_null() {
            return Ok(String::new());
        }
        let bytes = unsafe {
            std::slice::from_raw_parts(
                args.platform_version as *const u8,
                args.platform_version_size,
            )
        };
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    /// The serialized compile options [`Client::compile`] passes (part of
    /// the compile cache key).
    pub(crate) fn compile_options(&self) -> &'static [u8] {
        let exact = self.codegen == CpuCodegen::Exact;
        if exact && cfg!(target_arch = "x86_64") && self.platform().eq_ignore_ascii_case("cpu") {
            &CPU_COMPILE_OPTIONS
        } else {
            &COMPILE_OPTIONS
        }
    }

    /// Copies a host tensor to the device.
    pub fn upload(&self, t: &HostTensor) -> Result<DeviceBuffer, PjrtError> {
        DeviceBuffer::from_host(self.inner.clone(), t, false)
    }

    /// Copies a host tensor to the device, bf16/f16 as `s16` bits (the
    /// calling convention of `tilekit-stablehlo` modules).
    pub fn upload_bits16(&self, t: &HostTensor) -> Result<DeviceBuffer, PjrtError> {
        DeviceBuffer::from_host(self.inner.clone(), t, true)
    }
}

pub(crate) fn protocol(call: &'static str, message: &str) -> PjrtError {
    PjrtError::Protocol {
        call,
        message: message.to_string(),
    }
}

pub(crate) fn first_device(c: &ClientInner) -> Result<*mut PJRT_Device, PjrtError> {
    crate::multi::addressable(c)?
        .first()
        .copied()
        .ok_or_else(|| {
            protocol(
                "PJRT_Client_AddressableDevices",
                "the client has no addressable device",
            )
        })
}

pub(crate) fn platform_name(c: &ClientInner) -> Result<String, PjrtError> {
    let plugin = &c.plugin;
    let f = plugin.func(
        plugin.api().PJRT_Client_PlatformName,
        "PJRT_Client_PlatformName",
    )?;
    // SAFETY: zeroed args; the name is owned by the client.
    let mut args: ffi::PJRT_Client_PlatformName_Args = unsafe {
        ffi::zeroed_args(struct_size!(
            ffi::PJRT_Client_PlatformName_Args,
            platform_name_size
        ))
    };
    args.client = c.raw;
    plugin.check("PJRT_Client_PlatformName", unsafe { f(&mut args) })?;
    if args.platform_name.is_null() {
        return Ok(String::new());
    }
    let bytes = unsafe {
        std::slice::from_raw_parts(args.platform_name as *const u8, args.platform_name_size)
    };
    Ok(String::from_utf8_lossy(bytes).into_owned())
}
