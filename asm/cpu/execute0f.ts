// The two-byte opcode map (0F xx).
import { getReg32, setReg32, getReg16, getReg8, getReg, setReg, sizeMask, getSelector, EAX, ECX, EDX, EBX } from "./state";
import { IP, START, REP, MOD, REG, RM, EA, EA_OFFSET, EA_SEG, EA_CHECK, checkEA, setIP, fetch8, fetch16, fetch32, decodeModrm, readE, writeE, readG, writeG, probeWrite, writeThroughCs } from "./decode";
import { alu, imulTruncating, doubleShift, ALU_ADD, ALU_CMP } from "./alu";
import { condition, materializeFlags, putFlags, CF, ZF } from "./flags";
import { push, pop } from "./stack";
import { cpuid, rdtsc } from "./system";
import { loadDataSegment, checkAccess } from "./segments";
import { nearJump } from "./far-transfers";
import { loadDescriptorField, loadFarPointer } from "./segment-instructions";
import { group6, group7 } from "./system-tables";
import { load32, loadSized, store32, storeSized, raise, FAULT } from "../memory/mmu";
import { STOP_ILLEGAL, STOP_SEGV } from "../layout";

function illegal0f(): void { raise(STOP_ILLEGAL, START); }

/** Set only CF (bt family) or only ZF (bsf/bsr, cmpxchg8b), keeping the other flags. */
function setFlagBit(bit: u32, on: bool): void {
  const f = materializeFlags();
  putFlags(on ? f | bit : f & ~bit);
}

export function execute0f(osz: u32): void {
  const op = fetch8();
  switch (op) {
    case 0x0b: illegal0f(); return; // ud2
    // 0F 18-1F /r: prefetch hints and reserved NOPs (0F 1F /0 nop Ev; F3 0F 1E FB endbr32).
    // They decode an operand but never access it.
    case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
      decodeModrm(); return;
    case 0x00: group6(osz); return; // sldt str lldt ltr verr verw (system-tables.ts)
    case 0x01: group7(osz); return; // sgdt sidt lgdt lidt smsw lmsw invlpg
    case 0x02: loadDescriptorField(true, osz); return;  // lar Gv,Ew
    case 0x03: loadDescriptorField(false, osz); return; // lsl Gv,Ew
    case 0xb2: loadFarPointer(2, osz); return; // lss Gv,Mp
    case 0xb4: loadFarPointer(4, osz); return; // lfs Gv,Mp
    case 0xb5: loadFarPointer(5, osz); return; // lgs Gv,Mp
    case 0x31: rdtsc(); return;
    case 0xa2: cpuid(getReg32(EAX)); return;

    // 0F 40-4F cmovcc Gv,Ev: the source is read (and may fault) whatever the condition.
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f: {
      decodeModrm();
      const v = readE(osz);
      if (!FAULT && condition(op & 15)) writeG(v, osz);
      return;
    }
    // 0F 80-8F jcc rel32
    case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
    case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f: {
      const rel = osz == 32 ? fetch32() : <u32>(<i32>(<i16>fetch16()));
      if (condition(op & 15)) nearJump(IP + rel, osz);
      return;
    }
    // 0F 90-9F setcc Eb
    case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
    case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
      decodeModrm();
      writeE(condition(op & 15) ? 1 : 0, 8);
      return;
    case 0xa0: push(getSelector(4), osz); return; // push fs
    case 0xa8: push(getSelector(5), osz); return; // push gs
    case 0xa1: case 0xa9: { // pop fs / pop gs
      const v = pop(osz);
      if (!FAULT) loadDataSegment(op == 0xa1 ? 4 : 5, v);
      return;
    }
    // bt bts btr btc with a register bit offset
    case 0xa3: bitTest(0, true, osz); return;
    case 0xab: bitTest(1, true, osz); return;
    case 0xb3: bitTest(2, true, osz); return;
    case 0xbb: bitTest(3, true, osz); return;
    case 0xba: bitTest(0xff, false, osz); return; // grp8 Ev,Ib: /4 bt /5 bts /6 btr /7 btc
    // shld/shrd Ev,Gv,Ib and Ev,Gv,CL
    case 0xa4: case 0xa5: case 0xac: case 0xad: {
      decodeModrm();
      const d = readE(osz);
      const count = (op & 1) == 0 ? fetch8() : getReg8(ECX);
      if (FAULT) return;
      if ((count & 31) == 0) { if (MOD != 3) probeWrite(EA); return; }
      writeE(doubleShift(op < 0xac, d, readG(osz), count, osz), osz);
      return;
    }
    case 0xaf: { decodeModrm(); const v = readE(osz); if (!FAULT) writeG(imulTruncating(readG(osz), v, osz), osz); return; } // imul Gv,Ev
    case 0xb0: case 0xb1: { // cmpxchg Eb,Gb / Ev,Gv
      const size = op == 0xb0 ? 8 : osz;
      decodeModrm();
      const d = readE(size);
      if (FAULT) return;
      const acc = getReg(EAX, size);
      alu(ALU_CMP, acc, d, size);
      // The destination is always written (with itself on failure), as on the CPU.
      if (acc == d) writeE(readG(size), size);
      else { writeE(d, size); if (!FAULT) setReg(EAX, d, size); }
      return;
    }
    case 0xb6: case 0xb7: { // movzx Gv,Eb / Gv,Ew
      decodeModrm();
      const v = readE(op == 0xb6 ? 8 : 16);
      if (!FAULT) writeG(v, osz);
      return;
    }
    case 0xbe: case 0xbf: { // movsx Gv,Eb / Gv,Ew
      decodeModrm();
      const v = op == 0xbe ? <u32>(<i32>(<i8>readE(8))) : <u32>(<i32>(<i16>readE(16)));
      if (!FAULT) writeG(v & sizeMask(osz), osz);
      return;
    }
    // bsf/bsr: ZF = source is zero (destination then unchanged). With F3 these
    // are tzcnt/lzcnt on CPUs with BMI1/ABM; cpuid claims neither, so F3 is ignored.
    case 0xbc: case 0xbd: {
      decodeModrm();
      const v = readE(osz) & sizeMask(osz);
      if (FAULT) return;
      if (v == 0) { setFlagBit(ZF, true); return; }
      writeG(op == 0xbc ? ctz<u32>(v) : 31 - clz<u32>(v), osz);
      setFlagBit(ZF, false);
      return;
    }
    case 0xc0: case 0xc1: { // xadd Eb,Gb / Ev,Gv
      const size = op == 0xc0 ? 8 : osz;
      decodeModrm();
      const d = readE(size);
      if (FAULT) return;
      const s = readG(size);
      const sum = alu(ALU_ADD, d, s, size);
      writeG(d, size);
      writeE(sum, size);
      return;
    }
    case 0xc7: { // grp9: /1 cmpxchg8b Mq
      decodeModrm();
      if (REG != 1 || MOD == 3) { illegal0f(); return; }
      if (!checkEA(8, true)) return;
      const lo = load32(EA);
      const hi = load32(EA + 4);
      if (FAULT) return;
      if (writeThroughCs()) return;
      if (lo == getReg32(EAX) && hi == getReg32(EDX)) {
        store32(EA, getReg32(EBX)); store32(EA + 4, getReg32(ECX));
        if (!FAULT) setFlagBit(ZF, true);
      } else {
        store32(EA, lo); store32(EA + 4, hi);
        if (FAULT) return;
        setReg32(EAX, lo); setReg32(EDX, hi);
        setFlagBit(ZF, false);
      }
      return;
    }
    case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf:
      setReg32(op & 7, bswap<u32>(getReg32(op & 7))); return; // bswap r32
    default: illegal0f(); return;
  }
}

