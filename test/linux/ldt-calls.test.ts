import { describe, expect, it } from 'vitest';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';
import { LinuxKernel } from '../../src/linux';

const EINVAL = -22, EFAULT = -14, ENOSYS = -38;
// user_desc flag bits
const S32 = 1, CODE = 4, CONFORMING = 6, RX_ONLY = 8, PAGES = 16, NP = 32, USE = 64;
const DESC = SCRATCH;
const BUF = SCRATCH + 0x100;

type Kernel = ReturnType<typeof makeKernel>;
const write = (k: Kernel, func: number, entry: number, base: number, limit: number, bits: number): number => {
  k.words(DESC, entry >>> 0, base, limit, bits);
  return k.call('modify_ldt', func, DESC, 16);
};
const readWords = (k: Kernel, at: number, n: number): number[] => Array.from({ length: n }, (_, i) => k.memory.u32(at + i * 4));

describe('modify_ldt', () => {
  it('reads nothing before the first write; read_default gives 128 zero bytes; other functions are ENOSYS', () => {
    const k = makeKernel();
    k.words(BUF, 0xdeadbeef);
    expect(k.call('modify_ldt', 0, BUF, 64)).toBe(0);
    expect(k.memory.u32(BUF)).toBe(0xdeadbeef);
    k.words(BUF + 124, 0xdeadbeef, 0xdeadbeef);
    expect(k.call('modify_ldt', 2, BUF, 200)).toBe(128);
    expect(readWords(k, BUF + 124, 2)).toEqual([0, 0xdeadbeef]);
    expect(k.call('modify_ldt', 2, BUF, 12)).toBe(12);
    expect(k.call('modify_ldt', 3, BUF, 16)).toBe(ENOSYS);
    expect(k.call('modify_ldt', 0x10, BUF, 16)).toBe(ENOSYS);
  });

  it('builds descriptors as fill_ldt does and installs them in the LDT (the numbers the CPU run recorded)', () => {
    const k = makeKernel();
    expect(write(k, 1, 0, 0x0804a2fc, 0xff, S32 | USE)).toBe(0);      // old mode: AVL dropped
    expect(write(k, 0x11, 1, 0x0804a2fc, 0x1234, S32 | USE)).toBe(0); // new mode keeps it
    expect(write(k, 1, 3, 0x0805a3fc, 0xfff, 0)).toBe(0);             // 16-bit data
    expect(write(k, 1, 4, 0, 0xfffff, S32 | CODE | RX_ONLY | PAGES)).toBe(0);
    expect(k.descriptors).toEqual([
      ['ldt', 0, { low: 0xa2fc00ff, high: 0x0840f304 }],
      ['ldt', 1, { low: 0xa2fc1234, high: 0x0850f304 }],
      ['ldt', 3, { low: 0xa3fc0fff, high: 0x0800f305 }],
      ['ldt', 4, { low: 0x0000ffff, high: 0x00cff900 }],
    ]);
    // Five entries now; reading 48 bytes gives them, entry 2 zero and the rest zero-filled.
    expect(k.call('modify_ldt', 0, BUF, 48)).toBe(48);
    expect(readWords(k, BUF, 12)).toEqual([0xa2fc00ff, 0x0840f304, 0xa2fc1234, 0x0850f304, 0, 0, 0xa3fc0fff, 0x0800f305, 0x0000ffff, 0x00cff900, 0, 0]);
    // A read may cut an entry short.
    k.words(BUF, 0xaaaaaaaa, 0xaaaaaaaa, 0xaaaaaaaa);
    expect(k.call('modify_ldt', 0, BUF, 10)).toBe(10);
    expect(readWords(k, BUF, 3)).toEqual([0xa2fc00ff, 0x0840f304, 0xaaaa1234]);
  });

  it('clears an entry with LDT_empty, and in old mode with base 0 and limit 0 (not in new mode)', () => {
    const k = makeKernel();
    expect(write(k, 1, 2, 0x1000, 0xff, S32)).toBe(0);
    expect(write(k, 1, 2, 0, 0, RX_ONLY | NP)).toBe(0);
    expect(k.descriptors.at(-1)).toEqual(['ldt', 2, { low: 0, high: 0 }]);
    expect(write(k, 1, 2, 0, 0, S32 | CODE)).toBe(0);
    expect(k.descriptors.at(-1)).toEqual(['ldt', 2, { low: 0, high: 0 }]);
    expect(write(k, 0x11, 2, 0, 0, S32 | CODE)).toBe(0);
    expect(k.descriptors.at(-1)).toEqual(['ldt', 2, { low: 0, high: 0x0040fb00 }]);
  });

  it('refuses what write_ldt refuses', () => {
    const k = makeKernel();
    k.words(DESC, 0, 0x1000, 0xff, S32);
    expect(k.call('modify_ldt', 1, DESC, 15)).toBe(EINVAL);
    expect(k.call('modify_ldt', 1, DESC, 17)).toBe(EINVAL);
    expect(write(k, 0x11, 8192, 0x1000, 0xff, S32)).toBe(EINVAL);
    expect(write(k, 0x11, 0xffffffff, 0x1000, 0xff, S32)).toBe(EINVAL);
    expect(write(k, 0x11, 5, 0, 0xfffff, S32 | CONFORMING)).toBe(EINVAL); // present conforming code
    expect(write(k, 1, 5, 0, 0xfffff, S32 | CONFORMING | NP)).toBe(EINVAL); // old mode: none at all
    expect(write(k, 0x11, 5, 0, 0xfffff, S32 | CONFORMING | NP)).toBe(0);
    expect(k.call('modify_ldt', 1, UNMAPPED, 16)).toBe(EFAULT);
    expect(k.call('modify_ldt', 0, UNMAPPED, 16)).toBe(EFAULT);
    expect(k.call('modify_ldt', 2, UNMAPPED, 16)).toBe(EFAULT);
    expect(k.descriptors.map((d) => d[1])).toEqual([5]);
  });

  it('keeps the table in a kernel snapshot', () => {
    const k = makeKernel();
    expect(write(k, 0x11, 3, 0x1000, 0xff, S32)).toBe(0);
    const state = JSON.parse(JSON.stringify(k.kernel.save()));
    const again = new LinuxKernel({ seed: 1n, stdin: { read: () => new Uint8Array() }, stdout: { write() {} }, stderr: { write() {} }, brkStart: 0x10000000 });
    again.restore(state);
    expect(again.save().ldt).toEqual(k.kernel.save().ldt);
    expect(k.kernel.save().ldt).toEqual({ size: 4, entries: [[3, 0x100000ff, 0x0040f300]] });
  });
});
