/**
 * Signal delivery against the real CPU and kernel: each program in
 * manifest.json was run natively (rebuild.sh); ftvm must print the same,
 * end with the same status, and do it at the same cycle on every topology and
 * placement, the handlers running in lockstep with no mismatch. Then the
 * comparator's side: a fault that makes one replica take a signal the others
 * do not is a divergence like any other.
 */
import { describe, test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureRun } from '../../src/machine/captured-run';
import { runGuest, guestName } from '../helpers/run-guest';
import type { EngineOptions } from '../../src/engine';
import type { Machine } from '../../src/machine/machine';
import { assemble } from '../../src/assembler';
import { classify } from '../../src/campaign/classify';

interface SignalCase {
  readonly name: string;
  readonly binary: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly compareStderr: boolean;
  readonly description: string;
}

const DIR = __dirname;
const CASES: SignalCase[] = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));

const PLACEMENTS: { label: string; options: EngineOptions }[] = [
  { label: 'simplex', options: { topology: 'simplex' } },
  { label: 'dmr', options: { topology: 'dmr' } },
  { label: 'pair-spare', options: { topology: 'pair-spare' } },
  { label: 'tmr', options: { topology: 'tmr' } },
  { label: 'pair-spare on threads', options: { topology: 'pair-spare', threads: { syncInterval: 5_000 } } },
  { label: 'tmr on threads', options: { topology: 'tmr', threads: true } },
];

function run(c: SignalCase, options: EngineOptions) {
  const path = join(DIR, c.binary);
  return captureRun({ ...options, path: guestName(path), image: readFileSync(path), maxCycles: 200_000_000 });
}

describe.each(CASES)('$name: as on the CPU and kernel', (c) => {
  const cycles = new Map<string, bigint>();
  test.each(PLACEMENTS)('$label', ({ label, options }) => {
    const r = run(c, options);
    expect(r.stdout.toString('latin1')).toBe(readFileSync(join(DIR, c.stdout)).toString('latin1'));
    expect(r.outcome.status).toBe(c.status);
    if (c.compareStderr) expect(r.stderr.toString('latin1')).toBe(readFileSync(join(DIR, c.stderr)).toString('latin1'));
    expect(r.engine.events.filter((e) => e.type === 'mismatch' || e.type === 'chassis-offline')).toEqual([]);
    cycles.set(label, r.engine.cycle);
    // Delivery happens at the same cycle whatever the topology or placement.
    expect(new Set(cycles.values()).size).toBe(1);
  });
});

describe('signals and the comparator', () => {
  const faults = join(DIR, 'bin/sig_faults');
  /** sig_faults' first `div ecx`, which divides by zero (natively: SIGFPE at eip 0x804912b). */
  const DIV = 0x0804912b;

  test('a divisor flipped in one replica: it divides while the others take SIGFPE, and the vote removes it', () => {
    const at = cycleReaching(faults, DIV);
    const golden = runGuest(faults, { topology: 'tmr' });
    const struck = captureRun({
      topology: 'tmr', path: guestName(faults), image: readFileSync(faults), maxCycles: 200_000_000,
      faults: [{ at, target: 'register', chassis: 2, core: 0, register: 'ecx', bit: 0 }],
    });
    // Found in the cycle of the div itself (events carry the count once that cycle is done).
    const mismatch = struck.engine.events.find((e) => e.type === 'mismatch');
    expect(mismatch?.cycle).toBe(at + 1);
    expect(struck.engine.events.some((e) => e.type === 'chassis-offline' && e.chassis === 2)).toBe(true);
    // Masked: the program goes on to print exactly what the golden run printed.
    expect(struck.stdout.equals(golden.stdout)).toBe(true);
    expect(struck.outcome.status).toBe(golden.status);
  });

  test('the same in DMR, with no evidence which side is right: the machine stops', () => {
    const at = cycleReaching(faults, DIV);
    const struck = captureRun({
      topology: 'dmr', path: guestName(faults), image: readFileSync(faults), maxCycles: 200_000_000,
      faults: [{ at, target: 'register', chassis: 1, core: 0, register: 'ecx', bit: 0 }],
    });
    expect(struck.outcome.kind).toBe('stopped');
    expect(struck.engine.events.find((e) => e.type === 'mismatch')?.cycle).toBe(at + 1);
  });
});

/** The first cycle at which the program is about to execute the instruction at `eip` (stepping one cycle at a time). */
function cycleReaching(path: string, eip: number): number {
  let found: bigint | undefined;
  let machine: Machine | undefined;
  runGuest(path, {
    topology: 'simplex',
    maxCycles: 1_000_000,
    prepare: (m) => { machine = m; },
    hooks: {
      atCycle: (cycle) => {
        if (found === undefined && machine!.getRegister('eip') === eip) found = cycle;
      },
      nextCycle: (now) => (found === undefined ? now + 1n : undefined),
    },
  });
  if (found === undefined) throw new Error(`eip ${eip.toString(16)} never reached`);
  return Number(found);
}

describe('a signal whose default action kills ends the run as that signal', () => {
  // kill(getpid(), SIGNAL): the way abort() and raise() end a process.
  const killSelf = (signal: number) => assemble({
    fileName: 'kill-self.asm',
    source: `
section .text
global _start
_start:
    mov eax, 20          ; getpid
    int 0x80
    mov ebx, eax
    mov ecx, ${signal}
    mov eax, 37          ; kill
    int 0x80
    mov ebx, 0
    mov eax, 1           ; not reached
    int 0x80
`,
  }).elf;
  test.each([
    [6, 'SIGABRT', 'Aborted'],
    [14, 'SIGALRM', 'Alarm clock'],
    [15, 'SIGTERM', 'Terminated'],
    [40, 'SIGRTMIN+8', 'Real-time signal 8'],
  ])('signal %i: %s', (number, name, words) => {
    // Workers take a while to start: threads for one of them.
    const placements: EngineOptions[] = [{ topology: 'simplex' }, ...(number === 6 ? [{ topology: 'pair-spare', threads: true }] : [])];
    for (const options of placements) {
      const run = captureRun({ ...options, path: 'kill-self.asm', image: killSelf(number) });
      expect(run.outcome).toEqual({ kind: 'signal', signal: name, status: 128 + number, message: `guest ${name}: ${words}` });
      expect(run.engine.events.filter((e) => e.type === 'guest-signal')).toHaveLength(1);
    }
  });

  test('a campaign classes a run that aborts where the golden run exited as a crash', () => {
    const run = captureRun({ topology: 'simplex', path: 'kill-self.asm', image: killSelf(6) });
    const golden = { kind: 'exit', status: 0 } as const;
    expect(classify({ outcome: { kind: run.outcome.kind, status: run.outcome.status, signal: run.outcome.kind === 'signal' ? run.outcome.signal : undefined }, outputMatches: true, events: [] }, golden)).toBe('crash');
  });
});
