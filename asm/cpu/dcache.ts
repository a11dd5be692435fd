// The decoded-instruction cache. The hottest instruction forms (no prefix but
// in the two-byte NOP 66 90, 32-bit operands, the whole instruction inside one
// page whose words need no ECC decoding) are decoded once per EIP into a
// 32-byte entry and executed from it by fast.ts; every other instruction is
// cached as DK_SLOW and goes through the full decoder (execute.ts) each time,
// as before. Which forms are the fast ones is the ISA table's `fast` field
// (src/isa/table.ts), read here from the generated OPCODE_INFO;
// C_FORCE_SLOW sends everything to execute.ts.
//
// Not architectural state: the cache and its code-frame map live past the
// chassis memories and check bytes, outside everything a snapshot copies or
// the comparator checks. Each chassis has its own cache, since a fault can
// make chassis memories differ. Entries are tagged with EIP and a generation;
// bumping the generation drops them all. That happens
//  - whenever run() is entered (the host may have written guest memory, the
//    page table or the ECC state since the last slice) and on
//    flushTranslations;
//  - when a store writes a frame that holds decoded code (self-modifying
//    code): the store path checks the code-frame map after the write reached
//    memory (at commit, for a two-core chassis that buffers its stores).
import { PTE_PRESENT, PTE_FRAME_MASK, PTE_ECC_SLOW, CONTROL_BASE, C_FORCE_SLOW, R_SEG_MODE, DIRTY_BASE } from "../layout";
import { MEMB, CHASSIS, R } from "./state";
import { MODE_NOT_FLAT } from "./segments";
import { pageEntry } from "../memory/mmu";
import { OPCODE_INFO, OI_MODRM, OI_FAST_REG, OI_FAST_MEM } from "./opcode-tables.generated";
import { frameWritten } from "../translate/blocks";
import { arithForm, V_POP } from "../fpu/fast";

export const DC_ENTRIES: u32 = 16384;
export const DC_ENTRY_SIZE: u32 = 32;
export const DC_BYTES: u32 = DC_ENTRIES * DC_ENTRY_SIZE;

// Entry fields (byte offsets).
export const E_KEY: u32 = 0;     // u64: generation << 32 | eip
export const E_KIND: u32 = 8;    // u8 handler (DK_*)
export const E_LEN: u32 = 9;     // u8 instruction length
export const E_A: u32 = 10;      // u8 first operand: byte offset of a register in the replica block
export const E_B: u32 = 11;      // u8 second operand register offset
export const E_BASE: u32 = 12;   // u8 base register offset (memory operand)
export const E_INDEX: u32 = 13;  // u8 index register offset
export const E_SCALE: u32 = 14;  // u8 index shift
export const E_AUX: u32 = 15;    // u8 ALU kind, condition code, group-2/3 operation
export const E_DISP: u32 = 16;   // u32 displacement
export const E_IMM: u32 = 20;    // u32 immediate
export const E_TARGET: u32 = 24; // u32 branch target
export const E_BMASK: u32 = 28;  // i8 -1 when there is a base register, else 0
export const E_IMASK: u32 = 29;  // i8 -1 when there is an index register, else 0

/** Address of chassis 0's cache (set by configure). */
export let DC_BASE: u32 = 0;
/** Caches placed after DC_BASE: one per chassis. */
let DC_COUNT: u32 = 0;
/** One byte per physical frame: nonzero = some cache may hold code decoded from it. */
export let CODE_MAP: u32 = 0;
/** Current generation; entries of older generations are stale. */
export let GEN: u32 = 1;

export function placeCache(cacheBase: u32, codeMap: u32, chassis: u32): void {
  DC_BASE = cacheBase;
  CODE_MAP = codeMap;
  DC_COUNT = chassis;
}

/** Drop every decoded entry (of every chassis). */
export function flushDecoded(): void {
  GEN++;
  if (GEN == 0) {
    // After 2^32 flushes old tags could match again: clear for real.
    GEN = 1;
    if (DC_BASE != 0) memory.fill(DC_BASE, 0, DC_BYTES * DC_COUNT);
  }
}

/** Set the generation (tests: the wrap-around after 2^32 flushes). */
export function setDecodeGeneration(gen: u32): void { GEN = gen; }

