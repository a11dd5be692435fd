// fsin fcos fsincos fptan f2xm1 fyl2x fyl2xp1 fpatan.
//
// Model (fitted to the recorded vectors): the CPU reduces the argument of the
// trigonometric functions modulo pi/2 with pi rounded to 66 bits
// (0xC90FDAA22168C234C * 2^-66, as Intel documents), exactly; then the result
// is the function of the reduced argument rounded once to 64 bits with RC
// (precision control does not apply to transcendentals). The unit computes the
// reduced argument exactly in integer arithmetic and the functions in 128-bit
// working precision (xfloat.ts), then rounds with roundPack. The CPU's own
// results are within about one ulp of that and not always correctly rounded;
// the departures that are systematic are fitted below (tiny arguments, the
// out-of-domain answers, fptan/f2xm1 biases, the 67-bit chopped log2), and
// 153 of 5,906 recorded vectors still differ in the last bit or C1 (the
// allow-list in test/fpu/fpu.test.ts).
import { J, BIAS, EXP_MAX, IE, DE, ZE, PE, UE, C1, C2, K_ZERO, K_NORMAL, K_DENORMAL, K_INF, K_QNAN, K_SNAN, K_UNSUPPORTED,
  classify, isNaNClass, invalid, propagateNaN1, propagateNaN2, denormalStops, unpack, uSign, uExp, uSig,
  setResult, setResult2, setZero, setInf, raise, rSig, rSE, rFlags, setFlagsMasked, INDEF_SIG, INDEF_SE } from "./float80";
import { roundPack } from "./round";
import { xS, xE, xH, xL, xset, xadd, xsub, xmul, xdiv, xdivSmall, X_ZERO_E, xnudge } from "./xfloat";

// 128-bit constants (significand with bit 127 set; exponent of the leading bit)
const PI_H: u64 = 0xc90fdaa22168c234; const PI_L: u64 = 0xc4c6628b80dc1cd1; // pi, e = 1
const L2E_H: u64 = 0xb8aa3b295c17f0bb; const L2E_L: u64 = 0xbe87fed0691d3e88; // 1/ln 2, e = 0
const LN2_H: u64 = 0xb17217f7d1cf79ab; const LN2_L: u64 = 0xc9e3b39803f2f6af; // ln 2, e = -1
const ONE_H: u64 = 0x8000000000000000;
const SQRT2_SIG: u64 = 0xb504f333f9de6484; // sqrt(2) * 2^63
// pi rounded to 66 bits, as the CPU reduces with it: P * 2^-66 (P has 68 bits, the last two zero)
const P_HI: u64 = 0xc;
const P_LO: u64 = 0x90fdaa22168c234c;

/** Round the working value (s, e, h, l) to the 80-bit result (64-bit significand, RC of cw). */
function finish(s: u32, e: i32, h: u64, l: u64, cw: u32): void {
  if (h == 0) { setZero(s); return; }
  roundPack(s, e + BIAS, h, l, cw | 0x300);
}

// ---------------------------------------------------------------- trigonometric

let redQ: u32 = 0;
let rs: u32 = 0; let re: i32 = 0; let rh: u64 = 0; let rl: u64 = 0;

/** |x| = sig * 2^(E-63), E < 63: r = |x| - q * pi66/2 with q nearest, exactly; quadrant q mod 4 in redQ. */
function reduce(sig: u64, E: i32): void {
  if (E < -4) { redQ = 0; xset(0, E, sig, 0); rs = xS; re = xE; rh = xH; rl = xL; return; }
  // X = sig * 2^(E+4); pi66/2 = P * 2^-67; q = X / P
  let remH: u64 = 0, remL: u64 = 0, q: u64 = 0;
  const nbits = 64 + E + 4;
  for (let i = 0; i < nbits; i++) {
    const bit: u64 = i < 64 ? (sig >> <u64>(63 - i)) & 1 : 0;
    remH = (remH << 1) | (remL >> 63);
    remL = (remL << 1) | bit;
    q <<= 1;
    if (remH > P_HI || (remH == P_HI && remL >= P_LO)) {
      const nl = remL - P_LO;
      remH = remH - P_HI - <u64>(remL < P_LO);
      remL = nl;
      q |= 1;
    }
  }
  const twiceH = (remH << 1) | (remL >> 63), twiceL = remL << 1;
  let neg: u32 = 0;
  if (twiceH > P_HI || (twiceH == P_HI && (twiceL > P_LO || (twiceL == P_LO && (q & 1) != 0)))) {
    q++;
    const nl = P_LO - remL;
    remH = P_HI - remH - <u64>(P_LO < remL);
    remL = nl;
    neg = 1;
  }
  redQ = <u32>(q & 3);
  xset(neg, 60, remH, remL); // R * 2^-67
  rs = xS; re = xE; rh = xH; rl = xL;
}

