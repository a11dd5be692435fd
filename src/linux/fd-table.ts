/**
 * The guest's file descriptors. The sandbox gives it exactly three open
 * files, the host's stdin, stdout and stderr; dup/dup2/fcntl can make more
 * descriptors for them and close can drop them, but nothing can open another.
 */
import { EBADF, EINVAL, EMFILE } from './errno';

/** Which host stream a descriptor refers to: host fd 0, 1 or 2. */
export type StreamId = 0 | 1 | 2;

export interface OpenFile {
  /** The host stream, for the three the guest starts with (meaningless when `file` is set). */
  readonly stream: StreamId;
  readonly cloexec: boolean;
  /** An open file description of FsCalls (a disk file or a /dev node), shared by the descriptors dup'd from it. */
  readonly file?: number;
}

/** RLIMIT_NOFILE's soft limit: descriptors are numbered below it. */
export const MAX_FDS = 1024;

export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CLOEXEC = 0o2000000;
export const O_LARGEFILE = 0o100000;

export type FdTableState = readonly [number, OpenFile][];

export class FdTable {
  private readonly fds = new Map<number, OpenFile>();

  constructor(state?: FdTableState) {
    const initial: FdTableState = state ?? [[0, { stream: 0, cloexec: false }], [1, { stream: 1, cloexec: false }], [2, { stream: 2, cloexec: false }]];
    for (const [fd, file] of initial) this.fds.set(fd, { ...file });
  }

  save(): FdTableState {
    return [...this.fds].map(([fd, file]) => [fd, { ...file }]);
  }

  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  isOpen(fd: number): boolean {
    return this.fds.has(fd);
  }

  /** The access mode the descriptor was "opened" with: stdin reads, stdout and stderr write. */
  static accessMode(file: OpenFile): number {
    return file.stream === 0 ? O_RDONLY : O_WRONLY;
  }

  static readable(file: OpenFile): boolean {
    return FdTable.accessMode(file) !== O_WRONLY;
  }

  static writable(file: OpenFile): boolean {
    return FdTable.accessMode(file) !== O_RDONLY;
  }

  close(fd: number): number {
    return this.fds.delete(fd) ? 0 : -EBADF;
  }

  /** dup / F_DUPFD: the lowest free descriptor at or above `from`. */
  dup(fd: number, from = 0, cloexec = false): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    if (from < 0 || from >= MAX_FDS) return -EINVAL;
    for (let n = from; n < MAX_FDS; n++) {
      if (!this.fds.has(n)) {
        this.fds.set(n, { ...file, cloexec });
        return n;
      }
    }
    return -EMFILE;
  }

  /** dup2 / dup3: `target` becomes a copy of `fd`, closing what it was. */
  dupTo(fd: number, target: number, cloexec: boolean): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    if (target < 0 || target >= MAX_FDS) return -EBADF;
    if (target !== fd) this.fds.set(target, { ...file, cloexec });
    return target;
  }

  /** open: `file` at the lowest free descriptor, or -EMFILE. */
  install(file: OpenFile): number {
    for (let n = 0; n < MAX_FDS; n++) {
      if (!this.fds.has(n)) {
        this.fds.set(n, { ...file });
        return n;
      }
    }
    return -EMFILE;
  }

  /** Whether any descriptor still refers to open file description `file`. */
  refersTo(file: number): boolean {
    for (const f of this.fds.values()) if (f.file === file) return true;
    return false;
  }

  setCloexec(fd: number, cloexec: boolean): number {
    const file = this.fds.get(fd);
    if (!file) return -EBADF;
    this.fds.set(fd, { ...file, cloexec });
    return 0;
  }
}
