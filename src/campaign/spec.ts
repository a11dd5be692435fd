/**
 * The campaign file: what program to run, on which topologies, under which
 * fault models, how many injections and with which seed. JSON or YAML, checked
 * with a zod schema at the boundary; every error is one line naming the file
 * and the key ("campaign.yaml: faults[1].bits: …").
 */
import { dirname, resolve, extname } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors';
import { readInputText, MiB } from '../util/input-file';
import { quoteName } from '../util/quote';
import { MIN_MAP_ADDRESS, TASK_SIZE } from '../linux/address-space';
import { REGISTER_NAMES, type RegisterName } from '../machine/registers';
import { resolveTopology, type Topology } from '../machine/topology';
import type { EccOptions } from '../ecc/ecc-memory';

export const FAULT_TARGETS = ['register', 'memory', 'chassis', 'dimm', 'disk'] as const;
/** What a disk fault model strikes: silent corruption of one copy's block, a latent sector error, or the whole disk. */
export const DISK_EVENTS = ['corrupt', 'unreadable', 'fail'] as const;
export type DiskEvent = (typeof DISK_EVENTS)[number];
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/** A bound of a cycle window: an absolute cycle, or a percentage of the golden run ("50%"). */
export type CycleBound = number | { readonly percent: number };

/** One fault model, topology-independent, defaults applied. */
export interface FaultModel {
  /** Label in results and reports; unique within the campaign. */
  readonly name: string;
  readonly target: FaultTarget;
  /** register: candidate registers. */
  readonly registers: readonly RegisterName[];
  /** register: candidate bits 0-79 (each register takes those below its width); memory: candidate bits of the 72-bit ECC word. */
  readonly bits: readonly number[];
  /** memory: how many distinct bits of one word flip together (1-3). */
  readonly flips: number;
  /** register/memory: a permanent stuck-at bit instead of a transient flip. */
  readonly stuck?: 0 | 1;
  /** memory: ELF sections whose bytes are the candidate addresses. */
  readonly sections?: readonly string[];
  /** memory: guest virtual address ranges [from, to) as candidate addresses. */
  readonly ranges?: readonly (readonly [number, number])[];
  /** Candidate chassis (default: every chassis of the topology). */
  readonly chassis?: readonly number[];
  /** register: candidate cores (default: every core of a chassis). */
  readonly cores?: readonly number[];
  /** dimm: candidate DIMMs (default: every DIMM of a chassis). */
  readonly dimms?: readonly number[];
  /** disk: which disk fault (default corrupt). */
  readonly diskEvent?: DiskEvent;
  /** disk: candidate block ranges [from, to) (default: every block of the disk). */
  readonly blocks?: readonly (readonly [number, number])[];
  /** Cycles in which the fault may strike: [from, to), default the whole golden run. */
  readonly window: readonly [CycleBound, CycleBound];
  /** Overrides the campaign's sample size for this model. */
  readonly injections?: number;
}

export type Sampling =
  | { readonly kind: 'fixed'; readonly injections: number }
  | { readonly kind: 'margin'; readonly margin: number; readonly confidence: number };

export interface CampaignSpec {
  /** Where the campaign came from (a file name), for messages. */
  readonly source: string;
  /** The program, resolved against the campaign file's directory. */
  readonly program: string;
  readonly args: readonly string[];
  readonly stdin: string;
  readonly env: readonly string[];
  readonly topologies: readonly Topology[];
  readonly faults: readonly FaultModel[];
  readonly sampling: Sampling;
  readonly seed: bigint;
  /** A run longer than hangFactor × the golden run's cycles is a hang. */
  readonly hangFactor: number;
  /** Cycles between golden-run snapshots; absent = chosen from the golden run's length. */
  readonly snapshotInterval?: number;
  /** Repair an offline chassis this many cycles after it went offline (absent = never). */
  readonly repairAfter?: number;
  /** Cycle limit of the golden run. */
  readonly maxCycles: number;
  /** Memory per chassis in MiB. */
  readonly memoryMiB: number;
  /** ECC memory settings (mode, DIMMs per chassis, scrub interval, predictive threshold). */
  readonly ecc?: EccOptions;
  /** The guest's root file system (an ext4 image, resolved like the program): every run starts from it, none writes it. */
  readonly disk?: string;
  /**
   * Compile hot guest blocks to WebAssembly (src/translate/) in the golden
   * runs and every injection run. An engine choice, not part of the
   * experiment: the records are the same either way (plan.ts leaves it out
   * of the campaign's identity).
   */
  readonly translate: boolean;
}

