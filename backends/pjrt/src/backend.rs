//! PJRT as a [`tilekit_core::Backend`]: compiles each distinct kernel once
//! (keyed by its printed IR) and runs it on the client's device.

use crate::client::Client;
use crate::kernel::{default_client, KernelError, PjrtKernel};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tilekit_core::{Backend, BackendError, HostTensor, KernelArgs, VerifiedKernel};

/// Runs kernels through StableHLO on one PJRT client.
pub struct PjrtBackend {
    client: Client,
    name: String,
    compiled: Mutex<HashMap<String, Arc<PjrtKernel>>>,
}

impl PjrtBackend {
    /// A backend on `client`, called `name` in tables and errors (`pjrt-cpu`).
    pub fn new(client: Client, name: &str) -> PjrtBackend {
        PjrtBackend {
            client,
            name: name.to_string(),
            compiled: Mutex::new(HashMap::new()),
        }
    }

    /// A backend on the default plugin (`TILEKIT_PJRT_PLUGIN`, else the
    /// cached XLA CPU plugin).
    pub fn default_plugin() -> Result<PjrtBackend, crate::PjrtError> {
        let client = default_client()?;
        let name = format!("pjrt-{}", client.platform().to_lowercase());
        Ok(PjrtBackend::new(client, &name))
    }

    /// The client kernels run on (to keep buffers on its device).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The compiled form of `kernel`, compiling it on first use.
    pub fn kernel(&self, kernel: &VerifiedKernel) -> Result<Arc<PjrtKernel>, KernelError> {
        let key = kernel.to_text();
        let mut cache = self.compiled.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = cache.get(&key) {
            return Ok(k.clone());
        }
        let compiled = Arc::new(PjrtKernel::compile(&self.client, kernel)?);
        cache.insert(key, compiled.clone());
        Ok(compiled)
    }
}

impl Backend for PjrtBackend {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn run(
        &self,
        kernel: &VerifiedKernel,
        args: &KernelArgs,
    ) -> Result<BTreeMap<String, HostTensor>, BackendError> {
        let result = self.kernel(kernel).and_then(|k| k.run(args));
        result.map_err(|e| match e {
            KernelError::Args(a) => BackendError::Args(a),
            other => BackendError::Target {
                backend: self.name.clone(),
                kernel: kernel.name().to_string(),
                message: other.to_string(),
            },
        })
    }
}
