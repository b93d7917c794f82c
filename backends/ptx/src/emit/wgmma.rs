//! Tensor-core `dot` with Hopper's `wgmma.mma_async` (sm_90a only).
//!
//! A warpgroup (4 warps, 128 threads) computes a 64 x N block of the output.
//! A comes from registers, in the same fragment layout as `mma.sync`'s A
//! with warp `w` of the group holding rows `16w..16w+16`, so the fragment
//! loads are shared with `mma`. B must be in shared memory in a layout the
//! tensor core reads through a 64-bit matrix descriptor; views are arbitrary
//! strided windows, so B is first repacked into the *canonical K-major,
//! no-swizzle* layout: 8x8 core matrices (8 rows of N, 16 bytes of K each)
//! stored as 128 contiguous bytes, core matrices adjacent in K `LBO = 128`
//! bytes apart, and adjacent in N `SBO = 128 * Kpad / 8` bytes apart.
//! Writing the repack through the generic proxy and reading it through the
//! async proxy needs `fence.proxy.async.shared::cta` before the barrier.
//!
//! N is split into instructions of at most 256 columns; M into 64-row
//! blocks taken round-robin by the warpgroups. Padding M, N and K with
//! zeros is done by the predicated fragment loads and the repack, as in
//! `mma`. The accumulators (N/2 f32 per thread per block) go to the dense
//! output buffer like `mma`'s.

use super::mma::{at, Operand};
use super::smem::View;
use super::Emitter;
use crate::asm::{Reg, RegKind};
use crate::error::R;

/// Core-matrix strides of the repacked B (bytes).
const LBO: i64 = 128;

/// Columns of one `wgmma` instruction at most.
const MAX_N: usize = 256;