const DEFAULT_HANG_FACTOR = 2;
const DEFAULT_MAX_CYCLES = 10_000_000_000;
const DEFAULT_MEMORY_MIB = 256;
/** The yaml package's bound on what aliases may expand to (maxAliasCount): ample for a campaign, too little for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

const count = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const index = z.number().int().nonnegative();
const address = z.union([z.number().int().nonnegative().max(0x1_0000_0000), z.string().regex(/^(0x[0-9a-f]+|\d+)$/i, 'must be a number or a hex string like "0x8049000"')]);
const fraction = (what: string, max: number) =>
  z.union([
    z.number().gt(0).lt(max),
    z.string().regex(/^\d+(\.\d+)?%$/, `must be a fraction like 0.01 or a percentage like "1%"`),
  ]).describe(what);
const bound = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\d+(\.\d+)?%$/, 'must be a cycle number or a percentage of the golden run like "50%"'),
]);
const window = z.tuple([bound, bound]);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1);
const stuck = z.union([z.literal(0), z.literal(1)]);

const common = {
  name: z.string().min(1).optional(),
  window: window.optional(),
  injections: count.optional(),
  chassis: list(index).optional(),
};

const MODEL_SCHEMAS = {
  register: z.strictObject({
    ...common,
    target: z.literal('register'),
    registers: list(z.enum(REGISTER_NAMES)).optional(),
    bits: list(z.number().int().min(0).max(79)).optional(),
    cores: list(index).optional(),
    stuck: stuck.optional(),
  }),
  memory: z.strictObject({
    ...common,
    target: z.literal('memory'),
    bits: z.union([list(z.number().int().min(0).max(71)), z.enum(['data', 'check', 'all'])]).optional(),
    flips: z.number().int().min(1).max(3).optional(),
    stuck: stuck.optional(),
    section: z.union([z.string().min(1), list(z.string().min(1))]).optional(),
    ranges: list(z.tuple([address, address])).optional(),
  }),
  chassis: z.strictObject({
    ...common,
    target: z.literal('chassis'),
    event: z.literal('power-loss').optional(),
  }),
  dimm: z.strictObject({
    ...common,
    target: z.literal('dimm'),
    dimms: list(index).optional(),
    event: z.literal('fail').optional(),
  }),
  disk: z.strictObject({
    ...common,
    target: z.literal('disk'),
    event: z.enum(DISK_EVENTS).optional(),
    blocks: list(z.tuple([index, index])).optional(),
    flips: z.number().int().min(1).max(3).optional(),
  }),
} as const;

const campaignSchema = z.strictObject({
  program: z.string().min(1),
  args: z.array(z.string()).optional(),
  stdin: z.string().optional(),
  env: z.array(z.string().regex(/=/, 'must be NAME=VALUE')).optional(),
  topologies: list(z.string().min(1)),
  faults: list(z.unknown()),
  injections: count.optional(),
  margin: fraction('margin', 0.5).optional(),
  confidence: fraction('confidence', 1).optional(),
  seed: z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^(0x[0-9a-f]+|\d+)$/i, 'must be a whole number')]).optional(),
  hangFactor: z.number().gt(1).max(1000).optional(),
  snapshotInterval: count.optional(),
  repairAfter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  maxCycles: count.optional(),
  memoryMiB: z.number().int().min(1).max(1024).optional(),
  disk: z.string().min(1).optional(),
  translate: z.boolean().optional(),
  ecc: z.strictObject({
    mode: z.enum(['off', 'fast', 'paranoid']).optional(),
    dimms: z.number().int().min(1).max(64).optional(),
    scrubInterval: z.number().int().nonnegative().optional(),
    correctedThreshold: z.number().int().nonnegative().optional(),
  }).optional(),
});

/** Read and check a campaign file (JSON, or YAML for .yaml/.yml). */
export async function loadCampaignFile(path: string): Promise<CampaignSpec> {
  const text = readInputText(path, { maxBytes: 16 * MiB, what: 'a campaign file' });
  const value = await parseCampaignText(text, path);
  return parseCampaign(value, path, dirname(resolve(path)));
}

