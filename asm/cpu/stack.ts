// Stack pushes and pops through SS:ESP. In the flat model SS has base 0 and
// no limit; a non-flat SS adds its base, checks its limit (#SS(0)) and, with
// its B bit clear, moves SP alone (16-bit stack).
import { getReg32, setReg32, setReg16, ESP } from "./state";
import { load16, load32, store16, store32, FAULT } from "../memory/mmu";
import { segMode, segBase, checkAccess, MODE_NOT_FLAT, MODE_STACK16, MODE_CHECK_SHIFT, SEG_SS } from "./segments";

/** Push a 16- or 32-bit value; ESP moves only if the store succeeded. */
export function push(v: u32, size: u32): void {
  if ((segMode() & MODE_NOT_FLAT) != 0) { pushSegmented(v, size); return; }
  const sp = getReg32(ESP) - (size >> 3);
  if (size == 32) store32(sp, v); else store16(sp, v);
  if (!FAULT) setReg32(ESP, sp);
}

export function pop(size: u32): u32 {
  if ((segMode() & MODE_NOT_FLAT) != 0) return popSegmented(size);
  const sp = getReg32(ESP);
  const v = size == 32 ? load32(sp) : load16(sp);
  if (!FAULT) setReg32(ESP, sp + (size >> 3));
  return v;
}

@inline export function push32(v: u32): void { push(v, 32); }
@inline export function pop32(): u32 { return pop(32); }

/** The stack pointer's width: SP with a 16-bit SS. */
@inline export function stackMask(): u32 { return (segMode() & MODE_STACK16) != 0 ? 0xffff : 0xffffffff; }

/** Set the stack pointer: only SP with a 16-bit SS (the upper half of ESP stays). */
export function setStackPointer(sp: u32): void {
  if ((segMode() & MODE_STACK16) != 0) setReg16(ESP, sp); else setReg32(ESP, sp);
}

/** Whether `bytes` at stack offset sp may be accessed (#SS(0) otherwise). */
@inline function stackAccess(sp: u32, bytes: u32, write: bool): bool {
  return ((segMode() >> (MODE_CHECK_SHIFT + SEG_SS)) & 1) == 0 || checkAccess(SEG_SS, sp, bytes, write);
}

/** Read the stack `offset` bytes above the stack pointer, without popping (far returns read before they commit). */
export function peekStack(offset: u32, size: u32): u32 {
  return readStack(getReg32(ESP) + offset, size);
}

/** Read SS:offset (enter copies outer frame pointers from SS:EBP). */
export function readStack(offset: u32, size: u32): u32 {
  const sp = offset & stackMask();
  if (!stackAccess(sp, size >> 3, false)) return 0;
  const at = segBase(SEG_SS) + sp;
  return size == 32 ? load32(at) : load16(at);
}

function pushSegmented(v: u32, size: u32): void {
  const sp = (getReg32(ESP) - (size >> 3)) & stackMask();
  if (!stackAccess(sp, size >> 3, true)) return;
  const at = segBase(SEG_SS) + sp;
  if (size == 32) store32(at, v); else store16(at, v);
  if (!FAULT) setStackPointer(sp);
}

function popSegmented(size: u32): u32 {
  const v = peekStack(0, size);
  if (!FAULT) setStackPointer((getReg32(ESP) + (size >> 3)) & stackMask());
  return v;
}