/**
 * bt/bts/btr/btc. With a register offset and a memory operand the offset is
 * signed and selects any bit relative to the address; with an immediate (or a
 * register operand) it is taken modulo the operand size. Only CF is set.
 */
function bitTest(kind: u32, registerOffset: bool, osz: u32): void {
  decodeModrm();
  let which = kind;
  let offset: u32;
  if (registerOffset) offset = readG(osz);
  else {
    if (REG < 4) { illegal0f(); return; }
    which = REG - 4;
    offset = fetch8();
  }
  let addr = EA;
  let bit: u32;
  let delta: u32 = 0;
  if (MOD != 3 && registerOffset) {
    const signed = osz == 32 ? <i32>offset : <i32>(<i16>offset);
    delta = <u32>((signed >> (osz == 32 ? 5 : 4)) * <i32>(osz >> 3));
    addr += delta;
    bit = offset & (osz - 1);
  } else {
    bit = offset & (osz - 1);
  }
  // A segment that is not flat checks the operand the bit offset selects.
  if (MOD != 3 && EA_CHECK && !checkAccess(EA_SEG, EA_OFFSET + delta, osz >> 3, which != 0)) return;
  const v = MOD == 3 ? getReg(RM, osz) : loadSized(addr, osz);
  if (FAULT) return;
  const m: u32 = <u32>1 << bit;
  setFlagBit(CF, (v & m) != 0);
  if (which == 0) return;
  const nv = which == 1 ? v | m : (which == 2 ? v & ~m : v ^ m);
  if (MOD == 3) setReg(RM, nv, osz);
  else if (!writeThroughCs()) storeSized(addr, nv, osz);
}
