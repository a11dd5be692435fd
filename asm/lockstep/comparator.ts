// The comparator: after a cycle, every online replica's compared state
// (registers, EIP, flags and their lazy inputs, segment bases, the x87 unit, the cycle's
// status and store count) and its store log must equal the reference's.
import { REPLICA_BASE, REPLICA_SIZE, R_STORE_COUNT, STORELOG_BASE, STORELOG_SIZE, STORELOG_ENTRY_SIZE } from "../layout";
import { comparedBlocksDiffer, everyCycleLanesDiffer } from "./replica-lanes.generated";

export { comparedBlocksDiffer, everyCycleLanesDiffer };

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
  return !comparedBlocksDiffer(pa, pb) && logsAgree(STORELOG_BASE + a * STORELOG_SIZE, STORELOG_BASE + b * STORELOG_SIZE, load<u32>(pa + R_STORE_COUNT));
}
