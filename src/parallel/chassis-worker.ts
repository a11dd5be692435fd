/**
 * A chassis worker thread: one chassis of a parallel machine, as a
 * one-chassis Machine of its own whose K cores run in lockstep with the
 * comparator on every cycle. It runs the program's kernel itself (the kernel
 * is deterministic, so every healthy chassis computes the same results) and
 * stops at checkpoints — every host I/O its system calls make, every `until`
 * cycle the coordinator names, and the end of the run — to have its state
 * compared with the other chassis'. The I/O goes to the coordinator, which
 * performs it once when the chassis agree on it.
 *
 * Bundled as dist/chassis-worker.js; from source it runs through
 * src/util/dev-ts-loader.mjs.
 */
import { workerData } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { Machine, combineHooks, type RunHooks, type MachineSnapshot } from '../machine/machine';
import { startProcess, type LinuxProcess } from '../machine/linux-process';
import { FaultInjector, type FaultNotApplied } from '../faults/injector';
import { describeFault, type Fault } from '../faults/fault';
import { HostIoError, type ByteSink, type ByteSource } from '../linux/kernel-types';
import { PAGE_SIZE, GuestFault } from '../machine/guest-memory';
import type { MachineEvent } from '../machine/events';
import { UserError } from '../errors';
import type { RunOutcome } from '../machine/outcome';
import { SyncEndpoint, heartbeat, reportExit } from './sync-channel';
import { adoptCoreModule } from '../core/core';
import { RemoteFileSystem } from '../disk/remote-fs';
import { copyBuffers, type ChassisReport, type ChassisSetup, type Checkpoint, type IoRequest, type IoResult, type ToChassis, type ToCoordinator } from './protocol';

/** At most this many cycles between two heartbeats while the chassis runs (well under a second at any speed). */
const HEARTBEAT_CYCLES = 1n << 20n;

/**
 * For tests of the coordinator's watch: FTVM_TEST_CHASSIS_TRAP='{"chassis":1,"at":5000,"then":"exit"}'
 * makes that chassis' thread end (exit) or stop answering without ending (hang) at that cycle.
 */
interface Trap { readonly chassis: number; readonly at: number; readonly then: 'exit' | 'hang' }
const TRAP: Trap | undefined = process.env.FTVM_TEST_CHASSIS_TRAP ? JSON.parse(process.env.FTVM_TEST_CHASSIS_TRAP) : undefined;

/** Thrown out of the machine's run loop when the coordinator retires this chassis. */
class Retired extends Error {}
/** Thrown out of everything when the coordinator ends the run. */
class Finished extends Error {}

class ChassisWorker {
  private readonly link: SyncEndpoint<ToChassis, ToCoordinator>;
  private readonly machine: Machine;
  private readonly process: LinuxProcess;
  private injector: FaultInjector;
  /** Faults the injectors before a repair's left out (see ChassisReport.notApplied). */
  private readonly skippedEarlier: FaultNotApplied[] = [];
  /** Where the next checkpoint is due. */
  private until = 0n;
  /** Events already reported to the coordinator. */
  private reported = 0;
  /** As a resync's source: the frames written since the whole state was sent (the last copy sends them). */
  private writtenSinceCopy: Set<number> | undefined;
  /** Other chassis online at the last meeting: a predictive DIMM offline needs one to carry on. */
  private othersOnline = 0;
  /** The faults as the whole machine numbers them, by the local copy the injector holds. */
  private readonly originals = new Map<Fault, Fault>();

  constructor(private readonly setup: ChassisSetup) {
    adoptCoreModule(setup.core);
    this.link = new SyncEndpoint(setup.port, setup.signals, 1 + setup.chassis, 0);
    this.machine = new Machine({ topology: { chassis: 1, cores: setup.cores }, memoryMiB: setup.memoryMiB, ecc: setup.ecc, twinShortcut: setup.twinShortcut, translate: setup.translate, hotCount: setup.hotCount });
    const { program } = setup;
    this.process = startProcess(this.machine, {
      path: program.path,
      image: program.image,
      argv: program.argv,
      env: program.env,
      seed: program.seed,
      stdin: new CoordinatedSource(this, 0),
      stdout: new CoordinatedSink(this, 1),
      stderr: new CoordinatedSink(this, 2),
      isTty: (fd) => program.ttys[fd] ?? false,
      disk: setup.disk && new RemoteFileSystem(setup.disk.readOnly, (fs) => this.io({ op: 'fs', fd: -1, fs })),
    });
    this.injector = this.makeInjector(0n);
    this.trackWrites();
    this.machine.othersCarryOn = () => this.othersOnline > 0;
  }

