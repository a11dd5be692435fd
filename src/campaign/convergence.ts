/**
 * Has an injection run rejoined the golden run? If, at a golden snapshot's
 * cycle, everything the machine's future depends on equals the golden
 * snapshot, the rest of the run is the rest of the golden run: the machine is
 * deterministic. Two cases:
 *
 * - full: the same chassis are online and the whole snapshot is equal;
 * - after a failover: some chassis went offline and stay offline (no repair
 *   pending). An offline chassis never runs, votes or is scrubbed again, so
 *   the future depends only on the online chassis: their replicas, memories,
 *   check bits and ECC bookkeeping, and the shared state (page table, kernel,
 *   allocator). The rest of the run is then the golden run on those chassis.
 *
 * Left out of the comparison, because they are not state: each replica's
 * fetch translation (a cache a restore flushes), store-log entries past the
 * replica's store count, ECC event-ring slots past the event count, the
 * dirty-frame map while no resync is tracking writes, and, for
 * offline chassis, their replicas, store logs, frame flags and page-table ECC
 * bits, plus the report fields of the last divergence (online mask, mismatch
 * mask, reference replica). Layout constants are read from the core; if one
 * is missing, only the full comparison is made. The compiled-block table and
 * the frame versions (asm/translate/) lie outside the state block, so a run
 * with translation is compared exactly as an interpreted one.
 *
 * Pages nobody wrote since the machine was restored (`restored`,
 * restore-plan.ts: memory and check bytes of frames no store reached, the
 * page table's pages the host left alone) still hold the restored
 * snapshot's pages: where it has the golden snapshot's page id they are
 * equal, and only the others (mayDiffer) are compared byte by byte.
 */
import type { Machine } from '../machine/machine';
import { mayDiffer, type LiveMachine } from './restore-plan';
import { equalsPaged, equalsPagedValue, isPagedBytes, type FrozenPages, type PagedBytes, type Mask, type PagedSnapshot } from './paged-snapshot';

/** Snapshot fields, and device slots, compared here without taking a snapshot of the live machine. */
const KNOWN = new Set(['topology', 'memoryBytesPerChassis', 'cycle', 'events', 'state', 'devices', 'online', 'handler']);
const KNOWN_DEVICES = new Set(['memory', 'ecc']);

/** A run that rejoined the golden run: its state block equals the snapshot's but for these byte ranges. */
export interface Rejoined {
  readonly stateMasks: readonly Mask[];
}

/** How the machine rejoined the golden snapshot, or undefined while it differs. */
export function rejoinsGolden(m: Machine, snap: PagedSnapshot, pages: FrozenPages, restored?: LiveMachine['restored']): Rejoined | undefined {
  const online = m.onlineChassis;
  const goldenOnline = snap.online as number[];
  if (online.length === 0 || !online.every((c) => goldenOnline.includes(c))) return undefined;
  const partial = online.length < goldenOnline.length;
  if (m.suspectChassis.size > 0) return undefined;
  const l = m.core.layout as unknown as Record<string, number | undefined>;
  const masks = stateMasks(m, l, partial ? goldenOnline.filter((c) => !online.includes(c)) : []);
  if (masks === undefined) return undefined;
  return sameState(m, snap, pages, l, masks, online, partial, restored) ? { stateMasks: masks } : undefined;
}

