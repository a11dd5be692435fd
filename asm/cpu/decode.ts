// Instruction fetch, prefixes, ModRM/SIB and operand access for the
// instruction being executed. These are per-instruction scratch values, not
// architectural state: a fresh decode sets every one of them.
import { PTE_PRESENT, PTE_WRITABLE, PTE_FRAME_MASK, PTE_ECC_SLOW, STOP_SEGV, STOP_GENERAL_PROTECTION, REPLICA_BASE, REPLICA_SIZE, MAX_REPLICAS, R_FETCH_PAGE, R_FETCH_HOST } from "../layout";
import { MEMB, CHASSIS, getReg32, getReg16, getReg, setReg } from "./state";
import { segMode, segBase, segLimit, checkAccess, MODE_NOT_FLAT, MODE_CODE16, MODE_CHECK_SHIFT, SEG_CS, SEG_SS, SEG_DS } from "./segments";
import { pageEntry, raise, raiseWriteFault, load8, loadSized, storeSized } from "../memory/mmu";

/** Address of the next instruction byte. */
export let IP: u32 = 0;
/** Address of the first byte of the current instruction. */
export let START: u32 = 0;
/** Operand size in bits: CS's default (D bit), the other one with a 0x66 prefix. */
export let OPSIZE: u32 = 32;
/** 16-bit addressing: CS's default, the other one with a 0x67 prefix. */
export let ADDR16: bool = false;
/** The replica's SEG_MODE as the instruction began (segments.ts). */
export let MODE: u32 = 0;
/** CS's base: instruction bytes are at CS_BASE + EIP (0 in the flat model). */
let CS_BASE: u32 = 0;
/** Segment override: 0xff none, else 0 es,1 cs,2 ss,3 ds,4 fs,5 gs. */
export let SEG: u32 = 0xff;
/** Repeat prefix: 0, 0xf3 (rep/repe) or 0xf2 (repne). */
export let REP: u32 = 0;

export let MOD: u32 = 0;
export let REG: u32 = 0;
export let RM: u32 = 0;
/** Effective address of a memory operand, without segment base (what lea wants). */
export let EA_OFFSET: u32 = 0;
/** Linear address of a memory operand: EA_OFFSET plus its segment's base. */
export let EA: u32 = 0;
/** The memory operand's segment (the override, else SS for EBP/ESP-based forms, else DS). */
export let EA_SEG: u32 = 3; // SEG_DS (a literal: segments.ts may not be initialised yet when this module is)
/** Its segment is not flat: every access through EA is checked against limit and rights. */
export let EA_CHECK: bool = false;

// The page the fetcher last translated, so most fetches skip the page table.
let fetchPage: u32 = 0xffffffff;
let fetchHost: u32 = 0;

/** Forget every cached fetch translation (the page table changed). */
export function flushFetch(): void {
  fetchPage = 0xffffffff;
  for (let n: u32 = 0; n < MAX_REPLICAS; n++) store<u32>(REPLICA_BASE + n * REPLICA_SIZE + R_FETCH_PAGE, 0xffffffff);
}

/** Keep the fetch translation with its replica when the CPU switches to another. */
@inline export function saveFetch(replica: u32): void {
  store<u32>(replica + R_FETCH_PAGE, fetchPage);
  store<u32>(replica + R_FETCH_HOST, fetchHost);
}
@inline export function restoreFetch(replica: u32): void {
  fetchPage = load<u32>(replica + R_FETCH_PAGE);
  fetchHost = load<u32>(replica + R_FETCH_HOST);
}

// When the whole instruction (at most 15 bytes) lies in a page whose
// translation is cached, bytes are read straight from host memory at
// fetchDelta + IP, with no per-byte page check.
let fetchDirect: bool = false;
let fetchDelta: u32 = 0;

