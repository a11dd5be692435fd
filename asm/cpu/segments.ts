// Protected-mode segmentation at CPL 3, as the CPU does it under Linux: the
// descriptor caches (base, limit, attributes) of es cs ss ds fs gs, loading
// them from the GDT or the process' LDT with the CPU's checks, the limit and
// permission check of an access, and what the caches make of the machine's
// mode (SEG_MODE: whether the decoded fast path may run, 16-bit code and stack).
//
// Faults carry the error code the CPU pushes: #GP(selector), #NP(selector),
// #SS(selector), or 0 for a null selector, a limit or a permission.
// Descriptor attributes are bits 40-55 of the descriptor: type (0-3),
// S (4), DPL (5-6), P (7), AVL (12), L (13), D/B (14), G (15).
import { R_SEG_BASE, R_SEG_LIMIT, R_SEG_ATTR, R_SELECTORS, R_SEG_MODE, CONTROL_BASE, C_GDT, GDT_ENTRIES, C_LDT_ENTRIES, LDT_BASE,
  STOP_GENERAL_PROTECTION, STOP_SEGMENT_NOT_PRESENT, STOP_STACK_FAULT } from "../layout";
import { R } from "./state";
import { raise } from "../memory/mmu";
import { markSeldomLanesChanged } from "./seldom-lanes";
import { flushDecoded } from "./dcache";

export const SEG_ES: u32 = 0;
export const SEG_CS: u32 = 1;
export const SEG_SS: u32 = 2;
export const SEG_DS: u32 = 3;
export const SEG_FS: u32 = 4;
export const SEG_GS: u32 = 5;

// SEG_MODE bits.
export const MODE_NOT_FLAT: u32 = 1;
export const MODE_CODE16: u32 = 2;
export const MODE_STACK16: u32 = 4;
export const MODE_CHECK_SHIFT: u32 = 8;

const A_ACCESSED: u32 = 0x1;
const A_WRITABLE: u32 = 0x2;   // data: writable; code: readable
const A_EXPAND_DOWN: u32 = 0x4; // data: expand-down; code: conforming
const A_CODE: u32 = 0x8;
const A_S: u32 = 0x10;         // code or data (not a system descriptor)
const A_PRESENT: u32 = 0x80;
const A_BIG: u32 = 0x4000;     // D/B: 32-bit code, 32-bit stack, 4 GiB expand-down bound
const A_GRANULAR: u32 = 0x8000;
const CPL: u32 = 3;

// The descriptor the last readDescriptor found (its two words).
export let DESC_LO: u32 = 0;
export let DESC_HI: u32 = 0;

@inline export function segBase(seg: u32): u32 { return load<u32>(R + R_SEG_BASE + (seg << 2)); }
@inline export function segLimit(seg: u32): u32 { return load<u32>(R + R_SEG_LIMIT + (seg << 2)); }
@inline export function segAttr(seg: u32): u32 { return <u32>load<u16>(R + R_SEG_ATTR + (seg << 1)); }
@inline export function segMode(): u32 { return load<u32>(R + R_SEG_MODE); }
@inline export function segChecked(seg: u32): bool { return ((segMode() >> (MODE_CHECK_SHIFT + seg)) & 1) != 0; }

@inline function descAttr(): u32 { return (DESC_HI >> 8) & 0xf0ff; }
@inline function descBase(): u32 { return (DESC_LO >>> 16) | ((DESC_HI & 0xff) << 16) | (DESC_HI & 0xff000000); }
/** The limit in bytes: 20 bits, scaled by 4 KiB with the G bit. */
@inline function descLimit(): u32 {
  const raw = (DESC_LO & 0xffff) | (DESC_HI & 0xf0000);
  return (DESC_HI & (A_GRANULAR << 8)) != 0 ? (raw << 12) | 0xfff : raw;
}

