//! Running tilekit kernels on a PJRT device: lower to StableHLO, compile,
//! and call with the interpreter's arguments and results (named tensors).

use crate::buffer::DeviceBuffer;
use crate::cache::{CacheOutcome, ExecutableCache};
use crate::client::{protocol, Client};
use crate::error::PjrtError;
use crate::executable::Executable;
use crate::plugin::Plugin;
use crate::provision;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use tilekit_core::args::{check_args, ArgError};
use tilekit_core::{HostTensor, KernelArgs, ScalarArg, TensorData, VerifiedKernel};
use tilekit_stablehlo::{GridStrategy, LowerError, Module, ParamKind};

/// Why a kernel could not be compiled or run on PJRT.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    #[error(transparent)]
    Lower(#[from] LowerError),
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error(transparent)]
    Pjrt(#[from] PjrtError),
}

/// A client on the default plugin (`TILEKIT_PJRT_PLUGIN`, else the cached
/// XLA CPU plugin), created once per process and shared.
pub fn default_client() -> Result<Client, PjrtError> {
    static CLIENT: OnceLock<Mutex<Option<Client>>> = OnceLock::new();
    let mut slot = CLIENT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(c) = slot.as_ref() {
        return Ok(c.clone());
    }
    let client = Client::new(Plugin::load(provision::plugin_path()?)?)?;
    *slot = Some(client.clone());
    Ok(client)
}

/// A kernel (or a chain of kernels) compiled for one PJRT client.
pub struct PjrtKernel {
    client: Client,
    exe: Executable,
    module: Module,
    /// The kernel, when the module holds exactly one: its arguments are
    /// checked exactly as the interpreter checks them.
    single: Option<tilekit_core::ir::Kernel>,
}

