// The step loop: every online replica executes the same cycle, the comparator
// checks them, buffered stores are committed, and the loop returns to the host
// only on an event: a system call, a guest fault, a divergence, or the end of
// the cycle budget.
import { CONTROL_BASE, C_CHASSIS_COUNT, C_CORES_PER_CHASSIS, C_REPLICA_COUNT, C_ONLINE_MASK, C_STOP_REASON,
  C_MISMATCH_MASK, C_CYCLE, C_MEM_STRIDE, C_MEM_BASE, C_REFERENCE, C_PENDING_STORES, REPLICA_BASE, REPLICA_SIZE,
  R_EIP, R_STATUS, R_STATUS_ADDR, STORELOG_BASE, STORELOG_SIZE, STORELOG_ENTRY_SIZE, R_CYCLES, R_STORE_COUNT, R_COMPARED_END, R_ROLLBACK_END, R_STUCK_ACTIVE, R_STUCK, R_EFLAGS, R_SEG_MODE, STUCK_SLOTS,
  STOP_NONE, STOP_SYSCALL, PTE_ECC_SLOW, STOP_DIVERGENCE, STOP_ECC_EVENT, STOP_COMMIT_CHECK, C_COMMIT_CHECK, R_TRAP_REASONS, C_TWIN_SHORTCUT, C_HOST_WROTE, C_FORCE_SLOW } from "../layout";
import { setFpuFastPath } from "../fpu/fast";
import { selectReplica, selectState, copyLanes, R, LOG } from "../cpu/state";
import { comparedBlocksDiffer, everyCycleLanesDiffer, logsAgree } from "./comparator";
import { SELDOM_LANES_CHANGED, setSeldomLanesChanged } from "../cpu/seldom-lanes";
import { STUCK_REGISTER_OFFSETS, copyEveryCycleLanes } from "./replica-lanes.generated";
import { executeInstruction } from "../cpu/execute";
import { IP, saveFetch, restoreFetch } from "../cpu/decode";
import { FAULT, FAULT_ADDR, clearFault, setStoreMode, commitLog } from "../memory/mmu";
import { materializeFlags, putFlags } from "../cpu/flags";
import { ECC_PENDING, setEccPending } from "../memory/ecc";
import { GEN, DK_SLOW, DK_X87_FIRST_FAST, E_KEY, E_KIND, DC_BASE, DC_BYTES, flushDecoded, fillEntry, cacheOfChassis, entryFor } from "../cpu/dcache";
import { execFast, x87Run } from "../cpu/fast";
import { MODE_NOT_FLAT } from "../cpu/segments";
import { translating, translatingLockstep, enterBlock, enterLockstepBlock } from "../translate/blocks";

@inline function ctl(offset: u32): u32 { return load<u32>(CONTROL_BASE + offset); }

/** Point the CPU at replica n (its state block, store log and chassis memory). */
export function useReplica(n: u32): void {
  const cores = ctl(C_CORES_PER_CHASSIS);
  const chassis = n / cores;
  // Every run saves the fetcher's translation into its replica's block, so
  // the one being left needs no saving here.
  selectReplica(n, chassis, ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE));
  restoreFetch(R);
}

// A fault leaves the architectural state as it was before the instruction, as
// the CPU does: the rollback part of the replica block (general registers,
// EIP, EFLAGS, the lazy-flag record; see gen/replica-state.mjs) is kept here
// while it executes.
const SAVED_STATE: u32 = <u32>memory.data(R_ROLLBACK_END, 16);

@inline function saveState(): void { copyLanes(SAVED_STATE, R, R_ROLLBACK_END >> 4); }

/** Record the cycle's event: traps complete (EIP moves on), faults roll the instruction back. */
function settleFault(): void {
  store<u32>(R + R_STATUS, FAULT);
  store<u32>(R + R_STATUS_ADDR, FAULT_ADDR);
  if (((R_TRAP_REASONS >> FAULT) & 1) != 0) {
    store<u32>(R + R_EIP, IP);
  } else {
    copyLanes(R, SAVED_STATE, R_ROLLBACK_END >> 4);
  }
  clearFault();
}

/**
 * Segments that are not flat (a base, a limit, 16-bit code or stack) send
 * every instruction to the full decoder: the decoded cache is keyed by EIP
 * and the fast path addresses memory flat.
 */
@inline function segmented(r: u32): bool { return (load<u32>(r + R_SEG_MODE) & MODE_NOT_FLAT) != 0; }

