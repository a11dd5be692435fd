/** Register names and where each lives in a replica's state block (both from gen/replica-state.mjs). */
import type { Core } from '../core/core';
import { REPLICA_REGISTERS } from '../core/layout-keys.generated';

type RegisterRow = (typeof REPLICA_REGISTERS)[number];
export type RegisterName = RegisterRow['name'];
export const REGISTER_NAMES = REPLICA_REGISTERS.map((r) => r.name) as unknown as readonly [RegisterName, ...RegisterName[]];
/** The eight general registers, in encoding order. */
export const GENERAL_REGISTERS = REPLICA_REGISTERS.filter((r) => r.field === 'GPR').map((r) => r.name) as Extract<RegisterRow, { field: 'GPR' }>['name'][];
/** The x87 data registers (80 bits: physical R0-R7, see gen/replica-state.mjs); every other register fits a number. */
export type WideRegisterName = Extract<RegisterRow, { bits: 80 }>['name'];
export type NarrowRegisterName = Exclude<RegisterName, WideRegisterName>;
export const NARROW_REGISTERS = REPLICA_REGISTERS.filter((r) => r.bits <= 32).map((r) => r.name) as NarrowRegisterName[];
export const WIDE_REGISTERS = REPLICA_REGISTERS.filter((r) => r.bits > 32).map((r) => r.name) as WideRegisterName[];
/** A replica's registers; st0-st7 as 80-bit values (sign and exponent in bits 64-79). */
export type Registers = Record<NarrowRegisterName, number> & Record<WideRegisterName, bigint> & { fsBase: number; gsBase: number };

const BY_NAME = new Map<string, RegisterRow>(REPLICA_REGISTERS.map((r) => [r.name, r]));

export function isRegisterName(name: string): name is RegisterName {
  return BY_NAME.has(name);
}

/** Index in the stuck-at slot table of the 32-bit word of a register that holds `bit`. */
export function registerSlot(name: RegisterName, bit = 0): number {
  return BY_NAME.get(name)!.slot + (bit >> 5);
}

/** Width of a register in bits (the range of a bit flip or stuck bit). */
export function registerBits(name: RegisterName): number {
  return BY_NAME.get(name)!.bits;
}

export function replicaBase(core: Core, replica: number): number {
  return core.layout.REPLICA_BASE + replica * core.layout.REPLICA_SIZE;
}

/** Offset of a register inside a replica block. EFLAGS must be materialized before it is read. */
export function registerOffset(name: RegisterName): number {
  return BY_NAME.get(name)!.offset;
}

/** Offset of the 32-bit word of a register that holds `bit` (bit % 32 within it). */
export function registerWordOffset(name: RegisterName, bit: number): number {
  return registerOffset(name) + 4 * (bit >> 5);
}
