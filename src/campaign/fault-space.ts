/**
 * A fault model on one topology is a finite fault space: every combination of
 * cycle × location × bits the model allows. Its size N feeds the sample-size
 * formula, and the i-th injection is the fault at position permutation(i) of
 * the space, decoded as a mixed-radix number (bits fastest, then register,
 * core, chassis or address, then cycle). So a fault is a pure function of
 * (seed, topology, model, index).
 */
import { UserError } from '../errors';
import type { Topology } from '../machine/topology';
import { registerBits, type RegisterName } from '../machine/registers';
import type { Fault } from '../faults/fault';
import { Prng } from '../util/prng';
import type { CycleBound, FaultModel } from './spec';
import type { ElfSection } from './elf-sections';
import { IndexPermutation } from './permutation';
import { BLOCK_SIZE } from '../disk/block-store';

/** What resolving a model needs to know about the program and the machine. */
export interface SpaceContext {
  /** Cycles of the golden run: percentages of the window refer to it, and no fault lands after it. */
  readonly goldenCycles: number;
  readonly sections: readonly ElfSection[];
  readonly dimmsPerChassis: number;
  /** Blocks of the campaign's disk (undefined without one). */
  readonly diskBlocks?: number;
  /** Prefix for errors: "campaign.yaml: faults[2]". */
  readonly where: string;
}

export interface FaultSpace {
  readonly model: FaultModel;
  readonly topology: Topology;
  /** The cycle window [from, to). */
  readonly window: readonly [number, number];
  /** N: the number of distinct faults. */
  readonly size: bigint;
  /** The fault at position p of the space (0 <= p < size). */
  decode(position: bigint): Fault;
}

export function resolveFaultSpace(model: FaultModel, topology: Topology, ctx: SpaceContext): FaultSpace {
  const window = resolveWindow(model.window, ctx);
  const cycles = BigInt(window[1] - window[0]);
  const chassis = pick(model.chassis, topology.chassis, `${ctx.where}.chassis`, (c) => `${topology.name} has ${topology.chassis === 1 ? 'only chassis 0' : `chassis 0-${topology.chassis - 1}`}`);
  const at = (rest: bigint) => window[0] + Number(rest);
  switch (model.target) {
    case 'register': {
      const cores = pick(model.cores, topology.cores, `${ctx.where}.cores`, () => `${topology.name} has ${topology.cores === 1 ? 'only core 0' : `cores 0-${topology.cores - 1}`}`);
      // (register, bit) pairs, bits fastest: each register takes the listed bits below its width
      // (with registers of one width, the same order as a bits x registers radix).
      const pairs = model.registers.flatMap((register) => model.bits.filter((b) => b < registerBits(register)).map((bit) => ({ register, bit })));
      if (pairs.length === 0) throw new UserError(`${ctx.where}.bits: no listed bit lies within the listed registers`);
      const radix = [BigInt(pairs.length), BigInt(cores.length), BigInt(chassis.length)];
      return space(model, topology, window, radix, cycles, (digits, rest): Fault => ({
        at: at(rest),
        target: 'register',
        chassis: chassis[Number(digits[2])],
        core: cores[Number(digits[1])],
        register: pairs[Number(digits[0])].register as RegisterName,
        bit: pairs[Number(digits[0])].bit,
        ...(model.stuck === undefined ? {} : { stuck: model.stuck }),
      }));
    }
    case 'memory': {
      const words = wordRanges(model, ctx);
      const combos = binomial(model.bits.length, model.flips);
      const radix = [combos, words.total, BigInt(chassis.length)];
      return space(model, topology, window, radix, cycles, (digits, rest): Fault => ({
        at: at(rest),
        target: 'memory',
        chassis: chassis[Number(digits[2])],
        address: words.addressOf(digits[1]),
        bits: unrankCombination(digits[0], model.bits, model.flips),
        ...(model.stuck === undefined ? {} : { stuck: model.stuck }),
      }));
    }
    case 'chassis':
      return space(model, topology, window, [BigInt(chassis.length)], cycles, (digits, rest): Fault => ({
        at: at(rest),
        target: 'chassis',
        chassis: chassis[Number(digits[0])],
        event: 'power-loss',
      }));
    case 'dimm': {
      const dimms = pick(model.dimms, ctx.dimmsPerChassis, `${ctx.where}.dimms`, () => `a chassis has DIMMs 0-${ctx.dimmsPerChassis - 1}`);
      return space(model, topology, window, [BigInt(dimms.length), BigInt(chassis.length)], cycles, (digits, rest): Fault => ({
        at: at(rest),
        target: 'dimm',
        chassis: chassis[Number(digits[1])],
        dimm: dimms[Number(digits[0])],
        event: 'fail',
      }));
    }
    case 'disk': {
      if (ctx.diskBlocks === undefined) throw new UserError(`${ctx.where}: a disk fault model needs a disk (add "disk": IMG)`);
      const chassisDigit = (digits: bigint[]) => chassis[Number(digits[digits.length - 1])];
      if (model.diskEvent === 'fail') {
        return space(model, topology, window, [BigInt(chassis.length)], cycles, (digits, rest): Fault => ({ at: at(rest), target: 'disk', chassis: chassisDigit(digits), event: 'fail' }));
      }
      const blocks = blockRanges(model.blocks, ctx.diskBlocks, `${ctx.where}.blocks`);
      if (model.diskEvent === 'unreadable') {
        return space(model, topology, window, [blocks.total, BigInt(chassis.length)], cycles, (digits, rest): Fault => ({
          at: at(rest), target: 'disk', chassis: chassisDigit(digits), block: blocks.blockOf(digits[0]), event: 'unreadable',
        }));
      }
      const bits = Array.from({ length: BLOCK_SIZE * 8 }, (_, i) => i);
      return space(model, topology, window, [binomial(bits.length, model.flips), blocks.total, BigInt(chassis.length)], cycles, (digits, rest): Fault => ({
        at: at(rest), target: 'disk', chassis: chassisDigit(digits), block: blocks.blockOf(digits[1]), bits: unrankCombination(digits[0], bits, model.flips),
      }));
    }
  }
}

