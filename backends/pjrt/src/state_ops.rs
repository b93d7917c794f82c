//! Managing a loaded program's state without a full host copy: state not
//! given at load time is created as zeros on the device, and rows of a
//! state buffer are overwritten in place (the buffer donated to a small
//! `dynamic_update_slice` executable, aliased to its result). The
//! executables are compiled once per shape and kept.

use crate::buffer::DeviceBuffer;
use crate::client::Client;
use crate::executable::Executable;
use crate::PjrtError;
use std::collections::HashMap;
use std::sync::Arc;
use tilekit_core::{DType, HostTensor};
use tilekit_stablehlo::{write_rows_module, zeros_module};

/// Compiled state helpers of one client, by module text.
#[derive(Default)]
pub(crate) struct StateOps {
    compiled: HashMap<String, Arc<Executable>>,
}

impl StateOps {
    fn executable(&mut self, client: &Client, text: String) -> Result<Arc<Executable>, PjrtError> {
        if let Some(e) = self.compiled.get(&text) {
            return Ok(e.clone());
        }
        let exe = Arc::new(client.compile(&text)?);
        self.compiled.insert(text, exe.clone());
        Ok(exe)
    }

    /// A buffer of zeros made on the device (nothing of its size on the host).
    pub fn zeros(
        &mut self,
        client: &Client,
        dtype: DType,
        shape: &[usize],
    ) -> Result<DeviceBuffer, PjrtError> {
        let exe = self.executable(client, zeros_module(dtype, shape))?;
        let zero = client.upload_bits16(&HostTensor::zeros(dtype, &[]))?;
        single(exe.execute(&[&zero])?)
    }

    /// `state` with rows `start..` replaced by `rows`; `state` is donated
    /// (invalid afterwards) and the returned buffer takes its place.
    pub fn write_rows(
        &mut self,
        client: &Client,
        state: &DeviceBuffer,
        shape: &[usize],
        start: usize,
        rows: &HostTensor,
    ) -> Result<DeviceBuffer, PjrtError> {
        let text = write_rows_module(rows.dtype(), shape, rows.shape()[0]);
        let exe = self.executable(client, text)?;
        let chunk = client.upload_bits16(rows)?;
        let start =
            client.upload(&HostTensor::from_i32(&[], vec![start as i32]).map_err(|e| {
                crate::client::protocol("PJRT_Client_BufferFromHostBuffer", &e.to_string())
            })?)?;
        single(exe.execute(&[state, &chunk, &start])?)
    }
}

fn single(mut results: Vec<DeviceBuffer>) -> Result<DeviceBuffer, PjrtError> {
    match (results.pop(), results.is_empty()) {
        (Some(b), true) => Ok(b),
        _ => Err(crate::client::protocol(
            "PJRT_LoadedExecutable_Execute",
            "a state helper returned other than one result",
        )),
    }
}
