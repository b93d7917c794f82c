//! Tensor-core `dot` with `mma.sync.m16n8k16` (sm_80 and sm_90a), and the
//! fragment plumbing `wgmma` shares with it.
//!
//! The output `[M, N]` is cut into 16x8 tiles. Warps split the N tiles
//! (warp `w` owns N tiles `w, w + W, ...`, "passes") and every warp walks
//! all M tiles, so an A fragment is loaded once per k step and reused over
//! the warp's N tiles. Shapes need not be multiples of the instruction:
//! M, N and K are padded with zeros by predicated fragment loads, and tiles
//! past N are computed on zeros rather than skipped, because `mma.sync`
//! must be executed by whole warps and the emitter keeps control flow
//! uniform across the CTA.
//!
//! The accumulators are written to a dense f32 `[M, N]` buffer in shared
//! memory, which becomes the result's view; `define` reads it into the
//! register layout if a use needs registers. Products of bf16/f16 are exact
//! in f32, but the tensor core's accumulation order differs from the
//! interpreter's sequential sum, so results agree to rounding, not bit for
//! bit (ARCHITECTURE.md, "dot precision").

use super::smem::View;
use super::Emitter;
use crate::asm::{Reg, RegKind};
use crate::error::R;
use tilekit_core::DType;

/// Per-thread lane quantities of the mma fragment layouts.
pub(crate) struct Lane {
    /// `lane / 4`: the fragment row (A, C) or column (B).
    pub g: Reg,
    /// `2 * (lane % 4)`: the first k (A, B) or column (C) of the lane's pairs.
    pub t2: Reg,
    /// `tid / 32`.
    pub warp: Reg,
}

/// Which axis of a `[rows, k]`-indexed operand holds the fragment pairs.
pub(crate) struct Operand<'v> {
    pub view: &'v View,
    /// Index of the view's dimension that is the reduction dimension k.
    pub k_axis: usize,
    pub k: usize,
}

impl Operand<'_> {
    fn row_stride(&self) -> i64 {
        self.view.byte_strides()[1 - self.k_axis]
    }

    fn k_stride(&self) -> i64 {
        self.view.byte_strides()[self.k_axis]
    }

    /// Whether two consecutive k elements can be read as one 32-bit word:
    /// adjacent in memory and 4-byte aligned at every even k.
    fn pairs_are_words(&self) -> bool {
        self.view.strides[self.k_axis] == 1 && self.row_stride() % 4 == 0
    }
}

/// The mma's instruction-type suffix for an operand dtype.
pub(crate) fn mma_type(dtype: DType) -> Option<&'static str> {
    match dtype {
        DType::Bf16 => Some("bf16"),
        DType::F16 => Some("f16"),
        _ => None,
    }
}

