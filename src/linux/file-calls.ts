/**
 * File descriptors and I/O: read, write, readv, writev, close, dup, dup2,
 * dup3, fcntl(64), lseek, _llseek, pread64, pwrite64, ioctl, fstat, fstat64,
 * fstatat64, statx, the path-taking calls (open, openat, openat2, creat,
 * access, faccessat(2), stat, lstat, stat64, lstat64), readlink, readlinkat.
 *
 * Sandbox: the guest reaches nothing on the host but its stdin, stdout and
 * stderr. Every path names nothing: open and stat of any path give -ENOENT;
 * the only link that resolves is /proc/self/exe (KernelOptions.exePath).
 *
 * Like a pipe, a read returns what one ByteSource.read gave (at most
 * READ_CHUNK bytes); a buffer that is only partly mapped is filled or sent up
 * to its first unmapped page, and -EFAULT comes only when no byte could be.
 */
import { resolve } from 'node:path';
import { EBADF, EFAULT, EINVAL, ENAMETOOLONG, ENOENT, ENOTTY, EPIPE, ESPIPE } from './errno';
import { FdTable, O_CLOEXEC, type OpenFile } from './fd-table';
import { GuestAccess, StructBuilder } from './guest-access';
import { HostIoError, type ByteSink, type ByteSource, type SyscallOutcome } from './kernel-types';
import { GUEST_PID } from './process-identity';
import { SIGPIPE, type Signals } from './signal-calls';
import { encodeStat, encodeStat64, encodeStatx, streamFacts } from './stat-structs';

/** The most one read hands back (the guest sees a short read, as from a pipe). */
export const READ_CHUNK = 1 << 20;
/** Linux caps every read/write at MAX_RW_COUNT = INT_MAX rounded down to a page. */
const MAX_RW_COUNT = 0x7fff_f000;
const UIO_MAXIOV = 1024;
/** Longest path, NUL included (PATH_MAX). */
export const PATH_MAX = 4096;

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
const AT_STATX_SYNC_TYPE = 0x6000;
const STATX_RESERVED = 0x8000_0000;

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;

export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
const TCSETSW = 0x5403;
const TCSETSF = 0x5404;
const TIOCGPGRP = 0x540f;
const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;
const TIOCSWINSZ = 0x5414;

/** struct termios (kernel, 36 bytes): a terminal in its usual cooked mode, as `stty sane` leaves it. */
export function defaultTermios(): Uint8Array {
  const ICRNL = 0o400, IXON = 0o2000, IUTF8 = 0o40000;
  const OPOST = 1, ONLCR = 4;
  const B38400 = 0o17, CS8 = 0o60, CREAD = 0o200;
  const ISIG = 1, ICANON = 2, ECHO = 0o10, ECHOE = 0o20, ECHOK = 0o40, ECHOCTL = 0o1000, ECHOKE = 0o4000, IEXTEN = 0o100000;
  // VINTR ^C, VQUIT ^\, VERASE DEL, VKILL ^U, VEOF ^D, VTIME 0, VMIN 1, VSWTC, VSTART ^Q, VSTOP ^S,
  // VSUSP ^Z, VEOL, VREPRINT ^R, VDISCARD ^O, VWERASE ^W, VLNEXT ^V, VEOL2
  const cc = [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0];
  return new StructBuilder(36)
    .u32(0, ICRNL | IXON | IUTF8)
    .u32(4, OPOST | ONLCR)
    .u32(8, B38400 | CS8 | CREAD)
    .u32(12, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN)
    .u8(16, 0) // c_line: N_TTY
    .set(17, Uint8Array.from(cc)).bytes;
}

/** The window size a terminal reports: fixed, not the host's, so output never depends on it. */
const WINDOW_ROWS = 24;
const WINDOW_COLUMNS = 80;

export interface FileCallOptions {
  readonly stdin: ByteSource;
  readonly stdout: ByteSink;
  readonly stderr: ByteSink;
  readonly isTty: (fd: number) => boolean;
  readonly exePath?: string;
}

export class FileCalls {
  /** The terminal's settings as the guest last set them (TCSETS*). */
  termios: Uint8Array;

  constructor(
    private readonly io: FileCallOptions,
    readonly fds: FdTable,
    private readonly signals: Signals,
    termios?: Uint8Array,
  ) {
    this.termios = termios ?? defaultTermios();
  }

  private isTty(file: OpenFile): boolean {
    return this.io.isTty(file.stream);
  }

  read(access: GuestAccess, fd: number, buffer: number, count: number): number {
    const file = this.fds.get(fd);
    if (!file || !FdTable.readable(file)) return -EBADF;
    return this.readInto(access, [{ base: buffer, length: count }]);
  }

  write(access: GuestAccess, fd: number, buffer: number, count: number): number | SyscallOutcome {
    const file = this.fds.get(fd);
    if (!file || !FdTable.writable(file)) return -EBADF;
    return this.writeFrom(access, file, [{ base: buffer, length: count }]);
  }

