// The step loop: every online replica executes the same cycle, the comparator
// checks them, buffered stores are committed, and the loop returns to the host
// only on an event: a system call, a guest fault, a divergence, or the end of
// the cycle budget.
import { CONTROL_BASE, C_CHASSIS_COUNT, C_CORES_PER_CHASSIS, C_REPLICA_COUNT, C_ONLINE_MASK, C_STOP_REASON,
  C_MISMATCH_MASK, C_CYCLE, C_TRACK_DIRTY, C_MEM_STRIDE, C_MEM_BASE, C_REFERENCE, C_PENDING_STORES, REPLICA_BASE, REPLICA_SIZE,
  R_EIP, R_STATUS, R_STATUS_ADDR, R_CYCLES, R_STORE_COUNT, R_STUCK_ACTIVE, R_STUCK, R_GPR, R_EFLAGS, STUCK_SLOTS,
  STOP_NONE, STOP_SYSCALL, STOP_DIVERGENCE, STOP_ECC_EVENT, STOP_COMMIT_CHECK, C_COMMIT_CHECK, R_TRAP_REASONS } from "../layout";
import { selectReplica, R } from "../cpu/state";
import { executeInstruction } from "../cpu/execute";
import { IP, saveFetch, restoreFetch } from "../cpu/decode";
import { FAULT, FAULT_ADDR, clearFault, setStoreMode, commitLog, setDirtyTracking } from "../memory/mmu";
import { materializeFlags, putFlags } from "../cpu/flags";
import { replicasAgree } from "./comparator";
import { ECC_PENDING, setEccPending } from "../memory/ecc";
import { GEN, DK_SLOW, E_KEY, E_KIND, flushDecoded, fillEntry, cacheOfChassis, entryFor } from "../cpu/dcache";
import { execFast } from "../cpu/fast";

@inline function ctl(offset: u32): u32 { return load<u32>(CONTROL_BASE + offset); }

/** Point the CPU at replica n (its state block, store log and chassis memory). */
export function useReplica(n: u32): void {
  const cores = ctl(C_CORES_PER_CHASSIS);
  const chassis = n / cores;
  saveFetch(R);
  selectReplica(n, chassis, ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE));
  restoreFetch(R);
}

// A fault leaves registers and flags as they were before the instruction, as
// the CPU does: the first 64 bytes of the replica block (general registers,
// EIP, EFLAGS, the lazy-flag record) are kept here while it executes.
const SAVED_STATE = memory.data(64, 16);

@inline function saveState(): void {
  v128.store(SAVED_STATE, v128.load(R));
  v128.store(SAVED_STATE, v128.load(R, 16), 16);
  v128.store(SAVED_STATE, v128.load(R, 32), 32);
  v128.store(SAVED_STATE, v128.load(R, 48), 48);
}

/** Record the cycle's event: traps complete (EIP moves on), faults roll the instruction back. */
function settleFault(): void {
  store<u32>(R + R_STATUS, FAULT);
  store<u32>(R + R_STATUS_ADDR, FAULT_ADDR);
  if (((R_TRAP_REASONS >> FAULT) & 1) != 0) {
    store<u32>(R + R_EIP, IP);
  } else {
    v128.store(R, v128.load(SAVED_STATE));
    v128.store(R, v128.load(SAVED_STATE, 16), 16);
    v128.store(R, v128.load(SAVED_STATE, 32), 32);
    v128.store(R, v128.load(SAVED_STATE, 48), 48);
  }
  clearFault();
}

/** The cache entry for eip in cache, decoded now if it is not there. */
@inline function lookup(cache: u32, eip: u32): u32 {
  const e = entryFor(cache, eip);
  if (load<u64>(e + E_KEY) != ((<u64>GEN << 32) | <u64>eip)) fillEntry(e, eip);
  return e;
}