/** The handler cached for eip in chassis' cache (DK_*), or 0xff if no current entry holds eip. */
export function decodedKind(chassis: u32, eip: u32): u32 {
  const e = entryFor(DC_BASE + chassis * DC_BYTES, eip);
  if (load<u64>(e + E_KEY) != ((<u64>GEN << 32) | <u64>eip)) return 0xff;
  return <u32>load<u8>(e + E_KIND);
}

/**
 * A store reached memory at physical address phys: its frame is marked in the
 * dirty map (every store, so the map tells what was written since the host
 * last cleared it: a resync, a campaign's restore), and decoded code in the
 * frame is dropped.
 */
@inline export function noteWrite(phys: u32): void {
  const frame = phys >>> 12;
  store<u8>(DIRTY_BASE + frame, 1);
  if (load<u8>(CODE_MAP + frame) != 0) codeWritten(frame);
}

/**
 * Frame f was written where it may hold code (a store found it in the code
 * map; the host writes without looking): its decoded instructions, if it
 * holds some, and its compiled blocks are dropped.
 */
export function codeWritten(frame: u32): void {
  if (load<u8>(CODE_MAP + frame) != 0) {
    store<u8>(CODE_MAP + frame, 0);
    flushDecoded();
  }
  frameWritten(frame);
}

/** The cache of the current replica's chassis. */
@inline export function cacheOfChassis(): u32 { return DC_BASE + CHASSIS * DC_BYTES; }

@inline export function entryFor(cache: u32, eip: u32): u32 {
  return cache + ((eip & (DC_ENTRIES - 1)) << 5);
}

