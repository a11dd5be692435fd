/**
 * Guest MIPS of every workload under every topology, the time ratio against
 * simplex (what lockstep costs) and the slowdown against native execution of
 * the same binary (issue 2 item 8, issue 4 item 10).
 *
 * Workloads are the outer loop, so a workload's topologies are measured close
 * together in time: a drifting host load then skews the ratios less.
 */
import { measureGuest } from '../lib/measure.mjs';
import { fmtCount, fmtSeconds, fmtRatio, fmtRme, fmtMips, geomean, seconds } from '../lib/format.mjs';

// Targets the issues set, shown beside the figures (benchmark figures, not tests).
const SIMPLEX_TARGET_MIPS = 150; // issue 2: geometric mean over the workloads
const PAIR_SPARE_TARGET_RATIO = 4.5; // issue 4: pair-spare time / simplex time
const TRANSLATED_TARGET_MIPS = 600; // issue 14: simplex with translation, geometric mean
const PAIR_SPARE_TRANSLATED_RATIO = 3; // issue 14: pair-spare on one thread, translated, against simplex

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
        // A NAME+translate row names its interpreted twin, which the side-by-side table sets it beside.
        const twin = ctx.lib.interpretedTwin(topology);
        rows.push({ workload: w.name, topology, interpreted: twin === topology ? null : twin, args: w.args, expectedFrom: w.expectedFrom, ...m });
      }
    }
    return { status: 'ok', note: null, estimator: ctx.options.estimator, rows };
  },

  /** Per workload × topology, joined with the native suite's result when it ran; times by the run's estimator. */
  derive(result, all) {
    const est = result.estimator;
    const native = new Map((all.native?.rows ?? []).filter((r) => r.ok && r.secondsPerInstruction?.[est]).map((r) => [r.workload, r]));
    const simplex = new Map(result.rows.filter((r) => r.topology === 'simplex' && r.ok).map((r) => [r.workload, r]));
    const rows = result.rows.map((r) => {
      const base = simplex.get(r.workload);
      const nat = native.get(r.workload);
      const sameRun = nat && nat.instructionsShort === r.cycles;
      return {
        workload: r.workload,
        topology: r.topology,
        timeVsSimplex: r.ok && base ? seconds(r, est) / seconds(base, est) : null,
        // CPU seconds of all threads against simplex's: what the redundancy costs in work, not in waiting.
        cpuVsSimplex: r.ok && base?.cpuMeanSeconds && r.cpuMeanSeconds ? r.cpuMeanSeconds / base.cpuMeanSeconds : null,
        slowdownVsNative: r.ok && sameRun ? seconds(r, est) / (nat.secondsPerInstruction[est] * r.cycles) : null,
        nativeMips: sameRun ? nat.mips[est] : null,
      };
    });
    const topologies = [...new Set(rows.map((r) => r.topology))];
    const summary = topologies.map((t) => {
      const of = result.rows.map((r, i) => ({ ...r, ...rows[i] })).filter((r) => r.topology === t && r.ok);
      return {
        topology: t,
        workloads: of.length,
        geomeanMips: geomean(of.map((r) => r.mips)),
        geomeanBestMips: geomean(of.map((r) => r.bestMips)),
        geomeanTimeVsSimplex: geomean(of.map((r) => r.timeVsSimplex)),
        geomeanCpuVsSimplex: geomean(of.map((r) => r.cpuVsSimplex)),
        geomeanSlowdownVsNative: geomean(of.map((r) => r.slowdownVsNative)),
      };
    });
    return { estimator: est, ratios: rows, summary, translation: deriveTranslation(result.rows, est) };
  },

  render(result, all) {
    const { estimator: est, ratios, summary, translation } = this.derive(result, all);
    const rows = result.rows.map((r, i) => ({ ...r, ...ratios[i] }));
    const mipsOf = (x) => (est === 'best' ? x.geomeanBestMips : x.geomeanMips);
    const head = ['workload', 'args', 'topology', 'runs', 'cycles', `time (${est})`, '±', 'MIPS (mean)', 'MIPS (best)', `vs simplex`, 'CPU vs simplex', `vs native`, 'output'];
    const table = rows.map((r) => [
      r.workload,
      r.args.join(' ') || '(none)',
      r.topology,
      String(r.runs),
      fmtCount(r.cycles),
      fmtSeconds(seconds(r, est)),
      fmtRme(r.rmePercent),
      r.ok ? fmtMips(r.mips) : '-',
      r.ok ? fmtMips(r.bestMips) : '-',
      fmtRatio(r.timeVsSimplex),
      fmtRatio(r.cpuVsSimplex),
      fmtRatio(r.slowdownVsNative),
      r.ok ? `ok (= ${r.expectedFrom})` : `FAILED: ${r.problem}`,
    ]);
    const sumHead = ['topology', 'workloads', 'MIPS (mean)', 'MIPS (best)', 'time vs simplex', 'CPU vs simplex', 'slowdown vs native'];
    const sumRows = summary.map((s) => [
      s.topology,
      String(s.workloads),
      fmtMips(s.geomeanMips),
      fmtMips(s.geomeanBestMips),
      fmtRatio(s.geomeanTimeVsSimplex),
      fmtRatio(s.geomeanCpuVsSimplex),
      fmtRatio(s.geomeanSlowdownVsNative),
    ]);
    const notes = [
      'time = complete runs on fresh machines (machine creation and ELF loading not timed), timed by benchmark.js: its mean, or with --estimator best the fastest run. ± = benchmark.js\' relative margin of error of the mean at 95%.',
      'MIPS = guest instructions (ftvm cycles, each REP iteration counted once) / time; (mean) from the mean time, (best) from the fastest run. Other load on the host only ever slows a run down, so on a busy host best is the closer estimate of the machine\'s own speed.',
      `vs simplex = this topology's time / simplex time for the same run; vs native = ftvm time / native time for the same instructions (see the native table); both from the ${est} times. CPU vs simplex = mean CPU time of all the process' threads / simplex's: the same as the time ratio on one thread, about the number of busy threads times it for +threads.`,
      'NAME+threads = the same machine with each chassis on its own worker thread (ParallelMachine, `ftvm run --threads`): each chassis compares its own cores every cycle; the chassis are compared before every I/O and every 1,000,000 cycles. Its time is wall time with the chassis running side by side; starting the workers and loading the program in each is not timed, as machine creation is not for the others.',
      'Every timed run ran to completion (no cycle limit) and its stdout was compared with the reference named in the output column: "native" (or "qemu-i386 …" on a kernel that cannot run i386 binaries) is that run\'s output of the same binary with the same arguments, recorded in this run.',
    ];
    const s = summary.find((x) => x.topology === 'simplex');
    if (s && mipsOf(s)) notes.push(`target (issue 2): simplex geomean ≥ ${SIMPLEX_TARGET_MIPS} MIPS: ${mipsOf(s) >= SIMPLEX_TARGET_MIPS ? 'met' : 'not met'} (${fmtMips(mipsOf(s))}, ${est}).`);
    for (const name of ['pair-spare', 'pair-spare+threads']) {
      const ps = summary.find((x) => x.topology === name);
      if (ps?.geomeanTimeVsSimplex) notes.push(`target (issue 4): ${name} ≤ ${PAIR_SPARE_TARGET_RATIO}× simplex time: ${ps.geomeanTimeVsSimplex <= PAIR_SPARE_TARGET_RATIO ? 'met' : 'not met'} (${fmtRatio(ps.geomeanTimeVsSimplex)}, ${est}).`);
    }
    // Issue 14 asks pair-spare on one thread for at most 3× simplex's time. Judged against simplex
    // with the same engine (both translated); against the interpreted simplex too, for the record.
    const psTranslated = summary.find((x) => x.topology === 'pair-spare+translate');
    const againstTranslated = geomean(workloadsOf(result.rows).map((w) => timeRatio(result.rows, w, 'pair-spare+translate', 'simplex+translate', est)));
    if (psTranslated?.geomeanTimeVsSimplex && againstTranslated) {
      notes.push(`target (issue 14): pair-spare+translate ≤ ${PAIR_SPARE_TRANSLATED_RATIO}× simplex+translate time: ${againstTranslated <= PAIR_SPARE_TRANSLATED_RATIO ? 'met' : 'not met'} (${fmtRatio(againstTranslated)}, ${est}); against the interpreted simplex ${fmtRatio(psTranslated.geomeanTimeVsSimplex)}.`);
    }

    const workloads = [...new Set(rows.map((r) => r.workload))];
    const chart = {
      unit: `MIPS (${est})`,
      groups: workloads.map((name) => ({
        label: name,
        bars: rows.filter((r) => r.workload === name).map((r) => {
          const mips = est === 'best' ? r.bestMips : r.mips;
          return { label: r.topology, value: r.ok ? mips : 0, text: r.ok ? fmtMips(mips) : 'FAILED' };
        }),
      })),
    };
    if (summary.length > 0) {
      chart.groups.push({ label: 'geomean', bars: summary.map((x) => ({ label: x.topology, value: mipsOf(x) ?? 0, text: fmtMips(mipsOf(x)) })) });
    }
    return [
      { heading: this.title, table: { head, rows: table, align: 'lllrrrrrrrrrl' }, notes },
      { heading: 'Per topology (geometric means over the workloads)', table: { head: sumHead, rows: sumRows, align: 'lrrrrrr' } },
      ...renderTranslation(translation, est),
      { heading: `Guest MIPS (${est})`, chart },
    ];
  },
};

