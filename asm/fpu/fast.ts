// The x87 unit's fast path: the instructions compiled floating-point code runs
// most (fld, fst/fstp, fxch, fadd/fsub/fmul/fdiv and their reversed and
// popping forms, fsqrt, fchs, fabs), in the common case only: the control word
// rounds to nearest at precision 64 or 53 with every exception masked, no
// stack overflow or underflow, arithmetic operands that are normal numbers
// with a result far from overflow and underflow (moves take any register
// contents). There it does what fpuExecute's general code does, bit for bit:
// the result, TOP and the valid bits, C1 (rounded up) and PE (inexact); it
// computes with the same exact cores (arith.ts) and rounds with the common
// case of roundPack (round.ts). Anything else answers false with nothing
// changed, and the general code runs.
//
// test/fpu replays every recorded vector with this path on and off, and
// test/core/fast-slow.test.ts runs the vectors through the machine with it
// and without (C_FORCE_SLOW turns it off): together they hold both to the CPU.
import { J, C1, rSig, rSE, setResult } from "./float80";
import { F_SW, F_VALID, F_REGS, getCW, getSW } from "./state";
import { addExact, mulExact, divExact, sqrtExact, eSign, eExp, eSig, eExtra } from "./arith";
import { NOT_COMMON, roundNearest64, roundNearestNarrow } from "./round";

let enabled: bool = true;
/** Turn the fast path off (the forced slow path and the tests compare both). */
export function setFpuFastPath(on: bool): void { enabled = on; }

/** Round to nearest, precision 53 or 64, every exception masked (reserved bits and IC aside). */
@inline function commonControl(cw: u32): bool { return (cw & 0x0c3f) == 0x003f && (cw & 0x0200) != 0; }

/** A normal number: exponent neither 0 nor all ones, integer bit set. */
@inline function isNormal(sig: u64, se: u32): bool {
  const e = se & 0x7fff;
  return e != 0 && e != 0x7fff && (sig & J) != 0;
}

@inline function sigAt(st: u32, p: u32): u64 { return load<u64>(st + F_REGS + (p << 4)); }
@inline function seAt(st: u32, p: u32): u32 { return <u32>load<u16>(st + F_REGS + (p << 4) + 8); }
@inline function putAt(st: u32, p: u32, sig: u64, se: u32): void {
  store<u64>(st + F_REGS + (p << 4), sig);
  store<u16>(st + F_REGS + (p << 4) + 8, <u16>se);
}

/** Round the exact result of arith.ts to nearest at 64 or 53 bits. */
@inline function roundExact(pc53: bool): u32 {
  return pc53 ? roundNearestNarrow(eSign, eExp, eSig | <u64>(eExtra != 0), 0x7ff) : roundNearest64(eSign, eExp, eSig, eExtra);
}

/**
 * a op b for op r as in the ModRM of D8 (0 add, 1 mul, 4 a-b, 5 b-a, 6 a/b,
 * 7 b/a) on normal operands, into rSig/rSE; the status bits, or NOT_COMMON.
 */
function arithCommon(r: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32, pc53: bool): u32 {
  if (!isNormal(aSig, aSE) || !isNormal(bSig, bSE)) return NOT_COMMON;
  const ea = <i32>(aSE & 0x7fff), eb = <i32>(bSE & 0x7fff);
  const sa = (aSE >> 15) & 1, sb = (bSE >> 15) & 1;
  switch (r) {
    case 0: case 4: case 5: {
      const exact = r == 5 ? addExact(sb, eb, bSig, sa ^ 1, ea, aSig) : addExact(sa, ea, aSig, r == 4 ? sb ^ 1 : sb, eb, bSig);
      if (!exact) { setResult(0, 0); return 0; } // x - x is +0 when rounding to nearest
      break;
    }
    case 1: mulExact(sa ^ sb, ea, aSig, eb, bSig); break;
    case 6: divExact(sa ^ sb, ea, aSig, eb, bSig); break;
    case 7: divExact(sa ^ sb, eb, bSig, ea, aSig); break;
    default: return NOT_COMMON; // fcom, fcomp
  }
  return roundExact(pc53);
}

/** IEEE single or double (expBits, fracBits) to extended, when it is a normal number or zero. */
@inline function loadCommon(bits: u64, expBits: u32, fracBits: u32): bool {
  const emax = (<u32>1 << expBits) - 1;
  const e = <u32>(bits >> <u64>fracBits) & emax;
  const sign = <u32>(bits >> <u64>(expBits + fracBits)) & 1;
  const frac = bits & ((<u64>1 << <u64>fracBits) - 1);
  if (e == 0) {
    if (frac != 0) return false; // a denormal: DE
    setResult(0, sign << 15);
    return true;
  }
  if (e == emax) return false;
  setResult(J | (frac << <u64>(63 - fracBits)), (sign << 15) | (e - (emax >> 1) + 0x3fff));
  return true;
}

