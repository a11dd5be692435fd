import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCampaign } from '../../src/campaign/spec';
import { runCampaign, type CampaignSummary, type RunCampaignOptions } from '../../src/campaign/run-campaign';

// Issue 14: "Campaign results with a fixed seed are identical record for
// record" with and without translation. Each campaign runs interpreted, then
// translated from snapshots on worker threads and from cycle 0 in this
// thread, and the results files must be the same bytes: the campaign digest
// in every record included (translation is not part of a campaign's
// identity), since nothing in a record depends on the engine. What the
// translator did is only in the summary, and it must have done something, or
// the comparison proves nothing.
//
// loop-sum runs about 29k cycles. Simplex translates throughout; a DMR
// survivor translates after a power loss until its partner is repaired; a
// pair-spare chassis has two cores, so lockstep interprets it (for now): its
// records must match all the same.
const lockstep = parseCampaign(
  {
    program: 'test/campaign/fixtures/loop-sum.asm',
    topologies: ['simplex', 'dmr', 'pair-spare'],
    faults: [
      { target: 'register', name: 'flip' },
      { target: 'register', name: 'stuck', stuck: 1, registers: ['eax', 'esi', 'ebp', 'eflags'] },
      { target: 'memory', name: 'mem1' },
      { target: 'memory', name: 'mem2', section: '.data', flips: 2 },
      { target: 'chassis', name: 'power', window: ['10%', '80%'] },
    ],
    injections: 4,
    seed: 14,
    snapshotInterval: 2000,
    repairAfter: 3000,
    memoryMiB: 16,
  },
  'translate-lockstep',
);

// Without ECC a memory flip reaches the program's code and data at once: the
// host's write must drop the compiled blocks of the frame it lands in.
const eccOff = parseCampaign(
  {
    program: 'test/campaign/fixtures/loop-sum.asm',
    topologies: ['simplex'],
    faults: [
      { target: 'memory', name: 'code', section: '.text', bits: 'data' },
      { target: 'memory', name: 'data', section: '.data', bits: 'data', flips: 2 },
      { target: 'register', name: 'flip', registers: ['eax', 'ecx', 'edx', 'esi', 'esp', 'eip', 'eflags'] },
    ],
    injections: 6,
    seed: 3,
    snapshotInterval: 2000,
    ecc: { mode: 'off' },
    memoryMiB: 16,
    translate: true,
  },
  'translate-ecc-off',
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftvm-campaign-translate-'));
});

async function results(spec: typeof lockstep, name: string, options: RunCampaignOptions): Promise<{ text: string; summary: CampaignSummary }> {
  const out = join(dir, `${name}.jsonl`);
  const summary = await runCampaign(spec, { out, ...options });
  return { text: readFileSync(out, 'utf8'), summary };
}

describe('a campaign with translation', () => {
  it.each([
    ['simplex, dmr with repair, pair-spare', lockstep, 'lockstep'],
    ['simplex with ECC off', eccOff, 'ecc-off'],
  ])('writes the interpreted results byte for byte: %s', async (_label, spec, name) => {
    const interpreted = await results(spec, `${name}-interpreted`, { workers: 0, translate: false });
    expect(interpreted.summary.translation).toBeUndefined();
    expect(interpreted.text.split('\n').length - 1).toBe(interpreted.summary.total);

    // The spec's "translate" or the option, snapshots on worker threads, or every run from cycle 0.
    const onThreads = await results(spec, `${name}-threads`, { workers: 2, ...(spec.translate ? {} : { translate: true }) });
    const fromZero = await results(spec, `${name}-zero`, { workers: 0, translate: true, useSnapshots: false });
    expect(onThreads.summary.workers).toBe(2);
    for (const run of [onThreads, fromZero]) {
      expect(run.text).toBe(interpreted.text);
      const t = run.summary.translation!;
      expect(t.goldenTranslatedCycles).toBeGreaterThan(0);
      expect(t.goldenTranslatedCycles).toBeLessThanOrEqual(t.goldenCycles);
      expect(t.translatedCycles).toBeGreaterThan(0);
      expect(t.translatedCycles).toBeLessThanOrEqual(run.summary.cyclesRun);
    }
    // In this thread the injections compile; a worker compiled before them, running the program once to warm its machine.
    expect(fromZero.summary.translation!.blocksCompiled).toBeGreaterThan(0);
    // Convergence finds the golden state as often: a compiled block leaves nothing behind that an interpreted cycle would not.
    expect(onThreads.summary.rejoined).toBe(interpreted.summary.rejoined);
    expect(onThreads.summary.cyclesRun).toBe(interpreted.summary.cyclesRun);
  });

  it('runs most of a simplex campaign in compiled blocks', async () => {
    const { summary } = await results(eccOff, 'share', { workers: 0 });
    const t = summary.translation!;
    expect(t.translatedCycles / summary.cyclesRun).toBeGreaterThan(0.5);
    expect(t.goldenTranslatedCycles / t.goldenCycles).toBeGreaterThan(0.8);
  });
});
