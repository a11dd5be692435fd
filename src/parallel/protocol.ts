/**
 * What the coordinator and a chassis worker say to each other. A chassis
 * worker runs one chassis (its K cores in lockstep, compared every cycle) as
 * a one-chassis machine of its own; the coordinator holds the one view of the
 * machine the outside world sees: it compares the chassis at every
 * checkpoint, performs their I/O once, and carries out the policy.
 */
import type { TranslationStats } from '../translate/translator';
import type { RemoteFsCall } from '../disk/remote-fs';
import type { MessagePort } from 'node:worker_threads';
import type { Fault } from '../faults/fault';
import type { FaultNotApplied } from '../faults/injector';
import type { EccOptions } from '../ecc/ecc-memory';
import type { MachineEvent } from '../machine/events';
import type { MachineSnapshot } from '../machine/machine';
import type { RunOutcome } from '../machine/outcome';
import type { Registers } from '../machine/registers';

/** Everything a chassis worker needs to build its chassis and load the program. */
export interface ChassisSetup {
  /** This worker's chassis number in the whole machine. */
  readonly chassis: number;
  readonly cores: number;
  /** The compiled core, shared rather than compiled again. */
  readonly core: WebAssembly.Module;
  readonly memoryMiB: number;
  readonly ecc: EccOptions;
  readonly twinShortcut: boolean;
  /** Compile hot blocks while the chassis' core runs alone (one core per chassis: DMR, TMR). */
  readonly translate: boolean;
  /** The machine's hotCount (MachineOptions). */
  readonly hotCount: number;
  readonly program: {
    readonly path: string;
    readonly image: Uint8Array;
    readonly argv: readonly (string | Uint8Array)[];
    readonly env: readonly string[];
    readonly seed: bigint;
    /** Whether host fds 0, 1, 2 are terminals (asked once, by the coordinator). */
    readonly ttys: readonly boolean[];
  };
  /** The faults aimed at this chassis, numbered as in the whole machine. */
  readonly faults: readonly Fault[];
  /** A memory fault at an address not mapped when it strikes: end the run, or leave it out and report it. */
  readonly unmappedFaults: 'throw' | 'skip';
  readonly maxCycles: bigint | undefined;
  /** The guest has a file system: its calls go to the coordinator, which holds the disk. */
  readonly disk?: { readonly readOnly: boolean };
  readonly port: MessagePort;
  readonly signals: Int32Array;
}

/**
 * A chassis' state at a checkpoint, compared across chassis: where it is,
 * why it stopped there, and a digest of its registers and of every memory
 * frame written since the previous checkpoint (all memories start equal and
 * stay equal by induction, as in one machine). Checkpoints come at the start,
 * at every I/O a system call makes (before the host sees it), every interval
 * and at the end; a system call that touches nothing outside the machine
 * (brk, getpid, clock_gettime) is compared at the next one.
 */
export interface Checkpoint {
  readonly cycle: bigint;
  readonly at: 'start' | 'io' | 'interval' | 'end';
  /** For I/O, the system call's number and arguments; at the end, the run's outcome. */
  readonly detail: string;
  readonly digest: string;
}

/** One I/O operation a system call makes on the host: compared, then performed once. */
export type IoRequest =
  | { readonly op: 'write'; readonly fd: number; readonly bytes: Uint8Array }
  | { readonly op: 'read'; readonly fd: number; readonly maxBytes: number }
  /** A call on the guest's file system: the coordinator holds the disk (src/disk/remote-fs.ts). */
  | { readonly op: 'fs'; readonly fd: -1; readonly fs: RemoteFsCall };

export type IoResult =
  | { readonly ok: true; readonly bytes?: Uint8Array; readonly value?: unknown }
  | { readonly ok: false; readonly errno: number; readonly message: string };

