//! Recording a program: buffers and calls are checked as they are added
//! and every problem is kept, with the source location of the call or
//! declaration it concerns; [`ProgramBuilder::finish`] reports them all.

use super::{Arg, BufferDecl, BufferId, BufferRole, Call, CallId, Origin, Program, ProgramError};
use crate::ir::RefKind;
use crate::verify::VerifiedKernel;
use crate::DType;
use std::panic::Location;
use std::sync::Arc;

/// Records a [`Program`].
pub struct ProgramBuilder {
    name: String,
    pub(super) buffers: Vec<BufferDecl>,
    calls: Vec<Call>,
    outputs: Vec<BufferId>,
    pub(super) problems: Vec<String>,
    /// Tensor parallelism ([`super::shard`]): devices, split buffers and
    /// all-reduce calls.
    pub(super) devices: usize,
    pub(super) split: std::collections::BTreeMap<BufferId, usize>,
    pub(super) all_reduce: Vec<CallId>,
}

fn at(l: &Location) -> String {
    format!("{}:{}:{}", l.file(), l.line(), l.column())
}

impl ProgramBuilder {
    pub fn new(name: &str) -> ProgramBuilder {
        ProgramBuilder {
            name: name.to_string(),
            buffers: Vec::new(),
            calls: Vec::new(),
            outputs: Vec::new(),
            problems: Vec::new(),
            devices: 1,
            split: Default::default(),
            all_reduce: Vec::new(),
        }
    }

    /// A buffer every execution passes in (read-only in the program).
    #[track_caller]
    pub fn input(&mut self, name: &str, dtype: DType, shape: &[usize]) -> BufferId {
        self.declare(name, dtype, shape, BufferRole::Input, Location::caller())
    }

    /// A persistent buffer, kept by the backend between executions.
    #[track_caller]
    pub fn state(&mut self, name: &str, dtype: DType, shape: &[usize]) -> BufferId {
        self.declare(name, dtype, shape, BufferRole::State, Location::caller())
    }

    fn declare(
        &mut self,
        name: &str,
        dtype: DType,
        shape: &[usize],
        role: BufferRole,
        here: &'static Location<'static>,
    ) -> BufferId {
        if let Some(prev) = self.buffers.iter().find(|b| b.name == name) {
            let prev = self.describe_origin(&prev.origin);
            self.problems.push(format!(
                "buffer `{name}` at {} is declared twice (first {prev})",
                at(here)
            ));
        }
        self.push(name.to_string(), dtype, shape, role, Origin::Declared(here))
    }

    fn push(
        &mut self,
        name: String,
        dtype: DType,
        shape: &[usize],
        role: BufferRole,
        origin: Origin,
    ) -> BufferId {
        self.buffers.push(BufferDecl {
            name,
            dtype,
            shape: shape.to_vec(),
            role,
            origin,
        });
        BufferId(self.buffers.len() as u32 - 1)
    }

    /// `of`'s elements as `shape` (row-major, the same element count): a
    /// read-only alias that costs nothing (see the module docs of
    /// [`crate::program`]). A view of a view views the same base.
    #[track_caller]
    pub fn view(&mut self, of: BufferId, shape: &[usize]) -> BufferId {
        let here = Location::caller();
        let Some(b) = self.buffers.get(of.index()) else {
            self.problems.push(format!(
                "{}: view of buffer {}, which belongs to another program",
                at(here),
                of.index()
            ));
            return self.push(
                format!("<view {}>", of.index()),
                DType::F32,
                shape,
                BufferRole::View,
                Origin::Declared(here),
            );
        };
        let base = match b.origin {
            Origin::View { of, .. } => of,
            _ => of,
        };
        let (dtype, count) = (b.dtype, b.shape.iter().product::<usize>());
        if shape.iter().product::<usize>() != count {
            self.problems.push(format!(
                "{}: view {shape:?} of buffer `{}` ({}{:?}) has {} elements, the buffer {count}",
                at(here),
                b.name,
                b.dtype,
                b.shape,
                shape.iter().product::<usize>()
            ));
        }
        let name = format!("{}@{shape:?}", b.name);
        let origin = Origin::View {
            of: base,
            location: here,
        };
        self.push(name, dtype, shape, BufferRole::View, origin)
    }

