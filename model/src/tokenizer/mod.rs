//! GPT-2 byte-level BPE built from the GGUF vocabulary
//! (`tokenizer.ggml.tokens`, `merges`, `token_type`), matching llama.cpp
//! token for token.
//!
//! # Why our own
//!
//! HF's `tokenizers` crate was weighed: it can be built from a vocabulary
//! and merges with a ByteLevel pre-tokenizer, but defaults to `onig` (a C
//! library), needs `fancy-regex` features to avoid it, and brings rayon,
//! serde and ~40 crates for what is ~300 lines here. More to the point,
//! the reference these ids are checked against is llama.cpp, whose
//! pre-tokenizer is a hand-written matcher with its own edges (pieces cut
//! at each digit first, whitespace runs at a piece's end), and its merge
//! loop and special-token partition are simple to mirror exactly: see
//! `pretok.rs` and `bpe.rs`. Unicode categories come from the maintained
//! `unicode-general-category` crate.
//!
//! # Special tokens
//!
//! Tokens of type CONTROL (3), UNKNOWN (2) and USER_DEFINED (4) are
//! special. As in llama.cpp, user-defined ones are always matched in the
//! input text; control ones (`<|im_start|>`, `<|im_end|>`, ...) only when
//! asked ([`Tokenizer::encode_special`]), else their text is tokenized
//! like any other. Longer special tokens are matched first.
//!
//! Decoding maps each byte-level character back to its byte and does no
//! space clean-up (llama.cpp turns its `clean_spaces` off for `smollm`).

mod bpe;
mod bytes;
mod pretok;
mod stream;

pub use stream::StreamDecoder;

use crate::error::{ModelError, Result};
use crate::gguf::Metadata;
use std::collections::HashMap;

/// GGUF token types (`tokenizer.ggml.token_type`).
pub const TOKEN_NORMAL: i64 = 1;
pub const TOKEN_UNKNOWN: i64 = 2;
pub const TOKEN_CONTROL: i64 = 3;
pub const TOKEN_USER_DEFINED: i64 = 4;

/// `tokenizer.ggml.pre` values whose pre-tokenizer is GPT-2's expression
/// after a `\p{N}` split (llama.cpp groups them), and those with GPT-2's
/// alone.
const DIGIT_SPLIT_PRE: &[&str] = &[
    "smollm",
    "starcoder",
    "refact",
    "command-r",
    "codeshell",
    "exaone",
    "minerva-7b",
];
const GPT2_PRE: &[&str] = &["gpt-2", "gpt2", "mpt", "olmo", "jais"];

/// A byte-level BPE tokenizer.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    tokens: Vec<String>,
    types: Vec<i64>,
    /// What each token decodes to (byte-level characters mapped back).
    token_bytes: Vec<Vec<u8>>,
    vocab: HashMap<String, u32>,
    /// `"left right"` to the merge's rank.
    ranks: HashMap<String, u32>,
    split_digits: bool,
    /// Special tokens, longest text first.
    special: Vec<u32>,
    bos: Option<u32>,
    eos: Option<u32>,
    add_bos: bool,
}

