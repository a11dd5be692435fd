// The comparator: after a cycle, every online replica's compared state
// (registers, EIP, flags and their lazy inputs, segment bases, the cycle's
// status and store count) and its store log must equal the reference's.
import { REPLICA_BASE, REPLICA_SIZE, R_COMPARED_END, R_STORE_COUNT, STORELOG_BASE, STORELOG_SIZE, STORELOG_ENTRY_SIZE } from "../layout";

/** True when replicas a and b agree on everything the comparator checks. */
export function replicasAgree(a: u32, b: u32): bool {
  const pa = REPLICA_BASE + a * REPLICA_SIZE;
  const pb = REPLICA_BASE + b * REPLICA_SIZE;
  // Seven 16-byte lanes cover the compared block (R_COMPARED_END = 112).
  let diff = v128.xor(v128.load(pa), v128.load(pb));
  diff = v128.or(diff, v128.xor(v128.load(pa, 16), v128.load(pb, 16)));
  diff = v128.or(diff, v128.xor(v128.load(pa, 32), v128.load(pb, 32)));
  diff = v128.or(diff, v128.xor(v128.load(pa, 48), v128.load(pb, 48)));
  diff = v128.or(diff, v128.xor(v128.load(pa, 64), v128.load(pb, 64)));
  diff = v128.or(diff, v128.xor(v128.load(pa, 80), v128.load(pb, 80)));
  diff = v128.or(diff, v128.xor(v128.load(pa, 96), v128.load(pb, 96)));
  if (v128.any_true(diff)) return false;
  const stores = load<u32>(pa + R_STORE_COUNT);
  const la = STORELOG_BASE + a * STORELOG_SIZE;
  const lb = STORELOG_BASE + b * STORELOG_SIZE;
  for (let i: u32 = 0; i < stores; i++) {
    const o = i * STORELOG_ENTRY_SIZE;
    if (v128.any_true(v128.xor(v128.load(la + o), v128.load(lb + o)))) return false;
  }
  return true;
}

// Compile-time guard: the lanes above must cover exactly the compared block.
// @ts-ignore: static assertion
if (R_COMPARED_END != 112) unreachable();
