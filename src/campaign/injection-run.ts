/**
 * One injection: restore the golden snapshot nearest before the fault's cycle,
 * apply the fault, run to the end (or to the hang limit) and classify.
 *
 * Convergence: at golden snapshot points after the fault (the 1st, 2nd, 4th,
 * 8th… one) the run compares its machine state with the golden snapshot of
 * that cycle (convergence.ts). When everything the future depends on is
 * identical — and the output so far and the stdio positions too — the rest
 * of the run is the rest of the golden run (the machine is deterministic), so
 * the run stops there and takes the golden ending. The record is the same as
 * running to the end; only faster.
 *
 * With a disk, every run settles its file system at the golden snapshot
 * points, as the golden run did (settle-points.ts): that is what makes a
 * snapshot restorable and the runs comparable, whether they fast-forward or
 * start at cycle 0.
 */
import type { Fault } from '../faults/fault';
import { FaultInjector } from '../faults/injector';
import { combineHooks } from '../machine/machine';
import { Resyncer } from '../lockstep/resync';
import { UserError } from '../errors';
import type { Machine, RunHooks } from '../machine/machine';
import { GENERAL_REGISTERS } from '../machine/registers';
import type { MachineEvent } from '../machine/events';
import type { RunOutcome } from '../machine/outcome';
import type { Topology } from '../machine/topology';
import { GuestHarness, runGolden, type GoldenPoint, type GoldenRun, type ProgramInput } from './golden-run';
import { PageStore, SnapshotMaterializer, equalsPagedValue, type FrozenPages, type PagedSnapshot } from './paged-snapshot';
import { heldPages, type LiveMachine } from './restore-plan';
import { rejoinsGolden, type Rejoined } from './convergence';
import { classify, detectionLatency, type Outcome } from './classify';
import { SettlePoints } from './settle-points';
import { checkDiskFault } from '../disk/disk-faults';

/** Everything a worker needs to run injections (structured-cloneable). */
export interface InjectionContext {
  readonly input: ProgramInput;
  readonly goldens: readonly GoldenRun[];
  readonly pages: FrozenPages;
  readonly hangFactor: number;
  readonly repairAfter?: number;
  /** Fast-forward from the nearest snapshot (else every run starts at cycle 0). */
  readonly useSnapshots: boolean;
  /** Stop a run early once its state equals the golden run's. */
  readonly convergence: boolean;
}

export interface InjectionTask {
  readonly index: number;
  readonly topology: string;
  readonly model: string;
  readonly fault: Fault;
}

export interface InjectionResult {
  readonly index: number;
  readonly outcome: Outcome;
  /** Cycles from the fault to the first detection event; null if nothing was detected. */
  readonly latency: number | null;
  /** The cycle the run ended at. */
  readonly cycles: number;
  /** The exit status the run ended with (124 for a hang, 125 for a machine stop). */
  readonly status: number;
  /** The machine's events from the restored snapshot on (at most MAX_EVENTS). */
  readonly events: readonly MachineEvent[];
  readonly eventsOmitted?: number;
  readonly note?: string;
}

export const MAX_EVENTS = 64;

/** What one run cost the engine; a runner's stats and a campaign's summary are sums of these. Not part of the record. */
export interface RunWork {
  /** 1 if the run stopped early because it rejoined the golden run, else 0. */
  readonly rejoined: number;
  /** Golden-run cycles a run that rejoined did not have to run. */
  readonly cyclesSkipped: number;
  /** Cycles the run executed, from its snapshot on. */
  readonly cyclesRun: number;
  /** Of those, the cycles run in compiled blocks (with translation). */
  readonly translatedCycles: number;
  /** Blocks compiled to new functions during the run, and the milliseconds that took. */
  readonly blocksCompiled: number;
  readonly compileMs: number;
}

export const NO_WORK: RunWork = { rejoined: 0, cyclesSkipped: 0, cyclesRun: 0, translatedCycles: 0, blocksCompiled: 0, compileMs: 0 };

export function addWork(a: RunWork, b: RunWork): RunWork {
  return {
    rejoined: a.rejoined + b.rejoined,
    cyclesSkipped: a.cyclesSkipped + b.cyclesSkipped,
    cyclesRun: a.cyclesRun + b.cyclesRun,
    translatedCycles: a.translatedCycles + b.translatedCycles,
    blocksCompiled: a.blocksCompiled + b.blocksCompiled,
    compileMs: a.compileMs + b.compileMs,
  };
}

