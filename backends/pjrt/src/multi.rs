//! Several devices of one client: what a sharded program
//! ([`tilekit_core::program::Sharding`]) runs on.
//!
//! XLA's CPU plugin makes as many CPU devices as its create option
//! `cpu_device_count` (int64) asks for, all in this process; collectives
//! between them run in memory. A sharded executable is compiled once for
//! all of them (`num_partitions = D`, SPMD partitioning on, partition `d`
//! on device `d`) and runs as one `PJRT_LoadedExecutable_Execute` over `D`
//! argument lists, list `d` holding device `d`'s buffers.

use crate::buffer::DeviceBuffer;
use crate::client::{first_device, platform_name, protocol, Client, ClientInner};
use crate::error::PjrtError;
use crate::event::await_and_destroy;
use crate::executable::Executable;
use crate::ffi::{self, struct_size, PJRT_Buffer, PJRT_Device};
use crate::plugin::Plugin;
use std::sync::Arc;
use tilekit_core::HostTensor;

/// The create option that sets the XLA CPU plugin's device count.
const CPU_DEVICE_COUNT: &str = "cpu_device_count";

impl Client {
    /// A client of the XLA CPU plugin with `devices` CPU devices.
    pub fn with_cpu_devices(plugin: Arc<Plugin>, devices: usize) -> Result<Client, PjrtError> {
        let api = plugin.api();
        let create = plugin.func(api.PJRT_Client_Create, "PJRT_Client_Create")?;
        // SAFETY: the option's name outlives the call; PJRT copies what it
        // keeps.
        let mut option: ffi::PJRT_NamedValue =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_NamedValue, value_size)) };
        option.name = CPU_DEVICE_COUNT.as_ptr() as *const ffi::c_char;
        option.name_size = CPU_DEVICE_COUNT.len();
        option.type_ = ffi::PJRT_NamedValue_kInt64;
        option.value = ffi::PJRT_NamedValue_Value {
            int64_value: devices as i64,
        };
        option.value_size = 1;
        let mut args: ffi::PJRT_Client_Create_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Client_Create_Args,
                kv_try_get_user_arg
            ))
        };
        args.create_options = &option;
        args.num_options = 1;
        plugin.check("PJRT_Client_Create", unsafe { create(&mut args) })?;
        if args.client.is_null() {
            return Err(protocol("PJRT_Client_Create", "returned no client"));
        }
        let mut inner = ClientInner {
            plugin: plugin.clone(),
            raw: args.client,
            device: std::ptr::null_mut(),
            platform: String::new(),
        };
        inner.device = first_device(&inner)?;
        inner.platform = platform_name(&inner)?;
        let client = Client::from_inner(inner);
        let have = client.num_devices()?;
        if have != devices {
            return Err(protocol(
                "PJRT_Client_Create",
                &format!(
                    "asked for {devices} CPU devices ({CPU_DEVICE_COUNT}), the client has {have}"
                ),
            ));
        }
        Ok(client)
    }

    /// How many devices this client addresses.
    pub fn num_devices(&self) -> Result<usize, PjrtError> {
        Ok(addressable(&self.inner)?.len())
    }

    /// Copies a host tensor to addressable device `device` (bf16/f16 as
    /// `s16` bits, like [`Client::upload_bits16`]).
    pub fn upload_to(&self, t: &HostTensor, device: usize) -> Result<DeviceBuffer, PjrtError> {
        let devices = addressable(&self.inner)?;
        let Some(&d) = devices.get(device) else {
            return Err(protocol(
                "PJRT_Client_BufferFromHostBuffer",
                &format!("device {device} of {}", devices.len()),
            ));
        };
        DeviceBuffer::from_host_on(self.inner.clone(), t, true, d)
    }

    /// The serialized compile options of a program partitioned over
    /// `devices`: [`Client::compile_options`] followed by a second
    /// `executable_build_options` (field 3), which protobuf merges into the
    /// first: `num_partitions` (5) = D, `use_spmd_partitioning` (6) = true
    /// and a `device_assignment` (9: `replica_count` 1,
    /// `computation_count` D, one `computation_devices` entry per
    /// partition `d` with `replica_device_ids` [d]).
    pub(crate) fn sharded_options(&self, devices: usize) -> Vec<u8> {
        sharded_options(self.compile_options(), devices)
    }
}

