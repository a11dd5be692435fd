// One instruction: prefixes, then the one-byte opcode map (the two-byte map is
// in execute0f.ts). Each case names its mnemonic and encoding; flag effects
// live in the alu/flags helpers it calls.
import { getReg32, setReg32, getReg16, setReg16, getReg8, setReg8, getReg, setReg, getEflagsRaw, setEflagsRaw,
  sizeMask, EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, getSelector } from "./state";
import { IP, START, OPSIZE, ADDR16, REP, MOD, REG, RM, EA, EA_OFFSET, SEG, beginInstruction, setIP, setOpsizePrefix, setAddrPrefix,
  setSeg, setRep, fetch8, fetch16, fetch32, fetchS8, fetchImm, decodeModrm, readE, writeE, readG, writeG, segmentBase, dataSegment, segmentChecked,
  checkEA, probeWrite, writeThroughCs } from "./decode";
import { alu, incDec, neg, shiftRotate, mulUnsigned, mulSigned, imulTruncating, divUnsigned, divSigned, ALU_CMP, ALU_AND } from "./alu";
import { getFlags, materializeFlags, putFlags, condition, setLazy, CF, AF, ZF, DF, TF, POPF_MASK, FL_LOGIC } from "./flags";
import { push, pop, peekStack, readStack, stackMask, setStackPointer } from "./stack";
import { stringOp, getCount, setCount } from "./strings";
import { loadDataSegment, checkAccess, SEG_DS, SEG_SS } from "./segments";
import { nearJump, farJump, farCall, farReturn, interruptReturn } from "./far-transfers";
import { loadFarPointer, adjustRpl } from "./segment-instructions";
import { execute0f } from "./execute0f";
import { executeX87, fwait } from "./x87";
import { load8, load16, load32, loadSized, store8, store16, store32, storeSized, raise, FAULT } from "../memory/mmu";
import { OPCODE_INFO, PREFIX_BYTE, OI_MODRM, OI_LOCK, OI_IMM_SHIFT, OI_IMM_MASK, IMM_B, IMM_W, IMM_V, IMM_A, IMM_VW } from "./opcode-tables.generated";
import { STOP_OVERFLOW, STOP_GENERAL_PROTECTION, STOP_DIVIDE, STOP_ILLEGAL, STOP_SYSCALL, STOP_PRIVILEGED, STOP_TRAP, STOP_INTERRUPT, STOP_SEGV, STOP_BOUND, STOP_TRAP_FLAG } from "../layout";

/** Undefined or unsupported encoding: the program ends as with SIGILL. */
export function illegal(): void { raise(STOP_ILLEGAL, START); }

/** A relative branch: EIP wraps to 16 bits at operand size 16. */
function relJump(rel: u32): void { nearJump(IP + rel, OPSIZE); }

