/**
 * Faults are data: what, where, when, how long — JSON that a user writes on
 * the command line, a campaign generates, and a results file records. The
 * schema here is the one contract all of them share.
 */
import { z } from 'zod';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { REGISTER_NAMES, registerBits } from '../machine/registers';
import type { Topology } from '../machine/topology';
import { MIN_MAP_ADDRESS, TASK_SIZE } from '../linux/address-space';
import { DimmMap } from '../ecc/dimms';
import type { EccMode } from '../ecc/ecc-memory';
import { describeDiskFault, diskFaultSchema, type DiskFault } from '../disk/disk-faults';

const cycle = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().nonnegative();

/** A transient bit flip in one replica's register, applied before cycle `at` executes. */
const registerFlip = z
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
const chassisEvent = z.strictObject({
  at: cycle,
  target: z.literal('chassis'),
  chassis: index,
  event: z.literal('power-loss'),
});

/** Bits of the 72-bit ECC word (0-63 data, 64-71 check bits) holding a location. */
const memoryFlip = z
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
const dimmEvent = z.strictObject({
  at: cycle,
  target: z.literal('dimm'),
  chassis: index,
  dimm: index,
  event: z.literal('fail'),
});

const TARGETS = ['register', 'chassis', 'memory', 'dimm', 'disk'] as const;
const SCHEMAS = { register: registerFlip, chassis: chassisEvent, memory: memoryFlip, dimm: dimmEvent } as const;

export type RegisterFault = z.infer<typeof registerFlip>;
export type ChassisFault = z.infer<typeof chassisEvent>;
export type MemoryFault = z.infer<typeof memoryFlip>;
export type DimmFault = z.infer<typeof dimmEvent>;
export type Fault = RegisterFault | ChassisFault | MemoryFault | DimmFault | DiskFault;

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

/** The machine a fault is checked against before a run. */
export interface FaultBounds {
  readonly topology: Topology;
  readonly dimmsPerChassis: number;
  readonly bytesPerChassis: number;
  readonly eccMode: EccMode;
  /** Blocks of the run's disk, or undefined when it has none. */
  readonly diskBlocks?: number;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Check before a run that a fault can happen on this machine: its chassis,
 * core and DIMM exist, a physical location lies in the chassis memory (in
 * the DIMM, if one is named), a guest address lies where a program can map
 * memory at all, and check bits or stuck cells have ECC memory to live in.
 * Whether an address is mapped when the fault strikes is known only then.
 */
export function checkFaultFits(fault: Fault, bounds: FaultBounds, where: string): void {
  const { topology, dimmsPerChassis, bytesPerChassis } = bounds;
  const fail = (problem: string): never => {
    throw new UserError(`${where}: ${problem}`);
  };
  if (fault.chassis >= topology.chassis) fail(`field "chassis" is ${fault.chassis} but ${topology.name} has chassis 0-${topology.chassis - 1}`);
  if (fault.target === 'register' && fault.core >= topology.cores) {
    fail(`field "core" is ${fault.core} but ${topology.name} has ${topology.cores === 1 ? 'only core 0' : `cores 0-${topology.cores - 1}`}`);
  }
  if ((fault.target === 'dimm' || (fault.target === 'memory' && fault.dimm !== undefined)) && fault.dimm! >= dimmsPerChassis) {
    fail(`field "dimm" is ${fault.dimm} but a chassis has DIMMs 0-${dimmsPerChassis - 1}`);
  }
  if (fault.target === 'disk') {
    if (bounds.diskBlocks === undefined) fail('a disk fault needs a disk (--disk IMG)');
    if ('block' in fault && fault.block >= bounds.diskBlocks!) fail(`field "block" is ${fault.block} but the disk has blocks 0-${bounds.diskBlocks! - 1}`);
    return;
  }
  if (fault.target !== 'memory') return;
  if (fault.address !== undefined && (fault.address < MIN_MAP_ADDRESS || fault.address >= TASK_SIZE)) {
    fail(`field "address" is ${hex(fault.address)}, where no program can ever map memory (a guest maps ${hex(MIN_MAP_ADDRESS)}-${hex(TASK_SIZE - 1)})`);
  }
  if (fault.physical !== undefined) {
    const memory = `the ${hex(bytesPerChassis)} bytes (${bytesPerChassis / 2 ** 20} MiB) of a chassis' memory`;
    if (fault.dimm === undefined) {
      if (fault.physical >= bytesPerChassis) fail(`field "physical" is ${hex(fault.physical)}, beyond ${memory}`);
    } else {
      const dimms = new DimmMap(dimmsPerChassis, bytesPerChassis);
      if (fault.physical >= dimms.bytesPerDimm || dimms.physicalOf(fault.dimm, fault.physical) >= bytesPerChassis) {
        fail(`field "physical" is ${hex(fault.physical)}, beyond DIMM ${fault.dimm}'s share of ${memory}`);
      }
    }
  }
  if (bounds.eccMode === 'off') {
    if (fault.bits.some((b) => b >= 64)) fail('check bits 64-71 need ECC memory (--ecc is off)');
    if (fault.stuck !== undefined) fail('a stuck cell needs ECC memory (--ecc is off)');
  }
}

export function describeFault(f: Fault): string {
  switch (f.target) {
    case 'register':
      return `${f.stuck === undefined ? 'flip' : `stuck-at-${f.stuck}`} ${f.register} bit ${f.bit} in chassis ${f.chassis} core ${f.core}`;
    case 'chassis':
      return `power loss of chassis ${f.chassis}`;
    case 'memory':
      return `${f.stuck === undefined ? 'flip' : `stuck-at-${f.stuck}`} bit${f.bits.length > 1 ? 's' : ''} ${f.bits.join(',')} at ${f.address !== undefined ? `address 0x${f.address.toString(16)}` : `physical 0x${f.physical!.toString(16)}${f.dimm !== undefined ? ` of DIMM ${f.dimm}` : ''}`} in chassis ${f.chassis}`;
    case 'dimm':
      return `failure of DIMM ${f.dimm} in chassis ${f.chassis}`;
    case 'disk':
      return describeDiskFault(f);
  }
}
