// Test-only entry of the x87 unit (compiled to build/fpu-test.wasm by
// `npm run build:fpu-test`): replays a recorded vector the way the native
// harness ran it - fninit, fldcw, fld m80 of each input, the instruction -
// on a state block in linear memory, and exposes what FNSAVE would show.
import { F_SIZE, F_CW, getSW, fullTagWord, fninit, push, regSig, regSE, isEmpty } from "./state";
import { fpuExecute, xEflags, xEflagsSet, xStoreBytes } from "./execute";
import { setFpuFastPath, fpuFastExecute, NOT_COMMON } from "./fast";

export const STATE: u32 = 1024;   // the FPU state block
export const MEM: u32 = 2048;     // the 10-byte memory operand
export const INPUTS: u32 = 4096;  // up to 8 inputs, 16 bytes each (u64 significand, u16 sign+exponent)

export function stateAddr(): u32 { return STATE; }
export function memAddr(): u32 { return MEM; }
export function inputsAddr(): u32 { return INPUTS; }

function prepare(cw: u32, n: u32): void {
  fninit(STATE);
  store<u16>(STATE + F_CW, <u16>(cw | 0x40));
  for (let i: u32 = 0; i < n; i++) push(STATE, load<u64>(INPUTS + i * 16), <u32>load<u16>(INPUTS + i * 16 + 8));
}

/** Run code bytes (op, modrm) after fninit/fldcw/loading n inputs; returns the executor's status. */
export function run(cw: u32, n: u32, op: u32, modrm: u32): u32 {
  prepare(cw, n);
  return fpuExecute(STATE, op, modrm, MEM);
}

/** The same with the fast path alone: did it take the instruction (the state is then as run leaves it)? */
export function runFastOnly(cw: u32, n: u32, op: u32, modrm: u32): bool {
  prepare(cw, n);
  return fpuFastExecute(STATE, op, modrm, MEM) != NOT_COMMON;
}

export function statusWord(): u32 { return getSW(STATE); }
export function tagWord(): u32 { return fullTagWord(STATE); }
export function eflags(): u32 { return xEflagsSet ? xEflags : 0xffffffff; }
export function storedBytes(): u32 { return xStoreBytes; }
export function stEmpty(i: u32): bool { return isEmpty(STATE, i); }
export function stSig(i: u32): u64 { return regSig(STATE, i); }
export function stSE(i: u32): u32 { return regSE(STATE, i); }
/** The unit's fast path (fast.ts) on or off: the vectors are replayed both ways. */
export function setFastPath(on: bool): void { setFpuFastPath(on); }
