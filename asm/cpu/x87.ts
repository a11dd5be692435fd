// The bridge between the instruction decoder and the x87 unit (asm/fpu): D8-DF
// and fwait (9B) on the selected replica's FPU block (R_FPU). It decodes the
// ModRM operand, reads a memory operand through the MMU into a scratch
// buffer, checks that a memory destination is writable, and only then lets
// the unit execute: a page fault leaves the x87 state untouched, so the block
// needs no rollback copy (it lies in the compared part, see
// gen/replica-state.mjs). Stores go back through the MMU, logged for the
// comparator like any other.
//
// Exceptions: an unmasked one leaves ES set; the next waiting instruction
// (fwait and every D8-DF except fninit, fnclex, fnstsw, fnstcw, fnstenv,
// fnsave) stops with STOP_FPU_ERROR before executing, status address = the
// si_code Linux would give the SIGFPE.
//
// FIP/FDP/FOP, as the recording CPU keeps them: FIP = the address of the last
// instruction other than fninit, fnclex, fldcw, fnstcw, fnstsw, fldenv,
// fnstenv, fnsave, frstor and fwait; FOP and FDP (its opcode and memory
// operand offset) only when it left an unmasked exception pending; FCS and
// FDS read 0.
import { R, EAX, MEMB, CHASSIS, setReg16 } from "./state";
import { START, OPSIZE, MOD, REG, RM, EA, EA_OFFSET, EA_CHECK, SEG, decodeModrm, probeWritable, checkEA } from "./decode";
import { materializeFlags, putFlags, CF, PF, AF, ZF, SF, OF } from "./flags";
import { load16, load32, store16, store32, raise, pageEntry, FAULT } from "../memory/mmu";
import { R_FPU, STOP_FPU_ERROR, STOP_ILLEGAL, STOP_GENERAL_PROTECTION, PTE_PRESENT, PTE_WRITABLE, PTE_ECC_SLOW, PTE_FRAME_MASK } from "../layout";
import { fpuExecute, fpuPendingFault, fpuFaultCode, fpuSetEflags, xStoreBytes, xEflags, xEflagsSet, xAx, xAxSet, X_UNIMPLEMENTED } from "../fpu/execute";
import { E_IMM } from "./dcache";
import { fnstenv, fldenv, fnsave, frstor, envBytes, saveBytes } from "../fpu/env";
import { F_FOP, F_FIP, F_FDP, getSW, pop } from "../fpu/state";
import { ES } from "../fpu/float80";
import { markSeldomLanesChanged } from "./seldom-lanes";

// The memory operand: at most fnsave's 108 bytes.
export const BUF: u32 = <u32>memory.data(112, 16);

// Memory-form operand kinds, per opcode D8-DF (rows) and ModRM reg (columns):
// 0 undefined (#UD), 2/4/8/10 a load of that many bytes, 0x80 | n a store of
// n bytes, ENV/SAVE the environment and state images (size by operand size).
const ENV: u8 = 0x40;
const SAVE: u8 = 0x41;
const STORE: u8 = 0x80;
const MEM_KIND: usize = memory.data<u8>([
  4, 4, 4, 4, 4, 4, 4, 4,                                   // D8 fadd fmul fcom fcomp fsub fsubr fdiv fdivr m32
  4, 0, 0x84, 0x84, 0x40, 2, 0xc0, 0x82,                    // D9 fld m32, -, fst fstp m32, fldenv, fldcw, fnstenv, fnstcw
  4, 4, 4, 4, 4, 4, 4, 4,                                   // DA fiadd .. fidivr m32int
  4, 0x84, 0x84, 0x84, 0, 10, 0, 0x8a,                      // DB fild, fisttp, fist, fistp m32int, -, fld m80, -, fstp m80
  8, 8, 8, 8, 8, 8, 8, 8,                                   // DC m64
  8, 0x88, 0x88, 0x88, 0x41, 0, 0xc1, 0x82,                 // DD fld, fisttp, fst, fstp m64, frstor, -, fnsave, fnstsw
  2, 2, 2, 2, 2, 2, 2, 2,                                   // DE m16int
  2, 0x82, 0x82, 0x82, 10, 8, 0x8a, 0x88,                   // DF fild, fisttp, fist, fistp m16int, fbld, fild m64, fbstp, fistp m64
]);

