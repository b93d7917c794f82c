//! The builder API: what `#[kernel]` expands to, and usable by hand.
//!
//! Every op method is `#[track_caller]`, so each op records the line of the
//! user's source that created it. The builder never rejects anything: it
//! records ops with the result types [`infer`] gives (or a best guess when
//! inference fails), and [`KernelBuilder::finish`] runs the verifier, which
//! reports every problem at once next to the offending op.

mod ops;

use crate::ir::{
    AxisSemantics, BlockSpec, Kernel, Location, OpData, OpId, OpKind, PrefetchDecl, PrefetchId,
    RefDecl, RefId, RefKind, Region, ScalarParam, Type, Value, ValueData, ValueDef,
};
pub use crate::verify::BuildError;
use crate::verify::{infer, ErrorKind, VerifiedKernel, VerifyError, VerifyErrors};
use crate::DType;

/// Records a kernel's IR.
pub struct KernelBuilder {
    k: Kernel,
    /// Regions being built, innermost last; `stack[0]` is the kernel body.
    stack: Vec<Region>,
    /// When set, ops record this location instead of their caller's (the
    /// tracing layer captures the user's location before calling in).
    location_override: Option<Location>,
    /// Requirements the kernel states of its shapes that did not hold
    /// ([`KernelBuilder::require`]), reported by `finish`.
    unmet: Vec<VerifyError>,
}

impl KernelBuilder {
    #[track_caller]
    pub fn new(name: &str) -> KernelBuilder {
        KernelBuilder::new_at(name, Location::caller())
    }

    /// A builder whose kernel is located at `location` (for tracing layers).
    pub fn new_at(name: &str, location: Location) -> KernelBuilder {
        KernelBuilder {
            k: Kernel {
                name: name.to_string(),
                grid: Vec::new(),
                semantics: Vec::new(),
                prefetch: Vec::new(),
                refs: Vec::new(),
                scalars: Vec::new(),
                values: Vec::new(),
                ops: Vec::new(),
                body: Region::default(),
                location,
            },
            stack: vec![Region::default()],
            location_override: None,
            unmet: Vec::new(),
        }
    }

    /// Makes the following ops record `location` (or their caller's again
    /// with `None`).
    pub fn set_location_override(&mut self, location: Option<Location>) {
        self.location_override = location;
    }

