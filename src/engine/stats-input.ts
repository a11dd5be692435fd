/** What a run's statistics are made of, whichever placement ran it. */
import type { Topology } from '../machine/topology';
import type { MachineEvent } from '../machine/events';
import type { DimmCounters } from '../ecc/ecc-memory';

export interface StatsInput {
  readonly topology: Topology;
  readonly onlineChassis: number[];
  readonly cycle: bigint;
  readonly events: readonly MachineEvent[];
  readonly calls: Iterable<[string, number]>;
  readonly unknown: Iterable<[number, number]>;
  readonly eccMode: string;
  /** counters[chassis][dimm]. */
  readonly dimmCounters: readonly (readonly DimmCounters[])[];
}