  private makeInjector(from: bigint): FaultInjector {
    const local = this.setup.faults.filter((f) => BigInt(f.at) >= from).map((f) => {
      const mine = { ...f, chassis: 0 } as Fault;
      this.originals.set(mine, f);
      return mine;
    });
    if (this.injector) this.skippedEarlier.push(...this.injector.notApplied);
    return new FaultInjector(this.machine, local, { unmapped: this.setup.unmappedFaults });
  }

  /** The core and the kernel mark every frame written in the dirty map: checkpoints digest those. */
  private trackWrites(): void {
    const { CONTROL_BASE, C_TRACK_DIRTY } = this.machine.core.layout;
    this.machine.core.setU32(CONTROL_BASE + C_TRACK_DIRTY, 1);
  }

  private dirtyMap(): Uint8Array {
    const { DIRTY_BASE, DIRTY_SIZE } = this.machine.core.layout;
    return this.machine.core.u8.subarray(DIRTY_BASE, DIRTY_BASE + DIRTY_SIZE);
  }

  /**
   * Digest of core 0's architectural state (registers, EIP, flags and their
   * lazy inputs, segment bases and selectors: the block up to R_ARCH_END, not
   * the status of the last cycle, which an ECC correction sets in one chassis
   * only) and of the frames written since the last checkpoint (all of them at
   * the start).
   */
  private digest(all: boolean): string {
    const m = this.machine;
    const { REPLICA_BASE, R_ARCH_END } = m.core.layout;
    const hash = createHash('sha1');
    hash.update(m.core.u8.subarray(REPLICA_BASE, REPLICA_BASE + R_ARCH_END));
    const dirty = this.dirtyMap();
    const frames = m.memory.highWaterBytes / PAGE_SIZE;
    const index = new Uint32Array(1);
    for (let f = 0; f < frames; f++) {
      if (!all && dirty[f] === 0) continue;
      dirty[f] = 0;
      this.writtenSinceCopy?.add(f);
      index[0] = f;
      hash.update(index);
      const at = m.memory.hostAddress(0, f * PAGE_SIZE);
      hash.update(m.core.u8.subarray(at, at + PAGE_SIZE));
    }
    return hash.digest('hex');
  }

  /**
   * The chassis is out. The local machine either took its one chassis
   * offline (a core mismatch, a power loss, too many corrected errors) or
   * stopped on a machine check that hit both its cores alike; the coordinator
   * reports it as the whole machine's chassis-offline.
   */
  private reportOffline(): void {
    const events = this.newEvents();
    const local = this.machine.events.filter((e) => e.type === 'chassis-offline').at(-1);
    const { type: _type, cycle: _cycle, chassis: _chassis, reason, ...detail } = local ?? { type: '', cycle: 0, reason: 'machine-check' };
    const unapplied = this.injector.pendingFaults.map((f) => this.originals.get(f) ?? f);
    this.link.send({ type: 'offline', cycle: this.machine.cycle, reason: reason ?? 'machine-check', detail, events, unapplied });
  }

  /** Events since the last report, numbered as in the whole machine; the local machine's stop and its chassis going offline are the coordinator's to report. */
  private newEvents(): MachineEvent[] {
    const { chassis, cores } = this.setup;
    const fresh = this.machine.events.slice(this.reported);
    this.reported = this.machine.events.length;
    return fresh.filter((e) => e.type !== 'stop' && e.type !== 'chassis-offline').map((e) => {
      const out: Record<string, unknown> = { ...e };
      if (e.chassis !== undefined) out.chassis = chassis;
      if (Array.isArray(e.replicas)) out.replicas = (e.replicas as number[]).map((r) => chassis * cores + r);
      if (typeof e.reference === 'number') out.reference = chassis * cores + e.reference;
      if (e.type === 'mismatch' && Array.isArray(e.replicas)) {
        const hit = this.coresHit(e.cycle);
        if (hit.length > 0 && hit.length < cores) out.suspects = hit.map((k) => chassis * cores + k);
      }
      if (e.type === 'fault-injected') {
        const original = this.originals.get(e.fault as Fault);
        if (original) {
          out.fault = original;
          out.reason = describeFault(original);
        }
      }
      return out as unknown as MachineEvent;
    });
  }

  /**
   * The cores of this chassis a register fault reached in time to make the
   * mismatch found at `cycle`: a flip applied just before the cycle that
   * diverged, or a stuck bit. The pair's own comparator cannot tell which of
   * its two cores is wrong (each disagrees with the other); the one-thread
   * machine tells by comparing with the other chassis in the same cycle,
   * which chassis on threads never are. The coordinator states the mismatch
   * as one machine would from these (see ParallelMachine.restateMismatch).
   */
  private coresHit(cycle: number): number[] {
    const hit = new Set<number>();
    for (const f of this.injector.appliedFaults) {
      if (f.target === 'register' && (f.stuck !== undefined || f.at >= cycle - 1)) hit.add(f.core);
    }
    return [...hit].sort((a, b) => a - b);
  }