/** Does this form wait (and so raise a pending exception first)? Not fninit, fnclex, fnstsw, fnstcw, fnstenv, fnsave. */
function waits(op: u32, modrm: u32): bool {
  if (modrm >= 0xc0) return !(op == 0xdb && (modrm == 0xe2 || modrm == 0xe3)) && !(op == 0xdf && modrm == 0xe0);
  const r = (modrm >> 3) & 7;
  return !((op == 0xd9 && r >= 6) || (op == 0xdd && r >= 6));
}

/** Is this a control instruction, which leaves FIP/FOP/FDP alone? */
function control(op: u32, modrm: u32): bool {
  if (!waits(op, modrm)) return true;
  return modrm < 0xc0 && ((op == 0xd9 && (((modrm >> 3) & 7) == 4 || ((modrm >> 3) & 7) == 5)) || (op == 0xdd && ((modrm >> 3) & 7) == 4));
}

function loadOperand(addr: u32, n: u32): void {
  let k: u32 = 0;
  for (; k + 4 <= n; k += 4) store<u32>(BUF + k, load32(addr + k));
  if (k < n) store<u16>(BUF + k, <u16>load16(addr + k));
}

function storeOperand(addr: u32, n: u32): void {
  let k: u32 = 0;
  for (; k + 4 <= n; k += 4) store32(addr + k, load<u32>(BUF + k));
  if (k < n) store16(addr + k, <u32>load<u16>(BUF + k));
}

/**
 * The destination must be writable before anything changes (both pages when
 * it crosses one); through a CS override it is #GP.
 */
function probeStore(addr: u32, n: u32, csOverride: bool): void {
  if (csOverride) { raise(STOP_GENERAL_PROTECTION, 0); return; }
  probeWritable(addr);
  const last = addr + n - 1;
  if (!FAULT && (last & 0xfffff000) != (addr & 0xfffff000)) probeWritable(last & 0xfffff000);
}

/** fwait (9B): raise a pending unmasked exception. */
export function fwait(): void {
  markSeldomLanesChanged(); // the FPU lanes
  const st = R + R_FPU;
  if (fpuPendingFault(st)) raise(STOP_FPU_ERROR, fpuFaultCode(st));
}

/**
 * The reserved register encodings the P6 executes as aliases (fstp1, fxch4,
 * fxch7, fstp8, fstp9, fcomp5): the canonical opcode << 8 | modrm, or 0.
 */
function alias(op: u32, modrm: u32): u32 {
  const i = modrm & 7, row = modrm & 0xf8;
  if (op == 0xd9 && row == 0xd8) return 0xdd00 | 0xd8 | i;                    // fstp1 -> fstp st(i)
  if ((op == 0xdd && row == 0xc8) || (op == 0xdf && row == 0xc8)) return 0xd900 | 0xc8 | i; // fxch4, fxch7
  if (op == 0xdf && (row == 0xd0 || row == 0xd8)) return 0xdd00 | 0xd8 | i;  // fstp8, fstp9
  if (op == 0xde && row == 0xd0) return 0xd800 | 0xd8 | i;                    // fcomp5 -> fcomp st(i)
  return 0;
}

/** Execute the x87 instruction whose opcode op (D8-DF) was just fetched (the full decoder). */
export function executeX87(op: u32): void {
  markSeldomLanesChanged(); // the FPU lanes
  decodeModrm();
  if (FAULT) return;
  runX87(op, (MOD << 6) | (REG << 3) | RM, EA, EA_OFFSET, START, OPSIZE == 16, SEG == 1, EA_CHECK);
}

/**
 * The host address of n bytes at ea when they can be accessed in place:
 * inside one present page whose words need no ECC decoding (writable too for
 * write); else 0.
 */
@inline export function inPlace(ea: u32, n: u32, write: bool): u32 {
  const e = pageEntry(ea);
  const need = write ? PTE_PRESENT | PTE_WRITABLE : PTE_PRESENT;
  if ((ea & 0xfff) > 0x1000 - n || (e & (need | (PTE_ECC_SLOW << CHASSIS))) != need) return 0;
  return MEMB + (e & PTE_FRAME_MASK) + (ea & 0xfff);
}

// The decoded cache's x87 forms (dcache.ts, fast.ts: no prefix, so 32-bit
// operands and no segment override) first offer the instruction to the unit's
// fast path, which declines when an exception is pending (every form it
// takes waits); what it takes is neither a control instruction nor able to
// leave an exception pending (everything is masked), so only FIP changes
// besides. What it declines goes the general way, as from the full decoder.

