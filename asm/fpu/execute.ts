// The x87 device's instruction executor: one D8-DF instruction on a replica's
// FPU state block (state.ts). It does what is architectural around the
// arithmetic: the register stack (TOP, empty/valid), stack overflow/underflow
// (IE+SF, C1 = 1 on overflow, 0 on underflow), the masked responses (default
// NaN, integer indefinite) and the unmasked ones, and the status word: sticky
// exception flags, the condition codes each instruction defines (the others
// keep their value), ES and B when a flag is set whose mask is clear.
//
// Unmasked exceptions: IE, DE or ZE leave the destination, TOP and the sources
// unchanged (no write, no pop, no push); OE and UE write the result scaled by
// 2^-+24576 (round.ts) but a memory destination is not written; PE writes the
// result. Either way ES/B are set and the caller must deliver #MF (SIGFPE) at
// the next waiting x87 instruction (fpuPendingFault).
//
// Memory operands: the caller hands the operand's host address in linear
// memory (mem) - for a load it holds the guest bytes, for a store the executor
// writes xStoreBytes bytes there and the caller commits them to guest memory.
//
// How the core's step loop is meant to call it (integration):
//   reset: fninit(st) on the replica's F_SIZE-byte block (state.ts)
//   fwait (9B), and D8-DF except fninit/fnclex/fnstsw/fnstcw/fnstenv/fnsave:
//     if fpuPendingFault(st) -> deliver SIGFPE, si_code fpuFaultCode(st), and do not execute
//   D8-DF: copy the operand (<= 10 bytes) to a scratch buffer, r = fpuExecute(st, op, modrm, buf)
//     (which first tries the common case, fast.ts; fpuFastExecute alone may be called first by a caller
//     that knows cheaper ways to reach the operand);
//     fcmovcc: fpuSetEflags(EFLAGS) first (the condition is read from it);
//     fldenv/fnstenv, frstor/fnsave depend on the operand size: env.ts, called directly;
//     r == X_UNIMPLEMENTED -> an encoding the P6 does not define: #UD;
//     xStoreBytes -> store that many bytes of buf at the effective address (through the MMU, store log);
//     xEflagsSet -> EFLAGS ZF/PF/CF = xEflags, OF/SF/AF = 0 (fcomi family);
//     xAxSet -> AX = xAx (fnstsw ax).
//   FIP/FDP/FOP (the last instruction and data pointers) are the caller's: it knows the address.
//   Compare and snapshot the whole block, the contents of empty registers
//   included: fxam of an empty register reads their sign, as the CPU does.
import { J, INDEF_SIG, INDEF_SE, IE, DE, ZE, OE, UE, PE, SF, ES, BUSY, C0, C1, C2, C3, CC_MASK,
  rSig, rSE, r2Sig, r2SE, rFlags, clearFlags, raise, setResult, classify, K_SNAN, setOperandBWasDenormal, setMemSNaNSlot } from "./float80";
import { F_CW, F_SW, getCW, getSW, setSW, getTop, setTop, physOf, isEmpty, isEmptyPhys, regSig, regSE, setReg, setPhys, freePhys, push, pop, fninit, sigPhys, sePhys } from "./state";
import { fadd, fsub, fmul, fdiv, fsqrt } from "./arith";
import { loadF32, loadF64, loadInt, loadBCD, storeF32, storeF64, storeInt, storeBCD, sBits, sHi } from "./convert";
import { fcompare, cmpToEflags, fxam, fxamEmpty } from "./compare";
import { fchs, fabs, frndint, fscale, fxtract, fprem, loadConstant } from "./misc";
import { fsin, fcos, fsincos, fptan, fpatan, f2xm1, fyl2x, fyl2xp1 } from "./transcend";
import { fpuFastExecute, NOT_COMMON } from "./fast";

