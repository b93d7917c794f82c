//! A CPU simulator for the PTX subset tilekit-ptx emits, so emitted kernels
//! run against the interpreter on machines without a GPU.
//!
//! One CTA at a time, all its threads in lockstep (the emitter's control
//! flow is uniform; a divergent branch is an error). `cp.async` copies land
//! when a `wait_group` retires their group, so reading a buffer too early
//! sees stale data. Shared memory is race-checked between barriers (a byte
//! written by one thread and read or written by another in the same barrier
//! interval is an error), and every access is bounds-checked, like
//! compute-sanitizer's racecheck and memcheck. `ex2`/`lg2` are exact here.
//! TMA copies and mbarriers are modelled in `tma.rs`.

use crate::decode::{decode, Ins, Op, Opnd, Space, Ty};
use crate::fp8::Fp8;
use crate::{mma, tma};

pub enum Arg {
    Buf(Vec<u8>),
    F32(f32),
    U32(u32),
    /// A tensor-map parameter, described (the real one is opaque).
    TensorMap(TensorMapDesc),
}

pub use crate::tma::TensorMapDesc;

const GLOBAL_SHIFT: u32 = 40;

/// Copies of one `cp.async` group: (shared address, bytes).
type Group = Vec<(usize, Vec<u8>)>;

pub(crate) struct Cta<'a> {
    pub(crate) t: usize,
    pub(crate) regs: Vec<u64>,
    pub(crate) nregs: usize,
    pub(crate) smem: Vec<u8>,
    /// Per byte: (epoch, thread) of the last write and of the last read
    /// (`usize::MAX` thread = several readers).
    pub(crate) w: Vec<(u32, usize)>,
    pub(crate) r: Vec<(u32, usize)>,
    pub(crate) epoch: u32,
    pub(crate) bufs: &'a mut [Arg],
    /// Per thread: committed groups, then the open one.
    pub(crate) groups: Vec<Vec<Group>>,
    pub(crate) open: Vec<Group>,
    pub(crate) ctaid: u64,
    pub(crate) tma: tma::TmaState,
}

fn f(x: u64) -> f32 {
    f32::from_bits(x as u32)
}

fn b(x: f32) -> u64 {
    x.to_bits() as u64
}

fn size(t: Ty) -> usize {
    match t {
        Ty::U8 | Ty::S8 => 1,
        Ty::B16 => 2,
        Ty::B64 => 8,
        _ => 4,
    }
}

