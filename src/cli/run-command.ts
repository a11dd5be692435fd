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
import { MACHINE_OPTIONS, THREAD_OPTIONS, machineSetup, buildMachine, setupHooks, checkFaults, threadsSetup, parallelOptions, type MachineSetup } from './machine-options';
import { ParallelMachine } from '../parallel/parallel-machine';
import type { Machine } from '../machine/machine';
import type { RunOutcome } from '../machine/outcome';
import { MachineDisk } from '../disk/machine-disk';
import { parseDiskFault, type DiskFault } from '../disk/disk-faults';
import { parseDiskSpec } from '../disk/image-file';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
  ...THREAD_OPTIONS,
  { name: 'disk', value: 'IMG[:ro]', help: "the guest's root file system: an ext4 image (ftvm disk create), mirrored on every chassis; :ro never writes it" },
  { name: 'keep-mirrors', value: 'DIR', help: "with --disk: write each chassis' copy of the disk to DIR/chassis-C.img at the end" },
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
  const diskFaults = takeDiskFaults(opts);
  const setup = machineSetup('run', opts);
  const image = readProgram(path);
  const threads = threadsSetup('run', opts);
  const program = { path, image, argv: [path, ...guestArgs], env: setup.env, seed: setup.seed, ...hostStdio() };
  const limits = { maxCycles: setup.maxCycles > 0n ? setup.maxCycles : undefined };
  const diskSpec = opts.values.get('disk')?.at(-1);
  if (diskSpec === undefined && (diskFaults.length > 0 || opts.values.has('keep-mirrors'))) throw new UserError('run: disk faults and --keep-mirrors need --disk IMG');
  if (diskSpec !== undefined && threads) throw new UserError('run: --disk runs on one thread for now (drop --threads)');
  const disk = diskSpec === undefined ? undefined : { ...parseDiskSpec(diskSpec), faults: diskFaults, keepMirrors: opts.values.get('keep-mirrors')?.at(-1) };
  const job = threads ? parallelJob(setup, threads.syncInterval, program, limits) : singleJob(setup, program, limits, disk);
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
    job.finish?.();
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
  /** After the run: write the disk image back. */
  finish?(): void;
}

type Program = ProcessOptions;
type Limits = { maxCycles: bigint | undefined };

function singleJob(setup: MachineSetup, program: Program, limits: Limits, disk?: DiskSetup): Job {
  const machine = buildMachine(setup);
  let kernel: LinuxProcess['kernel'] | undefined;
  let device: MachineDisk | undefined;
  return {
    machine,
    load: () => {
      device = disk && attachDisk(machine, disk, setup.repairAfter);
      kernel = startProcess(machine, { ...program, disk: device?.fs }).kernel;
    },
    run: () => machine.run(limits, setupHooks(machine, setup)),
    statsInput: () => machineStatsInput(machine, kernel),
    finish: () => {
      const lost = device?.finish() ?? [];
      if (lost.length > 0) writeSync(2, `ftvm: disk blocks unreadable on every copy, saved as zeros: ${lost.join(', ')}\n`);
    },
  };
}

type DiskSetup = { path: string; readOnly: boolean; faults: DiskFault[]; keepMirrors?: string };

/** The disk as a device of the one-thread machine: its cycle, its events, and chassis leaving and coming back. */
function attachDisk(machine: Machine, disk: DiskSetup, repairAfter: bigint | undefined): MachineDisk {
  const device = new MachineDisk(
    { ...disk, chassis: machine.topology.chassis, repairAfter },
    { cycle: () => machine.cycle, emit: (e) => machine.emit(e as Parameters<Machine['emit']>[0]) },
  );
  machine.onEvent((e) => {
    if (e.type === 'chassis-offline' && e.chassis !== undefined) device.chassisOffline(e.chassis, e.reason ?? 'offline');
    if (e.type === 'resync-done' && e.ok === true && e.chassis !== undefined) device.chassisRestored(e.chassis);
  });
  return device;
}

/** --fault values whose target is "disk" are the disk's; the rest stay for the machine's injector. */
function takeDiskFaults(opts: ReturnType<typeof parseOptions>): DiskFault[] {
  const inline = opts.values.get('fault');
  if (!inline) return [];
  const faults: DiskFault[] = [];
  const rest: string[] = [];
  inline.forEach((text, i) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      rest.push(text);
      return;
    }
    if ((value as { target?: unknown } | null)?.target === 'disk') faults.push(parseDiskFault(value, `--fault ${i + 1}`));
    else rest.push(text);
  });
  if (rest.length > 0) opts.values.set('fault', rest);
  else opts.values.delete('fault');
  return faults;
}

function parallelJob(setup: MachineSetup, syncInterval: bigint, program: Program, limits: Limits): Job {
  checkFaults(setup);
  const machine = new ParallelMachine(parallelOptions(setup, syncInterval));
  return {
    machine,
    load: () => machine.load(program, limits),
    run: () => machine.run(),
    statsInput: () => parallelStatsInput(machine),
  };
}
