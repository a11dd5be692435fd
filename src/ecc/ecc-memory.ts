/**
 * ECC DIMMs for every chassis: the policy side of the memory system. The core
 * encodes and decodes the (72,64) SECDED code (asm/memory/ecc.ts); this class
 * injects memory faults, keeps per-DIMM error counts as Linux EDAC does, runs
 * the patrol scrubber, and takes a chassis offline on an uncorrectable error
 * or, predictively, when one DIMM's corrected errors pass a threshold.
 *
 * Fast mode: only the injector can make a word's data and check bits
 * disagree, so only frames it touched ("suspect" frames) are decoded; their
 * pages carry PTE_ECC_SLOW for that chassis. Paranoid mode decodes every
 * access. Both give the same outcomes for the same faults.
 */
import type { Hash } from 'node:crypto';
import type { RunHooks } from '../machine/machine';
import type { Fault, MemoryFault, DimmFault } from '../faults/fault';
import { MachineCheck, type EccHooks, type PhysicalMemory } from '../machine/physical-memory';
import type { Core } from '../core/core';
import { forEachUnheldRun, type ChassisDevice, type DeviceEvidence, type HeldPages } from '../machine/device';
import { PAGE_SIZE, GuestFault } from '../machine/guest-memory';
import { UserError } from '../errors';
import { DimmMap } from './dimms';

/** off: plain memory, flips stay; fast: decode only frames the injector touched; paranoid: decode every access. */
export type EccMode = 'off' | 'fast' | 'paranoid';

export interface EccOptions {
  readonly mode?: EccMode;
  /** DIMMs per chassis (default 4). */
  readonly dimms?: number;
  /** Cycles between two frames scrubbed per chassis; 0 turns the scrubber off (default 10000). */
  readonly scrubInterval?: number;
  /** Corrected errors on one DIMM past which its chassis is taken offline (default 16). */
  readonly correctedThreshold?: number;
}

/** The host-side ECC state a snapshot carries (the core-side state is in linear memory). */
export interface EccState {
  /** Each chassis' check bytes, one per 8-byte word of the memory in use. */
  readonly check: Uint8Array[];
  readonly counters: DimmCounters[][];
  readonly failedDimms: string[];
  readonly scrubCursor: number[];
  readonly nextScrub: bigint;
}

export interface DimmCounters {
  corrected: number;
  uncorrectable: number;
}

interface CoreEccExports {
  eccEncodeRange(chassis: number, phys: number, length: number): void;
  eccCheckRange(chassis: number, phys: number, length: number): number;
}

/** Chassis c's check bytes and suspect flags for some frames (or all in use), for a resync. */
export interface EccCopy {
  readonly frames: readonly number[];
  readonly check: Uint8Array;
  readonly suspect: readonly boolean[];
}

export class EccMemory implements ChassisDevice<EccState, EccCopy>, EccHooks, RunHooks {
  readonly name = 'ecc';
  readonly faultTargets = ['memory', 'dimm'] as const;
  readonly mode: EccMode;
  readonly dimms: DimmMap;
  readonly scrubInterval: number;
  readonly correctedThreshold: number;
  /** counters[chassis][dimm], like EDAC's ce_count / ue_count. */
  readonly counters: DimmCounters[][];
  private readonly scrubCursor: number[];
  private nextScrub: bigint;
  readonly failedDimms = new Set<string>();

  private readonly chassisCount: number;
  /** While a resync tracks changes: frames the ECC changed (see changedUnits). */
  private changed: Set<number> | undefined;

  constructor(private readonly core: Core, private readonly memory: PhysicalMemory, private readonly evidence: DeviceEvidence, options: EccOptions = {}) {
    this.mode = options.mode ?? 'fast';
    this.dimms = new DimmMap(options.dimms ?? 4, memory.bytesPerChassis);
    this.scrubInterval = this.mode === 'off' ? 0 : (options.scrubInterval ?? 10_000);
    this.correctedThreshold = options.correctedThreshold ?? 16;
    const chassis = memory.chassisCount;
    this.chassisCount = chassis;
    this.counters = Array.from({ length: chassis }, () => Array.from({ length: this.dimms.count }, () => ({ corrected: 0, uncorrectable: 0 })));
    this.scrubCursor = new Array(chassis).fill(1);
    this.nextScrub = BigInt(this.scrubInterval);
    const { CONTROL_BASE, C_ECC_MODE } = core.layout;
    core.setU32(CONTROL_BASE + C_ECC_MODE, this.mode === 'paranoid' ? 1 : 0);
    if (this.mode !== 'off') memory.ecc = this;
  }