// ---- Handlers -----------------------------------------------------------------
// Operands: A and B are register offsets (32-bit: reg*4; 8-bit: the byte of
// al..bh); M is the memory operand of the entry's address fields.
export const DK_SLOW: u32 = 0;
export const DK_ALU_RR: u32 = 1;   // A = A op B (aux = ALU kind; cmp writes nothing)
export const DK_ADD_RR: u32 = 2;
export const DK_SUB_RR: u32 = 3;
export const DK_XOR_RR: u32 = 4;
export const DK_AND_RR: u32 = 5;
export const DK_OR_RR: u32 = 6;
export const DK_CMP_RR: u32 = 7;
export const DK_ALU_RI: u32 = 8;   // A = A op imm
export const DK_ADD_RI: u32 = 9;
export const DK_SUB_RI: u32 = 10;
export const DK_AND_RI: u32 = 11;
export const DK_CMP_RI: u32 = 12;
export const DK_ALU_RM: u32 = 13;  // A = A op [M]
export const DK_ALU_MR: u32 = 14;  // [M] = [M] op B
export const DK_ALU_MI: u32 = 15;  // [M] = [M] op imm
export const DK_ALU8_RR: u32 = 16;
export const DK_ALU8_RI: u32 = 17;
export const DK_ALU8_RM: u32 = 18;
export const DK_ALU8_MR: u32 = 19;
export const DK_ALU8_MI: u32 = 20;
export const DK_TEST_RR: u32 = 21; // A and B
export const DK_TEST_RI: u32 = 22;
export const DK_TEST_MR: u32 = 23;
export const DK_TEST_MI: u32 = 24;
export const DK_TEST8_RR: u32 = 25;
export const DK_TEST8_RI: u32 = 26;
export const DK_TEST8_MI: u32 = 27;
export const DK_INC_R: u32 = 28;
export const DK_DEC_R: u32 = 29;
export const DK_MOV_RR: u32 = 30;  // A = B
export const DK_MOV_RM: u32 = 31;  // A = [M]
export const DK_MOV_MR: u32 = 32;  // [M] = B
export const DK_MOV_RI: u32 = 33;
export const DK_MOV_MI: u32 = 34;
export const DK_MOV8_RR: u32 = 35;
export const DK_MOV8_RM: u32 = 36;
export const DK_MOV8_MR: u32 = 37;
export const DK_MOV8_RI: u32 = 38;
export const DK_MOV8_MI: u32 = 39;
export const DK_LEA: u32 = 40;
export const DK_MOVZX8_R: u32 = 41;
export const DK_MOVZX8_M: u32 = 42;
export const DK_MOVZX16_R: u32 = 43;
export const DK_MOVZX16_M: u32 = 44;
export const DK_MOVSX8_R: u32 = 45;
export const DK_MOVSX8_M: u32 = 46;
export const DK_MOVSX16_R: u32 = 47;
export const DK_MOVSX16_M: u32 = 48;
export const DK_PUSH_R: u32 = 49;
export const DK_POP_R: u32 = 50;
export const DK_PUSH_I: u32 = 51;
export const DK_PUSH_M: u32 = 52;
export const DK_CALL: u32 = 53;
export const DK_CALL_R: u32 = 54;
export const DK_CALL_M: u32 = 55;
export const DK_RET: u32 = 56;
export const DK_RET_I: u32 = 57;
export const DK_JMP: u32 = 58;
export const DK_JMP_R: u32 = 59;
export const DK_JMP_M: u32 = 60;
export const DK_JCC: u32 = 61;
export const DK_LEAVE: u32 = 62;
export const DK_SETCC_R: u32 = 63;
export const DK_SETCC_M: u32 = 64;
export const DK_CMOV_RR: u32 = 65;
export const DK_CMOV_RM: u32 = 66;
export const DK_SHIFT_RI: u32 = 67; // grp2 on a register, count imm (aux = operation)
export const DK_SHIFT_RC: u32 = 68; // count CL
export const DK_NOT_R: u32 = 69;
export const DK_NEG_R: u32 = 70;
export const DK_MULDIV_R: u32 = 71; // aux 4 mul 5 imul 6 div 7 idiv
export const DK_IMUL_RR: u32 = 72;  // A = A * B
export const DK_IMUL_RM: u32 = 73;
export const DK_IMUL_RRI: u32 = 74; // A = B * imm
export const DK_IMUL_RMI: u32 = 75;
export const DK_INCDEC_M: u32 = 76; // aux 0 inc, 1 dec
export const DK_CWDE: u32 = 77;
export const DK_CDQ: u32 = 78;
export const DK_NOP: u32 = 79;
export const DK_SHIFT8_RI: u32 = 80;
export const DK_MULDIV_M: u32 = 81;
export const DK_LOOP: u32 = 82;        // ECX -= 1, to TARGET while it is not zero (flags untouched)
export const DK_LODS: u32 = 83;        // EAX or AL = [ESI], ESI += or -= aux (the size: 1 or 4) by DF
export const DK_STOS: u32 = 84;        // [EDI] = EAX or AL, EDI += or -= aux by DF
export const DK_SHIFT_M: u32 = 85;     // grp2 on [M] (aux = operation), count imm (B = 0) or CL (B = 1)
// x87 (x87.ts): imm = opcode | ModRM << 8 for the general way, which every
// form takes when the unit's fast path (asm/fpu/fast.ts) declines it. The
// arithmetic is one handler per operation kind (add, mul, div) and operand
// (registers, m32, m64), aux its variant bits (fast.ts V_*: the sub, subr,
// divr and popping forms).
export const DK_X87: u32 = 86;        // any other D8-DF form
export const DK_FWAIT: u32 = 87;
export const DK_FADD: u32 = 88;       // ST(A) = ST(A) + ST(B) (aux: V_NEG_A, V_NEG_B, V_POP)
export const DK_FMUL: u32 = 89;       // ST(A) = ST(A) * ST(B) (aux: V_POP)
export const DK_FDIV: u32 = 90;       // ST(A) = ST(A) / ST(B) (aux: V_SWAP, V_POP)
export const DK_FADD_M32: u32 = 91;   // ST0 = ST0 + [M] (aux as DK_FADD, no pop)
export const DK_FMUL_M32: u32 = 92;
export const DK_FDIV_M32: u32 = 93;
export const DK_FADD_M64: u32 = 94;
export const DK_FMUL_M64: u32 = 95;
export const DK_FDIV_M64: u32 = 96;
export const DK_FLD_M32: u32 = 97;
export const DK_FLD_M64: u32 = 98;
export const DK_FST_M32: u32 = 99;    // aux = 1: fstp
export const DK_FST_M64: u32 = 100;
export const DK_FLD_ST: u32 = 101;     // fld ST(A)
export const DK_FXCH: u32 = 102;       // fxch ST(A)
export const DK_FST_ST: u32 = 103;     // fst(p) ST(A), aux = 1: fstp
export const DK_FUNARY: u32 = 104;    // fchs, fabs, fsqrt: aux = the ModRM byte
/** The forms the unit's fast path takes (fast.ts x87Form): this kind and every one after it. */
export const DK_X87_FIRST_FAST: u32 = DK_FADD;

// ---- The decoder for the cached forms ----------------------------------------

@inline function r32(r: u32): u32 { return r << 2; }
@inline function r8(r: u32): u32 { return ((r & 3) << 2) + (r >> 2); }

