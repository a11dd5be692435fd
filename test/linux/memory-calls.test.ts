import { describe, expect, it } from 'vitest';
import { MMAP_BASE } from '../../src/linux';
import { GuestOutOfMemory } from '../../src/machine/guest-memory';
import { BRK_START, SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const PROT_READ = 1;
const PROT_WRITE = 2;
const MAP_PRIVATE = 2;
const MAP_SHARED = 1;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const RW = PROT_READ | PROT_WRITE;
const EPERM = -1, EBADF = -9, ENOMEM = -12, EFAULT = -14, EEXIST = -17, ENODEV = -19, EINVAL = -22;

describe('brk', () => {
  it('starts at brkStart, grows by mapping zeroed writable pages, shrinks by unmapping', () => {
    const k = makeKernel();
    expect(k.call('brk', 0)).toBe(BRK_START);
    expect(k.call('brk', BRK_START + 0x880)).toBe(BRK_START + 0x880);
    expect(k.memory.isWritable(BRK_START)).toBe(true);
    expect(k.memory.isMapped(BRK_START + 0x1000)).toBe(false);
    k.memory.write(BRK_START + 0x10, Uint8Array.of(0xaa));
    expect(k.call('brk', BRK_START + 0x21880) >>> 0).toBe(BRK_START + 0x21880);
    expect(k.memory.isMapped(BRK_START + 0x21000)).toBe(true);
    expect(k.memory.read(BRK_START + 0x1000, 0x21000).every((b) => b === 0)).toBe(true);
    expect(k.memory.read(BRK_START + 0x10, 1)[0]).toBe(0xaa);
    expect(k.kernel.heapBytes).toBe(0x22000);
    // shrink: the pages above the new break go away
    expect(k.call('brk', BRK_START + 0x1000)).toBe(BRK_START + 0x1000);
    expect(k.memory.isMapped(BRK_START + 0x1000)).toBe(false);
    expect(k.memory.isMapped(BRK_START)).toBe(true);
    expect(k.kernel.heapBytes).toBe(0x1000);
    expect(k.kernel.programBreak).toBe(BRK_START + 0x1000);
  });

  it('answers the unchanged break when it cannot move', () => {
    const k = makeKernel({ memoryLimitBytes: 0x3000 });
    expect(k.call('brk', BRK_START - 0x1000)).toBe(BRK_START); // below the start
    expect(k.call('brk', BRK_START + 0x4000)).toBe(BRK_START); // past the memory limit
    expect(k.call('brk', BRK_START + 0x3000)).toBe(BRK_START + 0x3000);
    const k2 = makeKernel();
    k2.memory.map(BRK_START + 0x5000, 0x1000, 'read'); // something in the way
    expect(k2.call('brk', BRK_START + 0x8000)).toBe(BRK_START);
    expect(k2.call('brk', BRK_START + 0x5000)).toBe(BRK_START + 0x5000);
    expect(k2.call('brk', 0xc0001000) >>> 0).toBe(BRK_START + 0x5000); // past user space
  });

  it('answers the unchanged break when guest memory is exhausted', () => {
    const k = makeKernel({ maxPages: 8 }); // 4 scratch pages already used
    expect(k.call('brk', BRK_START + 0x8000)).toBe(BRK_START);
    expect(k.call('brk', BRK_START + 0x2000)).toBe(BRK_START + 0x2000);
  });
});

describe('mmap2 / munmap', () => {
  it('places anonymous mappings top-down below MMAP_BASE and reuses freed space', () => {
    const k = makeKernel();
    const a = k.call('mmap2', 0, 0x21000, RW, ANON, -1 >>> 0, 0) >>> 0;
    expect(a).toBe(MMAP_BASE - 0x21000);
    const b = k.call('mmap2', 0, 0x1234, PROT_READ, ANON, -1 >>> 0, 0) >>> 0;
    expect(b).toBe(a - 0x2000);
    expect(k.memory.isWritable(a)).toBe(true);
    expect(k.memory.isWritable(b)).toBe(false);
    expect(k.memory.read(a, 0x21000).every((x) => x === 0)).toBe(true);
    expect(k.call('munmap', a, 0x21000)).toBe(0);
    expect(k.memory.isMapped(a)).toBe(false);
    expect(k.call('mmap2', 0, 0x10000, RW, ANON, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x10000);
    expect(k.kernel.heapBytes).toBe(0x12000);
  });

  it('treats MAP_SHARED|MAP_ANONYMOUS as private memory (there is one process)', () => {
    const k = makeKernel();
    expect(k.call('mmap2', 0, 0x1000, RW, MAP_SHARED | MAP_ANONYMOUS, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x1000);
  });

  it('uses a free, aligned hint and steps around pages it does not own', () => {
    const k = makeKernel();
    expect(k.call('mmap2', 0x30000000, 0x2000, RW, ANON, -1 >>> 0, 0)).toBe(0x30000000);
    // a hint is rounded up to a page: 0x30001800 -> 0x30002000, free
    expect(k.call('mmap2', 0x30001800, 0x1000, RW, ANON, -1 >>> 0, 0)).toBe(0x30002000);
    // 0x30000800 -> 0x30001000 is taken: top-down placement instead
    expect(k.call('mmap2', 0x30000800, 0x1000, RW, ANON, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x1000);
    // a page mapped by someone else (the ELF image, the stack) is never handed out
    k.memory.map(MMAP_BASE - 0x3000, 0x1000, 'read');
    expect(k.call('mmap2', 0, 0x2000, RW, ANON, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x5000);
  });

  it('supports MAP_FIXED (replacing) and MAP_FIXED_NOREPLACE (refusing)', () => {
    const k = makeKernel();
    k.memory.write(SCRATCH, Uint8Array.of(1, 2, 3));
    expect(k.call('mmap2', SCRATCH, 0x1000, PROT_READ, ANON | MAP_FIXED, -1 >>> 0, 0)).toBe(SCRATCH);
    expect(k.memory.read(SCRATCH, 3)).toEqual(Uint8Array.of(0, 0, 0));
    expect(k.memory.isWritable(SCRATCH)).toBe(false);
    expect(k.call('mmap2', SCRATCH + 0x1000, 0x1000, RW, ANON | MAP_FIXED_NOREPLACE, -1 >>> 0, 0)).toBe(EEXIST);
    expect(k.call('mmap2', 0x40000000, 0x1000, RW, ANON | MAP_FIXED_NOREPLACE, -1 >>> 0, 0)).toBe(0x40000000);
    expect(k.call('mmap2', SCRATCH + 1, 0x1000, RW, ANON | MAP_FIXED, -1 >>> 0, 0)).toBe(EINVAL);
    expect(k.call('mmap2', 0x1000, 0x1000, RW, ANON | MAP_FIXED, -1 >>> 0, 0)).toBe(EPERM);
    expect(k.call('mmap2', 0xbffff000, 0x2000, RW, ANON | MAP_FIXED, -1 >>> 0, 0)).toBe(ENOMEM);
  });

  it('refuses file mappings, bad lengths, types and protections', () => {
    const k = makeKernel();
    expect(k.call('mmap2', 0, 0x1000, PROT_READ, MAP_PRIVATE, 3, 0)).toBe(EBADF);
    expect(k.call('mmap2', 0, 0x1000, PROT_READ, MAP_PRIVATE, 0, 0)).toBe(ENODEV);
    expect(k.call('mmap2', 0, 0, RW, ANON, -1 >>> 0, 0)).toBe(EINVAL);
    expect(k.call('mmap2', 0, 0x1000, RW, MAP_ANONYMOUS, -1 >>> 0, 0)).toBe(EINVAL);
    expect(k.call('mmap2', 0, 0x1000, 0x10, ANON, -1 >>> 0, 0)).toBe(EINVAL);
    expect(k.call('mmap2', 0, 0xfffff000, RW, ANON, -1 >>> 0, 0)).toBe(ENOMEM);
  });

  it('respects the memory limit and guest memory exhaustion with -ENOMEM', () => {
    const limited = makeKernel({ memoryLimitBytes: 0x10000 });
    expect(limited.call('mmap2', 0, 0x10000, RW, ANON, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x10000);
    expect(limited.call('mmap2', 0, 0x1000, RW, ANON, -1 >>> 0, 0)).toBe(ENOMEM);
    expect(limited.call('munmap', MMAP_BASE - 0x1000, 0x1000)).toBe(0);
    expect(limited.call('mmap2', 0, 0x1000, RW, ANON, -1 >>> 0, 0) >>> 0).toBe(MMAP_BASE - 0x1000);
    const small = makeKernel({ maxPages: 10 });
    expect(small.call('mmap2', 0, 0x10000, RW, ANON, -1 >>> 0, 0)).toBe(ENOMEM);
    expect(small.kernel.heapBytes).toBe(0);
  });

  it('old mmap (90) reads its arguments from a struct', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0, 0x3000, RW, ANON, -1 >>> 0, 0);
    expect(k.call('mmap', SCRATCH) >>> 0).toBe(MMAP_BASE - 0x3000);
    k.words(SCRATCH, 0, 0x3000, RW, ANON, -1 >>> 0, 0x123);
    expect(k.call('mmap', SCRATCH)).toBe(EINVAL); // offset not page-aligned
    expect(k.call('mmap', UNMAPPED)).toBe(EFAULT);
  });

  it('munmap checks alignment and length, and ignores unmapped pages', () => {
    const k = makeKernel();
    expect(k.call('munmap', SCRATCH + 1, 0x1000)).toBe(EINVAL);
    expect(k.call('munmap', SCRATCH, 0)).toBe(EINVAL);
    expect(k.call('munmap', UNMAPPED, 0x1000)).toBe(0);
    expect(k.call('munmap', SCRATCH, 1)).toBe(0);
    expect(k.memory.isMapped(SCRATCH)).toBe(false);
    expect(k.memory.isMapped(SCRATCH + 0x1000)).toBe(true);
  });
});

describe('mremap', () => {
  it('shrinks in place, grows in place, or moves with the contents', () => {
    const k = makeKernel();
    const a = k.call('mmap2', 0, 0x4000, RW, ANON, -1 >>> 0, 0) >>> 0;
    k.memory.write(a, Uint8Array.of(9, 8, 7));
    expect(k.call('mremap', a, 0x4000, 0x2000, 0) >>> 0).toBe(a);
    expect(k.memory.isMapped(a + 0x2000)).toBe(false);
    expect(k.call('mremap', a, 0x2000, 0x3000, 0) >>> 0).toBe(a); // the page after is free again
    const b = k.call('mmap2', a + 0x3000, 0x1000, RW, ANON, -1 >>> 0, 0) >>> 0;
    expect(b).toBe(a + 0x3000);
    expect(k.call('mremap', a, 0x3000, 0x8000, 0)).toBe(ENOMEM); // blocked, may not move
    const moved = k.call('mremap', a, 0x3000, 0x8000, 1) >>> 0; // MREMAP_MAYMOVE
    expect(moved).not.toBe(a);
    expect(k.memory.read(moved, 3)).toEqual(Uint8Array.of(9, 8, 7));
    expect(k.memory.isMapped(a)).toBe(false);
    expect(k.call('mremap', UNMAPPED, 0x1000, 0x2000, 1)).toBe(EFAULT);
  });
});

describe('mprotect and madvise', () => {
  it('changes write permission for real, page-rounded', () => {
    const k = makeKernel();
    expect(k.call('mprotect', SCRATCH, 0x1001, PROT_READ)).toBe(0);
    expect(k.memory.isWritable(SCRATCH)).toBe(false);
    expect(k.memory.isWritable(SCRATCH + 0x1000)).toBe(false);
    expect(k.memory.isWritable(SCRATCH + 0x2000)).toBe(true);
    expect(k.call('mprotect', SCRATCH, 0x2000, RW)).toBe(0);
    expect(k.memory.isWritable(SCRATCH)).toBe(true);
    expect(k.call('mprotect', SCRATCH, 0, PROT_READ)).toBe(0);
  });

  it('PROT_NONE: the page stays mapped (mmap will not reuse it) but a system call cannot use it; PROT_READ brings its bytes back', () => {
    const k = makeKernel();
    const a = k.call('mmap2', 0, 0x1000, RW, ANON, -1 >>> 0, 0) >>> 0;
    k.memory.write(a, Uint8Array.of(0x21, 0x4f, 0x4b, 0x0a));
    expect(k.call('mprotect', a, 0x1000, 0)).toBe(0);
    expect(k.memory.isMapped(a)).toBe(true);
    expect(k.memory.isAccessible(a)).toBe(false);
    expect(k.call('write', 1, a, 4)).toBe(EFAULT);
    expect(k.call('mmap2', a, 0x1000, RW, ANON | MAP_FIXED_NOREPLACE, -1 >>> 0, 0)).toBe(EEXIST);
    expect(k.call('mprotect', a, 0x1000, PROT_READ)).toBe(0);
    expect(k.call('write', 1, a, 4)).toBe(4);
    expect(new TextDecoder().decode(k.stdout.bytes())).toBe('!OK\n');
    // mmap(PROT_NONE) reserves address space the same way.
    const b = k.call('mmap2', 0, 0x2000, 0, ANON, -1 >>> 0, 0) >>> 0;
    expect(k.memory.isMapped(b) && !k.memory.isAccessible(b + 0x1000)).toBe(true);
  });

  it('refuses unaligned starts, unmapped ranges and unknown bits', () => {
    const k = makeKernel();
    expect(k.call('mprotect', SCRATCH + 4, 0x1000, PROT_READ)).toBe(EINVAL);
    expect(k.call('mprotect', SCRATCH + 0x3000, 0x2000, PROT_READ)).toBe(ENOMEM);
    expect(k.call('mprotect', SCRATCH, 0x1000, 0x40)).toBe(EINVAL);
    expect(k.memory.isWritable(SCRATCH + 0x3000)).toBe(true);
  });

  it('madvise(MADV_DONTNEED) hands back zeroed anonymous pages; other advice is accepted', () => {
    const k = makeKernel();
    const a = k.call('mmap2', 0, 0x2000, RW, ANON, -1 >>> 0, 0) >>> 0;
    k.memory.write(a, Uint8Array.of(5));
    expect(k.call('madvise', a, 0x2000, 3 /* MADV_WILLNEED */)).toBe(0);
    expect(k.memory.read(a, 1)[0]).toBe(5);
    expect(k.call('madvise', a, 0x2000, 4 /* MADV_DONTNEED */)).toBe(0);
    expect(k.memory.read(a, 1)[0]).toBe(0);
    expect(k.memory.isWritable(a)).toBe(true);
    expect(k.call('madvise', a + 1, 0x1000, 4)).toBe(EINVAL);
  });

  it('answers -ENOMEM when guest memory runs out while re-mapping', () => {
    const k = makeKernel();
    const a = k.call('mmap2', 0, 0x2000, RW, ANON, -1 >>> 0, 0) >>> 0;
    const failing = Object.assign(Object.create(k.memory), {
      map: () => { throw new GuestOutOfMemory(0x2000); },
    });
    const out = k.kernel.syscall(219 /* madvise */, [a, 0x2000, 4], { ...k.ctx, memory: failing });
    expect(out).toEqual({ kind: 'return', value: ENOMEM >>> 0 });
  });
});