  private get exports(): CoreEccExports { return this.core.exports as unknown as CoreEccExports; }
  private get layout() { return this.core.layout; }

  /** borrow (Device.save): the check bytes as views, as the memory lends its bytes; copying them cost a golden run of 64 snapshots 0.15 s. */
  save(borrow = false): EccState {
    const bytes = this.memory.highWaterBytes / 8;
    const check = (from: number): Uint8Array => (borrow ? this.core.u8.subarray(from, from + bytes) : this.core.u8.slice(from, from + bytes));
    return {
      check: Array.from({ length: this.chassisCount }, (_, c) => check(this.checkAddress(c, 0))),
      counters: this.counters.map((dimms) => dimms.map((c) => ({ ...c }))),
      failedDimms: [...this.failedDimms].sort(),
      scrubCursor: [...this.scrubCursor],
      nextScrub: this.nextScrub,
    };
  }

  /**
   * Check bytes past the snapshot's span are zeroed up to what this machine
   * had in use. What decoded and compiled code survives is the machine's
   * call (Machine.restore): no instruction is decoded from check bytes.
   */
  restore(state: EccState, held?: HeldPages): void {
    const high = Math.max(this.memory.highWaterBytes / 8, state.check[0]?.length ?? 0);
    state.check.forEach((bytes, c) => {
      const at = this.checkAddress(c, 0);
      forEachUnheldRun(bytes.length, held?.(`check/${c}`), (from, to) => this.core.u8.set(bytes.subarray(from, to), at + from));
      this.core.u8.fill(0, at + bytes.length, at + high);
    });
    state.counters.forEach((dimms, c) => dimms.forEach((v, d) => Object.assign(this.counters[c][d], v)));
    this.failedDimms.clear();
    for (const d of state.failedDimms) this.failedDimms.add(d);
    this.scrubCursor.splice(0, this.scrubCursor.length, ...state.scrubCursor);
    this.nextScrub = state.nextScrub;
  }

  // ---- Frame state -----------------------------------------------------------

  private flagAddress(chassis: number, frame: number): number {
    return this.layout.FRAME_FLAGS_BASE + chassis * this.layout.DIRTY_SIZE + frame;
  }

  /** The frame's words go through the decoder (always, in paranoid mode: every frame is flagged). */
  isSuspect(chassis: number, frame: number): boolean {
    return (this.core.u8[this.flagAddress(chassis, frame)] & this.layout.FRAME_ECC_SUSPECT) !== 0;
  }

  /** Route a frame of one chassis through the decoder, giving its words valid check bits first. */
  private markSuspect(chassis: number, frame: number): void {
    if (this.isSuspect(chassis, frame)) return;
    this.exports.eccEncodeRange(chassis, frame * PAGE_SIZE, PAGE_SIZE);
    this.core.u8[this.flagAddress(chassis, frame)] |= this.layout.FRAME_ECC_SUSPECT;
    this.memory.updatePteBits(frame, this.layout.PTE_ECC_SLOW << chassis, 0);
  }

  private clearSuspect(chassis: number, frame: number): void {
    if (this.mode === 'paranoid') return;
    this.core.u8[this.flagAddress(chassis, frame)] &= ~this.layout.FRAME_ECC_SUSPECT;
    this.memory.updatePteBits(frame, 0, this.layout.PTE_ECC_SLOW << chassis);
  }

  // ---- Hooks for the host's own accesses (PhysicalMemory) ------------------------

  frameZeroed(frame: number): void {
    for (let c = 0; c < this.chassisCount; c++) {
      if (this.mode === 'paranoid') {
        // Zero data has zero check bits in a linear code; encoding also reasserts stuck cells.
        this.exports.eccEncodeRange(c, frame * PAGE_SIZE, PAGE_SIZE);
        this.core.u8[this.flagAddress(c, frame)] |= this.layout.FRAME_ECC_SUSPECT;
      } else if (this.isSuspect(c, frame)) {
        // Fresh contents replace whatever was flipped; only a stuck cell keeps the frame suspect.
        this.exports.eccEncodeRange(c, frame * PAGE_SIZE, PAGE_SIZE);
        if (!this.hasStuckCell(c, frame)) this.clearSuspectFlagOnly(c, frame);
      }
      // A frame nobody touched needs nothing: its check bits are computed when the injector first marks it.
    }
  }

  private clearSuspectFlagOnly(chassis: number, frame: number): void {
    this.core.u8[this.flagAddress(chassis, frame)] &= ~this.layout.FRAME_ECC_SUSPECT;
  }