impl Emitter<'_> {
    /// Whether a dot of these extents takes the `wgmma` path on sm_90a.
    pub(crate) fn wgmma_fits(&self, m: usize) -> bool {
        m >= 64 && self.threads() % 128 == 0
    }

    /// Copies B (`[K, N]` view) into the canonical K-major layout at a new
    /// buffer of `Kpad x Npad` elements; returns its base.
    fn repack_b(&mut self, b: &View, kpad: usize, npad: usize) -> R<Reg> {
        let (kk, n) = (b.shape[0], b.shape[1]);
        let sbo = LBO * (kpad / 8) as i64;
        let buf = self.alloc_view(b.dtype, &[npad, kpad]);
        // Reads B, writes the new buffer (which may reuse space another
        // thread read before the last barrier).
        self.before_smem_read();
        self.before_smem_write_to(&buf);
        let chunks_per_row = kpad / 8;
        let chunks = npad * chunks_per_row;
        let sb = b.byte_strides();
        // One chunk is 8 consecutive k of one n: a 16-byte row of a core
        // matrix. Thread `tid` repacks chunks tid, tid + threads, ...
        let vector = b.strides[0] == 1 && sb[1] % 16 == 0 && kk % 8 == 0;
        for round in 0..chunks.div_ceil(self.threads()) {
            let c = self.run_index(round);
            let partial = (round + 1) * self.threads() > chunks;
            let in_range = if partial {
                let p = self.a.reg(RegKind::Pred);
                self.a.ins(format!("setp.lt.u32 {p}, {c}, {chunks}"));
                Some(p)
            } else {
                None
            };
            let (nn, kc) = (self.a.reg(RegKind::B32), self.a.reg(RegKind::B32));
            self.a.ins(format!("div.u32 {nn}, {c}, {chunks_per_row}"));
            self.a.ins(format!("rem.u32 {kc}, {c}, {chunks_per_row}"));
            // Destination: (n / 8) * SBO + kc * LBO + (n % 8) * 16.
            let (nb, nr) = (self.a.reg(RegKind::B32), self.a.reg(RegKind::B32));
            self.a.ins(format!("shr.u32 {nb}, {nn}, 3"));
            self.a.ins(format!("and.b32 {nr}, {nn}, 7"));
            let dst = self.offset_u32(buf.base, &[nb, kc, nr], &[sbo, LBO, 16]);
            // Source: (kc * 8, n) of B.
            let k0 = self.a.reg(RegKind::B32);
            self.a.ins(format!("shl.b32 {k0}, {kc}, 3"));
            let src = self.offset_u32(b.base, &[k0, nn], &[sb[0], sb[1]]);
            let n_ok = self.a.reg(RegKind::Pred);
            self.a.ins(format!("setp.lt.u32 {n_ok}, {nn}, {n}"));
            let n_ok = match in_range {
                Some(p) => self.and_pred(Some(p), n_ok),
                None => n_ok,
            };
            let words: Vec<Reg> = (0..4)
                .map(|_| {
                    let w = self.a.reg(RegKind::B32);
                    self.a.ins(format!("mov.b32 {w}, 0"));
                    w
                })
                .collect();
            if vector {
                // K is a multiple of 8, so a chunk is all in or all out.
                let k_ok = self.a.reg(RegKind::Pred);
                self.a.ins(format!("setp.lt.u32 {k_ok}, {k0}, {kk}"));
                let ok = self.and_pred(Some(k_ok), n_ok);
                self.a.ins_if(
                    Some(ok),
                    format!(
                        "ld.shared.v4.b32 {{{}, {}, {}, {}}}, [{src}]",
                        words[0], words[1], words[2], words[3]
                    ),
                );
            } else {
                for (j, &w) in words.iter().enumerate() {
                    let halves: Vec<Reg> = (0..2)
                        .map(|h| {
                            let k = (2 * j + h) as i64;
                            let r = self.a.reg(RegKind::B16);
                            self.a.ins(format!("mov.b16 {r}, 0"));
                            let p = self.a.reg(RegKind::Pred);
                            self.a
                                .ins(format!("setp.lt.s32 {p}, {k0}, {}", kk as i64 - k));
                            let p = self.and_pred(Some(p), n_ok);
                            self.a.ins_if(
                                Some(p),
                                format!("ld.shared.b16 {r}, {}", at(src, k * sb[0])),
                            );
                            r
                        })
                        .collect();
                    self.a
                        .ins(format!("mov.b32 {w}, {{{}, {}}}", halves[0], halves[1]));
                }
            }
            self.a.ins_if(
                in_range,
                format!(
                    "st.shared.v4.b32 [{dst}], {{{}, {}, {}, {}}}",
                    words[0], words[1], words[2], words[3]
                ),
            );
        }
        // The tensor core reads the repack through the async proxy.
        self.a.ins("fence.proxy.async.shared::cta");
        Ok(buf.base)
    }

    /// The 64-bit matrix descriptor of a K-major, no-swizzle operand at
    /// shared address `addr` (+ `off` bytes).
    fn descriptor(&mut self, addr: Reg, off: i64, sbo: i64) -> Reg {
        let start = self.a.reg(RegKind::B32);
        self.a.ins(format!("add.u32 {start}, {addr}, {off}"));
        let lo = self.a.reg(RegKind::B32);
        self.a.ins(format!("shr.u32 {lo}, {start}, 4"));
        self.a.ins(format!("and.b32 {lo}, {lo}, 16383"));
        self.a
            .ins(format!("or.b32 {lo}, {lo}, {}", (LBO >> 4) << 16));
        let hi = self.a.imm_u32(sbo >> 4);
        let d = self.a.reg(RegKind::B64);
        self.a.ins(format!("mov.b64 {d}, {{{lo}, {hi}}}"));
        d
    }

    /// `dot` on tensor cores with `wgmma.mma_async.m64nNk16`.
    pub(crate) fn dot_wgmma(&mut self, a: &View, b: &View, out: &View, ty: &str) -> R<()> {
        let (m, kk, n) = (a.shape[0], a.shape[1], b.shape[1]);
        let (kpad, npad) = (kk.div_ceil(16) * 16, n.div_ceil(8) * 8);
        let groups = self.threads() / 128;
        let blocks = m.div_ceil(64);
        let passes = blocks.div_ceil(groups);
        let sbo = LBO * (kpad / 8) as i64;
        let bc = self.repack_b(b, kpad, npad)?;
        let opa = Operand {
            view: a,
            k_axis: 1,
            k: kk,
        };
        let lane = self.lane();
        let t2 = lane.t2;
        // Row of this lane in pass 0: warp * 16 + g (warp counts across
        // warpgroups, so group `q` starts at row 64q).
        let row = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("mad.lo.u32 {row}, {}, 16, {}", lane.warp, lane.g));
        let a_lane = self.operand_lane_addr(&opa, row, t2);
        let row_max = (groups * 64) as i64;
        let stride_m = (groups * 64) as i64;
        let sa = a.byte_strides();
        let always = self.a.reg(RegKind::Pred);
        self.a
            .ins(format!("setp.eq.u32 {always}, {}, {}", self.tid, self.tid));
        let chunks: Vec<(usize, usize)> = (0..npad)
            .step_by(MAX_N)
            .map(|c0| (c0, (npad - c0).min(MAX_N)))
            .collect();
        let zero = crate::asm::f32_imm(0.0);
        let out_lane = self.offset_u32(out.base, &[row, t2], &[4 * n as i64, 4]);
        // B's descriptors depend only on the k step and N chunk: build them
        // once for every M pass.
        let descs: Vec<Vec<Reg>> = (0..kpad / 16)
            .map(|ks| {
                chunks
                    .iter()
                    .map(|&(c0, _)| {
                        let off = (c0 / 8) as i64 * sbo + (2 * ks) as i64 * LBO;
                        self.descriptor(bc, off, sbo)
                    })
                    .collect()
            })
            .collect();
        for pass in 0..passes {
            let rows: [(Option<Reg>, bool); 2] = [0i64, 8].map(|h| {
                let bound = m as i64 - pass as i64 * stride_m - h;
                (self.lt_pred(row, row_max, bound), bound <= 0)
            });
            let acc: Vec<Vec<Reg>> = chunks
                .iter()
                .map(|&(_, nc)| {
                    (0..nc / 2)
                        .map(|_| {
                            let r = self.a.reg(RegKind::F32);
                            self.a.ins(format!("mov.f32 {r}, {zero}"));
                            r
                        })
                        .collect()
                })
                .collect();
            self.before_smem_read();
            let afrags: Vec<[Reg; 4]> = (0..kpad / 16)
                .map(|ks| {
                    [(0usize, 0i64), (1, 0), (0, 8), (1, 8)].map(|(h, kh)| {
                        let (ok, dead) = rows[h];
                        let k_off = (ks * 16) as i64 + kh;
                        let off = (pass as i64 * stride_m + 8 * h as i64) * sa[0] + k_off * sa[1];
                        self.fragment_pair(&opa, a_lane, off, ok, dead, t2, 8, k_off)
                    })
                })
                .collect();
            self.a.ins("wgmma.fence.sync.aligned");
            for (af, descs) in afrags.iter().zip(&descs) {
                for (ci, (&(_, nc), desc)) in chunks.iter().zip(descs).enumerate() {
                    let d: Vec<String> = acc[ci].iter().map(|r| r.to_string()).collect();
                    self.a.ins(format!(
                        "wgmma.mma_async.sync.aligned.m64n{nc}k16.f32.{ty}.{ty} {{{}}}, {{{}, {}, {}, {}}}, {desc}, {always}, 1, 1, 0",
                        d.join(", "),
                        af[0], af[1], af[2], af[3]
                    ));
                }
            }
            self.a.ins("wgmma.commit_group.sync.aligned");
            self.a.ins("wgmma.wait_group.sync.aligned 0");
            // D fragment: d[4j + 2h + e] at (row + 8h, c0 + 8j + 2t + e).
            self.before_smem_write_to(out);
            for (ci, &(c0, nc)) in chunks.iter().enumerate() {
                for j in 0..nc / 8 {
                    for (h, &(ok, dead)) in rows.iter().enumerate() {
                        if dead {
                            continue;
                        }
                        let col_off = (c0 + 8 * j) as i64;
                        let off =
                            (pass as i64 * stride_m + 8 * h as i64) * n as i64 * 4 + col_off * 4;
                        let pair = [acc[ci][4 * j + 2 * h], acc[ci][4 * j + 2 * h + 1]];
                        self.store_acc_pair(out, out_lane, off, ok, t2, 8, col_off, pair);
                    }
                }
            }
        }
        Ok(())
    }
}
