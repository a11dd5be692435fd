// Instruction fetch, prefixes, ModRM/SIB and operand access for the
// instruction being executed. These are per-instruction scratch values, not
// architectural state: a fresh decode sets every one of them.
import { PTE_PRESENT, PTE_WRITABLE, PTE_FRAME_MASK, PTE_ECC_SLOW, STOP_SEGV, STOP_GENERAL_PROTECTION, REPLICA_BASE, REPLICA_SIZE, MAX_REPLICAS, R_FETCH_PAGE, R_FETCH_HOST } from "../layout";
import { MEMB, CHASSIS, getReg32, getReg16, getReg, setReg, fsBase, gsBase } from "./state";
import { pageEntry, raise, load8, loadSized, storeSized } from "../memory/mmu";

/** Address of the next instruction byte. */
export let IP: u32 = 0;
/** Address of the first byte of the current instruction. */
export let START: u32 = 0;
/** Operand size in bits (16 with a 0x66 prefix, else 32). */
export let OPSIZE: u32 = 32;
/** 16-bit addressing (0x67 prefix). */
export let ADDR16: bool = false;
/** Segment override: 0xff none, else 0 es,1 cs,2 ss,3 ds,4 fs,5 gs. */
export let SEG: u32 = 0xff;
/** Repeat prefix: 0, 0xf3 (rep/repe) or 0xf2 (repne). */
export let REP: u32 = 0;

export let MOD: u32 = 0;
export let REG: u32 = 0;
export let RM: u32 = 0;
/** Effective address of a memory operand, without segment base (what lea wants). */
export let EA_OFFSET: u32 = 0;
/** Linear address of a memory operand: EA_OFFSET plus the FS/GS base if overridden. */
export let EA: u32 = 0;

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
  OPSIZE = 32;
  ADDR16 = false;
  SEG = 0xff;
  REP = 0;
  fetchDirect = (eip & 0xfff) <= 0xff0 && ((eip >>> 12) == fetchPage || refetch(eip));
  fetchDelta = fetchHost - (eip & 0xfffff000);
}

@inline export function setIP(v: u32): void { IP = v; }
@inline export function setOpsize(v: u32): void { OPSIZE = v; }
@inline export function setAddr16(): void { ADDR16 = true; }
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
  if ((ip >>> 12) != fetchPage && !refetch(ip)) {
    // Unmapped (SIGSEGV) or a page whose words must go through the ECC decoder.
    IP = ip + 1;
    return load8(ip);
  }
  IP = ip + 1;
  return <u32>load<u8>(fetchHost + (ip & 0xfff));
}

export function fetch16(): u32 {
  const ip = IP;
  if (fetchDirect) { IP = ip + 2; return <u32>load<u16>(fetchDelta + ip); }
  if ((ip >>> 12) == fetchPage && (ip & 0xfff) <= 0xffe) {
    IP = ip + 2;
    return <u32>load<u16>(fetchHost + (ip & 0xfff));
  }
  const lo = fetch8();
  return lo | (fetch8() << 8);
}

export function fetch32(): u32 {
  const ip = IP;
  if (fetchDirect) { IP = ip + 4; return load<u32>(fetchDelta + ip); }
  if ((ip >>> 12) == fetchPage && (ip & 0xfff) <= 0xffc) {
    IP = ip + 4;
    return load<u32>(fetchHost + (ip & 0xfff));
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

/** Base of the overriding segment (only FS and GS have one in flat mode). */
@inline export function segmentBase(): u32 {
  if (SEG == 4) return fsBase();
  if (SEG == 5) return gsBase();
  return 0;
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
  if (ADDR16) {
    ea = decodeAddress16();
  } else {
    if (RM == 4) {
      const sib = fetch8();
      const base = sib & 7;
      const index = (sib >> 3) & 7;
      if (base == 5 && MOD == 0) ea = fetch32();
      else ea = getReg32(base);
      if (index != 4) ea += getReg32(index) << (sib >> 6);
    } else if (RM == 5 && MOD == 0) {
      ea = fetch32();
    } else {
      ea = getReg32(RM);
    }
    if (MOD == 1) ea += fetchS8();
    else if (MOD == 2) ea += fetch32();
  }
  EA_OFFSET = ea;
  EA = ea + segmentBase();
}

/** The r/m operand (register or memory) at the given size. */
@inline export function readE(size: u32): u32 {
  if (MOD == 3) return getReg(RM, size);
  return loadSized(EA, size);
}
@inline export function writeE(v: u32, size: u32): void {
  if (MOD == 3) setReg(RM, v, size);
  else if (!writeThroughCs()) storeSized(EA, v, size);
}

/**
 * A store through a CS override: the code segment is execute/read only, so
 * the CPU raises #GP (SIGSEGV with no address) and writes nothing.
 */
export function writeThroughCs(): bool {
  if (SEG != 1) return false;
  raise(STOP_GENERAL_PROTECTION, 0);
  return true;
}

/**
 * The write check of a read-modify-write that ends up storing nothing (a
 * shift by zero): the CPU still demands a writable destination.
 */
export function probeWrite(addr: u32): void {
  if (writeThroughCs()) return;
  probeWritable(addr);
}

/** The page check of probeWrite alone: SIGSEGV unless addr's page is present and writable. */
export function probeWritable(addr: u32): void {
  if ((pageEntry(addr) & (PTE_PRESENT | PTE_WRITABLE)) != (PTE_PRESENT | PTE_WRITABLE)) raise(STOP_SEGV, addr);
}
/** The reg operand of ModRM. */
@inline export function readG(size: u32): u32 { return getReg(REG, size); }
@inline export function writeG(v: u32, size: u32): void { setReg(REG, v, size); }
