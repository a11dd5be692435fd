/**
 * The file-system calls: paths, open files on the disk (`ftvm run --disk`),
 * and the /dev nodes every guest has (null, zero, urandom). The guest's root
 * is the disk's root; without a disk only the /dev nodes exist and every
 * other path is -ENOENT, as before disks.
 *
 * An open file description (offset, status flags, the file-system handle) is
 * shared by the descriptors dup'd from it; it is closed when no descriptor
 * refers to it any more (`collect`). Paths are resolved lexically against the
 * working directory or the *at directory (a `..` never climbs above `/`);
 * symbolic links inside a path are followed by the file system.
 *
 * Errno values are Linux's; times come from the virtual clock (the disk's
 * file system stamps files with it), so runs stay deterministic.
 */
import { posix } from 'node:path';
import { FsError, type GuestFileSystem } from '../disk/disk-fs';
import {
  O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_TRUNC, S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG,
  type DirEntry, type FileStat,
} from '../disk/fs-protocol';
import { EBADF, EEXIST, EFAULT, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTTY, EOVERFLOW, EROFS, ESPIPE, EACCES } from './errno';
import { O_CLOEXEC, O_RDONLY, O_WRONLY, type FdTable, type OpenFile } from './fd-table';
import { StructBuilder, type GuestAccess } from './guest-access';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, F_GETFL, F_SETFL, PATH_MAX } from './file-calls';
import { encodeStat, encodeStat64, encodeStatx, type FileFacts } from './stat-structs';
import { GUEST_GID, GUEST_UID } from './process-identity';
import { VIRTUAL_EPOCH_SECONDS } from './time-calls';

const MAX_IO = 16 * 1024 * 1024;
export const AT_REMOVEDIR = 0x200;
const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;
const UTIME_NOW = 0x3fffffff;
const UTIME_OMIT = 0x3ffffffe;
const W_OK = 2;
const X_OK = 1;
const EXT4_SUPER_MAGIC = 0xef53;
/** The disk's device number as stat reports it (8:0, the first SCSI disk). */
const DISK_DEV = { devMajor: 8, devMinor: 0 };

type Device = 'null' | 'zero' | 'urandom';
const DEVICES: Record<string, { device: Device; minor: number; ino: number }> = {
  '/dev/null': { device: 'null', minor: 3, ino: 5 },
  '/dev/zero': { device: 'zero', minor: 5, ino: 6 },
  '/dev/urandom': { device: 'urandom', minor: 9, ino: 7 },
  '/dev/random': { device: 'urandom', minor: 8, ino: 8 },
};

interface Description {
  readonly path: string;
  readonly device?: Device;
  readonly handle?: number;
  readonly isDir: boolean;
  flags: number;
  /** Byte offset; for a folder, the index of the next getdents entry. */
  offset: number;
  entries?: DirEntry[];
}

/** FsCalls' state for a snapshot: the open descriptions and the working directory (plain data). */
export interface FsCallsState {
  readonly open: [number, Description][];
  readonly nextId: number;
  readonly cwd: string;
}

export interface FsCallOptions {
  readonly disk?: GuestFileSystem;
  /** The bytes /dev/urandom hands out (the seed's stream). */
  readonly randomBytes: (count: number) => Uint8Array;
  readonly umask: () => number;
}

export class FsCalls {
  private readonly open = new Map<number, Description>();
  private nextId = 1;
  private cwd = '/';

  constructor(
    private readonly options: FsCallOptions,
    private readonly fds: FdTable,
    state?: FsCallsState,
  ) {
    if (!state) return;
    for (const [id, d] of state.open) this.open.set(id, { ...d, entries: d.entries?.slice() });
    this.nextId = state.nextId;
    this.cwd = state.cwd;
  }

  /** The open files (their file-system handles: the disk's file system lives on), for a snapshot. */
  save(): FsCallsState {
    return { open: [...this.open].map(([id, d]) => [id, { ...d, entries: d.entries?.slice() }]), nextId: this.nextId, cwd: this.cwd };
  }