/** Execute the instruction at eip. On return IP is the next eip (or START to repeat). */
export function executeInstruction(eip: u32): void {
  beginInstruction(eip);
  if (FAULT) return;
  let op = fetch8();
  let prefixes: u32 = 0;
  let lock = false;
  while (load<u8>(PREFIX_BYTE + op) != 0) {
    if (++prefixes > 14) { raise(STOP_GENERAL_PROTECTION, 0); return; } // no room left for an opcode
    switch (op) {
      case 0x66: setOpsizePrefix(); break;
      case 0x67: setAddrPrefix(); break;
      case 0xf0: lock = true; break; // one CPU: every access is atomic already, but the CPU still checks its use
      case 0xf2: case 0xf3: setRep(op); break;
      case 0x26: setSeg(0); break;
      case 0x2e: setSeg(1); break;
      case 0x36: setSeg(2); break;
      case 0x3e: setSeg(3); break;
      case 0x64: setSeg(4); break;
      default: setSeg(5); break; // 0x65
    }
    op = fetch8();
  }
  if (FAULT) return;
  // Three prefixes and the longest encoding (12 bytes) fit in 15; past that, measure first.
  if (prefixes > 3 && prefixes + instructionLength(op) > 15) { raise(STOP_GENERAL_PROTECTION, 0); return; }
  if (lock && !lockable(op)) { illegal(); return; }
  const osz = OPSIZE;

  // 00-3F, low three bits 0-5: add or adc sbb and sub xor cmp in six forms.
  if (op < 0x40 && (op & 7) < 6) {
    const kind = op >> 3;
    switch (op & 7) {
      case 0: { // op Eb,Gb
        decodeModrm();
        const r = alu(kind, readE(8), readG(8), 8);
        if (kind != ALU_CMP) writeE(r, 8);
        return;
      }
      case 1: { // op Ev,Gv
        decodeModrm();
        const r = alu(kind, readE(osz), readG(osz), osz);
        if (kind != ALU_CMP) writeE(r, osz);
        return;
      }
      case 2: { // op Gb,Eb
        decodeModrm();
        const r = alu(kind, readG(8), readE(8), 8);
        if (kind != ALU_CMP) writeG(r, 8);
        return;
      }
      case 3: { // op Gv,Ev
        decodeModrm();
        const r = alu(kind, readG(osz), readE(osz), osz);
        if (kind != ALU_CMP) writeG(r, osz);
        return;
      }
      case 4: { // op AL,Ib
        const r = alu(kind, getReg8(0), fetch8(), 8);
        if (kind != ALU_CMP) setReg8(0, r);
        return;
      }
      default: { // op eAX,Iv
        const r = alu(kind, getReg(EAX, osz), fetchImm(osz), osz);
        if (kind != ALU_CMP) setReg(EAX, r, osz);
        return;
      }
    }
  }

  switch (op) {
    case 0x0f: execute0f(osz); return;
    // push/pop of segment registers: 06/07 es, 0E cs, 16/17 ss, 1E/1F ds
    case 0x06: push(getSelector(0), osz); return;
    case 0x0e: push(getSelector(1), osz); return;
    case 0x16: push(getSelector(2), osz); return;
    case 0x1e: push(getSelector(3), osz); return;
    case 0x07: case 0x17: case 0x1f: {
      const v = pop(osz);
      if (!FAULT) loadDataSegment(op == 0x07 ? 0 : (op == 0x17 ? 2 : 3), v);
      return;
    }
    case 0x27: case 0x2f: case 0x37: case 0x3f: decimalAdjust(op); return; // daa das aaa aas

    // 40-47 inc r, 48-4F dec r
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
      setReg(op & 7, incDec(getReg(op & 7, osz), false, osz), osz); return;
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      setReg(op & 7, incDec(getReg(op & 7, osz), true, osz), osz); return;
    // 50-57 push r, 58-5F pop r
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      push(getReg(op & 7, osz), osz); return;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
      const v = pop(osz);
      if (!FAULT) setReg(op & 7, v, osz);
      return;
    }
    case 0x62: { // bound r16/32, m16&16/m32&32 (62 /r): #BR when the signed index is outside [lower, upper]; a register operand is #UD
      decodeModrm();
      if (MOD == 3) { illegal(); return; }
      const index = readG(osz);
      const lower = loadSized(EA, osz);
      const upper = loadSized(EA + (osz >> 3), osz);
      if (FAULT) return;
      const shift = 32 - osz;
      const i = <i32>(index << shift) >> shift, lo = <i32>(lower << shift) >> shift, hi = <i32>(upper << shift) >> shift;
      if (i < lo || i > hi) raise(STOP_BOUND, 0);
      return;
    }
    case 0x60: { // pusha: the pushed ESP is its value before the first push
      const sp = getReg32(ESP);
      for (let r: u32 = 0; r < 8; r++) push(r == ESP ? sp : getReg(r, osz), osz);
      return;
    }
    case 0x61: { // popa: the saved ESP is skipped
      for (let i: u32 = 0; i < 8; i++) {
        const r = 7 - i;
        const v = pop(osz);
        if (r != ESP && !FAULT) setReg(r, v, osz);
      }
      return;
    }
    case 0x68: push(fetchImm(osz), osz); return;                // push Iv
    case 0x6a: push(fetchS8(), osz); return;                    // push Ib (sign-extended)
    case 0x69: { decodeModrm(); const a = readE(osz); writeG(imulTruncating(a, fetchImm(osz), osz), osz); return; } // imul Gv,Ev,Iv
    case 0x6b: { decodeModrm(); const a = readE(osz); writeG(imulTruncating(a, fetchS8(), osz), osz); return; }    // imul Gv,Ev,Ib
    case 0x6c: case 0x6d: case 0x6e: case 0x6f: raise(STOP_PRIVILEGED, START); return; // ins/outs

    // 70-7F jcc rel8
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
      const rel = fetchS8();
      if (condition(op & 15)) relJump(rel);
      return;
    }
    // 80/82 grp1 Eb,Ib; 81 grp1 Ev,Iv; 83 grp1 Ev,Ib (sign-extended)
    case 0x80: case 0x82: {
      decodeModrm();
      const d = readE(8);
      const r = alu(REG, d, fetch8(), 8);
      if (REG != ALU_CMP) writeE(r, 8);
      return;
    }
    case 0x81: case 0x83: {
      decodeModrm();
      const d = readE(osz);
      const s = op == 0x81 ? fetchImm(osz) : fetchS8();
      const r = alu(REG, d, s, osz);
      if (REG != ALU_CMP) writeE(r, osz);
      return;
    }
    case 0x84: { decodeModrm(); alu(ALU_AND, readE(8), readG(8), 8); return; }       // test Eb,Gb
    case 0x85: { decodeModrm(); alu(ALU_AND, readE(osz), readG(osz), osz); return; } // test Ev,Gv
    case 0x86: case 0x87: { // xchg Eb,Gb / Ev,Gv
      const size = op == 0x86 ? 8 : osz;
      decodeModrm();
      const a = readE(size);
      const b = readG(size);
      writeE(b, size);
      if (!FAULT) writeG(a, size);
      return;
    }
    case 0x88: { decodeModrm(); writeE(readG(8), 8); return; }       // mov Eb,Gb
    case 0x89: { decodeModrm(); writeE(readG(osz), osz); return; }   // mov Ev,Gv
    case 0x8a: { decodeModrm(); const v = readE(8); if (!FAULT) writeG(v, 8); return; }     // mov Gb,Eb
    case 0x8b: { decodeModrm(); const v = readE(osz); if (!FAULT) writeG(v, osz); return; } // mov Gv,Ev
    case 0x8c: { // mov Ew,Sreg (a register destination takes the zero-extended selector)
      decodeModrm();
      if (REG > 5) { illegal(); return; }
      if (MOD == 3) setReg(RM, getSelector(REG), osz); else if (checkEA(2, true) && !writeThroughCs()) store16(EA, getSelector(REG));
      return;
    }
    case 0x8d: { // lea Gv,M: the offset, without any segment base
      decodeModrm();
      if (MOD == 3) { illegal(); return; }
      writeG(EA_OFFSET, osz);
      return;
    }
    case 0x8e: { // mov Sreg,Ew
      decodeModrm();
      if (REG == 1 || REG > 5) { illegal(); return; }
      const sel = readE(16);
      if (!FAULT) loadDataSegment(REG, sel);
      return;
    }
    case 0x8f: { // pop Ev: ESP is incremented before the destination address is computed
      const sp = getReg32(ESP);
      const v = peekStack(0, osz);
      if (FAULT) return;
      setStackPointer((sp + (osz >> 3)) & stackMask());
      decodeModrm();
      writeE(v, osz);
      if (FAULT) setReg32(ESP, sp);
      return;
    }
    case 0x90: return; // nop (also pause with F3)
    case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: { // xchg eAX,r
      const r = op & 7;
      const t = getReg(r, osz);
      setReg(r, getReg(EAX, osz), osz);
      setReg(EAX, t, osz);
      return;
    }
    case 0x98: // cbw / cwde
      if (osz == 16) setReg16(EAX, <u32>(<i32>(<i8>getReg8(0))));
      else setReg32(EAX, <u32>(<i32>(<i16>getReg16(EAX))));
      return;
    case 0x99: // cwd / cdq
      if (osz == 16) setReg16(EDX, (getReg16(EAX) & 0x8000) != 0 ? 0xffff : 0);
      else setReg32(EDX, <u32>(<i32>getReg32(EAX) >> 31));
      return;
    case 0x9b: fwait(); return; // fwait: raise a pending x87 exception
    case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf: executeX87(op); return; // x87 escape (x87.ts)
    case 0x9c: push(getFlags() & 0x00fcffff, osz); return; // pushf (VM and RF read as 0)
    case 0x9d: { // popf
      const v = pop(osz);
      if (FAULT) return;
      const mask = osz == 16 ? POPF_MASK & 0xffff : POPF_MASK;
      putFlags((getFlags() & ~mask) | (v & mask) | 2);
      // TF on: the host steps the following instructions one by one (a trap, the stop is after popf).
      if (v & mask & TF) raise(STOP_TRAP_FLAG, 0);
      return;
    }
    case 0x9e: { // sahf: SF ZF AF PF CF from AH
      const f = getFlags();
      putFlags((f & ~0xd5) | (getReg8(4) & 0xd5));
      return;
    }
    case 0x9f: setReg8(4, (getFlags() & 0xd5) | 2); return; // lahf
    case 0xa0: case 0xa1: case 0xa2: case 0xa3: { // mov AL/eAX <-> moffs
      const size = (op & 1) == 0 ? 8 : osz;
      const offset = ADDR16 ? fetch16() : fetch32();
      const addr = offset + segmentBase();
      const seg = dataSegment();
      if (segmentChecked(seg) && !checkAccess(seg, offset, size >> 3, op >= 0xa2)) return;
      if (op < 0xa2) { const v = loadSized(addr, size); if (!FAULT) setReg(EAX, v, size); }
      else if (segmentChecked(seg) || !writeThroughCs()) storeSized(addr, getReg(EAX, size), size);
      return;
    }
    case 0xa4: case 0xa5: case 0xa6: case 0xa7:
    case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
      stringOp((op - 0xa4) >> 1, (op & 1) == 0 ? 8 : osz); return;
    case 0xa8: alu(ALU_AND, getReg8(0), fetch8(), 8); return;            // test AL,Ib
    case 0xa9: alu(ALU_AND, getReg(EAX, osz), fetchImm(osz), osz); return; // test eAX,Iv
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      setReg8(op & 7, fetch8()); return;                                  // mov r8,Ib
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      setReg(op & 7, fetchImm(osz), osz); return;                         // mov r,Iv
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: { // grp2: shifts and rotates
      const size = (op & 1) == 0 ? 8 : osz;
      decodeModrm();
      const v = readE(size);
      const count = op <= 0xc1 ? fetch8() : (op <= 0xd1 ? 1 : getReg8(ECX));
      if (FAULT) return;
      const r = shiftRotate(REG, v, count, size);
      // A zero count writes nothing, so it cannot fault on a read-only page.
      if ((count & 31) != 0) writeE(r, size);
      else if (MOD != 3) probeWrite(EA);
      return;
    }
    case 0xc2: case 0xc3: { // ret Iw / ret: the return address at the operand size
      const n = op == 0xc2 ? fetch16() : 0;
      const to = pop(osz);
      if (FAULT) return;
      nearJump(to, osz);
      if (!FAULT) setStackPointer((getReg32(ESP) + n) & stackMask());
      return;
    }
    case 0xc4: loadFarPointer(0, osz); return; // les Gv,Mp
    case 0xc5: loadFarPointer(3, osz); return; // lds Gv,Mp
    case 0xca: case 0xcb: farReturn(osz, op == 0xca ? fetch16() : 0); return; // retf Iw / retf
    case 0xcf: interruptReturn(osz); return; // iret
    case 0x63: adjustRpl(); return; // arpl Ew,Gw
    case 0xea: case 0x9a: { // jmp/call ptr16:16/32: the offset, then the selector
      const offset = fetchImm(osz);
      const selector = fetch16();
      if (op == 0xea) farJump(selector, offset); else farCall(selector, offset, osz);
      return;
    }
    case 0xc6: { decodeModrm(); if (REG != 0) { illegal(); return; } writeE(fetch8(), 8); return; }        // mov Eb,Ib
    case 0xc7: { decodeModrm(); if (REG != 0) { illegal(); return; } writeE(fetchImm(osz), osz); return; } // mov Ev,Iv
    case 0xc8: enter(fetch16(), fetch8() & 31, osz); return;
    case 0xc9: { // leave: ESP (SP with a 16-bit stack) = EBP, then pop EBP
      setStackPointer(getReg32(EBP));
      const v = pop(osz);
      if (!FAULT) setReg(EBP, v, osz);
      return;
    }
    case 0xcc: raise(STOP_TRAP, START); return; // int3: a trap, EIP moves past it
    case 0xcd: { // int Ib: Linux's gates open to user mode are 3 (#BP), 4 (#OF) and 0x80 (system call); any other is #GP
      const vector = fetch8();
      raise(vector == 0x80 ? STOP_SYSCALL : vector == 3 ? STOP_TRAP : vector == 4 ? STOP_OVERFLOW : STOP_INTERRUPT, vector == 3 || vector == 4 ? START : vector);
      return;
    }
    case 0xce: if (getFlags() & 0x800) raise(STOP_OVERFLOW, START); return; // into: #OF, delivered by Linux as SIGSEGV
    case 0xd4: { // aam Ib
      const base = fetch8();
      if (base == 0) { raise(STOP_DIVIDE, 0); return; }
      const al = getReg8(0);
      setReg8(4, al / base); setReg8(0, al % base);
      setLazy(FL_LOGIC, 8, getReg8(0), 0, 0);
      return;
    }
    case 0xd5: { // aad Ib
      const base = fetch8();
      const al = (getReg8(0) + getReg8(4) * base) & 0xff;
      setReg16(EAX, al);
      setLazy(FL_LOGIC, 8, al, 0, 0);
      return;
    }
    case 0xd6: setReg8(0, (getFlags() & CF) != 0 ? 0xff : 0); return; // salc
    case 0xd7: { // xlat: AL = [EBX + AL]
      const base = ADDR16 ? getReg16(EBX) : getReg32(EBX);
      const offset = (base + getReg8(0)) & (ADDR16 ? 0xffff : 0xffffffff);
      if (segmentChecked(dataSegment()) && !checkAccess(dataSegment(), offset, 1, false)) return;
      const v = load8(offset + segmentBase());
      if (!FAULT) setReg8(0, v);
      return;
    }
    case 0xe0: case 0xe1: case 0xe2: { // loopne / loope / loop rel8
      const rel = fetchS8();
      const left = (getCount() - 1) & (ADDR16 ? 0xffff : 0xffffffff);
      setCount(left);
      let take = left != 0;
      if (op == 0xe0) take = take && (getFlags() & ZF) == 0;
      else if (op == 0xe1) take = take && (getFlags() & ZF) != 0;
      if (take) relJump(rel);
      return;
    }
    case 0xe3: { const rel = fetchS8(); if (getCount() == 0) relJump(rel); return; } // jecxz / jcxz
    case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xec: case 0xed: case 0xee: case 0xef:
      raise(STOP_PRIVILEGED, START); return; // in/out
    case 0xe8: { // call rel32 / rel16: the return address at the operand size
      const rel = osz == 32 ? fetch32() : <u32>(<i32>(<i16>fetch16()));
      const target = (IP + rel) & (osz == 16 ? 0xffff : 0xffffffff);
      push(IP, osz);
      if (!FAULT) nearJump(target, osz);
      return;
    }
    case 0xe9: relJump(osz == 32 ? fetch32() : <u32>(<i32>(<i16>fetch16()))); return; // jmp rel32
    case 0xeb: relJump(fetchS8()); return; // jmp rel8
    case 0xf4: case 0xfa: case 0xfb: raise(STOP_PRIVILEGED, START); return; // hlt cli sti
    case 0xf5: { const f = materializeFlags(); putFlags(f ^ CF); return; } // cmc
    case 0xf6: case 0xf7: group3((op & 1) == 0 ? 8 : osz); return;
    case 0xf8: { const f = materializeFlags(); putFlags(f & ~CF); return; } // clc
    case 0xf9: { const f = materializeFlags(); putFlags(f | CF); return; }  // stc
    case 0xfc: setEflagsRaw(getEflagsRaw() & ~DF); return; // cld
    case 0xfd: setEflagsRaw(getEflagsRaw() | DF); return;  // std
    case 0xfe: { // grp4: inc/dec Eb
      decodeModrm();
      if (REG > 1) { illegal(); return; }
      const v = readE(8);
      if (FAULT) return;
      writeE(incDec(v, REG == 1, 8), 8);
      return;
    }
    case 0xff: group5(osz); return;
    default: illegal(); return;
  }
}