/** What a campaign's machines are built from before the golden runs are done (warmHarnesses). */
export interface WarmStart {
  readonly input: ProgramInput;
  readonly topologies: readonly Topology[];
  readonly repairAfter?: number;
  readonly maxCycles: number;
}

/**
 * The machines a runner keeps for each topology, built and run without a
 * fault, to the end of the program, before the injection context exists
 * (a campaign's workers do this while the golden runs take the main
 * thread): the first injections then find the program's code decoded and,
 * with translation, compiled, since a restore keeps what it does not change
 * (Machine.restore).
 *
 * The machine's first run is its rehearsal's fault-free run (its context
 * cloned, as the real one arrives), which needs no length of the program:
 * its snapshot points start 2^14 cycles apart and the step doubles every 4
 * points (17 points in a million cycles, about 50 in a hundred million), so
 * it starts as soon as the machine is built, and the worker's warm-up
 * overlaps the main thread's probe run as well as its golden runs. Then it
 * rehearses: up to 30 register flips (as many as run in two program
 * lengths of cycles), run as injections against that fault-free run, so
 * that the host has optimised the injection path
 * (restore, convergence, classification) for the shapes the real
 * injections bring before they come. On two cores V8 optimising it during
 * a 40-injection campaign took half of its injection phase (pair-spare,
 * translated: the phase ran at about 12,500 a minute, 25,000 rehearsed).
 * Last, with translation and more than one chassis, the program runs again
 * with each chassis offline, so that the blocks compiled for the replicas
 * left after a failover are there too. Each run starts from the machine as
 * built, which the machine gets back to by writing only what it changed
 * (its writes recorded since: PhysicalMemory.forgetWrites). It ends so,
 * holding the rehearsal's snapshot at cycle 0: a runner that finds its
 * golden run's snapshot at cycle 0 the same restores the first injection's
 * snapshot as it restores the others, writing only the pages that differ
 * (restore-plan.ts), not all of them. The results are dropped.
 *
 * The warm-up stops as soon as contextArrived() says the real injections
 * are waiting (a worker polls its port between runs and between
 * rehearsals): warming on would only delay them. Before the rehearsal the
 * machine is then as built, holding nothing: the first injection's restore
 * writes every page. On two cores the worker's warm-up and the golden runs
 * race; when the warm-up lost, the injections of a
 * 40-injection campaign waited for it, and its injection phase took 0.2-0.3 s
 * instead of 0.1. What the warm-up compiled or optimised then differs from
 * run to run, the results do not: a compiled block, an optimised path or a
 * held page changes how fast an injection runs, never what it does.
 *
 * A program with a disk is only loaded: running it would write its disk. A
 * run that fails here (the golden run will say why) leaves no machine: the
 * runner builds one when it needs it.
 */
export function warmHarnesses(start: WarmStart, contextArrived: () => boolean = () => false): Map<string, WarmHarness> {
  const warm = new Map<string, WarmHarness>();
  for (const topology of start.topologies) {
    const harness = new GuestHarness(start.input, topology, [], start.repairAfter, true);
    try {
      warm.set(topology.name, start.input.disk === undefined ? warmUp(harness, start, contextArrived) : { harness });
    } catch {
      harness.dispose();
    }
  }
  return warm;
}

/** A machine warmed before the injections (warmHarnesses), and the snapshot it holds, writes forgotten since. */
export interface WarmHarness {
  readonly harness: GuestHarness;
  readonly holds?: { readonly snapshot: PagedSnapshot; readonly pages: FrozenPages };
}

/** Register flips a warmed machine rehearses. */
const REHEARSALS = 30;
/** The rehearsal's cycles, at most, in program lengths. */
const REHEARSAL_LENGTHS = 2;
/** Cycles between the rehearsal's first snapshot points; the step doubles every REHEARSAL_POINTS_PER_STEP points. */
const REHEARSAL_FIRST_STEP = 1 << 14;
const REHEARSAL_POINTS_PER_STEP = 4;

