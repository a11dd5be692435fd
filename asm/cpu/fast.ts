// Execution of a decoded-cache entry (see dcache.ts). Each handler does
// exactly what execute.ts does for the same bytes — the same registers,
// lazy-flag record, stores and store-log entries — and one thing more: it
// changes no state before its last access that can fault, so a fault needs no
// roll-back (the full decoder saves and restores the register block instead).
import { MEMB, CHASSIS, EAX, ECX, EDX, ESP, EBP, ESI, EDI } from "./state";
import { R_LAZY_OP, R_LAZY_RES, R_LAZY_DST, R_LAZY_SRC, R_LAZY_AUX, R_EFLAGS, PAGE_TABLE_BASE, PTE_PRESENT, PTE_WRITABLE, PTE_ECC_SLOW, PTE_FRAME_MASK } from "../layout";
import { alu, ALU_ADD, ALU_ADC, ALU_SBB, ALU_SUB, ALU_CMP, ALU_XOR, incDec, neg, shiftRotate, mulUnsigned, mulSigned, imulTruncating, divUnsigned, divSigned, ALU_AND } from "./alu";
import { quickCondition, conditionFromFlags, getFlags, CF, DF, FL_ADD, FL_SUB, FL_LOGIC, FL_SHL, FL_SHR, FL_SAR } from "./flags";
import { load8 as loadChecked8, load16, load32 as loadChecked32, store8 as storeChecked8, store32 as storeChecked32, FAULT, STORE_PLAIN } from "../memory/mmu";
import * as D from "./dcache";
import { probeWritable } from "./decode";
import { fwait, x87Ran, x87General, inPlace, BUF } from "./x87";
import { markSeldomLanesChanged } from "./seldom-lanes";
import { F_FIP } from "../fpu/state";
import { R_FPU } from "../layout";
import { begin, commit, arithRegs, arithMem, loadMem, storeMem, loadReg, exchange, storeReg, unary, OP_ADD, OP_MUL, OP_DIV, NOT_COMMON } from "../fpu/fast";

// The replica block's address blk is handed down as a local rather than read
// from the global R: V8 reloads a wasm global after every store to memory.
@inline function rd(blk: u32, off: u32): u32 { return load<u32>(blk + off); }
@inline function wr(blk: u32, off: u32, v: u32): void { store<u32>(blk + off, v); }
@inline function rd8(blk: u32, off: u32): u32 { return <u32>load<u8>(blk + off); }
@inline function wr8(blk: u32, off: u32, v: u32): void { store<u8>(blk + off, <u8>v); }

/** The step of a string instruction's index register: the size, negated when DF is set. */
@inline function stringStep(blk: u32, size: u32): u32 { return (rd(blk, R_EFLAGS) & DF) != 0 ? 0 - size : size; }

@inline function fA(e: u32): u32 { return <u32>load<u8>(e + D.E_A); }
@inline function fB(e: u32): u32 { return <u32>load<u8>(e + D.E_B); }
@inline function fAux(e: u32): u32 { return <u32>load<u8>(e + D.E_AUX); }
@inline function fImm(e: u32): u32 { return load<u32>(e + D.E_IMM); }
@inline function fTarget(e: u32): u32 { return load<u32>(e + D.E_TARGET); }

// The common case of a 32-bit access, inline: inside one page, a present
// (and for a store writable) page whose words need no ECC decoding, and for a
// store a core running alone with no log or buffer. Anything else
// takes the MMU's own path.
@inline function pte(va: u32): u32 { return load<u32>(PAGE_TABLE_BASE + ((va >>> 12) << 2)); }

@inline function load32(va: u32): u32 {
  const e = pte(va);
  if ((va & 0xfff) <= 0xffc && (e & (PTE_PRESENT | (PTE_ECC_SLOW << CHASSIS))) == PTE_PRESENT) {
    return load<u32>(MEMB + (e & PTE_FRAME_MASK) + (va & 0xfff));
  }
  return loadChecked32(va);
}

@inline function store32(alone: bool, va: u32, v: u32): void {
  if (alone && STORE_PLAIN && (va & 0xfff) <= 0xffc) {
    const e = pte(va);
    if ((e & (PTE_PRESENT | PTE_WRITABLE | (PTE_ECC_SLOW << CHASSIS))) == (PTE_PRESENT | PTE_WRITABLE)) {
      const phys = (e & PTE_FRAME_MASK) + (va & 0xfff);
      store<u32>(MEMB + phys, v);
      D.noteWrite(phys);
      return;
    }
  }
  storeChecked32(va, v);
}

