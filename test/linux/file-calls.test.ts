import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostIoError, type ByteSink } from '../../src/linux';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const EBADF = -9, EFAULT = -14, EINVAL = -22, ENOENT = -2, ENOTTY = -25, ESPIPE = -29, EPIPE = -32, ENAMETOOLONG = -36;
const AT_FDCWD = -100 >>> 0;
const AT_EMPTY_PATH = 0x1000;
const TCGETS = 0x5401, TCSETS = 0x5402, TIOCGWINSZ = 0x5413;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('write and writev', () => {
  it('sends bytes to stdout and stderr, refuses stdin and unknown fds', () => {
    const k = makeKernel();
    k.put(SCRATCH, text('hello\n'));
    expect(k.call('write', 1, SCRATCH, 6)).toBe(6);
    expect(k.call('write', 2, SCRATCH, 2)).toBe(2);
    expect(k.stdout.text()).toBe('hello\n');
    expect(k.stderr.text()).toBe('he');
    expect(k.call('write', 0, SCRATCH, 1)).toBe(EBADF);
    expect(k.call('write', 7, SCRATCH, 1)).toBe(EBADF);
    expect(k.call('write', -1 >>> 0, SCRATCH, 1)).toBe(EBADF);
    expect(k.call('write', 1, SCRATCH, 0)).toBe(0);
    expect(k.stdout.writes).toBe(1);
  });

  it('faults on an unmapped buffer, and writes the mapped prefix of a partly mapped one', () => {
    const k = makeKernel();
    expect(k.call('write', 1, UNMAPPED, 4)).toBe(EFAULT);
    k.put(SCRATCH + 0x3ffe, text('ab'));
    expect(k.call('write', 1, SCRATCH + 0x3ffe, 100)).toBe(2); // the next page is unmapped
    expect(k.stdout.text()).toBe('ab');
  });

  it('writev gathers every iovec into one write', () => {
    const k = makeKernel();
    k.put(SCRATCH + 0x100, text('Hello, '));
    k.put(SCRATCH + 0x200, text('world'));
    k.put(SCRATCH + 0x300, text('!\n'));
    k.words(SCRATCH, SCRATCH + 0x100, 7, SCRATCH + 0x200, 5, SCRATCH + 0x300, 0, SCRATCH + 0x300, 2);
    expect(k.call('writev', 1, SCRATCH, 4)).toBe(14);
    expect(k.stdout.text()).toBe('Hello, world!\n');
    expect(k.stdout.writes).toBe(1);
    expect(k.call('writev', 1, SCRATCH, 0)).toBe(0);
    expect(k.call('writev', 1, SCRATCH, 1025)).toBe(EINVAL);
    expect(k.call('writev', 1, SCRATCH, -1 >>> 0)).toBe(EINVAL);
    expect(k.call('writev', 1, UNMAPPED, 1)).toBe(EFAULT);
    k.words(SCRATCH, SCRATCH + 0x100, 0x80000000);
    expect(k.call('writev', 1, SCRATCH, 1)).toBe(EINVAL);
    // a faulting second iovec: what came before it is written
    k.words(SCRATCH, SCRATCH + 0x100, 7, UNMAPPED, 5);
    expect(k.call('writev', 2, SCRATCH, 2)).toBe(7);
    expect(k.stderr.text()).toBe('Hello, ');
  });

  it('a broken pipe raises SIGPIPE: the process dies with 141, or gets -EPIPE if it ignores the signal', () => {
    const broken: ByteSink = { write: () => { throw new HostIoError(32, 'EPIPE'); } };
    const k = makeKernel({ stdout: broken });
    k.put(SCRATCH, text('x'));
    expect(k.outcome('write', 1, SCRATCH, 1)).toEqual({ kind: 'exit', status: 141, signal: 13 });
    k.words(SCRATCH + 0x100, 1 /* SIG_IGN */, 0, 0, 0, 0);
    expect(k.call('rt_sigaction', 13, SCRATCH + 0x100, 0, 8)).toBe(0);
    expect(k.call('write', 1, SCRATCH, 1)).toBe(EPIPE);
    const failing: ByteSink = { write: () => { throw new HostIoError(28, 'ENOSPC'); } };
    expect(makeKernel({ stderr: failing }).call('write', 2, SCRATCH, 0)).toBe(0);
    const k2 = makeKernel({ stderr: failing });
    k2.put(SCRATCH, text('x'));
    expect(k2.call('write', 2, SCRATCH, 1)).toBe(-28);
  });
});

