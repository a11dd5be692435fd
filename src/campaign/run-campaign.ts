/**
 * Running a campaign: golden runs, the plan, the injections on worker
 * threads, the results file in index order. The library entry point
 * (`runCampaign`) and what `ftvm campaign FILE` calls.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { UserError } from '../errors';
import { readProgram } from '../programs/read-program';
import type { CampaignSpec } from './spec';
import { PageStore, withSharedPageIds } from './paged-snapshot';
import { defaultSnapshotInterval, measureProgram, runGolden, type GoldenRun, type ProgramInput } from './golden-run';
import { allocatedSections } from './elf-sections';
import { planCampaign, shardIndices, type CampaignPlan, type Shard } from './plan';
import { InjectionRunner, NO_WORK, addWork, type InjectionContext, type InjectionResult, type InjectionTask, type RunWork } from './injection-run';
import { OrderedWriter, formatRecord, makeRecord, readResults, sortResultsFile, type RunRecord } from './results-file';
import { WorkerPool, workerScript } from './worker-pool';
import { Progress, type ProgressStream } from './progress';
import { OUTCOMES, type Outcome } from './classify';
import { quoteName } from '../util/quote';

export interface RunCampaignOptions {
  /** The results file (JSON lines). Without it, records only go to onRecord. */
  readonly out?: string;
  /** Worker threads (default: one per host core); 0 runs the injections in this thread. */
  readonly workers?: number;
  /** Keep the records already in `out` and run only the missing injections. */
  readonly resume?: boolean;
  /** Run only indices i with i mod count = index. */
  readonly shard?: Shard;
  /** Where to draw the progress line (e.g. process.stderr); none if absent. */
  readonly progress?: ProgressStream;
  /** Fast-forward each injection from the golden snapshot nearest before it (default true). */
  readonly useSnapshots?: boolean;
  /** Stop a run early once it is back in the golden run's exact state (default true; needs snapshots). */
  readonly convergence?: boolean;
  /** Compile hot blocks in every run (overrides the campaign file's "translate"; the records are the same). */
  readonly translate?: boolean;
  /** Every record, in index order, as it is written. */
  readonly onRecord?: (record: RunRecord, line: string) => void;
  /** Messages for the user (worker fallback, resume counts). */
  readonly log?: (message: string) => void;
}

export interface CampaignSummary {
  readonly id: string;
  /** Injections in the whole campaign. */
  readonly total: number;
  /** Injections this run (shard) is responsible for. */
  readonly planned: number;
  /** Injections already in the results file (resume). */
  readonly skipped: number;
  /** Injections run now. */
  readonly ran: number;
  readonly workers: number;
  readonly goldenCycles: number;
  readonly snapshotInterval: number;
  readonly goldenSeconds: number;
  readonly injectionSeconds: number;
  readonly injectionsPerMinute: number;
  /** Runs that stopped early because they rejoined the golden run. */
  readonly rejoined: number;
  /** Cycles the injection runs executed (each from its snapshot on, up to its end or its rejoining the golden run). */
  readonly cyclesRun: number;
  /** With translation: of the golden runs' cycles (all topologies) and of cyclesRun, those run in compiled blocks; the blocks the injections compiled and the milliseconds that took. */
  readonly translation?: {
    readonly goldenCycles: number;
    readonly goldenTranslatedCycles: number;
    readonly translatedCycles: number;
    readonly blocksCompiled: number;
    readonly compileMs: number;
  };
  readonly outcomes: Record<Outcome, number>;
  readonly groups: readonly { topology: string; model: string; faultSpace: string; injections: number }[];
}

/** What runCampaign prepares before the first injection; exposed for tests and benchmarks. */
export interface PreparedCampaign {
  readonly plan: CampaignPlan;
  readonly context: InjectionContext;
  readonly goldens: readonly GoldenRun[];
  readonly goldenSeconds: number;
}

