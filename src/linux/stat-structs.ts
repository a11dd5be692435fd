/**
 * What fstat and statx say about the guest's three streams, and the i386
 * struct layouts they say it in (checked with gcc -m32 offsetof against the
 * kernel UAPI headers asm/stat.h and linux/stat.h).
 *
 * A terminal is the character device /dev/pts/0; anything else (pipe, file,
 * /dev/null on the host) is presented as a FIFO, which makes glibc buffer the
 * stream fully, as it would for a pipe or a file. All fields are fixed so that
 * output never depends on the host.
 */
import { StructBuilder } from './guest-access';
import { GUEST_GID, GUEST_UID } from './process-identity';
import { VIRTUAL_EPOCH_SECONDS } from './time-calls';

export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;

/** The tty group that owns /dev/pts/N. */
const TTY_GID = 5;
const UNIX98_PTY_SLAVE_MAJOR = 136;

export interface FileFacts {
  readonly devMajor: number;
  readonly devMinor: number;
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdevMajor: number;
  readonly rdevMinor: number;
  readonly size: number;
  readonly blksize: number;
  readonly blocks: number;
  /** The modification time, seconds since the epoch; atime and ctime too unless given. */
  readonly time: number;
  readonly atime?: number;
  readonly ctime?: number;
}

/** The facts for one of host fds 0/1/2 as the guest sees it. */
export function streamFacts(hostFd: number, isTty: boolean): FileFacts {
  const time = Number(VIRTUAL_EPOCH_SECONDS);
  if (isTty) {
    return {
      devMajor: 0, devMinor: 25, ino: 3, mode: S_IFCHR | 0o620, nlink: 1, uid: GUEST_UID, gid: TTY_GID,
      rdevMajor: UNIX98_PTY_SLAVE_MAJOR, rdevMinor: 0, size: 0, blksize: 1024, blocks: 0, time,
    };
  }
  return {
    devMajor: 0, devMinor: 13, ino: 4000 + hostFd, mode: S_IFIFO | 0o600, nlink: 1, uid: GUEST_UID, gid: GUEST_GID,
    rdevMajor: 0, rdevMinor: 0, size: 0, blksize: 4096, blocks: 0, time,
  };
}

/** Linux new_encode_dev: the dev_t a 32-bit stat carries. */
export function encodeDev(major: number, minor: number): number {
  return ((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/** struct stat (i386, 64 bytes): fstat (108). */
export function encodeStat(f: FileFacts): Uint8Array {
  return new StructBuilder(64)
    .u32(0, encodeDev(f.devMajor, f.devMinor))
    .u32(4, f.ino)
    .u16(8, f.mode)
    .u16(10, f.nlink)
    .u16(12, f.uid)
    .u16(14, f.gid)
    .u32(16, encodeDev(f.rdevMajor, f.rdevMinor))
    .u32(20, f.size)
    .u32(24, f.blksize)
    .u32(28, f.blocks)
    .u32(32, f.atime ?? f.time)
    .u32(40, f.time)
    .u32(48, f.ctime ?? f.time).bytes;
}

/** struct stat64 (i386, 96 bytes, 4-byte aligned long longs): fstat64 (197), fstatat64 (300). */
export function encodeStat64(f: FileFacts): Uint8Array {
  return new StructBuilder(96)
    .u64(0, encodeDev(f.devMajor, f.devMinor))
    .u32(12, f.ino) // __st_ino, the truncated copy
    .u32(16, f.mode)
    .u32(20, f.nlink)
    .u32(24, f.uid)
    .u32(28, f.gid)
    .u64(32, encodeDev(f.rdevMajor, f.rdevMinor))
    .i64(44, f.size)
    .u32(52, f.blksize)
    .u64(56, f.blocks)
    .u32(64, f.atime ?? f.time)
    .u32(72, f.time)
    .u32(80, f.ctime ?? f.time)
    .u64(88, f.ino).bytes;
}

export const STATX_BASIC_STATS = 0x7ff;

/** struct statx (256 bytes): statx (383). Reports the basic stats, no birth time. */
export function encodeStatx(f: FileFacts): Uint8Array {
  const b = new StructBuilder(256)
    .u32(0, STATX_BASIC_STATS)
    .u32(4, f.blksize)
    .u64(8, 0) // stx_attributes
    .u32(16, f.nlink)
    .u32(20, f.uid)
    .u32(24, f.gid)
    .u16(28, f.mode)
    .u64(32, f.ino)
    .u64(40, f.size)
    .u64(48, f.blocks)
    .u64(56, 0); // stx_attributes_mask
  for (const [at, t] of [[64, f.atime ?? f.time], [96, f.ctime ?? f.time], [112, f.time]]) b.i64(at, t).u32(at + 8, 0); // atime, ctime, mtime
  return b
    .u32(128, f.rdevMajor)
    .u32(132, f.rdevMinor)
    .u32(136, f.devMajor)
    .u32(140, f.devMinor).bytes;
}
