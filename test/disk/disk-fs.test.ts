import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_SIZE, BlockStore } from '../../src/disk/block-store';
import { formatExt4 } from '../../src/disk/format';
import { DiskMirror, type DiskEvent } from '../../src/disk/mirror';
import { DiskFileSystem, FsError } from '../../src/disk/disk-fs';
import { FS_ERRNO } from '../../src/disk/fs-protocol';
import { E2FSCK, e2fsck } from './e2fsck';

const MiB = 1024 * 1024;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

const open: DiskFileSystem[] = [];
afterEach(() => {
  for (const fs of open.splice(0)) fs.close();
});

function mount(disk: { blockCount: number; read(b: number): Uint8Array; write(b: number, d: Uint8Array): void }, readOnly = false): DiskFileSystem {
  const fs = new DiskFileSystem(disk, { readOnly, clock: () => 1_700_000_000_000 });
  open.push(fs);
  return fs;
}

function storeDevice(store: BlockStore) {
  return {
    blockCount: store.blockCount,
    read: (b: number) => {
      const r = store.read(b);
      if (r.kind === 'unreadable') throw new Error('unreadable');
      return r.data;
    },
    write: (b: number, d: Uint8Array) => store.write(b, d),
  };
}

function errnoOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof FsError) return e.errno;
    throw e;
  }
  return undefined;
}

describe('formatExt4', () => {
  it.skipIf(!E2FSCK)('makes file systems e2fsck passes, from one group to several', () => {
    for (const size of [1 * MiB, 8 * MiB, 200 * MiB]) {
      const r = e2fsck(formatExt4(size, { time: 1_700_000_000 }).toBytes());
      expect(r.output).toMatch(/11\/\d+ files/);
      expect(r.status).toBe(0);
    }
  });

  it('refuses a disk too small to hold one', () => {
    expect(() => formatExt4(64 * 1024)).toThrow(/at least/);
  });
});

