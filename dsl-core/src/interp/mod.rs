//! The CPU interpreter: the definition of what a kernel means.
//!
//! It runs every program of the grid in row-major order on host tensors, one
//! whole tile per op. Loads and stores are bounds-checked (an error names the
//! op, the program and the window; never a panic). Pipelined loops issue
//! their loads ahead exactly as the IR says, and a store that overwrites
//! memory an in-flight load has already read is an error, so a kernel whose
//! prefetch would read stale data fails here, not only on a GPU.

mod elements;
mod memory;
mod tile;

pub use memory::{Buffer, Span, Window};
pub use tile::{Data, Tile};

use crate::args::{check_args, ArgError, KernelArgs, ScalarArg};
use crate::ir::{ConstValue, Index, Kernel, Location, OpId, OpKind, RefId, RefKind, Region};
use crate::print::print_op;
use crate::verify::{KernelInfo, PipelinedLoop, VerifiedKernel};
use crate::{DType, HostTensor};
use memory::{overlaps, window_text};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Why a launch failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Args(#[from] ArgError),
    #[error("kernel `{kernel}`, program {program:?}, op `{op}` at {location}: {message}")]
    Exec {
        kernel: String,
        program: Vec<usize>,
        op: String,
        location: Location,
        message: String,
    },
}

/// Runs a verified kernel on host tensors; returns its output and in/out refs by name.
///
/// The arguments are shared, not copied (host tensors share their
/// elements): only an in/out ref is copied, at its first store, because the
/// caller still holds it. [`run_owned`] updates in/out refs in place.
pub fn run(
    vk: &VerifiedKernel,
    args: &KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, RunError> {
    run_owned(vk, args.clone())
}

/// [`run`] with the arguments handed over: each in/out ref becomes the
/// interpreter's buffer and is returned as the result, so when the caller
/// passed the only clone (a KV cache), it is updated in place with no copy.
/// On an error the tensors handed over are dropped.
pub fn run_owned(
    vk: &VerifiedKernel,
    args: KernelArgs,
) -> Result<BTreeMap<String, HostTensor>, RunError> {
    let k = vk.kernel();
    check_args(k, &args)?;
    let mut tensors = args.tensors;
    // `check_args` made sure every input, in/out ref and prefetch array is
    // there. In/out refs are moved out of the map so that the buffer holds
    // the only clone; inputs are only read, so sharing them is enough.
    let mut take = |name: &str, kind: RefKind| {
        let t = if kind == RefKind::InOut {
            tensors.remove(name)
        } else {
            tensors.get(name).cloned()
        };
        Buffer::from_host(t.expect("check_args found every tensor argument"))
    };
    let buffers = k
        .refs
        .iter()
        .map(|r| match r.kind {
            RefKind::Input | RefKind::InOut => take(&r.name, r.kind),
            RefKind::Output | RefKind::Scratch => Buffer::zeros(r.dtype, &r.shape),
        })
        .collect();
    let prefetch = k
        .prefetch
        .iter()
        .map(|p| take(&p.name, RefKind::Input))
        .collect();
    drop(tensors);
    let mut exec = Exec {
        k,
        info: vk.info(),
        env: vec![None; k.values.len()],
        buffers,
        prefetch,
        program: vec![0; k.grid.len()],
        block_origin: vec![None; k.refs.len()],
        inflight: Vec::new(),
        loop_of_load: vk
            .info()
            .pipelined_loops
            .iter()
            .flat_map(|l| l.loads.iter().map(move |p| (p.op, l.op)))
            .collect(),
    };
    for s in &k.scalars {
        let t = match args.scalars[&s.name] {
            ScalarArg::F32(x) => Tile::splat(DType::F32, &[], ConstValue::Float(x as f64)),
            ScalarArg::I32(x) => Tile::splat(DType::I32, &[], ConstValue::Int(x as i64)),
            ScalarArg::Bool(x) => Tile::splat(DType::Bool, &[], ConstValue::Bool(x)),
        };
        exec.env[s.value.index()] = Some(Rc::new(t));
    }
    let programs: usize = k.grid.iter().product();
    for linear in 0..programs {
        let mut rest = linear;
        for d in (0..k.grid.len()).rev() {
            exec.program[d] = rest % k.grid[d];
            rest /= k.grid[d];
        }
        exec.program_blocks()?;
        exec.region(&k.body)?;
    }
    Ok(k.refs
        .iter()
        .zip(exec.buffers)
        .filter(|(r, _)| matches!(r.kind, RefKind::Output | RefKind::InOut))
        .map(|(r, b)| (r.name.clone(), b.into_host()))
        .collect())
}

/// A load issued ahead by a pipelined loop and not consumed yet.
struct Pending {
    load: OpId,
    iteration: i64,
    src: RefId,
    window: Window,
    tile: Rc<Tile>,
}

struct InFlight {
    loop_op: OpId,
    pending: Vec<Pending>,
}

struct Exec<'k> {
    k: &'k Kernel,
    info: &'k KernelInfo,
    env: Vec<Option<Rc<Tile>>>,
    buffers: Vec<Buffer>,
    prefetch: Vec<Buffer>,
    program: Vec<usize>,
    /// Element offset of each blocked ref's window for the current program.
    block_origin: Vec<Option<Vec<i64>>>,
    inflight: Vec<InFlight>,
    loop_of_load: HashMap<OpId, OpId>,
}