/** Parse campaign text: JSON for .json files, YAML otherwise (YAML also reads JSON). */
export async function parseCampaignText(text: string, source: string): Promise<unknown> {
  const label = quoteName(source);
  if (extname(source).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UserError(`${label}: not valid JSON (${(error as Error).message})`);
    }
  }
  // Loaded only for YAML: it takes about 45 ms, which every other command and every JSON campaign would pay.
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    const what = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`${label}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML (${what})`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package refuses an alias that expands too far (a "billion laughs" file) with a ReferenceError.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UserError(`${label}: not valid YAML (its aliases expand too far, as an alias bomb does; write the values out)`);
    }
    throw error;
  }
}

/** Check a parsed campaign; `baseDir` resolves a relative program path. */
export function parseCampaign(value: unknown, file: string, baseDir = process.cwd()): CampaignSpec {
  const source = quoteName(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${source}: a campaign must be an object (a mapping of keys)`);
  const parsed = campaignSchema.safeParse(value);
  if (!parsed.success) throw new UserError(`${source}: ${describeIssue(parsed.error.issues[0], value)}`);
  const c = parsed.data;

  const topologies = c.topologies.map((name, i) => topologyFromName(name, `${source}: topologies[${i}]`));
  const seen = new Set<string>();
  topologies.forEach((t, i) => {
    if (seen.has(t.name)) throw new UserError(`${source}: topologies[${i}]: '${t.name}' is listed twice`);
    seen.add(t.name);
  });

  const faults = c.faults.map((f, i) => parseModel(f, `${source}: faults[${i}]`, i));
  const diskModel = faults.findIndex((f) => f.target === 'disk');
  if (diskModel >= 0 && c.disk === undefined) throw new UserError(`${source}: faults[${diskModel}]: a disk fault model needs a disk (add "disk": IMG)`);
  const names = new Set<string>();
  faults.forEach((f, i) => {
    if (names.has(f.name)) throw new UserError(`${source}: faults[${i}].name: ${quoteName(f.name, 'always')} is used by an earlier fault model (names must be unique)`);
    names.add(f.name);
  });

  let sampling: Sampling;
  if (c.injections !== undefined) {
    if (c.margin !== undefined || c.confidence !== undefined) throw new UserError(`${source}: give either "injections" or "margin" and "confidence", not both`);
    sampling = { kind: 'fixed', injections: c.injections };
  } else if (c.margin !== undefined && c.confidence !== undefined) {
    sampling = { kind: 'margin', margin: toFraction(c.margin), confidence: toFraction(c.confidence) };
    if (!(sampling.margin > 0 && sampling.margin < 0.5)) throw new UserError(`${source}: margin: must be between 0 and 50%`);
    if (!(sampling.confidence > 0 && sampling.confidence < 1)) throw new UserError(`${source}: confidence: must be between 0 and 100%`);
  } else if (c.margin !== undefined || c.confidence !== undefined) {
    throw new UserError(`${source}: ${c.margin === undefined ? '"margin"' : '"confidence"'} is missing (a sample size from a margin of error needs both "margin" and "confidence")`);
  } else if (faults.every((f) => f.injections !== undefined)) {
    sampling = { kind: 'fixed', injections: faults[0].injections! };
  } else {
    throw new UserError(`${source}: give "injections" (a number per topology and fault model) or "margin" and "confidence"`);
  }

  return {
    source,
    program: resolve(baseDir, c.program),
    args: c.args ?? [],
    stdin: c.stdin ?? '',
    env: c.env ?? [],
    topologies,
    faults,
    sampling,
    seed: c.seed === undefined ? 0n : BigInt(c.seed),
    hangFactor: c.hangFactor ?? DEFAULT_HANG_FACTOR,
    snapshotInterval: c.snapshotInterval,
    repairAfter: c.repairAfter,
    maxCycles: c.maxCycles ?? DEFAULT_MAX_CYCLES,
    memoryMiB: c.memoryMiB ?? DEFAULT_MEMORY_MIB,
    ...(c.ecc ? { ecc: c.ecc } : {}),
    ...(c.disk ? { disk: resolve(baseDir, c.disk) } : {}),
    translate: c.translate ?? false,
  };
}

function topologyFromName(name: string, where: string): Topology {
  const shape = /^(\d+)x(\d+)$/.exec(name);
  try {
    return shape ? resolveTopology({ chassis: Number(shape[1]), cores: Number(shape[2]) }) : resolveTopology(name);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${where}: ${error.message}${shape ? '' : ' or CxK such as "3x2"'}`);
    throw error;
  }
}

