//! The grid: all programs at once (batched) or one after another in a
//! `stablehlo.while` (sequential), and each program's block origins.

use super::{Lowering, L, R};
use crate::types::{Scalar, Ty, V};
use tilekit_core::ir::RefKind;
use tilekit_core::DType;

impl Lowering<'_> {
    /// All programs at once: program ids are `[P]` vectors.
    pub(super) fn batched_grid(&mut self) -> R<()> {
        let k = self.k;
        let p = self.programs;
        self.em
            .comment(&format!("all {p} programs of grid {:?} at once", k.grid));
        let linear = self.em.iota(&Ty::new(DType::I32, &[p]), 0);
        self.program_ids = self.ids_from_linear(&linear, true);
        self.program_body()
    }

    /// A `while` over programs in row-major order (no loop for one program).
    pub(super) fn sequential_grid(&mut self, programs: usize) -> R<()> {
        let k = self.k;
        if programs == 1 {
            let zero = self.em.const_i32(0);
            self.program_ids = vec![
                L {
                    v: zero,
                    batched: false
                };
                k.grid.len()
            ];
            return self.program_body();
        }
        self.em
            .comment(&format!("programs of grid {:?} one after another", k.grid));
        let writable: Vec<usize> = (0..k.refs.len())
            .filter(|&i| k.refs[i].kind != RefKind::Input)
            .collect();
        let mut init = vec![self.em.const_i32(0)];
        for &i in &writable {
            init.push(self.mem_of(i, &k.refs[i].name)?);
        }
        let count = self.em.const_i32(programs as i32);
        let parts = self.em.while_begin(&init);
        let pid = parts.args[0].clone();
        let more = self.em.compare("LT", &pid, &count);
        self.em.while_cond_end(&more);
        for (j, &i) in writable.iter().enumerate() {
            self.mem[i] = Some(parts.args[1 + j].clone());
        }
        self.program_ids = self.ids_from_linear(&pid, false);
        self.program_body()?;
        let one = self.em.const_i32(1);
        let mut yields = vec![self.em.same("add", &[&pid, &one])];
        for &i in &writable {
            yields.push(self.mem_of(i, &k.refs[i].name)?);
        }
        self.em.while_end(&yields);
        for (j, &i) in writable.iter().enumerate() {
            self.mem[i] = Some(parts.results[1 + j].clone());
        }
        Ok(())
    }

    /// Grid coordinates from a row-major linear program index.
    fn ids_from_linear(&mut self, linear: &V, batched: bool) -> Vec<L> {
        let grid = self.k.grid.clone();
        let mut ids = Vec::new();
        for axis in 0..grid.len() {
            let stride: usize = grid[axis + 1..].iter().product();
            let mut id = linear.clone();
            if stride > 1 {
                let s = self.splat_i32(stride as i32, &linear.ty);
                id = self.em.same("divide", &[&id, &s]);
            }
            if axis > 0 {
                let n = self.splat_i32(grid[axis] as i32, &linear.ty);
                id = self.em.same("remainder", &[&id, &n]);
            }
            ids.push(L { v: id, batched });
        }
        ids
    }

    pub(crate) fn splat_i32(&mut self, x: i32, like: &Ty) -> V {
        self.em.splat(Scalar::I(x), &like.with_dtype(DType::I32))
    }

    /// One program's (or one batch of programs') body, after evaluating
    /// the block specs' index maps.
    fn program_body(&mut self) -> R<()> {
        let k = self.k;
        for (i, r) in k.refs.iter().enumerate() {
            let Some(b) = &r.block else { continue };
            self.em
                .comment(&format!("block of @{}: {:?}", r.name, b.block_shape));
            for (&arg, id) in b.index_map.args.iter().zip(self.program_ids.clone()) {
                self.env[arg.index()] = Some(id);
            }
            self.region_ops(&b.index_map)?;
            let mut origin = Vec::new();
            for (&y, &bs) in b.index_map.yields.iter().zip(&b.block_shape) {
                let y = self.get(y)?;
                let s = self.splat_i32(bs as i32, &y.v.ty);
                let v = self.em.same("multiply", &[&y.v, &s]);
                origin.push(L {
                    v,
                    batched: y.batched,
                });
            }
            self.origin[i] = Some(origin);
        }
        self.region_ops(&k.body)
    }
}
