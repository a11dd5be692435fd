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
import { FS_ERRNO, type FromWorker, type FsOp, type FsOps, type FsWorkerSetup, type ToWorker } from './fs-protocol';

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
}

export class DiskFileSystem implements GuestFileSystem {
  private readonly worker: Worker;
  private readonly link: SyncEndpoint<FromWorker, ToWorker>;
  private readonly signals: Int32Array;
  private readonly port: import('node:worker_threads').MessagePort;
  private clock: () => number;
  private closed = false;
  /** Writes the disk refused (out of range, or a read-only disk): a bug or a lost block, never silent. */
  failedWrites = 0;

  /** Start the worker and mount the disk; a disk that holds no ext file system throws FsError. */
  constructor(
    private readonly disk: BlockDevice,
    private readonly options: DiskFileSystemOptions = {},
  ) {
    const script = workerScript(import.meta.url, './fs-worker.ts', './fs-worker.js');
    if (!script) throw new Error('the file-system worker script is missing: run `npm run build`');
    const { port1, port2 } = new MessageChannel();
    this.signals = signalWords(1);
    this.port = port1;
    this.link = new SyncEndpoint<FromWorker, ToWorker>(port1, this.signals, 0, 1);
    const setup: FsWorkerSetup = { port: port2, signals: this.signals, readOnly: options.readOnly ?? false };
    this.worker = startWorker(script, setup, [port2]);
    this.worker.unref();
    this.clock = options.clock ?? (() => Date.now());
    try {
      this.call('mount');
    } catch (error) {
      void this.worker.terminate();
      this.closed = true;
      throw error;
    }
  }

  get readOnly(): boolean {
    return this.options.readOnly ?? false;
  }

  /** Carry out one operation; throws FsError with the errno on failure. */
  call<K extends FsOp>(op: K, ...args: FsOps[K]['args']): FsOps[K]['result'] {
    if (this.closed) throw new FsError(FS_ERRNO.EIO, 'the file system is unmounted');
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

  /** Unmount (writing the file system's metadata back to the disk) and stop the worker. */
  close(): void {
    if (this.closed) return;
    try {
      this.call('umount');
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private receive(op: string): FromWorker {
    const deadline = Date.now() + (this.options.timeoutMs ?? 60_000);
    for (;;) {
      const seen = Atomics.load(this.signals, 0);
      const got = receiveMessageOnPort(this.port);
      if (got !== undefined) return got.message as FromWorker;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.signals, 0, seen, Math.min(left, 1000)) === 'timed-out' && Date.now() >= deadline) {
        this.closed = true;
        void this.worker.terminate();
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