  /** Stop at a checkpoint and act on the coordinator's answers until it says go (or retires this chassis). */
  checkpoint(at: Exclude<Checkpoint['at'], 'io'>, detail: string, outcome?: RunOutcome): void {
    this.link.send({ type: 'checkpoint', checkpoint: this.state(at, detail), events: this.newEvents(), outcome, report: outcome && this.report() });
    this.obey();
  }

  private state(at: Checkpoint['at'], detail: string): Checkpoint {
    return { cycle: this.machine.cycle, at, detail, digest: this.digest(at === 'start') };
  }

  private report(): ChassisReport {
    return {
      calls: [...this.process.kernel.stats.calls],
      unknown: [...this.process.kernel.stats.unknown],
      eccMode: this.machine.ecc.mode,
      dimms: this.machine.ecc.counters[0].map((c) => ({ ...c })),
      notApplied: [...this.skippedEarlier, ...this.injector.notApplied].map((n) => ({ ...n, fault: this.originals.get(n.fault) ?? n.fault })),
      cycles: this.machine.cycle,
      translation: this.machine.core.translationStats(),
    };
  }

  private obey(): void {
    for (;;) {
      const order = this.nextOrder(true);
      switch (order.type) {
        case 'go':
          this.carryOn(order);
          return;
        case 'send-copy': {
          // The last copy: frames written since the whole state went, and those whose data or check
          // bytes the ECC changed without a store (a flip, a correction), which the dirty map does not see.
          const ecc = this.machine.ecc;
          const frames = order.what === 'dirty' ? [...new Set([...(this.writtenSinceCopy ?? []), ...ecc.changedUnits()])].sort((a, b) => a - b) : undefined;
          this.writtenSinceCopy = order.what === 'all' ? new Set() : undefined;
          ecc.trackChanges(order.what === 'all');
          const copy = this.machine.snapshot(frames);
          this.link.send({ type: 'copy', copy }, copyBuffers(copy));
          continue;
        }
        default:
          throw new Error(`chassis ${this.setup.chassis}: unexpected '${order.type}' at a checkpoint`);
      }
    }
  }

  /** What every answer that lets the chassis run on says: the next checkpoint, and whether others are online. */
  private carryOn(answer: { until: bigint; othersOnline: number }): void {
    this.until = answer.until;
    this.othersOnline = answer.othersOnline;
  }

  /**
   * The coordinator's next order for this chassis in particular. The ones
   * every state takes the same way are carried out here: finish, retire (for
   * a running chassis), and the questions asked when the machine stops or a
   * repair checks its digests.
   */
  private nextOrder(running: boolean): ToChassis {
    for (;;) {
      const order = this.link.receive();
      if (order.type === 'finish') throw new Finished();
      if (order.type === 'retire' && running) throw new Retired();
      if (isQuestion(order)) {
        this.answer(order);
        continue;
      }
      return order;
    }
  }

  /** Questions a chassis answers whether it is running or out. */
  private answer(question: Question): void {
    const m = this.machine;
    switch (question.type) {
      case 'send-digest':
        this.link.send({ type: 'digest', digests: m.deviceDigests(0) });
        return;
      case 'send-report':
        this.link.send({ type: 'report', report: this.report() });
        return;
      case 'send-registers':
        this.link.send({ type: 'registers', registers: Array.from({ length: this.setup.cores }, (_, k) => m.registers(k)) });
        return;
      case 'read-memory': {
        try {
          this.link.send({ type: 'memory', bytes: m.memory.readChassis(0, question.address, question.length) });
        } catch (error) {
          if (!(error instanceof GuestFault)) throw error;
          this.link.send({ type: 'memory', unmapped: error.address });
        }
        return;
      }
      case 'send-snapshot': {
        const snapshot = m.snapshot();
        this.link.send({ type: 'snapshot', snapshot }, copyBuffers(snapshot));
        return;
      }
    }
  }

  /** One host I/O operation, through the coordinator. */
  io(request: IoRequest): IoResult {
    // The system call's number and arguments: EAX..EBP as the call found them (EAX is not yet its result).
    const m = this.machine;
    const call = (['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp'] as const).map((r) => m.getRegister(r)).join(' ');
    this.link.send({ type: 'io', checkpoint: this.state('io', call), request, events: this.newEvents() });
    const answer = this.nextOrder(true);
    if (answer.type !== 'io-result') throw new Error(`chassis ${this.setup.chassis}: expected an I/O result, got '${answer.type}'`);
    this.carryOn(answer);
    return answer.result;
  }

