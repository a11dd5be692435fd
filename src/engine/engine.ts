/**
 * One contract for running a program on the machine, wherever its chassis
 * run: all on this thread (one core steps every replica and compares them
 * every cycle) or each on a worker thread of its own (its cores compared
 * every cycle, the chassis at every I/O and every sync interval). Where the
 * chassis run is a placement, chosen by one option; callers — `ftvm run`,
 * `inject`, `bench`, the demo, the library — write against this contract and
 * never against a placement, as esbuild's sync and async APIs share one
 * options and result type.
 */
import type { MachineOptions, MachineSnapshot } from '../machine/machine';
import type { Topology } from '../machine/topology';
import type { MachineEvent, EventListener } from '../machine/events';
import type { RunOutcome } from '../machine/outcome';
import type { ProcessOptions } from '../machine/linux-process';
import type { Registers } from '../machine/registers';
import type { ResyncReport } from '../lockstep/resync';
import type { Fault } from '../faults/fault';
import type { FaultNotApplied } from '../faults/injector';
import type { StatsInput } from './stats-input';
import type { DiskSetup } from '../disk/machine-disk';

export interface EngineOptions extends MachineOptions {
  /**
   * Each chassis on its own worker thread, meeting the others at least every
   * `syncInterval` cycles (default 1,000,000); a worker silent for
   * `workerTimeoutMs` (default 30 s) ends the run with an error.
   */
  readonly threads?: boolean | { readonly syncInterval?: bigint | number; readonly workerTimeoutMs?: number };
  /** Faults to apply at their cycles (more can be scheduled before the program is loaded). */
  readonly faults?: readonly Fault[];
  /** Resynchronise an offline chassis this many cycles after it went offline. */
  readonly repairAfter?: bigint;
  /**
   * A memory fault at a guest address not mapped when it strikes: 'throw' (the
   * default) ends the run with a UserError; 'skip' leaves it out and lists it
   * in faultsNotApplied().
   */
  readonly unmappedFaults?: 'throw' | 'skip';
  /** The guest's root file system: an ext4 image mirrored on every chassis (one thread for now). */
  readonly disk?: DiskSetup;
}

export interface EngineLimits {
  /** Stop with outcome `limit` (status 124) once this many cycles have run. */
  readonly maxCycles?: bigint | number;
}

export interface Engine {
  readonly placement: 'one-thread' | 'threads';
  readonly topology: Topology;
  readonly cycle: bigint;
  readonly onlineChassis: number[];
  readonly events: readonly MachineEvent[];
  onEvent(listener: EventListener): () => void;
  /** Repairs carried out so far (brownout and blackout figures). */
  readonly resyncReports: readonly ResyncReport[];
  /** Add faults to apply at their cycles; before load(). */
  schedule(faults: readonly Fault[]): void;
  /** Load the program: every chassis stands at cycle 0. */
  load(program: ProcessOptions, limits?: EngineLimits): void;
  /** Run the loaded program to its end, the machine's stop or the cycle limit. */
  run(): RunOutcome;
  /** A replica's registers (default: the reference replica, the first core of the first online chassis). */
  registers(replica?: number): Registers;
  /** Guest memory as the reference chassis holds it. */
  readMemory(address: number, length: number): Uint8Array;
  /** The reference chassis' whole machine state, as plain data. */
  snapshot(): MachineSnapshot;
  /** Faults whose cycle came but which had nothing to strike (with `unmappedFaults: 'skip'`). */
  faultsNotApplied(): readonly FaultNotApplied[];
  /** What the user should hear after the run besides its outcome (disk blocks lost on every copy, say). */
  readonly warnings: readonly string[];
  /** SHA-256 of the disk as the guest left it, once run (a writable or scratch disk only): the files the program wrote, in one value. */
  readonly diskDigest?: string;
  /** What a --stats summary is made of. */
  statsInput(): StatsInput;
  /** Let go of what the engine holds (worker threads); reading results after it is an error. */
  close(): void;
}
