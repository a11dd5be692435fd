// frndint, fscale, fxtract, fprem, fprem1, fabs, fchs and the constants.
import { J, QUIET, BIAS, EXP_MAX, IE, DE, ZE, PE, C0, C1, C2, C3, RC_NEAREST, RC_CHOP, PC_64,
  K_ZERO, K_NORMAL, K_DENORMAL, K_INF, K_QNAN, K_SNAN, K_UNSUPPORTED, classify, isNaNClass, invalid, propagateNaN1, propagateNaN2,
  unpack, uSign, uExp, uSig, setResult, setResult2, setZero, setInf, raise, rSig, rSE, rFlags, denormalStops } from "./float80";
import { roundPack } from "./round";
import { roundToInt, iMag, iBig, iInexact, iUp } from "./convert";

/** fchs: flip the sign; no exception, whatever the operand. */
export function fchs(sig: u64, se: u32): void { setResult(sig, se ^ 0x8000); }
/** fabs: clear the sign; no exception, whatever the operand. */
export function fabs(sig: u64, se: u32): void { setResult(sig, se & 0x7fff); }

/** frndint: round to an integral value with RC (PC does not apply). */
export function frndint(sig: u64, se: u32, cw: u32): void {
  const k = classify(sig, se);
  if (k == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(k)) { propagateNaN1(sig, se); return; }
  if (k == K_ZERO || k == K_INF) { setResult(sig, se); return; }
  if (k == K_DENORMAL && denormalStops(cw)) return;
  unpack(sig, se);
  if (uExp - BIAS >= 63) { setResult(sig, se); return; }
  const sign = uSign;
  roundToInt((cw >> 10) & 3);
  if (iInexact) raise(PE);
  if (iUp) raise(C1);
  if (iMag == 0 && !iBig) { setZero(sign); return; }
  if (iBig) { setResult(J, (sign << 15) | <u32>(BIAS + 64)); return; }
  const z = <i32>clz<u64>(iMag);
  setResult(iMag << <u64>z, (sign << 15) | <u32>(BIAS + 63 - z));
}

/** fscale: ST0 * 2^trunc(ST1); a = ST0, b = ST1. */
export function fscale(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return; }
  const sb = (bSE >> 15) & 1;
  if (kb == K_INF) {
    if (ka == K_ZERO) { if (sb == 0) { invalid(); return; } setResult(aSig, aSE); return; }
    if (ka == K_INF) { if (sb != 0) { invalid(); return; } setResult(aSig, aSE); return; }
    if (ka == K_DENORMAL) raise(DE);
    if (sb != 0) setZero((aSE >> 15) & 1); else setInf((aSE >> 15) & 1);
    return;
  }
  if ((ka == K_DENORMAL || kb == K_DENORMAL) && denormalStops(cw)) return;
  if (ka == K_INF || ka == K_ZERO) { setResult(aSig, aSE); return; }
  let n: i32 = 0;
  if (kb != K_ZERO) {
    unpack(bSig, bSE);
    const E = uExp - BIAS;
    if (E >= 16) n = 0x10000; // beyond any exponent's reach: saturate
    else if (E >= 0) n = <i32>(uSig >> <u64>(63 - E));
    if (uSign != 0) n = -n;
  }
  unpack(aSig, aSE);
  roundPack(uSign, uExp + n, uSig, 0, cw | 0x300); // exact unless it leaves the exponent range: PC does not apply
}

/** fxtract: rSig/rSE the exponent (goes to ST1 after the push), r2 the significand (new ST0). */
export function fxtract(sig: u64, se: u32): void {
  const k = classify(sig, se);
  if (k == K_UNSUPPORTED) { invalid(); setResult2(rSig, rSE); return; }
  if (isNaNClass(k)) { propagateNaN1(sig, se); setResult2(rSig, rSE); return; }
  if (k == K_ZERO) { raise(ZE); setResult2(sig, se); setInf(1); return; }
  if (k == K_INF) { setResult2(sig, se); setInf(0); return; }
  if (k == K_DENORMAL) raise(DE);
  unpack(sig, se);
  setResult2(uSig, (uSign << 15) | <u32>BIAS);
  const e = uExp - BIAS;
  if (e == 0) { setZero(0); return; }
  const s: u32 = e < 0 ? 1 : 0;
  const m = <u64>(e < 0 ? -e : e);
  const z = <i32>clz<u64>(m);
  setResult(m << <u64>z, (s << 15) | <u32>(BIAS + 63 - z));
}

/**
 * fprem (nearest = false) / fprem1 (nearest = true) of a = ST0 by b = ST1.
 * Complete when the exponents differ by less than 64: C2 = 0 and the low
 * quotient bits Q2 Q1 Q0 in C0 C3 C1. Otherwise a partial remainder that
 * removes N = 32 + (D mod 32) quotient bits, and C2 = 1.
 */
