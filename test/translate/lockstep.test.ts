/**
 * Lockstep blocks (block-compiler.ts's lockstep writer, asm/translate/blocks.ts
 * enterLockstepBlock): with two or more replicas online, a compiled block runs
 * each instruction on every replica, compares what they wrote, and hands a
 * cycle whose replicas disagree back to the interpreter unexecuted. The
 * machine must stay the interpreter's: every replica's registers, every
 * chassis' memory, the output, the outcome, the cycle count and the event
 * stream, with faults that make the replicas disagree (register flips, memory
 * flips in one chassis with ECC on and off, stuck bits, a power loss and its
 * repair) and runs stopped at odd cycles.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest, guestName, runState } from '../helpers/run-guest';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import type { Fault } from '../../src/faults/fault';
import type { Machine } from '../../src/machine/machine';
import { runCaptured, type MachineRun } from '../../src/machine/captured-run';
import { readProgram } from '../../src/programs/read-program';
import { replicaBase } from '../../src/machine/registers';
import { assembleFile } from '../../src/assembler';

/** Compile every block the first time it starts a step. */
const translateAll = (m: Machine): void => m.core.setTranslation(true, 1);

/** Everything the two runs must share: every replica's registers and every chassis' memory included. */
const lockstepState = (run: MachineRun): Record<string, unknown> => runState(run, true, true);

/** Every replica's x87 unit: its bytes in the replica block (asm/fpu/state.ts). */
function units(run: MachineRun): string[] {
  const { core } = run.machine;
  const replicas = core.u32(core.layout.CONTROL_BASE + core.layout.C_REPLICA_COUNT);
  return Array.from({ length: replicas }, (_, n) => {
    const at = replicaBase(core, n) + core.layout.R_FPU;
    return Buffer.from(core.u8.subarray(at, at + 144)).toString('hex');
  });
}

interface LockstepRun {
  readonly topology: string;
  readonly args?: readonly string[];
  readonly stdin?: string;
  readonly maxCycles?: number;
  readonly faults?: readonly Fault[];
  readonly repairAfter?: bigint;
  readonly eccOff?: boolean;
}

/** Run interpreted and translated (hot count 1); returns both states (with every replica's x87 unit) and the translated run. */
function both(path: string, o: LockstepRun): { interpreted: Record<string, unknown>; translated: Record<string, unknown>; compiled: bigint; run: MachineRun } {
  const run = (translate: boolean): MachineRun => runCaptured({
    topology: o.topology, path: guestName(path), image: readProgram(path), args: o.args, memoryMiB: 64,
    stdin: o.stdin === undefined ? undefined : new TextEncoder().encode(o.stdin), maxCycles: o.maxCycles ?? 200_000_000,
    faults: o.faults, repairAfter: o.repairAfter, unmappedFaults: 'skip', ...(o.eccOff ? { ecc: { mode: 'off' as const } } : {}),
    hooks: (m: Machine) => { if (translate) translateAll(m); return {}; },
  });
  const plain = run(false);
  const translated = run(true);
  return {
    interpreted: { ...lockstepState(plain), units: units(plain) },
    translated: { ...lockstepState(translated), units: units(translated) },
    compiled: translated.machine.core.translationStats()?.translatedCycles ?? 0n,
    run: translated,
  };
}

const mixed = oracleCases.find((c) => c.name === 'glibc_mixed')!;
const mixedPath = join(ORACLE_DIR, mixed.binary);
const base = { args: mixed.args, stdin: mixed.stdin };

describe('oracle programs in lockstep: interpreter and lockstep blocks agree', () => {
  // Every fifth oracle program on pair-spare (four replicas), the rest of them
  // in turn on DMR and TMR: every program runs on one lockstep topology.
  const topologies = ['pair-spare', 'dmr', 'tmr', 'pair-spare', 'tmr'];
  let compiled = 0n;
  oracleCases.forEach((c, i) => {
    const topology = topologies[i % topologies.length]!;
    test(`${c.kind}/${c.name} on ${topology}`, () => {
      const r = both(join(ORACLE_DIR, c.binary), { topology, args: c.args, stdin: c.stdin });
      expect(r.translated).toEqual(r.interpreted);
      compiled += r.compiled;
    });
  });
  test('lockstep blocks did run', () => expect(compiled).toBeGreaterThan(1_000_000n));
});