/** The cache entry for eip in cache, decoded now if it is not there. */
@inline function lookup(cache: u32, eip: u32): u32 {
  const e = entryFor(cache, eip);
  if (load<u64>(e + E_KEY) != ((<u64>GEN << 32) | <u64>eip)) fillEntry(e, eip);
  return e;
}

/**
 * Execute one cycle of the selected replica, whose block r is (R), recording
 * the status it raised: run() clears every status when it starts, and a
 * status other than STOP_NONE ends the run, so a cycle that raises nothing
 * need not write it. The fetcher's page translation is per replica, and only
 * the full decoder uses it: it is restored and saved around that decoder alone.
 */
@inline function stepSelected(r: u32, cache: u32): bool {
  store<u32>(r + R_STORE_COUNT, 0);
  const eip = load<u32>(r + R_EIP);
  // A replica whose segments are not flat finds only DK_SLOW entries (fillEntry, updateMode).
  const e = lookup(cache, eip);
  if (load<u8>(e + E_KIND) == DK_SLOW) {
    restoreFetch(r);
    saveState();
    executeInstruction(eip);
    saveFetch(r);
    if (FAULT != 0) settleFault(); else store<u32>(r + R_EIP, IP);
    return false;
  }
  const next = execFast(r, e, eip, false);
  if (FAULT != 0) {
    // The fast path changes nothing before a fault: EIP stays on the instruction.
    store<u32>(r + R_STATUS, FAULT);
    store<u32>(r + R_STATUS_ADDR, FAULT_ADDR);
    clearFault();
    return false;
  }
  store<u32>(r + R_EIP, next);
  // An ECC event means memory was read through the decoder and maybe
  // rewritten: the other core's read could differ.
  return !ECC_PENDING;
}

/** Re-assert stuck-at register bits: value = (value & and) | or. */
function applyStuckBits(): void {
  for (let slot: u32 = 0; slot < STUCK_SLOTS; slot++) {
    const and = load<u32>(R + R_STUCK + slot * 8);
    const or = load<u32>(R + R_STUCK + slot * 8 + 4);
    if (and == 0xffffffff && or == 0) continue;
    const offset = load<u32>(STUCK_REGISTER_OFFSETS + (slot << 2));
    // EFLAGS is lazy: its arithmetic flags are folded in before the bits are forced.
    if (offset == R_EFLAGS) putFlags(((materializeFlags() & and) | or) | 2);
    else store<u32>(R + offset, (load<u32>(R + offset) & and) | or);
  }
}

function finish(reason: u32): u32 {
  store<u32>(CONTROL_BASE + C_STOP_REASON, reason);
  return reason;
}

/** The full decoder executes the instruction at eip; returns the fault's reason, 0 if none. EIP is then IP, or in R_EIP after a fault. */
@inline function decodeAndRun(eip: u32): u32 {
  store<u32>(R + R_EIP, eip);
  saveState();
  executeInstruction(eip);
  const reason = FAULT;
  if (reason != 0) settleFault();
  return reason;
}

/** Stuck bits re-asserted after a cycle (EIP among them); returns EIP. */
function reassertStuck(eip: u32): u32 {
  store<u32>(R + R_EIP, eip);
  applyStuckBits();
  return load<u32>(R + R_EIP);
}

/** Why flatLoop stopped (STOP_NONE: the cycles ran out, or segments stopped being flat). */
let LOOP_STATUS: u32 = STOP_NONE;

/**
 * The cycles of a core alone while segments are flat, from eip with done of
 * maxCycles run; returns (done << 32) | eip, the stop reason in LOOP_STATUS.
 * Written once and compiled twice, with and without compiled blocks
 * (flatLoopPlain, flatLoopBlocks: separate functions, which the engine
 * compiles better than both copies inlined in runAlone), so that a run that
 * does not translate pays nothing for them: testing on every cycle cost about
 * 3% of simplex speed (host instructions counted under valgrind).
 */