  pteBits(frame: number): number {
    let bits = 0;
    for (let c = 0; c < this.chassisCount; c++) if (this.isSuspect(c, frame)) bits |= this.layout.PTE_ECC_SLOW << c;
    return bits;
  }

  beforeAccess(chassis: number, phys: number, length: number): void {
    if (!this.isSuspect(chassis, Math.floor(phys / PAGE_SIZE))) return;
    const bad = this.exports.eccCheckRange(chassis, phys, length);
    this.drain();
    if (bad > 0) throw new MachineCheck(chassis, phys);
  }

  writeFailed(chassis: number, phys: number): void {
    this.machineCheck(chassis, phys);
  }

  afterWrite(chassis: number, phys: number, length: number): void {
    if (this.isSuspect(chassis, Math.floor(phys / PAGE_SIZE))) this.exports.eccEncodeRange(chassis, phys, length);
  }

  // ---- Faults --------------------------------------------------------------------

  /** The chassis-physical address a memory fault names. */
  resolve(fault: MemoryFault): number {
    let phys: number;
    if (fault.address !== undefined) {
      try {
        phys = this.memory.physical(fault.address);
      } catch (error) {
        if (error instanceof GuestFault) throw new UserError(`memory fault at cycle ${fault.at}: address 0x${fault.address.toString(16)} is not mapped`);
        throw error;
      }
    } else if (fault.dimm !== undefined) {
      if (fault.physical! >= this.dimms.bytesPerDimm) throw new UserError(`memory fault at cycle ${fault.at}: physical 0x${fault.physical!.toString(16)} is beyond DIMM ${fault.dimm} (${this.dimms.bytesPerDimm} bytes)`);
      phys = this.dimms.physicalOf(fault.dimm, fault.physical!);
    } else {
      phys = fault.physical!;
    }
    if (phys >= this.memory.bytesPerChassis) throw new UserError(`memory fault at cycle ${fault.at}: physical 0x${phys.toString(16)} is beyond the chassis memory`);
    return phys;
  }

  injectMemory(fault: MemoryFault): void {
    const phys = this.resolve(fault);
    const word = phys - (phys % 8);
    const frame = Math.floor(word / PAGE_SIZE);
    if (this.mode === 'off') {
      if (fault.bits.some((b) => b >= 64)) throw new UserError(`memory fault at cycle ${fault.at}: check bits 64-71 need ECC memory (--ecc is off)`);
      if (fault.stuck !== undefined) throw new UserError(`memory fault at cycle ${fault.at}: stuck cells need ECC memory (--ecc is off)`);
    } else {
      this.markSuspect(fault.chassis, frame);
    }
    const checkAt = this.checkAddress(fault.chassis, word);
    const u8 = this.core.u8;
    if (fault.stuck !== undefined) {
      this.addStuckCell(fault.chassis, word, fault.bits[0], fault.stuck);
    }
    const data = u8.slice(this.memory.hostAddress(fault.chassis, word), this.memory.hostAddress(fault.chassis, word + 8));
    for (const bit of fault.bits) {
      const mask = 1 << (bit & 7);
      const flip = (v: number) => (fault.stuck === undefined ? v ^ mask : fault.stuck ? v | mask : v & ~mask);
      if (bit < 64) data[bit >> 3] = flip(data[bit >> 3]);
      else u8[checkAt] = flip(u8[checkAt]);
    }
    this.memory.writePhysical(fault.chassis, word, data, 'fault');
    this.changed?.add(frame);
  }

  failDimm(fault: DimmFault): void {
    this.failedDimms.add(`${fault.chassis}/${fault.dimm}`);
    if (!this.evidence.isOnline(fault.chassis)) return;
    this.evidence.report({ type: 'dimm-offline', chassis: fault.chassis, dimm: fault.dimm, reason: 'DIMM failed' });
    this.evidence.failed(fault.chassis, 'dimm-failure', { dimm: fault.dimm }, `machine check: DIMM ${fault.dimm} of chassis ${fault.chassis} failed and no chassis is left online`);
  }

  private checkAddress(chassis: number, word: number): number {
    const { CONTROL_BASE, C_CHECK_BASE } = this.layout;
    return this.core.u32(CONTROL_BASE + C_CHECK_BASE) + chassis * (this.memory.bytesPerChassis / 8) + word / 8;
  }