/** EFLAGS ZF/PF/CF written by fcomi/fucomi (valid when xEflagsSet). */
export let xEflags: u32 = 0;
export let xEflagsSet: bool = false;
/** Bytes the instruction stored at mem (0: none). */
export let xStoreBytes: u32 = 0;
/** AX after fnstsw ax (valid when xAxSet). */
export let xAx: u32 = 0;
export let xAxSet: bool = false;

/** EFLAGS as fcmovcc reads them (set by the caller with fpuSetEflags). */
let inEflags: u32 = 0;
export function fpuSetEflags(f: u32): void { inEflags = f; }

export const X_OK: u32 = 0;
export const X_UNIMPLEMENTED: u32 = 1;

/**
 * Is an unmasked exception pending (ES)? Then every waiting x87 instruction
 * (all but fninit, fnclex, fnstsw, fnstcw, fnstenv, fnsave) and fwait must
 * raise #MF, which Linux delivers as SIGFPE, before executing.
 */
export function fpuPendingFault(st: u32): bool { return (getSW(st) & ES) != 0; }

/**
 * The si_code Linux gives that SIGFPE (arch/x86/kernel/traps.c,
 * fpu__exception_code: the first unmasked flag in the order IE, DE, ZE, OE,
 * UE, PE): 7 FPE_FLTINV, 5 FPE_FLTUND (DE and UE), 3 FPE_FLTDIV, 4 FPE_FLTOVF,
 * 6 FPE_FLTRES; 0 when nothing is pending. The signal and where it is raised
 * are recorded (test/oracle crash_x87); the code itself only a handler sees,
 * and signal frames are not built yet.
 */
export function fpuFaultCode(st: u32): u32 {
  const err = getSW(st) & ~getCW(st) & 0x3f;
  if ((err & IE) != 0) return 7;
  if ((err & DE) != 0) return 5;
  if ((err & ZE) != 0) return 3;
  if ((err & OE) != 0) return 4;
  if ((err & UE) != 0) return 5;
  if ((err & PE) != 0) return 6;
  return 0;
}

let curCW: u32 = 0;
let ccMask: u32 = 0;

@inline function masked(f: u32): bool { return (curCW & f) != 0; }
/** The flags raised so far forbid writing the destination (unmasked IE, DE or ZE). */
@inline function blocked(): bool { return (rFlags & ~curCW & (IE | DE | ZE)) != 0; }
@inline function blockedStore(): bool { return (rFlags & ~curCW & (IE | DE | ZE | OE | UE)) != 0; }

function stackUnderflow(): void { raise(IE | SF); rFlags &= ~C1; }
function stackOverflow(): void { raise(IE | SF | C1); }

/** Binary arithmetic: r = 0 add, 1 mul, 4 a-b, 5 b-a, 6 a/b, 7 b/a. */
function arith(r: u32, aSig: u64, aSE: u32, bSig: u64, bSE: u32): void {
  switch (r) {
    case 0: fadd(aSig, aSE, bSig, bSE, curCW); break;
    case 1: fmul(aSig, aSE, bSig, bSE, curCW); break;
    case 4: fsub(aSig, aSE, bSig, bSE, curCW); break;
    case 5: fsub(bSig, bSE, aSig, aSE, curCW); break;
    case 6: fdiv(aSig, aSE, bSig, bSE, curCW); break;
    default: fdiv(bSig, bSE, aSig, aSE, curCW); break;
  }
}

/** Load the memory operand of D8/DC/DA/DE (f32, f64, int32, int16) into rSig/rSE. */
function loadMemOperand(op: u32, mem: u32): void {
  switch (op) {
    case 0xd8: loadF32(load<u32>(mem)); break;
    case 0xdc: loadF64(load<u64>(mem)); break;
    case 0xda: loadInt(<i64>load<i32>(mem)); break;
    default: loadInt(<i64>load<i16>(mem)); break;
  }
}

