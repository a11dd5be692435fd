/**
 * A machine whose chassis run side by side on worker threads, as physical
 * chassis do: each chassis compares its own cores on every cycle (in its
 * worker), and the chassis are compared with each other — registers and every
 * memory frame written — before every I/O operation and at least every
 * `syncInterval` cycles. The coordinator, on the caller's thread, performs the
 * program's I/O once after comparing it across chassis, applies the same
 * policy as the one-thread machine, and drives repairs (brownout while the
 * healthy chassis run on, blackout at the next checkpoint).
 *
 * What differs from the one-thread Machine: a chassis with one core is only
 * compared with the others at checkpoints, so a fault in a DMR or TMR chassis
 * is found at the next one; until then its wrong state never leaves the
 * machine, because all I/O is compared first. Each I/O costs a round trip
 * between threads (about 0.1 ms on a 2-core VM).
 *
 * One program per ParallelMachine: load() starts the workers, run() runs it
 * to the end and lets them go.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { resolveTopology, DEFAULT_TOPOLOGY, type Topology } from '../machine/topology';
import { checkedHotCount, type MachineOptions, type MachineSnapshot } from '../machine/machine';
import type { Registers } from '../machine/registers';
import { EventRecord, type MachineEvent, type EventListener } from '../machine/events';
import { stoppedOutcome, type RunOutcome } from '../machine/outcome';
import type { ProcessOptions } from '../machine/linux-process';
import { decide, type Verdict } from '../lockstep/policy';
import { RepairSchedule, brownoutCycles, judgeResync, repairSource, resyncDoneEvent, type ResyncReport } from '../lockstep/repair-plan';
import { HostIoError, type ByteSink, type ByteSource } from '../linux/kernel-types';
import { parseElf } from '../elf';
import { describeFault, type Fault } from '../faults/fault';
import { PAGE_SIZE, GuestFault } from '../machine/guest-memory';
import { sameBytes, type MemoryState } from '../machine/physical-memory';
import { UserError } from '../errors';
import { workerScript, startWorker } from '../util/worker-script';
import { SyncEndpoint, signalWords } from './sync-channel';
import { coreModule } from '../core/core';
import { CoordinatedDisk } from './coordinated-disk';
import { sameRemoteCall } from '../disk/remote-fs';
import type { DiskSetup } from '../disk/machine-disk';
import { copyBuffers, type ChassisReport, type ChassisSetup, type IoRequest, type IoResult, type ToChassis, type ToCoordinator } from './protocol';

export const DEFAULT_SYNC_INTERVAL = 1_000_000n;
/** How long a chassis worker may be silent (no message, no heartbeat) before the run is abandoned. */
export const DEFAULT_WORKER_TIMEOUT_MS = 30_000;

export interface ParallelMachineOptions extends MachineOptions {
  /** Cycles between two cross-chassis checkpoints when no I/O comes first (default 1,000,000). */
  readonly syncInterval?: bigint | number;
  readonly faults?: readonly Fault[];
  /** Resynchronise an offline chassis this many cycles after it went offline. */
  readonly repairAfter?: bigint;
  /**
   * A chassis worker that neither answers nor shows it is running for this
   * long is lost: the run ends with an error rather than wait for ever
   * (default 30 s; one whose thread ends is reported at once).
   */
  readonly workerTimeoutMs?: number;
  /** Keep the workers after run() to answer questions (registers, memory, snapshot) until close(). */
  readonly keepWorkers?: boolean;
  /** A memory fault at an address not mapped when it strikes: 'throw' (default) ends the run; 'skip' reports it in the chassis' report. */
  readonly unmappedFaults?: 'throw' | 'skip';
  /** The guest's root file system: the coordinator holds the mirrored disk (every chassis' copy) and serves the chassis' file-system calls. */
  readonly disk?: DiskSetup;
}

export interface ParallelRunLimits {
  readonly maxCycles?: bigint | number;
}

type Pending = Extract<ToCoordinator, { type: 'checkpoint' } | { type: 'io' }>;

interface Copy {
  readonly target: number;
  readonly source: number;
  readonly start: bigint;
  readonly pages: number;
  /** The blackout is due once the brownout has had time to copy every page. */
  readonly blackoutAt: bigint;
}

// Program-wide events every chassis reports alike: the coordinator keeps one.
const PROGRAM_EVENTS = new Set(['exit', 'guest-signal', 'syscall-unknown']);

