/**
 * Timing with benchmark.js. Two shapes of measurement:
 *
 * - a guest run on ftvm: one run is long (0.1-5 s), so every sample is exactly
 *   one run ("deferred" benchmark, minTime ~0): the machine is created and the
 *   ELF loaded before the timer starts (and a threaded machine's workers
 *   started), only the run is timed, and the
 *   output is checked after the timer stopped;
 * - a native process: short (a few ms), so benchmark.js is left to batch runs
 *   into samples of at least its minTime, as it normally does.
 *
 * benchmark.js inlines `setup`/`fn` source text when it can, which breaks
 * closures in an ES module; neither shape gives it a setup, so it always calls
 * our `fn` as a function.
 */
import Benchmark from 'benchmark';
import { spawnSync } from 'node:child_process';
import { prepareGuest, checkGuest, latin1 } from './guest.mjs';
import { i386Runner } from './i386-runner.mjs';

/** Run one benchmark.js benchmark to completion. */
function runBenchmark(name, options) {
  return new Promise((resolve, reject) => {
    const bench = new Benchmark(name, {
      ...options,
      onComplete() {
        if (bench.error) reject(bench.error);
        else resolve(bench);
      },
    });
    bench.run({ async: true });
  });
}

/** The statistics benchmark.js computed (seconds), in plain data. */
function statsOf(bench) {
  const s = bench.stats;
  const n = s.sample.length;
  const sorted = [...s.sample].sort((a, b) => a - b);
  return {
    samples: n,
    meanSeconds: s.mean,
    minSeconds: sorted[0],
    medianSeconds: n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    // With one sample there is no spread to speak of: say so rather than print 0%.
    rmePercent: n > 1 ? s.rme : null,
    deviationSeconds: n > 1 ? s.deviation : null,
    sampleSeconds: [...s.sample],
  };
}

// Untimed lead-in before a measurement, so V8's tier-up of the wasm core (per code path:
// topology, ECC mode) is not in the first sample. Cut short, so its output is not checked.
// A +translate topology compiles nothing before the timer starts (nor is the translator's own
// code warmed up), so compile time is all in the timed runs: on one thread it leads in on its
// own run loop, the translating one, with a hot count no block reaches (that loop, optimised
// late otherwise, cost mixed's first sample about 20 ms); with threads, whose workers start
// afresh for every run, it leads in interpreted.
const WARMUP_CYCLES = 2_000_000;
const UNREACHED_HOT_COUNT = 0xffffffff;

/** The lead-in's run: its topology and machine options. */
function leadIn(lib, spec) {
  const { threads, translate } = lib.parseTopologyWithEngine(spec.topology, 'bench');
  if (translate && !threads) return { ...spec, machineOptions: { ...spec.machineOptions, hotCount: UNREACHED_HOT_COUNT } };
  return { ...spec, topology: lib.interpretedTwin(spec.topology) };
}

/**
 * Time `samples` complete runs of a workload on fresh machines.
 * Returns timing, the cycle count (identical in every run, or a problem is
 * reported: ftvm is deterministic), guest MIPS, and the first problem found
 * (wrong output, bad exit, nondeterminism), if any.
 */
export async function measureGuest({ lib, workload, args, topology, machineOptions = {}, expected, samples, onRun, warmupCycles = WARMUP_CYCLES }) {
  const spec = { workload, args, topology, machineOptions };
  if (warmupCycles > 0) {
    const lead = runGuestOnce({ ...leadIn(lib, spec), lib, maxCycles: warmupCycles });
    if (lead.translation?.blocksCompiled) throw new Error(`bench: the lead-in of ${topology} compiled blocks`);
  }
  let pending = prepareGuest(lib, spec);
  const runs = [];
  let problem;
  const fn = (deferred) => {
    // Normally prepared after the previous run; only a stray extra call would pay for it here.
    const job = pending ?? prepareGuest(lib, spec);
    pending = undefined;
    const cpu = process.cpuUsage();
    const outcome = job.run();
    deferred.resolve(); // stops the timer; what follows is not timed
    const used = process.cpuUsage(cpu);
    const cycles = Number(job.machine.cycle);
    const issue = checkGuest(job, outcome, expected);
    if (issue && !problem) problem = issue;
    if (runs.length > 0 && cycles !== runs[0].cycles && !problem) {
      problem = `nondeterministic: ${cycles} cycles, earlier run ${runs[0].cycles}`;
    }
    // CPU time of every thread of the process: with chassis on worker threads it exceeds the wall time.
    runs.push({ cycles, outcome: outcome.kind, status: outcome.status, cpuSeconds: (used.user + used.system) / 1e6, translation: translationOf(job.machine) });
    onRun?.(runs.length, samples);
    if (runs.length < samples) pending = prepareGuest(lib, spec);
  };
  const bench = await runBenchmark(`${workload.name} ${topology}`, {
    defer: true,
    fn,
    minSamples: samples,
    maxTime: 0, // stop as soon as minSamples samples exist
    minTime: 1e-9, // one run per sample: every run is far above the timer's resolution
    initCount: 1,
    delay: 0,
  });
  const stats = statsOf(bench);
  const cycles = runs[0]?.cycles ?? 0;
  return {
    ...stats,
    runs: runs.length,
    cycles,
    mips: cycles / stats.meanSeconds / 1e6,
    cpuMeanSeconds: runs.reduce((sum, r) => sum + r.cpuSeconds, 0) / Math.max(1, runs.length),
    bestMips: cycles / stats.minSeconds / 1e6,
    translation: translationSummary(runs),
    ok: problem === undefined,
    problem: problem ?? null,
  };
}

