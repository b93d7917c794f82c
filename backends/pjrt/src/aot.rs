//! Ahead-of-time compilation with no client: describe a device topology
//! (`PJRT_TopologyDescription_Create`) and compile a program for it
//! (`PJRT_Compile`). This is how libtpu compiles TPU programs (Mosaic
//! kernels included) on a machine without a TPU; the result cannot run here,
//! but compiling it runs the whole TPU compiler and reports its errors.
//!
//! ```text
//! load_libtpu() ─► Topology::new("v5e:1x1", options) ─► compile(StableHLO) ─► AotExecutable
//! ```

use crate::client::COMPILE_OPTIONS;
use crate::error::PjrtError;
use crate::ffi::{self, struct_size, PJRT_Api, PJRT_NamedValue, PJRT_TopologyDescription};
use crate::plugin::{Attribute, Plugin};
use std::sync::Arc;

/// A device topology to compile for, owned by the caller.
pub struct Topology {
    plugin: Arc<Plugin>,
    raw: *mut PJRT_TopologyDescription,
    name: String,
}

// SAFETY: a topology description is immutable once created; PJRT functions
// taking it may be called from any thread.
unsafe impl Send for Topology {}
unsafe impl Sync for Topology {}

impl std::fmt::Debug for Topology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Topology")
            .field("name", &self.name)
            .field("plugin", &self.plugin.path())
            .finish()
    }
}

impl Drop for Topology {
    fn drop(&mut self) {
        if let Some(f) = self.plugin.api().PJRT_TopologyDescription_Destroy {
            // SAFETY: owned, freed once.
            unsafe {
                let mut args: ffi::PJRT_TopologyDescription_Destroy_Args = ffi::zeroed_args(
                    struct_size!(ffi::PJRT_TopologyDescription_Destroy_Args, topology),
                );
                args.topology = self.raw;
                let _ = self
                    .plugin
                    .check("PJRT_TopologyDescription_Destroy", f(&mut args));
            }
        }
    }
}

/// Keeps the bytes `PJRT_NamedValue`s point into alive for one call.
struct NamedValues<'a> {
    values: Vec<PJRT_NamedValue>,
    _names: std::marker::PhantomData<&'a str>,
}

fn named_values<'a>(options: &'a [(&'a str, Attribute)]) -> NamedValues<'a> {
    let values = options
        .iter()
        .map(|(name, value)| {
            // SAFETY: a zeroed NamedValue is valid plain data.
            let mut v: PJRT_NamedValue =
                unsafe { ffi::zeroed_args(struct_size!(PJRT_NamedValue, value_size)) };
            v.name = name.as_ptr() as *const ffi::c_char;
            v.name_size = name.len();
            match value {
                Attribute::String(s) => {
                    v.type_ = ffi::PJRT_NamedValue_kString;
                    v.value.string_value = s.as_ptr() as *const ffi::c_char;
                    v.value_size = s.len();
                }
                Attribute::Int(i) => {
                    v.type_ = ffi::PJRT_NamedValue_kInt64;
                    v.value.int64_value = *i;
                    v.value_size = 1;
                }
                Attribute::Ints(list) => {
                    v.type_ = ffi::PJRT_NamedValue_kInt64List;
                    v.value.int64_array_value = list.as_ptr();
                    v.value_size = list.len();
                }
                Attribute::Float(x) => {
                    v.type_ = ffi::PJRT_NamedValue_kFloat;
                    v.value.float_value = *x;
                    v.value_size = 1;
                }
                Attribute::Bool(b) => {
                    v.type_ = ffi::PJRT_NamedValue_kBool;
                    v.value.bool_value = *b;
                    v.value_size = 1;
                }
            }
            v
        })
        .collect();
    NamedValues {
        values,
        _names: std::marker::PhantomData,
    }
}

/// The table must reach the AOT functions: a plugin older than the 0.81
/// header is refused at load, but a short table would make reading these
/// fields read past it.
fn check_table(plugin: &Plugin) -> Result<(), PjrtError> {
    let needed = std::mem::offset_of!(PJRT_Api, PJRT_Compile) + std::mem::size_of::<usize>();
    if plugin.api().struct_size < needed {
        return Err(PjrtError::Protocol {
            call: "PJRT_Compile",
            message: format!(
                "the plugin {} has a {}-byte function table, too short to hold the ahead-of-time compile functions",
                plugin.path().display(),
                plugin.api().struct_size
            ),
        });
    }
    Ok(())
}

impl Topology {
    /// Describes the topology `name` (e.g. `v5e:1x1` for libtpu) with the
    /// plugin's platform-specific `options`.
    pub fn new(
        plugin: Arc<Plugin>,
        name: &str,
        options: &[(&str, Attribute)],
    ) -> Result<Topology, PjrtError> {
        check_table(&plugin)?;
        let create = plugin.func(
            plugin.api().PJRT_TopologyDescription_Create,
            "PJRT_TopologyDescription_Create",
        )?;
        let values = named_values(options);
        // SAFETY: name and options outlive the call; PJRT only reads them.
        let mut args: ffi::PJRT_TopologyDescription_Create_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_TopologyDescription_Create_Args,
                topology
            ))
        };
        args.topology_name = name.as_ptr() as *const ffi::c_char;
        args.topology_name_size = name.len();
        args.create_options = values.values.as_ptr();
        args.num_options = values.values.len();
        plugin.check("PJRT_TopologyDescription_Create", unsafe {
            create(&mut args)
        })?;
        if args.topology.is_null() {
            return Err(PjrtError::Protocol {
                call: "PJRT_TopologyDescription_Create",
                message: format!("returned no topology for `{name}`"),
            });
        }
        Ok(Topology {
            plugin,
            raw: args.topology,
            name: name.to_string(),
        })
    }

    /// The name the topology was created with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Compiles a StableHLO module (MLIR text) for one device of this
    /// topology (one replica, one partition).
    pub fn compile(&self, mlir: &str) -> Result<AotExecutable, PjrtError> {
        self.compile_with_options(mlir, &COMPILE_OPTIONS)
    }

    /// Compiles a sharded module (`mhlo.num_partitions = devices`, see
    /// `tilekit_stablehlo::lower_program`) for `devices` chips of this
    /// topology, partition `d` on chip `d`, with XLA's SPMD partitioner.
    pub fn compile_partitioned(
        &self,
        mlir: &str,
        devices: usize,
    ) -> Result<AotExecutable, PjrtError> {
        self.compile_with_options(
            mlir,
            &crate::multi::sharded_options(&COMPILE_OPTIONS, devices),
        )
    }

    /// Compiles with a serialized `CompileOptionsProto`.
    pub fn compile_with_options(
        &self,
        mlir: &str,
        compile_options: &[u8],
    ) -> Result<AotExecutable, PjrtError> {
        let plugin = &self.plugin;
        let compile = plugin.func(plugin.api().PJRT_Compile, "PJRT_Compile")?;
        let format = "mlir";
        // SAFETY: program, options and topology outlive the call.
        let mut program: ffi::PJRT_Program =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Program, format_size)) };
        program.code = mlir.as_ptr() as *mut ffi::c_char;
        program.code_size = mlir.len();
        program.format = format.as_ptr() as *const ffi::c_char;
        program.format_size = format.len();
        let mut args: ffi::PJRT_Compile_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Compile_Args, executable)) };
        args.topology = self.raw;
        args.program = &program;
        args.compile_options = compile_options.as_ptr() as *const ffi::c_char;
        args.compile_options_size = compile_options.len();
        plugin.check("PJRT_Compile", unsafe { compile(&mut args) })?;
        if args.executable.is_null() {
            return Err(PjrtError::Protocol {
                call: "PJRT_Compile",
                message: "returned no executable".into(),
            });
        }
        Ok(AotExecutable {
            plugin: plugin.clone(),
            raw: args.executable,
        })
    }
}