impl Cta<'_> {
    pub(crate) fn get(&self, th: usize, o: &Opnd) -> u64 {
        match o {
            Opnd::R(r) => self.regs[th * self.nregs + r],
            Opnd::Imm(x) => *x,
            Opnd::Tid => th as u64,
            Opnd::Ctaid => self.ctaid,
            Opnd::Smem => 0,
        }
    }

    pub(crate) fn set(&mut self, th: usize, r: usize, v: u64) {
        self.regs[th * self.nregs + r] = v;
    }

    pub(crate) fn smem_access(
        &mut self,
        th: usize,
        at: usize,
        n: usize,
        write: bool,
        ins: &str,
    ) -> Result<(), String> {
        if at + n > self.smem.len() {
            return Err(format!(
                "memcheck: thread {th} of CTA {}: shared access [{at}, {}) outside {} bytes at `{ins}`",
                self.ctaid,
                at + n,
                self.smem.len()
            ));
        }
        self.tma.check_generic(at, n, ins)?;
        let e = self.epoch;
        for i in at..at + n {
            let (we, wt) = self.w[i];
            let (re, rt) = self.r[i];
            if we == e && wt != th {
                return Err(format!(
                    "racecheck: CTA {}: byte {i} written by thread {wt} and {} by thread {th} without a barrier, at `{ins}`",
                    self.ctaid,
                    if write { "written" } else { "read" }
                ));
            }
            if write && re == e && rt != th {
                return Err(format!(
                    "racecheck: CTA {}: byte {i} read by thread(s) {rt} and written by thread {th} without a barrier, at `{ins}`",
                    self.ctaid
                ));
            }
            if write {
                self.w[i] = (e, th);
            } else if re == e && rt != th {
                self.r[i] = (e, usize::MAX);
            } else {
                self.r[i] = (e, th);
            }
        }
        Ok(())
    }

    fn global(
        &mut self,
        addr: u64,
        n: usize,
        ins: &str,
        th: usize,
    ) -> Result<(usize, usize), String> {
        let buf = (addr >> GLOBAL_SHIFT) as usize;
        let off = (addr & ((1 << GLOBAL_SHIFT) - 1)) as usize;
        let len = match buf.checked_sub(1).and_then(|i| self.bufs.get(i)) {
            Some(Arg::Buf(v)) => v.len(),
            _ => usize::MAX,
        };
        if len == usize::MAX || off + n > len {
            return Err(format!(
                "memcheck: thread {th} of CTA {}: global access of {n} bytes at buffer {buf} offset {off} (size {len}) at `{ins}`",
                self.ctaid
            ));
        }
        Ok((buf - 1, off))
    }

    fn read(
        &mut self,
        space: Space,
        addr: u64,
        n: usize,
        ins: &str,
        th: usize,
    ) -> Result<Vec<u8>, String> {
        match space {
            Space::Shared => {
                let at = addr as usize;
                self.smem_access(th, at, n, false, ins)?;
                Ok(self.smem[at..at + n].to_vec())
            }
            Space::Global => {
                let (buf, off) = self.global(addr, n, ins, th)?;
                match &self.bufs[buf] {
                    Arg::Buf(v) => Ok(v[off..off + n].to_vec()),
                    _ => Err("not a buffer".into()),
                }
            }
        }
    }

    fn write(
        &mut self,
        space: Space,
        addr: u64,
        data: &[u8],
        ins: &str,
        th: usize,
    ) -> Result<(), String> {
        match space {
            Space::Shared => {
                let at = addr as usize;
                self.smem_access(th, at, data.len(), true, ins)?;
                self.smem[at..at + data.len()].copy_from_slice(data);
            }
            Space::Global => {
                let (buf, off) = self.global(addr, data.len(), ins, th)?;
                if let Arg::Buf(v) = &mut self.bufs[buf] {
                    v[off..off + data.len()].copy_from_slice(data);
                }
            }
        }
        Ok(())
    }

    fn exec(&mut self, th: usize, i: &Ins) -> Result<(), String> {
        let s = |k: usize| self.get(th, &i.src[k]);
        let v = match &i.op {
            Op::Mov | Op::Cvta => s(0),
            Op::Unpack2 => {
                let x = s(0);
                self.set(th, i.dst[0], x & 0xffff);
                self.set(th, i.dst[1], (x >> 16) & 0xffff);
                return Ok(());
            }
            Op::Pack2 => (s(0) & 0xffff) | ((s(1) & 0xffff) << 16),
            Op::Pack2x32 => (s(0) & 0xffff_ffff) | ((s(1) & 0xffff_ffff) << 32),
            Op::LdParam(p) => match &self.bufs[*p] {
                Arg::Buf(_) => ((*p as u64) + 1) << GLOBAL_SHIFT,
                Arg::F32(x) => b(*x),
                Arg::U32(x) => *x as u64,
                Arg::TensorMap(_) => {
                    return Err(format!("ld.param of a tensor map at `{}`", i.text))
                }
            },
            Op::Int(o, signed) => {
                let (x, y) = (s(0) as u32, s(1) as u32);
                let (xs, ys) = (x as i32, y as i32);
                let r: u32 = match *o {
                    "add" => x.wrapping_add(y),
                    "sub" => x.wrapping_sub(y),
                    "mul" => x.wrapping_mul(y),
                    "div" if y == 0 => return Err(format!("division by zero at `{}`", i.text)),
                    "rem" if y == 0 => return Err(format!("remainder by zero at `{}`", i.text)),
                    "div" if *signed => xs.wrapping_div(ys) as u32,
                    "rem" if *signed => xs.wrapping_rem(ys) as u32,
                    "div" => x / y,
                    "rem" => x % y,
                    "max" if *signed => xs.max(ys) as u32,
                    "min" if *signed => xs.min(ys) as u32,
                    "max" => x.max(y),
                    "min" => x.min(y),
                    "and" => x & y,
                    "xor" => x ^ y,
                    "shl" => x.checked_shl(y).unwrap_or(0),
                    "shr" if *signed => xs.checked_shr(y).unwrap_or(xs >> 31) as u32,
                    "shr" => x.checked_shr(y).unwrap_or(0),
                    _ => x | y,
                };
                r as u64
            }
            Op::MadLo => (s(0) as u32)
                .wrapping_mul(s(1) as u32)
                .wrapping_add(s(2) as u32) as u64,
            Op::MadWide(signed) => {
                let (x, y) = if *signed {
                    (s(0) as u32 as i32 as i64, s(1) as u32 as i32 as i64)
                } else {
                    (s(0) as u32 as i64, s(1) as u32 as i64)
                };
                (x.wrapping_mul(y) as u64).wrapping_add(s(2))
            }
            Op::Not32 => (!(s(0) as u32)) as u64,
            Op::Setp(c, t) => {
                let (x, y) = (s(0), s(1));
                let r = match t {
                    Ty::F32 => {
                        let (a, c2) = (f(x), f(y));
                        match *c {
                            "lt" => a < c2,
                            "le" => a <= c2,
                            "gt" => a > c2,
                            "ge" => a >= c2,
                            "eq" => a == c2,
                            "ne" => a != c2 && !a.is_nan() && !c2.is_nan(),
                            _ => a != c2,
                        }
                    }
                    Ty::S32 => {
                        let (a, c2) = (x as u32 as i32, y as u32 as i32);
                        match *c {
                            "lt" => a < c2,
                            "le" => a <= c2,
                            "gt" => a > c2,
                            "ge" => a >= c2,
                            "eq" => a == c2,
                            _ => a != c2,
                        }
                    }
                    _ => {
                        let (a, c2) = (x as u32, y as u32);
                        match *c {
                            "lt" => a < c2,
                            "le" => a <= c2,
                            "gt" => a > c2,
                            "ge" => a >= c2,
                            "eq" => a == c2,
                            _ => a != c2,
                        }
                    }
                };
                r as u64
            }
            Op::Selp => {
                if s(2) != 0 {
                    s(0)
                } else {
                    s(1)
                }
            }
            Op::Pred(o) => {
                let x = s(0) != 0;
                (match *o {
                    "not" => !x,
                    "and" => x && s(1) != 0,
                    "or" => x || s(1) != 0,
                    _ => x != (s(1) != 0),
                }) as u64
            }
            Op::FBin(o) => {
                let (x, y) = (f(s(0)), f(s(1)));
                b(match *o {
                    "add" => x + y,
                    "sub" => x - y,
                    "mul" => x * y,
                    "div" => x / y,
                    "max" if x.is_nan() || y.is_nan() => f32::NAN,
                    "min" if x.is_nan() || y.is_nan() => f32::NAN,
                    "max" => x.max(y),
                    _ => x.min(y),
                })
            }
            Op::FUn(o) => {
                let x = f(s(0));
                b(match *o {
                    "neg" => -x,
                    "abs" => x.abs(),
                    "sqrt" => x.sqrt(),
                    "ex2" => x.exp2(),
                    _ => x.log2(),
                })
            }
            Op::Cvt(c) => {
                let x = s(0);
                match *c {
                    "cvt.rn.bf16.f32" => half::bf16::from_f32(f(x)).to_bits() as u64,
                    "cvt.rn.f16.f32" => half::f16::from_f32(f(x)).to_bits() as u64,
                    "cvt.f32.bf16" => b(half::bf16::from_bits(x as u16).to_f32()),
                    "cvt.f32.f16" => b(half::f16::from_bits(x as u16).to_f32()),
                    "cvt.rzi.s32.f32" => (f(x) as i32) as u32 as u64,
                    "cvt.rz.f32.s32" => b(rz_f32(x as u32 as i32)),
                    "cvt.rn.f32.s32" => b(x as u32 as i32 as f32),
                    "cvt.rn.f32.u32" => b(x as u32 as f32),
                    // Rust's `as` saturates and maps NaN to 0, as PTX's
                    // float-to-integer cvt does; round_ties_even is `.rni`.
                    "cvt.rni.s32.f32" => (f(x).round_ties_even() as i32) as u32 as u64,
                    // Sources wider than the type use their low bits.
                    "cvt.s32.s8" => (x as u8 as i8 as i32) as u32 as u64,
                    "cvt.u16.u32" => x & 0xffff,
                    "cvt.u32.u16" => x & 0xffff,
                    // Two fp8 codes in a b16: the high byte goes to the
                    // high f16.
                    "cvt.rn.f16x2.e4m3x2" | "cvt.rn.f16x2.e5m2x2" => {
                        let t = if c.contains("e4m3") {
                            Fp8::E4m3
                        } else {
                            Fp8::E5m2
                        };
                        let lo = t.to_f16_bits(x as u8) as u64;
                        let hi = t.to_f16_bits((x >> 8) as u8) as u64;
                        lo | (hi << 16)
                    }
                    // `d, a, b`: a is converted into the upper byte, b
                    // into the lower.
                    _ => {
                        let t = if c.contains("e4m3") {
                            Fp8::E4m3
                        } else {
                            Fp8::E5m2
                        };
                        let hi = t.encode_f32(f(x)) as u64;
                        let lo = t.encode_f32(f(s(1))) as u64;
                        lo | (hi << 8)
                    }
                }
            }
            Op::Ld(space, t) => {
                let (base, off) = i.addr.unwrap_or((None, 0));
                let addr = base
                    .map_or(0, |r| self.get(th, &Opnd::R(r)))
                    .wrapping_add(off as u64);
                let n = size(*t);
                let bytes = self.read(*space, addr, n * i.dst.len(), &i.text, th)?;
                for (k, &d) in i.dst.clone().iter().enumerate() {
                    let mut w = [0u8; 8];
                    w[..n].copy_from_slice(&bytes[k * n..(k + 1) * n]);
                    let v = match t {
                        Ty::S8 => (w[0] as i8 as i32) as u32 as u64,
                        _ => u64::from_le_bytes(w),
                    };
                    self.set(th, d, v);
                }
                return Ok(());
            }
            Op::St(space, t) => {
                let (base, off) = i.addr.unwrap_or((None, 0));
                let addr = base
                    .map_or(0, |r| self.get(th, &Opnd::R(r)))
                    .wrapping_add(off as u64);
                let n = size(*t);
                let mut bytes = Vec::new();
                for &r in &i.dst {
                    bytes.extend_from_slice(&self.get(th, &Opnd::R(r)).to_le_bytes()[..n]);
                }
                return self.write(*space, addr, &bytes, &i.text, th);
            }
            Op::CpAsync(n) => {
                let (base, off) = i.addr.unwrap_or((None, 0));
                let dst = base
                    .map_or(0, |r| self.get(th, &Opnd::R(r)))
                    .wrapping_add(off as u64);
                let src = s(0);
                let data = self.read(Space::Global, src, *n, &i.text, th)?;
                if dst as usize + n > self.smem.len() {
                    return Err(format!(
                        "memcheck: cp.async past shared memory at `{}`",
                        i.text
                    ));
                }
                self.open[th].push((dst as usize, data));
                return Ok(());
            }
            Op::Commit => {
                let g = std::mem::take(&mut self.open[th]);
                self.groups[th].push(g);
                return Ok(());
            }
            Op::Wait(keep) => {
                while self.groups[th].len() > *keep {
                    let g = self.groups[th].remove(0);
                    for (at, data) in g {
                        self.write(Space::Shared, at as u64, &data, &i.text, th)?;
                    }
                }
                return Ok(());
            }
            Op::Tma(t) => return self.exec_tma(th, i, t),
            Op::Bar
            | Op::Bra(_)
            | Op::Shfl
            | Op::Ret
            | Op::Nop
            | Op::Mma(_)
            | Op::Wgmma(..)
            | Op::WgmmaWait => return Ok(()),
        };
        let d = i.dst[0];
        self.set(th, d, v);
        Ok(())
    }
}