let sS: u32 = 0; let sE: i32 = 0; let sH: u64 = 0; let sL: u64 = 0;
let cS: u32 = 0; let cE: i32 = 0; let cH: u64 = 0; let cL: u64 = 0;

/** sin(r) into sS.., cos(r) into cS.., by their Taylor series (|r| <= pi/4). */
function sinCosSeries(): void {
  xmul(rs, re, rh, rl, rs, re, rh, rl);
  const r2e = xE, r2h = xH, r2l = xL;
  // sin
  let ts = rs, te = re, th = rh, tl = rl;
  let as = rs, ae = re, ah = rh, al = rl;
  for (let n: u32 = 1; n < 40 && th != 0; n++) {
    xmul(ts, te, th, tl, 0, r2e, r2h, r2l);
    xdivSmall(xS ^ 1, xE, xH, xL, (2 * n) * (2 * n + 1));
    ts = xS; te = xE; th = xH; tl = xL;
    if (te < ae - 132) { xS = as; xE = ae; xH = ah; xL = al; xnudge(ts); as = xS; ae = xE; ah = xH; al = xL; break; }
    xadd(as, ae, ah, al, ts, te, th, tl);
    as = xS; ae = xE; ah = xH; al = xL;
  }
  sS = as; sE = ae; sH = ah; sL = al;
  // cos
  ts = 0; te = 0; th = ONE_H; tl = 0;
  as = 0; ae = 0; ah = ONE_H; al = 0;
  for (let n: u32 = 1; n < 40 && th != 0 && r2h != 0; n++) {
    xmul(ts, te, th, tl, 0, r2e, r2h, r2l);
    xdivSmall(xS ^ 1, xE, xH, xL, (2 * n - 1) * (2 * n));
    ts = xS; te = xE; th = xH; tl = xL;
    if (te < ae - 132) { xS = as; xE = ae; xH = ah; xL = al; xnudge(ts); as = xS; ae = xE; ah = xH; al = xL; break; }
    xadd(as, ae, ah, al, ts, te, th, tl);
    as = xS; ae = xE; ah = xH; al = xL;
  }
  cS = as; cE = ae; cH = ah; cL = al;
}

/** Move the working value in xS.. toward zero by 2^-n of itself. */
function biasTowardZero(n: i32): void {
  const s = xS, e = xE, h = xH, l = xL;
  xsub(s, e, h, l, s, e - n, h, l);
}

function clearC1(): void { raise(0); setFlagsMasked(~C1); }
const T_SIN: u32 = 0, T_COS: u32 = 1, T_SINCOS: u32 = 2, T_TAN: u32 = 3;

