//! How a tile in registers is spread over the threads of a CTA.
//!
//! A tile's row-major elements are cut into *runs* of `vec` consecutive
//! elements (`vec` divides the last dimension, so a run never crosses a
//! row); run `r` belongs to thread `r % threads`. Thread `t` therefore holds
//! runs `t`, `t + threads`, ... ("rounds"), `vec` registers each. Neighbouring
//! threads hold neighbouring runs, so a warp's loads of one round are
//! consecutive in memory: with `vec * size = 16` bytes they are 16-byte,
//! fully coalesced accesses.
//!
//! The layout depends only on the shape (not the dtype), so elementwise ops
//! and casts never move data between threads. Rank-0 tiles (scalars) are
//! *uniform*: every thread holds the same value in one register.

/// The register layout of one tile shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub shape: Vec<usize>,
    /// Elements in the tile.
    pub elems: usize,
    /// Consecutive elements per run (1, 2, 4 or 8).
    pub vec: usize,
    /// Runs in the tile (`elems / vec`).
    pub runs: usize,
    pub threads: usize,
}

impl Layout {
    /// The layout of `shape` over `threads` threads: the widest run (up to
    /// 8 elements, 16 bytes of bf16) that still gives every thread a run.
    pub fn new(shape: &[usize], threads: usize) -> Layout {
        let elems: usize = shape.iter().product();
        let last = shape.last().copied().unwrap_or(1);
        let vec = [8, 4, 2]
            .into_iter()
            .find(|&v| last % v == 0 && elems / v >= threads)
            .unwrap_or(1);
        Layout {
            shape: shape.to_vec(),
            elems,
            vec,
            runs: elems / vec,
            threads,
        }
    }

    /// Whether this is a scalar held identically by every thread.
    pub fn is_uniform(&self) -> bool {
        self.shape.is_empty()
    }

    /// Runs each thread holds (the last round may be partial).
    pub fn rounds(&self) -> usize {
        if self.is_uniform() {
            1
        } else {
            self.runs.div_ceil(self.threads)
        }
    }

    /// Registers per thread.
    pub fn slots(&self) -> usize {
        if self.is_uniform() {
            1
        } else {
            self.rounds() * self.vec
        }
    }

    /// Whether every thread holds a run in round `k` (so no predicate is needed).
    pub fn round_is_full(&self, k: usize) -> bool {
        self.is_uniform() || (k + 1) * self.threads <= self.runs
    }

    /// Row-major strides of the shape, in elements.
    pub fn strides(&self) -> Vec<usize> {
        row_major_strides(&self.shape)
    }
}

/// Row-major strides of a shape, in elements.
pub fn row_major_strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        s[d] = s[d + 1] * shape[d + 1];
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bf16_page_gets_16_byte_runs() {
        let l = Layout::new(&[16, 64], 128);
        assert_eq!((l.vec, l.runs, l.rounds(), l.slots()), (8, 128, 1, 8));
    }

    #[test]
    fn small_tiles_spread_over_all_threads_first() {
        let l = Layout::new(&[4, 64], 128);
        assert_eq!((l.vec, l.runs), (2, 128));
        let l = Layout::new(&[4], 128);
        assert_eq!((l.vec, l.runs, l.rounds()), (1, 4, 1));
        assert!(!l.round_is_full(0));
    }

    #[test]
    fn scalars_are_uniform() {
        let l = Layout::new(&[], 128);
        assert!(l.is_uniform());
        assert_eq!(l.slots(), 1);
        assert!(l.round_is_full(0));
    }

    #[test]
    fn runs_never_cross_rows() {
        for shape in [[3usize, 6], [5, 10], [7, 12], [2, 40]] {
            let l = Layout::new(&shape, 32);
            assert_eq!(shape[1] % l.vec, 0, "{shape:?}");
        }
    }
}
