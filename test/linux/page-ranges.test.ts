import { describe, expect, it } from 'vitest';
import { PageRanges } from '../../src/linux/page-ranges';

describe('PageRanges', () => {
  it('merges adjacent ranges with the same access and keeps different ones apart', () => {
    const r = new PageRanges();
    r.add(0x1000, 0x3000, 'write');
    r.add(0x3000, 0x4000, 'write');
    r.add(0x4000, 0x5000, 'read');
    expect(r.list()).toEqual([
      { start: 0x1000, end: 0x4000, access: 'write' },
      { start: 0x4000, end: 0x5000, access: 'read' },
    ]);
    expect(r.bytes).toBe(0x4000);
  });

  it('splits on removal and on a change of access', () => {
    const r = new PageRanges([{ start: 0x10000, end: 0x20000, access: 'write' }]);
    r.remove(0x12000, 0x13000);
    r.setAccess(0x18000, 0x30000, 'read');
    expect(r.list()).toEqual([
      { start: 0x10000, end: 0x12000, access: 'write' },
      { start: 0x13000, end: 0x18000, access: 'write' },
      { start: 0x18000, end: 0x20000, access: 'read' },
    ]);
    expect(r.coveredBytes(0x11000, 0x19000)).toBe(0x1000 + 0x5000 + 0x1000);
    expect(r.find(0x12800)).toBeUndefined();
    expect(r.find(0x18000)?.access).toBe('read');
    expect(r.within(0x11000, 0x14000)).toEqual([
      { start: 0x11000, end: 0x12000, access: 'write' },
      { start: 0x13000, end: 0x14000, access: 'write' },
    ]);
  });

  it('replaces what an added range covers', () => {
    const r = new PageRanges([{ start: 0, end: 0x4000, access: 'read' }]);
    r.add(0x1000, 0x2000, 'write');
    expect(r.list().map((x) => [x.start, x.end, x.access])).toEqual([[0, 0x1000, 'read'], [0x1000, 0x2000, 'write'], [0x2000, 0x4000, 'read']]);
    r.add(0x5000, 0x5000, 'write');
    expect(r.bytes).toBe(0x4000);
  });
});
