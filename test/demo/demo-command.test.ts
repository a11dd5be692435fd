/** `ftvm demo` (npm start) through the real bundle: the story it tells must be true. */
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('the demo survives its faults on one thread and on worker threads, and says so', () => {
  const r = spawnSync(process.execPath, [join(__dirname, '../../dist/cli.js'), 'demo'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^output identical to the fault-free run: yes$/m);
  expect(r.stdout).toMatch(/chassis 0: offline \(core-mismatch\)/);
  expect(r.stdout).toMatch(/chassis 1: offline \(power-loss\)/);
  expect(r.stdout).toMatch(/^at the end: chassis 0 and 1 online, memory digests agree/m);
  expect(r.stdout).toMatch(/^ {2}output identical to the fault-free run: yes; chassis online at the end: 0 and 1$/m);
  expect(r.stdout).toMatch(/^ {2}offline and back: chassis-offline 0, resync-done 0, chassis-offline 1, resync-done 1$/m);
});
