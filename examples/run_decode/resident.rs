//! On PJRT the KV cache can stay on the device: each step uploads only the
//! new tokens, the queries and the small index arrays, runs the KV-write
//! kernel on the resident cache (its in/out refs come back as new device
//! buffers) and paged decode on the result, and downloads only `o` and
//! `lse`. This is what a serving engine does; the `Backend` path, which
//! moves the whole cache through host memory every call, is what the other
//! backends use.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tilekit::core::dsl::bf16;
use tilekit::core::{BuildError, HostTensor, VerifiedKernel};
use tilekit::kernels::kv_write::{kv_write_kernel, KvWriteKernelShapes};
use tilekit::kernels::paged_decode::{paged_decode, PagedDecodeShapes};
use tilekit_pjrt::{DeviceBuffer, PjrtBackend, PjrtKernel};

pub struct ResidentCache {
    k: Option<DeviceBuffer>,
    v: Option<DeviceBuffer>,
    /// Compiled kernels by name and shapes: the shapes stay fixed across
    /// steps, so each kernel is traced and compiled once, not every step.
    compiled: HashMap<String, Arc<PjrtKernel>>,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl ResidentCache {
    /// Uploads the cache once.
    pub fn new(
        pjrt: &PjrtBackend,
        k: &HostTensor,
        v: &HostTensor,
    ) -> Result<ResidentCache, String> {
        let client = pjrt.client();
        Ok(ResidentCache {
            k: Some(client.upload_bits16(k).map_err(err)?),
            v: Some(client.upload_bits16(v).map_err(err)?),
            compiled: HashMap::new(),
        })
    }

    /// The compiled kernel for `key`, traced by `build` on first use.
    fn compiled(
        &mut self,
        pjrt: &PjrtBackend,
        key: String,
        build: impl FnOnce() -> Result<VerifiedKernel, BuildError>,
    ) -> Result<Arc<PjrtKernel>, String> {
        if let Some(k) = self.compiled.get(&key) {
            return Ok(k.clone());
        }
        let kernel = pjrt.kernel(&build().map_err(err)?).map_err(err)?;
        self.compiled.insert(key, kernel.clone());
        Ok(kernel)
    }

    /// Runs `kernel` with the resident cache as its `k_cache`/`v_cache`
    /// parameters and `host` tensors for the rest; returns the outputs and
    /// gives the cache buffers back when the kernel only reads them.
    fn execute(
        &mut self,
        pjrt: &PjrtBackend,
        kernel: &PjrtKernel,
        host: &BTreeMap<&str, HostTensor>,
    ) -> Result<(Vec<String>, Vec<DeviceBuffer>), String> {
        let sig = &kernel.module().signature;
        let mut inputs = Vec::with_capacity(sig.params.len());
        let mut resident_at = Vec::new();
        for p in &sig.params {
            let buffer = match p.name.as_str() {
                "k_cache" => self.k.take(),
                "v_cache" => self.v.take(),
                _ => None,
            };
            match buffer {
                Some(b) => {
                    resident_at.push((p.name.clone(), inputs.len()));
                    inputs.push(b);
                }
                None => {
                    let t = host.get(p.name.as_str()).ok_or_else(|| {
                        format!(
                            "resident path: no tensor for parameter `{}` of {:?}",
                            p.name,
                            kernel.module().kernels
                        )
                    })?;
                    inputs.push(pjrt.client().upload_bits16(t).map_err(err)?);
                }
            }
        }
        let outputs = kernel.execute(&inputs).map_err(err)?;
        // Put read-only cache buffers back (in/out ones are replaced below).
        for (name, at) in resident_at.into_iter().rev() {
            let b = inputs.swap_remove(at);
            if name == "k_cache" {
                self.k = Some(b)
            } else {
                self.v = Some(b)
            }
        }
        Ok((
            sig.outputs.iter().map(|o| o.name.clone()).collect(),
            outputs,
        ))
    }

    /// Appends one token per sequence at `slots`.
    pub fn kv_write(
        &mut self,
        pjrt: &PjrtBackend,
        cache_dims: [usize; 4],
        k_new: &HostTensor,
        v_new: &HostTensor,
        slots: &HostTensor,
    ) -> Result<(), String> {
        let b = slots.len();
        let (hkv, d) = (cache_dims[2], cache_dims[3]);
        let shapes = KvWriteKernelShapes {
            slot_mapping: [b],
            k_new: [b, hkv, d],
            v_new: [b, hkv, d],
            k_cache: cache_dims,
            v_cache: cache_dims,
        };
        let kernel = self.compiled(pjrt, format!("kv_write {shapes:?}"), || {
            kv_write_kernel::<bf16>(&shapes)
        })?;
        let host = BTreeMap::from([
            ("slot_mapping", slots.clone()),
            ("k_new", k_new.clone()),
            ("v_new", v_new.clone()),
        ]);
        let (names, outputs) = self.execute(pjrt, &kernel, &host)?;
        for (name, b) in names.into_iter().zip(outputs) {
            match name.as_str() {
                "k_cache" => self.k = Some(b),
                "v_cache" => self.v = Some(b),
                _ => {}
            }
        }
        Ok(())
    }

    /// Paged decode over the resident cache; returns `o` and `lse`.
    pub fn decode(
        &mut self,
        pjrt: &PjrtBackend,
        cache_dims: [usize; 4],
        q: &HostTensor,
        tables: &HostTensor,
        lens: &HostTensor,
        scale: f32,
    ) -> Result<(HostTensor, HostTensor), String> {
        let [b, hq, d] = *q.shape() else {
            return Err(format!("q has shape {:?}", q.shape()));
        };
        let shapes = PagedDecodeShapes {
            block_tables: [b, tables.shape()[1]],
            context_lens: [b],
            q: [b, hq, d],
            k_cache: cache_dims,
            v_cache: cache_dims,
            stages: 2,
        };
        let kernel = self.compiled(pjrt, format!("paged_decode {shapes:?}"), || {
            paged_decode::<bf16>(&shapes)
        })?;
        let host = BTreeMap::from([
            ("q", q.clone()),
            ("block_tables", tables.clone()),
            ("context_lens", lens.clone()),
            ("scale", HostTensor::scalar_f32(scale)),
        ]);
        let (names, outputs) = self.execute(pjrt, &kernel, &host)?;
        let mut out = kernel.download(&outputs).map_err(err)?;
        let mut take = |n: &str| {
            out.remove(n)
                .ok_or_else(|| format!("paged decode returned no `{n}` (outputs: {names:?})"))
        };
        Ok((take("o")?, take("lse")?))
    }

    /// Copies the cache back to the host (for the reference check).
    pub fn to_host(&self) -> Result<(HostTensor, HostTensor), String> {
        let get = |b: &Option<DeviceBuffer>| {
            b.as_ref()
                .ok_or("the resident cache is missing".to_string())?
                .to_host_as(tilekit::core::DType::Bf16)
                .map_err(err)
        };
        Ok((get(&self.k)?, get(&self.v)?))
    }
}
