//! Pins the argument-struct sizes libtpu (C API 0.112) expects against the
//! sizes tilekit passes (from the 0.81 header). A PJRT plugin rejects a
//! `struct_size` smaller than its own and names the size it wants
//! ("Unexpected PJRT_Compile_Args size: expected 64, got 8"), so calling
//! each function with a too-small size reads libtpu's numbers out of it.
//! Needs libtpu (`cargo xtask install-libtpu`).

use crate::ffi::{self, struct_size};
use crate::libtpu::load_libtpu;
use crate::PjrtError;

/// The size libtpu names when handed an 8-byte struct.
fn expected(
    plugin: &crate::Plugin,
    call: &'static str,
    f: impl FnOnce() -> *mut ffi::PJRT_Error,
) -> usize {
    match plugin.check(call, f()) {
        Err(PjrtError::Api { message, .. }) => message
            .split("size: expected ")
            .nth(1)
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{call}: no size in `{message}`")),
        other => panic!("{call}: an 8-byte struct was not refused: {other:?}"),
    }
}

#[test]
fn libtpu_expects_the_struct_sizes_of_the_header_tilekit_was_built_from() {
    let plugin = load_libtpu().unwrap_or_else(|e| panic!("this test needs libtpu: {e}"));
    assert_eq!(plugin.api_version(), (0, 112));
    let api = plugin.api();
    macro_rules! pin {
        ($($f:ident($t:ident . $last:ident);)*) => {$(
            let ours = struct_size!(ffi::$t, $last);
            // SAFETY: an 8-byte args struct is refused before any field past
            // `struct_size` is read.
            let theirs = expected(&plugin, stringify!($f), || unsafe {
                let mut args: ffi::$t = ffi::zeroed_args(8);
                (api.$f.expect(stringify!($f)))(&mut args)
            });
            assert_eq!(ours, theirs, "{}", stringify!($t));
        )*};
    }
    pin! {
        PJRT_Plugin_Initialize(PJRT_Plugin_Initialize_Args.extension_start);
        PJRT_Plugin_Attributes(PJRT_Plugin_Attributes_Args.num_attributes);
        PJRT_TopologyDescription_Create(PJRT_TopologyDescription_Create_Args.topology);
        PJRT_TopologyDescription_Destroy(PJRT_TopologyDescription_Destroy_Args.topology);
        PJRT_Compile(PJRT_Compile_Args.executable);
        PJRT_Executable_Destroy(PJRT_Executable_Destroy_Args.executable);
        PJRT_Executable_SizeOfGeneratedCodeInBytes(PJRT_Executable_SizeOfGeneratedCodeInBytes_Args.size_in_bytes);
        PJRT_Client_Create(PJRT_Client_Create_Args.kv_try_get_user_arg);
    }
    // The function table grew from 984 bytes (0.81) to 1144 (0.112) by
    // appending, so every offset tilekit reads is where the header says.
    assert_eq!(api.struct_size, 1144);
}