/** Fetch the descriptor a (non-null) selector names; false when it lies outside its table. */
export function readDescriptor(selector: u32): bool {
  const index = selector >> 3;
  let at: u32;
  if ((selector & 4) != 0) {
    if (index >= load<u32>(CONTROL_BASE + C_LDT_ENTRIES)) return false;
    at = LDT_BASE + (index << 3);
  } else {
    if (index >= GDT_ENTRIES) return false;
    at = CONTROL_BASE + C_GDT + (index << 3);
  }
  DESC_LO = load<u32>(at);
  DESC_HI = load<u32>(at + 4);
  return true;
}

/** Put a descriptor (or a null one, attr 0) in segment seg's cache and recompute SEG_MODE. */
function setCache(seg: u32, selector: u32, base: u32, limit: u32, attr: u32): void {
  store<u16>(R + R_SELECTORS + (seg << 1), <u16>selector);
  store<u32>(R + R_SEG_BASE + (seg << 2), base);
  store<u32>(R + R_SEG_LIMIT + (seg << 2), limit);
  store<u16>(R + R_SEG_ATTR + (seg << 1), <u16>attr);
  updateMode();
  markSeldomLanesChanged(); // the segment lanes
}

/**
 * A segment is flat when every offset is valid and the access kinds its
 * register is used for are allowed: a present, expand-up, 4 GiB writable data
 * segment (readable code for CS). Only a flat segment skips the access check.
 */
function isFlat(seg: u32): bool {
  const attr = segAttr(seg);
  if (segLimit(seg) != 0xffffffff || (attr & A_PRESENT) == 0) return false;
  if (seg == SEG_CS) return (attr & (A_CODE | A_WRITABLE)) == (A_CODE | A_WRITABLE);
  return (attr & (A_CODE | A_WRITABLE | A_EXPAND_DOWN)) == A_WRITABLE;
}

/** Derive SEG_MODE from the six caches. */
export function updateMode(): void {
  let mode: u32 = 0;
  for (let seg: u32 = 0; seg < 6; seg++) if (!isFlat(seg)) mode |= 1 << (MODE_CHECK_SHIFT + seg);
  if ((segAttr(SEG_CS) & A_BIG) == 0) mode |= MODE_CODE16;
  if ((segAttr(SEG_SS) & A_BIG) == 0) mode |= MODE_STACK16;
  // The decoded fast path uses DS and SS (and CS for fetching) as flat 32-bit segments.
  const core = (1 << (MODE_CHECK_SHIFT + SEG_ES)) | (1 << (MODE_CHECK_SHIFT + SEG_CS)) | (1 << (MODE_CHECK_SHIFT + SEG_SS)) | (1 << (MODE_CHECK_SHIFT + SEG_DS));
  if ((mode & (core | MODE_CODE16 | MODE_STACK16)) != 0 || (segBase(SEG_ES) | segBase(SEG_CS) | segBase(SEG_SS) | segBase(SEG_DS)) != 0) mode |= MODE_NOT_FLAT;
  // The decoded cache holds fast-path forms only for flat code (fillEntry):
  // entries decoded in the other mode must go.
  if (((load<u32>(R + R_SEG_MODE) ^ mode) & MODE_NOT_FLAT) != 0) flushDecoded();
  store<u32>(R + R_SEG_MODE, mode);
}

/**
 * The descriptor tables of a new process: an empty LDT, and in the GDT the
 * flat user segments of Linux's (64-bit kernel's) layout: 32-bit code at
 * entry 4 (selector 0x23), data at entry 5 (0x2b). TLS entries come from
 * set_thread_area, LDT entries from modify_ldt.
 */
export function resetDescriptorTables(): void {
  memory.fill(CONTROL_BASE + C_GDT, 0, GDT_ENTRIES << 3);
  store<u32>(CONTROL_BASE + C_GDT + (4 << 3), 0x0000ffff);
  store<u32>(CONTROL_BASE + C_GDT + (4 << 3) + 4, 0x00cffb00);
  store<u32>(CONTROL_BASE + C_GDT + (5 << 3), 0x0000ffff);
  store<u32>(CONTROL_BASE + C_GDT + (5 << 3) + 4, 0x00cff300);
  store<u32>(CONTROL_BASE + C_LDT_ENTRIES, 0);
}

