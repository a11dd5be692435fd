/**
 * The workloads (bench/workloads/manifest.json) and the plan for measuring
 * them: which arguments every measured run uses and what its stdout must be.
 *
 * The manifest's runs are ~40 M instructions: 5 s each under lockstep. To keep
 * the whole bench within a few minutes, measured runs use the workloads' repeat
 * argument (first argument: passes or rounds) to aim at `targetInstructions`.
 * Their expected stdout is the output of the same binary with the same
 * arguments, recorded on this host in this run: natively, or under qemu-i386
 * on a kernel that cannot run i386 binaries. The manifest's own expected
 * output is checked twice: on that reference, and on ftvm (simplex) with the
 * manifest's arguments. Without a reference that ran and agreed, the
 * manifest's arguments are measured as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReference, runGuestOnce } from './measure.mjs';
import { i386Runner } from './i386-runner.mjs';

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
 * manifest against the i386 reference (native, or qemu-i386 where the kernel
 * cannot run i386 binaries) and on ftvm on the way. `log` reports progress.
 * `plan.reference` says which reference gave the outputs; `plan.native`
 * whether native times can be taken (only from native runs).
 */
export function planWorkload(lib, w, { targetInstructions, log, runner = i386Runner() }) {
  const reference = { kind: runner.kind, label: runner.label, available: false, reason: null };
  const plan = { ...w, reference, native: reference, checks: [] };

  const ref = runReference(w.binary, w.manifestArgs, runner);
  if (!ref.ok) {
    reference.reason = runner.kind === 'none' ? ref.reason : `cannot run under ${runner.label} here (${ref.reason})`;
  } else if (ref.stdout !== w.manifestStdout) {
    reference.reason = `${runner.label} output differs from the manifest (stale manifest or binary?)`;
    plan.checks.push({ what: `${runner.label}, manifest arguments`, ok: false, problem: reference.reason });
  } else {
    reference.available = true;
    plan.checks.push({ what: `${runner.label}, manifest arguments`, ok: true, problem: null });
  }
  if (runner.kind === 'qemu') plan.native = { available: false, reason: `the i386 reference is ${runner.label}, an emulator, not native (${runner.why})` };

  log(`${w.name}: checking the manifest's expected output on ftvm (simplex)`);
  const full = runGuestOnce({ lib, workload: w, args: w.manifestArgs, topology: 'simplex', expected: w.manifestStdout });
  plan.checks.push({ what: 'ftvm simplex, manifest arguments', ok: full.problem === null, problem: full.problem, cycles: full.cycles });
  plan.manifestCycles = full.cycles;

  if (!reference.available || w.manifestArgs.length > 0) {
    // No independent reference for other arguments (or no repeat argument to scale): measure the manifest's run.
    plan.args = w.manifestArgs;
    plan.expected = w.manifestStdout;
    plan.expectedFrom = 'manifest';
    plan.repeat = null;
    return plan;
  }

  // Runs of one and two repeats tell a repeat's instructions from the setup's (nbody's setup, about 2,200
  // instructions, is over three of its steps: counted as part of one repeat, it made a run a quarter of the target).
  const probes = [1, 2].map((repeat) => {
    const expected = referenceOutput(w, repeat, runner);
    const probe = runGuestOnce({ lib, workload: w, args: [String(repeat)], topology: 'simplex', expected });
    plan.checks.push({ what: `ftvm simplex, repeat ${repeat}`, ok: probe.problem === null, problem: probe.problem, cycles: probe.cycles });
    return { expected, cycles: probe.cycles };
  });
  const perRepeat = probes[1].cycles - probes[0].cycles;
  const setup = probes[0].cycles - perRepeat;
  const repeat = perRepeat > 0 ? Math.max(1, Math.round((targetInstructions - setup) / perRepeat)) : 1;
  plan.repeat = repeat;
  plan.args = [String(repeat)];
  plan.expected = repeat <= 2 ? probes[repeat - 1].expected : referenceOutput(w, repeat, runner);
  plan.expectedFrom = runner.label;
  return plan;
}

/** The reference's stdout for a repeat count: the output ftvm's must equal. */
export function referenceOutput(w, repeat, runner = i386Runner()) {
  const r = runReference(w.binary, [String(repeat)], runner);
  if (!r.ok) throw new Error(`${w.name} ${repeat}: the ${runner.label} run failed (${r.reason})`);
  return r.stdout;
}