function trig(sig: u64, se: u32, cw: u32, kind: u32): void {
  const k = classify(sig, se);
  const two = kind == T_SINCOS || kind == T_TAN;
  if (k == K_UNSUPPORTED || k == K_INF) { invalid(); if (two) setResult2(INDEF_SIG, INDEF_SE); return; }
  if (isNaNClass(k)) { propagateNaN1(sig, se); if (two) setResult2(rSig, rSE); return; }
  const sign = (se >> 15) & 1;
  if (k == K_ZERO) {
    if (kind == T_COS) setResult(J, <u32>BIAS);
    else { setResult(sig, se); if (kind == T_SINCOS) setResult2(J, <u32>BIAS); else if (kind == T_TAN) setResult2(J, <u32>BIAS); }
    return;
  }
  unpack(sig, se);
  if (uExp - BIAS >= 63) { raise(C2); return; } // out of range: ST0 unchanged
  if (k == K_DENORMAL && denormalStops(cw)) return;
  if (uExp - BIAS < -68) {
    // The CPU's shortcut for tiny arguments: sin x = tan x = x, cos x = 1, inexact, C1 = 0 whatever RC
    // (a true denormal stays as it is and underflows; a pseudo-denormal comes back normalized).
    raise(PE);
    if ((se & EXP_MAX) == 0 && (sig & J) == 0 && kind != T_COS) raise(UE);
    const xs = (se & EXP_MAX) == 0 && (sig & J) != 0 ? se + 1 : se;
    if (kind == T_COS) setResult(J, <u32>BIAS);
    else { setResult(sig, xs); if (two) setResult2(J, <u32>BIAS); }
    return;
  }
  reduce(uSig, uExp - BIAS);
  sinCosSeries();
  // quadrant: sin(r + q pi/2), cos(r + q pi/2)
  let vs: u32, ve: i32, vh: u64, vl: u64, ws: u32, we: i32, wh: u64, wl: u64; // v = sin x, w = cos x
  switch (redQ) {
    case 0: vs = sS; ve = sE; vh = sH; vl = sL; ws = cS; we = cE; wh = cH; wl = cL; break;
    case 1: vs = cS; ve = cE; vh = cH; vl = cL; ws = sS ^ 1; we = sE; wh = sH; wl = sL; break;
    case 2: vs = sS ^ 1; ve = sE; vh = sH; vl = sL; ws = cS ^ 1; we = cE; wh = cH; wl = cL; break;
    default: vs = cS ^ 1; ve = cE; vh = cH; vl = cL; ws = sS; we = sE; wh = sH; wl = sL; break;
  }
  vs ^= sign; // sin and tan are odd, cos even
  switch (kind) {
    case T_SIN: finish(vs, ve, vh, vl, cw); break;
    case T_COS: finish(ws, we, wh, wl, cw); break;
    case T_SINCOS: {
      finish(ws, we, wh, wl, cw);
      const cosSig = rSig, cosSE = rSE, cosC1 = rFlags & C1;
      clearC1();
      finish(vs, ve, vh, vl, cw);
      clearC1(); raise(cosC1);
      setResult2(cosSig, cosSE);
      break;
    }
    default: {
      xdiv(vs, ve, vh, vl, ws, we, wh, wl);
      biasTowardZero(69); // fitted: the CPU's tangent sits about 2^-69 (relative) below the true value
      finish(xS, xE, xH, xL, cw);
      setResult2(J, <u32>BIAS);
      break;
    }
  }
}

export function fsin(sig: u64, se: u32, cw: u32): void { trig(sig, se, cw, T_SIN); }
export function fcos(sig: u64, se: u32, cw: u32): void { trig(sig, se, cw, T_COS); }
/** rSig/rSE = sin (ends in ST1), r2 = cos (pushed, ends in ST0). */
export function fsincos(sig: u64, se: u32, cw: u32): void { trig(sig, se, cw, T_SINCOS); }
/** rSig/rSE = tan (ends in ST1), r2 = 1.0 (pushed). */
export function fptan(sig: u64, se: u32, cw: u32): void { trig(sig, se, cw, T_TAN); }

// ---------------------------------------------------------------- exponential

/** 2^x - 1 (the CPU defines it for |x| <= 1). */
export function f2xm1(sig: u64, se: u32, cw: u32): void {
  const k = classify(sig, se);
  if (k == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(k)) { propagateNaN1(sig, se); return; }
  const sign = (se >> 15) & 1;
  if (k == K_ZERO) { setResult(sig, se); return; }
  if (k == K_INF) { if (sign != 0) setResult(J, 0x8000 | <u32>BIAS); else setResult(sig, se); return; }
  if (k == K_DENORMAL && denormalStops(cw)) return;
  unpack(sig, se);
  if (uExp - BIAS >= 0) {
    // Outside the documented domain |x| < 1 the CPU (as recorded) returns x itself, inexact;
    // at |x| = 1 the exact 1 or -1/2, still flagged inexact.
    raise(PE);
    if (uSig == J && uExp == BIAS) { if (sign != 0) setResult(J, 0x8000 | <u32>(BIAS - 1)); else setResult(J, <u32>BIAS); }
    else setResult(sig, se);
    return;
  }
  // t = x ln 2; expm1(t) = t + t^2/2! + ...
  xset(uSign, uExp - BIAS, uSig, 0);
  xmul(xS, xE, xH, xL, 0, -1, LN2_H, LN2_L);
  const t0s = xS, t0e = xE, t0h = xH, t0l = xL;
  let ts = t0s, te = t0e, th = t0h, tl = t0l;
  let as = t0s, ae = t0e, ah = t0h, al = t0l;
  for (let n: u32 = 2; n < 80; n++) {
    xmul(ts, te, th, tl, t0s, t0e, t0h, t0l);
    xdivSmall(xS, xE, xH, xL, n);
    ts = xS; te = xE; th = xH; tl = xL;
    if (th == 0) break;
    if (te < ae - 132) { xS = as; xE = ae; xH = ah; xL = al; xnudge(ts); as = xS; ae = xE; ah = xH; al = xL; break; }
    xadd(as, ae, ah, al, ts, te, th, tl);
    as = xS; ae = xE; ah = xH; al = xL;
  }
  xS = as; xE = ae; xH = ah; xL = al;
  biasTowardZero(68); // fitted: the CPU's 2^x-1 sits about 2^-68 (relative) below the true value
  finish(xS, xE, xH, xL, cw);
}

