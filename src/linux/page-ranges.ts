/**
 * A sorted set of disjoint page-aligned ranges, each with its access: the
 * kernel's VMA bookkeeping for the memory it hands out (brk heap, mmap).
 * Adjacent ranges with the same access are merged; removing or changing the
 * access of part of a range splits it.
 */
import type { PageAccess } from '../machine/guest-memory';

export interface PageRange {
  readonly start: number;
  readonly end: number;
  readonly access: PageAccess;
}

export class PageRanges {
  private ranges: PageRange[] = [];

  constructor(ranges: readonly PageRange[] = []) {
    for (const r of ranges) this.add(r.start, r.end, r.access);
  }

  list(): readonly PageRange[] {
    return this.ranges;
  }

  get bytes(): number {
    return this.ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
  }

  /** Bytes of [start, end) covered by ranges in the set. */
  coveredBytes(start: number, end: number): number {
    let sum = 0;
    for (const r of this.ranges) sum += Math.max(0, Math.min(end, r.end) - Math.max(start, r.start));
    return sum;
  }

  /** The ranges overlapping [start, end), clipped to it. */
  within(start: number, end: number): PageRange[] {
    return this.ranges
      .filter((r) => r.start < end && r.end > start)
      .map((r) => ({ start: Math.max(start, r.start), end: Math.min(end, r.end), access: r.access }));
  }

  /** The range containing `address`, if any. */
  find(address: number): PageRange | undefined {
    return this.ranges.find((r) => address >= r.start && address < r.end);
  }

  add(start: number, end: number, access: PageAccess): void {
    if (end <= start) return;
    this.remove(start, end);
    this.ranges.push({ start, end, access });
    this.normalise();
  }

  remove(start: number, end: number): void {
    if (end <= start) return;
    const kept: PageRange[] = [];
    for (const r of this.ranges) {
      if (r.end <= start || r.start >= end) {
        kept.push(r);
        continue;
      }
      if (r.start < start) kept.push({ start: r.start, end: start, access: r.access });
      if (r.end > end) kept.push({ start: end, end: r.end, access: r.access });
    }
    this.ranges = kept;
  }

  /** Change the access of the parts of [start, end) that are in the set. */
  setAccess(start: number, end: number, access: PageAccess): void {
    for (const part of this.within(start, end)) this.add(part.start, part.end, access);
  }

  private normalise(): void {
    this.ranges.sort((a, b) => a.start - b.start);
    const merged: PageRange[] = [];
    for (const r of this.ranges) {
      const last = merged[merged.length - 1];
      if (last && last.end === r.start && last.access === r.access) {
        merged[merged.length - 1] = { start: last.start, end: r.end, access: r.access };
      } else {
        merged.push(r);
      }
    }
    this.ranges = merged;
  }
}
