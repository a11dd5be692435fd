// Loads into and stores from the 80-bit format: f32, f64, int16/32/64, packed
// BCD. Loads are exact (no PC/RC); f32/f64 loads raise IE for an SNaN (and
// quiet it) and DE for a denormal. Stores round with RC (PC does not apply) into
// the destination's own exponent range; what does not fit gives IE and the
// format's indefinite (integer indefinite 0x8000..., BCD indefinite
// FFFF C000000000000000, the default NaN for f32/f64). Stored bits come back in
// sBits (low 64 bits) and sHi (the upper 16 bits of BCD/m80).
import { J, QUIET, BIAS, EXP_MAX, IE, DE, PE, UE, OE, C1, RC_NEAREST, RC_DOWN, RC_UP, RC_CHOP,
  K_ZERO, K_NORMAL, K_DENORMAL, K_INF, K_QNAN, K_SNAN, K_UNSUPPORTED, classify, unpack, uSign, uExp, uSig, setResult, raise, rFlags } from "./float80";

export let sBits: u64 = 0;
export let sHi: u32 = 0;

// ---------------------------------------------------------------- loads

/** fld m32: IEEE single to extended. */
export function loadF32(bits: u32): void { loadIeee(<u64>bits, 8, 23); }
/** fld m64: IEEE double to extended. */
export function loadF64(bits: u64): void { loadIeee(bits, 11, 52); }

function loadIeee(bits: u64, expBits: u32, fracBits: u32): void {
  const sign = <u32>(bits >> <u64>(expBits + fracBits)) & 1;
  const emax = (<u32>1 << expBits) - 1;
  const e = <u32>(bits >> <u64>fracBits) & emax;
  const frac = bits & ((<u64>1 << <u64>fracBits) - 1);
  const sh = <u64>(63 - fracBits);
  if (e == emax) {
    if (frac == 0) { setResult(J, (sign << 15) | EXP_MAX); return; }
    if ((frac >> <u64>(fracBits - 1)) == 0) raise(IE); // SNaN
    setResult(J | QUIET | (frac << sh), (sign << 15) | EXP_MAX);
    return;
  }
  const bias = <i32>(emax >> 1);
  if (e == 0) {
    if (frac == 0) { setResult(0, sign << 15); return; }
    raise(DE);
    const z = <i32>clz<u64>(frac << sh);
    setResult((frac << sh) << <u64>z, (sign << 15) | <u32>(1 - bias + BIAS - z));
    return;
  }
  setResult(J | (frac << sh), (sign << 15) | <u32>(<i32>e - bias + BIAS));
}

/** fild: a signed integer (already sign-extended to 64 bits), exact. */
export function loadInt(v: i64): void {
  if (v == 0) { setResult(0, 0); return; }
  const sign: u32 = v < 0 ? 1 : 0;
  const m: u64 = v < 0 ? <u64>(-v) : <u64>v; // -2^63 stays 2^63 as u64
  const z = <i32>clz<u64>(m);
  setResult(m << <u64>z, (sign << 15) | <u32>(BIAS + 63 - z));
}

/** fbld: 18 packed BCD digits (lo: digits 0-15, hi: digits 16-17 and the sign byte). Non-decimal nibbles weigh as their value. */
export function loadBCD(lo: u64, hi: u32): void {
  let v: u64 = 0;
  for (let i = 1; i >= 0; i--) v = v * 10 + <u64>((hi >> <u32>(4 * i)) & 0xf);
  for (let i = 15; i >= 0; i--) v = v * 10 + ((lo >> <u64>(4 * i)) & 0xf);
  const sign = (hi >> 15) & 1;
  if (v == 0) { setResult(0, sign << 15); return; }
  const z = <i32>clz<u64>(v);
  setResult(v << <u64>z, (sign << 15) | <u32>(BIAS + 63 - z));
}

// ---------------------------------------------------------------- stores

@inline function awayFromZero(rc: u32, sign: u32): bool {
  return (rc == RC_UP && sign == 0) || (rc == RC_DOWN && sign != 0);
}

/** fst m32 / m64. The stored bits end in sBits. */
export function storeF32(sig: u64, se: u32, cw: u32): void { storeIeee(sig, se, cw, 8, 23); }
export function storeF64(sig: u64, se: u32, cw: u32): void { storeIeee(sig, se, cw, 11, 52); }

