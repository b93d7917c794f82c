//! PJRT events: asynchronous work (transfers, executions) reports through
//! them. tilekit's runtime is synchronous, so every event is awaited and
//! freed right where it is returned.

use crate::error::PjrtError;
use crate::ffi::{self, struct_size, PJRT_Event};
use crate::plugin::Plugin;

/// Waits for `event` (if any), frees it, and returns its error status.
pub(crate) fn await_and_destroy(
    plugin: &Plugin,
    event: *mut PJRT_Event,
    call: &'static str,
) -> Result<(), PjrtError> {
    if event.is_null() {
        return Ok(());
    }
    let api = plugin.api();
    let awaited = match plugin.func(api.PJRT_Event_Await, "PJRT_Event_Await") {
        Ok(f) => {
            // SAFETY: `event` is a live event from this plugin.
            let mut args: ffi::PJRT_Event_Await_Args =
                unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Event_Await_Args, event)) };
            args.event = event;
            plugin.check(call, unsafe { f(&mut args) })
        }
        Err(e) => Err(e),
    };
    if let Some(f) = api.PJRT_Event_Destroy {
        // SAFETY: freed exactly once, after the wait.
        let mut args: ffi::PJRT_Event_Destroy_Args =
            unsafe { ffi::zeroed_args(struct_size!(ffi::PJRT_Event_Destroy_Args, event)) };
        args.event = event;
        let _ = plugin.check("PJRT_Event_Destroy", unsafe { f(&mut args) });
    }
    awaited
}