/// A program compiled ahead of time: not loaded on any device.
pub struct AotExecutable {
    plugin: Arc<Plugin>,
    raw: *mut ffi::PJRT_Executable,
}

// SAFETY: see `Topology`.
unsafe impl Send for AotExecutable {}
unsafe impl Sync for AotExecutable {}

impl std::fmt::Debug for AotExecutable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AotExecutable").finish_non_exhaustive()
    }
}

impl Drop for AotExecutable {
    fn drop(&mut self) {
        if let Some(f) = self.plugin.api().PJRT_Executable_Destroy {
            // SAFETY: owned, freed once.
            unsafe {
                let mut args: ffi::PJRT_Executable_Destroy_Args =
                    ffi::zeroed_args(struct_size!(ffi::PJRT_Executable_Destroy_Args, executable));
                args.executable = self.raw;
                let _ = self.plugin.check("PJRT_Executable_Destroy", f(&mut args));
            }
        }
    }
}

/// Device-memory use of a compiled executable, as the compiler reports it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MemoryStats {
    pub argument_bytes: i64,
    pub output_bytes: i64,
    /// Argument bytes that outputs reuse: parameters aliased to results
    /// (`tf.aliasing_output`) and kept in place.
    pub alias_bytes: i64,
    pub temp_bytes: i64,
    /// The most device memory live at once.
    pub peak_bytes: i64,
}

impl AotExecutable {
    /// Device-memory use (`PJRT_Executable_GetCompiledMemoryStats`).
    pub fn memory_stats(&self) -> Result<MemoryStats, PjrtError> {
        let plugin = &self.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Executable_GetCompiledMemoryStats,
            "PJRT_Executable_GetCompiledMemoryStats",
        )?;
        // SAFETY: zeroed args of the right size; the executable is live.
        let mut args: ffi::PJRT_Executable_GetCompiledMemoryStats_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Executable_GetCompiledMemoryStats_Args,
                peak_memory_in_bytes
            ))
        };
        args.executable = self.raw;
        plugin.check("PJRT_Executable_GetCompiledMemoryStats", unsafe {
            f(&mut args)
        })?;
        Ok(MemoryStats {
            argument_bytes: args.argument_size_in_bytes,
            output_bytes: args.output_size_in_bytes,
            alias_bytes: args.alias_size_in_bytes,
            temp_bytes: args.temp_size_in_bytes,
            peak_bytes: args.peak_memory_in_bytes,
        })
    }

    /// The size of the generated device code in bytes, as the plugin reports it.
    pub fn code_size(&self) -> Result<i64, PjrtError> {
        let plugin = &self.plugin;
        let f = plugin.func(
            plugin.api().PJRT_Executable_SizeOfGeneratedCodeInBytes,
            "PJRT_Executable_SizeOfGeneratedCodeInBytes",
        )?;
        // SAFETY: zeroed args of the right size; the executable is live.
        let mut args: ffi::PJRT_Executable_SizeOfGeneratedCodeInBytes_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Executable_SizeOfGeneratedCodeInBytes_Args,
                size_in_bytes
            ))
        };
        args.executable = self.raw;
        plugin.check("PJRT_Executable_SizeOfGeneratedCodeInBytes", unsafe {
            f(&mut args)
        })?;
        Ok(args.size_in_bytes)
    }
}
