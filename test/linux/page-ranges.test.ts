import { describe, expect, it } from 'vitest';
import { PageRanges } from '../../src/linux/page-ranges';

describe('PageRanges', () => {
  it('merges adjacent ranges with the same flag and keeps different flags apart', () => {
    const r = new PageRanges();
    r.add(0x1000, 0x3000, true);
    r.add(0x3000, 0x4000, true);
    r.add(0x4000, 0x5000, false);
    expect(r.list()).toEqual([
      { start: 0x1000, end: 0x4000, writable: true },
      { start: 0x4000, end: 0x5000, writable: false },
    ]);
    expect(r.bytes).toBe(0x4000);
  });

  it('splits on removal and on re-flagging', () => {
    const r = new PageRanges([{ start: 0x10000, end: 0x20000, writable: true }]);
    r.remove(0x12000, 0x13000);
    r.setWritable(0x18000, 0x30000, false);
    expect(r.list()).toEqual([
      { start: 0x10000, end: 0x12000, writable: true },
      { start: 0x13000, end: 0x18000, writable: true },
      { start: 0x18000, end: 0x20000, writable: false },
    ]);
    expect(r.coveredBytes(0x11000, 0x19000)).toBe(0x1000 + 0x5000 + 0x1000);
    expect(r.find(0x12800)).toBeUndefined();
    expect(r.find(0x18000)?.writable).toBe(false);
    expect(r.within(0x11000, 0x14000)).toEqual([
      { start: 0x11000, end: 0x12000, writable: true },
      { start: 0x13000, end: 0x14000, writable: true },
    ]);
  });

  it('replaces what an added range covers', () => {
    const r = new PageRanges([{ start: 0, end: 0x4000, writable: false }]);
    r.add(0x1000, 0x2000, true);
    expect(r.list().map((x) => [x.start, x.end, x.writable])).toEqual([[0, 0x1000, false], [0x1000, 0x2000, true], [0x2000, 0x4000, false]]);
    r.add(0x5000, 0x5000, true);
    expect(r.bytes).toBe(0x4000);
  });
});
