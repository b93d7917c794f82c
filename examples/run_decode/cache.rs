//! The host side of a paged KV cache, as vLLM and nano-vLLM keep it: a
//! block allocator with a free list and reference counts, per-sequence
//! block tables, and the slot mapping that tells the KV-write kernel where
//! each new token goes. Sequences share the full pages of a common prefix;
//! only full pages are shared, so appends never write a shared page.

use std::collections::BTreeMap;
use tilekit::core::program::LoadedProgram;
use tilekit::core::{DType, HostTensor};
use tilekit::kernels::testdata::Rng;

/// Static sizes of the cache.
#[derive(Clone, Debug)]
pub struct CacheShape {
    pub num_blocks: usize,
    pub block_size: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    /// Columns of the block table: pages one sequence may hold.
    pub max_blocks: usize,
    pub dtype: DType,
}

impl CacheShape {
    /// Bytes of K and V together.
    pub fn bytes(&self) -> usize {
        2 * self.num_blocks
            * self.block_size
            * self.kv_heads
            * self.head_dim
            * self.dtype.size_bytes()
    }
}

/// Free list plus reference counts of physical pages.
#[derive(Debug)]
pub struct BlockAllocator {
    free: Vec<i32>,
    refs: Vec<u32>,
}

impl BlockAllocator {
    pub fn new(num_blocks: usize) -> BlockAllocator {
        BlockAllocator {
            // Popped from the back: hand out pages in a shuffled-looking,
            // non-monotonic order like a long-running engine would.
            free: (0..num_blocks as i32).rev().collect(),
            refs: vec![0; num_blocks],
        }
    }

    pub fn alloc(&mut self) -> Result<i32, String> {
        let page = self
            .free
            .pop()
            .ok_or_else(|| format!("out of KV pages: all {} are in use", self.refs.len()))?;
        self.refs[page as usize] = 1;
        Ok(page)
    }

    /// Another sequence starts using `page` (a shared prefix page).
    pub fn share(&mut self, page: i32) {
        self.refs[page as usize] += 1;
    }

    pub fn in_use(&self) -> usize {
        self.refs.len() - self.free.len()
    }
}

#[derive(Clone, Debug, Default)]
struct Sequence {
    pages: Vec<i32>,
    len: usize,
}

/// Where the K/V pages are.
enum Content {
    /// Not made yet: random values drawn from this seed when first needed,
    /// straight into a program's state, a chunk of pages at a time.
    Fresh(u64),
    /// On the host.
    Host(HostTensor, HostTensor),
    /// Held by a loaded program (see `StepRunner`).
    InProgram,
}

/// Pages drawn per chunk when a fresh cache is written into a program's
/// state (a few tens of MB at the default sizes).
const FILL_PAGES: usize = 1024;

/// The cache: K/V pages (random values, made where they are used) and the
/// bookkeeping to address them.
pub struct PagedCache {
    pub shape: CacheShape,
    content: Content,
    alloc: BlockAllocator,
    seqs: Vec<Sequence>,
}

impl PagedCache {
    /// A cache holding `lens[b]` tokens per sequence of random K/V, with the
    /// first `shared_pages` full pages shared by every sequence long enough.
    pub fn prefilled(
        shape: CacheShape,
        lens: &[usize],
        shared_pages: usize,
        rng: &mut Rng,
    ) -> Result<PagedCache, String> {
        let mut cache = PagedCache {
            content: Content::Fresh(rng.next_u64()),
            alloc: BlockAllocator::new(shape.num_blocks),
            seqs: vec![Sequence::default(); lens.len()],
            shape,
        };
        let bs = cache.shape.block_size;
        let mut prefix = Vec::new();
        for _ in 0..shared_pages {
            prefix.push(cache.alloc.alloc()?);
        }
        for (b, &len) in lens.iter().enumerate() {
            let pages_needed = len.div_ceil(bs);
            if pages_needed > cache.shape.max_blocks {
                return Err(format!(
                    "sequence {b}: {len} tokens need {pages_needed} pages, the table holds {}",
                    cache.shape.max_blocks
                ));
            }
            let shared = prefix.len().min(len / bs);
            for &p in &prefix[..shared] {
                cache.alloc.share(p);
                cache.seqs[b].pages.push(p);
            }
            while cache.seqs[b].pages.len() < pages_needed {
                let p = cache.alloc.alloc()?;
                cache.seqs[b].pages.push(p);
            }
            cache.seqs[b].len = len;
        }
        Ok(cache)
    }

    /// Reserves one slot per sequence for the next token (allocating a page
    /// when the last one is full) and returns the slot mapping.
    pub fn append_slots(&mut self) -> Result<HostTensor, String> {
        let bs = self.shape.block_size;
        let mut slots = Vec::with_capacity(self.seqs.len());
        for (b, seq) in self.seqs.iter_mut().enumerate() {
            if seq.len == seq.pages.len() * bs {
                if seq.pages.len() == self.shape.max_blocks {
                    return Err(format!(
                        "sequence {b} reached the table's {} pages",
                        self.shape.max_blocks
                    ));
                }
                seq.pages.push(self.alloc.alloc()?);
            }
            let page = seq.pages[seq.len / bs];
            slots.push(page * bs as i32 + (seq.len % bs) as i32);
            seq.len += 1;
        }
        HostTensor::from_i32(&[slots.len()], slots).map_err(|e| e.to_string())
    }

