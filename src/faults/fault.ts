/**
 * Faults are data: what, where, when, how long — JSON that a user writes on
 * the command line, a campaign generates, and a results file records. The
 * schema here is the one contract all of them share.
 */
import { z } from 'zod';
import { UserError } from '../errors';
import { REGISTER_NAMES, registerBits } from '../machine/registers';
import type { Topology } from '../machine/topology';

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

const TARGETS = ['register', 'chassis', 'memory', 'dimm'] as const;
const SCHEMAS = { register: registerFlip, chassis: chassisEvent, memory: memoryFlip, dimm: dimmEvent } as const;

export type RegisterFault = z.infer<typeof registerFlip>;
export type ChassisFault = z.infer<typeof chassisEvent>;
export type MemoryFault = z.infer<typeof memoryFlip>;
export type DimmFault = z.infer<typeof dimmEvent>;
export type Fault = RegisterFault | ChassisFault | MemoryFault | DimmFault;

/** Validate one fault; `where` names it in errors ("--fault 2", "faults.json[3]"). */
export function parseFault(value: unknown, where: string): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${where}: a fault must be a JSON object`);
  const target = (value as { target?: unknown }).target;
  if (!TARGETS.includes(target as (typeof TARGETS)[number])) {
    throw new UserError(`${where}: field "target" must be one of ${TARGETS.map((t) => `"${t}"`).join(', ')}${target === undefined ? '' : ` (got ${JSON.stringify(target)})`}`);
  }
  const result = SCHEMAS[target as (typeof TARGETS)[number]].safeParse(value);
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

/** Parse a faults file: a JSON array of faults. */
export function parseFaultList(text: string, file: string): Fault[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new UserError(`${file}: expected a JSON array of faults`);
  return value.map((f, i) => parseFault(f, `${file}[${i}]`));
}

/** Check a fault's chassis, core and DIMM exist in this topology. */
export function checkFaultFits(fault: Fault, topology: Topology, dimmsPerChassis: number, where: string): void {
  if (fault.chassis >= topology.chassis) {
    throw new UserError(`${where}: field "chassis" is ${fault.chassis} but ${topology.name} has chassis 0-${topology.chassis - 1}`);
  }
  if (fault.target === 'register' && fault.core >= topology.cores) {
    throw new UserError(`${where}: field "core" is ${fault.core} but ${topology.name} has ${topology.cores === 1 ? 'only core 0' : `cores 0-${topology.cores - 1}`}`);
  }
  if ((fault.target === 'dimm' || (fault.target === 'memory' && fault.dimm !== undefined)) && fault.dimm! >= dimmsPerChassis) {
    throw new UserError(`${where}: field "dimm" is ${fault.dimm} but a chassis has DIMMs 0-${dimmsPerChassis - 1}`);
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
  }
}