export function beginInstruction(eip: u32): void {
  START = eip;
  IP = eip;
  const mode = segMode();
  MODE = mode;
  const code16 = (mode & MODE_CODE16) != 0;
  OPSIZE = code16 ? 16 : 32;
  ADDR16 = code16;
  SEG = 0xff;
  REP = 0;
  CS_BASE = 0;
  if ((mode & MODE_NOT_FLAT) != 0) {
    CS_BASE = segBase(SEG_CS);
    // Executing past CS's limit is #GP(0) (checked where the instruction starts).
    if (eip > segLimit(SEG_CS)) { raise(STOP_GENERAL_PROTECTION, 0); fetchDirect = false; return; }
  }
  const lin = eip + CS_BASE;
  fetchDirect = (lin & 0xfff) <= 0xff0 && ((lin >>> 12) == fetchPage || refetch(lin));
  fetchDelta = fetchHost - (lin & 0xfffff000) + CS_BASE;
}

@inline export function setIP(v: u32): void { IP = v; }
/** 0x66: the operand size that is not CS's default. */
@inline export function setOpsizePrefix(): void { OPSIZE = (MODE & MODE_CODE16) != 0 ? 32 : 16; }
/** 0x67: the address size that is not CS's default. */
@inline export function setAddrPrefix(): void { ADDR16 = (MODE & MODE_CODE16) == 0; }
@inline export function setSeg(v: u32): void { SEG = v; }
@inline export function setRep(v: u32): void { REP = v; }

/** Cache the translation of ip's page; false if it cannot be fetched directly. */
function refetch(ip: u32): bool {
  const e = pageEntry(ip);
  if ((e & (PTE_PRESENT | (PTE_ECC_SLOW << CHASSIS))) != PTE_PRESENT) return false;
  fetchPage = ip >>> 12;
  fetchHost = MEMB + (e & PTE_FRAME_MASK);
  return true;
}

@inline export function fetch8(): u32 {
  if (fetchDirect) {
    const ip = IP;
    IP = ip + 1;
    return <u32>load<u8>(fetchDelta + ip);
  }
  return fetch8Checked();
}

function fetch8Checked(): u32 {
  const ip = IP;
  const lin = ip + CS_BASE;
  if ((lin >>> 12) != fetchPage && !refetch(lin)) {
    // Unmapped (SIGSEGV) or a page whose words must go through the ECC decoder.
    IP = ip + 1;
    return load8(lin);
  }
  IP = ip + 1;
  return <u32>load<u8>(fetchHost + (lin & 0xfff));
}

export function fetch16(): u32 {
  const ip = IP;
  if (fetchDirect) { IP = ip + 2; return <u32>load<u16>(fetchDelta + ip); }
  const lin = ip + CS_BASE;
  if ((lin >>> 12) == fetchPage && (lin & 0xfff) <= 0xffe) {
    IP = ip + 2;
    return <u32>load<u16>(fetchHost + (lin & 0xfff));
  }
  const lo = fetch8();
  return lo | (fetch8() << 8);
}

export function fetch32(): u32 {
  const ip = IP;
  if (fetchDirect) { IP = ip + 4; return load<u32>(fetchDelta + ip); }
  const lin = ip + CS_BASE;
  if ((lin >>> 12) == fetchPage && (lin & 0xfff) <= 0xffc) {
    IP = ip + 4;
    return load<u32>(fetchHost + (lin & 0xfff));
  }
  const lo = fetch16();
  return lo | (fetch16() << 16);
}

@inline export function fetchS8(): u32 { return <u32>(<i32>(<i8>fetch8())); }
/** An immediate of the operand size (Iv). */
@inline export function fetchImm(size: u32): u32 {
  if (size == 32) return fetch32();
  if (size == 16) return fetch16();
  return fetch8();
}

/** The segment of a DS-relative operand: DS or the override. */
@inline export function dataSegment(): u32 { return SEG == 0xff ? SEG_DS : SEG; }
/** Base of the segment of a DS-relative operand. */
@inline export function segmentBase(): u32 { return segBase(dataSegment()); }

/** Whether segment seg's limit and rights must be checked for this instruction. */
@inline export function segmentChecked(seg: u32): bool { return ((MODE >> (MODE_CHECK_SHIFT + seg)) & 1) != 0; }

/** The access check of `bytes` at EA (raises the fault and returns false when it fails). */
@inline export function checkEA(bytes: u32, write: bool): bool {
  return !EA_CHECK || checkAccess(EA_SEG, EA_OFFSET, bytes, write);
}

