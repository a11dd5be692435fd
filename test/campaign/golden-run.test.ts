/**
 * A golden run pages each snapshot from the pages written since the one
 * before, the first from those written since the machine was built (all
 * zeros then) (runGolden, PagingHint), reading nothing else: each of its
 * snapshots must still hold the machine's bytes at its cycle (state block,
 * memories, check bytes). Checked against a second machine run to that
 * cycle, page by page, on simplex and pair-spare,
 * interpreted and translated, and on a program whose input the kernel
 * writes into its memory.
 */
import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/campaign/spec';
import { programInput } from '../../src/campaign/run-campaign';
import { GuestHarness, runGolden } from '../../src/campaign/golden-run';
import { PageStore, equalsPaged, type PagedBytes } from '../../src/campaign/paged-snapshot';

// The snapshot's byte arrays (a paged snapshot has PagedBytes where these are); the rest (the ECC scrub's
// cursor, the events) is plain data the paging copies as it is. A snapshot point runs before the ECC
// scrub due at that cycle, a run stopped there after it: the plain data is not compared.
interface Snapshot {
  readonly state: Uint8Array;
  readonly devices: { readonly memory: { readonly chassis: Uint8Array[] }; readonly ecc: { readonly check: Uint8Array[] } };
}

const CASES = [
  { name: 'loop-sum.asm, simplex and pair-spare', program: 'test/campaign/fixtures/loop-sum.asm', stdin: '', interval: 2000, translate: false },
  { name: 'loop-sum.asm, translated', program: 'test/campaign/fixtures/loop-sum.asm', stdin: '', interval: 2000, translate: true },
  { name: 'upcase.asm reading its input (the kernel writes memory)', program: 'programs/upcase.asm', stdin: Array.from({ length: 600 }, (_, i) => `LINE ${i}: lower case ${i * 7919}\n`).join(''), interval: 7000, translate: true },
];

describe('golden-run snapshots paged from what was written since the one before', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const spec = parseCampaign({ program: c.program, stdin: c.stdin, topologies: ['simplex', 'pair-spare'], faults: [{ target: 'register' }], injections: 1, seed: 3, memoryMiB: 16, translate: c.translate }, 'golden');
      const input = programInput(spec);
      for (const topology of spec.topologies) {
        const store = new PageStore();
        const golden = runGolden(input, topology, c.interval, spec.maxCycles, store);
        const pages = store.freeze();
        expect(golden.points.length).toBeGreaterThan(3);
        const h = new GuestHarness(input, topology);
        h.stdout.collect();
        h.stderr.collect();
        for (const point of golden.points) {
          if (point.cycle > 0) h.machine.run({ maxCycles: point.cycle });
          expect(Number(h.machine.cycle)).toBe(point.cycle);
          const live = h.machine.snapshot() as unknown as Snapshot;
          const paged = point.snapshot as unknown as Snapshot;
          const arrays: [string, Uint8Array, PagedBytes][] = [['state', live.state, paged.state as never]];
          live.devices.memory.chassis.forEach((bytes, c) => arrays.push([`memory ${c}`, bytes, paged.devices.memory.chassis[c] as never]));
          live.devices.ecc.check.forEach((bytes, c) => arrays.push([`check bytes ${c}`, bytes, paged.devices.ecc.check[c] as never]));
          for (const [name, bytes, pagedBytes] of arrays) expect(equalsPaged(bytes, pagedBytes, pages), `${topology.name}, ${name} at cycle ${point.cycle}`).toBe(true);
          // As the golden run does from its snapshot at cycle 0 on: the dirty map (in the state block) starts afresh.
          if (point.cycle === 0) h.machine.memory.forgetWrites();
        }
      }
    });
  }
});