    /// Opens a region with fresh arguments of the given types; ops built
    /// until [`KernelBuilder::end_region`] go into it. This is the
    /// unstructured form of the closure-taking methods, for tracing layers
    /// that cannot lend `&mut self` to user code.
    pub fn begin_region(&mut self, arg_types: &[Type]) -> Vec<Value> {
        let args: Vec<Value> = arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| self.new_value(t.clone(), ValueDef::RegionArg { index: i as u32 }))
            .collect();
        self.open_region(args.clone());
        args
    }

    /// Closes the innermost region opened by [`KernelBuilder::begin_region`].
    /// Returns `None` if no region is open.
    pub fn end_region(&mut self, yields: Vec<Value>) -> Option<Region> {
        if self.stack.len() < 2 {
            return None;
        }
        let mut region = self.stack.pop()?;
        region.yields = yields;
        Some(region)
    }

    /// Appends a `for` op whose body was built with `begin_region`/`end_region`.
    #[track_caller]
    pub fn push_for(
        &mut self,
        lower: Value,
        upper: Value,
        step: u32,
        stages: Option<u32>,
        init: &[Value],
        body: Region,
    ) -> Vec<Value> {
        self.push(
            OpKind::For {
                lower,
                upper,
                step,
                init: init.to_vec(),
                body,
                stages,
            },
            Location::caller(),
        )
    }

    /// Appends an `if` op whose regions were built with `begin_region`/`end_region`.
    #[track_caller]
    pub fn push_if(&mut self, cond: Value, then_region: Region, else_region: Region) -> Vec<Value> {
        self.push(
            OpKind::If {
                cond,
                then_region,
                else_region,
            },
            Location::caller(),
        )
    }

    /// The kernel's declarations and arenas as recorded so far. Its `body`
    /// is assembled only by [`KernelBuilder::finish`]; use
    /// [`KernelBuilder::snapshot`] for a complete copy.
    pub fn kernel(&self) -> &Kernel {
        &self.k
    }

    /// A copy of the kernel as recorded so far, body included (regions still
    /// open are left out), e.g. to verify or print a kernel mid-way.
    pub fn snapshot(&self) -> Kernel {
        let mut k = self.k.clone();
        k.body = self.stack[0].clone();
        k
    }

    /// Sets a grid whose axes are all parallel.
    pub fn grid(&mut self, extents: &[usize]) -> &mut Self {
        self.grid_with(extents, &vec![AxisSemantics::Parallel; extents.len()])
    }

    /// Sets the grid and each axis' semantics.
    pub fn grid_with(&mut self, extents: &[usize], semantics: &[AxisSemantics]) -> &mut Self {
        self.k.grid = extents.to_vec();
        self.k.semantics = semantics.to_vec();
        self
    }

    /// Declares a scalar-prefetch i32 array.
    #[track_caller]
    pub fn prefetch(&mut self, name: &str, shape: &[usize]) -> PrefetchId {
        let location = self.here(Location::caller());
        self.k.prefetch.push(PrefetchDecl {
            name: name.to_string(),
            shape: shape.to_vec(),
            location,
        });
        PrefetchId(self.k.prefetch.len() as u32 - 1)
    }

    #[track_caller]
    fn add_ref(&mut self, name: &str, dtype: DType, shape: &[usize], kind: RefKind) -> RefId {
        self.k.refs.push(RefDecl {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind,
            block: None,
            location: self.here(Location::caller()),
        });
        RefId(self.k.refs.len() as u32 - 1)
    }

    /// Declares a read-only input ref.
    #[track_caller]
    pub fn input(&mut self, name: &str, dtype: DType, shape: &[usize]) -> RefId {
        self.add_ref(name, dtype, shape, RefKind::Input)
    }

    /// Declares an output ref (zero-initialised, returned to the caller).
    #[track_caller]
    pub fn output(&mut self, name: &str, dtype: DType, shape: &[usize]) -> RefId {
        self.add_ref(name, dtype, shape, RefKind::Output)
    }

    /// Declares a ref the caller supplies and the kernel updates in place.
    #[track_caller]
    pub fn inout(&mut self, name: &str, dtype: DType, shape: &[usize]) -> RefId {
        self.add_ref(name, dtype, shape, RefKind::InOut)
    }

    /// Declares an on-chip scratch buffer.
    #[track_caller]
    pub fn scratch(&mut self, name: &str, dtype: DType, shape: &[usize]) -> RefId {
        self.add_ref(name, dtype, shape, RefKind::Scratch)
    }

    /// Gives `r` a block spec: the body sees `block_shape` windows whose
    /// block coordinates `index_map` computes from the grid ids.
    /// Call after [`KernelBuilder::grid`].
    pub fn block_spec(
        &mut self,
        r: RefId,
        block_shape: &[usize],
        index_map: impl FnOnce(&mut Self, &[Value]) -> Vec<Value>,
    ) {
        let ids: Vec<Value> = (0..self.k.grid.len())
            .map(|i| {
                self.new_value(
                    Type::scalar(DType::I32),
                    ValueDef::RegionArg { index: i as u32 },
                )
            })
            .collect();
        let region = self.with_region(ids, |b, ids| index_map(b, ids));
        self.k.refs[r.index()].block = Some(BlockSpec {
            block_shape: block_shape.to_vec(),
            index_map: region,
        });
    }

    /// Declares a runtime scalar argument.
    #[track_caller]
    pub fn scalar(&mut self, name: &str, dtype: DType) -> Value {
        let index = self.k.scalars.len() as u32;
        let value = self.new_value(Type::scalar(dtype), ValueDef::Param { index });
        self.k.values[value.index()].name = Some(name.to_string());
        self.k.scalars.push(ScalarParam {
            name: name.to_string(),
            dtype,
            value,
            location: self.here(Location::caller()),
        });
        value
    }

    /// Attaches a source-level name to a value (shown by the printer).
    pub fn set_name(&mut self, v: Value, name: &str) -> Value {
        if let Some(data) = self.k.values.get_mut(v.index()) {
            data.name = Some(name.to_string());
        }
        v
    }

    /// The type of a value.
    pub fn ty(&self, v: Value) -> &Type {
        self.k.ty(v)
    }

    /// The shape a ref's body sees (its block shape if it has a block spec).
    pub fn ref_shape(&self, r: RefId) -> &[usize] {
        self.k.ref_decl(r).view_shape()
    }

    /// Records that `holds` must be true for this kernel to be valid (a
    /// relation between argument shapes or trace-time values the types
    /// cannot express); if it is false, `finish` fails with `message` at
    /// the caller's location.
    #[track_caller]
    pub fn require(&mut self, holds: bool, message: &str) {
        if !holds {
            let location = self.here(Location::caller());
            self.unmet.push(VerifyError {
                kind: ErrorKind::Requirement,
                kernel: self.k.name.clone(),
                op: None,
                location,
                message: message.to_string(),
            });
        }
    }

    /// Verifies the kernel. Unmet requirements come first, then whatever
    /// the verifier finds.
    pub fn finish(mut self) -> Result<VerifiedKernel, BuildError> {
        // Regions left open (a trace that stopped half-way) are dropped.
        self.stack.truncate(1);
        self.k.body = self.stack.swap_remove(0);
        let unmet = std::mem::take(&mut self.unmet);
        match VerifiedKernel::new(self.k) {
            Ok(vk) if unmet.is_empty() => Ok(vk),
            Ok(vk) => Err(BuildError {
                errors: VerifyErrors(unmet),
                kernel: Box::new(vk.kernel().clone()),
            }),
            Err(mut e) => {
                let found = std::mem::take(&mut e.errors.0);
                e.errors.0 = unmet.into_iter().chain(found).collect();
                Err(e)
            }
        }
    }

    fn new_value(&mut self, ty: Type, def: ValueDef) -> Value {
        self.k.values.push(ValueData {
            ty,
            name: None,
            def,
        });
        Value(self.k.values.len() as u32 - 1)
    }

    /// Builds a nested region with the given arguments.
    fn with_region(
        &mut self,
        args: Vec<Value>,
        body: impl FnOnce(&mut Self, &[Value]) -> Vec<Value>,
    ) -> Region {
        self.open_region(args.clone());
        let yields = body(self, &args);
        self.end_region(yields)
            .expect("the region opened above is innermost")
    }

    fn open_region(&mut self, args: Vec<Value>) {
        self.stack.push(Region {
            args,
            ops: Vec::new(),
            yields: Vec::new(),
        });
    }

    /// Appends an op to the innermost region and creates its results.
    /// The location to record: the override if one is set, else the caller's.
    fn here(&self, caller: Location) -> Location {
        self.location_override.clone().unwrap_or(caller)
    }

    fn push(&mut self, kind: OpKind, location: Location) -> Vec<Value> {
        let location = self.here(location);
        let types = infer(&self.k, &kind).unwrap_or_else(|_| self.fallback_types(&kind));
        let op = OpId(self.k.ops.len() as u32);
        let results: Vec<Value> = types
            .into_iter()
            .enumerate()
            .map(|(i, ty)| {
                self.new_value(
                    ty,
                    ValueDef::Op {
                        op,
                        index: i as u32,
                    },
                )
            })
            .collect();
        self.k.ops.push(OpData {
            kind,
            results: results.clone(),
            location,
        });
        self.stack.last_mut().expect("no open region").ops.push(op);
        results
    }

    /// Result types for an ill-typed op, so building can go on; the verifier
    /// reports the error and does not re-check ops that use these results.
    fn fallback_types(&self, kind: &OpKind) -> Vec<Type> {
        match kind {
            OpKind::Store { .. } => vec![],
            OpKind::For { init, .. } => init.iter().map(|&v| self.k.ty(v).clone()).collect(),
            OpKind::If { then_region, .. } => then_region
                .yields
                .iter()
                .map(|&v| self.k.ty(v).clone())
                .collect(),
            OpKind::Load { src, .. } => vec![Type::scalar(self.k.ref_decl(*src).dtype)],
            other => vec![other
                .operands()
                .first()
                .map(|&v| self.k.ty(v).clone())
                .unwrap_or(Type::scalar(DType::F32))],
        }
    }

    fn push1(&mut self, kind: OpKind, location: Location) -> Value {
        self.push(kind, location)[0]
    }
}
