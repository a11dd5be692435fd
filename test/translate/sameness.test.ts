/**
 * The translator's proof of sameness: with translation on, the machine must be
 * the interpreter's machine. Every recorded CPU vector, every oracle program
 * and a set of fault runs execute once in the interpreter and once with blocks
 * compiled as soon as they are met (hot count 1, so nearly every cycle a
 * block can take runs compiled), and must leave the same output, outcome,
 * cycle count, registers, memory and event stream.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { loadVectorFiles, VectorRunner, vectorDifferences } from '../core/vectors';
import { runGuest, runState, guestName, type GuestRunOptions } from '../helpers/run-guest';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';
import type { Machine } from '../../src/machine/machine';
import { captureRun } from '../../src/machine/captured-run';
import { readProgram } from '../../src/programs/read-program';
import type { ThreadedEngine } from '../../src/engine';

/** Compile every block the first time it starts a step. */
const translateAll = (m: Machine): void => m.core.setTranslation(true, 1);

describe('recorded CPU vectors: interpreter and translated blocks agree', () => {
  for (const file of loadVectorFiles()) {
    test(`${file.family} (${file.cases.length} vectors)`, () => {
      const interpreted = new VectorRunner('simplex');
      const translated = new VectorRunner('simplex', false, 1);
      const differ = vectorDifferences(file, interpreted, translated, ['interpreted', 'translated']);
      expect(differ).toEqual([]);
      expect(translated.events).toEqual(interpreted.events);
    });
  }
});


/** Run twice, interpreted and translated; returns both states and the share of cycles the translated run ran compiled. */
function both(path: string, options: GuestRunOptions): { interpreted: Record<string, unknown>; translated: Record<string, unknown>; compiled: bigint } {
  const interpreted = runState(runGuest(path, options));
  const run = runGuest(path, { ...options, prepare: (m) => { options.prepare?.(m); translateAll(m); } });
  return { interpreted, translated: runState(run), compiled: run.machine.core.translationStats()?.translatedCycles ?? 0n };
}

describe('oracle programs: interpreter and translated blocks agree', () => {
  let compiled = 0n;
  for (const c of oracleCases) {
    test(`${c.kind}/${c.name}`, () => {
      const r = both(join(ORACLE_DIR, c.binary), { topology: 'simplex', args: c.args, stdin: c.stdin, memoryMiB: 64 });
      expect(r.translated).toEqual(r.interpreted);
      compiled += r.compiled;
    });
  }
  test('blocks did run compiled', () => expect(compiled).toBeGreaterThan(100_000n));
});

describe('runs stopped at arbitrary cycles: the same state at the same cycle', () => {
  const program = oracleCases.find((c) => c.name === 'glibc_mixed')!;
  for (const limit of [1, 7, 1000, 12345, 99991, 250007]) {
    test(`${program.name} stopped at cycle ${limit}`, () => {
      const r = both(join(ORACLE_DIR, program.binary), { topology: 'simplex', args: program.args, stdin: program.stdin, memoryMiB: 64, maxCycles: limit });
      expect(r.translated).toEqual(r.interpreted);
    });
  }
});

