/**
 * The unit's common-case path (asm/fpu/fast.ts) against its general code, on
 * random operands: every instruction the path takes, in the control words it
 * takes (round to nearest, precision 64 and 53, all masked) and a few it does
 * not, with normal operands spread over the whole exponent range (near
 * overflow and underflow of the register, of double and of single), near the
 * rounding boundaries of 24, 53 and 64 bits, and now and then a zero,
 * denormal, infinity, NaN, unsupported encoding or empty register. Both runs
 * must leave the same state, bit for bit. The recorded vectors (fpu.test.ts)
 * pin both to the CPU; these add depth where the vectors are few.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { ensureFpuWasm, FpuUnit, mnemonic, type FpuVector } from './replay';
import { Random } from '../helpers/random';

/** The sequence this test has always drawn (test/helpers/random.ts). */
const SEEDS = [0x9e3779b97f4a7c15n, 0xd1b54a32d192ed03n] as const;

const hex = (n: bigint, digits: number) => n.toString(16).padStart(digits, '0');

/** A significand with bit 63 set, often with a tail that sits on or next to a rounding boundary. */
function significand(r: Random): bigint {
  let s = r.next64() | (1n << 63n);
  const boundary = r.pick([0, 0, 11, 40, 1, 2]); // bits below 53-bit, 24-bit precision; the last bits
  if (boundary) {
    const mask = (1n << BigInt(boundary)) - 1n;
    const half = 1n << BigInt(boundary - 1);
    s = (s & ~mask) | r.pick([0n, half, half - 1n, half + 1n, mask]);
  }
  if (r.int(8) === 0) s = (1n << 63n) | (BigInt(r.int(1 << 20)) << 43n); // a short significand: exact products and sums
  return s;
}

/** An 80-bit register value as the vectors write it: sign+exponent (4 hex digits), significand (16). */
function extended(r: Random): string {
  const sign = r.int(2) ? 0x8000 : 0;
  const special = r.int(24);
  if (special === 0) return hex(BigInt(sign), 4) + hex(0n, 16);                              // zero
  if (special === 1) return hex(BigInt(sign), 4) + hex(r.next64() >> 1n, 16);                // denormal
  if (special === 2) return hex(BigInt(sign | 0x7fff), 4) + hex(1n << 63n, 16);               // infinity
  if (special === 3) return hex(BigInt(sign | 0x7fff), 4) + hex(r.next64() | (1n << 63n), 16); // NaN
  if (special === 4) return hex(BigInt(sign | (1 + r.int(0x7ffe))), 4) + hex(r.next64() >> 1n, 16); // unnormal
  const exp = r.pick([
    () => 1 + r.int(0x7ffe),
    () => 0x3fff - 8 + r.int(16),
    () => 1 + r.int(70), () => 0x7ffe - r.int(70),                   // the register's range ends
    () => 0x3fff - 1022 - 3 + r.int(7), () => 0x3fff + 1023 - 3 + r.int(7), () => 0x3fff - 1074 - 3 + r.int(7), // double's
    () => 0x3fff - 126 - 3 + r.int(7), () => 0x3fff + 127 - 3 + r.int(7), () => 0x3fff - 149 - 3 + r.int(7),    // single's
    () => 0x3fff - 40 + r.int(80),
  ])();
  return hex(BigInt(sign | exp), 4) + hex(significand(r), 16);
}

/** A memory operand: 10 bytes, of which the instruction reads an f32 or f64 (little-endian), often normal, sometimes not. */
function memory(r: Random): string {
  const bytes = new Uint8Array(10);
  const dv = new DataView(bytes.buffer);
  const sign = BigInt(r.int(2));
  const kind = r.int(12);
  let bits64: bigint;
  let bits32: number;
  if (kind === 0) { bits64 = sign << 63n; bits32 = Number(sign) << 31; }
  else if (kind === 1) { bits64 = (sign << 63n) | (r.next64() & ((1n << 52n) - 1n)); bits32 = ((Number(sign) << 31) | r.int(1 << 23)) >>> 0; }
  else if (kind === 2) { bits64 = (sign << 63n) | (0x7ffn << 52n) | (r.int(2) ? 0n : r.next64() & ((1n << 52n) - 1n)); bits32 = ((Number(sign) << 31) | (0xff << 23) | r.int(1 << 23)) >>> 0; }
  else {
    const e64 = r.pick([1 + r.int(2046), 1023 - 8 + r.int(16), 1 + r.int(4), 2046 - r.int(4)]);
    const e32 = r.pick([1 + r.int(254), 127 - 8 + r.int(16), 1 + r.int(4), 254 - r.int(4)]);
    const frac = significand(r);
    bits64 = (sign << 63n) | (BigInt(e64) << 52n) | ((frac >> 11n) & ((1n << 52n) - 1n));
    bits32 = ((Number(sign) << 31) | (e32 << 23) | Number((frac >> 40n) & 0x7fffffn)) >>> 0;
  }
  if (r.int(2)) dv.setBigUint64(0, bits64, true); else dv.setUint32(0, bits32, true);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The instruction forms fast.ts takes (and their neighbours it leaves to the general code). */
function instruction(r: Random): string {
  const i = r.int(8);
  const reg = (op: number, row: number) => hex(BigInt(op), 2) + hex(BigInt(0xc0 | (row << 3) | i), 2);
  const mem = (op: number, digit: number) => hex(BigInt(op), 2) + hex(BigInt((digit << 3) | 7), 2); // [edi]
  return r.pick([
    () => reg(0xd8, r.int(8)), () => reg(0xdc, r.int(8)), () => reg(0xde, r.int(8)),
    () => mem(0xd8, r.int(8)), () => mem(0xdc, r.int(8)),
    () => mem(0xd9, r.pick([0, 2, 3])), () => mem(0xdd, r.pick([0, 2, 3])),
    () => reg(0xd9, r.int(2)), () => reg(0xdd, r.int(4)),
    () => 'd9' + r.pick(['e0', 'e1', 'fa', 'fa']),
  ])();
}

describe('the unit fast path and the general code agree', () => {
  let fast: FpuUnit;
  let general: FpuUnit;
  beforeAll(async () => { await ensureFpuWasm(); fast = new FpuUnit(true); general = new FpuUnit(false); }, 300_000);

  it('on 60,000 random instructions', () => {
    const r = new Random(...SEEDS);
    const differ: string[] = [];
    let taken = 0;
    for (let n = 0; n < 60_000; n++) {
      const ins = Array.from({ length: r.pick([1, 2, 3, 3, 3, 8]) }, () => extended(r));
      const v: FpuVector = {
        group: 'random', line: n, code: instruction(r), cw: r.pick([0x37f, 0x37f, 0x37f, 0x27f, 0x27f, 0x137f, 0x7f, 0xb7f]),
        ins, memIn: memory(r), sw: 0, tw: 0, efl: null, out: [], memOut: null,
      };
      if (fast.takesFastPath(v)) taken++;
      const a = fast.stateAfter(v), b = general.stateAfter(v);
      if (a !== b && differ.length < 10) differ.push(`${mnemonic(v.code)} (${v.code}) cw=${v.cw.toString(16)} in=${ins.join(',')} mem=${v.memIn}\n  fast:    ${a}\n  general: ${b}`);
    }
    expect(differ).toEqual([]);
    expect(taken).toBeGreaterThan(15_000);
  }, 120_000);
});