  private get disk(): GuestFileSystem | undefined {
    return this.options.disk;
  }

  /** Whether `fd` is one of ours (a disk file or a /dev node) rather than a host stream. */
  owns(fd: number): boolean {
    return this.fds.get(fd)?.file !== undefined;
  }

  /** Close the descriptions no descriptor refers to any more (after close, dup2, dup3). */
  collect(): void {
    for (const [id, d] of this.open) {
      if (this.fds.refersTo(id)) continue;
      this.open.delete(id);
      if (d.handle !== undefined) this.fs(() => this.disk!.call('close', d.handle!));
    }
  }

  // --- paths ---

  private path(access: GuestAccess, pointer: number, dirfd = AT_FDCWD, emptyOk = false): string | number {
    const bytes = access.cString(pointer, PATH_MAX - 1);
    if (bytes === null) return -ENAMETOOLONG;
    const text = new TextDecoder().decode(bytes);
    if (text === '' && !emptyOk) return -ENOENT;
    if (text.startsWith('/')) return posix.resolve('/', text);
    let base = this.cwd;
    if ((dirfd | 0) !== AT_FDCWD) {
      const d = this.description(dirfd);
      if (typeof d === 'number') return this.fds.isOpen(dirfd) ? -ENOTDIR : -EBADF;
      if (!d.isDir && text !== '') return -ENOTDIR;
      base = d.path;
    }
    return posix.resolve(base, text);
  }

  private description(fd: number): Description | number {
    const file = this.fds.get(fd | 0);
    if (!file) return -EBADF;
    return file.file === undefined ? -EBADF : (this.open.get(file.file) ?? -EBADF);
  }

  /** Run a file-system call; its FsError becomes -errno. */
  private fs<T>(body: () => T): T | number {
    try {
      return body();
    } catch (error) {
      if (error instanceof FsError) return -error.errno;
      throw error;
    }
  }

  private stat(path: string, follow: boolean): FileFacts | number {
    const dev = DEVICES[path];
    if (dev) return deviceFacts(dev.minor, dev.ino);
    if (!this.disk) return -ENOENT;
    const s = this.fs(() => this.disk!.call(follow ? 'stat' : 'lstat', path));
    return typeof s === 'number' ? s : diskFacts(s);
  }

  // --- opening and closing ---

  openat(access: GuestAccess, dirfd: number, pointer: number, flags: number, mode: number): number {
    const path = this.path(access, pointer, dirfd);
    if (typeof path === 'number') return path;
    const cloexec = (flags & O_CLOEXEC) !== 0;
    const dev = DEVICES[path];
    if (dev) {
      if (flags & O_DIRECTORY) return -ENOTDIR;
      if (flags & O_CREAT && flags & O_EXCL) return -EEXIST;
      return this.install({ path, device: dev.device, isDir: false, flags: flags & ~O_CLOEXEC, offset: 0 }, cloexec);
    }
    if (!this.disk) return -ENOENT;
    const accmode = flags & O_ACCMODE;
    if (accmode === O_ACCMODE) return -EINVAL;
    const diskFlags = accmode | (flags & (O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY | O_NOFOLLOW));
    const opened = this.fs(() => this.disk!.call('open', path, diskFlags, mode & ~this.options.umask() & 0o7777));
    if (typeof opened === 'number') return opened;
    const isDir = (opened.stat.mode & S_IFMT) === S_IFDIR;
    return this.install({ path, handle: opened.handle, isDir, flags: flags & ~O_CLOEXEC, offset: 0 }, cloexec);
  }

  private install(d: Description, cloexec: boolean): number {
    const id = this.nextId++;
    this.open.set(id, d);
    const fd = this.fds.install({ stream: 0, cloexec, file: id } satisfies OpenFile);
    if (fd < 0) this.collect();
    return fd;
  }

  // --- reading and writing ---

