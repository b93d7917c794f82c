//! Byte-pair merging of one word, as llama.cpp's BPE session does it:
//! start from the word's characters, repeatedly merge the adjacent pair
//! with the lowest merge rank (the leftmost among equals), and look the
//! final pieces up in the vocabulary.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

struct Symbol {
    start: usize,
    len: usize,
    prev: Option<usize>,
    next: Option<usize>,
}

/// Merges `word` (byte-level characters) and appends its token ids.
/// `ranks` maps `"left right"` to the merge's rank.
pub(crate) fn merge_word(
    word: &str,
    ranks: &HashMap<String, u32>,
    vocab: &HashMap<String, u32>,
    out: &mut Vec<u32>,
) {
    let mut symbols: Vec<Symbol> = Vec::new();
    for (i, (start, c)) in word.char_indices().enumerate() {
        symbols.push(Symbol {
            start,
            len: c.len_utf8(),
            prev: i.checked_sub(1),
            next: None,
        });
        if i > 0 {
            symbols[i - 1].next = Some(i);
        }
    }
    // (rank, left index, left len, right len): the lengths tell whether
    // the pair is still the one that was ranked (both sides only grow).
    let mut queue = BinaryHeap::new();
    let mut key = String::new();
    let mut push = |queue: &mut BinaryHeap<_>, symbols: &[Symbol], l: usize, r: usize| {
        let (a, b) = (&symbols[l], &symbols[r]);
        key.clear();
        key.push_str(&word[a.start..a.start + a.len]);
        key.push(' ');
        key.push_str(&word[b.start..b.start + b.len]);
        if let Some(&rank) = ranks.get(key.as_str()) {
            queue.push(Reverse((rank, l, a.len, b.len)));
        }
    };
    for i in 1..symbols.len() {
        push(&mut queue, &symbols, i - 1, i);
    }
    while let Some(Reverse((_, l, l_len, r_len))) = queue.pop() {
        let Some(r) = symbols[l].next else { continue };
        if symbols[l].len != l_len || symbols[r].len != r_len || l_len == 0 || r_len == 0 {
            continue;
        }
        // Merge the right symbol into the left one.
        symbols[l].len += r_len;
        symbols[r].len = 0;
        let after = symbols[r].next;
        symbols[l].next = after;
        if let Some(n) = after {
            symbols[n].prev = Some(l);
        }
        if let Some(p) = symbols[l].prev {
            push(&mut queue, &symbols, p, l);
        }
        if let Some(n) = after {
            push(&mut queue, &symbols, l, n);
        }
    }
    let mut i = if symbols.is_empty() { None } else { Some(0) };
    while let Some(s) = i {
        let sym = &symbols[s];
        let text = &word[sym.start..sym.start + sym.len];
        match vocab.get(text) {
            Some(&id) => out.push(id),
            // A piece the vocabulary lacks: llama.cpp falls back to its
            // single-byte pieces, dropping any it cannot find.
            None => {
                for c in text.chars() {
                    let mut b = [0u8; 4];
                    if let Some(&id) = vocab.get(&*c.encode_utf8(&mut b)) {
                        if c.is_ascii() {
                            out.push(id);
                        }
                    }
                }
            }
        }
        i = sym.next;
    }
}
