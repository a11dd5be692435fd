/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync } from 'node:fs';
import { prepareEventLog } from './event-log';
import { formatTimeline } from '../reports/timeline';
import { hostStdio } from '../linux';
import { UserError } from '../errors';
import { parseOptions, formatHelp, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { collectStats, formatStats } from './stats-report';
import { MACHINE_OPTIONS, THREAD_OPTIONS, machineSetup, checkFaults, reportFaultsNotApplied, threadsSetup, engineOptions } from './machine-options';
import { createEngine } from '../engine';
import { imageBlocks, parseDiskSpec } from '../disk/image-file';

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
  // Every input is checked before anything is opened for writing.
  const setup = machineSetup('run', opts);
  const threads = threadsSetup('run', opts);
  const eventsFile = opts.values.get('events')?.[0];
  const events = eventsFile === undefined ? undefined : prepareEventLog(eventsFile);
  const image = readProgram(path);
  const diskSpec = opts.values.get('disk')?.at(-1);
  if (diskSpec === undefined && opts.values.has('keep-mirrors')) throw new UserError('run: --keep-mirrors needs --disk IMG');
  const disk = diskSpec === undefined ? undefined : { ...parseDiskSpec(diskSpec), keepMirrors: opts.values.get('keep-mirrors')?.at(-1) };
  checkFaults(setup, disk && imageBlocks(disk.path));
  const program = { path, image, argv: [path, ...guestArgs], env: setup.env, seed: setup.seed, ...hostStdio() };
  const limits = { maxCycles: setup.maxCycles > 0n ? setup.maxCycles : undefined };
  const engine = createEngine({ ...engineOptions(setup, threads), disk });
  try {
    engine.load(program, limits);
    const closeEvents = events?.start(engine);
    const started = performance.now();
    let outcome;
    try {
      outcome = engine.run();
    } finally {
      closeEvents?.();
    }
    const wall = (performance.now() - started) / 1000;
    if (outcome.kind !== 'exit') writeSync(2, `ftvm: ${outcome.message}\n`);
    for (const warning of engine.warnings) writeSync(2, `ftvm: ${warning}\n`);
    reportFaultsNotApplied(setup, engine.events, engine.cycle, engine.faultsNotApplied());
    if (opts.flags.has('stats')) {
      writeSync(2, formatStats(collectStats(engine.statsInput(), wall)));
      if (engine.events.some((e) => e.type !== 'exit')) writeSync(2, `ftvm: events\n${formatTimeline(engine.events)}`);
    }
    return outcome.status;
  } finally {
    engine.close();
  }
}
