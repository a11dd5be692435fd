// The software MMU: guest virtual addresses go through the page table to a
// physical offset inside the current chassis' memory. Every store of a cycle
// is appended to the replica's store log so the comparator can check it; when
// the chassis has two cores the stores are only logged (buffered) and the
// step loop commits them once both cores agree.
import { CONTROL_BASE, C_COMMIT_CHECK, C_COMMIT_CHECK_ADDR, FRAME_FLAGS_BASE, DIRTY_SIZE, FRAME_ECC_SUSPECT, PTE_ECC_SLOW, STOP_MACHINE_CHECK, REPLICA_BASE, REPLICA_SIZE, STORELOG_BASE, STORELOG_SIZE, PAGE_TABLE_BASE, PTE_PRESENT, PTE_WRITABLE, PTE_FRAME_MASK, R_STORE_COUNT, STORELOG_ENTRIES, STORELOG_ENTRY_SIZE, STOP_SEGV, R_STATUS_INFO } from "../layout";
import { R, LOG, MEMB, CHASSIS } from "../cpu/state";
import { eccReadWord, eccWriteWord, WORD_LO, WORD_HI } from "./ecc";
import { noteWrite } from "../cpu/dcache";

/** Nonzero once an access of the current instruction faulted (a StopReason). */
export let FAULT: u32 = 0;
export let FAULT_ADDR: u32 = 0;
/** Append every store to the store log (more than one replica online). */
export let LOGGING: bool = false;
/** Log stores without writing memory (the chassis has two cores to agree first). */
export let BUFFERING: bool = false;
/** Stores need nothing but the write (and noteWrite: the dirty map, the code-frame check): no log, no buffer. */
export let STORE_PLAIN: bool = true;

@inline export function setStoreMode(logging: bool, buffering: bool): void {
  LOGGING = logging;
  BUFFERING = buffering;
  STORE_PLAIN = !logging && !buffering;
}

export function clearFault(): void { FAULT = 0; FAULT_ADDR = 0; }

export function raise(reason: u32, addr: u32): void {
  if (FAULT == 0) { FAULT = reason; FAULT_ADDR = addr; store<u32>(R + R_STATUS_INFO, 0); }
}

/** A store's page fault: STATUS_INFO carries the page-fault error code's W bit (2), which Linux reports in sigcontext.err. */
export function raiseWriteFault(addr: u32): void {
  if (FAULT != 0) return;
  raise(STOP_SEGV, addr);
  store<u32>(R + R_STATUS_INFO, PF_WRITE);
}
export const PF_WRITE: u32 = 2;

@inline export function pageEntry(va: u32): u32 {
  return load<u32>(PAGE_TABLE_BASE + ((va >>> 12) << 2));
}

// ---- Loads ----------------------------------------------------------------
// The fast path serves pages whose ECC words are known good; a page the fault
// injector touched (or every page, in paranoid mode) goes through the decoder.

@inline function eccSlowBit(): u32 { return PTE_ECC_SLOW << CHASSIS; }

/** Load through the ECC decoder; an uncorrectable word raises a machine check. */
export function eccLoad(phys: u32, bytes: u32): u32 {
  const word = phys & ~7;
  const shift = <u64>((phys & 7) << 3);
  if (!eccReadWord(CHASSIS, MEMB, word)) { raise(STOP_MACHINE_CHECK, word); return 0; }
  let v: u64 = ((<u64>WORD_HI << 32) | <u64>WORD_LO) >> shift;
  if ((phys & 7) + bytes > 8) {
    if (!eccReadWord(CHASSIS, MEMB, word + 8)) { raise(STOP_MACHINE_CHECK, word + 8); return 0; }
    v |= ((<u64>WORD_HI << 32) | <u64>WORD_LO) << (64 - shift);
  }
  return bytes == 4 ? <u32>v : <u32>v & ((<u32>1 << (bytes << 3)) - 1);
}