function parseModel(value: unknown, where: string, position: number): FaultModel {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${where}: a fault model must be an object with a "target"`);
  const target = (value as { target?: unknown }).target;
  if (!FAULT_TARGETS.includes(target as FaultTarget)) {
    throw new UserError(`${where}.target: must be one of ${FAULT_TARGETS.map((t) => `"${t}"`).join(', ')}${target === undefined ? ' (it is missing)' : ` (got ${JSON.stringify(target)})`}`);
  }
  const result = MODEL_SCHEMAS[target as FaultTarget].safeParse(value);
  if (!result.success) throw new UserError(`${where}${describeIssue(result.error.issues[0], value, true)}`);
  const m = result.data as Record<string, unknown> & { target: FaultTarget };
  const windowSpec = (m.window as [string | number, string | number] | undefined) ?? [0, '100%'];
  const win = windowSpec.map((b) => (typeof b === 'number' ? b : { percent: Number(b.slice(0, -1)) })) as [CycleBound, CycleBound];
  for (const [i, b] of win.entries()) {
    if (typeof b !== 'number' && b.percent > 100) throw new UserError(`${where}.window[${i}]: a percentage of the golden run must be at most 100%`);
  }
  if (typeof win[0] === typeof win[1] && boundValue(win[0]) >= boundValue(win[1])) throw new UserError(`${where}.window: the start must come before the end`);

  let bits: number[];
  // Every bit of each register by default (fault-space.ts keeps those below its width).
  if (m.target === 'register') bits = (m.bits as number[] | undefined) ?? range(0, 80);
  else if (m.target === 'memory') {
    const b = m.bits as number[] | 'data' | 'check' | 'all' | undefined;
    bits = b === undefined || b === 'all' ? range(0, 72) : b === 'data' ? range(0, 64) : b === 'check' ? range(64, 72) : b;
  } else bits = [];
  if (new Set(bits).size !== bits.length) throw new UserError(`${where}.bits: a bit is listed twice`);
  const flips = (m.flips as number | undefined) ?? 1;
  const diskEvent = m.target === 'disk' ? ((m.event as DiskEvent | undefined) ?? 'corrupt') : undefined;
  if (m.target === 'disk' && m.flips !== undefined && diskEvent !== 'corrupt') throw new UserError(`${where}.flips: only a corrupt block has bits to flip`);
  const blocks = (m.blocks as [number, number][] | undefined)?.map(([from, to], i) => {
    if (from >= to) throw new UserError(`${where}.blocks[${i}]: the start must be below the end`);
    return [from, to] as const;
  });
  if (m.target === 'memory') {
    if (m.stuck !== undefined && flips !== 1) throw new UserError(`${where}.flips: a stuck cell is one bit (remove "flips" or make it 1)`);
    if (flips > bits.length) throw new UserError(`${where}.flips: ${flips} bits cannot flip out of the ${bits.length} listed in "bits"`);
    if (m.section === undefined && m.ranges === undefined) {
      // Default: every allocated section of the program (code, data, bss).
    }
  }
  const ranges = (m.ranges as [number | string, number | string][] | undefined)?.map((r, i) => {
    const [from, to] = r.map((x) => (typeof x === 'number' ? x : Number(BigInt(x))));
    if (from >= to) throw new UserError(`${where}.ranges[${i}]: the start must be below the end`);
    if (from < MIN_MAP_ADDRESS || to > TASK_SIZE) {
      throw new UserError(`${where}.ranges[${i}]: [0x${from.toString(16)}, 0x${to.toString(16)}) reaches outside 0x${MIN_MAP_ADDRESS.toString(16)}-0x${(TASK_SIZE - 1).toString(16)}, where a program can map memory: a fault there could never strike`);
    }
    return [from, to] as const;
  });
  const section = m.section as string | string[] | undefined;
  for (const key of ['chassis', 'cores', 'dimms', 'registers'] as const) {
    const values = m[key] as unknown[] | undefined;
    if (values && new Set(values).size !== values.length) throw new UserError(`${where}.${key}: an entry is listed twice`);
  }
  return {
    name: (m.name as string | undefined) ?? defaultName(m.target, m.stuck as 0 | 1 | undefined, flips, position, diskEvent),
    target: m.target,
    registers: (m.registers as RegisterName[] | undefined) ?? (m.target === 'register' ? [...REGISTER_NAMES] : []),
    bits,
    flips,
    stuck: m.stuck as 0 | 1 | undefined,
    sections: section === undefined ? undefined : typeof section === 'string' ? [section] : section,
    ranges,
    chassis: m.chassis as number[] | undefined,
    cores: m.cores as number[] | undefined,
    dimms: m.dimms as number[] | undefined,
    ...(diskEvent ? { diskEvent } : {}),
    ...(blocks ? { blocks } : {}),
    window: win,
    injections: m.injections as number | undefined,
  };
}

function defaultName(target: FaultTarget, stuck: 0 | 1 | undefined, flips: number, position: number, diskEvent?: DiskEvent): string {
  const kind =
    target === 'register' ? (stuck === undefined ? 'register-flip' : `register-stuck-${stuck}`)
    : target === 'memory' ? (stuck === undefined ? `memory-${flips}bit` : `memory-stuck-${stuck}`)
    : target === 'chassis' ? 'power-loss'
    : target === 'disk' ? `disk-${diskEvent}`
    : 'dimm-fail';
  return `${position}:${kind}`;
}

function boundValue(b: CycleBound): number {
  return typeof b === 'number' ? b : b.percent;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function toFraction(v: number | string): number {
  return typeof v === 'number' ? v : Number(v.slice(0, -1)) / 100;
}

/**
 * One zod issue as "key: what it must be"; `nested` prefixes the key with "."
 * for a model. `root` is the checked value: a key whose value has the wrong
 * type is present, one that is absent is missing.
 */
function describeIssue(issue: z.core.$ZodIssue, root: unknown, nested = false): string {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 && !nested ? '' : '.'}${String(p)}`)).join('');
  const key = path === '' ? '' : `${path}: `;
  if (issue.code === 'unrecognized_keys') {
    return `${nested && path === '' ? ': ' : key}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const lead = nested && path === '' ? ': ' : key;
  const expected = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'invalid_type' && !isPresent(root, issue.path)) return `${lead}is missing (${expected.replace(/, received undefined$/, '')})`;
  if (issue.code === 'invalid_union') {
    const inner = issue.errors.flat()[0];
    if (inner && inner.code !== 'invalid_type') return describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, root, nested);
  }
  return `${lead}${expected}`;
}

/** Whether the value at `path` inside `root` is there (even if null or of the wrong type). */
function isPresent(root: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = root;
  for (const p of path) {
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, p)) return false;
    at = (at as Record<PropertyKey, unknown>)[p];
  }
  return at !== undefined;
}