describe('read and readv', () => {
  it('reads stdin into guest memory until end of file', () => {
    const k = makeKernel({ input: 'line one\nline two\n' });
    expect(k.call('read', 0, SCRATCH, 9)).toBe(9);
    expect(k.memory.cString(SCRATCH).slice(0, 9)).toBe('line one\n');
    expect(k.call('read', 0, SCRATCH + 0x100, 100)).toBe(9);
    expect(new TextDecoder().decode(k.memory.read(SCRATCH + 0x100, 9))).toBe('line two\n');
    expect(k.call('read', 0, SCRATCH, 100)).toBe(0);
    expect(k.call('read', 1, SCRATCH, 1)).toBe(EBADF);
    expect(k.call('read', 9, SCRATCH, 1)).toBe(EBADF);
  });

  it('returns short reads as a pipe does', () => {
    const k = makeKernel({ input: 'abcdef', inputChunk: 4 });
    expect(k.call('read', 0, SCRATCH, 100)).toBe(4);
    expect(k.call('read', 0, SCRATCH, 100)).toBe(2);
  });

  it('faults without consuming input, and fills only the mapped prefix', () => {
    const k = makeKernel({ input: 'abcdef' });
    expect(k.call('read', 0, UNMAPPED, 4)).toBe(EFAULT);
    expect(k.call('read', 0, SCRATCH + 0x3ffd, 10)).toBe(3);
    expect(k.memory.read(SCRATCH + 0x3ffd, 3)).toEqual(text('abc'));
    expect(k.call('read', 0, SCRATCH, 10)).toBe(3);
    expect(k.memory.read(SCRATCH, 3)).toEqual(text('def'));
  });

  it('readv scatters one read over the iovecs', () => {
    const k = makeKernel({ input: 'abcdefgh' });
    k.words(SCRATCH, SCRATCH + 0x100, 3, SCRATCH + 0x200, 10);
    expect(k.call('readv', 0, SCRATCH, 2)).toBe(8);
    expect(k.memory.read(SCRATCH + 0x100, 3)).toEqual(text('abc'));
    expect(k.memory.read(SCRATCH + 0x200, 5)).toEqual(text('defgh'));
    expect(k.call('readv', 2, SCRATCH, 2)).toBe(EBADF);
  });
});

describe('descriptors', () => {
  it('close, dup, dup2, dup3 and fcntl manage copies of the three streams', () => {
    const k = makeKernel();
    k.put(SCRATCH, text('x'));
    expect(k.call('dup', 2)).toBe(3);
    expect(k.call('write', 3, SCRATCH, 1)).toBe(1);
    expect(k.stderr.text()).toBe('x');
    expect(k.call('close', 1)).toBe(0);
    expect(k.call('write', 1, SCRATCH, 1)).toBe(EBADF);
    expect(k.call('close', 1)).toBe(EBADF);
    expect(k.call('dup', 0)).toBe(1); // lowest free
    expect(k.call('dup2', 2, 10)).toBe(10);
    expect(k.call('write', 10, SCRATCH, 1)).toBe(1);
    expect(k.call('dup2', 10, 10)).toBe(10);
    expect(k.call('dup2', 11, 11)).toBe(EBADF);
    expect(k.call('dup3', 2, 2, 0)).toBe(EINVAL);
    expect(k.call('dup3', 2, 12, 0o2000000)).toBe(12);
    expect(k.call('fcntl64', 12, 1 /* F_GETFD */, 0)).toBe(1);
    expect(k.call('fcntl64', 12, 2 /* F_SETFD */, 0)).toBe(0);
    expect(k.call('fcntl64', 12, 1, 0)).toBe(0);
    expect(k.call('fcntl64', 0, 3 /* F_GETFL */, 0)).toBe(0); // O_RDONLY
    expect(k.call('fcntl', 2, 3, 0)).toBe(1); // O_WRONLY
    expect(k.call('fcntl', 2, 0 /* F_DUPFD */, 20)).toBe(20);
    expect(k.call('fcntl', 2, 1030 /* F_DUPFD_CLOEXEC */, 20)).toBe(21);
    expect(k.call('fcntl', 2, 5 /* F_GETLK */, 0)).toBe(EINVAL);
    expect(k.call('fcntl', 40, 1, 0)).toBe(EBADF);
  });

  it('streams cannot seek', () => {
    const k = makeKernel();
    expect(k.call('lseek', 0, 0, 0)).toBe(ESPIPE);
    expect(k.call('_llseek', 1, 0, 0, SCRATCH, 0)).toBe(ESPIPE);
    expect(k.call('pread64', 1, SCRATCH, 1, 0, 0)).toBe(EBADF);
    expect(k.call('pread64', 0, SCRATCH, 1, 0, 0)).toBe(ESPIPE);
    expect(k.call('lseek', 5, 0, 0)).toBe(EBADF);
  });
});

