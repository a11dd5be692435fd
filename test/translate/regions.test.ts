/**
 * Regions: the translator compiles a hot block together with the blocks of
 * its page that ran (branch arms, a call and the ret's landing site), and
 * blocks chain inside the one function. The sameness suite proves the
 * machine is unchanged; this shows the grouping happens and stays exact at
 * any cycle limit, including limits that fall inside a chain.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest, runState } from '../helpers/run-guest';
import { correctedFlips } from '../helpers/corrected-flips';

const program = join(__dirname, 'programs/branchy-loop.asm');
const switchLoop = join(__dirname, 'programs/switch-loop.asm');
const nestedLoop = join(__dirname, 'programs/nested-loop.asm');

describe('regions', () => {
  test('a branching loop with a call compiles as one region of several blocks', () => {
    const interpreted = runGuest(program, { topology: 'simplex', memoryMiB: 16 });
    const run = runGuest(program, { topology: 'simplex', memoryMiB: 16, translate: true });
    expect(run.status).toBe(232);
    expect(run.machine.cycle).toBe(interpreted.machine.cycle);
    const stats = run.machine.core.translationStats()!;
    // Loop head, odd arm, even arm with the call, the callee, the ret's landing site, the loop's tail.
    expect(stats.blocksCompiled).toBeGreaterThanOrEqual(5);
    expect(stats.regionsCompiled).toBeLessThanOrEqual(2);
    expect(Number(stats.translatedCycles) / Number(run.machine.cycle)).toBeGreaterThan(0.9);
  });

  test('a block that holds another block of its region ends where that one starts: no instruction is compiled twice', () => {
    const interpreted = runGuest(nestedLoop, { topology: 'simplex', memoryMiB: 16 });
    const run = runGuest(nestedLoop, { topology: 'simplex', memoryMiB: 16, translate: true });
    expect(runState(run)).toEqual(runState(interpreted));
    const stats = run.machine.core.translationStats()!;
    expect(stats.regionsCompiled).toBe(1);
    // The inner loop (4), the outer loop's tail (2), its head cut before the inner loop's (1): not the head's 5 again.
    expect(stats.blocksCompiled).toBe(3);
    expect(stats.instructionsCompiled).toBe(7);
    expect(Number(stats.translatedCycles) / Number(run.machine.cycle)).toBeGreaterThan(0.95);
  });

  test('a run stopped inside a chain stops at exactly that cycle', () => {
    for (const limit of [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 4321, 17777]) {
      const interpreted = runState(runGuest(program, { topology: 'simplex', memoryMiB: 16, maxCycles: limit }));
      const translated = runState(runGuest(program, { topology: 'simplex', memoryMiB: 16, maxCycles: limit, translate: true }));
      expect(translated, `limit ${limit}`).toEqual(interpreted);
    }
  });

  test("a switch's cases that ran come in with its dispatch, not one region each", () => {
    const interpreted = runGuest(switchLoop, { topology: 'simplex', memoryMiB: 16 });
    const run = runGuest(switchLoop, { topology: 'simplex', memoryMiB: 16, translate: true });
    expect(run.status).toBe(interpreted.status);
    expect(runState(run)).toEqual(runState(interpreted));
    const stats = run.machine.core.translationStats()!;
    // The dispatch, its eight cases and the tail. Found one by one as each
    // case gets hot, they took 10 regions of 55 blocks in all.
    expect(stats.regionsCompiled).toBeLessThanOrEqual(2);
    expect(stats.blocksCompiled).toBeLessThanOrEqual(20);
    expect(Number(stats.translatedCycles) / Number(run.machine.cycle)).toBeGreaterThan(0.95);
    // Each of the 10,000 steps' computed jumps finds its case inside the
    // function (72 calls into compiled code in all): a dispatch that missed
    // would leave the function at every step.
    expect(Number(stats.blockEntries)).toBeLessThan(1000);
  });

  test("a switch whose table needs the ECC decoder: the table is not read, and nothing of it shows", () => {
    // A corrected flip in the table's page: jitPeek32 reads no word there
    // plainly, so the cases come in one by one as they get hot, and the
    // peeking records no ECC event of its own.
    const { options } = correctedFlips(switchLoop, (at) => [at('cases')]);
    const interpreted = runGuest(switchLoop, options());
    const run = runGuest(switchLoop, { ...options(), translate: true });
    expect(runState(run)).toEqual(runState(interpreted));
    expect(run.machine.events.filter((e) => e.type === 'fault-injected').length).toBe(1);
    expect(run.machine.core.translationStats()!.regionsCompiled).toBeGreaterThan(2);
  });

  test('a switch run stopped anywhere stops as the interpreter does', () => {
    for (const limit of [700, 701, 702, 703, 5000, 5001, 5002, 33333]) {
      const interpreted = runState(runGuest(switchLoop, { topology: 'simplex', memoryMiB: 16, maxCycles: limit }));
      const translated = runState(runGuest(switchLoop, { topology: 'simplex', memoryMiB: 16, maxCycles: limit, translate: true }));
      expect(translated, `limit ${limit}`).toEqual(interpreted);
    }
  });
});
