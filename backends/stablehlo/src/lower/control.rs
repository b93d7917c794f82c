//! Structured control flow: `for` becomes `stablehlo.while`, `if` becomes
//! `stablehlo.if`, each carrying the refs its regions store to.
//!
//! With per-program values (batched grids), a loop whose bounds differ
//! between programs runs until the last program is done; the programs that
//! are already done keep their carried values (`select` on the active mask)
//! and their stores are dropped. An `if` on a per-program condition runs
//! both branches, each with its programs active, and selects the results.

use super::{Lowering, L, R};
use crate::error::LowerError;
use crate::types::V;
use std::collections::BTreeSet;
use tilekit_core::ir::{OpId, OpKind, Region};

impl Lowering<'_> {
    /// Refs stored to anywhere in `regions`, in declaration order.
    fn written(&self, regions: &[&Region]) -> Vec<usize> {
        fn walk(k: &tilekit_core::ir::Kernel, r: &Region, out: &mut BTreeSet<usize>) {
            for &op in &r.ops {
                let kind = &k.op(op).kind;
                if let OpKind::Store { dst, .. } = kind {
                    out.insert(dst.index());
                }
                for sub in kind.regions() {
                    walk(k, sub, out);
                }
            }
        }
        let mut out = BTreeSet::new();
        for r in regions {
            walk(self.k, r, &mut out);
        }
        out.into_iter().collect()
    }

    fn and_active(&mut self, mask: V) -> V {
        match self.active.clone() {
            Some(a) => self.em.same("and", &[&a, &mask]),
            None => mask,
        }
    }

    pub(super) fn lower_for(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let f = k.for_op(op).map_err(|m| LowerError::at_op(k, op, m))?;
        let (init, body, step) = (f.init, f.body, f.step);
        let lo = self.get(f.lower)?;
        let hi = self.get(f.upper)?;
        let per_program = lo.batched || hi.batched;
        let written = self.written(&[body]);
        let carried_batched: Vec<bool> = body.args[1..]
            .iter()
            .map(|a| self.batched[a.index()])
            .collect();
        let mut init_vs = vec![lo.v.clone()];
        for (&v, &b) in init.iter().zip(&carried_batched) {
            let x = self.get(v)?;
            init_vs.push(self.coerce(x, b).v);
        }
        for &i in &written {
            init_vs.push(self.mem_of(i, &k.refs[i].name)?);
        }
        let n = init.len();
        let outer = self.active.clone();
        let parts = self.em.while_begin(&init_vs);
        let iv = L {
            v: parts.args[0].clone(),
            batched: lo.batched,
        };
        // cond: some (active) program has iterations left.
        let running = self.running(&iv, &hi);
        let pred = if per_program {
            let r = self.and_active(running);
            self.em.any(&r)
        } else {
            running
        };
        self.em.while_cond_end(&pred);
        // body
        if per_program {
            let running = self.running(&iv, &hi);
            let act = self.and_active(running);
            self.active = Some(act);
        }
        self.set(body.args[0], iv.clone());
        for (i, &b) in carried_batched.iter().enumerate() {
            self.set(
                body.args[i + 1],
                L {
                    v: parts.args[1 + i].clone(),
                    batched: b,
                },
            );
        }
        for (j, &i) in written.iter().enumerate() {
            self.mem[i] = Some(parts.args[1 + n + j].clone());
        }
        self.region_ops(body)?;
        let step_v = self.splat_i32(step as i32, &iv.v.ty);
        let mut next = self.em.same("add", &[&iv.v, &step_v]);
        if step > 1 {
            // iv < upper <= i32::MAX, so only a step past the end can wrap:
            // saturate it so the loop still ends.
            let wrapped = self.em.compare("LT", &next, &iv.v);
            let max = self.splat_i32(i32::MAX, &iv.v.ty);
            next = self.em.select(&wrapped, &max, &next);
        }
        let mut yields = vec![next];
        for (i, &b) in carried_batched.iter().enumerate() {
            let y = self.get(body.yields[i])?;
            let mut y = self.coerce(y, b).v;
            if let (true, Some(act)) = (per_program, self.active.clone()) {
                let act = self.active_over(&act, &y.ty);
                y = self.em.select(&act, &y, &parts.args[1 + i]);
            }
            yields.push(y);
        }
        for &i in &written {
            yields.push(self.mem_of(i, &k.refs[i].name)?);
        }
        self.em.while_end(&yields);
        self.active = outer;
        for (i, (&r, &b)) in data.results.iter().zip(&carried_batched).enumerate() {
            self.set(
                r,
                L {
                    v: parts.results[1 + i].clone(),
                    batched: b,
                },
            );
        }
        for (j, &i) in written.iter().enumerate() {
            self.mem[i] = Some(parts.results[1 + n + j].clone());
        }
        Ok(())
    }

    /// `iv < upper`, per program when either is batched.
    fn running(&mut self, iv: &L, hi: &L) -> V {
        let (vs, _) = self.align(&[iv.clone(), hi.clone()]);
        self.em.compare("LT", &vs[0], &vs[1])
    }

    pub(super) fn lower_if(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let view = k.if_op(op).map_err(|m| LowerError::at_op(k, op, m))?;
        let (then_region, else_region) = (view.then_region, view.else_region);
        let c = self.get(view.cond)?;
        let result_batched: Vec<bool> = data
            .results
            .iter()
            .map(|r| self.batched[r.index()])
            .collect();
        if c.batched {
            return self.if_per_program(op, &c.v, &result_batched);
        }
        let written = self.written(&[then_region, else_region]);
        if data.results.is_empty() && written.is_empty() {
            self.em
                .comment("(no results and no stores: nothing to run)");
            return Ok(());
        }
        let mut types = Vec::new();
        for (&r, &b) in data.results.iter().zip(&result_batched) {
            let ty = crate::types::Ty::new(k.ty(r).dtype, &k.ty(r).shape);
            types.push(self.phys(&ty, b));
        }
        for &i in &written {
            types.push(self.mem_of(i, &k.refs[i].name)?.ty);
        }
        let before = self.mem.clone();
        let results = self.em.if_begin(&c.v, &types);
        let yields = self.branch(then_region, &result_batched, &written)?;
        self.em.if_else(&yields);
        self.mem = before;
        let yields = self.branch(else_region, &result_batched, &written)?;
        self.em.if_end(&yields);
        let n = data.results.len();
        for (i, (&r, &b)) in data.results.iter().zip(&result_batched).enumerate() {
            self.set(
                r,
                L {
                    v: results[i].clone(),
                    batched: b,
                },
            );
        }
        for (j, &i) in written.iter().enumerate() {
            self.mem[i] = Some(results[n + j].clone());
        }
        Ok(())
    }

    /// Lowers a branch; returns its yields followed by the written refs.
    fn branch(&mut self, r: &Region, batched: &[bool], written: &[usize]) -> R<Vec<V>> {
        self.region_ops(r)?;
        let mut out = Vec::new();
        for (&y, &b) in r.yields.iter().zip(batched) {
            let y = self.get(y)?;
            out.push(self.coerce(y, b).v);
        }
        for &i in written {
            out.push(self.mem_of(i, &self.k.refs[i].name)?);
        }
        Ok(out)
    }

    /// An `if` whose condition differs between programs: both branches run,
    /// each with only its programs active, and the results are selected.
    fn if_per_program(&mut self, op: OpId, cond: &V, batched: &[bool]) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let view = k.if_op(op).map_err(|m| LowerError::at_op(k, op, m))?;
        let (then_region, else_region) = (view.then_region, view.else_region);
        let outer = self.active.clone();
        let act = self.and_active(cond.clone());
        self.active = Some(act);
        self.em
            .comment("then (per-program condition: both branches run)");
        let then_y = self.branch(then_region, batched, &[])?;
        let not_cond = self.em.same("not", &[cond]);
        self.active = outer.clone();
        let act = self.and_active(not_cond);
        self.active = Some(act);
        self.em.comment("else");
        let else_y = self.branch(else_region, batched, &[])?;
        self.active = outer;
        for (i, &r) in data.results.iter().enumerate() {
            let (t, e) = (&then_y[i], &else_y[i]);
            let c = self.active_over(cond, &t.ty);
            let v = self.em.select(&c, t, e);
            self.set(r, L { v, batched: true });
        }
        Ok(())
    }
}
