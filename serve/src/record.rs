//! Recording the Llama forward into a program, one kernel call per
//! operation, over `m` token rows. Activations are `[m, width]` f32
//! buffers; views give each kernel the layout it takes (a Q4_1 product's
//! `[m, K/32, 2, 16]`, RoPE's `[m, H, D/2, 2]`, attention's heads).

use crate::error::{Result, ServeError};
use crate::state::{CacheShape, LayerState, Matrix, ModelState};
use std::sync::Arc;
use tilekit_core::program::{Arg, BufferId, ProgramBuilder};
use tilekit_core::{BuildError, DType, VerifiedKernel};
use tilekit_kernels::flash_attention::{flash_attention_kernel_cached, FlashAttentionKernelShapes};
use tilekit_kernels::kv_write::{kv_write_kernel_cached, KvWriteKernelShapes};
use tilekit_kernels::llama::*;
use tilekit_kernels::paged_decode::{paged_decode_cached, PagedDecodeShapes};
use tilekit_kernels::paged_decode_multi::{
    paged_decode_multi_kernel_cached, PagedDecodeMultiKernelShapes,
};
use tilekit_kernels::quant::*;
use tilekit_kernels::QuantFormat;
use tilekit_model::LlamaConfig;

/// Pages fetched ahead by the paged decode's loop.
const DECODE_STAGES: u32 = 2;

fn built(
    kernel: &'static str,
    r: Result<Arc<VerifiedKernel>, BuildError>,
) -> Result<Arc<VerifiedKernel>> {
    r.map_err(|source| ServeError::Build { kernel, source })
}

/// How a block's attention reads keys and values.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Attention {
    /// Each row is one sequence's newest token; it reads that sequence's
    /// pages (`block_tables [m, MB]`, `context_lens [m]`) after the KV
    /// write.
    Paged {
        block_tables: BufferId,
        context_lens: BufferId,
    },
    /// The rows are `batch` sequences' new tokens, `m / batch` each at
    /// consecutive positions (`query_lens [batch]` of them real): each
    /// attends to its sequence's pages up to its own position.
    Multi {
        block_tables: BufferId,
        context_lens: BufferId,
        query_lens: BufferId,
        batch: usize,
    },
    /// The rows are one fresh sequence's tokens 0..m: causal attention
    /// over their own keys and values (the cache is written for later).
    Causal,
}

/// What every block reads per row: each token's position, its cache slot,
/// and how attention finds its keys.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowInputs {
    pub positions: BufferId,
    pub slots: BufferId,
    pub attention: Attention,
}

/// Records into `p` for `m` rows.
pub(crate) struct Recorder<'p> {
    pub p: &'p mut ProgramBuilder,
    pub c: LlamaConfig,
    pub cache: CacheShape,
    pub m: usize,
    /// Rows per program of the row-wise kernels.
    pub rows: usize,
}

