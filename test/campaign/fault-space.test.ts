import { describe, expect, it } from 'vitest';
import { IndexPermutation } from '../../src/campaign/permutation';
import { FaultSampler, binomial, resolveFaultSpace, unrankCombination } from '../../src/campaign/fault-space';
import { parseCampaign } from '../../src/campaign/spec';
import { TOPOLOGY_PRESETS } from '../../src/machine/topology';

const ctx = { goldenCycles: 1000, sections: [{ name: '.text', address: 0x8049000, size: 64 }, { name: '.data', address: 0x804a000, size: 20 }], dimmsPerChassis: 4, where: 'c.json: faults[0]' };
const model = (m: object) => parseCampaign({ program: 'p', topologies: ['simplex'], faults: [m], injections: 1 }, 'c.json').faults[0];

describe('IndexPermutation', () => {
  it.each([1n, 2n, 3n, 17n, 1000n, 4097n])('is a bijection of [0, %i)', (n) => {
    const p = new IndexPermutation(n, 0x1234n);
    const seen = new Set<bigint>();
    for (let i = 0n; i < n; i++) seen.add(p.at(i));
    expect(seen.size).toBe(Number(n));
    for (const v of seen) expect(v >= 0n && v < n).toBe(true);
  });

  it('depends on the key, and works for spaces beyond 2^64', () => {
    const a = new IndexPermutation(1000n, 1n);
    const b = new IndexPermutation(1000n, 2n);
    const same = Array.from({ length: 50 }, (_, i) => a.at(BigInt(i)) === b.at(BigInt(i))).filter(Boolean).length;
    expect(same).toBeLessThan(5);
    const big = new IndexPermutation(3n ** 50n, 7n);
    expect(big.at(5n)).toBeLessThan(3n ** 50n);
    expect(big.at(5n)).not.toBe(big.at(6n));
  });
});

describe('fault spaces', () => {
  it('counts every cycle × replica × register × bit', () => {
    const s = resolveFaultSpace(model({ target: 'register', registers: ['eax', 'esi'], bits: [0, 7, 31] }), TOPOLOGY_PRESETS['pair-spare'], ctx);
    expect(s.size).toBe(1000n * 4n * 2n * 3n);
    const all = new Set<string>();
    for (let p = 0n; p < s.size; p += 7n) {
      const f = s.decode(p);
      if (f.target !== 'register') throw new Error('not a register fault');
      expect(['eax', 'esi']).toContain(f.register);
      expect([0, 7, 31]).toContain(f.bit);
      expect(f.at).toBeGreaterThanOrEqual(0);
      expect(f.at).toBeLessThan(1000);
      all.add(`${f.chassis}/${f.core}`);
    }
    expect([...all].sort()).toEqual(['0/0', '0/1', '1/0', '1/1']);
  });

  it('gives each register the bits of its width: 80 for st0-st7, 16 for fpcw, 8 for fptw', () => {
    const s = resolveFaultSpace(model({ target: 'register', registers: ['eax', 'st3', 'fpcw', 'fptw'] }), TOPOLOGY_PRESETS.simplex, ctx);
    expect(s.size).toBe(1000n * BigInt(32 + 80 + 16 + 8));
    const seen = new Map<string, Set<number>>();
    for (let p = 0n; p < 136n; p++) {
      const f = s.decode(p);
      if (f.target !== 'register') throw new Error('not a register fault');
      seen.set(f.register, (seen.get(f.register) ?? new Set()).add(f.bit));
    }
    expect([...seen].map(([r, b]) => [r, b.size, Math.max(...b)])).toEqual([['eax', 32, 31], ['st3', 80, 79], ['fpcw', 16, 15], ['fptw', 8, 7]]);
    expect(() => resolveFaultSpace(model({ target: 'register', registers: ['fptw'], bits: [8, 9] }), TOPOLOGY_PRESETS.simplex, ctx)).toThrow(/no listed bit/);
  });

  it('resolves percentage windows against the golden run and clips them to it', () => {
    const s = resolveFaultSpace(model({ target: 'chassis', window: ['50%', 5000] }), TOPOLOGY_PRESETS.tmr, ctx);
    expect(s.window).toEqual([500, 1000]);
    expect(s.size).toBe(500n * 3n);
    expect(() => resolveFaultSpace(model({ target: 'chassis', window: [2000, 3000] }), TOPOLOGY_PRESETS.tmr, ctx)).toThrow(/faults\[0\]\.window: \[2000, 1000\) holds no cycle/);
  });

  it('aims memory faults at whole 8-byte words of the named sections', () => {
    const s = resolveFaultSpace(model({ target: 'memory', section: '.data', flips: 2, bits: 'check' }), TOPOLOGY_PRESETS.dmr, ctx);
    expect(s.size).toBe(1000n * 2n * 3n * binomial(8, 2)); // 20 bytes → 3 words
    for (let p = 0n; p < s.size; p += 97n) {
      const f = s.decode(p);
      if (f.target !== 'memory') throw new Error('not a memory fault');
      expect([0x804a000, 0x804a008, 0x804a010]).toContain(f.address);
      expect(f.bits).toHaveLength(2);
      for (const b of f.bits) expect(b).toBeGreaterThanOrEqual(64);
    }
    expect(() => resolveFaultSpace(model({ target: 'memory', section: '.rodata' }), TOPOLOGY_PRESETS.dmr, ctx)).toThrow("c.json: faults[0].section: the program has no allocated section '.rodata' (it has .text, .data)");
  });

  it('rejects chassis, cores and DIMMs the topology lacks, naming the key', () => {
    expect(() => resolveFaultSpace(model({ target: 'register', chassis: [1] }), TOPOLOGY_PRESETS.simplex, ctx)).toThrow('c.json: faults[0].chassis: 1 does not exist (simplex has only chassis 0)');
    expect(() => resolveFaultSpace(model({ target: 'register', cores: [1] }), TOPOLOGY_PRESETS.tmr, ctx)).toThrow('c.json: faults[0].cores: 1 does not exist (tmr has only core 0)');
    expect(() => resolveFaultSpace(model({ target: 'dimm', dimms: [4] }), TOPOLOGY_PRESETS.tmr, ctx)).toThrow('c.json: faults[0].dimms: 4 does not exist');
  });

  it('unranks every k-subset exactly once', () => {
    const items = [3, 9, 64, 70, 71];
    const seen = new Set<string>();
    for (let r = 0n; r < binomial(5, 3); r++) seen.add(unrankCombination(r, items, 3).join(','));
    expect(seen.size).toBe(10);
    expect(unrankCombination(0n, items, 3)).toEqual([3, 9, 64]);
  });

  it('draws each fault as a pure function of seed, topology, model and index, without repeats', () => {
    const m = model({ target: 'register', registers: ['eax'], bits: [0, 1] });
    const space = resolveFaultSpace(m, TOPOLOGY_PRESETS.dmr, ctx);
    const a = new FaultSampler(space, 42n, 0);
    const b = new FaultSampler(space, 42n, 0);
    const faults = Array.from({ length: 200 }, (_, i) => JSON.stringify(a.fault(i)));
    expect(Array.from({ length: 200 }, (_, i) => JSON.stringify(b.fault(199 - i))).reverse()).toEqual(faults);
    expect(new Set(faults).size).toBe(200);
    expect(JSON.stringify(new FaultSampler(space, 43n, 0).fault(0))).not.toBe(faults[0]);
    expect(JSON.stringify(new FaultSampler(space, 42n, 1).fault(0))).not.toBe(faults[0]);
  });
});

