// fadd/fsub/fmul/fdiv/fsqrt on 80-bit operands, exact then rounded once by
// roundPack. Operand checks in the CPU's order: an unsupported encoding gives
// IE and the default NaN; then NaNs propagate (IE for an SNaN); then DE for a
// denormal operand (also when the other operand is an infinity or zero), then
// the invalid combinations (inf-inf, 0*inf, 0/0, inf/inf) and ZE for x/0.
import { J, BIAS, EXP_MAX, K_ZERO, K_DENORMAL, K_INF, K_UNSUPPORTED, DE, ZE, RC_DOWN,
  classify, isNaNClass, invalid, denormalStops, operandBWasDenormal, propagateNaN2, propagateNaN1, unpack, uSign, uExp, uSig, setZero, setInf, setResult, raise } from "./float80";
import { roundPack } from "./round";
import { mul64, wHi, wLo, shiftRightJam128, shiftLeft128, sub128, add128, clz128, div128by64, isqrt128 } from "./wide";

/** Common prologue of the two-operand operations; true when the result is already decided. */
function binarySpecials(aSig: u64, aSE: u32, bSig: u64, bSE: u32, ka: u32, kb: u32): bool {
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return true; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return true; }
  return false;
}

/** DE for a denormal operand; true when the instruction stops there (DE unmasked). */
function denormals(ka: u32, kb: u32, cw: u32): bool {
  if (ka == K_DENORMAL || kb == K_DENORMAL || operandBWasDenormal) return denormalStops(cw);
  return false;
}

