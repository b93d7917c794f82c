//! `#[repr(C)]` bindings for the subset of the PJRT C API tilekit calls,
//! written from the `pjrt_c_api.h` (API 0.81) that ships inside the
//! `xla-cpu-pjrt` package, field for field. The function table is generated
//! (`api.rs`); the argument structs are transcribed here, and the unit tests
//! pin their sizes to what a C compiler gives for that header.
//!
//! Every `*_Args` struct starts with `struct_size`, which the caller sets to
//! `PJRT_STRUCT_SIZE(type, last_field)` (offset of the last field plus its
//! size, without trailing padding). The plugin uses it to tell which fields
//! the caller knows about, so `struct_size!` computes it exactly as the
//! header's macro does.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

mod aot;
mod api;

pub use aot::*;
pub use api::*;
pub use std::ffi::{c_char, c_int, c_void};

/// `PJRT_STRUCT_SIZE(T, last_field)` from the header.
macro_rules! struct_size {
    ($t:ty, $field:ident) => {{
        fn field_size<F>(_: impl Fn(&$t) -> &F) -> usize {
            std::mem::size_of::<F>()
        }
        std::mem::offset_of!($t, $field) + field_size(|s: &$t| &s.$field)
    }};
}
pub(crate) use struct_size;

macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _private: [u8; 0],
        }
    )*};
}

opaque!(
    PJRT_Error,
    PJRT_Event,
    PJRT_Client,
    PJRT_Device,
    PJRT_Memory,
    PJRT_Executable,
    PJRT_LoadedExecutable,
    PJRT_Buffer,
    PJRT_ExecuteContext,
    PJRT_Buffer_MemoryLayout,
    PJRT_SendCallbackInfo,
    PJRT_RecvCallbackInfo,
    PJRT_SerializedExecutable
);

/// C enums are `int`-sized on every ABI PJRT plugins are built for.
pub type PJRT_Error_Code = c_int;
pub type PJRT_Buffer_Type = c_int;
pub type PJRT_HostBufferSemantics = c_int;
pub type PJRT_NamedValue_Type = c_int;

pub const PJRT_Buffer_Type_PRED: PJRT_Buffer_Type = 1;
pub const PJRT_Buffer_Type_S8: PJRT_Buffer_Type = 2;
pub const PJRT_Buffer_Type_S16: PJRT_Buffer_Type = 3;
pub const PJRT_Buffer_Type_S32: PJRT_Buffer_Type = 4;
pub const PJRT_Buffer_Type_U8: PJRT_Buffer_Type = 6;
pub const PJRT_Buffer_Type_U16: PJRT_Buffer_Type = 7;
pub const PJRT_Buffer_Type_F16: PJRT_Buffer_Type = 10;
pub const PJRT_Buffer_Type_F32: PJRT_Buffer_Type = 11;
pub const PJRT_Buffer_Type_BF16: PJRT_Buffer_Type = 13;
pub const PJRT_Buffer_Type_F8E5M2: PJRT_Buffer_Type = 16;
pub const PJRT_Buffer_Type_F8E4M3FN: PJRT_Buffer_Type = 17;

pub const PJRT_HostBufferSemantics_kImmutableOnlyDuringCall: PJRT_HostBufferSemantics = 0;

pub const PJRT_NamedValue_kString: PJRT_NamedValue_Type = 0;
pub const PJRT_NamedValue_kInt64: PJRT_NamedValue_Type = 1;
pub const PJRT_NamedValue_kInt64List: PJRT_NamedValue_Type = 2;
pub const PJRT_NamedValue_kFloat: PJRT_NamedValue_Type = 3;
pub const PJRT_NamedValue_kBool: PJRT_NamedValue_Type = 4;

#[repr(C)]
pub struct PJRT_Extension_Base {
    pub struct_size: usize,
    pub type_: c_int,
    pub next: *mut PJRT_Extension_Base,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct PJRT_Api_Version {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub major_version: c_int,
    pub minor_version: c_int,
}

#[repr(C)]
pub struct PJRT_Error_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub error: *mut PJRT_Error,
}

#[repr(C)]
pub struct PJRT_Error_Message_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub error: *const PJRT_Error,
    pub message: *const c_char,
    pub message_size: usize,
}

#[repr(C)]
pub struct PJRT_Error_GetCode_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub error: *const PJRT_Error,
    pub code: PJRT_Error_Code,
}

/// The anonymous union of `PJRT_NamedValue`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union PJRT_NamedValue_Value {
    pub string_value: *const c_char,
    pub int64_value: i64,
    pub int64_array_value: *const i64,
    pub float_value: f32,
    pub bool_value: bool,
}

#[repr(C)]
pub struct PJRT_NamedValue {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub name: *const c_char,
    pub name_size: usize,
    pub type_: PJRT_NamedValue_Type,
    pub value: PJRT_NamedValue_Value,
    pub value_size: usize,
}

#[repr(C)]
pub struct PJRT_Plugin_Initialize_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
}

