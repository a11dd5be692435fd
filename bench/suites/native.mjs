/**
 * Native speed of the same binaries on this host, the denominator of the
 * slowdown figures.
 *
 * A native run of a measured workload takes a few milliseconds, of which
 * process creation (fork/exec/exit through spawnSync) is a large, noisy part.
 * So each workload is timed natively twice: with the measured arguments
 * (repeat r, the run ftvm times) and with a repeat R large enough that the run
 * takes `nativeTargetMs`. ftvm counts the instructions of both runs exactly
 * (cycles, simplex); the native time per instruction is then
 *
 *     (T(R) - T(r)) / (I(R) - I(r))
 *
 * in which the spawn cost cancels. The instruction count of the long run comes
 * from running it on ftvm, not from extrapolating: per-round work is not the
 * same in every workload (mixed varies by round).
 */
import { measureNative, runGuestOnce } from '../lib/measure.mjs';
import { referenceOutput } from '../lib/workloads.mjs';
import { fmtMs, fmtCount, fmtMips, seconds } from '../lib/format.mjs';

// The long run does at least this many times the short run's repeats, so the difference is mostly work.
const MIN_LONG_FACTOR = 4;
const NOISY_RME_PERCENT = 10;

export default {
  name: 'native',
  title: 'Native execution of the same binaries',
  description: 'native MIPS of each workload on this host (difference of a short and a long run, so process spawn cancels)',

  async run(ctx) {
    const rows = [];
    for (const w of ctx.workloads) {
      if (!w.native.available) {
        rows.push({ workload: w.name, ok: false, skipped: true, problem: w.native.reason });
        continue;
      }
      if (w.repeat === null) {
        rows.push({ workload: w.name, ok: false, skipped: true, problem: 'no repeat argument to vary' });
        continue;
      }
      rows.push(await measureWorkload(ctx, w));
    }
    const skippedAll = rows.every((r) => r.skipped);
    return { status: skippedAll ? 'skipped' : 'ok', note: skippedAll ? rows[0]?.problem ?? 'no workloads' : null, estimator: ctx.options.estimator, rows };
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const est = result.estimator;
    const head = ['workload', 'short run', `T(short) ${est}`, 'long run', `T(long) ${est}`, 'native MIPS (mean)', '±', 'native MIPS (best)', `spawn+exit (${est})`, 'check'];
    const rows = result.rows.map((r) =>
      !r.ok
        ? [r.workload, '-', '-', '-', '-', '-', '-', '-', '-', `${r.skipped ? 'skipped' : r.unavailable ? 'unavailable' : 'FAILED'}: ${r.problem}`]
        : [
            r.workload,
            `${r.repeatShort}× ${fmtCount(r.instructionsShort)}`,
            fmtMs(seconds(r.short, est)),
            `${r.repeatLong}× ${fmtCount(r.instructionsLong)}`,
            fmtMs(seconds(r.long, est)),
            fmtMips(r.mips.mean),
            r.rmePercent === null ? '' : `±${r.rmePercent.toFixed(1)}%`,
            fmtMips(r.mips.best),
            r.processOverheadSeconds[est] === null ? '-' : fmtMs(r.processOverheadSeconds[est]),
            r.measurement === 'ok' ? 'ok' : `ok; timing ${r.measurement}`,
          ],
    );
    return [
      {
        heading: this.title,
        table: { head, rows, align: 'llrlrrrrrl' },
        notes: [
          'Native time per instruction = (T(long) - T(short)) / (I(long) - I(short)): the process spawn, exec and exit cost cancels in the difference (the "spawn+exit" column is what it came to).',
          'I(short), I(long) are exact instruction counts from ftvm (simplex) runs of the same arguments, whose output was checked against the native output.',
          'T is benchmark.js\' mean over its samples (mean) or its fastest sample (best); each sample batches spawns to at least 50 ms. ± is the relative margin of error of the mean difference at 95%. Other load on the host shows here first: a workload marked noisy is best measured again on a quiet machine.',
        ],
      },
    ];
  },
};

/**
 * A row with no figures: a native run that failed or printed something else
 * gives no time (reference: 'unavailable'), and a wrong ftvm count no
 * instruction count ('FAILED'). Either way the bench's exit status is 1.
 */