export class ParallelMachine {
  readonly topology: Topology;
  readonly resyncReports: ResyncReport[] = [];
  private readonly record = new EventRecord(() => this.currentCycle);
  private readonly syncInterval: bigint;
  private readonly online = new Set<number>();
  private readonly links: SyncEndpoint<ToCoordinator, ToChassis>[] = [];
  private readonly workers: Worker[] = [];
  private readonly repairs: RepairSchedule | undefined;
  private copy: Copy | undefined;
  private currentCycle = 0n;
  private readonly reports = new Map<number, ChassisReport>();
  private program: ProcessOptions | undefined;
  private outcome: RunOutcome | undefined;
  /** By offline chassis, its faults not yet reported (see reportOfflineFaults). */
  private readonly unreportedFaults = new Map<number, Fault[]>();
  /** Events the chassis reported since the last round, by chassis, emitted together in cycle order. */
  private readonly round: [number, MachineEvent[]][] = [];
  /** The message each online chassis is waiting on an answer to. */
  private readonly pending = new Map<number, Pending>();
  /** The chassis that went offline last (at the highest cycle): with none left, it got furthest. */
  private lastOut = 0;
  private lastOutCycle = -1n;
  private lastOutReason = '';
  /** By chassis, the cycle it last went offline at. */
  private readonly outAt = new Map<number, bigint>();
  /** When a block compiles on each chassis (MachineOptions.hotCount, checked). */
  private readonly hotCount: number;

  constructor(private readonly options: ParallelMachineOptions = {}) {
    this.faults = [];
    this.schedule(options.faults ?? []);
    this.topology = resolveTopology(options.topology ?? DEFAULT_TOPOLOGY);
    this.hotCount = checkedHotCount(options.hotCount);
    const interval = BigInt(options.syncInterval ?? DEFAULT_SYNC_INTERVAL);
    if (interval < 1n) throw new UserError(`the sync interval must be at least 1 cycle (got ${interval})`);
    // A chassis' failure reaches the coordinator at the next meeting: with repairs, meet at least as
    // often as the repair delay, so that a repair starts no later than one such interval after it is due.
    const repairAfter = options.repairAfter;
    this.syncInterval = repairAfter !== undefined && repairAfter >= 1n && repairAfter < interval ? repairAfter : interval;
    this.repairs = repairAfter === undefined ? undefined : new RepairSchedule(repairAfter);
  }

  get cycle(): bigint { return this.currentCycle; }
  get onlineChassis(): number[] { return [...this.online].sort((a, b) => a - b); }
  /** Once the run is over: each chassis' kernel call counts and DIMM counters. */
  get chassisReports(): ReadonlyMap<number, ChassisReport> { return this.reports; }
  /** The chassis whose view of the program is the machine's: the first online one, or the last to go offline. */
  get referenceChassis(): number { return this.onlineChassis[0] ?? this.lastOut; }

  get events(): readonly MachineEvent[] { return this.record.list; }
  onEvent(listener: EventListener): () => void { return this.record.onEvent(listener); }
  private emit(event: Omit<MachineEvent, 'cycle'> & { cycle?: number }): void { this.record.emit(event); }

  /**
   * Start one worker per chassis and load the program in each; returns once
   * every chassis stands at cycle 0 with its memory digest taken.
   */
  load(program: ProcessOptions, limits: ParallelRunLimits = {}): void {
    if (this.program) throw new Error('this parallel machine has a program already');
    parseElf(program.image, program.path); // a bad program is the user's error, said here once
    this.disk = CoordinatedDisk.attach(this.options.disk, this.topology.chassis, this.diskFaults, this.options.repairAfter, {
      cycle: () => this.currentCycle,
      emit: (e) => this.emit(e as MachineEvent),
    });
    this.program = program;
    this.start(program, limits);
    try {
      this.outcome = this.gather();
    } catch (error) {
      this.shutdown();
      throw error;
    }
  }

  /**
   * Run the loaded program to its end (or the machine's stop, or the cycle
   * limit). Blocks the calling thread meanwhile. The workers are let go at
   * the end unless the options keep them for questions (registers, memory,
   * snapshot) until close().
   */
  run(): RunOutcome {
    if (!this.program) throw new Error('load a program first');
    let failed = true;
    try {
      this.outcome ??= this.coordinate(this.program);
      this.warnings.push(...(this.disk?.finish() ?? []));
      failed = false;
      return this.outcome;
    } finally {
      if (failed || !this.options.keepWorkers) this.shutdown();
    }
  }

