//! Loops and branches (`scf.for` with i32 bounds and carried values,
//! `scf.if` with results), and the manual pipeline of loops with a
//! pipeline depth: HBM loads at the top level of such a loop get `stages`
//! staging slots; a prologue issues the DMAs of the first `stages - 1`
//! iterations, and each iteration first issues the DMA of the iteration
//! `stages - 1` ahead (its address ops evaluated for that iteration, as the
//! interpreter does), then waits on its own slot where the load stands.

use super::Emitter;
use crate::error::MosaicError;
use crate::plan::Place;
use tilekit_core::ir::{OpId, OpKind, Region, Value};

impl Emitter<'_> {
    /// The slot (i32) the current iteration of `load`'s pipelined loop reads.
    pub(super) fn pipeline_slot(&self, load: OpId) -> Option<String> {
        let (l, _) = self.vk.info().pipelined_load(load)?;
        if l.stages < 2 {
            return None;
        }
        self.pipes
            .iter()
            .rev()
            .find(|(op, _)| *op == l.op)
            .map(|(_, slot)| slot.clone())
    }

    /// The staged HBM loads of pipelined loop `op`, with their address ops.
    fn staged_loads(&self, op: OpId) -> Vec<(usize, Vec<OpId>)> {
        let Some(l) = self.vk.info().pipelined_loop(op) else {
            return Vec::new();
        };
        if l.stages < 2 {
            return Vec::new();
        }
        l.loads
            .iter()
            .filter_map(|p| {
                let src = match &self.k.op(p.op).kind {
                    OpKind::Load { src, .. } => *src,
                    _ => return None,
                };
                if self.plan.places[src.index()] != Place::Hbm {
                    return None;
                }
                let si = *self.plan.staging_of.get(&p.op)?;
                Some((si, p.address_ops.clone()))
            })
            .collect()
    }

    /// Issues the DMAs of iteration `iv_value` into `slot`, if it is `< upper`.
    fn issue_ahead(
        &mut self,
        iv: Value,
        iv_value: &str,
        upper: &str,
        slot: &str,
        loads: &[(usize, Vec<OpId>)],
    ) -> Result<(), MosaicError> {
        let inside = self.op(
            "arith.cmpi",
            &[iv_value, upper],
            "predicate = 2 : i64",
            &["i32", "i32"],
            "i1",
        );
        self.line(format!("\"stable_mosaic.scf.if\"({inside}) ({{"));
        self.nest(2);
        self.with_rebound(iv, iv_value.to_string(), |e| {
            let mut done = std::collections::HashSet::new();
            for (_, ops) in loads {
                for &a in ops {
                    if done.insert(a) {
                        e.emit_op(a)?;
                    }
                }
            }
            for (si, _) in loads {
                e.issue_load(*si, Some(slot))?;
            }
            Ok(())
        })?;
        self.line("\"stable_mosaic.scf.yield\"() : () -> ()");
        self.nest(-2);
        self.line("}, {");
        self.nest(2);
        self.line("\"stable_mosaic.scf.yield\"() : () -> ()");
        self.nest(-2);
        self.line("}) : (i1) -> ()");
        Ok(())
    }

    fn results(&mut self, n: usize) -> (String, Vec<String>) {
        let r = self.fresh();
        match n {
            0 => (String::new(), Vec::new()),
            1 => (format!("{r} = "), vec![r]),
            _ => (
                format!("{r}:{n} = "),
                (0..n).map(|i| format!("{r}#{i}")).collect(),
            ),
        }
    }

    fn yield_line(&mut self, region: &Region) -> Result<(), MosaicError> {
        let ys: Vec<String> = region
            .yields
            .iter()
            .map(|&y| self.get(y))
            .collect::<Result<_, _>>()?;
        let ts: Vec<String> = region.yields.iter().map(|&y| self.ty(y)).collect();
        self.line(format!(
            "\"stable_mosaic.scf.yield\"({}) : ({}) -> ()",
            ys.join(", "),
            ts.join(", ")
        ));
        Ok(())
    }

    pub(super) fn for_loop(&mut self, op: OpId) -> Result<(), MosaicError> {
        let k = self.k;
        let f = k.for_op(op).map_err(|m| self.unsupported(op, m))?;
        let (lower, upper, step, init, body) = (f.lower, f.upper, f.step, f.init, f.body);
        let stages = self
            .vk
            .info()
            .pipelined_loop(op)
            .map_or(1, |l| l.stages as i64);
        let loads = self.staged_loads(op);
        let (lo, hi) = (self.get(lower)?, self.get(upper)?);
        let st = self.const_i32(step as i64);
        let iv = f.iv();
        // Prologue: the first `stages - 1` iterations' DMAs.
        if !loads.is_empty() {
            for d in 0..stages - 1 {
                let off = self.const_i32(d * step as i64);
                let it = self.op("arith.addi", &[&lo, &off], "", &["i32", "i32"], "i32");
                let slot = self.const_i32(d);
                self.issue_ahead(iv, &it, &hi, &slot, &loads)?;
            }
        }
        let inits: Vec<String> = init
            .iter()
            .map(|&v| self.get(v))
            .collect::<Result<_, _>>()?;
        let types: Vec<String> = init.iter().map(|&v| self.ty(v)).collect();
        let (lhs, names) = self.results(init.len());
        let mut operands = vec![lo.clone(), hi.clone(), st.clone()];
        operands.extend(inits);
        self.line(format!(
            "{lhs}\"stable_mosaic.scf.for\"({}) ({{",
            operands.join(", ")
        ));
        let args: Vec<String> = body.args.iter().map(|_| self.fresh()).collect();
        let mut arg_decls = vec![format!("{}: i32", args[0])];
        for (a, t) in args[1..].iter().zip(&types) {
            arg_decls.push(format!("{a}: {t}"));
        }
        self.line(format!("^bb0({}):", arg_decls.join(", ")));
        self.nest(2);
        for (&v, a) in body.args.iter().zip(&args) {
            self.bind(v, a.clone());
        }
        if !loads.is_empty() {
            // slot = ((iv - lower) / step) % stages; the DMA for the
            // iteration `stages - 1` ahead goes to the slot after it.
            let rel = self.op("arith.subi", &[&args[0], &lo], "", &["i32", "i32"], "i32");
            let it = self.op("arith.divsi", &[&rel, &st], "", &["i32", "i32"], "i32");
            let s = self.const_i32(stages);
            let slot = self.op("arith.remsi", &[&it, &s], "", &["i32", "i32"], "i32");
            let back = self.const_i32(stages - 1);
            let ahead_it = self.op("arith.addi", &[&it, &back], "", &["i32", "i32"], "i32");
            let ahead_slot = self.op("arith.remsi", &[&ahead_it, &s], "", &["i32", "i32"], "i32");
            let dist = self.const_i32((stages - 1) * step as i64);
            let ahead = self.op("arith.addi", &[&args[0], &dist], "", &["i32", "i32"], "i32");
            self.issue_ahead(iv, &ahead, &hi, &ahead_slot, &loads)?;
            self.pipes.push((op, slot));
        }
        let body_result = self.region(body).and_then(|_| self.yield_line(body));
        if !loads.is_empty() {
            self.pipes.pop();
        }
        body_result?;
        self.nest(-2);
        let mut in_types = vec!["i32".to_string(); 3];
        in_types.extend(types.iter().cloned());
        self.line(format!(
            "}}) : ({}) -> ({})",
            in_types.join(", "),
            types.join(", ")
        ));
        for (&r, n) in self.k.op(op).results.clone().iter().zip(names) {
            self.bind(r, n);
        }
        Ok(())
    }

    pub(super) fn if_op(&mut self, op: OpId) -> Result<(), MosaicError> {
        let k = self.k;
        let view = k.if_op(op).map_err(|m| self.unsupported(op, m))?;
        let (then_region, else_region) = (view.then_region, view.else_region);
        let c = self.get(view.cond)?;
        let results = self.k.op(op).results.clone();
        let types: Vec<String> = results.iter().map(|&v| self.ty(v)).collect();
        let (lhs, names) = self.results(results.len());
        self.line(format!("{lhs}\"stable_mosaic.scf.if\"({c}) ({{"));
        self.nest(2);
        self.region(then_region)?;
        self.yield_line(then_region)?;
        self.nest(-2);
        self.line("}, {");
        self.nest(2);
        self.region(else_region)?;
        self.yield_line(else_region)?;
        self.nest(-2);
        self.line(format!("}}) : (i1) -> ({})", types.join(", ")));
        for (r, n) in results.into_iter().zip(names) {
            self.bind(r, n);
        }
        Ok(())
    }
}
