/**
 * An in-memory GuestMemory for tests: a Map from page number to its bytes and
 * access, with an optional frame budget to provoke GuestOutOfMemory.
 */
import { GuestFault, GuestOutOfMemory, PAGE_SIZE, type GuestMemory, type PageAccess } from '../../src/machine/guest-memory';

interface Page {
  bytes: Uint8Array;
  access: PageAccess;
}

const SHOWN: Record<PageAccess, string> = { none: '-', read: 'r', write: 'rw' };

export class FakeGuestMemory implements GuestMemory {
  readonly pages = new Map<number, Page>();
  /** Every call, for tests that check what was asked of the memory. */
  readonly log: string[] = [];

  constructor(private readonly maxPages = Infinity) {}

  private checkAligned(va: number, length: number): void {
    if (va % PAGE_SIZE !== 0 || length % PAGE_SIZE !== 0) {
      throw new Error(`unaligned page range 0x${va.toString(16)}+0x${length.toString(16)}`);
    }
    if (va < 0 || va + length > 2 ** 32) throw new Error('range outside the 32-bit space');
  }

  map(va: number, length: number, access: PageAccess): void {
    this.checkAligned(va, length);
    this.log.push(`map 0x${va.toString(16)} 0x${length.toString(16)} ${SHOWN[access]}`);
    let fresh = 0;
    for (let p = va / PAGE_SIZE; p < (va + length) / PAGE_SIZE; p++) if (!this.pages.has(p)) fresh++;
    if (this.pages.size + fresh > this.maxPages) throw new GuestOutOfMemory(length);
    for (let p = va / PAGE_SIZE; p < (va + length) / PAGE_SIZE; p++) {
      this.pages.set(p, { bytes: new Uint8Array(PAGE_SIZE), access });
    }
  }

  unmap(va: number, length: number): void {
    this.checkAligned(va, length);
    this.log.push(`unmap 0x${va.toString(16)} 0x${length.toString(16)}`);
    for (let p = va / PAGE_SIZE; p < (va + length) / PAGE_SIZE; p++) this.pages.delete(p);
  }

  protect(va: number, length: number, access: PageAccess): void {
    this.checkAligned(va, length);
    this.log.push(`protect 0x${va.toString(16)} 0x${length.toString(16)} ${SHOWN[access]}`);
    for (let p = va / PAGE_SIZE; p < (va + length) / PAGE_SIZE; p++) {
      const page = this.pages.get(p);
      if (page) page.access = access;
    }
  }

  isMapped(va: number): boolean {
    return this.pages.has(Math.floor((va >>> 0) / PAGE_SIZE));
  }

  isAccessible(va: number): boolean {
    return (this.pages.get(Math.floor((va >>> 0) / PAGE_SIZE))?.access ?? 'none') !== 'none';
  }

  isWritable(va: number): boolean {
    return this.pages.get(Math.floor((va >>> 0) / PAGE_SIZE))?.access === 'write';
  }

  private page(va: number): Page {
    if (va < 0 || va >= 2 ** 32) throw new GuestFault(va);
    const page = this.pages.get(Math.floor(va / PAGE_SIZE));
    if (!page || page.access === 'none') throw new GuestFault(va);
    return page;
  }

  read(va: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.page(va + i).bytes[(va + i) % PAGE_SIZE];
    return out;
  }

  write(va: number, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.page(va + i); // all or nothing
    for (let i = 0; i < data.length; i++) this.page(va + i).bytes[(va + i) % PAGE_SIZE] = data[i];
  }

  /** Little-endian helpers for assertions. */
  u32(va: number): number {
    return new DataView(this.read(va, 4).buffer).getUint32(0, true);
  }

  u16(va: number): number {
    return new DataView(this.read(va, 2).buffer).getUint16(0, true);
  }

  cString(va: number): string {
    const bytes: number[] = [];
    for (let a = va; ; a++) {
      const b = this.read(a, 1)[0];
      if (b === 0) break;
      bytes.push(b);
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }

  setU32(va: number, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.write(va, b);
  }
}
