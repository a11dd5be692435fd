/**
 * Runs of x87 instructions. A core running alone executes consecutive
 * decoded x87 forms in one go (asm/cpu/fast.ts x87Run: the unit's status
 * word, valid bits and FIP kept in a local and written back once); a lockstep
 * core executes them one cycle at a time (x87Step), and the forced slow path
 * sends each through the full decoder and the unit's general code. Random
 * sequences of the forms the fast path takes, mixed with operands it
 * declines (zeros, denormals, infinities, NaNs, huge and tiny values, stack
 * overflow and underflow), control words it does not take, unmasked
 * exceptions and instructions that end a run, must leave the same state
 * every way: simplex in one go, simplex in slices of a few cycles (a run
 * stops at the exact cycle asked for), forced slow, and pair-spare; and with
 * stuck bits in the x87 unit (re-asserted every cycle) the same fast and
 * forced slow. And a
 * store into the code that follows it inside a run ends the run there: the
 * next instruction is the one the store wrote.
 */
import { describe, test, expect } from 'vitest';
import { Machine } from '../../src/machine/machine';
import type { TopologyName } from '../../src/machine/topology';
import { forceSlowPath } from './vectors';
import { imm32, hex } from './x87-replay';
import { Random } from '../helpers/random';

const CODE = 0x08048000;
const DATA = 0x08050000;      // the control word at +0
const TABLE = DATA + 0x100;   // 32 operands (f64; f32 reads take their halves), [edi+disp8]
const OUT = DATA + 0x200;     // stores, [esi+disp8]
const SAVE = DATA + 0x400;    // the fnsave image

/** The sequence this test has always drawn (test/helpers/random.ts). */
const SEEDS = [0x2545f4914f6cdd1dn, 0x9e3779b97f4a7c15n] as const;

/** An operand: mostly ordinary doubles, sometimes one the fast path declines. */
function operand(r: Random): bigint {
  const sign = BigInt(r.int(2)) << 63n;
  const frac = r.next64() & ((1n << 52n) - 1n);
  switch (r.int(16)) {
    case 0: return sign;                                              // zero
    case 1: return sign | (frac | 1n);                                // denormal
    case 2: return sign | (0x7ffn << 52n) | (r.int(2) ? 0n : frac | 1n); // infinity, NaN
    case 3: return sign | (BigInt(2046 - r.int(3)) << 52n) | frac;   // near overflow
    case 4: return sign | (BigInt(1 + r.int(3)) << 52n) | frac;      // near underflow
    default: return sign | (BigInt(1023 - 20 + r.int(40)) << 52n) | frac;
  }
}

/** One instruction: mostly the fast path's forms, now and then one that ends a run. */
function instruction(r: Random): number[] {
  const i = r.int(8);
  const arith = () => r.pick([0, 1, 4, 5, 6, 7]);
  const disp = () => r.int(32) * 8 + r.pick([0, 0, 0, 4]);
  switch (r.int(20)) {
    case 0: case 1: return [0xd9, 0xc0 | i];                          // fld st(i)
    case 2: return [0xd9, 0xc8 | i];                                  // fxch st(i)
    case 3: return [0xdd, (r.int(2) ? 0xd0 : 0xd8) | i];              // fst / fstp st(i)
    case 4: case 5: return [0xd8, 0xc0 | (arith() << 3) | i];         // op st0, st(i)
    case 6: return [0xdc, 0xc0 | (arith() << 3) | i];                 // op st(i), st0
    case 7: return [0xde, 0xc0 | (arith() << 3) | i];                 // op st(i), st0 and pop
    case 8: case 9: return [0xdc, 0x47 | (arith() << 3), disp()];     // op m64 [edi+d]
    case 10: return [0xd8, 0x47 | (arith() << 3), disp()];            // op m32 [edi+d]
    case 11: case 12: return [0xdd, 0x47, disp()];                    // fld m64
    case 13: return [0xd9, 0x47, disp()];                             // fld m32
    case 14: case 15: return [0xdd, r.pick([0x56, 0x5e]), disp()];    // fst / fstp m64 [esi+d]
    case 16: return [0xd9, r.pick([0x56, 0x5e]), disp()];             // fst / fstp m32
    case 17: return [0xd9, r.pick([0xe0, 0xe1, 0xfa, 0xfa])];         // fchs, fabs, fsqrt
    default: return r.pick([[0xd9, 0xe8], [0xd9, 0xee], [0x83, 0xc0, 0x01], [0xd8, 0xd1], [0xdd, 0xc0 | i], [0x90], [0x9b]]); // fld1, fldz, add, fcom, ffree, nop, fwait
  }
}

type Program = { code: number[]; data: Uint8Array; cycles: number };

function program(r: Random, length: number): Program {
  const code = [0xdb, 0xe3, 0xd9, 0x2d, ...imm32(DATA), 0xbf, ...imm32(TABLE), 0xbe, ...imm32(OUT)]; // fninit; fldcw; mov edi; mov esi
  let cycles = 4;
  const depth = 2 + r.int(5);
  for (let k = 0; k < depth; k++) { code.push(0xdd, 0x47, r.int(32) * 8); cycles++; } // fld m64 [edi+d]
  for (let k = 0; k < length; k++) { code.push(...instruction(r)); cycles++; }
  code.push(0xdd, 0x35, ...imm32(SAVE)); // fnsave
  cycles++;
  const data = new Uint8Array(0x300);
  const dv = new DataView(data.buffer);
  dv.setUint16(0, r.pick([0x37f, 0x37f, 0x37f, 0x27f, 0x27f, 0x7f, 0xb7f, 0x372, 0x37e]), true);
  for (let k = 0; k < 32; k++) dv.setBigUint64(0x100 + 8 * k, operand(r), true);
  return { code, data, cycles };
}