  /** Faults to apply at their cycles, besides the options'; before load(), since the workers take theirs when they start. */
  schedule(faults: readonly Fault[]): void {
    if (this.program) throw new Error('faults are scheduled before the program is loaded');
    // Disk faults strike the coordinator's disk; the others go to the chassis' own injectors.
    for (const f of faults) (f.target === 'disk' ? this.diskFaults : this.faults).push(f);
  }

  /** Disk faults, kept by the coordinator, which holds the disk. */
  private readonly diskFaults: Fault[] = [];
  /** The mirrored disk (with `disk`): one copy per chassis, served to the chassis' kernels. */
  private disk: CoordinatedDisk | undefined;
  /** What the user should hear after the run (disk blocks lost on every copy, say). */
  readonly warnings: string[] = [];
  /** SHA-256 of the disk as the guest left it, once run. */
  get diskDigest(): string | undefined { return this.disk?.digest; }

  /** Let the workers go (after run(), when the options kept them). */
  close(): void {
    this.shutdown();
  }

  private closed = false;
  private readonly faults: Fault[];

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const link of this.links) link.send({ type: 'finish' });
    for (const w of this.workers) void w.terminate();
  }

  // ---- Questions once the run is over, answered by the chassis whose view is the machine's ----

  /** The registers of a replica (chassis c, core k is replica c * K + k), by default the reference one. */
  registers(replica = this.referenceChassis * this.topology.cores): Registers {
    const chassis = Math.floor(replica / this.topology.cores);
    return this.question(chassis, { type: 'send-registers' }, 'registers').registers[replica % this.topology.cores];
  }

  /** Guest memory as the reference chassis holds it; an unmapped byte is a GuestFault, as on one thread. */
  readMemory(address: number, length: number): Uint8Array {
    const answer = this.question(this.referenceChassis, { type: 'read-memory', address, length }, 'memory');
    if (answer.unmapped !== undefined) throw new GuestFault(answer.unmapped);
    return answer.bytes!;
  }

  /** The reference chassis' whole machine: a one-chassis snapshot. */
  snapshot(): MachineSnapshot {
    return this.question(this.referenceChassis, { type: 'send-snapshot' }, 'snapshot').snapshot;
  }

  private question<T extends ToCoordinator['type']>(chassis: number, order: ToChassis, type: T): Extract<ToCoordinator, { type: T }> {
    if (!this.outcome || this.closed) throw new Error('a threaded machine answers questions after run() and before close(), with keepWorkers');
    return this.ask(chassis, order, type);
  }

  private start(program: ProcessOptions, limits: ParallelRunLimits): void {
    const script = workerScript(import.meta.url, './chassis-worker.ts', './chassis-worker.js');
    if (!script) throw new Error('the chassis worker script is missing: run `npm run build`');
    const { chassis, cores } = this.topology;
    const signals = signalWords(chassis);
    const ttys = [0, 1, 2].map((fd) => program.isTty?.(fd) ?? false);
    for (let c = 0; c < chassis; c++) {
      const { port1, port2 } = new MessageChannel();
      const setup: ChassisSetup = {
        chassis: c,
        cores,
        core: coreModule(),
        memoryMiB: this.options.memoryMiB ?? 256,
        ecc: this.options.ecc ?? {},
        twinShortcut: this.options.twinShortcut ?? false,
        translate: this.options.translate ?? false,
        hotCount: this.hotCount,
        program: { path: program.path, image: program.image, argv: program.argv, env: program.env ?? [], seed: program.seed ?? 0n, ttys },
        faults: this.faults.filter((f) => f.chassis === c),
        ...(this.options.disk ? { disk: { readOnly: this.options.disk.readOnly } } : {}),
        unmappedFaults: this.options.unmappedFaults ?? 'throw',
        maxCycles: limits.maxCycles === undefined ? undefined : BigInt(limits.maxCycles),
        port: port2,
        signals,
      };
      const worker = startWorker(script, setup, [port2]);
      // Kept for questions after the run, a worker must not keep the process alive by itself.
      if (this.options.keepWorkers) worker.unref();
      this.workers.push(worker);
      const watch = { chassis: c, name: `chassis ${c}'s worker thread`, timeoutMs: this.options.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS };
      this.links.push(new SyncEndpoint(port1, signals, 0, 1 + c, watch));
      this.online.add(c);
    }
  }

  /** Wait for one message from every online chassis; an outcome if none is left online. */
  private gather(): RunOutcome | undefined {
    const pending = this.pending;
    for (;;) {
      for (const c of this.onlineChassis) {
        if (pending.has(c)) continue;
        const message = this.receive(c);
        if (message.type === 'offline') {
          this.round.push([c, message.events.map((e) => this.restateMismatch(e))]);
          this.takeOffline(c, message.cycle, message.reason, message.detail);
          this.unreportedFaults.set(c, message.unapplied);
          if (this.online.size === 0) {
            this.flushRound(this.lastOut); // the chassis that got furthest speaks for the program
            return this.stop(`chassis ${this.lastOut} went offline (${this.lastOutReason}) and no chassis is left online`);
          }
          continue;
        }
        if (message.type !== 'checkpoint' && message.type !== 'io') throw new Error(`chassis ${c} sent '${message.type}' out of turn`);
        pending.set(c, message);
      }
      if (this.onlineChassis.every((c) => pending.has(c))) return undefined;
    }
  }

  /** The coordinator's loop: one message from every online chassis, compared, then answered. */
  private coordinate(program: ProcessOptions): RunOutcome {
    const pending = this.pending;
    for (;;) {
      const over = this.gather();
      if (over) return over;
      const stopReason = this.compare(pending);
      if (stopReason !== undefined) return this.stop(stopReason);
      const reference = pending.get(this.onlineChassis[0])!;
      const { checkpoint } = reference;
      if (reference.type === 'io') {
        pending.clear();
        const { request } = reference;
        const result = request.op === 'fs' ? this.disk!.serve(request.fs) : perform(request, program);
        const until = this.nextCheckpoint();
        for (const c of this.onlineChassis) this.links[c].send({ type: 'io-result', result, until, othersOnline: this.online.size - 1 });
        continue;
      }
      if (checkpoint.at === 'end') {
        for (const c of this.onlineChassis) this.reports.set(c, (pending.get(c) as typeof reference).report!);
        this.collectOfflineReports();
        return reference.outcome!;
      }
      pending.clear();
      this.disk?.strike(this.currentCycle);
      if (checkpoint.at === 'interval') this.repair();
      const until = this.nextCheckpoint();
      for (const c of this.onlineChassis) this.links[c].send({ type: 'go', until, othersOnline: this.online.size - 1 });
    }
  }

  private receive(c: number): ToCoordinator {
    const message = this.links[c].receive();
    if (message.type === 'failed') {
      if (message.user) throw new UserError(message.message);
      throw new Error(`chassis ${c} worker failed: ${message.message}`);
    }
    return message;
  }

  /**
   * Compare what every online chassis sent; the outvoted go offline. The
   * round's events come first, the program-wide ones as a winner reports
   * them, and the machine's cycle is the winners'. Returns why the machine
   * must stop, if it must.
   */
  private compare(pending: Map<number, Pending>): string | undefined {
    const verdict: Verdict = decide({ coresPerChassis: 1, onlineChassis: this.onlineChassis, agree: (a, b) => sameMeeting(pending.get(a)!, pending.get(b)!) });
    const losers = new Set(verdict.offline.map((d) => d.chassis));
    const reference = this.onlineChassis.find((c) => !losers.has(c)) ?? this.onlineChassis[0];
    this.currentCycle = pending.get(reference)!.checkpoint.cycle;
    for (const [c, m] of pending) this.round.push([c, m.events]);
    this.reportOfflineFaults();
    this.flushRound(reference);
    if (verdict.vote) {
      const first = pending.get(reference)!;
      const where = first.type === 'io' ? `an I/O ${first.request.op} on fd ${first.request.fd}` : `the ${first.checkpoint.at} checkpoint`;
      this.emit({ type: 'mismatch', reason: `chassis disagree at ${where}`, groups: verdict.vote.groups });
      this.emit({ type: 'vote', groups: verdict.vote.groups, winners: verdict.vote.winners });
    }
    for (const d of verdict.offline) {
      this.links[d.chassis].send({ type: 'retire' });
      pending.delete(d.chassis);
      this.takeOffline(d.chassis, this.currentCycle, d.reason);
      // Retired at a checkpoint, before the faults of this cycle were applied.
      this.unreportedFaults.set(d.chassis, (this.faults).filter((f) => f.chassis === d.chassis && BigInt(f.at) >= this.currentCycle));
      this.flushRound(undefined);
    }
    if (verdict.kind === 'stop') return verdict.reason;
    return this.online.size === 0 ? 'no chassis left online' : undefined;
  }

  /** Faults aimed at offline chassis whose cycle has passed: injected into parts that are out, reported as one machine reports them. */
  private reportOfflineFaults(): void {
    for (const [c, faults] of this.unreportedFaults) {
      const due = faults.filter((f) => BigInt(f.at) < this.currentCycle);
      if (due.length === 0) continue;
      this.unreportedFaults.set(c, faults.filter((f) => BigInt(f.at) >= this.currentCycle));
      this.round.push([c, due.map((fault) => ({ type: 'fault-injected', chassis: c, fault, reason: describeFault(fault), cycle: fault.at }))]);
    }
  }

  /**
   * A chassis' core mismatch as the one-thread machine states it: the online
   * replicas that differ from the machine's reference replica (the first
   * core of the first chassis online at that cycle). The chassis names the
   * cores its faults hit (`suspects`); without them the pair's own statement
   * stands (its second core disagrees with its first).
   */
  private restateMismatch(e: MachineEvent): MachineEvent {
    if (e.type !== 'mismatch' || e.suspects === undefined) return e;
    const { suspects, ...event } = e;
    const hit = suspects as number[];
    const k = this.topology.cores;
    const online = [...Array(this.topology.chassis).keys()].filter((c) => this.online.has(c) || (this.outAt.get(c) ?? -1n) > BigInt(e.cycle));
    const reference = online[0] * k;
    const replicas = hit.includes(reference) ? online.flatMap((c) => [...Array(k).keys()].map((core) => c * k + core)).filter((r) => r !== reference) : hit;
    return { ...event, replicas, reference } as MachineEvent;
  }

  /** A chassis is out (at `cycle`): its chassis-offline event (with the round's), and its repair if repairs are asked for. */
  private takeOffline(c: number, cycle: bigint, reason: string, detail: Record<string, unknown> = {}): void {
    this.round.push([c, [{ type: 'chassis-offline', chassis: c, reason, ...detail, cycle: Number(cycle) }]]);
    this.online.delete(c);
    this.disk?.chassisOffline(c, reason);
    this.outAt.set(c, cycle);
    if (cycle >= this.lastOutCycle) {
      this.lastOut = c;
      this.lastOutCycle = cycle;
      this.lastOutReason = reason;
    }
    if (cycle > this.currentCycle) this.currentCycle = cycle;
    this.repairs?.wentOffline(c, cycle);
  }

  /**
   * Emit the events the chassis reported since the last round, in cycle
   * order; program-wide ones only from `reference` (each surviving chassis
   * reports its own copy of those).
   */
  private flushRound(reference: number | undefined): void {
    const all = this.round.flatMap(([c, events]) => events.filter((e) => c === reference || !PROGRAM_EVENTS.has(e.type)));
    this.round.length = 0;
    all.sort((a, b) => a.cycle - b.cycle);
    for (const e of all) this.emit(e);
  }

  /** The chassis that are out report too, so the figures cover every chassis. */
  private collectOfflineReports(): void {
    for (let c = 0; c < this.topology.chassis; c++) {
      if (!this.reports.has(c)) this.reports.set(c, this.ask(c, { type: 'send-report' }, 'report').report);
    }
  }

  private stop(reason: string): RunOutcome {
    this.collectOfflineReports();
    this.emit({ type: 'stop', reason });
    return stoppedOutcome(reason, this.currentCycle);
  }

  /** Where the online chassis stop next: the next interval boundary, a repair or a blackout if sooner. */
  private nextCheckpoint(): bigint {
    const now = this.currentCycle;
    let until = (now / this.syncInterval + 1n) * this.syncInterval;
    const soon = (at: bigint) => {
      const t = at > now ? at : now + 1n;
      if (t < until) until = t;
    };
    const due = this.copy ? this.copy.blackoutAt : this.repairs?.next;
    if (due !== undefined) soon(due);
    // Meet where a disk fault strikes, so the coordinator applies it at its cycle as one thread does.
    const fault = this.disk?.nextFault(now);
    if (fault !== undefined) soon(fault);
    return until;
  }

  /**
   * At an interval checkpoint (every chassis between two cycles): end a
   * copy under way with its blackout, or start the repair that is due.
   */
  private repair(): void {
    if (this.copy && this.currentCycle >= this.copy.blackoutAt) {
      // The chassis just brought back has not had its go yet: no new copy from it before the next checkpoint.
      this.blackout(this.copy);
      return;
    }
    if (this.copy || this.online.size === 0) return;
    const target = this.repairs?.take(this.currentCycle, (c) => this.online.has(c));
    if (target === undefined) return;
    const source = repairSource(this.onlineChassis)!;
    const copy = this.ask(source, { type: 'send-copy', what: 'all' }, 'copy').copy;
    const pages = (copy.devices.memory as MemoryState).chassis[0].length / PAGE_SIZE;
    this.links[target].send({ type: 'apply-copy', copy }, copyBuffers(copy));
    // The same copy rate as the one-thread Resyncer: a batch now, then one every batch interval.
    this.copy = { target, source, start: this.currentCycle, pages, blackoutAt: this.currentCycle + BigInt(brownoutCycles(pages)) };
    this.emit({ type: 'resync-start', chassis: target, source, pages });
  }

  /** Stop-and-copy what the source wrote during the brownout, check both memories by digest, and bring the target back. */
  private blackout(copy: Copy): void {
    this.copy = undefined;
    if (!this.online.has(copy.source)) {
      // The source failed during the brownout: start again from a healthy chassis.
      this.repairs?.retry(copy.target, this.currentCycle);
      return;
    }
    const last = this.ask(copy.source, { type: 'send-copy', what: 'dirty' }, 'copy').copy;
    this.links[copy.target].send({ type: 'apply-copy', copy: last }, copyBuffers(last));
    // Both chassis digest their memory at once.
    const pair = [copy.source, copy.target];
    for (const c of pair) this.links[c].send({ type: 'send-digest' });
    const [sourceDigests, targetDigests] = pair.map((c) => this.expect(c, 'digest').digests);
    const judgement = judgeResync({
      chassis: copy.target, source: copy.source, startCycle: Number(copy.start), blackoutCycle: Number(this.currentCycle),
      brownoutPages: copy.pages, rounds: 1, blackoutPages: last.frames?.length ?? 0, sourceDigests, targetDigests,
    });
    if (judgement.ok) {
      this.resyncReports.push(judgement.report);
      this.disk?.repaired(copy.target);
      this.online.add(copy.target);
      this.unreportedFaults.delete(copy.target); // from now on its own injector applies them
    }
    this.emit(resyncDoneEvent(copy.target, judgement));
  }

  /** Send one chassis an order and wait for its answer of the given type. */
  private ask<T extends ToCoordinator['type']>(c: number, order: ToChassis, type: T): Extract<ToCoordinator, { type: T }> {
    this.links[c].send(order);
    return this.expect(c, type);
  }

  /** Wait for a chassis' answer of the given type. */
  private expect<T extends ToCoordinator['type']>(c: number, type: T): Extract<ToCoordinator, { type: T }> {
    const answer = this.receive(c);
    if (answer.type !== type) throw new Error(`chassis ${c} answered '${answer.type}' where '${type}' was due`);
    return answer as Extract<ToCoordinator, { type: T }>;
  }
}

