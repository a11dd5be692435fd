/**
 * What the main thread and the file-system worker say to each other. The
 * main thread calls a file-system operation and blocks; while it runs, the
 * worker asks for disk bytes (read/write) and the main thread serves them
 * from the mirror, then the worker answers the call. So every block the file
 * system touches goes through the mirror's checks on the main thread, in the
 * order the operations happen, and the run stays deterministic.
 */

/** A file's status as the file system reports it (times in milliseconds since the epoch). */
export interface FileStat {
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** 512-byte sectors allocated. */
  readonly blocks: number;
  readonly blksize: number;
  readonly atimeMs: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

export interface DirEntry {
  readonly name: string;
  readonly ino: number;
  readonly mode: number;
}

/**
 * The files the worker holds open, as plain data. After a mount or a settle
 * the library holds nothing the disk does not (its bitmaps, descriptors,
 * superblock and file buffers are written, its caches agree with the disk),
 * so the disk's blocks and this table are the file system's whole state: a
 * new worker mounting those blocks and reopening these files is the same
 * file system.
 */
export interface OpenFileTable {
  /** The handle the next open gets. */
  readonly nextHandle: number;
  /** In the worker's order (its open inodes, oldest first). */
  readonly files: readonly OpenInode[];
}

export interface OpenInode {
  readonly ino: number;
  /** Where it is reopened: its name, or /.ftvm-orphan-INO once unlinked while open. */
  readonly path: string;
  readonly dir: boolean;
  /** Unlinked while open: removed at its last close. */
  readonly orphan: boolean;
  /** The handles open on it, ascending (the guest's open files hold them; one library handle serves them all). */
  readonly handles: readonly number[];
}

/** The operations, their arguments and results. Paths are absolute and normalised. */
export interface FsOps {
  /** Mount the disk, and reopen a table's files (restoring a settled file system). */
  mount: { args: [files?: OpenFileTable]; result: OpenFileTable };
  /** Write out everything the library holds in memory and mount again: see OpenFileTable. */
  settle: { args: []; result: OpenFileTable };
  /** Forget the mount, if any, writing nothing: the worker is as new, ready to mount. */
  reset: { args: []; result: void };
  umount: { args: []; result: void };
  open: { args: [path: string, flags: number, mode: number]; result: { handle: number; stat: FileStat } };
  close: { args: [handle: number]; result: void };
  read: { args: [handle: number, length: number, position: number]; result: Uint8Array };
  write: { args: [handle: number, bytes: Uint8Array, position: number]; result: number };
  /** Append at the end of the file: the bytes written and the new size. */
  append: { args: [handle: number, bytes: Uint8Array]; result: { written: number; size: number } };
  truncate: { args: [handle: number, length: number]; result: void };
  fstat: { args: [handle: number]; result: FileStat };
  stat: { args: [path: string]; result: FileStat };
  lstat: { args: [path: string]; result: FileStat };
  readdir: { args: [path: string]; result: DirEntry[] };
  mkdir: { args: [path: string, mode: number]; result: void };
  rmdir: { args: [path: string]; result: void };
  unlink: { args: [path: string]; result: void };
  rename: { args: [from: string, to: string]; result: void };
  link: { args: [existing: string, path: string]; result: void };
  symlink: { args: [target: string, path: string]; result: void };
  readlink: { args: [path: string]; result: string };
  chmod: { args: [path: string, mode: number]; result: void };
  fchmod: { args: [handle: number, mode: number]; result: void };
  /** Set a regular file's access and modification times (ms; null leaves one as it is); ctime becomes the mtime given. */
  utimes: { args: [path: string, atimeMs: number | null, mtimeMs: number | null]; result: void };
}

export type FsOp = keyof FsOps;

export type ToWorker =
  | { readonly type: 'call'; readonly op: FsOp; readonly args: unknown[]; readonly now: number }
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  | { readonly type: 'io-error' };

export type FromWorker =
  | { readonly type: 'read'; readonly offset: number; readonly length: number }
  /** Sent without waiting for an answer: the main thread applies writes in order. */
  | { readonly type: 'write'; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'error'; readonly errno: number; readonly message: string };

export interface FsWorkerSetup {
  readonly port: MessagePort | import('node:worker_threads').MessagePort;
  readonly signals: Int32Array;
  readonly readOnly: boolean;
}

/** Linux errno values the file system returns (asm-generic/errno*.h). */
export const FS_ERRNO = {
  EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, ENOMEM: 12, EACCES: 13, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENOTDIR: 20, EISDIR: 21,
  EINVAL: 22, EMFILE: 24, EFBIG: 27, ENOSPC: 28, EROFS: 30, EMLINK: 31, ENAMETOOLONG: 36, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40,
} as const;

/** Linux open(2) flags (i386), as the guest passes them and the worker takes them. */
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_ACCMODE = 3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_NOATIME = 0o1000000;

/** File types in st_mode. */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