/** What a chassis reports at the end: its kernel's call counts and its DIMMs' EDAC counters. */
export interface ChassisReport {
  readonly calls: [string, number][];
  readonly unknown: [number, number][];
  readonly eccMode: string;
  readonly dimms: { corrected: number; uncorrectable: number }[];
  /** Its faults whose cycle came with nothing to strike (an unmapped address), as the whole machine numbers them. */
  readonly notApplied: FaultNotApplied[];
  /** The cycle this chassis stopped at (an offline one's is earlier than the machine's). */
  readonly cycles: bigint;
  /** What the translator did on this chassis (with `translate`). */
  readonly translation?: TranslationStats & { readonly translatedCycles: bigint };
}

/** The buffers of a copy's byte arrays, wherever its devices keep them, to transfer rather than clone (a copy is megabytes). */
export function copyBuffers(copy: MachineSnapshot): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (value instanceof Uint8Array) buffers.add(value.buffer as ArrayBuffer);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(copy.state);
  visit(copy.devices);
  return [...buffers];
}

export type ToCoordinator =
  /** At the end checkpoint, the run's outcome and the chassis' report come along. */
  | { readonly type: 'checkpoint'; readonly checkpoint: Checkpoint; readonly events: MachineEvent[]; readonly outcome?: RunOutcome; readonly report?: ChassisReport }
  /** An I/O operation, with the checkpoint of the state that asks for it. */
  | { readonly type: 'io'; readonly checkpoint: Checkpoint; readonly request: IoRequest; readonly events: MachineEvent[] }
  /**
   * The chassis took itself offline: its cores disagreed, it lost power, met
   * a machine check or too many corrected errors (`reason`, with the details
   * a chassis-offline event carries).
   */
  | {
    readonly type: 'offline'; readonly cycle: bigint; readonly reason: string; readonly detail: Record<string, unknown>; readonly events: MachineEvent[];
    /** Its faults not yet applied: the coordinator reports them when their cycle comes, as one machine does for an offline chassis. */
    readonly unapplied: Fault[];
  }
  | { readonly type: 'copy'; readonly copy: MachineSnapshot }
  /** Each device's digest, by name (Machine.deviceDigests). */
  | { readonly type: 'digest'; readonly digests: Record<string, string> }
  | { readonly type: 'report'; readonly report: ChassisReport }
  /** Answers to the questions asked once the run is over (the library reads results through them). */
  | { readonly type: 'registers'; readonly registers: Registers[] }
  | { readonly type: 'memory'; readonly bytes?: Uint8Array; readonly unmapped?: number }
  | { readonly type: 'snapshot'; readonly snapshot: MachineSnapshot }
  /** The worker met an error: a user's (a program that cannot load) or an internal one. */
  | { readonly type: 'failed'; readonly message: string; readonly user: boolean };

export type ToChassis =
  /** Carry on until the next checkpoint, at the latest at cycle `until`; `othersOnline` chassis besides this one are online. */
  | { readonly type: 'go'; readonly until: bigint; readonly othersOnline: number }
  /** Outvoted: this chassis goes offline. */
  | { readonly type: 'retire' }
  /** The I/O's result, and where the next checkpoint is due now (a repair may have become due). */
  | { readonly type: 'io-result'; readonly result: IoResult; readonly until: bigint; readonly othersOnline: number }
  /** Resync source: send the whole state, or only the frames written since the whole state was sent. */
  | { readonly type: 'send-copy'; readonly what: 'all' | 'dirty' }
  /** Resync target: take this state (a whole copy, or the last frames). */
  | { readonly type: 'apply-copy'; readonly copy: MachineSnapshot }
  | { readonly type: 'send-digest' }
  /** The run is over: an offline chassis sends its report too. */
  | { readonly type: 'send-report' }
  /** Questions about the chassis' state: its cores' registers, guest memory, the whole machine. */
  | { readonly type: 'send-registers' }
  | { readonly type: 'read-memory'; readonly address: number; readonly length: number }
  | { readonly type: 'send-snapshot' }
  | { readonly type: 'finish' };
