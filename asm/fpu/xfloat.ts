// A 128-bit-significand working float for the transcendentals: value =
// sign * M * 2^(e - 127), M a 128-bit integer with bit 127 set (or zero).
// Operations truncate; their error is a few units of 2^-127 relative, far
// below the 2^-64 the result is rounded to, so the final roundPack is correct
// except for values within ~2^-120 of a rounding boundary. Results of every
// operation land in the scratch registers xS/xE/xH/xL (callers copy them into
// locals): AssemblyScript has no value structs and the unit must not allocate.
import { mul64, wHi, wLo } from "./wide";

export let xS: u32 = 0;
export let xE: i32 = 0;
export let xH: u64 = 0;
export let xL: u64 = 0;

export const X_ZERO_E: i32 = -0x40000000;

/** Normalize (s, e, h, l) into the scratch registers. */
export function xset(s: u32, e: i32, h: u64, l: u64): void {
  if (h == 0 && l == 0) { xS = s; xE = X_ZERO_E; xH = 0; xL = 0; return; }
  let z: i32 = h != 0 ? <i32>clz<u64>(h) : 64 + <i32>clz<u64>(l);
  if (z >= 64) { h = l; l = 0; z -= 64; e -= 64; }
  if (z > 0) { h = (h << <u64>z) | (l >> <u64>(64 - z)); l <<= <u64>z; e -= z; }
  xS = s; xE = e; xH = h; xL = l;
}

@inline export function xIsZero(h: u64): bool { return h == 0; }

/** a + b. */
export function xadd(as: u32, ae: i32, ah: u64, al: u64, bs: u32, be: i32, bh: u64, bl: u64): void {
  if (bh == 0) { xS = as; xE = ae; xH = ah; xL = al; return; }
  if (ah == 0) { xS = bs; xE = be; xH = bh; xL = bl; return; }
  // make a the larger magnitude
  if (be > ae || (be == ae && (bh > ah || (bh == ah && bl > al)))) {
    const ts = as; as = bs; bs = ts;
    const te = ae; ae = be; be = te;
    const th = ah; ah = bh; bh = th;
    const tl = al; al = bl; bl = tl;
  }
  const d = ae - be;
  if (d >= 128) { xS = as; xE = ae; xH = ah; xL = al; xnudge(bs); return; } // b is below the last bit: only its side counts
  if (d >= 64) { bl = bh >> <u64>(d - 64); bh = 0; }
  else if (d > 0) { bl = (bl >> <u64>d) | (bh << <u64>(64 - d)); bh >>= <u64>d; }
  if (as == bs) {
    let l = al + bl;
    const c1 = <u64>(l < al);
    const hs = ah + bh;
    let h = hs + c1;
    let e = ae;
    if (hs < ah || h < hs) { // carry out of bit 127
      l = (l >> 1) | (h << 63);
      h = (h >> 1) | 0x8000000000000000;
      e++;
    }
    xS = as; xE = e; xH = h; xL = l;
    return;
  }
  const l = al - bl;
  const h = ah - bh - <u64>(al < bl);
  xset(as, ae, h, l);
}

/** a - b. */
@inline export function xsub(as: u32, ae: i32, ah: u64, al: u64, bs: u32, be: i32, bh: u64, bl: u64): void {
  xadd(as, ae, ah, al, bs ^ 1, be, bh, bl);
}

/** a * b. */
export function xmul(as: u32, ae: i32, ah: u64, al: u64, bs: u32, be: i32, bh: u64, bl: u64): void {
  if (ah == 0 || bh == 0) { xS = as ^ bs; xE = X_ZERO_E; xH = 0; xL = 0; return; }
  mul64(ah, bh); const hh_h = wHi, hh_l = wLo;
  mul64(ah, bl); const hl_h = wHi, hl_l = wLo;
  mul64(al, bh); const lh_h = wHi, lh_l = wLo;
  const lost = hl_l != 0 || lh_l != 0 || (al != 0 && bl != 0); // bits below the kept 128: a sticky bit
  // 256-bit product's top 128 bits: hh + (hl_h + lh_h) at 2^64 (lower terms dropped: < 2^-126 relative)
  let l = hh_l + hl_h;
  let h = hh_h + <u64>(l < hl_h);
  const l2 = l + lh_h;
  h += <u64>(l2 < l);
  l = l2;
  let e = ae + be + 1;
  if ((h >> 63) == 0) { h = (h << 1) | (l >> 63); l <<= 1; e--; }
  xS = as ^ bs; xE = e; xH = h; xL = l | <u64>lost;
}

