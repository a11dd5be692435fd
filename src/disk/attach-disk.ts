/**
 * Putting a disk into a machine, the one way every runner does it (the
 * engine, a campaign's runs): the disk becomes one of the machine's devices,
 * reads its cycle, reports its evidence as machine events and hears of
 * chassis going offline. The faults of the run are checked against it first.
 */
import type { Machine } from '../machine/machine';
import type { Fault } from '../faults/fault';
import { UserError } from '../errors';
import { checkDiskFault } from './disk-faults';
import { MachineDisk, type DiskSetup } from './machine-disk';

export function attachDisk(machine: Machine, setup: DiskSetup | undefined, faults: readonly Fault[], repairAfter?: bigint): MachineDisk | undefined {
  if (!setup) {
    if (faults.some((f) => f.target === 'disk')) throw new UserError('a disk fault needs a disk (--disk IMG)');
    return undefined;
  }
  const chassis = machine.topology.chassis;
  const disk = new MachineDisk(
    { ...setup, chassis, repairAfter },
    { cycle: () => machine.cycle, emit: (e) => machine.emit(e as Parameters<Machine['emit']>[0]) },
  );
  faults.forEach((f, i) => f.target === 'disk' && checkDiskFault(f, chassis, disk.blockCount, `disk fault ${i + 1}`));
  machine.attachDevice(disk);
  machine.onEvent((e) => {
    if (e.type === 'chassis-offline' && e.chassis !== undefined) disk.chassisOffline(e.chassis, e.reason ?? 'offline');
  });
  return disk;
}