export function load8(va: u32): u32 {
  const e = pageEntry(va);
  if ((e & (PTE_PRESENT | eccSlowBit())) == PTE_PRESENT) return <u32>load<u8>(MEMB + (e & PTE_FRAME_MASK) + (va & 0xfff));
  if (e & PTE_PRESENT) return eccLoad((e & PTE_FRAME_MASK) + (va & 0xfff), 1);
  raise(STOP_SEGV, va);
  return 0;
}

export function load16(va: u32): u32 {
  const off = va & 0xfff;
  if (off <= 0xffe) {
    const e = pageEntry(va);
    if ((e & (PTE_PRESENT | eccSlowBit())) == PTE_PRESENT) return <u32>load<u16>(MEMB + (e & PTE_FRAME_MASK) + off);
    if (e & PTE_PRESENT) return eccLoad((e & PTE_FRAME_MASK) + off, 2);
    raise(STOP_SEGV, va);
    return 0;
  }
  return load8(va) | (load8(va + 1) << 8);
}

export function load32(va: u32): u32 {
  const off = va & 0xfff;
  if (off <= 0xffc) {
    const e = pageEntry(va);
    if ((e & (PTE_PRESENT | eccSlowBit())) == PTE_PRESENT) return load<u32>(MEMB + (e & PTE_FRAME_MASK) + off);
    if (e & PTE_PRESENT) return eccLoad((e & PTE_FRAME_MASK) + off, 4);
    raise(STOP_SEGV, va);
    return 0;
  }
  return load8(va) | (load8(va + 1) << 8) | (load8(va + 2) << 16) | (load8(va + 3) << 24);
}

export function loadSized(va: u32, size: u32): u32 {
  if (size == 32) return load32(va);
  if (size == 16) return load16(va);
  return load8(va);
}

// ---- Stores ---------------------------------------------------------------

@inline function logStore(va: u32, phys: u32, value: u32, bytes: u32): void {
  const n = load<u32>(R + R_STORE_COUNT);
  // 64 entries hold the worst single instruction (enter with nesting 31);
  // running out would mean a core bug, so fail loudly.
  if (n >= STORELOG_ENTRIES) unreachable();
  // One 16-byte store, so that the comparator's 16-byte load of the entry
  // right after the cycle is forwarded from it (four 4-byte stores are not).
  let entry = i32x4.splat(<i32>va);
  entry = i32x4.replace_lane(entry, 1, <i32>bytes);
  entry = i32x4.replace_lane(entry, 2, <i32>value);
  entry = i32x4.replace_lane(entry, 3, <i32>phys);
  v128.store(LOG + n * STORELOG_ENTRY_SIZE, entry);
  store<u32>(R + R_STORE_COUNT, n + 1);
}

/** Set by writablePhys: the page needs the ECC path for this chassis. */
let storeSlow: bool = false;

@inline function writablePhys(va: u32): u32 {
  const e = pageEntry(va);
  if ((e & (PTE_PRESENT | PTE_WRITABLE)) == (PTE_PRESENT | PTE_WRITABLE)) {
    storeSlow = (e & eccSlowBit()) != 0;
    return (e & PTE_FRAME_MASK) | (va & 0xfff);
  }
  raiseWriteFault(va);
  return 0xffffffff;
}

/** Store through the ECC encoder: read-correct-merge-encode each word touched (partial writes). */
export function eccStore(chassis: u32, memBase: u32, phys: u32, value: u32, bytes: u32): bool {
  let word = phys & ~7;
  let first = phys & 7;
  let done: u32 = 0;
  while (done < bytes) {
    if (!eccReadWord(chassis, memBase, word)) { raise(STOP_MACHINE_CHECK, word); return false; }
    let v: u64 = (<u64>WORD_HI << 32) | <u64>WORD_LO;
    const n = min<u32>(bytes - done, 8 - first);
    for (let i: u32 = 0; i < n; i++) {
      const shift = <u64>((first + i) << 3);
      v = (v & ~(<u64>0xff << shift)) | (<u64>((value >> ((done + i) << 3)) & 0xff) << shift);
    }
    eccWriteWord(chassis, memBase, word, <u32>v, <u32>(v >> 32));
    done += n;
    word += 8;
    first = 0;
  }
  return true;
}

