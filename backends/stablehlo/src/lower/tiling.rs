//! Batched accesses whose windows tile the ref: a reshape, not a gather or
//! a scatter.
//!
//! A row-wise kernel (a norm, a linear layer's column block, a decode
//! kernel's output per sequence and head) has each program read or write
//! its own block at `program_id * block`. Batched, that is a gather or a
//! scatter of `P` windows at computed indices, and XLA's CPU backend runs
//! each as an element loop behind a zero-filled copy of the output: a
//! model's decode step had about 360 of each. When the windows are the
//! ref's blocks, each once, in row-major order of the programs, the access
//! is a layout change: `[P, window]` is the ref reshaped and transposed.
//!
//! Dimensions along which every program takes the same window (the first
//! half of each RoPE pair, say) are a static slice of the ref around that
//! layout change; a store into such a slice is a `dynamic_update_slice`
//! at constant offsets.
//!
//! The start indices are found by evaluating them at lowering time for
//! every program: only program ids, integer constants and integer
//! arithmetic on them count, so anything read from memory, a loop or a
//! parameter keeps the general path.

use super::Lowering;
use tilekit_core::ir::{BinaryOp, ConstValue, Index, Kernel, OpKind, RefId, Value, ValueDef};
use tilekit_core::DType;

/// Expression depth beyond which evaluation gives up (index arithmetic is
/// a handful of ops deep).
const MAX_DEPTH: u32 = 32;

/// How the programs' windows (sizes `w`) cover a ref: along each "tiled"
/// dimension the programs take the `blocks[d]` blocks of size `w[d]`
/// (program `p` holding block `p` in row-major block order); along each
/// other dimension every program reads the same `w[d]` elements from
/// `offset[d]`. The covered region is `blocks[d] * w[d]` from `offset[d]`.
pub(super) struct Tiling {
    pub blocks: Vec<usize>,
    pub offset: Vec<usize>,
}

impl Tiling {
    /// The covered region's shape.
    pub fn region(&self, sizes: &[usize]) -> Vec<usize> {
        self.blocks.iter().zip(sizes).map(|(n, w)| n * w).collect()
    }

    /// `[n_0, .., n_r, w_0, .., w_r]` to `[n_0, w_0, n_1, w_1, ..]`.
    pub fn interleave_perm(&self) -> Vec<usize> {
        let r = self.blocks.len();
        (0..r).flat_map(|d| [d, r + d]).collect()
    }

    /// The inverse of [`Tiling::interleave_perm`].
    pub fn blocks_first_perm(&self) -> Vec<usize> {
        let r = self.blocks.len();
        (0..r)
            .map(|d| 2 * d)
            .chain((0..r).map(|d| 2 * d + 1))
            .collect()
    }

    /// `[n_0, w_0, n_1, w_1, ..]`.
    pub fn interleaved(&self, sizes: &[usize]) -> Vec<usize> {
        self.blocks
            .iter()
            .zip(sizes)
            .flat_map(|(&n, &w)| [n, w])
            .collect()
    }
}

impl Lowering<'_> {
    /// The tiling the batched windows of `indices` into `r` form, if they
    /// form one (see the module docs). `None` for blocked refs (their
    /// origins come from index maps) and sequential grids.
    pub(super) fn exact_tiling(
        &self,
        r: RefId,
        indices: &[Index],
        sizes: &[usize],
    ) -> Option<Tiling> {
        let k = self.k;
        let decl = k.ref_decl(r);
        let rank = decl.shape.len();
        if decl.block.is_some() || self.programs <= 1 || indices.len() != rank {
            return None;
        }
        // Every program's start along every dimension.
        let grid = &k.grid;
        let mut pid = vec![0i64; grid.len()];
        let mut starts = Vec::with_capacity(self.programs);
        for p in 0..self.programs {
            // Program p's ids, row-major over the grid.
            let mut rest = p;
            for a in (0..grid.len()).rev() {
                pid[a] = (rest % grid[a]) as i64;
                rest /= grid[a];
            }
            let s: Vec<i64> = indices
                .iter()
                .map(|idx| match idx {
                    Index::Full => Some(0),
                    Index::Point(v) | Index::Slice { start: v, .. } => eval(k, *v, &pid, 0),
                })
                .collect::<Option<_>>()?;
            starts.push(s);
        }
        let mut blocks = vec![1; rank];
        let mut offset = vec![0; rank];
        for d in 0..rank {
            let (w, dim) = (sizes[d], decl.shape[d]);
            let first = usize::try_from(starts[0][d]).ok()?;
            if starts.iter().all(|s| s[d] == starts[0][d]) {
                // The same window for every program.
                if first + w > dim {
                    return None;
                }
                offset[d] = first;
            } else if w > 0 && dim % w == 0 {
                blocks[d] = dim / w;
            } else {
                return None;
            }
        }
        if blocks.iter().product::<usize>() != self.programs {
            return None;
        }
        for (p, s) in starts.iter().enumerate() {
            // Program p must hold block number p (row-major).
            let mut number = 0usize;
            for d in 0..rank {
                if blocks[d] == 1 {
                    continue;
                }
                let w = sizes[d] as i64;
                if s[d] < 0 || s[d] % w != 0 {
                    return None;
                }
                number = number * blocks[d] + usize::try_from(s[d] / w).ok()?;
            }
            if number != p {
                return None;
            }
        }
        Some(Tiling { blocks, offset })
    }
}

/// The value of the i32 scalar `v` in the program with ids `pid`, when it
/// is computed from program ids and constants alone.
fn eval(k: &Kernel, v: Value, pid: &[i64], depth: u32) -> Option<i64> {
    let ty = &k.value(v).ty;
    if depth > MAX_DEPTH || !ty.shape.is_empty() || ty.dtype != DType::I32 {
        return None;
    }
    let ValueDef::Op { op, .. } = k.value(v).def else {
        return None;
    };
    let x = match &k.op(op).kind {
        OpKind::ProgramId { axis } => *pid.get(*axis)?,
        OpKind::Constant {
            value: ConstValue::Int(i),
            ..
        } => *i,
        OpKind::Binary { op, lhs, rhs } => {
            let a = eval(k, *lhs, pid, depth + 1)?;
            let b = eval(k, *rhs, pid, depth + 1)?;
            match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a.checked_mul(b)?,
                // i32 division and remainder truncate toward zero, as
                // Rust's do.
                BinaryOp::Div if b != 0 => a / b,
                BinaryOp::Rem if b != 0 => a % b,
                BinaryOp::Max => a.max(b),
                BinaryOp::Min => a.min(b),
                _ => return None,
            }
        }
        _ => return None,
    };
    // Past i32 the IR wraps; leave such programs to the general path.
    i32::try_from(x).ok().map(i64::from)
}