/** Decode state while filling an entry. */
let P: u32 = 0;      // host address of the next byte
let MODV: u32 = 0;
let REGV: u32 = 0;
let RMV: u32 = 0;

@inline function byte(): u32 { const v = <u32>load<u8>(P); P++; return v; }
@inline function dword(): u32 { const v = load<u32>(P); P += 4; return v; }

/** ModRM (and SIB, displacement) into the entry's address fields. */
function modrm(e: u32): void {
  const m = byte();
  MODV = m >> 6;
  REGV = (m >> 3) & 7;
  RMV = m & 7;
  if (MODV == 3) return;
  let base: u32 = 0xff;
  let index: u32 = 0xff;
  let scale: u32 = 0;
  let disp: u32 = 0;
  if (RMV == 4) {
    const sib = byte();
    const b = sib & 7;
    const i = (sib >> 3) & 7;
    scale = sib >> 6;
    if (b == 5 && MODV == 0) disp = dword(); else base = b;
    if (i != 4) index = i;
  } else if (RMV == 5 && MODV == 0) {
    disp = dword();
  } else {
    base = RMV;
  }
  if (MODV == 1) disp += <u32>(<i32>(<i8>byte()));
  else if (MODV == 2) disp += dword();
  addressFields(e, base, index, scale, disp);
}

/** The entry's address fields: base and index registers (0xff: none), scale, displacement. */
@inline function addressFields(e: u32, base: u32, index: u32, scale: u32, disp: u32): void {
  store<u8>(e + E_BASE, base == 0xff ? 0 : <u8>r32(base));
  store<u8>(e + E_BMASK, base == 0xff ? 0 : 0xff);
  store<u8>(e + E_INDEX, index == 0xff ? 0 : <u8>r32(index));
  store<u8>(e + E_IMASK, index == 0xff ? 0 : 0xff);
  store<u8>(e + E_SCALE, <u8>scale);
  store<u32>(e + E_DISP, disp);
}

/** An absolute address (moffs: no ModRM, no base, no index) into the entry's address fields. */
@inline function absolute(e: u32, disp: u32): void { addressFields(e, 0xff, 0xff, 0, disp); }

@inline function fields(e: u32, a: u32, b: u32, aux: u32): void {
  store<u8>(e + E_A, <u8>a);
  store<u8>(e + E_B, <u8>b);
  store<u8>(e + E_AUX, <u8>aux);
}

const ALU_CMP: u32 = 7;

/** Handler of a 32-bit ALU op with register destination and register source. */
function aluRR(kind: u32): u32 {
  switch (kind) {
    case 0: return DK_ADD_RR;
    case 1: return DK_OR_RR;
    case 4: return DK_AND_RR;
    case 5: return DK_SUB_RR;
    case 6: return DK_XOR_RR;
    case 7: return DK_CMP_RR;
    default: return DK_ALU_RR;
  }
}
function aluRI(kind: u32): u32 {
  switch (kind) {
    case 0: return DK_ADD_RI;
    case 4: return DK_AND_RI;
    case 5: return DK_SUB_RI;
    case 7: return DK_CMP_RI;
    default: return DK_ALU_RI;
  }
}

/**
 * Whether the ISA table puts the instruction at host address p on the fast
 * path: no prefix, and a `fast` row for its opcode, ModRM.reg and whether
 * ModRM.rm is a register. The instruction lies inside one page (fillEntry).
 */
function fastForm(p: u32): bool {
  let op = <u32>load<u8>(p);
  // The x87 escapes and fwait, every form: the ISA table lists one form per
  // escape for the core (marked fast), and x87.ts takes each form the full
  // decoder would.
  if ((op >= 0xd8 && op <= 0xdf) || op == 0x9b) return true;
  // 66 90, the two-byte NOP (the ISA table's one prefixed fast form).
  if (op == 0x66) return load<u8>(p + 1) == 0x90;
  let map: u32 = 0;
  if (op == 0x0f) { op = <u32>load<u8>(p + 1); map = 1; p++; }
  const row = OPCODE_INFO + (map << 11) + (op << 3);
  if ((<u32>load<u8>(row) & OI_MODRM) == 0) return (<u32>load<u8>(row) & OI_FAST_REG) != 0;
  const m = <u32>load<u8>(p + 1);
  return (<u32>load<u8>(row + ((m >> 3) & 7)) & ((m >> 6) == 3 ? OI_FAST_REG : OI_FAST_MEM)) != 0;
}

