//! Failures give clear errors, never a crash: a missing plugin, a file
//! that is not a PJRT plugin, malformed modules, bad arguments.

mod common;

use common::{client, f32s};
use std::path::PathBuf;
use tilekit_core::ir::Index;
use tilekit_core::{DType, KernelArgs, KernelBuilder};
use tilekit_pjrt::{KernelError, PjrtError, PjrtKernel, Plugin, INSTALL_COMMAND};

fn scratch_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("tilekit-pjrt-tests-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_missing_plugin_names_the_install_command() {
    let err = Plugin::load("/nonexistent/dir/xla_cpu_pjrt.so").unwrap_err();
    assert!(matches!(err, PjrtError::PluginNotFound { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("/nonexistent/dir/xla_cpu_pjrt.so"), "{msg}");
    assert!(
        msg.contains(INSTALL_COMMAND) && msg.contains("TILEKIT_PJRT_PLUGIN"),
        "{msg}"
    );
}

#[test]
fn a_text_file_is_not_a_plugin() {
    let path = scratch_dir("text").join("fake_plugin.so");
    std::fs::write(&path, "this is not an ELF file\n").unwrap();
    let err = Plugin::load(&path).unwrap_err();
    assert!(matches!(err, PjrtError::NotAPlugin { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("is not a PJRT plugin")
            && msg.contains("cannot be loaded as a shared library"),
        "{msg}"
    );
}

/// The C library this test links against: a real shared object that
/// exports no `GetPjrtApi`.
fn libc_path() -> PathBuf {
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    let found = unsafe { libc::dladdr(libc::strlen as *const libc::c_void, &mut info) };
    assert!(
        found != 0 && !info.dli_fname.is_null(),
        "dladdr found no object for strlen"
    );
    let name = unsafe { std::ffi::CStr::from_ptr(info.dli_fname) };
    PathBuf::from(name.to_str().unwrap())
}

#[test]
fn a_shared_library_without_the_entry_point_is_not_a_plugin() {
    let path = libc_path();
    let err = Plugin::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, PjrtError::NotAPlugin { .. }), "{msg}");
    assert!(msg.contains("exports no `GetPjrtApi`"), "{msg}");
}

#[test]
fn the_cpu_plugin_reports_the_api_version_of_its_header() {
    let path = tilekit_pjrt::provision::cached_cpu_plugin().unwrap();
    let plugin =
        Plugin::load(&path).unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"));
    let c = tilekit_pjrt::Client::new(plugin).unwrap();
    assert_eq!(c.plugin().api_version(), (0, 81));
    assert_eq!(c.platform(), "cpu");
    let attrs = c.plugin().attributes().unwrap();
    assert!(
        attrs.iter().any(|(k, _)| k == "stablehlo_current_version"),
        "{attrs:?}"
    );
}

#[test]
fn a_malformed_module_is_a_compile_error_with_the_plugin_message() {
    let err = client()
        .compile("module { func.func public @main( { }")
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("PJRT PJRT_Client_Compile failed"), "{msg}");
    assert!(msg.contains("error"), "{msg}");
    // Well-formed MLIR that is not valid StableHLO fails the same way.
    let bad_types = "func.func public @main(%a: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<4xf32> {\n  %c = stablehlo.add %a, %b : tensor<4xf32>\n  return %c : tensor<4xf32>\n}\n";
    let msg = client().compile(bad_types).unwrap_err().to_string();
    assert!(msg.contains("PJRT_Client_Compile"), "{msg}");
    assert!(client().compile("").is_err());
}

#[test]
fn executing_with_the_wrong_buffers_is_an_error() {
    let c = client();
    let exe = c
        .compile("func.func public @main(%a: tensor<4xf32>) -> tensor<4xf32> {\n  return %a : tensor<4xf32>\n}\n")
        .unwrap();
    assert_eq!(exe.num_outputs(), 1);
    let msg = match exe.execute(&[]) {
        Ok(_) => panic!("executing without arguments succeeded"),
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("PJRT_LoadedExecutable_Execute"), "{msg}");
    let t = f32s(DType::F32, &[4], &[1.0, 2.0, 3.0, 4.0]);
    let buf = c.upload(&t).unwrap();
    let out = exe.execute(&[&buf]).unwrap();
    assert_eq!(out[0].to_host().unwrap(), t);
    let err = out[0].to_host_as(DType::I32).unwrap_err().to_string();
    assert!(err.contains("not i32"), "{err}");
}

fn doubling_kernel() -> tilekit_core::VerifiedKernel {
    let mut kb = KernelBuilder::new("double");
    kb.grid(&[2]);
    let x = kb.input("x", DType::F32, &[2, 4]);
    let y = kb.output("y", DType::F32, &[2, 4]);
    let r = kb.program_id(0);
    let t = kb.load(x, &[Index::at(r), Index::Full]);
    let two = kb.f32(2.0);
    let d = kb.mul(t, two);
    kb.store(y, &[Index::at(r), Index::Full], d);
    kb.finish().unwrap()
}

#[test]
fn bad_arguments_get_the_interpreters_errors() {
    let vk = doubling_kernel();
    let k = PjrtKernel::compile(&client(), &vk).unwrap();
    for args in [
        KernelArgs::new(),
        KernelArgs::new().tensor("x", f32s(DType::Bf16, &[2, 4], &[0.0; 8])),
        KernelArgs::new().tensor("x", f32s(DType::F32, &[4, 2], &[0.0; 8])),
        KernelArgs::new()
            .tensor("x", f32s(DType::F32, &[2, 4], &[0.0; 8]))
            .f32("nope", 1.0),
    ] {
        let want = tilekit_core::interp::run(&vk, &args)
            .unwrap_err()
            .to_string();
        let got = k.run(&args).unwrap_err();
        assert!(matches!(got, KernelError::Args(_)), "{got:?}");
        assert_eq!(got.to_string(), want);
    }
}