function commit(st: u32): void {
  let sw = getSW(st);
  sw = (sw & ~ccMask) | (rFlags & ccMask);
  sw |= rFlags & (IE | DE | ZE | OE | UE | PE | SF);
  if ((sw & ~curCW & 0x3f) != 0) sw |= ES | BUSY;
  setSW(st, sw);
}

/** Write an arithmetic result to ST(dst) unless an unmasked IE/DE/ZE forbids it; then pop `pops` times. */
function writeResult(st: u32, dst: u32, pops: u32): void {
  if (blocked()) return;
  setReg(st, dst, rSig, rSE);
  for (let i: u32 = 0; i < pops; i++) pop(st);
}

/** ST0 op= operand (D8 reg/mem, DC mem, DA, DE mem); fcom/fcomp with the operand. */
function group0(st: u32, r: u32, bSig: u64, bSE: u32, bEmpty: bool): void {
  if (r == 2 || r == 3) { compareOp(st, bSig, bSE, bEmpty, false, r == 3 ? 1 : 0); return; }
  ccMask = C1;
  if (isEmpty(st, 0) || bEmpty) {
    stackUnderflow();
    if (masked(IE)) setReg(st, 0, INDEF_SIG, INDEF_SE);
    return;
  }
  arith(r, regSig(st, 0), regSE(st, 0), bSig, bSE);
  writeResult(st, 0, 0);
}

/** fcom/fucom family on ST0 and an operand; pops 0, 1 or 2; fcomi-style when eflags. */
function compareOp(st: u32, bSig: u64, bSE: u32, bEmpty: bool, quiet: bool, pops: u32): void {
  ccMask = CC_MASK;
  if (isEmpty(st, 0) || bEmpty) {
    stackUnderflow();
    raise(C3 | C2 | C0);
  } else fcompare(regSig(st, 0), regSE(st, 0), bSig, bSE, quiet);
  if (!blocked()) for (let i: u32 = 0; i < pops; i++) pop(st);
}

/**
 * fcmovcc ST0, ST(i) (DA/DB C0-DF): cc = r (0 b, 1 e, 2 be, 3 u), negated on DB.
 * An empty ST0 or ST(i) is a stack underflow whatever the condition: the
 * masked response writes the indefinite to ST0 (recorded on the CPU).
 */
function fcmov(st: u32, op: u32, r: u32, i: u32): void {
  ccMask = C1;
  if (isEmpty(st, 0) || isEmpty(st, i)) { stackUnderflow(); if (masked(IE)) setReg(st, 0, INDEF_SIG, INDEF_SE); return; }
  let take: bool;
  switch (r) {
    case 0: take = (inEflags & 0x01) != 0; break;          // CF
    case 1: take = (inEflags & 0x40) != 0; break;          // ZF
    case 2: take = (inEflags & 0x41) != 0; break;          // CF or ZF
    default: take = (inEflags & 0x04) != 0; break;         // PF
  }
  if (op == 0xdb) take = !take;
  if (take) setReg(st, 0, regSig(st, i), regSE(st, i));
}

function fcomiOp(st: u32, i: u32, quiet: bool, popIt: bool): void {
  ccMask = C1;
  if (isEmpty(st, 0) || isEmpty(st, i)) { stackUnderflow(); raise(C3 | C2 | C0); }
  else fcompare(regSig(st, 0), regSE(st, 0), regSig(st, i), regSE(st, i), quiet);
  xEflags = cmpToEflags(rFlags); // EFLAGS are written even when an unmasked exception keeps the stack
  xEflagsSet = true;
  if (!blocked() && popIt) pop(st);
  rFlags &= ~(C0 | C2 | C3);
}

/** Push a loaded value (rSig/rSE, flags already raised): overflow check first. */
function pushLoaded(st: u32): void {
  if ((rFlags & ~curCW & IE) != 0) return; // an unmasked DE still loads (the CPU pushes the normalized value)
  push(st, rSig, rSE);
}

function checkPushRoom(st: u32): bool {
  if (!isEmptyPhys(st, (getTop(st) - 1) & 7)) {
    stackOverflow();
    if (masked(IE)) push(st, INDEF_SIG, INDEF_SE);
    return false;
  }
  return true;
}

