// The FPU state block of one replica, in linear memory at a caller-given
// address (integration puts it inside the replica's slot): control word, status
// word (TOP in bits 11-13), a valid bit per physical register (the abridged tag,
// as FXSAVE keeps it; the full tag word is derived from the contents as
// FNSTENV/FNSAVE derive it), the last instruction and data pointers (FOP, FIP,
// FDP: kept by the integration, see asm/cpu/x87.ts) and the eight 80-bit registers, 16 bytes apart
// (significand at +0, sign+exponent at +8). Snapshot = byte copy of F_SIZE bytes.
import { tagOf } from "./float80";

export const F_CW: u32 = 0;     // u16
export const F_SW: u32 = 2;     // u16
export const F_VALID: u32 = 4;  // u8, bit i: physical register i is not empty
export const F_FOP: u32 = 6;    // u16, the last non-control instruction's opcode (11 bits)
export const F_FIP: u32 = 8;    // u32, its address (FIP)
export const F_FDP: u32 = 12;   // u32, its memory operand's offset (FDP)
export const F_REGS: u32 = 16;  // 8 x { u64 significand, u16 sign+exponent, 6 bytes zero }
export const F_SIZE: u32 = 144;

@inline export function getCW(st: u32): u32 { return <u32>load<u16>(st + F_CW); }
@inline export function getSW(st: u32): u32 { return <u32>load<u16>(st + F_SW); }
@inline export function setSW(st: u32, v: u32): void { store<u16>(st + F_SW, <u16>v); }
@inline export function getTop(st: u32): u32 { return (getSW(st) >> 11) & 7; }
@inline export function setTop(st: u32, t: u32): void { setSW(st, (getSW(st) & ~0x3800) | ((t & 7) << 11)); }
@inline export function physOf(st: u32, i: u32): u32 { return (getTop(st) + i) & 7; }
@inline export function isEmptyPhys(st: u32, p: u32): bool { return (load<u8>(st + F_VALID) & (1 << p)) == 0; }
@inline export function isEmpty(st: u32, i: u32): bool { return isEmptyPhys(st, physOf(st, i)); }
@inline export function sigPhys(st: u32, p: u32): u64 { return load<u64>(st + F_REGS + (p << 4)); }
@inline export function sePhys(st: u32, p: u32): u32 { return <u32>load<u16>(st + F_REGS + (p << 4) + 8); }
@inline export function regSig(st: u32, i: u32): u64 { return sigPhys(st, physOf(st, i)); }
@inline export function regSE(st: u32, i: u32): u32 { return sePhys(st, physOf(st, i)); }

export function setPhys(st: u32, p: u32, sig: u64, se: u32): void {
  store<u64>(st + F_REGS + (p << 4), sig);
  store<u16>(st + F_REGS + (p << 4) + 8, <u16>se);
  store<u8>(st + F_VALID, load<u8>(st + F_VALID) | <u8>(<u32>1 << p));
}
@inline export function setReg(st: u32, i: u32, sig: u64, se: u32): void { setPhys(st, physOf(st, i), sig, se); }
@inline export function freePhys(st: u32, p: u32): void { store<u8>(st + F_VALID, load<u8>(st + F_VALID) & <u8>~(<u32>1 << p)); }

/** Mark ST0 empty and increment TOP. */
export function pop(st: u32): void {
  const t = getTop(st);
  freePhys(st, t);
  setTop(st, t + 1);
}

/** Decrement TOP and write the new ST0. */
export function push(st: u32, sig: u64, se: u32): void {
  const t = (getTop(st) - 1) & 7;
  setTop(st, t);
  setPhys(st, t, sig, se);
}

/** The full tag word FNSTENV/FNSAVE report: 2 bits per physical register (valid, zero, special, empty). */
export function fullTagWord(st: u32): u32 {
  let tw: u32 = 0;
  for (let p: u32 = 0; p < 8; p++) tw |= (isEmptyPhys(st, p) ? 3 : tagOf(sigPhys(st, p), sePhys(st, p))) << (p << 1);
  return tw;
}

/** fninit: CW 037F, SW 0, all registers empty (their contents stay, as on the CPU), FOP/FIP/FDP 0. */
export function fninit(st: u32): void {
  store<u16>(st + F_CW, 0x037f);
  setSW(st, 0);
  store<u8>(st + F_VALID, 0);
  store<u16>(st + F_FOP, 0);
  store<u32>(st + F_FIP, 0);
  store<u32>(st + F_FDP, 0);
}
