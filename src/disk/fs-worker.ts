/**
 * The file-system worker: libext2fs (the ext2fs package, e2fsprogs' library
 * compiled to WebAssembly) mounted over a disk whose bytes live on the main
 * thread. ext2fs is promise-based all the way down to its disk callbacks
 * (Emscripten Asyncify), so it cannot run inside the synchronous system-call
 * path; here it runs on its own thread while the main thread waits, and its
 * disk reads and writes are blocking requests back to the main thread.
 *
 * File handles: libext2fs keeps a copy of the inode in each open file, so two
 * handles on one inode would overwrite each other's size. Every open of an
 * inode therefore shares one libext2fs handle, counted; a file unlinked while
 * open is moved aside (to /.ftvm-orphan-INO) and removed at its last close,
 * as the kernel keeps an open inode alive. The library has no truncate, so
 * truncation keeps the first bytes, reopens with O_TRUNC and writes them back.
 *
 * Time: the library stamps inodes with Date.now(); here that is the virtual
 * time the main thread sends with each call, so file times are deterministic.
 *
 * Settling: between calls the library still holds, in memory only, the block
 * and inode bitmaps, the group descriptors and superblock counts, and each
 * open file's buffer and inode. `settle` writes them out (closing its
 * handles and unmounting) and mounts again, reopening the same files, so
 * that the disk's blocks and the open-file table are again the whole state;
 * `mount` with a table rebuilds exactly that state in a new worker. Both
 * reopen through `reopen`, so the library sees the same calls either way.
 */
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { workerData } from 'node:worker_threads';
import { SyncEndpoint } from '../parallel/sync-channel';
import {
  FS_ERRNO, O_CREAT, O_DIRECTORY, O_EXCL, O_NOATIME, O_NOFOLLOW, O_RDWR, O_TRUNC, O_WRONLY, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG,
  type DirEntry, type FileStat, type FromWorker, type FsOp, type FsWorkerSetup, type OpenFileTable, type ToWorker,
} from './fs-protocol';