impl Tokenizer {
    pub fn from_metadata(m: &Metadata) -> Result<Tokenizer> {
        let err = |s: String| ModelError::Tokenizer(s);
        let model = m.str("tokenizer.ggml.model")?;
        if model != "gpt2" {
            return Err(err(format!(
                "tokenizer model `{model}` is not supported (only `gpt2`, byte-level BPE)"
            )));
        }
        let pre = m.str("tokenizer.ggml.pre")?;
        let split_digits = if DIGIT_SPLIT_PRE.contains(&pre) {
            true
        } else if GPT2_PRE.contains(&pre) {
            false
        } else {
            return Err(err(format!(
                "pre-tokenizer `{pre}` is not supported (supported: {}, {})",
                DIGIT_SPLIT_PRE.join(", "),
                GPT2_PRE.join(", ")
            )));
        };
        let tokens: Vec<String> = m
            .strings("tokenizer.ggml.tokens")?
            .into_iter()
            .map(str::to_string)
            .collect();
        if tokens.is_empty() || tokens.len() > u32::MAX as usize {
            return Err(err(format!("{} tokens", tokens.len())));
        }
        let types = match m.get("tokenizer.ggml.token_type") {
            None => vec![TOKEN_NORMAL; tokens.len()],
            Some(_) => m.ints("tokenizer.ggml.token_type")?,
        };
        if types.len() != tokens.len() {
            return Err(err(format!(
                "{} token types for {} tokens",
                types.len(),
                tokens.len()
            )));
        }
        let merges = m.strings("tokenizer.ggml.merges")?;
        let mut ranks = HashMap::with_capacity(merges.len());
        for (rank, merge) in merges.iter().enumerate() {
            // llama.cpp splits at the first space after the first byte.
            if merge.char_indices().skip(1).all(|(_, c)| c != ' ') {
                return Err(err(format!("merge {rank} `{merge}` has no space")));
            }
            ranks.entry(merge.to_string()).or_insert(rank as u32);
        }
        let mut vocab = HashMap::with_capacity(tokens.len());
        for (id, t) in tokens.iter().enumerate() {
            // On duplicates, the last id wins, as in llama.cpp's map.
            vocab.insert(t.clone(), id as u32);
        }
        let table = bytes::char_to_byte_table();
        let token_bytes = tokens
            .iter()
            .zip(&types)
            .map(|(t, &ty)| {
                if ty == TOKEN_NORMAL || ty == TOKEN_UNKNOWN {
                    let mut out = Vec::with_capacity(t.len());
                    for c in t.chars() {
                        match table.get(c as usize).copied().flatten() {
                            Some(b) => out.push(b),
                            // Not a byte-level character: keep its UTF-8.
                            None => out.extend_from_slice(c.to_string().as_bytes()),
                        }
                    }
                    out
                } else {
                    t.as_bytes().to_vec()
                }
            })
            .collect();
        let mut special: Vec<u32> = (0..tokens.len() as u32)
            .filter(|&i| {
                let ty = types[i as usize];
                let s = ty == TOKEN_CONTROL || ty == TOKEN_UNKNOWN || ty == TOKEN_USER_DEFINED;
                s && !tokens[i as usize].is_empty()
            })
            .collect();
        special.sort_by_key(|&i| std::cmp::Reverse(tokens[i as usize].len()));
        let id = |k: &str| -> Result<Option<u32>> {
            match m.get(k) {
                None => Ok(None),
                Some(_) => {
                    let v = m.u64(k)?;
                    if v < tokens.len() as u64 {
                        Ok(Some(v as u32))
                    } else {
                        Err(err(format!(
                            "`{k}` = {v} is outside the {} tokens",
                            tokens.len()
                        )))
                    }
                }
            }
        };
        let add_bos = match m.get("tokenizer.ggml.add_bos_token") {
            None => false,
            Some(_) => m.bool("tokenizer.ggml.add_bos_token")?,
        };
        let bos = id("tokenizer.ggml.bos_token_id")?;
        if add_bos && bos.is_none() {
            return Err(err(
                "add_bos_token is set but there is no bos_token_id".into()
            ));
        }
        Ok(Tokenizer {
            token_bytes,
            vocab,
            ranks,
            split_digits,
            special,
            bos,
            eos: id("tokenizer.ggml.eos_token_id")?,
            add_bos,
            tokens,
            types,
        })
    }

    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    pub fn bos(&self) -> Option<u32> {
        self.bos
    }

    pub fn eos(&self) -> Option<u32> {
        self.eos
    }

    /// Whether [`Self::encode`] starts with BOS.
    pub fn add_bos(&self) -> bool {
        self.add_bos
    }

    /// The id of a token's exact text (e.g. `"<|im_end|>"`).
    pub fn token_id(&self, text: &str) -> Option<u32> {
        self.vocab.get(text).copied()
    }

