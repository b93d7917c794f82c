//! The FFI matches the `pjrt_c_api.h` shipped with the installed plugin:
//! same API version, and the generated `PJRT_Api` table lists the header's
//! functions in the header's order (regenerate with
//! `tools/gen_api_table.py` when the plugin changes).

use tilekit_pjrt::ffi::{HEADER_API_MAJOR, HEADER_API_MINOR};
use tilekit_pjrt::provision::cached_cpu_header;

fn define(header: &str, name: &str) -> i32 {
    let line = header
        .lines()
        .find(|l| l.starts_with(&format!("#define {name} ")))
        .unwrap_or_else(|| panic!("the header defines no {name}"));
    line.rsplit(' ').next().unwrap().trim().parse().unwrap()
}

#[test]
fn the_generated_table_matches_the_plugins_header() {
    let path = cached_cpu_header().unwrap();
    let header = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the plugin's header {} ({e}); install the plugin with `{}`",
            path.display(),
            tilekit_pjrt::INSTALL_COMMAND
        )
    });
    assert_eq!(define(&header, "PJRT_API_MAJOR"), HEADER_API_MAJOR);
    assert_eq!(define(&header, "PJRT_API_MINOR"), HEADER_API_MINOR);
    let table = header
        .split("typedef struct PJRT_Api {")
        .nth(1)
        .and_then(|s| s.split("} PJRT_Api;").next())
        .expect("the header declares struct PJRT_Api");
    let from_header: Vec<&str> = table
        .lines()
        .filter_map(|l| l.trim().strip_prefix("_PJRT_API_STRUCT_FIELD("))
        .map(|l| l.trim_end_matches(");"))
        .collect();
    let generated = include_str!("../src/ffi/api.rs");
    let from_bindings: Vec<&str> = generated
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub PJRT_"))
        .filter_map(|l| l.split(':').next())
        .map(|n| n.trim())
        .collect();
    let from_bindings: Vec<String> = from_bindings.iter().map(|n| format!("PJRT_{n}")).collect();
    assert_eq!(
        from_header.len(),
        from_bindings.len(),
        "number of functions"
    );
    for (h, b) in from_header.iter().zip(&from_bindings) {
        assert_eq!(*h, b.as_str());
    }
}