/**
 * A normal extended value to IEEE single or double bits (stored in rSig),
 * when it is a normal number there too; the status bits, or NOT_COMMON.
 */
@inline function storeCommon(sig: u64, se: u32, expBits: u32, fracBits: u32): u32 {
  const emax = <i32>((<u32>1 << expBits) - 1);
  const e = <i32>(se & 0x7fff) - 0x3fff + (emax >> 1);
  if (e < 1 || e > emax - 2) return NOT_COMMON; // a denormal, or an overflow once rounded up
  const sign = (se >> 15) & 1;
  // Rounded with the destination's exponent, which rounding may carry into.
  const f = roundNearestNarrow(sign, e, sig, (<u64>1 << <u64>(63 - fracBits)) - 1);
  const bits = (<u64>sign << <u64>(expBits + fracBits)) | (<u64>(rSE & 0x7fff) << <u64>fracBits) | ((rSig >> <u64>(63 - fracBits)) & ((<u64>1 << <u64>fracBits) - 1));
  setResult(bits, 0);
  return f;
}

// The forms, one function each: the decoded cache (asm/cpu/dcache.ts) calls
// them directly, fpuFastExecute from op and ModRM. Each answers the status bits
// it set (or, for a store, the bytes it wrote at mem), or NOT_COMMON having
// changed nothing.

// The state every form starts from, packed in one value (no globals: they
// cost the hot path): the status word (bits 0-15, TOP in 11-13), the valid
// bits (16-23), precision 53 (bit 24); or NOT_COMMON when the control word is
// not the common case.
@inline function begin(st: u32): u32 {
  if (!enabled) return NOT_COMMON;
  const cw = getCW(st);
  if (!commonControl(cw)) return NOT_COMMON;
  return getSW(st) | (<u32>load<u8>(st + F_VALID) << 16) | ((cw & 0x100) == 0 ? 1 << 24 : 0);
}
@inline function topOf(s: u32): u32 { return (s >> 11) & 7; }
@inline function has(s: u32, p: u32): bool { return (s & (0x10000 << p)) != 0; }
@inline function pc53Of(s: u32): bool { return (s & (1 << 24)) != 0; }

/** Commit: C1 replaced and PE added from flags, the new TOP and valid bits. */
@inline function finish(st: u32, s: u32, flags: u32, top: u32, valid: u32): void {
  store<u8>(st + F_VALID, <u8>valid);
  store<u16>(st + F_SW, <u16>((s & ~(C1 | 0x3800)) | flags | (top << 11)));
}
@inline function validOf(s: u32): u32 { return (s >> 16) & 0xff; }

/**
 * ST(a) = ST(a) op ST(b) for op r as in D8's ModRM (0 add, 1 mul, 4 a-b,
 * 5 b-a, 6 a/b, 7 b/a), then a pop when pop: fadd..fdivr ST0,ST(i) (a = 0),
 * ST(i),ST0 and the popping forms (b = 0, the DC/DE encodings' sub/subr and
 * div/divr already swapped).
 */
export function fastArith(st: u32, r: u32, a: u32, b: u32, pop: bool): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  const pa = (top0 + a) & 7, pb = (top0 + b) & 7;
  if (!has(s0, pa) || !has(s0, pb)) return NOT_COMMON;
  const flags = arithCommon(r, sigAt(st, pa), seAt(st, pa), sigAt(st, pb), seAt(st, pb), pc53Of(s0));
  if (flags == NOT_COMMON) return NOT_COMMON;
  putAt(st, pa, rSig, rSE);
  if (pop) finish(st, s0, flags, (top0 + 1) & 7, valid0 & ~(1 << top0));
  else finish(st, s0, flags, top0, valid0);
  return flags;
}

/** ST0 = ST0 op the f32 (single) or f64 at mem: fadd..fdivr m32/m64. */
export function fastArithMem(st: u32, r: u32, mem: u32, single: bool): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  if (!has(s0, top0)) return NOT_COMMON;
  if (!(single ? loadCommon(<u64>load<u32>(mem), 8, 23) : loadCommon(load<u64>(mem), 11, 52))) return NOT_COMMON;
  const flags = arithCommon(r, sigAt(st, top0), seAt(st, top0), rSig, rSE, pc53Of(s0));
  if (flags == NOT_COMMON) return NOT_COMMON;
  putAt(st, top0, rSig, rSE);
  finish(st, s0, flags, top0, valid0);
  return flags;
}

/** fld m32 / m64: push the f32 (single) or f64 at mem. */
export function fastLoad(st: u32, mem: u32, single: bool): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  const p = (top0 - 1) & 7;
  if (has(s0, p)) return NOT_COMMON;
  if (!(single ? loadCommon(<u64>load<u32>(mem), 8, 23) : loadCommon(load<u64>(mem), 11, 52))) return NOT_COMMON;
  putAt(st, p, rSig, rSE);
  finish(st, s0, 0, p, valid0 | (1 << p));
  return 0;
}

