// The system-register and descriptor-table instructions of groups 6 and 7
// (0F 00, 0F 01) as a user program meets them under Linux. The stores (smsw,
// sgdt, sidt, sldt, str) fault with UMIP on the CPUs Linux runs on, and the
// kernel emulates them with fixed values (arch/x86/kernel/umip.c): those are
// what ftvm returns, the same on every host, where the real tables' addresses
// would differ. The loads (lldt, ltr, lgdt, lidt, lmsw) and invlpg are
// privileged: #GP(0) at CPL 3.
import { START, MOD, REG, EA, EA_OFFSET, EA_SEG, EA_CHECK, decodeModrm, writeE, probeWritable, writeThroughCs } from "./decode";
import { checkAccess } from "./segments";
import { verify } from "./segment-instructions";
import { store16, store32, raise, FAULT } from "../memory/mmu";
import { STOP_ILLEGAL, STOP_GENERAL_PROTECTION } from "../layout";

// umip.c's dummy values for a 32-bit process.
const UMIP_CR0: u32 = 0x80050033; // PG AM WP NE ET MP PE
const UMIP_GDT_BASE: u32 = 0xfffe0000;
const UMIP_IDT_BASE: u32 = 0xffff0000;
const UMIP_TABLE_LIMIT: u32 = 0;
const UMIP_LDT_SELECTOR: u32 = 0;
const UMIP_TSS_SELECTOR: u32 = 0x40; // GDT_ENTRY_TSS * 8

/** A selector or machine-status word into Ew: a register takes the operand size (r32 zero-extended), memory 16 bits. */
function storeWord(v: u32, osz: u32): void {
  writeE(v, MOD == 3 ? osz : 16);
}

/** sgdt/sidt M: the 16-bit limit, then the 32-bit base (all six bytes whatever the operand size, as Linux writes them). */
function storeTable(base: u32): void {
  if (MOD == 3) { raise(STOP_ILLEGAL, START); return; }
  if (EA_CHECK ? !checkAccess(EA_SEG, EA_OFFSET, 6, true) : writeThroughCs()) return;
  // Nothing is written unless all six bytes can be (they may straddle a page).
  probeWritable(EA);
  if (!FAULT && ((EA + 5) & 0xfffff000) != (EA & 0xfffff000)) probeWritable((EA + 5) & 0xfffff000);
  if (FAULT) return;
  store16(EA, UMIP_TABLE_LIMIT);
  store32(EA + 2, base);
}

/** 0F 00: /0 sldt Ew, /1 str Ew, /2 lldt, /3 ltr, /4 verr, /5 verw. */
export function group6(osz: u32): void {
  decodeModrm();
  switch (REG) {
    case 0: storeWord(UMIP_LDT_SELECTOR, osz); return;
    case 1: storeWord(UMIP_TSS_SELECTOR, osz); return;
    case 2: case 3: raise(STOP_GENERAL_PROTECTION, 0); return;
    case 4: case 5: verify(REG == 5); return;
    default: raise(STOP_ILLEGAL, START);
  }
}

/**
 * 0F 01 with a memory operand: /0 sgdt, /1 sidt, /2 lgdt, /3 lidt, /4 smsw,
 * /6 lmsw, /7 invlpg. With a register operand only smsw and lmsw exist for
 * this CPU (the rest of that row is VMX, MONITOR, XSAVE and RDTSCP, which
 * cpuid does not report): #UD.
 */
export function group7(osz: u32): void {
  decodeModrm();
  switch (REG) {
    case 0: storeTable(UMIP_GDT_BASE); return;
    case 1: storeTable(UMIP_IDT_BASE); return;
    case 4: storeWord(UMIP_CR0, osz); return;
    case 6: raise(STOP_GENERAL_PROTECTION, 0); return;
    case 2: case 3: case 7:
      if (MOD != 3) { raise(STOP_GENERAL_PROTECTION, 0); return; }
      raise(STOP_ILLEGAL, START); return;
    default: raise(STOP_ILLEGAL, START);
  }
}
