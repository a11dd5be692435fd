/**
 * Topologies: C chassis x K cores. The presets are the protection schemes
 * researchers compare; any other shape comes from --chassis/--cores.
 */
import { UserError } from '../errors';

export interface Topology {
  readonly name: string;
  readonly chassis: number;
  readonly cores: number;
}

export const TOPOLOGY_PRESETS = {
  simplex: { name: 'simplex', chassis: 1, cores: 1 },
  dmr: { name: 'dmr', chassis: 2, cores: 1 },
  'pair-spare': { name: 'pair-spare', chassis: 2, cores: 2 },
  tmr: { name: 'tmr', chassis: 3, cores: 1 },
} as const satisfies Record<string, Topology>;

export type TopologyName = keyof typeof TOPOLOGY_PRESETS;
export const DEFAULT_TOPOLOGY: TopologyName = 'pair-spare';

export function isTopologyName(name: string): name is TopologyName {
  return Object.hasOwn(TOPOLOGY_PRESETS, name);
}

/** A preset by name, or C x K (1-3 chassis, 1-2 cores), named after its preset when it matches one. */
export function resolveTopology(spec: TopologyName | string | { chassis: number; cores: number }): Topology {
  if (typeof spec === 'string') {
    if (!isTopologyName(spec)) {
      throw new UserError(`unknown topology '${spec}' (expected one of ${Object.keys(TOPOLOGY_PRESETS).join(', ')})`);
    }
    return TOPOLOGY_PRESETS[spec];
  }
  const { chassis, cores } = spec;
  if (!Number.isInteger(chassis) || chassis < 1 || chassis > 3) throw new UserError(`chassis must be 1, 2 or 3 (got ${chassis})`);
  if (!Number.isInteger(cores) || cores < 1 || cores > 2) throw new UserError(`cores must be 1 or 2 (got ${cores})`);
  const preset = Object.values(TOPOLOGY_PRESETS).find((t) => t.chassis === chassis && t.cores === cores);
  return preset ?? { name: `${chassis}x${cores}`, chassis, cores };
}

/**
 * A preset name, with +threads for the same machine with its chassis on
 * worker threads and/or +translate for hot blocks compiled to WebAssembly (as
 * `ftvm bench` and the bench suites name what they measure).
 */
export function parseTopologyWithEngine(spec: string, command: string): { name: TopologyName; threads: boolean; translate: boolean } {
  const [name, ...engine] = spec.split('+');
  const known = engine.every((e) => e === 'threads' || e === 'translate') && new Set(engine).size === engine.length;
  if (!isTopologyName(name) || !known) {
    throw new UserError(`${command}: unknown topology '${spec}' (expected a preset, optionally with +threads, +translate or both)`);
  }
  return { name, threads: engine.includes('threads'), translate: engine.includes('translate') };
}

/** The interpreted topology a NAME+translate one is measured against: the same name without +translate. */
export function interpretedTwin(spec: string): string {
  return spec.split('+').filter((e) => e !== 'translate').join('+');
}