export function prepareCampaign(spec: CampaignSpec, options: Pick<RunCampaignOptions, 'useSnapshots' | 'convergence' | 'translate'> = {}, input = programInput(spec, options)): PreparedCampaign {
  const started = performance.now();
  const image = input.image;
  const useSnapshots = options.useSnapshots ?? true;
  // With a disk the interval is also where every run settles the disk's file system (settle-points.ts), snapshots or not.
  let interval = 0;
  if (useSnapshots || spec.disk !== undefined) {
    if (spec.snapshotInterval !== undefined) interval = spec.snapshotInterval;
    else {
      const probe = measureProgram(input, spec.topologies[0], spec.maxCycles);
      interval = defaultSnapshotInterval(probe.cycles);
    }
  }
  const store = new PageStore();
  const goldens = withSharedPageIds(spec.topologies.map((t) => {
    const g = runGolden(input, t, interval, spec.maxCycles, store, useSnapshots);
    if (g.outcome.kind === 'limit') throw new UserError(`${quoteName(spec.source)}: the program did not finish within maxCycles (${spec.maxCycles} cycles) on ${t.name}; raise "maxCycles"`);
    if (g.outcome.kind === 'stopped') throw new Error(`the fault-free run stopped the machine on ${t.name}`);
    return g;
  }));
  const plan = planCampaign(spec, {
    image,
    goldenCycles: goldens[0].cycles,
    sections: allocatedSections(image),
    dimmsPerChassis: goldens[0].dimmsPerChassis,
    diskBlocks: goldens[0].diskBlocks,
  });
  const context: InjectionContext = {
    input,
    goldens,
    pages: store.freeze(),
    hangFactor: spec.hangFactor,
    repairAfter: spec.repairAfter,
    useSnapshots,
    convergence: options.convergence ?? true,
  };
  return { plan, context, goldens, goldenSeconds: (performance.now() - started) / 1000 };
}