  readv(access: GuestAccess, fd: number, iov: number, iovcnt: number): number {
    const file = this.fds.get(fd);
    if (!file || !FdTable.readable(file)) return -EBADF;
    const vectors = readIovecs(access, iov, iovcnt);
    return typeof vectors === 'number' ? vectors : this.readInto(access, vectors);
  }

  writev(access: GuestAccess, fd: number, iov: number, iovcnt: number): number | SyscallOutcome {
    const file = this.fds.get(fd);
    if (!file || !FdTable.writable(file)) return -EBADF;
    const vectors = readIovecs(access, iov, iovcnt);
    return typeof vectors === 'number' ? vectors : this.writeFrom(access, file, vectors);
  }

  private readInto(access: GuestAccess, vectors: readonly Iovec[]): number {
    // Only as much as fits before the first unmapped byte: the rest stays in the stream.
    let capacity = 0;
    let requested = 0;
    for (const v of clampTotal(vectors)) {
      requested += v.length;
      const mapped = access.mappedPrefix(v.base, v.length);
      capacity += mapped;
      if (mapped < v.length) break;
    }
    if (requested === 0) return 0;
    if (capacity === 0) return -EFAULT;
    let data: Uint8Array;
    try {
      data = this.io.stdin.read(Math.min(capacity, READ_CHUNK));
    } catch (error) {
      if (error instanceof HostIoError) return -error.errno;
      throw error;
    }
    let offset = 0;
    for (const v of vectors) {
      if (offset >= data.length) break;
      const part = data.subarray(offset, offset + v.length);
      access.write(v.base, part);
      offset += part.length;
    }
    return data.length;
  }

  private writeFrom(access: GuestAccess, file: OpenFile, vectors: readonly Iovec[]): number | SyscallOutcome {
    const parts: Uint8Array[] = [];
    let requested = 0;
    let total = 0;
    for (const v of clampTotal(vectors)) {
      requested += v.length;
      const mapped = access.mappedPrefix(v.base, v.length);
      if (mapped > 0) parts.push(access.read(v.base, mapped));
      total += mapped;
      if (mapped < v.length) break;
    }
    if (requested === 0) return 0;
    if (total === 0) return -EFAULT;
    const bytes = parts.length === 1 ? parts[0] : concat(parts, total);
    try {
      (file.stream === 2 ? this.io.stderr : this.io.stdout).write(bytes);
    } catch (error) {
      if (!(error instanceof HostIoError)) throw error;
      if (error.errno !== EPIPE) return -error.errno;
      // Writing to a pipe nobody reads raises SIGPIPE; if that does not kill, write says EPIPE.
      const outcome = this.signals.send(SIGPIPE);
      return typeof outcome === 'number' ? -EPIPE : outcome;
    }
    return total;
  }

  close(fd: number): number {
    return this.fds.close(fd);
  }

  dup(fd: number): number {
    return this.fds.dup(fd);
  }

  dup2(fd: number, target: number): number {
    if (fd === target) return this.fds.isOpen(fd) ? fd : -EBADF;
    return this.fds.dupTo(fd, target, false);
  }

  dup3(fd: number, target: number, flags: number): number {
    if ((flags & ~O_CLOEXEC) !== 0 || fd === target) return -EINVAL;
    return this.fds.dupTo(fd, target, (flags & O_CLOEXEC) !== 0);
  }

