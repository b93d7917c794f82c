//! Loads and stores. VMEM refs (windows, scratch) are read and written with
//! `vector.load`/`vector.store` at the indexed window; HBM refs through DMA:
//! `tpu.memref_slice` names the window in HBM, `tpu.enqueue_dma` copies it
//! to (or from) a VMEM staging buffer and `tpu.wait_dma2` waits on the
//! buffer's semaphore. A load of a pipelined loop waits for the DMA that
//! `control` issued iterations ahead into its slot.

use super::Emitter;
use crate::error::MosaicError;
use crate::mlir::{self, value_type, Space};
use crate::plan::{window, Place};
use tilekit_core::ir::{ConstValue, Index, OpId, OpKind, RefId};

/// `"tpu.memref_slice"` needs one i32 start per dim.
const SLICE: &str = "tpu.memref_slice";

impl Emitter<'_> {
    /// The i32 start of each indexed dim.
    fn starts(&mut self, indices: &[Index]) -> Result<Vec<String>, MosaicError> {
        indices
            .iter()
            .map(|i| match i {
                Index::Point(v) | Index::Slice { start: v, .. } => self.get(*v),
                Index::Full => Ok(self.const_i32(0)),
            })
            .collect()
    }

    fn staging_index(&self, op: OpId) -> Result<usize, MosaicError> {
        self.plan
            .staging_of
            .get(&op)
            .copied()
            .ok_or_else(|| self.unsupported(op, "internal: an HBM access without a staging buffer"))
    }

    fn ref_mem(&self, op: OpId, r: RefId) -> Result<String, MosaicError> {
        self.args.refs[r.index()]
            .clone()
            .ok_or_else(|| self.unsupported(op, "internal: ref has no memref in this function"))
    }

    /// A slice `[starts] + window` of `mem` (of `shape` in `space`).
    fn slice(
        &mut self,
        mem: &str,
        dtype: tilekit_core::DType,
        shape: &[usize],
        space: Space,
        starts: &[String],
        win: &[usize],
    ) -> String {
        let mut operands = vec![mem];
        operands.extend(starts.iter().map(|s| s.as_str()));
        let ins_owned = mlir::memref(dtype, shape, space);
        let mut ins = vec![ins_owned.as_str()];
        ins.extend(std::iter::repeat("i32").take(starts.len()));
        let attr = format!(
            "operandSegmentSizes = {}",
            mlir::array("i32", &[1, starts.len() as i64, 0])
        );
        let out = mlir::memref(dtype, win, space);
        self.op(SLICE, &operands, &attr, &ins, &out)
    }

    /// The staging buffer and semaphore of `slot` (an i32) of staging `si`.
    pub(super) fn staging_slot(&mut self, si: usize, slot: Option<&str>) -> (String, String) {
        let s = self.plan.staging[si].clone();
        let (buf, sems) = self.args.staging[si].clone();
        let Some(slot) = slot.filter(|_| s.slots > 1) else {
            return (buf, sems);
        };
        let mut starts = vec![slot.to_string()];
        for _ in &s.window {
            starts.push(self.const_i32(0));
        }
        let mut full = vec![s.slots as usize];
        full.extend(&s.window);
        let mut one = vec![1];
        one.extend(&s.window);
        let sliced = self.slice(&buf, s.dtype, &full, Space::Vmem, &starts, &one);
        let (st, wt) = (
            mlir::memref(s.dtype, &one, Space::Vmem),
            mlir::memref(s.dtype, &s.window, Space::Vmem),
        );
        let view = self.op("tpu.memref_squeeze", &[&sliced], "", &[&st], &wt);
        let sem_attr = format!("operandSegmentSizes = {}", mlir::array("i32", &[1, 1, 0]));
        let (all, one_sem, single) = (
            mlir::semaphores(Some(s.slots)),
            mlir::semaphores(Some(1)),
            mlir::semaphores(None),
        );
        let sem1 = self.op(SLICE, &[&sems, slot], &sem_attr, &[&all, "i32"], &one_sem);
        let sem = self.op("tpu.memref_squeeze", &[&sem1], "", &[&one_sem], &single);
        (view, sem)
    }

    /// The HBM window a load or store of staging `si` moves, at its indices.
    fn hbm_window(&mut self, si: usize) -> Result<String, MosaicError> {
        let s = self.plan.staging[si].clone();
        let indices = match &self.k.op(s.op).kind {
            OpKind::Load { indices, .. } | OpKind::Store { indices, .. } => indices.clone(),
            _ => return Err(self.unsupported(s.op, "internal: staging of a non-memory op")),
        };
        let starts = self.starts(&indices)?;
        let mem = self.ref_mem(s.op, s.src)?;
        let shape = self.k.ref_decl(s.src).shape.clone();
        Ok(self.slice(&mem, s.dtype, &shape, Space::Any, &starts, &s.window))
    }

    fn dma(&mut self, name: &str, src: &str, dst: &str, sem: &str, src_ty: &str, dst_ty: &str) {
        let single = mlir::semaphores(None);
        if name == "tpu.enqueue_dma" {
            let attr = format!(
                "operandSegmentSizes = {}, priority = 0 : i32",
                mlir::array("i32", &[1, 0, 1, 1, 0, 0])
            );
            self.op0(name, &[src, dst, sem], &attr, &[src_ty, dst_ty, &single]);
        } else {
            let attr = format!(
                "operandSegmentSizes = {}",
                mlir::array("i32", &[1, 1, 1, 0, 0])
            );
            self.op0(name, &[sem, src, dst], &attr, &[&single, src_ty, dst_ty]);
        }
    }

    /// Starts the DMA of load staging `si` into `slot`, reading the indices
    /// as currently bound (possibly those of a future iteration).
    pub(super) fn issue_load(&mut self, si: usize, slot: Option<&str>) -> Result<(), MosaicError> {
        let s = self.plan.staging[si].clone();
        let src = self.hbm_window(si)?;
        let (view, sem) = self.staging_slot(si, slot);
        let (st, dt) = (
            mlir::memref(s.dtype, &s.window, Space::Any),
            mlir::memref(s.dtype, &s.window, Space::Vmem),
        );
        self.dma("tpu.enqueue_dma", &src, &view, &sem, &st, &dt);
        Ok(())
    }

    pub(super) fn load(&mut self, op: OpId) -> Result<(), MosaicError> {
        let OpKind::Load {
            src,
            indices,
            mask,
            other,
        } = self.k.op(op).kind.clone()
        else {
            return Err(self.unsupported(op, "internal: not a load"));
        };
        let result = self.k.op(op).results[0];
        let (dtype, tile) = (self.k.ty(result).dtype, self.k.ty(result).shape.clone());
        let decl = self.k.ref_decl(src).clone();
        let win = window(decl.view_shape(), &indices);
        let loaded = match self.plan.places[src.index()] {
            Place::Hbm => {
                let si = self.staging_index(op)?;
                let s = self.plan.staging[si].clone();
                let slot = match self.pipeline_slot(op) {
                    Some(slot) => Some(slot),
                    None => {
                        self.issue_load(si, None)?;
                        None
                    }
                };
                let srcw = self.hbm_window(si)?;
                let (view, sem) = self.staging_slot(si, slot.as_deref());
                let (st, dt) = (
                    mlir::memref(dtype, &s.window, Space::Any),
                    mlir::memref(dtype, &s.window, Space::Vmem),
                );
                self.dma("tpu.wait_dma2", &srcw, &view, &sem, &st, &dt);
                let zeros: Vec<String> = (0..win.len()).map(|_| self.const_index(0)).collect();
                let mut operands = vec![view.as_str()];
                operands.extend(zeros.iter().map(|z| z.as_str()));
                let mut ins = vec![dt.as_str()];
                ins.extend(std::iter::repeat("index").take(zeros.len()));
                self.op("vector.load", &operands, "", &ins, &value_type(dtype, &win))
            }
            Place::Window | Place::Scratch => {
                let mem = self.ref_mem(op, src)?;
                self.vmem_load(&mem, dtype, decl.view_shape(), &indices, &win)?
            }
        };
        let loaded = self.loaded_to_reg(&loaded, dtype, &win);
        let mut x = self.reshape(&loaded, dtype, &win, &tile)?;
        if let Some(m) = mask {
            let ms = self.get(m)?;
            let o = self.splat(other, dtype, &tile);
            let (mt, t) = (self.ty(m), value_type(mlir::reg(dtype), &tile));
            x = self.op("arith.select", &[&ms, &x, &o], "", &[&mt, &t, &t], &t);
        }
        self.bind(result, x);
        Ok(())
    }

    fn vmem_load(
        &mut self,
        mem: &str,
        dtype: tilekit_core::DType,
        shape: &[usize],
        indices: &[Index],
        win: &[usize],
    ) -> Result<String, MosaicError> {
        let starts = self.starts(indices)?;
        let idx: Vec<String> = starts.iter().map(|s| self.index_of(s)).collect();
        let mt = mlir::memref(dtype, shape, Space::Vmem);
        let mut operands = vec![mem];
        operands.extend(idx.iter().map(|s| s.as_str()));
        let mut ins = vec![mt.as_str()];
        ins.extend(std::iter::repeat("index").take(idx.len()));
        Ok(self.op("vector.load", &operands, "", &ins, &value_type(dtype, win)))
    }

    fn vmem_store(
        &mut self,
        value: &str,
        mem: &str,
        dtype: tilekit_core::DType,
        shape: &[usize],
        indices: &[Index],
        win: &[usize],
    ) -> Result<(), MosaicError> {
        let starts = self.starts(indices)?;
        let idx: Vec<String> = starts.iter().map(|s| self.index_of(s)).collect();
        let (mt, vt) = (
            mlir::memref(dtype, shape, Space::Vmem),
            value_type(dtype, win),
        );
        let mut operands = vec![value, mem];
        operands.extend(idx.iter().map(|s| s.as_str()));
        let mut ins = vec![vt.as_str(), mt.as_str()];
        ins.extend(std::iter::repeat("index").take(idx.len()));
        self.op0("vector.store", &operands, "", &ins);
        Ok(())
    }

    pub(super) fn store(&mut self, op: OpId) -> Result<(), MosaicError> {
        let OpKind::Store {
            dst,
            indices,
            value,
            mask,
        } = self.k.op(op).kind.clone()
        else {
            return Err(self.unsupported(op, "internal: not a store"));
        };
        let (dtype, tile) = (self.k.ty(value).dtype, self.k.ty(value).shape.clone());
        let decl = self.k.ref_decl(dst).clone();
        let win = window(decl.view_shape(), &indices);
        let v = self.get(value)?;
        let mut v = self.reshape(&v, dtype, &tile, &win)?;
        match self.plan.places[dst.index()] {
            Place::Hbm => {
                let si = self.staging_index(op)?;
                let (view, sem) = self.staging_slot(si, None);
                let v = self.reg_to_stored(&v, dtype, &win);
                let zeros: Vec<Index> = win.iter().map(|_| Index::Full).collect();
                self.vmem_store(&v, &view, dtype, &win, &zeros, &win)?;
                let dstw = self.hbm_window(si)?;
                let (vt, ht) = (
                    mlir::memref(dtype, &win, Space::Vmem),
                    mlir::memref(dtype, &win, Space::Any),
                );
                self.dma("tpu.enqueue_dma", &view, &dstw, &sem, &vt, &ht);
                self.dma("tpu.wait_dma2", &view, &dstw, &sem, &vt, &ht);
            }
            Place::Window | Place::Scratch => {
                let mem = self.ref_mem(op, dst)?;
                let shape = decl.view_shape().to_vec();
                if let Some(m) = mask {
                    // Read, merge, write: masked-off elements keep their value.
                    let old = self.vmem_load(&mem, dtype, &shape, &indices, &win)?;
                    let old = self.loaded_to_reg(&old, dtype, &win);
                    let ms = self.get(m)?;
                    let ms = self.reshape(&ms, tilekit_core::DType::Bool, &tile, &win)?;
                    let t = value_type(mlir::reg(dtype), &win);
                    let wt = value_type(tilekit_core::DType::Bool, &win);
                    v = self.op("arith.select", &[&ms, &v, &old], "", &[&wt, &t, &t], &t);
                }
                let v = self.reg_to_stored(&v, dtype, &win);
                self.vmem_store(&v, &mem, dtype, &shape, &indices, &win)?;
            }
        }
        Ok(())
    }

    /// Zeroes a VMEM ref (scratch at the start of a launch).
    pub(super) fn zero_ref(&mut self, r: RefId) -> Result<(), MosaicError> {
        let decl = self.k.ref_decl(r).clone();
        let mem = self.args.refs[r.index()].clone().unwrap_or_default();
        let z = self.splat(ConstValue::Float(0.0), decl.dtype, &decl.shape);
        let z = self.reg_to_stored(&z, decl.dtype, &decl.shape);
        let full: Vec<Index> = decl.shape.iter().map(|_| Index::Full).collect();
        self.vmem_store(&z, &mem, decl.dtype, &decl.shape, &full, &decl.shape)
    }
}
