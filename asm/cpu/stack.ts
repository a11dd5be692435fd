// Stack pushes and pops through SS:ESP (flat, 32-bit stack pointer).
import { getReg32, setReg32, ESP } from "./state";
import { load16, load32, store16, store32, FAULT } from "../memory/mmu";

/** Push a 16- or 32-bit value; ESP moves only if the store succeeded. */
export function push(v: u32, size: u32): void {
  const sp = getReg32(ESP) - (size >> 3);
  if (size == 32) store32(sp, v); else store16(sp, v);
  if (!FAULT) setReg32(ESP, sp);
}

export function pop(size: u32): u32 {
  const sp = getReg32(ESP);
  const v = size == 32 ? load32(sp) : load16(sp);
  if (!FAULT) setReg32(ESP, sp + (size >> 3));
  return v;
}

@inline export function push32(v: u32): void { push(v, 32); }
@inline export function pop32(): u32 { return pop(32); }