// The same for a byte (a byte never straddles pages).
@inline function load8(va: u32): u32 {
  const e = pte(va);
  if ((e & (PTE_PRESENT | (PTE_ECC_SLOW << CHASSIS))) == PTE_PRESENT) {
    return <u32>load<u8>(MEMB + (e & PTE_FRAME_MASK) + (va & 0xfff));
  }
  return loadChecked8(va);
}

@inline function store8(alone: bool, va: u32, v: u32): void {
  if (alone && STORE_PLAIN) {
    const e = pte(va);
    if ((e & (PTE_PRESENT | PTE_WRITABLE | (PTE_ECC_SLOW << CHASSIS))) == (PTE_PRESENT | PTE_WRITABLE)) {
      const phys = (e & PTE_FRAME_MASK) + (va & 0xfff);
      store<u8>(MEMB + phys, <u8>v);
      D.noteWrite(phys);
      return;
    }
  }
  storeChecked8(va, v);
}

/** A condition code, inline when the last flag-setting instruction makes it a plain compare (quickCondition). */
@inline function cond(cc: u32): bool {
  const quick = quickCondition(cc);
  return quick >= 0 ? quick != 0 : conditionFromFlags(cc);
}

/** Linear address of the entry's memory operand (no segment override: prefixed forms are not cached). */
@inline function ea(blk: u32, e: u32): u32 {
  const b = load<u32>(blk + <u32>load<u8>(e + D.E_BASE)) & <u32>(<i32>load<i8>(e + D.E_BMASK));
  const i = load<u32>(blk + <u32>load<u8>(e + D.E_INDEX)) & <u32>(<i32>load<i8>(e + D.E_IMASK));
  return load<u32>(e + D.E_DISP) + b + (i << <u32>load<u8>(e + D.E_SCALE));
}

/** The lazy-flag record of a 32-bit operation (what alu() stores). */
@inline function lazy32(blk: u32, kind: u32, res: u32, dst: u32, src: u32): void {
  store<u32>(blk + R_LAZY_OP, kind | (32 << 8));
  store<u32>(blk + R_LAZY_RES, res);
  store<u32>(blk + R_LAZY_DST, dst);
  store<u32>(blk + R_LAZY_SRC, src);
}

/** alu() for a 32-bit operand, inline but for adc and sbb (which read CF). */
@inline function alu32(blk: u32, kind: u32, d: u32, s: u32): u32 {
  if (kind - ALU_ADC <= ALU_SBB - ALU_ADC) return alu(kind, d, s, 32);
  let r: u32;
  let flags = FL_LOGIC;
  if (kind == ALU_ADD) { r = d + s; flags = FL_ADD; }
  else if (kind == ALU_SUB || kind == ALU_CMP) { r = d - s; flags = FL_SUB; }
  else r = kind == ALU_XOR ? d ^ s : kind == ALU_AND ? d & s : d | s;
  lazy32(blk, flags, r, d, s);
  return r;
}

/** The result alu() would compute, without touching the flags (for a store that may still fault). */
function aluValue(kind: u32, dst: u32, src: u32, mask: u32): u32 {
  switch (kind) {
    case 0: return (dst + src) & mask;
    case 1: return (dst | src) & mask;
    case 2: return (dst + src + (getFlags() & CF)) & mask;
    case 3: return (dst - src - (getFlags() & CF)) & mask;
    case 4: return dst & src & mask;
    case 6: return (dst ^ src) & mask;
    default: return (dst - src) & mask;
  }
}

@inline function push32(alone: bool, blk: u32, v: u32): bool {
  const sp = rd(blk, ESP << 2) - 4;
  store32(alone, sp, v);
  if (FAULT) return false;
  wr(blk, ESP << 2, sp);
  return true;
}

/**
 * Execute entry e (instruction at eip) on the replica block at blk (= R);
 * returns the next eip. On a fault nothing has changed. alone (a constant at
 * each caller): a core running alone, whose stores may be plain; in
 * lockstep every store is logged, and the copy compiled for it calls the
 * MMU at once (the inline plain store there cost about 2% of pair-spare's
 * host instructions).
 */