    fn describe_origin(&self, o: &Origin) -> String {
        match o {
            Origin::Declared(l) => format!("declared at {}", at(l)),
            Origin::View { of, location } => format!(
                "a view of `{}` made at {}",
                self.buffers[of.index()].name,
                at(location)
            ),
            Origin::Output { call, param } => {
                let c = &self.calls[call.index()];
                format!(
                    "created by output `{param}` of call {} (`{}`) at {}",
                    call.index(),
                    c.kernel.name(),
                    at(c.location)
                )
            }
        }
    }

    /// Appends a call of `kernel`, binding parameters by name. Output refs
    /// are not bound: each creates a temp buffer ([`ProgramBuilder::out`]);
    /// in/out refs update the buffer bound to them in place.
    #[track_caller]
    pub fn call(&mut self, kernel: &Arc<VerifiedKernel>, args: &[(&str, Arg)]) -> CallId {
        let here = Location::caller();
        let id = CallId(self.calls.len() as u32);
        let k = kernel.kernel();
        let site = format!("call {} (`{}`) at {}", id.index(), k.name, at(here));
        let mut problems = Vec::new();
        let mut bound = Vec::new();
        // (name, dtype, shape, what, writes)
        let mut params: Vec<(&str, DType, &[usize], &str, bool)> = Vec::new();
        for p in &k.prefetch {
            params.push((&p.name, DType::I32, &p.shape, "prefetch array", false));
        }
        for r in &k.refs {
            match r.kind {
                RefKind::Input => params.push((&r.name, r.dtype, &r.shape, "input", false)),
                RefKind::InOut => params.push((&r.name, r.dtype, &r.shape, "in/out ref", true)),
                _ => {}
            }
        }
        for (name, dtype, shape, what, writes) in &params {
            match args.iter().find(|(n, _)| n == name).map(|(_, a)| *a) {
                None => problems.push(format!(
                    "{site}: {what} `{name}` ({dtype}{shape:?}) is not bound"
                )),
                Some(Arg::Scalar(x)) => problems.push(format!(
                    "{site}: {what} `{name}` is bound to the scalar {x:?}; bind a buffer"
                )),
                Some(Arg::Buffer(b)) => {
                    if let Some(buf) = self.buffers.get(b.index()) {
                        if buf.dtype != *dtype || buf.shape != *shape {
                            problems.push(format!(
                                "{site}: {what} `{name}` is {dtype}{shape:?} but buffer `{}` is {}{:?} ({})",
                                buf.name, buf.dtype, buf.shape, self.describe_origin(&buf.origin)
                            ));
                        }
                        if *writes && buf.role == BufferRole::View {
                            problems.push(format!(
                                "{site}: in/out ref `{name}` writes `{}`, a view (views are read-only; bind the buffer it views, reshaping the kernel's ref instead)",
                                buf.name
                            ));
                        }
                        if *writes && buf.role == BufferRole::Input {
                            problems.push(format!(
                                "{site}: in/out ref `{name}` writes buffer `{}`, an input (inputs are read-only; make it state)",
                                buf.name
                            ));
                        }
                    } else {
                        problems.push(format!(
                            "{site}: `{name}` is bound to a buffer of another program"
                        ));
                    }
                    bound.push((name.to_string(), Arg::Buffer(b)));
                }
            }
        }
        for s in &k.scalars {
            match args.iter().find(|(n, _)| n == &s.name).map(|(_, a)| *a) {
                None => problems.push(format!(
                    "{site}: scalar `{}` ({}) is not bound",
                    s.name, s.dtype
                )),
                Some(Arg::Scalar(x)) if x.dtype() != s.dtype => problems.push(format!(
                    "{site}: scalar `{}` is {} but {x:?} was given",
                    s.name, s.dtype
                )),
                Some(Arg::Buffer(b)) => problems.push(format!(
                    "{site}: scalar `{}` is bound to buffer {}; scalars are fixed when the program is built",
                    s.name,
                    self.buffers.get(b.index()).map_or("?".into(), |b| format!("`{}`", b.name))
                )),
                Some(a) => bound.push((s.name.clone(), a)),
            }
        }
        for (name, _) in args {
            let known =
                params.iter().any(|p| p.0 == *name) || k.scalars.iter().any(|s| s.name == *name);
            if !known {
                let is_output = k
                    .refs
                    .iter()
                    .any(|r| r.name == *name && r.kind == RefKind::Output);
                problems.push(if is_output {
                    format!("{site}: `{name}` is an output ref; it creates its buffer (take it with `out`), do not bind it")
                } else {
                    format!("{site}: the kernel has no parameter named `{name}`")
                });
            }
        }
        // A buffer written in place must not also be read under another name.
        for (name, _, _, _, writes) in &params {
            let Some(Arg::Buffer(b)) = bound.iter().find(|(n, _)| n == name).map(|(_, a)| *a)
            else {
                continue;
            };
            // A view of the buffer aliases it too.
            let base = |b: BufferId| match self.buffers.get(b.index()).map(|d| &d.origin) {
                Some(Origin::View { of, .. }) => *of,
                _ => b,
            };
            let aliases = bound
                .iter()
                .filter(|(_, a)| matches!(a, Arg::Buffer(o) if base(*o) == base(b)))
                .count();
            if *writes && aliases > 1 {
                let buffer = self.buffers.get(b.index()).map_or("?", |d| d.name.as_str());
                problems.push(format!(
                    "{site}: buffer `{buffer}` is bound to in/out ref `{name}` and to another parameter"
                ));
            }
        }
        self.problems.extend(problems);
        let mut outputs = Vec::new();
        for r in k.refs.iter().filter(|r| r.kind == RefKind::Output) {
            let name = format!("{}#{}.{}", k.name, id.index(), r.name);
            let origin = Origin::Output {
                call: id,
                param: r.name.clone(),
            };
            let b = self.push(name, r.dtype, &r.shape, BufferRole::Temp, origin);
            outputs.push((r.name.clone(), b));
        }
        let in_out = params
            .iter()
            .filter(|p| p.4 && bound.iter().any(|(n, _)| n == p.0))
            .map(|p| p.0.to_string())
            .collect();
        self.calls.push(Call {
            kernel: kernel.clone(),
            args: bound,
            outputs,
            in_out,
            location: here,
        });
        id
    }