impl std::fmt::Debug for PjrtKernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PjrtKernel")
            .field("kernels", &self.module.kernels)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl PjrtKernel {
    /// Lowers (batched where possible) and compiles one kernel.
    pub fn compile(client: &Client, vk: &VerifiedKernel) -> Result<PjrtKernel, KernelError> {
        PjrtKernel::compile_with(client, vk, GridStrategy::Auto)
    }

    pub fn compile_with(
        client: &Client,
        vk: &VerifiedKernel,
        strategy: GridStrategy,
    ) -> Result<PjrtKernel, KernelError> {
        let module = tilekit_stablehlo::lower_with(vk, strategy)?;
        let mut k = PjrtKernel::compile_module(client, module)?;
        k.single = Some(vk.kernel().clone());
        Ok(k)
    }

    /// Compiles a lowered module (e.g. from [`tilekit_stablehlo::lower_chain`]).
    pub fn compile_module(client: &Client, module: Module) -> Result<PjrtKernel, KernelError> {
        let exe = client.compile(&module.text)?;
        PjrtKernel::from_executable(client, module, exe)
    }

    /// Lowers `vk` and compiles it through an on-disk [`ExecutableCache`].
    pub fn compile_cached(
        client: &Client,
        vk: &VerifiedKernel,
        cache: &ExecutableCache,
    ) -> Result<(PjrtKernel, CacheOutcome), KernelError> {
        let module = tilekit_stablehlo::lower(vk)?;
        let (exe, outcome) = cache.compile(client, &module.text)?;
        let mut k = PjrtKernel::from_executable(client, module, exe)?;
        k.single = Some(vk.kernel().clone());
        Ok((k, outcome))
    }

    fn from_executable(
        client: &Client,
        module: Module,
        exe: Executable,
    ) -> Result<PjrtKernel, KernelError> {
        if exe.num_outputs() != module.signature.outputs.len() {
            return Err(protocol(
                "PJRT_Client_Compile",
                &format!(
                    "the executable has {} outputs but the module's main returns {}",
                    exe.num_outputs(),
                    module.signature.outputs.len()
                ),
            )
            .into());
        }
        Ok(PjrtKernel {
            client: client.clone(),
            exe,
            module,
            single: None,
        })
    }

    pub fn module(&self) -> &Module {
        &self.module
    }

    /// Runs with named arguments; returns outputs and in/out refs by name,
    /// like `tilekit_core::interp::run`.
    pub fn run(&self, args: &KernelArgs) -> Result<BTreeMap<String, HostTensor>, KernelError> {
        let inputs = self.upload(args)?;
        let outputs = self.execute(&inputs)?;
        self.download(&outputs)
    }

    /// Checks `args` and copies them to the device in parameter order, so
    /// they can stay there across calls (e.g. a KV cache).
    pub fn upload(&self, args: &KernelArgs) -> Result<Vec<DeviceBuffer>, KernelError> {
        match &self.single {
            Some(k) => check_args(k, args)?,
            None => self.check_chain_args(args)?,
        }
        let mut buffers: Vec<DeviceBuffer> = Vec::new();
        for p in &self.module.signature.params {
            let t = match p.kind {
                ParamKind::Scalar => scalar_tensor(args.scalars[&p.name]),
                _ => args.tensors[&p.name].clone(),
            };
            buffers.push(self.client.upload_bits16(&t)?);
        }
        Ok(buffers)
    }

    /// Runs on buffers from [`PjrtKernel::upload`]; the results stay on the
    /// device, in the order of the module's outputs.
    pub fn execute(&self, inputs: &[DeviceBuffer]) -> Result<Vec<DeviceBuffer>, KernelError> {
        let refs: Vec<&DeviceBuffer> = inputs.iter().collect();
        self.execute_refs(&refs)
    }

    /// [`PjrtKernel::execute`] on borrowed buffers (e.g. results of other
    /// kernels, kept on the device between launches).
    pub fn execute_refs(&self, inputs: &[&DeviceBuffer]) -> Result<Vec<DeviceBuffer>, KernelError> {
        Ok(self.exe.execute(inputs)?)
    }

    /// Copies results of [`PjrtKernel::execute`] back, by output name.
    pub fn download(
        &self,
        outputs: &[DeviceBuffer],
    ) -> Result<BTreeMap<String, HostTensor>, KernelError> {
        let mut result = BTreeMap::new();
        for (o, b) in self.module.signature.outputs.iter().zip(outputs) {
            let t = b.to_host_as(o.dtype)?;
            if t.dtype() != o.dtype || t.shape() != o.shape.as_slice() {
                return Err(protocol(
                    "PJRT_LoadedExecutable_Execute",
                    &format!(
                        "output `{}` came back as {}{:?}, expected {}{:?}",
                        o.name,
                        t.dtype(),
                        t.shape(),
                        o.dtype,
                        o.shape
                    ),
                )
                .into());
            }
            result.insert(o.name.clone(), t);
        }
        Ok(result)
    }

    /// The interpreter's argument rules, against a chain's signature.
    fn check_chain_args(&self, args: &KernelArgs) -> Result<(), ArgError> {
        let sig = &self.module.signature;
        let mut problems = Vec::new();
        for p in &sig.params {
            match p.kind {
                ParamKind::Scalar => match args.scalars.get(&p.name) {
                    None => problems.push(format!(
                        "scalar argument `{}` ({}) is missing",
                        p.name, p.dtype
                    )),
                    Some(x) if x.dtype() != p.dtype => problems.push(format!(
                        "scalar argument `{}` is {} but the kernel expects {}",
                        p.name,
                        x.dtype(),
                        p.dtype
                    )),
                    Some(_) => {}
                },
                _ => match args.tensors.get(&p.name) {
                    None => problems.push(format!(
                        "argument `{}` ({}{:?}) is missing",
                        p.name, p.dtype, p.shape
                    )),
                    Some(t) if t.dtype() != p.dtype || t.shape() != p.shape.as_slice() => problems
                        .push(format!(
                            "argument `{}` is {}{:?} but the kernels expect {}{:?}",
                            p.name,
                            t.dtype(),
                            t.shape(),
                            p.dtype,
                            p.shape
                        )),
                    Some(_) => {}
                },
            }
        }
        let known = |n: &String| sig.params.iter().any(|p| &p.name == n);
        for n in args
            .tensors
            .keys()
            .chain(args.scalars.keys())
            .filter(|n| !known(n))
        {
            problems.push(format!("the kernels have no parameter named `{n}`"));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            let names: Vec<&str> = self
                .module
                .kernels
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            Err(ArgError {
                kernel: names.join(" -> "),
                problems,
            })
        }
    }
}

fn scalar_tensor(x: ScalarArg) -> HostTensor {
    let data = match x {
        ScalarArg::F32(v) => TensorData::F32(vec![v]),
        ScalarArg::I32(v) => TensorData::I32(vec![v]),
        ScalarArg::Bool(v) => TensorData::Bool(vec![v]),
    };
    HostTensor::new(&[], data).expect("one element for a rank-0 shape")
}

/// Compiles and runs a kernel once on the default client.
pub fn run(
    vk: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, KernelError> {
    PjrtKernel::compile(&default_client()?, vk)?.run(args)
}
