// The step loop: every online replica executes the same cycle, the comparator
// checks them, buffered stores are committed, and the loop returns to the host
// only on an event: a system call, a guest fault, a divergence, or the end of
// the cycle budget.
import { CONTROL_BASE, C_CHASSIS_COUNT, C_CORES_PER_CHASSIS, C_REPLICA_COUNT, C_ONLINE_MASK, C_STOP_REASON,
  C_MISMATCH_MASK, C_CYCLE, C_MEM_STRIDE, C_MEM_BASE, C_REFERENCE, C_PENDING_STORES, REPLICA_BASE, REPLICA_SIZE,
  R_EIP, R_STATUS, R_STATUS_ADDR, R_CYCLES, R_STORE_COUNT, R_STUCK_ACTIVE, R_STUCK, R_GPR, R_EFLAGS, STUCK_SLOTS,
  STOP_NONE, STOP_SYSCALL, STOP_DIVERGENCE } from "../layout";
import { selectReplica, R } from "../cpu/state";
import { executeInstruction } from "../cpu/execute";
import { IP, flushFetch } from "../cpu/decode";
import { FAULT, FAULT_ADDR, clearFault, setStoreMode, commitLog } from "../memory/mmu";
import { materializeFlags, putFlags } from "../cpu/flags";
import { replicasAgree } from "./comparator";

@inline function ctl(offset: u32): u32 { return load<u32>(CONTROL_BASE + offset); }

/** Point the CPU at replica n (its state block, store log and chassis memory). */
export function useReplica(n: u32): void {
  const cores = ctl(C_CORES_PER_CHASSIS);
  const chassis = n / cores;
  selectReplica(n, chassis, ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE));
  flushFetch();
}

/** Execute one cycle of the selected replica, recording its status. */
function stepSelected(): void {
  store<u32>(R + R_STORE_COUNT, 0);
  const eip = load<u32>(R + R_EIP);
  executeInstruction(eip);
  if (FAULT != 0) {
    store<u32>(R + R_STATUS, FAULT);
    store<u32>(R + R_STATUS_ADDR, FAULT_ADDR);
    // A system call completes: EIP moves past `int 0x80`. Faults leave EIP on the instruction.
    if (FAULT == STOP_SYSCALL) store<u32>(R + R_EIP, IP);
    clearFault();
  } else {
    store<u32>(R + R_STATUS, STOP_NONE);
    store<u32>(R + R_EIP, IP);
  }
  store<u64>(R + R_CYCLES, load<u64>(R + R_CYCLES) + 1);
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

function bumpCycle(): void {
  store<u64>(CONTROL_BASE + C_CYCLE, load<u64>(CONTROL_BASE + C_CYCLE) + 1);
}

function finish(reason: u32): u32 {
  store<u32>(CONTROL_BASE + C_STOP_REASON, reason);
  return reason;
}

/** One replica online: no logging, no comparison. */
function runAlone(n: u32, maxCycles: u32): u32 {
  useReplica(n);
  setStoreMode(false, false);
  for (let i: u32 = 0; i < maxCycles; i++) {
    stepSelected();
    bumpCycle();
    const status = load<u32>(R + R_STATUS);
    if (status != STOP_NONE) return finish(status);
  }
  return finish(STOP_NONE);
}

/** Run up to maxCycles cycles; returns the StopReason (also stored in the control block). */
export function run(maxCycles: u32): u32 {
  const replicas = ctl(C_REPLICA_COUNT);
  const cores = ctl(C_CORES_PER_CHASSIS);
  const online = ctl(C_ONLINE_MASK);
  store<u32>(CONTROL_BASE + C_MISMATCH_MASK, 0);
  if (online == 0) return finish(STOP_NONE);
  if (popcnt<u32>(online) == 1) return runAlone(ctz<u32>(online), maxCycles);

  const reference = ctz<u32>(online);
  store<u32>(CONTROL_BASE + C_REFERENCE, reference);
  for (let i: u32 = 0; i < maxCycles; i++) {
    for (let n: u32 = 0; n < replicas; n++) {
      if ((online & (<u32>1 << n)) == 0) continue;
      useReplica(n);
      // Both cores of a chassis online: buffer until they have been compared.
      const chassisCores = (online >> ((n / cores) * cores)) & ((<u32>1 << cores) - 1);
      setStoreMode(true, popcnt<u32>(chassisCores) > 1);
      stepSelected();
    }
    bumpCycle();
    let mismatch: u32 = 0;
    for (let n: u32 = reference + 1; n < replicas; n++) {
      if ((online & (<u32>1 << n)) != 0 && !replicasAgree(reference, n)) mismatch |= <u32>1 << n;
    }
    if (mismatch != 0) {
      store<u32>(CONTROL_BASE + C_MISMATCH_MASK, mismatch);
      store<u32>(CONTROL_BASE + C_PENDING_STORES, 1);
      return finish(STOP_DIVERGENCE);
    }
    commitBuffered(online);
    const status = load<u32>(REPLICA_BASE + reference * REPLICA_SIZE + R_STATUS);
    if (status != STOP_NONE) return finish(status);
  }
  return finish(STOP_NONE);
}

/** Commit the cycle's buffered stores once per two-core chassis, from its first online core. */
function commitBuffered(online: u32): void {
  const chassisCount = ctl(C_CHASSIS_COUNT);
  const cores = ctl(C_CORES_PER_CHASSIS);
  if (cores < 2) return;
  for (let c: u32 = 0; c < chassisCount; c++) {
    const bits = (online >> (c * cores)) & ((<u32>1 << cores) - 1);
    if (popcnt<u32>(bits) < 2) continue;
    useReplica(c * cores + ctz<u32>(bits));
    commitLog();
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
