// The replica being stepped. The step loop points these at one replica's slot
// in linear memory; everything the CPU reads or writes goes through them.
import { REPLICA_BASE, REPLICA_SIZE, R_GPR, R_EIP, R_EFLAGS, R_SELECTORS, STORELOG_BASE, STORELOG_SIZE } from "../layout";

/** Address of the current replica's state block. */
export let R: u32 = REPLICA_BASE;
/** Address of the current replica's store log. */
export let LOG: u32 = STORELOG_BASE;
/** Host address of the current replica's chassis memory (physical 0). */
export let MEMB: u32 = 0;
/** The current replica's chassis index. */
export let CHASSIS: u32 = 0;

@inline export function selectReplica(n: u32, chassis: u32, memBase: u32): void {
  R = REPLICA_BASE + n * REPLICA_SIZE;
  LOG = STORELOG_BASE + n * STORELOG_SIZE;
  MEMB = memBase;
  CHASSIS = chassis;
}

/** Point the CPU at a replica given its state block and store log addresses. */
@inline export function selectState(state: u32, log: u32, memBase: u32, chassis: u32): void {
  R = state;
  LOG = log;
  MEMB = memBase;
  CHASSIS = chassis;
}

// Register numbers in x86 encoding order.
export const EAX: u32 = 0;
export const ECX: u32 = 1;
export const EDX: u32 = 2;
export const EBX: u32 = 3;
export const ESP: u32 = 4;
export const EBP: u32 = 5;
export const ESI: u32 = 6;
export const EDI: u32 = 7;

@inline export function getReg32(r: u32): u32 { return load<u32>(R + R_GPR + (r << 2)); }
@inline export function setReg32(r: u32, v: u32): void { store<u32>(R + R_GPR + (r << 2), v); }

@inline export function getReg16(r: u32): u32 { return <u32>load<u16>(R + R_GPR + (r << 2)); }
@inline export function setReg16(r: u32, v: u32): void { store<u16>(R + R_GPR + (r << 2), <u16>v); }

// 8-bit registers: 0-3 are al cl dl bl, 4-7 are ah ch dh bh.
@inline export function reg8Address(r: u32): u32 { return R + R_GPR + ((r & 3) << 2) + (r >> 2); }
@inline export function getReg8(r: u32): u32 { return <u32>load<u8>(reg8Address(r)); }
@inline export function setReg8(r: u32, v: u32): void { store<u8>(reg8Address(r), <u8>v); }

/** Register read at an operand size of 8, 16 or 32 bits. */
@inline export function getReg(r: u32, size: u32): u32 {
  if (size == 32) return getReg32(r);
  if (size == 16) return getReg16(r);
  return getReg8(r);
}
@inline export function setReg(r: u32, v: u32, size: u32): void {
  if (size == 32) setReg32(r, v);
  else if (size == 16) setReg16(r, v);
  else setReg8(r, v);
}

@inline export function getEip(): u32 { return load<u32>(R + R_EIP); }
@inline export function setEip(v: u32): void { store<u32>(R + R_EIP, v); }

@inline export function getEflagsRaw(): u32 { return load<u32>(R + R_EFLAGS); }
@inline export function setEflagsRaw(v: u32): void { store<u32>(R + R_EFLAGS, v); }

@inline export function getSelector(seg: u32): u32 { return <u32>load<u16>(R + R_SELECTORS + (seg << 1)); }

@inline export function sizeMask(size: u32): u32 { return size == 32 ? 0xffffffff : (size == 16 ? 0xffff : 0xff); }
@inline export function signBit(size: u32): u32 { return <u32>1 << (size - 1); }

/** Copy `lanes` 16-byte lanes of state (saving, rolling back or copying a replica block). */
@inline export function copyLanes(to: u32, from: u32, lanes: u32): void {
  for (let i: u32 = 0; i < lanes; i++) v128.store(to + (i << 4), v128.load(from + (i << 4)));
}
