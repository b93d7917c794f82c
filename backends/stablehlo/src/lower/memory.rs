//! Loads, stores and prefetch reads.
//!
//! | access       | uniform address        | per-program address  |
//! |--------------|------------------------|----------------------|
//! | load         | `dynamic_slice`        | `gather` of windows (a reshape when they tile the ref: `tiling`) |
//! | store        | `dynamic_update_slice` | `scatter` of windows (likewise) |
//! | masked load  | `gather` of elements   | `gather` of elements |
//! | masked store | `scatter` of elements  | `scatter` of elements|
//!
//! Masked accesses address every lane on its own, so masked-off lanes may
//! lie outside the ref (as the interpreter allows): a gather clamps them
//! into range and `select` replaces them with the load's `other` value; a
//! scatter gets an out-of-range row index for them, which XLA skips. The
//! same trick drops the stores of programs that are not active. Unmasked
//! accesses are in bounds in a kernel the interpreter accepts; XLA clamps
//! the rest instead of reporting them (the interpreter is the checker).
//!
//! bf16/f16 refs are held as `i16` bits (see the `lower` module docs):
//! loads bitcast the window they read, stores bitcast what they write.

use super::{Lowering, L, R};
use crate::emit::indexing::{GatherDims, ScatterDims};
use crate::error::LowerError;
use crate::lower::compute::other_value;
use crate::types::{Ty, V};
use tilekit_core::ir::{ConstValue, Index, OpId, OpKind, RefId, Value};
use tilekit_core::DType;

/// The window one load or store touches, in absolute ref coordinates.
struct Window {
    /// Start of each ref dimension (i32 scalars or `[P]` vectors).
    starts: Vec<L>,
    sizes: Vec<usize>,
    /// For each ref dimension, the tile dimension it becomes (`None` for a
    /// point index, whose dimension the tile drops).
    tile_dim: Vec<Option<usize>>,
}

impl Window {
    fn batched(&self) -> bool {
        self.starts.iter().any(|s| s.batched)
    }

    fn tile_shape(&self) -> Vec<usize> {
        self.sizes
            .iter()
            .zip(&self.tile_dim)
            .filter(|(_, t)| t.is_some())
            .map(|(&s, _)| s)
            .collect()
    }
}