  /** The whole life of the chassis: run, go offline, be resynchronised, run again, until the coordinator finishes it. */
  main(): void {
    try {
      this.checkpoint('start', '');
      for (;;) {
        this.runUntilOut();
        this.awaitRepair();
      }
    } catch (error) {
      if (!(error instanceof Finished)) throw error;
    }
  }

  /** Run until this chassis is out: it failed, it was outvoted, or the program ended and the coordinator let it wait. */
  private runUntilOut(): void {
    try {
      const outcome = this.machine.run({ maxCycles: this.setup.maxCycles }, this.hooks());
      if (outcome.kind === 'stopped') {
        // Its cores disagreed, it lost power or met a machine check: the chassis is out.
        this.reportOffline();
        return;
      }
      this.checkpoint('end', JSON.stringify(outcome), outcome);
      throw new Error(`chassis ${this.setup.chassis}: the run is over, yet the coordinator said go`);
    } catch (error) {
      if (!(error instanceof Retired)) throw error;
    }
  }

  private hooks(): RunHooks {
    const trap = TRAP?.chassis === this.setup.chassis ? TRAP : undefined;
    const boundary: RunHooks = {
      nextCycle: (now) => {
        let next = now + HEARTBEAT_CYCLES < this.until ? now + HEARTBEAT_CYCLES : this.until;
        if (trap && BigInt(trap.at) > now && BigInt(trap.at) < next) next = BigInt(trap.at);
        return next;
      },
      atCycle: (cycle) => {
        heartbeat(this.setup.signals, this.setup.chassis);
        if (trap && cycle >= BigInt(trap.at)) springTrap(trap);
        if (cycle >= this.until) this.checkpoint('interval', '');
      },
    };
    return combineHooks(boundary, this.injector);
  }

  /** Offline: wait until a resync has brought this chassis back (the coordinator's go), or the run ends (Finished). */
  private awaitRepair(): void {
    for (;;) {
      const order = this.nextOrder(false);
      switch (order.type) {
        case 'apply-copy':
          this.applyCopy(order.copy);
          continue;
        case 'go':
          // Back in lockstep from the copy's cycle on; faults aimed at it while it was out are gone with its old parts.
          this.carryOn(order);
          this.injector = this.makeInjector(this.machine.cycle);
          return;
        default:
          throw new Error(`chassis ${this.setup.chassis}: unexpected '${order.type}' while offline`);
      }
    }
  }

  /** Take a healthy chassis' state: its memory and registers, with this chassis' own DIMM counters kept. */
  private applyCopy(copy: MachineSnapshot): void {
    const own = this.machine.ecc.save().counters[0];
    this.machine.restore(copy);
    this.machine.ecc.counters[0].forEach((c, d) => Object.assign(c, own[d]));
    this.machine.ecc.repaired(0);
    for (let k = 0; k < this.setup.cores; k++) this.machine.clearStuckBits(k);
    this.reported = this.machine.events.length;
    this.trackWrites();
    this.dirtyMap().fill(0);
  }
}

function springTrap(trap: Trap): never {
  if (trap.then === 'exit') process.exit(7);
  // Alive but deaf: wait for ever on a word nobody bumps, until terminated.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

function unwrap(result: IoResult): Uint8Array | undefined {
  if (!result.ok) throw new HostIoError(result.errno, result.message);
  return result.bytes;
}

class CoordinatedSink implements ByteSink {
  constructor(private readonly worker: ChassisWorker, private readonly fd: number) {}
  write(bytes: Uint8Array): void { unwrap(this.worker.io({ op: 'write', fd: this.fd, bytes })); }
}

class CoordinatedSource implements ByteSource {
  constructor(private readonly worker: ChassisWorker, private readonly fd: number) {}
  read(maxBytes: number): Uint8Array { return unwrap(this.worker.io({ op: 'read', fd: this.fd, maxBytes })) ?? new Uint8Array(0); }
}

const setup = (workerData as { data: ChassisSetup } | null)?.data;
if (setup) {
  reportExit(setup.signals, setup.chassis);
  heartbeat(setup.signals, setup.chassis);
  try {
    new ChassisWorker(setup).main();
  } catch (error) {
    const link = new SyncEndpoint<ToChassis, ToCoordinator>(setup.port, setup.signals, 1 + setup.chassis, 0);
    const user = error instanceof UserError;
    link.send({ type: 'failed', user, message: user ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    setup.port.close();
  }
}

type Question = Extract<ToChassis, { type: 'send-digest' | 'send-report' | 'send-registers' | 'read-memory' | 'send-snapshot' }>;

/** Orders a chassis answers in any state, without changing it. */
function isQuestion(order: ToChassis): order is Question {
  return order.type === 'send-digest' || order.type === 'send-report' || order.type === 'send-registers' || order.type === 'read-memory' || order.type === 'send-snapshot';
}
