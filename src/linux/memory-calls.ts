/**
 * brk, mmap2, old mmap, munmap, mremap, mprotect, madvise: the process's
 * memory map. The kernel records what it hands out (heap and anonymous
 * mappings, in a PageRanges) and asks GuestMemory whether any other page (the
 * ELF image, the stack) is mapped before it places something new.
 *
 * - Only anonymous mappings exist: the guest has no files to map. A file
 *   mapping of an open fd gets -ENODEV (pipes and terminals cannot be
 *   mapped), of any other fd -EBADF. MAP_SHARED|MAP_ANONYMOUS is served as
 *   private memory: with a single process there is nobody to share with.
 * - mmap and mprotect set each page's access (GuestMemory.protect): PROT_NONE
 *   pages fault on any access and make a system call's buffer -EFAULT; on
 *   i386 PROT_EXEC and PROT_WRITE imply PROT_READ.
 * - mmap places top-down below MMAP_BASE, as Linux's default layout does.
 * - memoryLimitBytes caps the bytes mapped through brk/mmap/mremap; past it,
 *   and whenever GuestMemory.map throws GuestOutOfMemory, the call fails as on
 *   an out-of-memory kernel (-ENOMEM, or brk returning the old break).
 */
import { GuestOutOfMemory, PAGE_SIZE, type GuestMemory, type PageAccess } from '../machine/guest-memory';
import { MIN_MAP_ADDRESS, MMAP_BASE, TASK_SIZE } from './address-space';
import { EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, EPERM } from './errno';
import type { GuestAccess } from './guest-access';
import { PageRanges, type PageRange } from './page-ranges';

export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
const PROT_GROWSDOWN = 0x0100_0000;
const PROT_GROWSUP = 0x0200_0000;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x10_0000;

export const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;
const MREMAP_DONTUNMAP = 4;

export const MADV_DONTNEED = 4;

const pageDown = (address: number): number => address - (address % PAGE_SIZE);
const pageUp = (address: number): number => pageDown(address + PAGE_SIZE - 1);

export interface ProcessMemoryState {
  readonly brkStart: number;
  readonly brk: number;
  readonly ranges: readonly PageRange[];
}

export class ProcessMemory {
  private brk: number;
  private readonly owned: PageRanges;

  constructor(
    private readonly brkStart: number,
    private readonly limitBytes: number = Infinity,
    state?: ProcessMemoryState,
  ) {
    if (brkStart % PAGE_SIZE !== 0) throw new RangeError(`brkStart 0x${brkStart.toString(16)} is not page-aligned`);
    this.brk = state?.brk ?? brkStart;
    this.owned = new PageRanges(state?.ranges ?? []);
  }

  save(): ProcessMemoryState {
    return { brkStart: this.brkStart, brk: this.brk, ranges: this.owned.list().map((r) => ({ ...r })) };
  }

  /** Bytes currently mapped through brk, mmap and mremap. */
  get mappedBytes(): number {
    return this.owned.bytes;
  }

  get currentBreak(): number {
    return this.brk;
  }

  /** brk(addr): move the break; answers the (possibly unchanged) break, never an errno. */
  brkCall(memory: GuestMemory, requested: number): number {
    if (requested < this.brkStart) return this.brk;
    const oldEnd = pageUp(this.brk);
    const newEnd = pageUp(requested);
    if (newEnd > TASK_SIZE) return this.brk;
    if (newEnd < oldEnd) {
      memory.unmap(newEnd, oldEnd - newEnd);
      this.owned.remove(newEnd, oldEnd);
    } else if (newEnd > oldEnd) {
      if (!this.isFree(memory, oldEnd, newEnd)) return this.brk;
      if (this.owned.bytes + (newEnd - oldEnd) > this.limitBytes) return this.brk;
      if (!this.mapFresh(memory, oldEnd, newEnd - oldEnd, 'write')) return this.brk;
      this.owned.add(oldEnd, newEnd, 'write');
    }
    this.brk = requested;
    return this.brk;
  }

  /** mmap2 and old mmap (offset in bytes). Returns the address or -errno. */
  mmap(memory: GuestMemory, addr: number, length: number, prot: number, flags: number, fd: number,
    offset: number, isOpenFd: (fd: number) => boolean): number {
    if ((flags & MAP_ANONYMOUS) === 0) return isOpenFd(fd) ? -ENODEV : -EBADF;
    if (length === 0) return -EINVAL;
    const type = flags & MAP_TYPE;
    if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) return -EINVAL;
    if (!validProt(prot)) return -EINVAL;
    if (offset % PAGE_SIZE !== 0) return -EINVAL;
    const size = pageUp(length);
    if (size > TASK_SIZE - MIN_MAP_ADDRESS) return -ENOMEM;
    const access = accessOf(prot);

