//! SmolLM2-135M's whole decode step for a TPU as one [`Program`], which
//! `cargo xtask tpu-check` lowers to one Mosaic module (one
//! `tpu_custom_call` per kernel call) and compiles for v5e and v6e: the
//! step `tilekit-serve` records for GPUs (embedding, 30 blocks, final norm,
//! LM head, argmax), in the TPU layouts of [`super`].
//!
//! State: the weights (norms f32, matrices as planes: `{name}.codes`,
//! `.scales`, `.mins`, GGUF names), the RoPE tables `rope.cos`, `rope.sin`
//! and one K and V cache per layer; inputs: `ids [M]`, `positions [M, 1]`,
//! `slots [M]`, `block_tables [M, 128]`, `context_lens [M]`; output: the
//! next tokens `[M, 1]` i32.

use super::{ModelKernel, CACHE};
use crate::catalog::model::*;
use std::sync::Arc;
use tilekit_core::program::{Arg, BufferId, Program, ProgramBuilder};
use tilekit_core::{DType, VerifiedKernel};

/// RMSNorm's epsilon (SmolLM2's).
const EPS: f32 = 1e-5;

/// One decode step of SmolLM2 on a TPU.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelTpuProgram {
    /// Sequences (rows), a multiple of 8.
    pub batch: usize,
    /// Layers recorded (30 is the whole model).
    pub layers: usize,
}

/// Records the step into a builder.
struct Recorder {
    p: ProgramBuilder,
    m: usize,
}

impl Recorder {
    fn kernel(&self, k: ModelKernel) -> Result<Arc<VerifiedKernel>, String> {
        k.build(self.m)
    }

    fn state(&mut self, name: &str, dtype: DType, shape: &[usize]) -> BufferId {
        self.p.state(name, dtype, shape)
    }

    /// Calls `k` with `args`; returns its outputs `outs`.
    fn call<const N: usize>(
        &mut self,
        k: ModelKernel,
        args: &[(&str, Arg)],
        outs: [&str; N],
    ) -> Result<[BufferId; N], String> {
        let kernel = self.kernel(k)?;
        let call = self.p.call(&kernel, args);
        Ok(outs.map(|o| self.p.out(call, o)))
    }

    /// `x · Wᵀ` for the Q4_1 matrix `name` `[n, k]` (its planes as state).
    fn q4_1(&mut self, name: &str, x: BufferId, n: usize, k: usize) -> Result<BufferId, String> {
        let codes = self.state(&format!("{name}.codes"), DType::U8, &[k / 2, n]);
        let scales = self.state(&format!("{name}.scales"), DType::F32, &[k / 32, n]);
        let mins = self.state(&format!("{name}.mins"), DType::F32, &[k / 32, n]);
        let args = [
            ("x", x.into()),
            ("codes", codes.into()),
            ("scales", scales.into()),
            ("mins", mins.into()),
        ];
        Ok(self.call(ModelKernel::Q4_1 { n, k }, &args, ["y"])?[0])
    }

    /// `(x + r, rms_norm(x + r) · w)` with the norm weight `w` (state).
    fn add_norm(&mut self, x: BufferId, r: BufferId, w: &str) -> Result<[BufferId; 2], String> {
        let w = self.state(w, DType::F32, &[D_MODEL]);
        let args = [
            ("x", x.into()),
            ("r", r.into()),
            ("w", w.into()),
            ("eps", EPS.into()),
        ];
        self.call(ModelKernel::AddRmsNorm, &args, ["h", "y"])
    }
}

/// The step's inputs.
struct Inputs {
    positions: BufferId,
    slots: BufferId,
    block_tables: BufferId,
    context_lens: BufferId,
    cos: BufferId,
    sin: BufferId,
}

impl ModelTpuProgram {
    /// A stable, file-name-friendly name.
    pub fn name(&self) -> String {
        format!("smollm2_decode_tpu_b{}_layers{}", self.batch, self.layers)
    }

    pub fn build(&self) -> Result<Program, String> {
        let m = self.batch;
        if m == 0 || m % 8 != 0 {
            return Err(format!(
                "{}: the batch must be a multiple of 8",
                self.name()
            ));
        }
        let mut r = Recorder {
            p: ProgramBuilder::new(&self.name()),
            m,
        };
        let ids = r.p.input("ids", DType::I32, &[m]);
        let table = [MAX_LEN, HEAD_DIM / 2];
        let io = Inputs {
            positions: r.p.input("positions", DType::I32, &[m, 1]),
            slots: r.p.input("slots", DType::I32, &[m]),
            block_tables: r.p.input("block_tables", DType::I32, &[m, MAX_BLOCKS]),
            context_lens: r.p.input("context_lens", DType::I32, &[m]),
            cos: r.state("rope.cos", DType::F32, &table),
            sin: r.state("rope.sin", DType::F32, &table),
        };
        let codes = r.state("token_embd.codes", DType::I8, &[VOCAB, D_MODEL]);
        let scales = r.state("token_embd.scales", DType::F32, &[VOCAB, D_MODEL / 32]);
        let codes = r.p.view(codes, &[VOCAB / 32, 32, D_MODEL]);
        let scales = r.p.view(scales, &[VOCAB / 8, 8, D_MODEL / 32]);
        let args = [
            ("ids", ids.into()),
            ("codes", codes.into()),
            ("scales", scales.into()),
        ];
        let [mut x] = r.call(ModelKernel::Embed, &args, ["out"])?;
        let w = r.state("blk.0.attn_norm", DType::F32, &[D_MODEL]);
        let args = [("x", x.into()), ("w", w.into()), ("eps", EPS.into())];
        let [mut y] = r.call(ModelKernel::RmsNorm, &args, ["y"])?;
        for l in 0..self.layers {
            let next = if l + 1 < self.layers {
                format!("blk.{}.attn_norm", l + 1)
            } else {
                "output_norm".into()
            };
            [x, y] = block(&mut r, &io, l, x, y, &next)?;
        }
        let codes = r.state("output.codes", DType::I8, &[D_MODEL, VOCAB]);
        let scales = r.state("output.scales", DType::F32, &[D_MODEL / 32, VOCAB]);
        let args = [
            ("x", y.into()),
            ("codes", codes.into()),
            ("scales", scales.into()),
        ];
        let [logits] = r.call(ModelKernel::Head, &args, ["y"])?;
        let [next] = r.call(ModelKernel::Argmax, &[("logits", logits.into())], ["ids"])?;
        r.p.output(next);
        r.p.finish().map_err(|e| e.to_string())
    }
}