/** Unary operation on ST0 in place. */
function unaryST0(st: u32, which: u32): void {
  ccMask = C1;
  if (isEmpty(st, 0)) { stackUnderflow(); if (masked(IE)) setReg(st, 0, INDEF_SIG, INDEF_SE); return; }
  const s = regSig(st, 0), e = regSE(st, 0);
  switch (which) {
    case 0xe0: fchs(s, e); break;
    case 0xe1: fabs(s, e); break;
    case 0xfa: fsqrt(s, e, curCW); break;
    case 0xfc: frndint(s, e, curCW); break;
    case 0xf0: f2xm1(s, e, curCW); break;
    case 0xfe: ccMask = C1 | C2; fsin(s, e, curCW); break;
    default: ccMask = C1 | C2; fcos(s, e, curCW); break;
  }
  if ((rFlags & C2) != 0) return; // fsin/fcos out of range: ST0 unchanged
  writeResult(st, 0, 0);
}

/** fxtract, fsincos, fptan: ST0 replaced by rSig/rSE, then r2 pushed. */
function twoResults(st: u32, which: u32): void {
  ccMask = C1;
  if (which != 0xf4) ccMask = C1 | C2;
  if (isEmpty(st, 0)) {
    stackUnderflow();
    if (masked(IE)) { setReg(st, 0, INDEF_SIG, INDEF_SE); push(st, INDEF_SIG, INDEF_SE); }
    return;
  }
  if (!isEmptyPhys(st, (getTop(st) - 1) & 7)) {
    stackOverflow();
    if (masked(IE)) { setReg(st, 0, INDEF_SIG, INDEF_SE); push(st, INDEF_SIG, INDEF_SE); }
    return;
  }
  const s = regSig(st, 0), e = regSE(st, 0);
  switch (which) {
    case 0xf4: fxtract(s, e); break;
    case 0xfb: fsincos(s, e, curCW); break;
    default: fptan(s, e, curCW); break;
  }
  if ((rFlags & C2) != 0) return; // out of range: unchanged
  if (blocked()) return;
  setReg(st, 0, rSig, rSE);
  push(st, r2Sig, r2SE);
}

/** ST0 and ST1 in, result to ST0 (fscale, fprem, fprem1) or to ST1 and pop (fyl2x, fpatan, fyl2xp1). */
function binaryST01(st: u32, which: u32): void {
  ccMask = C1;
  if (which == 0xf8 || which == 0xf5) ccMask = CC_MASK;
  const toST1 = which == 0xf1 || which == 0xf3 || which == 0xf9;
  if (isEmpty(st, 0) || isEmpty(st, 1)) {
    stackUnderflow();
    if (masked(IE)) { setReg(st, toST1 ? 1 : 0, INDEF_SIG, INDEF_SE); if (toST1) pop(st); }
    return;
  }
  const a = regSig(st, 0), ae = regSE(st, 0), b = regSig(st, 1), be = regSE(st, 1);
  switch (which) {
    case 0xfd: fscale(a, ae, b, be, curCW); break;
    case 0xf8: fprem(a, ae, b, be, false, curCW); break;
    case 0xf5: fprem(a, ae, b, be, true, curCW); break;
    case 0xf1: fyl2x(a, ae, b, be, curCW); break;
    case 0xf9: fyl2xp1(a, ae, b, be, curCW); break;
    default: fpatan(a, ae, b, be, curCW); break;
  }
  writeResult(st, toST1 ? 1 : 0, toST1 ? 1 : 0);
}

