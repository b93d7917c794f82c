//! Shared memory: the allocator, views (strided windows, so transposes and
//! broadcasts cost nothing), moving register tiles in and out, and the
//! barriers that keep those moves race-free.

use super::moves::Space;
use super::Emitter;
use crate::asm::{Reg, RegKind};
use crate::error::R;
use crate::layout::{row_major_strides, Layout};
use tilekit_core::DType;

/// A strided window of shared memory holding a tile.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// Shared address of element `[0, .., 0]`.
    pub base: Reg,
    /// Element type as stored (bf16/f16 as 2 bytes, bool as 1).
    pub dtype: DType,
    pub shape: Vec<usize>,
    /// Strides in elements; 0 along broadcast dimensions.
    pub strides: Vec<i64>,
    /// Dense row-major and 16-byte aligned, so runs can be moved with
    /// vector instructions.
    pub contiguous: bool,
}

impl View {
    pub fn dense(base: Reg, dtype: DType, shape: &[usize]) -> View {
        View {
            base,
            dtype,
            shape: shape.to_vec(),
            strides: row_major_strides(shape).iter().map(|&s| s as i64).collect(),
            contiguous: true,
        }
    }

    pub fn transpose(&self, perm: &[usize]) -> View {
        View {
            base: self.base,
            dtype: self.dtype,
            shape: perm.iter().map(|&p| self.shape[p]).collect(),
            strides: perm.iter().map(|&p| self.strides[p]).collect(),
            contiguous: perm.iter().enumerate().all(|(i, &p)| i == p) && self.contiguous,
        }
    }

    /// Byte strides.
    pub fn byte_strides(&self) -> Vec<i64> {
        let size = self.dtype.size_bytes() as i64;
        self.strides.iter().map(|s| s * size).collect()
    }
}

/// A bump allocator for the dynamic shared memory, released per region:
/// buffers made inside a loop body or branch die with it (only registers
/// leave a region).
#[derive(Default)]
pub struct SmemAlloc {
    top: usize,
    pub peak: usize,
    /// Highest `top` since the last barrier: bytes at or above it have not
    /// been allocated, so not touched, since then.
    hwm: usize,
    /// Set when control flow joins or loops back: the emission order no
    /// longer tells what ran since the last barrier.
    unknown: bool,
}

impl SmemAlloc {
    /// Byte offset of a new buffer aligned to `align` (a power of two up to
    /// 128, the alignment of `tk_smem`; TMA destinations need 128).
    pub fn alloc_aligned(&mut self, bytes: usize, align: usize) -> usize {
        self.alloc_checked(bytes, align).0
    }

    /// Like `alloc_aligned`, and whether the buffer is *clean*: no thread
    /// has touched its bytes since the last barrier, so writing it needs no
    /// barrier first.
    pub fn alloc_checked(&mut self, bytes: usize, align: usize) -> (usize, bool) {
        let at = self.top.div_ceil(align) * align;
        let clean = !self.unknown && at >= self.hwm;
        self.top = at + bytes.max(1);
        self.peak = self.peak.max(self.top);
        self.hwm = self.hwm.max(self.top);
        (at, clean)
    }

    pub fn mark(&self) -> usize {
        self.top
    }

    pub fn release(&mut self, mark: usize) {
        self.top = mark;
    }

    /// A `bar.sync` retired every access so far.
    fn barrier_passed(&mut self) {
        self.hwm = self.top;
        self.unknown = false;
    }
}

/// Which shared-memory accesses happened since the last `bar.sync`.
#[derive(Default)]
pub struct SyncState {
    writes: bool,
    reads: bool,
}

impl SyncState {
    /// After a loop back edge, a join or a skipped block nothing is known.
    pub fn unknown(&mut self) {
        self.writes = true;
        self.reads = true;
    }
}

