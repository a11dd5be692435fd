// 128-bit helpers on (hi, lo) u64 pairs; results in wHi/wLo (scratch).
export let wHi: u64 = 0;
export let wLo: u64 = 0;

/** Full 64x64 -> 128 product. */
export function mul64(a: u64, b: u64): void {
  const a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  wLo = (mid << 32) | (p00 & 0xffffffff);
  wHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** (hi, lo) >> dist, any bits shifted out ORed into bit 0 of the result. */
export function shiftRightJam128(hi: u64, lo: u64, dist: i32): void {
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
