/**
 * `ftvm demo` (what `npm start` runs): a sample program under pair-spare while
 * a scripted set of faults hits it — a register flip in one core, a repair, a
 * chassis power loss, another repair — then the program's output beside the
 * fault-free run's and a timeline of what the machine detected and did.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCaptured, captureRun, type MachineRun } from '../machine/captured-run';
import { memoryDigest } from '../lockstep/resync';
import { formatTimeline } from '../reports/timeline';
import { describeFault, type Fault } from '../faults/fault';
import { readProgram } from '../programs/read-program';
import { parseOptions, formatHelp, type OptionSpec } from '../cli/options';
import { UserError } from '../errors';

const OPTIONS: OptionSpec[] = [
  { name: 'program', value: 'FILE', help: 'the guest (.asm or ELF; default programs/checksum.asm)' },
  { name: 'help', help: 'show this help' },
];

/** programs/ beside the bundle (dist/..) or beside the sources (src/demo/../..). */
export function samplePath(name: string): string {
  for (const rel of ['../programs/', '../../programs/']) {
    const path = fileURLToPath(new URL(rel + name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`sample program ${name} is missing from programs/`);
}

function runOnce(image: Uint8Array, path: string, faults: Fault[], repairAfter: bigint | undefined): MachineRun {
  return runCaptured({ topology: 'pair-spare', memoryMiB: 64, path, image, maxCycles: 2_000_000_000, faults, repairAfter });
}

export function demoCommand(argv: readonly string[]): number {
  const opts = parseOptions('demo', OPTIONS, argv, false);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp('ftvm demo [--program FILE]', 'Run a sample program under pair-spare while faults hit it, and show what the machine did.', OPTIONS));
    return 0;
  }
  if (opts.rest.length > 0) throw new UserError(`demo: unexpected argument '${opts.rest[0]}'`);
  const path = opts.values.get('program')?.[0] ?? samplePath('checksum.asm');
  const image = readProgram(path);
  const out = (s: string) => process.stdout.write(s);

  out(`ftvm demo: ${path}\n`);
  out('machine: pair-spare, 2 chassis x 2 cores in lockstep, comparator on every cycle\n\n');
  const reference = runOnce(image, path, [], undefined);
  const total = Number(reference.machine.cycle);
  const at = (fraction: number) => Math.floor(total * fraction);
  const faults: Fault[] = [
    { at: at(0.15), target: 'register', chassis: 0, core: 1, register: 'ecx', bit: 4 },
    { at: at(0.55), target: 'chassis', chassis: 1, event: 'power-loss' },
  ];
  const repairAfter = BigInt(Math.max(1000, at(0.1)));
  out('scripted faults:\n');
  for (const f of faults) out(`  cycle ${f.at}: ${describeFault(f)}\n`);
  out(`  repair: an offline chassis is resynchronised ${repairAfter} cycles after it goes offline\n\n`);

  const faulted = runOnce(image, path, faults, repairAfter);
  const same = faulted.stdout.equals(reference.stdout) && faulted.outcome.status === reference.outcome.status;
  out('--- program output under faults ---\n');
  out(faulted.stdout.toString('utf8'));
  out('--- end of program output ---\n\n');
  out(`exit status ${faulted.outcome.status}; fault-free run: exit status ${reference.outcome.status}\n`);
  out(`output identical to the fault-free run: ${same ? 'yes' : 'NO'}\n\n`);
  out('timeline:\n');
  out(formatTimeline(faulted.machine.events));
  const online = faulted.machine.onlineChassis;
  const digests = online.map((c) => memoryDigest(faulted.machine, c));
  out(`\nat the end: chassis ${online.join(' and ')} online, memory digests ${new Set(digests).size === 1 ? 'agree' : 'DIFFER'} (${digests[0]})\n`);
  out(`${total} cycles; ${(total / faulted.seconds / 1e6).toFixed(1)} guest MIPS in lockstep on this host\n`);

  // The same machine with its chassis side by side on worker threads, as `ftvm run --threads` runs it.
  const threaded = captureRun({ topology: 'pair-spare', memoryMiB: 64, path, image, maxCycles: 2_000_000_000, faults, repairAfter, threads: true });
  const sameThreaded = threaded.stdout.equals(reference.stdout) && threaded.outcome.status === reference.outcome.status;
  const detected = (events: readonly { type: string; chassis?: number }[]) => events.filter((e) => e.type === 'chassis-offline' || e.type === 'resync-done').map((e) => `${e.type} ${e.chassis}`).join(', ');
  out('\nthe same faults with each chassis on its own worker thread (ftvm run --threads):\n');
  out(`  output identical to the fault-free run: ${sameThreaded ? 'yes' : 'NO'}; chassis online at the end: ${threaded.engine.onlineChassis.join(' and ')}\n`);
  out(`  offline and back: ${detected(threaded.engine.events)}\n`);
  out(`  ${(total / threaded.seconds / 1e6).toFixed(1)} guest MIPS (the chassis compared before every I/O and every 1,000,000 cycles)\n`);
  return same && sameThreaded ? 0 : 1;
}