    /// A token's vocabulary text (byte-level characters for normal tokens).
    pub fn token_text(&self, id: u32) -> Result<&str> {
        self.check(id).map(|i| self.tokens[i].as_str())
    }

    /// A token's GGUF type ([`TOKEN_NORMAL`], [`TOKEN_CONTROL`], ...).
    pub fn token_type(&self, id: u32) -> Result<i64> {
        self.check(id).map(|i| self.types[i])
    }

    fn check(&self, id: u32) -> Result<usize> {
        let i = id as usize;
        if i < self.tokens.len() {
            Ok(i)
        } else {
            Err(ModelError::UnknownTokenId {
                id,
                vocab: self.tokens.len(),
            })
        }
    }

    /// Tokenizes `text`: BOS first when the model asks for it, and special
    /// tokens' text tokenized as text. An empty text gives no tokens (or
    /// only BOS).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.encode_with(text, self.add_bos, false)
    }

    /// As [`Self::encode`], with control tokens written in the text
    /// (`<|im_start|>` from a rendered chat template) taken as those tokens.
    pub fn encode_special(&self, text: &str) -> Vec<u32> {
        self.encode_with(text, self.add_bos, true)
    }

    pub fn encode_with(&self, text: &str, add_bos: bool, parse_special: bool) -> Vec<u32> {
        let mut out = Vec::new();
        if add_bos {
            out.extend(self.bos);
        }
        for piece in self.partition(text, parse_special) {
            match piece {
                Piece::Special(id) => out.push(id),
                Piece::Text(t) => {
                    for word in pretok::split(t, self.split_digits) {
                        let encoded: String = word.bytes().map(bytes::byte_to_char).collect();
                        bpe::merge_word(&encoded, &self.ranks, &self.vocab, &mut out);
                    }
                }
            }
        }
        out
    }

    /// Cuts special tokens out of `text`, longest first, each occurrence
    /// left to right (llama.cpp's `tokenizer_st_partition`).
    fn partition<'a>(&self, text: &'a str, parse_special: bool) -> Vec<Piece<'a>> {
        let mut pieces = vec![Piece::Text(text)];
        for &id in &self.special {
            let ty = self.types[id as usize];
            if !parse_special && ty != TOKEN_USER_DEFINED {
                continue;
            }
            let needle = self.tokens[id as usize].as_str();
            let mut next = Vec::with_capacity(pieces.len());
            for p in pieces {
                let Piece::Text(t) = p else {
                    next.push(p);
                    continue;
                };
                let mut last = 0;
                for (at, _) in t.match_indices(needle) {
                    if at > last {
                        next.push(Piece::Text(&t[last..at]));
                    }
                    next.push(Piece::Special(id));
                    last = at + needle.len();
                }
                if last < t.len() {
                    next.push(Piece::Text(&t[last..]));
                }
            }
            pieces = next;
        }
        pieces
    }

    /// The bytes token `id` stands for (a special token's text).
    pub fn token_bytes(&self, id: u32) -> Result<&[u8]> {
        self.check(id).map(|i| self.token_bytes[i].as_slice())
    }

    /// The text of `ids`, special tokens written as their text. Lossless:
    /// decoding the encoding of any string gives it back. A sequence that
    /// ends inside a character gets U+FFFD for it.
    pub fn decode(&self, ids: &[u32]) -> Result<String> {
        self.decode_with(ids, false)
    }

    /// As [`Self::decode`], leaving out control and unknown tokens when
    /// `skip_special`.
    pub fn decode_with(&self, ids: &[u32], skip_special: bool) -> Result<String> {
        let mut bytes = Vec::new();
        for &id in ids {
            let i = self.check(id)?;
            let ty = self.types[i];
            if skip_special && (ty == TOKEN_CONTROL || ty == TOKEN_UNKNOWN) {
                continue;
            }
            bytes.extend_from_slice(&self.token_bytes[i]);
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

enum Piece<'a> {
    Text(&'a str),
    Special(u32),
}