describe('faults: interpreter and translated blocks agree', () => {
  const program = oracleCases.find((c) => c.name === 'glibc_mixed')!;
  const path = join(ORACLE_DIR, program.binary);
  const base = { args: program.args, stdin: program.stdin, memoryMiB: 64 };
  // Where the program is at cycle 50000: a hot code word and the top of its stack.
  const at50k = runGuest(path, { ...base, topology: 'simplex', maxCycles: 50_000 }).machine.registers();
  const code = at50k.eip;
  const stack = at50k.esp;
  const data = 0x080edc00; // in glibc_mixed's .data
  const faults: Record<string, { topology: string; faults: Fault[] }> = {
    'register flips': { topology: 'simplex', faults: [
      { at: 50_000, target: 'register', chassis: 0, core: 0, register: 'eax', bit: 3 },
      { at: 120_011, target: 'register', chassis: 0, core: 0, register: 'ecx', bit: 0 },
      { at: 300_000, target: 'register', chassis: 0, core: 0, register: 'eflags', bit: 0 },
    ] },
    'stuck-at register bit': { topology: 'simplex', faults: [{ at: 60_000, target: 'register', chassis: 0, core: 0, register: 'esi', bit: 2, stuck: 1 }] },
    'memory flips in code, stack and data, corrected and uncorrectable': { topology: 'simplex', faults: [
      { at: 50_001, target: 'memory', chassis: 0, address: code, bits: [1] },
      { at: 50_002, target: 'memory', chassis: 0, address: stack, bits: [3] },
      { at: 400_000, target: 'memory', chassis: 0, address: code, bits: [2, 6] },
      { at: 600_000, target: 'memory', chassis: 0, address: data, bits: [7, 9] },
    ] },
    'memory flips with ECC off (code and data change under the program)': { topology: 'simplex', faults: [
      { at: 50_001, target: 'memory', chassis: 0, address: code, bits: [0] },
      { at: 70_000, target: 'memory', chassis: 0, address: data, bits: [4] },
    ] },
    'stuck memory cell': { topology: 'simplex', faults: [{ at: 50_000, target: 'memory', chassis: 0, address: stack, bits: [4], stuck: 1 }] },
    'power loss: the survivor runs alone': { topology: 'dmr', faults: [{ at: 40_000, target: 'chassis', chassis: 1, event: 'power-loss' }] },
  };
  for (const [name, { topology, faults: list }] of Object.entries(faults)) {
    test(name, () => {
      const withFaults = (): GuestRunOptions => {
        let injector!: FaultInjector;
        return {
          ...base, topology, ...(name.includes('ECC off') ? { ecc: { mode: 'off' as const } } : {}),
          prepare: (m) => { injector = new FaultInjector(m, list, { unmapped: 'skip' }); },
          hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
        };
      };
      const interpreted = runGuest(path, withFaults());
      const options = withFaults();
      const translated = runGuest(path, { ...options, prepare: (m) => { options.prepare!(m); translateAll(m); } });
      expect(runState(translated)).toEqual(runState(interpreted));
      expect(interpreted.machine.events.some((e) => e.type === 'fault-injected')).toBe(true);
      // A stuck register bit is re-asserted after every cycle: no block runs while one is set.
      // Most of the run ran compiled (a code flip may end it soon after it strikes).
      if (!name.startsWith('stuck-at')) expect(translated.machine.core.translationStats()!.translatedCycles * 2n).toBeGreaterThan(translated.machine.cycle);
    });
  }
});

describe('worker threads: each chassis translates on its own', () => {
  // DMR and TMR on threads give each chassis one core, which runs alone between
  // the chassis' meetings; pair-spare's chassis run their two cores in
  // lockstep blocks. The blocks compile on each worker, and the machine must
  // be the interpreter's, faults, votes and repairs included.
  const program = oracleCases.find((c) => c.name === 'glibc_mixed')!;
  const path = join(ORACLE_DIR, program.binary);
  const cases: { name: string; topology: string; faults: Fault[]; repairAfter?: bigint }[] = [
    { name: 'tmr, fault-free', topology: 'tmr', faults: [] },
    { name: 'tmr, a register flip outvoted', topology: 'tmr', faults: [{ at: 150_000, target: 'register', chassis: 1, core: 0, register: 'ebx', bit: 5 }] },
    { name: 'dmr, a power loss repaired', topology: 'dmr', faults: [{ at: 120_000, target: 'chassis', chassis: 1, event: 'power-loss' }], repairAfter: 200_000n },
    { name: 'pair-spare, a register flip in one core', topology: 'pair-spare', faults: [{ at: 150_000, target: 'register', chassis: 0, core: 1, register: 'edi', bit: 1 }] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const run = (translate: boolean) => {
        const r = captureRun({
          topology: c.topology, threads: { syncInterval: 50_000 }, translate, path: guestName(path), image: readProgram(path),
          args: program.args, stdin: program.stdin === undefined ? undefined : new TextEncoder().encode(program.stdin),
          faults: c.faults, repairAfter: c.repairAfter, maxCycles: 200_000_000,
        });
        const reports = [...(r.engine as ThreadedEngine).coordinator.chassisReports.values()];
        return {
          state: { stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1'), outcome: r.outcome, cycles: r.engine.cycle, events: r.engine.events },
          translated: reports.reduce((n, report) => n + (report.translation?.translatedCycles ?? 0n), 0n),
        };
      };
      const interpreted = run(false);
      const translated = run(true);
      expect(translated.state).toEqual(interpreted.state);
      expect(interpreted.translated).toBe(0n);
      expect(translated.translated).toBeGreaterThan(0n);
    });
  }
});