/** The generated table's byte for an opcode of map 0 (one-byte) or 1 (0F xx) and a ModRM.reg. */
@inline function opcodeInfo(map: u32, op: u32, reg: u32): u32 {
  return <u32>load<u8>(OPCODE_INFO + (map << 11) + (op << 3) + reg);
}

/**
 * LOCK is allowed only where the ISA table says `lock` (read-modify-write
 * instructions), and only with a memory operand; anything else raises #UD.
 */
function lockable(op: u32): bool {
  const at = IP;
  let map: u32 = 0;
  if (op == 0x0f) { op = fetch8(); map = 1; }
  let ok = false;
  if ((opcodeInfo(map, op, 0) & OI_MODRM) != 0) {
    const m = fetch8();
    ok = (m >> 6) != 3 && (opcodeInfo(map, op, (m >> 3) & 7) & OI_LOCK) != 0;
  }
  setIP(at);
  return ok;
}

/**
 * Bytes of the instruction from its opcode on (prefixes excluded), without
 * executing it: only consulted when enough prefixes precede it to threaten
 * the 15-byte limit. The opcode's ModRM and immediate come from the table.
 */
function instructionLength(op: u32): u32 {
  const at = IP;
  let n: u32 = 1;
  let map: u32 = 0;
  if (op == 0x0f) { op = fetch8(); map = 1; n = 2; }
  let info = opcodeInfo(map, op, 0);
  if ((info & OI_MODRM) != 0) {
    const m = fetch8();
    n++;
    info = opcodeInfo(map, op, (m >> 3) & 7);
    const mod = m >> 6;
    const rm = m & 7;
    if (mod != 3) {
      if (ADDR16) n += mod == 1 ? 1 : (mod == 2 || (mod == 0 && rm == 6) ? 2 : 0);
      else {
        if (rm == 4) { const sib = fetch8(); n++; if (mod == 0 && (sib & 7) == 5) n += 4; }
        n += mod == 1 ? 1 : (mod == 2 || (mod == 0 && rm == 5) ? 4 : 0);
      }
    }
  }
  setIP(at);
  switch ((info & OI_IMM_MASK) >> OI_IMM_SHIFT) {
    case IMM_B: return n + 1;
    case IMM_W: return n + 2;
    case IMM_V: return n + (OPSIZE >> 3);
    case IMM_A: return n + (ADDR16 ? 2 : 4);
    case IMM_VW: return n + (OPSIZE >> 3) + 2;
    case 0: return n;
    default: return n + 3; // IMM_WB
  }
}