function warmUp(harness: GuestHarness, start: WarmStart, contextArrived: () => boolean): WarmHarness {
  const { machine: m, machine: { topology } } = harness;
  if (contextArrived()) return { harness };
  // The rehearsal's fault-free run, on this machine as built (it decodes and compiles the program's code).
  // Its snapshot at cycle 0 is that machine, whose writes are recorded from there on: the rehearsal's runner
  // restores only what they changed. Its context is cloned as the real one comes (a message): objects of the
  // same shapes, so that the code the host optimises on the rehearsal stays valid for the real runs.
  let recording = false;
  let due = 0;
  const rehearsalPoint = (cycle: number, taken: number): boolean => {
    if (cycle < due) return false;
    due = cycle + REHEARSAL_FIRST_STEP * 2 ** Math.floor(taken / REHEARSAL_POINTS_PER_STEP);
    return true;
  };
  const store = new PageStore();
  const golden = runGolden(start.input, topology, REHEARSAL_FIRST_STEP, start.maxCycles, store, rehearsalPoint, harness, (records) => (recording = records));
  const cycles = golden.cycles;
  const context: InjectionContext = structuredClone({ input: start.input, goldens: [golden], pages: store.freeze(), hangFactor: 2, repairAfter: start.repairAfter, useSnapshots: true, convergence: true });
  const zero = context.goldens[0].points[0];
  const holds = recording && zero.cycle === 0 ? { holds: { snapshot: zero.snapshot, pages: context.pages } } : {};
  const rehearsal = new InjectionRunner(context, new Map([[topology.name, { harness, ...holds }]]));
  // At most two program lengths in all: runs that do not rejoin the golden run (a simplex campaign's) go on to
  // the end, and a long program's injections are long enough for the host to optimise the path on the first ones.
  let spent = 0;
  for (let i = 0; i < REHEARSALS && spent < REHEARSAL_LENGTHS * cycles && !contextArrived(); i++) {
    const at = Math.floor((golden.cycles * (i + 0.5)) / REHEARSALS);
    const fault = { target: 'register', at, chassis: 0, core: 0, register: GENERAL_REGISTERS[i % 8], bit: (i * 5) % 32 } as const;
    spent += rehearsal.runCounted({ index: i, topology: topology.name, model: 'rehearsal', fault }).work.cyclesRun;
  }
  // Last, what the injections need least often: the code compiled for the replicas left after a failover.
  const offline = start.input.translate && topology.chassis > 1 ? [...Array(topology.chassis).keys()] : [];
  for (const chassis of offline) {
    if (contextArrived()) break;
    rehearsal.backToStart(topology);
    m.takeOffline(chassis, 'warm-up');
    m.run({ maxCycles: start.maxCycles });
  }
  return rehearsal.backToStart(topology);
}

export class InjectionRunner {
  private readonly harnesses = new Map<string, KeptHarness>();
  private readonly byName: Map<string, GoldenRun>;
  /** Runs so far and what they cost, summed. */
  stats: RunWork & { readonly runs: number } = { runs: 0, ...NO_WORK };

  /** `warm`: machines built already, by topology name (warmHarnesses). */
  constructor(private readonly ctx: InjectionContext, warm: ReadonlyMap<string, WarmHarness> = new Map()) {
    this.byName = new Map(ctx.goldens.map((g) => [g.topology.name, g]));
    for (const [name, { harness, holds }] of warm) {
      // The golden run was built as this machine was: its snapshot at cycle 0 should be the state it holds (checked, not assumed).
      const first = this.byName.get(name)?.points[0];
      const same = holds && first?.cycle === 0 && equalsPagedValue(holds.snapshot, first.snapshot, ctx.pages, holds.pages);
      this.harnesses.set(name, { harness, snapshots: new SnapshotMaterializer(ctx.pages), restored: same ? first.snapshot : undefined });
    }
  }

  run(task: InjectionTask): InjectionResult {
    return this.runCounted(task).result;
  }

