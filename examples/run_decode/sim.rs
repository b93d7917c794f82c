//! The decode loop: each step appends one token per sequence through the
//! KV-write kernel, then runs attention over the paged cache (paged decode,
//! or Kascade anchor and reuse steps), checking sampled steps against the
//! f64 reference.

use crate::backend::Engine;
use crate::cache::{CacheShape, PagedCache};
use crate::cli::{KernelChoice, Options};
use crate::progress::Progress;
use crate::resident::ResidentCache;
use std::time::Instant;
use tilekit::core::{Backend, DType, HostTensor, Interpreter};
use tilekit::kernels::kascade_scores::{DecodeConfig, DecodeInputs};
use tilekit::kernels::reference::{self, compare, Tolerance};
use tilekit::kernels::testdata::{random_tensor, Rng};
use tilekit::kernels::{
    kascade_decode, kascade_decode_scores, kv_write, paged_decode, topk_select, Granularity,
    KascadeDecodeConfig, KascadeDecodeInputs, KvCache, PagedDecodeConfig, PagedDecodeInputs,
};

const Q_HEADS: usize = 32;
const KV_HEADS: usize = 8;
const HEAD_DIM: usize = 128;
const BLOCK_SIZE: usize = 16;
const SHARED_PREFIX_PAGES: usize = 4;

/// What one run measured.
pub struct RunStats {
    pub backend: String,
    pub steps: usize,
    pub seconds: f64,
    pub tokens: usize,
    pub kv_bytes_read: f64,
    pub max_err_o: f64,
    pub checked_steps: usize,
    /// The untimed first step (tracing and compiling).
    pub warmup: f64,
}

/// The anchor's selection, reused until the next anchor step.
struct Selection {
    idx: HostTensor,
    n_sel: HostTensor,
}

pub struct Simulation {
    opts: Options,
    cache: PagedCache,
    rng: Rng,
    selection: Option<Selection>,
    /// Fixed widths so every step has the same shapes (one compile).
    s_max: usize,
    k_max: usize,
    /// The cache on the PJRT device, when the engine is PJRT and the kernel
    /// is one-pass paged decode.
    resident: Option<ResidentCache>,
}

impl Simulation {
    pub fn new(opts: &Options) -> Result<Simulation, String> {
        let mut rng = Rng::new(opts.seed);
        // Ragged lengths in [L/2, 3L/2), at least one full shared prefix.
        let lens: Vec<usize> = (0..opts.batch)
            .map(|_| opts.context / 2 + rng.below(opts.context.max(1)))
            .map(|l| l.max(SHARED_PREFIX_PAGES * BLOCK_SIZE))
            .collect();
        // +1: the untimed warm-up step appends a token too.
        let s_max = lens.iter().max().copied().unwrap_or(0) + opts.steps + 1;
        let max_blocks = s_max.div_ceil(BLOCK_SIZE);
        let shape = CacheShape {
            num_blocks: opts.batch * max_blocks + 8,
            block_size: BLOCK_SIZE,
            kv_heads: KV_HEADS,
            head_dim: HEAD_DIM,
            max_blocks,
            dtype: DType::Bf16,
        };
        let cache = PagedCache::prefilled(shape, &lens, SHARED_PREFIX_PAGES, &mut rng)?;
        let k_max = tilekit::kernels::kascade_budget(s_max, opts.topk);
        Ok(Simulation {
            opts: opts.clone(),
            cache,
            rng,
            selection: None,
            s_max,
            k_max,
            resident: None,
        })
    }

    pub fn describe(&self) -> String {
        let lens = self.cache.lens();
        format!(
            "{} sequences, context {}..{} tokens (+{} steps), Hq={Q_HEADS} Hkv={KV_HEADS} D={HEAD_DIM} BS={BLOCK_SIZE} bf16, {} of {} pages in use ({} shared prefix pages)",
            lens.len(),
            lens.iter().min().unwrap_or(&0),
            lens.iter().max().unwrap_or(&0),
            self.opts.steps,
            self.cache.pages_in_use(),
            self.cache.shape.num_blocks,
            SHARED_PREFIX_PAGES
        )
    }

