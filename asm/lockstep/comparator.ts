// The comparator: after a cycle, every online replica's compared state
// (registers, EIP, flags and their lazy inputs, segment bases, the cycle's
// status and store count) and its store log must equal the reference's.
import { REPLICA_BASE, REPLICA_SIZE, R_COMPARED_END, R_STORE_COUNT, STORELOG_BASE, STORELOG_SIZE, STORELOG_ENTRY_SIZE } from "../layout";

/**
 * The compared block at p differs from a reference whose seven 16-byte lanes
 * (R_COMPARED_END = 112 bytes) were loaded once: the step loop compares every
 * replica of a cycle with the same reference.
 */
@inline export function blockDiffers(r0: v128, r1: v128, r2: v128, r3: v128, r4: v128, r5: v128, r6: v128, p: u32): bool {
  let diff = v128.xor(r0, v128.load(p));
  diff = v128.or(diff, v128.xor(r1, v128.load(p, 16)));
  diff = v128.or(diff, v128.xor(r2, v128.load(p, 32)));
  diff = v128.or(diff, v128.xor(r3, v128.load(p, 48)));
  diff = v128.or(diff, v128.xor(r4, v128.load(p, 64)));
  diff = v128.or(diff, v128.xor(r5, v128.load(p, 80)));
  diff = v128.or(diff, v128.xor(r6, v128.load(p, 96)));
  return v128.any_true(diff);
}

/** The store logs at la and lb agree on their first `stores` entries. */
@inline export function logsAgree(la: u32, lb: u32, stores: u32): bool {
  for (let i: u32 = 0; i < stores; i++) {
    const o = i * STORELOG_ENTRY_SIZE;
    if (v128.any_true(v128.xor(v128.load(la + o), v128.load(lb + o)))) return false;
  }
  return true;
}

/** True when replicas a and b agree on everything the comparator checks (the host's policy asks this). */
export function replicasAgree(a: u32, b: u32): bool {
  const pa = REPLICA_BASE + a * REPLICA_SIZE;
  const pb = REPLICA_BASE + b * REPLICA_SIZE;
  const differs = blockDiffers(v128.load(pa), v128.load(pa, 16), v128.load(pa, 32), v128.load(pa, 48), v128.load(pa, 64), v128.load(pa, 80), v128.load(pa, 96), pb);
  return !differs && logsAgree(STORELOG_BASE + a * STORELOG_SIZE, STORELOG_BASE + b * STORELOG_SIZE, load<u32>(pa + R_STORE_COUNT));
}

// Compile-time guard: the lanes above must cover exactly the compared block.
// @ts-ignore: static assertion
if (R_COMPARED_END != 112) unreachable();