/**
 * Decode the instruction at host address p (eip's bytes), a form fastForm
 * accepts, into entry e. Returns its handler (DK_SLOW only if the table
 * promised a form this decoder lacks: test/isa/core-walk.test.ts forbids it).
 */
function decodeAt(e: u32, p: u32, eip: u32): u32 {
  P = p;
  const op = byte();
  let k: u32 = DK_SLOW;
  if (op < 0x40 && (op & 7) < 6) {
    const kind = op >> 3;
    switch (op & 7) {
      case 0: // op Eb,Gb
        modrm(e);
        if (MODV == 3) { fields(e, r8(RMV), r8(REGV), kind); k = DK_ALU8_RR; }
        else { fields(e, 0, r8(REGV), kind); k = DK_ALU8_MR; }
        break;
      case 1: // op Ev,Gv
        modrm(e);
        if (MODV == 3) { fields(e, r32(RMV), r32(REGV), kind); k = aluRR(kind); }
        else { fields(e, 0, r32(REGV), kind); k = DK_ALU_MR; }
        break;
      case 2: // op Gb,Eb
        modrm(e);
        if (MODV == 3) { fields(e, r8(REGV), r8(RMV), kind); k = DK_ALU8_RR; }
        else { fields(e, r8(REGV), 0, kind); k = DK_ALU8_RM; }
        break;
      case 3: // op Gv,Ev
        modrm(e);
        if (MODV == 3) { fields(e, r32(REGV), r32(RMV), kind); k = aluRR(kind); }
        else { fields(e, r32(REGV), 0, kind); k = DK_ALU_RM; }
        break;
      case 4: // op AL,Ib
        fields(e, 0, 0, kind);
        store<u32>(e + E_IMM, byte());
        k = DK_ALU8_RI;
        break;
      default: // op eAX,Id
        fields(e, 0, 0, kind);
        store<u32>(e + E_IMM, dword());
        k = aluRI(kind);
        break;
    }
  } else if (op >= 0x40 && op <= 0x4f) {
    fields(e, r32(op & 7), 0, 0);
    k = op < 0x48 ? DK_INC_R : DK_DEC_R;
  } else if (op >= 0x50 && op <= 0x57) {
    fields(e, r32(op & 7), 0, 0); k = DK_PUSH_R;
  } else if (op >= 0x58 && op <= 0x5f) {
    fields(e, r32(op & 7), 0, 0); k = DK_POP_R;
  } else if (op >= 0x70 && op <= 0x7f) {
    fields(e, 0, 0, op & 15);
    const rel = <u32>(<i32>(<i8>byte()));
    store<u32>(e + E_TARGET, eip + (P - p) + rel);
    k = DK_JCC;
  } else if (op >= 0xb0 && op <= 0xb7) {
    fields(e, r8(op & 7), 0, 0); store<u32>(e + E_IMM, byte()); k = DK_MOV8_RI;
  } else if (op >= 0xb8 && op <= 0xbf) {
    fields(e, r32(op & 7), 0, 0); store<u32>(e + E_IMM, dword()); k = DK_MOV_RI;
  } else {
    switch (op) {
      case 0x0f: k = decode0f(e, p, eip); break;
      case 0x68: store<u32>(e + E_IMM, dword()); k = DK_PUSH_I; break;
      case 0x6a: store<u32>(e + E_IMM, <u32>(<i32>(<i8>byte()))); k = DK_PUSH_I; break;
      case 0x69: case 0x6b: { // imul Gv,Ev,Iv / Ib
        modrm(e);
        const imm = op == 0x69 ? dword() : <u32>(<i32>(<i8>byte()));
        store<u32>(e + E_IMM, imm);
        if (MODV == 3) { fields(e, r32(REGV), r32(RMV), 0); k = DK_IMUL_RRI; }
        else { fields(e, r32(REGV), 0, 0); k = DK_IMUL_RMI; }
        break;
      }
      case 0x80: case 0x82: { // grp1 Eb,Ib
        modrm(e);
        const imm = byte();
        store<u32>(e + E_IMM, imm);
        if (MODV == 3) { fields(e, r8(RMV), 0, REGV); k = DK_ALU8_RI; }
        else { fields(e, 0, 0, REGV); k = DK_ALU8_MI; }
        break;
      }
      case 0x81: case 0x83: { // grp1 Ev,Iv / Ib
        modrm(e);
        const imm = op == 0x81 ? dword() : <u32>(<i32>(<i8>byte()));
        store<u32>(e + E_IMM, imm);
        if (MODV == 3) { fields(e, r32(RMV), 0, REGV); k = aluRI(REGV); }
        else { fields(e, 0, 0, REGV); k = DK_ALU_MI; }
        break;
      }
      case 0x84: // test Eb,Gb (register only: the table's fast:reg)
        modrm(e);
        fields(e, r8(RMV), r8(REGV), 0); k = DK_TEST8_RR;
        break;
      case 0x85: // test Ev,Gv
        modrm(e);
        if (MODV == 3) { fields(e, r32(RMV), r32(REGV), 0); k = DK_TEST_RR; }
        else { fields(e, 0, r32(REGV), 0); k = DK_TEST_MR; }
        break;
      case 0x88: // mov Eb,Gb
        modrm(e);
        if (MODV == 3) { fields(e, r8(RMV), r8(REGV), 0); k = DK_MOV8_RR; }
        else { fields(e, 0, r8(REGV), 0); k = DK_MOV8_MR; }
        break;
      case 0x89: // mov Ev,Gv
        modrm(e);
        if (MODV == 3) { fields(e, r32(RMV), r32(REGV), 0); k = DK_MOV_RR; }
        else { fields(e, 0, r32(REGV), 0); k = DK_MOV_MR; }
        break;
      case 0x8a: // mov Gb,Eb
        modrm(e);
        if (MODV == 3) { fields(e, r8(REGV), r8(RMV), 0); k = DK_MOV8_RR; }
        else { fields(e, r8(REGV), 0, 0); k = DK_MOV8_RM; }
        break;
      case 0x8b: // mov Gv,Ev
        modrm(e);
        if (MODV == 3) { fields(e, r32(REGV), r32(RMV), 0); k = DK_MOV_RR; }
        else { fields(e, r32(REGV), 0, 0); k = DK_MOV_RM; }
        break;
      case 0x8d: // lea Gv,M (a register operand is #UD: the table keeps it off the fast path)
        modrm(e);
        fields(e, r32(REGV), 0, 0); k = DK_LEA;
        break;
      case 0x90: k = DK_NOP; break;
      case 0x66: P++; k = DK_NOP; break; // 66 90 (fastForm takes no other 66 form)
      case 0x98: k = DK_CWDE; break;
      case 0x99: k = DK_CDQ; break;
      // mov al/eax, [moffs] and mov [moffs], al/eax: the ModRM forms' handlers on an absolute address.
      case 0xa0: absolute(e, dword()); fields(e, r8(0), 0, 0); k = DK_MOV8_RM; break;
      case 0xa1: absolute(e, dword()); fields(e, r32(0), 0, 0); k = DK_MOV_RM; break;
      case 0xa2: absolute(e, dword()); fields(e, 0, r8(0), 0); k = DK_MOV8_MR; break;
      case 0xa3: absolute(e, dword()); fields(e, 0, r32(0), 0); k = DK_MOV_MR; break;
      case 0xa8: fields(e, 0, 0, 0); store<u32>(e + E_IMM, byte()); k = DK_TEST8_RI; break;
      case 0xa9: fields(e, 0, 0, 0); store<u32>(e + E_IMM, dword()); k = DK_TEST_RI; break;
      case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd3: { // grp2 (8-bit: on a register only)
        modrm(e);
        if (op == 0xc0 || op == 0xc1) store<u32>(e + E_IMM, byte());
        else if (op == 0xd0 || op == 0xd1) store<u32>(e + E_IMM, 1);
        if (op == 0xc0 || op == 0xd0) { fields(e, r8(RMV), 0, REGV); k = DK_SHIFT8_RI; }
        else if (MODV != 3) { fields(e, 0, op == 0xd3 ? 1 : 0, REGV); k = DK_SHIFT_M; }
        else { fields(e, r32(RMV), 0, REGV); k = op == 0xd3 ? DK_SHIFT_RC : DK_SHIFT_RI; }
        break;
      }
      case 0xc2: store<u32>(e + E_IMM, <u32>load<u16>(P)); P += 2; k = DK_RET_I; break;
      case 0xc3: k = DK_RET; break;
      case 0xc6: // mov Eb,Ib (/0 only)
        modrm(e);
        store<u32>(e + E_IMM, byte());
        if (MODV == 3) { fields(e, r8(RMV), 0, 0); k = DK_MOV8_RI; }
        else k = DK_MOV8_MI;
        break;
      case 0xc7: // mov Ev,Iv (/0 only)
        modrm(e);
        store<u32>(e + E_IMM, dword());
        if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = DK_MOV_RI; }
        else k = DK_MOV_MI;
        break;
      case 0xc9: k = DK_LEAVE; break;
      case 0xe2: { const rel = <u32>(<i32>(<i8>byte())); store<u32>(e + E_TARGET, eip + (P - p) + rel); k = DK_LOOP; break; }
      // lods and stos without rep (a prefix keeps an instruction off the fast path): aux is the size.
      case 0xac: case 0xad: fields(e, 0, 0, op == 0xac ? 1 : 4); k = DK_LODS; break;
      case 0xaa: case 0xab: fields(e, 0, 0, op == 0xaa ? 1 : 4); k = DK_STOS; break;
      case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
        k = decodeX87(e, op);
        break;
      case 0x9b: k = DK_FWAIT; break;
      case 0xe8: { const rel = dword(); store<u32>(e + E_TARGET, eip + (P - p) + rel); k = DK_CALL; break; }
      case 0xe9: { const rel = dword(); store<u32>(e + E_TARGET, eip + (P - p) + rel); k = DK_JMP; break; }
      case 0xeb: { const rel = <u32>(<i32>(<i8>byte())); store<u32>(e + E_TARGET, eip + (P - p) + rel); k = DK_JMP; break; }
      case 0xf6: // grp3 Eb: only test (/0, /1)
        modrm(e);
        store<u32>(e + E_IMM, byte());
        if (MODV == 3) { fields(e, r8(RMV), 0, 0); k = DK_TEST8_RI; }
        else k = DK_TEST8_MI;
        break;
      case 0xf7: // grp3 Ev
        modrm(e);
        if (REGV <= 1) {
          store<u32>(e + E_IMM, dword());
          if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = DK_TEST_RI; }
          else k = DK_TEST_MI;
        } else if (MODV == 3) {
          fields(e, r32(RMV), 0, REGV);
          k = REGV == 2 ? DK_NOT_R : (REGV == 3 ? DK_NEG_R : DK_MULDIV_R);
        } else { // mul imul div idiv (not and neg in memory are fast:reg)
          fields(e, 0, 0, REGV);
          k = DK_MULDIV_M;
        }
        break;
      case 0xff: // grp5 Ev
        modrm(e);
        switch (REGV) {
          case 0: case 1:
            if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = REGV == 0 ? DK_INC_R : DK_DEC_R; }
            else { fields(e, 0, 0, REGV); k = DK_INCDEC_M; }
            break;
          case 2: if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = DK_CALL_R; } else k = DK_CALL_M; break;
          case 4: if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = DK_JMP_R; } else k = DK_JMP_M; break;
          case 6: if (MODV == 3) { fields(e, r32(RMV), 0, 0); k = DK_PUSH_R; } else k = DK_PUSH_M; break;
          default: break;
        }
        break;
      default: break;
    }
  }
  store<u8>(e + E_LEN, <u8>(P - p));
  return k;
}

