//! The decode loop: each step appends one token per sequence through the
//! KV-write kernel, then runs attention over the paged cache (paged decode,
//! or Kascade anchor and reuse steps), checking sampled steps against the
//! f64 reference.

use crate::backend::Engine;
use crate::cache::{CacheShape, PagedCache};
use crate::cli::{KernelChoice, Options};
use crate::programs::{self, Dims, StepKind};
use crate::progress::Progress;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use tilekit::core::program::{LoadedProgram, Program};
use tilekit::core::{Backend, DType, HostTensor, Interpreter};
use tilekit::kernels::kascade_scores::{DecodeConfig, DecodeInputs};
use tilekit::kernels::reference::{self, compare, Tolerance};
use tilekit::kernels::split_kv::split_page_ranges;
use tilekit::kernels::testdata::{random_tensor, Rng};
use tilekit::kernels::{kascade_decode_scores, topk_select};

const Q_HEADS: usize = 32;
pub const KV_HEADS: usize = 8;
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
    /// Seconds from process start to the end of the first step.
    pub startup: f64,
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
    /// Whether the "not checked" notice was printed.
    said_unchecked: bool,
    /// Kascade's KV head → anchor head map (the identity), made once.
    head_map: HostTensor,
}

impl Simulation {
    /// A simulation for `backend` (its name: the memory it needs besides
    /// the cache depends on it).
    pub fn new(opts: &Options, backend: &str) -> Result<Simulation, String> {
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
        crate::memory::check_fits(&shape, backend)?;
        let cache = PagedCache::prefilled(shape, &lens, SHARED_PREFIX_PAGES, &mut rng)?;
        let k_max = tilekit::kernels::kascade_budget(s_max, opts.topk);
        Ok(Simulation {
            opts: opts.clone(),
            cache,
            rng,
            selection: None,
            s_max,
            k_max,
            said_unchecked: false,
            head_map: HostTensor::from_i32(&[KV_HEADS], (0..KV_HEADS as i32).collect())
                .map_err(|e| e.to_string())?,
        })
    }

