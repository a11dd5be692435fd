/**
 * How a chassis' physical memory is spread over its DIMMs: interleaved by
 * 64-byte line, as memory controllers interleave channels, so consecutive
 * lines land on consecutive DIMMs.
 */
export const LINE_BYTES = 64;

export class DimmMap {
  constructor(readonly count: number, readonly bytesPerChassis: number) {
    if (!Number.isInteger(count) || count < 1 || count > 16) throw new RangeError(`DIMMs per chassis must be 1-16 (got ${count})`);
  }

  get bytesPerDimm(): number { return Math.ceil(this.bytesPerChassis / this.count / LINE_BYTES) * LINE_BYTES; }

  dimmOf(physical: number): number { return Math.floor(physical / LINE_BYTES) % this.count; }

  /** The chassis-physical address of byte `offset` of DIMM `dimm`. */
  physicalOf(dimm: number, offset: number): number {
    const line = Math.floor(offset / LINE_BYTES);
    return (line * this.count + dimm) * LINE_BYTES + (offset % LINE_BYTES);
  }
}