function workloadsOf(rows) { return [...new Set(rows.map((r) => r.workload))]; }

/** Time of topology a / time of topology b on workload w, or null unless both ran and passed. */
function timeRatio(rows, w, a, b, est) {
  const ra = rows.find((r) => r.workload === w && r.topology === a && r.ok);
  const rb = rows.find((r) => r.workload === w && r.topology === b && r.ok);
  return ra && rb ? seconds(ra, est) / seconds(rb, est) : null;
}

/**
 * Every NAME+translate row beside its interpreted twin (NAME, same workload,
 * same run of the bench): the speed-up and what the translator did.
 */
function deriveTranslation(rows, est) {
  const byKey = new Map(rows.map((r) => [`${r.workload} ${r.topology}`, r]));
  const pairs = rows.filter((r) => r.interpreted).map((r) => {
    const twin = byKey.get(`${r.workload} ${r.interpreted}`);
    const both = r.ok && twin?.ok;
    const t = r.translation;
    return {
      workload: r.workload,
      topology: r.topology,
      interpreted: r.interpreted,
      ok: r.ok,
      problem: r.problem,
      mipsInterpreted: twin?.ok ? (est === 'best' ? twin.bestMips : twin.mips) : null,
      mipsTranslated: r.ok ? (est === 'best' ? r.bestMips : r.mips) : null,
      speedup: both ? seconds(twin, est) / seconds(r, est) : null,
      blocksCompiled: t?.blocksCompiled ?? null,
      compileMeanSeconds: t?.compileMeanSeconds ?? null,
      compileFirstSeconds: t?.perRun[0]?.compileSeconds ?? null,
      // The share of the run's CPU time spent compiling (with +threads every chassis compiles its own blocks, on its own thread).
      compileShare: t && r.ok && r.cpuMeanSeconds ? t.compileMeanSeconds / r.cpuMeanSeconds : null,
      translatedShare: t?.translatedShare ?? null,
      sameInEveryRun: t?.sameInEveryRun ?? null,
    };
  });
  const summary = [...new Set(pairs.map((p) => p.topology))].map((topology) => {
    const of = pairs.filter((p) => p.topology === topology);
    return { topology, interpreted: of[0].interpreted, workloads: of.length, geomeanSpeedup: geomean(of.map((p) => p.speedup)), geomeanMips: geomean(of.map((p) => p.mipsTranslated)) };
  });
  return { pairs, summary };
}

