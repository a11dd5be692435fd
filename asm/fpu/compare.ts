// Comparisons: fcom/fucom (and their pop forms), fcomi/fucomi, ftst, fxam.
// The condition codes come back in rFlags in status-word positions: greater
// 000, less C0, equal C3, unordered C3 C2 C0 (fcomi maps C3/C2/C0 to ZF/PF/CF,
// see cmpToEflags). fcom raises IE for any NaN operand, fucom only for an SNaN;
// both raise IE for an unsupported encoding and DE for a denormal operand of an
// ordered comparison.
import { J, BIAS, EXP_MAX, IE, DE, C0, C1, C2, C3, K_ZERO, K_NORMAL, K_DENORMAL, K_INF, K_QNAN, K_SNAN, K_UNSUPPORTED,
  classify, isNaNClass, raise, operandBWasDenormal, unpack, uSign, uExp, uSig } from "./float80";

export const CC_GT: u32 = 0;
export const CC_LT: u32 = C0;
export const CC_EQ: u32 = C3;
export const CC_UN: u32 = C3 | C2 | C0;

/** Ordering of two ordered (non-NaN, supported) values: -1, 0, 1. */
export function order(aSig: u64, aSE: u32, bSig: u64, bSE: u32): i32 {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  const sa = (aSE >> 15) & 1, sb = (bSE >> 15) & 1;
  if (ka == K_ZERO && kb == K_ZERO) return 0;
  if (ka == K_ZERO) return sb != 0 ? 1 : -1;
  if (kb == K_ZERO) return sa != 0 ? -1 : 1;
  if (sa != sb) return sa != 0 ? -1 : 1;
  let mag: i32;
  if (ka == K_INF || kb == K_INF) mag = ka == kb ? 0 : (ka == K_INF ? 1 : -1);
  else {
    unpack(aSig, aSE);
    const ea = uExp, ma = uSig;
    unpack(bSig, bSE);
    mag = ea != uExp ? (ea > uExp ? 1 : -1) : (ma != uSig ? (ma > uSig ? 1 : -1) : 0);
  }
  return sa != 0 ? -mag : mag;
}

/** fcom (quiet = false) / fucom (quiet = true): condition codes in rFlags (C1 cleared). */
export function fcompare(aSig: u64, aSE: u32, bSig: u64, bSE: u32, quiet: bool): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { raise(IE | CC_UN); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) {
    if (!quiet || ka == K_SNAN || kb == K_SNAN) raise(IE);
    raise(CC_UN);
    return;
  }
  if (ka == K_DENORMAL || kb == K_DENORMAL || operandBWasDenormal) raise(DE);
  const o = order(aSig, aSE, bSig, bSE);
  raise(o > 0 ? CC_GT : o < 0 ? CC_LT : CC_EQ);
}

/** EFLAGS ZF/PF/CF of fcomi from the condition codes fcompare produced. */
export function cmpToEflags(cc: u32): u32 {
  return ((cc & C3) != 0 ? 0x40 : 0) | ((cc & C2) != 0 ? 0x04 : 0) | ((cc & C0) != 0 ? 0x01 : 0);
}

/** fxam: class in C3 C2 C0, sign in C1. */
export function fxam(sig: u64, se: u32): void {
  const k = classify(sig, se);
  let cc: u32;
  switch (k) {
    case K_UNSUPPORTED: cc = 0; break;
    case K_QNAN: case K_SNAN: cc = C0; break;
    case K_NORMAL: cc = C2; break;
    case K_INF: cc = C2 | C0; break;
    case K_ZERO: cc = C3; break;
    default: cc = C3 | C2; break; // denormal, pseudo-denormal
  }
  if ((se & 0x8000) != 0) cc |= C1;
  raise(cc);
}

/** fxam of an empty register: C3 C0, C1 the sign bit of what the register holds. */
export function fxamEmpty(se: u32): void { raise(C3 | C0 | ((se & 0x8000) != 0 ? C1 : 0)); }
