/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync } from 'node:fs';
import { Machine } from '../machine/machine';
import { startProcess, type LinuxProcess } from '../machine/linux-process';
import { hostStdio } from '../linux';
import { UserError } from '../errors';
import { parseOptions, formatHelp, bigintOption, intOption, type OptionSpec } from './options';
import { readProgram } from './program-file';
import { collectStats, formatStats } from './stats-report';
import { TOPOLOGY_PRESETS } from '../machine/topology';

const OPTIONS: OptionSpec[] = [
  { name: 'topology', value: 'NAME', help: `${Object.keys(TOPOLOGY_PRESETS).join('|')} (default pair-spare)` },
  { name: 'chassis', value: 'C', help: 'number of chassis, 1-3 (with --cores, instead of --topology)' },
  { name: 'cores', value: 'K', help: 'cores per chassis, 1-2' },
  { name: 'max-cycles', value: 'N', help: 'stop after N cycles with exit status 124' },
  { name: 'seed', value: 'N', help: 'seed for AT_RANDOM and getrandom (default 0)' },
  { name: 'memory', value: 'MIB', help: 'memory per chassis in MiB (default 256)' },
  { name: 'env', value: 'NAME=VALUE', repeatable: true, help: 'put a variable in the guest environment (empty by default)' },
  { name: 'stats', help: 'print cycles, wall time, guest MIPS and syscall counts to stderr' },
  { name: 'help', help: 'show this help' },
];

const USAGE = 'ftvm run [OPTIONS] PROGRAM [ARGS...]';
const SUMMARY = 'Run a static i386 Linux program. Its stdout, stderr and exit status are the program\'s own;\nmachine reports go to stderr. Everything after PROGRAM is passed to the guest unchanged.';

export function runCommand(argv: readonly string[]): number {
  const opts = parseOptions('run', OPTIONS, argv, true);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp(USAGE, SUMMARY, OPTIONS));
    return 0;
  }
  const [path, ...guestArgs] = opts.rest;
  if (path === undefined) throw new UserError(`run: no program given (usage: ${USAGE})`);
  const one = (name: string) => opts.values.get(name)?.[0];

  const topology = topologyFrom(one);
  const maxCycles = bigintOption('run', 'max-cycles', one('max-cycles'), 0n);
  const seed = bigintOption('run', 'seed', one('seed'), 0n);
  const memoryMiB = intOption('run', 'memory', one('memory'), 256, 1, 1024);
  const env = opts.values.get('env') ?? [];
  for (const e of env) if (!e.includes('=')) throw new UserError(`run: --env takes NAME=VALUE (got '${e}')`);

  const image = readProgram(path);
  const machine = new Machine({ topology, memoryMiB });
  const stdio = hostStdio();
  const proc: LinuxProcess = startProcess(machine, { path, image, argv: [path, ...guestArgs], env, seed, ...stdio });

  const started = performance.now();
  const outcome = machine.run({ maxCycles: maxCycles > 0n ? maxCycles : undefined });
  const wall = (performance.now() - started) / 1000;
  if (outcome.kind !== 'exit') writeSync(2, `ftvm: ${outcome.message}\n`);
  if (opts.flags.has('stats')) writeSync(2, formatStats(collectStats(machine, proc.kernel, wall)));
  return outcome.status;
}

function topologyFrom(one: (name: string) => string | undefined): string | { chassis: number; cores: number } {
  const name = one('topology');
  const c = one('chassis');
  const k = one('cores');
  if (name !== undefined && (c !== undefined || k !== undefined)) throw new UserError('run: give --topology or --chassis/--cores, not both');
  if (c !== undefined || k !== undefined) {
    return { chassis: intOption('run', 'chassis', c, 2, 1, 3), cores: intOption('run', 'cores', k, 2, 1, 2) };
  }
  return name ?? 'pair-spare';
}
