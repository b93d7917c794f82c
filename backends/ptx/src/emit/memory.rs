//! Device memory: addresses of tile windows, loads into registers or into
//! shared memory (with `cp.async` where the rows allow), stores, and reads
//! of prefetch arrays.
//!
//! A window's address splits into a uniform part (the ref's base plus every
//! index the program computed, the same in all threads) and a per-thread
//! part from the thread's coordinates in the tile. Runs of a register tile
//! move with vector instructions when the window's last dimension is
//! contiguous in memory and every offset is provably aligned.

use super::moves::{vectorizable, Space};
use super::{Emitter, Val, View};
use crate::asm::{Reg, RegKind};
use crate::error::R;
use crate::layout::{row_major_strides, Layout};
use tilekit_core::ir::{
    ConstValue, Index, OpId, OpKind, PrefetchId, RefId, RefKind, Value, ValueDef,
};
use tilekit_core::DType;

/// Largest power of two up to 16 that divides `x` (16 for 0).
fn pow2_divisor(x: i64) -> usize {
    if x == 0 {
        16
    } else {
        (1usize << x.trailing_zeros().min(4)).min(16)
    }
}

/// The address of a tile window in device memory.
pub struct Access {
    /// Global address of the window's first element (uniform).
    pub base: Reg,
    /// Byte stride of each tile dimension.
    pub strides: Vec<i64>,
    /// A power of two dividing the uniform offset and every tile stride
    /// except the last dimension's.
    pub align: usize,
    /// The last tile dimension is contiguous in memory.
    pub unit_last: bool,
    pub dtype: DType,
    pub tile: Vec<usize>,
}

impl Access {
    /// Whether runs of `n` elements can move as vectors.
    fn vector_ok(&self, n: usize) -> bool {
        let bytes = n * self.dtype.size_bytes();
        self.unit_last
            && !self.tile.is_empty()
            && vectorizable(self.dtype, n)
            && self.align >= bytes.min(16)
    }

    fn last_stride(&self) -> i64 {
        self.strides.last().copied().unwrap_or(0)
    }
}