/// `base` (serialized `CompileOptionsProto`) partitioned over `devices`,
/// as [`Client::sharded_options`] describes.
pub(crate) fn sharded_options(base: &[u8], devices: usize) -> Vec<u8> {
    let mut assignment = vec![0x08, 0x01, 0x10];
    varint(&mut assignment, devices as u64);
    for d in 0..devices {
        // One computation (partition) per device: replica_device_ids [d].
        let mut ids = vec![0x08];
        varint(&mut ids, d as u64);
        field(&mut assignment, 0x1a, &ids);
    }
    let mut build = vec![0x28];
    varint(&mut build, devices as u64);
    build.extend([0x30, 0x01]);
    field(&mut build, 0x4a, &assignment);
    merged(base, &build)
}

/// `base` replicated over `devices`: `num_replicas` (4) = D, one
/// partition, replica `r` on device `r` (`device_assignment`: replica
/// count D, one computation on devices 0..D). Each device runs the
/// module on its own arguments, with no collective between them: how a
/// sharded set updates every device's slice of its state at once.
pub(crate) fn replicated_options(base: &[u8], devices: usize) -> Vec<u8> {
    let mut ids = Vec::new();
    for d in 0..devices {
        ids.push(0x08);
        varint(&mut ids, d as u64);
    }
    let mut assignment = vec![0x08];
    varint(&mut assignment, devices as u64);
    assignment.extend([0x10, 0x01]);
    field(&mut assignment, 0x1a, &ids);
    let mut build = vec![0x20];
    varint(&mut build, devices as u64);
    build.extend([0x28, 0x01]);
    field(&mut build, 0x4a, &assignment);
    merged(base, &build)
}

/// `base` followed by a second `executable_build_options` (field 3) of
/// `build`'s fields, which protobuf merges into the first.
fn merged(base: &[u8], build: &[u8]) -> Vec<u8> {
    let mut out = base.to_vec();
    field(&mut out, 0x1a, build);
    out
}