/// Truncating i32 → f32 conversion (`cvt.rz.f32.s32`).
fn rz_f32(x: i32) -> f32 {
    let r = x as f32;
    if (r as i64).abs() > (x as i64).abs() {
        f32::from_bits(r.to_bits() - 1)
    } else {
        r
    }
}

/// Runs `text` over `grid` CTAs of `threads` threads; buffers in `args` are
/// updated in place.
pub fn run(
    text: &str,
    grid: usize,
    threads: usize,
    smem: usize,
    args: &mut [Arg],
) -> Result<(), String> {
    let p = decode(text)?;
    if p.params.len() != args.len() {
        return Err(format!("{} params but {} args", p.params.len(), args.len()));
    }
    for ctaid in 0..grid {
        let mut c = Cta {
            t: threads,
            regs: vec![0; threads * p.nregs.max(1)],
            nregs: p.nregs.max(1),
            smem: vec![0xA5; smem],
            w: vec![(u32::MAX, 0); smem],
            r: vec![(u32::MAX, 0); smem],
            epoch: 0,
            bufs: &mut *args,
            groups: vec![Vec::new(); threads],
            open: vec![Vec::new(); threads],
            ctaid: ctaid as u64,
            tma: tma::TmaState::new(smem),
        };
        let mut pc = 0;
        let mut steps = 0u64;
        let mut pending = mma::Pending::new();
        while pc < p.ins.len() {
            steps += 1;
            if steps > 50_000_000 {
                return Err("simulator: step limit".into());
            }
            let i = &p.ins[pc];
            let on: Vec<bool> = (0..threads)
                .map(|t| match i.pred {
                    Some(r) => c.get(t, &Opnd::R(r)) != 0,
                    None => true,
                })
                .collect();
            match &i.op {
                Op::Ret => break,
                Op::Bar => c.epoch += 1,
                Op::Bra(target) => {
                    if on.iter().any(|&x| x != on[0]) {
                        return Err(format!("divergent branch at `{}` in CTA {ctaid}", i.text));
                    }
                    if on[0] {
                        pc = *target;
                        continue;
                    }
                }
                Op::Mma(t) if i.pred.is_none() => mma::mma_sync(&mut c, i, *t)?,
                Op::Wgmma(n, t) if i.pred.is_none() => mma::wgmma(&mut c, i, *n, *t, &mut pending)?,
                Op::WgmmaWait => mma::wgmma_wait(&mut c, &mut pending),
                Op::Mma(_) | Op::Wgmma(..) => {
                    return Err(format!("predicated warp-collective `{}`", i.text))
                }
                Op::Shfl => {
                    let vals: Vec<u64> = (0..threads).map(|t| c.get(t, &i.src[0])).collect();
                    let off = c.get(0, &i.src[1]) as usize;
                    for t in 0..threads {
                        let lane = t % 32;
                        let src = t - lane + (lane ^ off);
                        c.set(t, i.dst[0], vals[src]);
                    }
                }
                _ => {
                    for (t, &o) in on.iter().enumerate() {
                        if o {
                            c.exec(t, i)?;
                        }
                    }
                }
            }
            pc += 1;
        }
        if c.t != threads {
            return Err("internal".into());
        }
        c.tma.check_exit()?;
    }
    Ok(())
}
