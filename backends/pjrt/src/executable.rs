//! Compiled executables and their execution on one device.

use crate::buffer::DeviceBuffer;
use crate::client::{protocol, ClientInner};
use crate::error::PjrtError;
use crate::event::await_and_destroy;
use crate::ffi::{self, struct_size, PJRT_Buffer, PJRT_LoadedExecutable};
use std::sync::Arc;

/// A compiled program, loaded on the client's device.
pub struct Executable {
    pub(crate) client: Arc<ClientInner>,
    pub(crate) raw: *mut PJRT_LoadedExecutable,
    pub(crate) num_outputs: usize,
}

impl std::fmt::Debug for Executable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executable")
            .field("num_outputs", &self.num_outputs)
            .finish_non_exhaustive()
    }
}

// SAFETY: see `ClientInner`; PJRT executables may run from any thread.
unsafe impl Send for Executable {}
unsafe impl Sync for Executable {}

impl Drop for Executable {
    fn drop(&mut self) {
        let plugin = &self.client.plugin;
        if let Some(f) = plugin.api().PJRT_LoadedExecutable_Destroy {
            // SAFETY: owned, freed once.
            unsafe {
                let mut args: ffi::PJRT_LoadedExecutable_Destroy_Args = ffi::zeroed_args(
                    struct_size!(ffi::PJRT_LoadedExecutable_Destroy_Args, executable),
                );
                args.executable = self.raw;
                let _ = plugin.check("PJRT_LoadedExecutable_Destroy", f(&mut args));
            }
        }
    }
}

impl Executable {
    pub(crate) fn new(
        client: Arc<ClientInner>,
        raw: *mut PJRT_LoadedExecutable,
    ) -> Result<Executable, PjrtError> {
        // Owned from the start, so an error below still frees it.
        let mut exe = Executable {
            client,
            raw,
            num_outputs: 0,
        };
        exe.num_outputs = exe.query_num_outputs()?;
        Ok(exe)
    }

    /// Results per execution.
    pub fn num_outputs(&self) -> usize {
        self.num_outputs
    }

    fn query_num_outputs(&self) -> Result<usize, PjrtError> {
        let plugin = &self.client.plugin;
        self.with_executable(|exe| {
            let f = plugin.func(
                plugin.api().PJRT_Executable_NumOutputs,
                "PJRT_Executable_NumOutputs",
            )?;
            // SAFETY: zeroed args of the right size; `exe` is live.
            let mut args: ffi::PJRT_Executable_NumOutputs_Args = unsafe {
                ffi::zeroed_args(struct_size!(
                    ffi::PJRT_Executable_NumOutputs_Args,
                    num_outputs
                ))
            };
            args.executable = exe;
            plugin.check("PJRT_Executable_NumOutputs", unsafe { f(&mut args) })?;
            Ok(args.num_outputs)
        })
    }

