//! Moving runs of elements between registers and memory (global or
//! shared): vector instructions of up to 16 bytes where the caller has
//! proved alignment, bf16/f16 packed two to a 32-bit word and widened to
//! f32 registers, bools as bytes. The 8/16-bit integer and fp8 dtypes move
//! one `ld.s8`/`ld.u8`/`ld.u16` per element unvectorised, or as 32-bit
//! words split with shifts (`packed.rs`).

use super::Emitter;
use crate::asm::{Reg, RegKind};
use tilekit_core::DType;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Space {
    Global,
    /// Read-only for the whole launch (inputs, prefetch arrays): the
    /// non-coherent texture path.
    GlobalNc,
    Shared,
}

impl Space {
    fn ld(self) -> &'static str {
        match self {
            Space::Global => "ld.global",
            Space::GlobalNc => "ld.global.nc",
            Space::Shared => "ld.shared",
        }
    }

    fn st(self) -> &'static str {
        match self {
            Space::Shared => "st.shared",
            _ => "st.global",
        }
    }
}

pub(super) fn at(addr: Reg, off: i64) -> String {
    if off == 0 {
        format!("[{addr}]")
    } else {
        format!("[{addr}+{off}]")
    }
}

pub(super) fn list(regs: &[Reg]) -> String {
    if regs.len() == 1 {
        regs[0].to_string()
    } else {
        let names: Vec<String> = regs.iter().map(|r| r.to_string()).collect();
        format!("{{{}}}", names.join(", "))
    }
}

pub(super) fn vec_suffix(words: usize) -> &'static str {
    match words {
        2 => ".v2",
        4 => ".v4",
        _ => "",
    }
}

/// Whether `n` elements of `dtype` can move as 4/8/16-byte vectors.
pub fn vectorizable(dtype: DType, n: usize) -> bool {
    let bytes = n * dtype.size_bytes();
    dtype != DType::Bool && bytes >= 4 && bytes % 4 == 0
}

