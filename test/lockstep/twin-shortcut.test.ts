/**
 * The twin shortcut (opt-in) must change nothing but speed: the same faults
 * give the same cycles, output, status and events with and without it.
 */
import { test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest } from '../helpers/run-guest';
import { ORACLE_DIR } from '../oracle/cases';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';
import type { Machine } from '../../src/machine/machine';

const faults: Fault[] = [
  { at: 30_000, target: 'register', chassis: 1, core: 1, register: 'ecx', bit: 3 },
  { at: 60_000, target: 'register', chassis: 0, core: 0, register: 'eflags', bit: 0, stuck: 1 },
  { at: 90_000, target: 'memory', chassis: 0, address: 0xc0000000 - 128, bits: [5] },
];

for (const name of ['glibc_mixed', 'fs_recursion', 'nasm_string', 'glibc_float_O2']) {
  test(`${name}: pair-spare with and without the twin shortcut agree`, () => {
    const runs = [false, true].map((twinShortcut) => {
      let injector!: FaultInjector;
      return runGuest(join(ORACLE_DIR, 'bin', name), {
        topology: 'pair-spare',
        twinShortcut,
        prepare: (m: Machine) => { injector = new FaultInjector(m, faults.filter((f) => f.at < 150_000)); },
        hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
      });
    });
    expect(runs[1].machine.cycle).toBe(runs[0].machine.cycle);
    expect(runs[1].stdout.equals(runs[0].stdout)).toBe(true);
    expect(runs[1].status).toBe(runs[0].status);
    expect(runs[1].machine.events).toEqual(runs[0].machine.events);
  });
}
