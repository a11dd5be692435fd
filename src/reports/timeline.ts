/** A machine's events as a human-readable timeline, one line per event. */
import type { MachineEvent } from '../machine/events';

export function describeEvent(e: MachineEvent): string {
  const where = e.chassis === undefined ? '' : `chassis ${e.chassis}${e.core === undefined ? '' : ` core ${e.core}`}: `;
  switch (e.type) {
    case 'fault-injected': return `fault injected: ${e.reason}`;
    case 'mismatch':
      if (e.address !== undefined) return `comparator: chassis memories differ in a system call buffer at 0x${(e.address as number).toString(16)}`;
      // Chassis on threads compared at a meeting: the reason says where.
      if (e.replicas === undefined) return `comparator: ${e.reason}`;
      return `comparator: replica${(e.replicas as number[]).length > 1 ? 's' : ''} ${(e.replicas as number[]).join(', ')} disagree${(e.replicas as number[]).length > 1 ? '' : 's'} with replica ${e.reference}`;
    case 'vote': return `vote: ${(e.groups as number[][]).map((g) => `{${g.join(',')}}`).join(' vs ')} -> ${(e.winners as number[]).length ? `chassis ${(e.winners as number[]).join(',')} win` : 'no majority'}`;
    case 'chassis-offline': return `${where}offline (${e.reason})`;
    case 'stop': return `machine stopped: ${e.reason}`;
    case 'resync-start': return `${where}resync from chassis ${e.source} begins (${e.pages} pages, brownout)`;
    case 'resync-done':
      return e.ok
        ? `${where}back online: brownout ${e.brownoutCycles} cycles / ${e.brownoutPages} pages in ${e.rounds} round(s), blackout ${e.blackoutPages} pages / ${e.blackoutCycles} cycles paused, digest ${e.digest}`
        : `${where}resync failed: ${e.reason}`;
    case 'exit': return `program exited with status ${e.status}`;
    case 'guest-signal': return `guest: ${e.reason}`;
    case 'disk-error': return `${where}disk block ${e.block}: ${e.reason}${e.repaired === false ? ' (not repaired)' : ''}`;
    case 'disk-repaired': return `${where}disk block ${e.block} rewritten from chassis ${e.from}`;
    case 'disk-offline': return `${where}disk offline (${e.reason})`;
    case 'disk-resync-start': return `${where}disk resync from chassis ${e.from} begins (${e.full ? 'every block: a new disk' : 'write-intent bitmap'})`;
    case 'disk-resync-done': return `${where}disk back: ${e.blocks} blocks copied, ${e.cycles} cycles, digest ${String(e.digest).slice(0, 16)}`;
    default: return `${where}${e.type}${e.reason ? `: ${e.reason}` : ''}`;
  }
}

export function formatTimeline(events: readonly MachineEvent[]): string {
  if (events.length === 0) return '  (no events)\n';
  const width = Math.max(...events.map((e) => String(e.cycle).length));
  return events.map((e) => `  cycle ${String(e.cycle).padStart(width)}  ${describeEvent(e)}`).join('\n') + '\n';
}