#[repr(C)]
pub struct PJRT_Plugin_Attributes_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub attributes: *const PJRT_NamedValue,
    pub num_attributes: usize,
}

#[repr(C)]
pub struct PJRT_Event_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub event: *mut PJRT_Event,
}

#[repr(C)]
pub struct PJRT_Event_Await_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub event: *mut PJRT_Event,
}

/// Key-value store callbacks are never given (single-process clients).
pub type KvCallback = *const c_void;

#[repr(C)]
pub struct PJRT_Client_Create_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub create_options: *const PJRT_NamedValue,
    pub num_options: usize,
    pub kv_get_callback: KvCallback,
    pub kv_get_user_arg: *mut c_void,
    pub kv_put_callback: KvCallback,
    pub kv_put_user_arg: *mut c_void,
    pub client: *mut PJRT_Client,
    pub kv_try_get_callback: KvCallback,
    pub kv_try_get_user_arg: *mut c_void,
}

#[repr(C)]
pub struct PJRT_Client_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
}

#[repr(C)]
pub struct PJRT_Client_PlatformName_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub platform_name: *const c_char,
    pub platform_name_size: usize,
}

#[repr(C)]
pub struct PJRT_Client_PlatformVersion_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub platform_version: *const c_char,
    pub platform_version_size: usize,
}

#[repr(C)]
pub struct PJRT_Client_AddressableDevices_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub addressable_devices: *const *mut PJRT_Device,
    pub num_addressable_devices: usize,
}

#[repr(C)]
pub struct PJRT_Program {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub code: *mut c_char,
    pub code_size: usize,
    pub format: *const c_char,
    pub format_size: usize,
}

#[repr(C)]
pub struct PJRT_Client_Compile_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub program: *const PJRT_Program,
    pub compile_options: *const c_char,
    pub compile_options_size: usize,
    pub executable: *mut PJRT_LoadedExecutable,
}

#[repr(C)]
pub struct PJRT_Client_BufferFromHostBuffer_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub data: *const c_void,
    pub type_: PJRT_Buffer_Type,
    pub dims: *const i64,
    pub num_dims: usize,
    pub byte_strides: *const i64,
    pub num_byte_strides: usize,
    pub host_buffer_semantics: PJRT_HostBufferSemantics,
    pub device: *mut PJRT_Device,
    pub memory: *mut PJRT_Memory,
    pub device_layout: *mut PJRT_Buffer_MemoryLayout,
    pub done_with_host_buffer: *mut PJRT_Event,
    pub buffer: *mut PJRT_Buffer,
}

#[repr(C)]
pub struct PJRT_LoadedExecutable_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut PJRT_LoadedExecutable,
}

#[repr(C)]
pub struct PJRT_LoadedExecutable_GetExecutable_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub loaded_executable: *mut PJRT_LoadedExecutable,
    pub executable: *mut PJRT_Executable,
}

#[repr(C)]
pub struct PJRT_Executable_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut PJRT_Executable,
}

#[repr(C)]
pub struct PJRT_Executable_NumOutputs_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut PJRT_Executable,
    pub num_outputs: usize,
}

/// Serialized bytes live as long as `serialized_executable`, which the
/// caller frees once with `serialized_executable_deleter`.
#[repr(C)]
pub struct PJRT_Executable_Serialize_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *const PJRT_Executable,
    pub serialized_bytes: *const c_char,
    pub serialized_bytes_size: usize,
    pub serialized_executable: *mut PJRT_SerializedExecutable,
    pub serialized_executable_deleter: Option<unsafe extern "C" fn(*mut PJRT_SerializedExecutable)>,
}

#[repr(C)]
pub struct PJRT_Executable_DeserializeAndLoad_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub client: *mut PJRT_Client,
    pub serialized_executable: *const c_char,
    pub serialized_executable_size: usize,
    pub loaded_executable: *mut PJRT_LoadedExecutable,
    /// Null: use the options stored in the serialized executable.
    pub overridden_serialized_compile_options: *const c_char,
    pub overridden_serialized_compile_options_size: usize,
}

#[repr(C)]
pub struct PJRT_ExecuteOptions {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub send_callbacks: *mut *mut PJRT_SendCallbackInfo,
    pub recv_callbacks: *mut *mut PJRT_RecvCallbackInfo,
    pub num_send_ops: usize,
    pub num_recv_ops: usize,
    pub launch_id: c_int,
    pub non_donatable_input_indices: *const i64,
    pub num_non_donatable_input_indices: usize,
    pub context: *mut PJRT_ExecuteContext,
    pub call_location: *const c_char,
    pub num_tasks: usize,
    pub task_ids: *mut c_int,
    pub incarnation_ids: *mut i64,
}