@inline function frameSuspect(chassis: u32, phys: u32): bool {
  return (load<u8>(FRAME_FLAGS_BASE + chassis * DIRTY_SIZE + (phys >>> 12)) & FRAME_ECC_SUSPECT) != 0;
}

export function store8(va: u32, v: u32): void {
  if (FAULT) return;
  const phys = writablePhys(va);
  if (phys == 0xffffffff) return;
  if (LOGGING) logStore(va, phys, v & 0xff, 1);
  if (!BUFFERING) {
    if (storeSlow) eccStore(CHASSIS, MEMB, phys, v, 1); else store<u8>(MEMB + phys, <u8>v);
    noteWrite(phys);
  }
}

export function store16(va: u32, v: u32): void {
  if (FAULT) return;
  if ((va & 0xfff) > 0xffe) {
    // Check both pages before writing either, so a fault leaves memory unchanged.
    // Both pages first, so a fault writes nothing; the second page faults at its first byte.
    if (writablePhys(va) == 0xffffffff || writablePhys(va + 1) == 0xffffffff) return;
    store8(va, v); store8(va + 1, v >> 8);
    return;
  }
  const phys = writablePhys(va);
  if (phys == 0xffffffff) return;
  if (LOGGING) logStore(va, phys, v & 0xffff, 2);
  if (!BUFFERING) {
    if (storeSlow) eccStore(CHASSIS, MEMB, phys, v, 2); else store<u16>(MEMB + phys, <u16>v);
    noteWrite(phys);
  }
}

export function store32(va: u32, v: u32): void {
  if (FAULT) return;
  if ((va & 0xfff) > 0xffc) {
    if (writablePhys(va) == 0xffffffff || writablePhys((va + 3) & 0xfffff000) == 0xffffffff) return;
    store8(va, v); store8(va + 1, v >> 8); store8(va + 2, v >> 16); store8(va + 3, v >> 24);
    return;
  }
  const phys = writablePhys(va);
  if (phys == 0xffffffff) return;
  if (LOGGING) logStore(va, phys, v, 4);
  if (!BUFFERING) {
    if (storeSlow) eccStore(CHASSIS, MEMB, phys, v, 4); else store<u32>(MEMB + phys, v);
    noteWrite(phys);
  }
}

export function storeSized(va: u32, v: u32, size: u32): void {
  if (size == 32) store32(va, v);
  else if (size == 16) store16(va, v);
  else store8(va, v);
}

/** Write the buffered stores of replica n's log into chassis c's memory at memBase. */
export function commitLog(n: u32, chassis: u32, memBase: u32): void {
  const count = load<u32>(REPLICA_BASE + n * REPLICA_SIZE + R_STORE_COUNT);
  const log = STORELOG_BASE + n * STORELOG_SIZE;
  for (let i: u32 = 0; i < count; i++) {
    const entry = log + i * STORELOG_ENTRY_SIZE;
    const bytes = load<u32>(entry, 4);
    const value = load<u32>(entry, 8);
    const phys = load<u32>(entry, 12);
    const at = memBase + phys;
    if (frameSuspect(chassis, phys)) {
      const written = eccStore(chassis, memBase, phys, value, bytes);
      noteWrite(phys);
      if (!written) {
        // Not the next instruction's fault: report it for the chassis and stop committing there.
        store<u32>(CONTROL_BASE + C_COMMIT_CHECK, chassis + 1);
        store<u32>(CONTROL_BASE + C_COMMIT_CHECK_ADDR, FAULT_ADDR);
        clearFault();
        return;
      }
      continue;
    }
    if (bytes == 4) store<u32>(at, value);
    else if (bytes == 2) store<u16>(at, <u16>value);
    else store<u8>(at, <u8>value);
    noteWrite(phys);
  }
}