/** F6/F7: test not neg mul imul div idiv on Eb/Ev. */
function group3(size: u32): void {
  decodeModrm();
  const v = readE(size);
  if (FAULT) return;
  switch (REG) {
    case 0: case 1: alu(ALU_AND, v, fetchImm(size), size); return; // test E,I
    case 2: writeE(~v & sizeMask(size), size); return;              // not
    case 3: writeE(neg(v, size), size); return;                     // neg
    case 4: mulUnsigned(v, size); return;
    case 5: mulSigned(v, size); return;
    case 6: divUnsigned(v, size); return;
    default: divSigned(v, size); return;
  }
}

/** FF: inc dec call jmp (near and far) push on Ev. */
function group5(size: u32): void {
  decodeModrm();
  switch (REG) {
    case 0: case 1: {
      const v = readE(size);
      if (!FAULT) writeE(incDec(v, REG == 1, size), size);
      return;
    }
    case 2: { // call Ev
      const to = readE(size);
      if (FAULT) return;
      push(IP, size);
      if (!FAULT) nearJump(to, size);
      return;
    }
    case 4: { const to = readE(size); if (!FAULT) nearJump(to, size); return; } // jmp Ev
    case 3: case 5: { // call/jmp Mp: far, through m16:16 or m16:32
      if (MOD == 3) { illegal(); return; }
      const bytes = size >> 3;
      if (!checkEA(bytes + 2, false)) return;
      const offset = loadSized(EA, size);
      const selector = load16(EA + bytes);
      if (FAULT) return;
      if (REG == 5) farJump(selector, offset); else farCall(selector, offset, size);
      return;
    }
    case 6: { const v = readE(size); if (!FAULT) push(v, size); return; } // push Ev
    default: illegal(); return;
  }
}

