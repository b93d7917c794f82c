//! Argument structs for ahead-of-time compilation: describe a device
//! topology without a client (`PJRT_TopologyDescription_Create`) and compile
//! for it (`PJRT_Compile`). libtpu does this on a machine with no TPU.
//!
//! Transcribed from the 0.81 `pjrt_c_api.h` like the rest of `ffi`. libtpu
//! 0.0.42.1 implements C API 0.112; the PJRT changelog records no change to
//! these structs between the two (the structs that did grow in between are
//! `PJRT_ExecuteOptions` at 0.97, which the AOT path does not pass, and the
//! compiled-memory-stats args at 0.90 and 0.104, transcribed here in their
//! 0.104 form because libtpu refuses the shorter ones). A plugin checks that
//! `struct_size` covers the fields it needs and names both sizes when it
//! does not, so the 0.81 sizes we pass are checked on every call (and
//! `tests/libtpu_abi.rs` pins what libtpu reports).

use super::{c_char, PJRT_Extension_Base, PJRT_NamedValue, PJRT_Program};

/// An opaque `PJRT_TopologyDescription`.
#[repr(C)]
pub struct PJRT_TopologyDescription {
    _private: [u8; 0],
}

#[repr(C)]
pub struct PJRT_TopologyDescription_Create_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub topology_name: *const c_char,
    pub topology_name_size: usize,
    pub create_options: *const PJRT_NamedValue,
    pub num_options: usize,
    /// Out: owned by the caller, freed with `PJRT_TopologyDescription_Destroy`.
    pub topology: *mut PJRT_TopologyDescription,
}

#[repr(C)]
pub struct PJRT_TopologyDescription_Destroy_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub topology: *mut PJRT_TopologyDescription,
}

#[repr(C)]
pub struct PJRT_Compile_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub topology: *const PJRT_TopologyDescription,
    pub program: *const PJRT_Program,
    /// A serialized `CompileOptionsProto`.
    pub compile_options: *const c_char,
    pub compile_options_size: usize,
    /// Optional (null here): a client for performance-guided optimisation.
    pub client: *mut super::PJRT_Client,
    /// Out: an unloaded executable, freed with `PJRT_Executable_Destroy`.
    pub executable: *mut super::PJRT_Executable,
}

#[repr(C)]
pub struct PJRT_Executable_SizeOfGeneratedCodeInBytes_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut super::PJRT_Executable,
    pub size_in_bytes: i64,
}

/// `xla::CompiledMemoryStats` of an executable, as of C API 0.104 (the
/// host-memory half came at 0.90, the peak at 0.104): libtpu 0.0.42.1
/// refuses anything shorter, naming the 112 bytes it expects. Bytes of
/// the default memory (HBM on a TPU) first.
#[repr(C)]
pub struct PJRT_Executable_GetCompiledMemoryStats_Args {
    pub struct_size: usize,
    pub extension_start: *mut PJRT_Extension_Base,
    pub executable: *mut super::PJRT_Executable,
    pub generated_code_size_in_bytes: i64,
    pub argument_size_in_bytes: i64,
    pub output_size_in_bytes: i64,
    /// Argument bytes reused for outputs (donated, aliased parameters).
    pub alias_size_in_bytes: i64,
    pub temp_size_in_bytes: i64,
    pub host_generated_code_size_in_bytes: i64,
    pub host_argument_size_in_bytes: i64,
    pub host_output_size_in_bytes: i64,
    pub host_alias_size_in_bytes: i64,
    pub host_temp_size_in_bytes: i64,
    pub peak_memory_in_bytes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::struct_size;
    use std::mem::size_of;

    /// `sizeof` and `T_STRUCT_SIZE` from gcc on the 0.81 header.
    #[test]
    fn aot_struct_sizes_match_the_header() {
        assert_eq!(size_of::<PJRT_TopologyDescription_Create_Args>(), 56);
        assert_eq!(
            struct_size!(PJRT_TopologyDescription_Create_Args, topology),
            56
        );
        assert_eq!(size_of::<PJRT_TopologyDescription_Destroy_Args>(), 24);
        assert_eq!(size_of::<PJRT_Compile_Args>(), 64);
        assert_eq!(struct_size!(PJRT_Compile_Args, executable), 64);
        assert_eq!(
            struct_size!(
                PJRT_Executable_SizeOfGeneratedCodeInBytes_Args,
                size_in_bytes
            ),
            32
        );
        assert_eq!(
            struct_size!(
                PJRT_Executable_GetCompiledMemoryStats_Args,
                peak_memory_in_bytes
            ),
            112
        );
        use crate::ffi::PJRT_Api;
        use std::mem::offset_of;
        assert_eq!(offset_of!(PJRT_Api, PJRT_TopologyDescription_Create), 696);
        assert_eq!(offset_of!(PJRT_Api, PJRT_Compile), 752);
        assert_eq!(
            offset_of!(PJRT_Api, PJRT_Executable_SizeOfGeneratedCodeInBytes),
            400
        );
    }
}
