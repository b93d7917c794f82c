//! Vector moves of the 8/16-bit integer and fp8 dtypes: 16-byte chunks move
//! as up to four 32-bit words (one `ld.v4.b32`/`st.v4.b32`), split into
//! elements with shifts and masks (little-endian: element `j` of a word is
//! its bits `8·size·j ..`), so a row of bytes costs one memory instruction
//! per 16 bytes instead of one per byte.

use super::moves::{at, list, vec_suffix};
use super::Emitter;
use crate::asm::{Reg, RegKind};
use tilekit_core::DType;

impl Emitter<'_> {
    /// Loads `dst.len()` consecutive elements (a multiple of 4 bytes) as
    /// words; `ld` is the load's opcode without its type.
    pub(super) fn ld_packed(
        &mut self,
        ld: &str,
        addr: Reg,
        off: i64,
        dtype: DType,
        dst: &[Reg],
        pred: Option<Reg>,
    ) {
        let size = dtype.size_bytes();
        let per_chunk = (16 / size).min(dst.len());
        let per_word = 4 / size;
        for (ci, chunk) in dst.chunks(per_chunk).enumerate() {
            let a = at(addr, off + (ci * per_chunk * size) as i64);
            let words: Vec<Reg> = (0..chunk.len() / per_word)
                .map(|_| self.a.reg(RegKind::B32))
                .collect();
            let v = vec_suffix(words.len());
            self.a
                .ins_if(pred, format!("{ld}{v}.b32 {}, {a}", list(&words)));
            for (j, &d) in chunk.iter().enumerate() {
                let word = words[j / per_word];
                let shift = (j % per_word) * size * 8;
                let bits = if shift == 0 {
                    word
                } else {
                    let t = self.a.reg(RegKind::B32);
                    self.a.ins(format!("shr.u32 {t}, {word}, {shift}"));
                    t
                };
                let x = self.elem_from_bits(dtype, bits);
                let ty = if d.kind == RegKind::F32 { "f32" } else { "b32" };
                self.a.ins_if(pred, format!("mov.{ty} {d}, {x}"));
            }
        }
    }

    /// Stores `src` as consecutive elements packed into words; the mirror
    /// of [`Emitter::ld_packed`].
    pub(super) fn st_packed(
        &mut self,
        st: &str,
        addr: Reg,
        off: i64,
        dtype: DType,
        src: &[Reg],
        pred: Option<Reg>,
    ) {
        let size = dtype.size_bytes();
        let per_chunk = (16 / size).min(src.len());
        let per_word = 4 / size;
        for (ci, chunk) in src.chunks(per_chunk).enumerate() {
            let a = at(addr, off + (ci * per_chunk * size) as i64);
            let mut words = Vec::new();
            for elems in chunk.chunks(per_word) {
                let mut word: Option<Reg> = None;
                for (j, &s) in elems.iter().enumerate() {
                    let bits = self.elem_to_bits(dtype, s);
                    let shift = j * size * 8;
                    let part = if shift == 0 {
                        bits
                    } else {
                        let t = self.a.reg(RegKind::B32);
                        self.a.ins(format!("shl.b32 {t}, {bits}, {shift}"));
                        t
                    };
                    word = Some(match word {
                        None => part,
                        Some(w) => {
                            let t = self.a.reg(RegKind::B32);
                            self.a.ins(format!("or.b32 {t}, {w}, {part}"));
                            t
                        }
                    });
                }
                words.push(word.expect("a word holds at least one element"));
            }
            let v = vec_suffix(words.len());
            self.a
                .ins_if(pred, format!("{st}{v}.b32 {a}, {}", list(&words)));
        }
    }
}