/** The program and its setting, as every run of the campaign gets them. */
export function programInput(spec: CampaignSpec, options: Pick<RunCampaignOptions, 'translate'> = {}): ProgramInput {
  let image: Uint8Array;
  try {
    image = readProgram(spec.program);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${quoteName(spec.source)}: program: ${error.message}`);
    throw error;
  }
  return {
    path: spec.program,
    image,
    argv: [spec.program, ...spec.args],
    env: spec.env,
    stdin: new TextEncoder().encode(spec.stdin),
    seed: spec.seed,
    memoryMiB: spec.memoryMiB,
    ecc: spec.ecc,
    ...(spec.disk ? { disk: spec.disk } : {}),
    translate: options.translate ?? spec.translate,
  };
}

export async function runCampaign(spec: CampaignSpec, options: RunCampaignOptions = {}): Promise<CampaignSummary> {
  const input = programInput(spec, options);
  const log = options.log ?? (() => {});
  const requested = options.workers ?? availableParallelism();
  const script = requested > 0 ? workerScript() : undefined;
  if (requested > 0 && !script) log('no campaign worker script in this build: running the injections in the main thread');
  // The workers start now: they build and warm their machines while the golden runs run here.
  const pool = script && new WorkerPool(script, requested, { input, topologies: spec.topologies, repairAfter: spec.repairAfter, maxCycles: spec.maxCycles });
  try {
    return await runPrepared(spec, options, prepareCampaign(spec, options, input), pool, log);
  } finally {
    await pool?.terminate();
  }
}

async function runPrepared(spec: CampaignSpec, options: RunCampaignOptions, prepared: PreparedCampaign, pool: WorkerPool | undefined, log: (message: string) => void): Promise<CampaignSummary> {
  const { plan, context } = prepared;
  const mine = shardIndices(plan.total, options.shard);

  // Resume: keep the complete records of this campaign and shard.
  const done = new Set<number>();
  let keepBytes: number | undefined;
  let inOrder = true;
  if (options.resume && options.out !== undefined && existsSync(options.out)) {
    const existing = readResults(options.out);
    const shard = options.shard ?? { index: 0, count: 1 };
    existing.lines.forEach(({ record }, i) => {
      if (record.campaign !== plan.id) throw new UserError(`${quoteName(options.out!)}: written by another campaign (${record.campaign}, this one is ${plan.id}): choose another --out or run without --resume`);
      if (record.index >= plan.total || record.index % shard.count !== shard.index) throw new UserError(`${quoteName(options.out!)}: injection ${record.index} does not belong to shard ${shard.index}/${shard.count}`);
      if (done.has(record.index)) throw new UserError(`${quoteName(options.out!)}: injection ${record.index} is there twice`);
      if (record.index !== mine[i]) inOrder = false;
      done.add(record.index);
    });
    keepBytes = existing.validBytes;
    if (existing.truncated) log(`${options.out}: dropped an incomplete last line`);
    log(`${options.out}: ${done.size} of ${mine.length} injections already done`);
  }
  const todo = mine.filter((i) => !done.has(i));
  const tasks: InjectionTask[] = todo.map((i) => plan.task(i));
  const taskByIndex = new Map(tasks.map((t) => [t.index, t]));

  const writer = options.out === undefined ? undefined : new OrderedWriter(options.out, todo, keepBytes);
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const progress = options.progress ? new Progress(mine.length, done.size, options.progress) : undefined;
  // onRecord sees records in index order too.
  const pendingRecords = new Map<number, RunRecord>();
  let nextRecord = 0;
  let work: RunWork = NO_WORK;
  const accept = (result: InjectionResult, cost: RunWork) => {
    work = addWork(work, cost);
    const task = taskByIndex.get(result.index)!;
    const record = makeRecord(plan.id, plan.total, task, result);
    const line = formatRecord(record);
    outcomes[record.outcome]++;
    writer?.add(record.index, line);
    if (options.onRecord) {
      pendingRecords.set(record.index, record);
      while (nextRecord < todo.length && pendingRecords.has(todo[nextRecord])) {
        const r = pendingRecords.get(todo[nextRecord])!;
        pendingRecords.delete(todo[nextRecord]);
        options.onRecord(r, formatRecord(r));
        nextRecord++;
      }
    }
    progress?.tick();
  };

  const started = performance.now();
  const workers = pool ? await pool.shrinkTo(tasks.length) : 0;
  try {
    if (pool) await pool.run(context, tasks, accept);
    else {
      const runner = new InjectionRunner(context);
      try {
        for (const task of tasks) {
          const { result, work: cost } = runner.runCounted(task);
          accept(result, cost);
          // Let signals and stream writes through between runs.
          if (task.index % 16 === 0) await new Promise((r) => setImmediate(r));
        }
      } finally {
        runner.dispose();
      }
    }
  } finally {
    writer?.close();
    progress?.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!inOrder && options.out !== undefined) sortResultsFile(options.out);

  return {
    id: plan.id,
    total: plan.total,
    planned: mine.length,
    skipped: done.size,
    ran: tasks.length,
    workers,
    goldenCycles: prepared.goldens[0].cycles,
    snapshotInterval: prepared.goldens[0].interval,
    goldenSeconds: prepared.goldenSeconds,
    injectionSeconds: seconds,
    injectionsPerMinute: seconds > 0 ? (tasks.length / seconds) * 60 : 0,
    rejoined: work.rejoined,
    cyclesRun: work.cyclesRun,
    ...(context.input.translate
      ? {
          translation: {
            goldenCycles: prepared.goldens.reduce((sum, g) => sum + g.cycles, 0),
            goldenTranslatedCycles: prepared.goldens.reduce((sum, g) => sum + g.translatedCycles, 0),
            translatedCycles: work.translatedCycles,
            blocksCompiled: work.blocksCompiled,
            compileMs: work.compileMs,
          },
        }
      : {}),
    outcomes,
    groups: plan.groups.map((g) => ({ topology: g.topology.name, model: g.model.name, faultSpace: g.space.size.toString(), injections: g.count })),
  };
}