impl Emitter<'_> {
    pub fn barrier(&mut self) {
        self.a.ins("bar.sync 0");
        self.sync.writes = false;
        self.sync.reads = false;
        self.smem.barrier_passed();
    }

    /// After a loop back edge, a join or a skipped block nothing is known
    /// about what ran since the last barrier.
    pub fn forget_sync(&mut self) {
        self.sync.unknown();
        self.smem.unknown = true;
        self.clean.clear();
    }

    /// Before writing `view`: a barrier unless the view is a clean buffer
    /// being written for the first time.
    pub fn before_smem_write_to(&mut self, view: &View) {
        if self.clean.remove(&view.base) {
            self.sync.writes = true;
        } else {
            self.before_smem_write();
        }
    }

    /// Before writing shared memory: wait until every thread has finished
    /// reading what may be overwritten.
    pub fn before_smem_write(&mut self) {
        if self.sync.reads {
            self.barrier();
        }
        self.sync.writes = true;
    }

    /// Before reading shared memory: wait until every thread's writes landed.
    pub fn before_smem_read(&mut self) {
        if self.sync.writes {
            self.barrier();
        }
        self.sync.reads = true;
    }

    /// A new dense buffer for a `dtype[shape]` tile.
    pub fn alloc_view(&mut self, dtype: DType, shape: &[usize]) -> View {
        let bytes = shape.iter().product::<usize>() * dtype.size_bytes();
        let (at, clean) = self.smem.alloc_checked(bytes, 16);
        let base = self.a.reg(RegKind::B32);
        self.a
            .ins(format!("add.u32 {base}, {}, {at}", self.smem_base));
        if clean {
            self.clean.insert(base);
        }
        View::dense(base, dtype, shape)
    }

    /// Writes a register tile into a new dense buffer.
    pub fn materialize(&mut self, regs: &[Reg], shape: &[usize], dtype: DType) -> R<View> {
        let view = self.alloc_view(dtype, shape);
        self.store_regs_to_view(regs, &view)?;
        Ok(view)
    }

    /// Writes a register tile (layout of `view.shape`) into a dense view.
    pub fn store_regs_to_view(&mut self, regs: &[Reg], view: &View) -> R<()> {
        let l = self.layout(&view.shape);
        if regs.len() != l.slots() {
            return Err(self.err("internal: register tile does not match its layout"));
        }
        self.before_smem_write_to(view);
        let size = view.dtype.size_bytes();
        for k in 0..l.rounds() {
            let pred = if l.is_uniform() {
                Some(self.is_thread0())
            } else {
                self.round_valid(&l, k)
            };
            let addr = if l.is_uniform() {
                view.base
            } else {
                let run = self.run_index(k);
                let r = self.a.reg(RegKind::B32);
                self.a.ins(format!(
                    "mad.lo.u32 {r}, {run}, {}, {}",
                    l.vec * size,
                    view.base
                ));
                r
            };
            let slots = &regs[k * l.vec..(k + 1) * l.vec];
            self.st_elems(Space::Shared, addr, 0, view.dtype, slots, true, pred);
        }
        Ok(())
    }

    /// Reads a view into registers laid out as `l` (which has the view's shape).
    pub fn read_view(&mut self, view: &View, l: &Layout) -> R<Vec<Reg>> {
        self.before_smem_read();
        let strides = view.byte_strides();
        let last = strides.last().copied().unwrap_or(0);
        let mut out = Vec::with_capacity(l.slots());
        for k in 0..l.rounds() {
            let pred = self.round_valid(l, k);
            let coords = if l.is_uniform() {
                Vec::new()
            } else {
                self.run_coords(l, k)
            };
            let addr = self.offset_u32(view.base, &coords, &strides);
            let dst: Vec<Reg> = (0..l.vec)
                .map(|_| self.a.reg(RegKind::of(view.dtype)))
                .collect();
            if view.contiguous && !l.is_uniform() {
                self.ld_elems(Space::Shared, addr, 0, view.dtype, &dst, true, pred);
            } else {
                for (j, &d) in dst.iter().enumerate() {
                    let off = j as i64 * last;
                    self.ld_elems(Space::Shared, addr, off, view.dtype, &[d], false, pred);
                }
            }
            out.extend(dst);
        }
        Ok(out)
    }

    /// A dense copy of a view (for reshapes of transposed or broadcast tiles).
    pub fn densify(&mut self, view: &View) -> R<View> {
        if view.contiguous {
            return Ok(view.clone());
        }
        let l = self.layout(&view.shape);
        let regs = self.read_view(view, &l)?;
        self.materialize(&regs, &view.shape, view.dtype)
    }
}
