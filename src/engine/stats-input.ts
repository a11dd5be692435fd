/** What a run's statistics are made of, whichever placement ran it. */
import type { Topology } from '../machine/topology';
import type { MachineEvent } from '../machine/events';
import type { DimmCounters } from '../ecc/ecc-memory';
import type { TranslationStats } from '../translate/translator';

/** What the translator did in a run, summed over the chassis where each translates on its own (threads). */
export interface TranslationSummary extends TranslationStats {
  /** Cycles run in compiled blocks. */
  readonly translatedCycles: bigint;
  /** The cycles those are a share of: the machine's on one thread; with threads, those of each chassis that translated, summed. */
  readonly cycles: bigint;
}

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
  /** With translation on. */
  readonly translation?: TranslationSummary;
}
