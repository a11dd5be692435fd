/**
 * What ECC memory costs when no fault is present (issue 5 item 8): the same
 * runs with ECC off, fast (the default: only words the injector touched go
 * through the decoder) and paranoid (every access decoded). Target: fast at
 * most 3% slower than off. The scrubber runs as configured by default, since
 * that is part of what ECC costs a fault-free run.
 *
 * The machine option is `new Machine({ topology, ecc: { mode } })` with mode
 * 'off' | 'fast' | 'paranoid', reported back as `machine.ecc.mode`. Support
 * is detected, not assumed: a machine that ignored the option would otherwise
 * "measure" three identical runs.
 */
import { measureGuest } from '../lib/measure.mjs';
import { fmtSeconds, fmtRme, fmtMips, fmtPercent, geomean, seconds } from '../lib/format.mjs';

const MODES = ['off', 'fast', 'paranoid'];
const FAST_TARGET_PERCENT = 3;

export function detectEcc(lib) {
  const config = {};
  for (const mode of MODES) {
    let m;
    try {
      m = new lib.Machine({ topology: 'simplex', memoryMiB: 16, ecc: { mode } });
    } catch (e) {
      return { supported: false, note: `new Machine({ ecc: { mode: '${mode}' } }) throws: ${e.message}` };
    }
    if (m.ecc?.mode !== mode) {
      return { supported: false, note: `the machine has no ECC modes yet (new Machine({ ecc: { mode: '${mode}' } }) gives machine.ecc.mode ${JSON.stringify(m.ecc?.mode)})` };
    }
    config[mode] = { dimms: m.ecc.dimms?.count ?? null, scrubInterval: m.ecc.scrubInterval ?? null };
  }
  return { supported: true, note: null, config };
}

export default {
  name: 'ecc',
  title: 'ECC cost with no fault present',
  description: 'time with ECC off vs fast vs paranoid, no faults injected (issue 5 item 8)',

  async run(ctx) {
    const detected = detectEcc(ctx.lib);
    if (!detected.supported) return { status: 'skipped', note: detected.note, rows: [] };
    // Simplex shows the memory path's cost undiluted by lockstep; the first selected topology otherwise.
    const topology = ctx.topologies.includes('simplex') ? 'simplex' : ctx.topologies[0];
    const rows = [];
    for (const w of ctx.workloads) {
      for (const mode of MODES) {
        // Paranoid runs take several times longer: as many samples as a lockstep topology gets.
        const samples = ctx.samplesFor(mode === 'paranoid' ? 'pair-spare' : topology);
        const label = `ecc ${mode}: ${w.name} ${w.args.join(' ')} × ${topology}`;
        ctx.log(`${label}: ${samples} run${samples > 1 ? 's' : ''}`);
        const m = await measureGuest({ lib: ctx.lib, workload: w, args: w.args, topology, machineOptions: { ecc: { mode } }, expected: w.expected, samples });
        if (!m.ok) ctx.log(`${label}: FAILED: ${m.problem}`);
        rows.push({ workload: w.name, topology, mode, args: w.args, ...m });
      }
    }
    const est = ctx.options.estimator;
    for (const r of rows) {
      const off = rows.find((x) => x.workload === r.workload && x.mode === 'off');
      r.overheadPercent = r.ok && off?.ok ? (seconds(r, est) / seconds(off, est) - 1) * 100 : null;
    }
    const summary = MODES.map((mode) => {
      const ratios = rows.filter((r) => r.mode === mode && r.overheadPercent !== null).map((r) => 1 + r.overheadPercent / 100);
      const g = geomean(ratios);
      return { mode, geomeanOverheadPercent: g === null ? null : (g - 1) * 100 };
    });
    return { status: 'ok', note: null, estimator: est, config: detected.config, topology, rows, summary };
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const est = result.estimator;
    const head = ['workload', 'topology', 'ecc', 'runs', `time (${est})`, '±', 'MIPS (mean)', 'MIPS (best)', 'vs off', 'output'];
    const rows = result.rows.map((r) => [
      r.workload,
      r.topology,
      r.mode,
      String(r.runs),
      fmtSeconds(seconds(r, est)),
      fmtRme(r.rmePercent),
      r.ok ? fmtMips(r.mips) : '-',
      r.ok ? fmtMips(r.bestMips) : '-',
      r.overheadPercent === null ? '-' : fmtPercent(r.overheadPercent),
      r.ok ? 'ok' : `FAILED: ${r.problem}`,
    ]);
    const fast = result.summary.find((s) => s.mode === 'fast')?.geomeanOverheadPercent;
    const paranoid = result.summary.find((s) => s.mode === 'paranoid')?.geomeanOverheadPercent;
    const notes = [
      `No fault is injected: this is the price of having ECC, paid on every run. vs off compares ${est} times.`,
      fast === null || fast === undefined ? 'geomean cost of ecc fast: -' : `geomean cost of ecc fast (the default): ${fmtPercent(fast)}; target (issue 5) ≤ ${FAST_TARGET_PERCENT}%: ${fast <= FAST_TARGET_PERCENT ? 'met' : 'not met'}.`,
      paranoid === null || paranoid === undefined ? 'geomean cost of ecc paranoid: -' : `geomean cost of ecc paranoid: ${fmtPercent(paranoid)}.`,
      `ECC configuration (machine defaults): ${MODES.map((m) => `${m}: ${result.config[m].dimms} DIMMs, ${result.config[m].scrubInterval ? `scrubber every ${result.config[m].scrubInterval} cycles` : 'no scrubber'}`).join('; ')}.`,
    ];
    return [{ heading: this.title, table: { head, rows, align: 'lllrrrrrrl' }, notes }];
  },
};
