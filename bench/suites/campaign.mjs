/**
 * Fault-injection campaign throughput (issue 6 item 7): injections per minute
 * on a short workload, with and without snapshot fast-forward (restoring the
 * golden run's nearest snapshot before each injection instead of running from
 * the start).
 *
 * It drives the documented outside contract, `ftvm campaign FILE --out
 * RESULTS.jsonl` with a campaign file holding program, args, stdin,
 * topologies, faults, injections and seed. Support is detected by
 * `ftvm campaign --help` succeeding; the switches are read from that help:
 * one that turns snapshots off (--no-snapshots, --no-snapshot,
 * --no-fast-forward) and one that sets the worker count (--workers, --jobs),
 * used to pin one worker so the figure is per core. Wall time of the whole
 * command is measured (node start-up and the golden run included), so the
 * figure is what a user sees; the injection count is read from the results.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtSeconds } from '../lib/format.mjs';

// crc32 with one pass is the smallest fixture run (~3 M cycles; its setup alone is ~0.9 M).
const WORKLOAD = { name: 'crc32', args: ['1'] };
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
  const workers = ['--workers', '--jobs'].find(has) ?? null;
  return { supported: true, noSnapshots, workers };
}

export default {
  name: 'campaign',
  title: 'Campaign injections per minute',
  description: 'fault-injection campaign throughput with and without snapshot fast-forward (issue 6 item 7)',

  async run(ctx) {
    const detected = detectCampaign(ctx.paths.cli);
    if (!detected.supported) return { status: 'skipped', note: detected.note, rows: [] };
    const manifest = ctx.allWorkloads.find((w) => w.name === WORKLOAD.name);
    if (!manifest) return { status: 'skipped', note: `workload ${WORKLOAD.name} is not in the manifest`, rows: [] };
    const injections = ctx.options.quick ? 6 : 40;
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-bench-campaign-'));
    const rows = [];
    try {
      const file = join(dir, 'campaign.json');
      writeFileSync(file, JSON.stringify({ program: manifest.binary, args: WORKLOAD.args, stdin: '', topologies: [TOPOLOGY], faults: FAULTS, injections, seed: 1 }, null, 2));
      const variants = [{ snapshots: true, extra: [] }];
      if (detected.noSnapshots) variants.push({ snapshots: false, extra: [detected.noSnapshots] });
      for (const v of variants) {
        const out = join(dir, `results-${v.snapshots ? 'snap' : 'nosnap'}.jsonl`);
        const args = [ctx.paths.cli, 'campaign', file, '--out', out, ...(detected.workers ? [detected.workers, '1'] : []), ...v.extra];
        ctx.log(`campaign: ${injections} injections into ${WORKLOAD.name} ${WORKLOAD.args.join(' ')} × ${TOPOLOGY}, snapshots ${v.snapshots ? 'on' : 'off'}`);
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const records = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)) : [];
        const outcomes = {};
        for (const rec of records) outcomes[rec.outcome] = (outcomes[rec.outcome] ?? 0) + 1;
        const problem = r.status !== 0 ? `exit status ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}` : records.length === 0 ? 'no results written' : null;
        rows.push({
          snapshots: v.snapshots,
          command: ['ftvm', ...args.slice(1)].join(' '),
          workers: detected.workers ? 1 : 'campaign default',
          injections: records.length,
          seconds,
          injectionsPerMinute: records.length > 0 ? (records.length / seconds) * 60 : null,
          outcomes,
          ok: problem === null,
          problem,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const on = rows.find((r) => r.snapshots && r.ok);
    const off = rows.find((r) => !r.snapshots && r.ok);
    return {
      status: 'ok',
      note: detected.noSnapshots ? null : '`ftvm campaign --help` lists no switch to turn snapshots off (--no-snapshots, --no-snapshot or --no-fast-forward): only the default was measured',
      workload: WORKLOAD,
      topology: TOPOLOGY,
      rows,
      speedup: on && off ? on.injectionsPerMinute / off.injectionsPerMinute : null,
    };
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const head = ['snapshots', 'workers', 'injections', 'wall time', 'injections/min', 'outcomes', 'status'];
    const rows = result.rows.map((r) => [
      r.snapshots ? 'on' : 'off',
      String(r.workers),
      String(r.injections),
      fmtSeconds(r.seconds),
      r.injectionsPerMinute === null ? '-' : r.injectionsPerMinute.toFixed(0),
      Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
      r.ok ? 'ok' : `FAILED: ${r.problem}`,
    ]);
    const notes = [
      `${result.workload.name} ${result.workload.args.join(' ')} under ${result.topology}; wall time of the whole \`ftvm campaign\` command (start-up and golden run included).`,
      result.speedup === null ? 'snapshot speed-up: -' : `snapshot fast-forward speed-up: ${result.speedup.toFixed(2)}×.`,
    ];
    if (result.note) notes.push(result.note);
    return [{ heading: this.title, table: { head, rows, align: 'lrrrrll' }, notes }];
  },
};