    /// Calls `f` with the (unloaded) executable behind this one, freed after.
    fn with_executable<T>(
        &self,
        f: impl FnOnce(*mut ffi::PJRT_Executable) -> Result<T, PjrtError>,
    ) -> Result<T, PjrtError> {
        let plugin = &self.client.plugin;
        let api = plugin.api();
        let get = plugin.func(
            api.PJRT_LoadedExecutable_GetExecutable,
            "PJRT_LoadedExecutable_GetExecutable",
        )?;
        // SAFETY: zeroed args; the returned executable is freed below.
        let mut args: ffi::PJRT_LoadedExecutable_GetExecutable_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_LoadedExecutable_GetExecutable_Args,
                executable
            ))
        };
        args.loaded_executable = self.raw;
        plugin.check("PJRT_LoadedExecutable_GetExecutable", unsafe {
            get(&mut args)
        })?;
        let exe = args.executable;
        if exe.is_null() {
            return Err(protocol(
                "PJRT_LoadedExecutable_GetExecutable",
                "returned null",
            ));
        }
        let result = f(exe);
        if let Some(destroy) = api.PJRT_Executable_Destroy {
            let mut args: ffi::PJRT_Executable_Destroy_Args = unsafe {
                ffi::zeroed_args(struct_size!(ffi::PJRT_Executable_Destroy_Args, executable))
            };
            args.executable = exe;
            let _ = plugin.check("PJRT_Executable_Destroy", unsafe { destroy(&mut args) });
        }
        result
    }

    /// The executable as bytes [`crate::Client::deserialize`] loads back
    /// (on a client of the same plugin and platform version).
    pub fn serialize(&self) -> Result<Vec<u8>, PjrtError> {
        let plugin = &self.client.plugin;
        self.with_executable(|exe| {
            let f = plugin.func(
                plugin.api().PJRT_Executable_Serialize,
                "PJRT_Executable_Serialize",
            )?;
            // SAFETY: zeroed args of the right size; `exe` is live. The bytes
            // are copied out before the plugin's deleter frees them.
            let mut args: ffi::PJRT_Executable_Serialize_Args = unsafe {
                ffi::zeroed_args(struct_size!(
                    ffi::PJRT_Executable_Serialize_Args,
                    serialized_executable_deleter
                ))
            };
            args.executable = exe;
            plugin.check("PJRT_Executable_Serialize", unsafe { f(&mut args) })?;
            let bytes = if args.serialized_bytes.is_null() {
                None
            } else {
                Some(unsafe {
                    std::slice::from_raw_parts(
                        args.serialized_bytes as *const u8,
                        args.serialized_bytes_size,
                    )
                    .to_vec()
                })
            };
            if let (Some(deleter), false) = (
                args.serialized_executable_deleter,
                args.serialized_executable.is_null(),
            ) {
                unsafe { deleter(args.serialized_executable) };
            }
            bytes.ok_or_else(|| protocol("PJRT_Executable_Serialize", "returned no bytes"))
        })
    }

    /// Runs once on the device with `inputs` (in the program's parameter
    /// order) and waits for the results.
    pub fn execute(&self, inputs: &[&DeviceBuffer]) -> Result<Vec<DeviceBuffer>, PjrtError> {
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_LoadedExecutable_Execute,
            "PJRT_LoadedExecutable_Execute",
        )?;
        let arg_list: Vec<*mut PJRT_Buffer> = inputs.iter().map(|b| b.raw).collect();
        let arg_lists: [*const *mut PJRT_Buffer; 1] = [arg_list.as_ptr()];
        let mut outputs: Vec<*mut PJRT_Buffer> =
            vec![std::ptr::null_mut(); self.num_outputs.max(1)];
        let output_lists: [*mut *mut PJRT_Buffer; 1] = [outputs.as_mut_ptr()];
        let mut done: [*mut ffi::PJRT_Event; 1] = [std::ptr::null_mut()];
        // SAFETY: every array outlives the call and the awaited execution;
        // the options ask for nothing beyond the defaults.
        let mut options: ffi::PJRT_ExecuteOptions =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_ExecuteOptions, incarnation_ids)) };
        let mut args: ffi::PJRT_LoadedExecutable_Execute_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_LoadedExecutable_Execute_Args,
                execute_device
            ))
        };
        args.executable = self.raw;
        args.options = &mut options;
        args.argument_lists = arg_lists.as_ptr();
        args.num_devices = 1;
        args.num_args = arg_list.len();
        args.output_lists = output_lists.as_ptr();
        args.device_complete_events = done.as_mut_ptr();
        plugin.check("PJRT_LoadedExecutable_Execute", unsafe { f(&mut args) })?;
        // Take ownership of every returned buffer before anything can fail.
        let owned: Vec<DeviceBuffer> = outputs[..self.num_outputs]
            .iter()
            .filter(|p| !p.is_null())
            .map(|&p| DeviceBuffer::own(self.client.clone(), p))
            .collect();
        await_and_destroy(plugin, done[0], "PJRT_LoadedExecutable_Execute (execution)")?;
        if owned.len() != self.num_outputs {
            return Err(protocol(
                "PJRT_LoadedExecutable_Execute",
                &format!("returned {} of {} outputs", owned.len(), self.num_outputs),
            ));
        }
        Ok(owned)
    }
}