/** Power-on caches: Linux's flat user segments, es cs ss ds = 0x2b 0x23 0x2b 0x2b, fs gs null. */
export function resetSegments(): void {
  const data: u32 = A_GRANULAR | A_BIG | A_PRESENT | (CPL << 5) | A_S | A_WRITABLE | A_ACCESSED;
  const code: u32 = A_GRANULAR | A_BIG | A_PRESENT | (CPL << 5) | A_S | A_CODE | A_WRITABLE | A_ACCESSED;
  for (let seg: u32 = 0; seg < 6; seg++) {
    if (seg >= SEG_FS) setCache(seg, 0, 0, 0, 0);
    else setCache(seg, seg == SEG_CS ? 0x23 : 0x2b, 0, 0xffffffff, seg == SEG_CS ? code : data);
  }
}

@inline function fault(reason: u32, code: u32): bool { raise(reason, code); return false; }

/**
 * mov/pop/lds… into es ss ds fs gs. A null selector is allowed except in SS
 * (#GP(0)); others need a data or readable code segment the CPL may use
 * (SS: writable data of DPL 3 with RPL 3), present (#NP, for SS #SS).
 * Returns false after raising the fault; the register is then unchanged.
 */
export function loadDataSegment(seg: u32, selector: u32): bool {
  selector &= 0xffff;
  const code = selector & 0xfffc;
  if (code == 0) {
    if (seg == SEG_SS) return fault(STOP_GENERAL_PROTECTION, 0);
    setCache(seg, selector, 0, 0, 0);
    return true;
  }
  if (!readDescriptor(selector)) return fault(STOP_GENERAL_PROTECTION, code);
  const attr = descAttr();
  const dpl = (attr >> 5) & 3;
  if (seg == SEG_SS) {
    if ((attr & (A_S | A_CODE | A_WRITABLE)) != (A_S | A_WRITABLE) || (selector & 3) != CPL || dpl != CPL) return fault(STOP_GENERAL_PROTECTION, code);
    if ((attr & A_PRESENT) == 0) return fault(STOP_STACK_FAULT, code);
  } else {
    if ((attr & A_S) == 0 || (attr & (A_CODE | A_WRITABLE)) == A_CODE) return fault(STOP_GENERAL_PROTECTION, code);
    const conforming = (attr & (A_CODE | A_EXPAND_DOWN)) == (A_CODE | A_EXPAND_DOWN);
    if (!conforming && dpl < CPL) return fault(STOP_GENERAL_PROTECTION, code);
    if ((attr & A_PRESENT) == 0) return fault(STOP_SEGMENT_NOT_PRESENT, code);
  }
  setCache(seg, selector, descBase(), descLimit(), attr);
  return true;
}

/**
 * Check a code selector a far jmp/call/ret/iret goes to, at CPL 3 and the
 * same privilege (Linux offers no gates to user mode): a present code
 * segment of DPL 3 (a conforming one of any DPL), RPL 3 for a return, the
 * offset within its limit. Raises the fault and returns false otherwise;
 * on success DESC_LO/DESC_HI hold the descriptor for enterCode.
 */
export function checkCodeTarget(selector: u32, offset: u32, isReturn: bool): bool {
  selector &= 0xffff;
  const code = selector & 0xfffc;
  if (code == 0) return fault(STOP_GENERAL_PROTECTION, 0);
  if (!readDescriptor(selector)) return fault(STOP_GENERAL_PROTECTION, code);
  const attr = descAttr();
  if ((attr & (A_S | A_CODE)) != (A_S | A_CODE)) return fault(STOP_GENERAL_PROTECTION, code);
  const dpl = (attr >> 5) & 3;
  const rpl = selector & 3;
  // A return to an outer level (RPL > CPL) is impossible at CPL 3; one to an inner level is refused.
  if (isReturn && rpl != CPL) return fault(STOP_GENERAL_PROTECTION, code);
  const conforming = (attr & A_EXPAND_DOWN) != 0;
  if (conforming ? dpl > (isReturn ? rpl : CPL) : dpl != CPL) return fault(STOP_GENERAL_PROTECTION, code);
  if ((attr & A_PRESENT) == 0) return fault(STOP_SEGMENT_NOT_PRESENT, code);
  if (offset > descLimit()) return fault(STOP_GENERAL_PROTECTION, 0);
  return true;
}