impl Recorder<'_> {
    fn call(
        &mut self,
        k: &Arc<VerifiedKernel>,
        args: &[(&str, Arg)],
    ) -> tilekit_core::program::CallId {
        self.p.call(k, args)
    }

    /// `x [m, K] · Wᵀ → [m, N]`.
    pub fn linear(&mut self, x: BufferId, w: &Matrix) -> Result<BufferId> {
        self.linear_rows(x, w, self.m)
    }

    /// `x [m, K] · Wᵀ → [m, N]` for `m` rows other than the recorder's.
    pub fn linear_rows(&mut self, x: BufferId, w: &Matrix, m: usize) -> Result<BufferId> {
        let blocks = w.k / 32;
        let wdims = [w.n, blocks, w.format.map_or(0, |f| f.block_bytes())];
        let small = MatmulPath::for_rows(m) == MatmulPath::Small;
        let (kernel, x) = match w.format {
            // One dot over the whole matrix: the f32 layout is XLA CPU's.
            None => {
                let k = built(
                    "linear_f32",
                    linear_f32_kernel_cached(&LinearF32KernelShapes {
                        x: [m, w.k],
                        w: [w.k, w.n],
                        tile_n: w.n,
                    }),
                )?;
                (k, x)
            }
            Some(QuantFormat::Q4_1) => {
                let x4 = [m, blocks, 2, 16];
                let k = if small {
                    built(
                        "matmul_q4_1_small",
                        matmul_q4_1_small_cached(&MatmulQ41SmallShapes { x: x4, w: wdims }),
                    )?
                } else {
                    built(
                        "matmul_q4_1_tiled",
                        matmul_q4_1_tiled_cached(&MatmulQ41TiledShapes { x: x4, w: wdims }),
                    )?
                };
                (k, self.p.view(x, &x4))
            }
            Some(QuantFormat::Q8_0) => {
                let x2 = [m, w.k];
                let k = if small {
                    built(
                        "matmul_q8_0_small",
                        matmul_q8_0_small_cached(&MatmulQ80SmallShapes { x: x2, w: wdims }),
                    )?
                } else {
                    built(
                        "matmul_q8_0_tiled",
                        matmul_q8_0_tiled_cached(&MatmulQ80TiledShapes { x: x2, w: wdims }),
                    )?
                };
                (k, x)
            }
        };
        let call = self.call(&kernel, &[("x", x.into()), ("w", w.id.into())]);
        Ok(self.p.out(call, "y"))
    }

    /// The token embeddings of `ids [m]`: `[m, d_model]`.
    pub fn embed(&mut self, ids: BufferId, s: &ModelState) -> Result<BufferId> {
        let c = &self.c;
        if s.embd_f32 {
            // An f32 embedding is a row gather.
            let k = built(
                "gather_rows",
                gather_rows_kernel_cached(&GatherRowsKernelShapes {
                    ids: [self.m],
                    x: [c.vocab, c.d_model],
                }),
            )?;
            let call = self.call(&k, &[("ids", ids.into()), ("x", s.embd.into())]);
            return Ok(self.p.out(call, "out"));
        }
        let k = built(
            "gather_q8_0",
            gather_q8_0_kernel_cached(&GatherQ80KernelShapes {
                ids: [self.m],
                w: [c.vocab, c.d_model / 32, QuantFormat::Q8_0.block_bytes()],
            }),
        )?;
        let call = self.call(&k, &[("ids", ids.into()), ("w", s.embd.into())]);
        Ok(self.p.out(call, "out"))
    }

    pub fn rms_norm(&mut self, x: BufferId, w: BufferId) -> Result<BufferId> {
        let (m, d) = (self.m, self.c.d_model);
        let k = built(
            "rms_norm",
            rms_norm_kernel_cached(&RmsNormKernelShapes {
                x: [m, d],
                w: [d],
                rows: self.rows,
            }),
        )?;
        let eps = self.c.rms_eps as f32;
        let call = self.call(&k, &[("x", x.into()), ("w", w.into()), ("eps", eps.into())]);
        Ok(self.p.out(call, "y"))
    }

    /// `(h, y) = (x + r, rms_norm(x + r) · w)`.
    pub fn add_rms_norm(
        &mut self,
        x: BufferId,
        r: BufferId,
        w: BufferId,
    ) -> Result<(BufferId, BufferId)> {
        let (m, d) = (self.m, self.c.d_model);
        let k = built(
            "add_rms_norm",
            add_rms_norm_kernel_cached(&AddRmsNormKernelShapes {
                x: [m, d],
                r: [m, d],
                w: [d],
                rows: self.rows,
            }),
        )?;
        let eps = self.c.rms_eps as f32;
        let call = self.call(
            &k,
            &[
                ("x", x.into()),
                ("r", r.into()),
                ("w", w.into()),
                ("eps", eps.into()),
            ],
        );
        Ok((self.p.out(call, "h"), self.p.out(call, "y")))
    }

    /// One block from the normalized stream `y`; returns the attention
    /// sub-layer's residual `h` and the MLP's output (the next add's `r`).
    pub fn block(
        &mut self,
        x: BufferId,
        y: BufferId,
        l: &LayerState,
        s: &ModelState,
        rows: &RowInputs,
    ) -> Result<(BufferId, BufferId)> {
        let RowInputs {
            positions,
            slots,
            attention,
        } = *rows;
        let c = self.c.clone();
        let (m, hq, hkv, hd) = (self.m, c.n_heads, c.n_kv_heads, c.head_dim);
        let q = self.linear(y, &l.q)?;
        let k = self.linear(y, &l.k)?;
        let v = self.linear(y, &l.v)?;
        let (q, k) = self.rope(positions, q, k, s)?;
        let kv_dims = [m, hkv, hd];
        let (k3, v3) = (self.p.view(k, &kv_dims), self.p.view(v, &kv_dims));
        let cache = [l.k_cache, l.v_cache];
        self.kv_write(slots, k3, v3, cache)?;
        let o = match attention {
            Attention::Paged {
                block_tables,
                context_lens,
            } => {
                let q3 = self.p.view(q, &[m, hq, hd]);
                self.paged(block_tables, context_lens, q3, cache)?
            }
            Attention::Multi {
                block_tables,
                context_lens,
                query_lens,
                batch,
            } => {
                let q4 = self.p.view(q, &[batch, m / batch, hq, hd]);
                let lens = [block_tables, context_lens, query_lens];
                self.paged_multi(lens, batch, q4, cache)?
            }
            Attention::Causal => {
                let q4 = self.p.view(q, &[1, m, hq, hd]);
                let k4 = self.p.view(k, &[1, m, hkv, hd]);
                let v4 = self.p.view(v, &[1, m, hkv, hd]);
                self.causal(q4, k4, v4)?
            }
        };
        let o = self.p.view(o, &[m, hq * hd]);
        // Row-parallel over devices: sum the partial products (nothing
        // on one device).
        let attn = self.linear(o, &l.o)?;
        let attn = self.p.all_reduce_sum(attn);
        let (h, y) = self.add_rms_norm(x, attn, l.ffn_norm)?;
        let gate = self.linear(y, &l.gate)?;
        let up = self.linear(y, &l.up)?;
        let a = self.swiglu(gate, up)?;
        let down = self.linear(a, &l.down)?;
        Ok((h, self.p.all_reduce_sum(down)))
    }

    /// Rotates `q [m, Hq·D]` and `k [m, Hkv·D]` at `positions`; returns
    /// them as `[m, H, D/2, 2]`.
    fn rope(
        &mut self,
        positions: BufferId,
        q: BufferId,
        k: BufferId,
        s: &ModelState,
    ) -> Result<(BufferId, BufferId)> {
        let c = &self.c;
        let (m, half) = (self.m, c.head_dim / 2);
        let qd = [m, c.n_heads, half, 2];
        let kd = [m, c.n_kv_heads, half, 2];
        let table = [self.cache.max_len(), half];
        let kernel = built(
            "rope",
            rope_kernel_cached(&RopeKernelShapes {
                pos: [m],
                q: qd,
                k: kd,
                cos: table,
                sin: table,
            }),
        )?;
        let (q, k) = (self.p.view(q, &qd), self.p.view(k, &kd));
        let call = self.call(
            &kernel,
            &[
                ("pos", positions.into()),
                ("q", q.into()),
                ("k", k.into()),
                ("cos", s.cos.into()),
                ("sin", s.sin.into()),
            ],
        );
        Ok((self.p.out(call, "q_out"), self.p.out(call, "k_out")))
    }

    fn kv_write(
        &mut self,
        slots: BufferId,
        k: BufferId,
        v: BufferId,
        cache: [BufferId; 2],
    ) -> Result<()> {
        let c = &self.c;
        let dims = [self.m, c.n_kv_heads, c.head_dim];
        let kernel = built(
            "kv_write",
            kv_write_kernel_cached::<f32>(&KvWriteKernelShapes {
                slot_mapping: [self.m],
                k_new: dims,
                v_new: dims,
                k_cache: self.cache.dims(c),
                v_cache: self.cache.dims(c),
            }),
        )?;
        self.call(
            &kernel,
            &[
                ("slot_mapping", slots.into()),
                ("k_new", k.into()),
                ("v_new", v.into()),
                ("k_cache", cache[0].into()),
                ("v_cache", cache[1].into()),
            ],
        );
        Ok(())
    }

    fn paged(
        &mut self,
        block_tables: BufferId,
        context_lens: BufferId,
        q: BufferId,
        cache: [BufferId; 2],
    ) -> Result<BufferId> {
        let c = &self.c;
        let kernel = built(
            "paged_decode",
            paged_decode_cached::<f32>(&PagedDecodeShapes {
                block_tables: [self.m, self.cache.max_blocks],
                context_lens: [self.m],
                q: [self.m, c.n_heads, c.head_dim],
                k_cache: self.cache.dims(c),
                v_cache: self.cache.dims(c),
                stages: DECODE_STAGES,
            }),
        )?;
        let scale = 1.0 / (c.head_dim as f32).sqrt();
        let call = self.call(
            &kernel,
            &[
                ("block_tables", block_tables.into()),
                ("context_lens", context_lens.into()),
                ("q", q.into()),
                ("k_cache", cache[0].into()),
                ("v_cache", cache[1].into()),
                ("scale", scale.into()),
            ],
        );
        Ok(self.p.out(call, "o"))
    }

    /// `paged_decode_multi` over `[block_tables, context_lens, query_lens]`
    /// for `q [B, M, Hq, D]`; returns `o` of the same shape.
    fn paged_multi(
        &mut self,
        lens: [BufferId; 3],
        batch: usize,
        q: BufferId,
        cache: [BufferId; 2],
    ) -> Result<BufferId> {
        let c = &self.c;
        let kernel = built(
            "paged_decode_multi",
            paged_decode_multi_kernel_cached::<f32>(&PagedDecodeMultiKernelShapes {
                block_tables: [batch, self.cache.max_blocks],
                context_lens: [batch],
                query_lens: [batch],
                q: [batch, self.m / batch, c.n_heads, c.head_dim],
                k_cache: self.cache.dims(c),
                v_cache: self.cache.dims(c),
                stages: DECODE_STAGES,
            }),
        )?;
        let scale = 1.0 / (c.head_dim as f32).sqrt();
        let call = self.call(
            &kernel,
            &[
                ("block_tables", lens[0].into()),
                ("context_lens", lens[1].into()),
                ("query_lens", lens[2].into()),
                ("q", q.into()),
                ("k_cache", cache[0].into()),
                ("v_cache", cache[1].into()),
                ("scale", scale.into()),
            ],
        );
        Ok(self.p.out(call, "o"))
    }

    fn causal(&mut self, q: BufferId, k: BufferId, v: BufferId) -> Result<BufferId> {
        let c = &self.c;
        let (qd, kd) = (
            [1, self.m, c.n_heads, c.head_dim],
            [1, self.m, c.n_kv_heads, c.head_dim],
        );
        let kernel = built(
            "flash_attention",
            flash_attention_kernel_cached::<f32>(&FlashAttentionKernelShapes {
                q: qd,
                k: kd,
                v: kd,
                causal: true,
            }),
        )?;
        let scale = 1.0 / (c.head_dim as f32).sqrt();
        let call = self.call(
            &kernel,
            &[
                ("q", q.into()),
                ("k", k.into()),
                ("v", v.into()),
                ("scale", scale.into()),
            ],
        );
        Ok(self.p.out(call, "o"))
    }

    fn swiglu(&mut self, gate: BufferId, up: BufferId) -> Result<BufferId> {
        let dims = [self.m, self.c.ffn];
        let k = built(
            "swiglu",
            swiglu_kernel_cached(&SwigluKernelShapes {
                gate: dims,
                up: dims,
                rows: self.rows,
            }),
        )?;
        let call = self.call(&k, &[("gate", gate.into()), ("up", up.into())]);
        Ok(self.p.out(call, "out"))
    }

    /// Rows `ids [r]` of `x [m, d_model]`.
    pub fn gather_rows(&mut self, x: BufferId, ids: BufferId, r: usize) -> Result<BufferId> {
        let k = built(
            "gather_rows",
            gather_rows_kernel_cached(&GatherRowsKernelShapes {
                ids: [r],
                x: [self.m, self.c.d_model],
            }),
        )?;
        let call = self.call(&k, &[("ids", ids.into()), ("x", x.into())]);
        Ok(self.p.out(call, "out"))
    }

    /// Greedy next tokens of `logits [r, V]`: `[r, 1]` i32.
    pub fn argmax(&mut self, logits: BufferId, r: usize) -> Result<BufferId> {
        let k = built(
            "argmax",
            argmax_kernel_cached(&ArgmaxKernelShapes {
                logits: [r, self.c.vocab],
                rows: 1,
            }),
        )?;
        let call = self.call(&k, &[("logits", logits.into())]);
        Ok(self.p.out(call, "ids"))
    }

    /// Sampled next tokens of `logits [r, V]` with per-row parameters
    /// (inputs `top_k`, `inv_temp`, `top_p`, `u`, each `[r, 1]`).
    pub fn sample(&mut self, logits: BufferId, r: usize) -> Result<BufferId> {
        let col = [r, 1];
        let k = built(
            "sample",
            sample_kernel_cached(&SampleKernelShapes {
                logits: [r, self.c.vocab],
                top_k: col,
                inv_temp: col,
                top_p: col,
                u: col,
                rows: 1,
            }),
        )?;
        let top_k = self.p.input("top_k", DType::I32, &col);
        let inv_temp = self.p.input("inv_temp", DType::F32, &col);
        let top_p = self.p.input("top_p", DType::F32, &col);
        let u = self.p.input("u", DType::F32, &col);
        let call = self.call(
            &k,
            &[
                ("logits", logits.into()),
                ("top_k", top_k.into()),
                ("inv_temp", inv_temp.into()),
                ("top_p", top_p.into()),
                ("u", u.into()),
            ],
        );
        Ok(self.p.out(call, "ids"))
    }
}