// ---------------------------------------------------------------- logarithms

let lS: u32 = 0; let lE: i32 = 0; let lH: u64 = 0; let lL: u64 = 0;

/** 2 atanh(z) / ln 2 = log2((1+z)/(1-z)) for |z| <= 0.18, into lS... */
function log2Atanh(zs: u32, ze: i32, zh: u64, zl: u64): void {
  xmul(zs, ze, zh, zl, zs, ze, zh, zl);
  const z2e = xE, z2h = xH, z2l = xL;
  let ps = zs, pe = ze, ph = zh, pl = zl;
  let as = zs, ae = ze, ah = zh, al = zl;
  for (let n: u32 = 1; n < 80 && zh != 0; n++) {
    xmul(ps, pe, ph, pl, 0, z2e, z2h, z2l);
    ps = xS; pe = xE; ph = xH; pl = xL;
    xdivSmall(ps, pe, ph, pl, 2 * n + 1);
    if (xH == 0) break;
    if (xE < ae - 132) { const ds = xS; xS = as; xE = ae; xH = ah; xL = al; xnudge(ds); as = xS; ae = xE; ah = xH; al = xL; break; }
    xadd(as, ae, ah, al, xS, xE, xH, xL);
    as = xS; ae = xE; ah = xH; al = xL;
  }
  xmul(as, ae + 1, ah, al, 0, 0, L2E_H, L2E_L);
  lS = xS; lE = xE; lH = xH; lL = xL;
}

/** ST1 * log2(ST0): a = ST0 (x), b = ST1 (y); the result goes to ST1. */
export function fyl2x(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return; }
  const sa = (aSE >> 15) & 1, sb = (bSE >> 15) & 1;
  if (sa != 0 && ka != K_ZERO) { invalid(); return; }
  if (ka == K_ZERO) {
    if (kb == K_ZERO) { invalid(); return; }
    if (kb != K_INF) { if (kb == K_DENORMAL && denormalStops(cw)) return; raise(ZE); }
    setInf(sb ^ 1);
    return;
  }
  if (ka == K_INF) {
    if (kb == K_ZERO) { invalid(); return; }
    if (kb == K_DENORMAL && denormalStops(cw)) return;
    setInf(sb);
    return;
  }
  if ((ka == K_DENORMAL || kb == K_DENORMAL) && denormalStops(cw)) return;
  unpack(aSig, aSE);
  let E = uExp - BIAS;
  const isOne = uSig == J && E == 0;
  if (kb == K_INF) {
    if (isOne) { invalid(); return; }
    setInf(sb ^ <u32>(E < 0));
    return;
  }
  if (kb == K_ZERO) { setZero(sb ^ <u32>(E < 0)); return; }
  // log2 x = E + log2 m, m in [sqrt2/2, sqrt2)
  let me = 0;
  if (uSig > SQRT2_SIG) { me = -1; E++; }
  xset(0, me, uSig, 0);
  const ms = xS, mE = xE, mh = xH, ml = xL;
  xsub(ms, mE, mh, ml, 0, 0, ONE_H, 0);
  const ns = xS, ne = xE, nh = xH, nl = xL;
  xadd(ms, mE, mh, ml, 0, 0, ONE_H, 0);
  xdiv(ns, ne, nh, nl, xS, xE, xH, xL);
  log2Atanh(xS, xE, xH, xL);
  const es: u32 = E < 0 ? 1 : 0;
  xset(es, 63, <u64>(E < 0 ? -E : E), 0);
  xadd(xS, xE, xH, xL, lS, lE, lH, lL);
  // fitted: the CPU multiplies by log2(x) chopped to 67 bits and a little less (it is never exact, even for x = 2^n)
  xset(xS, xE, xH, xL & 0xe000000000000000);
  xnudge(xS ^ 1);
  const gs = xS, ge = xE, gh = xH, gl = xL;
  unpack(bSig, bSE);
  xset(uSign, uExp - BIAS, uSig, 0);
  xmul(xS, xE, xH, xL, gs, ge, gh, gl);
  finish(xS, xE, xH, xL, cw);
}