/** A store of ST0 to memory (fst/fist/fisttp/fbstp/fstp m80); pops when popIt. */
function storeOp(st: u32, kind: u32, mem: u32, popIt: bool): void {
  ccMask = C1;
  const empty = isEmpty(st, 0);
  const s = empty ? INDEF_SIG : regSig(st, 0), e = empty ? INDEF_SE : regSE(st, 0);
  if (empty) stackUnderflow();
  let n: u32 = 0;
  switch (kind) {
    case 0: if (!empty) storeF32(s, e, curCW); else sBits = 0xffc00000; n = 4; break;
    case 1: if (!empty) storeF64(s, e, curCW); else sBits = 0xfff8000000000000; n = 8; break;
    case 2: if (!empty) storeInt(s, e, curCW, 16, false); else sBits = 0x8000; n = 2; break;
    case 3: if (!empty) storeInt(s, e, curCW, 32, false); else sBits = 0x80000000; n = 4; break;
    case 4: if (!empty) storeInt(s, e, curCW, 64, false); else sBits = 0x8000000000000000; n = 8; break;
    case 5: if (!empty) storeInt(s, e, curCW, 16, true); else sBits = 0x8000; n = 2; break;
    case 6: if (!empty) storeInt(s, e, curCW, 32, true); else sBits = 0x80000000; n = 4; break;
    case 7: if (!empty) storeInt(s, e, curCW, 64, true); else sBits = 0x8000000000000000; n = 8; break;
    case 8: if (!empty) storeBCD(s, e, curCW); else { sBits = 0xc000000000000000; sHi = 0xffff; } n = 10; break;
    default: sBits = s; sHi = e; n = 10; break; // fstp m80: the register image, no checks
  }
  if (blockedStore()) return;
  if (n == 2) store<u16>(mem, <u16>sBits);
  else if (n == 4) store<u32>(mem, <u32>sBits);
  else { store<u64>(mem, sBits); if (n == 10) store<u16>(mem + 8, <u16>sHi); }
  xStoreBytes = n;
  if (popIt) pop(st);
}

/**
 * Execute one x87 instruction: op is the opcode byte D8-DF, modrm its ModRM
 * byte, mem the host address of the memory operand (ignored for register forms).
 */
