#!/usr/bin/env node
/**
 * ftvm's benchmark (`npm run bench`): runs the suites of bench/suites over the
 * workloads of bench/workloads against the built library (dist/), prints a
 * report on stdout and writes it as JSON and Markdown under bench/results/.
 * See bench/README.md.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve, relative } from 'node:path';
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import { SUITES } from './suites/index.mjs';
import { loadManifest, planWorkload } from './lib/workloads.mjs';
import { parseOptions, USAGE, UsageError } from './lib/options.mjs';
import { hostInfo, codeInfo, staleBuildWarning } from './lib/host.mjs';
import { renderText, renderMarkdown } from './lib/report.mjs';
import { fmtCount } from './lib/format.mjs';
import { i386Runner, describeRunner } from './lib/i386-runner.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repo = resolve(benchDir, '..');
const paths = {
  repo,
  library: join(repo, 'dist', 'index.js'),
  cli: join(repo, 'dist', 'cli.js'),
  workloads: join(benchDir, 'workloads'),
  results: join(benchDir, 'results'),
};

const started = Date.now();
function log(message) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${t}s] ${message}\n`);
}

async function main(argv) {
  const manifest = loadManifest(paths.workloads);
  let options;
  try {
    options = parseOptions(argv, { workloads: manifest.map((w) => w.name), suites: SUITES.map((s) => s.name) });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!existsSync(paths.library)) {
    process.stderr.write('bench: dist/index.js is missing: run `npm run build` first\n');
    return 2;
  }
  const lib = await import(pathToFileURL(paths.library).href);

  const warnings = [];
  const stale = staleBuildWarning(repo);
  if (stale) warnings.push(stale);
  const code = codeInfo(repo);
  if (code.uncommittedChangesInSrcOrAsm) warnings.push('src/ or asm/ has uncommitted changes: the commit below is not the whole story');
  const host = hostInfo(repo);
  const busy = host.loadAverageAtStart[0] > host.logicalCpus / 2;
  if (busy) warnings.push(`the host is busy (load average ${host.loadAverageAtStart[0]} on ${host.logicalCpus} CPUs): figures will be noisy and slow${options.estimator === 'mean' ? '; --estimator best is steadier' : ''}`);
  for (const w of warnings) log(`warning: ${w}`);

  const runner = i386Runner();
  log(describeRunner(runner));
  log(`planning ${options.workloads.length} workload(s): manifest checks, repeat counts for ~${fmtCount(options.targetInstructions)} instructions per run`);
  const workloads = [];
  for (const w of manifest.filter((m) => options.workloads.includes(m.name))) {
    const plan = planWorkload(lib, w, { targetInstructions: options.targetInstructions, log, runner });
    log(`${w.name}: measured runs use arguments [${plan.args.join(' ')}], output checked against the ${plan.expectedFrom}`);
    workloads.push(plan);
  }

  const ctx = {
    lib,
    options,
    paths,
    workloads,
    allWorkloads: manifest,
    topologies: options.topologies,
    // simplex+translate gets simplex's samples: the two are compared side by side.
    samplesFor: (topology) => options.samples ?? (options.quick ? 1 : topology === 'simplex' || topology === 'simplex+translate' ? 5 : 3),
    log,
  };
  const results = {};
  for (const suite of SUITES.filter((s) => options.suites.includes(s.name))) {
    log(`suite ${suite.name}: ${suite.description}`);
    try {
      results[suite.name] = await suite.run(ctx);
    } catch (e) {
      log(`suite ${suite.name} failed: ${e.stack ?? e}`);
      results[suite.name] = { status: 'error', note: String(e.message ?? e) };
    }
    if (results[suite.name].status === 'skipped') log(`suite ${suite.name} skipped: ${results[suite.name].note}`);
  }

  const date = new Date().toISOString();
  host.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const failures = collectFailures(workloads, results);
  const blocks = [headerBlock({ date, host, code, options, warnings, failures, runner }), workloadsBlock(workloads)];
  for (const suite of SUITES.filter((s) => results[s.name])) {
    const r = results[suite.name];
    blocks.push(...(r.status === 'error' ? [{ heading: suite.title, notes: [`FAILED: ${r.note}`] }] : suite.render(r, results)));
  }

  process.stdout.write(renderText(blocks));
  const prefix = options.out ? resolve(options.out) : join(paths.results, options.complete ? 'latest' : 'partial');
  mkdirSync(dirname(prefix), { recursive: true });
  const json = {
    schema: 'ftvm-bench/1',
    date,
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    host,
    code,
    i386Reference: { kind: runner.kind, label: runner.label, why: runner.why },
    options: { ...options, help: undefined },
    warnings,
    failures,
    workloads: workloads.map(({ image, binary, ...rest }) => ({ ...rest, binary: relative(repo, binary) })),
    suites: Object.fromEntries(
      Object.entries(results).map(([name, r]) => {
        const suite = SUITES.find((s) => s.name === name);
        return [name, suite.derive && r.status === 'ok' ? { ...r, derived: suite.derive(r, results) } : r];
      }),
    ),
  };
  writeFileSync(`${prefix}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(`${prefix}.md`, renderMarkdown(blocks));
  log(`wrote ${relative(process.cwd(), prefix)}.json and .md in ${json.durationSeconds} s`);
  if (failures.length > 0) {
    for (const f of failures) log(`FAILED: ${f}`);
    return 1;
  }
  return 0;
}

/** Every wrong answer or broken suite, one line each: any makes the exit status 1. */
function collectFailures(workloads, results) {
  const out = [];
  for (const w of workloads) for (const c of w.checks) if (!c.ok) out.push(`${w.name}: ${c.what}: ${c.problem}`);
  for (const [name, r] of Object.entries(results)) {
    if (r.status === 'error') out.push(`suite ${name}: ${r.note}`);
    for (const row of r.rows ?? []) {
      if (!row.ok && !row.skipped) out.push(`suite ${name}: ${[row.workload, row.topology, row.mode, row.variant, row.engine].filter(Boolean).join(' × ') || 'run'}: ${row.problem}`);
    }
  }
  return out;
}

