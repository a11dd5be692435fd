// Control transfers that involve CS, at CPL 3 and the same privilege (the
// only kind Linux offers user mode: no gates in its GDT, none modify_ldt can
// make): far jmp/call (EA, 9A, FF /5, FF /3), far ret (CB, CA iw) and iret
// (CF); and the near transfers' EIP rule: truncated to 16 bits at operand
// size 16, checked against CS's limit (#GP(0), raised by the jump itself).
// Everything that can fault is checked before CS changes: CS is not in the
// part of the replica state a fault rolls back.
import { getSelector, getReg32, getEflagsRaw } from "./state";
import { IP, MODE, setIP } from "./decode";
import { push, peekStack, setStackPointer, stackMask } from "./stack";
import { checkCodeTarget, enterCode, segLimit, MODE_NOT_FLAT, SEG_CS } from "./segments";
import { getFlags, putFlags, POPF_MASK, TF } from "./flags";
import { raise, FAULT } from "../memory/mmu";
import { STOP_GENERAL_PROTECTION, STOP_TRAP_FLAG } from "../layout";
import { ESP } from "./state";

const NT: u32 = 0x4000;

/** Near jump, call or return to target at operand size osz. */
export function nearJump(target: u32, osz: u32): void {
  if (osz == 16) target &= 0xffff;
  if ((MODE & MODE_NOT_FLAT) != 0 && target > segLimit(SEG_CS)) { raise(STOP_GENERAL_PROTECTION, 0); return; }
  setIP(target);
}

/** jmp ptr16:16/32, jmp m16:16/32. */
export function farJump(selector: u32, offset: u32): void {
  if (!checkCodeTarget(selector, offset, false)) return;
  enterCode(selector);
  setIP(offset);
}

/** call ptr16:16/32, call m16:16/32: CS then the return EIP pushed at the operand size. */
export function farCall(selector: u32, offset: u32, osz: u32): void {
  if (!checkCodeTarget(selector, offset, false)) return;
  push(getSelector(SEG_CS), osz);
  push(IP, osz);
  if (FAULT) return;
  enterCode(selector);
  setIP(offset);
}

/** retf [imm16]: pop EIP and CS, then release `release` more bytes of stack. */
export function farReturn(osz: u32, release: u32): void {
  const bytes = osz >> 3;
  const offset = peekStack(0, osz);
  const selector = peekStack(bytes, osz) & 0xffff;
  if (FAULT || !checkCodeTarget(selector, offset, true)) return;
  enterCode(selector);
  setIP(offset);
  setStackPointer((getReg32(ESP) + 2 * bytes + release) & stackMask());
}

/**
 * iret to the same privilege: pop EIP, CS and EFLAGS. At CPL 3 with IOPL 0
 * the flags popf may change are the ones iret changes (IF and IOPL stay);
 * with NT set iret would be a task return, which Linux's tasks refuse (#GP).
 */
export function interruptReturn(osz: u32): void {
  if ((getEflagsRaw() & NT) != 0) { raise(STOP_GENERAL_PROTECTION, 0); return; }
  const bytes = osz >> 3;
  const offset = peekStack(0, osz);
  const selector = peekStack(bytes, osz) & 0xffff;
  const flags = peekStack(2 * bytes, osz);
  if (FAULT || !checkCodeTarget(selector, offset, true)) return;
  enterCode(selector);
  setIP(offset);
  setStackPointer((getReg32(ESP) + 3 * bytes) & stackMask());
  const mask = osz == 16 ? POPF_MASK & 0xffff : POPF_MASK;
  putFlags((getFlags() & ~mask) | (flags & mask) | 2);
  // TF on, as after popf: the host steps the following instructions one by one.
  if (flags & mask & TF) raise(STOP_TRAP_FLAG, 0);
}