    /// The temp buffer output ref `name` of `call` creates. An unknown name
    /// is reported by [`ProgramBuilder::finish`].
    #[track_caller]
    pub fn out(&mut self, call: CallId, name: &str) -> BufferId {
        let here = Location::caller();
        let Some(c) = self.calls.get(call.index()) else {
            self.problems.push(format!(
                "{}: call {} belongs to another program",
                at(here),
                call.index()
            ));
            return self.push(
                format!("<call {}>", call.index()),
                DType::F32,
                &[],
                BufferRole::Temp,
                Origin::Declared(here),
            );
        };
        if let Some((_, b)) = c.outputs.iter().find(|(n, _)| n == name) {
            return *b;
        }
        let have: Vec<&str> = c.outputs.iter().map(|(n, _)| n.as_str()).collect();
        self.problems.push(format!(
            "{}: call {} (`{}`) has no output ref `{name}` (it has: {})",
            at(here),
            call.index(),
            c.kernel.name(),
            if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            }
        ));
        // A placeholder so recording can go on; `finish` fails anyway.
        let placeholder = format!("<missing output `{name}`>");
        self.push(
            placeholder,
            DType::F32,
            &[],
            BufferRole::Temp,
            Origin::Declared(here),
        )
    }

    /// Returns `buffer` from every execution.
    pub fn output(&mut self, buffer: BufferId) {
        if !self.outputs.contains(&buffer) {
            self.outputs.push(buffer);
        }
    }

    /// The program, or every problem recorded.
    pub fn finish(mut self) -> Result<Program, ProgramError> {
        for b in &self.outputs {
            if b.index() >= self.buffers.len() {
                self.problems.push(format!(
                    "output {} is a buffer of another program",
                    b.index()
                ));
            }
        }
        if !self.problems.is_empty() {
            return Err(ProgramError {
                program: self.name,
                problems: self.problems,
            });
        }
        let sharding = self.take_sharding();
        Ok(Program {
            name: self.name,
            sharding,
            buffers: self.buffers,
            calls: self.calls,
            outputs: self.outputs,
        })
    }
}
