/** The bench's command line. */
import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench -- [OPTIONS]      (or: node bench/run.mjs [OPTIONS])

Measures ftvm: guest MIPS per workload and topology, the time ratio against
simplex, the slowdown against native runs of the same binaries, and the suites
that apply once their subject exists (ECC cost, campaign throughput).

options:
  --workload NAME     only this workload (repeatable, or comma-separated)
  --topology NAME     only this topology: simplex, dmr, pair-spare, tmr, NAME+translate
                      (hot blocks compiled to WebAssembly: simplex+translate), or NAME+threads
                      (its chassis on worker threads: pair-spare+threads, tmr+threads), or both:
                      tmr+threads+translate (each one-core chassis compiles its own blocks) (repeatable)
  --suite NAME        only this suite: topologies, native, ecc, campaign, disk (repeatable)
  --quick             every measurement once, shorter native runs (a smoke test)
  --samples N         timed runs per ftvm measurement (default 5 simplex, 3 lockstep; 1 with --quick)
  --minstr N          aim each measured run at about N million guest instructions (default 20)
  --native-ms N       length to aim the long native run at, in ms (default 50; 25 with --quick)
  --estimator E       mean (default: benchmark.js' mean time) or best (fastest run: steadier
                      on a busy host) for the ratios, slowdowns and chart; both are reported
  --out PREFIX        write PREFIX.json and PREFIX.md (default bench/results/latest for a
                      complete run, bench/results/partial for a selection or --quick)
  -h, --help          this text

Progress goes to stderr, the report to stdout. Exit status 1 if any run computed
the wrong answer or a suite failed, 2 for a bad option.`;

// NAME+threads: the same machine with each chassis on its own worker thread (ParallelMachine).
export const TOPOLOGIES = ['simplex', 'simplex+translate', 'dmr', 'dmr+translate', 'pair-spare', 'pair-spare+translate', 'tmr', 'tmr+translate', 'pair-spare+threads', 'pair-spare+threads+translate', 'tmr+threads', 'tmr+threads+translate'];

const list = (values) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

function positiveNumber(name, text) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number (got '${text}')`);
  return n;
}

export class UsageError extends Error {}

/** Parse argv; throws UsageError with a one-line message. `known` lists valid workload and suite names. */
export function parseOptions(argv, known) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        workload: { type: 'string', multiple: true },
        topology: { type: 'string', multiple: true },
        suite: { type: 'string', multiple: true },
        quick: { type: 'boolean', default: false },
        samples: { type: 'string' },
        minstr: { type: 'string' },
        'native-ms': { type: 'string' },
        out: { type: 'string' },
        estimator: { type: 'string', default: 'mean' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const v = parsed.values;
  const pick = (flag, given, all) => {
    for (const name of given) if (!all.includes(name)) throw new UsageError(`unknown ${flag} '${name}' (expected one of ${all.join(', ')})`);
    return given.length === 0 ? all : all.filter((n) => given.includes(n));
  };
  const workloads = pick('workload', list(v.workload), known.workloads);
  const topologies = pick('topology', list(v.topology), TOPOLOGIES);
  const suites = pick('suite', list(v.suite), known.suites);
  const samples = positiveNumber('samples', v.samples);
  if (samples !== undefined && !Number.isInteger(samples)) throw new UsageError(`--samples must be a whole number (got '${v.samples}')`);
  if (!['mean', 'best'].includes(v.estimator)) throw new UsageError(`--estimator must be mean or best (got '${v.estimator}')`);
  const quick = v.quick;
  const complete = !quick && list(v.workload).length === 0 && list(v.topology).length === 0 && list(v.suite).length === 0;
  return {
    help: v.help,
    quick,
    complete,
    workloads,
    topologies,
    suites,
    samples: samples ?? null,
    targetInstructions: (positiveNumber('minstr', v.minstr) ?? 20) * 1e6,
    nativeTargetMs: positiveNumber('native-ms', v['native-ms']) ?? (quick ? 25 : 50),
    // Bounds the untimed ftvm run that counts the long native run's instructions (~3 s simplex).
    maxCountInstructions: 200e6,
    estimator: v.estimator,
    out: v.out ?? null,
  };
}
