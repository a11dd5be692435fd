/**
 * A mirrored disk attached to a machine: one of its devices (ChassisDevice),
 * beside memory and ECC. It owns one physical copy per chassis (the mirror),
 * the guest's file system on it, and the user's image file.
 *
 * As a device it does what the others do, in its own units (4 KiB blocks):
 * - faults aimed at target "disk" come from the machine's injector at their
 *   cycle and strike one chassis' copy (or its whole disk);
 * - a snapshot is the mirror's (copy-on-write: a list of block references)
 *   and, when the file system is settled (`settle()`), its open files: a
 *   snapshot taken then restores whole (a new file-system worker mounts the
 *   restored blocks and reopens those files); one taken between settle
 *   points holds no file system a restore could rebuild;
 * - a chassis' digest is its copy's, so the repair that brings a chassis
 *   back checks its disk with its memory;
 * - `repaired(c)` resyncs chassis c's copy from its write-intent bitmap (the
 *   blocks written while it was away) or whole for a replaced disk. Memory
 *   frames mean nothing to a disk: a resync's frame copies (copyOut with
 *   units) carry nothing for it, as md's bitmap, not the page copy, is what
 *   brings a mirror half up to date.
 * What it needs of the engine besides: the cycle and a place for events
 * (DiskHost), `chassisOffline(c)` when the engine takes a chassis offline,
 * and `finish()` at the end: unmount, scrub every block of every online copy
 * (the copy saved is checked, latent errors anywhere are repaired), write the
 * image back atomically, and keep the copies for inspection if asked.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Hash } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { ChassisDevice } from '../machine/device';
import type { Fault } from '../faults/fault';
import { UserError } from '../errors';
import { DiskFileSystem, FsError, type BlockDevice } from './disk-fs';
import type { OpenFileTable } from './fs-protocol';
import { applyDiskFault } from './disk-faults';
import { BlockStore, ZERO_BLOCK, type BlockStoreSnapshot } from './block-store';
import { loadImage, saveImageAtomically, storedBlocks } from './image-file';
import { DiskIoError, DiskMirror, type DiskEvent, type MirrorSnapshot, type ResyncReport } from './mirror';

export interface DiskHost {
  /** The machine's cycle now. */
  cycle(): bigint;
  /** Evidence and reports (disk-error, disk-repaired, disk-offline, disk-resync-*, fault-injected) as machine events. */
  emit(event: { readonly type: string; readonly [detail: string]: unknown }): void;
}

export interface MachineDiskOptions {
  readonly path: string;
  readonly readOnly: boolean;
  /** Chassis in the topology: one physical copy each. */
  readonly chassis: number;
  /** Cycles after a disk fails until a fresh one is put in and resynced. */
  readonly repairAfter?: bigint;
  /** Write each chassis' copy to DIR/chassis-C.img at the end. */
  readonly keepMirrors?: string;
  /**
   * Leave the image file as it was whatever the guest writes (each run of
   * an experiment starts from the same disk; its outcome is `contentDigest`).
   */
  readonly scratch?: boolean;
  /**
   * One physical copy (chassis 0's) whatever the topology: no mirror. Only to
   * measure what mirroring costs (bench/): a fault or a chassis 0 offline
   * then reaches the guest.
   */
  readonly unmirrored?: boolean;
  /**
   * The machine will be restored after finish(), run after run (a campaign's
   * injections): keep the file system's worker for the mount each restore
   * makes instead of starting one each time; dispose() ends it.
   */
  readonly keepWorker?: boolean;
}

/** A disk as the user gives it to a run: the image, whether it is read-only or a scratch copy, and where to keep the copies. */
export type DiskSetup = Pick<MachineDiskOptions, 'path' | 'readOnly' | 'keepMirrors' | 'scratch' | 'unmirrored' | 'keepWorker'>;

/** A disk's snapshot slot: the mirror (copy-on-write), the disks waiting to be replaced, and the open files of a settled file system. */
export interface DiskState {
  readonly mirror: MirrorSnapshot;
  readonly replaceAt: readonly (readonly [number, bigint])[];
  /** Undefined when the snapshot was taken between settle points: it cannot be restored. */
  readonly files: OpenFileTable | undefined;
}

