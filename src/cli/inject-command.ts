/**
 * `ftvm inject [OPTIONS] --fault JSON PROGRAM [ARGS...]`: one fault
 * experiment. The program runs fault-free, then again with the faults; the
 * faulted run is classified against the golden one with the campaign's
 * outcome classes (masked, corrected, recovered, detected, sdc, crash, hang)
 * and the report shows the detection latency and what the machine did. The
 * guest's own output is compared, not printed.
 */
import { captureRun, type CapturedRun } from '../machine/captured-run';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { parseOptions, formatHelp, intOption, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { MACHINE_OPTIONS, THREAD_OPTIONS, machineSetup, checkFaults, reportFaultsNotApplied, threadsSetup, engineOptions, type MachineSetup } from './machine-options';
import { classify, detectionLatency } from '../campaign/classify';
import { formatTimeline } from '../reports/timeline';
import { describeFault } from '../faults/fault';
import { readInputFile, MiB } from '../util/input-file';
import type { RunOutcome } from '../machine/outcome';
import type { DiskSetup } from '../disk/machine-disk';
import { imageBlocks } from '../disk/image-file';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
  ...THREAD_OPTIONS,
  { name: 'disk', value: 'IMG', help: "the guest's root file system for both runs, each from the image as it is (never written); the files the runs leave are compared too" },
  { name: 'stdin', value: 'FILE', help: 'the guest\'s stdin for both runs (default: empty)' },
  { name: 'hang-factor', value: 'K', help: 'a faulted run longer than K x the golden cycles is a hang (default 3)' },
  { name: 'json', help: 'print the result as one JSON object' },
  { name: 'help', help: 'show this help' },
];

/** One run of the experiment, on the placement the options ask for. */
function execute(setup: MachineSetup, threads: { syncInterval: bigint } | undefined, path: string, image: Uint8Array, args: string[], stdin: Uint8Array, disk: DiskSetup | undefined, withFaults: boolean, maxCycles?: bigint): CapturedRun {
  return captureRun({ ...engineOptions(setup, threads, withFaults ? setup.faults : []), disk, path, image, args, env: setup.env, seed: setup.seed, stdin, maxCycles });
}

export function injectCommand(argv: readonly string[]): number {
  const opts = parseOptions('inject', OPTIONS, argv, true);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp('ftvm inject [OPTIONS] --fault JSON PROGRAM [ARGS...]', 'Run a program fault-free and with the given faults, and classify what the faults did.', OPTIONS));
    return 0;
  }
  const [path, ...args] = opts.rest;
  if (path === undefined) throw new UserError('inject: no program given (usage: ftvm inject [OPTIONS] --fault JSON PROGRAM [ARGS...])');
  const setup = machineSetup('inject', opts);
  const threads = threadsSetup('inject', opts);
  if (setup.faults.length === 0) throw new UserError('inject: no fault given (--fault JSON or --faults FILE)');
  const hangFactor = intOption('inject', 'hang-factor', opts.values.get('hang-factor')?.[0], 3, 1, 1000);
  const stdinFile = opts.values.get('stdin')?.[0];
  const stdin = stdinFile === undefined ? new Uint8Array() : new Uint8Array(readInputFile(stdinFile, { maxBytes: 256 * MiB, what: "the guest's stdin", option: '--stdin', streams: true }));
  const image = readProgram(path);
  const diskPath = opts.values.get('disk')?.at(-1);
  const disk: DiskSetup | undefined = diskPath === undefined ? undefined : { path: diskPath, readOnly: false, scratch: true };
  checkFaults(setup, diskPath === undefined ? undefined : imageBlocks(diskPath));
  const golden = execute(setup, threads, path, image, args, stdin, disk, false, setup.maxCycles > 0n ? setup.maxCycles : undefined);
  if (golden.outcome.kind === 'limit') throw new UserError(`inject: the fault-free run did not finish within --max-cycles ${setup.maxCycles}`);
  const budget = golden.engine.cycle * BigInt(hangFactor) + 1000n;
  const faulted = execute(setup, threads, path, image, args, stdin, disk, true, budget);
  // A run whose output matches but whose files differ is silent data corruption all the same.
  const filesMatch = faulted.engine.diskDigest === golden.engine.diskDigest;
  const outputMatches = faulted.stdout.equals(golden.stdout) && faulted.stderr.equals(golden.stderr);
  reportFaultsNotApplied(setup, faulted.engine.events, faulted.engine.cycle, faulted.engine.faultsNotApplied());
  const events = faulted.engine.events.filter((e) => e.type !== 'fault-injected');
  const outcome = classify(
    { outcome: { kind: faulted.outcome.kind, status: faulted.outcome.status, signal: faulted.outcome.kind === 'signal' ? faulted.outcome.signal : undefined }, outputMatches: outputMatches && filesMatch, events },
    { kind: golden.outcome.kind, status: golden.outcome.status, signal: golden.outcome.kind === 'signal' ? golden.outcome.signal : undefined },
  );
  const latency = detectionLatency(Math.min(...setup.faults.map((f) => f.at)), events);
  if (opts.flags.has('json')) {
    process.stdout.write(`${JSON.stringify({ outcome, latency: latency ?? null, ...(disk ? { filesMatch } : {}), faults: setup.faults, topology: faulted.engine.topology.name, goldenCycles: Number(golden.engine.cycle), cycles: Number(faulted.engine.cycle), status: faulted.outcome.status, events: faulted.engine.events })}\n`);
    return 0;
  }
  const lines = [
    `program   ${quoteName(path)} on ${faulted.engine.topology.name}`,
    ...setup.faults.map((f) => `fault     cycle ${f.at}: ${describeFault(f)}`),
    `outcome   ${outcome}${latency === undefined ? '' : ` (detected ${latency} cycle${latency === 1 ? '' : 's'} after the fault)`}`,
    `golden    ${describeOutcome(golden.outcome)} after ${golden.engine.cycle} cycles`,
    `faulted   ${describeOutcome(faulted.outcome)} after ${faulted.engine.cycle} cycles; output ${outputMatches ? 'identical' : 'DIFFERENT'}${disk ? `; files ${filesMatch ? 'identical' : 'DIFFERENT'}` : ''}`,
    'timeline',
  ];
  process.stdout.write(`${lines.join('\n')}\n${formatTimeline(faulted.engine.events)}`);
  return 0;
}

function describeOutcome(o: RunOutcome): string {
  return o.kind === 'exit' ? `exit status ${o.status}` : `${o.message} (status ${o.status})`;
}
