// Rounding an exact result to the destination the x87 way: to the significand
// width the precision control selects (24, 53 or 64 bits) while keeping the
// 15-bit exponent range (PC narrows the significand only), in the rounding
// mode of RC. Tininess is detected after rounding (as the CPU does; SoftFloat's
// 8086 choice too). Masked underflow: denormalize, UE only when tiny and
// inexact. Unmasked underflow/overflow: the result is scaled by 2^+-24576 and
// rounded normally, UE/OE set. C1 reports "rounded up" (the magnitude grew).
import { rFlags, rSig, rSE, J, PE, UE, OE, C1, EXP_MAX, RC_NEAREST, RC_DOWN, RC_UP, RC_CHOP, PC_24, PC_53, setResult, raise } from "./float80";

export const WRAP: i32 = 0x6000; // 24576, the exponent bias adjustment of unmasked OE/UE

/** Does RC round a value of this sign away from zero (toward its infinity)? */
@inline function awayFromZero(rc: u32, sign: u32): bool {
  return (rc == RC_UP && sign == 0) || (rc == RC_DOWN && sign != 0);
}

/**
 * Round sign * (sig . extra) * 2^(exp - BIAS - 63) and store it in rSig/rSE.
 * sig must be normalized (bit 63 set) or the whole value zero; exp is unbounded.
 * extra holds the bits below sig (bit 63 the round bit, the rest sticky).
 * cw is the control word: PC, RC, and the OM/UM masks.
 */
export function roundPack(sign: u32, exp: i32, sig: u64, extra: u64, cw: u32): void {
  if (sig == 0 && extra == 0) { setResult(0, sign << 15); return; }
  const pc = (cw >> 8) & 3, rc = (cw >> 10) & 3;
  if (pc == PC_24 || pc == PC_53 || pc == 1) { roundNarrow(sign, exp, sig | <u64>(extra != 0), pc == PC_24 ? 0xffffffffff : 0x7ff, rc, cw); return; }
  roundFull(sign, exp, sig, extra, rc, cw);
}

function roundNarrow(sign: u32, exp: i32, sig: u64, mask: u64, rc: u32, cw: u32): void {
  const unit = mask + 1;
  let inc: u64 = rc == RC_NEAREST ? unit >> 1 : (awayFromZero(rc, sign) ? mask : 0);
  if (exp <= 0) {
    const tiny = exp < 0 || sig + inc >= sig;
    if (tiny && (cw & UE) == 0) { if (scaleUnder(sign, exp)) return; exp += WRAP; }
    if (exp <= 0) {
      sig = shiftRightJam64(sig, 1 - exp);
      const rb = sig & mask;
      if (rb != 0) { if (tiny) raise(UE); raise(PE); }
      const trunc = sig & ~mask;
      sig += inc;
      let m = mask;
      if (rc == RC_NEAREST && (rb << 1) == unit) m |= unit;
      sig &= ~m;
      if (sig > trunc) raise(C1);
      setResult(sig, (sign << 15) | ((sig & J) != 0 ? 1 : 0));
      return;
    }
  }
  if (exp > 0x7ffe || (exp == 0x7ffe && sig + inc < sig)) {
    if ((cw & OE) != 0) { overflow(sign, rc, ~mask); return; }
    if (scaleOver(sign, exp)) return;
    exp -= WRAP;
  }
  const rb = sig & mask;
  if (rb != 0) raise(PE);
  const trunc = sig & ~mask;
  let s = sig + inc;
  if (s < sig) { exp++; s = J; raise(C1); }
  else {
    let m = mask;
    if (rc == RC_NEAREST && (rb << 1) == unit) m |= unit;
    s &= ~m;
    if (s != trunc) raise(C1);
  }
  setResult(s, (sign << 15) | <u32>exp);
}

function roundFull(sign: u32, exp: i32, sig: u64, extra: u64, rc: u32, cw: u32): void {
  let inc: bool = rc == RC_NEAREST ? extra >= J : (extra != 0 && awayFromZero(rc, sign));
  if (exp <= 0) {
    const tiny = exp < 0 || !inc || sig != 0xffffffffffffffff;
    if (tiny && (cw & UE) == 0) { if (scaleUnder(sign, exp)) return; exp += WRAP; }
    if (exp <= 0) {
      const d = 1 - exp;
      if (d < 64) { extra = (sig << <u64>(64 - d)) | <u64>(extra != 0); sig >>= <u64>d; }
      else if (d == 64) { extra = sig | <u64>(extra != 0); sig = 0; }
      else { extra = <u64>((sig | extra) != 0); sig = 0; }
      if (extra != 0) { if (tiny) raise(UE); raise(PE); }
      inc = rc == RC_NEAREST ? extra >= J : (extra != 0 && awayFromZero(rc, sign));
      if (inc) {
        const before = sig;
        sig++;
        if (rc == RC_NEAREST && extra == J) sig &= ~(<u64>1);
        if (sig != before) raise(C1);
      }
      setResult(sig, (sign << 15) | ((sig & J) != 0 ? 1 : 0));
      return;
    }
  }
  if (exp > 0x7ffe || (exp == 0x7ffe && sig == 0xffffffffffffffff && inc)) {
    if ((cw & OE) != 0) { overflow(sign, rc, 0xffffffffffffffff); return; }
    if (scaleOver(sign, exp)) return;
    exp -= WRAP;
  }
  if (extra != 0) raise(PE);
  if (inc) {
    const before = sig;
    sig++;
    if (sig == 0) { exp++; sig = J; }
    else if (rc == RC_NEAREST && extra == J) sig &= ~(<u64>1);
    if (sig != before) raise(C1);
  }
  setResult(sig, (sign << 15) | <u32>exp);
}

/**
 * Unmasked underflow: UE, and the caller scales by 2^24576. When even that
 * stays below the range (only fscale gets there) the CPU gives a signed zero
 * and PE, whatever RC says; true then.
 */
function scaleUnder(sign: u32, exp: i32): bool {
  raise(UE);
  if (exp + WRAP > 0) return false;
  raise(PE);
  setResult(0, sign << 15);
  return true;
}

/** Unmasked overflow: OE and scale by 2^-24576; beyond even that, infinity (C1, PE) whatever RC says. */
function scaleOver(sign: u32, exp: i32): bool {
  raise(OE);
  if (exp - WRAP <= 0x7ffe) return false;
  raise(PE | C1);
  setResult(J, (sign << 15) | EXP_MAX);
  return true;
}

/** Masked overflow: infinity when RC rounds this sign outward, else the largest finite value at the precision. */
function overflow(sign: u32, rc: u32, maxSig: u64): void {
  raise(OE | PE);
  if (rc == RC_NEAREST || awayFromZero(rc, sign)) { raise(C1); setResult(J, (sign << 15) | EXP_MAX); }
  else setResult(maxSig, (sign << 15) | 0x7ffe);
}

export function shiftRightJam64(a: u64, dist: i32): u64 {
  if (dist <= 0) return a;
  if (dist < 64) return (a >> <u64>dist) | <u64>((a << <u64>(64 - dist)) != 0);
  return <u64>(a != 0);
}

/**
 * The fast path's answer when the value is not the common case (fast.ts,
 * which rounds the common case of roundPack itself: to nearest even, an
 * exponent far from both ends of the range).
 */
export const NOT_COMMON: u32 = 0xffffffff;