describe('DiskFileSystem', () => {
  it('creates, writes, reads, lists, renames and removes files with Linux errnos; the result passes e2fsck', () => {
    const store = formatExt4(8 * MiB, { time: 1_700_000_000 });
    const fs = mount(storeDevice(store));
    fs.call('mkdir', '/dir', 0o755);
    expect(errnoOf(() => fs.call('mkdir', '/dir', 0o755))).toBe(FS_ERRNO.EEXIST);
    const { handle, stat } = fs.call('open', '/dir/a.txt', O_CREAT | O_RDWR, 0o644);
    expect(stat.mode).toBe(0o100644);
    expect(fs.call('write', handle, text('hello, disk'), 0)).toBe(11);
    expect(str(fs.call('read', handle, 100, 7))).toBe('disk');
    const big = new Uint8Array(3 * BLOCK_SIZE + 17).map((_, i) => i * 7);
    expect(fs.call('append', handle, big)).toEqual({ written: big.length, size: 11 + big.length });
    fs.call('truncate', handle, 5);
    expect(fs.call('fstat', handle).size).toBe(5);
    expect(str(fs.call('read', handle, 100, 0))).toBe('hello');
    fs.call('close', handle);
    expect(errnoOf(() => fs.call('open', '/dir/a.txt', O_CREAT | O_EXCL | O_WRONLY, 0o644))).toBe(FS_ERRNO.EEXIST);
    expect(errnoOf(() => fs.call('open', '/nope/x', O_CREAT | O_WRONLY, 0o644))).toBe(FS_ERRNO.ENOENT);
    expect(errnoOf(() => fs.call('open', '/dir/a.txt/x', O_CREAT | O_WRONLY, 0o644))).toBe(FS_ERRNO.ENOTDIR);
    expect(errnoOf(() => fs.call('stat', '/dir/a.txt/x'))).toBe(FS_ERRNO.ENOTDIR);
    expect(errnoOf(() => fs.call('stat', '/missing'))).toBe(FS_ERRNO.ENOENT);
    expect(errnoOf(() => fs.call('open', '/dir', O_WRONLY, 0))).toBe(FS_ERRNO.EISDIR);
    fs.call('symlink', 'dir/a.txt', '/link');
    expect(fs.call('readlink', '/link')).toBe('dir/a.txt');
    fs.call('rename', '/dir/a.txt', '/b.txt');
    expect(fs.call('readdir', '/dir').map((e) => e.name)).toEqual(['.', '..']);
    expect(errnoOf(() => fs.call('rmdir', '/'))).toBeDefined();
    expect(fs.call('readdir', '/').map((e) => e.name).sort()).toEqual(['.', '..', 'b.txt', 'dir', 'link', 'lost+found']);
    expect(fs.call('stat', '/b.txt')).toMatchObject({ size: 5, mtimeMs: 1_700_000_000_000 });
    fs.call('rmdir', '/dir');
    // O_TRUNC on a file that is open elsewhere, and a file unlinked while open.
    const h1 = fs.call('open', '/b.txt', O_RDWR, 0).handle;
    const h2 = fs.call('open', '/b.txt', O_RDWR | O_TRUNC, 0).handle;
    expect(fs.call('fstat', h1).size).toBe(0);
    fs.call('write', h2, text('xyz'), 0);
    fs.call('unlink', '/b.txt');
    expect(str(fs.call('read', h1, 10, 0))).toBe('xyz');
    fs.call('close', h1);
    fs.call('close', h2);
    expect(fs.call('readdir', '/').map((e) => e.name).sort()).toEqual(['.', '..', 'link', 'lost+found']);
    fs.close();
    if (E2FSCK) expect(e2fsck(store.toBytes())).toMatchObject({ status: 0 });
  });

  it('fills up with ENOSPC and stays consistent', () => {
    const store = formatExt4(1 * MiB, { time: 1_700_000_000 });
    const fs = mount(storeDevice(store));
    const { handle } = fs.call('open', '/big', O_CREAT | O_WRONLY, 0o644);
    const chunk = new Uint8Array(64 * 1024).fill(1);
    let status: number | undefined;
    for (let i = 0; i < 64 && status === undefined; i++) {
      status = errnoOf(() => {
        if (fs.call('write', handle, chunk, i * chunk.length) < chunk.length) throw new FsError(FS_ERRNO.ENOSPC, 'short');
      });
    }
    expect(status).toBe(FS_ERRNO.ENOSPC);
    fs.call('close', handle);
    fs.close();
    if (E2FSCK) expect(e2fsck(store.toBytes()).status).toBe(0);
  });

  it('refuses every change on a read-only disk and never writes a block', () => {
    const store = formatExt4(1 * MiB, { time: 1_700_000_000 });
    const before = store.digest();
    const fs = mount(storeDevice(store), true);
    expect(errnoOf(() => fs.call('mkdir', '/d', 0o755))).toBe(FS_ERRNO.EROFS);
    expect(errnoOf(() => fs.call('open', '/f', O_CREAT | O_WRONLY, 0o644))).toBe(FS_ERRNO.EROFS);
    expect(fs.call('readdir', '/').length).toBe(3);
    fs.close();
    expect(store.digest()).toBe(before);
  });

  it('runs over a mirror: corruption found on a read is repaired from the other copy', () => {
    const events: DiskEvent[] = [];
    const mirror = DiskMirror.ofImage(formatExt4(4 * MiB, { time: 1_700_000_000 }), 2, (e) => events.push(e));
    const fs = mount(mirror);
    const { handle } = fs.call('open', '/f', O_CREAT | O_RDWR, 0o644);
    fs.call('write', handle, new Uint8Array(BLOCK_SIZE).fill(0x5a), 0);
    fs.call('close', handle);
    fs.close();
    // Find the file's data block on chassis 0's copy and corrupt it there.
    const copy0 = mirror.copy(0);
    let target = -1;
    for (let b = 0; b < copy0.blockCount && target < 0; b++) {
      const r = copy0.read(b);
      if (r.kind === 'ok' && r.data.every((x) => x === 0x5a)) target = b;
    }
    expect(target).toBeGreaterThan(0);
    copy0.flipBits(target, [3]);
    const again = mount(mirror);
    const h = again.call('open', '/f', O_RDWR, 0).handle;
    expect(again.call('read', h, BLOCK_SIZE, 0).every((x) => x === 0x5a)).toBe(true);
    expect(events.map((e) => [e.type, e.chassis, e.block])).toEqual([
      ['disk-error', 0, target],
      ['disk-repaired', 0, target],
    ]);
    again.call('close', h);
    again.close();
    expect(new Set(mirror.digests()).size).toBe(1);
  });

  it('reports a disk with no ext file system as an error', () => {
    expect(() => mount(storeDevice(new BlockStore(256)))).toThrow(FsError);
  });
});

