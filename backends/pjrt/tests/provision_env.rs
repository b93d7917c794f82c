//! `TILEKIT_PJRT_PLUGIN` and the cache location. One test in its own
//! binary, because it changes environment variables the other tests read.

use tilekit_pjrt::provision::{cache_dir, cached_cpu_plugin, plugin_path, PLUGIN_ENV};
use tilekit_pjrt::{PjrtError, INSTALL_COMMAND};

#[test]
fn the_environment_chooses_the_plugin_and_the_cache() {
    let installed =
        plugin_path().unwrap_or_else(|e| panic!("these tests need the PJRT CPU plugin: {e}"));
    let chosen = std::env::var_os(PLUGIN_ENV);

    // An explicit plugin path wins, and must exist.
    std::env::set_var(PLUGIN_ENV, &installed);
    assert_eq!(plugin_path().unwrap(), installed);
    std::env::set_var(PLUGIN_ENV, "/no/such/plugin.so");
    let err = plugin_path().unwrap_err();
    assert!(matches!(err, PjrtError::PluginNotFound { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("/no/such/plugin.so")
            && msg.contains(PLUGIN_ENV)
            && msg.contains(INSTALL_COMMAND),
        "{msg}"
    );
    // `install` does not download anything when a plugin is named.
    assert!(tilekit_pjrt::provision::install().is_err());
    std::env::remove_var(PLUGIN_ENV);
    let cached = plugin_path().expect("the cached CPU plugin is installed");
    assert_eq!(cached, cached_cpu_plugin().unwrap());

    // The cache follows XDG_CACHE_HOME; an empty cache is an error naming
    // the install command.
    let old = std::env::var_os("XDG_CACHE_HOME");
    let empty = std::env::temp_dir().join(format!("tilekit-empty-cache-{}", std::process::id()));
    std::env::set_var("XDG_CACHE_HOME", &empty);
    assert_eq!(cache_dir().unwrap(), empty.join("tilekit"));
    assert!(cached_cpu_plugin()
        .unwrap()
        .starts_with(empty.join("tilekit").join("pjrt")));
    let msg = plugin_path().unwrap_err().to_string();
    assert!(
        msg.contains(INSTALL_COMMAND) && msg.contains("plugin cache"),
        "{msg}"
    );
    match old {
        Some(v) => std::env::set_var("XDG_CACHE_HOME", v),
        None => std::env::remove_var("XDG_CACHE_HOME"),
    }
    assert_eq!(plugin_path().unwrap(), cached);
    if let Some(p) = chosen {
        std::env::set_var(PLUGIN_ENV, p);
    }
    assert_eq!(plugin_path().unwrap(), installed);
}
