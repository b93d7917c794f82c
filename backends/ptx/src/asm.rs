//! PTX text assembly: virtual registers and instruction lines.
//!
//! ptxas does register allocation, so every intermediate gets a fresh
//! virtual register; the declarations (`.reg .f32 %f<N>;`) are written once
//! the body is known.

use std::fmt::{self, Write};
use tilekit_core::DType;

/// The PTX register classes the emitter uses.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegKind {
    Pred,
    /// 16-bit raw values (bf16/f16 bits on their way to or from memory).
    B16,
    /// 32-bit integers (i32 values, indices, shared-memory addresses).
    B32,
    F32,
    /// 64-bit global addresses.
    B64,
}

impl RegKind {
    const ALL: [RegKind; 5] = [
        RegKind::Pred,
        RegKind::B16,
        RegKind::B32,
        RegKind::F32,
        RegKind::B64,
    ];

    fn prefix(self) -> &'static str {
        match self {
            RegKind::Pred => "p",
            RegKind::B16 => "h",
            RegKind::B32 => "r",
            RegKind::F32 => "f",
            RegKind::B64 => "rd",
        }
    }

    fn decl(self) -> &'static str {
        match self {
            RegKind::Pred => ".pred",
            RegKind::B16 => ".b16",
            RegKind::B32 => ".b32",
            RegKind::F32 => ".f32",
            RegKind::B64 => ".b64",
        }
    }

    /// The register class holding one element of `dtype` in registers:
    /// bf16 and f16 live in f32 registers (every op computes in f32 and
    /// rounds, as the interpreter does), bools in predicates.
    pub fn of(dtype: DType) -> RegKind {
        match dtype {
            DType::Bf16 | DType::F16 | DType::F32 | DType::F8E4M3 | DType::F8E5M2 => RegKind::F32,
            DType::I32 | DType::I8 | DType::U8 | DType::U16 => RegKind::B32,
            DType::Bool => RegKind::Pred,
        }
    }
}

/// A virtual register.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reg {
    pub kind: RegKind,
    n: u32,
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{}{}", self.kind.prefix(), self.n)
    }
}

/// An f32 immediate in PTX's exact hexadecimal form.
pub fn f32_imm(x: f32) -> String {
    format!("0f{:08X}", x.to_bits())
}

/// The instruction stream of one kernel entry.
#[derive(Default)]
pub struct Asm {
    body: String,
    counts: [u32; 5],
    labels: u32,
}

impl Asm {
    pub fn reg(&mut self, kind: RegKind) -> Reg {
        let i = RegKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        self.counts[i] += 1;
        Reg {
            kind,
            n: self.counts[i],
        }
    }

    /// One instruction (without the trailing `;`).
    pub fn ins(&mut self, text: impl fmt::Display) {
        let _ = writeln!(self.body, "\t{text};");
    }

    /// One instruction guarded by `pred` when there is one.
    pub fn ins_if(&mut self, pred: Option<Reg>, text: impl fmt::Display) {
        match pred {
            Some(p) => {
                let _ = writeln!(self.body, "\t@{p} {text};");
            }
            None => self.ins(text),
        }
    }

    pub fn comment(&mut self, text: &str) {
        let _ = writeln!(self.body, "\t// {}", text.replace('\n', " "));
    }

    pub fn new_label(&mut self, what: &str) -> String {
        self.labels += 1;
        format!("$L{}_{what}", self.labels)
    }

    pub fn label(&mut self, l: &str) {
        let _ = writeln!(self.body, "{l}:");
    }

    /// `mov` of a register into a fresh one of the same kind.
    pub fn copy(&mut self, r: Reg) -> Reg {
        let d = self.reg(r.kind);
        self.mov(d, r);
        d
    }

    pub fn mov(&mut self, dst: Reg, src: Reg) {
        let ty = match dst.kind {
            RegKind::Pred => "pred",
            RegKind::B16 => "b16",
            RegKind::B32 => "b32",
            RegKind::F32 => "f32",
            RegKind::B64 => "b64",
        };
        self.ins(format!("mov.{ty} {dst}, {src}"));
    }

    /// A fresh u32 register holding an immediate.
    pub fn imm_u32(&mut self, x: i64) -> Reg {
        let r = self.reg(RegKind::B32);
        self.ins(format!("mov.b32 {r}, {x}"));
        r
    }

    /// The register declarations followed by the body.
    pub fn finish(self) -> String {
        let mut out = String::new();
        for (i, kind) in RegKind::ALL.iter().enumerate() {
            if self.counts[i] > 0 {
                let _ = writeln!(
                    out,
                    "\t.reg {} %{}<{}>;",
                    kind.decl(),
                    kind.prefix(),
                    self.counts[i] + 1
                );
            }
        }
        out.push_str(&self.body);
        out
    }
}
