/**
 * `ftvm bench [OPTIONS] PROGRAM [ARGS...]`: how fast one program runs on each
 * topology — guest MIPS, the time ratio against simplex, and the slowdown
 * against running it natively when this host can (an x86 host runs i386
 * binaries). The full benchmark suite over the standard workloads is
 * `npm run bench` (bench/run.mjs).
 */
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { captureRun } from '../machine/captured-run';
import { TOPOLOGY_PRESETS, parseTopologyWithEngine, interpretedTwin } from '../machine/topology';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { parseOptions, formatHelp, intOption, type OptionSpec } from './options';
import { readProgram, isAssemblySource } from '../programs/read-program';
import { barChart } from '../reports/bar-chart';
import { translatedShare } from './stats-report';
import type { TranslationSummary } from '../engine';
import { i386Runner } from '../../bench/lib/i386-runner.mjs';

const DEFAULT_TOPOLOGIES = [...Object.keys(TOPOLOGY_PRESETS).flatMap((t) => [t, `${t}+translate`]), 'pair-spare+threads'];

const OPTIONS: OptionSpec[] = [
  { name: 'topology', value: 'NAME', repeatable: true, help: `topologies to measure (default: all of ${DEFAULT_TOPOLOGIES.join(', ')}); NAME+threads runs NAME's chassis on worker threads, NAME+translate compiles hot blocks to WebAssembly` },
  { name: 'runs', value: 'N', help: 'timed runs per topology, best one reported (default 3)' },
  { name: 'help', help: 'show this help' },
];

interface Row {
  topology: string;
  cycles: bigint;
  seconds: number;
  mips: number;
  /** What the translator did in that run (a +translate topology). */
  translation?: TranslationSummary;
}

type Native = { readonly seconds: number } | { readonly unavailable: string };

/**
 * Best-of-n native wall time, from runs that succeeded and printed what ftvm's
 * did (stdout and exit status); otherwise why there is no figure. Only a
 * kernel that runs i386 binaries gives one: qemu-i386 is not native speed.
 */
function nativeSeconds(path: string, args: string[], runs: number, expected: { stdout: Buffer; status: number }): Native {
  const runner = i386Runner();
  if (runner.kind !== 'native') return { unavailable: runner.kind === 'qemu' ? `this host runs i386 binaries only under ${runner.label}, not natively (${runner.why})` : `this host runs no i386 binaries (${runner.why})` };
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(path, args, { env: {}, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
    const seconds = (performance.now() - start) / 1000;
    if (r.error) return { unavailable: `the native run failed (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
    const status = r.signal ? 128 + (osConstants.signals[r.signal] ?? 0) : r.status;
    if (status !== expected.status) return { unavailable: `the native run ended with status ${status}, ftvm's with ${expected.status}` };
    if (!r.stdout.equals(expected.stdout)) return { unavailable: 'the native run printed something else than ftvm' };
    best = Math.min(best, seconds);
  }
  return { seconds: best };
}

export function benchCommand(argv: readonly string[]): number {
  const opts = parseOptions('bench', OPTIONS, argv, true);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp('ftvm bench [OPTIONS] PROGRAM [ARGS...]', 'Measure a program on each topology: guest MIPS, time against simplex, slowdown against native.\nThe full suite over the standard workloads is `npm run bench`.', OPTIONS));
    return 0;
  }
  const [path, ...args] = opts.rest;
  if (path === undefined) throw new UserError('bench: no program given (usage: ftvm bench [OPTIONS] PROGRAM [ARGS...])');
  const topologies = opts.values.get('topology') ?? DEFAULT_TOPOLOGIES;
  for (const t of topologies) parseTopologyWithEngine(t, 'bench');
  const runs = intOption('bench', 'runs', opts.values.get('runs')?.[0], 3, 1, 100);
  const image = readProgram(path);

  const rows: Row[] = [];
  let reference: { stdout: Buffer; status: number } | undefined;
  for (const topology of topologies) {
    let best: Row | undefined;
    for (let i = 0; i < runs; i++) {
      const { name, threads, translate } = parseTopologyWithEngine(topology, 'bench');
      const r = captureRun({ topology: name, path, image, args, threads, translate });
      reference ??= { stdout: r.stdout, status: r.outcome.status };
      if (!r.stdout.equals(reference.stdout)) throw new UserError(`bench: ${quoteName(path)} printed something else under ${topology}: not deterministic, not a benchmark`);
      const cycles = r.engine.cycle;
      if (!best || r.seconds < best.seconds) best = { topology, cycles, seconds: r.seconds, mips: Number(cycles) / r.seconds / 1e6, translation: r.engine.statsInput().translation };
    }
    rows.push(best!);
    writeSync(2, `  ${topology}: ${best!.mips.toFixed(1)} MIPS\n`);
  }
  // Native time includes process creation, which dominates short programs: shown, not hidden.
  const outcome = isAssemblySource(path) ? { unavailable: 'an assembly source has no native binary' } : nativeSeconds(path, args, runs, reference!);
  const native = 'seconds' in outcome ? outcome.seconds : undefined;
  const simplex = rows.find((r) => r.topology === 'simplex');
  const width = Math.max(19, ...rows.map((r) => r.topology.length));
  const lines = [
    `${quoteName(path)}: ${rows[0].cycles} guest instructions, best of ${runs} (wall time; +threads: chassis on worker threads, side by side; +translate: hot blocks compiled, compile time included; a later run compiles faster, in a V8 warmed up by the earlier ones)`,
    '',
    `${'topology'.padEnd(width)}  seconds    guest MIPS  x simplex  x native   blocks  compile ms  translated`,
  ];
  for (const r of rows) {
    const t = r.translation;
    const translation = t ? `${String(t.blocksCompiled).padStart(8)}  ${t.compileMs.toFixed(1).padStart(10)}  ${`${(translatedShare(t) * 100).toFixed(1)}%`.padStart(10)}` : `${'-'.padStart(8)}  ${'-'.padStart(10)}  ${'-'.padStart(10)}`;
    lines.push(`${r.topology.padEnd(width)} ${r.seconds.toFixed(4).padStart(8)}  ${r.mips.toFixed(2).padStart(11)}  ${simplex ? (r.seconds / simplex.seconds).toFixed(2).padStart(9) : '        -'}  ${native ? (r.seconds / native).toFixed(1).padStart(8) : '       -'}  ${translation}`);
  }
  // Each translated row beside the same topology interpreted, when both were measured.
  for (const r of rows.filter((x) => x.translation)) {
    const twin = rows.find((x) => x.topology === interpretedTwin(r.topology));
    if (twin) lines.push(`${r.topology} against ${twin.topology}: ${(twin.seconds / r.seconds).toFixed(2)}x the speed`);
  }
  lines.push('seconds' in outcome ? `native             ${outcome.seconds.toFixed(4).padStart(8)}  (wall time of a spawned process, start-up included; same output as ftvm)` : `native: unavailable: ${outcome.unavailable}`);
  lines.push('', barChart(rows.map((r) => [r.topology, r.mips]), 'guest MIPS'));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
