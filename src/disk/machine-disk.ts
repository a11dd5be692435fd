/**
 * A mirrored disk attached to a machine: the device the engine sees. It owns
 * one physical copy per chassis (the mirror), the guest's file system on it,
 * the disk faults of the run and the user's image file.
 *
 * The seam to the engine is deliberately thin (DiskHost plus three calls):
 * - the engine tells it the cycle (faults and repairs fall due by it; the
 *   disk is only touched by system calls, so a fault applied at the first
 *   access at or after its cycle is indistinguishable from one applied at
 *   its cycle) and takes its evidence as machine events;
 * - `chassisOffline(c)` when the engine takes a chassis offline (its copy
 *   starts a write-intent bitmap), `chassisRestored(c)` when the engine has
 *   brought it back (the copy is resynced from that bitmap and checked by
 *   digest);
 * - `finish()` at the end: unmount, write the image back atomically (every
 *   block read through the mirror, so the copy saved is checked and
 *   repaired), and keep the copies for inspection if asked.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { DiskFileSystem, type BlockDevice } from './disk-fs';
import { applyDiskFault, checkDiskFault, type DiskFault } from './disk-faults';
import { loadImage, saveImageAtomically, storedBlocks } from './image-file';
import { DiskIoError, DiskMirror, type DiskEvent, type ResyncReport } from './mirror';

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
  readonly faults?: readonly DiskFault[];
  /** Cycles after a disk fails until a fresh one is put in and resynced. */
  readonly repairAfter?: bigint;
  /** Write each chassis' copy to DIR/chassis-C.img at the end. */
  readonly keepMirrors?: string;
}

/** A disk as the user gives it to a run: the image, whether it is read-only, its faults and where to keep the copies. */
export type DiskSetup = Pick<MachineDiskOptions, 'path' | 'readOnly' | 'faults' | 'keepMirrors'>;

export class MachineDisk {
  readonly mirror: DiskMirror;
  readonly fs: DiskFileSystem;
  readonly resyncs: ResyncReport[] = [];
  private readonly byteLength: number;
  private readonly pending: DiskFault[];
  private readonly replaceAt = new Map<number, bigint>();
  private finished = false;

  constructor(
    private readonly options: MachineDiskOptions,
    private readonly host: DiskHost,
  ) {
    const { store, byteLength } = loadImage(options.path);
    this.byteLength = byteLength;
    this.mirror = DiskMirror.ofImage(store, options.chassis, (e: DiskEvent) => host.emit(e));
    (options.faults ?? []).forEach((f, i) => checkDiskFault(f, options.chassis, store.blockCount, `disk fault ${i + 1}`));
    this.pending = [...(options.faults ?? [])].sort((a, b) => a.at - b.at);
    const device: BlockDevice = {
      blockCount: this.mirror.blockCount,
      read: (block) => {
        this.catchUp();
        return this.mirror.read(block);
      },
      write: (block, data) => {
        this.catchUp();
        this.mirror.write(block, data);
      },
    };
    try {
      this.fs = new DiskFileSystem(device, { readOnly: options.readOnly });
    } catch (error) {
      throw new UserError(`${options.path}: cannot mount its file system (${(error as Error).message})`);
    }
  }

  /** The engine took chassis c offline (power loss, a lost vote): its copy misses writes from now on. */
  chassisOffline(chassis: number, reason: string): void {
    this.mirror.setOffline(chassis, reason);
  }

  /** The engine brought chassis c back: resync its copy (only what it missed, unless its disk was replaced). */
  chassisRestored(chassis: number): ResyncReport | undefined {
    if (this.mirror.isOnline(chassis)) return undefined;
    return this.resync(chassis);
  }

  private resync(chassis: number): ResyncReport {
    const report = this.mirror.resync(chassis);
    this.resyncs.push(report);
    this.replaceAt.delete(chassis);
    return report;
  }

  /** Apply the faults and disk replacements that have fallen due. */
  private catchUp(): void {
    const now = this.host.cycle();
    while (this.pending.length > 0 && BigInt(this.pending[0].at) <= now) {
      const fault = this.pending.shift()!;
      this.host.emit({ type: 'fault-injected', chassis: fault.chassis, fault, reason: describeFault(fault) });
      applyDiskFault(this.mirror, fault);
      if (!('block' in fault) && this.options.repairAfter !== undefined) this.replaceAt.set(fault.chassis, now + this.options.repairAfter);
    }
    for (const [chassis, due] of this.replaceAt) {
      if (due <= now && this.mirror.onlineChassis().some((c) => c !== chassis)) this.resync(chassis);
    }
  }

  /**
   * Unmount and write the image back (unless read-only), atomically; keep
   * the copies if asked. Returns the blocks no copy could read (written as
   * zeros), which should be none.
   */
  finish(): number[] {
    if (this.finished) return [];
    this.finished = true;
    this.fs.close();
    this.catchUp();
    const lost: number[] = [];
    if (!this.options.readOnly) {
      // Every block through the mirror: the copy saved is checked, and repaired where it can be.
      saveImageAtomically(this.options.path, this.byteLength, (b) => {
        try {
          return this.mirror.read(b);
        } catch (error) {
          if (!(error instanceof DiskIoError)) throw error;
          lost.push(b);
          return undefined;
        }
      });
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

function describeFault(fault: DiskFault): string {
  if ('bits' in fault) return `silent corruption of disk block ${fault.block} on chassis ${fault.chassis} (bits ${fault.bits.join(', ')})`;
  if (fault.event === 'unreadable') return `latent sector error in disk block ${fault.block} on chassis ${fault.chassis}`;
  return `disk failure on chassis ${fault.chassis}`;
}
