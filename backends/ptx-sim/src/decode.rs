//! Parsing the PTX the emitter writes into simulator instructions.

use crate::mma::MmaType;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub enum Opnd {
    R(usize),
    Imm(u64),
    Tid,
    Ctaid,
    Smem,
}

#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Space {
    Global,
    Shared,
}

#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Ty {
    F32,
    B32,
    S32,
    U32,
    B16,
    U8,
    /// `ld.s8`: one byte, sign-extended into the register.
    S8,
    B64,
    Pred,
}

#[derive(Clone, Debug)]
pub enum Op {
    Mov,
    Unpack2,
    Pack2,
    LdParam(usize),
    Cvta,
    Int(&'static str, bool),
    /// `mad.lo`: the low 32 bits are the same signed or unsigned.
    MadLo,
    MadWide(bool),
    Not32,
    Setp(&'static str, Ty),
    Selp,
    Pred(&'static str),
    FBin(&'static str),
    FUn(&'static str),
    Cvt(&'static str),
    Ld(Space, Ty),
    St(Space, Ty),
    CpAsync(usize),
    Commit,
    Wait(usize),
    Bar,
    Bra(usize),
    Shfl,
    Ret,
    /// `mov.b64 %rd, {lo, hi}`.
    Pack2x32,
    Mma(MmaType),
    /// `wgmma.mma_async` of N columns.
    Wgmma(usize, MmaType),
    WgmmaWait,
    /// Fences and `wgmma.fence`/`commit_group`: ordering only.
    Nop,
    /// mbarriers, bulk tensor copies and their fences (`tma.rs`).
    Tma(crate::tma::TmaOp),
}

#[derive(Clone, Debug)]
pub struct Ins {
    pub pred: Option<usize>,
    pub op: Op,
    pub dst: Vec<usize>,
    pub src: Vec<Opnd>,
    /// Address operand: base register (or None for a param) plus offset.
    pub addr: Option<(Option<usize>, i64)>,
    pub text: String,
}

pub struct Program {
    pub ins: Vec<Ins>,
    pub params: Vec<String>,
    pub nregs: usize,
}

fn ty(s: &str) -> Ty {
    match s {
        "f32" => Ty::F32,
        "s32" => Ty::S32,
        "u32" => Ty::U32,
        // `ld.u16` zero-extends like `.b16`.
        "b16" | "u16" => Ty::B16,
        "u8" => Ty::U8,
        "s8" => Ty::S8,
        "u64" | "b64" => Ty::B64,
        "pred" => Ty::Pred,
        _ => Ty::B32,
    }
}

fn imm(s: &str) -> Result<u64, String> {
    if let Some(h) = s.strip_prefix("0f") {
        return u32::from_str_radix(h, 16)
            .map(|x| x as u64)
            .map_err(|e| format!("{s}: {e}"));
    }
    s.parse::<i64>()
        .map(|x| x as u64)
        .map_err(|e| format!("immediate {s}: {e}"))
}

/// Splits operands at top-level commas (not inside `{}` or `[]`).
fn split_operands(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

pub(super) struct Decoder {
    regs: HashMap<String, usize>,
    labels: HashMap<String, usize>,
}

impl Decoder {
    pub(super) fn reg(&mut self, name: &str) -> usize {
        let n = self.regs.len();
        *self.regs.entry(name.to_string()).or_insert(n)
    }

    pub(super) fn opnd(&mut self, s: &str) -> Result<Opnd, String> {
        Ok(match s {
            "%tid.x" => Opnd::Tid,
            "%ctaid.x" => Opnd::Ctaid,
            "tk_smem" => Opnd::Smem,
            _ if s.starts_with('%') => Opnd::R(self.reg(s)),
            _ => Opnd::Imm(imm(s)?),
        })
    }

    pub(super) fn regs_of(&mut self, s: &str) -> Vec<usize> {
        s.trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .map(|r| self.reg(r.trim()))
            .collect()
    }

    pub(super) fn addr(&mut self, s: &str) -> (Option<usize>, i64) {
        let inner = s.trim_matches(|c| c == '[' || c == ']');
        let (base, off) = match inner.split_once('+') {
            Some((b, o)) => (b, o.parse().unwrap_or(0)),
            None => (inner, 0),
        };
        if base.starts_with('%') {
            (Some(self.reg(base)), off)
        } else {
            (None, off)
        }
    }
}

pub fn decode(text: &str) -> Result<Program, String> {
    let mut d = Decoder {
        regs: HashMap::new(),
        labels: HashMap::new(),
    };
    let mut params = Vec::new();
    let mut lines = Vec::new();
    let mut in_body = false;
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix(".param ") {
            // `.param .u64 name` or `.param .align 64 .b8 name[128]`.
            let name = rest.split_whitespace().last().unwrap_or("");
            let name = name.trim_end_matches(',');
            params.push(name.split('[').next().unwrap_or(name).to_string());
        } else if l == "{" {
            in_body = true;
        } else if in_body
            && !l.is_empty()
            && !l.starts_with("//")
            && !l.starts_with(".reg")
            && l != "}"
        {
            if let Some(label) = l.strip_suffix(':') {
                d.labels.insert(label.to_string(), lines.len());
            } else {
                lines.push(l.trim_end_matches(';').to_string());
            }
        }
    }
    let mut ins = Vec::new();
    for l in &lines {
        ins.push(decode_line(&mut d, l, &params)?);
    }
    Ok(Program {
        ins,
        params,
        nregs: d.regs.len(),
    })
}

fn decode_line(d: &mut Decoder, l: &str, params: &[String]) -> Result<Ins, String> {
    let (pred, rest) = match l.strip_prefix('@') {
        Some(r) => {
            let (p, rest) = r.split_once(' ').ok_or("bad predicate")?;
            (Some(d.reg(p)), rest)
        }
        None => (None, l),
    };
    let (opcode, operands) = rest.split_once(' ').unwrap_or((rest, ""));
    let ops = split_operands(operands);
    let parts: Vec<&str> = opcode.split('.').collect();
    let last = *parts.last().unwrap_or(&"");
    let mut i = Ins {
        pred,
        op: Op::Ret,
        dst: Vec::new(),
        src: Vec::new(),
        addr: None,
        text: l.to_string(),
    };
    let err = || format!("simulator: unsupported instruction `{l}`");
    let dst_src = |i: &mut Ins, d: &mut Decoder| -> Result<(), String> {
        i.dst = d.regs_of(&ops[0]);
        for s in &ops[1..] {
            i.src.push(d.opnd(s)?);
        }
        Ok(())
    };
    if let Some(op) = crate::tma::decode(d, &mut i, opcode, &ops, params)? {
        i.op = Op::Tma(op);
        return Ok(i);
    }
    match parts[0] {
        "mov" => {
            if ops[0].starts_with('{') {
                i.op = Op::Unpack2;
                i.dst = d.regs_of(&ops[0]);
                i.src.push(d.opnd(&ops[1])?);
            } else if ops[1].starts_with('{') {
                i.op = if opcode == "mov.b64" {
                    Op::Pack2x32
                } else {
                    Op::Pack2
                };
                i.dst = d.regs_of(&ops[0]);
                i.src = d.regs_of(&ops[1]).into_iter().map(Opnd::R).collect();
            } else {
                i.op = Op::Mov;
                dst_src(&mut i, d)?;
            }
        }
        "ld" if parts[1] == "param" => {
            let name = ops[1].trim_matches(|c| c == '[' || c == ']');
            let idx = params.iter().position(|p| p == name).ok_or_else(err)?;
            i.op = Op::LdParam(idx);
            i.dst = d.regs_of(&ops[0]);
        }
        "ld" | "st" => {
            let space = if parts[1] == "shared" {
                Space::Shared
            } else {
                Space::Global
            };
            let t = ty(last);
            let (regs, mem) = if parts[0] == "ld" {
                (&ops[0], &ops[1])
            } else {
                (&ops[1], &ops[0])
            };
            i.dst = d.regs_of(regs);
            i.addr = Some(d.addr(mem));
            i.op = if parts[0] == "ld" {
                Op::Ld(space, t)
            } else {
                Op::St(space, t)
            };
        }
        "cvta" => {
            i.op = Op::Cvta;
            dst_src(&mut i, d)?;
        }
        "add" | "sub" | "mul" | "div" | "rem" | "max" | "min" | "and" | "or" | "xor" | "not"
        | "neg" | "abs" | "sqrt" | "ex2" | "lg2" | "setp" | "selp" | "mad" | "cvt" | "shfl"
        | "shl" | "shr" => {
            dst_src(&mut i, d)?;
            i.op = match (parts[0], last) {
                ("setp", t) => Op::Setp(cmp(parts[1]).ok_or_else(err)?, ty(t)),
                ("selp", _) => Op::Selp,
                ("mad", _) if parts[1] == "wide" => Op::MadWide(last == "s32"),
                ("mad", _) => Op::MadLo,
                ("cvt", _) => Op::Cvt(cvt(opcode).ok_or_else(err)?),
                ("shfl", _) => Op::Shfl,
                (o, "pred") => Op::Pred(pred_op(o).ok_or_else(err)?),
                ("not", "b32") => Op::Not32,
                (o, "f32") if ["neg", "abs", "sqrt", "ex2", "lg2"].contains(&o) => Op::FUn(fun(o)),
                (o, "f32") => Op::FBin(fbin(o).ok_or_else(err)?),
                (o, t) => Op::Int(int_op(o).ok_or_else(err)?, t == "s32"),
            };
        }
        "cp" => {
            i.op = match opcode {
                "cp.async.commit_group" => Op::Commit,
                "cp.async.wait_group" => Op::Wait(ops[0].parse().map_err(|_| err())?),
                "cp.async.ca.shared.global" | "cp.async.cg.shared.global" => {
                    let n: usize = ops[2].parse().map_err(|_| err())?;
                    i.addr = Some(d.addr(&ops[0]));
                    i.src.push(Opnd::R(d.addr(&ops[1]).0.ok_or_else(err)?));
                    Op::CpAsync(n)
                }
                _ => return Err(err()),
            };
        }
        "mma" => {
            // mma.sync.aligned.m16n8k16.row.col.f32.T.T.f32 {d}, {a}, {b}, {c}
            if !opcode.starts_with("mma.sync.aligned.m16n8k16.row.col.f32.") {
                return Err(err());
            }
            let t = MmaType::parse(parts[7]).ok_or_else(err)?;
            i.dst = d.regs_of(&ops[0]);
            for o in &ops[1..] {
                i.src.extend(d.regs_of(o).into_iter().map(Opnd::R));
            }
            i.op = Op::Mma(t);
        }
        "wgmma" => {
            i.op = match parts[1] {
                "fence" | "commit_group" => Op::Nop,
                "wait_group" => Op::WgmmaWait,
                "mma_async" => {
                    // wgmma.mma_async.sync.aligned.m64nNk16.f32.T.T {d}, {a}, desc, scale-d, 1, 1, trans-b
                    let n = parts[4]
                        .strip_prefix("m64n")
                        .and_then(|x| x.strip_suffix("k16"))
                        .and_then(|x| x.parse().ok())
                        .ok_or_else(err)?;
                    let t = MmaType::parse(parts[6]).ok_or_else(err)?;
                    i.dst = d.regs_of(&ops[0]);
                    i.src.extend(d.regs_of(&ops[1]).into_iter().map(Opnd::R));
                    for o in &ops[2..] {
                        i.src.push(d.opnd(o)?);
                    }
                    Op::Wgmma(n, t)
                }
                _ => return Err(err()),
            };
        }
        "fence" => i.op = Op::Nop,
        "bar" => i.op = Op::Bar,
        "bra" => {
            let target = *d.labels.get(&ops[0]).ok_or_else(err)?;
            i.op = Op::Bra(target);
        }
        "ret" => i.op = Op::Ret,
        _ => return Err(err()),
    }
    Ok(i)
}

fn cmp(s: &str) -> Option<&'static str> {
    ["lt", "le", "gt", "ge", "eq", "ne", "neu"]
        .into_iter()
        .find(|c| *c == s)
}

fn pred_op(s: &str) -> Option<&'static str> {
    ["and", "or", "xor", "not"].into_iter().find(|c| *c == s)
}

fn fun(s: &str) -> &'static str {
    ["neg", "abs", "sqrt", "ex2", "lg2"]
        .into_iter()
        .find(|c| *c == s)
        .unwrap_or("neg")
}

fn fbin(s: &str) -> Option<&'static str> {
    ["add", "sub", "mul", "div", "max", "min"]
        .into_iter()
        .find(|c| *c == s)
}

fn int_op(s: &str) -> Option<&'static str> {
    [
        "add", "sub", "mul", "div", "rem", "max", "min", "and", "or", "xor", "shl", "shr",
    ]
    .into_iter()
    .find(|c| *c == s)
}

fn cvt(opcode: &str) -> Option<&'static str> {
    [
        "cvt.rn.bf16.f32",
        "cvt.rn.f16.f32",
        "cvt.f32.bf16",
        "cvt.f32.f16",
        "cvt.rzi.s32.f32",
        "cvt.rz.f32.s32",
        "cvt.rn.f32.s32",
        "cvt.rn.f32.u32",
        "cvt.rni.s32.f32",
        "cvt.s32.s8",
        "cvt.u16.u32",
        "cvt.u32.u16",
        "cvt.rn.f16x2.e4m3x2",
        "cvt.rn.f16x2.e5m2x2",
        "cvt.rn.satfinite.e4m3x2.f32",
        "cvt.rn.satfinite.e5m2x2.f32",
    ]
    .into_iter()
    .find(|c| *c == opcode)
}