export class MachineDisk implements ChassisDevice<DiskState, BlockStoreSnapshot | undefined> {
  readonly name = 'disk';
  readonly faultTargets: readonly Fault['target'][] = ['disk'];
  readonly mirror: DiskMirror;
  readonly fs: DiskFileSystem;
  readonly resyncs: ResyncReport[] = [];
  private readonly byteLength: number;
  private replaceAt = new Map<number, bigint>();
  private finished = false;
  /** A settle's reads and writes are the experiment's, not the guest's: a failed disk is not replaced at them. */
  private settling = false;
  private digestOfContents: string | undefined;
  /** Why the file system could not be unmounted cleanly at the end, if it could not. */
  unmountError: string | undefined;
  /** Why the file system could not be settled, if it could not (no copy of the disk left to write to). */
  settleError: string | undefined;

  constructor(
    private readonly options: MachineDiskOptions,
    private readonly host: DiskHost,
  ) {
    const { store, byteLength } = loadImage(options.path);
    this.byteLength = byteLength;
    this.mirror = DiskMirror.ofImage(store, options.unmirrored ? 1 : options.chassis, (e: DiskEvent) => host.emit(e));
    const device: BlockDevice = {
      blockCount: this.mirror.blockCount,
      read: (block) => {
        this.replaceDueDisks();
        return this.mirror.read(block);
      },
      write: (block, data) => {
        this.replaceDueDisks();
        this.mirror.write(block, data);
      },
    };
    try {
      this.fs = new DiskFileSystem(device, { readOnly: options.readOnly, keepWorker: options.keepWorker });
    } catch (error) {
      throw new UserError(`${options.path}: cannot mount its file system (${(error as Error).message})`);
    }
  }

  get blockCount(): number {
    return this.mirror.blockCount;
  }

  /** The engine took chassis c offline (power loss, a lost vote): its copy misses writes from now on. */
  chassisOffline(chassis: number, reason: string): void {
    if (chassis < this.mirror.chassisCount) this.mirror.setOffline(chassis, reason);
  }

  // ---- ChassisDevice ------------------------------------------------------

  /** A fault at its cycle (the injector has recorded it): one copy's block, or its whole disk. */
  inject(fault: Fault): void {
    if (fault.target !== 'disk') throw new Error(`a disk takes disk faults, not ${fault.target} faults`);
    applyDiskFault(this.mirror, fault);
    if (!('block' in fault) && this.options.repairAfter !== undefined) this.replaceAt.set(fault.chassis, this.host.cycle() + this.options.repairAfter);
  }

  /**
   * Bring the file system to a state its blocks hold whole (see
   * DiskFileSystem.settle), so that a snapshot taken now restores. It writes
   * to the disk, so every run that is to be compared with another must settle
   * at the same cycles (a campaign settles at its golden snapshot points).
   * A disk no copy is left of cannot be settled: the file system then says
   * EIO from here on, and the reason is kept.
   */
  settle(): void {
    if (this.finished) return;
    this.settling = true;
    try {
      this.fs.settle();
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      this.settleError ??= error.message;
    } finally {
      this.settling = false;
    }
  }

  save(): DiskState {
    return { mirror: this.mirror.snapshot(), replaceAt: [...this.replaceAt], files: this.fs.settledFiles };
  }

  /** Back to a snapshot taken while settled: its blocks, and a new file-system worker on them with its open files; mounted again even after finish(). */
  restore(saved: DiskState): void {
    if (saved.files === undefined) throw new Error('this disk snapshot was taken between settle points: its file system cannot be rebuilt (settle the disk before taking it)');
    this.mirror.restore(saved.mirror);
    this.replaceAt = new Map(saved.replaceAt);
    this.fs.restart(saved.files);
    this.finished = false;
    this.digestOfContents = undefined;
    this.unmountError = undefined;
    this.settleError = undefined;
  }

  /** Chassis c's whole copy (copy-on-write references); for memory frames (units), nothing: see the header. */
  copyOut(chassis: number, units?: readonly number[]): BlockStoreSnapshot | undefined {
    return units === undefined ? this.mirror.copy(Math.min(chassis, this.mirror.chassisCount - 1)).snapshot() : undefined;
  }

