/**
 * The ECC subsystem's host-side state (EDAC counters, failed DIMMs, the patrol
 * scrubber's cursor and next cycle). A campaign restores snapshots into a
 * machine that has just run another injection; this is the part of that
 * state its convergence check compares and its golden points carry.
 */
import type { Machine } from '../machine/machine';
import type { EccState } from '../ecc/ecc-memory';

export type { EccState };

export function saveEccState(machine: Machine): EccState {
  return machine.ecc.save();
}

export function restoreEccState(machine: Machine, state: EccState | undefined): void {
  if (state) machine.ecc.restore(state);
}
