/**
 * What ECC memory costs when no fault is present (issue 5 item 8): the same
 * runs with ECC off, on (decode only words the injector touched) and paranoid
 * (decode every access). Target: "on" at most 3% slower than "off".
 *
 * The machine option this expects is `new Machine({ topology, ecc: 'off' |
 * 'on' | 'paranoid' })`. Support is detected, not assumed: every mode must be
 * accepted, and the machine must show it understood the option — by rejecting
 * an unknown mode, or by reporting the mode back (`machine.ecc`,
 * `machine.eccMode` or `machine.memory.ecc`/`.eccMode`). A machine that
 * silently ignores the key would otherwise "measure" three identical runs.
 */
import { measureGuest } from '../lib/measure.mjs';
import { fmtSeconds, fmtRme, fmtMips, fmtPercent, geomean } from '../lib/format.mjs';

const MODES = ['off', 'on', 'paranoid'];
const ON_TARGET_PERCENT = 3;

export function detectEcc(lib) {
  const reported = (m) => [m.ecc, m.eccMode, m.memory?.ecc, m.memory?.eccMode].map((v) => (typeof v === 'object' && v !== null ? v.mode : v));
  let reportsBack = true;
  for (const mode of MODES) {
    let m;
    try {
      m = new lib.Machine({ topology: 'simplex', memoryMiB: 16, ecc: mode });
    } catch (e) {
      return { supported: false, note: `new Machine({ ecc: '${mode}' }) throws: ${e.message}` };
    }
    if (!reported(m).includes(mode)) reportsBack = false;
  }
  let rejectsUnknown = false;
  try {
    new lib.Machine({ topology: 'simplex', memoryMiB: 16, ecc: 'no-such-ecc-mode' });
  } catch {
    rejectsUnknown = true;
  }
  if (!reportsBack && !rejectsUnknown) {
    return { supported: false, note: "the machine has no ECC option yet (new Machine({ ecc: 'off'|'on'|'paranoid' }) is accepted but ignored: an unknown mode is not rejected and the mode is not reported back)" };
  }
  return { supported: true, note: null, evidence: rejectsUnknown ? 'rejects an unknown mode' : 'reports the mode back' };
}

export default {
  name: 'ecc',
  title: 'ECC cost with no fault present',
  description: 'time with ECC off vs on vs paranoid, no faults injected (issue 5 item 8)',

  async run(ctx) {
    const detected = detectEcc(ctx.lib);
    if (!detected.supported) return { status: 'skipped', note: detected.note, rows: [] };
    // Simplex shows the memory path's cost undiluted by lockstep; the first selected topology otherwise.
    const topology = ctx.topologies.includes('simplex') ? 'simplex' : ctx.topologies[0];
    const rows = [];
    for (const w of ctx.workloads) {
      for (const mode of MODES) {
        const samples = ctx.samplesFor(topology);
        const label = `ecc ${mode}: ${w.name} ${w.args.join(' ')} × ${topology}`;
        ctx.log(`${label}: ${samples} run${samples > 1 ? 's' : ''}`);
        const m = await measureGuest({ lib: ctx.lib, workload: w, args: w.args, topology, machineOptions: { ecc: mode }, expected: w.expected, samples });
        if (!m.ok) ctx.log(`${label}: FAILED: ${m.problem}`);
        rows.push({ workload: w.name, topology, mode, args: w.args, ...m });
      }
    }
    for (const r of rows) {
      const off = rows.find((x) => x.workload === r.workload && x.mode === 'off');
      r.overheadPercent = r.ok && off?.ok ? (r.meanSeconds / off.meanSeconds - 1) * 100 : null;
    }
    const summary = MODES.map((mode) => {
      const ratios = rows.filter((r) => r.mode === mode && r.overheadPercent !== null).map((r) => 1 + r.overheadPercent / 100);
      const g = geomean(ratios);
      return { mode, geomeanOverheadPercent: g === null ? null : (g - 1) * 100 };
    });
    return { status: 'ok', note: `detected: ${detected.evidence}`, topology, rows, summary };
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const head = ['workload', 'topology', 'ecc', 'runs', 'time', '±', 'MIPS', 'vs off', 'output'];
    const rows = result.rows.map((r) => [
      r.workload,
      r.topology,
      r.mode,
      String(r.runs),
      fmtSeconds(r.meanSeconds),
      fmtRme(r.rmePercent),
      r.ok ? fmtMips(r.mips) : '-',
      r.overheadPercent === null ? '-' : fmtPercent(r.overheadPercent),
      r.ok ? 'ok' : `FAILED: ${r.problem}`,
    ]);
    const on = result.summary.find((s) => s.mode === 'on')?.geomeanOverheadPercent;
    const paranoid = result.summary.find((s) => s.mode === 'paranoid')?.geomeanOverheadPercent;
    const notes = [
      'No fault is injected: this is the price of having ECC, paid on every run.',
      on === null || on === undefined ? 'geomean cost of ecc on: -' : `geomean cost of ecc on: ${fmtPercent(on)}; target (issue 5) ≤ ${ON_TARGET_PERCENT}%: ${on <= ON_TARGET_PERCENT ? 'met' : 'not met'}.`,
      paranoid === null || paranoid === undefined ? 'geomean cost of ecc paranoid: -' : `geomean cost of ecc paranoid: ${fmtPercent(paranoid)}.`,
      result.note,
    ];
    return [{ heading: this.title, table: { head, rows, align: 'lllrrrrrl' }, notes }];
  },
};