interface LibStats {
  ino: number; mode: number; nlink: number; uid: number; gid: number; size: number; blocks: number; blksize: number;
  atime: Date; mtime: Date; ctime: Date;
}
interface LibFs {
  open(path: string, flags: number, mode: number, cb: (e: Error | null, fd: number) => void): void;
  promises: {
    close(fd: number): Promise<void>;
    read(fd: number, buf: Buffer, off: number, len: number, pos: number): Promise<{ bytesRead: number }>;
    write(fd: number, buf: Buffer, off: number, len: number, pos: number): Promise<{ bytesWritten: number }>;
    fstat(fd: number): Promise<LibStats>;
    stat(path: string): Promise<LibStats>;
    lstat(path: string): Promise<LibStats>;
    readdir(path: string): Promise<string[]>;
    mkdir(path: string, mode: number): Promise<void>;
    rmdir(path: string): Promise<void>;
    unlink(path: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    link(existing: string, path: string): Promise<void>;
    symlink(target: string, path: string): Promise<void>;
    readlink(path: string): Promise<string>;
    chmod(path: string, mode: number): Promise<void>;
    fchmod(fd: number, mode: number): Promise<void>;
  };
}
interface Ext2fs {
  mount(disk: unknown, offset: number): Promise<LibFs>;
  umount(fs: LibFs): Promise<void>;
}


/** libext2fs error codes (ext2_err.h, EXT2_ET_BASE + n) that have a Linux errno. */
const EXT2_ERRORS: Record<number, number> = {
  2133571349: FS_ERRNO.EROFS, // RO_FILSYS
  2133571363: FS_ERRNO.EIO, // DIR_CORRUPTED
  2133571364: FS_ERRNO.EIO, // SHORT_READ
  2133571365: FS_ERRNO.EIO, // SHORT_WRITE
  2133571366: FS_ERRNO.ENOSPC, // DIR_NO_SPACE
  2133571392: FS_ERRNO.ELOOP, // SYMLINK_LOOP
  2133571398: FS_ERRNO.ENOMEM, // NO_MEMORY
  2133571400: FS_ERRNO.ENOSPC, // BLOCK_ALLOC_FAIL
  2133571401: FS_ERRNO.ENOSPC, // INODE_ALLOC_FAIL
  2133571402: FS_ERRNO.ENOTDIR, // NO_DIRECTORY
  2133571403: FS_ERRNO.EMLINK, // TOO_MANY_REFS
  2133571404: FS_ERRNO.ENOENT, // FILE_NOT_FOUND
  2133571405: FS_ERRNO.EROFS, // FILE_RO
  2133571407: FS_ERRNO.EEXIST, // DIR_EXISTS
  2133571410: FS_ERRNO.EFBIG, // FILE_TOO_BIG
  2133571450: FS_ERRNO.ENOSPC, // EXTENT_NO_SPACE
  2133571477: FS_ERRNO.ENOSPC, // DIR_NO_SPACE_FOR_CSUM
  2133571483: FS_ERRNO.EEXIST, // FILE_EXISTS
  2133571491: FS_ERRNO.ENOSPC, // EA_NO_SPACE
  2133571495: FS_ERRNO.ENOSPC, // INLINE_DATA_NO_SPACE
};

class FsFailure extends Error {
  constructor(readonly errno: number, message: string) {
    super(message);
  }
}

function errnoOf(error: unknown): number {
  if (error instanceof FsFailure) return error.errno;
  const e = error as { code?: string; errno?: number };
  if (e.code && e.code in FS_ERRNO) return FS_ERRNO[e.code as keyof typeof FS_ERRNO];
  if (e.errno !== undefined && EXT2_ERRORS[e.errno] !== undefined) return EXT2_ERRORS[e.errno];
  return FS_ERRNO.EIO;
}

const setup = (workerData as { data: FsWorkerSetup }).data;
const endpoint = new SyncEndpoint<ToWorker, FromWorker>(setup.port as import('node:worker_threads').MessagePort, setup.signals, 1, 0);

let virtualNow = 0;
Date.now = () => virtualNow;

/**
 * The disk, as ext2fs sees it. A read is a blocking request to the main
 * thread; a write is sent without waiting (the channel keeps order, so the
 * main thread applies it before it serves anything asked later). Blocks read
 * or written during one call are kept until the call ends, so a call that
 * reads the same bitmap or inode block many times asks for it once; the next
 * call reads through the mirror again.
 */
const BLOCK = 4096;
const callCache = new Map<number, Uint8Array>();
/** While a mount is being forgotten (reset): nothing reaches the disk. */
let dropping = false;

function fetchBlocks(first: number, last: number): void {
  endpoint.send({ type: 'read', offset: first * BLOCK, length: (last - first + 1) * BLOCK });
  const reply = endpoint.receive();
  if (reply.type !== 'data') throw new Error('disk read failed');
  for (let b = first; b <= last; b++) callCache.set(b, reply.bytes.subarray((b - first) * BLOCK, (b - first + 1) * BLOCK));
}

const disk = {
  async read(buffer: Buffer, bufferOffset: number, length: number, offset: number) {
    if (dropping) throw new Error('the mount is being forgotten');
    const first = Math.floor(offset / BLOCK);
    const last = Math.floor((offset + length - 1) / BLOCK);
    let missingFrom = -1;
    for (let b = first; b <= last + 1; b++) {
      const missing = b <= last && !callCache.has(b);
      if (missing && missingFrom < 0) missingFrom = b;
      if (!missing && missingFrom >= 0) {
        fetchBlocks(missingFrom, b - 1);
        missingFrom = -1;
      }
    }
    for (let b = first; b <= last; b++) {
      const data = callCache.get(b)!;
      const from = Math.max(offset, b * BLOCK);
      const to = Math.min(offset + length, (b + 1) * BLOCK);
      buffer.set(data.subarray(from - b * BLOCK, to - b * BLOCK), bufferOffset + from - offset);
    }
    return { bytesRead: length, buffer };
  },
  async write(buffer: Buffer, bufferOffset: number, length: number, offset: number) {
    if (dropping) return { bytesWritten: length, buffer };
    if (setup.readOnly) throw new Error('read-only disk');
    const bytes = new Uint8Array(buffer.subarray(bufferOffset, bufferOffset + length));
    endpoint.send({ type: 'write', offset, bytes });
    for (let b = Math.floor(offset / BLOCK); b * BLOCK < offset + length; b++) {
      const from = Math.max(offset, b * BLOCK);
      const to = Math.min(offset + length, (b + 1) * BLOCK);
      if (to - from === BLOCK) callCache.set(b, bytes.slice(from - offset, to - offset));
      else {
        const cached = callCache.get(b);
        if (cached) {
          const copy = cached.slice();
          copy.set(bytes.subarray(from - offset, to - offset), from - b * BLOCK);
          callCache.set(b, copy);
        }
      }
    }
    return { bytesWritten: length, buffer };
  },
  async flush() {},
  async discard() {},
};

interface Shared {
  fd: number;
  ino: number;
  path: string;
  refs: number;
  orphan: boolean;
  dir: boolean;
}

const ext2fs = createRequire(import.meta.url)('ext2fs') as Ext2fs;
let fs: LibFs | undefined;
let lib: LibFs['promises'];
let libOpen: (path: string, flags: number, mode: number) => Promise<number>;
const byIno = new Map<number, Shared>();
const handles = new Map<number, Shared>();
let nextHandle = 1;

function toStat(s: LibStats): FileStat {
  return {
    ino: s.ino, mode: s.mode, nlink: s.nlink, uid: s.uid, gid: s.gid, size: s.size, blocks: s.blocks, blksize: s.blksize,
    atimeMs: s.atime.getTime(), mtimeMs: s.mtime.getTime(), ctimeMs: s.ctime.getTime(),
  };
}

function handle(id: number): Shared {
  const shared = handles.get(id);
  if (!shared) throw new FsFailure(FS_ERRNO.EBADF, `no file handle ${id}`);
  return shared;
}

/**
 * How ftvm opens files in the library: read-write on a writable disk, and
 * never stamping atime on reads (relatime's effect for a program that only
 * reads). O_CREAT on an existing file creates nothing (open checked that it
 * exists) but makes the library stamp mtime and ctime on every write.
 */
function writeFlags(): number {
  return (setup.readOnly ? 0 : O_RDWR | O_CREAT) | O_NOATIME;
}

async function open(path: string, flags: number, mode: number): Promise<{ handle: number; stat: FileStat }> {
  let existing: LibStats | undefined;
  try {
    existing = flags & O_NOFOLLOW ? await lib.lstat(path) : await lib.stat(path);
  } catch (error) {
    if (errnoOf(error) !== FS_ERRNO.ENOENT || !(flags & O_CREAT)) throw error;
  }
  if (existing && flags & O_CREAT && flags & O_EXCL) throw new FsFailure(FS_ERRNO.EEXIST, `${path} exists`);
  if (existing && (existing.mode & S_IFMT) === S_IFLNK) throw new FsFailure(FS_ERRNO.ELOOP, `${path} is a symbolic link (O_NOFOLLOW)`);
  if (existing && (existing.mode & S_IFMT) !== S_IFDIR && flags & O_DIRECTORY) throw new FsFailure(FS_ERRNO.ENOTDIR, `${path} is not a folder`);
  const isDir = existing !== undefined && (existing.mode & S_IFMT) === S_IFDIR;
  if (isDir && (flags & (O_WRONLY | O_RDWR) || flags & O_TRUNC)) throw new FsFailure(FS_ERRNO.EISDIR, `${path} is a folder`);
  if (setup.readOnly && (flags & (O_WRONLY | O_RDWR | O_TRUNC) || !existing)) throw new FsFailure(FS_ERRNO.EROFS, 'read-only disk');
  let shared = existing ? byIno.get(existing.ino) : undefined;
  if (!shared) {
    const libFlags = isDir ? O_NOATIME : writeFlags() | (flags & (O_CREAT | O_TRUNC));
    const fd = await inParent(path, () => libOpen(path, libFlags, mode & 0o7777));
    const ino = (await lib.fstat(fd)).ino;
    shared = { fd, ino, path, refs: 0, orphan: false, dir: isDir };
    byIno.set(ino, shared);
  } else if (flags & O_TRUNC && (existing!.mode & S_IFMT) === S_IFREG) {
    await truncate(shared, 0);
  }
  shared.refs++;
  const id = nextHandle++;
  handles.set(id, shared);
  return { handle: id, stat: toStat(await lib.fstat(shared.fd)) };
}

/**
 * libext2fs says ENOTDIR when a new name's folder is missing; Linux says
 * ENOENT unless a component of the path is not a folder.
 */
async function inParent<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (errnoOf(error) !== FS_ERRNO.ENOTDIR) throw error;
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    try {
      await lib.stat(parent);
    } catch (inner) {
      if (errnoOf(inner) === FS_ERRNO.ENOENT) throw new FsFailure(FS_ERRNO.ENOENT, `${parent}: no such folder`);
    }
    throw error;
  }
}

