// 128-bit helpers on (hi, lo) u64 pairs; results in wHi/wLo (scratch).
export let wHi: u64 = 0;
export let wLo: u64 = 0;

/** Full 64x64 -> 128 product. */
@inline export function mul64(a: u64, b: u64): void {
  const a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  wLo = (mid << 32) | (p00 & 0xffffffff);
  wHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** (hi, lo) >> dist, any bits shifted out ORed into bit 0 of the result. */
@inline export function shiftRightJam128(hi: u64, lo: u64, dist: i32): void {
  if (dist <= 0) { wHi = hi; wLo = lo; return; }
  if (dist < 64) {
    const lost = lo << <u64>(64 - dist);
    wLo = (hi << <u64>(64 - dist)) | (lo >> <u64>dist) | <u64>(lost != 0);
    wHi = hi >> <u64>dist;
  } else if (dist == 64) {
    wLo = hi | <u64>(lo != 0);
    wHi = 0;
  } else if (dist < 128) {
    const lost = (hi << <u64>(128 - dist)) | lo;
    wLo = (hi >> <u64>(dist - 64)) | <u64>(lost != 0);
    wHi = 0;
  } else {
    wLo = <u64>((hi | lo) != 0);
    wHi = 0;
  }
}

/** (hi, lo) << dist for 0 <= dist < 128. */
export function shiftLeft128(hi: u64, lo: u64, dist: i32): void {
  if (dist == 0) { wHi = hi; wLo = lo; return; }
  if (dist < 64) { wHi = (hi << <u64>dist) | (lo >> <u64>(64 - dist)); wLo = lo << <u64>dist; return; }
  wHi = lo << <u64>(dist - 64);
  wLo = 0;
}

@inline export function sub128(ah: u64, al: u64, bh: u64, bl: u64): void {
  wLo = al - bl;
  wHi = ah - bh - <u64>(al < bl);
}

@inline export function add128(ah: u64, al: u64, bh: u64, bl: u64): void {
  wLo = al + bl;
  wHi = ah + bh + <u64>(wLo < al);
}

@inline export function lt128(ah: u64, al: u64, bh: u64, bl: u64): bool {
  return ah < bh || (ah == bh && al < bl);
}

/** Leading zeros of a 128-bit value (128 for zero). */
@inline export function clz128(hi: u64, lo: u64): i32 {
  return hi != 0 ? <i32>clz<u64>(hi) : 64 + <i32>clz<u64>(lo);
}

/**
 * The quotient of (u1, u0) by a normalized divisor (bit 63 set) with u1 < v,
 * so that it fits 64 bits: two 64/32-bit quotient digits estimated with the
 * machine's division and corrected (Hacker's Delight, divlu), instead of 64
 * restoring steps. Inlined: the x87 fast path divides with it too.
 */
@inline export function divlu(u1: u64, u0: u64, v: u64): u64 {
  const b: u64 = 0x100000000;
  const vn1 = v >> 32, vn0 = v & 0xffffffff;
  const un1 = u0 >> 32, un0 = u0 & 0xffffffff;
  let q1 = u1 / vn1;
  let rhat = u1 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > ((rhat << 32) | un1)) {
    q1--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  const un21 = ((u1 << 32) | un1) - q1 * v; // < v: exact modulo 2^64
  let q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > ((rhat << 32) | un0)) {
    q0--;
    rhat += vn1;
    if (rhat >= b) break;
  }
  return (q1 << 32) | q0;
}

/** (u1, u0) / v as divlu takes them: quotient in wLo, remainder in wHi. */
export function div128by64(u1: u64, u0: u64, v: u64): void {
  const q = divlu(u1, u0, v);
  wLo = q;
  wHi = u0 - q * v; // the remainder is below v < 2^64: exact modulo 2^64
}

/**
 * floor(sqrt(hi, lo)) for hi != 0, in wLo. A double-precision estimate
 * (within about 2^-52 relative), one Newton step computed in doubles from the
 * exact remainder (within one unit then), and exact corrections by squaring.
 */
export function isqrt128(hi: u64, lo: u64): void {
  const TWO64: f64 = 18446744073709551616.0;
  const MAX: u64 = 0xffffffffffffffff;
  const est = Math.sqrt(<f64>hi * TWO64 + <f64>lo);
  let r: u64 = est >= TWO64 ? MAX : <u64>est;
  // Newton: r += (R - r^2) / 2r, the remainder exact, the quotient in doubles.
  mul64(r, r);
  if (lt128(wHi, wLo, hi, lo)) {
    sub128(hi, lo, wHi, wLo);
    const step = <u64>((<f64>wHi * TWO64 + <f64>wLo) / (2.0 * <f64>r));
    r = r + step < r ? MAX : r + step;
  } else {
    sub128(wHi, wLo, hi, lo);
    const step = <u64>((<f64>wHi * TWO64 + <f64>wLo) / (2.0 * <f64>r));
    r = step >= r ? 1 : r - step;
  }
  // Exact: r^2 <= R < (r+1)^2.
  for (;;) {
    mul64(r, r);
    if (!lt128(hi, lo, wHi, wLo)) break;
    r--;
  }
  while (r != MAX) {
    mul64(r + 1, r + 1);
    if (lt128(hi, lo, wHi, wLo)) break;
    r++;
  }
  wLo = r;
}