  private addStuckCell(chassis: number, word: number, bit: number, value: number): void {
    const { CONTROL_BASE, C_STUCK_CELL_COUNT, C_STUCK_CELLS, STUCK_CELL_SIZE, STUCK_CELL_SLOTS } = this.layout;
    const n = this.core.u32(CONTROL_BASE + C_STUCK_CELL_COUNT);
    if (n >= STUCK_CELL_SLOTS) throw new UserError(`at most ${STUCK_CELL_SLOTS} stuck memory cells`);
    const e = CONTROL_BASE + C_STUCK_CELLS + n * STUCK_CELL_SIZE;
    this.core.setU32(e, chassis);
    this.core.setU32(e + 4, word);
    this.core.setU32(e + 8, bit);
    this.core.setU32(e + 12, value);
    this.core.setU32(CONTROL_BASE + C_STUCK_CELL_COUNT, n + 1);
  }

  private stuckCells(): { chassis: number; word: number; bit: number; value: number }[] {
    const { CONTROL_BASE, C_STUCK_CELL_COUNT, C_STUCK_CELLS, STUCK_CELL_SIZE } = this.layout;
    const n = this.core.u32(CONTROL_BASE + C_STUCK_CELL_COUNT);
    return Array.from({ length: n }, (_, i) => {
      const e = CONTROL_BASE + C_STUCK_CELLS + i * STUCK_CELL_SIZE;
      return { chassis: this.core.u32(e), word: this.core.u32(e + 4), bit: this.core.u32(e + 8), value: this.core.u32(e + 12) };
    });
  }

  private hasStuckCell(chassis: number, frame: number): boolean {
    return this.stuckCells().some((s) => s.chassis === chassis && Math.floor(s.word / PAGE_SIZE) === frame);
  }

  /** A repaired chassis has new DIMMs: no stuck cells, no failed DIMMs, counters kept for the record. */
  repaired(chassis: number): void {
    const kept = this.stuckCells().filter((s) => s.chassis !== chassis);
    const { CONTROL_BASE, C_STUCK_CELL_COUNT } = this.layout;
    this.core.setU32(CONTROL_BASE + C_STUCK_CELL_COUNT, 0);
    for (const s of kept) this.addStuckCell(s.chassis, s.word, s.bit, s.value);
    for (let d = 0; d < this.dimms.count; d++) this.failedDimms.delete(`${chassis}/${d}`);
  }

  // ---- The device: resync copies, digests, faults ------------------------------------

  /** Check bytes and suspect flags of chassis c's frames (all in use when none are named). */
  copyOut(chassis: number, frames?: readonly number[]): EccCopy {
    const list = frames ?? Array.from({ length: this.memory.highWaterBytes / PAGE_SIZE }, (_, f) => f);
    const page = PAGE_SIZE / 8;
    const check = new Uint8Array(list.length * page);
    list.forEach((f, i) => {
      const at = this.checkAddress(chassis, f * PAGE_SIZE);
      check.set(this.core.u8.subarray(at, at + page), i * page);
    });
    return { frames: [...list], check, suspect: list.map((f) => this.isSuspect(chassis, f)) };
  }

  copyIn(chassis: number, copy: EccCopy): void {
    const page = PAGE_SIZE / 8;
    copy.frames.forEach((f, i) => {
      this.core.u8.set(copy.check.subarray(i * page, (i + 1) * page), this.checkAddress(chassis, f * PAGE_SIZE));
      if (copy.suspect[i]) {
        this.core.u8[this.flagAddress(chassis, f)] |= this.layout.FRAME_ECC_SUSPECT;
        this.memory.updatePteBits(f, this.layout.PTE_ECC_SLOW << chassis, 0);
      } else {
        this.clearSuspect(chassis, f);
      }
    });
  }

  /**
   * Frames whose data or check bits the ECC changed without a store while
   * changes were tracked (an injected flip, a correction, a scrub): the dirty
   * map does not see those.
   */
  changedUnits(): number[] {
    return [...(this.changed ?? [])].sort((a, b) => a - b);
  }

  trackChanges(on: boolean): void {
    this.changed = on ? new Set() : undefined;
  }

  digest(chassis: number, hash: Hash): void {
    const at = this.checkAddress(chassis, 0);
    hash.update(this.core.u8.subarray(at, at + this.memory.highWaterBytes / 8));
  }

  inject(fault: Fault): void {
    if (fault.target === 'memory') this.injectMemory(fault);
    else if (fault.target === 'dimm') this.failDimm(fault);
    else throw new Error(`ECC memory takes no ${fault.target} fault`);
  }

  // ---- Events from the core --------------------------------------------------------