async function close(id: number): Promise<void> {
  const shared = handle(id);
  handles.delete(id);
  if (--shared.refs > 0) return;
  byIno.delete(shared.ino);
  await lib.close(shared.fd);
  if (shared.orphan) await lib.unlink(shared.path);
}

async function truncate(shared: Shared, length: number): Promise<void> {
  const size = (await lib.fstat(shared.fd)).size;
  if (length > size) {
    await lib.write(shared.fd, Buffer.alloc(1), 0, 1, length - 1);
    return;
  }
  if (length === size) return;
  const keep = Buffer.alloc(length);
  if (length > 0) await lib.read(shared.fd, keep, 0, length, 0);
  if ((await lib.stat(shared.path)).ino !== shared.ino) throw new FsFailure(FS_ERRNO.EIO, `${shared.path} moved while open`);
  await lib.close(shared.fd);
  shared.fd = await libOpen(shared.path, writeFlags() | O_TRUNC, 0);
  if (length > 0) await lib.write(shared.fd, keep, 0, length, 0);
}

/**
 * The library has no utimes, but stamps a file with "now" when it writes
 * through a handle opened with O_CREAT (mtime, ctime) and when it reads
 * without O_NOATIME (atime): so set "now" to each wanted time in turn and do
 * an empty write and a read at the end of the file, through handles of their
 * own (an open shared handle is closed first and reopened after, so its copy
 * of the inode is fresh).
 */
