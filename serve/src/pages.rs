//! The paged KV cache's bookkeeping on the host: a free list of pages and
//! each sequence's page list. The cache itself is program state; this
//! only decides where each token's K/V row goes (its slot) and which pages
//! a sequence reads (its block-table row).

/// Free pages of the cache.
#[derive(Clone, Debug)]
pub struct PagePool {
    free: Vec<i32>,
    total: usize,
}

impl PagePool {
    pub fn new(num_blocks: usize) -> PagePool {
        // Popped from the end: page 0 first.
        PagePool {
            free: (0..num_blocks as i32).rev().collect(),
            total: num_blocks,
        }
    }

    pub fn free(&self) -> usize {
        self.free.len()
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn in_use(&self) -> usize {
        self.total - self.free.len()
    }

    /// Takes `n` pages, or none when fewer are free.
    pub fn take(&mut self, n: usize) -> Option<Vec<i32>> {
        if n > self.free.len() {
            return None;
        }
        Some(self.free.split_off(self.free.len() - n))
    }

    /// Returns pages to the pool.
    pub fn give_back(&mut self, pages: Vec<i32>) {
        self.free.extend(pages);
    }
}

/// One sequence's pages and length (tokens whose K/V are in the cache).
#[derive(Clone, Debug, Default)]
pub struct SeqPages {
    pub pages: Vec<i32>,
    pub len: usize,
}

impl SeqPages {
    /// The slot of token `pos` (which must lie in one of the pages).
    pub fn slot(&self, pos: usize, block_size: usize) -> i32 {
        self.pages[pos / block_size] * block_size as i32 + (pos % block_size) as i32
    }

    /// Pages needed to hold `len` tokens.
    pub fn pages_for(len: usize, block_size: usize) -> usize {
        len.div_ceil(block_size)
    }

    /// Moves the length back to `len` (rejected speculative tokens) and
    /// returns the pages that no longer hold any of its tokens, for the
    /// pool. The rows past `len` in the pages kept are stale: attention
    /// never reads them (every read is bounded by the length) and the next
    /// tokens overwrite them.
    pub fn truncate(&mut self, len: usize, block_size: usize) -> Vec<i32> {
        self.len = len.min(self.len);
        let keep = Self::pages_for(self.len, block_size).min(self.pages.len());
        self.pages.split_off(keep)
    }

    /// The block-table row, padded with page 0 (never read past `len`).
    pub fn table_row(&self, max_blocks: usize) -> impl Iterator<Item = i32> + '_ {
        self.pages
            .iter()
            .copied()
            .chain(std::iter::repeat(0))
            .take(max_blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_taken_and_given_back() {
        let mut pool = PagePool::new(4);
        let a = pool.take(3).unwrap();
        assert_eq!(a.len(), 3);
        assert!(pool.take(2).is_none(), "no partial takes");
        assert_eq!(pool.free(), 1);
        pool.give_back(a);
        assert_eq!(pool.free(), 4);
        let s = SeqPages {
            pages: vec![3, 1],
            len: 20,
        };
        assert_eq!(s.slot(0, 16), 48);
        assert_eq!(s.slot(17, 16), 17);
        assert_eq!(s.table_row(4).collect::<Vec<_>>(), vec![3, 1, 0, 0]);
    }

    #[test]
    fn a_rollback_frees_emptied_pages_and_reuses_the_stale_slots() {
        let mut pool = PagePool::new(4);
        // 13 tokens in the first page, then a verify step wrote 6 more rows
        // (13..19), taking a second page; two of them were accepted.
        let mut s = SeqPages {
            pages: pool.take(2).unwrap(),
            len: 19,
        };
        let stale = s.slot(15, 16);
        let freed = s.truncate(15, 16);
        assert_eq!(freed.len(), 1, "the second page held only rejected rows");
        pool.give_back(freed);
        assert_eq!((s.len, s.pages.len(), pool.free()), (15, 1, 3));
        // The next token overwrites the first stale row.
        assert_eq!(s.slot(s.len, 16), stale);
        // Rolling back within a page frees nothing; it never lengthens.
        assert!(s.truncate(20, 16).is_empty());
        assert_eq!(s.len, 15);
        assert!(s.truncate(3, 16).is_empty());
        assert_eq!((s.len, s.pages.len()), (3, 1));
        assert_eq!(s.truncate(0, 16).len(), 1);
    }
}