describe('lockstep runs stopped at arbitrary cycles', () => {
  for (const limit of [1, 2, 7, 1000, 12345, 99991, 250007]) {
    test(`pair-spare stopped at cycle ${limit}`, () => {
      const r = both(mixedPath, { ...base, topology: 'pair-spare', maxCycles: limit });
      expect(r.translated).toEqual(r.interpreted);
    });
  }
});

describe('a chassis whose memory differs: its loads inside a block find the divergence', () => {
  // programs/lockstep-loads.asm reads its table in a hot loop; a bit flipped
  // in one chassis (ECC off, so nothing corrects it) reaches that chassis'
  // replicas by a load in the middle of a compiled block.
  const path = join(__dirname, 'programs', 'lockstep-loads.asm');
  const table = 0x0804a000;
  const cases: { topology: string; chassis: number; address: number; bit: number }[] = [
    { topology: 'pair-spare', chassis: 1, address: table + 40, bit: 3 },
    { topology: 'pair-spare', chassis: 0, address: table + 80, bit: 17 },
    { topology: 'tmr', chassis: 2, address: table + 4, bit: 30 },
    { topology: 'dmr', chassis: 1, address: table + 252, bit: 0 },
  ];
  for (const c of cases) {
    test(`${c.topology}, bit ${c.bit} of ${c.address.toString(16)} flipped in chassis ${c.chassis}`, () => {
      const faults: Fault[] = [{ at: 100_003, target: 'memory', chassis: c.chassis, address: c.address, bits: [c.bit] }];
      const r = both(path, { topology: c.topology, faults, eccOff: true });
      expect(r.translated).toEqual(r.interpreted);
      const events = r.interpreted.events as { type: string; cycle: bigint }[];
      const found = events.find((e) => e.type === 'mismatch');
      expect(found, JSON.stringify(events.map((e) => e.type))).toBeDefined();
      // Found by a lockstep block's comparison: blocks ran up to it.
      expect(found!.cycle).toBeGreaterThan(100_003n);
      expect(r.compiled).toBeGreaterThan(50_000n);
    });
  }
});

describe('faults in lockstep: the divergence at the same cycle, with the same events', () => {
  // Where the program is at cycle 50000: a hot code word and the top of its stack.
  const at50k = runGuest(mixedPath, { ...base, memoryMiB: 64, topology: 'simplex', maxCycles: 50_000 }).machine.registers();
  const code = at50k.eip;
  const stack = at50k.esp;
  const data = 0x080edc00; // in glibc_mixed's .data
  const cases: Record<string, { topology: string; faults: Fault[]; eccOff?: boolean; repairAfter?: bigint }> = {
    'pair-spare, a register flip in one core': { topology: 'pair-spare', faults: [{ at: 50_000, target: 'register', chassis: 1, core: 0, register: 'eax', bit: 3 }] },
    'pair-spare, flips in the second core and then the survivor': { topology: 'pair-spare', faults: [
      { at: 60_000, target: 'register', chassis: 0, core: 1, register: 'esi', bit: 7 },
      { at: 200_000, target: 'register', chassis: 1, core: 1, register: 'eflags', bit: 0 },
    ] },
    'tmr, register flips outvoted': { topology: 'tmr', faults: [
      { at: 50_000, target: 'register', chassis: 2, core: 0, register: 'ecx', bit: 0 },
      { at: 150_000, target: 'register', chassis: 0, core: 0, register: 'esp', bit: 2 },
    ] },
    'dmr, a register flip: detected, unrecoverable': { topology: 'dmr', faults: [{ at: 70_000, target: 'register', chassis: 1, core: 0, register: 'edx', bit: 9 }] },
    'pair-spare, memory flips in one chassis with ECC off (its loads differ)': { topology: 'pair-spare', eccOff: true, faults: [
      { at: 50_001, target: 'memory', chassis: 1, address: stack, bits: [3] },
    ] },
    'tmr, memory flips in one chassis with ECC off (stack, data, code)': { topology: 'tmr', eccOff: true, faults: [
      { at: 50_001, target: 'memory', chassis: 1, address: data, bits: [4] },
      { at: 50_002, target: 'memory', chassis: 2, address: stack, bits: [0] },
      { at: 300_000, target: 'memory', chassis: 0, address: code, bits: [1] },
    ] },
    'pair-spare, memory flips with ECC on, corrected and uncorrectable': { topology: 'pair-spare', faults: [
      { at: 50_001, target: 'memory', chassis: 0, address: code, bits: [1] },
      { at: 50_002, target: 'memory', chassis: 1, address: stack, bits: [3] },
      { at: 400_000, target: 'memory', chassis: 1, address: data, bits: [2, 6] },
    ] },
    'pair-spare, a stuck register bit': { topology: 'pair-spare', faults: [{ at: 60_000, target: 'register', chassis: 0, core: 1, register: 'edi', bit: 2, stuck: 1 }] },
    'dmr, a stuck memory cell': { topology: 'dmr', faults: [{ at: 50_000, target: 'memory', chassis: 1, address: stack, bits: [4], stuck: 1 }] },
    'pair-spare, a power loss repaired': { topology: 'pair-spare', faults: [{ at: 40_000, target: 'chassis', chassis: 1, event: 'power-loss' }], repairAfter: 100_000n },
  };
  for (const [name, c] of Object.entries(cases)) {
    test(name, () => {
      const r = both(mixedPath, { ...base, ...c });
      expect(r.translated).toEqual(r.interpreted);
      const events = r.interpreted.events as { type: string }[];
      expect(events.some((e) => e.type === 'fault-injected')).toBe(true);
      // Lockstep blocks ran before the first fault (the survivors may run alone after it).
      expect(r.run.machine.core.translationStats()!.lockstepRegions).toBeGreaterThan(0);
    });
  }
});