export function fpuExecute(st: u32, op: u32, modrm: u32, mem: u32): u32 {
  xEflagsSet = false;
  xAxSet = false;
  const fast = fpuFastExecute(st, op, modrm, mem);
  if (fast != NOT_COMMON) { xStoreBytes = fast; return X_OK; }
  clearFlags();
  xStoreBytes = 0;
  curCW = getCW(st);
  ccMask = 0;
  const r = (modrm >> 3) & 7, i = modrm & 7, isReg = modrm >= 0xc0;
  switch (op) {
    case 0xd8: case 0xdc: case 0xda: case 0xde: {
      if (!isReg) {
        loadMemOperand(op, mem);
        // A denormal f32/f64 was normalized by the conversion: the operation raises its DE at its own point.
        setOperandBWasDenormal((rFlags & DE) != 0);
        setMemSNaNSlot((rFlags & IE) != 0 ? (r == 5 || r == 7 ? 1 : 2) : 0);
        rFlags &= ~DE;
        const cf = rFlags;
        if (blocked()) { ccMask = C1; setOperandBWasDenormal(false); setMemSNaNSlot(0); break; }
        // An SNaN operand was quieted by the conversion; its IE stands, and the NaN rules see the QNaN.
        group0(st, r, rSig, rSE, false);
        rFlags |= cf;
        setOperandBWasDenormal(false);
        setMemSNaNSlot(0);
        break;
      }
      if (op == 0xd8) { group0(st, r, regSig(st, i), regSE(st, i), isEmpty(st, i)); break; }
      if (op == 0xda) {
        if (modrm == 0xe9) { compareOp(st, regSig(st, 1), regSE(st, 1), isEmpty(st, 1), true, 2); break; }
        if (r < 4) { fcmov(st, op, r, i); break; }
        return X_UNIMPLEMENTED;
      }
      if (op == 0xde && r == 3) { if (i != 1) return X_UNIMPLEMENTED; compareOp(st, regSig(st, 1), regSE(st, 1), isEmpty(st, 1), false, 2); break; }
      if (r == 2 || r == 3) {
        if (op == 0xdc) { compareOp(st, regSig(st, i), regSE(st, i), isEmpty(st, i), false, r == 3 ? 1 : 0); break; }
        return X_UNIMPLEMENTED;
      }
      // DC/DE register forms: ST(i) = ST(i) op ST0 with the sub/subr and div/divr encodings swapped.
      ccMask = C1;
      const rr = r >= 4 ? r ^ 1 : r;
      const pops: u32 = op == 0xde ? 1 : 0;
      if (isEmpty(st, 0) || isEmpty(st, i)) {
        stackUnderflow();
        if (masked(IE)) { setReg(st, i, INDEF_SIG, INDEF_SE); if (pops != 0) pop(st); }
        break;
      }
      arith(rr, regSig(st, i), regSE(st, i), regSig(st, 0), regSE(st, 0));
      writeResult(st, i, pops);
      break;
    }
    case 0xd9: {
      if (!isReg) {
        switch (r) {
          case 0: { ccMask = C1; if (!checkPushRoom(st)) break; loadF32(load<u32>(mem)); pushLoaded(st); break; }
          case 2: storeOp(st, 0, mem, false); break;
          case 3: storeOp(st, 0, mem, true); break;
          case 5: store<u16>(st + F_CW, <u16>(load<u16>(mem) | 0x40)); curCW = getCW(st); break;
          case 7: store<u16>(mem, <u16>curCW); xStoreBytes = 2; return X_OK;
          default: return X_UNIMPLEMENTED; // fldenv, fnstenv: env.ts
        }
        break;
      }
      if (modrm < 0xc8) { // fld st(i)
        ccMask = C1;
        const empty = isEmpty(st, i);
        const s = regSig(st, i), e = regSE(st, i);
        if (!checkPushRoom(st)) break;
        if (empty) { stackUnderflow(); if (masked(IE)) push(st, INDEF_SIG, INDEF_SE); break; }
        push(st, s, e);
        break;
      }
      if (modrm < 0xd0) { // fxch st(i)
        ccMask = C1;
        const e0 = isEmpty(st, 0), ei = isEmpty(st, i);
        if (e0 || ei) { stackUnderflow(); if (!masked(IE)) break; }
        const s0 = e0 ? INDEF_SIG : regSig(st, 0), x0 = e0 ? INDEF_SE : regSE(st, 0);
        const si = ei ? INDEF_SIG : regSig(st, i), xi = ei ? INDEF_SE : regSE(st, i);
        setReg(st, 0, si, xi);
        setReg(st, i, s0, x0);
        break;
      }
      if (modrm == 0xd0) break; // fnop
      if (modrm >= 0xe8 && modrm <= 0xee) { ccMask = C1; if (!checkPushRoom(st)) break; loadConstant(modrm - 0xe8, curCW); push(st, rSig, rSE); break; }
      switch (modrm) {
        case 0xe0: case 0xe1: case 0xfa: case 0xfc: case 0xf0: case 0xfe: case 0xff: unaryST0(st, modrm); break;
        case 0xe4: { // ftst
          ccMask = CC_MASK;
          if (isEmpty(st, 0)) { stackUnderflow(); raise(C3 | C2 | C0); break; }
          fcompare(regSig(st, 0), regSE(st, 0), 0, 0, false);
          break;
        }
        case 0xe5: { // fxam
          ccMask = CC_MASK;
          if (isEmpty(st, 0)) fxamEmpty(regSE(st, 0)); else fxam(regSig(st, 0), regSE(st, 0));
          break;
        }
        case 0xf4: case 0xfb: case 0xf2: twoResults(st, modrm); break;
        case 0xfd: case 0xf8: case 0xf5: case 0xf1: case 0xf3: case 0xf9: binaryST01(st, modrm); break;
        case 0xf6: ccMask = C1; setTop(st, getTop(st) - 1); break; // fdecstp
        case 0xf7: ccMask = C1; setTop(st, getTop(st) + 1); break; // fincstp
        default: return X_UNIMPLEMENTED;
      }
      break;
    }
    case 0xdb: {
      if (!isReg) {
        switch (r) {
          case 0: { ccMask = C1; if (!checkPushRoom(st)) break; loadInt(<i64>load<i32>(mem)); pushLoaded(st); break; }
          case 1: storeOp(st, 6, mem, true); break;
          case 2: storeOp(st, 3, mem, false); break;
          case 3: storeOp(st, 3, mem, true); break;
          case 5: { ccMask = C1; if (!checkPushRoom(st)) break; push(st, load<u64>(mem), <u32>load<u16>(mem + 8)); break; }
          case 7: storeOp(st, 9, mem, true); break;
          default: return X_UNIMPLEMENTED;
        }
        break;
      }
      if (modrm == 0xe2) { setSW(st, getSW(st) & ~(0x80ff)); return X_OK; } // fnclex
      if (modrm == 0xe3) { fninit(st); return X_OK; }
      if (r == 5) { fcomiOp(st, i, true, false); break; }
      if (r == 6) { fcomiOp(st, i, false, false); break; }
      if (r < 4) { fcmov(st, op, r, i); break; }
      return X_UNIMPLEMENTED;
    }
    case 0xdd: {
      if (!isReg) {
        switch (r) {
          case 0: { ccMask = C1; if (!checkPushRoom(st)) break; loadF64(load<u64>(mem)); pushLoaded(st); break; }
          case 1: storeOp(st, 7, mem, true); break;
          case 2: storeOp(st, 1, mem, false); break;
          case 3: storeOp(st, 1, mem, true); break;
          case 7: store<u16>(mem, <u16>getSW(st)); xStoreBytes = 2; return X_OK;
          default: return X_UNIMPLEMENTED; // frstor, fnsave: env.ts
        }
        break;
      }
      if (r == 0) { freePhys(st, physOf(st, i)); break; } // ffree
      if (r == 2 || r == 3) { // fst/fstp st(i)
        ccMask = C1;
        if (isEmpty(st, 0)) { stackUnderflow(); if (!masked(IE)) break; setReg(st, i, INDEF_SIG, INDEF_SE); }
        else setReg(st, i, regSig(st, 0), regSE(st, 0));
        if (r == 3) pop(st);
        break;
      }
      if (r == 4 || r == 5) { compareOp(st, regSig(st, i), regSE(st, i), isEmpty(st, i), true, r == 5 ? 1 : 0); break; }
      return X_UNIMPLEMENTED;
    }
    case 0xdf: {
      if (!isReg) {
        switch (r) {
          case 0: { ccMask = C1; if (!checkPushRoom(st)) break; loadInt(<i64>load<i16>(mem)); pushLoaded(st); break; }
          case 1: storeOp(st, 5, mem, true); break;
          case 2: storeOp(st, 2, mem, false); break;
          case 3: storeOp(st, 2, mem, true); break;
          case 4: { ccMask = C1; if (!checkPushRoom(st)) break; loadBCD(load<u64>(mem), <u32>load<u16>(mem + 8)); pushLoaded(st); break; }
          case 5: { ccMask = C1; if (!checkPushRoom(st)) break; loadInt(load<i64>(mem)); pushLoaded(st); break; }
          case 6: storeOp(st, 8, mem, true); break;
          default: storeOp(st, 4, mem, true); break;
        }
        break;
      }
      if (modrm == 0xe0) { xAx = getSW(st); xAxSet = true; return X_OK; } // fnstsw ax
      if (r == 5) { fcomiOp(st, i, true, true); break; }
      if (r == 6) { fcomiOp(st, i, false, true); break; }
      return X_UNIMPLEMENTED;
    }
    default: return X_UNIMPLEMENTED;
  }
  commit(st);
  return X_OK;
}
