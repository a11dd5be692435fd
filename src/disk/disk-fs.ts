/**
 * The guest's file system, synchronously: each call blocks the calling thread
 * while the file-system worker (fs-worker.ts, libext2fs) carries it out, and
 * serves that worker's disk reads and writes from a block device — the
 * mirror, so every block goes through its checksums, repairs and write-intent
 * bitmaps on this thread, in call order.
 *
 * Why a worker: ext2fs's API and its disk callbacks are async-only
 * (Emscripten Asyncify awaits every block read), and the system-call path is
 * synchronous; a worker plus a blocking channel (as src/parallel does) is the
 * one way to call it from there without patching the library.
 */
import { receiveMessageOnPort, MessageChannel, type Worker } from 'node:worker_threads';
import { SyncEndpoint, signalWords } from '../parallel/sync-channel';
import { startWorker, workerScript } from '../util/worker-script';
import { BLOCK_SIZE } from './block-store';
import { FS_ERRNO, type FromWorker, type FsOp, type FsOps, type FsWorkerSetup, type OpenFileTable, type ToWorker } from './fs-protocol';

/** What the file system needs of a disk: whole 4 KiB blocks, read and written synchronously. */
export interface BlockDevice {
  readonly blockCount: number;
  /** The block's bytes; throws when no copy of it can be read. */
  read(block: number): Uint8Array;
  write(block: number, data: Uint8Array): void;
}

/** A file-system call failed with a Linux errno (the system-call layer returns -errno). */
export class FsError extends Error {
  constructor(
    readonly errno: number,
    message: string,
  ) {
    super(message);
    this.name = 'FsError';
  }
}

/**
 * What the system-call layer needs of the guest's file system: the disk's
 * own (DiskFileSystem), or, on a chassis worker thread, the coordinator's
 * reached through the I/O channel (RemoteFileSystem).
 */
export interface GuestFileSystem {
  readonly readOnly: boolean;
  /** Carry out one operation; throws FsError with the errno on failure. */
  call<K extends FsOp>(op: K, ...args: FsOps[K]['args']): FsOps[K]['result'];
  /** Stamp files with `clock` (milliseconds since the epoch) from now on: the machine's virtual clock. */
  setClock(clock: () => number): void;
  /** The file system's primary superblock as it is on the disk. */
  superblock(): Uint8Array;
}

export interface DiskFileSystemOptions {
  readonly readOnly?: boolean;
  /** Milliseconds since the epoch to stamp files with; the machine gives its virtual clock. */
  readonly clock?: () => number;
  /** How long one call may take before the worker is taken for dead. */
  readonly timeoutMs?: number;
  /**
   * Keep the worker when the file system is closed or stopped, for `restart`
   * to mount again in it (a machine restored for run after run); `dispose`
   * ends it.
   */
  readonly keepWorker?: boolean;
}

export class DiskFileSystem implements GuestFileSystem {
  /** The worker thread, while there is one. */
  private worker: Worker | undefined;
  private link!: SyncEndpoint<FromWorker, ToWorker>;
  private signals!: Int32Array;
  private port!: import('node:worker_threads').MessagePort;
  private clock: () => number;
  /** Mounted in the worker: calls go through. */
  private mounted = false;
  /** The open files as of the last mount or settle, while no call has been made since: then they and the disk are the whole state. */
  private settledAs: OpenFileTable | undefined;
  /** Writes the disk refused (out of range, or a read-only disk): a bug or a lost block, never silent. */
  failedWrites = 0;

  /** Start the worker and mount the disk; a disk that holds no ext file system throws FsError. */
  constructor(
    private readonly disk: BlockDevice,
    private readonly options: DiskFileSystemOptions = {},
  ) {
    this.clock = options.clock ?? (() => Date.now());
    this.mount();
  }

  /** Mount the disk (in a new worker if there is none), reopening `files` if given. */
  private mount(files?: OpenFileTable): void {
    if (!this.worker) this.startWorker();
    try {
      this.settledAs = this.request('mount', files);
      this.mounted = true;
    } catch (error) {
      if (!this.options.keepWorker) this.endWorker();
      throw error;
    }
  }

  private startWorker(): void {
    const script = workerScript(import.meta.url, './fs-worker.ts', './fs-worker.js');
    if (!script) throw new Error('the file-system worker script is missing: run `npm run build`');
    const { port1, port2 } = new MessageChannel();
    this.signals = signalWords(1);
    this.port = port1;
    this.link = new SyncEndpoint<FromWorker, ToWorker>(port1, this.signals, 0, 1);
    const setup: FsWorkerSetup = { port: port2, signals: this.signals, readOnly: this.readOnly };
    this.worker = startWorker(script, setup, [port2]);
    this.worker.unref();
  }

