/**
 * The kernel's copy_from_user / copy_to_user: typed access to guest memory in
 * which every unmapped byte becomes a GuestFault, which the dispatcher turns
 * into -EFAULT. Writes check the whole range before touching anything, so a
 * faulting call leaves guest memory as it was.
 */
import { GuestFault, PAGE_SIZE, type GuestMemory } from '../machine/guest-memory';

const ADDRESS_SPACE = 2 ** 32;

export class GuestAccess {
  constructor(readonly memory: GuestMemory) {}

  /** How many bytes from `va` (at most `length`) can be accessed before the first unmapped page. */
  mappedPrefix(va: number, length: number): number {
    const end = Math.min(va + length, ADDRESS_SPACE);
    let page = va - (va % PAGE_SIZE);
    while (page < end) {
      if (!this.memory.isAccessible(page)) return Math.max(0, page - va);
      page += PAGE_SIZE;
    }
    return end - va;
  }

  private requireMapped(va: number, length: number): void {
    if (length === 0) return;
    if (va + length > ADDRESS_SPACE) throw new GuestFault(va);
    const prefix = this.mappedPrefix(va, length);
    if (prefix < length) throw new GuestFault(va + prefix);
  }

  read(va: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    this.requireMapped(va, length);
    return this.memory.read(va, length);
  }

  write(va: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.requireMapped(va, bytes.length);
    this.memory.write(va, bytes);
  }

  view(va: number, length: number): DataView {
    const bytes = this.read(va, length);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(va: number): number {
    return this.view(va, 4).getUint32(0, true);
  }

  i32(va: number): number {
    return this.view(va, 4).getInt32(0, true);
  }

  setU32(va: number, value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    this.write(va, bytes);
  }

  /** Read `count` little-endian u32 words. */
  u32s(va: number, count: number): number[] {
    const view = this.view(va, count * 4);
    return Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true));
  }

  /**
   * A NUL-terminated string of at most `maxLength` bytes before the NUL
   * (strncpy_from_user), or null when it is longer.
   */
  cString(va: number, maxLength: number): Uint8Array | null {
    const parts: Uint8Array[] = [];
    let total = 0;
    let at = va;
    while (total <= maxLength) {
      if (at >= ADDRESS_SPACE) throw new GuestFault(at);
      const chunk = this.memory.read(at, Math.min(PAGE_SIZE - (at % PAGE_SIZE), maxLength + 1 - total));
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        parts.push(chunk.subarray(0, nul));
        total += nul;
        break;
      }
      parts.push(chunk);
      total += chunk.length;
      at += chunk.length;
    }
    if (total > maxLength) return null;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

/** A little-endian struct being filled in before one copy to the guest. */
export class StructBuilder {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(offset: number, value: number): this {
    this.view.setUint8(offset, value);
    return this;
  }

  u16(offset: number, value: number): this {
    this.view.setUint16(offset, value, true);
    return this;
  }

  u32(offset: number, value: number): this {
    this.view.setUint32(offset, value >>> 0, true);
    return this;
  }

  i32(offset: number, value: number): this {
    this.view.setInt32(offset, value, true);
    return this;
  }

  u64(offset: number, value: bigint | number): this {
    this.view.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), true);
    return this;
  }

  i64(offset: number, value: bigint | number): this {
    this.view.setBigInt64(offset, BigInt.asIntN(64, BigInt(value)), true);
    return this;
  }

  set(offset: number, bytes: Uint8Array): this {
    this.bytes.set(bytes, offset);
    return this;
  }
}