function decodeAddress16(): u32 {
  let ea: u32 = 0;
  switch (RM) {
    case 0: ea = getReg16(3) + getReg16(6); break; // bx+si
    case 1: ea = getReg16(3) + getReg16(7); break; // bx+di
    case 2: ea = getReg16(5) + getReg16(6); break; // bp+si
    case 3: ea = getReg16(5) + getReg16(7); break; // bp+di
    case 4: ea = getReg16(6); break;
    case 5: ea = getReg16(7); break;
    case 6: ea = MOD == 0 ? fetch16() : getReg16(5); break;
    default: ea = getReg16(3); break;
  }
  if (MOD == 1) ea += fetchS8();
  else if (MOD == 2) ea += fetch16();
  return ea & 0xffff;
}

/** Read the ModRM byte (and SIB, displacement) of the current instruction. */
export function decodeModrm(): void {
  const m = fetch8();
  MOD = m >> 6;
  REG = (m >> 3) & 7;
  RM = m & 7;
  if (MOD == 3) return;
  let ea: u32;
  let stack = false; // based on EBP or ESP (BP in 16-bit forms): SS is the default segment
  if (ADDR16) {
    ea = decodeAddress16();
    stack = RM == 2 || RM == 3 || (RM == 6 && MOD != 0);
  } else {
    if (RM == 4) {
      const sib = fetch8();
      const base = sib & 7;
      const index = (sib >> 3) & 7;
      if (base == 5 && MOD == 0) ea = fetch32();
      else { ea = getReg32(base); stack = base == 4 || base == 5; }
      if (index != 4) ea += getReg32(index) << (sib >> 6);
    } else if (RM == 5 && MOD == 0) {
      ea = fetch32();
    } else {
      ea = getReg32(RM);
      stack = RM == 5;
    }
    if (MOD == 1) ea += fetchS8();
    else if (MOD == 2) ea += fetch32();
  }
  EA_OFFSET = ea;
  if (SEG == 0xff && (MODE & MODE_NOT_FLAT) == 0) {
    // The flat model's common case: DS and SS have base 0 and check nothing.
    EA_SEG = stack ? SEG_SS : SEG_DS;
    EA_CHECK = false;
    EA = ea;
    return;
  }
  const seg = SEG != 0xff ? SEG : (stack ? SEG_SS : SEG_DS);
  EA_SEG = seg;
  EA_CHECK = segmentChecked(seg);
  EA = ea + segBase(seg);
}

/** The r/m operand (register or memory) at the given size. */
@inline export function readE(size: u32): u32 {
  if (MOD == 3) return getReg(RM, size);
  if (EA_CHECK && !checkAccess(EA_SEG, EA_OFFSET, size >> 3, false)) return 0;
  return loadSized(EA, size);
}
@inline export function writeE(v: u32, size: u32): void {
  if (MOD == 3) setReg(RM, v, size);
  else if (EA_CHECK ? checkAccess(EA_SEG, EA_OFFSET, size >> 3, true) : !writeThroughCs()) storeSized(EA, v, size);
}

/**
 * A store through a CS override of a flat CS: the code segment is
 * execute/read only, so the CPU raises #GP(0) and writes nothing.
 */
export function writeThroughCs(): bool {
  if (SEG != SEG_CS) return false;
  raise(STOP_GENERAL_PROTECTION, 0);
  return true;
}

/**
 * The write check of a read-modify-write that ends up storing nothing (a
 * shift by zero): the CPU still demands a writable destination.
 */
export function probeWrite(addr: u32): void {
  if (EA_CHECK ? !checkAccess(EA_SEG, EA_OFFSET, 1, true) : writeThroughCs()) return;
  probeWritable(addr);
}

/** The page check of probeWrite alone: SIGSEGV (a write fault) unless addr's page is present and writable. */
export function probeWritable(addr: u32): void {
  if ((pageEntry(addr) & (PTE_PRESENT | PTE_WRITABLE)) != (PTE_PRESENT | PTE_WRITABLE)) raiseWriteFault(addr);
}
/** The reg operand of ModRM. */
@inline export function readG(size: u32): u32 { return getReg(REG, size); }
@inline export function writeG(v: u32, size: u32): void { setReg(REG, v, size); }