#[repr(C)]
pub struct PJRT_LoadedExecutable_Execute_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut PJRT_LoadedExecutable,
    pub options: *mut PJRT_ExecuteOptions,
    pub argument_lists: *const *const *mut PJRT_Buffer,
    pub num_devices: usize,
    pub num_args: usize,
    pub output_lists: *const *mut *mut PJRT_Buffer,
    pub device_complete_events: *mut *mut PJRT_Event,
    pub execute_device: *mut PJRT_Device,
}

#[repr(C)]
pub struct PJRT_Buffer_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub buffer: *mut PJRT_Buffer,
}

#[repr(C)]
pub struct PJRT_Buffer_ElementType_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub buffer: *mut PJRT_Buffer,
    pub type_: PJRT_Buffer_Type,
}

#[repr(C)]
pub struct PJRT_Buffer_Dimensions_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub buffer: *mut PJRT_Buffer,
    pub dims: *const i64,
    pub num_dims: usize,
}

#[repr(C)]
pub struct PJRT_Buffer_UnsafePointer_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub buffer: *mut PJRT_Buffer,
    pub buffer_pointer: usize,
}

#[repr(C)]
pub struct PJRT_Buffer_ToHostBuffer_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub src: *mut PJRT_Buffer,
    pub host_layout: *mut PJRT_Buffer_MemoryLayout,
    pub dst: *mut c_void,
    pub dst_size: usize,
    pub event: *mut PJRT_Event,
}

/// A zeroed args struct with `struct_size` set, as every call starts.
///
/// # Safety
/// `T` must be one of the `#[repr(C)]` argument structs above: plain data
/// (integers, raw pointers, `Option<fn>`) for which all-zero bytes are valid.
pub unsafe fn zeroed_args<T>(struct_size: usize) -> T {
    let mut args: T = std::mem::zeroed();
    // Every args struct starts with `size_t struct_size`.
    *(&mut args as *mut T as *mut usize) = struct_size;
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// `sizeof` and `T_STRUCT_SIZE` from gcc on the plugin's 0.81 header.
    #[test]
    fn struct_sizes_match_the_header() {
        macro_rules! check {
            ($($t:ident . $last:ident = $size:expr, $struct_size:expr;)*) => {$(
                assert_eq!(size_of::<$t>(), $size, "sizeof({})", stringify!($t));
                assert_eq!(struct_size!($t, $last), $struct_size, "{}_STRUCT_SIZE", stringify!($t));
            )*};
        }
        check! {
            PJRT_Api_Version.minor_version = 24, 24;
            PJRT_Error_Destroy_Args.error = 24, 24;
            PJRT_Error_Message_Args.message_size = 40, 40;
            PJRT_Error_GetCode_Args.code = 32, 28;
            PJRT_NamedValue.value_size = 56, 56;
            PJRT_Plugin_Initialize_Args.extension_start = 16, 16;
            PJRT_Plugin_Attributes_Args.num_attributes = 32, 32;
            PJRT_Event_Destroy_Args.event = 24, 24;
            PJRT_Event_Await_Args.event = 24, 24;
            PJRT_Client_Create_Args.kv_try_get_user_arg = 88, 88;
            PJRT_Client_Destroy_Args.client = 24, 24;
            PJRT_Client_PlatformName_Args.platform_name_size = 40, 40;
            PJRT_Client_PlatformVersion_Args.platform_version_size = 40, 40;
            PJRT_Client_AddressableDevices_Args.num_addressable_devices = 40, 40;
            PJRT_Program.format_size = 48, 48;
            PJRT_Client_Compile_Args.executable = 56, 56;
            PJRT_Client_BufferFromHostBuffer_Args.buffer = 120, 120;
            PJRT_LoadedExecutable_Destroy_Args.executable = 24, 24;
            PJRT_LoadedExecutable_GetExecutable_Args.executable = 32, 32;
            PJRT_Executable_Destroy_Args.executable = 24, 24;
            PJRT_Executable_NumOutputs_Args.num_outputs = 32, 32;
            PJRT_Executable_Serialize_Args.serialized_executable_deleter = 56, 56;
            PJRT_Executable_DeserializeAndLoad_Args.overridden_serialized_compile_options_size = 64, 64;
            PJRT_ExecuteOptions.incarnation_ids = 112, 112;
            PJRT_LoadedExecutable_Execute_Args.execute_device = 80, 80;
            PJRT_Buffer_Destroy_Args.buffer = 24, 24;
            PJRT_Buffer_ToHostBuffer_Args.event = 56, 56;
            PJRT_Buffer_UnsafePointer_Args.buffer_pointer = 32, 32;
            PJRT_Buffer_ElementType_Args.type_ = 32, 28;
            PJRT_Buffer_Dimensions_Args.num_dims = 40, 40;
        }
        assert_eq!(size_of::<PJRT_Api>(), 984);
        assert_eq!(std::mem::offset_of!(PJRT_Api, pjrt_api_version), 16);
        assert_eq!(std::mem::offset_of!(PJRT_Api, PJRT_Client_Create), 120);
        assert_eq!(
            std::mem::offset_of!(PJRT_Api, PJRT_Buffer_ToHostBuffer),
            600
        );
    }
}
