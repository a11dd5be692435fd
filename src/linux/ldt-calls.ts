/**
 * modify_ldt(func, ptr, bytecount): the process' local descriptor table, as
 * arch/x86/kernel/ldt.c keeps it.
 *
 *   func 0     read_ldt: copy min(bytecount, 64 KiB) bytes of the table, the
 *              part past its entries zero-filled; 0 when there is no LDT yet
 *   func 1     write_ldt in "old mode": one struct user_desc (bytecount
 *              must be 16); base 0 and limit 0 clear the entry, AVL is
 *              forced to 0, contents 3 (conforming code) is refused
 *   func 0x11  write_ldt: the same without those three rules (conforming
 *              code only as a not-present entry)
 *   func 2     read_default_ldt: zeros, at most 128 bytes (a 64-bit kernel's size)
 *
 * A write grows the table to entry_number + 1 entries; entries are built by
 * fill_ldt (descriptors.ts) and installed in the core through
 * SyscallContext.setDescriptor, where the CPU's segment loads read them.
 */
import { EINVAL, ENOSYS } from './errno';
import type { GuestAccess } from './guest-access';
import type { SyscallContext } from './kernel-types';
import { decodeUserDesc, fillDescriptor, isEmptyUserDesc, NULL_DESCRIPTOR, type SegmentDescriptor } from './descriptors';

/** LDT_ENTRIES and LDT_ENTRY_SIZE. */
export const LDT_ENTRIES = 8192;
const LDT_ENTRY_SIZE = 8;
const USER_DESC_SIZE = 16;
/** read_default_ldt's size on a 64-bit kernel (a 32-bit one gives 5 descriptors, 40 bytes). */
const DEFAULT_LDT_BYTES = 128;

export interface LdtState {
  /** Entries in the table (0: no LDT). */
  readonly size: number;
  /** The entries that are not all zero: [index, low word, high word]. */
  readonly entries: readonly (readonly [number, number, number])[];
}

export class LdtCalls {
  private size: number;
  private readonly entries = new Map<number, SegmentDescriptor>();

  constructor(state?: LdtState) {
    this.size = state?.size ?? 0;
    for (const [index, low, high] of state?.entries ?? []) this.entries.set(index, { low, high });
  }

  save(): LdtState {
    return { size: this.size, entries: [...this.entries].map(([index, d]) => [index, d.low, d.high] as const) };
  }

  modifyLdt(access: GuestAccess, ctx: SyscallContext, func: number, pointer: number, bytecount: number): number {
    switch (func) {
      case 0: return this.read(access, pointer, bytecount);
      case 1: return this.write(access, ctx, pointer, bytecount, true);
      case 2: return readDefault(access, pointer, bytecount);
      case 0x11: return this.write(access, ctx, pointer, bytecount, false);
      default: return -ENOSYS;
    }
  }

  private read(access: GuestAccess, pointer: number, bytecount: number): number {
    if (this.size === 0) return 0;
    const count = Math.min(bytecount, LDT_ENTRY_SIZE * LDT_ENTRIES);
    // The table's bytes (a last entry may be cut short), then zeros up to count.
    const table = new Uint8Array(this.size * LDT_ENTRY_SIZE);
    const view = new DataView(table.buffer);
    for (const [index, d] of this.entries) {
      view.setUint32(index * LDT_ENTRY_SIZE, d.low, true);
      view.setUint32(index * LDT_ENTRY_SIZE + 4, d.high, true);
    }
    const bytes = new Uint8Array(count);
    bytes.set(table.subarray(0, count));
    access.write(pointer, bytes);
    return count;
  }

  private write(access: GuestAccess, ctx: SyscallContext, pointer: number, bytecount: number, oldMode: boolean): number {
    if (bytecount !== USER_DESC_SIZE) return -EINVAL;
    const info = decodeUserDesc(access.view(pointer, USER_DESC_SIZE));
    if (info.entryNumber >= LDT_ENTRIES) return -EINVAL;
    // Conforming code only as a not-present entry, and never in old mode.
    if (info.contents === 3 && (oldMode || !info.segNotPresent)) return -EINVAL;
    let descriptor: SegmentDescriptor;
    if ((oldMode && info.base === 0 && info.limit === 0) || isEmptyUserDesc(info)) {
      descriptor = NULL_DESCRIPTOR;
    } else {
      // Linux allows 16-bit segments (allow_16bit_segments) unless configured without them.
      descriptor = fillDescriptor(oldMode ? { ...info, useable: false } : info);
    }
    this.size = Math.max(this.size, info.entryNumber + 1);
    if (descriptor.low === 0 && descriptor.high === 0) this.entries.delete(info.entryNumber);
    else this.entries.set(info.entryNumber, descriptor);
    ctx.setDescriptor('ldt', info.entryNumber, descriptor);
    return 0;
  }
}

function readDefault(access: GuestAccess, pointer: number, bytecount: number): number {
  const count = Math.min(bytecount, DEFAULT_LDT_BYTES);
  access.write(pointer, new Uint8Array(count));
  return count;
}