  fcntl(fd: number, command: number, arg: number): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    switch (command) {
      case F_DUPFD:
        return this.fds.dup(fd, arg | 0, false);
      case F_DUPFD_CLOEXEC:
        return this.fds.dup(fd, arg | 0, true);
      case F_GETFD:
        return file.cloexec ? FD_CLOEXEC : 0;
      case F_SETFD:
        return this.fds.setCloexec(fd, (arg & FD_CLOEXEC) !== 0);
      case F_GETFL:
        return FdTable.accessMode(file);
      case F_SETFL:
        return 0; // O_APPEND / O_NONBLOCK change nothing for these streams
      default:
        return -EINVAL;
    }
  }

  /** lseek, _llseek, pread64, pwrite64: the streams are pipes or terminals, which cannot seek. */
  seek(fd: number, needs: 'read' | 'write' | 'any' = 'any'): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    if (needs === 'read' && !FdTable.readable(file)) return -EBADF;
    if (needs === 'write' && !FdTable.writable(file)) return -EBADF;
    return -ESPIPE;
  }

  ioctl(access: GuestAccess, fd: number, request: number, arg: number): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    if (!this.isTty(file)) return -ENOTTY;
    switch (request) {
      case TCGETS:
        access.write(arg, this.termios);
        return 0;
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        this.termios = access.read(arg, 36).slice();
        return 0;
      case TIOCGWINSZ:
        access.write(arg, new StructBuilder(8).u16(0, WINDOW_ROWS).u16(2, WINDOW_COLUMNS).bytes);
        return 0;
      case TIOCSWINSZ:
        access.read(arg, 8);
        return 0;
      case TIOCGPGRP:
        access.setU32(arg, GUEST_PID);
        return 0;
      case TIOCSPGRP:
        access.u32(arg);
        return 0;
      default:
        return -ENOTTY;
    }
  }

  /** fstat (old struct stat) and fstat64. */
  fstat(access: GuestAccess, fd: number, buffer: number, layout: 'stat' | 'stat64'): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    const facts = streamFacts(file.stream, this.isTty(file));
    access.write(buffer, layout === 'stat' ? encodeStat(facts) : encodeStat64(facts));
    return 0;
  }

  /** fstatat64(dirfd, path, buf, flags): only the AT_EMPTY_PATH form on an open fd finds anything. */
  fstatat64(access: GuestAccess, dirfd: number, pathPointer: number, buffer: number, flags: number): number {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) return -EINVAL;
    const file = this.emptyPathTarget(access, dirfd, pathPointer, flags);
    if (typeof file === 'number') return file;
    access.write(buffer, encodeStat64(streamFacts(file.stream, this.isTty(file))));
    return 0;
  }

  /** statx(dirfd, path, flags, mask, buf): glibc's fstat on i386 is statx(fd, "", AT_EMPTY_PATH). */
  statx(access: GuestAccess, dirfd: number, pathPointer: number, flags: number, mask: number, buffer: number): number {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) return -EINVAL;
    if (mask & STATX_RESERVED) return -EINVAL;
    const file = this.emptyPathTarget(access, dirfd, pathPointer, flags);
    if (typeof file === 'number') return file;
    access.write(buffer, encodeStatx(streamFacts(file.stream, this.isTty(file))));
    return 0;
  }

  private emptyPathTarget(access: GuestAccess, dirfd: number, pathPointer: number, flags: number): OpenFile | number {
    const path = readPath(access, pathPointer);
    if (typeof path === 'number') return path;
    if (path.length > 0 || (flags & AT_EMPTY_PATH) === 0) return -ENOENT;
    if ((dirfd | 0) === AT_FDCWD) return -ENOENT; // the working directory: the sandbox has none
    return this.fds.get(dirfd) ?? -EBADF;
  }

  /** open, creat, access, stat, ...: the path is read (so a bad pointer is -EFAULT), then nothing is there. */
  pathLookup(access: GuestAccess, pathPointer: number): number {
    const path = readPath(access, pathPointer);
    return typeof path === 'number' ? path : -ENOENT;
  }

  /** readlink(path, buf, size) and readlinkat: only /proc/self/exe resolves. */
  readlink(access: GuestAccess, pathPointer: number, buffer: number, size: number): number {
    if ((size | 0) <= 0) return -EINVAL;
    const path = readPath(access, pathPointer);
    if (typeof path === 'number') return path;
    const name = new TextDecoder('latin1').decode(path);
    const selfExe = ['/proc/self/exe', '/proc/thread-self/exe', `/proc/${GUEST_PID}/exe`];
    if (this.io.exePath === undefined || !selfExe.includes(name)) return -ENOENT;
    // The kernel's answer is always absolute (glibc's _dl_get_origin asserts so): resolve a
    // relative program path against the host's working directory, where the user named it.
    const target = new TextEncoder().encode(resolve(this.io.exePath));
    const length = Math.min(target.length, size);
    access.write(buffer, target.subarray(0, length)); // readlink writes no NUL
    return length;
  }
}

interface Iovec {
  readonly base: number;
  readonly length: number;
}

/** The iovec array of readv/writev ({base, len} pairs), or -errno. */
function readIovecs(access: GuestAccess, pointer: number, count: number): Iovec[] | number {
  const n = count | 0;
  if (n < 0 || n > UIO_MAXIOV) return -EINVAL;
  if (n === 0) return [];
  const words = access.u32s(pointer, n * 2);
  const vectors: Iovec[] = [];
  for (let i = 0; i < n; i++) {
    const length = words[i * 2 + 1];
    if ((length | 0) < 0) return -EINVAL; // an ssize_t below zero
    vectors.push({ base: words[i * 2], length });
  }
  return vectors;
}

/** Linux quietly shortens a transfer to MAX_RW_COUNT bytes in total. */
function clampTotal(vectors: readonly Iovec[]): Iovec[] {
  let left = MAX_RW_COUNT;
  return vectors.map((v) => {
    const length = Math.min(v.length, left);
    left -= length;
    return { base: v.base, length };
  });
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A path argument (getname): -EFAULT if unreadable, -ENAMETOOLONG past PATH_MAX. */
function readPath(access: GuestAccess, pointer: number): Uint8Array | number {
  const path = access.cString(pointer, PATH_MAX - 1);
  return path ?? -ENAMETOOLONG;
}