    fn dims(&self, pages: usize) -> [usize; 4] {
        [
            pages,
            self.shape.block_size,
            self.shape.kv_heads,
            self.shape.head_dim,
        ]
    }

    /// `pages` pages of random K or V: uniform with unit variance, four
    /// values from each 64 random bits (a normal draw per value made
    /// start-up slow: 1.6 s of the default run's 2 s).
    fn draw(&self, rng: &mut Rng, pages: usize) -> HostTensor {
        let dims = self.dims(pages);
        let n: usize = dims.iter().product();
        let mut vals = Vec::with_capacity(n + 3);
        while vals.len() < n {
            let bits = rng.next_u64();
            for i in 0..4 {
                let u = ((bits >> (16 * i)) & 0xffff) as f32 / 65535.0;
                vals.push((2.0 * u - 1.0) * 3f32.sqrt());
            }
        }
        vals.truncate(n);
        HostTensor::from_f32(self.shape.dtype, &dims, &vals).expect("element count matches")
    }

    /// Hands the cache to a program being loaded: K and V as its initial
    /// state when they are on the host (moved, not copied), else nothing,
    /// and the seed [`PagedCache::draw_into`] draws a fresh cache from.
    pub fn hand_over(&mut self) -> Result<(BTreeMap<String, HostTensor>, Option<u64>), String> {
        match std::mem::replace(&mut self.content, Content::InProgram) {
            Content::Fresh(seed) => Ok((BTreeMap::new(), Some(seed))),
            Content::Host(k, v) => Ok((
                [("k_cache".to_string(), k), ("v_cache".to_string(), v)].into(),
                None,
            )),
            Content::InProgram => Err("the KV cache is already held by a program".into()),
        }
    }

    /// Draws a fresh cache into `loaded`'s state (`k_cache`, `v_cache`) a
    /// chunk of pages at a time, so it never exists twice in memory.
    pub fn draw_into(&self, seed: u64, loaded: &mut dyn LoadedProgram) -> Result<(), String> {
        let mut rng = Rng::new(seed);
        for name in ["k_cache", "v_cache"] {
            for start in (0..self.shape.num_blocks).step_by(FILL_PAGES) {
                let n = FILL_PAGES.min(self.shape.num_blocks - start);
                let rows = self.draw(&mut rng, n);
                loaded
                    .write_state_rows(name, start, &rows)
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    /// Takes K and V back from a program that is being dropped.
    pub fn move_back(&mut self, k: HostTensor, v: HostTensor) {
        self.content = Content::Host(k, v);
    }

    /// K and V on the host (drawn now if the cache is fresh).
    pub fn host_tensors(&mut self) -> Result<(HostTensor, HostTensor), String> {
        match &self.content {
            Content::Host(k, v) => Ok((k.clone(), v.clone())),
            Content::Fresh(seed) => {
                let mut rng = Rng::new(*seed);
                let dims = self.dims(self.shape.num_blocks);
                let (k, v) = (self.draw(&mut rng, dims[0]), self.draw(&mut rng, dims[0]));
                self.content = Content::Host(k.clone(), v.clone());
                Ok((k, v))
            }
            Content::InProgram => Err("the KV cache is held by a program".into()),
        }
    }

    /// `[B, MB]` i32 with -1 past each sequence's pages.
    pub fn block_tables(&self) -> HostTensor {
        let mb = self.shape.max_blocks;
        let mut t = vec![-1; self.seqs.len() * mb];
        for (b, s) in self.seqs.iter().enumerate() {
            t[b * mb..b * mb + s.pages.len()].copy_from_slice(&s.pages);
        }
        HostTensor::from_i32(&[self.seqs.len(), mb], t).expect("table size matches")
    }

    pub fn lens(&self) -> Vec<usize> {
        self.seqs.iter().map(|s| s.len).collect()
    }

    pub fn context_lens(&self) -> HostTensor {
        let l: Vec<i32> = self.seqs.iter().map(|s| s.len as i32).collect();
        HostTensor::from_i32(&[l.len()], l).expect("one length per sequence")
    }

    pub fn pages_in_use(&self) -> usize {
        self.alloc.in_use()
    }

    /// The cache gathered into contiguous `[B, S, Hkv, D]` (zeros past each
    /// length), as the contiguous anchor kernel takes it.
    pub fn contiguous(&mut self, s_len: usize) -> Result<(HostTensor, HostTensor), String> {
        let (k, v) = self.host_tensors()?;
        let (bs, row) = (
            self.shape.block_size,
            self.shape.kv_heads * self.shape.head_dim,
        );
        let gather = |t: &HostTensor| {
            let src = t.to_f32_vec();
            let mut out = vec![0f32; self.seqs.len() * s_len * row];
            for (b, s) in self.seqs.iter().enumerate() {
                for tok in 0..s.len.min(s_len) {
                    let from = (s.pages[tok / bs] as usize * bs + tok % bs) * row;
                    let to = (b * s_len + tok) * row;
                    out[to..to + row].copy_from_slice(&src[from..from + row]);
                }
            }
            let shape = [
                self.seqs.len(),
                s_len,
                self.shape.kv_heads,
                self.shape.head_dim,
            ];
            HostTensor::from_f32(self.shape.dtype, &shape, &out).expect("sizes match")
        };
        Ok((gather(&k), gather(&v)))
    }
}