    /// Runs `steps` decode steps on `backend`.
    pub fn run(
        &mut self,
        engine: &Engine,
        steps: usize,
        check_every: usize,
        label: &str,
    ) -> Result<RunStats, String> {
        let backend = engine.backend();
        // One untimed step first: it traces and compiles every kernel the
        // loop uses (shapes stay fixed), so the timed steps are steady state.
        let start = Instant::now();
        self.step(engine, 0, false)?;
        let warmup = start.elapsed().as_secs_f64();
        eprintln!("{label}: warm-up step (trace + compile) {:.2} s", warmup);
        let mut progress = Progress::new(label, steps);
        let (mut seconds, mut kv_bytes, mut tokens, mut max_err, mut checked) =
            (0.0, 0.0, 0, 0.0f64, 0);
        for step in 0..steps {
            let check = check_every > 0 && step % check_every == 0;
            let start = Instant::now();
            let (read, err) = self.step(engine, step, check)?;
            seconds += start.elapsed().as_secs_f64();
            kv_bytes += read;
            tokens += self.opts.batch;
            if let Some(e) = err {
                max_err = max_err.max(e);
                checked += 1;
            }
            progress.update(
                step + 1,
                &format!("{:.1} tok/s", tokens as f64 / seconds.max(1e-9)),
            );
        }
        Ok(RunStats {
            backend: backend.name(),
            steps,
            seconds,
            tokens,
            kv_bytes_read: kv_bytes,
            max_err_o: max_err,
            checked_steps: checked,
            warmup,
        })
    }

    /// One step; returns the KV bytes attention read and, when checked, the
    /// max abs error of `o` against the reference.
    fn step(
        &mut self,
        engine: &Engine,
        step: usize,
        check: bool,
    ) -> Result<(f64, Option<f64>), String> {
        let backend = engine.backend();
        let (b, dtype) = (self.opts.batch, DType::Bf16);
        let q = random_tensor(&mut self.rng, dtype, &[b, Q_HEADS, HEAD_DIM], 1.0);
        let k_new = random_tensor(&mut self.rng, dtype, &[b, KV_HEADS, HEAD_DIM], 1.0);
        let v_new = random_tensor(&mut self.rng, dtype, &[b, KV_HEADS, HEAD_DIM], 1.0);
        let slots = self.cache.append_slots()?;
        if let (Some(pjrt), KernelChoice::Paged, 1) =
            (engine.pjrt(), self.opts.kernel, self.opts.splits)
        {
            return self.resident_step(pjrt, check, &q, &k_new, &v_new, &slots);
        }
        let written = kv_write(
            backend,
            &self.cache.k,
            &self.cache.v,
            &k_new,
            &v_new,
            &slots,
        )
        .map_err(|e| e.to_string())?;
        self.cache.k = written.k_cache;
        self.cache.v = written.v_cache;
        let tables = self.cache.block_tables();
        let lens = self.cache.context_lens();
        let row_bytes = 2.0 * (KV_HEADS * HEAD_DIM * dtype.size_bytes()) as f64;
        match self.opts.kernel {
            KernelChoice::Kascade => {
                self.kascade_step(backend, step, check, &q, &tables, &lens, row_bytes)
            }
            _ => {
                let inputs = PagedDecodeInputs {
                    q: &q,
                    k_cache: &self.cache.k,
                    v_cache: &self.cache.v,
                    block_tables: &tables,
                    context_lens: &lens,
                };
                let config = PagedDecodeConfig {
                    splits: self.opts.splits,
                    checked: check,
                    ..Default::default()
                };
                let out = paged_decode(backend, &inputs, &config).map_err(|e| e.to_string())?;
                let read = self.cache.lens().iter().sum::<usize>() as f64 * row_bytes;
                let err = if check {
                    let want = reference::paged_decode(
                        &q,
                        &self.cache.k,
                        &self.cache.v,
                        &tables,
                        &lens,
                        reference::default_scale(HEAD_DIM),
                    )
                    .map_err(|e| e.to_string())?;
                    Some(compare("o", &out.o, &want.o, Tolerance::for_dtype(dtype))?.max_abs)
                } else {
                    None
                };
                Ok((read, err))
            }
        }
    }

