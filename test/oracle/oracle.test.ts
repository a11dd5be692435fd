/**
 * The oracle suite: every case in manifest.json was run natively on a real
 * CPU (test/oracle/rebuild.sh); ftvm must give the same stdout, exit status
 * and (where the program writes it) stderr.
 */
import { describe, test, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGuest, guestName } from '../helpers/run-guest';
import { oracleCases, ORACLE_DIR } from './cases';
import { captureRun } from '../../src/machine/captured-run';

describe('oracle: same output and status as the real CPU (simplex)', () => {
  test('the suite has the cases the issue asks for', () => {
    const kinds = new Map<string, number>();
    for (const c of oracleCases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    expect((kinds.get('random') ?? 0)).toBeGreaterThanOrEqual(40);
    expect(oracleCases.length - (kinds.get('random') ?? 0)).toBeGreaterThanOrEqual(15);
  });

  for (const c of oracleCases) {
    test(`${c.kind}/${c.name}: ${c.description}`, () => {
      const binary = join(ORACLE_DIR, c.binary);
      expect(existsSync(binary)).toBe(true);
      const run = runGuest(binary, { topology: 'simplex', args: c.args, stdin: c.stdin });
      const expected = readFileSync(join(ORACLE_DIR, c.stdout));
      expect(run.stdout.toString('latin1')).toBe(expected.toString('latin1'));
      expect(run.status).toBe(c.status);
      if (c.compareStderr && c.stderr) {
        expect(run.stderr.toString('latin1')).toBe(readFileSync(join(ORACLE_DIR, c.stderr)).toString('latin1'));
      }
    });
  }
});

// The x87 cases again with four cores in lockstep: the comparator covers the FPU block.
describe('oracle: the x87 cases under pair-spare', () => {
  for (const c of oracleCases.filter((o) => /float|x87/.test(o.name))) {
    test(`${c.kind}/${c.name}`, () => {
      const run = runGuest(join(ORACLE_DIR, c.binary), { topology: 'pair-spare', args: c.args, stdin: c.stdin });
      expect(run.stdout.toString('latin1')).toBe(readFileSync(join(ORACLE_DIR, c.stdout)).toString('latin1'));
      expect(run.status).toBe(c.status);
      expect(run.machine.events.filter((e) => e.type === 'mismatch')).toEqual([]);
    });
  }
});

// Every hand-written case again with each chassis on a worker thread: every system call the
// one-thread engine serves is served there too, with the same output, status and stderr.
describe('oracle: the hand-written cases on worker threads (pair-spare)', () => {
  for (const c of oracleCases.filter((o) => o.kind !== 'random')) {
    test(`${c.kind}/${c.name}`, () => {
      const path = join(ORACLE_DIR, c.binary);
      const run = captureRun({
        topology: 'pair-spare', threads: true, path: guestName(path), image: readFileSync(path), args: c.args,
        stdin: c.stdin === undefined ? undefined : new TextEncoder().encode(c.stdin), maxCycles: 200_000_000,
      });
      expect(run.stdout.toString('latin1')).toBe(readFileSync(join(ORACLE_DIR, c.stdout)).toString('latin1'));
      expect(run.outcome.status).toBe(c.status);
      if (c.compareStderr && c.stderr) expect(run.stderr.toString('latin1')).toBe(readFileSync(join(ORACLE_DIR, c.stderr)).toString('latin1'));
      expect(run.engine.events.filter((e) => e.type === 'mismatch')).toEqual([]);
    });
  }
});
