/**
 * The golden run: the program without faults, once per topology. It gives
 * what every injection is classified against (output, exit status, cycle
 * count, events) and the snapshots an injection fast-forwards from. Each
 * snapshot point also records how far stdout, stderr and stdin had got and
 * how many events there were, so a run restored from it knows the golden
 * output up to that point without re-running it.
 */
import { Machine } from '../machine/machine';
import { startProcess, type LinuxProcess } from '../machine/linux-process';
import type { Topology } from '../machine/topology';
import type { MachineEvent } from '../machine/events';
import type { RunOutcome } from '../machine/outcome';
import { OutputTap, ReplayedInput } from './guest-streams';
import { pageSnapshot, type PageStore, type PagedSnapshot, type PagingHint } from './paged-snapshot';
import { writtenPages } from './restore-plan';
import type { EccOptions } from '../ecc/ecc-memory';
import type { Fault } from '../faults/fault';
import type { MachineDisk } from '../disk/machine-disk';
import { attachDisk } from '../disk/attach-disk';
import { SettlePoints } from './settle-points';

/** The program and its inputs, as every run of a campaign starts it. */
export interface ProgramInput {
  readonly path: string;
  readonly image: Uint8Array;
  /** argv, argv[0] included. */
  readonly argv: readonly string[];
  readonly env: readonly string[];
  readonly stdin: Uint8Array;
  readonly seed: bigint;
  readonly memoryMiB: number;
  readonly ecc?: EccOptions;
  /** The guest's root file system: an ext4 image every run starts from and none writes. */
  readonly disk?: string;
  /** Compile hot blocks (src/translate/): the engine every run of the campaign uses, golden runs included. */
  readonly translate?: boolean;
}

/** A machine with the program loaded and campaign stdio attached. */
export class GuestHarness {
  readonly machine: Machine;
  readonly process: LinuxProcess;
  readonly stdin: ReplayedInput;
  readonly stdout = new OutputTap();
  readonly stderr = new OutputTap();
  /** The run's own copy of the campaign's disk (a scratch copy of the image). */
  readonly disk: MachineDisk | undefined;

  /**
   * `faults` and `repairAfter` are the run's, for its disk: disk faults are
   * checked against it, a failed disk is replaced `repairAfter` cycles after
   * it failed. `restored`: the harness will be restored run after run (its
   * disk keeps its file-system worker; dispose() ends it).
   */
  constructor(input: ProgramInput, topology: Topology, faults: readonly Fault[] = [], repairAfter?: number, restored = false) {
    this.machine = new Machine({ topology: { chassis: topology.chassis, cores: topology.cores }, memoryMiB: input.memoryMiB, ecc: input.ecc, translate: input.translate });
    this.stdin = new ReplayedInput(input.stdin);
    const disk = input.disk === undefined ? undefined : { path: input.disk, readOnly: false, scratch: true, keepWorker: restored };
    this.disk = attachDisk(this.machine, disk, faults, repairAfter === undefined ? undefined : BigInt(repairAfter));
    this.process = startProcess(this.machine, {
      disk: this.disk?.fs,
      path: input.path,
      image: input.image,
      argv: input.argv,
      env: input.env,
      seed: input.seed,
      stdin: this.stdin,
      stdout: this.stdout,
      stderr: this.stderr,
    });
  }

  /** Let go of what outlives a run: the disk's kept file-system worker. */
  dispose(): void {
    this.disk?.dispose();
  }
}

export interface GoldenPoint {
  readonly cycle: number;
  readonly stdout: number;
  readonly stderr: number;
  readonly stdin: number;
  /** Events the machine had recorded when the snapshot was taken. */
  readonly events: number;
  readonly snapshot: PagedSnapshot;
}

export interface GoldenOutcome {
  readonly kind: RunOutcome['kind'];
  readonly status: number;
  readonly signal?: string;
}

export interface GoldenRun {
  readonly topology: Topology;
  readonly cycles: number;
  readonly outcome: GoldenOutcome;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly events: readonly MachineEvent[];
  /** Snapshot points in cycle order; the first is at cycle 0. */
  readonly points: readonly GoldenPoint[];
  /** Cycles between snapshot points, which are the disk's settle points too (settle-points.ts). */
  readonly interval: number;
  readonly dimmsPerChassis: number;
  /** SHA-256 of the disk as the program left it (with a disk): the files every run is compared by. */
  readonly diskDigest?: string;
  /** Blocks of the disk (with a disk). */
  readonly diskBlocks?: number;
  /** Of its cycles, those run in compiled blocks (0 when interpreted). */
  readonly translatedCycles: number;
}