function storeIeee(sig: u64, se: u32, cw: u32, expBits: u32, fracBits: u32): void {
  const k = classify(sig, se);
  const sign = (se >> 15) & 1;
  const emax = (<u32>1 << expBits) - 1;
  const signBit = <u64>sign << <u64>(expBits + fracBits);
  const infBits = <u64>emax << <u64>fracBits;
  const sh = <u64>(63 - fracBits);
  if (k == K_UNSUPPORTED) { raise(IE); sBits = (<u64>1 << <u64>(expBits + fracBits)) | infBits | (<u64>1 << <u64>(fracBits - 1)); return; }
  if (k == K_QNAN || k == K_SNAN) {
    if (k == K_SNAN) raise(IE);
    sBits = signBit | infBits | ((sig >> sh) & ((<u64>1 << <u64>fracBits) - 1)) | (<u64>1 << <u64>(fracBits - 1));
    return;
  }
  if (k == K_INF) { sBits = signBit | infBits; return; }
  if (k == K_ZERO) { sBits = signBit; return; }
  const rc = (cw >> 10) & 3; // a denormal source raises no DE on a store
  unpack(sig, se);
  let e = uExp - BIAS + <i32>(emax >> 1); // exponent in the destination's bias
  let m = uSig;
  const mask: u64 = (<u64>1 << sh) - 1;
  const unit = mask + 1;
  const inc: u64 = rc == RC_NEAREST ? unit >> 1 : (awayFromZero(rc, sign) ? mask : 0);
  let rb: u64;
  if (e <= 0) {
    const tiny = e < 0 || m + inc >= m; // after rounding, with an unbounded exponent, still below the smallest normal
    if (tiny && (cw & UE) == 0) { raise(UE); sBits = 0; return; } // unmasked: nothing is stored
    m = shiftRightJam(m, 1 - e);
    e = 0;
    rb = m & mask;
    if (rb != 0) { if (tiny) raise(UE); raise(PE); }
  } else {
    if (e > <i32>emax - 1 || (e == <i32>emax - 1 && m + inc < m)) {
      if ((cw & OE) == 0) { raise(OE); sBits = 0; return; } // unmasked: nothing is stored
      raise(OE | PE);
      if (rc == RC_NEAREST || awayFromZero(rc, sign)) { raise(C1); sBits = signBit | infBits; }
      else sBits = signBit | (infBits - (<u64>1 << <u64>fracBits)) | ((<u64>1 << <u64>fracBits) - 1);
      return;
    }
    rb = m & mask;
    if (rb != 0) raise(PE);
  }
  const trunc = m & ~mask;
  let s = m + inc;
  if (s < m) { e++; s = J; raise(C1); }
  else {
    let msk = mask;
    if (rc == RC_NEAREST && (rb << 1) == unit) msk |= unit;
    s &= ~msk;
    if (s != trunc) raise(C1);
  }
  if (e == 0 && (s & J) != 0) e = 1; // a denormal that rounded up to the smallest normal
  sBits = signBit | (<u64>e << <u64>fracBits) | ((s >> sh) & ((<u64>1 << <u64>fracBits) - 1));
}

function shiftRightJam(a: u64, dist: i32): u64 {
  if (dist <= 0) return a;
  if (dist < 64) return (a >> <u64>dist) | <u64>((a << <u64>(64 - dist)) != 0);
  return <u64>(a != 0);
}

// Integer rounding shared by fist/fisttp/fbstp and frndint.
export let iMag: u64 = 0;      // rounded magnitude
export let iBig: bool = false;  // magnitude >= 2^64
export let iInexact: bool = false;
export let iUp: bool = false;   // rounded away from zero

/** Round the finite nonzero value unpacked in uSign/uExp/uSig to an integer with rc. */
export function roundToInt(rc: u32): void {
  const E = uExp - BIAS;
  iBig = false; iInexact = false; iUp = false;
  if (E >= 64) { iBig = true; iMag = 0; return; }
  if (E == 63) { iMag = uSig; return; }
  let ip: u64, frac: u64; // integer part, fraction left-aligned in 64 bits
  if (E >= 0) { ip = uSig >> <u64>(63 - E); frac = uSig << <u64>(E + 1); }
  else if (E == -1) { ip = 0; frac = uSig; }
  else {
    ip = 0;
    const d = -1 - E;
    frac = d < 64 ? (uSig >> <u64>d) | <u64>((uSig << <u64>(64 - d)) != 0) : 1;
  }
  if (frac == 0) { iMag = ip; return; }
  iInexact = true;
  let up: bool;
  if (rc == RC_NEAREST) up = frac > J || (frac == J && (ip & 1) != 0);
  else if (rc == RC_CHOP) up = false;
  else up = awayFromZero(rc, uSign);
  if (up) { ip++; iUp = true; if (ip == 0) iBig = true; }
  iMag = ip;
}

/**
 * fist/fistp/fisttp m16/m32/m64: bits = 16, 32 or 64; chop for fisttp.
 * sBits gets the two's-complement integer (or the integer indefinite).
 */
export function storeInt(sig: u64, se: u32, cw: u32, bits: u32, chop: bool): void {
  const k = classify(sig, se);
  const indefinite: u64 = <u64>1 << <u64>(bits - 1);
  if (k == K_ZERO) { sBits = 0; return; }
  if (k != K_NORMAL && k != K_DENORMAL) { raise(IE); sBits = indefinite; return; }
  unpack(sig, se);
  roundToInt(chop ? RC_CHOP : (cw >> 10) & 3);
  const limit: u64 = uSign != 0 ? indefinite : indefinite - 1;
  if (iBig || iMag > limit) { raise(IE); sBits = indefinite; return; }
  if (iInexact) raise(PE);
  if (iUp) raise(C1);
  const v: u64 = uSign != 0 ? (0 - iMag) : iMag;
  sBits = bits == 64 ? v : v & ((<u64>1 << <u64>bits) - 1);
}

/** fbstp: 18-digit packed BCD; sBits the low 8 bytes, sHi the top 2 (digit pair 16-17 and the sign byte). */
export function storeBCD(sig: u64, se: u32, cw: u32): void {
  const k = classify(sig, se);
  const sign = (se >> 15) & 1;
  if (k == K_ZERO) { sBits = 0; sHi = sign << 15; return; }
  if (k != K_NORMAL && k != K_DENORMAL) { raise(IE); sBits = 0xc000000000000000; sHi = 0xffff; return; }
  unpack(sig, se);
  roundToInt((cw >> 10) & 3);
  if (iBig || iMag > 999999999999999999) { raise(IE); sBits = 0xc000000000000000; sHi = 0xffff; return; }
  if (iInexact) raise(PE);
  if (iUp) raise(C1);
  let v = iMag, lo: u64 = 0;
  for (let i = 0; i < 16; i++) { lo |= (v % 10) << <u64>(4 * i); v /= 10; }
  const d16 = <u32>(v % 10), d17 = <u32>(v / 10 % 10);
  sBits = lo;
  sHi = (sign << 15) | (d17 << 4) | d16;
}
