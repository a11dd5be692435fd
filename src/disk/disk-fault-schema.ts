/**
 * The schema of a disk fault (disk-faults.ts says what they are): parsing
 * what a user or a campaign file wrote, apart from the code that runs them.
 */
import { z } from 'zod';
import { BLOCK_SIZE } from './block-store';

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

