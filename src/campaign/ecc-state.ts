/**
 * The ECC subsystem's host-side state (EDAC counters, failed DIMMs, the patrol
 * scrubber's cursor and next cycle), which MachineSnapshot does not hold yet.
 * A campaign restores snapshots into a machine that has just run another
 * injection, so without this the scrubber would resume where the previous run
 * left it and the counters would carry its corrections over: results would
 * depend on which injections a worker ran before. Until the snapshot carries
 * this state itself, the campaign saves and restores it alongside.
 */
import type { Machine } from '../machine/machine';

export interface EccState {
  readonly counters: { corrected: number; uncorrectable: number }[][];
  readonly failedDimms: string[];
  readonly scrubCursor: number[];
  readonly nextScrub: bigint;
}

interface EccInternals {
  counters: { corrected: number; uncorrectable: number }[][];
  failedDimms: Set<string>;
  scrubCursor: number[];
  nextScrub: bigint;
}

function internals(machine: Machine): EccInternals | undefined {
  const ecc = (machine as unknown as { ecc?: Partial<EccInternals> }).ecc;
  if (!ecc) return undefined;
  if (!Array.isArray(ecc.counters) || !(ecc.failedDimms instanceof Set) || !Array.isArray(ecc.scrubCursor) || typeof ecc.nextScrub !== 'bigint') {
    throw new Error('campaign: the ECC memory no longer has the fields the campaign saves (counters, failedDimms, scrubCursor, nextScrub); update src/campaign/ecc-state.ts');
  }
  return ecc as EccInternals;
}

/** The ECC state, or undefined if the machine has no ECC memory or its snapshot already holds it. */
export function saveEccState(machine: Machine): EccState | undefined {
  const ecc = internals(machine);
  if (!ecc) return undefined;
  return {
    counters: ecc.counters.map((dimms) => dimms.map((c) => ({ ...c }))),
    failedDimms: [...ecc.failedDimms].sort(),
    scrubCursor: [...ecc.scrubCursor],
    nextScrub: ecc.nextScrub,
  };
}

export function restoreEccState(machine: Machine, state: EccState | undefined): void {
  const ecc = internals(machine);
  if (!ecc || !state) return;
  state.counters.forEach((dimms, c) => dimms.forEach((v, d) => Object.assign(ecc.counters[c][d], v)));
  ecc.failedDimms.clear();
  for (const d of state.failedDimms) ecc.failedDimms.add(d);
  ecc.scrubCursor.splice(0, ecc.scrubCursor.length, ...state.scrubCursor);
  ecc.nextScrub = state.nextScrub;
}