describe('paths: the sandbox has none', () => {
  it('open, openat, stat64, access... give -ENOENT, -EFAULT on a bad pointer, -ENAMETOOLONG past PATH_MAX', () => {
    const k = makeKernel();
    k.put(SCRATCH, '/etc/passwd');
    expect(k.call('open', SCRATCH, 0, 0)).toBe(ENOENT);
    expect(k.call('openat', AT_FDCWD, SCRATCH, 0, 0)).toBe(ENOENT);
    expect(k.call('stat64', SCRATCH, SCRATCH + 0x100)).toBe(ENOENT);
    expect(k.call('access', SCRATCH, 0)).toBe(ENOENT);
    expect(k.call('faccessat', AT_FDCWD, SCRATCH, 0)).toBe(ENOENT);
    expect(k.call('open', UNMAPPED, 0, 0)).toBe(EFAULT);
    k.put(SCRATCH, 'a'.repeat(5000));
    expect(k.call('open', SCRATCH, 0, 0)).toBe(ENAMETOOLONG);
    k.put(SCRATCH + 0x3ffe, [0x61, 0x62]); // runs into an unmapped page
    expect(k.call('open', SCRATCH + 0x3ffe, 0, 0)).toBe(EFAULT);
  });

  it('readlink resolves /proc/self/exe to the program path, without a NUL, truncated to the buffer', () => {
    const k = makeKernel({ exePath: '/home/user/prog' });
    k.put(SCRATCH, '/proc/self/exe');
    expect(k.call('readlink', SCRATCH, SCRATCH + 0x100, 4096)).toBe(15);
    expect(new TextDecoder().decode(k.memory.read(SCRATCH + 0x100, 15))).toBe('/home/user/prog');
    expect(k.memory.read(SCRATCH + 0x10f, 1)[0]).toBe(0); // untouched scratch
    expect(k.call('readlink', SCRATCH, SCRATCH + 0x200, 5)).toBe(5);
    expect(new TextDecoder().decode(k.memory.read(SCRATCH + 0x200, 5))).toBe('/home');
    expect(k.call('readlinkat', AT_FDCWD, SCRATCH, SCRATCH + 0x100, 4096)).toBe(15);
    expect(k.call('readlink', SCRATCH, SCRATCH + 0x100, 0)).toBe(EINVAL);
    expect(k.call('readlink', SCRATCH, UNMAPPED, 100)).toBe(EFAULT);
    k.put(SCRATCH, '/proc/self/cwd');
    expect(k.call('readlink', SCRATCH, SCRATCH + 0x100, 100)).toBe(ENOENT);
    // a relative program path reads back absolute, as Linux gives it (glibc asserts a leading '/')
    const relative = makeKernel({ exePath: './bin/prog' });
    relative.put(SCRATCH, '/proc/self/exe');
    const expected = resolve('./bin/prog');
    expect(relative.call('readlink', SCRATCH, SCRATCH + 0x100, 4096)).toBe(expected.length);
    expect(new TextDecoder().decode(relative.memory.read(SCRATCH + 0x100, expected.length))).toBe(expected);
    const anonymous = makeKernel();
    anonymous.put(SCRATCH, '/proc/self/exe');
    expect(anonymous.call('readlink', SCRATCH, SCRATCH + 0x100, 100)).toBe(ENOENT);
  });
});

