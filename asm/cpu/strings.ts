// String instructions: movs cmps stos lods scas. A cycle executes one
// iteration; with a rep prefix the instruction leaves EIP on itself until the
// count runs out (or repe/repne stop it), so every iteration is a cycle.
import { getReg32, setReg32, getReg16, setReg16, getReg, setReg, getEflagsRaw, EAX, ECX, ESI, EDI } from "./state";
import { loadSized, storeSized } from "../memory/mmu";
import { REP, ADDR16, START, setIP, segmentBase, dataSegment, segmentChecked } from "./decode";
import { segBase, checkAccess, SEG_ES } from "./segments";
import { alu, ALU_CMP } from "./alu";
import { DF, ZF, getFlags } from "./flags";

// Index and count registers follow the address size (0x67 selects SI/DI/CX).
@inline function getIndex(r: u32): u32 { return ADDR16 ? getReg16(r) : getReg32(r); }
@inline function setIndex(r: u32, v: u32): void { if (ADDR16) setReg16(r, v); else setReg32(r, v); }
export function getCount(): u32 { return ADDR16 ? getReg16(ECX) : getReg32(ECX); }
export function setCount(v: u32): void { if (ADDR16) setReg16(ECX, v); else setReg32(ECX, v); }

@inline function step(size: u32): u32 { return (getEflagsRaw() & DF) != 0 ? 0 - (size >> 3) : (size >> 3); }

// Kinds, by the low opcode bits of A4..AF with the width bit dropped.
export const STR_MOVS: u32 = 0;
export const STR_CMPS: u32 = 1;
export const STR_STOS: u32 = 3;
export const STR_LODS: u32 = 4;
export const STR_SCAS: u32 = 5;

/** The limit and rights checks of one iteration's operands, for segments that are not flat. */
function segmentsAllow(kind: u32, bytes: u32): bool {
  const usesSource = kind == STR_MOVS || kind == STR_CMPS || kind == STR_LODS;
  const usesDest = kind != STR_LODS;
  const src = dataSegment();
  if (usesSource && segmentChecked(src) && !checkAccess(src, getIndex(ESI), bytes, false)) return false;
  if (usesDest && segmentChecked(SEG_ES) && !checkAccess(SEG_ES, getIndex(EDI), bytes, kind == STR_MOVS || kind == STR_STOS)) return false;
  return true;
}

/** One iteration of a string instruction of the given kind and width. */
export function stringOp(kind: u32, size: u32): void {
  if (REP != 0 && getCount() == 0) return; // nothing to do: fall through to the next instruction
  const d = step(size);
  // DS:ESI accepts an override; ES:EDI never does.
  if (!segmentsAllow(kind, size >> 3)) return;
  const src = getIndex(ESI) + segmentBase();
  const dst = getIndex(EDI) + segBase(SEG_ES);
  const di = getIndex(EDI);
  switch (kind) {
    case STR_MOVS:
      storeSized(dst, loadSized(src, size), size);
      setIndex(ESI, getIndex(ESI) + d); setIndex(EDI, di + d);
      break;
    case STR_CMPS: {
      const a = loadSized(src, size);
      const b = loadSized(dst, size);
      alu(ALU_CMP, a, b, size);
      setIndex(ESI, getIndex(ESI) + d); setIndex(EDI, di + d);
      break;
    }
    case STR_STOS:
      storeSized(dst, getReg(EAX, size), size);
      setIndex(EDI, di + d);
      break;
    case STR_LODS:
      setReg(EAX, loadSized(src, size), size);
      setIndex(ESI, getIndex(ESI) + d);
      break;
    default: // scas
      alu(ALU_CMP, getReg(EAX, size), loadSized(dst, size), size);
      setIndex(EDI, di + d);
      break;
  }
  if (REP == 0) return;
  const left = getCount() - 1;
  setCount(left);
  let again = left != 0;
  if (again && (kind == STR_CMPS || kind == STR_SCAS)) {
    const zf = (getFlags() & ZF) != 0;
    again = REP == 0xf3 ? zf : !zf;
  }
  if (again) setIP(START);
}
