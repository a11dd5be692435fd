/**
 * Repair: bringing an offline chassis back into lockstep, in Stratus's two
 * phases. Brownout: the machine keeps running while memory is copied from a
 * healthy chassis a batch at a time, and the core marks every frame written
 * meanwhile as dirty; each round recopies what was dirtied. Blackout: the
 * machine pauses, the last dirty frames and the replica state are copied,
 * both chassis' memories are checked by digest, and lockstep resumes.
 *
 * Copy cost model (for the figures reported, not for wall time): brownout
 * copies BROWNOUT_PAGES_PER_BATCH pages every BROWNOUT_BATCH_CYCLES cycles;
 * a blackout page costs BLACKOUT_CYCLES_PER_PAGE cycles of pause (4 KiB at
 * 8 bytes per cycle) plus a fixed BLACKOUT_FIXED_CYCLES for the replica state.
 */
import type { Machine, RunHooks } from '../machine/machine';
import { PAGE_SIZE } from '../machine/guest-memory';
import { BROWNOUT_BATCH_CYCLES, BROWNOUT_PAGES_PER_BATCH, RepairSchedule, judgeResync, repairSource, resyncDoneEvent } from './repair-plan';

export { BROWNOUT_PAGES_PER_BATCH, BROWNOUT_BATCH_CYCLES, BLACKOUT_CYCLES_PER_PAGE, BLACKOUT_FIXED_CYCLES, differingDevices, type ResyncReport } from './repair-plan';
import type { ResyncReport } from './repair-plan';

/** Go to blackout once a round leaves this few dirty pages, or after MAX_ROUNDS. */
export const BLACKOUT_THRESHOLD_PAGES = 32;
export const MAX_ROUNDS = 4;

interface Copy {
  readonly chassis: number;
  readonly source: number;
  readonly startCycle: number;
  /** Frames still to copy in this round. */
  queue: number[];
  round: number;
  pagesCopied: number;
  nextBatch: bigint;
}

export class Resyncer implements RunHooks {
  private readonly schedule: RepairSchedule;
  private active: Copy | undefined;
  readonly reports: ResyncReport[] = [];

  private readonly unsubscribe: () => void;

  /** Repair every chassis `repairAfter` cycles after it goes offline. */
  constructor(private readonly machine: Machine, private readonly repairAfter: bigint) {
    this.schedule = new RepairSchedule(repairAfter);
    this.unsubscribe = machine.onEvent((e) => {
      if (e.type === 'chassis-offline' && e.chassis !== undefined) this.schedule.wentOffline(e.chassis, BigInt(e.cycle));
    });
  }

  /** Stop listening to the machine (it may be reused for another run). */
  dispose(): void {
    this.unsubscribe();
  }

  nextCycle(now: bigint): bigint | undefined {
    if (this.active) return this.active.nextBatch > now ? this.active.nextBatch : now + 1n;
    const best = this.schedule.next;
    return best === undefined ? undefined : best > now ? best : now + 1n;
  }

  atCycle(cycle: bigint): void {
    if (this.machine.outcome) return;
    if (this.active) {
      if (cycle >= this.active.nextBatch) this.copyBatch(cycle);
      return;
    }
    if (this.machine.onlineChassis.length === 0) return;
    const chassis = this.schedule.take(cycle, (c) => this.machine.isOnline(c));
    if (chassis !== undefined) this.begin(chassis, cycle);
  }

  /** Start or stop every device's record of what is written (the core's dirty map for memory). */
  private setTracking(on: boolean): void {
    for (const d of this.machine.devices) d.trackChanges(on);
  }

  private frameCount(): number { return this.machine.memory.highWaterBytes / PAGE_SIZE; }

  private begin(chassis: number, cycle: bigint): void {
    const source = repairSource(this.machine.onlineChassis)!;
    this.setTracking(true);
    const queue = Array.from({ length: this.frameCount() }, (_, f) => f);
    this.active = { chassis, source, startCycle: Number(cycle), queue, round: 1, pagesCopied: 0, nextBatch: cycle };
    this.machine.emit({ type: 'resync-start', chassis, source, pages: queue.length });
    this.copyBatch(cycle);
  }

  /** Copy these frames of every device from the source chassis to the one coming back. */
  private copyFrames(copy: Copy, frames: readonly number[]): void {
    for (const d of this.machine.devices) d.copyIn(copy.chassis, d.copyOut(copy.source, frames));
  }

  private copyBatch(cycle: bigint): void {
    const copy = this.active!;
    if (!this.machine.isOnline(copy.source)) {
      // The source failed mid-copy: start over from whichever chassis is healthy now.
      this.active = undefined;
      this.setTracking(false);
      if (this.machine.onlineChassis.length > 0) this.begin(copy.chassis, cycle);
      return;
    }
    const batch = copy.queue.splice(0, BROWNOUT_PAGES_PER_BATCH);
    // Copied now: only a later write makes a frame dirty again.
    for (const frame of batch) this.machine.memory.clearChanged(frame);
    this.copyFrames(copy, batch);
    copy.pagesCopied += batch.length;
    copy.nextBatch = cycle + BigInt(BROWNOUT_BATCH_CYCLES);
    if (copy.queue.length > 0) return;
    const stillDirty = this.machine.memory.changedUnits();
    if (stillDirty.length > BLACKOUT_THRESHOLD_PAGES && copy.round < MAX_ROUNDS) {
      copy.round++;
      copy.queue = stillDirty;
      return;
    }
    this.blackout(copy, cycle, changedFrames(this.machine));
  }

  /** Stop-and-copy: the last dirty frames, the replica state, a digest check, then lockstep. */
  private blackout(copy: Copy, cycle: bigint, frames: number[]): void {
    this.copyFrames(copy, frames);
    this.setTracking(false);
    const m = this.machine;
    for (const d of m.devices) d.repaired(copy.chassis);
    this.active = undefined;
    for (let k = 0; k < m.topology.cores; k++) m.copyReplicaState(m.replicaOf(copy.source, 0), m.replicaOf(copy.chassis, k));
    const [sourceDigests, targetDigests] = [copy.source, copy.chassis].map((c) => m.deviceDigests(c));
    const judgement = judgeResync({
      chassis: copy.chassis, source: copy.source, startCycle: copy.startCycle, blackoutCycle: Number(cycle),
      brownoutPages: copy.pagesCopied, rounds: copy.round, blackoutPages: frames.length, sourceDigests, targetDigests,
    });
    if (judgement.ok) {
      m.bringOnline(copy.chassis);
      this.reports.push(judgement.report);
    }
    m.emit(resyncDoneEvent(copy.chassis, judgement));
  }
}

/** What a blackout copies again: every frame any device changed since tracking began. */
export function changedFrames(machine: Machine): number[] {
  const frames = new Set<number>();
  for (const d of machine.devices) for (const f of d.changedUnits()) frames.add(f);
  return [...frames].sort((a, b) => a - b);
}

/** SHA-256 over a chassis' physical memory in use: the figure a resync report gives (every device is checked). */
export function memoryDigest(machine: Machine, chassis: number): string {
  return machine.deviceDigests(chassis, ['memory']).memory;
}