impl Emitter<'_> {
    /// An integer constant's value, when `v` is one.
    fn const_int(&self, v: Value) -> Option<i64> {
        let ValueDef::Op { op, .. } = self.k.value(v).def else {
            return None;
        };
        match &self.k.op(op).kind {
            OpKind::Constant {
                value: ConstValue::Int(i),
                ty,
            } if ty.is_scalar() => Some(*i),
            _ => None,
        }
    }

    pub fn global_access(&mut self, r: RefId, indices: &[Index]) -> R<Access> {
        let decl = self.k.ref_decl(r);
        let ptr = self.ref_ptr[r.index()].ok_or_else(|| {
            self.err(format!(
                "scratch ref `{}` is not supported by the PTX backend yet",
                decl.name
            ))
        })?;
        let size = decl.dtype.size_bytes() as i64;
        let ref_strides: Vec<i64> = row_major_strides(&decl.shape)
            .iter()
            .map(|&s| s as i64 * size)
            .collect();
        let view = decl.view_shape().to_vec();
        let origin = self.origin[r.index()].clone();
        let block = decl.block.as_ref().map(|b| b.block_shape.clone());
        let mut base = ptr;
        let mut align = 16usize;
        let (mut tile, mut strides) = (Vec::new(), Vec::new());
        for (d, idx) in indices.iter().enumerate() {
            let s = ref_strides[d];
            let start = match idx {
                Index::Point(v) | Index::Slice { start: v, .. } => {
                    align = align.min(pow2_divisor(self.const_int(*v).unwrap_or(1) * s));
                    Some(self.scalar(*v)?)
                }
                Index::Full => None,
            };
            match idx {
                Index::Slice { len, .. } => {
                    tile.push(*len);
                    strides.push(s);
                }
                Index::Full => {
                    tile.push(view[d]);
                    strides.push(s);
                }
                Index::Point(_) => {}
            }
            let start = match (start, &origin) {
                (Some(st), Some(o)) => {
                    let sum = self.a.reg(RegKind::B32);
                    self.a.ins(format!("add.s32 {sum}, {st}, {}", o[d]));
                    Some(sum)
                }
                (None, Some(o)) => Some(o[d]),
                (st, None) => st,
            };
            if let Some(b) = &block {
                align = align.min(pow2_divisor(b[d] as i64 * s));
            }
            if let Some(st) = start {
                let next = self.a.reg(RegKind::B64);
                self.a
                    .ins(format!("mad.wide.s32 {next}, {st}, {s}, {base}"));
                base = next;
            }
        }
        for &s in strides.iter().rev().skip(1) {
            align = align.min(pow2_divisor(s));
        }
        let unit_last = strides.last() == Some(&size);
        Ok(Access {
            base,
            strides,
            align,
            unit_last,
            dtype: decl.dtype,
            tile,
        })
    }

    /// Loads a window into registers laid out as `l`; masked-off elements
    /// read `other` and touch no memory.
    pub fn load_regs(
        &mut self,
        acc: &Access,
        l: &Layout,
        mask: Option<&[Reg]>,
        other: ConstValue,
        space: Space,
    ) -> R<Vec<Reg>> {
        let dtype = acc.dtype;
        let vector = mask.is_none() && !l.is_uniform() && acc.vector_ok(l.vec);
        let mut out = Vec::with_capacity(l.slots());
        for k in 0..l.rounds() {
            let valid = self.round_valid(l, k);
            let coords = if l.is_uniform() {
                Vec::new()
            } else {
                self.run_coords(l, k)
            };
            let addr = self.offset_u64(acc.base, &coords, &acc.strides);
            let dst: Vec<Reg> = (0..l.vec).map(|_| self.a.reg(RegKind::of(dtype))).collect();
            if vector {
                self.ld_elems(space, addr, 0, dtype, &dst, true, valid);
            } else {
                for (j, &d) in dst.iter().enumerate() {
                    let mut pred = valid;
                    if let Some(m) = mask {
                        self.set_const(d, dtype, other);
                        pred = Some(self.and_pred(valid, m[k * l.vec + j]));
                    }
                    let off = j as i64 * acc.last_stride();
                    self.ld_elems(space, addr, off, dtype, &[d], false, pred);
                }
            }
            out.extend(dst);
        }
        Ok(out)
    }

    /// `a && b`, with `None` meaning true.
    pub fn and_pred(&mut self, a: Option<Reg>, b: Reg) -> Reg {
        match a {
            None => b,
            Some(a) => {
                let p = self.a.reg(RegKind::Pred);
                self.a.ins(format!("and.pred {p}, {a}, {b}"));
                p
            }
        }
    }

    /// The chunk size (16, 8 or 4 bytes) for copying a window into a dense
    /// buffer with `cp.async`, if its rows allow one.
    fn async_chunk(&self, acc: &Access, masked: bool) -> Option<usize> {
        let row = acc.tile.last().copied()? * acc.dtype.size_bytes();
        if masked || !acc.unit_last {
            return None;
        }
        [16, 8, 4]
            .into_iter()
            .find(|&c| row % c == 0 && acc.align >= c)
    }

    /// Fills a dense view with a window of device memory. Returns whether
    /// the copy is asynchronous (the caller commits and waits).
    pub fn fill_view(
        &mut self,
        acc: &Access,
        mask: Option<&[Reg]>,
        other: ConstValue,
        view: &View,
        space: Space,
    ) -> R<bool> {
        let Some(c) = self.async_chunk(acc, mask.is_some()) else {
            let l = self.layout(&view.shape);
            let regs = self.load_regs(acc, &l, mask, other, space)?;
            self.store_regs_to_view(&regs, view)?;
            return Ok(false);
        };
        self.before_smem_write();
        let size = acc.dtype.size_bytes();
        let chunks = acc.tile.iter().product::<usize>() * size / c;
        let t = self.threads();
        let kind = if c == 16 { "cg" } else { "ca" };
        for round in 0..chunks.div_ceil(t) {
            let pred = if (round + 1) * t <= chunks {
                None
            } else {
                let p = self.a.reg(RegKind::Pred);
                self.a.ins(format!(
                    "setp.lt.u32 {p}, {}, {}",
                    self.tid,
                    chunks - round * t
                ));
                Some(p)
            };
            let chunk = self.run_index(round);
            let lin = self.a.reg(RegKind::B32);
            self.a
                .ins(format!("mul.lo.u32 {lin}, {chunk}, {}", c / size));
            let coords = self.coords(lin, &acc.tile);
            let src = self.offset_u64(acc.base, &coords, &acc.strides);
            let dst = self.a.reg(RegKind::B32);
            self.a
                .ins(format!("mad.lo.u32 {dst}, {chunk}, {c}, {}", view.base));
            self.a.ins_if(
                pred,
                format!("cp.async.{kind}.shared.global [{dst}], [{src}], {c}"),
            );
        }
        Ok(true)
    }

    pub fn load(&mut self, op: OpId) -> R<()> {
        let data = self.k.op(op);
        let OpKind::Load {
            src,
            indices,
            mask,
            other,
        } = &data.kind
        else {
            return Err(self.err("internal: not a load"));
        };
        let result = data.results[0];
        if let Some(view) = self.staged.get(&op).cloned() {
            return self.define(result, Val::smem(view));
        }
        let acc = self.global_access(*src, indices)?;
        let mask = mask.map(|m| self.regs(m)).transpose()?;
        let space = match self.k.ref_decl(*src).kind {
            RefKind::Input => Space::GlobalNc,
            _ => Space::Global,
        };
        let l = self.layout_of(result);
        if self.plan.needs[result.index()].smem && !l.is_uniform() {
            let view = self.alloc_view(acc.dtype, &acc.tile);
            if self.fill_view(&acc, mask.as_deref(), *other, &view, space)? {
                self.a.ins("cp.async.commit_group");
                self.a.ins("cp.async.wait_group 0");
            }
            self.define(result, Val::smem(view))
        } else {
            let regs = self.load_regs(&acc, &l, mask.as_deref(), *other, space)?;
            self.define(result, Val::regs(regs))
        }
    }

    pub fn store(&mut self, op: OpId) -> R<()> {
        let OpKind::Store {
            dst,
            indices,
            value,
            mask,
        } = &self.k.op(op).kind
        else {
            return Err(self.err("internal: not a store"));
        };
        let acc = self.global_access(*dst, indices)?;
        let regs = self.regs(*value)?;
        let mask = mask.map(|m| self.regs(m)).transpose()?;
        let l = self.layout_of(*value);
        let vector = mask.is_none() && !l.is_uniform() && acc.vector_ok(l.vec);
        for k in 0..l.rounds() {
            let valid = if l.is_uniform() {
                Some(self.is_thread0())
            } else {
                self.round_valid(&l, k)
            };
            let coords = if l.is_uniform() {
                Vec::new()
            } else {
                self.run_coords(&l, k)
            };
            let addr = self.offset_u64(acc.base, &coords, &acc.strides);
            let src = &regs[k * l.vec..(k + 1) * l.vec];
            if vector {
                self.st_elems(Space::Global, addr, 0, acc.dtype, src, true, valid);
                continue;
            }
            for (j, &s) in src.iter().enumerate() {
                let pred = match &mask {
                    Some(m) => Some(self.and_pred(valid, m[k * l.vec + j])),
                    None => valid,
                };
                let off = j as i64 * acc.last_stride();
                self.st_elems(Space::Global, addr, off, acc.dtype, &[s], false, pred);
            }
        }
        Ok(())
    }

    pub fn prefetch_read(&mut self, array: PrefetchId, indices: &[Value]) -> R<Reg> {
        let strides = row_major_strides(&self.k.prefetch_decl(array).shape);
        let mut off: Option<Reg> = None;
        for (&i, &s) in indices.iter().zip(&strides) {
            let i = self.scalar(i)?;
            let next = self.a.reg(RegKind::B32);
            match off {
                None => self.a.ins(format!("mul.lo.s32 {next}, {i}, {s}")),
                Some(o) => self.a.ins(format!("mad.lo.s32 {next}, {i}, {s}, {o}")),
            }
            off = Some(next);
        }
        let base = self.prefetch_ptr[array.index()];
        let addr = match off {
            None => base,
            Some(o) => {
                let a = self.a.reg(RegKind::B64);
                self.a.ins(format!("mad.wide.s32 {a}, {o}, 4, {base}"));
                a
            }
        };
        let r = self.a.reg(RegKind::B32);
        self.a.ins(format!("ld.global.nc.b32 {r}, [{addr}]"));
        Ok(r)
    }
}