/// Block `l` from the stream `x` and its normalized `y`; returns the next
/// stream and its norm by `next_norm`.
fn block(
    r: &mut Recorder,
    io: &Inputs,
    l: usize,
    x: BufferId,
    y: BufferId,
    next_norm: &str,
) -> Result<[BufferId; 2], String> {
    let m = r.m;
    let blk = format!("blk.{l}");
    let kv = KV_HEADS * HEAD_DIM;
    let q = r.q4_1(&format!("{blk}.attn_q"), y, D_MODEL, D_MODEL)?;
    let k = r.q4_1(&format!("{blk}.attn_k"), y, kv, D_MODEL)?;
    let v = r.q4_1(&format!("{blk}.attn_v"), y, kv, D_MODEL)?;
    let args = [
        ("pos", io.positions.into()),
        ("q", q.into()),
        ("k", k.into()),
        ("cos", io.cos.into()),
        ("sin", io.sin.into()),
    ];
    let [q, k] = r.call(ModelKernel::Rope, &args, ["q_out", "k_out"])?;
    let k_cache = r.state(&format!("{blk}.k_cache"), DType::F32, &CACHE);
    let v_cache = r.state(&format!("{blk}.v_cache"), DType::F32, &CACHE);
    let rows = [m, KV_HEADS, 1, HEAD_DIM];
    let (k, v) = (r.p.view(k, &rows), r.p.view(v, &rows));
    let args = [
        ("slot_mapping", io.slots.into()),
        ("k_new", k.into()),
        ("v_new", v.into()),
        ("k_cache", k_cache.into()),
        ("v_cache", v_cache.into()),
    ];
    r.call(ModelKernel::KvWrite, &args, [])?;
    let q = r.p.view(q, &[m, KV_HEADS, HEADS / KV_HEADS, HEAD_DIM]);
    let args = [
        ("block_tables", io.block_tables.into()),
        ("context_lens", io.context_lens.into()),
        ("q", q.into()),
        ("k_cache", k_cache.into()),
        ("v_cache", v_cache.into()),
        ("scale", (1.0 / (HEAD_DIM as f32).sqrt()).into()),
    ];
    let [o] = r.call(ModelKernel::PagedDecode, &args, ["o"])?;
    let o = r.p.view(o, &[m, D_MODEL]);
    let attn = r.q4_1(&format!("{blk}.attn_output"), o, D_MODEL, D_MODEL)?;
    let [h, y] = r.add_norm(x, attn, &format!("{blk}.ffn_norm"))?;
    let gate = r.q4_1(&format!("{blk}.ffn_gate"), y, FFN, D_MODEL)?;
    let up = r.q4_1(&format!("{blk}.ffn_up"), y, FFN, D_MODEL)?;
    let args = [("gate", gate.into()), ("up", up.into())];
    let [a] = r.call(ModelKernel::Swiglu, &args, ["out"])?;
    let down = r.q4_1(&format!("{blk}.ffn_down"), a, D_MODEL, FFN)?;
    r.add_norm(h, down, next_norm)
}

/// Every model program `cargo xtask tpu-check` compiles: the whole model's
/// step for 16 sequences.
pub fn programs() -> Vec<ModelTpuProgram> {
    vec![ModelTpuProgram {
        batch: super::ROWS,
        layers: LAYERS,
    }]
}

#[cfg(test)]
mod tests {
    use tilekit_core::program::BufferRole;

    /// The step builds (no libtpu needed): 13 calls a layer, plus the
    /// embedding, the first norm, the head and argmax; per layer 7 Q4_1
    /// matrices of 3 planes, 2 caches and 2 norms, plus the embedding and
    /// head planes, the tables and the first norm.
    #[test]
    fn the_model_step_builds() {
        for layers in [1, 2] {
            let tp = super::ModelTpuProgram { batch: 16, layers };
            let p = tp.build().unwrap();
            assert_eq!(p.calls.len(), 13 * layers + 4);
            let state = p.with_role(BufferRole::State).count();
            assert_eq!(state, layers * (21 + 2 + 2) + 7);
            assert_eq!(p.outputs.len(), 1);
        }
    }
}
