import { describe, expect, it } from 'vitest';
import { Prng, splitMix64 } from '../../src/util/prng';

// Expected values from the reference C implementations (splitmix64.c and
// xoshiro128starstar.c from prng.di.unimi.it), compiled and run on x86-64,
// seeding xoshiro128** as Prng does: s0|s1 <- first SplitMix64 output (low|high),
// s2|s3 <- second.
const REFERENCE: { seed: bigint; splitmix: bigint[]; xoshiro: number[] }[] = [
  {
    seed: 0n,
    splitmix: [0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn],
    xoshiro: [0xdec9045d, 0x9a089d75, 0xab77d362, 0xc3e16405, 0x5c95a8da, 0x60dea056, 0xc25a5140, 0xa4290614],
  },
  {
    seed: 42n,
    splitmix: [0xbdd732262feb6e95n, 0x28efe333b266f103n, 0x47526757130f9f52n],
    xoshiro: [0x69e85a2a, 0xf843fad0, 0x0105185f, 0x8a1f1ea6, 0xa66be2a9, 0x9844904e, 0xaf4213e7, 0x85c95cd7],
  },
  {
    seed: 0xffffffffffffffffn,
    splitmix: [0xe4d971771b652c20n, 0xe99ff867dbf682c9n, 0x382ff84cb27281e9n],
    xoshiro: [0x1c78f79c, 0x94a7662a, 0x211f3ea0, 0x243a6ba3, 0x03a7fd33, 0x11f80560, 0x93baaf24, 0x98f02a6a],
  },
  {
    seed: 1234567890123456789n,
    splitmix: [0x9904eee77e231db2n, 0x70ee7eb0313ec9b8n, 0x77005bf062e5f76fn],
    xoshiro: [0xeeff51ee, 0x37add54f, 0xf734ad99, 0x0772f433, 0x42a34de4, 0x665777cc, 0xfb6fd431, 0xe7f2205a],
  },
];

describe('splitMix64', () => {
  it.each(REFERENCE)('matches the reference outputs for seed $seed', ({ seed, splitmix }) => {
    let state = seed;
    for (const expected of splitmix) {
      const [out, next] = splitMix64(state);
      expect(out).toBe(expected);
      state = next;
    }
  });
});

describe('Prng (xoshiro128**)', () => {
  it.each(REFERENCE)('matches the reference stream for seed $seed', ({ seed, xoshiro }) => {
    const prng = new Prng(seed);
    expect(Array.from({ length: 8 }, () => prng.nextU32())).toEqual(xoshiro);
  });

  it('accepts number seeds and wraps negative ones like uint64_t', () => {
    expect(new Prng(42).nextU32()).toBe(0x69e85a2a);
    expect(new Prng(-1).nextU32()).toBe(0x1c78f79c);
    expect(() => new Prng(1.5)).toThrow(RangeError);
  });

  it('lays bytes out little-endian, four per output, dropping the unused tail', () => {
    expect([...new Prng(0).nextBytes(6)]).toEqual([0x5d, 0x04, 0xc9, 0xde, 0x75, 0x9d]);
    const p = new Prng(0);
    p.nextBytes(6);
    expect(p.nextU32()).toBe(0xab77d362); // the 6-byte draw consumed two outputs
    expect(new Prng(0).nextBytes(0)).toEqual(new Uint8Array(0));
  });

  it('nextInt stays in [lo, hi), is unbiased by rejection, and repeats from a seed', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) {
      const v = a.nextInt(-2, 4);
      expect(v).toBe(b.nextInt(-2, 4));
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(4);
      counts[v + 2]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
    // span 1 and the full 32-bit span take one output each
    expect(new Prng(0).nextInt(5, 6)).toBe(5);
    expect(new Prng(0).nextInt(0, 2 ** 32)).toBe(0xdec9045d);
  });

  it('nextInt covers spans beyond 2^32 with 53 bits', () => {
    const p = new Prng(3);
    for (let i = 0; i < 100; i++) {
      const v = p.nextInt(0, 2 ** 40);
      expect(Number.isSafeInteger(v) && v >= 0 && v < 2 ** 40).toBe(true);
    }
    expect(() => p.nextInt(3, 3)).toThrow(RangeError);
    expect(() => p.nextInt(0, 2 ** 60)).toThrow(RangeError);
  });

  it('nextFloat is in [0, 1)', () => {
    const p = new Prng(9);
    for (let i = 0; i < 1000; i++) {
      const f = p.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  it('forStream gives independent, labelled, reproducible streams', () => {
    const x = Prng.forStream(5n, 'getrandom').nextBytes(16);
    expect(Prng.forStream(5n, 'getrandom').nextBytes(16)).toEqual(x);
    expect(Prng.forStream(5n, 'auxv-random').nextBytes(16)).not.toEqual(x);
    expect(Prng.forStream(6n, 'getrandom').nextBytes(16)).not.toEqual(x);
  });

  it('state() and fromState() resume the stream exactly', () => {
    const p = new Prng(11);
    p.nextU32();
    const copy = Prng.fromState(p.state());
    expect(Array.from({ length: 5 }, () => copy.nextU32())).toEqual(Array.from({ length: 5 }, () => p.nextU32()));
    expect(() => Prng.fromState([0, 0, 0, 0])).toThrow(RangeError);
  });
});
