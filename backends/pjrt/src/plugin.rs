//! Loading a PJRT plugin: `dlopen` the shared object, fetch its function
//! table through `GetPjrtApi`, check the C API version against the header
//! these bindings come from, and initialise it once per process.
//!
//! Plugins are never unloaded: XLA plugins keep threads and static state
//! alive for the life of the process, and `dlclose` on them is unsafe in
//! practice. Loading the same path twice returns the same [`Plugin`].

use crate::error::{code_name, PjrtError};
use crate::ffi::{self, struct_size, PJRT_Api, PJRT_Error, PJRT_NamedValue};
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A loaded, initialised PJRT plugin.
pub struct Plugin {
    api: &'static PJRT_Api,
    path: PathBuf,
    version: (i32, i32),
}

// SAFETY: the plugin's function table is immutable after `GetPjrtApi`
// returns, and PJRT C API functions may be called from any thread.
unsafe impl Send for Plugin {}
unsafe impl Sync for Plugin {}

impl std::fmt::Debug for Plugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish()
    }
}

/// A plugin attribute value (`PJRT_Plugin_Attributes`).
#[derive(Clone, Debug, PartialEq)]
pub enum Attribute {
    String(String),
    Int(i64),
    Ints(Vec<i64>),
    Float(f32),
    Bool(bool),
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Arc<Plugin>>> {
    static PLUGINS: OnceLock<Mutex<HashMap<PathBuf, Arc<Plugin>>>> = OnceLock::new();
    PLUGINS.get_or_init(Default::default)
}

fn dlerror_text() -> String {
    // SAFETY: dlerror returns null or a NUL-terminated thread-local string.
    unsafe {
        let e = libc::dlerror();
        if e.is_null() {
            "unknown dlopen error".into()
        } else {
            CStr::from_ptr(e).to_string_lossy().into_owned()
        }
    }
}

impl Plugin {
    /// Loads the plugin at `path` (once per process) and initialises it.
    pub fn load(path: impl AsRef<Path>) -> Result<Arc<Plugin>, PjrtError> {
        let path = path.as_ref();
        if !path.is_file() {
            return Err(PjrtError::PluginNotFound {
                path: path.to_path_buf(),
                origin: String::new(),
            });
        }
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let mut plugins = registry().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = plugins.get(&canonical) {
            return Ok(p.clone());
        }
        let plugin = Arc::new(Plugin::open(&canonical)?);
        plugin.initialize()?;
        plugins.insert(canonical, plugin.clone());
        Ok(plugin)
    }

    fn open(path: &Path) -> Result<Plugin, PjrtError> {
        let not_a_plugin = |reason: String| PjrtError::NotAPlugin {
            path: path.to_path_buf(),
            reason,
        };
        let c_path = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| not_a_plugin("the path contains a NUL byte".into()))?;
        // SAFETY: a valid C string; loading runs the library's initialisers,
        // which is what loading any plugin means.
        let handle = unsafe { libc::dlopen(c_path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            return Err(not_a_plugin(format!(
                "it cannot be loaded as a shared library: {}",
                dlerror_text()
            )));
        }
        // SAFETY: handle is a live dlopen handle; the name is NUL-terminated.
        let sym = unsafe { libc::dlsym(handle, c"GetPjrtApi".as_ptr()) };
        if sym.is_null() {
            return Err(not_a_plugin(
                "it loads, but exports no `GetPjrtApi` function".into(),
            ));
        }
        // SAFETY: PJRT plugins export `const PJRT_Api* GetPjrtApi(void)`.
        let get_api: unsafe extern "C" fn() -> *const PJRT_Api =
            unsafe { std::mem::transmute(sym) };
        let raw = unsafe { get_api() };
        if raw.is_null() {
            return Err(not_a_plugin("`GetPjrtApi` returned null".into()));
        }
        // SAFETY: the table lives as long as the library, which stays loaded.
        let api: &'static PJRT_Api = unsafe { &*raw };
        let version = (
            api.pjrt_api_version.major_version,
            api.pjrt_api_version.minor_version,
        );
        check_version(path, version, api.struct_size)?;
        Ok(Plugin {
            api,
            path: path.to_path_buf(),
            version,
        })
    }

