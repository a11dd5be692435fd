/**
 * The x87 unit (asm/fpu) against the CPU: every vector recorded by
 * record-vectors.mjs must come out bit for bit - all 80 bits of every
 * non-empty register, the status word, the full tag word, EFLAGS for fcomi and
 * the bytes of a memory destination. The only exceptions are listed in
 * KNOWN_MISMATCHES with their exact count and the reason; a change in a count
 * (better or worse) fails the test so that the list stays true.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadVectorGroups, ensureFpuWasm, FpuUnit, mnemonic, lastBitOnly } from './replay';

interface Known { readonly group: string; readonly op: string; readonly count: number; readonly reason: string }

// The transcendental instructions are not correctly rounded on the CPU: Intel
// specifies them to within about one ulp and does not publish the internal
// algorithm. The unit computes the exact function (of the argument reduced with
// the CPU's 66-bit pi), with the internal chops and biases fitted to these
// vectors (asm/fpu/transcend.ts), and rounds once; every other bit of the result
// and status word matches. What is left differs only in the last significand
// bit of the result and/or in C1 (the direction of that last rounding).
const LAST_BIT = 'the CPU rounds this transcendental differently in the last bit (and so in C1): its result is within 1 ulp of the exact value but not correctly rounded, and its internal algorithm is not published';
export const KNOWN_MISMATCHES: readonly Known[] = [
  { group: 'transcend', op: 'fsin', count: 14, reason: LAST_BIT },
  { group: 'transcend', op: 'fcos', count: 8, reason: LAST_BIT },
  { group: 'transcend', op: 'fsincos', count: 18, reason: LAST_BIT },
  { group: 'transcend', op: 'fptan', count: 24, reason: LAST_BIT },
  { group: 'transcend', op: 'f2xm1', count: 31, reason: LAST_BIT },
  { group: 'transcend', op: 'fyl2x', count: 9, reason: LAST_BIT },
  { group: 'transcend', op: 'fyl2xp1', count: 42, reason: LAST_BIT },
  { group: 'transcend', op: 'fpatan', count: 7, reason: LAST_BIT },
];

const groups = loadVectorGroups();

// Twice: as the unit runs (its common-case path, asm/fpu/fast.ts, on) and with
// every instruction through the general code; both must match the CPU.
for (const fastPath of [true, false]) describe(`x87 unit replays the CPU-recorded vectors (fast path ${fastPath ? 'on' : 'off'})`, () => {
  let unit: FpuUnit;
  beforeAll(async () => { await ensureFpuWasm(); unit = new FpuUnit(fastPath); }, 300_000); // compiling the test entry takes a while on a busy machine

  it('every vector file names the CPU it was recorded on', () => {
    for (const g of groups) expect(g.cpu, g.group).toMatch(/family \d+, model \d+/);
  });

  for (const g of groups) {
    it(`${g.group}: ${g.vectors.length} vectors bit for bit`, () => {
      const bad = new Map<string, { n: number; examples: string[] }>();
      const total = new Map<string, number>();
      for (const v of g.vectors) {
        const op = mnemonic(v.code);
        total.set(op, (total.get(op) ?? 0) + 1);
        const d = unit.replay(v);
        if (d.length === 0) continue;
        const e = bad.get(op) ?? { n: 0, examples: [] };
        if (KNOWN_MISMATCHES.some((k) => k.group === g.group && k.op === op) && !lastBitOnly(d)) e.examples.unshift(`NOT A LAST-BIT DIFFERENCE: ${d.join('; ')}`);
        e.n++;
        if (e.examples.length < 5) e.examples.push(`line ${v.line}: ${v.code} cw=${v.cw.toString(16)} in=${v.ins.join(',') || '-'} mem=${v.memIn ?? '-'}: ${d.join('; ')}`);
        bad.set(op, e);
      }
      const known = KNOWN_MISMATCHES.filter((k) => k.group === g.group);
      const matched = g.vectors.length - [...bad.values()].reduce((a, e) => a + e.n, 0);
      const lines = [`${g.group}: ${matched}/${g.vectors.length} bit for bit`];
      for (const k of known) lines.push(`  known mismatch ${k.op}: ${bad.get(k.op)?.n ?? 0} of ${total.get(k.op) ?? 0} (allow-listed ${k.count}): ${k.reason}`);
      console.log(lines.join('\n'));
      const unexpected: string[] = [];
      for (const [op, e] of bad) {
        const k = known.find((x) => x.op === op);
        if (!k) unexpected.push(`${op}: ${e.n} of ${total.get(op)} differ\n    ${e.examples.join('\n    ')}`);
      }
      expect(unexpected, 'vectors that differ from the CPU').toEqual([]);
      for (const k of known) expect(bad.get(k.op)?.n ?? 0, `allow-listed count for ${k.group} ${k.op} (update KNOWN_MISMATCHES)`).toBe(k.count);
      const notLastBit = [...bad.values()].flatMap((e) => e.examples).filter((x) => x.startsWith('NOT A LAST-BIT'));
      expect(notLastBit, 'allow-listed instructions may differ only in the last bit and C1').toEqual([]);
    });
  }
});

describe('the unit fast path is exercised by the vectors', () => {
  // The "fast path on" replay above proves something only for the vectors the
  // path takes: count them, per instruction, so a change that quietly sends
  // everything to the general code fails here.
  it('arith, memarith, load, store and misc vectors take it', async () => {
    await ensureFpuWasm();
    const unit = new FpuUnit(true);
    const taken = new Map<string, number>();
    for (const g of groups) for (const v of g.vectors) if (unit.takesFastPath(v)) { const k = `${g.group} ${mnemonic(v.code).split(' ')[0]}`; taken.set(k, (taken.get(k) ?? 0) + 1); }
    console.log([...taken].map(([k, n]) => `${k}: ${n}`).join('\n'));
    for (const k of ['arith fadd', 'arith fmul', 'arith fsub', 'arith fsubr', 'arith fdiv', 'arith fdivr', 'arith fsqrt',
      'memarith fadd', 'memarith fmul', 'memarith fdiv', 'load fld', 'store fst', 'store fstp', 'misc fchs', 'misc fabs', 'misc fxch', 'misc fld']) {
      expect(taken.get(k) ?? 0, k).toBeGreaterThan(0);
    }
    // Nothing outside the common case: compare, transcendental and integer forms stay general.
    expect([...taken.keys()].filter((k) => k.startsWith('compare') || k.startsWith('transcend'))).toEqual([]);
  }, 300_000);
});