/** Candidate blocks of a disk model: its ranges (checked against the disk), or every block. */
function blockRanges(ranges: FaultModel['blocks'], diskBlocks: number, key: string): { total: bigint; blockOf(i: bigint): number } {
  const spans = ranges ?? [[0, diskBlocks] as const];
  spans.forEach(([, to], i) => {
    if (to > diskBlocks) throw new UserError(`${key}[${i}]: reaches block ${to - 1} but the disk has blocks 0-${diskBlocks - 1}`);
  });
  const total = spans.reduce((n, [from, to]) => n + (to - from), 0);
  return {
    total: BigInt(total),
    blockOf(i) {
      let rest = Number(i);
      for (const [from, to] of spans) {
        if (rest < to - from) return from + rest;
        rest -= to - from;
      }
      throw new RangeError(`block index ${i} past the model's ${total} blocks`);
    },
  };
}

/** The stream of faults of one (topology, model): injection i is fault(i). */
export class FaultSampler {
  private readonly permutation: IndexPermutation;

  constructor(readonly space: FaultSpace, seed: bigint, modelIndex: number) {
    const prng = Prng.forStream(seed, `campaign/${space.topology.name}/${modelIndex}`);
    const key = (BigInt(prng.nextU32()) << 32n) | BigInt(prng.nextU32());
    this.permutation = new IndexPermutation(space.size, key);
  }

  fault(index: number): Fault {
    return this.space.decode(this.permutation.at(BigInt(index)));
  }
}

function space(
  model: FaultModel,
  topology: Topology,
  window: readonly [number, number],
  radix: bigint[],
  cycles: bigint,
  build: (digits: bigint[], cycleOffset: bigint) => Fault,
): FaultSpace {
  const size = radix.reduce((a, b) => a * b, 1n) * cycles;
  return {
    model,
    topology,
    window,
    size,
    decode(position) {
      const digits: bigint[] = [];
      let rest = position;
      for (const r of radix) {
        digits.push(rest % r);
        rest /= r;
      }
      return build(digits, rest);
    },
  };
}

function resolveWindow(bounds: readonly [CycleBound, CycleBound], ctx: SpaceContext): [number, number] {
  const golden = ctx.goldenCycles;
  const value = (b: CycleBound) => (typeof b === 'number' ? b : Math.floor((b.percent / 100) * golden));
  const from = value(bounds[0]);
  const to = Math.min(value(bounds[1]), golden);
  if (from >= to) {
    throw new UserError(`${ctx.where}.window: [${from}, ${to}) holds no cycle of the golden run, which has ${golden} cycles`);
  }
  return [from, to];
}

/** The listed values (checked against 0..limit-1), or all of 0..limit-1. */
function pick(listed: readonly number[] | undefined, limit: number, key: string, describe: (v: number) => string): number[] {
  if (listed === undefined) return Array.from({ length: limit }, (_, i) => i);
  for (const v of listed) if (v >= limit) throw new UserError(`${key}: ${v} does not exist (${describe(v)})`);
  return [...listed];
}

/** Candidate 8-byte words of a memory model: ranges and sections, merged, in address order. */
function wordRanges(model: FaultModel, ctx: SpaceContext): { total: bigint; addressOf(word: bigint): number } {
  const spans: [number, number][] = [];
  for (const r of model.ranges ?? []) spans.push([r[0], r[1]]);
  const names = model.sections ?? (model.ranges === undefined ? ctx.sections.map((s) => s.name) : []);
  for (const name of names) {
    const found = ctx.sections.filter((s) => s.name === name);
    if (found.length === 0) {
      const known = [...new Set(ctx.sections.map((s) => s.name))].join(', ');
      throw new UserError(`${ctx.where}.section: the program has no allocated section '${name}'${known ? ` (it has ${known})` : ' (it has no section table)'}`);
    }
    for (const s of found) spans.push([s.address, s.address + s.size]);
  }
  if (spans.length === 0) throw new UserError(`${ctx.where}: no memory to aim at (give "section" or "ranges")`);
  // Whole 8-byte ECC words: a word is a candidate if any of its bytes is.
  const words = spans.map(([a, b]) => [Math.floor(a / 8), Math.ceil(b / 8)] as [number, number]).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const w of words) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([...w]);
  }
  const starts: number[] = [];
  let total = 0;
  for (const [a, b] of merged) {
    starts.push(total);
    total += b - a;
  }
  return {
    total: BigInt(total),
    addressOf(word) {
      const w = Number(word);
      let lo = 0;
      let hi = merged.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= w) lo = mid;
        else hi = mid - 1;
      }
      return (merged[lo][0] + (w - starts[lo])) * 8;
    },
  };
}

export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

/** The rank-th k-subset of `items` in lexicographic order of positions (combinatorial number system). */
export function unrankCombination(rank: bigint, items: readonly number[], k: number): number[] {
  const out: number[] = [];
  let r = rank;
  let start = 0;
  for (let left = k; left > 0; left--) {
    for (let i = start; i < items.length; i++) {
      const withThis = binomial(items.length - i - 1, left - 1);
      if (r < withThis) {
        out.push(items[i]);
        start = i + 1;
        break;
      }
      r -= withThis;
    }
  }
  return out.sort((a, b) => a - b);
}
