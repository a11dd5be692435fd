/**
 * Thread-local storage and thread bookkeeping: set_thread_area,
 * get_thread_area, set_tid_address, set_robust_list.
 *
 * glibc calls set_thread_area with entry_number -1; as on a 32-bit kernel the
 * kernel picks the first free GDT TLS entry (6, 7 or 8), writes its number
 * back into the struct, and glibc loads GS with (entry << 3) | 3. The entry is
 * installed in the core's GDT through SyscallContext.setDescriptor.
 */
import { EINVAL, ESRCH } from './errno';
import type { GuestAccess } from './guest-access';
import type { SyscallContext } from './kernel-types';
import { decodeUserDesc, encodeUserDesc, fillDescriptor, isEmptyUserDesc, NULL_DESCRIPTOR, type UserDesc } from './descriptors';
import { GUEST_TID } from './process-identity';

export const GDT_ENTRY_TLS_MIN = 6;
export const GDT_ENTRY_TLS_MAX = 8;
/** sizeof(struct robust_list_head) on i386. */
const ROBUST_LIST_HEAD_SIZE = 12;

/** LDT_zero: all zero but the entry number, which Linux also takes as "no segment". */
function isZero(d: UserDesc): boolean {
  return d.base === 0 && d.limit === 0 && d.contents === 0 && !d.readExecOnly && !d.seg32bit
    && !d.limitInPages && !d.segNotPresent && !d.useable;
}

type Descriptor = Omit<UserDesc, 'entryNumber'>;

export interface ThreadState {
  readonly tls: readonly (Descriptor | null)[];
  readonly clearChildTid: number;
  readonly robustList: number;
}

export class ThreadCalls {
  /** GDT entries 6..8; null = free. */
  private readonly tls: (Descriptor | null)[];
  clearChildTid: number;
  robustList: number;

  constructor(state?: ThreadState) {
    this.tls = state ? state.tls.map((d) => (d ? { ...d } : null)) : [null, null, null];
    this.clearChildTid = state?.clearChildTid ?? 0;
    this.robustList = state?.robustList ?? 0;
  }

  save(): ThreadState {
    return { tls: this.tls.map((d) => (d ? { ...d } : null)), clearChildTid: this.clearChildTid, robustList: this.robustList };
  }

  /** The descriptor in GDT entry `entry`, or null if it is free (for snapshots and tests). */
  descriptor(entry: number): Descriptor | null {
    return this.tls[entry - GDT_ENTRY_TLS_MIN] ?? null;
  }

  /** set_thread_area(u_info), following arch/x86/kernel/tls.c do_set_thread_area. */
  setThreadArea(access: GuestAccess, ctx: SyscallContext, pointer: number): number {
    const raw = decodeUserDesc(access.view(pointer, 16));
    // A segment descriptor holds 20 bits of limit; the rest is lost, as on the real GDT.
    const desc = { ...raw, limit: raw.limit & 0xf_ffff };
    const clearing = isEmptyUserDesc(raw) || isZero(raw);
    // TLS entries must be present 32-bit data segments (tls_desc_okay).
    if (!clearing && (!desc.seg32bit || desc.contents > 1 || desc.segNotPresent)) return -EINVAL;
    let entry = desc.entryNumber;
    if (entry === 0xffff_ffff) {
      const free = this.tls.indexOf(null);
      if (free < 0) return -ESRCH;
      entry = GDT_ENTRY_TLS_MIN + free;
      access.setU32(pointer, entry);
    }
    if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX) return -EINVAL;
    if (clearing) {
      this.tls[entry - GDT_ENTRY_TLS_MIN] = null;
      ctx.setDescriptor('gdt', entry, NULL_DESCRIPTOR);
    } else {
      const { entryNumber: _entry, ...descriptor } = desc;
      this.tls[entry - GDT_ENTRY_TLS_MIN] = descriptor;
      ctx.setDescriptor('gdt', entry, fillDescriptor(descriptor));
    }
    return 0;
  }

  /** get_thread_area(u_info): fills in the struct for the entry it names. */
  getThreadArea(access: GuestAccess, pointer: number): number {
    const entry = access.u32(pointer);
    if (entry < GDT_ENTRY_TLS_MIN || entry > GDT_ENTRY_TLS_MAX) return -EINVAL;
    const d = this.tls[entry - GDT_ENTRY_TLS_MIN];
    // A free entry reads back as Linux decodes an all-zero descriptor: not present, read/exec only.
    const shown: UserDesc = d
      ? { entryNumber: entry, ...d }
      : { entryNumber: entry, base: 0, limit: 0, seg32bit: false, contents: 0, readExecOnly: true, limitInPages: false, segNotPresent: true, useable: false };
    access.write(pointer, encodeUserDesc(shown));
    return 0;
  }

  /** set_tid_address(tidptr): remembered (a single-threaded exit never writes it); returns the tid. */
  setTidAddress(pointer: number): number {
    this.clearChildTid = pointer;
    return GUEST_TID;
  }

  setRobustList(head: number, length: number): number {
    if (length !== ROBUST_LIST_HEAD_SIZE) return -EINVAL;
    this.robustList = head;
    return 0;
  }
}