type R<T> = Result<T, RunError>;

impl Exec<'_> {
    fn fail(&self, op: OpId, message: String) -> RunError {
        RunError::Exec {
            kernel: self.k.name.clone(),
            program: self.program.clone(),
            op: print_op(self.k, op),
            location: self.k.op(op).location.clone(),
            message,
        }
    }

    fn get(&self, v: crate::ir::Value) -> Rc<Tile> {
        self.env[v.index()]
            .clone()
            .expect("verified IR defines every value before use")
    }

    fn set(&mut self, v: crate::ir::Value, t: Tile) {
        self.env[v.index()] = Some(Rc::new(t));
    }

    /// Evaluates each block spec's index map for the current program.
    fn program_blocks(&mut self) -> R<()> {
        let k = self.k;
        for (i, r) in k.refs.iter().enumerate() {
            let Some(b) = &r.block else { continue };
            for (axis, &a) in b.index_map.args.iter().enumerate() {
                let id = Tile::splat(DType::I32, &[], ConstValue::Int(self.program[axis] as i64));
                self.set(a, id);
            }
            self.region(&b.index_map)?;
            let origin: Vec<i64> = b
                .index_map
                .yields
                .iter()
                .zip(&b.block_shape)
                .map(|(&y, &bs)| self.get(y).scalar_i32() as i64 * bs as i64)
                .collect();
            let outside = origin
                .iter()
                .zip(&b.block_shape)
                .zip(&r.shape)
                .any(|((&o, &bs), &n)| o < 0 || o + bs as i64 > n as i64);
            if outside {
                return Err(RunError::Exec {
                    kernel: k.name.clone(),
                    program: self.program.clone(),
                    op: format!("index_map of @{}", r.name),
                    location: r.location.clone(),
                    message: format!("the index map puts the {:?} block at element offset {origin:?}, outside shape {:?}", b.block_shape, r.shape),
                });
            }
            self.block_origin[i] = Some(origin);
        }
        Ok(())
    }

    fn region(&mut self, r: &Region) -> R<()> {
        for &op in &r.ops {
            self.op(op)?;
        }
        Ok(())
    }

    /// The absolute window `indices` select from ref `r`, checked against the
    /// ref's block when it has one.
    fn window(&self, op: OpId, r: RefId, indices: &[Index], mask: Option<&[bool]>) -> R<Window> {
        let decl = self.k.ref_decl(r);
        let view = decl.view_shape();
        let mut w: Window = indices
            .iter()
            .zip(view)
            .map(|(i, &extent)| match i {
                Index::Point(v) => Span {
                    start: self.get(*v).scalar_i32() as i64,
                    len: 1,
                    keep: false,
                },
                Index::Slice { start, len } => Span {
                    start: self.get(*start).scalar_i32() as i64,
                    len: *len,
                    keep: true,
                },
                Index::Full => Span {
                    start: 0,
                    len: extent,
                    keep: true,
                },
            })
            .collect();
        if let Some(origin) = &self.block_origin[r.index()] {
            // Masked-off lanes may fall outside the block; enabled ones may not.
            let outside = match mask {
                None => memory::out_of_bounds(view, &w),
                Some(bits) => memory::unmasked_outside(view, &w, bits),
            };
            if let Some(msg) = outside {
                return Err(self.fail(op, format!("access to the block of `{}`: {msg}", decl.name)));
            }
            for (s, o) in w.iter_mut().zip(origin) {
                s.start += o;
            }
        }
        Ok(w)
    }

    fn mask(&self, mask: Option<crate::ir::Value>) -> Option<Rc<Tile>> {
        mask.map(|m| self.get(m))
    }

    fn load_now(&self, op: OpId) -> R<(RefId, Window, Tile)> {
        let OpKind::Load {
            src,
            indices,
            mask,
            other,
        } = &self.k.op(op).kind
        else {
            unreachable!()
        };
        let mask = self.mask(*mask);
        let bits = mask.as_ref().map(|m| m.bools());
        let w = self.window(op, *src, indices, bits)?;
        let tile = self.buffers[src.index()]
            .load(&w, bits, *other)
            .map_err(|msg| {
                self.fail(
                    op,
                    format!(
                        "out-of-bounds load from `{}`: {msg}",
                        self.k.ref_decl(*src).name
                    ),
                )
            })?;
        Ok((*src, w, tile))
    }

    /// Issues the loads of pipelined loop `pl` for iteration `it`.
    fn issue(&mut self, pl: &PipelinedLoop, iv: crate::ir::Value, it: i64, current: i64) -> R<()> {
        self.set(iv, Tile::splat(DType::I32, &[], ConstValue::Int(it)));
        for p in &pl.loads {
            for &a in &p.address_ops {
                self.op(a)?;
            }
            let (src, window, tile) = self.load_now(p.op).map_err(|e| match e {
                RunError::Exec { kernel, program, op, location, message } => RunError::Exec {
                    kernel,
                    program,
                    op,
                    location,
                    message: format!("{message} (issued ahead for iteration {it} during iteration {current} of a {}-stage pipeline)", pl.stages),
                },
                other => other,
            })?;
            let entry = Pending {
                load: p.op,
                iteration: it,
                src,
                window,
                tile: Rc::new(tile),
            };
            self.inflight
                .last_mut()
                .expect("pipelined loop is active")
                .pending
                .push(entry);
        }
        Ok(())
    }

    fn for_loop(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let f = k.for_op(op).map_err(|m| self.fail(op, m))?;
        let body = f.body;
        let (lo, hi, step) = (
            self.get(f.lower).scalar_i32() as i64,
            self.get(f.upper).scalar_i32() as i64,
            f.step as i64,
        );
        let mut carried: Vec<Rc<Tile>> = f.init.iter().map(|&v| self.get(v)).collect();
        let pl = self
            .info
            .pipelined_loop(op)
            .filter(|p| p.stages > 1 && !p.loads.is_empty());
        let ahead = pl.map_or(0, |p| (p.stages as i64 - 1) * step);
        if let Some(pl) = pl {
            self.inflight.push(InFlight {
                loop_op: op,
                pending: Vec::new(),
            });
            let mut it = lo;
            while it < lo + ahead && it < hi {
                self.issue(pl, f.iv(), it, lo)?;
                it += step;
            }
        }
        let mut it = lo;
        while it < hi {
            if let Some(pl) = pl {
                if it + ahead < hi {
                    self.issue(pl, f.iv(), it + ahead, it)?;
                }
            }
            self.set(f.iv(), Tile::splat(DType::I32, &[], ConstValue::Int(it)));
            for (&a, t) in f.carried().iter().zip(&carried) {
                self.env[a.index()] = Some(t.clone());
            }
            self.region(body)?;
            carried = body.yields.iter().map(|&y| self.get(y)).collect();
            it += step;
        }
        if pl.is_some() {
            self.inflight.pop();
        }
        for (&r, t) in data.results.iter().zip(carried) {
            self.env[r.index()] = Some(t);
        }
        Ok(())
    }

    /// A pipelined load takes the tile issued for the current iteration.
    fn take_pending(&mut self, op: OpId) -> R<Option<Rc<Tile>>> {
        let Some(&loop_op) = self.loop_of_load.get(&op) else {
            return Ok(None);
        };
        let f = self.k.for_op(loop_op).map_err(|m| self.fail(op, m))?;
        let it = self.get(f.iv()).scalar_i32() as i64;
        let Some(frame) = self
            .inflight
            .iter_mut()
            .rev()
            .find(|f| f.loop_op == loop_op)
        else {
            return Ok(None);
        };
        let pos = frame
            .pending
            .iter()
            .position(|p| p.load == op && p.iteration == it);
        Ok(pos.map(|pos| frame.pending.remove(pos).tile))
    }

    fn store(&mut self, op: OpId) -> R<()> {
        let OpKind::Store {
            dst,
            indices,
            value,
            mask,
        } = &self.k.op(op).kind
        else {
            unreachable!()
        };
        let mask = self.mask(*mask);
        let bits = mask.as_ref().map(|m| m.bools());
        let w = self.window(op, *dst, indices, bits)?;
        for frame in &self.inflight {
            if let Some(p) = frame
                .pending
                .iter()
                .find(|p| p.src == *dst && overlaps(&p.window, &w))
            {
                return Err(self.fail(op, format!(
                    "this store writes {} of `{}`, which the pipelined load `{}` already read ahead for iteration {}; that load would see stale data (drop `pipeline`, or store elsewhere)",
                    window_text(&w),
                    self.k.ref_decl(*dst).name,
                    print_op(self.k, p.load),
                    p.iteration
                )));
            }
        }
        let value = self.get(*value);
        let name = &self.k.ref_decl(*dst).name;
        self.buffers[dst.index()]
            .store(&w, &value, bits)
            .map_err(|msg| self.fail(op, format!("out-of-bounds store to `{name}`: {msg}")))
    }

    fn op(&mut self, op: OpId) -> R<()> {
        let k = self.k;
        let data = k.op(op);
        let result = match &data.kind {
            OpKind::ProgramId { axis } => {
                Tile::splat(DType::I32, &[], ConstValue::Int(self.program[*axis] as i64))
            }
            OpKind::Constant { value, ty } => Tile::splat(ty.dtype, &ty.shape, *value),
            OpKind::Iota { ty, dim } => Tile::iota(ty.dtype, &ty.shape, *dim),
            OpKind::Unary { op: u, x } => self.get(*x).unary(*u).map_err(|m| self.fail(op, m))?,
            OpKind::Binary { op: b, lhs, rhs } => self
                .get(*lhs)
                .binary(*b, &self.get(*rhs))
                .map_err(|m| self.fail(op, m))?,
            OpKind::Compare { op: c, lhs, rhs } => self
                .get(*lhs)
                .compare(*c, &self.get(*rhs))
                .map_err(|m| self.fail(op, m))?,
            OpKind::Select {
                cond,
                on_true,
                on_false,
            } => Tile::select(&self.get(*cond), &self.get(*on_true), &self.get(*on_false))
                .map_err(|m| self.fail(op, m))?,
            OpKind::Cast { x, to } => self.get(*x).cast(*to),
            OpKind::Bitcast { x, to } => self.get(*x).bitcast(*to),
            OpKind::Broadcast { x, shape, dims } => self.get(*x).broadcast(shape, dims),
            OpKind::Reduce { op: r, x, axis } => self
                .get(*x)
                .reduce(*r, *axis)
                .map_err(|m| self.fail(op, m))?,
            OpKind::Dot { lhs, rhs } => self
                .get(*lhs)
                .dot(&self.get(*rhs))
                .map_err(|m| self.fail(op, m))?,
            OpKind::Transpose { x, perm } => self.get(*x).transpose(perm),
            OpKind::Reshape { x, shape } => self.get(*x).reshape(shape),
            OpKind::PrefetchRead { array, indices } => {
                let buf = &self.prefetch[array.index()];
                let w: Window = indices
                    .iter()
                    .map(|&i| Span {
                        start: self.get(i).scalar_i32() as i64,
                        len: 1,
                        keep: false,
                    })
                    .collect();
                let name = &k.prefetch_decl(*array).name;
                buf.load(&w, None, ConstValue::Int(0)).map_err(|msg| {
                    self.fail(
                        op,
                        format!("out-of-range read of prefetch array `{name}`: {msg}"),
                    )
                })?
            }
            OpKind::Load { .. } => {
                if let Some(t) = self.take_pending(op)? {
                    self.env[data.results[0].index()] = Some(t);
                    return Ok(());
                }
                self.load_now(op)?.2
            }
            OpKind::Store { .. } => return self.store(op),
            OpKind::For { .. } => return self.for_loop(op),
            OpKind::If { .. } => {
                let c = k.if_op(op).map_err(|m| self.fail(op, m))?;
                let region = if self.get(c.cond).scalar_bool() {
                    c.then_region
                } else {
                    c.else_region
                };
                self.region(region)?;
                for (&r, &y) in data.results.iter().zip(&region.yields) {
                    self.env[r.index()] = Some(self.get(y));
                }
                return Ok(());
            }
        };
        self.set(data.results[0], result);
        Ok(())
    }
}
