/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync } from 'node:fs';
import { logEventsTo } from './event-log';
import { formatTimeline } from '../reports/timeline';
import { startProcess } from '../machine/linux-process';
import { hostStdio } from '../linux';
import { UserError } from '../errors';
import { parseOptions, formatHelp, type OptionSpec } from './options';
import { readProgram } from '../programs/read-program';
import { collectStats, formatStats } from './stats-report';
import { MACHINE_OPTIONS, machineSetup, buildMachine, setupHooks } from './machine-options';

const OPTIONS: OptionSpec[] = [
  ...MACHINE_OPTIONS,
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
  const machine = buildMachine(setup);
  const eventsFile = opts.values.get('events')?.[0];
  const closeEvents = eventsFile === undefined ? undefined : logEventsTo(machine, eventsFile);
  const proc = startProcess(machine, { path, image, argv: [path, ...guestArgs], env: setup.env, seed: setup.seed, ...hostStdio() });

  const started = performance.now();
  let outcome;
  try {
    outcome = machine.run({ maxCycles: setup.maxCycles > 0n ? setup.maxCycles : undefined }, setupHooks(machine, setup));
  } finally {
    closeEvents?.();
  }
  const wall = (performance.now() - started) / 1000;
  if (outcome.kind !== 'exit') writeSync(2, `ftvm: ${outcome.message}\n`);
  if (opts.flags.has('stats')) {
    writeSync(2, formatStats(collectStats(machine, proc.kernel, wall)));
    if (machine.events.some((e) => e.type !== 'exit')) writeSync(2, `ftvm: events\n${formatTimeline(machine.events)}`);
  }
  return outcome.status;
}