    /// The plugin's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The C API version the plugin implements, `(major, minor)`.
    pub fn api_version(&self) -> (i32, i32) {
        self.version
    }

    pub(crate) fn api(&self) -> &'static PJRT_Api {
        self.api
    }

    fn initialize(&self) -> Result<(), PjrtError> {
        let f = self.func(self.api.PJRT_Plugin_Initialize, "PJRT_Plugin_Initialize")?;
        // SAFETY: zeroed args with the right size, as the API requires.
        let mut args: ffi::PJRT_Plugin_Initialize_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Plugin_Initialize_Args,
                extension_start
            ))
        };
        self.check("PJRT_Plugin_Initialize", unsafe { f(&mut args) })
    }

    /// The plugin's attributes (`xla_version`, `stablehlo_current_version`, ...).
    pub fn attributes(&self) -> Result<Vec<(String, Attribute)>, PjrtError> {
        let f = self.func(self.api.PJRT_Plugin_Attributes, "PJRT_Plugin_Attributes")?;
        // SAFETY: see `initialize`.
        let mut args: ffi::PJRT_Plugin_Attributes_Args = unsafe {
            ffi::zeroed_args(struct_size!(
                ffi::PJRT_Plugin_Attributes_Args,
                num_attributes
            ))
        };
        self.check("PJRT_Plugin_Attributes", unsafe { f(&mut args) })?;
        if args.attributes.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: the plugin returns `num_attributes` values that live as
        // long as the process.
        let attrs = unsafe { std::slice::from_raw_parts(args.attributes, args.num_attributes) };
        Ok(attrs.iter().map(|a| unsafe { read_attribute(a) }).collect())
    }

    /// The function pointer, or an error naming the missing function.
    pub(crate) fn func<F>(&self, f: Option<F>, name: &'static str) -> Result<F, PjrtError> {
        f.ok_or(PjrtError::Protocol {
            call: name,
            message: format!(
                "the plugin {} does not implement this function",
                self.path.display()
            ),
        })
    }

    /// Turns a returned `PJRT_Error*` into a Rust error (freeing it).
    pub(crate) fn check(&self, call: &'static str, err: *mut PJRT_Error) -> Result<(), PjrtError> {
        if err.is_null() {
            return Ok(());
        }
        let (code, message) = unsafe { self.error_parts(err) };
        if let Some(destroy) = self.api.PJRT_Error_Destroy {
            // SAFETY: `err` came from this plugin and is freed exactly once.
            let mut args: ffi::PJRT_Error_Destroy_Args =
                unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Error_Destroy_Args, error)) };
            args.error = err;
            unsafe { destroy(&mut args) };
        }
        Err(PjrtError::Api {
            call,
            code,
            message,
        })
    }

    /// # Safety
    /// `err` must be a live error returned by this plugin.
    unsafe fn error_parts(&self, err: *mut PJRT_Error) -> (String, String) {
        let mut message = "(the plugin gave no message)".to_string();
        if let Some(f) = self.api.PJRT_Error_Message {
            let mut args: ffi::PJRT_Error_Message_Args =
                ffi::zeroed_args(struct_size!(ffi::PJRT_Error_Message_Args, message_size));
            args.error = err;
            f(&mut args);
            if !args.message.is_null() {
                let bytes =
                    std::slice::from_raw_parts(args.message as *const u8, args.message_size);
                message = String::from_utf8_lossy(bytes).into_owned();
            }
        }
        let mut code = "unknown code".to_string();
        if let Some(f) = self.api.PJRT_Error_GetCode {
            let mut args: ffi::PJRT_Error_GetCode_Args =
                ffi::zeroed_args(struct_size!(ffi::PJRT_Error_GetCode_Args, code));
            args.error = err;
            if f(&mut args).is_null() {
                code = code_name(args.code);
            }
        }
        (code, message)
    }
}