@inline function flatLoop(blocks: bool, state: u32, cache: u32, stuck: bool, eip: u32, done: u32, maxCycles: u32): u64 {
  let status = STOP_NONE;
  while (done < maxCycles) {
    if (blocks) {
      const ran = enterBlock(state, eip, maxCycles - done);
      if (ran != 0) {
        done += ran;
        eip = load<u32>(state + R_EIP);
        if (FAULT != 0) {
          status = FAULT;
          store<u32>(state + R_STATUS_ADDR, FAULT_ADDR);
          clearFault();
          break;
        }
        if (ECC_PENDING) { status = STOP_ECC_EVENT; break; }
        continue;
      }
    }
    const e = lookup(cache, eip);
    done++;
    // One test sends both the full decoder's instructions (DK_SLOW) and
    // the x87 forms (from DK_X87_FIRST_FAST on) off the usual path, so the
    // other forms pay nothing for the x87 runs.
    if (<u32>load<u8>(e + E_KIND) - 1 >= DK_X87_FIRST_FAST - 1) {
      if (load<u8>(e + E_KIND) != DK_SLOW) {
        // A run of x87 forms, the unit's bookkeeping kept in a local
        // throughout; one at a time with stuck bits, re-asserted every cycle.
        const run = x87Run(state, cache, e, eip, stuck ? 1 : maxCycles - done + 1);
        done += <u32>(run >> 32) - 1;
        if (FAULT != 0) {
          status = FAULT;
          store<u32>(state + R_STATUS_ADDR, FAULT_ADDR);
          clearFault();
          break;
        }
        eip = <u32>run;
      } else {
        status = decodeAndRun(eip);
        if (status != STOP_NONE) { eip = load<u32>(state + R_EIP); break; }
        eip = IP;
        // Only the full decoder loads segment registers.
        if (segmented(state)) {
          if (stuck) eip = reassertStuck(eip);
          if (ECC_PENDING) status = STOP_ECC_EVENT;
          break;
        }
      }
    } else {
      const next = execFast(state, e, eip, true);
      if (FAULT != 0) {
        status = FAULT;
        store<u32>(state + R_STATUS_ADDR, FAULT_ADDR);
        clearFault();
        break;
      }
      eip = next;
    }
    if (stuck) eip = reassertStuck(eip);
    if (ECC_PENDING) { status = STOP_ECC_EVENT; break; }
  }
  LOOP_STATUS = status;
  return (<u64>done << 32) | <u64>eip;
}

// flatLoop's two compiled forms (a function with a loop is not inlined into its caller).
function flatLoopPlain(state: u32, cache: u32, stuck: bool, eip: u32, done: u32, maxCycles: u32): u64 { return flatLoop(false, state, cache, stuck, eip, done, maxCycles); }
function flatLoopBlocks(state: u32, cache: u32, stuck: bool, eip: u32, done: u32, maxCycles: u32): u64 { return flatLoop(true, state, cache, stuck, eip, done, maxCycles); }

/** One replica online: no logging, no comparison, cycle counters updated once per slice. */
function runAlone(n: u32, maxCycles: u32): u32 {
  useReplica(n);
  setStoreMode(false, false);
  const state = R;
  const stuck = load<u32>(R + R_STUCK_ACTIVE) != 0;
  const cache = cacheOfChassis();
  let done: u32 = 0;
  let status = STOP_NONE;
  // EIP lives in a local while the slice runs and in R_EIP whenever the full decoder runs.
  let eip = load<u32>(R + R_EIP);
  // Compiled blocks (asm/translate/) run whole blocks of fast-path cycles: only
  // with flat segments, as the fast path, and not with stuck bits, which are
  // re-asserted after every cycle.
  const blocks = !stuck && translating();
  while (done < maxCycles && status == STOP_NONE) {
    // Segments that are not flat send every instruction to the full decoder;
    // flatLoop leaves when an instruction makes them so (testing flatness on
    // every cycle there cost about a tenth of simplex speed, counted as above).
    if (segmented(R)) {
      done++;
      status = decodeAndRun(eip);
      if (status != STOP_NONE) { eip = load<u32>(R + R_EIP); break; }
      eip = IP;
      if (stuck) eip = reassertStuck(eip);
      if (ECC_PENDING) status = STOP_ECC_EVENT;
      continue;
    }
    const ran = blocks ? flatLoopBlocks(state, cache, stuck, eip, done, maxCycles) : flatLoopPlain(state, cache, stuck, eip, done, maxCycles);
    done = <u32>(ran >> 32);
    eip = <u32>ran;
    status = LOOP_STATUS;
  }
  saveFetch(R);
  store<u32>(R + R_EIP, eip);
  store<u32>(R + R_STATUS, status);
  store<u32>(R + R_STORE_COUNT, 0);
  store<u64>(R + R_CYCLES, load<u64>(R + R_CYCLES) + <u64>done);
  store<u64>(CONTROL_BASE + C_CYCLE, load<u64>(CONTROL_BASE + C_CYCLE) + <u64>done);
  if (stuck && status != STOP_NONE) applyStuckBits();
  return finish(status);
}