    /// A paged-decode step with the cache resident on the PJRT device.
    fn resident_step(
        &mut self,
        pjrt: &tilekit_pjrt::PjrtBackend,
        check: bool,
        q: &HostTensor,
        k_new: &HostTensor,
        v_new: &HostTensor,
        slots: &HostTensor,
    ) -> Result<(f64, Option<f64>), String> {
        let s = &self.cache.shape;
        let dims = [s.num_blocks, s.block_size, s.kv_heads, s.head_dim];
        let row_bytes = 2.0 * (s.kv_heads * s.head_dim * s.dtype.size_bytes()) as f64;
        if self.resident.is_none() {
            self.resident = Some(ResidentCache::new(pjrt, &self.cache.k, &self.cache.v)?);
        }
        let resident = self.resident.as_mut().expect("created above");
        resident.kv_write(pjrt, dims, k_new, v_new, slots)?;
        let (tables, lens) = (self.cache.block_tables(), self.cache.context_lens());
        let scale = reference::default_scale(HEAD_DIM);
        let (o, _lse) = resident.decode(pjrt, dims, q, &tables, &lens, scale as f32)?;
        let read = self.cache.lens().iter().sum::<usize>() as f64 * row_bytes;
        if !check {
            return Ok((read, None));
        }
        // Bring the cache back to check this step against the reference.
        (self.cache.k, self.cache.v) = resident.to_host()?;
        let want = reference::paged_decode(q, &self.cache.k, &self.cache.v, &tables, &lens, scale)
            .map_err(|e| e.to_string())?;
        let err = compare("o", &o, &want.o, Tolerance::for_dtype(DType::Bf16))?.max_abs;
        Ok((read, Some(err)))
    }

    #[allow(clippy::too_many_arguments)]
    fn kascade_step(
        &mut self,
        backend: &dyn Backend,
        step: usize,
        check: bool,
        q: &HostTensor,
        tables: &HostTensor,
        lens: &HostTensor,
        row_bytes: f64,
    ) -> Result<(f64, Option<f64>), String> {
        let dtype = DType::Bf16;
        let total: usize = self.cache.lens().iter().sum();
        if step % self.opts.anchor_every == 0 || self.selection.is_none() {
            // Anchor step: dense attention that also scores every key.
            let (k, v) = self.cache.contiguous(self.s_max);
            let out = kascade_decode_scores(
                backend,
                &DecodeInputs {
                    q,
                    k: &k,
                    v: &v,
                    lens,
                },
                &DecodeConfig::default(),
            )
            .map_err(|e| e.to_string())?;
            let sel = topk_select(&out.agg, lens, self.opts.topk).map_err(|e| e.to_string())?;
            self.selection = Some(pad_selection(sel.idx, sel.n_sel, self.k_max)?);
            let err = if check {
                let want = reference::paged_decode(
                    q,
                    &self.cache.k,
                    &self.cache.v,
                    tables,
                    lens,
                    reference::default_scale(HEAD_DIM),
                )
                .map_err(|e| e.to_string())?;
                Some(compare("o", &out.attn.o, &want.o, Tolerance::for_dtype(dtype))?.max_abs)
            } else {
                None
            };
            return Ok((total as f64 * row_bytes, err));
        }
        let sel = self.selection.as_ref().expect("an anchor step ran first");
        let head_map = HostTensor::from_i32(&[KV_HEADS], (0..KV_HEADS as i32).collect())
            .map_err(|e| e.to_string())?;
        let kv = KvCache::Paged {
            k_cache: &self.cache.k,
            v_cache: &self.cache.v,
            block_tables: tables,
        };
        let inputs = KascadeDecodeInputs {
            q,
            kv,
            lens,
            idx: &sel.idx,
            n_sel: &sel.n_sel,
            head_map: &head_map,
        };
        let config = KascadeDecodeConfig {
            scale: None,
            granularity: Granularity::Tokens,
            checked: check,
        };
        let out = kascade_decode(backend, &inputs, &config).map_err(|e| e.to_string())?;
        let selected: usize = sel
            .n_sel
            .as_i32()
            .map_or(0, |n| n.iter().map(|&x| x as usize).sum());
        let err = if check {
            let want = reference::kascade_decode_paged(
                q,
                &self.cache.k,
                &self.cache.v,
                tables,
                lens,
                &sel.idx,
                &sel.n_sel,
                &head_map,
                reference::default_scale(HEAD_DIM),
            )
            .map_err(|e| e.to_string())?;
            Some(compare("o", &out.o, &want.o, Tolerance::for_dtype(dtype))?.max_abs)
        } else {
            None
        };
        Ok((selected as f64 * row_bytes, err))
    }
}

