/**
 * The threads placement: each chassis on its own worker thread, as physical
 * chassis run side by side (src/parallel). The workers stay after the run
 * to answer what the Engine contract asks of a finished run — registers,
 * memory, a snapshot — until close().
 */
import { ParallelMachine, DEFAULT_SYNC_INTERVAL } from '../parallel/parallel-machine';
import type { MachineSnapshot } from '../machine/machine';
import type { ProcessOptions } from '../machine/linux-process';
import type { RunOutcome } from '../machine/outcome';
import type { Registers } from '../machine/registers';
import type { Fault } from '../faults/fault';
import type { FaultNotApplied } from '../faults/injector';
import type { Engine, EngineLimits, EngineOptions } from './engine';
import type { StatsInput, TranslationSummary } from './stats-input';
import type { ChassisReport } from '../parallel/protocol';

export class ThreadedEngine implements Engine {
  readonly placement = 'threads';
  private readonly parallel: ParallelMachine;

  constructor(options: EngineOptions) {
    const threads = typeof options.threads === 'object' ? options.threads : {};
    this.parallel = new ParallelMachine({ ...options, syncInterval: threads.syncInterval ?? DEFAULT_SYNC_INTERVAL, workerTimeoutMs: threads.workerTimeoutMs, keepWorkers: true });
  }

  get topology() { return this.parallel.topology; }
  get cycle() { return this.parallel.cycle; }
  get onlineChassis() { return this.parallel.onlineChassis; }
  get events() { return this.parallel.events; }
  onEvent(listener: Parameters<ParallelMachine['onEvent']>[0]) { return this.parallel.onEvent(listener); }
  get resyncReports() { return this.parallel.resyncReports; }
  /** The coordinator, for what only threads have (each chassis' report). */
  get coordinator(): ParallelMachine { return this.parallel; }

  schedule(faults: readonly Fault[]): void { this.parallel.schedule(faults); }
  load(program: ProcessOptions, limits: EngineLimits = {}): void { this.parallel.load(program, limits); }
  run(): RunOutcome { return this.parallel.run(); }
  registers(replica?: number): Registers { return this.parallel.registers(replica); }
  readMemory(address: number, length: number): Uint8Array { return this.parallel.readMemory(address, length); }
  snapshot(): MachineSnapshot { return this.parallel.snapshot(); }

  get warnings(): readonly string[] { return this.parallel.warnings; }

  /** SHA-256 of the disk as the guest left it (after run(); undefined without a writable disk). */
  get diskDigest(): string | undefined { return this.parallel.diskDigest; }

  /** Every chassis reports the faults aimed at it that had nothing to strike, in the order they came. */
  faultsNotApplied(): readonly FaultNotApplied[] {
    return [...this.parallel.chassisReports.values()].flatMap((r) => r.notApplied);
  }

  statsInput(): StatsInput {
    const m = this.parallel;
    const reports = m.chassisReports;
    const reference = reports.get(m.referenceChassis);
    const translation = sumTranslation([...reports.values()]);
    return {
      topology: m.topology, onlineChassis: m.onlineChassis, cycle: m.cycle, events: m.events,
      calls: reference?.calls ?? [], unknown: reference?.unknown ?? [], eccMode: reference?.eccMode ?? 'unknown',
      dimmCounters: Array.from({ length: m.topology.chassis }, (_, c) => reports.get(c)?.dimms ?? []),
      ...(translation ? { translation } : {}),
    };
  }

  close(): void { this.parallel.close(); }
}

/** The chassis' translators together (undefined when none translated). */
function sumTranslation(reports: readonly ChassisReport[]): TranslationSummary | undefined {
  const on = reports.filter((r) => r.translation !== undefined);
  if (on.length === 0) return undefined;
  return on.reduce<TranslationSummary>(
    (sum, { translation: t, cycles }) => ({
      regionsCompiled: sum.regionsCompiled + t!.regionsCompiled,
      regionsFromCache: sum.regionsFromCache + t!.regionsFromCache,
      lockstepRegions: sum.lockstepRegions + t!.lockstepRegions,
      checkedRegions: sum.checkedRegions + t!.checkedRegions,
      blocksCompiled: sum.blocksCompiled + t!.blocksCompiled,
      instructionsCompiled: sum.instructionsCompiled + t!.instructionsCompiled,
      blocksRefused: sum.blocksRefused + t!.blocksRefused,
      blocksReused: sum.blocksReused + t!.blocksReused,
      compileMs: sum.compileMs + t!.compileMs,
      translatedCycles: sum.translatedCycles + t!.translatedCycles,
      cycles: sum.cycles + cycles,
    }),
    { regionsCompiled: 0, regionsFromCache: 0, lockstepRegions: 0, checkedRegions: 0, blocksCompiled: 0, instructionsCompiled: 0, blocksRefused: 0, blocksReused: 0, compileMs: 0, translatedCycles: 0n, cycles: 0n },
  );
}