/**
 * An x87 escape: the forms the unit's fast path has a function for get their
 * own handler, the others DK_X87. The arithmetic is put as ST(A) = ST(A) op
 * ST(B) with D8's op numbering (DC/DE swap sub/subr and div/divr), its kind
 * chosen by handler and its variant in aux (fast.ts arithForm).
 */
function decodeX87(e: u32, op: u32): u32 {
  modrm(e);
  const m = (MODV << 6) | (REGV << 3) | RMV;
  store<u32>(e + E_IMM, op | (m << 8));
  const r = REGV, i = RMV;
  const arith = r != 2 && r != 3;
  if (MODV == 3) {
    if (op == 0xd8 && arith) return arithKind(e, DK_FADD, arithForm(r), 0, i);
    if ((op == 0xdc || op == 0xde) && arith) return arithKind(e, DK_FADD, arithForm(r >= 4 ? r ^ 1 : r) | (op == 0xde ? V_POP : 0), i, 0);
    if (op == 0xd9 && r <= 1) { fields(e, i, 0, 0); return r == 0 ? DK_FLD_ST : DK_FXCH; }
    if (op == 0xd9 && (m == 0xe0 || m == 0xe1 || m == 0xfa)) { fields(e, 0, 0, m); return DK_FUNARY; }
    if (op == 0xdd && (r == 2 || r == 3)) { fields(e, i, 0, r & 1); return DK_FST_ST; }
    return DK_X87;
  }
  if ((op == 0xd8 || op == 0xdc) && arith) return arithKind(e, op == 0xd8 ? DK_FADD_M32 : DK_FADD_M64, arithForm(r), 0, 0);
  if ((op == 0xd9 || op == 0xdd) && r == 0) return op == 0xd9 ? DK_FLD_M32 : DK_FLD_M64;
  if ((op == 0xd9 || op == 0xdd) && (r == 2 || r == 3)) { fields(e, 0, 0, r & 1); return op == 0xd9 ? DK_FST_M32 : DK_FST_M64; }
  return DK_X87;
}

