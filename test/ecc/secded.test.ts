/** The (72,64) Hsiao SECDED code in the core: what it corrects, detects and miscorrects. */
import { describe, test, expect } from 'vitest';
import { Core } from '../../src/core/core';
import { Prng } from '../../src/util/prng';

const core = new Core();
const exports = core.exports as unknown as {
  eccCheckBits(lo: number, hi: number): number;
  eccDecode(lo: number, hi: number, check: number): number;
  eccDataColumn(bit: number): number;
};

/** Flip bits of a 72-bit codeword (0-63 data, 64-71 check). */
function flip(lo: number, hi: number, check: number, bits: number[]) {
  for (const b of bits) {
    if (b < 32) lo ^= 1 << b;
    else if (b < 64) hi ^= 1 << (b - 32);
    else check ^= 1 << (b - 64);
  }
  return [lo >>> 0, hi >>> 0, check & 0xff] as const;
}

const decode = (lo: number, hi: number, check: number) => {
  const r = exports.eccDecode(lo, hi, check);
  return { syndrome: r & 0xff, bit: (r >>> 8) & 0xff };
};

describe('Hsiao (72,64) code', () => {
  test('the parity-check matrix is a Hsiao matrix: distinct odd-weight columns, balanced rows', () => {
    const columns = Array.from({ length: 64 }, (_, i) => exports.eccDataColumn(i));
    expect(new Set(columns).size).toBe(64);
    for (const c of columns) expect(c.toString(2).split('1').length - 1).toBeOneOf([3, 5]);
    for (let row = 0; row < 8; row++) expect(columns.filter((c) => (c >> row) & 1).length).toBe(26);
  });

  test('encoding is linear: zero data has zero check bits', () => {
    expect(exports.eccCheckBits(0, 0)).toBe(0);
    const prng = new Prng(1);
    for (let i = 0; i < 100; i++) {
      const [a, b, c, d] = [prng.nextU32(), prng.nextU32(), prng.nextU32(), prng.nextU32()];
      expect(exports.eccCheckBits(a ^ c, b ^ d)).toBe(exports.eccCheckBits(a, b) ^ exports.eccCheckBits(c, d));
    }
  });

  const prng = new Prng(72);
  const words = Array.from({ length: 20 }, () => [prng.nextU32(), prng.nextU32()] as const);

  test('every single-bit error, in data or check bits, is located', () => {
    for (const [lo, hi] of words) {
      const check = exports.eccCheckBits(lo, hi);
      expect(decode(lo, hi, check)).toEqual({ syndrome: 0, bit: 0xff });
      for (let bit = 0; bit < 72; bit++) expect(decode(...flip(lo, hi, check, [bit])).bit).toBe(bit);
    }
  });

  test('every double-bit error is detected and never miscorrected', () => {
    const [lo, hi] = words[0];
    const check = exports.eccCheckBits(lo, hi);
    let pairs = 0;
    for (let a = 0; a < 72; a++) {
      for (let b = a + 1; b < 72; b++) {
        const r = decode(...flip(lo, hi, check, [a, b]));
        expect(r.syndrome).not.toBe(0);
        expect(r.bit).toBe(0xff);
        pairs++;
      }
    }
    expect(pairs).toBe(2556);
  });

  test('triple-bit errors behave as the code does: some are miscorrected, the rest detected', () => {
    const [lo, hi] = words[1];
    const check = exports.eccCheckBits(lo, hi);
    const columns = [...Array.from({ length: 64 }, (_, i) => exports.eccDataColumn(i)), ...Array.from({ length: 8 }, (_, j) => 1 << j)];
    let miscorrected = 0;
    let detected = 0;
    let total = 0;
    for (let a = 0; a < 72; a++) {
      for (let b = a + 1; b < 72; b++) {
        for (let c = b + 1; c < 72; c++) {
          const r = decode(...flip(lo, hi, check, [a, b, c]));
          const expectedSyndrome = columns[a] ^ columns[b] ^ columns[c];
          expect(r.syndrome).toBe(expectedSyndrome);
          // Never zero: three odd-weight columns XOR to an odd weight.
          expect(r.syndrome).not.toBe(0);
          if (r.bit === 0xff) detected++;
          else {
            miscorrected++;
            expect([a, b, c]).not.toContain(r.bit); // it "corrects" a fourth bit
          }
          total++;
        }
      }
    }
    expect(total).toBe(59640);
    expect(miscorrected + detected).toBe(total);
    // The real Hsiao code miscorrects a sizeable fraction of triple errors; record what this one does.
    expect(miscorrected).toBeGreaterThan(0);
    expect(detected).toBeGreaterThan(0);
    console.log(`triple-bit errors: ${miscorrected} miscorrected, ${detected} detected of ${total}`);
  });
});
