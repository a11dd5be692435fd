/**
 * The x87 forms compiled blocks hold (src/translate/x87-forms.ts):
 * programs/x87-forms.asm runs them in runs between integer code, with
 * operands the unit's fast path declines in the middle of runs (zero,
 * denormal, infinite, NaN, a stack overflow and underflow, other control
 * words, an m64 across two pages), and ends (when asked) in a faulting x87
 * form. Interpreted and translated at hot count 1 it must leave the same
 * machine: what runState compares, the unit's whole state (its bytes in the
 * replica block: control, status and tag words, FIP, the registers) and the
 * frames marked in the dirty map. The
 * same again stopped at many cycles, and with the data pages read through
 * the ECC decoder.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import type { GuestRunOptions, GuestRun } from '../helpers/run-guest';
import { interpretedAndTranslated, dirtyFrames, dirtyMapClearedAt, expectSameWhenStopped, type Twins } from '../helpers/translated-twin';
import { correctedFlips } from '../helpers/corrected-flips';
import { replicaBase } from '../../src/machine/registers';

const PROGRAM = join(__dirname, 'programs/x87-forms.asm');
const FAULT_CASES = 'abcd';
/** The unit's bytes in the replica block (asm/fpu/state.ts). */
const FPU_BYTES = 144;

function fpu(run: GuestRun): string {
  const { core } = run.machine;
  const at = replicaBase(core, 0) + core.layout.R_FPU;
  return Buffer.from(core.u8.subarray(at, at + FPU_BYTES)).toString('hex');
}

function both(options: GuestRunOptions): Twins {
  return interpretedAndTranslated(PROGRAM, options, (run) => ({ fpu: fpu(run), dirty: dirtyFrames(run) }));
}

describe('x87 forms in compiled blocks: interpreted and translated agree', () => {
  let cycles = 0n;
  test('every form, to the end', () => {
    const r = both({ topology: 'simplex', memoryMiB: 16 });
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    expect(r.run.stdout.length).toBeGreaterThan(700);
    cycles = r.run.machine.cycle;
    // Most of it ran compiled: the x87 forms too (fninit, fldcw, fnstenv, fld1 and the declined forms excepted).
    expect(r.compiled * 10n).toBeGreaterThan(cycles * 6n);
  });

  test('the dirty map cleared in the middle of the run (as a campaign restore does): the same frames marked after', () => {
    const r = both(dirtyMapClearedAt(cycles / 2n));
    expect(r.translated).toEqual(r.interpreted);
    expect((r.interpreted as { dirty: number[] }).dirty.length).toBeGreaterThan(0);
  });

  test('stopped at many cycles: the same state', () => {
    expect(cycles).toBeGreaterThan(900n);
    expectSameWhenStopped(both, 2n, cycles, 97n);
  });

  test('data pages read and written through the ECC decoder', () => {
    // A corrected single-bit flip in each page the forms touch: their operands take the general way there.
    const { pages, options } = correctedFlips(PROGRAM, (at) => [at('vals'), at('out'), at('two'), at('two') + 0x1000, at('last')]);
    const r = both(options());
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    expect(r.run.machine.events.filter((e) => e.type === 'fault-injected').length).toBe(pages.length);
  });

  for (const letter of FAULT_CASES) {
    test(`a fault in x87 form ${letter}: EIP on it, the run before it written back`, () => {
      const r = both({ topology: 'simplex', memoryMiB: 16, args: [letter] });
      expect(r.translated).toEqual(r.interpreted);
      expect(r.run.status).toBe(139);
    });
  }
});
