/**
 * `ftvm inject [OPTIONS] --fault JSON PROGRAM [ARGS...]`: one fault
 * experiment. The program runs fault-free, then again with the faults; the
 * faulted run is classified against the golden one with the campaign's
 * outcome classes (masked, corrected, recovered, detected, sdc, crash, hang)
 * and the report shows the detection latency and what the machine did. The
 * guest's own output is compared, not printed.
 */
import { runCaptured, runCapturedParallel, type CapturedRun, type CapturedParallelRun } from '../machine/captured-run';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { parseOptions, formatHelp, intOption, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { MACHINE_OPTIONS, THREAD_OPTIONS, machineSetup, setupHooks, checkFaults, reportFaultsNotApplied, threadsSetup, parallelOptions, type MachineSetup } from './machine-options';
import { classify, detectionLatency } from '../campaign/classify';
import { formatTimeline } from '../reports/timeline';
import { describeFault } from '../faults/fault';
import { readInputFile, MiB } from '../util/input-file';
import type { FaultInjector, FaultNotApplied } from '../faults/injector';
import type { RunOutcome } from '../machine/outcome';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
  ...THREAD_OPTIONS,
  { name: 'stdin', value: 'FILE', help: 'the guest\'s stdin for both runs (default: empty)' },
  { name: 'hang-factor', value: 'K', help: 'a faulted run longer than K x the golden cycles is a hang (default 3)' },
  { name: 'json', help: 'print the result as one JSON object' },
  { name: 'help', help: 'show this help' },
];

/** What the report needs of a run, on one thread or with the chassis on threads. */
type Experiment = Pick<CapturedRun | CapturedParallelRun, 'outcome' | 'stdout' | 'stderr'> & {
  readonly machine: Pick<CapturedRun['machine'] | CapturedParallelRun['machine'], 'events' | 'cycle' | 'topology'>;
  /** Faults left out when they struck (their address was not mapped). */
  readonly skippedFaults: readonly FaultNotApplied[];
};

function execute(setup: MachineSetup, threads: { syncInterval: bigint } | undefined, path: string, image: Uint8Array, args: string[], stdin: Uint8Array, withFaults: boolean, maxCycles?: bigint): Experiment {
  const program = { path, image, args, env: setup.env, seed: setup.seed, stdin, maxCycles };
  if (threads) {
    return { ...runCapturedParallel({ ...parallelOptions({ ...setup, faults: withFaults ? setup.faults : [] }, threads.syncInterval), ...program }), skippedFaults: [] };
  }
  let injector: FaultInjector | undefined;
  const run = runCaptured({
    topology: setup.topology, memoryMiB: setup.memoryMiB, ecc: setup.ecc, twinShortcut: setup.twinShortcut, ...program,
    hooks: (machine) => {
      const made = setupHooks(machine, setup, withFaults ? setup.faults : []);
      injector = made.injector;
      return made.hooks;
    },
  });
  return { ...run, skippedFaults: injector?.notApplied ?? [] };
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
  checkFaults(setup);
  const golden = execute(setup, threads, path, image, args, stdin, false, setup.maxCycles > 0n ? setup.maxCycles : undefined);
  if (golden.outcome.kind === 'limit') throw new UserError(`inject: the fault-free run did not finish within --max-cycles ${setup.maxCycles}`);
  const budget = golden.machine.cycle * BigInt(hangFactor) + 1000n;
  const faulted = execute(setup, threads, path, image, args, stdin, true, budget);
  reportFaultsNotApplied(setup, faulted.machine.events, faulted.machine.cycle, faulted.skippedFaults);
  const events = faulted.machine.events.filter((e) => e.type !== 'fault-injected');
  const outcome = classify(
    { outcome: { kind: faulted.outcome.kind, status: faulted.outcome.status, signal: faulted.outcome.kind === 'signal' ? faulted.outcome.signal : undefined }, outputMatches: faulted.stdout.equals(golden.stdout) && faulted.stderr.equals(golden.stderr), events },
    { kind: golden.outcome.kind, status: golden.outcome.status, signal: golden.outcome.kind === 'signal' ? golden.outcome.signal : undefined },
  );
  const latency = detectionLatency(Math.min(...setup.faults.map((f) => f.at)), events);
  if (opts.flags.has('json')) {
    process.stdout.write(`${JSON.stringify({ outcome, latency: latency ?? null, faults: setup.faults, topology: faulted.machine.topology.name, goldenCycles: Number(golden.machine.cycle), cycles: Number(faulted.machine.cycle), status: faulted.outcome.status, events: faulted.machine.events })}\n`);
    return 0;
  }
  const lines = [
    `program   ${quoteName(path)} on ${faulted.machine.topology.name}`,
    ...setup.faults.map((f) => `fault     cycle ${f.at}: ${describeFault(f)}`),
    `outcome   ${outcome}${latency === undefined ? '' : ` (detected ${latency} cycle${latency === 1 ? '' : 's'} after the fault)`}`,
    `golden    ${describeOutcome(golden.outcome)} after ${golden.machine.cycle} cycles`,
    `faulted   ${describeOutcome(faulted.outcome)} after ${faulted.machine.cycle} cycles; output ${faulted.stdout.equals(golden.stdout) && faulted.stderr.equals(golden.stderr) ? 'identical' : 'DIFFERENT'}`,
    'timeline',
  ];
  process.stdout.write(`${lines.join('\n')}\n${formatTimeline(faulted.machine.events)}`);
  return 0;
}

function describeOutcome(o: RunOutcome): string {
  return o.kind === 'exit' ? `exit status ${o.status}` : `${o.message} (status ${o.status})`;
}
