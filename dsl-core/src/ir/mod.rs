//! The tile IR: kernels, refs, values, ops and structured regions.
//!
//! Values and ops live in per-kernel arenas addressed by typed handles
//! ([`Value`], [`OpId`], [`RefId`], [`PrefetchId`]), as in naga and Cranelift.
//! A value is a tile with a static shape and a dtype; a scalar is a tile of
//! rank 0 (program ids, lengths, page numbers, offsets). Refs are memory, not
//! values: they are read and written only by `load` and `store`.
//!
//! Control flow is structured (like MLIR's `scf`): `for` and `if` own
//! [`Region`]s with block arguments and yields. There is no layout in the IR:
//! how a tile spreads over threads or vector registers is each backend's
//! decision.

mod ops;
mod types;
mod views;

pub use ops::{BinaryOp, CmpOp, ConstValue, Index, OpKind, ReduceOp, UnaryOp};
pub use types::Type;
pub use views::{ForView, IfView};

use std::fmt;
use std::sync::Arc;

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

handle!(
    /// An SSA value: an op result, a region argument or a scalar parameter.
    Value
);
handle!(
    /// An op in the kernel's op arena.
    OpId
);
handle!(
    /// A memory ref: an input, output, in/out or scratch buffer.
    RefId
);
handle!(
    /// A scalar-prefetch i32 array.
    PrefetchId
);

/// Where in the user's source an op or a kernel came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    /// The location of the caller of a `#[track_caller]` function.
    #[track_caller]
    pub fn caller() -> Location {
        let l = std::panic::Location::caller();
        Location {
            file: Arc::from(l.file()),
            line: l.line(),
            column: l.column(),
        }
    }

    /// A location for IR built by a program rather than written by a user.
    pub fn synthetic(what: &str) -> Location {
        Location {
            file: Arc::from(format!("<{what}>")),
            line: 0,
            column: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How a ref may be used by the kernel.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// Read-only device memory supplied by the caller.
    Input,
    /// Device memory the kernel writes and returns (zero-initialised).
    Output,
    /// Device memory supplied by the caller, updated in place and returned.
    InOut,
    /// Per-core on-chip memory; zero-initialised once per launch and kept
    /// across grid programs (as in Pallas), never visible to the caller.
    Scratch,
}

impl RefKind {
    pub fn name(self) -> &'static str {
        match self {
            RefKind::Input => "in",
            RefKind::Output => "out",
            RefKind::InOut => "inout",
            RefKind::Scratch => "scratch",
        }
    }

    pub fn is_writable(self) -> bool {
        !matches!(self, RefKind::Input)
    }

    /// Whether the ref lives in device (global) memory, so loads from it are
    /// the transfers a pipelined loop issues ahead.
    pub fn is_device_memory(self) -> bool {
        !matches!(self, RefKind::Scratch)
    }
}

/// A Pallas-style block spec: the kernel sees one `block_shape` window of the
/// ref per program, at block coordinates computed by `index_map` from the grid
/// ids (its region arguments, one i32 scalar per grid axis) and prefetch
/// arrays. The region yields one i32 block index per ref dimension; the window
/// starts at `index * block_shape` elementwise.
#[derive(Clone, Debug)]
pub struct BlockSpec {
    pub block_shape: Vec<usize>,
    pub index_map: Region,
}

/// A memory ref parameter (or scratch buffer) of a kernel.
#[derive(Clone, Debug)]
pub struct RefDecl {
    pub name: String,
    pub dtype: crate::DType,
    pub shape: Vec<usize>,
    pub kind: RefKind,
    pub block: Option<BlockSpec>,
    pub location: Location,
}

impl RefDecl {
    /// The shape the kernel body indexes: the block if there is a block spec.
    pub fn view_shape(&self) -> &[usize] {
        match &self.block {
            Some(b) => &b.block_shape,
            None => &self.shape,
        }
    }
}

/// A scalar-prefetch array: host-computed i32 data readable as scalars anywhere.
#[derive(Clone, Debug)]
pub struct PrefetchDecl {
    pub name: String,
    pub shape: Vec<usize>,
    pub location: Location,
}

/// A runtime scalar argument (`scale: f32`), bound to a value of the body.
#[derive(Clone, Debug)]
pub struct ScalarParam {
    pub name: String,
    pub dtype: crate::DType,
    pub value: Value,
    pub location: Location,
}

/// Whether programs along a grid axis may run in any order, concurrently.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum AxisSemantics {
    /// Programs are independent; backends may run them concurrently.
    Parallel,
    /// Programs run in order on one core (e.g. they accumulate in scratch).
    Arbitrary,
}

/// What defines a value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ValueDef {
    /// Result `index` of an op.
    Op { op: OpId, index: u32 },
    /// Argument `index` of a region (loop induction variable, carried value,
    /// index-map grid id).
    RegionArg { index: u32 },
    /// Scalar parameter `index` of the kernel.
    Param { index: u32 },
}

#[derive(Clone, Debug)]
pub struct ValueData {
    pub ty: Type,
    /// A readable name from the user's source (`acc`, `m_new`), if any.
    pub name: Option<String>,
    pub def: ValueDef,
}

#[derive(Clone, Debug)]
pub struct OpData {
    pub kind: OpKind,
    pub results: Vec<Value>,
    pub location: Location,
}

/// A straight-line list of ops with arguments and yielded values.
#[derive(Clone, Debug, Default)]
pub struct Region {
    pub args: Vec<Value>,
    pub ops: Vec<OpId>,
    pub yields: Vec<Value>,
}

/// One kernel: a grid of programs, each running `body`.
#[derive(Clone, Debug)]
pub struct Kernel {
    pub name: String,
    pub grid: Vec<usize>,
    pub semantics: Vec<AxisSemantics>,
    pub prefetch: Vec<PrefetchDecl>,
    pub refs: Vec<RefDecl>,
    pub scalars: Vec<ScalarParam>,
    pub values: Vec<ValueData>,
    pub ops: Vec<OpData>,
    pub body: Region,
    pub location: Location,
}

impl Kernel {
    pub fn value(&self, v: Value) -> &ValueData {
        &self.values[v.index()]
    }

    pub fn ty(&self, v: Value) -> &Type {
        &self.values[v.index()].ty
    }

    pub fn op(&self, op: OpId) -> &OpData {
        &self.ops[op.index()]
    }

    pub fn ref_decl(&self, r: RefId) -> &RefDecl {
        &self.refs[r.index()]
    }

    pub fn prefetch_decl(&self, p: PrefetchId) -> &PrefetchDecl {
        &self.prefetch[p.index()]
    }

    /// Every region of the kernel (body, nested regions, index maps) with its
    /// ops visited in program order; `f` sees each op with its nesting depth.
    pub fn walk_ops(&self, mut f: impl FnMut(OpId, usize)) {
        fn walk(k: &Kernel, r: &Region, depth: usize, f: &mut dyn FnMut(OpId, usize)) {
            for &op in &r.ops {
                f(op, depth);
                for sub in k.op(op).kind.regions() {
                    walk(k, sub, depth + 1, f);
                }
            }
        }
        for decl in &self.refs {
            if let Some(b) = &decl.block {
                walk(self, &b.index_map, 0, &mut f);
            }
        }
        walk(self, &self.body, 0, &mut f);
    }

    /// Finds a ref by name.
    pub fn ref_named(&self, name: &str) -> Option<RefId> {
        self.refs
            .iter()
            .position(|r| r.name == name)
            .map(|i| RefId(i as u32))
    }
}
