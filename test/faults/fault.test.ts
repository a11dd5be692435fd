/** Faults checked against the machine before a run: what can never strike is refused, naming the fault. */
import { describe, expect, it } from 'vitest';
import { checkFaultFits, type FaultBounds } from '../../src/faults/fault';
import { parseFault } from '../../src/faults/fault-schema';
import { resolveTopology } from '../../src/machine/topology';
import { UserError } from '../../src/errors';

const MiB = 1024 * 1024;
const bounds: FaultBounds = { topology: resolveTopology('pair-spare'), dimmsPerChassis: 4, bytesPerChassis: 64 * MiB, eccMode: 'fast' };

function check(fault: object, over: Partial<FaultBounds> = {}): string | undefined {
  try {
    checkFaultFits(parseFault(fault, '--fault 2'), { ...bounds, ...over }, '--fault 2');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  return undefined;
}

const memory = (where: object, extra: object = {}) => ({ at: 10, target: 'memory', chassis: 0, bits: [3], ...where, ...extra });

describe('checkFaultFits', () => {
  it('accepts what can strike this machine', () => {
    expect(check(memory({ address: 0x0804a000 }))).toBeUndefined();
    expect(check(memory({ address: 0x10000 }))).toBeUndefined();
    expect(check(memory({ address: 0xbfffffff }))).toBeUndefined();
    expect(check(memory({ physical: 64 * MiB - 1 }))).toBeUndefined();
    expect(check(memory({ physical: 16 * MiB - 1, dimm: 3 }))).toBeUndefined();
    expect(check({ at: 1, target: 'register', chassis: 1, core: 1, register: 'eax', bit: 0 })).toBeUndefined();
  });

  it('refuses a guest address where no program can map memory', () => {
    expect(check(memory({ address: 0x100 }))).toBe('--fault 2: field "address" is 0x100, where no program can ever map memory (a guest maps 0x10000-0xbfffffff)');
    expect(check(memory({ address: 0xc0000000 }))).toMatch(/field "address" is 0xc0000000, where no program can ever map memory/);
  });

  it('refuses a physical location beyond the chassis memory or the DIMM', () => {
    expect(check(memory({ physical: 64 * MiB }))).toBe("--fault 2: field \"physical\" is 0x4000000, beyond the 0x4000000 bytes (64 MiB) of a chassis' memory");
    expect(check(memory({ physical: 16 * MiB, dimm: 0 }))).toMatch(/field "physical" is 0x1000000, beyond DIMM 0's share/);
  });

  it('refuses check bits and stuck cells without ECC memory', () => {
    expect(check(memory({ address: 0x0804a000 }, { bits: [64] }), { eccMode: 'off' })).toBe('--fault 2: check bits 64-71 need ECC memory (--ecc is off)');
    expect(check(memory({ address: 0x0804a000 }, { stuck: 1 }), { eccMode: 'off' })).toBe('--fault 2: a stuck cell needs ECC memory (--ecc is off)');
    expect(check(memory({ address: 0x0804a000 }, { bits: [64] }))).toBeUndefined();
  });

  it('still refuses chassis, cores and DIMMs the machine lacks', () => {
    expect(check({ at: 1, target: 'chassis', chassis: 2, event: 'power-loss' })).toMatch(/field "chassis" is 2 but pair-spare has chassis 0-1/);
    expect(check({ at: 1, target: 'dimm', chassis: 0, dimm: 4, event: 'fail' })).toMatch(/field "dimm" is 4 but a chassis has DIMMs 0-3/);
  });
});
