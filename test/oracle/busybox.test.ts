/**
 * Debian's static i386 busybox (test/fixtures/busybox) doing floating point:
 * awk sums and printf conversions, seq with fractional steps, sort -n/-g.
 * The expectations were recorded on the real CPU (record.mjs); every case
 * runs in simplex and under pair-spare, and a few on worker threads.
 */
import { describe, test, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { runGuest } from '../helpers/run-guest';
import { captureRun } from '../../src/machine/captured-run';
import { busyboxCases, busyboxExpected, unpackBusybox } from '../helpers/busybox';

const busybox = unpackBusybox();
afterAll(() => busybox.remove());

describe('busybox floating point: the real CPU\'s output', () => {
  test('the cases were recorded on the CPU itself', () => {
    expect(busyboxExpected.reference).toBe('native');
    expect(Object.keys(busyboxExpected.cases).sort()).toEqual(busyboxCases.map((c) => c.name).sort());
  });

  for (const topology of ['simplex', 'pair-spare'] as const) {
    for (const c of busyboxCases) {
      test(`${topology}: busybox ${c.args[0]} (${c.name})`, () => {
        const want = busyboxExpected.cases[c.name];
        const run = runGuest(busybox.path, { topology, args: c.args, stdin: c.stdin });
        expect(run.stdout.toString('latin1')).toBe(want.stdout);
        expect(run.stderr.toString('latin1')).toBe(want.stderr);
        expect(run.status).toBe(want.status);
        expect(run.machine.events.filter((e) => e.type === 'mismatch')).toEqual([]);
      });
    }
  }

  for (const name of ['awk-printf']) {
    test(`threads, tmr: ${name}`, () => {
      const c = busyboxCases.find((x) => x.name === name)!;
      const run = captureRun({
        topology: 'tmr', threads: true, path: busybox.path, image: readFileSync(busybox.path), args: c.args,
        stdin: c.stdin === undefined ? undefined : new TextEncoder().encode(c.stdin), maxCycles: 200_000_000,
      });
      expect(run.stdout.toString('latin1')).toBe(busyboxExpected.cases[name].stdout);
      expect(run.outcome.status).toBe(0);
    });
  }
});
