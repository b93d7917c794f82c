//! `TILEKIT_LIBTPU` and the libtpu cache location; a missing libtpu is an
//! error naming the install command. One test in its own binary, because
//! it changes environment variables.

use tilekit_pjrt::libtpu::{
    install_libtpu, libtpu_package_dir, libtpu_path, LIBTPU_ENV, LIBTPU_INSTALL_COMMAND,
};
use tilekit_pjrt::PjrtError;

#[test]
fn the_environment_chooses_libtpu_and_a_missing_one_names_the_install_command() {
    let installed = libtpu_path().unwrap_or_else(|e| panic!("this test needs libtpu: {e}"));
    let chosen = std::env::var_os(LIBTPU_ENV);

    std::env::set_var(LIBTPU_ENV, &installed);
    assert_eq!(libtpu_path().unwrap(), installed);
    std::env::set_var(LIBTPU_ENV, "/no/such/libtpu.so");
    let err = libtpu_path().unwrap_err();
    assert!(matches!(err, PjrtError::LibtpuNotFound { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("/no/such/libtpu.so")
            && msg.contains(LIBTPU_ENV)
            && msg.contains(LIBTPU_INSTALL_COMMAND),
        "{msg}"
    );
    // `install_libtpu` downloads nothing when a copy is named.
    assert!(install_libtpu().is_err());
    std::env::remove_var(LIBTPU_ENV);

    // The cache follows XDG_CACHE_HOME; an empty cache names the command.
    let old = std::env::var_os("XDG_CACHE_HOME");
    let empty = std::env::temp_dir().join(format!("tilekit-no-libtpu-{}", std::process::id()));
    std::env::set_var("XDG_CACHE_HOME", &empty);
    assert!(libtpu_package_dir()
        .unwrap()
        .starts_with(empty.join("tilekit").join("libtpu")));
    let msg = libtpu_path().unwrap_err().to_string();
    assert!(
        msg.contains(LIBTPU_INSTALL_COMMAND) && msg.contains("libtpu cache"),
        "{msg}"
    );
    match old {
        Some(v) => std::env::set_var("XDG_CACHE_HOME", v),
        None => std::env::remove_var("XDG_CACHE_HOME"),
    }
    if let Some(p) = chosen {
        std::env::set_var(LIBTPU_ENV, p);
    }
    assert_eq!(libtpu_path().unwrap(), installed);
}