async function utimes(path: string, atimeMs: number | null, mtimeMs: number | null): Promise<void> {
  const s = await lib.stat(path);
  if ((s.mode & S_IFMT) !== S_IFREG) return; // folders and links keep their times
  const shared = byIno.get(s.ino);
  if (shared) await lib.close(shared.fd);
  const saved = virtualNow;
  try {
    if (mtimeMs !== null) {
      virtualNow = mtimeMs;
      const fd = await libOpen(path, O_RDWR | O_CREAT | O_NOATIME, 0);
      await lib.write(fd, Buffer.alloc(0), 0, 0, s.size);
      await lib.close(fd);
    }
    if (atimeMs !== null) {
      virtualNow = atimeMs;
      const fd = await libOpen(path, 0, 0);
      await lib.read(fd, Buffer.alloc(1), 0, 1, s.size);
      await lib.close(fd);
    }
  } finally {
    virtualNow = saved;
    if (shared) shared.fd = await libOpen(shared.path, writeFlags(), 0);
  }
}

/** The paths of open files follow a rename of themselves or of a folder above them. */
function renamed(from: string, to: string): void {
  for (const shared of byIno.values()) {
    if (shared.path === from) shared.path = to;
    else if (shared.path.startsWith(`${from}/`)) shared.path = to + shared.path.slice(from.length);
  }
}

async function readdir(path: string): Promise<DirEntry[]> {
  const names = await lib.readdir(path);
  const base = path === '/' ? '' : path;
  const self = await lib.stat(path);
  const entries: DirEntry[] = [{ name: '.', ino: self.ino, mode: self.mode }];
  const parent = path === '/' ? self : await lib.stat(base.slice(0, base.lastIndexOf('/')) || '/');
  entries.push({ name: '..', ino: parent.ino, mode: parent.mode });
  for (const name of names) {
    if (name.startsWith('.ftvm-orphan-') && path === '/') continue;
    const s = await lib.lstat(`${base}/${name}`);
    entries.push({ name, ino: s.ino, mode: s.mode });
  }
  return entries;
}