  /** One injection, with what it cost the engine. */
  runCounted(task: InjectionTask): { result: InjectionResult; work: RunWork } {
    const golden = this.byName.get(task.topology);
    if (!golden) throw new Error(`no golden run for topology ${task.topology}`);
    const { fault } = task;
    // Without snapshots, a run with a disk gets a machine and a freshly mounted disk of its own at cycle 0
    // (the others restore the golden snapshot at cycle 0, which is the same state).
    const fresh = this.ctx.input.disk !== undefined && !this.ctx.useSnapshots;
    const kept = fresh ? undefined : this.harness(golden.topology);
    const { harness: h, snapshots } = kept ?? { harness: new GuestHarness(this.ctx.input, golden.topology, [fault], this.ctx.repairAfter), snapshots: undefined };
    const m = h.machine;
    const translatorBefore = translatorCounts(m);
    if (!fresh && h.disk && fault.target === 'disk') checkDiskFault(fault, golden.topology.chassis, h.disk.blockCount, 'disk fault');
    const start = this.ctx.useSnapshots ? lastPointAtOrBefore(golden.points, fault.at) : 0;
    const point = golden.points[start];
    // A disk comes back settled: its file system rebuilt over the snapshot's blocks and open files.
    if (kept) this.restoreKept(kept, point);
    h.stdin.offset = point.stdin;
    h.stdout.compareWith(golden.stdout, point.stdout);
    h.stderr.compareWith(golden.stderr, point.stderr);

    const injector = new FaultInjector(m, [fault]);
    const resync = this.ctx.repairAfter === undefined ? undefined : attachResyncer(m, this.ctx.repairAfter);
    // The disk settles where the golden run did; before the injector, as there (settle-points.ts).
    const settle = h.disk && new SettlePoints(m, golden.interval, () => h.disk!.settle(), snapshots ? point.cycle : undefined);
    const hooks: RunHooks = combineHooks(...(settle ? [settle] : []), injector, ...(resync ? [resync.hooks] : []));
    const hangLimit = Math.ceil(this.ctx.hangFactor * golden.cycles);
    const checks = this.ctx.useSnapshots && this.ctx.convergence ? checkpoints(golden.points, fault.at, hangLimit) : [];

    let outcome: RunOutcome | undefined;
    // When the run rejoins the golden run: the golden events still to come.
    let goldenTail: readonly MachineEvent[] | undefined;
    // The cycle at which it rejoined the golden run (by convergence).
    let rejoinedAt: number | undefined;
    let note: string | undefined;
    try {
      for (;;) {
        const check = checks.shift();
        outcome = m.run({ maxCycles: check?.cycle ?? hangLimit }, hooks);
        if (check === undefined || outcome.kind !== 'limit' || Number(m.cycle) !== check.cycle) break;
        const rejoined = injector.pendingFaults.length === 0 && (!resync || resync.hooks.nextCycle(m.cycle) === undefined) ? this.rejoined(h, check, kept) : undefined;
        if (rejoined) {
          goldenTail = golden.events.slice(check.events);
          rejoinedAt = check.cycle;
          if (kept) kept.rejoined = { snapshot: check.snapshot, stateMasks: rejoined.stateMasks };
          break;
        }
      }
    } catch (error) {
      // A memory fault at an address the program has not mapped at that cycle
      // lands in memory nothing uses: like a flip in an unused DIMM row, it is masked.
      if (!(error instanceof UserError) || fault.target !== 'memory' || !/not mapped/.test(error.message)) throw error;
      goldenTail = golden.events.slice(point.events).filter((e) => e.cycle >= fault.at);
      note = 'address not mapped at that cycle: nothing used the flipped cells';
    } finally {
      resync?.detach();
    }
    // The files the program wrote are part of its output: the disk as it left it, against the golden run's.
    // A run that rejoined the golden run leaves the golden run's files (its disk is the golden one's there, and so is the rest).
    if (goldenTail) h.disk?.discard();
    else h.disk?.finish();
    const filesMatch = h.disk === undefined || goldenTail !== undefined || h.disk.contentDigest === golden.diskDigest;

    const translator = translatorCounts(m);
    const work: RunWork = {
      rejoined: rejoinedAt === undefined ? 0 : 1,
      cyclesSkipped: rejoinedAt === undefined ? 0 : golden.cycles - rejoinedAt,
      cyclesRun: Number(m.cycle) - point.cycle,
      translatedCycles: translator.translatedCycles - translatorBefore.translatedCycles,
      blocksCompiled: translator.blocksCompiled - translatorBefore.blocksCompiled,
      compileMs: translator.compileMs - translatorBefore.compileMs,
    };
    this.stats = { runs: this.stats.runs + 1, ...addWork(this.stats, work) };
    const runEvents = m.events.slice(point.events);
    const events = goldenTail ? [...runEvents, ...goldenTail] : runEvents;
    const facts = goldenTail || !outcome
      ? { outcome: golden.outcome, outputMatches: true, events }
      : { outcome: { kind: outcome.kind, status: outcome.status, signal: outcome.kind === 'signal' ? outcome.signal : undefined }, outputMatches: h.stdout.matchesWhole && h.stderr.matchesWhole && filesMatch, events };
    const latency = detectionLatency(fault.at, events);
    const result: InjectionResult = {
      index: task.index,
      outcome: classify(facts, golden.outcome),
      latency: latency ?? null,
      cycles: goldenTail ? golden.cycles : Number(m.cycle),
      status: facts.outcome.status,
      events: events.slice(0, MAX_EVENTS),
      ...(events.length > MAX_EVENTS ? { eventsOmitted: events.length - MAX_EVENTS } : {}),
      ...(note ? { note } : {}),
      ...(filesMatch ? {} : { note: 'the files on the disk differ from the fault-free run' }),
    };
    return { result, work };
  }

