/**
 * The `ftvm` executable (src/cli/entry.ts) starts a campaign's first worker
 * thread before it loads the rest of itself. The campaign that takes that
 * worker writes the results an in-thread run writes; a command that never
 * takes it (no workers, help, a bad file) still ends at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '../../dist/cli.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftvm-entry-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({
    program: join(__dirname, '../campaign/fixtures/loop-sum.asm'),
    topologies: ['pair-spare'],
    faults: [{ target: 'register' }, { target: 'chassis' }],
    injections: 8,
    seed: 5,
    memoryMiB: 16,
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ftvm = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { timeout: 60_000, encoding: 'utf8' });

describe('the prestarted campaign worker', () => {
  test('a campaign on one worker (started before the campaign file was read) writes what a campaign in the main thread writes', () => {
    for (const [out, workers] of [['worker.jsonl', '1'], ['main.jsonl', '0']]) {
      const r = ftvm(['campaign', join(dir, 'c.json'), '--out', join(dir, out), '--workers', workers, '--translate']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(workers === '0' ? /16 injections run of 16 .*in the main thread/ : /16 injections run of 16 .*on 1 worker/);
    }
    expect(readFileSync(join(dir, 'worker.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'main.jsonl'), 'utf8'));
  });

  test('help and a bad campaign file end at once, the worker untaken', () => {
    const help = ftvm(['campaign', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: ftvm campaign FILE/);
    const bad = ftvm(['campaign', join(dir, 'missing.json'), '--out', join(dir, 'x.jsonl')]);
    expect(bad.status).not.toBe(0);
    expect(bad.error).toBeUndefined(); // not killed by the timeout
    expect(bad.stderr).toMatch(/^ftvm: .*missing\.json/);
  });
});