impl Emitter<'_> {
    pub(crate) fn lane(&mut self) -> Lane {
        let lane = self.a.reg(RegKind::B32);
        self.a.ins(format!("and.b32 {lane}, {}, 31", self.tid));
        let (g, t, t2, warp) = (
            self.a.reg(RegKind::B32),
            self.a.reg(RegKind::B32),
            self.a.reg(RegKind::B32),
            self.a.reg(RegKind::B32),
        );
        self.a.ins(format!("shr.u32 {g}, {lane}, 2"));
        self.a.ins(format!("and.b32 {t}, {lane}, 3"));
        self.a.ins(format!("shl.b32 {t2}, {t}, 1"));
        self.a.ins(format!("shr.u32 {warp}, {}, 5", self.tid));
        Lane { g, t2, warp }
    }

    /// `setp.lt.u32 p, x, bound`, or `None` when `x < bound` always holds
    /// because `x < max_x` (known from the layout).
    pub(crate) fn lt_pred(&mut self, x: Reg, max_x: i64, bound: i64) -> Option<Reg> {
        if max_x <= bound {
            return None;
        }
        let p = self.a.reg(RegKind::Pred);
        self.a.ins(format!("setp.lt.s32 {p}, {x}, {bound}"));
        Some(p)
    }

    /// One 32-bit fragment register: elements `(row, k)` and `(row, k + 1)`
    /// of `op`, low half first, zero where outside the operand. `addr` is the
    /// byte address of `(row, k)`; `row_ok` says whether the row exists;
    /// `k` is the pair's first k as `k_reg + k_off` with `k_reg < k_max`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fragment_pair(
        &mut self,
        op: &Operand,
        addr: Reg,
        off: i64,
        row_ok: Option<Reg>,
        row_dead: bool,
        k_reg: Reg,
        k_max: i64,
        k_off: i64,
    ) -> Reg {
        let r = self.a.reg(RegKind::B32);
        self.a.ins(format!("mov.b32 {r}, 0"));
        // Elements past K (or past the operand's rows) stay zero.
        let bound = op.k as i64 - k_off;
        if row_dead || bound <= 0 {
            return r;
        }
        let k_ok = |e: &mut Self, j: i64| {
            let p = e.lt_pred(k_reg, k_max, bound - j);
            match (p, row_ok) {
                (Some(p), Some(q)) => Some(e.and_pred(Some(p), q)),
                (p, q) => p.or(q),
            }
        };
        if op.pairs_are_words() && op.k % 2 == 0 {
            let p = k_ok(self, 0);
            self.a
                .ins_if(p, format!("ld.shared.b32 {r}, {}", at(addr, off)));
            return r;
        }
        let halves: Vec<Reg> = (0..2)
            .map(|j| {
                let h = self.a.reg(RegKind::B16);
                self.a.ins(format!("mov.b16 {h}, 0"));
                let p = k_ok(self, j);
                let o = off + j * op.k_stride();
                self.a
                    .ins_if(p, format!("ld.shared.b16 {h}, {}", at(addr, o)));
                h
            })
            .collect();
        self.a
            .ins(format!("mov.b32 {r}, {{{}, {}}}", halves[0], halves[1]));
        r
    }

    /// `base + row * row_stride + k * k_stride` for a lane's first element.
    pub(crate) fn operand_lane_addr(&mut self, op: &Operand, row: Reg, k: Reg) -> Reg {
        let view = op.view;
        let mut strides = vec![0i64; 2];
        strides[1 - op.k_axis] = op.row_stride();
        strides[op.k_axis] = op.k_stride();
        let mut coords = vec![row; 2];
        coords[op.k_axis] = k;
        self.offset_u32(view.base, &coords, &strides)
    }

    /// Stores accumulator pairs `(row, col)`, `(row, col + 1)` into the dense
    /// f32 output `out`, skipping elements outside `[M, N]`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn store_acc_pair(
        &mut self,
        out: &View,
        lane_addr: Reg,
        off: i64,
        row_ok: Option<Reg>,
        col: Reg,
        col_max: i64,
        col_off: i64,
        acc: [Reg; 2],
    ) {
        let n = out.shape[1] as i64;
        for (j, a) in acc.into_iter().enumerate() {
            let j = j as i64;
            let Some(bound) = Some(n - col_off - j).filter(|&b| b > 0) else {
                continue;
            };
            let p = self.lt_pred(col, col_max, bound);
            let p = match (p, row_ok) {
                (Some(p), Some(q)) => Some(self.and_pred(Some(p), q)),
                (p, q) => p.or(q),
            };
            self.a.ins_if(
                p,
                format!("st.shared.f32 {}, {a}", at(lane_addr, off + 4 * j)),
            );
        }
    }

    /// `dot` on tensor cores with `mma.sync.m16n8k16`.
    pub(crate) fn dot_mma_sync(&mut self, a: &View, b: &View, out: &View, ty: &str) -> R<()> {
        let (m, kk, n) = (a.shape[0], a.shape[1], b.shape[1]);
        let warps = self.threads() / 32;
        let (m_tiles, k_steps, n_tiles) = (m.div_ceil(16), kk.div_ceil(16), n.div_ceil(8));
        let passes = n_tiles.div_ceil(warps);
        let opa = Operand {
            view: a,
            k_axis: 1,
            k: kk,
        };
        let opb = Operand {
            view: b,
            k_axis: 0,
            k: kk,
        };
        let lane = self.lane();
        let t2 = lane.t2;
        // This lane's B column in pass 0: warp * 8 + g.
        let b_col = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("mad.lo.u32 {b_col}, {}, 8, {}", lane.warp, lane.g));
        let a_lane = self.operand_lane_addr(&opa, lane.g, t2);
        let b_lane = self.operand_lane_addr(&opb, b_col, t2);
        let stride_n = (warps * 8) as i64;
        let nmax = stride_n; // b_col < warps * 8
        let a_rows: Vec<[(Option<Reg>, bool); 2]> = (0..m_tiles)
            .map(|mi| {
                [0, 8].map(|h| {
                    let bound = m as i64 - (mi * 16 + h) as i64;
                    (self.lt_pred(lane.g, 8, bound), bound <= 0)
                })
            })
            .collect();
        let b_cols: Vec<(Option<Reg>, bool)> = (0..passes)
            .map(|p| {
                let bound = n as i64 - p as i64 * stride_n;
                (self.lt_pred(b_col, nmax, bound), bound <= 0)
            })
            .collect();
        let zero = crate::asm::f32_imm(0.0);
        let acc: Vec<Vec<[Reg; 4]>> = (0..m_tiles)
            .map(|_| {
                (0..passes)
                    .map(|_| {
                        [0; 4].map(|_| {
                            let r = self.a.reg(RegKind::F32);
                            self.a.ins(format!("mov.f32 {r}, {zero}"));
                            r
                        })
                    })
                    .collect()
            })
            .collect();
        self.before_smem_read();
        let (sa_row, sa_k) = (opa.row_stride(), opa.k_stride());
        let (sb_row, sb_k) = (opb.row_stride(), opb.k_stride());
        // With K a multiple of 16 every k is valid, so the k steps can be a
        // runtime loop over advancing addresses; unrolling them all lets
        // ptxas hoist every fragment load and run out of registers.
        let looped = kk % 16 == 0 && k_steps > 1;
        let (a_ptr, b_ptr) = if looped {
            (self.a.copy(a_lane), self.a.copy(b_lane))
        } else {
            (a_lane, b_lane)
        };
        let (counter, top) = if looped {
            let top = self.a.new_label("mma_k");
            let i = self.a.imm_u32(0);
            self.a.label(&top);
            (Some(i), top)
        } else {
            (None, String::new())
        };
        for ks in 0..if looped { 1 } else { k_steps } {
            let mut bfrag = Vec::new();
            for (p, &(ok, dead)) in b_cols.iter().enumerate() {
                let regs = [0i64, 8].map(|kh| {
                    let k_off = (ks * 16) as i64 + kh;
                    let off = p as i64 * stride_n * sb_row + k_off * sb_k;
                    self.fragment_pair(&opb, b_ptr, off, ok, dead, t2, 8, k_off)
                });
                bfrag.push(regs);
            }
            for (mi, rows) in a_rows.iter().enumerate() {
                let afrag = [(0usize, 0i64), (1, 0), (0, 8), (1, 8)].map(|(h, kh)| {
                    let (ok, dead) = rows[h];
                    let k_off = (ks * 16) as i64 + kh;
                    let off = (mi * 16 + 8 * h) as i64 * sa_row + k_off * sa_k;
                    self.fragment_pair(&opa, a_ptr, off, ok, dead, t2, 8, k_off)
                });
                for (p, bf) in bfrag.iter().enumerate() {
                    let c = acc[mi][p];
                    self.a.ins(format!(
                        "mma.sync.aligned.m16n8k16.row.col.f32.{ty}.{ty}.f32 {{{c0}, {c1}, {c2}, {c3}}}, {{{}, {}, {}, {}}}, {{{}, {}}}, {{{c0}, {c1}, {c2}, {c3}}}",
                        afrag[0], afrag[1], afrag[2], afrag[3], bf[0], bf[1],
                        c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3],
                    ));
                }
            }
        }
        if let Some(i) = counter {
            self.a
                .ins(format!("add.u32 {a_ptr}, {a_ptr}, {}", 16 * sa_k));
            self.a
                .ins(format!("add.u32 {b_ptr}, {b_ptr}, {}", 16 * sb_k));
            self.a.ins(format!("add.u32 {i}, {i}, 1"));
            let more = self.a.reg(RegKind::Pred);
            self.a.ins(format!("setp.lt.u32 {more}, {i}, {k_steps}"));
            self.a.ins(format!("@{more} bra.uni {top}"));
        }
        // C fragment: c0, c1 at (g, 2t + {0, 1}); c2, c3 at (g + 8, ...).
        self.before_smem_write_to(out);
        let out_col = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("mad.lo.u32 {out_col}, {}, 8, {t2}", lane.warp));
        let out_lane = self.offset_u32(out.base, &[lane.g, out_col], &[4 * n as i64, 4]);
        for (mi, (rows, acc_m)) in a_rows.iter().zip(&acc).enumerate() {
            for (p, c) in acc_m.iter().enumerate() {
                for (h, &(ok, dead)) in rows.iter().enumerate() {
                    if dead {
                        continue;
                    }
                    let col_off = p as i64 * stride_n;
                    let off = ((mi * 16 + 8 * h) * n) as i64 * 4 + col_off * 4;
                    let pair = [c[2 * h], c[2 * h + 1]];
                    self.store_acc_pair(out, out_lane, off, ok, out_col, nmax, col_off, pair);
                }
            }
        }
        Ok(())
    }
}

/// `[addr+off]`.
pub(crate) fn at(addr: Reg, off: i64) -> String {
    if off == 0 {
        format!("[{addr}]")
    } else {
        format!("[{addr}+{off}]")
    }
}