  read(access: GuestAccess, fd: number, buffer: number, count: number, at?: number): number {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    if ((d.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
    if (d.isDir) return -EISDIR;
    const want = Math.min(count, MAX_IO);
    if (want === 0) return 0;
    const room = access.mappedPrefix(buffer, want);
    if (room === 0) return -EFAULT;
    let data: Uint8Array | number;
    if (d.device === 'null') data = new Uint8Array(0);
    else if (d.device === 'zero') data = new Uint8Array(room);
    else if (d.device === 'urandom') data = this.options.randomBytes(room);
    else data = this.fs(() => this.disk!.call('read', d.handle!, room, at ?? d.offset));
    if (typeof data === 'number') return data;
    access.write(buffer, data);
    if (at === undefined && !d.device) d.offset += data.length;
    return data.length;
  }

  write(access: GuestAccess, fd: number, buffer: number, count: number, at?: number): number {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    if ((d.flags & O_ACCMODE) === O_RDONLY) return -EBADF;
    const want = Math.min(count, MAX_IO);
    if (want === 0) return 0;
    const mapped = access.mappedPrefix(buffer, want);
    if (mapped === 0) return -EFAULT;
    if (d.device) return mapped;
    const bytes = access.read(buffer, mapped);
    if (d.flags & O_APPEND && at === undefined) {
      const r = this.fs(() => this.disk!.call('append', d.handle!, bytes));
      if (typeof r === 'number') return r;
      d.offset = r.size;
      return r.written;
    }
    const written = this.fs(() => this.disk!.call('write', d.handle!, bytes, at ?? d.offset));
    if (written < 0) return written;
    if (written === 0) return -28; // ENOSPC: nothing could be allocated
    if (at === undefined) d.offset += written;
    return written;
  }

  /** readv/writev: one read or write per vector, stopping at the first short one, as a regular file does. */
  vector(access: GuestAccess, fd: number, iov: number, iovcnt: number, write: boolean, at?: number): number {
    const n = iovcnt | 0;
    if (n < 0 || n > 1024) return -EINVAL;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const base = access.u32(iov + i * 8);
      const length = access.u32(iov + i * 8 + 4);
      if (length === 0) continue;
      const done = write ? this.write(access, fd, base, length, at === undefined ? undefined : at + total) : this.read(access, fd, base, length, at === undefined ? undefined : at + total);
      if (done < 0) return total > 0 ? total : done;
      total += done;
      if (done < length) break;
    }
    return total;
  }

  /** lseek (32-bit result) and _llseek (64-bit result through a pointer). */
  lseek(access: GuestAccess, fd: number, offset: number, whence: number, result?: number): number {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    if (d.device) {
      if (result !== undefined) access.write(result, new StructBuilder(8).u64(0, 0).bytes);
      return 0;
    }
    let base: number;
    if (whence === SEEK_SET) base = 0;
    else if (whence === SEEK_CUR) base = d.offset;
    else if (whence === SEEK_END) {
      const s = this.fs(() => this.disk!.call('fstat', d.handle!));
      if (typeof s === 'number') return s;
      base = d.isDir ? 0 : s.size;
    } else return -EINVAL;
    const next = base + offset;
    if (next < 0) return -EINVAL;
    if (d.isDir) {
      d.offset = next;
      d.entries = next === 0 ? undefined : d.entries;
    } else d.offset = next;
    if (result !== undefined) {
      access.write(result, new StructBuilder(8).u64(0, BigInt(next)).bytes);
      return 0;
    }
    return next > 0x7fffffff ? -EOVERFLOW : next;
  }

  /** getdents64(fd, dirp, count): struct linux_dirent64 records, as many as fit. */
  getdents64(access: GuestAccess, fd: number, dirp: number, count: number): number {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    if (!d.isDir) return -ENOTDIR;
    if (!d.entries) {
      const entries = this.fs(() => this.disk!.call('readdir', d.path));
      if (typeof entries === 'number') return entries;
      d.entries = entries;
    }
    const out: Uint8Array[] = [];
    let used = 0;
    while (d.offset < d.entries.length) {
      const e = d.entries[d.offset];
      const name = new TextEncoder().encode(e.name);
      const reclen = (19 + name.length + 1 + 7) & ~7;
      if (used + reclen > count) break;
      const rec = new StructBuilder(reclen)
        .u64(0, e.ino)
        .i64(8, d.offset + 1)
        .u16(16, reclen)
        .u8(18, direntType(e.mode))
        .set(19, name).bytes;
      out.push(rec);
      used += reclen;
      d.offset++;
    }
    if (out.length === 0 && d.offset < d.entries.length) return -EINVAL; // the buffer holds not even one entry
    let at = dirp;
    for (const rec of out) {
      access.write(at, rec);
      at += rec.length;
    }
    return used;
  }

  // --- status ---

  fstat(access: GuestAccess, fd: number, buffer: number, layout: 'stat' | 'stat64' | 'statx'): number {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    const facts = d.device ? this.stat(d.path, true) : this.handleFacts(d);
    if (typeof facts === 'number') return facts;
    return this.put(access, buffer, facts, layout);
  }

  private handleFacts(d: Description): FileFacts | number {
    const s = this.fs(() => this.disk!.call('fstat', d.handle!));
    return typeof s === 'number' ? s : diskFacts(s);
  }

  private put(access: GuestAccess, buffer: number, facts: FileFacts, layout: 'stat' | 'stat64' | 'statx'): number {
    if (layout === 'stat' && facts.size > 0x7fffffff) return -EOVERFLOW;
    access.write(buffer, layout === 'stat' ? encodeStat(facts) : layout === 'stat64' ? encodeStat64(facts) : encodeStatx(facts));
    return 0;
  }

  /** stat64/lstat64 (dirfd AT_FDCWD), fstatat64 and statx (which also take AT_EMPTY_PATH on an fd). */
  statAt(access: GuestAccess, dirfd: number, pointer: number, flags: number, buffer: number, layout: 'stat' | 'stat64' | 'statx'): number {
    const bytes = access.cString(pointer, PATH_MAX - 1);
    if (bytes === null) return -ENAMETOOLONG;
    if (bytes.length === 0 && flags & AT_EMPTY_PATH && (dirfd | 0) !== AT_FDCWD) return this.fstat(access, dirfd, buffer, layout);
    const path = this.path(access, pointer, dirfd, (flags & AT_EMPTY_PATH) !== 0);
    if (typeof path === 'number') return path;
    const facts = this.stat(path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    return typeof facts === 'number' ? facts : this.put(access, buffer, facts, layout);
  }

  faccessat(access: GuestAccess, dirfd: number, pointer: number, mode: number): number {
    if (mode & ~7) return -EINVAL;
    const path = this.path(access, pointer, dirfd);
    if (typeof path === 'number') return path;
    const facts = this.stat(path, true);
    if (typeof facts === 'number') return facts;
    if (mode & W_OK && this.disk?.readOnly && !DEVICES[path]) return -EROFS;
    if (mode & X_OK && (facts.mode & S_IFMT) !== S_IFDIR && (facts.mode & 0o111) === 0) return -EACCES;
    return 0;
  }

  /** statfs64 / fstatfs64 (struct statfs64, 84 bytes): the counts from the disk's superblock. */
  statfs(access: GuestAccess, target: { pointer: number } | { fd: number }, size: number, buffer: number): number {
    if (size !== 84) return -EINVAL;
    if ('fd' in target) {
      const d = this.description(target.fd);
      if (typeof d === 'number') return d;
    } else {
      const path = this.path(access, target.pointer);
      if (typeof path === 'number') return path;
      const facts = this.stat(path, true);
      if (typeof facts === 'number') return facts;
    }
    const sb = this.superblock();
    access.write(buffer, new StructBuilder(84)
      .u32(0, EXT4_SUPER_MAGIC)
      .u32(4, 4096)
      .u64(8, sb.blocks)
      .u64(16, sb.freeBlocks)
      .u64(24, sb.freeBlocks)
      .u64(32, sb.inodes)
      .u64(40, sb.freeInodes)
      .u32(56, 255) // f_namelen
      .u32(60, 4096) // f_frsize
      .u32(64, this.disk?.readOnly ? 1 : 0).bytes); // f_flags: ST_RDONLY
    return 0;
  }

  private superblock(): { blocks: number; freeBlocks: number; inodes: number; freeInodes: number } {
    const raw = this.disk?.superblock();
    if (!raw) return { blocks: 0, freeBlocks: 0, inodes: 0, freeInodes: 0 };
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const scale = 1024 << v.getUint32(24, true);
    const toPages = (n: number) => Math.floor((n * scale) / 4096);
    return { inodes: v.getUint32(0, true), blocks: toPages(v.getUint32(4, true)), freeBlocks: toPages(v.getUint32(12, true)), freeInodes: v.getUint32(16, true) };
  }

  // --- names ---

  mkdirat(access: GuestAccess, dirfd: number, pointer: number, mode: number): number {
    const path = this.path(access, pointer, dirfd);
    if (typeof path === 'number') return path;
    if (!this.disk) return DEVICES[path] ? -EEXIST : -ENOENT;
    if (this.exists(path)) return -EEXIST;
    return this.fs(() => this.disk!.call('mkdir', path, mode & ~this.options.umask() & 0o7777)) ?? 0;
  }

  unlinkat(access: GuestAccess, dirfd: number, pointer: number, flags: number): number {
    if (flags & ~AT_REMOVEDIR) return -EINVAL;
    const path = this.path(access, pointer, dirfd);
    if (typeof path === 'number') return path;
    if (!this.disk) return DEVICES[path] ? -EROFS : -ENOENT;
    if (path === '/') return flags & AT_REMOVEDIR ? -16 /* EBUSY */ : -EISDIR;
    return this.fs(() => this.disk!.call(flags & AT_REMOVEDIR ? 'rmdir' : 'unlink', path)) ?? 0;
  }

  renameat(access: GuestAccess, olddirfd: number, oldPointer: number, newdirfd: number, newPointer: number, flags: number): number {
    if (flags !== 0) return -EINVAL; // RENAME_NOREPLACE / EXCHANGE / WHITEOUT: not supported
    const from = this.path(access, oldPointer, olddirfd);
    if (typeof from === 'number') return from;
    const to = this.path(access, newPointer, newdirfd);
    if (typeof to === 'number') return to;
    if (!this.disk) return -ENOENT;
    if (from === to) return this.exists(from) ? 0 : -ENOENT;
    if (to.startsWith(`${from}/`)) return -EINVAL;
    const source = this.fs(() => this.disk!.call('lstat', from));
    if (typeof source === 'number') return source;
    const target = this.fs(() => this.disk!.call('lstat', to));
    if (typeof target !== 'number') {
      const srcDir = (source.mode & S_IFMT) === S_IFDIR;
      const dstDir = (target.mode & S_IFMT) === S_IFDIR;
      if (srcDir && !dstDir) return -ENOTDIR;
      if (!srcDir && dstDir) return -EISDIR;
      if (dstDir) {
        const entries = this.fs(() => this.disk!.call('readdir', to));
        if (typeof entries !== 'number' && entries.length > 2) return -39; // ENOTEMPTY
        const removed = this.fs(() => this.disk!.call('rmdir', to));
        if (typeof removed === 'number') return removed;
      }
    }
    return this.fs(() => this.disk!.call('rename', from, to)) ?? 0;
  }

  linkat(access: GuestAccess, olddirfd: number, oldPointer: number, newdirfd: number, newPointer: number): number {
    const from = this.path(access, oldPointer, olddirfd);
    if (typeof from === 'number') return from;
    const to = this.path(access, newPointer, newdirfd);
    if (typeof to === 'number') return to;
    if (!this.disk) return -ENOENT;
    const s = this.fs(() => this.disk!.call('lstat', from));
    if (typeof s === 'number') return s;
    if ((s.mode & S_IFMT) === S_IFDIR) return -1; // EPERM
    if (this.exists(to)) return -EEXIST;
    return this.fs(() => this.disk!.call('link', from, to)) ?? 0;
  }

  symlinkat(access: GuestAccess, targetPointer: number, newdirfd: number, newPointer: number): number {
    const target = access.cString(targetPointer, PATH_MAX - 1);
    if (target === null) return -ENAMETOOLONG;
    if (target.length === 0) return -ENOENT;
    const path = this.path(access, newPointer, newdirfd);
    if (typeof path === 'number') return path;
    if (!this.disk) return -ENOENT;
    if (this.exists(path)) return -EEXIST;
    return this.fs(() => this.disk!.call('symlink', new TextDecoder().decode(target), path)) ?? 0;
  }

  /** readlink on the disk: -ENOENT when there is no disk, so FileCalls can answer /proc/self/exe. */
  readlinkat(access: GuestAccess, dirfd: number, pointer: number, buffer: number, size: number): number {
    if ((size | 0) <= 0) return -EINVAL;
    const path = this.path(access, pointer, dirfd);
    if (typeof path === 'number') return path;
    if (!this.disk) return -ENOENT;
    const s = this.fs(() => this.disk!.call('lstat', path));
    if (typeof s === 'number') return s;
    if ((s.mode & S_IFMT) !== S_IFLNK) return -EINVAL;
    const target = this.fs(() => this.disk!.call('readlink', path));
    if (typeof target === 'number') return target;
    const bytes = new TextEncoder().encode(target).subarray(0, size);
    access.write(buffer, bytes);
    return bytes.length;
  }

  truncate(access: GuestAccess, target: { pointer: number } | { fd: number }, length: number): number {
    if (length < 0) return -EINVAL;
    let handle: number;
    let close = false;
    if ('fd' in target) {
      const d = this.description(target.fd);
      if (typeof d === 'number') return d;
      if (d.device) return -EINVAL;
      if (d.isDir) return -EISDIR;
      if ((d.flags & O_ACCMODE) === O_RDONLY) return -EINVAL;
      handle = d.handle!;
    } else {
      const path = this.path(access, target.pointer);
      if (typeof path === 'number') return path;
      if (!this.disk) return -ENOENT;
      const opened = this.fs(() => this.disk!.call('open', path, O_WRONLY, 0));
      if (typeof opened === 'number') return opened;
      handle = opened.handle;
      close = true;
    }
    const r = this.fs(() => this.disk!.call('truncate', handle, length));
    if (close) this.fs(() => this.disk!.call('close', handle));
    return r ?? 0;
  }

  fsync(fd: number): number {
    const d = this.description(fd);
    return typeof d === 'number' ? d : 0; // every write is on the mirror already
  }

  chdir(access: GuestAccess, target: { pointer: number } | { fd: number }): number {
    let path: string | number;
    if ('fd' in target) {
      const d = this.description(target.fd);
      if (typeof d === 'number') return d;
      path = d.path;
    } else path = this.path(access, target.pointer);
    if (typeof path === 'number') return path;
    const facts = this.stat(path, true);
    if (typeof facts === 'number') return facts;
    if ((facts.mode & S_IFMT) !== S_IFDIR) return -ENOTDIR;
    this.cwd = path;
    return 0;
  }

  getcwd(access: GuestAccess, buffer: number, size: number): number {
    if (!this.disk) return -ENOENT;
    const bytes = new TextEncoder().encode(`${this.cwd}\0`);
    if (size < bytes.length) return -34; // ERANGE
    access.write(buffer, bytes);
    return bytes.length;
  }

  fchmodat(access: GuestAccess, target: { dirfd: number; pointer: number } | { fd: number }, mode: number): number {
    if ('fd' in target) {
      const d = this.description(target.fd);
      if (typeof d === 'number') return d;
      if (d.device) return 0;
      return this.fs(() => this.disk!.call('fchmod', d.handle!, mode & 0o7777)) ?? 0;
    }
    const path = this.path(access, target.pointer, target.dirfd);
    if (typeof path === 'number') return path;
    if (!this.disk) return -ENOENT;
    return this.fs(() => this.disk!.call('chmod', path, mode & 0o7777)) ?? 0;
  }

  /**
   * utimensat(dirfd, path, times, flags) and utimensat_time64: `times` is
   * two timespecs (atime, mtime; 32- or 64-bit seconds), or NULL for now;
   * UTIME_NOW and UTIME_OMIT per field. Regular files take the times (ctime
   * becomes the mtime given); folders and links keep theirs.
   */
  utimensat(access: GuestAccess, dirfd: number, pointer: number, times: number, flags: number, now: number, time64: boolean): number {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
    let path: string | number;
    if (pointer === 0) {
      const d = this.description(dirfd);
      path = typeof d === 'number' ? (this.fds.isOpen(dirfd) ? -EINVAL : -EBADF) : d.path;
    } else path = this.path(access, pointer, dirfd, (flags & AT_EMPTY_PATH) !== 0);
    if (typeof path === 'number') return path;
    const wanted: (number | null)[] = [now, now];
    if (times !== 0) {
      const size = time64 ? 16 : 8;
      for (let i = 0; i < 2; i++) {
        const at = times + i * size;
        const seconds = time64 ? access.u32(at) + access.i32(at + 4) * 0x1_0000_0000 : access.i32(at);
        const nsec = access.u32(at + (time64 ? 8 : 4));
        if (nsec === UTIME_OMIT) wanted[i] = null;
        else if (nsec === UTIME_NOW) wanted[i] = now;
        else if (nsec > 999_999_999) return -EINVAL;
        else wanted[i] = seconds * 1000 + Math.floor(nsec / 1_000_000);
      }
    }
    const facts = this.stat(path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    if (typeof facts === 'number') return facts;
    if (!this.disk || DEVICES[path]) return 0;
    if (wanted[0] === null && wanted[1] === null) return 0;
    return this.fs(() => this.disk!.call('utimes', path as string, wanted[0], wanted[1])) ?? 0;
  }

  fcntl(fd: number, command: number, arg: number): number | undefined {
    const d = this.description(fd);
    if (typeof d === 'number') return undefined;
    if (command === F_GETFL) return d.flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECTORY);
    if (command === F_SETFL) {
      d.flags = (d.flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
      return 0;
    }
    return undefined;
  }

  ioctl(fd: number): number {
    const d = this.description(fd);
    return typeof d === 'number' ? d : -ENOTTY;
  }

  /** pread64/pwrite64 on a /dev node or a folder, which Linux refuses or allows. */
  positional(fd: number): number | undefined {
    const d = this.description(fd);
    if (typeof d === 'number') return d;
    if (d.isDir) return -EISDIR;
    if (d.device && d.device !== 'zero') return -ESPIPE;
    return undefined;
  }

  private exists(path: string): boolean {
    return typeof this.fs(() => this.disk!.call('lstat', path)) !== 'number';
  }
}

function diskFacts(s: FileStat): FileFacts {
  return {
    ...DISK_DEV,
    ino: s.ino,
    mode: s.mode,
    nlink: s.nlink,
    uid: s.uid,
    gid: s.gid,
    rdevMajor: 0,
    rdevMinor: 0,
    size: s.size,
    blksize: 4096,
    blocks: s.blocks,
    time: Math.floor(s.mtimeMs / 1000),
    atime: Math.floor(s.atimeMs / 1000),
    ctime: Math.floor(s.ctimeMs / 1000),
  };
}

function deviceFacts(minor: number, ino: number): FileFacts {
  return {
    devMajor: 0, devMinor: 5, ino, mode: S_IFCHR | 0o666, nlink: 1, uid: GUEST_UID, gid: GUEST_GID,
    rdevMajor: 1, rdevMinor: minor, size: 0, blksize: 4096, blocks: 0, time: Number(VIRTUAL_EPOCH_SECONDS),
  };
}

/** d_type from a mode (DT_REG 8, DT_DIR 4, DT_LNK 10, DT_CHR 2, DT_UNKNOWN 0). */
function direntType(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFREG: return 8;
    case S_IFDIR: return 4;
    case S_IFLNK: return 10;
    case S_IFCHR: return 2;
    default: return 0;
  }
}

