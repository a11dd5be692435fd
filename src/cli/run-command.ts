/** `ftvm run [OPTIONS] PROGRAM [ARGS...]`: run a program as if natively. */
import { writeSync, readFileSync } from 'node:fs';
import { parseFaultJson, parseFaultList, checkFaultFits, type Fault } from '../faults/fault';
import { FaultInjector, combineHooks } from '../faults/injector';
import { Resyncer } from '../lockstep/resync';
import type { EccMode } from '../ecc/ecc-memory';
import { logEventsTo } from './event-log';
import { formatTimeline } from '../reports/timeline';
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
  { name: 'fault', value: 'JSON', repeatable: true, help: 'inject a fault, e.g. \'{"at":1000,"target":"register","chassis":0,"core":1,"register":"eax","bit":3}\'' },
  { name: 'faults', value: 'FILE', help: 'inject the faults of a JSON array file' },
  { name: 'repair-after', value: 'N', help: 'resynchronise an offline chassis N cycles after it went offline' },
  { name: 'events', value: 'FILE', help: 'write machine events to FILE as JSON lines' },
  { name: 'ecc', value: 'MODE', help: 'ECC memory: fast (default: decode words the injector touched), paranoid (decode every access), off' },
  { name: 'dimms', value: 'N', help: 'DIMMs per chassis, interleaved by 64-byte line (default 4)' },
  { name: 'scrub-interval', value: 'N', help: 'cycles between two frames scrubbed per chassis (default 10000; 0 = no scrubbing)' },
  { name: 'ce-threshold', value: 'N', help: 'corrected errors on one DIMM before its chassis goes offline (default 16)' },
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

  const faults = faultsFrom(opts.values.get('fault') ?? [], one('faults'));
  const repairAfter = one('repair-after') === undefined ? undefined : bigintOption('run', 'repair-after', one('repair-after'), 0n);

  const image = readProgram(path);
  const eccMode = one('ecc') ?? 'fast';
  if (eccMode !== 'fast' && eccMode !== 'paranoid' && eccMode !== 'off') throw new UserError(`run: --ecc must be fast, paranoid or off (got '${eccMode}')`);
  const ecc = {
    mode: eccMode as EccMode,
    dimms: intOption('run', 'dimms', one('dimms'), 4, 1, 16),
    scrubInterval: intOption('run', 'scrub-interval', one('scrub-interval'), 10_000, 0, 2 ** 31),
    correctedThreshold: intOption('run', 'ce-threshold', one('ce-threshold'), 16, 0, 2 ** 31),
  };
  const machine = new Machine({ topology, memoryMiB, ecc });
  faults.forEach((f, i) => checkFaultFits(f, machine.topology, machine.ecc.dimms.count, faultName(opts.values.get('fault') ?? [], i, one('faults'))));
  const closeEvents = one('events') === undefined ? undefined : logEventsTo(machine, one('events')!);
  const stdio = hostStdio();
  const proc: LinuxProcess = startProcess(machine, { path, image, argv: [path, ...guestArgs], env, seed, ...stdio });
  const hooks = [new FaultInjector(machine, faults)];
  const resync = repairAfter === undefined ? undefined : new Resyncer(machine, repairAfter);

  const started = performance.now();
  let outcome;
  try {
    outcome = machine.run({ maxCycles: maxCycles > 0n ? maxCycles : undefined }, combineHooks(...hooks, ...(resync ? [resync] : [])));
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

function faultsFrom(inline: readonly string[], file: string | undefined): Fault[] {
  const faults = inline.map((text, i) => parseFaultJson(text, `--fault ${i + 1}`));
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(`--faults: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    faults.push(...parseFaultList(text, file));
  }
  return faults;
}

function faultName(inline: readonly string[], i: number, file: string | undefined): string {
  return i < inline.length ? `--fault ${i + 1}` : `${file}[${i - inline.length}]`;
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