function renderTranslation({ pairs, summary }, est) {
  if (pairs.length === 0) return [];
  const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const head = ['workload', 'topology', 'vs', `MIPS interpreted`, 'MIPS translated', 'speed-up', 'blocks compiled', 'compile (first run)', 'compile (mean)', 'of CPU time', 'cycles translated'];
  const rows = pairs.map((p) => [
    p.workload,
    p.topology,
    p.interpreted,
    fmtMips(p.mipsInterpreted),
    p.ok ? fmtMips(p.mipsTranslated) : `FAILED: ${p.problem}`,
    fmtRatio(p.speedup),
    p.blocksCompiled === null ? '-' : `${p.blocksCompiled}${p.sameInEveryRun === false ? ' (varies)' : ''}`,
    p.compileFirstSeconds === null ? '-' : fmtSeconds(p.compileFirstSeconds),
    p.compileMeanSeconds === null ? '-' : fmtSeconds(p.compileMeanSeconds),
    pct(p.compileShare),
    pct(p.translatedShare),
  ]);
  const sumRows = summary.map((s) => [s.topology, s.interpreted, String(s.workloads), fmtMips(s.geomeanMips), fmtRatio(s.geomeanSpeedup)]);
  const notes = [
    `speed-up = time of the interpreted topology / time of the translated one, same workload and arguments, ${est} times. MIPS as in the table above (${est}).`,
    'Compile time is inside every timed figure: every sample is a fresh machine with no compiled block, which compiles each block it runs when the block gets hot; the untimed lead-in before the first sample (which lets V8 tier up the core), on a machine of its own, runs the translating run loop with a hot count no block reaches (one thread) or runs interpreted (+threads), and compiles nothing. compile = the translator\'s decoding, writing and compiling of blocks in one run: the first sample\'s, and the mean over the samples (later samples compile faster, in a V8 warmed up by the first: the translator\'s own code optimised, and every region\'s module found already compiled in the translator\'s module cache, which keeps a thread\'s compiled modules by their bytes (src/translate/module-cache.ts), optimised code included; a process that runs once pays what the first sample pays: mixed, every module made unique, took 63-96 ms a run after the first, against 38-59 with V8\'s own cache, which the module cache replaced because V8 kept a module only while an instance still held it); of CPU time = the mean\'s share of the mean CPU time of a run (all threads: with +threads each chassis compiles its own blocks, and compile times are summed over the chassis).',
    'cycles translated = guest instructions run inside compiled blocks / all the run\'s instructions (with +threads: summed over the chassis, each of which runs every instruction). With two or more replicas online (lockstep) a block runs each instruction on every replica and compares what they wrote, the x87 forms included (each replica\'s unit from its own state, after its memory operand was compared between the chassis); other x87 instructions, and any cycle whose replicas disagree, run in the interpreter.',
  ];
  const s = summary.find((x) => x.topology === 'simplex+translate');
  if (s?.geomeanMips) notes.push(`target (issue 14): simplex+translate geomean ≥ ${TRANSLATED_TARGET_MIPS} MIPS: ${s.geomeanMips >= TRANSLATED_TARGET_MIPS ? 'met' : 'not met'} (${fmtMips(s.geomeanMips)}, ${est}).`);
  return [
    { heading: 'Interpreted and translated, side by side', table: { head, rows, align: 'lllrrrrrrrr' }, notes },
    { heading: 'Translation per topology (geometric means over the workloads)', table: { head: ['topology', 'vs', 'workloads', 'MIPS translated', 'speed-up'], rows: sumRows, align: 'llrrr' } },
  ];
}
