/**
 * The bench loads: every suite module parses and has the shape bench/run.mjs
 * expects (bench/suites/index.mjs), and `node bench/run.mjs --help` answers.
 * No suite runs here (timings never go into tests); this only keeps a broken
 * suite from landing unseen, since nothing else in npm test imports them.
 */
import { describe, test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error: the bench's suites are plain JavaScript, without declarations
import { SUITES } from '../../bench/suites/index.mjs';

const ROOT = join(__dirname, '../..');

describe('bench suites', () => {
  test('every suite has a unique name, a title and its run and render functions', () => {
    const suites = SUITES as { name: unknown; title: unknown; run: unknown; render: unknown }[];
    expect(suites.map((s) => s.name)).toEqual(['topologies', 'native', 'ecc', 'campaign', 'disk']);
    for (const s of suites) {
      expect(typeof s.title).toBe('string');
      expect(typeof s.run).toBe('function');
      expect(typeof s.render).toBe('function');
    }
  });

  test('bench/run.mjs --help prints its usage and exits 0', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench/);
  });
});