    /// Bytes of K and V.
    pub fn cache_bytes(&self) -> usize {
        self.cache.shape.bytes()
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

    /// The sizes every step program is built for.
    fn dims(&self) -> Dims {
        let s = &self.cache.shape;
        Dims {
            batch: self.opts.batch,
            q_heads: Q_HEADS,
            kv_heads: s.kv_heads,
            head_dim: s.head_dim,
            num_blocks: s.num_blocks,
            block_size: s.block_size,
            max_blocks: s.max_blocks,
            splits: self.opts.splits,
            k_max: self.k_max,
            scale: reference::default_scale(HEAD_DIM) as f32,
            devices: self.opts.devices,
        }
    }

    /// Runs `steps` decode steps on `backend`: the step programs are built
    /// and loaded once (the cache becomes their state), then executed.
    pub fn run(
        &mut self,
        engine: &Engine,
        steps: usize,
        check_every: usize,
        label: &str,
    ) -> Result<RunStats, String> {
        let backend = engine.backend();
        let mut runner = StepRunner::new(self.dims());
        // One untimed step first: it traces and compiles every program the
        // loop uses (shapes stay fixed), so the timed steps are steady state.
        let start = Instant::now();
        let first = self.step(backend, &mut runner, 0, false);
        let warmup = start.elapsed().as_secs_f64();
        let startup = crate::process_start().elapsed().as_secs_f64();
        first?;
        eprintln!("{label}: warm-up step (trace + compile) {:.2} s", warmup);
        let mut progress = Progress::new(label, steps);
        let (mut seconds, mut kv_bytes, mut tokens, mut max_err, mut checked) =
            (0.0, 0.0, 0, 0.0f64, 0);
        for step in 0..steps {
            let check = check_every > 0 && step % check_every == 0 && self.checkable(backend);
            let start = Instant::now();
            let (read, err) = self.step(backend, &mut runner, step, check)?;
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
        // The run is over: the cache is dropped with the program, not
        // brought back (a copy as large as the cache on a device backend).
        drop(runner);
        Ok(RunStats {
            backend: backend.name(),
            steps,
            seconds,
            tokens,
            kv_bytes_read: kv_bytes,
            max_err_o: max_err,
            checked_steps: checked,
            warmup,
            startup,
        })
    }

    /// Whether a step may be checked: a check brings the cache to the host,
    /// which on a device backend is a copy as large as the cache, so caches
    /// of 1 GiB and more are not checked there (said once, not silently).
    fn checkable(&mut self, backend: &dyn Backend) -> bool {
        let big = self.cache.shape.bytes() >= CHECK_LIMIT_BYTES;
        if big && backend.name() != "interp" && !self.said_unchecked {
            eprintln!(
                "run_decode: the cache is {:.2} GB: steps are not checked on {} (a check copies the whole cache to the host); run a smaller --context or --batch to check",
                self.cache.shape.bytes() as f64 / 1e9,
                backend.name()
            );
            self.said_unchecked = true;
        }
        !big || backend.name() == "interp"
    }

    /// One step; returns the KV bytes attention read and, when checked, the
    /// max abs error of `o` against the reference.
    fn step<'b>(
        &mut self,
        backend: &'b dyn Backend,
        runner: &mut StepRunner<'b>,
        step: usize,
        check: bool,
    ) -> Result<(f64, Option<f64>), String> {
        let (b, dtype) = (self.opts.batch, DType::Bf16);
        let q = random_tensor(&mut self.rng, dtype, &[b, Q_HEADS, HEAD_DIM], 1.0);
        let k_new = random_tensor(&mut self.rng, dtype, &[b, KV_HEADS, HEAD_DIM], 1.0);
        let v_new = random_tensor(&mut self.rng, dtype, &[b, KV_HEADS, HEAD_DIM], 1.0);
        let slots = self.cache.append_slots()?;
        let tables = self.cache.block_tables();
        let lens = self.cache.context_lens();
        let row_bytes = 2.0 * (KV_HEADS * HEAD_DIM * dtype.size_bytes()) as f64;
        let total: usize = self.cache.lens().iter().sum();
        let mut inputs: Vec<(&str, &HostTensor)> = vec![
            ("q", &q),
            ("k_new", &k_new),
            ("v_new", &v_new),
            ("slot_mapping", &slots),
            ("block_tables", &tables),
            ("context_lens", &lens),
        ];
        let kind = match self.opts.kernel {
            KernelChoice::Kascade
                if step % self.opts.anchor_every == 0 || self.selection.is_none() =>
            {
                StepKind::Anchor
            }
            KernelChoice::Kascade => StepKind::Reuse,
            _ => StepKind::Paged,
        };
        let ranges;
        let sel = self.selection.take();
        match kind {
            StepKind::Paged => {
                let bs = self.cache.shape.block_size;
                let r = split_page_ranges(&self.cache.lens(), bs, self.opts.splits);
                ranges = HostTensor::from_i32(&[b, self.opts.splits, 2], r)
                    .map_err(|e| e.to_string())?;
                inputs.push(("page_ranges", &ranges));
            }
            StepKind::Reuse => {
                let sel = sel.as_ref().expect("an anchor step ran first");
                inputs.push(("idx", &sel.idx));
                inputs.push(("n_sel", &sel.n_sel));
                inputs.push(("head_map", &self.head_map));
            }
            StepKind::Anchor => {}
        }
        let loaded = runner.load(backend, kind, &mut self.cache)?;
        let mut out = loaded.execute(&inputs).map_err(|e| e.to_string())?;
        let program = loaded.program().clone();
        let mut take = |name: &str| -> Result<HostTensor, String> {
            program
                .outputs
                .iter()
                .find(|b| program.buffer(**b).name.ends_with(name))
                .and_then(|b| out.remove(b))
                .ok_or_else(|| format!("the step program returned no `{name}`"))
        };
        let o = take(".o").or_else(|_| take(".o_part"))?;
        let o = o
            .reshaped(&[b, Q_HEADS, HEAD_DIM])
            .ok_or_else(|| format!("`o` came back with shape {:?}", o.shape()))?;
        let read = match kind {
            StepKind::Anchor => {
                let agg = take(".agg")?;
                let picked = topk_select(&agg, &lens, self.opts.topk).map_err(|e| e.to_string())?;
                self.selection = Some(pad_selection(picked.idx, picked.n_sel, self.k_max)?);
                total as f64 * row_bytes
            }
            StepKind::Reuse => {
                let n = sel.as_ref().map_or(0, |s| {
                    s.n_sel
                        .as_i32()
                        .map_or(0, |n| n.iter().map(|&x| x as usize).sum())
                });
                self.selection = sel;
                n as f64 * row_bytes
            }
            StepKind::Paged => total as f64 * row_bytes,
        };
        if !check {
            return Ok((read, None));
        }
        // The cache as the step left it (on the interpreter, the same
        // elements; elsewhere a copy), dropped before the next step writes.
        let k = loaded.read_state("k_cache").map_err(|e| e.to_string())?;
        let v = loaded.read_state("v_cache").map_err(|e| e.to_string())?;
        let scale = reference::default_scale(HEAD_DIM);
        let want = match (kind, &self.selection) {
            (StepKind::Reuse, Some(sel)) => reference::kascade_decode_paged(
                &q,
                &k,
                &v,
                &tables,
                &lens,
                &sel.idx,
                &sel.n_sel,
                &self.head_map,
                scale,
            ),
            _ => reference::paged_decode(&q, &k, &v, &tables, &lens, scale),
        }
        .map_err(|e| e.to_string())?;
        let err = compare("o", &o, &want.o, Tolerance::for_dtype(dtype))?.max_abs;
        Ok((read, Some(err)))
    }
}

/// Size of cache above which device backends skip checks.
const CHECK_LIMIT_BYTES: usize = 1 << 30;

/// The step program currently loaded. Switching programs (Kascade's
/// anchor and reuse steps) hands the cache from one to the other.
pub struct StepRunner<'b> {
    dims: Dims,
    programs: HashMap<StepKind, Arc<Program>>,
    loaded: Option<(StepKind, Box<dyn LoadedProgram + 'b>)>,
}

impl<'b> StepRunner<'b> {
    fn new(dims: Dims) -> StepRunner<'b> {
        StepRunner {
            dims,
            programs: HashMap::new(),
            loaded: None,
        }
    }

