/**
 * The forms the translator writes out inline (src/translate/inline-forms.ts):
 * programs/inline-forms.asm runs each of them after each kind of flag
 * producer, across page boundaries, and ends (when asked) in a fault in each
 * form that can fault. Interpreted and translated at hot count 1 it must
 * leave the same machine: what runState compares, and the lazy-flag record
 * itself (EFLAGS, op, result, operands, aux), read before anything folds it.
 * The same again stopped at many cycles, and with the data pages read
 * through the ECC decoder (a corrected flip on each: the checked accessors).
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest, runState, flagRecord, type GuestRunOptions } from '../helpers/run-guest';
import { interpretedAndTranslated, expectSameWhenStopped, type Twins } from '../helpers/translated-twin';
import { correctedFlips } from '../helpers/corrected-flips';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import { FaultInjector } from '../../src/faults/injector';
import { assembleFile } from '../../src/assembler';
import type { Machine } from '../../src/machine/machine';
import type { Fault } from '../../src/faults/fault';

const PROGRAM = join(__dirname, 'programs/inline-forms.asm');
// One letter per case of the program's `faults` table, from 'a' on (the last ones the characters after 'z').
const FAULT_CASES = 'abcdefghijklmnopqrstuvwxyz{|}';

function both(options: GuestRunOptions): Twins {
  return interpretedAndTranslated(PROGRAM, options, (run) => ({ record: flagRecord(run) }));
}

describe('inline forms: interpreted and translated agree', () => {
  let cycles = 0n;
  test('every form, to the end', () => {
    const r = both({ topology: 'simplex', memoryMiB: 16 });
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    cycles = r.run.machine.cycle;
    // Nearly all of it ran compiled (the slow forms, pushfd/popfd, and int 0x80 excepted).
    expect(r.compiled * 10n).toBeGreaterThan(cycles * 8n);
  });

  test('stopped at many cycles: the same state and flag record', () => {
    expect(cycles).toBeGreaterThan(500n);
    expectSameWhenStopped(both, 3n, cycles, 173n);
  });

  test('stopped all through the loop of a rotate after a shift by CL: the same state and flag record', () => {
    // The rotate's EFLAGS stays in the replica block under the add's record, where only a stop (a snapshot) sees it.
    const loop = assembleFile(PROGRAM).listing.find((l) => l.source.trimStart().startsWith('.rot:'))!.address;
    let machine!: Machine;
    let first = -1n;
    runGuest(PROGRAM, {
      topology: 'simplex', memoryMiB: 16, prepare: (m) => { machine = m; },
      hooks: { nextCycle: (n) => (first < 0n ? n + 1n : undefined), atCycle: (n) => { if (machine.registers().eip === loop) first = n; } },
    });
    expect(first).toBeGreaterThan(0n);
    expectSameWhenStopped(both, first, first + 240n, 5n);
  });

  test('data pages read and written through the ECC decoder', () => {
    // A corrected single-bit flip in each page the forms touch: every access to those pages takes the checked path.
    const { pages, options } = correctedFlips(PROGRAM, (at) => [at('mem'), at('sum'), at('two'), at('two') + 0x1000, at('last')]);
    const r = both(options());
    expect(r.translated).toEqual(r.interpreted);
    expect(r.run.status).toBe(0);
    expect(r.run.machine.events.filter((e) => e.type === 'fault-injected').length).toBe(pages.length);
  });

  test('an ECC event in the last instruction of a block that loops stops it there', () => {
    const path = join(__dirname, 'programs/self-call.asm');
    const esp = runGuest(path, { topology: 'simplex', memoryMiB: 16, maxCycles: 1 }).machine.registers().esp;
    // Six ECC words the stack grows into, 12 bytes a pass: some of them are first written by the call.
    const faults: Fault[] = [0, 1, 2, 3, 4, 5].map((k) => ({ at: 2, target: 'memory', chassis: 0, address: ((esp - 0x2000) & ~7) + 8 * k, bits: [3] }));
    const options = (translate: boolean): GuestRunOptions => {
      let injector!: FaultInjector;
      return {
        topology: 'simplex', memoryMiB: 16, maxCycles: 6000,
        prepare: (m) => { injector = new FaultInjector(m, faults, { unmapped: 'skip' }); if (translate) m.core.setTranslation(true, 1); },
        hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
      };
    };
    const interpreted = runGuest(path, options(false));
    const translated = runGuest(path, options(true));
    expect(runState(translated)).toEqual(runState(interpreted));
    expect(interpreted.machine.events.filter((e) => e.type === 'corrected').length).toBe(faults.length);
  });

  for (const letter of FAULT_CASES) {
    test(`a fault in form ${letter}: EIP on it, nothing of it done`, () => {
      const r = both({ topology: 'simplex', memoryMiB: 16, args: [letter] });
      expect(r.translated).toEqual(r.interpreted);
      expect(r.run.status).toBe(139);
    });
  }
});

describe('a rotate at the start of a block', () => {
  test('keeps the flags the block before left, folded as the core folds them', () => {
    // The oracle's nasm_rotate_fold (test/oracle/src/nasm_rotate_fold.asm):
    // one case per kind of producer, and a loop whose head rotates after the
    // compare at its foot; its exit status is a checksum of the flags the CPU
    // left, recorded natively.
    const oracle = oracleCases.find((c) => c.name === 'nasm_rotate_fold')!;
    const r = interpretedAndTranslated(join(ORACLE_DIR, oracle.binary), { topology: 'simplex', memoryMiB: 16 }, (run) => ({ record: flagRecord(run) }));
    expect(r.run.status).toBe(oracle.status);
    expect(r.translated).toEqual(r.interpreted);
    expect(r.compiled).toBeGreaterThan(0n);
  });
});
