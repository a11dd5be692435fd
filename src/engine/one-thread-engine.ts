/**
 * The one-thread placement: every chassis in one core, which steps every
 * online replica and compares them after every cycle. The Machine does the
 * stepping and the policy; this adds the program, the fault schedule and
 * repairs as the Engine contract asks.
 */
import { Machine, combineHooks, type MachineSnapshot, type RunHooks } from '../machine/machine';
import { startProcess, type LinuxProcess, type ProcessOptions } from '../machine/linux-process';
import { FaultInjector, type FaultNotApplied } from '../faults/injector';
import { Resyncer } from '../lockstep/resync';
import type { Fault } from '../faults/fault';
import type { RunOutcome } from '../machine/outcome';
import type { Registers } from '../machine/registers';
import type { Engine, EngineLimits, EngineOptions } from './engine';
import type { StatsInput } from './stats-input';
import type { MachineDisk } from '../disk/machine-disk';
import { attachDisk } from '../disk/attach-disk';

export class OneThreadEngine implements Engine {
  readonly placement = 'one-thread';
  readonly machine: Machine;
  private readonly faults: Fault[];
  private process: LinuxProcess | undefined;
  private limits: EngineLimits = {};
  private resyncer: Resyncer | undefined;
  private injector: FaultInjector | undefined;
  private disk: MachineDisk | undefined;
  private readonly notes: string[] = [];

  constructor(private readonly options: EngineOptions) {
    this.machine = new Machine(options);
    this.faults = [...(options.faults ?? [])];
  }

  get topology() { return this.machine.topology; }
  get cycle() { return this.machine.cycle; }
  get onlineChassis() { return this.machine.onlineChassis; }
  get events() { return this.machine.events; }
  onEvent(listener: Parameters<Machine['onEvent']>[0]) { return this.machine.onEvent(listener); }
  get resyncReports() { return this.resyncer?.reports ?? []; }
  /** The process once loaded: its kernel's statistics. */
  get loaded(): LinuxProcess | undefined { return this.process; }

  schedule(faults: readonly Fault[]): void {
    if (this.process) throw new Error('faults are scheduled before the program is loaded');
    this.faults.push(...faults);
  }

  load(program: ProcessOptions, limits: EngineLimits = {}): void {
    if (this.process) throw new Error('this engine has a program already');
    // The disk is one of the machine's devices: its faults, snapshot slot, digest and repair go the way memory's do.
    this.disk = attachDisk(this.machine, this.options.disk, this.faults, this.options.repairAfter);
    this.process = startProcess(this.machine, { ...program, disk: this.disk?.fs });
    this.limits = limits;
  }

  /** Run; on this placement the caller may add hooks of its own (tests, campaigns) beside the faults and repairs. */
  run(extra?: RunHooks): RunOutcome {
    if (!this.process) throw new Error('load a program first');
    this.injector ??= new FaultInjector(this.machine, this.faults, { unmapped: this.options.unmappedFaults ?? 'throw' });
    if (this.options.repairAfter !== undefined) this.resyncer ??= new Resyncer(this.machine, this.options.repairAfter);
    const hooks: RunHooks[] = [this.injector, ...(this.resyncer ? [this.resyncer] : []), ...(extra ? [extra] : [])];
    const outcome = this.machine.run(this.limits, combineHooks(...hooks));
    // The image is written back once, at the end (atomically), whatever the outcome.
    this.notes.push(...(this.disk?.finish() ?? []));
    return outcome;
  }

  get warnings(): readonly string[] { return this.notes; }

  /** SHA-256 of the disk as the guest left it (after run(); undefined without a writable disk). */
  get diskDigest(): string | undefined { return this.disk?.contentDigest; }

  faultsNotApplied(): readonly FaultNotApplied[] { return this.injector?.notApplied ?? []; }

  registers(replica?: number): Registers { return this.machine.registers(replica); }
  readMemory(address: number, length: number): Uint8Array { return this.machine.memory.readChassis(this.machine.onlineChassis[0] ?? 0, address, length); }
  snapshot(): MachineSnapshot { return this.machine.snapshot(); }

  statsInput(): StatsInput {
    const m = this.machine;
    const stats = this.process?.kernel.stats;
    const translation = m.core.translationStats();
    return {
      topology: m.topology, onlineChassis: m.onlineChassis, cycle: m.cycle, events: m.events,
      calls: stats?.calls ?? [], unknown: stats?.unknown ?? [], eccMode: m.ecc.mode, dimmCounters: m.ecc.counters,
      ...(translation ? { translation: { ...translation, cycles: m.cycle } } : {}),
    };
  }

  close(): void {
    this.resyncer?.dispose();
  }
}
