// The compared fields that only x87 instructions and segment loads change
// (gen/replica-state.mjs, changedBy): the lanes they lie on hold what they
// held when the replicas last agreed unless a cycle ran one of those, so the
// comparator checks them only then (and on the first cycle of a run, after
// the host may have written them).

/** Set by a cycle that executed an x87 instruction or loaded a segment register; the step loop clears it after each comparison. */
export let SELDOM_LANES_CHANGED: bool = true;

@inline export function markSeldomLanesChanged(): void { SELDOM_LANES_CHANGED = true; }
export function setSeldomLanesChanged(v: bool): void { SELDOM_LANES_CHANGED = v; }
