// The x87 80-bit extended value as the unit handles it: a u64 significand
// (bit 63 the explicit integer bit J) and a u32 holding sign (bit 15) and the
// 15-bit biased exponent. Classification follows the CPU, not IEEE 754-2008:
// the encodings the 387 accepted and later CPUs reject (pseudo-NaN,
// pseudo-infinity, unnormal) are "unsupported" and raise IE as operands;
// pseudo-denormals (exponent 0, J set) are accepted as denormals.
//
// Every operation of the unit leaves its result in rSig/rSE and ORs what it
// raised into rFlags, in status-word bit positions. These are scratch outputs
// of the last call, not architectural state: the caller (the FPU device)
// clears rFlags, calls, and moves what it needs into the replica's FPU state in
// linear memory.

export const BIAS: i32 = 0x3fff;
export const EXP_MAX: u32 = 0x7fff;
export const J: u64 = 0x8000000000000000;
export const QUIET: u64 = 0x4000000000000000;
/** The default NaN ("real indefinite"): negative, quiet, fraction 1000... */
export const INDEF_SIG: u64 = 0xc000000000000000;
export const INDEF_SE: u32 = 0xffff;

// Status-word bits; the unit reports exceptions and condition codes in these positions.
export const IE: u32 = 0x0001;
export const DE: u32 = 0x0002;
export const ZE: u32 = 0x0004;
export const OE: u32 = 0x0008;
export const UE: u32 = 0x0010;
export const PE: u32 = 0x0020;
export const SF: u32 = 0x0040;
export const ES: u32 = 0x0080;
export const C0: u32 = 0x0100;
export const C1: u32 = 0x0200;
export const C2: u32 = 0x0400;
export const C3: u32 = 0x4000;
export const BUSY: u32 = 0x8000;
export const CC_MASK: u32 = C0 | C1 | C2 | C3;

// Control-word fields.
export const CW_PC_SHIFT: u32 = 8;
export const CW_RC_SHIFT: u32 = 10;
export const RC_NEAREST: u32 = 0;
export const RC_DOWN: u32 = 1;
export const RC_UP: u32 = 2;
export const RC_CHOP: u32 = 3;
export const PC_24: u32 = 0;
export const PC_53: u32 = 2;
export const PC_64: u32 = 3;

/** Result of the last operation (significand, sign+exponent) and what it raised. */
export let rSig: u64 = 0;
export let rSE: u32 = 0;
export let rFlags: u32 = 0;
/** Second result, for the operations that produce two (fxtract, fsincos, fptan). */
export let r2Sig: u64 = 0;
export let r2SE: u32 = 0;

@inline export function clearFlags(): void { rFlags = 0; }
@inline export function raise(f: u32): void { rFlags |= f; }
/** Keep only the flags in mask. */
@inline export function setFlagsMasked(mask: u32): void { rFlags &= mask; }
@inline export function setResult(sig: u64, se: u32): void { rSig = sig; rSE = se; }
@inline export function setResult2(sig: u64, se: u32): void { r2Sig = sig; r2SE = se; }

// Operand classes.
export const K_ZERO: u32 = 0;
export const K_NORMAL: u32 = 1;
export const K_DENORMAL: u32 = 2; // exponent 0, significand != 0 (pseudo-denormals included)
export const K_INF: u32 = 3;
export const K_QNAN: u32 = 4;
export const K_SNAN: u32 = 5;
export const K_UNSUPPORTED: u32 = 6; // pseudo-NaN, pseudo-infinity, unnormal

export function classify(sig: u64, se: u32): u32 {
  const e = se & EXP_MAX;
  if (e == 0) return sig == 0 ? K_ZERO : K_DENORMAL;
  if ((sig & J) == 0) return K_UNSUPPORTED;
  if (e == EXP_MAX) {
    if ((sig << 1) == 0) return K_INF;
    return (sig & QUIET) != 0 ? K_QNAN : K_SNAN;
  }
  return K_NORMAL;
}