    let start: number;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
      if (addr % PAGE_SIZE !== 0) return -EINVAL;
      if (addr > TASK_SIZE - size) return -ENOMEM;
      if (addr < MIN_MAP_ADDRESS) return -EPERM;
      if ((flags & MAP_FIXED_NOREPLACE) !== 0 && !this.isFree(memory, addr, addr + size)) return -EEXIST;
      start = addr;
    } else {
      const hint = pageUp(addr);
      const hintFits = addr !== 0 && hint >= MIN_MAP_ADDRESS && hint <= TASK_SIZE - size
        && this.isFree(memory, hint, hint + size);
      const found = hintFits ? hint : this.findFreeTopDown(memory, size);
      if (found === null) return -ENOMEM;
      start = found;
    }
    const added = size - this.owned.coveredBytes(start, start + size);
    if (this.owned.bytes + added > this.limitBytes) return -ENOMEM;
    if (!this.mapFresh(memory, start, size, access)) return -ENOMEM;
    this.owned.add(start, start + size, access);
    return start;
  }

  munmap(memory: GuestMemory, addr: number, length: number): number {
    if (addr % PAGE_SIZE !== 0 || length === 0) return -EINVAL;
    const size = pageUp(length);
    if (addr + size > TASK_SIZE) return -EINVAL;
    memory.unmap(addr, size);
    this.owned.remove(addr, addr + size);
    return 0;
  }

  /**
   * mremap for ranges the kernel handed out: shrink in place, grow in place
   * when the pages after are free, else move (MREMAP_MAYMOVE) by copying.
   * MREMAP_FIXED and MREMAP_DONTUNMAP are not supported (-EINVAL).
   */
  mremap(memory: GuestMemory, addr: number, oldLength: number, newLength: number, flags: number): number {
    if (addr % PAGE_SIZE !== 0) return -EINVAL;
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -EINVAL;
    if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) return -EINVAL;
    const oldSize = pageUp(oldLength);
    const newSize = pageUp(newLength);
    if (newSize === 0 || oldSize === 0) return -EINVAL;
    if (addr + oldSize > TASK_SIZE || newSize > TASK_SIZE - MIN_MAP_ADDRESS) return -EINVAL;
    const region = this.owned.find(addr);
    if (!region || region.end < addr + oldSize) return -EFAULT; // not one mapping, as Linux says
    if (newSize <= oldSize) {
      if (newSize < oldSize) this.munmap(memory, addr + newSize, oldSize - newSize);
      return addr;
    }
    const growth = newSize - oldSize;
    if (this.owned.bytes + growth > this.limitBytes) return -ENOMEM;
    const tail = addr + oldSize;
    if (tail + growth <= TASK_SIZE && this.isFree(memory, tail, tail + growth)) {
      if (!this.mapFresh(memory, tail, growth, region.access)) return -ENOMEM;
      this.owned.add(tail, tail + growth, region.access);
      return addr;
    }
    if ((flags & MREMAP_MAYMOVE) === 0) return -ENOMEM;
    const target = this.findFreeTopDown(memory, newSize);
    if (target === null) return -ENOMEM;
    const contents = memory.read(addr, oldSize);
    if (!this.mapFresh(memory, target, newSize, region.access)) return -ENOMEM;
    memory.write(target, contents);
    this.owned.add(target, target + newSize, region.access);
    this.munmap(memory, addr, oldSize);
    return target;
  }

  mprotect(memory: GuestMemory, addr: number, length: number, prot: number): number {
    if (addr % PAGE_SIZE !== 0 || !validProt(prot)) return -EINVAL;
    if (length === 0) return 0;
    const size = pageUp(length);
    if (size === 0 || addr + size > TASK_SIZE) return -ENOMEM;
    for (let page = addr; page < addr + size; page += PAGE_SIZE) {
      if (!memory.isMapped(page)) return -ENOMEM;
    }
    const access = accessOf(prot);
    memory.protect(addr, size, access);
    this.owned.setAccess(addr, addr + size, access);
    return 0;
  }

  /**
   * MADV_DONTNEED on anonymous memory gives zero-filled pages back, as on
   * Linux; every other advice is only advice, and is accepted.
   */
  madvise(memory: GuestMemory, addr: number, length: number, advice: number): number {
    if (addr % PAGE_SIZE !== 0) return -EINVAL;
    const size = pageUp(length);
    if (addr + size > TASK_SIZE) return -EINVAL;
    if (advice === MADV_DONTNEED) {
      for (const part of this.owned.within(addr, addr + size)) {
        memory.map(part.start, part.end - part.start, part.access);
      }
    }
    return 0;
  }

  /** No page of [start, end) is handed out or otherwise mapped. */
  private isFree(memory: GuestMemory, start: number, end: number): boolean {
    if (this.owned.coveredBytes(start, end) > 0) return false;
    for (let page = start; page < end; page += PAGE_SIZE) {
      if (memory.isMapped(page)) return false;
    }
    return true;
  }

  /** The highest free gap of `size` bytes below MMAP_BASE, as Linux's top-down allocator picks. */
  private findFreeTopDown(memory: GuestMemory, size: number): number | null {
    let end = MMAP_BASE;
    while (end - size >= MIN_MAP_ADDRESS) {
      const start = end - size;
      const blocking = this.owned.within(start, end);
      if (blocking.length > 0) {
        end = blocking[0].start;
        continue;
      }
      let clash = -1;
      for (let page = end - PAGE_SIZE; page >= start; page -= PAGE_SIZE) {
        if (memory.isMapped(page)) {
          clash = page;
          break;
        }
      }
      if (clash < 0) return start;
      end = clash;
    }
    return null;
  }

  /** Map zeroed pages; false when the machine is out of frames. */
  private mapFresh(memory: GuestMemory, start: number, size: number, access: PageAccess): boolean {
    try {
      memory.map(start, size, access);
      return true;
    } catch (error) {
      if (error instanceof GuestOutOfMemory) return false;
      throw error;
    }
  }
}

function accessOf(prot: number): PageAccess {
  if (prot & PROT_WRITE) return 'write';
  return prot & (PROT_READ | PROT_EXEC) ? 'read' : 'none';
}

function validProt(prot: number): boolean {
  return (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) === 0;
}

/** old_mmap (i386 syscall 90): its six arguments are in a struct in guest memory. */
export function readOldMmapArgs(access: GuestAccess, pointer: number): number[] {
  return access.u32s(pointer, 6);
}