describe('disk fault spaces', () => {
  const diskModel = (m: object) => parseCampaign({ program: 'p', disk: 'd.img', topologies: ['simplex'], faults: [m], injections: 1 }, 'c.json').faults[0];
  const pairSpare = TOPOLOGY_PRESETS['pair-spare'];

  it('count every cycle x block x bit combination x chassis and decode to faults the schema takes', () => {
    const space = resolveFaultSpace(diskModel({ target: 'disk', blocks: [[10, 12], [40, 41]], flips: 2 }), pairSpare, { ...ctx, diskBlocks: 64 });
    expect(space.size).toBe(1000n * 3n * 2n * binomial(32768, 2));
    const sampler = new FaultSampler(space, 5n, 0);
    for (let i = 0; i < 20; i++) {
      const f = sampler.fault(i) as { target: string; block: number; bits: number[]; chassis: number; at: number };
      expect(f.target).toBe('disk');
      expect([10, 11, 40]).toContain(f.block);
      expect(f.bits).toHaveLength(2);
      expect(new Set(f.bits).size).toBe(2);
      expect(f.chassis === 0 || f.chassis === 1).toBe(true);
    }
    const unreadable = resolveFaultSpace(diskModel({ target: 'disk', event: 'unreadable' }), pairSpare, { ...ctx, diskBlocks: 64 });
    expect(unreadable.size).toBe(1000n * 64n * 2n);
    expect(unreadable.decode(0n)).toEqual({ at: 0, target: 'disk', chassis: 0, block: 0, event: 'unreadable' });
    const fail = resolveFaultSpace(diskModel({ target: 'disk', event: 'fail' }), pairSpare, { ...ctx, diskBlocks: 64 });
    expect(fail.size).toBe(1000n * 2n);
  });

  it('refuse blocks past the disk in one line', () => {
    expect(() => resolveFaultSpace(diskModel({ target: 'disk', blocks: [[60, 70]] }), pairSpare, { ...ctx, diskBlocks: 64 })).toThrow(/^c\.json: faults\[0\]\.blocks\[0\]: reaches block 69 but the disk has blocks 0-63$/);
  });
});