describe('x87 forms in lockstep blocks: every replica runs them', () => {
  // programs/x87-forms.asm (see x87-forms.test.ts): runs of x87 forms between
  // integer code, operands and control words the fast path declines in the
  // middle of runs, an m64 across two pages.
  const path = join(__dirname, 'programs', 'x87-forms.asm');
  const listing = assembleFile(path).listing;
  const at = (label: string): number => listing.find((l) => l.source.trimStart().startsWith(`${label}:`))!.address;
  let cycles = 0n;
  for (const topology of ['pair-spare', 'tmr']) {
    test(`${topology}: the same machine, every replica's unit included`, () => {
      const r = both(path, { topology });
      expect(r.translated).toEqual(r.interpreted);
      expect(r.run.outcome).toEqual({ kind: 'exit', status: 0 });
      cycles = r.run.machine.cycle;
      // Most of it ran in lockstep blocks, the x87 forms too.
      expect(r.compiled * 10n).toBeGreaterThan(cycles * 6n);
    });
  }

  test('pair-spare stopped at many cycles: the same machine', () => {
    expect(cycles).toBeGreaterThan(900n);
    for (let limit = 3n; limit < cycles; limit += 89n) {
      const r = both(path, { topology: 'pair-spare', maxCycles: Number(limit) });
      expect(r.translated, `stopped at ${limit}`).toEqual(r.interpreted);
    }
  });

  // A bit flipped in one chassis' copy of an x87 operand (ECC off: nothing
  // corrects it) while the loops that load it run in lockstep blocks: the
  // block leaves before the form and the lockstep loop's comparator finds
  // the divergence at the cycle the interpreter finds it.
  const flips: { name: string; topology: string; chassis: number; address: () => number; bit: number; cycle: number }[] = [
    { name: 'an m64 operand', topology: 'pair-spare', chassis: 1, address: () => at('vals') + 8, bit: 40, cycle: 150 },
    { name: 'an m32 operand', topology: 'tmr', chassis: 2, address: () => at('svals') + 4, bit: 2, cycle: 120 },
    { name: 'the first chassis\' copy', topology: 'pair-spare', chassis: 0, address: () => at('vals'), bit: 63, cycle: 700 },
  ];
  for (const f of flips) {
    test(`${f.topology}: ${f.name} flipped in chassis ${f.chassis}: the divergence at the same cycle`, () => {
      const faults: Fault[] = [{ at: f.cycle, target: 'memory', chassis: f.chassis, address: f.address(), bits: [f.bit] }];
      const r = both(path, { topology: f.topology, faults, eccOff: true });
      expect(r.translated).toEqual(r.interpreted);
      const events = r.interpreted.events as { type: string; cycle: bigint }[];
      expect(events.some((e) => e.type === 'mismatch'), JSON.stringify(events.map((e) => e.type))).toBe(true);
    });
  }
});
