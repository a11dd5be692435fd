// The x87 unit's fast path: the instructions compiled floating-point code runs
// most (fld, fst/fstp, fxch, fadd/fsub/fmul/fdiv and their reversed and
// popping forms, fsqrt, fchs, fabs), in the common case only: the control word
// rounds to nearest at precision 64 or 53 with every exception masked, no
// exception pending (ES clear), no stack overflow or underflow, arithmetic
// operands that are normal numbers with a result far from overflow and
// underflow (moves take any register contents). There it does what
// fpuExecute's general code does, bit for bit: the result, TOP and the valid
// bits, C1 (rounded up) and PE (inexact); it computes the exact result as
// arith.ts does and rounds it as the common case of roundPack (round.ts).
// Anything else answers NOT_COMMON with nothing changed, and the general code
// runs.
//
// It runs once per x87 instruction of float-heavy guests, so it is written
// for the host: every value lives in a local (no scratch globals: V8 keeps
// wasm globals in memory and reloads them after each store); each form's
// operation is fixed at compile time (the decoded cache inlines the form it
// decoded into its handlers and its run loop, asm/cpu/fast.ts); the
// bookkeeping travels in one state word, which a run of forms keeps in a
// local and writes back once; a result goes straight into its register once
// nothing can decline any more; and where the way to go is data (rounding up
// or not, a product below 2, a quotient below 1) both ways are computed and
// one selected: a mispredicted branch costs more.
//
// test/fpu replays every recorded vector with this path on and off, and
// test/fpu/fast-general.test.ts holds it to the general code on random
// operands; test/core/fast-slow.test.ts runs the vectors through the machine
// with it and without (C_FORCE_SLOW turns it off), and
// test/core/x87-run.test.ts random sequences of its forms, run in one go, in
// slices, one cycle at a time and forced slow: together they hold both to
// the CPU.
import { J, C1, PE, ES, BIAS } from "./float80";
import { F_SW, F_VALID, F_REGS, getCW, getSW } from "./state";
import { NOT_COMMON } from "./round";
import { divlu } from "./wide";

let enabled: bool = true;
/** Turn the fast path off (the forced slow path and the tests compare both). */
export function setFpuFastPath(on: bool): void { enabled = on; }

// ---- The state word ----------------------------------------------------------
// Every form reads and updates the unit's bookkeeping through one value, the
// state word: the status word (bits 0-15, TOP in 11-13), the valid bits
// (16-23) and precision 53 (bit 24). begin() reads it from the state block,
// or answers NOT_COMMON when the control word is not the common case (round
// to nearest, precision 53 or 64, every exception masked; reserved bits and
// IC aside) or an exception is pending; a form takes it and returns the new
// one (or NOT_COMMON, having changed nothing); commit() writes it back. A
// caller may run several forms between begin and commit (asm/cpu/fast.ts,
// x87Run): nothing else reads the status word or the valid bits meanwhile.
@inline export function begin(st: u32): u32 {
  const cw = getCW(st), sw = getSW(st);
  if (!enabled || (cw & 0x0e3f) != 0x023f || (sw & ES) != 0) return NOT_COMMON;
  return sw | (<u32>load<u8>(st + F_VALID) << 16) | ((cw & 0x100) << 16 ^ (1 << 24));
}
@inline export function commit(st: u32, s: u32): void {
  store<u8>(st + F_VALID, <u8>(s >> 16));
  store<u16>(st + F_SW, <u16>s);
}
@inline function topOf(s: u32): u32 { return (s >> 11) & 7; }
@inline function has(s: u32, p: u32): bool { return (s & (0x10000 << p)) != 0; }
@inline function pc53Of(s: u32): bool { return (s & (1 << 24)) != 0; }

/** After an operation that raised flags (PE, C1): C1 replaced, PE added. */
@inline function raised(s: u32, flags: u32): u32 { return (s & ~C1) | flags; }
/** The same, then ST0 (physical register top) popped. */
@inline function raisedPopped(s: u32, flags: u32, top: u32): u32 {
  return (s & ~(C1 | 0x3800 | (0x10000 << top))) | flags | (((top + 1) & 7) << 11);
}
/** After a push into physical register p: C1 clear, TOP = p, p valid. */
@inline function pushed(s: u32, p: u32): u32 { return (s & ~(C1 | 0x3800)) | (p << 11) | (0x10000 << p); }

