// Identity and system-ish instructions: cpuid, rdtsc, segment registers.
import { setReg32, getSelector, R, EAX, EBX, ECX, EDX } from "./state";
import { R_CYCLES } from "../layout";

// "GenuineIntel" as EBX, EDX, ECX little-endian words.
const VENDOR_EBX: u32 = 0x756e6547;
const VENDOR_EDX: u32 = 0x49656e69;
const VENDOR_ECX: u32 = 0x6c65746e;
// Family 6, model 0x17 (a Penryn-era Xeon, contemporary with the ftServer W).
const SIGNATURE: u32 = 0x00010676;
// Features: FPU (0), TSC (4), CX8 (8), CMOV (15); FPU with CMOV means FCMOV.
// No MMX, SSE or BMI: glibc then takes its plain i386 string routines and its
// x87 maths, which is all the core executes.
const FEATURES_EDX: u32 = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15);
const MAX_BASIC_LEAF: u32 = 0xd;
const MAX_EXTENDED_LEAF: u32 = 0x80000004;

/** "ftvm Virtual Xeon" padded with NULs: the brand string leaves 0x80000002-4 return. */
function brandWord(i: u32): u32 {
  // Twelve words, four per leaf, packed little-endian.
  switch (i) {
    case 0: return 0x6d767466; // "ftvm"
    case 1: return 0x72695620; // " Vir"
    case 2: return 0x6c617574; // "tual"
    case 3: return 0x6f655820; // " Xeo"
    case 4: return 0x0000006e; // "n"
    default: return 0;
  }
}

export function cpuid(leaf: u32): void {
  let a: u32 = 0, b: u32 = 0, c: u32 = 0, d: u32 = 0;
  if (leaf == 0) {
    a = MAX_BASIC_LEAF; b = VENDOR_EBX; c = VENDOR_ECX; d = VENDOR_EDX;
  } else if (leaf == 1) {
    a = SIGNATURE; b = 0x00010800; c = 0; d = FEATURES_EDX; // one logical processor, clflush 8 qwords
  } else if (leaf == 0x80000000) {
    a = MAX_EXTENDED_LEAF;
  } else if (leaf >= 0x80000002 && leaf <= 0x80000004) {
    const base = (leaf - 0x80000002) * 4;
    a = brandWord(base); b = brandWord(base + 1); c = brandWord(base + 2); d = brandWord(base + 3);
  }
  // Every other leaf (2-0xd, other extended ones) reports nothing.
  setReg32(EAX, a); setReg32(EBX, b); setReg32(ECX, c); setReg32(EDX, d);
}

/** rdtsc: the virtual time stamp counter is the replica's cycle count. */
export function rdtsc(): void {
  setReg32(EAX, load<u32>(R + R_CYCLES));
  setReg32(EDX, load<u32>(R + R_CYCLES + 4));
}

export { getSelector };
