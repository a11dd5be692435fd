import { describe, expect, it } from 'vitest';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const EINVAL = -22, ESRCH = -3, EFAULT = -14, ENOSYS = -38;

/** struct user_desc as glibc fills it: 32-bit, limit 0xfffff in pages, useable. */
function userDesc(k: ReturnType<typeof makeKernel>, at: number, entry: number, base: number, bits = 0x1 | 0x10 | 0x40): number {
  return k.words(at, entry >>> 0, base, 0xfffff, bits);
}

describe('set_thread_area', () => {
  it('picks the first free TLS entry for -1, writes it back, and installs the descriptor', () => {
    const k = makeKernel();
    userDesc(k, SCRATCH, -1, 0x0809a380);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(6);
    expect(k.tls).toEqual([[6, 0x0809a380, 0xfffff, true]]);
    userDesc(k, SCRATCH, -1, 0x1000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(7);
    userDesc(k, SCRATCH, -1, 0x2000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(8);
    userDesc(k, SCRATCH, -1, 0x3000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(ESRCH);
    expect(k.memory.u32(SCRATCH)).toBe(0xffffffff);
  });

  it('updates a named entry, clears one with an empty descriptor, and reuses it', () => {
    const k = makeKernel();
    userDesc(k, SCRATCH, 7, 0xabc000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.tls.at(-1)).toEqual([7, 0xabc000, 0xfffff, true]);
    // LDT_empty: read_exec_only and seg_not_present set, all else zero
    k.words(SCRATCH, 7, 0, 0, 0x8 | 0x20);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.tls.at(-1)).toEqual([7, 0, 0, false]);
    userDesc(k, SCRATCH, 6, 0x1000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    userDesc(k, SCRATCH, -1, 0x5000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(7);
    // LDT_zero (all zero but the entry) also clears
    k.words(SCRATCH, 6, 0, 0, 0);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.tls.at(-1)).toEqual([6, 0, 0, false]);
  });

  it('keeps only the 20 limit bits a descriptor holds', () => {
    const k = makeKernel();
    k.words(SCRATCH, -1 >>> 0, 0x1000, 0xffffffff, 0x1 | 0x10);
    expect(k.call('set_thread_area', SCRATCH)).toBe(0);
    expect(k.tls.at(-1)).toEqual([6, 0x1000, 0xfffff, true]);
  });

  it('refuses entries outside 6..8 and descriptors that are not present 32-bit data', () => {
    const k = makeKernel();
    userDesc(k, SCRATCH, 12, 0x1000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(EINVAL);
    userDesc(k, SCRATCH, 5, 0x1000);
    expect(k.call('set_thread_area', SCRATCH)).toBe(EINVAL);
    userDesc(k, SCRATCH, 6, 0x1000, 0x10); // 16-bit
    expect(k.call('set_thread_area', SCRATCH)).toBe(EINVAL);
    userDesc(k, SCRATCH, 6, 0x1000, 0x1 | (2 << 1)); // code segment
    expect(k.call('set_thread_area', SCRATCH)).toBe(EINVAL);
    userDesc(k, SCRATCH, 6, 0x1000, 0x1 | 0x20); // not present
    expect(k.call('set_thread_area', SCRATCH)).toBe(EINVAL);
    expect(k.call('set_thread_area', UNMAPPED)).toBe(EFAULT);
    expect(k.tls).toEqual([]);
  });

  it('get_thread_area reads an entry back', () => {
    const k = makeKernel();
    userDesc(k, SCRATCH, -1, 0x0809a380);
    k.call('set_thread_area', SCRATCH);
    k.words(SCRATCH + 0x40, 6);
    expect(k.call('get_thread_area', SCRATCH + 0x40)).toBe(0);
    expect(k.memory.read(SCRATCH + 0x40, 16)).toEqual(k.memory.read(SCRATCH, 16));
    k.words(SCRATCH + 0x40, 8);
    expect(k.call('get_thread_area', SCRATCH + 0x40)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x4c)).toBe(0x8 | 0x20); // free: read-only, not present
    k.words(SCRATCH + 0x40, 9);
    expect(k.call('get_thread_area', SCRATCH + 0x40)).toBe(EINVAL);
  });
});

describe('thread bookkeeping', () => {
  it('set_tid_address returns the tid; set_robust_list wants the i386 head size; rseq is absent', () => {
    const k = makeKernel();
    expect(k.call('set_tid_address', SCRATCH)).toBe(1000);
    expect(k.call('set_robust_list', SCRATCH, 12)).toBe(0);
    expect(k.call('set_robust_list', SCRATCH, 24)).toBe(EINVAL);
    expect(k.call('rseq', SCRATCH, 0x20, 0, 0x53053053)).toBe(ENOSYS);
    expect(k.kernel.stats.unknown.size).toBe(0); // rseq is answered on purpose, not unknown
    expect(k.kernel.stats.calls.get('rseq')).toBe(1);
  });
});