const noFigures = (w, problem, reference) => ({ workload: w.name, ok: false, unavailable: reference, problem });

async function measureWorkload(ctx, w) {
  const { quick } = ctx.options;
  const nativeOpts = quick ? { minSamples: 3, maxTime: 0 } : { minSamples: 15, maxTime: 1.5 };

  ctx.log(`native ${w.name} ${w.args.join(' ')}: timing the measured run`);
  const short = await measureNative({ binary: w.binary, args: w.args, expected: w.expected, ...nativeOpts });
  if (!short.ok) return noFigures(w, `short run: ${short.problem}`, true);
  const countShort = runGuestOnce({ lib: ctx.lib, workload: w, args: w.args, topology: 'simplex', expected: w.expected });
  if (countShort.problem) return noFigures(w, `ftvm count of the short run: ${countShort.problem}`, false);

  // Long enough that the measured work dwarfs spawn jitter; bounded so the ftvm count stays a few seconds.
  const perRepeat = short.minSeconds / w.repeat;
  const targetSeconds = ctx.options.nativeTargetMs / 1000;
  const minRepeat = w.repeat * MIN_LONG_FACTOR;
  const maxRepeat = Math.max(minRepeat, Math.floor(ctx.options.maxCountInstructions / (countShort.cycles / w.repeat)));
  const repeatLong = Math.min(maxRepeat, Math.max(minRepeat, Math.ceil(targetSeconds / perRepeat)));
  let expectedLong;
  try {
    expectedLong = referenceOutput(w, repeatLong);
  } catch (e) {
    return noFigures(w, `long run: ${e.message}`, true);
  }
  ctx.log(`native ${w.name} ${repeatLong}: counting its instructions on ftvm (simplex, untimed)`);
  const countLong = runGuestOnce({ lib: ctx.lib, workload: w, args: [String(repeatLong)], topology: 'simplex', expected: expectedLong });
  if (countLong.problem) return noFigures(w, `ftvm count of the long run: ${countLong.problem}`, false);
  ctx.log(`native ${w.name} ${repeatLong}: timing the long run`);
  const long = await measureNative({ binary: w.binary, args: [String(repeatLong)], expected: expectedLong, ...nativeOpts });
  if (!long.ok) return noFigures(w, `long run: ${long.problem}`, true);

  // Both estimators; the report uses the one chosen with --estimator.
  const di = countLong.cycles - countShort.cycles;
  const perInstruction = (est) => {
    const dt = seconds(long, est) - seconds(short, est);
    return dt > 0 && di > 0 ? dt / di : null;
  };
  const tau = { mean: perInstruction('mean'), best: perInstruction('best') };
  const moe = (s) => (s.rmePercent === null ? 0 : (s.rmePercent / 100) * s.meanSeconds);
  const rme = tau.mean === null || short.samples < 2 ? null : (Math.hypot(moe(short), moe(long)) / (long.meanSeconds - short.meanSeconds)) * 100;
  const overhead = (est) => (tau[est] === null ? null : seconds(short, est) - tau[est] * countShort.cycles);
  const est = ctx.options.estimator;
  // Timing quality, apart from correctness: a loaded host shows as a wide margin or a negative spawn cost.
  let measurement = 'ok';
  if (tau[est] === null) measurement = 'unusable: the long run was not slower than the short one';
  else if (overhead(est) < 0) measurement = 'noisy: the spawn cost came out negative';
  else if (est === 'mean' && rme !== null && rme > NOISY_RME_PERCENT) measurement = `noisy: margin of error over ${NOISY_RME_PERCENT}%`;
  if (measurement !== 'ok') ctx.log(`native ${w.name}: ${measurement}`);
  return {
    workload: w.name,
    ok: true,
    problem: null,
    argsShort: w.args,
    repeatShort: w.repeat,
    repeatLong,
    instructionsShort: countShort.cycles,
    instructionsLong: countLong.cycles,
    short,
    long,
    estimator: est,
    secondsPerInstruction: tau,
    mips: { mean: tau.mean === null ? null : 1 / tau.mean / 1e6, best: tau.best === null ? null : 1 / tau.best / 1e6 },
    rmePercent: rme,
    processOverheadSeconds: { mean: overhead('mean'), best: overhead('best') },
    measurement,
  };
}