/** Load CS from the descriptor checkCodeTarget accepted (RPL becomes the CPL). */
export function enterCode(selector: u32): void {
  setCache(SEG_CS, (selector & 0xfffc) | CPL, descBase(), descLimit(), descAttr());
}

/**
 * Whether bytes [offset, offset + size) of segment seg may be read (or
 * written): raises #GP(0) (#SS(0) through SS) and returns false if not.
 * Expand-down segments hold the offsets above the limit, up to 0xffff or
 * 0xffffffff by the B bit.
 */
export function checkAccess(seg: u32, offset: u32, size: u32, write: bool): bool {
  const attr = segAttr(seg);
  const reason = seg == SEG_SS ? STOP_STACK_FAULT : STOP_GENERAL_PROTECTION;
  if (attr == 0) return fault(STOP_GENERAL_PROTECTION, 0); // a null selector
  if (write ? (attr & (A_CODE | A_WRITABLE)) != A_WRITABLE : (attr & (A_CODE | A_WRITABLE)) == A_CODE) return fault(reason, 0);
  const limit = segLimit(seg);
  const last = <u64>offset + <u64>(size - 1);
  if ((attr & (A_CODE | A_EXPAND_DOWN)) == A_EXPAND_DOWN) {
    const top: u64 = (attr & A_BIG) != 0 ? 0xffffffff : 0xffff;
    if (offset <= limit || last > top) return fault(reason, 0);
  } else if (last > <u64>limit) {
    return fault(reason, 0);
  }
  return true;
}

/**
 * The segment registers' part of the descriptor checks lar, lsl, verr and
 * verw make: the selector names a descriptor the CPL may see. Non-conforming
 * segments (and system descriptors) need DPL >= max(CPL, RPL).
 */
function visible(selector: u32): bool {
  selector &= 0xffff;
  if ((selector & 0xfffc) == 0 || !readDescriptor(selector)) return false;
  const attr = descAttr();
  const conformingCode = (attr & (A_S | A_CODE | A_EXPAND_DOWN)) == (A_S | A_CODE | A_EXPAND_DOWN);
  const dpl = (attr >> 5) & 3;
  return conformingCode || (dpl >= CPL && dpl >= (selector & 3));
}

// System descriptor types lar and lsl accept (16/32-bit TSS, LDT, and for lar the gates).
const LAR_SYSTEM_TYPES: u32 = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 9) | (1 << 11) | (1 << 12) | (1 << 14) | (1 << 15);
const LSL_SYSTEM_TYPES: u32 = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 9) | (1 << 11);

/** What lar and lsl return for a selector they refuse (ZF cleared, destination unchanged). */
export const REFUSED: u64 = 0x100000000;

/** lar: the access rights (descriptor word 1 & 0x00ffff00), or REFUSED. */
export function accessRights(selector: u32): u64 {
  if (!visible(selector)) return REFUSED;
  const attr = descAttr();
  if ((attr & A_S) == 0 && ((LAR_SYSTEM_TYPES >> (attr & 15)) & 1) == 0) return REFUSED;
  return <u64>(DESC_HI & 0x00ffff00);
}

/** lsl: the limit in bytes, or REFUSED. */
export function segmentLimit(selector: u32): u64 {
  if (!visible(selector)) return REFUSED;
  const attr = descAttr();
  if ((attr & A_S) == 0 && ((LSL_SYSTEM_TYPES >> (attr & 15)) & 1) == 0) return REFUSED;
  return <u64>descLimit();
}

/** verr (write false) / verw (write true): the segment could be read / written at CPL 3. */
export function verifySegment(selector: u32, write: bool): bool {
  if (!visible(selector)) return false;
  const attr = descAttr();
  if ((attr & A_S) == 0) return false;
  if (write) return (attr & (A_CODE | A_WRITABLE)) == A_WRITABLE;
  return (attr & (A_CODE | A_WRITABLE)) != A_CODE;
}