/** The arithmetic handler: the add handler of its operand (base) plus the kind of form (fast.ts arithForm: kind << 4 | variant). */
function arithKind(e: u32, base: u32, form: u32, a: u32, b: u32): u32 {
  fields(e, a, b, form & 15);
  return base + (form >> 4);
}

function decode0f(e: u32, p: u32, eip: u32): u32 {
  const op = byte();
  if (op >= 0x80 && op <= 0x8f) {
    fields(e, 0, 0, op & 15);
    const rel = dword();
    store<u32>(e + E_TARGET, eip + (P - p) + rel);
    return DK_JCC;
  }
  if (op >= 0x40 && op <= 0x4f) {
    modrm(e);
    if (MODV == 3) { fields(e, r32(REGV), r32(RMV), op & 15); return DK_CMOV_RR; }
    fields(e, r32(REGV), 0, op & 15);
    return DK_CMOV_RM;
  }
  if (op >= 0x90 && op <= 0x9f) {
    modrm(e);
    if (MODV == 3) { fields(e, r8(RMV), 0, op & 15); return DK_SETCC_R; }
    fields(e, 0, 0, op & 15);
    return DK_SETCC_M;
  }
  switch (op) {
    case 0xb6: case 0xbe: // movzx / movsx Gv,Eb
      modrm(e);
      if (MODV == 3) { fields(e, r32(REGV), r8(RMV), 0); return op == 0xb6 ? DK_MOVZX8_R : DK_MOVSX8_R; }
      fields(e, r32(REGV), 0, 0);
      return op == 0xb6 ? DK_MOVZX8_M : DK_MOVSX8_M;
    case 0xb7: case 0xbf: // movzx / movsx Gv,Ew
      modrm(e);
      if (MODV == 3) { fields(e, r32(REGV), r32(RMV), 0); return op == 0xb7 ? DK_MOVZX16_R : DK_MOVSX16_R; }
      fields(e, r32(REGV), 0, 0);
      return op == 0xb7 ? DK_MOVZX16_M : DK_MOVSX16_M;
    case 0xaf: // imul Gv,Ev
      modrm(e);
      if (MODV == 3) { fields(e, r32(REGV), r32(RMV), 0); return DK_IMUL_RR; }
      fields(e, r32(REGV), 0, 0);
      return DK_IMUL_RM;
    default:
      return DK_SLOW;
  }
}

