/**
 * The guest's view of memory as the loader and the Linux layer see it: a flat
 * 32-bit virtual address space of 4 KiB pages. The machine implements it over
 * every online chassis at once (a write lands in all of them, a read is voted),
 * so code that uses it never needs to know how many chassis there are.
 */
export const PAGE_SIZE = 4096;
export const PAGE_MASK = PAGE_SIZE - 1;

/** What the guest may do with a mapped page: nothing (PROT_NONE), read (and execute), or also write. */
export type PageAccess = 'none' | 'read' | 'write';

export interface GuestMemory {
  /**
   * Map zero-filled pages over [va, va + length), replacing any existing
   * mapping there (MAP_FIXED semantics). `va` and `length` are page-aligned.
   * Throws GuestOutOfMemory when the chassis memory is exhausted.
   */
  map(va: number, length: number, access: PageAccess): void;
  /** Unmap [va, va + length); unmapped pages inside the range are ignored. */
  unmap(va: number, length: number): void;
  /** Change the access of mapped pages in [va, va + length). */
  protect(va: number, length: number, access: PageAccess): void;
  /** The page is mapped, whatever its access. */
  isMapped(va: number): boolean;
  /** The page is mapped and may be read: a system call may use it (else -EFAULT). */
  isAccessible(va: number): boolean;
  /** Copy bytes out of guest memory; throws GuestFault if any byte is unmapped. */
  read(va: number, length: number): Uint8Array;
  /** Copy bytes into guest memory (kernel access: ignores write protection). */
  write(va: number, data: Uint8Array): void;
}

/** A kernel access to an unmapped guest address (the syscall returns -EFAULT). */
export class GuestFault extends Error {
  constructor(readonly address: number) {
    super(`guest address 0x${(address >>> 0).toString(16)} is not mapped`);
    this.name = 'GuestFault';
  }
}

/** The chassis memory has no free frame left (brk/mmap return -ENOMEM). */
export class GuestOutOfMemory extends Error {
  constructor(readonly requestedBytes: number) {
    super(`guest memory exhausted (asked for ${requestedBytes} bytes)`);
    this.name = 'GuestOutOfMemory';
  }
}
