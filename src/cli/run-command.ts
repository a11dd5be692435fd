/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync } from 'node:fs';
import { logEventsTo } from './event-log';
import { formatTimeline } from '../reports/timeline';
import { startProcess, type LinuxProcess, type ProcessOptions } from '../machine/linux-process';
import { hostStdio } from '../linux';
import { UserError } from '../errors';
import { parseOptions, formatHelp, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { collectStats, formatStats, machineStatsInput, parallelStatsInput, type StatsInput } from './stats-report';
import { MACHINE_OPTIONS, machineSetup, buildMachine, setupHooks, checkFaults, type MachineSetup } from './machine-options';
import { bigintOption } from './options';
import { ParallelMachine, DEFAULT_SYNC_INTERVAL } from '../parallel/parallel-machine';
import type { Machine } from '../machine/machine';
import type { RunOutcome } from '../machine/outcome';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
  { name: 'threads', help: 'run each chassis on its own worker thread: its cores compared every cycle, the chassis compared before every I/O and every --sync-interval cycles' },
  { name: 'sync-interval', value: 'N', help: `with --threads: cycles between two cross-chassis checkpoints when no system call comes first (default ${DEFAULT_SYNC_INTERVAL})` },
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
  const setup = machineSetup('run', opts);
  const image = readProgram(path);
  const threads = opts.flags.has('threads');
  const syncInterval = opts.values.get('sync-interval')?.[0];
  if (syncInterval !== undefined && !threads) throw new UserError('run: --sync-interval goes with --threads');
  const program = { path, image, argv: [path, ...guestArgs], env: setup.env, seed: setup.seed, ...hostStdio() };
  const limits = { maxCycles: setup.maxCycles > 0n ? setup.maxCycles : undefined };
  const job = threads ? parallelJob(setup, syncInterval, program, limits) : singleJob(setup, program, limits);
  const eventsFile = opts.values.get('events')?.[0];
  const closeEvents = eventsFile === undefined ? undefined : logEventsTo(job.machine, eventsFile);
  const { machine } = job;
  try {
    job.load();
  } catch (error) {
    closeEvents?.();
    throw error;
  }

  const started = performance.now();
  let outcome;
  try {
    outcome = job.run();
  } finally {
    closeEvents?.();
  }
  const wall = (performance.now() - started) / 1000;
  if (outcome.kind !== 'exit') writeSync(2, `ftvm: ${outcome.message}\n`);
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
}

type Program = ProcessOptions;
type Limits = { maxCycles: bigint | undefined };

function singleJob(setup: MachineSetup, program: Program, limits: Limits): Job {
  const machine = buildMachine(setup);
  let kernel: LinuxProcess['kernel'] | undefined;
  return {
    machine,
    load: () => { kernel = startProcess(machine, program).kernel; },
    run: () => machine.run(limits, setupHooks(machine, setup)),
    statsInput: () => machineStatsInput(machine, kernel),
  };
}

function parallelJob(setup: MachineSetup, syncInterval: string | undefined, program: Program, limits: Limits): Job {
  checkFaults(setup);
  const interval = bigintOption('run', 'sync-interval', syncInterval, DEFAULT_SYNC_INTERVAL);
  if (interval < 1n) throw new UserError('run: --sync-interval must be at least 1');
  const machine = new ParallelMachine({
    topology: setup.topology, memoryMiB: setup.memoryMiB, ecc: setup.ecc, twinShortcut: setup.twinShortcut,
    faults: setup.faults, repairAfter: setup.repairAfter, syncInterval: interval,
  });
  return {
    machine,
    load: () => machine.load(program, limits),
    run: () => machine.run(),
    statsInput: () => parallelStatsInput(machine),
  };
}