impl Simulation {
    /// The inputs of one attention call on the current state, by name, as
    /// file mode reads them (`paged`: the paged cache; `kascade-decode`:
    /// contiguous K/V with the anchor's Top-k selection).
    pub fn case_tensors(
        &mut self,
        kernel: KernelChoice,
    ) -> Result<std::collections::BTreeMap<String, HostTensor>, String> {
        let (b, dtype) = (self.opts.batch, DType::Bf16);
        let q = random_tensor(&mut self.rng, dtype, &[b, Q_HEADS, HEAD_DIM], 1.0);
        let lens = self.cache.context_lens();
        let mut out = std::collections::BTreeMap::new();
        if kernel == KernelChoice::KascadeDecode {
            let (k, v) = self.cache.contiguous(self.s_max);
            let scores = kascade_decode_scores(
                &Interpreter,
                &DecodeInputs {
                    q: &q,
                    k: &k,
                    v: &v,
                    lens: &lens,
                },
                &DecodeConfig::default(),
            )
            .map_err(|e| e.to_string())?;
            let sel = topk_select(&scores.agg, &lens, self.opts.topk).map_err(|e| e.to_string())?;
            let head_map = HostTensor::from_i32(&[KV_HEADS], (0..KV_HEADS as i32).collect())
                .map_err(|e| e.to_string())?;
            for (name, t) in [
                ("k", k),
                ("v", v),
                ("seq_lens", lens),
                ("idx", sel.idx),
                ("n_sel", sel.n_sel),
                ("head_map", head_map),
            ] {
                out.insert(name.to_string(), t);
            }
        } else {
            out.insert("k_cache".into(), self.cache.k.clone());
            out.insert("v_cache".into(), self.cache.v.clone());
            out.insert("block_tables".into(), self.cache.block_tables());
            out.insert("context_lens".into(), lens);
        }
        out.insert("q".into(), q);
        Ok(out)
    }
}

/// Pads `idx` to a fixed `k_max` columns with -1, so reuse steps keep one shape.
fn pad_selection(idx: HostTensor, n_sel: HostTensor, k_max: usize) -> Result<Selection, String> {
    let [b, h, k] = *idx.shape() else {
        return Err(format!("topk returned idx of shape {:?}", idx.shape()));
    };
    let src = idx.as_i32().unwrap_or(&[]);
    let mut out = vec![-1; b * h * k_max];
    for row in 0..b * h {
        let n = k.min(k_max);
        out[row * k_max..row * k_max + n].copy_from_slice(&src[row * k..row * k + n]);
    }
    let idx = HostTensor::from_i32(&[b, h, k_max], out).map_err(|e| e.to_string())?;
    Ok(Selection { idx, n_sel })
}

/// Steps the interpreter runs for the comparison row.
pub const INTERP_SAMPLE_STEPS: usize = 2;

/// Times a few steps of the same simulation on the interpreter.
pub fn interpreter_sample(opts: &Options) -> Result<RunStats, String> {
    let mut sim = Simulation::new(opts)?;
    sim.run(
        &Engine::Other(Box::new(Interpreter)),
        INTERP_SAMPLE_STEPS.min(opts.steps),
        0,
        "interp sample",
    )
}