async function unlink(path: string): Promise<void> {
  const s = await lib.lstat(path);
  if ((s.mode & S_IFMT) === S_IFDIR) throw new FsFailure(FS_ERRNO.EISDIR, `${path} is a folder`);
  if (!(await setAsideIfOpen(path))) await lib.unlink(path);
}

/** A regular file's last name about to go while it is open: move it aside instead, to be removed at its last close. */
async function setAsideIfOpen(path: string): Promise<boolean> {
  let s: LibStats;
  try {
    s = await lib.lstat(path);
  } catch {
    return false;
  }
  const shared = byIno.get(s.ino);
  if (!shared || s.nlink !== 1 || shared.orphan || (s.mode & S_IFMT) !== S_IFREG) return false;
  const aside = `/.ftvm-orphan-${s.ino}`;
  await lib.rename(path, aside);
  shared.path = aside;
  shared.orphan = true;
  return true;
}

async function mountLibrary(): Promise<void> {
  fs = await ext2fs.mount(disk, 0);
  lib = fs.promises;
  libOpen = promisify(fs.open) as typeof libOpen;
}

/** An open inode's library handle, anew (after a remount): as open() opened it, without creating or truncating. */
async function reopen(shared: Shared): Promise<number> {
  const fd = await libOpen(shared.path, shared.dir ? O_NOATIME : writeFlags(), 0);
  if ((await lib.fstat(fd)).ino !== shared.ino) throw new FsFailure(FS_ERRNO.EIO, `${shared.path} is not inode ${shared.ino} any more`);
  return fd;
}

/** A new worker's file system as a table says (right after mount). */
async function adopt(table: OpenFileTable): Promise<void> {
  for (const file of table.files) {
    const shared: Shared = { fd: 0, ino: file.ino, path: file.path, refs: file.handles.length, orphan: file.orphan, dir: file.dir };
    shared.fd = await reopen(shared);
    byIno.set(file.ino, shared);
    for (const id of file.handles) handles.set(id, shared);
  }
  nextHandle = table.nextHandle;
}

/** Write out what the library holds in memory, mount again and reopen the open files (see the header). */
async function settle(): Promise<OpenFileTable> {
  // A read-only mount never holds anything the disk does not.
  if (setup.readOnly) return openFileTable();
  try {
    for (const shared of byIno.values()) await lib.close(shared.fd);
    await ext2fs.umount(fs!);
    await mountLibrary();
    for (const shared of byIno.values()) shared.fd = await reopen(shared);
  } catch (error) {
    // Half done (the disk failed under it): its handles are gone, so nothing may use them again.
    fs = undefined;
    throw error;
  }
  return openFileTable();
}

function openFileTable(): OpenFileTable {
  const ids = new Map<Shared, number[]>();
  for (const [id, shared] of handles) ids.set(shared, [...(ids.get(shared) ?? []), id]);
  return {
    nextHandle,
    files: [...byIno.values()].map((f) => ({ ino: f.ino, path: f.path, dir: f.dir, orphan: f.orphan, handles: (ids.get(f) ?? []).sort((x, y) => x - y) })),
  };
}

/**
 * Forget the mount, writing nothing (the main thread is putting another disk
 * state in place): the library's handles are closed and it is unmounted with
 * its writes dropped and its reads refused, so its memory is freed.
 */
async function reset(): Promise<void> {
  dropping = true;
  try {
    for (const shared of byIno.values()) await lib.close(shared.fd).catch(() => {});
    if (fs) await ext2fs.umount(fs).catch(() => {});
  } finally {
    dropping = false;
    fs = undefined;
    byIno.clear();
    handles.clear();
    nextHandle = 1;
  }
}

