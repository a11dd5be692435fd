/**
 * Compiled blocks are dropped per frame: a system call that writes guest
 * memory elsewhere leaves the hot loop's block alone, while a store into the
 * code's own frame (self-modifying code, test/oracle/src/nasm_smc.asm) drops it.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest } from '../helpers/run-guest';
import { ORACLE_DIR } from '../oracle/cases';

describe('invalidation is per frame', () => {
  test('host writes to another frame keep the compiled loop', () => {
    const run = runGuest(join(__dirname, 'programs/hot-loop-io.asm'), { topology: 'simplex', memoryMiB: 16, translate: true });
    expect(run.status).toBe(20);
    const stats = run.machine.core.translationStats()!;
    // 200 x 3000 cycles of loop; the first 64 passes of each block are interpreted before it is compiled.
    expect(Number(stats.translatedCycles) / Number(run.machine.cycle)).toBeGreaterThan(0.9);
    // Nothing was compiled twice: no block was dropped. (A handful of blocks, one per entry point: outer, inner, around the call.)
    expect(stats.blocksReused).toBe(0);
    expect(stats.blocksCompiled).toBeLessThanOrEqual(8);
  });

  test('stores into a code frame drop its blocks, which come back compiled from the new bytes', () => {
    const path = join(ORACLE_DIR, 'bin/nasm_smc');
    const interpreted = runGuest(path, { topology: 'simplex', memoryMiB: 16 });
    const translated = runGuest(path, { topology: 'simplex', memoryMiB: 16, prepare: (m) => m.core.setTranslation(true, 1) });
    expect(translated.stdout.toString()).toBe(interpreted.stdout.toString());
    expect(translated.machine.cycle).toBe(interpreted.machine.cycle);
    const stats = translated.machine.core.translationStats()!;
    expect(stats.blocksReused).toBeGreaterThan(0);
  });
});
