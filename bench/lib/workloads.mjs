/**
 * The workloads (bench/workloads/manifest.json) and the plan for measuring
 * them: which arguments every measured run uses and what its stdout must be.
 *
 * The manifest's runs are ~40 M instructions: 5 s each under lockstep. To keep
 * the whole bench within a few minutes, measured runs use the workloads' repeat
 * argument (first argument: passes or rounds) to aim at `targetInstructions`.
 * Their expected stdout is the native output of the same binary with the same
 * arguments, recorded on this host in this run. The manifest's own expected
 * output is checked twice: native, and on ftvm (simplex) with the manifest's
 * arguments. Without a native run to give the reference, the manifest's
 * arguments are measured as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNative, runGuestOnce } from './measure.mjs';

export function loadManifest(workloadsDir) {
  const entries = JSON.parse(readFileSync(join(workloadsDir, 'manifest.json'), 'utf8'));
  return entries.map((e) => {
    const binary = join(workloadsDir, e.binary);
    return {
      name: e.name,
      description: e.description,
      binary,
      image: new Uint8Array(readFileSync(binary)),
      manifestArgs: e.args,
      // Byte-exact comparison everywhere uses latin1 strings of the raw bytes.
      manifestStdout: Buffer.from(e.expectedStdout, 'utf8').toString('latin1'),
      approxInstructions: e.approxInstructions,
    };
  });
}

/**
 * Decide a workload's measured arguments and reference output, checking the
 * manifest natively and on ftvm on the way. `log` reports progress.
 */
export function planWorkload(lib, w, { targetInstructions, log }) {
  const plan = { ...w, native: { available: false, reason: null }, checks: [] };

  const native = runNative(w.binary, w.manifestArgs);
  if (!native.ok) {
    plan.native.reason = `cannot run natively here (${native.reason})`;
  } else if (native.stdout !== w.manifestStdout) {
    plan.native.reason = 'native output differs from the manifest (stale manifest or binary?)';
    plan.checks.push({ what: 'native, manifest arguments', ok: false, problem: plan.native.reason });
  } else {
    plan.native.available = true;
    plan.checks.push({ what: 'native, manifest arguments', ok: true, problem: null });
  }

  log(`${w.name}: checking the manifest's expected output on ftvm (simplex)`);
  const full = runGuestOnce({ lib, workload: w, args: w.manifestArgs, topology: 'simplex', expected: w.manifestStdout });
  plan.checks.push({ what: 'ftvm simplex, manifest arguments', ok: full.problem === null, problem: full.problem, cycles: full.cycles });
  plan.manifestCycles = full.cycles;

  if (!plan.native.available || w.manifestArgs.length > 0) {
    // No independent reference for other arguments (or no repeat argument to scale): measure the manifest's run.
    plan.args = w.manifestArgs;
    plan.expected = w.manifestStdout;
    plan.expectedFrom = 'manifest';
    plan.repeat = null;
    return plan;
  }

  // Instructions for one repeat (setup included) set the repeat count for the target.
  const one = nativeReference(w, 1);
  const probe = runGuestOnce({ lib, workload: w, args: ['1'], topology: 'simplex', expected: one });
  plan.checks.push({ what: 'ftvm simplex, repeat 1', ok: probe.problem === null, problem: probe.problem, cycles: probe.cycles });
  const repeat = Math.max(1, Math.round(targetInstructions / probe.cycles));
  plan.repeat = repeat;
  plan.args = [String(repeat)];
  plan.expected = repeat === 1 ? one : nativeReference(w, repeat);
  plan.expectedFrom = 'native';
  return plan;
}

/** The native stdout for a repeat count: the reference ftvm's output must equal. */
export function nativeReference(w, repeat) {
  const r = runNative(w.binary, [String(repeat)]);
  if (!r.ok) throw new Error(`${w.name} ${repeat}: native run failed (${r.reason})`);
  return r.stdout;
}
