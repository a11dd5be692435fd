import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runGuest } from '../helpers/run-guest';
import { ORACLE_DIR } from '../oracle/cases';
import { Machine } from '../../src/machine/machine';
import { startProcess } from '../../src/machine/linux-process';
import { BytesSource, CollectingSink } from '../../src/linux';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';

const program = join(ORACLE_DIR, 'bin/fs_int64_O2');
const glibc = join(ORACLE_DIR, 'bin/glibc_mixed');

function withFaults(faults: Fault[]) {
  let injector!: FaultInjector;
  return {
    prepare: (m: Machine) => { injector = new FaultInjector(m, faults); },
    hooks: { atCycle: (n: bigint) => injector.atCycle(n), nextCycle: (n: bigint) => injector.nextCycle(n) },
  };
}

describe('policies', () => {
  const golden = runGuest(program, { topology: 'simplex' });

  test('dmr: a register flip stops the machine (status 125), never wrong output', () => {
    const run = runGuest(program, { topology: 'dmr', ...withFaults([{ at: 500, target: 'register', chassis: 1, core: 0, register: 'eax', bit: 0 }]) });
    expect(run.status).toBe(125);
    expect(run.outcome.kind).toBe('stopped');
    expect(run.outcome.kind === 'stopped' && run.outcome.message).toMatch(/^machine stopped: chassis 0 and 1 disagree .*\(cycle 501\)$/);
    // What was written before the stop is a prefix of the right output, never something else.
    expect(golden.stdout.subarray(0, run.stdout.length).equals(run.stdout)).toBe(true);
    expect(run.machine.events.map((e) => e.type)).toEqual(['fault-injected', 'mismatch', 'vote', 'stop']);
  });

  test('simplex compares nothing: a flip can change the output (silent data corruption)', () => {
    // esi carries a loop value in this program; flipping a high bit changes what it prints.
    let changed = 0;
    for (let at = 1000; at < 20000 && changed === 0; at += 997) {
      const run = runGuest(program, { topology: 'simplex', ...withFaults([{ at, target: 'register', chassis: 0, core: 0, register: 'ebx', bit: 4 }]) });
      expect(run.machine.events.some((e) => e.type === 'mismatch')).toBe(false);
      if (!run.stdout.equals(golden.stdout) && run.status === golden.status) changed++;
    }
    expect(changed).toBe(1);
  });

  test('pair-spare: the same flip is detected, the faulty chassis goes offline, the output is right', () => {
    const run = runGuest(program, { topology: 'pair-spare', ...withFaults([{ at: 500, target: 'register', chassis: 0, core: 1, register: 'eax', bit: 0 }]) });
    expect(run.stdout.equals(golden.stdout)).toBe(true);
    const offline = run.machine.events.find((e) => e.type === 'chassis-offline');
    expect(offline).toMatchObject({ chassis: 0, reason: 'core-mismatch', cycle: 501 });
    expect(run.machine.onlineChassis).toEqual([1]);
  });

  test('tmr: majority vote takes the minority chassis offline', () => {
    const run = runGuest(program, { topology: 'tmr', ...withFaults([{ at: 800, target: 'register', chassis: 0, core: 0, register: 'esp', bit: 2 }]) });
    expect(run.stdout.equals(golden.stdout)).toBe(true);
    const vote = run.machine.events.find((e) => e.type === 'vote');
    expect(vote).toMatchObject({ groups: [[0], [1, 2]], winners: [1, 2] });
    expect(run.machine.onlineChassis).toEqual([1, 2]);
  });

  test('the last chassis failing stops the machine', () => {
    const run = runGuest(program, { topology: 'pair-spare', ...withFaults([
      { at: 100, target: 'chassis', chassis: 0, event: 'power-loss' },
      { at: 200, target: 'register', chassis: 1, core: 0, register: 'ecx', bit: 7 },
    ]) });
    expect(run.status).toBe(125);
    expect(run.machine.events.at(-1)).toMatchObject({ type: 'stop', reason: 'every chassis failed its self-check' });
  });
});

describe('snapshots', () => {
  function start(m: Machine) {
    const out = new CollectingSink();
    startProcess(m, { path: glibc, image: readFileSync(glibc), argv: [glibc], stdin: new BytesSource(new Uint8Array()), stdout: out, stderr: new CollectingSink() });
    return out;
  }

  /** Run `from` 300k cycles, snapshot it, run it to the end; restore the snapshot into `into` and run that to the end: both must end alike. */
  function continueIn(from: Machine, into: Machine): void {
    const outA = start(from);
    expect(from.run({ maxCycles: 300_000 }).kind).toBe('limit');
    const snap = from.snapshot();
    const before = outA.bytes().length;
    const endA = from.run();
    const outB = start(into);
    into.restore(structuredClone(snap));
    expect(into.run()).toEqual(endA);
    expect(into.cycle).toBe(from.cycle);
    expect(Buffer.from(outB.bytes()).equals(Buffer.from(outA.bytes().subarray(before)))).toBe(true);
  }

  test('restoring a snapshot into a fresh machine continues exactly as the original', () => {
    continueIn(new Machine({ topology: 'pair-spare', memoryMiB: 64 }), new Machine({ topology: 'pair-spare', memoryMiB: 64 }));
  });

  test('a machine restored from another engine\'s snapshot keeps its own engine', () => {
    const translated = new Machine({ topology: 'simplex', memoryMiB: 64, translate: true });
    continueIn(new Machine({ topology: 'simplex', memoryMiB: 64 }), translated);
    // The interpreted machine's snapshot did not switch translation off.
    expect(translated.core.translationStats()!.translatedCycles).toBeGreaterThan(0n);
  });
});

describe('determinism', () => {
  test('same program, input and seed: same cycles, output and events', () => {
    const runs = [1, 2].map(() => runGuest(glibc, { topology: 'tmr', seed: 7n, ...withFaults([{ at: 4000, target: 'register', chassis: 2, core: 0, register: 'edx', bit: 9 }]) }));
    expect(runs[0].machine.cycle).toBe(runs[1].machine.cycle);
    expect(runs[0].stdout.equals(runs[1].stdout)).toBe(true);
    expect(runs[0].machine.events).toEqual(runs[1].machine.events);
  });
});