impl Emitter<'_> {
    /// Loads consecutive elements at `addr + off` into `dst` (registers of
    /// the dtype's class), as vectors when `vector` and the caller has
    /// checked alignment.
    #[allow(clippy::too_many_arguments)]
    pub fn ld_elems(
        &mut self,
        space: Space,
        addr: Reg,
        off: i64,
        dtype: DType,
        dst: &[Reg],
        vector: bool,
        pred: Option<Reg>,
    ) {
        let size = dtype.size_bytes();
        let ld = space.ld();
        if !(vector && vectorizable(dtype, dst.len())) {
            for (j, &d) in dst.iter().enumerate() {
                let a = at(addr, off + (j * size) as i64);
                match dtype {
                    DType::F32 => self.a.ins_if(pred, format!("{ld}.f32 {d}, {a}")),
                    DType::I32 => self.a.ins_if(pred, format!("{ld}.b32 {d}, {a}")),
                    DType::Bf16 | DType::F16 => {
                        let h = self.a.reg(RegKind::B16);
                        self.a.ins_if(pred, format!("{ld}.b16 {h}, {a}"));
                        let t = if dtype == DType::Bf16 { "bf16" } else { "f16" };
                        self.a.ins_if(pred, format!("cvt.f32.{t} {d}, {h}"));
                    }
                    DType::Bool => {
                        let r = self.a.reg(RegKind::B32);
                        self.a.ins_if(pred, format!("{ld}.u8 {r}, {a}"));
                        self.a.ins_if(pred, format!("setp.ne.u32 {d}, {r}, 0"));
                    }
                    DType::I8 => self.a.ins_if(pred, format!("{ld}.s8 {d}, {a}")),
                    DType::U8 => self.a.ins_if(pred, format!("{ld}.u8 {d}, {a}")),
                    DType::U16 => self.a.ins_if(pred, format!("{ld}.u16 {d}, {a}")),
                    DType::F8E4M3 | DType::F8E5M2 => {
                        let r = self.a.reg(RegKind::B32);
                        self.a.ins_if(pred, format!("{ld}.u8 {r}, {a}"));
                        let v = self.fp8_decode(dtype, r);
                        self.a.ins_if(pred, format!("mov.f32 {d}, {v}"));
                    }
                }
            }
            return;
        }
        if is_packed(dtype) {
            return self.ld_packed(ld, addr, off, dtype, dst, pred);
        }
        let per_chunk = (16 / size).min(dst.len());
        for (ci, chunk) in dst.chunks(per_chunk).enumerate() {
            let a = at(addr, off + (ci * per_chunk * size) as i64);
            let words = chunk.len() * size / 4;
            let v = vec_suffix(words);
            match dtype {
                DType::F32 => self
                    .a
                    .ins_if(pred, format!("{ld}{v}.f32 {}, {a}", list(chunk))),
                DType::I32 => self
                    .a
                    .ins_if(pred, format!("{ld}{v}.b32 {}, {a}", list(chunk))),
                _ => {
                    let w: Vec<Reg> = (0..words).map(|_| self.a.reg(RegKind::B32)).collect();
                    self.a
                        .ins_if(pred, format!("{ld}{v}.b32 {}, {a}", list(&w)));
                    let t = if dtype == DType::Bf16 { "bf16" } else { "f16" };
                    for (i, &word) in w.iter().enumerate() {
                        let (h0, h1) = (self.a.reg(RegKind::B16), self.a.reg(RegKind::B16));
                        self.a
                            .ins_if(pred, format!("mov.b32 {{{h0}, {h1}}}, {word}"));
                        self.a
                            .ins_if(pred, format!("cvt.f32.{t} {}, {h0}", chunk[2 * i]));
                        self.a
                            .ins_if(pred, format!("cvt.f32.{t} {}, {h1}", chunk[2 * i + 1]));
                    }
                }
            }
        }
    }

    /// Stores `src` (registers of the dtype's class) as consecutive elements
    /// at `addr + off`; the mirror of [`Emitter::ld_elems`].
    #[allow(clippy::too_many_arguments)]
    pub fn st_elems(
        &mut self,
        space: Space,
        addr: Reg,
        off: i64,
        dtype: DType,
        src: &[Reg],
        vector: bool,
        pred: Option<Reg>,
    ) {
        let size = dtype.size_bytes();
        let st = space.st();
        let half = |a: &mut crate::asm::Asm, s: Reg| {
            let h = a.reg(RegKind::B16);
            let t = if dtype == DType::Bf16 { "bf16" } else { "f16" };
            a.ins(format!("cvt.rn.{t}.f32 {h}, {s}"));
            h
        };
        if !(vector && vectorizable(dtype, src.len())) {
            for (j, &s) in src.iter().enumerate() {
                let a = at(addr, off + (j * size) as i64);
                match dtype {
                    DType::F32 => self.a.ins_if(pred, format!("{st}.f32 {a}, {s}")),
                    DType::I32 => self.a.ins_if(pred, format!("{st}.b32 {a}, {s}")),
                    DType::Bf16 | DType::F16 => {
                        let h = half(&mut self.a, s);
                        self.a.ins_if(pred, format!("{st}.b16 {a}, {h}"));
                    }
                    DType::Bool => {
                        let r = self.a.reg(RegKind::B32);
                        self.a.ins(format!("selp.u32 {r}, 1, 0, {s}"));
                        self.a.ins_if(pred, format!("{st}.u8 {a}, {r}"));
                    }
                    DType::I8 | DType::U8 => self.a.ins_if(pred, format!("{st}.u8 {a}, {s}")),
                    DType::U16 => self.a.ins_if(pred, format!("{st}.u16 {a}, {s}")),
                    DType::F8E4M3 | DType::F8E5M2 => {
                        let c = self.fp8_encode(dtype, s);
                        self.a.ins_if(pred, format!("{st}.u8 {a}, {c}"));
                    }
                }
            }
            return;
        }
        if is_packed(dtype) {
            return self.st_packed(st, addr, off, dtype, src, pred);
        }
        let per_chunk = (16 / size).min(src.len());
        for (ci, chunk) in src.chunks(per_chunk).enumerate() {
            let a = at(addr, off + (ci * per_chunk * size) as i64);
            let words = chunk.len() * size / 4;
            let v = vec_suffix(words);
            match dtype {
                DType::F32 => self
                    .a
                    .ins_if(pred, format!("{st}{v}.f32 {a}, {}", list(chunk))),
                DType::I32 => self
                    .a
                    .ins_if(pred, format!("{st}{v}.b32 {a}, {}", list(chunk))),
                _ => {
                    let mut w = Vec::with_capacity(words);
                    for pair in chunk.chunks(2) {
                        let (h0, h1) = (half(&mut self.a, pair[0]), half(&mut self.a, pair[1]));
                        let word = self.a.reg(RegKind::B32);
                        self.a.ins(format!("mov.b32 {word}, {{{h0}, {h1}}}"));
                        w.push(word);
                    }
                    self.a
                        .ins_if(pred, format!("{st}{v}.b32 {a}, {}", list(&w)));
                }
            }
        }
    }
}

/// The dtypes whose vector moves go through 32-bit words split with
/// shifts and masks (`packed.rs`).
fn is_packed(d: DType) -> bool {
    matches!(
        d,
        DType::I8 | DType::U8 | DType::U16 | DType::F8E4M3 | DType::F8E5M2
    )
}