/**
 * Fill entry e for eip of the current replica's chassis. Only instructions
 * that lie wholly inside one present page whose words need no ECC decoding
 * are decoded; their frame is marked in the code map so a store to it drops
 * the cache.
 */
export function fillEntry(e: u32, eip: u32): void {
  store<u64>(e + E_KEY, (<u64>GEN << 32) | <u64>eip);
  // Fields a form does not use read as zero, not as what the slot held before: the translator keys regions by them.
  memory.fill(e + E_KIND, 0, DC_ENTRY_SIZE - E_KIND);
  let k = DK_SLOW;
  const pte = pageEntry(eip);
  // Segments that are not flat take the full decoder: the fast path addresses memory flat.
  if ((eip & 0xfff) <= 0xff0 && (pte & (PTE_PRESENT | (PTE_ECC_SLOW << CHASSIS))) == PTE_PRESENT &&
      load<u32>(CONTROL_BASE + C_FORCE_SLOW) == 0 && (load<u32>(R + R_SEG_MODE) & MODE_NOT_FLAT) == 0) {
    const frame = pte & PTE_FRAME_MASK;
    const p = MEMB + frame + (eip & 0xfff);
    if (fastForm(p)) k = decodeAt(e, p, eip);
    if (k != DK_SLOW) store<u8>(CODE_MAP + (frame >>> 12), 1);
  }
  store<u8>(e + E_KIND, <u8>k);
}
