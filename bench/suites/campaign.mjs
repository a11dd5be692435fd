/**
 * Fault-injection campaign throughput (issue 6 item 7): injections per minute
 * on a workload of about a million cycles, with and without snapshot
 * fast-forward (restoring the golden run's nearest snapshot before each
 * injection instead of running from cycle 0).
 *
 * It drives the outside contract, `ftvm campaign FILE --out RESULTS.jsonl`
 * with a campaign file holding program, args, stdin, topologies, faults,
 * injections and seed. Support is detected by `ftvm campaign --help`
 * succeeding; the switches are read from that help: one that turns snapshots
 * off (--no-snapshots, --no-snapshot, --no-fast-forward), --no-convergence
 * (runs that rejoin the golden run stop early; it needs snapshots, so it is
 * shown as a variant of its own), and a worker count (--workers, --jobs), set
 * to 1 so the figure is per core. The wall time of the whole command is
 * measured (node start-up and the golden run included: what a user sees);
 * the injection count comes from the results file, and the command's own
 * summary line, when it prints one, splits out the injection phase. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtSeconds, fmtRatio } from '../lib/format.mjs';

// Issue 6 asks for a workload of about a million cycles: the project's checksum sample with
// 14 rounds is that (~1.1 M), as in examples/campaigns/protection-schemes.yaml; crc32 with one
// pass (~3 M, the smallest fixture run) stands in where the sample is missing.
const WORKLOADS = [
  { label: 'programs/checksum.asm 14', program: (repo) => join(repo, 'programs', 'checksum.asm'), args: ['14'] },
  { label: 'crc32 1', program: (repo) => join(repo, 'bench', 'workloads', 'bin', 'crc32'), args: ['1'] },
];
const TOPOLOGY = 'pair-spare';
const FAULTS = [{ target: 'register' }];

export function detectCampaign(cli) {
  if (!existsSync(cli)) return { supported: false, note: `${cli} is missing (npm run build)` };
  const r = spawnSync(process.execPath, [cli, 'campaign', '--help'], { encoding: 'utf8' });
  if (r.status !== 0) {
    const said = `${r.stderr}${r.stdout}`.trim().split('\n').pop();
    return { supported: false, note: `\`ftvm campaign\` is not there yet (\`ftvm campaign --help\` exits ${r.status}: ${said})` };
  }
  const help = `${r.stdout}\n${r.stderr}`;
  const has = (opt) => new RegExp(`(^|[\\s,\\[])${opt}(?![\\w-])`, 'm').test(help);
  const noSnapshots = ['--no-snapshots', '--no-snapshot', '--no-fast-forward'].find(has) ?? null;
  const noConvergence = ['--no-convergence'].find(has) ?? null;
  const workers = ['--workers', '--jobs'].find(has) ?? null;
  return { supported: true, noSnapshots, noConvergence, workers };
}

export default {
  name: 'campaign',
  title: 'Campaign injections per minute',
  description: 'fault-injection campaign throughput with and without snapshot fast-forward (issue 6 item 7)',

  async run(ctx) {
    const detected = detectCampaign(ctx.paths.cli);
    if (!detected.supported) return { status: 'skipped', note: detected.note, rows: [] };
    const workload = WORKLOADS.find((w) => existsSync(w.program(ctx.paths.repo)));
    if (!workload) return { status: 'skipped', note: `none of ${WORKLOADS.map((w) => w.label).join(', ')} is there`, rows: [] };
    const injections = ctx.options.quick ? 6 : 40;
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-bench-campaign-'));
    const rows = [];
    try {
      const file = join(dir, 'campaign.json');
      writeFileSync(file, JSON.stringify({ program: workload.program(ctx.paths.repo), args: workload.args, stdin: '', topologies: [TOPOLOGY], faults: FAULTS, injections, seed: 1 }, null, 2));
      // Convergence (stopping a run once it rejoins the golden run) needs snapshots: shown apart when it can be turned off.
      const variants = [{ name: 'snapshots + convergence', snapshots: true, extra: [] }];
      if (detected.noConvergence) variants.push({ name: 'snapshots only', snapshots: true, extra: [detected.noConvergence] });
      if (detected.noSnapshots) variants.push({ name: 'from cycle 0', snapshots: false, extra: [detected.noSnapshots] });
      for (const v of variants) {
        const out = join(dir, `results-${rows.length}.jsonl`);
        const args = [ctx.paths.cli, 'campaign', file, '--out', out, ...(detected.workers ? [detected.workers, '1'] : []), ...v.extra];
        ctx.log(`campaign: ${injections} injections into ${workload.label} × ${TOPOLOGY}, ${v.name}`);
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const records = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)) : [];
        const outcomes = {};
        for (const rec of records) outcomes[rec.outcome] = (outcomes[rec.outcome] ?? 0) + 1;
        // The command's own summary line splits the golden runs from the injections, when it prints one.
        const said = /in ([\d.]+) s \(\d+\/min[^;]*; golden runs ([\d.]+) s, (\d+) cycles; (\d+) runs rejoined/.exec(r.stderr ?? '');
        const problem = r.status !== 0 ? `exit status ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}` : records.length === 0 ? 'no results written' : null;
        rows.push({
          variant: v.name,
          snapshots: v.snapshots,
          command: ['ftvm', ...args.slice(1)].join(' '),
          workers: detected.workers ? 1 : 'campaign default',
          injections: records.length,
          seconds,
          injectionsPerMinute: records.length > 0 ? (records.length / seconds) * 60 : null,
          injectionSeconds: said ? Number(said[1]) : null,
          injectionPhasePerMinute: said && Number(said[1]) > 0 ? (records.length / Number(said[1])) * 60 : null,
          goldenSeconds: said ? Number(said[2]) : null,
          goldenCycles: said ? Number(said[3]) : null,
          rejoined: said ? Number(said[4]) : null,
          outcomes,
          ok: problem === null,
          problem,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const on = rows.find((r) => r.variant === 'snapshots + convergence' && r.ok);
    const off = rows.find((r) => !r.snapshots && r.ok);
    return {
      status: 'ok',
      note: detected.noSnapshots ? null : '`ftvm campaign --help` lists no switch to turn snapshots off (--no-snapshots, --no-snapshot or --no-fast-forward): only the default was measured',
      workload: { label: workload.label, args: workload.args },
      topology: TOPOLOGY,
      rows,
      speedup: {
        wholeCommand: on && off ? on.injectionsPerMinute / off.injectionsPerMinute : null,
        injectionPhase: on?.injectionPhasePerMinute && off?.injectionPhasePerMinute ? on.injectionPhasePerMinute / off.injectionPhasePerMinute : null,
      },
    };
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const head = ['injections from', 'workers', 'injections', 'wall time', 'injections/min', 'injection phase', '/min', 'golden', 'rejoined', 'outcomes', 'status'];
    const rows = result.rows.map((r) => [
      r.variant,
      String(r.workers),
      String(r.injections),
      fmtSeconds(r.seconds),
      r.injectionsPerMinute === null ? '-' : r.injectionsPerMinute.toFixed(0),
      r.injectionSeconds === null ? '-' : fmtSeconds(r.injectionSeconds),
      r.injectionPhasePerMinute === null ? '-' : r.injectionPhasePerMinute.toFixed(0),
      r.goldenSeconds === null ? '-' : fmtSeconds(r.goldenSeconds),
      r.rejoined === null ? '-' : String(r.rejoined),
      Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
      r.ok ? 'ok' : `FAILED: ${r.problem}`,
    ]);
    const notes = [
      `${result.workload.label} under ${result.topology}, register bit flips. injections/min counts the whole \`ftvm campaign\` command (node start-up and golden run included); the injection phase and golden columns are the command's own summary.`,
      `snapshot fast-forward (with convergence) against runs from cycle 0: ${fmtRatio(result.speedup.injectionPhase)} in the injection phase, ${fmtRatio(result.speedup.wholeCommand)} for the whole command (taking the snapshots makes the golden run slower; the fewer the injections, the more that weighs).`,
      'The command reports its phase times to 0.1 s.',
    ];
    if (result.note) notes.push(result.note);
    return [{ heading: this.title, table: { head, rows, align: 'lrrrrrrrrll' }, notes }];
  },
};