/** The host address of physical register p. */
@inline function regAt(st: u32, p: u32): u32 { return st + F_REGS + (p << 4); }
@inline function sigOf(r: u32): u64 { return load<u64>(r); }
@inline function seOf(r: u32): u32 { return <u32>load<u16>(r + 8); }
@inline function put(r: u32, sig: u64, se: u32): void {
  store<u64>(r, sig);
  store<u16>(r + 8, <u16>se);
}

/** A normal number: exponent neither 0 nor all ones, integer bit set. */
@inline function isNormal(sig: u64, se: u32): bool {
  return (sig & J) != 0 && <u32>(se & 0x7fff) - 1 < 0x7ffe;
}
/** Both normal numbers (one test, no branches). */
@inline function bothNormal(aSig: u64, aSE: u32, bSig: u64, bSE: u32): bool {
  return ((<u32>((aSig & bSig) >> 63)) & <u32>((aSE & 0x7fff) - 1 < 0x7ffe) & <u32>((bSE & 0x7fff) - 1 < 0x7ffe)) != 0;
}

// ---- Rounding to nearest, into the destination register -----------------------
// The common case of roundPack: an exponent far from both ends of the range
// (no underflow, no overflow even after rounding up). They write the result
// at dst and return the status bits roundPack would raise (PE when inexact,
// C1 when rounded up), or NOT_COMMON having written nothing.

/** To nearest at 64 bits: sig and the bits below it in extra (bit 63 the round bit). */
@inline function round64To(dst: u32, sign: u32, exp: i32, sig: u64, extra: u64): u32 {
  if (<u32>(exp - 1) > 0x7ffc) return NOT_COMMON;
  // Up when the round bit is set, to even on a tie (the round bit alone);
  // without branches, since which way it goes is anyone's guess.
  let r = (sig + (extra >> 63)) & ~<u64>(extra == J);
  if (r == 0) { exp++; r = J; } // carried out of the top (sig was all ones)
  put(dst, r, (sign << 15) | <u32>exp);
  return select<u32>(PE, 0, extra != 0) | select<u32>(C1, 0, r != sig);
}

/**
 * To nearest keeping the bits above mask (0x7ff: 53 bits, 0xffffffffff: 24);
 * sig's bit 0 holds the sticky bit of anything below it. Into the register
 * at dst (storeIeee rounds the same way to f32 and f64).
 */
@inline function roundNarrow(sign: u32, exp: i32, sig: u64, mask: u64, dst: u32): u32 {
  if (<u32>(exp - 1) > 0x7ffc) return NOT_COMMON;
  const rb = sig & mask;
  const half = (mask >> 1) + 1;
  let r = sig + half;
  let f = select<u32>(PE, 0, rb != 0);
  if (r < sig) { exp++; r = J; f |= C1; } // carried out of the top
  else {
    r &= select<u64>(~((mask << 1) | 1), ~mask, rb == half);
    f |= select<u32>(C1, 0, r != (sig & ~mask));
  }
  put(dst, r, (sign << 15) | <u32>exp);
  return f;
}

/** Round the exact result (sig, and the bits below it in extra) at precision 53 or 64 into dst. */
@inline function roundTo(dst: u32, sign: u32, exp: i32, sig: u64, extra: u64, pc53: bool): u32 {
  return pc53 ? roundNarrow(sign, exp, sig | <u64>(extra != 0), 0x7ff, dst) : round64To(dst, sign, exp, sig, extra);
}

// ---- The exact operations, rounded into dst -----------------------------------
// As arith.ts computes them (addExact, mulExact, divExact), on normal operands.

