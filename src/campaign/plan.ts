/**
 * The campaign plan: every injection has a global index. Indices run over the
 * topologies in the order the campaign lists them, within a topology over the
 * fault models in order, within a model from 0 to its sample size. The task at
 * an index (its topology, model and fault) depends on nothing but the campaign
 * and the golden run, so shards, resumed runs and worker threads all agree on
 * it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { coreWasmPath } from '../core/core';
import { UserError } from '../errors';
import type { Topology } from '../machine/topology';
import type { CampaignSpec, FaultModel } from './spec';
import { resolveFaultSpace, FaultSampler, type FaultSpace } from './fault-space';
import { leveugleSampleSize } from './sample-size';
import type { ElfSection } from './elf-sections';
import type { InjectionTask } from './injection-run';

export interface PlanGroup {
  readonly topology: Topology;
  readonly modelIndex: number;
  readonly model: FaultModel;
  readonly space: FaultSpace;
  /** Global index of this group's first injection. */
  readonly first: number;
  /** Sample size n. */
  readonly count: number;
}

export interface CampaignPlan {
  /** Identifies the campaign in every record: a digest of the checked spec, program and input. */
  readonly id: string;
  readonly groups: readonly PlanGroup[];
  readonly total: number;
  task(index: number): InjectionTask;
}

export interface PlanInputs {
  readonly image: Uint8Array;
  readonly goldenCycles: number;
  readonly sections: readonly ElfSection[];
  readonly dimmsPerChassis: number;
  /** Blocks of the campaign's disk, if it has one. */
  readonly diskBlocks?: number;
}

export function planCampaign(spec: CampaignSpec, inputs: PlanInputs): CampaignPlan {
  const groups: PlanGroup[] = [];
  const samplers: FaultSampler[] = [];
  let next = 0;
  for (const topology of spec.topologies) {
    spec.faults.forEach((model, modelIndex) => {
      const where = `${spec.source}: faults[${modelIndex}]`;
      const space = resolveFaultSpace(model, topology, { goldenCycles: inputs.goldenCycles, sections: inputs.sections, dimmsPerChassis: inputs.dimmsPerChassis, diskBlocks: inputs.diskBlocks, where });
      const count = sampleSize(spec, model, space, where);
      groups.push({ topology, modelIndex, model, space, first: next, count });
      samplers.push(new FaultSampler(space, spec.seed, modelIndex));
      next += count;
    });
  }
  const total = next;
  return {
    id: campaignId(spec, inputs.image),
    groups,
    total,
    task(index) {
      if (!Number.isInteger(index) || index < 0 || index >= total) throw new RangeError(`injection ${index} outside the campaign (0-${total - 1})`);
      let lo = 0;
      let hi = groups.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (groups[mid].first <= index) lo = mid;
        else hi = mid - 1;
      }
      const g = groups[lo];
      return { index, topology: g.topology.name, model: g.model.name, fault: samplers[lo].fault(index - g.first) };
    },
  };
}

function sampleSize(spec: CampaignSpec, model: FaultModel, space: FaultSpace, where: string): number {
  const fixed = model.injections ?? (spec.sampling.kind === 'fixed' ? spec.sampling.injections : undefined);
  if (fixed !== undefined) {
    if (BigInt(fixed) > space.size) {
      throw new UserError(`${where}: ${fixed} injections asked but the fault space on ${space.topology.name} holds only ${space.size} distinct faults (widen "window" or lower "injections")`);
    }
    return fixed;
  }
  if (spec.sampling.kind !== 'margin') throw new Error('unreachable: sampling without a size');
  return leveugleSampleSize({ population: space.size, margin: spec.sampling.margin, confidence: spec.sampling.confidence });
}

/** Which indices of the plan a shard runs: i with i mod count = shard. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function shardIndices(total: number, shard: Shard | undefined): number[] {
  const s = shard ?? { index: 0, count: 1 };
  const out: number[] = [];
  for (let i = s.index; i < total; i += s.count) out.push(i);
  return out;
}

export function parseShard(text: string, where: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UserError(`${where}: expected I/N, such as 0/4 (got '${text}')`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new UserError(`${where}: shard ${index}/${count} does not exist (I runs from 0 to N-1)`);
  return { index, count };
}

/**
 * The campaign's identity: the checked spec (not where its file or program
 * lie), the program's bytes and the core that runs it, so results of another
 * campaign or another build of the core are never resumed or merged into it.
 * Whether blocks are translated is left out, like the worker count: the
 * translator gives the interpreter's records (test/campaign/translate.test.ts),
 * so a campaign may be resumed or sharded across both engines.
 */
function campaignId(spec: CampaignSpec, image: Uint8Array): string {
  const { source: _source, program: _program, translate: _translate, ...rest } = spec;
  const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const canonical = JSON.stringify({ ...rest, image: digest(image), core: digest(readFileSync(coreWasmPath())) }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
