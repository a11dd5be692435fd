/**
 * The disk of a machine whose chassis run on threads: the coordinator holds
 * it, as it performs every other I/O once. It is the same MachineDisk the
 * one-thread machine attaches (one physical copy per chassis, the mirror,
 * the file system), fed what the one-thread machine feeds it: its faults at
 * their cycles (the coordinator meets the chassis there), chassis going
 * offline, chassis coming back from a repair, and at the end `finish()`.
 */
import type { Fault } from '../faults/fault';
import { describeFault } from '../faults/fault';
import { UserError } from '../errors';
import { checkDiskFault } from '../disk/disk-faults';
import { MachineDisk, type DiskHost, type DiskSetup } from '../disk/machine-disk';
import { serveRemoteCall, type RemoteFsAnswer, type RemoteFsCall } from '../disk/remote-fs';

export class CoordinatedDisk {
  private readonly pending: Fault[];

  private constructor(
    private readonly disk: MachineDisk,
    faults: readonly Fault[],
    private readonly host: DiskHost,
  ) {
    this.pending = faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
  }

  /** The coordinator's disk, if the machine has one; disk faults without one are the user's error. */
  static attach(setup: DiskSetup | undefined, chassis: number, faults: readonly Fault[], repairAfter: bigint | undefined, host: DiskHost): CoordinatedDisk | undefined {
    if (!setup) {
      if (faults.length > 0) throw new UserError('a disk fault needs a disk (--disk IMG)');
      return undefined;
    }
    const disk = new MachineDisk({ ...setup, chassis, repairAfter }, host);
    faults.forEach((f, i) => f.target === 'disk' && checkDiskFault(f, chassis, disk.blockCount, `disk fault ${i + 1}`));
    return new CoordinatedDisk(disk, faults, host);
  }

  /** The cycle of the next disk fault after `now`'s, if any: the chassis must meet there. */
  nextFault(now: bigint): bigint | undefined {
    const next = this.pending[0];
    return next === undefined ? undefined : BigInt(Math.max(next.at, Number(now)));
  }

  /** Apply the disk faults due by `cycle`, reported as the one-thread injector reports them. */
  strike(cycle: bigint): void {
    while (this.pending.length > 0 && BigInt(this.pending[0].at) <= cycle) {
      const fault = this.pending.shift()!;
      this.host.emit({ type: 'fault-injected', chassis: fault.chassis, fault, reason: describeFault(fault), cycle: fault.at });
      this.disk.inject(fault);
    }
  }

  /** One file-system call the chassis agreed on, performed once. */
  serve(call: RemoteFsCall): RemoteFsAnswer {
    this.strike(this.host.cycle());
    return serveRemoteCall(this.disk.fs, call);
  }

  chassisOffline(chassis: number, reason: string): void {
    this.disk.chassisOffline(chassis, reason);
  }

  /** Chassis c is back in lockstep: its copy is resynced (write-intent bitmap) and checked by digest. */
  repaired(chassis: number): void {
    this.disk.repaired(chassis);
  }

  get digest(): string | undefined {
    return this.disk.contentDigest;
  }

  /** Unmount, write the image back (or digest a scratch copy), keep the copies if asked; what the user should hear. */
  finish(): string[] {
    return this.disk.finish();
  }
}