/** The high 64 bits of the 128-bit product a * b (the low ones are a * b). */
@inline function mulHigh(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** a + b (signs in aSE, bSE). */
@inline function addTo(dst: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32, pc53: bool): u32 {
  if (!bothNormal(aSig, aSE, bSig, bSE)) return NOT_COMMON;
  const ea = <i32>(aSE & 0x7fff), eb = <i32>(bSE & 0x7fff);
  // x is the larger magnitude (the first on a tie), y the other.
  const swap = (eb > ea) | ((eb == ea) & (bSig > aSig)); // no branch: which is larger is data
  const sx = (swap ? bSE : aSE) >> 15, sy = (swap ? aSE : bSE) >> 15;
  const ex = swap ? eb : ea, mx = swap ? bSig : aSig, my = swap ? aSig : bSig;
  const d = ex - (swap ? ea : eb);
  // y >> d as 128 bits (yh, yl), the bits shifted out of yl jammed into its bit 0.
  let yh: u64 = my, yl: u64 = 0;
  if (d >= 128) { yh = 0; yl = 1; }
  else if (d > 64) { yh = 0; yl = (my >> <u64>(d - 64)) | <u64>((my << <u64>(128 - d)) != 0); }
  else if (d == 64) { yh = 0; yl = my; }
  else if (d > 0) { yh = my >> <u64>d; yl = my << <u64>(64 - d); }
  let h: u64, l: u64, e = ex;
  if (sx == sy) {
    h = mx + yh;
    l = yl;
    if (h < mx) { // carry out of bit 127
      l = (h << 63) | (l >> 1) | (l & 1);
      h = (h >> 1) | J;
      e++;
    }
  } else {
    l = 0 - yl;
    h = mx - yh - <u64>(yl != 0);
    if (h == 0) {
      if (l == 0) { put(dst, 0, 0); return 0; } // x - x is +0 when rounding to nearest
      const z = <i32>clz<u64>(l);
      h = l << <u64>z;
      l = 0;
      e -= 64 + z;
    } else {
      const z = <i32>clz<u64>(h);
      if (z != 0) {
        h = (h << <u64>z) | (l >> <u64>(64 - z));
        l <<= <u64>z;
        e -= z;
      }
    }
  }
  return roundTo(dst, sx, e, h, l, pc53);
}

/** a * b. */
@inline function mulTo(dst: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32, pc53: bool): u32 {
  if (!bothNormal(aSig, aSE, bSig, bSE)) return NOT_COMMON;
  let h = mulHigh(aSig, bSig), l = aSig * bSig;
  // A product below 2 moves up a bit (no branch: it is below 2 about as often as not).
  const n = (h >> 63) ^ 1;
  h = (h << n) | ((l >> 63) & n);
  l <<= n;
  const e = <i32>(aSE & 0x7fff) + <i32>(bSE & 0x7fff) - BIAS + 1 - <i32>n;
  return roundTo(dst, ((aSE ^ bSE) >> 15) & 1, e, h, l, pc53);
}

/** a / b. */
@inline function divTo(dst: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32, pc53: bool): u32 {
  if (!bothNormal(aSig, aSE, bSig, bSE)) return NOT_COMMON;
  // One more quotient bit when it is below 1 (no branches: as often as not).
  const below = aSig < bSig;
  const e = <i32>(aSE & 0x7fff) - <i32>(bSE & 0x7fff) + BIAS - <i32>below;
  const u1 = select<u64>(aSig, aSig >> 1, below), u0 = select<u64>(0, aSig << 63, below);
  const q = divlu(u1, u0, bSig);
  let rem = u0 - q * bSig; // the remainder, below bSig
  const half = (rem >> 63 != 0) | (rem << 1 >= bSig); // twice the remainder reaches bSig: the round bit
  rem = (rem << 1) - select<u64>(bSig, 0, half);
  const extra = select<u64>(J, 0, half) | <u64>(rem != 0);
  return roundTo(dst, ((aSE ^ bSE) >> 15) & 1, e, q, extra, pc53);
}

// ---- The operations, by kind ---------------------------------------------------
// An arithmetic operation is one of three kinds, with variant bits: for
// OP_ADD, V_NEG_B negates b (a - b) and V_NEG_A negates a (b - a); for
// OP_DIV, V_SWAP divides b by a. V_POP pops after the register forms.
export const OP_ADD: u32 = 0;
export const OP_MUL: u32 = 1;
export const OP_DIV: u32 = 2;
export const V_NEG_B: u32 = 1;
export const V_SWAP: u32 = 1;
export const V_NEG_A: u32 = 2;
export const V_POP: u32 = 4;

/** The kind (OP_*) and variant of op r as in D8's ModRM (0 add, 1 mul, 4 a-b, 5 b-a, 6 a/b, 7 b/a), as kind << 4 | variant. */
export function arithForm(r: u32): u32 {
  switch (r) {
    case 0: return OP_ADD << 4;
    case 1: return OP_MUL << 4;
    case 4: return (OP_ADD << 4) | V_NEG_B;
    case 5: return (OP_ADD << 4) | V_NEG_A;
    case 6: return OP_DIV << 4;
    default: return (OP_DIV << 4) | V_SWAP;
  }
}

/** a op b into dst, for kind (a compile-time constant) and variant v. */
@inline function operate(kind: u32, v: u32, dst: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32, pc53: bool): u32 {
  if (kind == OP_ADD) return addTo(dst, aSig, aSE ^ ((v & V_NEG_A) << 14), bSig, bSE ^ ((v & V_NEG_B) << 15), pc53);
  if (kind == OP_MUL) return mulTo(dst, aSig, aSE, bSig, bSE, pc53);
  const swap = (v & V_SWAP) != 0;
  return divTo(dst, swap ? bSig : aSig, swap ? bSE : aSE, swap ? aSig : bSig, swap ? aSE : bSE, pc53);
}

// ---- The forms -------------------------------------------------------------------
// Each takes the state word s (begin) and returns the new one, or NOT_COMMON
// having changed nothing.

/**
 * ST(a) = ST(a) op ST(b), then a pop when v has V_POP: fadd..fdivr
 * ST0,ST(i) (a = 0), ST(i),ST0 and the popping forms (b = 0, the DC/DE
 * encodings' sub/subr and div/divr already swapped).
 */
@inline export function arithRegs(kind: u32, st: u32, s: u32, a: u32, b: u32, v: u32): u32 {
  const top = topOf(s);
  const pa = (top + a) & 7, pb = (top + b) & 7;
  if (((s >> pa) & (s >> pb) & 0x10000) == 0) return NOT_COMMON;
  const ra = regAt(st, pa), rb = regAt(st, pb);
  const flags = operate(kind, v, ra, sigOf(ra), seOf(ra), sigOf(rb), seOf(rb), pc53Of(s));
  if (flags == NOT_COMMON) return NOT_COMMON;
  return (v & V_POP) != 0 ? raisedPopped(s, flags, top) : raised(s, flags);
}

/** IEEE double bits as an extended normal number's significand (the sign and exponent: f64SE of the upper word). */
@inline function f64Sig(bits: u64): u64 { return (bits << 11) | J; }
@inline function f64SE(hi: u32): u32 { return ((hi >> 16) & 0x8000) | (((hi >> 20) & 0x7ff) + 0x3fff - 1023); }
/** A normal double (exponent neither 0 nor all ones), by its upper word. */
@inline function f64Normal(hi: u32): bool { return ((hi >> 20) & 0x7ff) - 1 < 0x7fe; }
@inline function f32Sig(bits: u32): u64 { return (<u64>bits << 40) | J; }
@inline function f32SE(bits: u32): u32 { return ((bits >> 16) & 0x8000) | (((bits >> 23) & 0xff) + 0x3fff - 127); }
@inline function f32Normal(bits: u32): bool { return ((bits >> 23) & 0xff) - 1 < 0xfe; }

/** ST0 = ST0 op the f32 (single) or f64 at mem: fadd..fdivr m32/m64. */
@inline export function arithMem(kind: u32, st: u32, s: u32, mem: u32, single: bool, v: u32): u32 {
  const top = topOf(s);
  if (!has(s, top)) return NOT_COMMON;
  let bSig: u64, bSE: u32;
  if (single) {
    const bits = load<u32>(mem);
    if (!f32Normal(bits)) return NOT_COMMON;
    bSig = f32Sig(bits); bSE = f32SE(bits);
  } else {
    const bits = load<u64>(mem);
    const hi = <u32>(bits >> 32);
    if (!f64Normal(hi)) return NOT_COMMON;
    bSig = f64Sig(bits); bSE = f64SE(hi);
  }
  const ra = regAt(st, top);
  const flags = operate(kind, v, ra, sigOf(ra), seOf(ra), bSig, bSE, pc53Of(s));
  if (flags == NOT_COMMON) return NOT_COMMON;
  return raised(s, flags);
}

/** fld m32 / m64: push the f32 (single) or f64 at mem, when it is a normal number or zero. */
@inline export function loadMem(st: u32, s: u32, mem: u32, single: bool): u32 {
  const p = (topOf(s) - 1) & 7;
  if (has(s, p)) return NOT_COMMON;
  let sig: u64, se: u32;
  if (single) {
    const bits = load<u32>(mem);
    if (f32Normal(bits)) { sig = f32Sig(bits); se = f32SE(bits); }
    else if ((bits << 1) == 0) { sig = 0; se = (bits >> 16) & 0x8000; } // a zero (a denormal raises DE)
    else return NOT_COMMON;
  } else {
    const bits = load<u64>(mem);
    const hi = <u32>(bits >> 32);
    if (f64Normal(hi)) { sig = f64Sig(bits); se = f64SE(hi); }
    else if ((bits << 1) == 0) { sig = 0; se = (hi >> 16) & 0x8000; }
    else return NOT_COMMON;
  }
  put(regAt(st, p), sig, se);
  return pushed(s, p);
}

/**
 * A normal extended value to IEEE single or double bits, written at mem (4
 * or 8 bytes), when it is a normal number there too; the status bits, or
 * NOT_COMMON having written nothing. Rounded to nearest with the
 * destination's exponent, which rounding may carry into (roundNarrow's steps).
 */
@inline function storeIeee(mem: u32, sig: u64, se: u32, single: bool): u32 {
  const expBits: u32 = single ? 8 : 11, fracBits: u32 = single ? 23 : 52;
  const emax = <i32>((<u32>1 << expBits) - 1);
  let e = <i32>(se & 0x7fff) - 0x3fff + (emax >> 1);
  if (e < 1 || e > emax - 2) return NOT_COMMON; // a denormal, or an overflow once rounded up
  const mask = (<u64>1 << <u64>(63 - fracBits)) - 1;
  const rb = sig & mask;
  const half = (mask >> 1) + 1;
  let r = sig + half;
  let f = select<u32>(PE, 0, rb != 0);
  if (r < sig) { e++; r = J; f |= C1; } // carried out of the top
  else {
    r &= select<u64>(~((mask << 1) | 1), ~mask, rb == half);
    f |= select<u32>(C1, 0, r != (sig & ~mask));
  }
  const bits = (<u64>((se >> 15) & 1) << <u64>(expBits + fracBits)) | (<u64>e << <u64>fracBits) | ((r >> <u64>(63 - fracBits)) & ((<u64>1 << <u64>fracBits) - 1));
  if (single) store<u32>(mem, <u32>bits); else store<u64>(mem, bits);
  return f;
}

/** fst / fstp m32 / m64: ST0 rounded to f32 (single) or f64 at mem (4 or 8 bytes, written last). */
@inline export function storeMem(st: u32, s: u32, mem: u32, single: bool, pop: bool): u32 {
  const top = topOf(s);
  if (!has(s, top)) return NOT_COMMON;
  const r = regAt(st, top);
  const sig = sigOf(r), se = seOf(r);
  if (!isNormal(sig, se)) return NOT_COMMON;
  const flags = storeIeee(mem, sig, se, single);
  if (flags == NOT_COMMON) return NOT_COMMON;
  return pop ? raisedPopped(s, flags, top) : raised(s, flags);
}

/** fld ST(i). */
@inline export function loadReg(st: u32, s: u32, i: u32): u32 {
  const top = topOf(s);
  const pi = (top + i) & 7, p = (top - 1) & 7;
  if (!has(s, pi) || has(s, p)) return NOT_COMMON;
  const from = regAt(st, pi);
  put(regAt(st, p), sigOf(from), seOf(from));
  return pushed(s, p);
}

/** fxch ST(i). */
@inline export function exchange(st: u32, s: u32, i: u32): u32 {
  const top = topOf(s);
  const pi = (top + i) & 7;
  if (((s >> top) & (s >> pi) & 0x10000) == 0) return NOT_COMMON;
  const r0 = regAt(st, top), ri = regAt(st, pi);
  const sig = sigOf(r0), se = seOf(r0);
  put(r0, sigOf(ri), seOf(ri));
  put(ri, sig, se);
  return s & ~C1;
}

/** fst / fstp ST(i). */
@inline export function storeReg(st: u32, s: u32, i: u32, pop: bool): u32 {
  const top = topOf(s);
  if (!has(s, top)) return NOT_COMMON;
  const pi = (top + i) & 7;
  const r0 = regAt(st, top);
  put(regAt(st, pi), sigOf(r0), seOf(r0));
  const s1 = (s & ~C1) | (0x10000 << pi);
  return pop ? (s1 & ~(0x3800 | (0x10000 << top))) | (((top + 1) & 7) << 11) : s1;
}

/** fchs (D9 E0), fabs (E1), fsqrt (FA) on ST0. */
@inline export function unary(st: u32, s: u32, modrm: u32): u32 {
  const top = topOf(s);
  if (!has(s, top)) return NOT_COMMON;
  const r = regAt(st, top);
  const sig = sigOf(r), se = seOf(r);
  if (modrm == 0xe0) { put(r, sig, se ^ 0x8000); return s & ~C1; }
  if (modrm == 0xe1) { put(r, sig, se & 0x7fff); return s & ~C1; }
  return squareRoot(r, s, sig, se);
}

/** Is (ah, al) < (bh, bl)? */
@inline function below128(ah: u64, al: u64, bh: u64, bl: u64): bool { return ah < bh || (ah == bh && al < bl); }

/**
 * fsqrt of a positive normal number in register r: sqrtExact's steps (the
 * root of the radicand sig * 2^63 or 2^64 as wide.ts isqrt128 finds it: a
 * double estimate, one Newton step from the exact remainder, exact
 * corrections), with its values in locals.
 */
function squareRoot(r: u32, s: u32, sig: u64, se: u32): u32 {
  if (!isNormal(sig, se) || (se & 0x8000) != 0) return NOT_COMMON;
  const E = <i32>se - BIAS;
  const odd = (E & 1) != 0;
  const hi = odd ? sig : sig >> 1, lo = odd ? 0 : sig << 63;
  const TWO64: f64 = 18446744073709551616.0;
  const MAX: u64 = 0xffffffffffffffff;
  const est = Math.sqrt(<f64>hi * TWO64 + <f64>lo);
  let q: u64 = est >= TWO64 ? MAX : <u64>est;
  let ph = mulHigh(q, q), pl = q * q;
  if (below128(ph, pl, hi, lo)) {
    const step = <u64>((<f64>(hi - ph - <u64>(lo < pl)) * TWO64 + <f64>(lo - pl)) / (2.0 * <f64>q));
    q = q + step < q ? MAX : q + step;
  } else {
    const step = <u64>((<f64>(ph - hi - <u64>(pl < lo)) * TWO64 + <f64>(pl - lo)) / (2.0 * <f64>q));
    q = step >= q ? 1 : q - step;
  }
  // Exact: q^2 <= R < (q+1)^2.
  for (;;) {
    ph = mulHigh(q, q); pl = q * q;
    if (!below128(hi, lo, ph, pl)) break;
    q--;
  }
  while (q != MAX) {
    const q1 = q + 1;
    const h1 = mulHigh(q1, q1), l1 = q1 * q1;
    if (below128(hi, lo, h1, l1)) break;
    q = q1; ph = h1; pl = l1;
  }
  // The remainder R - q^2 (below 2^65) gives the round and sticky bits.
  const remHi = hi - ph - <u64>(lo < pl), remLo = lo - pl;
  let extra: u64 = 0;
  if (remHi != 0 || remLo != 0) extra = (remHi != 0 || remLo > q) ? J | 1 : 1;
  const flags = roundTo(r, 0, (E >> 1) + BIAS, q, extra, pc53Of(s));
  if (flags == NOT_COMMON) return NOT_COMMON;
  return raised(s, flags);
}

// ---- By opcode and ModRM ---------------------------------------------------------

/** One form between begin and commit: the state word, or NOT_COMMON. */
@inline function once(st: u32, s: u32): u32 {
  if (s == NOT_COMMON) return NOT_COMMON;
  commit(st, s);
  return 0;
}

function arithRegsOnce(st: u32, r: u32, a: u32, b: u32, pop: bool): u32 {
  const s = begin(st);
  if (s == NOT_COMMON) return NOT_COMMON;
  const form = arithForm(r), v = (form & 15) | (pop ? V_POP : 0);
  switch (form >> 4) {
    case OP_ADD: return once(st, arithRegs(OP_ADD, st, s, a, b, v));
    case OP_MUL: return once(st, arithRegs(OP_MUL, st, s, a, b, v));
    default: return once(st, arithRegs(OP_DIV, st, s, a, b, v));
  }
}

function arithMemOnce(st: u32, r: u32, mem: u32, single: bool): u32 {
  const s = begin(st);
  if (s == NOT_COMMON) return NOT_COMMON;
  const form = arithForm(r), v = form & 15;
  switch (form >> 4) {
    case OP_ADD: return once(st, arithMem(OP_ADD, st, s, mem, single, v));
    case OP_MUL: return once(st, arithMem(OP_MUL, st, s, mem, single, v));
    default: return once(st, arithMem(OP_DIV, st, s, mem, single, v));
  }
}

/**
 * Execute op/modrm (mem: the memory operand's host address) if it is the
 * common case: returns the bytes it stored at mem (0 but for fst/fstp), or
 * NOT_COMMON, with nothing changed, if the general code must run.
 */
export function fpuFastExecute(st: u32, op: u32, modrm: u32, mem: u32): u32 {
  const r = (modrm >> 3) & 7, i = modrm & 7;
  if (modrm >= 0xc0) {
    switch (op) {
      case 0xd8: if (r != 2 && r != 3) return arithRegsOnce(st, r, 0, i, false); break;
      case 0xdc: case 0xde: if (r != 2 && r != 3) return arithRegsOnce(st, r >= 4 ? r ^ 1 : r, i, 0, op == 0xde); break;
      case 0xd9: {
        const s = begin(st);
        if (s == NOT_COMMON) return NOT_COMMON;
        if (r == 0) return once(st, loadReg(st, s, i));
        if (r == 1) return once(st, exchange(st, s, i));
        if (modrm == 0xe0 || modrm == 0xe1 || modrm == 0xfa) return once(st, unary(st, s, modrm));
        break;
      }
      case 0xdd: {
        if (r != 2 && r != 3) break;
        const s = begin(st);
        if (s == NOT_COMMON) return NOT_COMMON;
        return once(st, storeReg(st, s, i, r == 3));
      }
      default: break;
    }
    return NOT_COMMON;
  }
  switch (op) {
    case 0xd8: case 0xdc: if (r != 2 && r != 3) return arithMemOnce(st, r, mem, op == 0xd8); break;
    case 0xd9: case 0xdd: {
      if (r != 0 && r != 2 && r != 3) break;
      const s = begin(st);
      if (s == NOT_COMMON) return NOT_COMMON;
      const single = op == 0xd9;
      if (r == 0) return once(st, loadMem(st, s, mem, single));
      const done = once(st, storeMem(st, s, mem, single, r == 3));
      return done == NOT_COMMON ? NOT_COMMON : (single ? 4 : 8);
    }
    default: break;
  }
  return NOT_COMMON;
}

export { NOT_COMMON };
