import { afterEach, describe, expect, it } from 'vitest';
import { makeKernel, SCRATCH } from './kernel-harness';
import { formatExt4 } from '../../src/disk/format';
import { DiskMirror } from '../../src/disk/mirror';
import { DiskFileSystem } from '../../src/disk/disk-fs';
import { E2FSCK, e2fsck } from '../disk/e2fsck';

const ENOENT = -2, EBADF = -9, ENOTDIR = -20, EISDIR = -21, EINVAL = -22, ENOTTY = -25, ENOTEMPTY = -39, EROFS = -30;
const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_APPEND = 0o2000, O_DIRECTORY = 0o200000, AT_FDCWD = -100, AT_REMOVEDIR = 0x200;
const PATH = SCRATCH, PATH2 = SCRATCH + 0x200, BUF = SCRATCH + 0x1000;

const disks: DiskFileSystem[] = [];
afterEach(() => {
  for (const d of disks.splice(0)) d.close();
});

function withDisk(readOnly = false) {
  const disk = new DiskFileSystem(new DiskMirror([formatExt4(2 * 1024 * 1024, { time: 0 })]), { readOnly });
  disks.push(disk);
  return makeKernel({ disk });
}

describe('file-system calls without a disk', () => {
  it('have /dev/null, /dev/zero and /dev/urandom (from the seed) and nothing else', () => {
    const k = makeKernel();
    const open = (path: string, flags = 0) => k.call('open', k.put(PATH, path), flags, 0);
    const nul = open('/dev/null', O_RDWR);
    expect(nul).toBeGreaterThanOrEqual(3);
    expect(k.call('write', nul, BUF, 100)).toBe(100);
    expect(k.call('read', nul, BUF, 100)).toBe(0);
    expect(k.call('ioctl', nul, 0x5401, BUF)).toBe(ENOTTY);
    const zero = open('/dev/zero');
    k.put(BUF, [1, 2, 3, 4]);
    expect(k.call('read', zero, BUF, 4)).toBe(4);
    expect([...k.memory.read(BUF, 4)]).toEqual([0, 0, 0, 0]);
    const rnd = open('/dev/urandom');
    expect(k.call('read', rnd, BUF, 16)).toBe(16);
    const first = [...k.memory.read(BUF, 16)];
    const again = makeKernel();
    const fd = again.call('open', again.put(PATH, '/dev/urandom'), 0, 0);
    again.call('read', fd, BUF, 16);
    expect([...again.memory.read(BUF, 16)]).toEqual(first);
    expect(open('/etc/passwd')).toBe(ENOENT);
    expect(k.call('mkdir', k.put(PATH, '/tmp'), 0o755)).toBe(ENOENT);
    expect(k.call('getcwd', BUF, 100)).toBe(ENOENT);
    expect(k.call('close', nul)).toBe(0);
    expect(k.call('close', nul)).toBe(EBADF);
  });
});

