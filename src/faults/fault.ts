/**
 * Faults are data: what, where, when, how long — JSON that a user writes on
 * the command line, a campaign generates, and a results file records. Their
 * schema (fault-schema.ts) is the one contract all of them share; here is
 * what a run needs of them, which loads no schema library: a worker thread
 * that only runs faults starts without it.
 */
import type { z } from 'zod';
import { UserError } from '../errors';
import type { Topology } from '../machine/topology';
import { MIN_MAP_ADDRESS, TASK_SIZE } from '../linux/address-space';
import { DimmMap } from '../ecc/dimms';
import type { EccMode } from '../ecc/ecc-memory';
import { describeDiskFault, type DiskFault } from '../disk/disk-faults';
import type { registerFlip, chassisEvent, memoryFlip, dimmEvent } from './fault-schema';

export type RegisterFault = z.infer<typeof registerFlip>;
export type ChassisFault = z.infer<typeof chassisEvent>;
export type MemoryFault = z.infer<typeof memoryFlip>;
export type DimmFault = z.infer<typeof dimmEvent>;
export type Fault = RegisterFault | ChassisFault | MemoryFault | DimmFault | DiskFault;

/** The machine a fault is checked against before a run. */
export interface FaultBounds {
  readonly topology: Topology;
  readonly dimmsPerChassis: number;
  readonly bytesPerChassis: number;
  readonly eccMode: EccMode;
  /** Blocks of the run's disk, or undefined when it has none. */
  readonly diskBlocks?: number;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * Check before a run that a fault can happen on this machine: its chassis,
 * core and DIMM exist, a physical location lies in the chassis memory (in
 * the DIMM, if one is named), a guest address lies where a program can map
 * memory at all, and check bits or stuck cells have ECC memory to live in.
 * Whether an address is mapped when the fault strikes is known only then.
 */
export function checkFaultFits(fault: Fault, bounds: FaultBounds, where: string): void {
  const { topology, dimmsPerChassis, bytesPerChassis } = bounds;
  const fail = (problem: string): never => {
    throw new UserError(`${where}: ${problem}`);
  };
  if (fault.chassis >= topology.chassis) fail(`field "chassis" is ${fault.chassis} but ${topology.name} has chassis 0-${topology.chassis - 1}`);
  if (fault.target === 'register' && fault.core >= topology.cores) {
    fail(`field "core" is ${fault.core} but ${topology.name} has ${topology.cores === 1 ? 'only core 0' : `cores 0-${topology.cores - 1}`}`);
  }
  if ((fault.target === 'dimm' || (fault.target === 'memory' && fault.dimm !== undefined)) && fault.dimm! >= dimmsPerChassis) {
    fail(`field "dimm" is ${fault.dimm} but a chassis has DIMMs 0-${dimmsPerChassis - 1}`);
  }
  if (fault.target === 'disk') {
    if (bounds.diskBlocks === undefined) fail('a disk fault needs a disk (--disk IMG)');
    if ('block' in fault && fault.block >= bounds.diskBlocks!) fail(`field "block" is ${fault.block} but the disk has blocks 0-${bounds.diskBlocks! - 1}`);
    return;
  }
  if (fault.target !== 'memory') return;
  if (fault.address !== undefined && (fault.address < MIN_MAP_ADDRESS || fault.address >= TASK_SIZE)) {
    fail(`field "address" is ${hex(fault.address)}, where no program can ever map memory (a guest maps ${hex(MIN_MAP_ADDRESS)}-${hex(TASK_SIZE - 1)})`);
  }
  if (fault.physical !== undefined) {
    const memory = `the ${hex(bytesPerChassis)} bytes (${bytesPerChassis / 2 ** 20} MiB) of a chassis' memory`;
    if (fault.dimm === undefined) {
      if (fault.physical >= bytesPerChassis) fail(`field "physical" is ${hex(fault.physical)}, beyond ${memory}`);
    } else {
      const dimms = new DimmMap(dimmsPerChassis, bytesPerChassis);
      if (fault.physical >= dimms.bytesPerDimm || dimms.physicalOf(fault.dimm, fault.physical) >= bytesPerChassis) {
        fail(`field "physical" is ${hex(fault.physical)}, beyond DIMM ${fault.dimm}'s share of ${memory}`);
      }
    }
  }
  if (bounds.eccMode === 'off') {
    if (fault.bits.some((b) => b >= 64)) fail('check bits 64-71 need ECC memory (--ecc is off)');
    if (fault.stuck !== undefined) fail('a stuck cell needs ECC memory (--ecc is off)');
  }
}

export function describeFault(f: Fault): string {
  switch (f.target) {
    case 'register':
      return `${f.stuck === undefined ? 'flip' : `stuck-at-${f.stuck}`} ${f.register} bit ${f.bit} in chassis ${f.chassis} core ${f.core}`;
    case 'chassis':
      return `power loss of chassis ${f.chassis}`;
    case 'memory':
      return `${f.stuck === undefined ? 'flip' : `stuck-at-${f.stuck}`} bit${f.bits.length > 1 ? 's' : ''} ${f.bits.join(',')} at ${f.address !== undefined ? `address 0x${f.address.toString(16)}` : `physical 0x${f.physical!.toString(16)}${f.dimm !== undefined ? ` of DIMM ${f.dimm}` : ''}`} in chassis ${f.chassis}`;
    case 'dimm':
      return `failure of DIMM ${f.dimm} in chassis ${f.chassis}`;
    case 'disk':
      return describeDiskFault(f);
  }
}