/** enter Iw,Ib: make a stack frame, copying `level - 1` outer frame pointers. */
function enter(frameSize: u32, level: u32, osz: u32): void {
  push(getReg(EBP, osz), osz);
  const frame = getReg32(ESP);
  if (level > 0) {
    let bp = getReg32(EBP);
    for (let i: u32 = 1; i < level; i++) {
      bp -= osz >> 3;
      push(readStack(bp, osz), osz);
    }
    push(frame, osz);
  }
  if (FAULT) return;
  setReg(EBP, frame, osz);
  setStackPointer((getReg32(ESP) - frameSize) & stackMask());
}

/** daa das aaa aas: BCD adjustments of AL (AX for aaa/aas), per the SDM pseudo-code. */
function decimalAdjust(op: u32): void {
  const f = getFlags();
  const al = getReg8(0);
  const cf = (f & CF) != 0;
  const af = (f & AF) != 0;
  let nf = f & ~(CF | AF);
  if (op == 0x27 || op == 0x2f) { // daa / das
    let v = al;
    let ncf = false;
    if ((al & 0xf) > 9 || af) {
      v = op == 0x27 ? v + 6 : v - 6;
      ncf = cf || (op == 0x27 ? v > 0xff : al < 6);
      nf |= AF;
    }
    if (al > 0x99 || cf) { v = op == 0x27 ? v + 0x60 : v - 0x60; ncf = true; }
    v &= 0xff;
    setReg8(0, v);
    // SF ZF PF from the result; OF is undefined (computed as by a logic op).
    materializeFromResult(v, nf | (ncf ? CF : 0));
    return;
  }
  // aaa / aas
  if ((al & 0xf) > 9 || af) {
    const ax = getReg16(EAX);
    const nax = op == 0x37 ? ax + 0x106 : ax - 6 - 0x100;
    setReg16(EAX, (nax & 0xff00) | (nax & 0x0f));
    putFlags(nf | AF | CF);
  } else {
    setReg8(0, al & 0x0f);
    putFlags(nf);
  }
}

function materializeFromResult(v: u32, keep: u32): void {
  setLazy(FL_LOGIC, 8, v, 0, 0);
  const computed = getFlags();
  putFlags((computed & ~(CF | AF)) | (keep & (CF | AF)));
}

