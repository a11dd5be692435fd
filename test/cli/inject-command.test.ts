/** `ftvm inject`: one fault, classified against the fault-free run. */
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ORACLE_DIR } from '../oracle/cases';

const CLI = join(__dirname, '../../dist/cli.js');
const program = join(ORACLE_DIR, 'bin/fs_int64_O2');
const flip = '{"at":20000,"target":"register","chassis":0,"core":0,"register":"ebx","bit":4}';

function inject(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'inject', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the same flip is silent data corruption on simplex and recovered on tmr', () => {
  const simplex = JSON.parse(inject(['--json', '--topology', 'simplex', '--fault', flip, program]).stdout);
  expect(simplex).toMatchObject({ outcome: 'sdc', latency: null, topology: 'simplex' });
  const tmr = JSON.parse(inject(['--json', '--topology', 'tmr', '--fault', flip, program]).stdout);
  expect(tmr).toMatchObject({ outcome: 'recovered', latency: 1, topology: 'tmr', cycles: tmr.goldenCycles });
  expect(tmr.events.map((e: { type: string }) => e.type)).toEqual(['fault-injected', 'mismatch', 'vote', 'chassis-offline', 'exit']);
});

test('dmr stops: detected', () => {
  const r = inject(['--topology', 'dmr', '--fault', flip, program]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^outcome {3}detected \(detected 1 cycle after the fault\)$/m);
});

test('with --threads, tmr finds the flip at the next meeting: recovered, with the latency that costs', () => {
  const tmr = JSON.parse(inject(['--json', '--threads', '--sync-interval', '5000', '--topology', 'tmr', '--fault', flip, program]).stdout);
  expect(tmr).toMatchObject({ outcome: 'recovered', topology: 'tmr', cycles: tmr.goldenCycles });
  expect(tmr.latency).toBeGreaterThan(1);
  expect(tmr.latency).toBeLessThanOrEqual(5000);
  expect(tmr.events.map((e: { type: string }) => e.type)).toEqual(['fault-injected', 'mismatch', 'vote', 'chassis-offline', 'exit']);
  const text = inject(['--threads', '--sync-interval', '5000', '--topology', 'tmr', '--fault', flip, program]).stdout;
  expect(text).toMatch(/^ {2}cycle +\d+ +comparator: chassis disagree at (an I\/O write on fd \d|the interval checkpoint)$/m);
});

test('an inject without a fault is a usage error', () => {
  const r = inject([program]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('ftvm: inject: no fault given (--fault JSON or --faults FILE)\n');
});

test('--stdin is read to its end but never past 256 MiB; faults that never struck are named', () => {
  const zero = inject(['--stdin', '/dev/zero', '--fault', flip, program]);
  expect(zero.status).toBe(2);
  expect(zero.stderr).toBe("ftvm: --stdin: /dev/zero: too large for the guest's stdin (more than 256 MiB)\n");
  expect(zero.stdout).toBe('');
  const late = '{"at":900000000,"target":"register","chassis":0,"core":0,"register":"ebx","bit":4}';
  const r = inject(['--json', '--fault', late, program]);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'masked' });
  expect(r.stderr).toMatch(/^ftvm: --fault 1 not applied \(flip ebx bit 4 in chassis 0 core 0\): it was due at cycle 900000000, and the run ended at cycle \d+\n$/);
});
