/** Register names and where each lives in a replica's state block. */
import type { Core } from '../core/core';

export const GENERAL_REGISTERS = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const REGISTER_NAMES = [...GENERAL_REGISTERS, 'eip', 'eflags'] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];
export type Registers = Record<RegisterName, number> & { fsBase: number; gsBase: number };

export function isRegisterName(name: string): name is RegisterName {
  return (REGISTER_NAMES as readonly string[]).includes(name);
}

/** Index of a register in the stuck-at slot table (gprs 0-7, eip 8, eflags 9). */
export function registerSlot(name: RegisterName): number {
  return REGISTER_NAMES.indexOf(name);
}

export function replicaBase(core: Core, replica: number): number {
  return core.layout.REPLICA_BASE + replica * core.layout.REPLICA_SIZE;
}

/** Offset of a register inside a replica block. EFLAGS must be materialized before it is read. */
export function registerOffset(core: Core, name: RegisterName): number {
  const { R_GPR, R_EIP, R_EFLAGS } = core.layout;
  if (name === 'eip') return R_EIP;
  if (name === 'eflags') return R_EFLAGS;
  return R_GPR + GENERAL_REGISTERS.indexOf(name) * 4;
}
