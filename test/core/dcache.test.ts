/**
 * The decoded-instruction cache's housekeeping: after 2^32 flushes its
 * generation wraps and the caches are cleared for real, which must clear the
 * caches that exist (one per chassis, placed last in linear memory) and
 * nothing past them.
 */
import { test, expect } from 'vitest';
import { Core } from '../../src/core/core';

type Exports = { setDecodeGeneration(gen: number): void; decodedKind(chassis: number, eip: number): number };

for (const chassis of [1, 2, 3]) {
  test(`the generation wrap clears the ${chassis} chassis cache(s) and stays inside linear memory`, () => {
    const core = new Core();
    core.configure(chassis, 1, 1 << 20);
    const x = core.exports as unknown as Exports;
    // A cache entry for eip 0x1000 in every chassis, of the current generation (1;
    // configure's segment set-up may have flushed already).
    x.setDecodeGeneration(1);
    const key = (1n << 32n) | 0x1000n;
    const dcBytes = 16384 * 32;
    const firstCache = findCacheBase(core, chassis, dcBytes);
    for (let c = 0; c < chassis; c++) {
      const e = firstCache + c * dcBytes + ((0x1000 & 16383) << 5);
      core.setU64(e, key);
      core.u8[e + 8] = 7;
      expect(x.decodedKind(c, 0x1000)).toBe(7);
    }
    // The last flush before the wrap: the next one clears everything.
    x.setDecodeGeneration(0xffffffff);
    expect(() => core.exports.flushTranslations()).not.toThrow();
    for (let c = 0; c < chassis; c++) {
      const e = firstCache + c * dcBytes + ((0x1000 & 16383) << 5);
      expect(core.u64(e)).toBe(0n);
    }
    // Generation 1 again: the old tag must not come back to life.
    x.setDecodeGeneration(1);
    for (let c = 0; c < chassis; c++) expect(x.decodedKind(c, 0x1000)).toBe(0xff);
  });
}

/** Where configure placed chassis 0's cache (as asm/index.ts computes it). */
function findCacheBase(core: Core, chassis: number, dcBytes: number): number {
  const l = core.layout;
  const stride = core.u32(l.CONTROL_BASE + l.C_MEM_STRIDE);
  const checkEnd = l.CHASSIS_MEM_BASE + chassis * stride + chassis * (stride >> 3);
  const codeMap = (checkEnd + 63) & ~63;
  const base = (codeMap + (stride >> 12) + 63) & ~63;
  expect(base + chassis * dcBytes).toBeLessThanOrEqual(core.exports.memory.buffer.byteLength);
  return base;
}