/** Execute one cycle of the selected replica, recording its status. */
function stepSelected(): void {
  store<u32>(R + R_STORE_COUNT, 0);
  const eip = load<u32>(R + R_EIP);
  const e = lookup(cacheOfChassis(), eip);
  if (load<u8>(e + E_KIND) == DK_SLOW) {
    saveState();
    executeInstruction(eip);
    if (FAULT != 0) {
      settleFault();
    } else {
      store<u32>(R + R_STATUS, STOP_NONE);
      store<u32>(R + R_EIP, IP);
    }
  } else {
    const next = execFast(e, eip);
    if (FAULT != 0) {
      // The fast path changes nothing before a fault: EIP stays on the instruction.
      store<u32>(R + R_STATUS, FAULT);
      store<u32>(R + R_STATUS_ADDR, FAULT_ADDR);
      clearFault();
    } else {
      store<u32>(R + R_STATUS, STOP_NONE);
      store<u32>(R + R_EIP, next);
    }
  }
  if (load<u32>(R + R_STUCK_ACTIVE) != 0) applyStuckBits();
}

/** Re-assert stuck-at register bits: value = (value & and) | or. */
function applyStuckBits(): void {
  for (let slot: u32 = 0; slot < STUCK_SLOTS; slot++) {
    const and = load<u32>(R + R_STUCK + slot * 8);
    const or = load<u32>(R + R_STUCK + slot * 8 + 4);
    if (and == 0xffffffff && or == 0) continue;
    if (slot < 8) {
      const at = R + R_GPR + slot * 4;
      store<u32>(at, (load<u32>(at) & and) | or);
    } else if (slot == 8) {
      store<u32>(R + R_EIP, (load<u32>(R + R_EIP) & and) | or);
    } else {
      putFlags(((materializeFlags() & and) | or) | 2);
    }
  }
}

function finish(reason: u32): u32 {
  store<u32>(CONTROL_BASE + C_STOP_REASON, reason);
  return reason;
}

/** One replica online: no logging, no comparison, cycle counters updated once per slice. */
function runAlone(n: u32, maxCycles: u32): u32 {
  useReplica(n);
  setStoreMode(false, false);
  const stuck = load<u32>(R + R_STUCK_ACTIVE) != 0;
  const cache = cacheOfChassis();
  let done: u32 = 0;
  let status = STOP_NONE;
  // EIP lives in a local while the slice runs and in R_EIP whenever the full decoder runs.
  let eip = load<u32>(R + R_EIP);
  while (done < maxCycles) {
    const e = lookup(cache, eip);
    done++;
    if (load<u8>(e + E_KIND) == DK_SLOW) {
      store<u32>(R + R_EIP, eip);
      saveState();
      executeInstruction(eip);
      if (FAULT != 0) {
        status = FAULT;
        settleFault();
        eip = load<u32>(R + R_EIP);
        break;
      }
      eip = IP;
    } else {
      const next = execFast(e, eip);
      if (FAULT != 0) {
        status = FAULT;
        store<u32>(R + R_STATUS_ADDR, FAULT_ADDR);
        clearFault();
        break;
      }
      eip = next;
    }
    if (stuck) {
      store<u32>(R + R_EIP, eip);
      applyStuckBits();
      eip = load<u32>(R + R_EIP);
    }
    if (ECC_PENDING) { status = STOP_ECC_EVENT; break; }
  }
  store<u32>(R + R_EIP, eip);
  store<u32>(R + R_STATUS, status);
  store<u32>(R + R_STORE_COUNT, 0);
  store<u64>(R + R_CYCLES, load<u64>(R + R_CYCLES) + <u64>done);
  store<u64>(CONTROL_BASE + C_CYCLE, load<u64>(CONTROL_BASE + C_CYCLE) + <u64>done);
  if (stuck && status != STOP_NONE) applyStuckBits();
  return finish(status);
}

// The online replicas of the current run, in order: their index and whether
// their chassis buffers stores (two cores online). Filled once per run() call.
const MAX_ONLINE: u32 = 6;
const onlineIndex = memory.data(4 * 6);
const onlineBuffers = memory.data(4 * 6);
const onlineChassis = memory.data(4 * 6);
const onlineMemBase = memory.data(4 * 6);

