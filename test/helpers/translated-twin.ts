import { expect } from 'vitest';
import { runGuest, runState, type GuestRunOptions, type GuestRun } from './run-guest';
import type { Machine } from '../../src/machine/machine';

/** What two runs of a program compare: runState and whatever else a test adds. */
export interface Twins {
  readonly interpreted: unknown;
  readonly translated: unknown;
  /** Cycles the translated run ran in compiled blocks. */
  readonly compiled: bigint;
  /** The translated run. */
  readonly run: GuestRun;
}

/**
 * A program run interpreted, then translated with every block compiled as
 * soon as it runs (hot count 1); each run's runState, with extra(run) beside
 * it, for the test to demand equal.
 */
export function interpretedAndTranslated(program: string, options: GuestRunOptions, extra: (run: GuestRun) => Record<string, unknown> = () => ({})): Twins {
  const plain = runGuest(program, options);
  const run = runGuest(program, { ...options, prepare: (m) => { options.prepare?.(m); m.core.setTranslation(true, 1); } });
  return {
    interpreted: { ...extra(plain), ...runState(plain) },
    translated: { ...extra(run), ...runState(run) },
    compiled: run.machine.core.translationStats()?.translatedCycles ?? 0n,
    run,
  };
}

/** The frames the run's stores marked in the dirty map (a campaign's restore relies on it): their numbers. */
export function dirtyFrames(run: GuestRun): number[] {
  const { core } = run.machine;
  const map = core.u8.subarray(core.layout.DIRTY_BASE, core.layout.DIRTY_BASE + core.layout.DIRTY_SIZE);
  return [...map.keys()].filter((f) => map[f] !== 0);
}

/** A simplex run whose dirty map is cleared at cycle `at`, as a campaign's restore clears it. */
export function dirtyMapClearedAt(at: bigint): GuestRunOptions {
  let machine!: Machine;
  return {
    topology: 'simplex', memoryMiB: 16,
    prepare: (m) => { machine = m; },
    hooks: { nextCycle: (n) => (n < at ? at : undefined), atCycle: (n) => { if (n === at) machine.memory.forgetWrites(); } },
  };
}

/** Simplex runs stopped at cycles from, from + step, ... below to: each twin (both) the same, interpreted and translated. */
export function expectSameWhenStopped(both: (options: GuestRunOptions) => Twins, from: bigint, to: bigint, step: bigint): void {
  for (let limit = from; limit < to; limit += step) {
    const r = both({ topology: 'simplex', memoryMiB: 16, maxCycles: limit });
    expect(r.translated, `stopped at cycle ${limit}`).toEqual(r.interpreted);
  }
}