describe('file-system calls on a disk', () => {
  it('open, write, lseek, read, getdents64, rename, unlink, rmdir with Linux errnos', () => {
    const k = withDisk();
    expect(k.call('mkdir', k.put(PATH, '/d'), 0o777)).toBe(0);
    const fd = k.call('open', k.put(PATH, '/d/f'), O_CREAT | O_RDWR | O_APPEND, 0o666);
    expect(fd).toBe(3);
    k.put(BUF, 'hello');
    expect(k.call('write', fd, BUF, 5)).toBe(5);
    expect(k.call('write', fd, BUF, 5)).toBe(5);
    expect(k.call('lseek', fd, 0, 1)).toBe(10);
    expect(k.call('lseek', fd, 2, 0)).toBe(2);
    expect(k.call('read', fd, BUF, 100)).toBe(8);
    expect(new TextDecoder().decode(k.memory.read(BUF, 8))).toBe('llohello');
    expect(k.call('fstat64', fd, BUF)).toBe(0);
    expect(k.memory.read(BUF + 16, 4)).toEqual(Uint8Array.of(0o644 & 0xff, 0x81, 0, 0)); // S_IFREG | 0644 after umask 022
    expect(k.call('dup2', fd, 7)).toBe(7);
    expect(k.call('close', fd)).toBe(0);
    expect(k.call('lseek', 7, 0, 2)).toBe(10); // the description lives on through the dup
    expect(k.call('close', 7)).toBe(0);

    const dir = k.call('open', k.put(PATH, '/d'), O_DIRECTORY, 0);
    const n = k.call('getdents64', dir, BUF, 4096);
    expect(n).toBeGreaterThan(0);
    const names: string[] = [];
    for (let at = 0; at < n; ) {
      const reclen = k.memory.read(BUF + at + 16, 2);
      const len = reclen[0] | (reclen[1] << 8);
      const raw = k.memory.read(BUF + at + 19, len - 19);
      names.push(new TextDecoder().decode(raw.subarray(0, raw.indexOf(0))));
      at += len;
    }
    expect(names.sort()).toEqual(['.', '..', 'f']);
    expect(k.call('getdents64', dir, BUF, 4096)).toBe(0);
    expect(k.call('read', dir, BUF, 10)).toBe(EISDIR);

    expect(k.call('rmdir', k.put(PATH, '/d'))).toBe(ENOTEMPTY);
    expect(k.call('unlink', k.put(PATH, '/d'))).toBe(EISDIR);
    expect(k.call('open', k.put(PATH, '/d/f/x'), 0, 0)).toBe(ENOTDIR);
    expect(k.call('rename', k.put(PATH, '/d/f'), k.put(PATH2, '/g'))).toBe(0);
    expect(k.call('chdir', k.put(PATH, '/d'))).toBe(0);
    expect(k.call('getcwd', BUF, 100)).toBe(3);
    expect(k.call('unlinkat', AT_FDCWD, k.put(PATH, '../g'), 0)).toBe(0);
    expect(k.call('unlinkat', AT_FDCWD, k.put(PATH, '/d'), AT_REMOVEDIR)).toBe(0);
    expect(k.call('renameat2', AT_FDCWD, PATH, AT_FDCWD, PATH2, 1)).toBe(EINVAL);
    expect(k.call('statfs64', k.put(PATH, '/'), 84, BUF)).toBe(0);
    expect(k.memory.read(BUF, 2)).toEqual(Uint8Array.of(0x53, 0xef));
  });

  it('a full disk is ENOSPC to the guest, and the file system stays consistent', () => {
    const store = formatExt4(1024 * 1024, { time: 0 });
    const disk = new DiskFileSystem(new DiskMirror([store]), {});
    disks.push(disk);
    const k = makeKernel({ disk });
    const fd = k.call('open', k.put(PATH, '/fill'), O_CREAT | O_WRONLY, 0o644);
    let result = 0;
    let total = 0;
    for (let i = 0; i < 400 && result >= 0; i++) {
      result = k.call('write', fd, BUF, 0x2000);
      if (result > 0) total += result;
    }
    expect(result).toBe(-28);
    expect(total).toBeGreaterThan(512 * 1024);
    expect(k.call('close', fd)).toBe(0);
    disks.pop()!.close();
    if (E2FSCK) expect(e2fsck(store.toBytes()).status).toBe(0);
  });

  it('utimensat sets a file\'s times (UTIME_OMIT leaves one); stat64 reports them', () => {
    const k = withDisk();
    const fd = k.call('open', k.put(PATH, '/t'), O_CREAT | O_WRONLY, 0o644);
    k.put(BUF, 'x');
    k.call('write', fd, BUF, 1);
    const TIMES = SCRATCH + 0x800;
    k.words(TIMES, 1_000_000_000, 0, 1_100_000_000, 500_000_000);
    expect(k.call('utimensat', AT_FDCWD, k.put(PATH, '/t'), TIMES, 0)).toBe(0);
    k.call('stat64', PATH, BUF);
    const u32 = (at: number) => new DataView(k.memory.read(BUF + at, 4).slice().buffer).getUint32(0, true);
    expect([u32(64), u32(72)]).toEqual([1_000_000_000, 1_100_000_000]);
    k.words(TIMES, 1_200_000_000, 0x3ffffffe, 1_300_000_000, 0);
    expect(k.call('utimensat', AT_FDCWD, PATH, TIMES, 0)).toBe(0);
    k.call('fstat64', fd, BUF);
    expect([u32(64), u32(72)]).toEqual([1_000_000_000, 1_300_000_000]);
    expect(k.call('utimensat', AT_FDCWD, k.put(PATH, '/none'), 0, 0)).toBe(ENOENT);
    expect(k.call('write', fd, BUF, 1)).toBe(1); // the open file still works after its handle was renewed
    k.call('fstat64', fd, BUF);
    expect(u32(44)).toBe(2);
  });

  it('a :ro disk refuses changes with EROFS', () => {
    const k = withDisk(true);
    expect(k.call('open', k.put(PATH, '/x'), O_CREAT | O_WRONLY, 0o644)).toBe(EROFS);
    expect(k.call('mkdir', k.put(PATH, '/x'), 0o755)).toBe(EROFS);
    expect(k.call('access', k.put(PATH, '/'), 2)).toBe(EROFS);
  });
});
