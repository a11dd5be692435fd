/**
 * The schema of a fault (fault.ts says what faults are), and parsing the
 * JSON a user writes on the command line or in a faults file: every field
 * checked, every mistake named in a one-line error.
 */
import { z } from 'zod';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { REGISTER_NAMES, registerBits } from '../machine/registers';
import { diskFaultSchema } from '../disk/disk-fault-schema';
import type { Fault } from './fault';

const cycle = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().nonnegative();

/** A transient bit flip in one replica's register, applied before cycle `at` executes. */
export const registerFlip = z
  .strictObject({
    at: cycle,
    target: z.literal('register'),
    chassis: index,
    core: index,
    register: z.enum(REGISTER_NAMES),
    bit: z.number().int().min(0).max(79),
    stuck: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .refine((f) => f.bit < registerBits(f.register), {
    message: 'bit is past the register (st0-st7: 0-79, fpcw/fpsw: 0-15, fptw: 0-7, the others: 0-31)',
    path: ['bit'],
  });

/** The whole chassis loses power at cycle `at`. */
export const chassisEvent = z.strictObject({
  at: cycle,
  target: z.literal('chassis'),
  chassis: index,
  event: z.literal('power-loss'),
});

/** Bits of the 72-bit ECC word (0-63 data, 64-71 check bits) holding a location. */
export const memoryFlip = z
  .strictObject({
    at: cycle,
    target: z.literal('memory'),
    chassis: index,
    address: index.max(0xffffffff).optional(),
    physical: index.optional(),
    dimm: index.optional(),
    bits: z.array(z.number().int().min(0).max(71)).min(1).max(72),
    stuck: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .refine((f) => (f.address === undefined) !== (f.physical === undefined), {
    message: 'give exactly one of "address" (guest virtual) or "physical"',
    path: ['address'],
  })
  .refine((f) => f.dimm === undefined || f.physical !== undefined, { message: '"dimm" goes with "physical"', path: ['dimm'] })
  .refine((f) => f.stuck === undefined || f.bits.length === 1, { message: 'a stuck cell is one bit', path: ['bits'] })
  .refine((f) => new Set(f.bits).size === f.bits.length, { message: 'bits must not repeat', path: ['bits'] });

/** A whole DIMM fails at cycle `at`. */
export const dimmEvent = z.strictObject({
  at: cycle,
  target: z.literal('dimm'),
  chassis: index,
  dimm: index,
  event: z.literal('fail'),
});

const TARGETS = ['register', 'chassis', 'memory', 'dimm', 'disk'] as const;
const SCHEMAS = { register: registerFlip, chassis: chassisEvent, memory: memoryFlip, dimm: dimmEvent } as const;

/** Validate one fault; `where` names it in errors ("--fault 2", "faults.json[3]"). */
export function parseFault(value: unknown, where: string): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${where}: a fault must be a JSON object`);
  const target = (value as { target?: unknown }).target;
  if (!TARGETS.includes(target as (typeof TARGETS)[number])) {
    throw new UserError(`${where}: field "target" must be one of ${TARGETS.map((t) => `"${t}"`).join(', ')}${target === undefined ? '' : ` (got ${JSON.stringify(target)})`}`);
  }
  // A disk fault has three forms: its "event" or "bits" says which schema checks it.
  const schema = target === 'disk' ? diskFaultSchema(value) : SCHEMAS[target as Exclude<(typeof TARGETS)[number], 'disk'>];
  const result = schema.safeParse(value);
  if (!result.success) throw new UserError(`${where}: ${describeIssue(result.error.issues[0])}`);
  return result.data as Fault;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? `field "${issue.path.join('.')}"` : 'fault';
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${field} is missing`;
  return `${field}: ${issue.message}`;
}

/** Parse `--fault JSON` text. */
export function parseFaultJson(text: string, where: string): Fault {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  return parseFault(value, where);
}

/** Parse a faults file: a JSON array of faults; `file` names it in errors (quoted if it needs it). */
export function parseFaultList(text: string, file: string): Fault[] {
  const name = quoteName(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new UserError(`${name}: expected a JSON array of faults`);
  return value.map((f, i) => parseFault(f, faultFileEntry(file, i)));
}

/** How entry i of a faults file is named in errors and reports: `faults.json[3]`. */
export function faultFileEntry(file: string, i: number): string {
  return `${quoteName(file)}[${i}]`;
}

