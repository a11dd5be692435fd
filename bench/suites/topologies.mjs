/**
 * Guest MIPS of every workload under every topology, the time ratio against
 * simplex (what lockstep costs) and the slowdown against native execution of
 * the same binary (issue 2 item 8, issue 4 item 10).
 *
 * Workloads are the outer loop, so a workload's topologies are measured close
 * together in time: a drifting host load then skews the ratios less.
 */
import { measureGuest } from '../lib/measure.mjs';
import { fmtCount, fmtSeconds, fmtRatio, fmtRme, fmtMips, geomean } from '../lib/format.mjs';

// Targets the issues set, shown beside the figures (benchmark figures, not tests).
const SIMPLEX_TARGET_MIPS = 150; // issue 2: geometric mean over the workloads
const PAIR_SPARE_TARGET_RATIO = 4.5; // issue 4: pair-spare time / simplex time

export default {
  name: 'topologies',
  title: 'Guest MIPS per topology',
  description: 'guest MIPS per workload and topology, time ratio against simplex, slowdown against native',

  async run(ctx) {
    const rows = [];
    for (const w of ctx.workloads) {
      for (const topology of ctx.topologies) {
        const samples = ctx.samplesFor(topology);
        const label = `${w.name} ${w.args.join(' ')} × ${topology}`;
        ctx.log(`${label}: ${samples} run${samples > 1 ? 's' : ''}`);
        const m = await measureGuest({
          lib: ctx.lib,
          workload: w,
          args: w.args,
          topology,
          expected: w.expected,
          samples,
          onRun: (i, n) => ctx.log(`${label}: run ${i}/${n} done`, { detail: true }),
        });
        if (!m.ok) ctx.log(`${label}: FAILED: ${m.problem}`);
        rows.push({ workload: w.name, topology, args: w.args, expectedFrom: w.expectedFrom, ...m });
      }
    }
    return { status: 'ok', note: null, rows };
  },

  /** Per workload × topology, joined with the native suite's result when it ran. */
  derive(result, all) {
    const native = new Map((all.native?.rows ?? []).filter((r) => r.ok && r.secondsPerInstruction).map((r) => [r.workload, r]));
    const simplex = new Map(result.rows.filter((r) => r.topology === 'simplex' && r.ok).map((r) => [r.workload, r]));
    const rows = result.rows.map((r) => {
      const base = simplex.get(r.workload);
      const nat = native.get(r.workload);
      const sameRun = nat && nat.instructionsShort === r.cycles;
      return {
        ...r,
        timeVsSimplex: r.ok && base ? r.meanSeconds / base.meanSeconds : null,
        slowdownVsNative: r.ok && sameRun ? r.meanSeconds / (nat.secondsPerInstruction * r.cycles) : null,
        nativeMips: sameRun ? nat.mips : null,
      };
    });
    const topologies = [...new Set(rows.map((r) => r.topology))];
    const summary = topologies.map((t) => {
      const of = rows.filter((r) => r.topology === t && r.ok);
      return {
        topology: t,
        workloads: of.length,
        geomeanMips: geomean(of.map((r) => r.mips)),
        geomeanBestMips: geomean(of.map((r) => r.bestMips)),
        geomeanTimeVsSimplex: geomean(of.map((r) => r.timeVsSimplex)),
        geomeanSlowdownVsNative: geomean(of.map((r) => r.slowdownVsNative)),
      };
    });
    return { rows, summary };
  },

  render(result, all) {
    const { rows, summary } = this.derive(result, all);
    const head = ['workload', 'args', 'topology', 'runs', 'cycles', 'time', '±', 'MIPS', 'best', 'vs simplex', 'vs native', 'output'];
    const table = rows.map((r) => [
      r.workload,
      r.args.join(' ') || '(none)',
      r.topology,
      String(r.runs),
      fmtCount(r.cycles),
      fmtSeconds(r.meanSeconds),
      fmtRme(r.rmePercent),
      r.ok ? fmtMips(r.mips) : '-',
      r.ok ? fmtMips(r.bestMips) : '-',
      fmtRatio(r.timeVsSimplex),
      fmtRatio(r.slowdownVsNative),
      r.ok ? `ok (= ${r.expectedFrom})` : `FAILED: ${r.problem}`,
    ]);
    const sumHead = ['topology', 'workloads', 'geomean MIPS', 'best', 'time vs simplex', 'slowdown vs native'];
    const sumRows = summary.map((s) => [
      s.topology,
      String(s.workloads),
      fmtMips(s.geomeanMips),
      fmtMips(s.geomeanBestMips),
      fmtRatio(s.geomeanTimeVsSimplex),
      fmtRatio(s.geomeanSlowdownVsNative),
    ]);
    const notes = [
      'time = benchmark.js mean of complete runs on fresh machines (machine creation and ELF loading not timed); ± = relative margin of error at 95%.',
      'MIPS = guest instructions (ftvm cycles, each REP iteration counted once) / time; best = the same from the fastest run (other load on the host only ever slows a run down, so on a busy host best is the closer estimate of the machine\'s own speed).',
      'vs simplex = this topology\'s time / simplex time for the same run; vs native = ftvm time / native time for the same instructions (see the native table).',
      'Every timed run ran to completion (no cycle limit) and its stdout was compared with the reference named in the output column; "native" is the native output of the same binary with the same arguments, recorded in this run.',
    ];
    const s = summary.find((x) => x.topology === 'simplex');
    if (s?.geomeanMips) notes.push(`target (issue 2): simplex geomean ≥ ${SIMPLEX_TARGET_MIPS} MIPS: ${s.geomeanMips >= SIMPLEX_TARGET_MIPS ? 'met' : 'not met'} (${fmtMips(s.geomeanMips)}).`);
    const ps = summary.find((x) => x.topology === 'pair-spare');
    if (ps?.geomeanTimeVsSimplex) notes.push(`target (issue 4): pair-spare ≤ ${PAIR_SPARE_TARGET_RATIO}× simplex time: ${ps.geomeanTimeVsSimplex <= PAIR_SPARE_TARGET_RATIO ? 'met' : 'not met'} (${fmtRatio(ps.geomeanTimeVsSimplex)}).`);

    const workloads = [...new Set(rows.map((r) => r.workload))];
    const chart = {
      unit: 'MIPS',
      groups: workloads.map((name) => ({
        label: name,
        bars: rows.filter((r) => r.workload === name).map((r) => ({ label: r.topology, value: r.ok ? r.mips : 0, text: r.ok ? fmtMips(r.mips) : 'FAILED' })),
      })),
    };
    if (summary.length > 0) {
      chart.groups.push({ label: 'geomean', bars: summary.map((x) => ({ label: x.topology, value: x.geomeanMips ?? 0, text: fmtMips(x.geomeanMips) })) });
    }
    return [
      { heading: this.title, table: { head, rows: table, align: 'lllrrrrrrrrl' }, notes },
      { heading: 'Per topology (geometric means over the workloads)', table: { head: sumHead, rows: sumRows, align: 'lrrrrr' } },
      { heading: 'Guest MIPS', chart },
    ];
  },
};
