/** Register names and where each lives in a replica's state block (both from gen/replica-state.mjs). */
import type { Core } from '../core/core';
import { REPLICA_REGISTERS } from '../core/layout-keys.generated';

type RegisterRow = (typeof REPLICA_REGISTERS)[number];
export type RegisterName = RegisterRow['name'];
export const REGISTER_NAMES = REPLICA_REGISTERS.map((r) => r.name) as unknown as readonly [RegisterName, ...RegisterName[]];
/** The eight general registers, in encoding order. */
export const GENERAL_REGISTERS = REPLICA_REGISTERS.filter((r) => r.field === 'GPR').map((r) => r.name) as Extract<RegisterRow, { field: 'GPR' }>['name'][];
export type Registers = Record<RegisterName, number> & { fsBase: number; gsBase: number };

const BY_NAME = new Map<string, RegisterRow>(REPLICA_REGISTERS.map((r) => [r.name, r]));

export function isRegisterName(name: string): name is RegisterName {
  return BY_NAME.has(name);
}

/** Index of a register in the stuck-at slot table. */
export function registerSlot(name: RegisterName): number {
  return BY_NAME.get(name)!.slot;
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