/** ST1 * log2(ST0 + 1) for |ST0| < 1 - sqrt(2)/2: a = ST0, b = ST1. */
export function fyl2xp1(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return; }
  const sa = (aSE >> 15) & 1, sb = (bSE >> 15) & 1;
  if (ka == K_ZERO) {
    if (kb == K_INF) { invalid(); return; }
    if (kb == K_DENORMAL && denormalStops(cw)) return;
    setZero(sa ^ sb);
    return;
  }
  if (ka == K_INF) {
    if (sa != 0 || kb == K_ZERO) { invalid(); return; }
    if (kb == K_DENORMAL && denormalStops(cw)) return;
    setInf(sb);
    return;
  }
  if ((ka == K_DENORMAL || kb == K_DENORMAL) && denormalStops(cw)) return;
  if (kb == K_INF) { setInf(sb ^ sa); return; }
  if (kb == K_ZERO) { setZero(sa ^ sb); return; }
  unpack(aSig, aSE);
  const E = uExp - BIAS;
  if (uSign != 0 && E >= 0) { raise(PE); setResult(aSig, aSE); return; } // x <= -1: the CPU (as recorded) returns x, inexact
  xset(uSign, E, uSig, 0);
  const as = xS, ae = xE, ah = xH, al = xL;
  if (E < -2) {
    // |x| < 1/4: log2(1 + x) = 2 atanh(z) / ln 2, z = x / (2 + x)
    xadd(as, ae, ah, al, 0, 1, ONE_H, 0);
    xdiv(as, ae, ah, al, xS, xE, xH, xL);
    log2Atanh(xS, xE, xH, xL);
  } else {
    // outside the documented domain the CPU still computes y log2(1 + x): take the log of 1 + x as fyl2x does
    xadd(as, ae, ah, al, 0, 0, ONE_H, 0);
    log2Of(xS, xE, xH, xL);
  }
  // fitted: log2 chopped to 67 bits with a sticky bit (never exact: y log2(2) = y is still inexact)
  xset(lS, lE, lH, lL & 0xe000000000000000);
  xnudge(xS);
  const gs = xS, ge = xE, gh = xH, gl = xL;
  unpack(bSig, bSE);
  xset(uSign, uExp - BIAS, uSig, 0);
  xmul(xS, xE, xH, xL, gs, ge, gh, gl);
  finish(xS, xE, xH, xL, cw);
}

/** log2 of a positive working value into lS..: exponent + log2 of the significand in [sqrt2/2, sqrt2). */
function log2Of(vs: u32, ve: i32, vh: u64, vl: u64): void {
  let E = ve;
  let me = 0;
  if (vh > SQRT2_SIG) { me = -1; E++; }
  const ms: u32 = 0, mE = me, mh = vh, ml = vl;
  xsub(ms, mE, mh, ml, 0, 0, ONE_H, 0);
  const ns = xS, ne = xE, nh = xH, nl = xL;
  xadd(ms, mE, mh, ml, 0, 0, ONE_H, 0);
  xdiv(ns, ne, nh, nl, xS, xE, xH, xL);
  log2Atanh(xS, xE, xH, xL);
  const fs = lS, fe = lE, fh = lH, fl = lL;
  xset(E < 0 ? 1 : 0, 63, <u64>(E < 0 ? -E : E), 0);
  xadd(xS, xE, xH, xL, fs, fe, fh, fl);
  lS = xS; lE = xE; lH = xH; lL = xL;
}

