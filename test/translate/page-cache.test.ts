/**
 * The page cache of compiled simplex blocks (src/translate/block-compiler.ts):
 * a function remembers, per base register, the page a load or store last
 * went straight to. programs/page-cache.asm walks through the same registers
 * into the next page and across the end of pages at every offset near it,
 * through the stack, lods/stos, index-only and absolute addresses, and ends
 * (when asked) in a fault right after a page was remembered: a store into a
 * read-only page remembered for loads, loads off and across the end of the
 * mapped pages, a page unmapped or made read-only by a system call inside
 * the loop. Interpreted and translated at hot count 1 it must leave the same
 * machine, the frames marked in the dirty map included (a store that hits
 * the cache marks none: the one that filled it did). The same stopped at
 * many cycles, with the dirty map cleared mid-run, and with the pages read
 * and written through the ECC decoder (where the core switches to blocks
 * that check such accesses in place once one has left at such a page).
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import type { GuestRunOptions } from '../helpers/run-guest';
import { interpretedAndTranslated, dirtyFrames, dirtyMapClearedAt, expectSameWhenStopped, type Twins } from '../helpers/translated-twin';
import { correctedFlips } from '../helpers/corrected-flips';

const PROGRAM = join(__dirname, 'programs/page-cache.asm');
const FAULT_CASES = 'abcde';

function both(options: GuestRunOptions): Twins {
  return interpretedAndTranslated(PROGRAM, options, (run) => ({ dirty: dirtyFrames(run) }));
}

describe('the page cache of compiled blocks: interpreted and translated agree', () => {
  let cycles = 0n;
  test('every walk, to the end', () => {
    const r = both({ topology: 'simplex', memoryMiB: 16 });
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    expect(r.run.stdout.length).toBe(4 * 4096);
    cycles = r.run.machine.cycle;
    expect(r.compiled * 10n).toBeGreaterThan(cycles * 8n);
    // No page was ECC-slow: every block leaves before an access the inline test refuses.
    expect(r.run.machine.core.translationStats()!.checkedRegions).toBe(0);
  });

  test('stopped at many cycles: the same state', () => {
    expect(cycles).toBeGreaterThan(3000n);
    expectSameWhenStopped(both, 3n, cycles, 211n);
  });

  test('the dirty map cleared in the middle of the run: the same frames marked after', () => {
    const r = both(dirtyMapClearedAt(cycles / 2n));
    expect(r.translated).toEqual(r.interpreted);
    expect((r.interpreted as { dirty: number[] }).dirty.length).toBeGreaterThan(0);
  });

  test('pages read and written through the ECC decoder', () => {
    const { pages, options } = correctedFlips(PROGRAM, (at) => [0, 1, 2, 3].map((p) => at('buf') + p * 0x1000).concat(at('last')));
    const r = both(options());
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    expect(r.run.machine.events.filter((e) => e.type === 'fault-injected').length).toBe(pages.length);
    // The regions compiled before a block left at a slow page leave at theirs; those after check such accesses in place.
    const stats = r.run.machine.core.translationStats()!;
    expect(stats.checkedRegions).toBeGreaterThan(0);
    expect(stats.checkedRegions).toBeLessThan(stats.regionsCompiled);
  });

  for (const letter of FAULT_CASES) {
    test(`fault case ${letter}: the access after a remembered page faults where the interpreter's does`, () => {
      const r = both({ topology: 'simplex', memoryMiB: 16, args: [letter] });
      expect(r.translated).toEqual(r.interpreted);
      expect(r.run.status).toBe(139);
    });
  }
});
