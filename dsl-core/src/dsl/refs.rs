//! Traced memory: refs to device memory (`Ref` read-only, `RefMut` output,
//! `InOut` updated in place), on-chip `Scratch`, and `Prefetch` arrays of
//! host-computed i32 indices.
//!
//! The rank is a const generic, so indexing with the wrong number of indices
//! does not compile; `#[kernel]` reports it with a clearer message first.

use super::elem::Element;
use super::tile::{ConstLike, Operand, Tile};
use super::with_builder;
use crate::ir::{ConstValue, Index, Location, PrefetchId, RefId, Value};
use std::marker::PhantomData;

/// How one dimension of a ref is indexed (what `#[kernel]` turns `b`,
/// `s..s + LEN`, `ds(s, LEN)` and `..` into).
#[derive(Copy, Clone, Debug)]
pub enum Idx {
    At(Value),
    Slice { start: Value, len: usize },
    Full,
}

impl Idx {
    /// One position: an i32 tile scalar or an integer constant.
    #[track_caller]
    pub fn at(i: impl IntoIdx) -> Idx {
        Idx::At(i.index_value())
    }

    fn to_ir(self) -> Index {
        match self {
            Idx::At(v) => Index::Point(v),
            Idx::Slice { start, len } => Index::Slice { start, len },
            Idx::Full => Index::Full,
        }
    }
}

/// `len` positions starting at `start` (a dynamic start, a static length).
#[track_caller]
pub fn ds(start: impl IntoIdx, len: usize) -> Idx {
    Idx::Slice {
        start: start.index_value(),
        len,
    }
}

/// A scalar usable as an index: an i32 tile or an integer constant.
pub trait IntoIdx {
    #[doc(hidden)]
    #[track_caller]
    fn index_value(self) -> Value;
}

impl<T: Operand<i32>> IntoIdx for T {
    #[track_caller]
    fn index_value(self) -> Value {
        with_builder(Location::caller(), |kb| self.to_value(kb))
    }
}

fn ir_indices<const N: usize>(idx: [Idx; N]) -> Vec<Index> {
    idx.into_iter().map(Idx::to_ir).collect()
}

#[track_caller]
fn load<T: Element>(id: RefId, idx: Vec<Index>, mask: Option<(Tile<bool>, ConstValue)>) -> Tile<T> {
    Tile::from_value(with_builder(Location::caller(), |kb| match mask {
        None => kb.load(id, &idx),
        Some((m, other)) => kb.load_masked(id, &idx, m.value(), other),
    }))
}

#[track_caller]
fn store<T: Element>(id: RefId, idx: Vec<Index>, value: Tile<T>, mask: Option<Tile<bool>>) {
    with_builder(Location::caller(), |kb| match mask {
        None => kb.store(id, &idx, value.value()),
        Some(m) => kb.store_masked(id, &idx, value.value(), m.value()),
    })
}

macro_rules! memory_ref {
    ($(#[$doc:meta])* $name:ident, $declare:ident, writable: $writable:tt) => {
        $(#[$doc])*
        pub struct $name<T, const N: usize> {
            id: RefId,
            shape: [usize; N],
            _dtype: PhantomData<T>,
        }

        impl<T, const N: usize> Clone for $name<T, N> {
            fn clone(&self) -> Self {
                *self
            }
        }
        impl<T, const N: usize> Copy for $name<T, N> {}

        impl<T: Element, const N: usize> $name<T, N> {
            /// Declares the parameter in the kernel being traced.
            #[track_caller]
            pub fn declare(name: &str, shape: [usize; N]) -> Self {
                let id = with_builder(Location::caller(), |kb| kb.$declare(name, T::DTYPE, &shape));
                $name { id, shape, _dtype: PhantomData }
            }

            pub fn id(&self) -> RefId {
                self.id
            }

            pub fn shape(&self) -> [usize; N] {
                self.shape
            }

            /// Extent of dimension `i` (1 past the rank).
            pub fn dim(&self, i: usize) -> usize {
                self.shape.get(i).copied().unwrap_or(1)
            }

            /// Loads the tile the indices select; point indices drop their dimension.
            #[track_caller]
            pub fn load(&self, idx: [Idx; N]) -> Tile<T> {
                load(self.id, ir_indices(idx), None)
            }

            /// Loads with a mask; masked-off elements read `other` and are never touched.
            #[track_caller]
            pub fn load_masked(&self, idx: [Idx; N], mask: Tile<bool>, other: impl Into<ConstLike>) -> Tile<T> {
                load(self.id, ir_indices(idx), Some((mask, other.into().0)))
            }

            memory_ref!(@store $writable);
        }
    };
    (@store true) => {
        /// Stores a tile into the window the indices select.
        #[track_caller]
        pub fn store(&self, idx: [Idx; N], value: Tile<T>) {
            store(self.id, ir_indices(idx), value, None)
        }

        /// Stores the elements where `mask` is true.
        #[track_caller]
        pub fn store_masked(&self, idx: [Idx; N], value: Tile<T>, mask: Tile<bool>) {
            store(self.id, ir_indices(idx), value, Some(mask))
        }
    };
    (@store false) => {};
}

memory_ref!(
    /// A read-only input in device memory.
    Ref, input, writable: false
);
memory_ref!(
    /// An output in device memory (zero-initialised, returned to the caller).
    RefMut, output, writable: true
);
memory_ref!(
    /// Device memory the caller supplies and the kernel updates in place.
    InOut, inout, writable: true
);
memory_ref!(
    /// On-chip scratch, kept across the programs of one launch.
    Scratch, scratch, writable: true
);

/// A scalar-prefetch array of host-computed i32s, read as scalars anywhere.
#[derive(Copy, Clone, Debug)]
pub struct Prefetch<const N: usize> {
    id: PrefetchId,
    shape: [usize; N],
}

impl<const N: usize> Prefetch<N> {
    /// Declares the parameter in the kernel being traced.
    #[track_caller]
    pub fn declare(name: &str, shape: [usize; N]) -> Self {
        let id = with_builder(Location::caller(), |kb| kb.prefetch(name, &shape));
        Prefetch { id, shape }
    }

    pub fn shape(&self) -> [usize; N] {
        self.shape
    }

    pub fn dim(&self, i: usize) -> usize {
        self.shape.get(i).copied().unwrap_or(1)
    }

    /// Reads one element (`block_tables[[b, j]]` in a kernel).
    #[track_caller]
    pub fn at(&self, idx: [Tile<i32>; N]) -> Tile<i32> {
        let values: Vec<Value> = idx.iter().map(|t| t.value()).collect();
        Tile::from_value(with_builder(Location::caller(), |kb| {
            kb.prefetch_read(self.id, &values)
        }))
    }
}

/// An index as an i32 scalar tile (integer constants become constants).
#[track_caller]
pub fn scalar_index(i: impl IntoIdx) -> Tile<i32> {
    Tile::from_value(i.index_value())
}

/// A runtime scalar parameter of dtype `T`.
#[track_caller]
pub fn scalar_param<T: Element>(name: &str) -> Tile<T> {
    Tile::from_value(with_builder(Location::caller(), |kb| {
        kb.scalar(name, T::DTYPE)
    }))
}