describe('DiskFileSystem.settle and restart', () => {
  /** Open files of every kind at the settle: two handles on one file, a file unlinked while open, a folder. */
  function busy(fs: DiskFileSystem) {
    const log = fs.call('open', '/log', O_RDWR | O_CREAT, 0o644).handle;
    fs.call('write', log, text('first\n'), 0);
    const again = fs.call('open', '/log', O_RDWR, 0).handle;
    const gone = fs.call('open', '/gone', O_RDWR | O_CREAT, 0o644).handle;
    fs.call('write', gone, text('still here'), 0);
    fs.call('unlink', '/gone');
    fs.call('mkdir', '/d', 0o755);
    const dir = fs.call('open', '/d', 0, 0).handle;
    fs.call('append', again, text('second\n'));
    return { log, again, gone, dir };
  }

  /** What comes next: writes through each handle, closes (the unlinked file goes), new files, listings. */
  function goOn(fs: DiskFileSystem, h: ReturnType<typeof busy>) {
    const seen: unknown[] = [];
    seen.push(fs.call('append', h.again, text('third\n')));
    seen.push(str(fs.call('read', h.log, 100, 0)));
    seen.push(str(fs.call('read', h.gone, 100, 0)));
    fs.call('close', h.gone);
    seen.push(fs.call('readdir', '/').map((e) => e.name).sort());
    const fresh = fs.call('open', '/d/new', O_WRONLY | O_CREAT | O_TRUNC, 0o600);
    seen.push(fresh.handle);
    fs.call('write', fresh.handle, new Uint8Array(3 * BLOCK_SIZE).fill(7), 0);
    fs.call('close', fresh.handle);
    seen.push(fs.call('stat', '/d/new').size, fs.call('fstat', h.dir).nlink);
    fs.call('close', h.log);
    fs.call('close', h.again);
    fs.call('close', h.dir);
    return seen;
  }

  for (const keepWorker of [false, true]) {
    it(`a settled file system rebuilt from its blocks and open files goes on exactly as the original (${keepWorker ? 'in a worker reset for it' : 'in a new worker'})`, () => {
      const store = formatExt4(8 * MiB, { time: 1_700_000_000 });
      const original = mount(storeDevice(store));
      const handles = busy(original);
      const files = original.settle();
      expect(original.settledFiles).toBe(files);
      expect(files.files.map((f) => [f.path, f.dir, f.orphan, f.handles.length])).toEqual([
        ['/log', false, false, 2],
        [expect.stringMatching(/^\/\.ftvm-orphan-\d+$/), false, true, 1],
        ['/d', true, false, 1],
      ]);
      // The rebuilt one had a file system of its own mounted and busy (unwritten state in its library) when the restart came.
      const copy = formatExt4(8 * MiB, { time: 1 });
      const rebuilt = new DiskFileSystem(storeDevice(copy), { clock: () => 1_700_000_000_000, keepWorker });
      open.push(rebuilt);
      busy(rebuilt);
      copy.restore(store.snapshot());
      rebuilt.restart(files);

      expect(goOn(rebuilt, handles)).toEqual(goOn(original, handles));
      original.close();
      rebuilt.close();
      expect(Buffer.compare(copy.toBytes(), store.toBytes())).toBe(0);
      if (E2FSCK) expect(e2fsck(store.toBytes()).status).toBe(0);
      rebuilt.dispose();
    });
  }

  it('is settled after a mount or a settle until the next call; a settle writes out what the library held', () => {
    const store = formatExt4(8 * MiB, { time: 1_700_000_000 });
    const fs = mount(storeDevice(store));
    expect(fs.settledFiles).toEqual({ nextHandle: 1, files: [] });
    const h = fs.call('open', '/a', O_WRONLY | O_CREAT, 0o644).handle;
    fs.call('write', h, new Uint8Array(5 * BLOCK_SIZE).fill(1), 0);
    expect(fs.settledFiles).toBeUndefined();
    // The free-block count lives in the library's memory until it unmounts or settles.
    const freeBlocks = () => new DataView(fs.superblock().buffer, fs.superblock().byteOffset).getUint32(12, true);
    const before = freeBlocks();
    fs.settle();
    expect(freeBlocks()).toBeLessThan(before);
    expect(fs.settledFiles?.files.map((f) => f.handles)).toEqual([[h]]);
  });
});