  copyIn(chassis: number, copy: BlockStoreSnapshot | undefined): void {
    if (copy === undefined) return;
    const store = new BlockStore(this.mirror.blockCount);
    store.restore(copy);
    this.mirror.replaceCopy(chassis, store);
  }

  /** The disk keeps its own record of what a copy missed (the write-intent bitmap), not the memory's. */
  changedUnits(): number[] {
    return [];
  }

  trackChanges(): void {}

  digest(chassis: number, hash: Hash): void {
    // Unmirrored, every chassis sees the one copy.
    hash.update(this.mirror.copy(Math.min(chassis, this.mirror.chassisCount - 1)).digest());
  }

  /** Chassis c is coming back: bring its copy up to date before the repair compares digests. */
  repaired(chassis: number): void {
    if (chassis < this.mirror.chassisCount && !this.mirror.isOnline(chassis)) this.resync(chassis);
  }

  private resync(chassis: number): ResyncReport {
    const report = this.mirror.resync(chassis);
    this.resyncs.push(report);
    this.replaceAt.delete(chassis);
    return report;
  }

  /** A failed disk is replaced by a fresh one `repairAfter` cycles later, at the next disk access of the guest or the end (not at a settle). */
  private replaceDueDisks(): void {
    if (this.settling) return;
    const now = this.host.cycle();
    for (const [chassis, due] of this.replaceAt) {
      if (due <= now && this.mirror.onlineChassis().some((c) => c !== chassis)) this.resync(chassis);
    }
  }

  /** Stop the file system without writing anything back or checking anything (the run's disk is of no more use); a restore mounts it again. */
  discard(): void {
    if (this.finished) return;
    this.finished = true;
    this.fs.stop();
  }

  /** End the file system's worker (one kept with `keepWorker`): the disk is of no more use. */
  dispose(): void {
    this.finished = true;
    this.fs.dispose();
  }

  /** SHA-256 of the disk as the guest would read it after the run (set by finish unless read-only): equal digests, equal files. */
  get contentDigest(): string | undefined {
    return this.digestOfContents;
  }

  /**
   * Unmount and write the image back (unless read-only), atomically; keep
   * the copies if asked. Returns what the user should hear, which should be
   * nothing: blocks no copy could read (written as zeros), a file system that
   * could not be unmounted.
   */
  finish(): string[] {
    const lost = this.writeBack();
    const notes: string[] = [];
    if (this.unmountError) notes.push(`the disk's file system could not be unmounted cleanly (${this.unmountError})`);
    if (lost.length > 0) notes.push(`${lost.length} disk block${lost.length === 1 ? '' : 's'} unreadable on every copy, saved as zeros: ${lost.slice(0, 10).join(', ')}${lost.length > 10 ? ', …' : ''}`);
    return notes;
  }

  private writeBack(): number[] {
    if (this.finished) return [];
    this.finished = true;
    try {
      this.fs.close();
    } catch (error) {
      // No copy left to write the file system's last metadata to (a failed single disk): the image keeps what reached it.
      if (!(error instanceof FsError)) throw error;
      this.unmountError = error.message;
    }
    this.replaceDueDisks();
    const lost: number[] = [];
    const contents = createHash('sha256');
    // Every block of every online copy checked (a scrub): the copy saved is good, and latent errors in the others are repaired.
    const block = (b: number): Uint8Array | undefined => {
      let data: Uint8Array | undefined;
      try {
        data = this.mirror.scrub(b);
      } catch (error) {
        if (!(error instanceof DiskIoError)) throw error;
        lost.push(b);
      }
      contents.update(data ?? ZERO_BLOCK);
      return data;
    };
    if (this.options.scratch) {
      for (let b = 0; b < this.mirror.blockCount; b++) block(b);
      this.digestOfContents = contents.digest('hex');
    } else if (!this.options.readOnly) {
      saveImageAtomically(this.options.path, this.byteLength, block);
      this.digestOfContents = contents.digest('hex');
    }
    if (this.options.keepMirrors !== undefined) {
      mkdirSync(this.options.keepMirrors, { recursive: true });
      for (let c = 0; c < this.mirror.chassisCount; c++) {
        saveImageAtomically(join(this.options.keepMirrors, `chassis-${c}.img`), this.byteLength, storedBlocks(this.mirror.copy(c)));
      }
    }
    return lost;
  }
}