/// A length-delimited field: its tag, length and bytes.
fn field(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    out.push(tag);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The client's addressable devices, in the plugin's order (device ids
/// 0.. on XLA's CPU plugin).
pub(crate) fn addressable(c: &ClientInner) -> Result<Vec<*mut PJRT_Device>, PjrtError> {
    let plugin = &c.plugin;
    let f = plugin.func(
        plugin.api().PJRT_Client_AddressableDevices,
        "PJRT_Client_AddressableDevices",
    )?;
    // SAFETY: zeroed args; the device list is owned by the client.
    let mut args: ffi::PJRT_Client_AddressableDevices_Args = unsafe {
        ffi::zeroed_args(struct_size!(
            ffi::PJRT_Client_AddressableDevices_Args,
            num_addressable_devices
        ))
    };
    args.client = c.raw;
    plugin.check("PJRT_Client_AddressableDevices", unsafe { f(&mut args) })?;
    if args.addressable_devices.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: the plugin returned this many device pointers.
    Ok(unsafe {
        std::slice::from_raw_parts(args.addressable_devices, args.num_addressable_devices)
    }
    .to_vec())
}

impl Executable {
    /// Runs once over `args.len()` devices, `args[d]` being device `d`'s
    /// parameters, and waits; returns each device's results.
    pub fn execute_sharded(
        &self,
        args: &[Vec<&DeviceBuffer>],
    ) -> Result<Vec<Vec<DeviceBuffer>>, PjrtError> {
        let plugin = &self.client.plugin;
        let f = plugin.func(
            plugin.api().PJRT_LoadedExecutable_Execute,
            "PJRT_LoadedExecutable_Execute",
        )?;
        let n = args.first().map_or(0, Vec::len);
        if args.iter().any(|a| a.len() != n) {
            return Err(protocol(
                "PJRT_LoadedExecutable_Execute",
                "the devices' argument lists differ in length",
            ));
        }
        let raw: Vec<Vec<*mut PJRT_Buffer>> = args
            .iter()
            .map(|a| a.iter().map(|b| b.raw).collect())
            .collect();
        let arg_lists: Vec<*const *mut PJRT_Buffer> = raw.iter().map(|a| a.as_ptr()).collect();
        let mut outputs: Vec<Vec<*mut PJRT_Buffer>> =
            vec![vec![std::ptr::null_mut(); self.num_outputs.max(1)]; args.len()];
        let output_lists: Vec<*mut *mut PJRT_Buffer> =
            outputs.iter_mut().map(|o| o.as_mut_ptr()).collect();
        let mut done: Vec<*mut ffi::PJRT_Event> = vec![std::ptr::null_mut(); args.len()];
        // SAFETY: every array outlives the call and the awaited execution.
        let mut options: ffi::PJRT_ExecuteOptions =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_ExecuteOptions, incarnation_ids)) };
        let mut a: ffi::PJRT_LoadedExecutable_Execute_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_LoadedExecutable_Execute_Args,
                execute_device
            ))
        };
        a.executable = self.raw;
        a.options = &mut options;
        a.argument_lists = arg_lists.as_ptr();
        a.num_devices = args.len();
        a.num_args = n;
        a.output_lists = output_lists.as_ptr();
        a.device_complete_events = done.as_mut_ptr();
        plugin.check("PJRT_LoadedExecutable_Execute", unsafe { f(&mut a) })?;
        // Own every returned buffer before anything can fail.
        let owned: Vec<Vec<DeviceBuffer>> = outputs
            .iter()
            .map(|o| {
                o[..self.num_outputs]
                    .iter()
                    .filter(|p| !p.is_null())
                    .map(|&p| DeviceBuffer::own(self.client.clone(), p))
                    .collect()
            })
            .collect();
        let mut first_error = None;
        for event in done {
            if let Err(e) =
                await_and_destroy(plugin, event, "PJRT_LoadedExecutable_Execute (execution)")
            {
                first_error.get_or_insert(e);
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        if owned.iter().any(|o| o.len() != self.num_outputs) {
            return Err(protocol(
                "PJRT_LoadedExecutable_Execute",
                &format!("a device returned fewer than {} outputs", self.num_outputs),
            ));
        }
        Ok(owned)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sharded_options_are_the_base_plus_merged_build_options() {
        let base = [0x1a, 0x04, 0x20, 0x01, 0x28, 0x01];
        let three = super::sharded_options(&base, 3);
        assert_eq!(&three[..6], &base);
        // build { num_partitions 3, use_spmd, device_assignment {
        //   replica_count 1, computation_count 3, [0], [1], [2] } }
        let assignment = [
            0x08, 1, 0x10, 3, 0x1a, 2, 0x08, 0, 0x1a, 2, 0x08, 1, 0x1a, 2, 0x08, 2,
        ];
        let mut build = vec![0x28, 3, 0x30, 1, 0x4a, assignment.len() as u8];
        build.extend(assignment);
        let mut want = base.to_vec();
        want.extend([0x1a, build.len() as u8]);
        want.extend(build);
        assert_eq!(three, want);
        let replicated = super::replicated_options(&base, 2);
        assert_eq!(
            &replicated[6..],
            &[0x1a, 16, 0x20, 2, 0x28, 1, 0x4a, 10, 0x08, 2, 0x10, 1, 0x1a, 4, 0x08, 0, 0x08, 1]
        );
    }

    #[test]
    fn varints_are_little_endian_groups_of_seven() {
        let mut v = Vec::new();
        super::varint(&mut v, 3);
        super::varint(&mut v, 300);
        assert_eq!(v, [3, 0xac, 0x02]);
    }
}
