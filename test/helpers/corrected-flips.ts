import { assembleFile } from '../../src/assembler';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';
import type { GuestRunOptions } from './run-guest';

/**
 * A simplex run of an assembly program with a corrected single-bit flip (at
 * cycle 5) in the page of each address addressesOf gives (from the program's
 * labels): every access to those pages then goes through the ECC decoder,
 * the core's checked path. `options()` makes a run's options (one injector
 * per run); `pages` are the pages flipped.
 */
export function correctedFlips(program: string, addressesOf: (at: (label: string) => number) => number[]): { pages: number[]; options: () => GuestRunOptions } {
  const listing = assembleFile(program).listing;
  const at = (label: string): number => listing.find((l) => l.source.trimStart().startsWith(`${label}:`))!.address;
  const pages = [...new Set(addressesOf(at).map((a) => a & ~0xfff))];
  const faults: Fault[] = pages.map((page) => ({ at: 5, target: 'memory', chassis: 0, address: page + 0x800, bits: [1] }));
  const options = (): GuestRunOptions => {
    let injector!: FaultInjector;
    return {
      topology: 'simplex', memoryMiB: 16,
      prepare: (m) => { injector = new FaultInjector(m, faults, { unmapped: 'skip' }); },
      hooks: { atCycle: (n) => injector.atCycle(n), nextCycle: (n) => injector.nextCycle(n) },
    };
  };
  return { pages, options };
}