/// The major version must match exactly (it changes only on ABI breaks). An
/// older minor version than the header's is refused: such a plugin may not
/// know the argument structs' newer fields and rejects their sizes (as a
/// 0.81 plugin rejects the 0.54 header of the `pjrt` crate). Newer plugins
/// accept older callers through `struct_size`.
fn check_version(
    path: &Path,
    (major, minor): (i32, i32),
    table_size: usize,
) -> Result<(), PjrtError> {
    let mismatch = |reason: &str| PjrtError::VersionMismatch {
        path: path.to_path_buf(),
        major,
        minor,
        want_major: ffi::HEADER_API_MAJOR,
        want_minor: ffi::HEADER_API_MINOR,
        reason: reason.to_string(),
    };
    if major != ffi::HEADER_API_MAJOR {
        return Err(mismatch(
            "the major versions differ, so the ABI is incompatible; regenerate the bindings from this plugin's pjrt_c_api.h",
        ));
    }
    if minor < ffi::HEADER_API_MINOR {
        return Err(mismatch(
            "the plugin is older than the bindings; use a newer plugin (for the CPU: `cargo xtask install-pjrt`)",
        ));
    }
    let needed =
        std::mem::offset_of!(PJRT_Api, PJRT_Buffer_ToHostBuffer) + std::mem::size_of::<usize>();
    if table_size < needed {
        return Err(mismatch(&format!(
            "its function table is {table_size} bytes, too short for the {needed} bytes tilekit uses"
        )));
    }
    Ok(())
}

/// # Safety
/// `a` must be a valid attribute returned by the plugin.
unsafe fn read_attribute(a: &PJRT_NamedValue) -> (String, Attribute) {
    let text = |p: *const ffi::c_char, n: usize| {
        if p.is_null() {
            String::new()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, n)).into_owned()
        }
    };
    let name = text(a.name, a.name_size);
    let value = match a.type_ {
        ffi::PJRT_NamedValue_kString => Attribute::String(text(a.value.string_value, a.value_size)),
        ffi::PJRT_NamedValue_kInt64 => Attribute::Int(a.value.int64_value),
        ffi::PJRT_NamedValue_kInt64List if !a.value.int64_array_value.is_null() => Attribute::Ints(
            std::slice::from_raw_parts(a.value.int64_array_value, a.value_size).to_vec(),
        ),
        ffi::PJRT_NamedValue_kInt64List => Attribute::Ints(Vec::new()),
        ffi::PJRT_NamedValue_kFloat => Attribute::Float(a.value.float_value),
        ffi::PJRT_NamedValue_kBool => Attribute::Bool(a.value.bool_value),
        other => Attribute::String(format!("<attribute of unknown type {other}>")),
    };
    (name, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_checked_against_the_header() {
        let p = Path::new("/x/plugin.so");
        let full = std::mem::size_of::<PJRT_Api>();
        let (major, minor) = (ffi::HEADER_API_MAJOR, ffi::HEADER_API_MINOR);
        assert!(check_version(p, (major, minor), full).is_ok());
        assert!(check_version(p, (major, minor + 5), full + 64).is_ok());
        let older = check_version(p, (major, minor - 27), full)
            .unwrap_err()
            .to_string();
        assert!(
            older.contains(&format!("implements C API 0.{}", minor - 27)),
            "{older}"
        );
        assert!(older.contains("older than the bindings"), "{older}");
        let other = check_version(p, (major + 1, 0), full)
            .unwrap_err()
            .to_string();
        assert!(other.contains("major versions differ"), "{other}");
        let short = check_version(p, (major, minor), 64)
            .unwrap_err()
            .to_string();
        assert!(short.contains("too short"), "{short}");
    }

    #[test]
    fn error_codes_have_names() {
        assert_eq!(code_name(3), "INVALID_ARGUMENT");
        assert_eq!(code_name(99), "code 99");
        assert_eq!(code_name(-1), "code -1");
    }
}