/** Run up to maxCycles cycles; returns the StopReason (also stored in the control block). */
export function run(maxCycles: u32): u32 {
  setDirtyTracking(ctl(C_TRACK_DIRTY) != 0);
  setEccPending(false);
  // The host may have written guest memory (system call results, injected
  // faults) or changed the page table since the last slice.
  flushDecoded();
  const replicas = ctl(C_REPLICA_COUNT);
  const cores = ctl(C_CORES_PER_CHASSIS);
  const online = ctl(C_ONLINE_MASK);
  store<u32>(CONTROL_BASE + C_MISMATCH_MASK, 0);
  if (online == 0) return finish(STOP_NONE);
  if (popcnt<u32>(online) == 1) return runAlone(ctz<u32>(online), maxCycles);

  let count: u32 = 0;
  for (let n: u32 = 0; n < replicas && count < MAX_ONLINE; n++) {
    if ((online & (<u32>1 << n)) == 0) continue;
    const chassisCores = (online >> ((n / cores) * cores)) & ((<u32>1 << cores) - 1);
    store<u32>(onlineIndex + count * 4, n);
    store<u32>(onlineBuffers + count * 4, popcnt<u32>(chassisCores) > 1 ? 1 : 0);
    store<u32>(onlineChassis + count * 4, n / cores);
    store<u32>(onlineMemBase + count * 4, ctl(C_MEM_BASE) + (n / cores) * ctl(C_MEM_STRIDE));
    count++;
  }
  const reference = load<u32>(onlineIndex);
  store<u32>(CONTROL_BASE + C_REFERENCE, reference);
  const referenceStatus = REPLICA_BASE + reference * REPLICA_SIZE + R_STATUS;
  let done: u32 = 0;
  let status = STOP_NONE;
  while (done < maxCycles) {
    for (let i: u32 = 0; i < count; i++) {
      saveFetch(R);
      selectReplica(load<u32>(onlineIndex + i * 4), load<u32>(onlineChassis + i * 4), load<u32>(onlineMemBase + i * 4));
      restoreFetch(R);
      setStoreMode(true, load<u32>(onlineBuffers + i * 4) != 0);
      stepSelected();
    }
    done++;
    let mismatch: u32 = 0;
    for (let i: u32 = 1; i < count; i++) {
      const n = load<u32>(onlineIndex + i * 4);
      if (!replicasAgree(reference, n)) mismatch |= <u32>1 << n;
    }
    if (mismatch != 0) {
      store<u32>(CONTROL_BASE + C_MISMATCH_MASK, mismatch);
      store<u32>(CONTROL_BASE + C_PENDING_STORES, 1);
      status = STOP_DIVERGENCE;
      break;
    }
    commitBuffered(online);
    status = load<u32>(referenceStatus);
    if (status != STOP_NONE) break;
    if (ctl(C_COMMIT_CHECK) != 0) { status = STOP_COMMIT_CHECK; break; }
    if (ECC_PENDING) { status = STOP_ECC_EVENT; break; }
  }
  // Per-replica cycle counters advance together; keep them exact without a u64 update per step.
  for (let i: u32 = 0; i < count; i++) {
    const at = REPLICA_BASE + load<u32>(onlineIndex + i * 4) * REPLICA_SIZE + R_CYCLES;
    store<u64>(at, load<u64>(at) + <u64>done);
  }
  store<u64>(CONTROL_BASE + C_CYCLE, load<u64>(CONTROL_BASE + C_CYCLE) + <u64>done);
  return finish(status);
}

/** Commit the cycle's buffered stores once per two-core chassis, from its first online core. */
function commitBuffered(online: u32): void {
  const cores = ctl(C_CORES_PER_CHASSIS);
  if (cores < 2) return;
  const chassisCount = ctl(C_CHASSIS_COUNT);
  for (let c: u32 = 0; c < chassisCount; c++) {
    const bits = (online >> (c * cores)) & ((<u32>1 << cores) - 1);
    if (popcnt<u32>(bits) < 2) continue;
    const n = c * cores + ctz<u32>(bits);
    commitLog(n, c, ctl(C_MEM_BASE) + c * ctl(C_MEM_STRIDE));
  }
}

/**
 * After a divergence the host takes the failed replicas offline (C_ONLINE_MASK)
 * and calls this: the surviving chassis commit the stores of the cycle that
 * diverged. Returns the status that cycle raised on the new reference replica.
 */
export function resolveDivergence(): u32 {
  const online = ctl(C_ONLINE_MASK);
  if (ctl(C_PENDING_STORES) != 0) {
    commitBuffered(online);
    store<u32>(CONTROL_BASE + C_PENDING_STORES, 0);
  }
  if (online == 0) return STOP_NONE;
  return load<u32>(REPLICA_BASE + ctz<u32>(online) * REPLICA_SIZE + R_STATUS);
}

export { STOP_DIVERGENCE, REPLICA_SIZE, R_EFLAGS };