  /** Turn the core's ECC event ring into machine events and counters; apply the thresholds. */
  drain(kind: 'access' | 'scrub' = 'access'): void {
    const { CONTROL_BASE, C_ECC_EVENT_COUNT, C_ECC_EVENTS_LOST, ECC_EVENTS_BASE, ECC_EVENT_SIZE, ECC_CORRECTED } = this.layout;
    const n = this.core.u32(CONTROL_BASE + C_ECC_EVENT_COUNT);
    if (n === 0) return;
    const lost = this.core.u32(CONTROL_BASE + C_ECC_EVENTS_LOST);
    if (lost > 0) throw new Error(`ECC event ring overflowed: ${lost} events lost`);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const e = ECC_EVENTS_BASE + i * ECC_EVENT_SIZE;
      const type = this.core.u32(e);
      const chassis = this.core.u32(e + 4);
      const word = this.core.u32(e + 8);
      const detail = this.core.u32(e + 12);
      // The two cores of a chassis meet the same uncorrectable word in one cycle: report it once.
      const key = `${type}/${chassis}/${word}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const dimm = this.dimms.dimmOf(word);
      this.changed?.add(Math.floor(word / PAGE_SIZE));
      const base = { chassis, dimm, address: word, syndrome: detail & 0xff };
      if (type === ECC_CORRECTED) {
        this.counters[chassis][dimm].corrected++;
        this.evidence.report({ type: kind === 'scrub' ? 'scrub' : 'corrected', ...base, bit: detail >>> 8, corrected: 1, reason: kind === 'scrub' ? 'patrol scrub corrected a single-bit error' : 'single-bit error corrected on access' });
      } else {
        this.counters[chassis][dimm].uncorrectable++;
        this.evidence.suspect(chassis);
        this.evidence.report({ type: 'uncorrectable', ...base, reason: kind === 'scrub' ? 'patrol scrub found an uncorrectable error' : 'uncorrectable error on access' });
      }
    }
    this.core.setU32(CONTROL_BASE + C_ECC_EVENT_COUNT, 0);
    this.checkThresholds();
  }

  private checkThresholds(): void {
    this.counters.forEach((dimms, chassis) => {
      dimms.forEach((count, dimm) => {
        if (count.corrected <= this.correctedThreshold || !this.evidence.isOnline(chassis)) return;
        // Predictive failure: only worth it when another chassis carries on.
        if (!this.evidence.othersCarryOn(chassis)) return;
        this.evidence.report({ type: 'dimm-offline', chassis, dimm, reason: `predictive: ${count.corrected} corrected errors (threshold ${this.correctedThreshold})` });
        // Alone in its Machine (a chassis on a worker thread), the chassis' own machine ends here.
        this.evidence.failed(chassis, 'predictive', { dimm }, `chassis ${chassis} taken offline (predictive) and no chassis is left online`);
      });
    });
  }

  // ---- Patrol scrubber (run hooks) -------------------------------------------------

  nextCycle(now: bigint): bigint | undefined {
    if (this.scrubInterval <= 0) return undefined;
    return this.nextScrub > now ? this.nextScrub : now + 1n;
  }

  atCycle(cycle: bigint): void {
    if (this.scrubInterval <= 0 || cycle < this.nextScrub || this.evidence.ended) return;
    this.nextScrub = cycle + BigInt(this.scrubInterval);
    const frames = this.memory.highWaterBytes / PAGE_SIZE;
    for (const chassis of this.evidence.onlineChassis) {
      const frame = this.scrubCursor[chassis];
      this.scrubCursor[chassis] = frame + 1 >= frames ? 1 : frame + 1;
      this.scrubFrame(chassis, frame);
    }
  }

  /** Decode one frame of one chassis, correcting what it can; an uncorrectable word takes the chassis offline. */
  scrubFrame(chassis: number, frame: number): void {
    if (!this.isSuspect(chassis, frame)) return; // nothing the injector touched: every word is good
    const bad = this.exports.eccCheckRange(chassis, frame * PAGE_SIZE, PAGE_SIZE);
    this.drain('scrub');
    if (bad > 0) {
      this.machineCheck(chassis, frame * PAGE_SIZE);
      return;
    }
    if (!this.hasStuckCell(chassis, frame)) this.clearSuspect(chassis, frame);
  }

  /** An uncorrectable error outside the lockstep comparison: offline if another chassis can carry on, else stop. */
  machineCheck(chassis: number, phys: number): void {
    if (!this.evidence.isOnline(chassis)) return;
    const dimm = this.dimms.dimmOf(phys);
    this.evidence.failed(chassis, 'machine-check', { dimm, address: phys }, `machine check: uncorrectable memory error in chassis ${chassis}, DIMM ${dimm}, physical 0x${phys.toString(16)}`);
  }
}