@inline export function execFast(blk: u32, e: u32, eip: u32, alone: bool): u32 {
  const next = eip + <u32>load<u8>(e + D.E_LEN);
  switch (<u32>load<u8>(e + D.E_KIND)) {
    // ---- ALU, 32-bit ----
    case D.DK_ALU_RR: {
      const a = fA(e);
      const kind = fAux(e);
      const r = alu32(blk, kind, rd(blk, a), rd(blk, fB(e)));
      if (kind != 7) wr(blk, a, r);
      return next;
    }
    case D.DK_ADD_RR: {
      const a = fA(e); const d = rd(blk, a); const s = rd(blk, fB(e)); const r = d + s;
      lazy32(blk, FL_ADD, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_SUB_RR: {
      const a = fA(e); const d = rd(blk, a); const s = rd(blk, fB(e)); const r = d - s;
      lazy32(blk, FL_SUB, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_XOR_RR: {
      const a = fA(e); const d = rd(blk, a); const s = rd(blk, fB(e)); const r = d ^ s;
      lazy32(blk, FL_LOGIC, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_AND_RR: {
      const a = fA(e); const d = rd(blk, a); const s = rd(blk, fB(e)); const r = d & s;
      lazy32(blk, FL_LOGIC, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_OR_RR: {
      const a = fA(e); const d = rd(blk, a); const s = rd(blk, fB(e)); const r = d | s;
      lazy32(blk, FL_LOGIC, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_CMP_RR: {
      const d = rd(blk, fA(e)); const s = rd(blk, fB(e));
      lazy32(blk, FL_SUB, d - s, d, s); return next;
    }
    case D.DK_ALU_RI: {
      const a = fA(e);
      const kind = fAux(e);
      const r = alu32(blk, kind, rd(blk, a), fImm(e));
      if (kind != 7) wr(blk, a, r);
      return next;
    }
    case D.DK_ADD_RI: {
      const a = fA(e); const d = rd(blk, a); const s = fImm(e); const r = d + s;
      lazy32(blk, FL_ADD, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_SUB_RI: {
      const a = fA(e); const d = rd(blk, a); const s = fImm(e); const r = d - s;
      lazy32(blk, FL_SUB, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_AND_RI: {
      const a = fA(e); const d = rd(blk, a); const s = fImm(e); const r = d & s;
      lazy32(blk, FL_LOGIC, r, d, s); wr(blk, a, r); return next;
    }
    case D.DK_CMP_RI: {
      const d = rd(blk, fA(e)); const s = fImm(e);
      lazy32(blk, FL_SUB, d - s, d, s); return next;
    }
    case D.DK_ALU_RM: {
      const s = load32(ea(blk, e));
      if (FAULT) return eip;
      const a = fA(e);
      const kind = fAux(e);
      const r = alu32(blk, kind, rd(blk, a), s);
      if (kind != 7) wr(blk, a, r);
      return next;
    }
    case D.DK_ALU_MR: {
      const m = ea(blk, e);
      const d = load32(m);
      if (FAULT) return eip;
      const kind = fAux(e);
      const s = rd(blk, fB(e));
      if (kind != 7) {
        store32(alone, m, aluValue(kind, d, s, 0xffffffff));
        if (FAULT) return eip;
      }
      alu32(blk, kind, d, s);
      return next;
    }
    case D.DK_ALU_MI: {
      const m = ea(blk, e);
      const d = load32(m);
      if (FAULT) return eip;
      const kind = fAux(e);
      const s = fImm(e);
      if (kind != 7) {
        store32(alone, m, aluValue(kind, d, s, 0xffffffff));
        if (FAULT) return eip;
      }
      alu32(blk, kind, d, s);
      return next;
    }
    // ---- ALU, 8-bit ----
    case D.DK_ALU8_RR: {
      const a = fA(e);
      const kind = fAux(e);
      const r = alu(kind, rd8(blk, a), rd8(blk, fB(e)), 8);
      if (kind != 7) wr8(blk, a, r);
      return next;
    }
    case D.DK_ALU8_RI: {
      const a = fA(e);
      const kind = fAux(e);
      const r = alu(kind, rd8(blk, a), fImm(e), 8);
      if (kind != 7) wr8(blk, a, r);
      return next;
    }
    case D.DK_ALU8_RM: {
      const s = load8(ea(blk, e));
      if (FAULT) return eip;
      const a = fA(e);
      const kind = fAux(e);
      const r = alu(kind, rd8(blk, a), s, 8);
      if (kind != 7) wr8(blk, a, r);
      return next;
    }
    case D.DK_ALU8_MR: {
      const m = ea(blk, e);
      const d = load8(m);
      if (FAULT) return eip;
      const kind = fAux(e);
      const s = rd8(blk, fB(e));
      if (kind != 7) {
        store8(alone, m, aluValue(kind, d, s, 0xff));
        if (FAULT) return eip;
      }
      alu(kind, d, s, 8);
      return next;
    }
    case D.DK_ALU8_MI: {
      const m = ea(blk, e);
      const d = load8(m);
      if (FAULT) return eip;
      const kind = fAux(e);
      const s = fImm(e);
      if (kind != 7) {
        store8(alone, m, aluValue(kind, d, s, 0xff));
        if (FAULT) return eip;
      }
      alu(kind, d, s, 8);
      return next;
    }
    // ---- test ----
    case D.DK_TEST_RR: {
      const d = rd(blk, fA(e)); const s = rd(blk, fB(e));
      lazy32(blk, FL_LOGIC, d & s, d, s); return next;
    }
    case D.DK_TEST_RI: {
      const d = rd(blk, fA(e)); const s = fImm(e);
      lazy32(blk, FL_LOGIC, d & s, d, s); return next;
    }
    case D.DK_TEST_MR: {
      const d = load32(ea(blk, e));
      if (FAULT) return eip;
      const s = rd(blk, fB(e));
      lazy32(blk, FL_LOGIC, d & s, d, s); return next;
    }
    case D.DK_TEST_MI: {
      const d = load32(ea(blk, e));
      if (FAULT) return eip;
      const s = fImm(e);
      lazy32(blk, FL_LOGIC, d & s, d, s); return next;
    }
    case D.DK_TEST8_RR: alu(ALU_AND, rd8(blk, fA(e)), rd8(blk, fB(e)), 8); return next;
    case D.DK_TEST8_RI: alu(ALU_AND, rd8(blk, fA(e)), fImm(e), 8); return next;
    case D.DK_TEST8_MI: {
      const d = load8(ea(blk, e));
      if (FAULT) return eip;
      alu(ALU_AND, d, fImm(e), 8);
      return next;
    }
    // ---- inc/dec ----
    case D.DK_INC_R: { const a = fA(e); wr(blk, a, incDec(rd(blk, a), false, 32)); return next; }
    case D.DK_DEC_R: { const a = fA(e); wr(blk, a, incDec(rd(blk, a), true, 32)); return next; }
    case D.DK_INCDEC_M: {
      const m = ea(blk, e);
      const v = load32(m);
      if (FAULT) return eip;
      const dec = fAux(e) != 0;
      store32(alone, m, dec ? v - 1 : v + 1);
      if (FAULT) return eip;
      incDec(v, dec, 32);
      return next;
    }
    // ---- moves ----
    case D.DK_MOV_RR: wr(blk, fA(e), rd(blk, fB(e))); return next;
    case D.DK_MOV_RM: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), v);
      return next;
    }
    case D.DK_MOV_MR: {
      store32(alone, ea(blk, e), rd(blk, fB(e)));
      return FAULT ? eip : next;
    }
    case D.DK_MOV_RI: wr(blk, fA(e), fImm(e)); return next;
    case D.DK_MOV_MI: {
      store32(alone, ea(blk, e), fImm(e));
      return FAULT ? eip : next;
    }
    case D.DK_MOV8_RR: wr8(blk, fA(e), rd8(blk, fB(e))); return next;
    case D.DK_MOV8_RM: {
      const v = load8(ea(blk, e));
      if (FAULT) return eip;
      wr8(blk, fA(e), v);
      return next;
    }
    case D.DK_MOV8_MR: {
      store8(alone, ea(blk, e), rd8(blk, fB(e)));
      return FAULT ? eip : next;
    }
    case D.DK_MOV8_RI: wr8(blk, fA(e), fImm(e)); return next;
    case D.DK_MOV8_MI: {
      store8(alone, ea(blk, e), fImm(e));
      return FAULT ? eip : next;
    }
    case D.DK_LEA: wr(blk, fA(e), ea(blk, e)); return next;
    case D.DK_MOVZX8_R: wr(blk, fA(e), rd8(blk, fB(e))); return next;
    case D.DK_MOVZX8_M: {
      const v = load8(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), v);
      return next;
    }
    case D.DK_MOVZX16_R: wr(blk, fA(e), <u32>load<u16>(blk + fB(e))); return next;
    case D.DK_MOVZX16_M: {
      const v = load16(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), v);
      return next;
    }
    case D.DK_MOVSX8_R: wr(blk, fA(e), <u32>(<i32>load<i8>(blk + fB(e)))); return next;
    case D.DK_MOVSX8_M: {
      const v = load8(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), <u32>(<i32>(<i8>v)));
      return next;
    }
    case D.DK_MOVSX16_R: wr(blk, fA(e), <u32>(<i32>load<i16>(blk + fB(e)))); return next;
    case D.DK_MOVSX16_M: {
      const v = load16(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), <u32>(<i32>(<i16>v)));
      return next;
    }
    case D.DK_CWDE: wr(blk, EAX << 2, <u32>(<i32>load<i16>(blk + (EAX << 2)))); return next;
    case D.DK_CDQ: wr(blk, EDX << 2, <u32>(<i32>rd(blk, EAX << 2) >> 31)); return next;
    case D.DK_NOP: return next;
    // ---- stack ----
    case D.DK_PUSH_R: return push32(alone, blk, rd(blk, fA(e))) ? next : eip;
    case D.DK_PUSH_I: return push32(alone, blk, fImm(e)) ? next : eip;
    case D.DK_PUSH_M: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      return push32(alone, blk, v) ? next : eip;
    }
    case D.DK_POP_R: {
      const sp = rd(blk, ESP << 2);
      const v = load32(sp);
      if (FAULT) return eip;
      wr(blk, ESP << 2, sp + 4);
      wr(blk, fA(e), v);
      return next;
    }
    case D.DK_LEAVE: {
      const bp = rd(blk, EBP << 2);
      const v = load32(bp);
      if (FAULT) return eip;
      wr(blk, ESP << 2, bp + 4);
      wr(blk, EBP << 2, v);
      return next;
    }
    // ---- lods and stos without rep: ESI or EDI steps by the size, down when DF is set ----
    case D.DK_LODS: {
      const size = fAux(e);
      const si = rd(blk, ESI << 2);
      const v = size == 4 ? load32(si) : load8(si);
      if (FAULT) return eip;
      if (size == 4) wr(blk, EAX << 2, v); else wr8(blk, EAX << 2, v);
      wr(blk, ESI << 2, si + stringStep(blk, size));
      return next;
    }
    case D.DK_STOS: {
      const size = fAux(e);
      const di = rd(blk, EDI << 2);
      if (size == 4) store32(alone, di, rd(blk, EAX << 2)); else store8(alone, di, rd8(blk, EAX << 2));
      if (FAULT) return eip;
      wr(blk, EDI << 2, di + stringStep(blk, size));
      return next;
    }
    // ---- control ----
    case D.DK_JCC: return cond(fAux(e)) ? fTarget(e) : next;
    case D.DK_LOOP: {
      const left = rd(blk, ECX << 2) - 1;
      wr(blk, ECX << 2, left);
      return left != 0 ? fTarget(e) : next;
    }
    case D.DK_JMP: return fTarget(e);
    case D.DK_JMP_R: return rd(blk, fA(e));
    case D.DK_JMP_M: {
      const to = load32(ea(blk, e));
      return FAULT ? eip : to;
    }
    case D.DK_CALL: return push32(alone, blk, next) ? fTarget(e) : eip;
    case D.DK_CALL_R: {
      const to = rd(blk, fA(e));
      return push32(alone, blk, next) ? to : eip;
    }
    case D.DK_CALL_M: {
      const to = load32(ea(blk, e));
      if (FAULT) return eip;
      return push32(alone, blk, next) ? to : eip;
    }
    case D.DK_RET: {
      const sp = rd(blk, ESP << 2);
      const to = load32(sp);
      if (FAULT) return eip;
      wr(blk, ESP << 2, sp + 4);
      return to;
    }
    case D.DK_RET_I: {
      const sp = rd(blk, ESP << 2);
      const to = load32(sp);
      if (FAULT) return eip;
      wr(blk, ESP << 2, sp + 4 + fImm(e));
      return to;
    }
    case D.DK_SETCC_R: wr8(blk, fA(e), cond(fAux(e)) ? 1 : 0); return next;
    case D.DK_SETCC_M: {
      store8(alone, ea(blk, e), cond(fAux(e)) ? 1 : 0);
      return FAULT ? eip : next;
    }
    case D.DK_CMOV_RR: {
      if (cond(fAux(e))) wr(blk, fA(e), rd(blk, fB(e)));
      return next;
    }
    case D.DK_CMOV_RM: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      if (cond(fAux(e))) wr(blk, fA(e), v);
      return next;
    }
    // ---- shifts, multiply, divide ----
    case D.DK_SHIFT_RI: {
      // shl, shr and sar inline (what shiftRotate records); rotates call it.
      const a = fA(e);
      const count = fImm(e) & 31;
      if (count == 0) return next;
      const op = fAux(e);
      const v = rd(blk, a);
      let r: u32;
      if (op < 4) r = shiftRotate(op, v, count, 32);
      else if (op == 5) { r = v >>> count; lazy32(blk, FL_SHR, r, v, count); }
      else if (op == 7) { r = <u32>(<i32>v >> count); lazy32(blk, FL_SAR, r, v, count); }
      else { r = v << count; lazy32(blk, FL_SHL, r, v, count); }
      wr(blk, a, r);
      return next;
    }
    case D.DK_SHIFT_RC: {
      const a = fA(e);
      const count = rd8(blk, ECX << 2);
      const r = shiftRotate(fAux(e), rd(blk, a), count, 32);
      if ((count & 31) != 0) wr(blk, a, r);
      return next;
    }
    case D.DK_SHIFT_M: {
      const m = ea(blk, e);
      const v = load32(m);
      if (FAULT) return eip;
      const count = (fB(e) != 0 ? rd8(blk, ECX << 2) : fImm(e)) & 31;
      // A zero count changes nothing, but the write access is still checked (execute.ts).
      if (count == 0) { probeWritable(m); return FAULT ? eip : next; }
      // shiftRotate sets the flags with the value; a store that faults puts
      // them back, as the full decoder's rollback does.
      const op = load<u32>(blk + R_LAZY_OP), res = load<u32>(blk + R_LAZY_RES), dst = load<u32>(blk + R_LAZY_DST);
      const src = load<u32>(blk + R_LAZY_SRC), aux = load<u32>(blk + R_LAZY_AUX), flags = load<u32>(blk + R_EFLAGS);
      store32(alone, m, shiftRotate(fAux(e), v, count, 32));
      if (FAULT) {
        store<u32>(blk + R_LAZY_OP, op); store<u32>(blk + R_LAZY_RES, res); store<u32>(blk + R_LAZY_DST, dst);
        store<u32>(blk + R_LAZY_SRC, src); store<u32>(blk + R_LAZY_AUX, aux); store<u32>(blk + R_EFLAGS, flags);
        return eip;
      }
      return next;
    }
    case D.DK_SHIFT8_RI: {
      const a = fA(e);
      const count = fImm(e);
      const r = shiftRotate(fAux(e), rd8(blk, a), count, 8);
      if ((count & 31) != 0) wr8(blk, a, r);
      return next;
    }
    case D.DK_NOT_R: { const a = fA(e); wr(blk, a, ~rd(blk, a)); return next; }
    case D.DK_NEG_R: { const a = fA(e); wr(blk, a, neg(rd(blk, a), 32)); return next; }
    case D.DK_MULDIV_R: return mulDiv(fAux(e), rd(blk, fA(e))) ? next : eip;
    case D.DK_MULDIV_M: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      return mulDiv(fAux(e), v) ? next : eip;
    }
    case D.DK_IMUL_RR: { const a = fA(e); wr(blk, a, imulTruncating(rd(blk, a), rd(blk, fB(e)), 32)); return next; }
    case D.DK_IMUL_RM: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      const a = fA(e);
      wr(blk, a, imulTruncating(rd(blk, a), v, 32));
      return next;
    }
    case D.DK_IMUL_RRI: wr(blk, fA(e), imulTruncating(rd(blk, fB(e)), fImm(e), 32)); return next;
    case D.DK_IMUL_RMI: {
      const v = load32(ea(blk, e));
      if (FAULT) return eip;
      wr(blk, fA(e), imulTruncating(v, fImm(e), 32));
      return next;
    }
    // ---- x87: the unit's fast path (asm/fpu/fast.ts), else the general way (x87.ts) ----
    // One call each, so that the loop around this switch keeps its registers.
    case D.DK_X87: x87General(e, (load<u32>(e + D.E_IMM) >> 8) < 0xc0 ? ea(blk, e) : 0, eip); return FAULT ? eip : next;
    case D.DK_FWAIT: fwait(); return FAULT ? eip : next;
    case D.DK_FADD: case D.DK_FMUL: case D.DK_FDIV:
    case D.DK_FADD_M32: case D.DK_FMUL_M32: case D.DK_FDIV_M32: case D.DK_FADD_M64: case D.DK_FMUL_M64: case D.DK_FDIV_M64:
    case D.DK_FLD_M32: case D.DK_FLD_M64: case D.DK_FST_M32: case D.DK_FST_M64:
    case D.DK_FLD_ST: case D.DK_FXCH: case D.DK_FST_ST: case D.DK_FUNARY:
      x87Step(<u32>load<u8>(e + D.E_KIND), blk, e, eip);
      return FAULT ? eip : next;
    default: unreachable(); return eip;
  }
}

/** F7 /4-/7 on a value: false if it raised #DE (nothing changed). */
function mulDiv(op: u32, v: u32): bool {
  switch (op) {
    case 4: mulUnsigned(v, 32); return true;
    case 5: mulSigned(v, 32); return true;
    case 6: divUnsigned(v, 32); return FAULT == 0;
    default: divSigned(v, 32); return FAULT == 0;
  }
}

// ---- x87 -------------------------------------------------------------------------
// Each decoded x87 form is offered to the unit's fast path (its code inlined
// here, the operation fixed per handler) and takes the general way (x87.ts)
// when it declines; the fast path leaves no exception pending and changes
// nothing but the unit's state, FIP and (for a store) the memory operand. A
// memory operand goes to the fast path in place, when it lies in one page
// that needs no ECC decoding (inPlace); a store only when stores are plain
// (no log or buffer: one core alone), else through BUF and the MMU.
//
// x87Form runs one form on state word s (asm/fpu/fast.ts begin) and returns
// the new one, or NOT_COMMON having changed nothing. The handlers run one
// form per cycle; x87Run, for the step loop of a core running alone, runs a
// whole sequence of them between one begin and one commit.

@inline function x87Form(kind: u32, st: u32, s: u32, blk: u32, e: u32): u32 {
  switch (kind) {
    case D.DK_FADD: return arithRegs(OP_ADD, st, s, fA(e), fB(e), fAux(e));
    case D.DK_FMUL: return arithRegs(OP_MUL, st, s, fA(e), fB(e), fAux(e));
    case D.DK_FADD_M64: return memForm(OP_ADD, false, st, s, blk, e);
    case D.DK_FMUL_M64: return memForm(OP_MUL, false, st, s, blk, e);
    case D.DK_FLD_M64: return loadForm(false, st, s, blk, e);
    case D.DK_FST_M64: return storeForm(false, st, s, blk, e);
    case D.DK_FLD_ST: return loadReg(st, s, fA(e));
    case D.DK_FXCH: return exchange(st, s, fA(e));
    case D.DK_FST_ST: return storeReg(st, s, fA(e), fAux(e) != 0);
    default: return x87FormRare(kind, st, s, blk, e);
  }
}

/**
 * The forms double-precision code runs less often (division, single
 * precision operands, fchs/fabs/fsqrt), out of line: the loops that inline
 * x87Form stay small enough to compile quickly (the engine compiles them
 * while the guest runs, and that time counts).
 */
function x87FormRare(kind: u32, st: u32, s: u32, blk: u32, e: u32): u32 {
  switch (kind) {
    case D.DK_FDIV: return arithRegs(OP_DIV, st, s, fA(e), fB(e), fAux(e));
    case D.DK_FADD_M32: return memForm(OP_ADD, true, st, s, blk, e);
    case D.DK_FMUL_M32: return memForm(OP_MUL, true, st, s, blk, e);
    case D.DK_FDIV_M32: return memForm(OP_DIV, true, st, s, blk, e);
    case D.DK_FDIV_M64: return memForm(OP_DIV, false, st, s, blk, e);
    case D.DK_FLD_M32: return loadForm(true, st, s, blk, e);
    case D.DK_FST_M32: return storeForm(true, st, s, blk, e);
    case D.DK_FUNARY: return unary(st, s, fAux(e));
    default: return NOT_COMMON;
  }
}

@inline function memForm(kind: u32, single: bool, st: u32, s: u32, blk: u32, e: u32): u32 {
  const host = inPlace(ea(blk, e), single ? 4 : 8, false);
  return host == 0 ? NOT_COMMON : arithMem(kind, st, s, host, single, fAux(e));
}

@inline function loadForm(single: bool, st: u32, s: u32, blk: u32, e: u32): u32 {
  const host = inPlace(ea(blk, e), single ? 4 : 8, false);
  return host == 0 ? NOT_COMMON : loadMem(st, s, host, single);
}

/**
 * fst/fstp m32/m64. The page is checked writable first, so the store after
 * the unit changed its state cannot fault; a plain store goes straight into
 * the guest's page (and is checked against decoded code), a logged or
 * buffered one through BUF and the MMU.
 */
@inline function storeForm(single: bool, st: u32, s: u32, blk: u32, e: u32): u32 {
  const m = ea(blk, e);
  const host = inPlace(m, single ? 4 : 8, true);
  if (host == 0) return NOT_COMMON;
  const pop = fAux(e) != 0;
  if (STORE_PLAIN) {
    const s1 = storeMem(st, s, host, single, pop);
    if (s1 != NOT_COMMON) D.noteWrite(host - MEMB);
    return s1;
  }
  return storeLogged(st, s, m, single, pop);
}

/** A logged or buffered store of ST0: through BUF and the MMU. */
function storeLogged(st: u32, s: u32, m: u32, single: bool, pop: bool): u32 {
  const s1 = storeMem(st, s, BUF, single, pop);
  if (s1 != NOT_COMMON) {
    storeChecked32(m, load<u32>(BUF));
    if (!single) storeChecked32(m + 4, load<u32>(BUF + 4));
  }
  return s1;
}

/** One decoded x87 form of kind (>= DK_X87_FIRST_FAST) at eip: the fast path, else the general way. */
function x87Step(kind: u32, blk: u32, e: u32, eip: u32): void {
  const st = blk + R_FPU;
  const s = begin(st);
  const s1 = s == NOT_COMMON ? NOT_COMMON : x87Form(kind, st, s, blk, e);
  if (s1 != NOT_COMMON) {
    commit(st, s1);
    x87Ran(st, eip);
    return;
  }
  const op = load<u32>(e + D.E_IMM);
  x87General(e, (op >> 8) < 0xc0 ? ea(blk, e) : 0, eip);
}

/**
 * Run the decoded x87 forms from eip (its current entry e, of a kind x87Form
 * takes) on while the fast path takes them, at most budget (> 0) of them,
 * one cycle each; for a core running alone, whose state no one looks at
 * between its cycles (no comparator, no stuck bits to re-assert). Each next
 * instruction is looked up (and decoded if need be: a store into decoded code
 * drops every entry) as the step loop would; the run stops before the first
 * one that is not such a form or that the fast path declines. The unit's
 * state word is committed once at the end. It cannot fault or meet an ECC
 * event. When the fast path declines the first one, that one alone takes
 * the general way (x87Step), which can (FAULT then set, EIP to stay on it).
 * Returns the cycles run << 32 | the next EIP.
 */
export function x87Run(blk: u32, cache: u32, e: u32, eip: u32, budget: u32): u64 {
  const st = blk + R_FPU;
  let s = begin(st);
  if (s != NOT_COMMON) {
    // The state block's address alone is carried (blk = st - R_FPU): the
    // fewer values live across the loop, the fewer spills.
    let left = budget;
    for (;;) {
      const s1 = x87Form(<u32>load<u8>(e + D.E_KIND), st, s, st - R_FPU, e);
      if (s1 == NOT_COMMON) break;
      s = s1;
      store<u32>(st + F_FIP, eip);
      eip += <u32>load<u8>(e + D.E_LEN);
      if (--left == 0) break;
      // The next entry, decoded now if need be, as the step loop would.
      e = D.entryFor(cache, eip);
      if (load<u64>(e + D.E_KEY) != ((<u64>D.GEN << 32) | <u64>eip)) D.fillEntry(e, eip);
    }
    if (left != budget) {
      commit(st, s);
      markSeldomLanesChanged(); // the FPU lanes
      return (<u64>(budget - left) << 32) | <u64>eip;
    }
  }
  x87Step(<u32>load<u8>(e + D.E_KIND), blk, e, eip);
  return (<u64>1 << 32) | <u64>(FAULT ? eip : eip + <u32>load<u8>(e + D.E_LEN));
}

export { R_LAZY_AUX };