  /** The kept machine at point, writing only what it does not hold already (restore-plan.ts). */
  private restoreKept(kept: KeptHarness, point: GoldenPoint): void {
    const m = kept.harness.machine;
    const held = heldPages(point.snapshot, {
      restored: this.sinceRestore(m, kept),
      rejoined: kept.rejoined,
      volatileStateBytes: this.volatileStateBytes(m),
    });
    kept.rejoined = undefined;
    m.restore(kept.snapshots.materialize(point.snapshot), held);
    kept.restored = m.memory.forgetWrites() ? point.snapshot : undefined;
  }

  /**
   * The kept machine of topology back at its golden run's snapshot at cycle
   * 0, as built, writing only what it does not hold (a warm-up's steps, see
   * warmUp), and that snapshot if the machine records its writes from there.
   */
  backToStart(topology: Topology): WarmHarness {
    const kept = this.harness(topology);
    const point = this.byName.get(topology.name)!.points[0]!;
    this.restoreKept(kept, point);
    kept.harness.stdin.offset = point.stdin;
    return { harness: kept.harness, ...(kept.restored && point.cycle === 0 ? { holds: { snapshot: point.snapshot, pages: this.ctx.pages } } : {}) };
  }

  private harness(topology: Topology): KeptHarness {
    let h = this.harnesses.get(topology.name);
    if (!h) {
      h = { harness: new GuestHarness(this.ctx.input, topology, [], this.ctx.repairAfter, true), snapshots: new SnapshotMaterializer(this.ctx.pages) };
      this.harnesses.set(topology.name, h);
    }
    return h;
  }

  /** Let go of the machines kept between runs (their disks' file-system workers). */
  dispose(): void {
    for (const { harness } of this.harnesses.values()) harness.dispose();
    this.harnesses.clear();
  }

  /** Whether the run is back where the golden run was at this point (stdio included), and how. */
  private rejoined(h: GuestHarness, point: GoldenPoint, kept: KeptHarness | undefined): Rejoined | undefined {
    if (h.machine.outcome || h.stdout.diverged || h.stderr.diverged) return undefined;
    if (h.stdout.position !== point.stdout || h.stderr.position !== point.stderr || h.stdin.offset !== point.stdin) return undefined;
    return rejoinsGolden(h.machine, point.snapshot, this.ctx.pages, this.sinceRestore(h.machine, kept));
  }

  /** The snapshot the kept machine was last restored to and the frames written since, when it recorded them. */
  private sinceRestore(m: Machine, kept: KeptHarness | undefined): LiveMachine['restored'] {
    const written = kept?.restored && m.memory.writtenSinceForget();
    return written ? { snapshot: kept!.restored!, written } : undefined;
  }

  /** The state block's head, always written: the control block, the replicas and their store logs. */
  private volatileStateBytes(m: Machine): number {
    const { LAYOUT_BASE, PAGE_TABLE_BASE } = m.core.layout;
    return PAGE_TABLE_BASE - LAYOUT_BASE;
  }
}

/** A machine kept from run to run, with what is known of its memory (restore-plan.ts). */
interface KeptHarness {
  readonly harness: GuestHarness;
  readonly snapshots: SnapshotMaterializer;
  /** The snapshot last restored, while the machine records the frames written since. */
  restored?: PagedSnapshot;
  /** The golden snapshot its last run rejoined. */
  rejoined?: LiveMachine['rejoined'];
}

/** The translator's running totals on this machine (zeros while it never translated). */
function translatorCounts(m: Machine): { translatedCycles: number; blocksCompiled: number; compileMs: number } {
  const s = m.core.translationStats();
  return { translatedCycles: Number(s?.translatedCycles ?? 0n), blocksCompiled: s?.blocksCompiled ?? 0, compileMs: s?.compileMs ?? 0 };
}

function lastPointAtOrBefore(points: readonly GoldenPoint[], cycle: number): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid].cycle <= cycle) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The golden points after the fault at which to test for convergence: the 1st, 2nd, 4th, 8th… */
function checkpoints(points: readonly GoldenPoint[], faultCycle: number, hangLimit: number): GoldenPoint[] {
  const after = points.filter((p) => p.cycle > faultCycle && p.cycle < hangLimit);
  const out: GoldenPoint[] = [];
  for (let k = 1; k <= after.length; k *= 2) out.push(after[k - 1]);
  return out;
}

/** A Resyncer for one run, dropped when the run ends so a reused machine keeps no listener. */
function attachResyncer(machine: Machine, repairAfter: number): { hooks: Resyncer; detach(): void } {
  const hooks = new Resyncer(machine, BigInt(repairAfter));
  return { hooks, detach: () => hooks.dispose() };
}