/** a + b. */
export function fadd(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void { addSub(aSig, aSE, bSig, bSE, cw, 0); }

/** a - b: b's sign flips after the NaN checks (a NaN keeps its sign). */
export function fsub(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void { addSub(aSig, aSE, bSig, bSE, cw, 0x8000); }

function addSub(aSig: u64, aSE: u32, bSig: u64, bSE0: u32, cw: u32, negB: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE0);
  if (binarySpecials(aSig, aSE, bSig, bSE0, ka, kb)) return;
  if (denormals(ka, kb, cw)) return;
  const bSE = bSE0 ^ negB;
  const sa = (aSE >> 15) & 1, sb = (bSE >> 15) & 1;
  if (ka == K_INF || kb == K_INF) {
    if (ka == K_INF && kb == K_INF && sa != sb) { invalid(); return; }
    setInf(ka == K_INF ? sa : sb);
    return;
  }
  if (ka == K_ZERO && kb == K_ZERO) {
    setZero(sa == sb ? sa : <u32>(((cw >> 10) & 3) == RC_DOWN));
    return;
  }
  if (kb == K_ZERO) { unpack(aSig, aSE); roundPack(uSign, uExp, uSig, 0, cw); return; }
  if (ka == K_ZERO) { unpack(bSig, bSE); roundPack(uSign, uExp, uSig, 0, cw); return; }
  unpack(aSig, aSE);
  const signA = uSign, expA = uExp, sigA = uSig;
  unpack(bSig, bSE);
  if (addExact(signA, expA, sigA, uSign, uExp, uSig)) roundPack(eSign, eExp, eSig, eExtra, cw);
  else setZero(<u32>(((cw >> 10) & 3) == RC_DOWN));
}

// The exact result of an operation on finite nonzero operands (normalized
// significands, unbounded exponents), before rounding: sign, exponent, the 64
// significand bits (bit 63 set) and the bits below them (bit 63 the round
// bit, the rest sticky). The general operations round it with roundPack; the
// common-case path (fast.ts) computes the same in its own locals.
export let eSign: u32 = 0;
export let eExp: i32 = 0;
export let eSig: u64 = 0;
export let eExtra: u64 = 0;

/** signA sigA*2^expA + signB sigB*2^expB; false when the sum is exactly zero. */
@inline export function addExact(signA: u32, expA: i32, sigA: u64, signB: u32, expB: i32, sigB: u64): bool {
  // Order by magnitude: x is the larger exponent (or equal).
  let sx = signA, ex = expA, mx = sigA, sy = signB, ey = expB, my = sigB;
  if (expB > expA || (expB == expA && sigB > sigA)) { sx = signB; ex = expB; mx = sigB; sy = signA; ey = expA; my = sigA; }
  shiftRightJam128(my, 0, ex - ey);
  const yh = wHi, yl = wLo;
  eSign = sx;
  if (sx == sy) {
    add128(mx, 0, yh, yl);
    let h = wHi, l = wLo, e = ex;
    if (h < mx) { // carry out of bit 127
      shiftRightJam128(h, l, 1);
      h = wHi | J; l = wLo; e++;
    }
    eExp = e; eSig = h; eExtra = l;
    return true;
  }
  sub128(mx, 0, yh, yl);
  const h = wHi, l = wLo;
  if (h == 0 && l == 0) return false;
  const z = clz128(h, l);
  shiftLeft128(h, l, z);
  eExp = ex - z; eSig = wHi; eExtra = wLo;
  return true;
}

/** The product of two normalized significands with exponents ea, eb. */
@inline export function mulExact(sign: u32, ea: i32, ma: u64, eb: i32, mb: u64): void {
  mul64(ma, mb);
  let h = wHi, l = wLo, e = ea + eb - BIAS + 1;
  if ((h & J) == 0) { h = (h << 1) | (l >> 63); l <<= 1; e--; }
  eSign = sign; eExp = e; eSig = h; eExtra = l;
}

/** The quotient of two normalized significands with exponents ea, eb: 64 bits, a round bit and a sticky bit. */
export function divExact(sign: u32, ea: i32, ma: u64, eb: i32, mb: u64): void {
  let e = ea - eb + BIAS;
  // One more quotient bit when it is below 1.
  if (ma >= mb) div128by64(ma >> 1, ma << 63, mb);
  else { e--; div128by64(ma, 0, mb); }
  const q = wLo;
  let rem = wHi;
  const top = rem >> 63;
  rem <<= 1;
  let extra: u64 = 0;
  if (top != 0 || rem >= mb) { rem -= mb; extra = J; }
  if (rem != 0) extra |= 1;
  eSign = sign; eExp = e; eSig = q; eExtra = extra;
}

/** The square root of a positive normalized significand with exponent e: 64 bits, a round bit and a sticky bit. */
export function sqrtExact(e: i32, m: u64): void {
  const E = e - BIAS;
  // radicand R = sig * 2^63 (E even) or sig * 2^64 (E odd); root in [2^63, 2^64)
  let rh: u64, rl: u64;
  if ((E & 1) == 0) { rh = m >> 1; rl = m << 63; } else { rh = m; rl = 0; }
  isqrt128(rh, rl);
  const r = wLo;
  mul64(r, r);
  sub128(rh, rl, wHi, wLo);
  const remHi = wHi, remLo = wLo; // < 2^65
  let extra: u64 = 0;
  if (remHi != 0 || remLo != 0) extra = (remHi != 0 || remLo > r) ? J | 1 : 1;
  eSign = 0; eExp = (E >> 1) + BIAS; eSig = r; eExtra = extra;
}

export function fmul(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (binarySpecials(aSig, aSE, bSig, bSE, ka, kb)) return;
  const sign = ((aSE ^ bSE) >> 15) & 1;
  if ((ka == K_INF && kb == K_ZERO) || (kb == K_INF && ka == K_ZERO)) { invalid(); return; }
  if (denormals(ka, kb, cw)) return;
  if (ka == K_INF || kb == K_INF) {
    setInf(sign);
    return;
  }
  if (ka == K_ZERO || kb == K_ZERO) { setZero(sign); return; }
  unpack(aSig, aSE);
  const ea = uExp, ma = uSig;
  unpack(bSig, bSE);
  mulExact(sign, ea, ma, uExp, uSig);
  roundPack(eSign, eExp, eSig, eExtra, cw);
}

/** a / b. */
export function fdiv(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (binarySpecials(aSig, aSE, bSig, bSE, ka, kb)) return;
  const sign = ((aSE ^ bSE) >> 15) & 1;
  if ((ka == K_INF && kb == K_INF) || (ka == K_ZERO && kb == K_ZERO)) { invalid(); return; }
  if (kb == K_ZERO && ka != K_INF) { raise(ZE); setInf(sign); return; } // x/0: ZE, and no DE for a denormal dividend
  if (denormals(ka, kb, cw)) return;
  if (ka == K_INF) { setInf(sign); return; }
  if (kb == K_INF) { setZero(sign); return; }
  if (ka == K_ZERO) { setZero(sign); return; }
  unpack(aSig, aSE);
  const ea = uExp, ma = uSig;
  unpack(bSig, bSE);
  divExact(sign, ea, ma, uExp, uSig);
  roundPack(eSign, eExp, eSig, eExtra, cw);
}

export function fsqrt(aSig: u64, aSE: u32, cw: u32): void {
  const k = classify(aSig, aSE);
  if (k == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(k)) { propagateNaN1(aSig, aSE); return; }
  const sign = (aSE >> 15) & 1;
  if (k == K_ZERO) { setResult(aSig, aSE); return; }
  if (sign != 0) { invalid(); return; }
  if (k == K_DENORMAL && denormalStops(cw)) return;
  if (k == K_INF) { setResult(aSig, aSE); return; }
  unpack(aSig, aSE);
  sqrtExact(uExp, uSig);
  roundPack(0, eExp, eSig, eExtra, cw);
}
