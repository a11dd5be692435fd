/** `ftvm bench` through the real bundle: one program, each topology asked for, a table and a chart. */
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '../../dist/cli.js');
const ftvm = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const PROGRAM = join(__dirname, '../../programs/sieve.asm');

test('measures one-thread and threaded topologies of the same program', () => {
  const r = ftvm(['bench', '--runs', '1', '--topology', 'simplex', '--topology', 'pair-spare', '--topology', 'pair-spare+threads', PROGRAM]);
  expect(r.status).toBe(0);
  const rows = r.stdout.split('\n');
  expect(rows[0]).toMatch(/sieve\.asm: \d+ guest instructions, best of 1/);
  for (const t of ['simplex', 'pair-spare', 'pair-spare+threads']) {
    expect(rows.some((line) => new RegExp(`^${t.replace('+', '\\+')} +\\d+\\.\\d{4} +\\d+\\.\\d{2} +\\d+\\.\\d{2}`).test(line))).toBe(true);
  }
  expect(r.stdout).toMatch(/^simplex +\d+\.\d{4} +\d+\.\d{2} +1\.00 /m);
  expect(r.stdout).toMatch(/guest MIPS/);
});

test('an unknown topology or engine is one line and status 2', () => {
  for (const t of ['quad', 'tmr+gpu']) {
    const r = ftvm(['bench', '--topology', t, PROGRAM]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ftvm: bench: unknown topology '${t}' (expected a preset, optionally with +threads)\n`);
  }
});
