import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCampaign } from '../../src/campaign/spec';
import { runCampaign } from '../../src/campaign/run-campaign';
import { mergeResults, readResults } from '../../src/campaign/results-file';
import { OUTCOMES } from '../../src/campaign/classify';
import { workerScript } from '../../src/campaign/worker-pool';

// loop-sum: ~29k cycles; two topologies × four fault models × 6 injections = 48 runs.
const spec = parseCampaign(
  {
    program: 'test/campaign/fixtures/loop-sum.asm',
    topologies: ['simplex', 'pair-spare'],
    faults: [
      { target: 'register', name: 'reg' },
      { target: 'memory', name: 'mem2', section: '.data', flips: 2 },
      { target: 'dimm', name: 'dimm' },
      { target: 'chassis', name: 'power', window: ['10%', '90%'] },
    ],
    injections: 6,
    seed: 2024,
  },
  'test-campaign',
);

let dir: string;
let reference: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ftvm-campaign-'));
  await runCampaign(spec, { out: join(dir, 'ref.jsonl'), workers: 0 });
  reference = readFileSync(join(dir, 'ref.jsonl'), 'utf8');
});

describe('a campaign', () => {
  it('writes one record per injection, in index order, with the outside contract keys', () => {
    const { lines } = readResults(join(dir, 'ref.jsonl'), true);
    expect(lines.map((l) => l.record.index)).toEqual([...Array(48).keys()]);
    for (const { record } of lines) {
      expect(OUTCOMES).toContain(record.outcome);
      expect(record.total).toBe(48);
      expect(['simplex', 'pair-spare']).toContain(record.topology);
      expect(record.fault).toHaveProperty('target');
      expect(record.events[0]).toMatchObject({ type: 'fault-injected', cycle: record.fault.at });
    }
    const byGroup = (t: string, m: string) => lines.filter((l) => l.record.topology === t && l.record.model === m).map((l) => l.record.outcome);
    // A power loss is a safe stop without a spare, a failover with one.
    expect(new Set(byGroup('simplex', 'power'))).toEqual(new Set(['detected']));
    expect(new Set(byGroup('pair-spare', 'power'))).toEqual(new Set(['recovered']));
    expect(new Set(byGroup('pair-spare', 'reg'))).toEqual(new Set(['recovered']));
    // Latency: a power loss is seen at once.
    for (const l of lines.filter((x) => x.record.model === 'power')) expect(l.record.latency).toBe(0);
  });

  it('is the same file byte for byte with 1 and with 2 worker threads', async () => {
    expect(workerScript()).toBeDefined();
    for (const workers of [1, 2]) {
      const out = join(dir, `w${workers}.jsonl`);
      const summary = await runCampaign(spec, { out, workers });
      expect(summary.workers).toBe(workers);
      expect(readFileSync(out, 'utf8')).toBe(reference);
    }
  });

  it('is the same without snapshot fast-forward and without convergence', async () => {
    const a = join(dir, 'nosnap.jsonl');
    await runCampaign(spec, { out: a, workers: 0, useSnapshots: false });
    expect(readFileSync(a, 'utf8')).toBe(reference);
    const b = join(dir, 'noconv.jsonl');
    await runCampaign(spec, { out: b, workers: 0, convergence: false });
    expect(readFileSync(b, 'utf8')).toBe(reference);
  });

  it('resumes an interrupted run (cut mid-line) to the same file', async () => {
    const out = join(dir, 'resumed.jsonl');
    const cut = reference.indexOf('\n', reference.length / 3) + 25; // inside the next line
    writeFileSync(out, reference.slice(0, cut));
    const summary = await runCampaign(spec, { out, workers: 2, resume: true });
    expect(summary.skipped).toBe(reference.slice(0, cut).split('\n').length - 1);
    expect(summary.ran).toBe(48 - summary.skipped);
    expect(readFileSync(out, 'utf8')).toBe(reference);
    // Resuming a complete file runs nothing and changes nothing.
    const again = await runCampaign(spec, { out, workers: 0, resume: true });
    expect(again.ran).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(reference);
  });

  it('refuses to resume from the results of another campaign', async () => {
    const other = parseCampaign({ ...JSON.parse(JSON.stringify({ program: 'test/campaign/fixtures/loop-sum.asm', topologies: ['simplex'], faults: [{ target: 'register' }] })), injections: 2, seed: 1 }, 'other');
    const out = join(dir, 'other.jsonl');
    writeFileSync(out, reference.split('\n')[0] + '\n');
    await expect(runCampaign(other, { out, workers: 0, resume: true })).rejects.toThrow(/written by another campaign/);
  });

  it('merges shards into exactly the unsharded file', async () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard${i}.jsonl`));
    for (const [i, out] of shards.entries()) {
      const s = await runCampaign(spec, { out, workers: i === 1 ? 2 : 0, shard: { index: i, count: 3 } });
      expect(s.planned).toBe(16);
    }
    const merged = join(dir, 'merged.jsonl');
    mergeResults([shards[2], shards[0], shards[1]], merged);
    expect(readFileSync(merged, 'utf8')).toBe(reference);
    expect(() => mergeResults([shards[0], shards[1]], join(dir, 'partial.jsonl'))).toThrow(/16 of the campaign's 48 injections are missing \(indices 2, 5, 8, 11, 14, …\)/);
    expect(() => mergeResults([shards[0], shards[0], shards[1], shards[2]], join(dir, 'dup.jsonl'))).toThrow(/injection 0 is in both/);
    truncateSync(shards[1], statSync(shards[1]).size - 3);
    expect(() => mergeResults(shards, join(dir, 'cut.jsonl'))).toThrow(/shard1\.jsonl: the last line is incomplete/);
  });
});