/** Roughly this many snapshots per golden run when the campaign does not set an interval. */
export const SNAPSHOTS_PER_RUN = 64;
// A snapshot of a lockstep machine costs about as much as running 100k-700k
// cycles (the copy of its memories), so short programs get few of them.
export const MIN_SNAPSHOT_INTERVAL = 10_000;

export function defaultSnapshotInterval(goldenCycles: number): number {
  return Math.max(MIN_SNAPSHOT_INTERVAL, Math.ceil(goldenCycles / SNAPSHOTS_PER_RUN));
}

/** Run the program without faults and without snapshots: its cycle count and outcome. */
export function measureProgram(input: ProgramInput, topology: Topology, maxCycles: number): { cycles: number; outcome: RunOutcome } {
  const h = new GuestHarness(input, topology);
  h.stdout.collect();
  h.stderr.collect();
  const outcome = h.machine.run({ maxCycles });
  h.disk?.finish();
  return { cycles: Number(h.machine.cycle), outcome };
}

/** Whether to take a snapshot at a settle point, with `taken` taken before it (the one at cycle 0 is always taken). */
export type SnapshotPoints = (cycle: number, taken: number) => boolean;

/**
 * The golden run of one topology, settling its disk (if any) every
 * `interval` cycles and taking a snapshot there too unless `snapshots` is
 * false (then only the one at cycle 0) or says not to there. Interval 0: only cycle 0. `h`: the
 * harness to run it on, as built (a campaign worker's rehearsal runs it on
 * the machine it keeps). The machine records its writes from the snapshot
 * at cycle 0 on (PhysicalMemory.forgetWrites; atStart learns whether it
 * does): each snapshot reads only the pages written since the one before.
 */
export function runGolden(input: ProgramInput, topology: Topology, interval: number, maxCycles: number, store: PageStore, snapshots: boolean | SnapshotPoints = true,
  h = new GuestHarness(input, topology), atStart?: (recording: boolean) => void): GoldenRun {
  h.stdout.collect();
  h.stderr.collect();
  const points: GoldenPoint[] = [];
  // The machine records what it writes from when it was built (its memory all zeros then), and again from
  // the snapshot at cycle 0 on: each snapshot reads only what was written since the one before (PagingHint).
  const take = () => {
    const m = h.machine;
    const written = m.memory.writtenSinceForget();
    const before = points.at(-1)?.snapshot;
    const since: PagingHint | undefined = written && { before, written: (key, pages) => writtenPages(written, key, pages) };
    points.push({
      cycle: Number(m.cycle),
      stdout: h.stdout.position,
      stderr: h.stderr.position,
      stdin: h.stdin.offset,
      events: m.events.length,
      // Paged at once: the machine's memory is read in place, not copied first.
      snapshot: pageSnapshot(m.snapshot(undefined, true), store, since),
    });
  };
  const outcome = h.machine.run(
    { maxCycles },
    new SettlePoints(h.machine, interval, () => {
      h.disk?.settle();
      if (points.length === 0) {
        // The snapshot at cycle 0, then writes recorded from there on (not inside atStart?.(…): its argument is
        // not evaluated without atStart).
        take();
        const recording = h.machine.memory.forgetWrites();
        atStart?.(recording);
      } else if (typeof snapshots === 'function' ? snapshots(Number(h.machine.cycle), points.length) : snapshots) {
        take();
      }
    }),
  );
  h.disk?.finish();
  return {
    topology,
    cycles: Number(h.machine.cycle),
    outcome: { kind: outcome.kind, status: outcome.status, ...(outcome.kind === 'signal' ? { signal: outcome.signal } : {}) },
    stdout: h.stdout.bytes(),
    stderr: h.stderr.bytes(),
    events: h.machine.events.map((e) => ({ ...e })),
    points,
    interval,
    dimmsPerChassis: dimmsPerChassis(h.machine),
    translatedCycles: Number(h.machine.core.translationStats()?.translatedCycles ?? 0n),
    ...(h.disk ? { diskDigest: h.disk.contentDigest, diskBlocks: h.disk.blockCount } : {}),
  };
}

/** DIMMs per chassis of the machine's ECC memory. */
export function dimmsPerChassis(machine: Machine): number {
  return machine.ecc.dimms.count;
}
