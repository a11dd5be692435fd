/**
 * The x87 unit inside the machine (asm/cpu/x87.ts): the CPU-recorded vectors
 * of test/fpu replayed as guest code through the decoder, the MMU and the
 * lockstep loop (fninit; fldcw; fld m80 of each input; the instruction;
 * pushfd; fnsave), under simplex and pair-spare; faults in the x87 registers
 * found by the comparator; the x87 state carried by snapshots; a page fault
 * leaves the x87 state as it was.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Machine } from '../../src/machine/machine';
import { GuestReplay, CODE, DATA, imm32, hex } from './x87-replay';
import { loadVectorGroups, mnemonic, lastBitOnly, type FpuVector } from '../fpu/replay';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import { runGuest } from '../helpers/run-guest';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';
import { parseFault } from '../../src/faults/fault-schema';

/** Run the case under pair-spare with these faults injected. */
function runWithFaults(binary: string, faults: Fault[]) {
  let injector!: FaultInjector;
  return runGuest(binary, {
    topology: 'pair-spare',
    prepare: (m: Machine) => { injector = new FaultInjector(m, faults); },
    hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
  });
}

const groups = loadVectorGroups();
// Every 25th vector of each group, a different residue per group: about 1,800 in all.
const sample = (vs: FpuVector[], k: number) => vs.filter((_, i) => i % 25 === k % 25);

for (const topology of ['simplex', 'pair-spare'] as const) {
  describe(`x87 vectors through the machine (${topology})`, () => {
    const guest = new GuestReplay(topology);
    groups.forEach((g, k) => {
      test(`${g.group}: a sample, bit for bit as the CPU`, () => {
        const bad: string[] = [];
        for (const v of sample(g.vectors, k)) {
          const d = guest.replay(v);
          // The transcendental last-bit cases of test/fpu/fpu.test.ts (KNOWN_MISMATCHES) stay what they are there.
          if (d.length && !(g.group === 'transcend' && lastBitOnly(d))) bad.push(`${g.group}:${v.line} ${mnemonic(v.code)}: ${d.join('; ')}`);
        }
        expect(bad).toEqual([]);
        expect(guest.m.events.filter((e) => e.type === 'mismatch')).toEqual([]);
      }, 120_000);
    });
  });
}

describe('x87 state in the machine', () => {
  test('a page fault on a store leaves the x87 state and memory as they were', () => {
    const m = new Machine({ topology: 'pair-spare', memoryMiB: 2 });
    m.memory.map(CODE, 0x1000, 'write');
    m.memory.map(DATA, 0x1000, 'write');
    // fld1; fldpi; fstp tword [DATA+0xffa] (crosses into an unmapped page)
    m.memory.write(CODE, new Uint8Array([0xd9, 0xe8, 0xd9, 0xeb, 0xdb, 0x3d, ...imm32(DATA + 0xffa)]));
    m.setRegister('eip', CODE);
    expect(m.run({ maxCycles: 2n }).kind).toBe('limit');
    const before = m.registers();
    const outcome = m.run({ maxCycles: 10n });
    expect(outcome).toMatchObject({ kind: 'signal', signal: 'SIGSEGV' });
    expect(outcome.kind === 'signal' && outcome.message).toContain('SIGSEGV at 0x8051000');
    const after = m.registers();
    expect(after).toEqual(before);
    expect(after.fpsw >> 11).toBe(6);
    expect(hex(m.memory.read(DATA + 0xffa, 6))).toBe('000000000000');
  });

  test('st0-st7 name the physical registers; a snapshot restores the x87 state', () => {
    const m = new Machine({ topology: 'simplex', memoryMiB: 2 });
    m.memory.map(CODE, 0x1000, 'write');
    m.memory.write(CODE, new Uint8Array([0xd9, 0xe8, 0xd9, 0xee, 0xd9, 0xe8])); // fld1; fldz; fld1
    m.setRegister('eip', CODE);
    m.run({ maxCycles: 2n });
    let r = m.registers();
    expect(r.fpcw).toBe(0x037f);
    expect(r.fptw).toBe(0xc0);                     // R7 (1.0) and R6 (0.0)
    expect(r.st7).toBe(0x3fff_8000000000000000n);
    expect(r.st6).toBe(0n);
    const snap = m.snapshot();
    m.run({ maxCycles: 3n });
    expect(m.registers().st5).toBe(0x3fff_8000000000000000n);
    m.restore(snap);
    r = m.registers();
    expect(r.fptw).toBe(0xc0);
    expect(r.fpsw >> 11).toBe(6);
  });
});

describe('x87 faults under pair-spare: the chassis goes offline, the output stays native', () => {
  const c = oracleCases.find((o) => o.name === 'glibc_float_O2')!;
  const binary = join(ORACLE_DIR, c.binary);
  const expected = readFileSync(join(ORACLE_DIR, c.stdout)).toString('latin1');
  const golden = runGuest(binary, { topology: 'simplex' });
  const cycles = Number(golden.machine.cycle);
  const cases = [
    { register: 'st0', bit: 79, core: 1 },        // R0's sign, whether in use or not: the comparator covers the whole block
    { register: 'st7', bit: 3, core: 0 },
    { register: 'fpcw', bit: 10, core: 1 },       // rounding control
    { register: 'fpsw', bit: 0, core: 0 },        // IE
    { register: 'fptw', bit: 5, core: 1 },
  ] as const;
  for (const f of cases) {
    test(`flip ${f.register} bit ${f.bit} in chassis 1 core ${f.core}`, () => {
      const run = runWithFaults(binary, [{ target: 'register', at: Math.floor(cycles / 2), chassis: 1, core: f.core, register: f.register, bit: f.bit }]);
      expect(run.stdout.toString('latin1')).toBe(expected);
      expect(run.status).toBe(0);
      expect(run.machine.events.filter((e) => e.type === 'chassis-offline').map((e) => e.chassis)).toEqual([1]);
    }, 120_000);
  }
  test('a stuck-at bit in st3 (bit 70) of chassis 0 core 0', () => {
    const run = runWithFaults(binary, [{ target: 'register', at: Math.floor(cycles / 3), chassis: 0, core: 0, register: 'st3', bit: 70, stuck: 1 }]);
    expect(run.stdout.toString('latin1')).toBe(expected);
    expect(run.machine.events.filter((e) => e.type === 'chassis-offline').map((e) => e.chassis)).toEqual([0]);
  }, 120_000);
  test('bits past a register are refused', () => {
    expect(() => parseFault({ target: 'register', at: 1, chassis: 0, core: 0, register: 'fptw', bit: 8 }, 'fault')).toThrow(/bit is past the register/);
    expect(parseFault({ target: 'register', at: 1, chassis: 0, core: 0, register: 'st2', bit: 79 }, 'fault')).toMatchObject({ bit: 79 });
  });
});