// The online replicas of the current run, in order, one 32-byte slot each:
// replica index, state block, store log, chassis, chassis memory, decoded
// cache, whether the chassis buffers stores (two cores online) and flags.
// Filled once per run() call.
const MAX_ONLINE: u32 = 6;
const SLOT_SIZE: u32 = 32;
const SLOTS = memory.data(32 * 6, 16);
const S_INDEX: u32 = 0;
const S_STATE: u32 = 4;
const S_LOG: u32 = 8;
const S_CHASSIS: u32 = 12;
const S_MEMB: u32 = 16;
const S_CACHE: u32 = 20;
const S_BUFFERS: u32 = 24;
const S_FLAGS: u32 = 28;
// Slot flags (S_FLAGS): bit 0 a register bit is stuck; bit 1 this is the
// second core of a chassis whose first core is the previous slot, and the
// twin shortcut may copy that core's cycle (see run()); bit 2 the store mode
// (S_BUFFERS) differs from the previous slot's, the last slot's for the
// first, and must be set before stepping: the replicas of the usual
// topologies share one mode, set once per run.
const SF_STUCK: u32 = 1;
const SF_TWIN: u32 = 2;
const SF_MODE: u32 = 4;

/**
 * Copy a core's cycle to its twin: the compared block and the store log. The
 * two agreed after the last cycle, so only the lanes this cycle can have
 * changed are copied: the x87 and segment lanes only when it changed them.
 */
@inline function copyCycle(from: u32, fromLog: u32, to: u32, toLog: u32): void {
  if (SELDOM_LANES_CHANGED) copyLanes(to, from, R_COMPARED_END >> 4);
  else copyEveryCycleLanes(to, from);
  copyLanes(toLog, fromLog, load<u32>(from + R_STORE_COUNT) * (STORELOG_ENTRY_SIZE >> 4));
}

/** Run up to maxCycles cycles; returns the StopReason (also stored in the control block). */
export function run(maxCycles: u32): u32 {
  // The forced slow path sends the x87 unit's instructions to its general code too.
  setFpuFastPath(ctl(C_FORCE_SLOW) == 0);
  setEccPending(false);
  // The host may have written guest memory since the last slice (system call
  // results, an injected fault): decoded instructions may be stale.
  if (ctl(C_HOST_WROTE) != 0) {
    store<u32>(CONTROL_BASE + C_HOST_WROTE, 0);
    flushDecoded();
  }
  const replicas = ctl(C_REPLICA_COUNT);
  const cores = ctl(C_CORES_PER_CHASSIS);
  const online = ctl(C_ONLINE_MASK);
  store<u32>(CONTROL_BASE + C_MISMATCH_MASK, 0);
  if (online == 0) return finish(STOP_NONE);
  if (popcnt<u32>(online) == 1) return runAlone(ctz<u32>(online), maxCycles);

  let count: u32 = 0;
  let buffering = false;
  for (let n: u32 = 0; n < replicas && count < MAX_ONLINE; n++) {
    if ((online & (<u32>1 << n)) == 0) continue;
    const chassis = n / cores;
    const chassisCores = (online >> (chassis * cores)) & ((<u32>1 << cores) - 1);
    const slot = SLOTS + count * SLOT_SIZE;
    const state = REPLICA_BASE + n * REPLICA_SIZE;
    store<u32>(slot + S_INDEX, n);
    store<u32>(slot + S_STATE, state);
    store<u32>(slot + S_LOG, STORELOG_BASE + n * STORELOG_SIZE);
    store<u32>(slot + S_CHASSIS, chassis);
    store<u32>(slot + S_MEMB, ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE));
    store<u32>(slot + S_CACHE, DC_BASE + chassis * DC_BYTES);
    store<u32>(slot + S_BUFFERS, popcnt<u32>(chassisCores) > 1 ? 1 : 0);
    store<u32>(slot + S_FLAGS, load<u32>(state + R_STUCK_ACTIVE) != 0 ? SF_STUCK : 0);
    if (popcnt<u32>(chassisCores) > 1) buffering = true;
    store<u32>(state + R_STATUS, STOP_NONE);
    // The host may have given a replica other segments (a restore, a signal):
    // entries decoded for flat code must not serve it (see stepSelected).
    if (segmented(state)) flushDecoded();
    count++;
  }
  for (let i: u32 = 0; i < count; i++) {
    const slot = SLOTS + i * SLOT_SIZE;
    const prev = SLOTS + (i == 0 ? count - 1 : i - 1) * SLOT_SIZE;
    if (load<u32>(slot + S_BUFFERS) != load<u32>(prev + S_BUFFERS)) store<u32>(slot + S_FLAGS, load<u32>(slot + S_FLAGS) | SF_MODE);
  }
  setStoreMode(true, load<u32>(SLOTS + S_BUFFERS) != 0);
  // Twins: a chassis' two cores in consecutive slots, neither with a stuck bit.
  if (ctl(C_TWIN_SHORTCUT) != 0) {
    for (let i: u32 = 1; i < count; i++) {
      const slot = SLOTS + i * SLOT_SIZE;
      const prev = slot - SLOT_SIZE;
      if (load<u32>(slot + S_CHASSIS) == load<u32>(prev + S_CHASSIS) && (load<u32>(slot + S_FLAGS) & SF_STUCK) == 0 && (load<u32>(prev + S_FLAGS) & SF_STUCK) == 0) {
        store<u32>(slot + S_FLAGS, load<u32>(slot + S_FLAGS) | SF_TWIN);
      }
    }
  }
  store<u32>(CONTROL_BASE + C_REFERENCE, load<u32>(SLOTS + S_INDEX));
  // Lockstep blocks (asm/translate/) stop at any page that needs the ECC decoder in any online chassis.
  LOCKSTEP_SLOW = 0;
  for (let i: u32 = 0; i < count; i++) LOCKSTEP_SLOW |= PTE_ECC_SLOW << load<u32>(SLOTS + i * SLOT_SIZE + S_CHASSIS);
  // The usual run, with no slot flag set, takes a copy of the loop in which
  // the tests for them fold away.
  let flagged = false;
  for (let i: u32 = 0; i < count; i++) flagged = flagged || load<u32>(SLOTS + i * SLOT_SIZE + S_FLAGS) != 0;
  return finish(flagged ? runFlagged(count, maxCycles, buffering, online) : runPlain(count, maxCycles, buffering, online));
}