/** The unit's fast path executed the instruction at eip. */
@inline export function x87Ran(st: u32, eip: u32): void {
  markSeldomLanesChanged(); // the FPU lanes
  store<u32>(st + F_FIP, eip);
}

/** The general way for decoded entry e (its imm: opcode | ModRM << 8), memory operand at ea. */
export function x87General(e: u32, ea: u32, eip: u32): void {
  const imm = load<u32>(e + E_IMM);
  runX87(imm & 0xff, (imm >> 8) & 0xff, ea, ea, eip, false, false, false); // the fast path runs only with flat segments
}

/**
 * Execute x87 instruction op (D8-DF) with ModRM byte modrm, for the
 * instruction at start: ea is its memory operand's linear address, eaOffset
 * that without a segment base (FDP), size16 a 16-bit operand size (the
 * environment images), csOverride a CS segment override (stores are #GP),
 * checked whether the operand's segment has a base or limit to check (EA_CHECK).
 */
export function runX87(op: u32, modrm: u32, ea: u32, eaOffset: u32, start: u32, size16: bool, csOverride: bool, checked: bool): void {
  markSeldomLanesChanged(); // the FPU lanes
  const st = R + R_FPU;
  const isMem = modrm < 0xc0;
  if (!isMem) {
    // fneni, fndisi, fnsetpm: no-ops since the 387, and non-waiting.
    if (op == 0xdb && (modrm == 0xe0 || modrm == 0xe1 || modrm == 0xe4)) return;
    const a = alias(op, modrm);
    if (a != 0) { op = a >> 8; modrm = a & 0xff; }
  }
  const kind: u32 = isMem ? <u32>load<u8>(MEM_KIND + ((op - 0xd8) << 3) + ((modrm >> 3) & 7)) : 0;
  if (isMem && kind == 0) { raise(STOP_ILLEGAL, start); return; }
  if (waits(op, modrm) && fpuPendingFault(st)) { raise(STOP_FPU_ERROR, fpuFaultCode(st)); return; }
  if (isMem) {
    const body = kind & 0x7f;
    if (body == ENV || body == SAVE) {
      const n = body == ENV ? envBytes(size16) : saveBytes(size16);
      if (checked && !checkEA(n, (kind & STORE) != 0)) return;
      if ((kind & STORE) != 0) {
        probeStore(ea, n, csOverride);
        if (FAULT) return;
        storeOperand(ea, body == ENV ? fnstenv(st, BUF, size16) : fnsave(st, BUF, size16));
      } else {
        loadOperand(ea, n);
        if (FAULT) return;
        if (body == ENV) fldenv(st, BUF, size16); else frstor(st, BUF, size16);
      }
      return;
    }
    if (checked && !checkEA(body, (kind & STORE) != 0)) return;
    if ((kind & STORE) != 0) probeStore(ea, body, csOverride);
    else loadOperand(ea, body);
    if (FAULT) return;
  }
  const fcmov = !isMem && (op == 0xda || op == 0xdb) && modrm < 0xe0;
  if (fcmov) fpuSetEflags(materializeFlags());
  const before = getSW(st) & ES;
  // ffreep st(i) (DF C0+i, reserved but executed by the P6): ffree st(i), then pop.
  const ffreep = !isMem && op == 0xdf && (modrm & 0xf8) == 0xc0;
  if (ffreep) { op = 0xdd; modrm = 0xc0 | (modrm & 7); }
  if (fpuExecute(st, op, modrm, BUF) == X_UNIMPLEMENTED) { raise(STOP_ILLEGAL, start); return; }
  if (xStoreBytes != 0) storeOperand(ea, xStoreBytes);
  if (xEflagsSet) putFlags((materializeFlags() & ~(CF | PF | AF | ZF | SF | OF)) | xEflags);
  if (xAxSet) setReg16(EAX, xAx);
  if (ffreep) pop(st);
  if (!control(op, modrm)) {
    store<u32>(st + F_FIP, start);
    if (before == 0 && (getSW(st) & ES) != 0) {
      store<u16>(st + F_FOP, <u16>(((op & 7) << 8) | modrm));
      if (isMem) store<u32>(st + F_FDP, eaOffset);
    }
  }
}