class Runner {
  readonly m: Machine;
  constructor(topology: TopologyName, forceSlow: boolean, private readonly slice = 0, stuck = false) {
    this.m = new Machine({ topology, memoryMiB: 2 });
    if (forceSlow) forceSlowPath(this.m);
    // Stuck bits in the x87 unit, re-asserted after every cycle: one in a
    // register's significand, one in TOP.
    if (stuck) {
      this.m.setStuckBit(0, 'st2', 3, 1);
      this.m.setStuckBit(0, 'fpsw', 11, 1);
    }
    this.m.memory.map(CODE, 0x1000, 'write');
    this.m.memory.map(DATA, 0x1000, 'write');
  }

  /** Everything the program left: outcome, cycles, registers, the fnsave image, the stores. */
  stateAfter(p: Program, r: Random): string {
    const { m } = this;
    m.memory.write(CODE, new Uint8Array(0x1000));
    m.memory.write(CODE, new Uint8Array(p.code));
    m.memory.write(DATA, new Uint8Array(0x1000));
    m.memory.write(DATA, p.data);
    m.setRegister('eip', CODE);
    m.setRegister('esp', DATA + 0x1000);
    m.setRegister('eflags', 0x202);
    const start = m.cycle;
    const end = start + BigInt(p.cycles);
    let outcome;
    do {
      const to = this.slice === 0 ? end : m.cycle + BigInt(1 + r.int(this.slice));
      outcome = m.run({ maxCycles: to < end ? to : end });
    } while (outcome.kind === 'limit' && m.cycle < end);
    const regs = Object.entries(m.registers()).map(([k, x]) => `${k}=${x.toString(16)}`).join(' ');
    return `${JSON.stringify(outcome)} cycles=${m.cycle - start} ${regs} save=${hex(m.memory.read(SAVE, 108))} out=${hex(m.memory.read(OUT, 0x108))}`;
  }
}

describe('runs of x87 instructions', () => {
  test('random sequences leave the same state in one go, in slices, forced slow, in lockstep and with stuck bits', () => {
    const r = new Random(...SEEDS);
    const slicing = new Random(...SEEDS);
    const runners = {
      simplex: new Runner('simplex', false),
      slices: new Runner('simplex', false, 7),
      slow: new Runner('simplex', true),
      'pair-spare': new Runner('pair-spare', false),
    };
    // With stuck bits the machine runs x87 forms one cycle at a time; the
    // forced slow path must agree with it too.
    const stuck = new Runner('simplex', false, 0, true);
    const stuckSlow = new Runner('simplex', true, 0, true);
    const differ: string[] = [];
    for (let n = 0; n < 400; n++) {
      const p = program(r, 24 + r.int(48));
      const want = runners.simplex.stateAfter(p, slicing);
      for (const [name, runner] of Object.entries(runners)) {
        if (name === 'simplex') continue;
        const got = runner.stateAfter(p, slicing);
        if (got !== want && differ.length < 5) differ.push(`program ${n} (${hex(new Uint8Array(p.code))}) ${name}:\n  simplex: ${want}\n  ${name}: ${got}`);
      }
      const a = stuck.stateAfter(p, slicing), b = stuckSlow.stateAfter(p, slicing);
      if (a !== b && differ.length < 5) differ.push(`program ${n} (${hex(new Uint8Array(p.code))}) with stuck bits:\n  fast: ${a}\n  slow: ${b}`);
    }
    expect(differ).toEqual([]);
  }, 300_000);

  test('a store into the code that follows ends the run: the stored instruction executes', () => {
    // fld1; L: fld dword [edi]; fstp dword [ebx]; X: fld st0; fld st0; mov ebx, X; dec ecx; jnz L; fnsave.
    // The first pass stores into data; the second, by then decoded, stores
    // 90 90 90 90 (the f32 at [edi]) over X inside a run of x87 forms: four nops.
    const x = CODE + 2 + 2 + 2;
    const code = [0xd9, 0xe8, 0xd9, 0x07, 0xd9, 0x1b, 0xd9, 0xc0, 0xd9, 0xc0, 0xbb, ...imm32(x), 0x49, 0x75, 0xf0, 0xdd, 0x35, ...imm32(SAVE)];
    const states: string[] = [];
    for (const forceSlow of [false, true]) {
      const m = new Machine({ topology: 'simplex', memoryMiB: 2 });
      if (forceSlow) forceSlowPath(m);
      m.memory.map(CODE, 0x1000, 'write');
      m.memory.map(DATA, 0x1000, 'write');
      m.memory.write(CODE, new Uint8Array(code));
      m.memory.write(DATA + 8, new Uint8Array([0x90, 0x90, 0x90, 0x90]));
      m.setRegister('eip', CODE);
      m.setRegister('ecx', 2);
      m.setRegister('edi', DATA + 8);
      m.setRegister('ebx', DATA + 0x10);
      m.setRegister('esp', DATA + 0x1000);
      const outcome = m.run({ maxCycles: m.cycle + 18n });
      states.push(`${JSON.stringify(outcome)} cycles=${m.cycle} eip=${m.registers().eip.toString(16)} code=${hex(m.memory.read(x, 4))} save=${hex(m.memory.read(SAVE, 108))}`);
    }
    expect(states[0]).toEqual(states[1]);
    expect(states[0]).toContain(`eip=${(CODE + code.length).toString(16)} code=90909090`);
  });
});