function sameState(m: Machine, snap: PagedSnapshot, pages: FrozenPages, l: Record<string, number | undefined>, masks: Mask[], online: readonly number[], partial: boolean, restored: LiveMachine['restored']): boolean {
  const devices = (snap.devices ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (!equalsPagedValue(m.memory.saveAllocator(), devices.memory?.allocator, pages)) return false;
  if (!equalsPagedValue(eccView([...m.ecc.failedDimms].sort(), online), eccView(devices.ecc?.failedDimms as string[] | undefined, online), pages)) return false;
  if (!isPagedBytes(snap.state) || !equalsPaged(m.core.u8.subarray(l.LAYOUT_BASE!, l.CHASSIS_MEM_BASE!), snap.state, pages, masks, mayDiffer(restored, 'state', snap.state))) return false;
  const memories = devices.memory?.chassis as PagedBytes[];
  for (const c of online) {
    const at = m.memory.hostAddress(c, 0);
    if (!equalsPaged(m.core.u8.subarray(at, at + memories[c].length), memories[c], pages, [], mayDiffer(restored, `devices/memory/chassis/${c}`, memories[c]))) return false;
  }
  const checks = devices.ecc?.check as PagedBytes[] | undefined;
  const checkAt = (m as { checkBytesAddress?: (c: number) => number }).checkBytesAddress;
  if (checks && !checkAt) return false;
  if (checks) {
    for (const c of online) {
      const at = checkAt!.call(m, c);
      if (!equalsPaged(m.core.u8.subarray(at, at + checks[c].length), checks[c], pages, [], mayDiffer(restored, `devices/ecc/check/${c}`, checks[c]))) return false;
    }
  }
  if (!equalsPagedValue(m.syscallHandler?.save?.(), snap.handler, pages)) return false;
  // Whatever else a snapshot holds (fields added later): compare it all, and only when no chassis is out.
  const rest = Object.keys(snap).filter((k) => !KNOWN.has(k));
  const restDevices = Object.keys(devices).filter((k) => !KNOWN_DEVICES.has(k));
  if (rest.length === 0 && restDevices.length === 0) return true;
  if (partial) return false;
  const live = m.snapshot() as unknown as Record<string, unknown>;
  const liveDevices = live.devices as Record<string, unknown>;
  return rest.every((k) => equalsPagedValue(live[k], snap[k], pages)) && restDevices.every((k) => equalsPagedValue(liveDevices[k], devices[k], pages));
}

/**
 * The ECC bookkeeping as far as the future is concerned. The EDAC counters
 * and the scrubber's cursor and timing act only on an ECC event (a counter
 * past its threshold, a scrubbed frame with a bad word). Once memory, check
 * bits, frame flags and stuck cells equal the golden run's — compared above —
 * the future has exactly the golden run's ECC events, that is none, so the
 * counters a corrected error left behind and a cursor that lagged while its
 * chassis was offline change nothing. Failed DIMMs of online chassis are
 * still compared.
 */
function eccView(failedDimms: readonly string[] | undefined, online: readonly number[]): unknown {
  if (!failedDimms) return undefined;
  return { failedDimms: failedDimms.filter((d) => online.includes(Number(d.split('/')[0]))) };
}

/** Byte ranges of the state block (offsets from LAYOUT_BASE) left out, or undefined if the layout lacks a constant. */
function stateMasks(m: Machine, l: Record<string, number | undefined>, offline: readonly number[]): Mask[] | undefined {
  const need = (k: string): number => {
    const v = l[k];
    if (v === undefined) throw new MissingLayout();
    return v;
  };
  try {
    const base = need('LAYOUT_BASE');
    const masks: Mask[] = [];
    const cores = m.topology.cores;
    const replicaAt = (n: number) => need('REPLICA_BASE') - base + n * need('REPLICA_SIZE');
    const logAt = (n: number) => need('STORELOG_BASE') - base + n * need('STORELOG_SIZE');
    for (let n = 0; n < m.replicaCount; n++) {
      const fetch = [need('R_FETCH_PAGE'), need('R_FETCH_HOST')];
      masks.push({ from: replicaAt(n) + Math.min(...fetch), to: replicaAt(n) + Math.max(...fetch) + 4 });
      // Store-log entries past the count are left over from earlier cycles.
      const count = m.core.u32(need('REPLICA_BASE') + n * need('REPLICA_SIZE') + need('R_STORE_COUNT'));
      const entry = need('STORELOG_ENTRY_SIZE');
      masks.push({ from: logAt(n) + Math.min(count, need('STORELOG_ENTRIES')) * entry, to: logAt(n) + need('STORELOG_SIZE') });
    }
    const control = need('CONTROL_BASE') - base;
    const events = need('ECC_EVENTS_BASE') - base;
    const eventCount = m.core.u32(need('CONTROL_BASE') + need('C_ECC_EVENT_COUNT'));
    masks.push({ from: events + Math.min(eventCount, need('ECC_EVENT_SLOTS')) * need('ECC_EVENT_SIZE'), to: events + need('ECC_EVENT_SLOTS') * need('ECC_EVENT_SIZE') });
    // The dirty map means something only while a resync tracks writes; each resync clears it first.
    if (m.core.u32(need('CONTROL_BASE') + need('C_TRACK_DIRTY')) === 0) {
      masks.push({ from: need('DIRTY_BASE') - base, to: need('DIRTY_BASE') - base + need('DIRTY_SIZE') });
    }
    if (offline.length > 0) {
      for (const key of ['C_ONLINE_MASK', 'C_MISMATCH_MASK', 'C_REFERENCE']) masks.push({ from: control + need(key), to: control + need(key) + 4 });
      let pteKeep = 0xffffffff;
      for (const c of offline) {
        for (let k = 0; k < cores; k++) {
          const n = c * cores + k;
          masks.push({ from: replicaAt(n), to: replicaAt(n) + need('REPLICA_SIZE') });
          masks.push({ from: logAt(n), to: logAt(n) + need('STORELOG_SIZE') });
        }
        const flags = need('FRAME_FLAGS_BASE') - base + c * need('DIRTY_SIZE');
        masks.push({ from: flags, to: flags + need('DIRTY_SIZE') });
        pteKeep &= ~(need('PTE_ECC_SLOW') << c);
      }
      const table = need('PAGE_TABLE_BASE') - base;
      masks.push({ from: table, to: table + need('PAGE_TABLE_SIZE'), keepBits: pteKeep >>> 0 });
    }
    return masks;
  } catch (error) {
    if (error instanceof MissingLayout) return undefined;
    throw error;
  }
}

class MissingLayout extends Error {}
