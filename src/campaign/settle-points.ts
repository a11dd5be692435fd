/**
 * A campaign's settle points: cycle 0, then the first stop at or past each
 * multiple of the snapshot interval — the cycles the golden run takes its
 * snapshots at. With a disk, every run of the campaign settles the disk's
 * file system there (MachineDisk.settle): the golden run just before each
 * snapshot, every injection whether it fast-forwards from a snapshot or
 * starts at cycle 0. So a golden snapshot holds the whole file system (its
 * blocks and open files; a restore rebuilds the file-system worker from
 * them), and until a fault every run writes the same blocks at the same
 * cycles as the golden run.
 *
 * As hooks they must come before the fault injector's: at a point's cycle
 * the golden run settled before its snapshot, and an injection restored
 * from that snapshot meets its fault after the settle too.
 */
import type { Machine, RunHooks } from '../machine/machine';

export class SettlePoints implements RunHooks {
  private next: bigint | undefined;

  /**
   * `after`: the cycle of the snapshot the run was restored from (the golden
   * run settled there already); undefined for a run from cycle 0.
   */
  constructor(
    private readonly machine: Machine,
    private readonly interval: number,
    private readonly settle: () => void,
    after?: number,
  ) {
    this.next = after === undefined ? 0n : this.pointAfter(BigInt(after));
  }

  nextCycle(): bigint | undefined {
    return this.next;
  }

  atCycle(cycle: bigint): void {
    if (this.next === undefined || cycle < this.next || this.machine.outcome) return;
    this.settle();
    this.next = this.pointAfter(cycle);
  }

  /** The first multiple of the interval past `cycle` (none without an interval). */
  private pointAfter(cycle: bigint): bigint | undefined {
    if (this.interval <= 0) return undefined;
    const step = BigInt(this.interval);
    return (cycle / step + 1n) * step;
  }
}