  private endWorker(): void {
    this.mounted = false;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /**
   * Write out everything libext2fs holds only in memory (bitmaps, group
   * descriptors, superblock counts, open files' buffers and inodes) and mount
   * again: from here until the next call, the disk's blocks and the table
   * returned are the file system's whole state (`restart` rebuilds it).
   */
  settle(): OpenFileTable {
    this.settledAs = this.call('settle');
    return this.settledAs;
  }

  /** The open files if the file system is settled (nothing called since a mount or settle), else undefined. */
  get settledFiles(): OpenFileTable | undefined {
    return this.settledAs;
  }

  /**
   * Drop whatever the file system holds, unwritten, and mount the disk as it
   * is now with `files` open: the settled file system those blocks and that
   * table are (the disk's device must already hold the blocks). With
   * `keepWorker` the same worker does it (its library state reset), else a
   * new one.
   */
  restart(files: OpenFileTable): void {
    this.mounted = false;
    if (this.worker && this.options.keepWorker) {
      try {
        this.request('reset');
      } catch {
        this.endWorker(); // whatever went wrong there, a new worker starts clean
      }
    } else {
      this.endWorker();
    }
    this.mount(files);
  }

  get readOnly(): boolean {
    return this.options.readOnly ?? false;
  }

  /** Carry out one operation; throws FsError with the errno on failure. */
  call<K extends FsOp>(op: K, ...args: FsOps[K]['args']): FsOps[K]['result'] {
    if (!this.mounted) throw new FsError(FS_ERRNO.EIO, 'the file system is unmounted');
    this.settledAs = undefined;
    return this.request(op, ...args);
  }

  private request<K extends FsOp>(op: K, ...args: FsOps[K]['args']): FsOps[K]['result'] {
    this.link.send({ type: 'call', op, args, now: this.clock() });
    for (;;) {
      const message = this.receive(op);
      switch (message.type) {
        case 'result':
          return message.value as FsOps[K]['result'];
        case 'error':
          throw new FsError(message.errno, `${op}: ${message.message}`);
        case 'read':
          this.link.send(this.serveRead(message.offset, message.length));
          break;
        case 'write':
          this.serveWrite(message.offset, message.bytes);
          break;
      }
    }
  }

  /** Stamp files with `clock` (milliseconds since the epoch) from now on: the machine's virtual clock. */
  setClock(clock: () => number): void {
    this.clock = clock;
  }

  /** The file system's primary superblock as it is on the disk (its counts as of the last unmount or sync). */
  superblock(): Uint8Array {
    return this.disk.read(0).slice(1024, 2048);
  }

  /** Stop using the file system without unmounting: what it held only in memory is lost, the disk is left as it is. */
  stop(): void {
    if (!this.mounted) return;
    this.mounted = false;
    if (!this.options.keepWorker) this.endWorker();
  }

  /** Unmount (writing the file system's metadata back to the disk) and stop the worker (unless kept). */
  close(): void {
    if (!this.mounted) return;
    try {
      this.request('umount');
    } finally {
      this.mounted = false;
      if (!this.options.keepWorker) this.endWorker();
    }
  }

  /** End the worker, kept or not. */
  dispose(): void {
    this.endWorker();
  }

  private receive(op: string): FromWorker {
    const deadline = Date.now() + (this.options.timeoutMs ?? 60_000);
    for (;;) {
      const seen = Atomics.load(this.signals, 0);
      const got = receiveMessageOnPort(this.port);
      if (got !== undefined) return got.message as FromWorker;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.signals, 0, seen, Math.min(left, 1000)) === 'timed-out' && Date.now() >= deadline) {
        this.endWorker();
        throw new Error(`the file-system worker did not answer (${op})`);
      }
    }
  }

  private serveRead(offset: number, length: number): ToWorker {
    if (offset < 0 || offset + length > this.disk.blockCount * BLOCK_SIZE) return { type: 'io-error' };
    const out = new Uint8Array(length);
    try {
      for (let at = offset; at < offset + length; ) {
        const block = Math.floor(at / BLOCK_SIZE);
        const within = at - block * BLOCK_SIZE;
        const n = Math.min(BLOCK_SIZE - within, offset + length - at);
        out.set(this.disk.read(block).subarray(within, within + n), at - offset);
        at += n;
      }
    } catch {
      return { type: 'io-error' };
    }
    return { type: 'data', bytes: out };
  }

  /** Apply a write the worker sent without waiting; one that fails leaves the disk as it was and is counted. */
  private serveWrite(offset: number, bytes: Uint8Array): void {
    if (this.readOnly || offset < 0 || offset + bytes.length > this.disk.blockCount * BLOCK_SIZE) {
      this.failedWrites++;
      return;
    }
    try {
      for (let at = offset; at < offset + bytes.length; ) {
        const block = Math.floor(at / BLOCK_SIZE);
        const within = at - block * BLOCK_SIZE;
        const n = Math.min(BLOCK_SIZE - within, offset + bytes.length - at);
        const data = n === BLOCK_SIZE ? bytes.subarray(at - offset, at - offset + n) : this.disk.read(block).slice();
        if (n !== BLOCK_SIZE) data.set(bytes.subarray(at - offset, at - offset + n), within);
        this.disk.write(block, data);
        at += n;
      }
    } catch {
      this.failedWrites++;
    }
  }
}