/** The ECC-slow page-table bits of the online chassis, for lockstep blocks. */
let LOCKSTEP_SLOW: u32 = 0;

// Two functions, so that the optimizer keeps the two copies of the loop apart.
function runFlagged(count: u32, maxCycles: u32, buffering: bool, online: u32): u32 { return runCycles(true, count, maxCycles, buffering, online); }
function runPlain(count: u32, maxCycles: u32, buffering: bool, online: u32): u32 { return runCycles(false, count, maxCycles, buffering, online); }

/**
 * The cycles of a lockstep run over the count slots; returns the stop reason.
 * Inlined twice: with flagged = false, for slots without flags, the twin
 * shortcut, stuck bits and per-slot store modes fold away at compile time.
 */
@inline function runCycles(flagged: bool, count: u32, maxCycles: u32, buffering: bool, online: u32): u32 {
  const ref = load<u32>(SLOTS + S_STATE);
  const refLog = load<u32>(SLOTS + S_LOG);
  let done: u32 = 0;
  let status = STOP_NONE;
  // Lockstep blocks, on runs whose slots have no flag (no stuck bit, no twin
  // shortcut, one store mode).
  const blocks = !flagged && translatingLockstep();
  // The x87 and segment lanes change only on cycles that run an x87
  // instruction or load a segment register, and between runs (the host's
  // writes: faults, restores, resyncs, system calls), so the first cycle
  // compares them and then every cycle that ran one; stuck bits (flagged) can
  // change them on any cycle.
  setSeldomLanesChanged(true);
  while (done < maxCycles) {
    // Once a cycle of this run has passed the comparator the replicas agree
    // (the host's writes between runs, a fault injected into one of them,
    // come before that cycle): a lockstep block runs every replica from
    // there, comparing what each instruction wrote, and hands any cycle
    // whose replicas disagree, or that needs more than it compiles, back to
    // this loop unexecuted.
    if (blocks && done != 0 && !segmented(ref)) {
      selectState(ref, refLog, load<u32>(SLOTS + S_MEMB), load<u32>(SLOTS + S_CHASSIS));
      const ran = enterLockstepBlock(ref, load<u32>(ref + R_EIP), maxCycles - done, online, LOCKSTEP_SLOW);
      if (ran != 0) {
        done += ran;
        continue;
      }
    }
    // The twin shortcut. The two cores of a chassis share its memory, and
    // their stores are buffered until the cycle is over, so both see the
    // same memory; once a cycle of this run has passed the comparator, their
    // states are equal too (any difference stops the run). From then on the
    // second core, executing the same deterministic instruction, would end
    // the cycle in exactly the first core's state with the same store log,
    // unless its step can see something the first one changed: the full
    // decoder is not trusted with that (it may read words through the ECC
    // decoder), and a fast-path cycle that faulted or met an ECC event is
    // not copied either. Such cycles execute on both cores. Faults are
    // injected between run() calls or re-asserted per cycle (stuck bits,
    // which disable the shortcut), so whatever makes the cores differ is
    // always executed and compared. It runs only when the host sets C_TWIN_SHORTCUT.
    let copied: u32 = 0;
    let copyable = false;
    for (let i: u32 = 0; i < count; i++) {
      const slot = SLOTS + i * SLOT_SIZE;
      const flags = flagged ? load<u32>(slot + S_FLAGS) : 0;
      if ((flags & SF_TWIN) != 0 && copyable && done != 0) {
        copyCycle(load<u32>(slot - SLOT_SIZE + S_STATE), load<u32>(slot - SLOT_SIZE + S_LOG), load<u32>(slot + S_STATE), load<u32>(slot + S_LOG));
        copied |= <u32>1 << i;
        copyable = false;
        continue;
      }
      const state = load<u32>(slot + S_STATE);
      selectState(state, load<u32>(slot + S_LOG), load<u32>(slot + S_MEMB), load<u32>(slot + S_CHASSIS));
      if ((flags & SF_MODE) != 0) setStoreMode(true, load<u32>(slot + S_BUFFERS) != 0);
      copyable = stepSelected(state, load<u32>(slot + S_CACHE));
      if ((flags & SF_STUCK) != 0) applyStuckBits();
    }
    // The comparator, over the compared lanes. A copied core agrees
    // with the reference exactly when its twin does.
    const refStores = load<u32>(ref + R_STORE_COUNT);
    const whole = flagged || SELDOM_LANES_CHANGED;
    let mismatch: u32 = 0;
    let previousDiffers = false;
    for (let i: u32 = 1; i < count; i++) {
      const slot = SLOTS + i * SLOT_SIZE;
      const state = load<u32>(slot + S_STATE);
      const differs = (copied & (<u32>1 << i)) != 0
        ? previousDiffers
        : (whole ? comparedBlocksDiffer(ref, state) : everyCycleLanesDiffer(ref, state)) || !logsAgree(refLog, load<u32>(slot + S_LOG), refStores);
      if (differs) mismatch |= <u32>1 << load<u32>(slot + S_INDEX);
      previousDiffers = differs;
    }
    setSeldomLanesChanged(false);
    done++;
    if (mismatch != 0) {
      store<u32>(CONTROL_BASE + C_MISMATCH_MASK, mismatch);
      store<u32>(CONTROL_BASE + C_PENDING_STORES, 1);
      status = STOP_DIVERGENCE;
      break;
    }
    // All replicas agree, store counts included: with no store there is nothing to commit.
    const commitCheck = buffering && refStores != 0 && commitBuffered(online);
    status = load<u32>(ref + R_STATUS);
    if (status != STOP_NONE) break;
    if (commitCheck) { status = STOP_COMMIT_CHECK; break; }
    if (ECC_PENDING) { status = STOP_ECC_EVENT; break; }
  }
  // Per-replica cycle counters advance together; keep them exact without a u64 update per step.
  for (let i: u32 = 0; i < count; i++) {
    const at = load<u32>(SLOTS + i * SLOT_SIZE + S_STATE) + R_CYCLES;
    store<u64>(at, load<u64>(at) + <u64>done);
  }
  store<u64>(CONTROL_BASE + C_CYCLE, load<u64>(CONTROL_BASE + C_CYCLE) + <u64>done);
  return status;
}

/**
 * Commit the cycle's buffered stores once per two-core chassis, from its first
 * online core. Returns true when a chassis met an uncorrectable word (C_COMMIT_CHECK).
 */
function commitBuffered(online: u32): bool {
  const cores = ctl(C_CORES_PER_CHASSIS);
  if (cores < 2) return false;
  const chassisCount = ctl(C_CHASSIS_COUNT);
  for (let c: u32 = 0; c < chassisCount; c++) {
    const bits = (online >> (c * cores)) & ((<u32>1 << cores) - 1);
    if (popcnt<u32>(bits) < 2) continue;
    const n = c * cores + ctz<u32>(bits);
    commitLog(n, c, ctl(C_MEM_BASE) + c * ctl(C_MEM_STRIDE));
  }
  return ctl(C_COMMIT_CHECK) != 0;
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