/** a / b (b nonzero), by restoring division: 128 quotient bits. */
export function xdiv(as: u32, ae: i32, ah: u64, al: u64, bs: u32, be: i32, bh: u64, bl: u64): void {
  if (ah == 0) { xS = as ^ bs; xE = X_ZERO_E; xH = 0; xL = 0; return; }
  let rh = ah, rl = al;
  let e = ae - be;
  let qh: u64 = 0, ql: u64 = 0;
  let top: u64 = 0;
  if (rh < bh || (rh == bh && rl < bl)) { // quotient < 1: take one more bit
    e--;
    top = rh >> 63; rh = (rh << 1) | (rl >> 63); rl <<= 1;
  }
  for (let i = 0; i < 128; i++) {
    qh = (qh << 1) | (ql >> 63); ql <<= 1;
    if (top != 0 || rh > bh || (rh == bh && rl >= bl)) {
      const nl = rl - bl;
      rh = rh - bh - <u64>(rl < bl);
      rl = nl;
      ql |= 1;
    }
    top = rh >> 63; rh = (rh << 1) | (rl >> 63); rl <<= 1;
  }
  xS = as ^ bs; xE = e; xH = qh; xL = ql | <u64>(rh != 0 || rl != 0 || top != 0); // sticky remainder
}

/** a / n for a small positive integer n (< 2^32). */
export function xdivSmall(as: u32, ae: i32, ah: u64, al: u64, n: u32): void {
  const d = <u64>n;
  // 32-bit limbs of the dividend, then two zero limbs for the fraction
  let r: u64 = 0;
  let q0: u64 = 0, q1: u64 = 0, q2: u64 = 0; // 192-bit quotient
  for (let i = 0; i < 6; i++) {
    let limb: u64 = 0;
    if (i == 0) limb = ah >> 32; else if (i == 1) limb = ah & 0xffffffff; else if (i == 2) limb = al >> 32; else if (i == 3) limb = al & 0xffffffff;
    const cur = (r << 32) | limb;
    const qd = cur / d;
    r = cur % d;
    q0 = (q0 << 32) | (q1 >> 32); q1 = (q1 << 32) | (q2 >> 32); q2 = (q2 << 32) | qd;
  }
  // quotient = q0:q1:q2 (192 bits) with the binary point 64 bits above the end: value = Q * 2^(ae - 127 - 64)
  let z: i32 = q0 != 0 ? <i32>clz<u64>(q0) : 64 + <i32>clz<u64>(q1);
  let h: u64, l: u64;
  if (z == 0) { h = q0; l = q1; }
  else if (z < 64) { h = (q0 << <u64>z) | (q1 >> <u64>(64 - z)); l = (q1 << <u64>z) | (q2 >> <u64>(64 - z)); }
  else if (z == 64) { h = q1; l = q2; }
  else { h = (q1 << <u64>(z - 64)) | (q2 >> <u64>(128 - z)); l = q2 << <u64>(z - 64); }
  xS = as; xE = ae - z; xH = h; xL = l | <u64>(r != 0); // sticky remainder
}

/** An 80-bit finite value (exponent field already made 1 for denormals by the caller's unpack) exactly. */
export function xfromF80(sign: u32, unbiasedExp: i32, sig: u64): void { xset(sign, unbiasedExp, sig, 0); }

/**
 * The series was cut off: the rest of its value is far below the last bit but
 * not zero. Nudge the sum (in xS..) by less than one unit of its last bit, in
 * the direction of the dropped term (termSign), so the final rounding sees it
 * inexact and on the right side.
 */
export function xnudge(termSign: u32): void {
  if (xH == 0) return;
  if (termSign == xS) { xL |= 1; return; }
  const l = xL - 1;
  const h = xH - <u64>(xL == 0);
  xset(xS, xE, h, l);
}
