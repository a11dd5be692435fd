/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync } from 'node:fs';
import { prepareEventLog } from './event-log';
import { formatTimeline } from '../reports/timeline';
import { startProcess, type LinuxProcess, type ProcessOptions } from '../machine/linux-process';
import { hostStdio } from '../linux';
import { UserError } from '../errors';
import { parseOptions, formatHelp, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { collectStats, formatStats, machineStatsInput, parallelStatsInput, type StatsInput } from './stats-report';
import { MACHINE_OPTIONS, THREAD_OPTIONS, machineSetup, buildMachine, setupHooks, checkFaults, reportFaultsNotApplied, threadsSetup, parallelOptions, type MachineSetup } from './machine-options';
import type { FaultInjector, FaultNotApplied } from '../faults/injector';
import { ParallelMachine } from '../parallel/parallel-machine';
import type { Machine } from '../machine/machine';
import type { RunOutcome } from '../machine/outcome';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
  ...THREAD_OPTIONS,
  { name: 'events', value: 'FILE', help: 'write machine events to FILE as JSON lines' },
  { name: 'stats', help: 'print cycles, wall time, guest MIPS, syscall counts and events to stderr' },
  { name: 'help', help: 'show this help' },
];

const USAGE = 'ftvm run [OPTIONS] PROGRAM [ARGS...]';
const SUMMARY = 'Run a static i386 Linux program (or a NASM .asm source). Its stdout, stderr and exit status are the\nprogram\'s own; machine reports go to stderr. Everything after PROGRAM is passed to the guest unchanged.';

export function runCommand(argv: readonly string[]): number {
  const opts = parseOptions('run', OPTIONS, argv, true);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp(USAGE, SUMMARY, OPTIONS));
    return 0;
  }
  const [path, ...guestArgs] = opts.rest;
  if (path === undefined) throw new UserError(`run: no program given (usage: ${USAGE})`);
  // Every input is checked before anything is opened for writing.
  const setup = machineSetup('run', opts);
  const threads = threadsSetup('run', opts);
  const eventsFile = opts.values.get('events')?.[0];
  const events = eventsFile === undefined ? undefined : prepareEventLog(eventsFile);
  const image = readProgram(path);
  checkFaults(setup);
  const program = { path, image, argv: [path, ...guestArgs], env: setup.env, seed: setup.seed, ...hostStdio() };
  const limits = { maxCycles: setup.maxCycles > 0n ? setup.maxCycles : undefined };
  const job = threads ? parallelJob(setup, threads.syncInterval, program, limits) : singleJob(setup, program, limits);
  const { machine } = job;
  job.load();
  const closeEvents = events?.start(machine);

  const started = performance.now();
  let outcome;
  try {
    outcome = job.run();
  } finally {
    closeEvents?.();
  }
  const wall = (performance.now() - started) / 1000;
  if (outcome.kind !== 'exit') writeSync(2, `ftvm: ${outcome.message}\n`);
  reportFaultsNotApplied(setup, machine.events, machine.cycle, job.skippedFaults());
  if (opts.flags.has('stats')) {
    writeSync(2, formatStats(collectStats(job.statsInput(), wall)));
    if (machine.events.some((e) => e.type !== 'exit')) writeSync(2, `ftvm: events\n${formatTimeline(machine.events)}`);
  }
  return outcome.status;
}

/** A machine ready to load and run the program: the one-thread Machine or the ParallelMachine. */
interface Job {
  readonly machine: Machine | ParallelMachine;
  load(): void;
  run(): RunOutcome;
  statsInput(): StatsInput;
  /** Faults left out when they struck (their address was not mapped). */
  skippedFaults(): readonly FaultNotApplied[];
}

type Program = ProcessOptions;
type Limits = { maxCycles: bigint | undefined };

function singleJob(setup: MachineSetup, program: Program, limits: Limits): Job {
  const machine = buildMachine(setup);
  let kernel: LinuxProcess['kernel'] | undefined;
  let injector: FaultInjector | undefined;
  return {
    machine,
    load: () => { kernel = startProcess(machine, program).kernel; },
    run: () => {
      const setupRun = setupHooks(machine, setup);
      injector = setupRun.injector;
      return machine.run(limits, setupRun.hooks);
    },
    statsInput: () => machineStatsInput(machine, kernel),
    skippedFaults: () => injector?.notApplied ?? [],
  };
}

function parallelJob(setup: MachineSetup, syncInterval: bigint, program: Program, limits: Limits): Job {
  const machine = new ParallelMachine(parallelOptions(setup, syncInterval));
  return {
    machine,
    load: () => machine.load(program, limits),
    run: () => machine.run(),
    statsInput: () => parallelStatsInput(machine),
    skippedFaults: () => [],
  };
}