export function fprem(aSig: u64, aSE: u32, bSig: u64, bSE: u32, nearest: bool, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return; }
  if (ka == K_INF || kb == K_ZERO) { invalid(); return; }
  if ((ka == K_DENORMAL || kb == K_DENORMAL) && denormalStops(cw)) return;
  if (ka == K_ZERO) { setResult(aSig, aSE); return; }
  if (kb == K_INF) { unpack(aSig, aSE); roundPack(uSign, uExp, uSig, 0, cw | 0x300); return; }
  unpack(aSig, aSE);
  const sa = uSign, ea = uExp, ma = uSig;
  unpack(bSig, bSE);
  const eb = uExp, mb = uSig;
  const D = ea - eb;
  if (D < 0 && !(nearest && D == -1)) {
    roundPack(sa, ea, ma, 0, (cw & ~0x300) | 0x300);
    return;
  }
  let steps = D, partial = false;
  if (D >= 64) { partial = true; steps = 32 + (D % 32); }
  // rem = ma * 2^steps mod mb (as a multiple of mb's scale), q = the quotient's low bits
  let rem = ma, q: u64 = 0;
  if (D >= 0) {
    if (rem >= mb) { rem -= mb; q = 1; }
    for (let i = 0; i < steps; i++) {
      const top = rem >> 63;
      rem <<= 1;
      q <<= 1;
      if (top != 0 || rem >= mb) { rem -= mb; q |= 1; }
    }
  }
  // The remainder's scale: rem * 2^(eb + (D - steps)) in mb's units, i.e. exponent eb + D - steps.
  let sign = sa;
  let scaleExp = eb + (D - steps);
  if (nearest && !partial) {
    // round the quotient to nearest even: compare 2*rem with mb
    let roundUp = false;
    if (D == -1) { // |a| in [|b|/2, |b|): q = 0 or 1
      // a = ma * 2^(eb-1); compare ma with mb: a > b/2 iff ma > mb ... exact half iff ma == mb
      roundUp = ma > mb; // tie (ma == mb) rounds to even q = 0
      rem = ma; scaleExp = eb - 1;
      if (roundUp) { q = 1; }
      if (roundUp) {
        // r = a - b = ma*2^(eb-1) - mb*2^eb = (ma - 2 mb) * 2^(eb-1) < 0
        const diff = (mb << 1) - ma; // may lose the top bit: 2mb - ma < mb since ma > mb, fits
        rem = diff; sign ^= 1;
      }
    } else {
      const twice = rem >> 63 != 0 ? true : (rem << 1) > mb;
      const tie = rem >> 63 == 0 && (rem << 1) == mb;
      if (twice || (tie && (q & 1) != 0)) { q++; rem = mb - rem; sign ^= 1; }
    }
  }
  const cc = partial ? C2 : ((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0);
  raise(cc);
  if (rem == 0) { setZero(sa); return; }
  const z = <i32>clz<u64>(rem);
  roundPack(sign, scaleExp - z, rem << <u64>z, 0, (cw & ~0x300) | 0x300);
}

// The constants, 128 bits each so that directed rounding sees past bit 64.
/** fld1, fldl2t, fldl2e, fldpi, fldlg2, fldln2, fldz by the low 3 bits of the D9 E8-EE opcode. */
export function loadConstant(which: u32, cw: u32): void {
  let hi: u64 = 0, lo: u64 = 0, exp: i32 = 0;
  switch (which) {
    case 0: hi = J; exp = BIAS; break;                                           // 1
    case 1: hi = 0xd49a784bcd1b8afe; lo = 0x492bf6ff4dafdb4c; exp = BIAS + 1; break; // log2(10)
    case 2: hi = 0xb8aa3b295c17f0bb; lo = 0xbe87fed0691d3e88; exp = BIAS; break;     // log2(e)
    case 3: hi = 0xc90fdaa22168c234; lo = 0xc4c6628b80dc1cd1; exp = BIAS + 1; break; // pi
    case 4: hi = 0x9a209a84fbcff798; lo = 0x8f8959ac0b7c9178; exp = BIAS - 2; break; // log10(2)
    case 5: hi = 0xb17217f7d1cf79ab; lo = 0xc9e3b39803f2f6af; exp = BIAS - 1; break; // ln(2)
    default: setZero(0); return;                                               // 0
  }
  roundPack(0, exp, hi, lo, (cw & ~0x300) | 0x300);
  rFlags &= ~(PE | C1); // the constants are exact by definition: no PE, no C1
}
