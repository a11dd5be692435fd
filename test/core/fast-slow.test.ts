/**
 * The decoded fast path (asm/cpu/dcache.ts + fast.ts) and the full decoder
 * (execute.ts) implement the same instructions twice; this test holds them to
 * one behaviour. Every recorded CPU vector and every oracle program runs once
 * as the machine normally runs (fast path on) and once with C_FORCE_SLOW (every
 * instruction through execute.ts), and both runs must leave the same
 * registers, EFLAGS, memory, cycle count, output and outcome. (The vector and
 * oracle suites compare the normal run with the CPU; together they pin both paths.)
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { loadVectorFiles, VectorRunner, forceSlowPath, vectorDifferences, CODE_AT } from './vectors';
import { runGuest, runState, flagRecord } from '../helpers/run-guest';
import { interpretedAndTranslated } from '../helpers/translated-twin';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import { loadVectorGroups, mnemonic } from '../fpu/replay';
import { GuestReplay } from './x87-replay';

describe('recorded CPU vectors: fast path and full decoder agree', () => {
  for (const file of loadVectorFiles()) {
    test(`${file.family} (${file.cases.length} vectors)`, () => {
      const differ = vectorDifferences(file, new VectorRunner('simplex'), new VectorRunner('simplex', true), ['fast', 'slow']);
      expect(differ).toEqual([]);
    });
  }

  test('the forced mode reaches the core: nothing is decoded for the fast path', () => {
    const [file] = loadVectorFiles().filter((f) => f.family === 'alu');
    const v = file!.cases.find((c) => c.asm.startsWith('add eax, ebx'))!;
    for (const [forced, slow] of [[false, false], [true, true]] as const) {
      const runner = new VectorRunner('simplex', forced);
      runner.run(file!, v);
      const kind = runner.machine.core.exports.decodedKind as (chassis: number, eip: number) => number;
      expect(kind(0, CODE_AT) === 0, `forced=${forced}`).toBe(slow);
    }
  });
});


describe('oracle programs: fast path and full decoder agree', () => {
  for (const c of oracleCases) {
    test(`${c.kind}/${c.name}`, () => {
      const binary = join(ORACLE_DIR, c.binary);
      const options = { topology: 'simplex' as const, args: c.args, stdin: c.stdin, memoryMiB: 64 };
      const fast = runState(runGuest(binary, options), false);
      const slow = runState(runGuest(binary, { ...options, prepare: forceSlowPath }), false);
      expect(slow).toEqual(fast);
    });
  }
});

describe('shifts of a dword in memory: fast path, full decoder and compiled code agree', () => {
  // The oracle's nasm_shift_memory cases (test/oracle/src/nasm_shift_memory.asm,
  // recorded on the CPU): every form on writable data, and four whose write
  // faults on the code page, which must leave the flag record, unfolded, as
  // the producer left it. In lockstep the fast path logs or buffers the
  // store, and compiled blocks leave the form to the lockstep loop.
  const program = join(ORACLE_DIR, 'bin/nasm_shift_memory');
  const cases = oracleCases.filter((c) => c.binary === 'bin/nasm_shift_memory');
  test('the oracle has the program and its four faults', () => {
    expect(cases.map((c) => (c.args ?? []).join(' ')).sort()).toEqual(['', 'a', 'b', 'c', 'd']);
  });
  for (const topology of ['simplex', 'pair-spare'] as const) {
    for (const c of cases) {
      test(`${topology}: ${c.name}`, () => {
        const options = { topology, memoryMiB: 16, args: c.args ?? [] };
        const fast = runGuest(program, options);
        const slow = runGuest(program, { ...options, prepare: forceSlowPath });
        expect(fast.status).toBe(c.status);
        // The record first: reading the registers folds it.
        expect({ record: flagRecord(fast), ...runState(fast, true, true) }).toEqual({ record: flagRecord(slow), ...runState(slow, true, true) });
        const twins = interpretedAndTranslated(program, options, (run) => ({ record: flagRecord(run) }));
        expect(twins.translated).toEqual(twins.interpreted);
        expect(twins.compiled).toBeGreaterThan(0n);
      });
    }
  }
});

describe('x87 vectors: the decoded fast path and the unit\'s common-case path agree with the full decoder and the general code', () => {
  // Every vector, run as the machine runs and with C_FORCE_SLOW: the whole
  // state after (registers, EFLAGS, the fnsave image, memory, outcome,
  // cycles) must be the same.
  for (const g of loadVectorGroups()) {
    test(`${g.group}`, () => {
      const fast = new GuestReplay('simplex');
      const slow = new GuestReplay('simplex', true);
      const differ: string[] = [];
      g.vectors.forEach((v) => {
        const a = fast.stateAfter(v), b = slow.stateAfter(v);
        if (a !== b && differ.length < 5) differ.push(`${g.group}:${v.line} ${mnemonic(v.code)}\n  fast: ${a}\n  slow: ${b}`);
      });
      expect(differ).toEqual([]);
    }, 300_000);
  }
});