impl Lowering<'_> {
    pub(super) fn memory_op(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        match &k.op(op).kind {
            OpKind::PrefetchRead { array, indices } => {
                let v = self.prefetch_read(array.index(), indices)?;
                self.set(self.result(op), v);
            }
            OpKind::Load {
                src,
                indices,
                mask,
                other,
            } => {
                let v = self.load(op, *src, indices, *mask, *other)?;
                self.set(self.result(op), v);
            }
            OpKind::Store {
                dst,
                indices,
                value,
                mask,
            } => self.store(op, *dst, indices, *value, *mask)?,
            _ => return Err(LowerError::at_op(k, op, "internal: not a memory op")),
        }
        Ok(())
    }

    fn prefetch_read(&mut self, array: usize, indices: &[Value]) -> R<L> {
        let arr = self.prefetch[array].clone();
        if indices.is_empty() {
            return Ok(L {
                v: arr,
                batched: false,
            });
        }
        let idx: Vec<L> = indices.iter().map(|&i| self.get(i)).collect::<R<_>>()?;
        let rank = idx.len();
        if idx.iter().any(|i| i.batched) {
            let stacked = self.stack_starts(&idx);
            let all: Vec<usize> = (0..rank).collect();
            let d = GatherDims {
                offset_dims: &[],
                collapsed: &all,
                start_index_map: &all,
                index_vector_dim: 1,
                slice_sizes: &vec![1; rank],
            };
            let v = self.em.gather(&arr, &stacked, &d, &[self.programs]);
            return Ok(L { v, batched: true });
        }
        let starts: Vec<V> = idx.into_iter().map(|i| i.v).collect();
        let one = self.em.dynamic_slice(&arr, &starts, &vec![1; rank]);
        Ok(L {
            v: self.em.reshape(&one, &[]),
            batched: false,
        })
    }

    /// The absolute window of `indices` into ref `r` (its block, if any,
    /// offset by the program's block origin).
    fn window(&mut self, op: OpId, r: RefId, indices: &[Index]) -> R<Window> {
        let decl = self.k.ref_decl(r);
        if let Some(d) = decl.shape.iter().find(|&&d| i32::try_from(d).is_err()) {
            return Err(LowerError::at_op(
                self.k,
                op,
                format!(
                    "`{}` has a dimension of {d} elements, beyond the i32 indices this backend addresses refs with",
                    decl.name
                ),
            ));
        }
        let view = decl.view_shape().to_vec();
        let mut w = Window {
            starts: Vec::new(),
            sizes: Vec::new(),
            tile_dim: Vec::new(),
        };
        let mut kept = 0;
        for (d, idx) in indices.iter().enumerate() {
            let (start, size, keep) = match idx {
                Index::Point(v) => (Some(self.get(*v)?), 1, false),
                Index::Slice { start, len } => (Some(self.get(*start)?), *len, true),
                Index::Full => (None, view[d], true),
            };
            let origin = self.origin[r.index()].as_ref().map(|o| o[d].clone());
            let start = match (start, origin) {
                (Some(s), Some(o)) => {
                    let (vs, batched) = self.align(&[s, o]);
                    L {
                        v: self.em.same("add", &[&vs[0], &vs[1]]),
                        batched,
                    }
                }
                (Some(s), None) => s,
                (None, Some(o)) => o,
                (None, None) => L {
                    v: self.em.const_i32(0),
                    batched: false,
                },
            };
            w.starts.push(start);
            w.sizes.push(size);
            w.tile_dim.push(keep.then_some(kept));
            kept += usize::from(keep);
        }
        Ok(w)
    }

    /// Constant i32 start indices.
    fn const_starts(&mut self, offset: &[usize]) -> Vec<V> {
        offset
            .iter()
            .map(|&o| self.em.const_i32(o as i32))
            .collect()
    }

    /// `[P, rank]` start indices of per-program windows.
    fn stack_starts(&mut self, starts: &[L]) -> V {
        let p = self.programs;
        let cols: Vec<V> = starts
            .iter()
            .map(|s| {
                let b = self.batch_up(s);
                self.em.reshape(&b, &[p, 1])
            })
            .collect();
        self.em.concatenate(&cols, 1)
    }

    /// Per-lane coordinates of window `w` over a (physical) tile shape,
    /// stacked into `phys ++ [rank]` indices.
    fn lane_indices(
        &mut self,
        w: &Window,
        phys: &Ty,
        batched: bool,
        enable: Option<&V>,
        sentinel: i32,
    ) -> V {
        let ity = phys.with_dtype(DType::I32);
        let offset = usize::from(batched);
        let mut cols = Vec::new();
        for (d, start) in w.starts.iter().enumerate() {
            let s = if start.batched {
                self.em.broadcast_in_dim(&start.v, &ity.shape, &[0])
            } else {
                self.em.broadcast_in_dim(&start.v, &ity.shape, &[])
            };
            let mut c = match w.tile_dim[d] {
                Some(t) => {
                    let iota = self.em.iota(&ity, t + offset);
                    self.em.same("add", &[&iota, &s])
                }
                None => s,
            };
            if d == 0 {
                if let Some(en) = enable {
                    let out = self.splat_i32(sentinel, &ity);
                    c = self.em.select(en, &c, &out);
                }
            }
            let mut shape = ity.shape.clone();
            shape.push(1);
            cols.push(self.em.reshape(&c, &shape));
        }
        self.em.concatenate(&cols, ity.rank())
    }

    fn load(
        &mut self,
        op: OpId,
        src: RefId,
        indices: &[Index],
        mask: Option<Value>,
        other: ConstValue,
    ) -> R<L> {
        let decl = self.k.ref_decl(src);
        let mem = self.mem_of(src.index(), &decl.name)?;
        let w = self.window(op, src, indices)?;
        let tile = Ty::new(decl.dtype, &w.tile_shape());
        let mask = mask.map(|m| self.get(m)).transpose()?;
        let batched = w.batched() || mask.as_ref().is_some_and(|m| m.batched);
        let phys = self.phys(&tile, batched);
        let rank = w.sizes.len();
        let all: Vec<usize> = (0..rank).collect();
        if rank == 0 {
            // A scalar ref: the load is the whole ref.
            let mem = self.em.float_of(&mem);
            let data = self
                .coerce(
                    L {
                        v: mem,
                        batched: false,
                    },
                    batched,
                )
                .v;
            return Ok(match mask {
                None => L { v: data, batched },
                Some(m) => self.masked(m, data, other, &phys, batched),
            });
        }
        if let Some(m) = mask {
            let idx = self.lane_indices(&w, &phys, batched, None, 0);
            let d = GatherDims {
                offset_dims: &[],
                collapsed: &all,
                start_index_map: &all,
                index_vector_dim: phys.rank(),
                slice_sizes: &vec![1; rank],
            };
            let data = self.em.gather(&mem, &idx, &d, &phys.raw().shape);
            let data = self.em.float_of(&data);
            return Ok(self.masked(m, data, other, &phys, batched));
        }
        let data = if let Some(t) = batched
            .then(|| self.exact_tiling(src, indices, &w.sizes))
            .flatten()
        {
            // The programs' windows are the ref's blocks: the ref,
            // blocks split from windows, is `[P, window]`.
            let shape = t.region(&w.sizes);
            let region = if shape == decl.shape {
                mem
            } else {
                let at = self.const_starts(&t.offset);
                self.em.dynamic_slice(&mem, &at, &shape)
            };
            let blocks = self.em.reshape(&region, &t.interleaved(&w.sizes));
            let blocks = self.em.transpose(&blocks, &t.blocks_first_perm());
            self.em.reshape(&blocks, &phys.shape)
        } else if batched {
            let idx = self.stack_starts(&w.starts);
            let collapsed: Vec<usize> = (0..rank).filter(|&d| w.tile_dim[d].is_none()).collect();
            let offset_dims: Vec<usize> = (1..=tile.rank()).collect();
            let d = GatherDims {
                offset_dims: &offset_dims,
                collapsed: &collapsed,
                start_index_map: &all,
                index_vector_dim: 1,
                slice_sizes: &w.sizes,
            };
            self.em.gather(&mem, &idx, &d, &phys.shape)
        } else {
            let starts: Vec<V> = w.starts.iter().map(|s| s.v.clone()).collect();
            let slice = self.em.dynamic_slice(&mem, &starts, &w.sizes);
            self.em.reshape(&slice, &phys.shape)
        };
        Ok(L {
            v: self.em.float_of(&data),
            batched,
        })
    }

    /// `mask ? data : other` for a masked load.
    fn masked(&mut self, mask: L, data: V, other: ConstValue, phys: &Ty, batched: bool) -> L {
        let m = self.coerce(mask, batched).v;
        let fill = self.em.splat(other_value(other, phys.dtype), phys);
        L {
            v: self.em.select(&m, &data, &fill),
            batched,
        }
    }

    fn store(
        &mut self,
        op: OpId,
        dst: RefId,
        indices: &[Index],
        value: Value,
        mask: Option<Value>,
    ) -> R<()> {
        let k = self.k;
        let decl = k.ref_decl(dst);
        let mut mem = self.mem_of(dst.index(), &decl.name)?;
        let mut w = self.window(op, dst, indices)?;
        let value = self.get(value)?;
        let mask = mask.map(|m| self.get(m)).transpose()?;
        let active = self.active.clone();
        let batched = w.batched()
            || value.batched
            || mask.as_ref().is_some_and(|m| m.batched)
            || active.is_some();
        let rank0 = w.sizes.is_empty();
        if rank0 && !batched && mask.is_none() {
            self.mem[dst.index()] = Some(self.em.bits_of(&value.v));
            return Ok(());
        }
        if rank0 {
            // View the scalar as a one-element vector so scatter can skip it.
            mem = self.em.reshape(&mem, &[1]);
            w.starts.push(L {
                v: self.em.const_i32(0),
                batched: false,
            });
            w.sizes.push(1);
            w.tile_dim.push(None);
        }
        let extent0 = if rank0 { 1 } else { decl.shape[0] };
        let sentinel = i32::try_from(extent0).map_err(|_| {
            LowerError::at_op(
                k,
                op,
                "the ref's first dimension exceeds the i32 index range",
            )
        })?;
        let rank = w.sizes.len();
        let all: Vec<usize> = (0..rank).collect();
        let tile = Ty::new(decl.dtype, &w.tile_shape());
        let phys = self.phys(&tile, batched);
        let updates = self.coerce(value, batched).v;
        let updates = self.em.bits_of(&updates);
        let new = if let Some(m) = mask {
            let mut enable = self.coerce(m, batched).v;
            if let Some(a) = &active {
                let a = self.active_over(a, &enable.ty);
                enable = self.em.same("and", &[&enable, &a]);
            }
            let idx = self.lane_indices(&w, &phys, batched, Some(&enable), sentinel);
            let d = ScatterDims {
                update_window_dims: &[],
                inserted_window_dims: &all,
                scatter_dims_to_operand_dims: &all,
                index_vector_dim: phys.rank(),
            };
            self.em.scatter(&mem, &idx, &updates, &d)
        } else if let Some(t) = (batched && active.is_none())
            .then(|| self.exact_tiling(dst, indices, &w.sizes))
            .flatten()
        {
            // The programs' windows are the ref's blocks: `[P, window]`
            // is the new ref, blocks interleaved with windows.
            let mut split = t.blocks.clone();
            split.extend(&w.sizes);
            let upd = self.em.reshape(&updates, &split);
            let upd = self.em.transpose(&upd, &t.interleave_perm());
            let region = t.region(&w.sizes);
            let upd = self.em.reshape(&upd, &region);
            if region == decl.shape {
                upd
            } else {
                let at = self.const_starts(&t.offset);
                self.em.dynamic_update_slice(&mem, &upd, &at)
            }
        } else if batched {
            let mut idx_cols = w.starts.clone();
            if let Some(a) = &active {
                let first = self.batch_up(&idx_cols[0]);
                let out = self.splat_i32(sentinel, &first.ty);
                idx_cols[0] = L {
                    v: self.em.select(a, &first, &out),
                    batched: true,
                };
            }
            let idx = self.stack_starts(&idx_cols);
            let mut win = vec![self.programs];
            win.extend(&w.sizes);
            let upd = self.em.reshape(&updates, &win);
            let window_dims: Vec<usize> = (1..=rank).collect();
            let d = ScatterDims {
                update_window_dims: &window_dims,
                inserted_window_dims: &[],
                scatter_dims_to_operand_dims: &all,
                index_vector_dim: 1,
            };
            self.em.scatter(&mem, &idx, &upd, &d)
        } else {
            let upd = self.em.reshape(&updates, &w.sizes);
            let starts: Vec<V> = w.starts.iter().map(|s| s.v.clone()).collect();
            self.em.dynamic_update_slice(&mem, &upd, &starts)
        };
        let new = if rank0 {
            self.em.reshape(&new, &[])
        } else {
            new
        };
        self.mem[dst.index()] = Some(new);
        Ok(())
    }
}