/** Two chassis agree at a meeting: the same checkpoint, and for I/O the same request, byte for byte. */
function sameMeeting(a: Pending, b: Pending): boolean {
  const p = a.checkpoint;
  const q = b.checkpoint;
  if (p.cycle !== q.cycle || p.at !== q.at || p.detail !== q.detail || p.digest !== q.digest || a.type !== b.type) return false;
  if (a.type === 'checkpoint' || b.type === 'checkpoint') return true;
  const r = a.request;
  const s = b.request;
  if (r.op !== s.op || r.fd !== s.fd) return false;
  if (r.op === 'fs') return sameRemoteCall(r.fs, (s as typeof r).fs);
  return r.op === 'read' ? r.maxBytes === (s as typeof r).maxBytes : sameBytes(r.bytes, (s as typeof r).bytes);
}

/** Perform one agreed I/O operation on the host. */
function perform(request: Exclude<IoRequest, { op: 'fs' }>, program: ProcessOptions): IoResult {
  const streams: [ByteSource, ByteSink, ByteSink] = [program.stdin, program.stdout, program.stderr];
  try {
    if (request.op === 'read') return { ok: true, bytes: (streams[0] as ByteSource).read(request.maxBytes) };
    (streams[request.fd] as ByteSink).write(request.bytes);
    return { ok: true };
  } catch (error) {
    if (error instanceof HostIoError) return { ok: false, errno: error.errno, message: error.message };
    throw error;
  }
}
