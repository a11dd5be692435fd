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
 */
import { z } from 'zod';
import { UserError } from '../errors';
import { BLOCK_SIZE } from './block-store';
import type { DiskMirror } from './mirror';

const cycle = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().nonnegative();

const unreadable = z.strictObject({ at: cycle, target: z.literal('disk'), chassis: index, block: index, event: z.literal('unreadable') });
const corruption = z
  .strictObject({
    at: cycle,
    target: z.literal('disk'),
    chassis: index,
    block: index,
    bits: z.array(z.number().int().min(0).max(BLOCK_SIZE * 8 - 1)).min(1),
  })
  .refine((f) => new Set(f.bits).size === f.bits.length, { message: 'bits must not repeat', path: ['bits'] });
const failure = z.strictObject({ at: cycle, target: z.literal('disk'), chassis: index, event: z.literal('fail') });

export type DiskUnreadableFault = z.infer<typeof unreadable>;
export type DiskCorruptionFault = z.infer<typeof corruption>;
export type DiskFailFault = z.infer<typeof failure>;
export type DiskFault = DiskUnreadableFault | DiskCorruptionFault | DiskFailFault;

/** The schema that checks a value meant as a disk fault: its "event" or "bits" says which form it is. */
export function diskFaultSchema(value: unknown): typeof unreadable | typeof corruption | typeof failure {
  const v = value as { event?: unknown } | null;
  if (v && typeof v === 'object' && v.event === 'fail') return failure;
  return v && typeof v === 'object' && 'bits' in v ? corruption : unreadable;
}

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