    /// The loaded program for `kind`, loading it (with the cache as its
    /// state) if another one, or none, is loaded.
    fn load(
        &mut self,
        backend: &'b dyn Backend,
        kind: StepKind,
        cache: &mut PagedCache,
    ) -> Result<&mut Box<dyn LoadedProgram + 'b>, String> {
        if self.loaded.as_ref().map(|(k, _)| *k) != Some(kind) {
            self.unload(cache)?;
            let program = match self.programs.get(&kind) {
                Some(p) => p.clone(),
                None => {
                    let p = programs::build(kind, &self.dims)?;
                    self.programs.insert(kind, p.clone());
                    p
                }
            };
            // K and V move in as the initial state, or, for a fresh cache,
            // start as zeros and are drawn in a chunk of pages at a time.
            let (state, fresh) = cache.hand_over()?;
            let mut loaded = backend
                .load_program(&program, state)
                .map_err(|e| e.to_string())?;
            if let Some(seed) = fresh {
                cache.draw_into(seed, loaded.as_mut())?;
            }
            self.loaded = Some((kind, loaded));
        }
        Ok(&mut self.loaded.as_mut().expect("loaded above").1)
    }

    /// Gives the cache back to `cache` (the loaded program is dropped).
    fn unload(&mut self, cache: &mut PagedCache) -> Result<(), String> {
        if let Some((_, loaded)) = self.loaded.take() {
            let k = loaded.read_state("k_cache").map_err(|e| e.to_string())?;
            let v = loaded.read_state("v_cache").map_err(|e| e.to_string())?;
            drop(loaded);
            cache.move_back(k, v);
        }
        Ok(())
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
            let (k, v) = self.cache.contiguous(self.s_max)?;
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
            let head_map = self.head_map.clone();
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
            let (k, v) = self.cache.host_tensors()?;
            out.insert("k_cache".into(), k);
            out.insert("v_cache".into(), v);
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
    // The interpreter runs one device.
    let opts = &Options {
        devices: 1,
        ..opts.clone()
    };
    let mut sim = Simulation::new(opts, "interp")?;
    sim.run(
        &Engine::Other(Box::new(Interpreter)),
        INTERP_SAMPLE_STEPS.min(opts.steps),
        0,
        "interp sample",
    )
}
