/**
 * A campaign with a disk: disk fault models, every run on its own copy of the
 * image, and the files the program leaves compared with the golden run's (a
 * run whose output matches but whose files differ is SDC). Injections
 * fast-forward from golden snapshots (the disk settled there, its file
 * system rebuilt on restore) with records identical to runs from cycle 0.
 * `ftvm inject --disk` judges one fault the same way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parseCampaign } from '../../src/campaign/spec';
import { makeSmallImage } from '../helpers/small-image';
import { runCampaign } from '../../src/campaign/run-campaign';
import { formatRecord, type RunRecord } from '../../src/campaign/results-file';

const CLI = join(__dirname, '../../dist/cli.js');
const FILES = join(__dirname, '../disk/programs/files');
const WRITER = join(__dirname, 'fixtures', 'disk-writer.asm');
/** input.txt's block on the image made below: the program's first read from the disk. */
const INPUT_BLOCK = 134;

let dir: string;
let img: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftvm-disk-campaign-'));
  img = makeSmallImage(dir, 'disk.img');
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a campaign with a disk', () => {
  it('classifies disk faults by output and files: corrected or recovered with a mirror, SDC on one copy; the image is never written', async () => {
    const before = sha(img);
    const spec = parseCampaign(
      {
        program: FILES,
        disk: img,
        topologies: ['simplex', 'pair-spare'],
        faults: [
          // Before the program reads input.txt: a silent flip somewhere in its block.
          { target: 'disk', name: 'corrupt', event: 'corrupt', blocks: [[INPUT_BLOCK, INPUT_BLOCK + 1]], window: [0, 1000] },
          { target: 'disk', name: 'fail', event: 'fail', window: [0, 1000] },
        ],
        injections: 1,
        seed: 7,
        repairAfter: 2_000_000,
      },
      'disk-campaign',
    );
    const records: RunRecord[] = [];
    await runCampaign(spec, { workers: 0, onRecord: (r) => records.push(r) });
    expect(records).toHaveLength(4);
    const outcomes = (topology: string, model: string) => records.filter((r) => r.topology === topology && r.model === model).map((r) => r.outcome);
    // One copy: the flip stays in the file, whether or not the program printed the bytes it hit.
    expect(outcomes('simplex', 'corrupt')).toEqual(['sdc']);
    expect(outcomes('pair-spare', 'corrupt')).toEqual(['corrected']);
    expect(outcomes('pair-spare', 'fail')).toEqual(['recovered']);
    for (const r of records.filter((x) => x.topology === 'pair-spare')) {
      expect(r.events.some((e) => e.type === 'disk-error' || e.type === 'disk-offline')).toBe(true);
    }
    expect(sha(img)).toBe(before);
  }, 240_000);

  it('fast-forwards from golden snapshots with files open at every one: the same records as every run from cycle 0', async () => {
    const empty = join(dir, 'empty.img');
    const made = spawnSync(process.execPath, [CLI, 'disk', 'create', empty, '--size', '8M'], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    const spec = parseCampaign(
      {
        program: WRITER,
        disk: empty,
        topologies: ['simplex', 'pair-spare'],
        faults: [
          { target: 'register' },
          { target: 'disk', name: 'corrupt', event: 'corrupt' },
          { target: 'disk', name: 'unreadable', event: 'unreadable' },
          { target: 'disk', name: 'fail', event: 'fail' },
          { target: 'chassis', name: 'power' },
        ],
        injections: 3,
        seed: 11,
        repairAfter: 100_000,
        snapshotInterval: 40_000,
      },
      'disk-fast-forward',
    );
    const run = async (useSnapshots: boolean) => {
      const lines: string[] = [];
      const summary = await runCampaign(spec, { workers: 0, useSnapshots, onRecord: (r) => lines.push(formatRecord(r)) });
      return { lines, summary };
    };
    const forward = await run(true);
    const fromZero = await run(false);
    expect(forward.lines).toHaveLength(30);
    expect(forward.lines).toEqual(fromZero.lines);
    // The fast way really was taken: snapshots all along the run, runs that stopped early once back on the golden run.
    expect(forward.summary.snapshotInterval).toBe(40_000);
    expect(forward.summary.goldenCycles).toBeGreaterThan(10 * 40_000);
    expect(forward.summary.rejoined).toBeGreaterThan(0);
    expect(fromZero.summary.rejoined).toBe(0);
    const outcomes = new Set(forward.lines.map((l) => (JSON.parse(l) as RunRecord).outcome));
    expect(outcomes.size).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('is refused in one line without a disk, and a disk model is checked against the disk', () => {
    expect(() => parseCampaign({ program: FILES, topologies: ['simplex'], faults: [{ target: 'disk' }], injections: 1 }, 'c.json')).toThrow(/^c\.json: faults\[0\]: a disk fault model needs a disk \(add "disk": IMG\)$/);
    expect(() => parseCampaign({ program: FILES, disk: img, topologies: ['simplex'], faults: [{ target: 'disk', event: 'fail', flips: 2 }], injections: 1 }, 'c.json')).toThrow(/faults\[0\]\.flips: only a corrupt block/);
    expect(() => parseCampaign({ program: FILES, disk: img, topologies: ['simplex'], faults: [{ target: 'disk', event: 'melt' }], injections: 1 }, 'c.json')).toThrow(/faults\[0\]\.event/);
  });

  it('ftvm inject --disk: a flip the output never shows is SDC by the files on one copy, corrected with a mirror', () => {
    // Bit 1000 is past input.txt's 23 bytes: the program never prints it, but the file holds it.
    const fault = JSON.stringify({ at: 0, target: 'disk', chassis: 0, block: INPUT_BLOCK, bits: [1000] });
    const inject = (topology: string) => {
      const r = spawnSync(process.execPath, [CLI, 'inject', '--json', '--topology', topology, '--disk', img, '--fault', fault, FILES], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { outcome: string; filesMatch: boolean };
    };
    expect(inject('simplex')).toMatchObject({ outcome: 'sdc', filesMatch: false });
    expect(inject('pair-spare')).toMatchObject({ outcome: 'corrected', filesMatch: true });
  });
});