// ---------------------------------------------------------------- arctangent

/** atan(t) for 0 <= t <= 1 into xS... */
function atanUnit(ts: u32, te: i32, th: u64, tl: u64): void {
  let addQuarter = false;
  // t > tan(pi/8) ~ 0.41421: atan t = pi/4 + atan((t-1)/(t+1))
  if (te > -2 || (te == -2 && th > 0xd413cccfe7799211)) {
    xsub(ts, te, th, tl, 0, 0, ONE_H, 0);
    const ns = xS, ne = xE, nh = xH, nl = xL;
    xadd(ts, te, th, tl, 0, 0, ONE_H, 0);
    xdiv(ns, ne, nh, nl, xS, xE, xH, xL);
    ts = xS; te = xE; th = xH; tl = xL;
    addQuarter = true;
  }
  let as = ts, ae = te, ah = th, al = tl;
  if (th != 0) {
    xmul(ts, te, th, tl, ts, te, th, tl);
    const u2e = xE, u2h = xH, u2l = xL;
    let ps = ts, pe = te, ph = th, pl = tl;
    for (let n: u32 = 1; n < 120; n++) {
      xmul(ps, pe, ph, pl, 1, u2e, u2h, u2l); // alternate signs
      ps = xS; pe = xE; ph = xH; pl = xL;
      xdivSmall(ps, pe, ph, pl, 2 * n + 1);
      if (xH == 0) break;
      if (xE < ae - 132) { const ds = xS; xS = as; xE = ae; xH = ah; xL = al; xnudge(ds); as = xS; ae = xE; ah = xH; al = xL; break; }
      xadd(as, ae, ah, al, xS, xE, xH, xL);
      as = xS; ae = xE; ah = xH; al = xL;
    }
  }
  if (addQuarter) xadd(0, -1, PI_H, PI_L, as, ae, ah, al);
  else { xS = as; xE = ae; xH = ah; xL = al; }
}

/** atan2(ST1, ST0): a = ST0 (x), b = ST1 (y); the result goes to ST1. */
export function fpatan(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void {
  const ka = classify(aSig, aSE), kb = classify(bSig, bSE);
  if (ka == K_UNSUPPORTED || kb == K_UNSUPPORTED) { invalid(); return; }
  if (isNaNClass(ka) || isNaNClass(kb)) { propagateNaN2(aSig, aSE, bSig, bSE); return; }
  const sx = (aSE >> 15) & 1, sy = (bSE >> 15) & 1;
  if ((ka == K_DENORMAL || kb == K_DENORMAL) && denormalStops(cw)) return;
  if (kb == K_ZERO) {
    if (sx == 0) setZero(sy); else finish(sy, 1, PI_H, PI_L, cw);
    return;
  }
  if (kb == K_INF) {
    if (ka == K_INF) {
      if (sx == 0) finish(sy, -1, PI_H, PI_L, cw);
      else { xadd(0, 0, PI_H, PI_L, 0, -1, PI_H, PI_L); finish(sy, xE, xH, xL, cw); }
    } else finish(sy, 0, PI_H, PI_L, cw);
    return;
  }
  if (ka == K_INF) {
    if (sx == 0) setZero(sy); else finish(sy, 1, PI_H, PI_L, cw);
    return;
  }
  if (ka == K_ZERO) { finish(sy, 0, PI_H, PI_L, cw); return; }
  unpack(aSig, aSE);
  xset(0, uExp - BIAS, uSig, 0);
  const xe = xE, xh = xH, xl = xL;
  unpack(bSig, bSE);
  xset(0, uExp - BIAS, uSig, 0);
  const ye = xE, yh = xH, yl = xL;
  const ySmaller = ye < xe || (ye == xe && (yh < xh || (yh == xh && yl <= xl)));
  if (ySmaller) xdiv(0, ye, yh, yl, 0, xe, xh, xl); else xdiv(0, xe, xh, xl, 0, ye, yh, yl);
  atanUnit(xS, xE, xH, xL);
  if (!ySmaller) xsub(0, 0, PI_H, PI_L, xS, xE, xH, xL);       // pi/2 - atan(x/y)
  if (sx != 0) xsub(0, 1, PI_H, PI_L, xS, xE, xH, xL);         // pi - a
  finish(sy, xE, xH, xL, cw);
}