function headerBlock({ date, host, code, options, warnings, failures, runner }) {
  const mode = options.quick ? 'quick (one run per measurement: a smoke test, not figures to quote)' : options.complete ? 'complete' : 'partial selection';
  return {
    heading: 'ftvm benchmark',
    level: 1,
    notes: [
      `date ${date}; ${mode}; ratios and slowdowns from the ${options.estimator === 'best' ? 'fastest run (--estimator best)' : 'mean time (benchmark.js)'}`,
      `host: ${host.cpu}, ${host.logicalCpus} logical CPUs, ${host.memoryGiB} GiB, ${host.os}; node ${host.node} (V8 ${host.v8}); benchmark.js ${host.benchmarkJs}; load average ${host.loadAverageAtStart.join(' ')} at start, ${host.loadAverageAtEnd.join(' ')} at end; nice ${host.niceValue}`,
      `ftvm ${code.version} at ${code.commit ?? 'unknown commit'}${code.uncommittedChangesInSrcOrAsm ? ' (with uncommitted changes in src/ or asm/)' : ''}`,
      describeRunner(runner),
      ...warnings.map((w) => `warning: ${w}`),
      failures.length === 0 ? 'every check passed' : `${failures.length} FAILED check(s): ${failures.join('; ')}`,
    ],
  };
}

function workloadsBlock(workloads) {
  const rows = workloads.map((w) => [
    w.name,
    w.args.join(' ') || '(none)',
    w.expectedFrom === 'manifest' ? 'manifest' : `${w.expectedFrom} output, same args`,
    w.checks.map((c) => `${c.what}: ${c.ok ? 'ok' : 'FAILED'}`).join('; '),
    w.description,
  ]);
  return {
    heading: 'Workloads',
    table: { head: ['workload', 'measured args', 'reference', 'checks', 'what'], rows, align: 'lllll' },
    notes: [
      'The first argument of every workload is its repeat count (passes or rounds). Measured runs use one that aims at the target instruction count so that lockstep runs take seconds, not tens of seconds; the manifest\'s own expected output is checked on the i386 reference (native, or qemu-i386 where the kernel cannot run i386 binaries) and on ftvm (simplex) with the manifest\'s arguments.',
      ...workloads.filter((w) => !w.reference.available).map((w) => `${w.name}: ${w.reference.reason}; measured with the manifest's arguments.`),
    ],
  };
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exitCode = 1;
  },
);