/** fst / fstp m32 / m64: ST0 rounded to f32 (single) or f64 at mem; the bytes written. */
export function fastStore(st: u32, mem: u32, single: bool, pop: bool): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  if (!has(s0, top0)) return NOT_COMMON;
  const s = sigAt(st, top0), e = seAt(st, top0);
  if (!isNormal(s, e)) return NOT_COMMON;
  const flags = single ? storeCommon(s, e, 8, 23) : storeCommon(s, e, 11, 52);
  if (flags == NOT_COMMON) return NOT_COMMON;
  if (single) store<u32>(mem, <u32>rSig); else store<u64>(mem, rSig);
  if (pop) finish(st, s0, flags, (top0 + 1) & 7, valid0 & ~(1 << top0));
  else finish(st, s0, flags, top0, valid0);
  return single ? 4 : 8;
}

/** fld ST(i). */
export function fastFld(st: u32, i: u32): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  const pi = (top0 + i) & 7, p = (top0 - 1) & 7;
  if (!has(s0, pi) || has(s0, p)) return NOT_COMMON;
  putAt(st, p, sigAt(st, pi), seAt(st, pi));
  finish(st, s0, 0, p, valid0 | (1 << p));
  return 0;
}

/** fxch ST(i). */
export function fastFxch(st: u32, i: u32): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  const pi = (top0 + i) & 7;
  if (!has(s0, top0) || !has(s0, pi)) return NOT_COMMON;
  const s = sigAt(st, top0), e = seAt(st, top0);
  putAt(st, top0, sigAt(st, pi), seAt(st, pi));
  putAt(st, pi, s, e);
  finish(st, s0, 0, top0, valid0);
  return 0;
}

/** fst / fstp ST(i). */
export function fastFst(st: u32, i: u32, pop: bool): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  if (!has(s0, top0)) return NOT_COMMON;
  const pi = (top0 + i) & 7;
  putAt(st, pi, sigAt(st, top0), seAt(st, top0));
  const valid = valid0 | (1 << pi);
  if (pop) finish(st, s0, 0, (top0 + 1) & 7, valid & ~(1 << top0));
  else finish(st, s0, 0, top0, valid);
  return 0;
}

/** fchs (D9 E0), fabs (E1), fsqrt (FA) on ST0. */
export function fastUnary(st: u32, modrm: u32): u32 {
  const s0 = begin(st);
  if (s0 == NOT_COMMON) return NOT_COMMON;
  const top0 = topOf(s0), valid0 = validOf(s0);
  if (!has(s0, top0)) return NOT_COMMON;
  const s = sigAt(st, top0), e = seAt(st, top0);
  let flags: u32 = 0;
  if (modrm == 0xe0) putAt(st, top0, s, e ^ 0x8000);
  else if (modrm == 0xe1) putAt(st, top0, s, e & 0x7fff);
  else { // fsqrt of a positive normal number
    if (!isNormal(s, e) || (e & 0x8000) != 0) return NOT_COMMON;
    sqrtExact(<i32>e, s);
    flags = roundExact(pc53Of(s0));
    if (flags == NOT_COMMON) return NOT_COMMON;
    putAt(st, top0, rSig, rSE);
  }
  finish(st, s0, flags, top0, valid0);
  return flags;
}

/**
 * Execute op/modrm (mem: the memory operand's host address) if it is the
 * common case: returns the bytes it stored at mem (0 but for fst/fstp), or
 * NOT_COMMON, with nothing changed, if the general code must run.
 */
export function fpuFastExecute(st: u32, op: u32, modrm: u32, mem: u32): u32 {
  const r = (modrm >> 3) & 7, i = modrm & 7;
  let done: u32 = NOT_COMMON;
  if (modrm >= 0xc0) {
    switch (op) {
      case 0xd8: if (r != 2 && r != 3) done = fastArith(st, r, 0, i, false); break;
      case 0xdc: case 0xde: if (r != 2 && r != 3) done = fastArith(st, r >= 4 ? r ^ 1 : r, i, 0, op == 0xde); break;
      case 0xd9:
        if (r == 0) done = fastFld(st, i);
        else if (r == 1) done = fastFxch(st, i);
        else if (modrm == 0xe0 || modrm == 0xe1 || modrm == 0xfa) done = fastUnary(st, modrm);
        break;
      case 0xdd: if (r == 2 || r == 3) done = fastFst(st, i, r == 3); break;
      default: break;
    }
    return done == NOT_COMMON ? NOT_COMMON : 0;
  }
  switch (op) {
    case 0xd8: case 0xdc: if (r != 2 && r != 3) done = fastArithMem(st, r, mem, op == 0xd8); break;
    case 0xd9: case 0xdd:
      if (r == 0) done = fastLoad(st, mem, op == 0xd9);
      else if (r == 2 || r == 3) return fastStore(st, mem, op == 0xd9, r == 3);
      break;
    default: break;
  }
  return done == NOT_COMMON ? NOT_COMMON : 0;
}

export { NOT_COMMON };
