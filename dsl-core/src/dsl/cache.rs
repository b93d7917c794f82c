//! The cache of traced kernels behind the launchers `#[kernel]` generates.
//!
//! A serving loop launches the same kernel with the same shapes every
//! step; tracing and verifying it again each time is pure overhead (and a
//! backend that compiles keys its own cache on the kernel, so a fresh
//! kernel would also defeat that). Each `#[kernel]` owns one
//! [`KernelCache`] (a `static` in its generated `name_cached` function, so
//! it lives for the whole process and is shared by every thread), keyed by
//! the kernel's `NameShapes` (the argument shapes plus the `#[trace]`
//! values) and the `TypeId` of its type parameters.
//!
//! The cache is bounded: each kernel keeps at most [`CAPACITY`] built
//! kernels and forgets all of them when a new one would exceed that, so a
//! process that sweeps shapes cannot grow without limit; forgetting only
//! costs tracing again. Kernels are shared as `Arc`s, so an entry dropped
//! from the cache stays alive for callers still holding it.

use crate::verify::{BuildError, VerifiedKernel};
use std::any::TypeId;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// The most built kernels one `#[kernel]` keeps (per kernel, not in total).
pub const CAPACITY: usize = 256;

/// Built kernels by (type parameters, shapes). `HashMap::new` is not
/// `const`, so the map is created on first use.
type Map<K> = Option<HashMap<(TypeId, K), Arc<VerifiedKernel>>>;

/// Built kernels of one `#[kernel]`, by (type parameters, shapes).
pub struct KernelCache<K> {
    map: Mutex<Map<K>>,
}

impl<K> Default for KernelCache<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K> KernelCache<K> {
    /// An empty cache, usable as a `static`.
    pub const fn new() -> Self {
        Self {
            map: Mutex::new(None),
        }
    }
}

impl<K: Hash + Eq + Clone> KernelCache<K> {
    /// The kernel for `(types, key)`, built by `build` on a miss.
    ///
    /// `build` runs without the lock held: tracing takes a while and may
    /// itself build other kernels. Two threads missing on the same key at
    /// once both build it; the first to finish is kept, and both get an
    /// equal kernel.
    pub fn get_or_build(
        &self,
        types: TypeId,
        key: &K,
        build: impl FnOnce() -> Result<VerifiedKernel, BuildError>,
    ) -> Result<Arc<VerifiedKernel>, BuildError> {
        let full_key = (types, key.clone());
        if let Some(k) = self.lock().as_ref().and_then(|m| m.get(&full_key)) {
            return Ok(k.clone());
        }
        let built = Arc::new(build()?);
        let mut guard = self.lock();
        let map = guard.get_or_insert_with(HashMap::new);
        if let Some(k) = map.get(&full_key) {
            return Ok(k.clone());
        }
        if map.len() >= CAPACITY {
            map.clear();
        }
        map.insert(full_key, built.clone());
        Ok(built)
    }

    /// How many built kernels the cache holds.
    pub fn len(&self) -> usize {
        self.lock().as_ref().map_or(0, HashMap::len)
    }

    /// Whether the cache holds no kernel.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every built kernel (callers holding one keep it).
    pub fn clear(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Map<K>> {
        // A poisoned lock only means another thread panicked while holding
        // it; the map itself is still a valid cache.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::KernelBuilder;

    fn empty_kernel() -> Result<VerifiedKernel, BuildError> {
        KernelBuilder::new("empty").finish()
    }

    #[test]
    fn builds_once_per_key_and_type() {
        let cache = KernelCache::<[usize; 1]>::new();
        let mut builds = 0;
        let mut get = |types, key| {
            cache
                .get_or_build(types, &key, || {
                    builds += 1;
                    empty_kernel()
                })
                .unwrap()
        };
        let a = get(TypeId::of::<f32>(), [4]);
        let b = get(TypeId::of::<f32>(), [4]);
        assert!(Arc::ptr_eq(&a, &b));
        get(TypeId::of::<i32>(), [4]);
        get(TypeId::of::<f32>(), [8]);
        assert_eq!(builds, 3);
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn is_bounded() {
        let cache = KernelCache::<usize>::new();
        for i in 0..=CAPACITY {
            cache
                .get_or_build(TypeId::of::<()>(), &i, empty_kernel)
                .unwrap();
        }
        assert!(cache.len() <= CAPACITY);
    }
}