describe('fstat, fstat64, fstatat64, statx', () => {
  it('describes a pipe in struct stat64 (96 bytes, i386 layout)', () => {
    const k = makeKernel();
    k.put(SCRATCH, new Uint8Array(96).fill(0xee));
    expect(k.call('fstat64', 1, SCRATCH)).toBe(0);
    const m = k.memory;
    expect(m.u32(SCRATCH)).toBe(13); // st_dev 0:13 (pipefs)
    expect(m.u32(SCRATCH + 12)).toBe(4001); // __st_ino
    expect(m.u32(SCRATCH + 16)).toBe(0o10600); // S_IFIFO | 0600
    expect(m.u32(SCRATCH + 20)).toBe(1); // nlink
    expect(m.u32(SCRATCH + 24)).toBe(1000); // uid
    expect(m.u32(SCRATCH + 28)).toBe(1000); // gid
    expect(m.u32(SCRATCH + 52)).toBe(4096); // blksize
    expect(m.u32(SCRATCH + 64)).toBe(1704067200); // atime
    expect(m.u32(SCRATCH + 88)).toBe(4001); // st_ino
    expect(m.u32(SCRATCH + 92)).toBe(0);
    expect(m.read(SCRATCH + 96, 1)[0]).toBe(0); // nothing written past the struct
  });

  it('describes a terminal as /dev/pts/0 and refuses bad fds and pointers', () => {
    const k = makeKernel({ isTty: (fd) => fd === 1 });
    expect(k.call('fstat64', 1, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH + 16)).toBe(0o20620); // S_IFCHR | 0620
    expect(k.memory.u32(SCRATCH + 32)).toBe(0x8800); // st_rdev 136:0
    expect(k.memory.u32(SCRATCH + 28)).toBe(5); // tty group
    expect(k.call('fstat64', 5, SCRATCH)).toBe(EBADF);
    expect(k.call('fstat64', 1, UNMAPPED)).toBe(EFAULT);
  });

  it('fills the old struct stat (64 bytes) with 16-bit mode and ids', () => {
    const k = makeKernel();
    expect(k.call('fstat', 0, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(13);
    expect(k.memory.u32(SCRATCH + 4)).toBe(4000);
    expect(k.memory.u16(SCRATCH + 8)).toBe(0o10600);
    expect(k.memory.u16(SCRATCH + 10)).toBe(1);
    expect(k.memory.u16(SCRATCH + 12)).toBe(1000);
    expect(k.memory.u32(SCRATCH + 24)).toBe(4096);
    expect(k.memory.u32(SCRATCH + 40)).toBe(1704067200);
  });

  it('statx(fd, "", AT_EMPTY_PATH) fills struct statx as glibc fstat asks it', () => {
    const k = makeKernel();
    k.put(SCRATCH, '');
    expect(k.call('statx', 1, SCRATCH, AT_EMPTY_PATH | 0x800, 0x7ff, SCRATCH + 0x100)).toBe(0);
    const at = SCRATCH + 0x100;
    const m = k.memory;
    expect(m.u32(at)).toBe(0x7ff); // stx_mask = STATX_BASIC_STATS
    expect(m.u32(at + 4)).toBe(4096); // stx_blksize
    expect(m.u32(at + 16)).toBe(1); // stx_nlink
    expect(m.u32(at + 20)).toBe(1000); // stx_uid
    expect(m.u16(at + 28)).toBe(0o10600); // stx_mode
    expect(m.u32(at + 32)).toBe(4001); // stx_ino
    expect(m.u32(at + 64)).toBe(1704067200); // stx_atime.tv_sec
    expect(m.u32(at + 96)).toBe(1704067200); // stx_ctime
    expect(m.u32(at + 112)).toBe(1704067200); // stx_mtime
    expect(m.u32(at + 136)).toBe(0); // stx_dev_major
    expect(m.u32(at + 140)).toBe(13); // stx_dev_minor
  });

  it('statx and fstatat64 find nothing by path, and check flags, fds and pointers', () => {
    const k = makeKernel();
    k.put(SCRATCH, '');
    k.put(SCRATCH + 0x10, 'file');
    const buf = SCRATCH + 0x100;
    expect(k.call('statx', 1, SCRATCH, 0, 0x7ff, buf)).toBe(ENOENT); // empty path without AT_EMPTY_PATH
    expect(k.call('statx', AT_FDCWD, SCRATCH + 0x10, 0, 0x7ff, buf)).toBe(ENOENT);
    expect(k.call('statx', AT_FDCWD, SCRATCH, AT_EMPTY_PATH, 0x7ff, buf)).toBe(ENOENT);
    expect(k.call('statx', 9, SCRATCH, AT_EMPTY_PATH, 0x7ff, buf)).toBe(EBADF);
    expect(k.call('statx', 1, SCRATCH, 0x1, 0x7ff, buf)).toBe(EINVAL);
    expect(k.call('statx', 1, SCRATCH, AT_EMPTY_PATH, 0x80000000, buf)).toBe(EINVAL);
    expect(k.call('statx', 1, UNMAPPED, AT_EMPTY_PATH, 0x7ff, buf)).toBe(EFAULT);
    expect(k.call('statx', 1, SCRATCH, AT_EMPTY_PATH, 0x7ff, UNMAPPED)).toBe(EFAULT);
    expect(k.call('fstatat64', 2, SCRATCH, buf, AT_EMPTY_PATH)).toBe(0);
    expect(k.memory.u32(buf + 16)).toBe(0o10600);
    expect(k.call('fstatat64', AT_FDCWD, SCRATCH + 0x10, buf, 0)).toBe(ENOENT);
    expect(k.call('fstatat64', 2, SCRATCH, buf, 0x2)).toBe(EINVAL);
  });
});

describe('ioctl', () => {
  it('answers TCGETS and TIOCGWINSZ on a terminal and keeps what TCSETS sets', () => {
    const k = makeKernel({ isTty: () => true });
    expect(k.call('ioctl', 1, TCGETS, SCRATCH)).toBe(0);
    const m = k.memory;
    expect(m.u32(SCRATCH)).toBe(0o400 | 0o2000 | 0o40000); // c_iflag ICRNL IXON IUTF8
    expect(m.u32(SCRATCH + 4)).toBe(5); // c_oflag OPOST ONLCR
    expect(m.u32(SCRATCH + 12) & 2).toBe(2); // c_lflag ICANON
    expect(m.read(SCRATCH + 17, 7)).toEqual(Uint8Array.of(3, 0x1c, 0x7f, 0x15, 4, 0, 1)); // c_cc
    expect(k.call('ioctl', 0, TIOCGWINSZ, SCRATCH + 0x100)).toBe(0);
    expect(m.u16(SCRATCH + 0x100)).toBe(24);
    expect(m.u16(SCRATCH + 0x102)).toBe(80);
    m.setU32(SCRATCH + 12, 0); // raw mode
    expect(k.call('ioctl', 0, TCSETS, SCRATCH)).toBe(0);
    expect(k.call('ioctl', 2, TCGETS, SCRATCH + 0x200)).toBe(0);
    expect(m.u32(SCRATCH + 0x200 + 12)).toBe(0);
    expect(k.call('ioctl', 1, TCGETS, UNMAPPED)).toBe(EFAULT);
    expect(k.call('ioctl', 1, 0x1234, SCRATCH)).toBe(ENOTTY);
  });

  it('is -ENOTTY on a pipe and -EBADF on a closed fd', () => {
    const k = makeKernel();
    expect(k.call('ioctl', 1, TCGETS, SCRATCH)).toBe(ENOTTY);
    expect(k.call('ioctl', 1, TIOCGWINSZ, SCRATCH)).toBe(ENOTTY);
    expect(k.call('ioctl', 4, TCGETS, SCRATCH)).toBe(EBADF);
  });
});
