/**
 * Disk faults as data, in the same shape as every other ftvm fault:
 *
 *   {"at":N,"target":"disk","chassis":C,"block":B,"event":"unreadable"}  latent sector error
 *   {"at":N,"target":"disk","chassis":C,"block":B,"bits":[...]}          silent corruption
 *   {"at":N,"target":"disk","chassis":C,"event":"fail"}                  the whole disk fails
 *
 * `block` is a 4 KiB block of the disk (the file system's block when it was
 * made by ftvm), `bits` index bits of that block (0 = bit 0 of its byte 0).
 * A fault changes one chassis' copy only, never a checksum: finding it is the
 * mirror's job, on the next read of that block.
 *
 * What a run does with them is here; the schema that checks what a user
 * wrote is in disk-fault-schema.ts, which a worker thread never loads (zod takes
 * a worker thread 80 ms to load).
 */
import { UserError } from '../errors';
import type { DiskMirror } from './mirror';
import type { DiskFault } from './disk-fault-schema';

export type { DiskFault, DiskUnreadableFault, DiskCorruptionFault, DiskFailFault } from './disk-fault-schema';

/** Check a disk fault against the machine it is meant for. */
export function checkDiskFault(fault: DiskFault, chassis: number, blockCount: number | undefined, where = 'fault'): void {
  if (fault.chassis >= chassis) throw new UserError(`${where}: chassis ${fault.chassis} does not exist (the topology has ${chassis})`);
  if (blockCount === undefined) throw new UserError(`${where}: a disk fault needs a disk (--disk IMG)`);
  if ('block' in fault && fault.block >= blockCount) {
    throw new UserError(`${where}: block ${fault.block} is outside the disk (0..${blockCount - 1})`);
  }
}

/** Apply a fault to the mirror's copies (when its cycle comes). */
export function applyDiskFault(mirror: DiskMirror, fault: DiskFault): void {
  if ('bits' in fault) mirror.copy(fault.chassis).flipBits(fault.block, fault.bits);
  else if (fault.event === 'unreadable') mirror.copy(fault.chassis).makeUnreadable(fault.block);
  else mirror.failDisk(fault.chassis);
}

export function describeDiskFault(fault: DiskFault): string {
  if ('bits' in fault) return `silent corruption of disk block ${fault.block} on chassis ${fault.chassis} (bits ${fault.bits.join(', ')})`;
  if (fault.event === 'unreadable') return `latent sector error in disk block ${fault.block} on chassis ${fault.chassis}`;
  return `disk failure on chassis ${fault.chassis}`;
}