async function call(op: FsOp, args: unknown[]): Promise<unknown> {
  const a = args as never[];
  if (op === 'reset') return reset();
  if (op === 'mount') {
    await mountLibrary();
    if (a[0]) await adopt(a[0]);
    return openFileTable();
  }
  if (!fs) throw new FsFailure(FS_ERRNO.EIO, 'not mounted');
  if (setup.readOnly && ['mkdir', 'rmdir', 'unlink', 'rename', 'link', 'symlink', 'chmod', 'fchmod', 'write', 'append', 'truncate', 'utimes'].includes(op)) {
    throw new FsFailure(FS_ERRNO.EROFS, 'read-only disk');
  }
  switch (op) {
    case 'settle':
      return settle();
    case 'umount': {
      for (const shared of byIno.values()) {
        await lib.close(shared.fd);
        if (shared.orphan) await lib.unlink(shared.path);
      }
      byIno.clear();
      handles.clear();
      if (!setup.readOnly) await ext2fs.umount(fs);
      fs = undefined;
      return undefined;
    }
    case 'open':
      return open(a[0], a[1], a[2]);
    case 'close':
      return close(a[0]);
    case 'read': {
      const buf = Buffer.alloc(a[1]);
      const { bytesRead } = await lib.read(handle(a[0]).fd, buf, 0, a[1], a[2]);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    }
    case 'write': {
      const bytes = a[1] as Uint8Array;
      if (bytes.length === 0) return 0;
      return (await lib.write(handle(a[0]).fd, Buffer.from(bytes), 0, bytes.length, a[2])).bytesWritten;
    }
    case 'append': {
      const shared = handle(a[0]);
      const bytes = a[1] as Uint8Array;
      const at = (await lib.fstat(shared.fd)).size;
      const written = bytes.length === 0 ? 0 : (await lib.write(shared.fd, Buffer.from(bytes), 0, bytes.length, at)).bytesWritten;
      return { written, size: at + written };
    }
    case 'truncate':
      return truncate(handle(a[0]), a[1]);
    case 'fstat':
      return toStat(await lib.fstat(handle(a[0]).fd));
    case 'stat':
      return toStat(await lib.stat(a[0]));
    case 'lstat':
      return toStat(await lib.lstat(a[0]));
    case 'readdir':
      return readdir(a[0]);
    case 'mkdir':
      return inParent(a[0], () => lib.mkdir(a[0], a[1]));
    case 'rmdir':
      return lib.rmdir(a[0]);
    case 'unlink':
      return unlink(a[0]);
    case 'rename': {
      await setAsideIfOpen(a[1]);
      await inParent(a[1], () => lib.rename(a[0], a[1]));
      renamed(a[0], a[1]);
      return undefined;
    }
    case 'link':
      return inParent(a[1], () => lib.link(a[0], a[1]));
    case 'symlink':
      return inParent(a[1], () => lib.symlink(a[0], a[1]));
    case 'readlink':
      return lib.readlink(a[0]);
    case 'chmod':
      return lib.chmod(a[0], a[1]);
    case 'fchmod':
      return lib.fchmod(handle(a[0]).fd, a[1]);
    case 'utimes':
      return utimes(a[0], a[1], a[2]);
    default:
      throw new FsFailure(FS_ERRNO.ENOSYS, `unknown operation ${String(op)}`);
  }
}

/** Which argument of an operation is the path whose lookup can fail. */
const PATH_ARG: Partial<Record<FsOp, number>> = {
  open: 0, stat: 0, lstat: 0, readdir: 0, mkdir: 0, rmdir: 0, unlink: 0, rename: 0, link: 0, symlink: 1, readlink: 0, chmod: 0, utimes: 0,
};

/** Linux's ENOENT becomes ENOTDIR when a folder on the way is a file. */
async function lookupErrno(path: string): Promise<number> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    let s: LibStats;
    try {
      s = await lib.stat(`/${parts.slice(0, i).join('/')}`);
    } catch {
      return FS_ERRNO.ENOENT;
    }
    if ((s.mode & S_IFMT) !== S_IFDIR) return FS_ERRNO.ENOTDIR;
  }
  return FS_ERRNO.ENOENT;
}

async function serve(): Promise<never> {
  for (;;) {
    const message = endpoint.receive();
    if (message.type !== 'call') continue;
    virtualNow = message.now;
    callCache.clear();
    try {
      const value = await call(message.op, message.args);
      endpoint.send({ type: 'result', value });
    } catch (error) {
      let errno = errnoOf(error);
      const at = PATH_ARG[message.op];
      if (errno === FS_ERRNO.ENOENT && at !== undefined && fs) errno = await lookupErrno(String(message.args[at]));
      endpoint.send({ type: 'error', errno, message: (error as Error)?.message?.split('\n')[0].slice(0, 200) ?? String(error) });
    }
  }
}

void serve();
