/**
 * The CPU-recorded x87 vectors of test/fpu replayed as guest code through the
 * machine (decoder, MMU, lockstep loop): fninit; fldcw; fld m80 of each input;
 * the instruction; pushfd; fnsave. Used by x87.test.ts (against the CPU) and
 * fast-slow.test.ts (the decoded fast path against the full decoder).
 */
import { Machine } from '../../src/machine/machine';
import type { FpuVector } from '../fpu/replay';
import type { TopologyName } from '../../src/machine/topology';
import { forceSlowPath } from './vectors';

export const CODE = 0x08048000;
export const DATA = 0x08050000;
const INPUTS = DATA + 0x10;   // 16 bytes per input, fld m80 from there
const MEM = DATA + 0x100;     // the memory operand ([edi])
const FLAGS = DATA + 0x8;     // EFLAGS after the instruction
const SAVE = DATA + 0x200;    // the fnsave image

export const imm32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const hexBytes = (h: string) => h.match(/../g)!.map((b) => parseInt(b, 16));
export const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** One machine per topology, reused: each vector rewrites code and data and runs its instructions. */
export class GuestReplay {
  readonly m: Machine;
  /** forceSlow: every instruction through the full decoder and the x87 unit's general code (C_FORCE_SLOW). */
  constructor(topology: TopologyName, forceSlow = false) {
    this.m = new Machine({ topology, memoryMiB: 2 });
    if (forceSlow) forceSlowPath(this.m);
    this.m.memory.map(CODE, 0x1000, 'write');
    this.m.memory.map(DATA, 0x1000, 'write');
  }

  /** Run the vector's code; the outcome (limit: it ran to the end). */
  private run(v: FpuVector) {
    const { m } = this;
    const code = [0xdb, 0xe3, 0xd9, 0x2d, ...imm32(DATA)];              // fninit; fldcw [DATA]
    v.ins.forEach((_, i) => code.push(0xdb, 0x2d, ...imm32(INPUTS + 16 * i))); // fld tword [INPUTS+16i]
    code.push(...hexBytes(v.code));                                     // the instruction ([edi] for memory forms)
    code.push(0x9c, 0x8f, 0x05, ...imm32(FLAGS));                       // pushfd; pop dword [FLAGS]
    code.push(0xdd, 0x35, ...imm32(SAVE));                              // fnsave [SAVE]
    m.memory.write(CODE, new Uint8Array(code));
    const data = new Uint8Array(0x300);
    const dv = new DataView(data.buffer);
    dv.setUint16(0, v.cw, true);
    v.ins.forEach((h, i) => {
      dv.setBigUint64(0x10 + 16 * i, BigInt('0x' + h.slice(4)), true);
      dv.setUint16(0x18 + 16 * i, parseInt(h.slice(0, 4), 16), true);
    });
    data.set(hexBytes(v.memIn ?? '00'.repeat(10)), MEM - DATA);
    m.memory.write(DATA, data);
    m.setRegister('eip', CODE);
    m.setRegister('edi', MEM);
    m.setRegister('esp', DATA + 0x1000);
    m.setRegister('eflags', 0x202);
    return m.run({ maxCycles: m.cycle + BigInt(v.ins.length + 6) });
  }

  /** Everything the vector's code left: outcome, registers, EFLAGS, the fnsave image, the memory operand. */
  stateAfter(v: FpuVector): string {
    const { m } = this;
    const start = m.cycle;
    const outcome = this.run(v);
    const regs = Object.entries(m.registers()).map(([k, x]) => `${k}=${x.toString(16)}`).join(' ');
    return `${JSON.stringify(outcome)} cycles=${m.cycle - start} ${regs} save=${hex(m.memory.read(SAVE, 108))} mem=${hex(m.memory.read(MEM, 10))} flags=${hex(m.memory.read(FLAGS, 4))}`;
  }

  /** The differences from what the CPU recorded (empty: bit for bit). */
  replay(v: FpuVector): string[] {
    const { m } = this;
    const outcome = this.run(v);
    if (outcome.kind !== 'limit') return [`stopped: ${JSON.stringify(outcome)}`];
    const save = m.memory.read(SAVE, 108);
    const sv = new DataView(save.buffer, save.byteOffset);
    const hex4 = (n: number) => n.toString(16).padStart(4, '0');
    const diffs: string[] = [];
    const sw = sv.getUint16(4, true), tw = sv.getUint16(8, true);
    if (sw !== v.sw) diffs.push(`sw ${hex4(sw)} != ${hex4(v.sw)}`);
    if (tw !== v.tw) diffs.push(`tw ${hex4(tw)} != ${hex4(v.tw)}`);
    const top = (sw >> 11) & 7;
    for (let i = 0; i < 8; i++) {
      const want = v.out[i] ?? 'e';
      const empty = ((tw >> (((top + i) & 7) * 2)) & 3) === 3;
      const got = empty ? 'e' : hex4(sv.getUint16(28 + 10 * i + 8, true)) + sv.getBigUint64(28 + 10 * i, true).toString(16).padStart(16, '0');
      if (got !== want) diffs.push(`st${i} ${got} != ${want}`);
    }
    if (v.efl !== null) {
      const e = new DataView(m.memory.read(FLAGS, 4).buffer).getUint32(0, true) & 0x45;
      if (e !== v.efl) diffs.push(`eflags ${e.toString(16)} != ${v.efl.toString(16)}`);
    }
    if (v.memOut !== null) {
      const got = hex(m.memory.read(MEM, 10));
      if (got !== v.memOut) diffs.push(`mem ${got} != ${v.memOut}`);
    }
    return diffs;
  }
}

