// Transcendentals (placeholders until implemented).
import { invalid, setResult2, INDEF_SIG, INDEF_SE } from "./float80";
export function fsin(sig: u64, se: u32, cw: u32): void { invalid(); }
export function fcos(sig: u64, se: u32, cw: u32): void { invalid(); }
export function fsincos(sig: u64, se: u32, cw: u32): void { invalid(); setResult2(INDEF_SIG, INDEF_SE); }
export function fptan(sig: u64, se: u32, cw: u32): void { invalid(); setResult2(INDEF_SIG, INDEF_SE); }
export function f2xm1(sig: u64, se: u32, cw: u32): void { invalid(); }
export function fpatan(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void { invalid(); }
export function fyl2x(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void { invalid(); }
export function fyl2xp1(aSig: u64, aSE: u32, bSig: u64, bSE: u32, cw: u32): void { invalid(); }
