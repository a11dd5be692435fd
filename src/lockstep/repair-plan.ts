/**
 * The repair policy both placements follow (one thread: `Resyncer`; worker
 * threads: the coordinator in `src/parallel`): when a repair falls due, which
 * chassis is the source, what a brownout and a blackout cost, and how a
 * finished copy is judged and reported. The placements differ only in how
 * the bytes travel (within one core, or as messages between threads).
 */
import { PAGE_SIZE } from '../machine/guest-memory';

export const BROWNOUT_PAGES_PER_BATCH = 256;
export const BROWNOUT_BATCH_CYCLES = 1_000;
export const BLACKOUT_CYCLES_PER_PAGE = PAGE_SIZE / 8;
export const BLACKOUT_FIXED_CYCLES = 1_000;

export interface ResyncReport {
  readonly chassis: number;
  readonly source: number;
  readonly startCycle: number;
  readonly brownoutCycles: number;
  readonly brownoutPages: number;
  readonly rounds: number;
  readonly blackoutPages: number;
  readonly blackoutCycles: number;
  readonly digest: string;
}

/** Repairs waiting for their cycle: each chassis `repairAfter` cycles after it went offline. */
export class RepairSchedule {
  private readonly due = new Map<number, bigint>();

  constructor(readonly repairAfter: bigint) {}

  /** Chassis c went offline at `cycle`: its repair falls due `repairAfter` later. */
  wentOffline(chassis: number, cycle: bigint): void {
    this.due.set(chassis, cycle + this.repairAfter);
  }

  /** Try chassis c again at `cycle` (its copy's source failed midway). */
  retry(chassis: number, cycle: bigint): void {
    this.due.set(chassis, cycle);
  }

  /** The earliest cycle a repair falls due at, if any. */
  get next(): bigint | undefined {
    let best: bigint | undefined;
    for (const at of this.due.values()) if (best === undefined || at < best) best = at;
    return best;
  }

  /**
   * The first chassis (in the order they went out) whose repair is due at
   * `now`, taken off the schedule; due chassis that came back meanwhile are
   * dropped.
   */
  take(now: bigint, isOnline: (chassis: number) => boolean): number | undefined {
    for (const [chassis, at] of [...this.due]) {
      if (now < at) continue;
      this.due.delete(chassis);
      if (!isOnline(chassis)) return chassis;
    }
    return undefined;
  }
}

/** The chassis a repair copies from: the first one online. */
export function repairSource(onlineChassis: readonly number[]): number | undefined {
  return onlineChassis[0];
}

/** Cycles a brownout takes to copy `pages` in batches (the first batch goes at once). */
export function brownoutCycles(pages: number): number {
  return Math.max(0, Math.ceil(pages / BROWNOUT_PAGES_PER_BATCH) - 1) * BROWNOUT_BATCH_CYCLES;
}

/** Cycles of pause a blackout costs: the replica state and the last pages. */
export function blackoutCycles(pages: number): number {
  return BLACKOUT_FIXED_CYCLES + pages * BLACKOUT_CYCLES_PER_PAGE;
}

/** The devices whose digests differ between two chassis (none: the resync holds). */
export function differingDevices(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((n) => a[n] !== b[n]);
}

export interface FinishedCopy {
  readonly chassis: number;
  readonly source: number;
  readonly startCycle: number;
  /** The cycle the blackout happens at. */
  readonly blackoutCycle: number;
  readonly brownoutPages: number;
  readonly rounds: number;
  readonly blackoutPages: number;
  /** Every device's digest on the source and on the repaired chassis after the last copy. */
  readonly sourceDigests: Readonly<Record<string, string>>;
  readonly targetDigests: Readonly<Record<string, string>>;
}

export type ResyncJudgement =
  | { readonly ok: true; readonly report: ResyncReport }
  | { readonly ok: false; readonly reason: string };

/** A copy holds when every device's digest agrees on both chassis; then it is reported with its cost. */
export function judgeResync(copy: FinishedCopy): ResyncJudgement {
  const differ = differingDevices(copy.sourceDigests, copy.targetDigests);
  if (differ.length > 0) return { ok: false, reason: `${differ.join(' and ')} digests differ after the copy` };
  return {
    ok: true,
    report: {
      chassis: copy.chassis,
      source: copy.source,
      startCycle: copy.startCycle,
      brownoutCycles: copy.blackoutCycle - copy.startCycle,
      brownoutPages: copy.brownoutPages,
      rounds: copy.rounds,
      blackoutPages: copy.blackoutPages,
      blackoutCycles: blackoutCycles(copy.blackoutPages),
      digest: copy.sourceDigests.memory,
    },
  };
}

/** The resync-done event a judgement is announced by. */
export function resyncDoneEvent(chassis: number, judgement: ResyncJudgement): { type: 'resync-done'; chassis: number; ok: boolean } & Record<string, unknown> {
  return judgement.ok ? { type: 'resync-done', ...judgement.report, ok: true } : { type: 'resync-done', chassis, ok: false, reason: judgement.reason };
}