@inline export function isNaNClass(k: u32): bool { return k == K_QNAN || k == K_SNAN; }
@inline export function signOf(se: u32): u32 { return (se >> 15) & 1; }
@inline export function expOf(se: u32): u32 { return se & EXP_MAX; }
@inline export function packSE(sign: u32, exp: u32): u32 { return (sign << 15) | exp; }

/** The tag FNSTENV/FNSAVE report for a non-empty register: 0 valid, 1 zero, 2 special. */
export function tagOf(sig: u64, se: u32): u32 {
  const e = se & EXP_MAX;
  if (e == 0) return sig == 0 ? 1 : 2;
  if (e == EXP_MAX || (sig & J) == 0) return 2;
  return 0;
}

/**
 * Set by the executor when the second operand of the next operation came from
 * an f32/f64 memory denormal: the conversion made it normal, but the operation
 * must still raise DE at the point it checks for denormal operands (not before
 * its NaN checks, as the conversion would).
 */
export let operandBWasDenormal: bool = false;
export function setOperandBWasDenormal(v: bool): void { operandBWasDenormal = v; }
/**
 * Likewise for an f32/f64 SNaN the conversion quieted: the NaN rules still
 * treat it as signalling. slot: 1 when it is the first operand of the next
 * propagateNaN2 (the reversed fsubr/fdivr), 2 when the second, 0 none.
 */
export let memSNaNSlot: u32 = 0;
export function setMemSNaNSlot(v: u32): void { memSNaNSlot = v; }

/**
 * A denormal operand: raise DE. True when DE is unmasked: the instruction then
 * stops here (no result, no further flags), as the CPU does.
 */
@inline export function denormalStops(cw: u32): bool {
  rFlags |= DE;
  return (cw & DE) == 0;
}

/** Masked response to an invalid operation: the default NaN. */
@inline export function invalid(): void {
  rFlags |= IE;
  rSig = INDEF_SIG;
  rSE = INDEF_SE;
}

@inline export function setZero(sign: u32): void { rSig = 0; rSE = sign << 15; }
@inline export function setInf(sign: u32): void { rSig = J; rSE = (sign << 15) | EXP_MAX; }

/**
 * NaN operands of a two-operand operation (at least one is a NaN, neither is
 * unsupported). An SNaN raises IE. The CPU returns the QNaN if one operand is
 * a QNaN and the other an SNaN, the NaN if only one is, and otherwise the one
 * with the larger significand (ties: the positive one), quieted.
 */
export function propagateNaN2(aSig: u64, aSE: u32, bSig: u64, bSE: u32): void {
  const ka = memSNaNSlot == 1 ? K_SNAN : classify(aSig, aSE), kb = memSNaNSlot == 2 ? K_SNAN : classify(bSig, bSE);
  const aNaN = isNaNClass(ka), bNaN = isNaNClass(kb);
  if (ka == K_SNAN || kb == K_SNAN) rFlags |= IE;
  let pickA: bool;
  if (aNaN && bNaN) {
    if (ka != kb) pickA = ka == K_QNAN;
    else {
      const qa = aSig | QUIET, qb = bSig | QUIET;
      pickA = qa > qb || (qa == qb && aSE <= bSE);
    }
  } else pickA = aNaN;
  if (pickA) { rSig = aSig | QUIET; rSE = aSE; } else { rSig = bSig | QUIET; rSE = bSE; }
}

/** A single NaN operand: quiet it, IE if it was signalling. */
export function propagateNaN1(sig: u64, se: u32): void {
  if ((sig & QUIET) == 0) rFlags |= IE;
  rSig = sig | QUIET;
  rSE = se;
}

// Unpacked finite nonzero operand: sign, unbounded exponent, normalized significand.
export let uSign: u32 = 0;
export let uExp: i32 = 0;
export let uSig: u64 = 0;

/** Unpack a finite nonzero value; denormals (also pseudo-denormals) have exponent 1 and get normalized. */
export function unpack(sig: u64, se: u32): void {
  uSign = (se >> 15) & 1;
  let e = <i32>(se & EXP_MAX);
  if (e == 0) e = 1;
  const z = <i32>clz<u64>(sig);
  uSig = sig << <u64>z;
  uExp = e - z;
}
