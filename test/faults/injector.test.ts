/** The injector and a memory fault whose address is not mapped when it strikes. */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { runGuest } from '../helpers/run-guest';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';

const hello = join(__dirname, '../../programs/hello.asm');
const unmapped: Fault = { at: 5, target: 'memory', chassis: 0, address: 0x12345000, bits: [1] };

function run(unmappedMode?: 'throw' | 'skip') {
  let injector!: FaultInjector;
  const result = runGuest(hello, {
    topology: 'dmr',
    prepare: (m) => { injector = new FaultInjector(m, [unmapped], unmappedMode ? { unmapped: unmappedMode } : {}); },
    hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
  });
  return { result, injector };
}

describe('a memory fault at an address not mapped when it strikes', () => {
  test('ends the run with a UserError naming the fault by default (campaigns count it as masked)', () => {
    expect(() => run()).toThrow('memory fault at cycle 5 (flip bit 1 at address 0x12345000 in chassis 0): address 0x12345000 is not mapped at cycle 5');
  });

  test("is left out and listed with 'skip'; the program runs on untouched", () => {
    const { result, injector } = run('skip');
    expect(result.status).toBe(0);
    expect(result.stdout.toString()).toMatch(/Hello/);
    expect(injector.notApplied).toEqual([{ fault: unmapped, reason: 'address 0x12345000 is not mapped at cycle 5' }]);
    expect(injector.appliedFaults).toEqual([]);
    expect(result.machine.events.some((e) => e.type === 'fault-injected')).toBe(false);
  });
});