/** What the translator did in a finished run (the engine's statistics), or null if it was off. */
function translationOf(engine) {
  const t = engine.statsInput().translation;
  if (!t) return null;
  return { blocksCompiled: t.blocksCompiled, blocksReused: t.blocksReused, compileSeconds: t.compileMs / 1000, translatedCycles: Number(t.translatedCycles), cycles: Number(t.cycles) };
}

/**
 * The translator's figures over the samples: every timed run is a fresh
 * machine that compiles every block it runs, so its compile time is inside
 * its timed run. Blocks and translated cycles are the same in every run (the
 * machine is deterministic); compile time is a mean.
 */
function translationSummary(runs) {
  const on = runs.map((r) => r.translation).filter((t) => t !== null);
  if (on.length === 0) return null;
  const first = on[0];
  return {
    blocksCompiled: first.blocksCompiled,
    blocksReused: first.blocksReused,
    translatedCycles: first.translatedCycles,
    translatedShare: first.cycles > 0 ? first.translatedCycles / first.cycles : 0,
    compileMeanSeconds: on.reduce((sum, t) => sum + t.compileSeconds, 0) / on.length,
    sameInEveryRun: on.every((t) => t.blocksCompiled === first.blocksCompiled && t.translatedCycles === first.translatedCycles),
    perRun: on,
  };
}

/** One untimed run (calibration, instruction counting), with its check. */
export function runGuestOnce({ lib, workload, args, topology, machineOptions = {}, expected, maxCycles }) {
  const job = prepareGuest(lib, { workload, args, topology, machineOptions, maxCycles });
  const t0 = process.hrtime.bigint();
  const outcome = job.run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cycles = Number(job.machine.cycle);
  return { outcome, cycles, seconds, stdout: latin1(job.stdout.bytes()), translation: translationOf(job.machine), problem: maxCycles === undefined ? checkGuest(job, outcome, expected) : null };
}

/**
 * Run a binary once as this host runs i386 binaries (natively, or under
 * qemu-i386 where the kernel cannot: see i386-runner.mjs): its stdout
 * (latin1, byte-exact), status, or why it could not run.
 */
export function runReference(binary, args, runner = i386Runner()) {
  if (runner.kind === 'none') return { ok: false, reason: `no i386 reference on this host (${runner.why})` };
  const [command, argv] = runner.command(binary, args);
  const r = spawnSync(command, argv, { env: {}, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  if (r.error) return { ok: false, reason: `${r.error.code ?? 'error'}: ${r.error.message}` };
  if (r.signal) return { ok: false, reason: `killed by ${r.signal}` };
  return { ok: r.status === 0, status: r.status, stdout: r.stdout, stderr: r.stderr, reason: r.status === 0 ? null : `exit status ${r.status}` };
}

/** Time runs of a binary on this host's i386 reference (each spawn checked against `expected`): native times when it is native. */
export async function measureNative({ binary, args, expected, minSamples, maxTime }) {
  let problem;
  let calls = 0;
  const fn = () => {
    const r = runReference(binary, args);
    calls++;
    if (!problem && (!r.ok || r.stdout !== expected)) problem = r.ok ? 'native output differs from the reference' : r.reason;
  };
  const bench = await runBenchmark(`native ${binary} ${args.join(' ')}`, { fn, minSamples, maxTime, delay: 0 });
  return { ...statsOf(bench), spawns: calls, runsPerSample: bench.count, ok: problem === undefined, problem: problem ?? null };
}
