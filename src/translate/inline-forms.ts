/**
 * The fast-path forms the block compiler writes out beyond its first set
 * (block-compiler.ts: 32-bit moves, the register ALU, push/pop, direct jumps
 * and calls, ret, jcc): zero- and sign-extending moves, byte moves, shifts
 * and rotates, inc/dec/not/neg, setcc/cmov, ALU and test on memory, the
 * 8-bit ALU, multiplies, push m, leave, lods and stos (no rep), loop, the
 * indirect jumps and calls, and shl/shr/sar of a dword in memory.
 *
 * Each leaves what fast.ts leaves: the same registers, the same lazy-flag
 * record (alu.ts's setLazy/setLazyAux for the same operation and size), the
 * same stores through the same inline test or the core's checked accessors,
 * and nothing changed before its last access that can fault. Forms that read
 * a flag (inc/dec and adc/sbb the carry, setcc/cmov a condition, a rotate
 * the whole EFLAGS it folds) take it from the last producer when the writer
 * knows it, else from the core (jitCarry, jitCondition, jitFlags).
 *
 * Left to jitFast: rcl/rcr (their carry rotates through), rotates by CL or
 * of memory, shifts of a byte register and div/idiv (#DE). The x87 unit's
 * forms are written by x87-forms.ts.
 */
import { Op, I32, type Code } from './wasm-binary';
import {
  VA, V, FD, FS, FR, NEXT, SP, T, CY, ESP_OFFSET, ALU_AND, ALU_CMP, FLAGLESS_ALU, CF, AF, OF, ARITH_FLAGS, IMPORT_FLAGS,
  type CoreFacts, type DecodedInstruction, type KnownFlags,
} from './block-compiler';

/** What the per-form writers use of the block writer (block-compiler.ts BlockWriter). */
export interface FormWriter {
  readonly c: Code;
  readonly f: CoreFacts;
  readonly flags: KnownFlags;
  readonly flagBits: 8 | 32;
  know(kind: KnownFlags, bits?: 8 | 32): void;
  sign(): void;
  reg(offset: number): void;
  setReg(offset: number, value: () => void): void;
  reg8(offset: number): void;
  setReg8(offset: number, value: () => void): void;
  field(offset: number): void;
  setField(offset: number, value: () => void): void;
  /** The instruction being written is a rotate whose flags nothing sees (a later one rewrites them first). */
  readonly rotateUnseen: boolean;
  /** A later register-only ALU op rewrites the record this instruction leaves before anything reads it. */
  readonly recordDead: boolean;
  /** A lockstep block is being written. */
  readonly lockstep: boolean;
  /** Leave the block with EIP eip() and the cycles of its first `cycles` instructions. */
  exit(eip: () => void, cycles: number): void;
  address(ins: DecodedInstruction): void;
  /** VA was computed from this register (for the page cache: how often it hits, not what it does). */
  addressedBy(offset: number | undefined): void;
  load(ins: DecodedInstruction, i: number, bytes: 1 | 2 | 4): void;
  store(ins: DecodedInstruction, i: number, bytes: 1 | 4): void;
  lazy(kind: number, size?: number, withAux?: boolean): void;
  operate(op: number, size: 8 | 32, dst: () => void, src: () => void, beforeRecord?: () => void): void;
  carry(): void;
  condition(cc: number): void;
  push(ins: DecodedInstruction, i: number, value: () => void): void;
}

// Register offsets in the replica block.
const EAX = 0, ECX = 4, EDX = 8, EBP = 20, ESI = 24, EDI = 28;
// EFLAGS.DF: string instructions step down.
const DF_BIT = 10;
// Lazy-flag kinds (asm/cpu/flags.ts).
const FL_ADD = 1, FL_LOGIC = 5, FL_INC = 6, FL_DEC = 7, FL_NEG = 8, FL_SHL = 9, FL_SHR = 10, FL_SAR = 11, FL_MUL = 12;
// Group-2 operations (ModRM.reg): rol ror rcl rcr shl shr sal sar.
const ROL = 0, ROR = 1, SHL = 4, SHR = 5, SAR = 7;

/** Register-only forms written out here that neither read nor write a flag and cannot leave the block. */
export const QUIET_FORMS: readonly string[] = ['DK_MOVZX8_R', 'DK_MOVZX16_R', 'DK_MOVSX8_R', 'DK_MOVSX16_R', 'DK_MOV8_RR', 'DK_MOV8_RI', 'DK_NOT_R', 'DK_CDQ', 'DK_CWDE', 'DK_NOP'];

const isShift = (op: number): boolean => op >= SHL;

/** rol or ror of a register by a non-zero immediate: no exit, and the flags it reads only go into its own. */
export function isRegisterRotate(ins: DecodedInstruction, k: Readonly<Record<string, number>>): boolean {
  return ins.kind === k.DK_SHIFT_RI && (ins.aux === ROL || ins.aux === ROR) && (ins.imm & 31) !== 0;
}

/**
 * Register-only forms written out here that rewrite the flag record's op,
 * result and operands (not its aux) without reading a flag and cannot leave
 * the block: a record before them that nothing reads is dead.
 */
export function rewritesFlagRecord(ins: DecodedInstruction, k: Readonly<Record<string, number>>): boolean {
  if (ins.kind === k.DK_SHIFT_RI) return isShift(ins.aux) && (ins.imm & 31) !== 0;
  if (ins.kind === k.DK_NEG_R || ins.kind === k.DK_TEST8_RR || ins.kind === k.DK_TEST8_RI) return true;
  return (ins.kind === k.DK_ALU8_RR || ins.kind === k.DK_ALU8_RI) && FLAGLESS_ALU.has(ins.aux);
}

function signExtend(c: Code, bits: 8 | 16): void {
  c.const(32 - bits).op(Op.i32Shl).const(32 - bits).op(Op.i32ShrS);
}

/**
 * Write instruction i of the block if it is one of the forms above; returns
 * whether its next EIP is in NEXT, or undefined when it is left to jitFast.
 */
export function writeInlineForm(w: FormWriter, ins: DecodedInstruction, i: number, next: number): boolean | undefined {
  const c = w.c;
  const k = w.f.kinds;
  const a = ins.a;
  switch (ins.kind) {
    // ---- moves: widening, byte, cwde/cdq ----
    case k.DK_MOVZX8_R: w.setReg(a, () => w.reg8(ins.b)); return false;
    case k.DK_MOVSX8_R: w.setReg(a, () => { w.reg8(ins.b); signExtend(c, 8); }); return false;
    case k.DK_MOVZX16_R: w.setReg(a, () => { w.reg(ins.b); c.const(0xffff).op(Op.i32And); }); return false;
    case k.DK_MOVSX16_R: w.setReg(a, () => { w.reg(ins.b); signExtend(c, 16); }); return false;
    case k.DK_MOVZX8_M: case k.DK_MOVSX8_M: case k.DK_MOVZX16_M: case k.DK_MOVSX16_M: {
      const bits = ins.kind === k.DK_MOVZX8_M || ins.kind === k.DK_MOVSX8_M ? 8 : 16;
      w.address(ins);
      w.load(ins, i, bits === 8 ? 1 : 2);
      w.setReg(a, () => {
        c.get(V);
        if (ins.kind === k.DK_MOVSX8_M || ins.kind === k.DK_MOVSX16_M) signExtend(c, bits);
      });
      return false;
    }
    case k.DK_CWDE: w.setReg(EAX, () => { w.reg(EAX); signExtend(c, 16); }); return false;
    case k.DK_CDQ: w.setReg(EDX, () => { w.reg(EAX); c.const(31).op(Op.i32ShrS); }); return false;
    case k.DK_NOP: return false;
    case k.DK_MOV8_RR: w.setReg8(a, () => w.reg8(ins.b)); return false;
    case k.DK_MOV8_RI: w.setReg8(a, () => c.const(ins.imm)); return false;
    case k.DK_MOV8_RM: w.address(ins); w.load(ins, i, 1); w.setReg8(a, () => c.get(V)); return false;
    case k.DK_MOV8_MR: w.address(ins); w.reg8(ins.b); c.set(V); w.store(ins, i, 1); return false;
    case k.DK_MOV8_MI: w.address(ins); c.const(ins.imm).set(V); w.store(ins, i, 1); return false;

    // ---- one operand: not, neg, inc, dec ----
    case k.DK_NOT_R: w.setReg(a, () => { w.reg(a); c.const(-1).op(Op.i32Xor); }); return false;
    case k.DK_NEG_R:
      w.reg(a);
      c.set(FS).const(0).set(FD).const(0).get(FS).op(Op.i32Sub).set(FR);
      w.lazy(FL_NEG);
      w.setReg(a, () => c.get(FR));
      w.know('neg');
      return false;
    case k.DK_INC_R: case k.DK_DEC_R:
      incDec(w, ins.kind === k.DK_DEC_R, () => w.reg(a));
      w.setReg(a, () => c.get(FR));
      return false;
    case k.DK_INCDEC_M:
      w.address(ins);
      w.load(ins, i, 4);
      incDec(w, ins.aux !== 0, () => c.get(V), () => { c.get(FR).set(V); w.store(ins, i, 4); });
      return false;

    // ---- shifts and rotates ----
    case k.DK_SHIFT_RI: {
      const count = ins.imm & 31;
      // A zero count changes nothing, the flags included.
      if (count === 0) return false;
      if (isShift(ins.aux)) {
        shift(w, ins.aux, () => w.reg(a), () => c.const(count), () => w.setReg(a, () => c.get(FR)));
        w.know('result');
        return false;
      }
      if (ins.aux === ROL || ins.aux === ROR) { rotate(w, ins.aux, a, count); return false; }
      return undefined;
    }
    case k.DK_SHIFT_RC:
      if (!isShift(ins.aux)) return undefined;
      // Zero changes nothing.
      clCount(w);
      c.if();
      shift(w, ins.aux, () => w.reg(a), () => c.get(T), () => w.setReg(a, () => c.get(FR)));
      c.op(Op.end);
      w.know(undefined);
      return false;
    case k.DK_SHIFT_M: {
      // Read, write back, and only then the record: a faulting store changes nothing.
      // A zero count writes nothing but checks the write access: the interpreter
      // takes it (the block leaves before it); rotates go to jitFast.
      if (!isShift(ins.aux)) return undefined;
      const byCl = ins.b !== 0;
      if (!byCl && (ins.imm & 31) === 0) return undefined;
      const count = (): void => { if (byCl) c.get(T); else c.const(ins.imm & 31); };
      if (byCl) {
        clCount(w);
        c.op(Op.i32Eqz).if();
        w.exit(() => c.const(ins.eip), i);
        c.op(Op.end);
      }
      w.address(ins);
      w.load(ins, i, 4);
      shift(w, ins.aux, () => c.get(V), count, () => { c.get(FR).set(V); w.store(ins, i, 4); });
      w.know('result');
      return false;
    }

    // ---- conditions ----
    case k.DK_SETCC_R: w.setReg8(a, () => w.condition(ins.aux)); return false;
    case k.DK_SETCC_M: w.address(ins); w.condition(ins.aux); c.set(V); w.store(ins, i, 1); return false;
    case k.DK_CMOV_RR: case k.DK_CMOV_RM:
      // The memory operand is read whatever the condition (it can fault).
      if (ins.kind === k.DK_CMOV_RM) { w.address(ins); w.load(ins, i, 4); }
      w.setReg(a, () => {
        if (ins.kind === k.DK_CMOV_RR) w.reg(ins.b); else c.get(V);
        w.reg(a);
        w.condition(ins.aux);
        c.op(Op.select);
      });
      return false;

    // ---- ALU and test with a memory operand, the 8-bit ALU ----
    case k.DK_TEST_MR: case k.DK_TEST_MI:
      w.address(ins);
      w.load(ins, i, 4);
      w.operate(ALU_AND, 32, () => c.get(V), () => (ins.kind === k.DK_TEST_MR ? w.reg(ins.b) : c.const(ins.imm)));
      return false;
    case k.DK_ALU_MR: case k.DK_ALU_MI: case k.DK_ALU8_MR: case k.DK_ALU8_MI: {
      // Read, write back (unless cmp), and only then the record: a faulting store changes nothing.
      const bytes = ins.kind === k.DK_ALU8_MR || ins.kind === k.DK_ALU8_MI ? 1 : 4;
      w.address(ins);
      w.load(ins, i, bytes);
      const src = (): void => {
        if (ins.kind === k.DK_ALU_MR) w.reg(ins.b);
        else if (ins.kind === k.DK_ALU8_MR) w.reg8(ins.b);
        else c.const(ins.imm);
      };
      w.operate(ins.aux, bytes === 1 ? 8 : 32, () => c.get(V), src, ins.aux === ALU_CMP ? undefined : () => { c.get(FR).set(V); w.store(ins, i, bytes); });
      return false;
    }
    case k.DK_ALU8_RR: case k.DK_ALU8_RI: case k.DK_ALU8_RM:
      if (ins.kind === k.DK_ALU8_RM) { w.address(ins); w.load(ins, i, 1); }
      w.operate(ins.aux, 8, () => w.reg8(a), () => {
        if (ins.kind === k.DK_ALU8_RR) w.reg8(ins.b);
        else if (ins.kind === k.DK_ALU8_RI) c.const(ins.imm);
        else c.get(V);
      });
      if (ins.aux !== ALU_CMP) w.setReg8(a, () => c.get(FR));
      return false;
    case k.DK_TEST8_RR: case k.DK_TEST8_RI: case k.DK_TEST8_MI:
      if (ins.kind === k.DK_TEST8_MI) { w.address(ins); w.load(ins, i, 1); }
      w.operate(ALU_AND, 8, () => (ins.kind === k.DK_TEST8_MI ? c.get(V) : w.reg8(a)), () => (ins.kind === k.DK_TEST8_RR ? w.reg8(ins.b) : c.const(ins.imm)));
      return false;

    // ---- multiplies ----
    case k.DK_IMUL_RR: imulTruncating(w, () => w.reg(a), () => w.reg(ins.b)); w.setReg(a, () => c.get(FR)); return false;
    case k.DK_IMUL_RRI: imulTruncating(w, () => w.reg(ins.b), () => c.const(ins.imm)); w.setReg(a, () => c.get(FR)); return false;
    case k.DK_IMUL_RM: case k.DK_IMUL_RMI:
      w.address(ins);
      w.load(ins, i, 4);
      if (ins.kind === k.DK_IMUL_RM) imulTruncating(w, () => w.reg(a), () => c.get(V));
      else imulTruncating(w, () => c.get(V), () => c.const(ins.imm));
      w.setReg(a, () => c.get(FR));
      return false;
    case k.DK_MULDIV_R: case k.DK_MULDIV_M:
      // mul and imul (aux 4, 5); div and idiv can raise #DE: jitFast.
      if (ins.aux !== 4 && ins.aux !== 5) return undefined;
      if (ins.kind === k.DK_MULDIV_M) { w.address(ins); w.load(ins, i, 4); } else { w.reg(a); c.set(V); }
      widening(w, ins.aux === 5);
      return false;

    // ---- lods and stos without rep ----
    case k.DK_LODS: {
      const size = ins.aux === 1 ? 1 : 4;
      w.reg(ESI);
      c.set(VA);
      w.addressedBy(ESI);
      w.load(ins, i, size);
      if (size === 4) w.setReg(EAX, () => c.get(V));
      else w.setReg8(EAX, () => c.get(V));
      w.setReg(ESI, () => stepped(w, ESI, size));
      return false;
    }
    case k.DK_STOS: {
      const size = ins.aux === 1 ? 1 : 4;
      if (size === 4) w.reg(EAX);
      else w.reg8(EAX);
      c.set(V);
      w.reg(EDI);
      c.set(VA);
      w.addressedBy(EDI);
      w.store(ins, i, size);
      w.setReg(EDI, () => stepped(w, EDI, size));
      return false;
    }

    // ---- loop: as a jcc (chainOrExit branches on T), on ECX - 1, no flag changed ----
    case k.DK_LOOP:
      w.setReg(ECX, () => { w.reg(ECX); c.const(1).op(Op.i32Sub); });
      w.reg(ECX);
      c.const(0).op(Op.i32Ne).set(T);
      return false;

    // ---- stack and indirect control ----
    case k.DK_PUSH_M: w.address(ins); w.load(ins, i, 4); w.push(ins, i, () => c.get(V)); return false;
    case k.DK_LEAVE:
      w.reg(EBP);
      c.tee(SP).set(VA);
      w.addressedBy(EBP);
      w.load(ins, i, 4);
      w.setReg(ESP_OFFSET, () => c.get(SP).const(4).op(Op.i32Add));
      w.setReg(EBP, () => c.get(V));
      return false;
    case k.DK_JMP_R: w.reg(a); c.set(NEXT); return true;
    case k.DK_JMP_M: w.address(ins); w.load(ins, i, 4); c.get(V).set(NEXT); return true;
    case k.DK_CALL_R: case k.DK_CALL_M:
      // The target is read before the push (call *%esp jumps where ESP pointed).
      if (ins.kind === k.DK_CALL_R) w.reg(a);
      else { w.address(ins); w.load(ins, i, 4); c.get(V); }
      c.set(T);
      w.push(ins, i, () => c.const(next));
      c.get(T).set(NEXT);
      return true;
    default:
      return undefined;
  }
}

/** Register r stepped by a string instruction of `size` bytes: up, or down when DF is set (no branch: a lockstep store may follow). */
function stepped(w: FormWriter, r: number, size: 1 | 4): void {
  const c = w.c;
  w.reg(r);
  c.const(size).op(Op.i32Add);
  // DF (0 or 1) times twice the size.
  w.field(w.f.rEflags);
  c.const(DF_BIT).op(Op.i32ShrU).const(1).op(Op.i32And).const(size === 4 ? 3 : 1).op(Op.i32Shl);
  c.op(Op.i32Sub);
}

/**
 * inc/dec of value() into FR, as incDec() does: CF kept (its old value is
 * the record's aux), the record written after write() (a store that may fault).
 */
function incDec(w: FormWriter, dec: boolean, value: () => void, write?: () => void): void {
  const c = w.c;
  w.carry();
  c.set(CY);
  value();
  c.set(FD).const(1).set(FS);
  c.get(FD).const(1).op(dec ? Op.i32Sub : Op.i32Add).set(FR);
  write?.();
  w.lazy(dec ? FL_DEC : FL_INC, 32, true);
  w.know(dec ? 'dec' : 'inc');
}

/** A shift's count by CL, its low five bits, teed into T and left on the stack. */
function clCount(w: FormWriter): void {
  w.reg(ECX);
  w.c.const(31).op(Op.i32And).tee(T);
}

/**
 * shl/sal, shr or sar of value() by count() (1..31) into FR, as shiftRotate()
 * does; write() puts FR where it goes, and only then is the record written
 * (its source the count), so that a store that faults changes nothing.
 */
function shift(w: FormWriter, op: number, value: () => void, count: () => void, write: () => void): void {
  const c = w.c;
  value();
  c.set(FD);
  count();
  c.set(FS).get(FD).get(FS).op(op === SHR ? Op.i32ShrU : op === SAR ? Op.i32ShrS : Op.i32Shl).set(FR);
  write();
  w.lazy(op === SHR ? FL_SHR : op === SAR ? FL_SAR : FL_SHL);
}

/**
 * EFLAGS with the lazy flags folded in (materializeFlags), CF and OF aside
 * (a rotate replaces them): from the known producer's result and operands
 * (getFlags' ZF, SF, PF and AF), or EFLAGS as it stands after a rotate,
 * else the core's fold (jitFlags).
 */
function foldedFlags(w: FormWriter): void {
  const c = w.c;
  const kind = w.flags;
  if (kind === 'eflags') { w.field(w.f.rEflags); return; }
  if (kind === undefined) { foldedRecord(w); return; }
  resultFlags(w, () => w.sign());
  switch (kind) {
    case 'add': case 'adc': case 'sub': case 'sbb': c.get(FD).get(FS).op(Op.i32Xor).get(FR).op(Op.i32Xor); break;
    case 'neg': c.get(FS).get(FR).op(Op.i32Xor); break;
    case 'inc': c.get(FR).const(0xf).op(Op.i32And).op(Op.i32Eqz).const(4).op(Op.i32Shl); break;
    case 'dec': c.get(FR).const(0xf).op(Op.i32And).const(0xf).op(Op.i32Eq).const(4).op(Op.i32Shl); break;
    default: return; // logic, mul, shifts: no AF
  }
  c.const(AF).op(Op.i32And).op(Op.i32Or);
}

/**
 * foldedFlags when the producer ran before the block (a loop's rotate at its
 * head, after the compare at its foot): EFLAGS as it stands when the record
 * is empty (op 0); folded here, as getFlags does, when the record is a
 * 32-bit add, adc, sub, sbb or logic op (ZF, SF and PF from the result, AF
 * from the operands but for logic; CF and OF are the rotate's); else the
 * core's fold (jitFlags). A lockstep block asks the core.
 */
function foldedRecord(w: FormWriter): void {
  const c = w.c;
  if (w.lockstep) { c.call(IMPORT_FLAGS); return; }
  const common = (kind: number): number => kind | (32 << 8);
  w.field(w.f.rLazyOp);
  c.tee(T).op(Op.i32Eqz).if(I32);
  w.field(w.f.rEflags);
  c.op(Op.else);
  c.get(T).const(common(FL_ADD)).op(Op.i32Sub).const(common(FL_LOGIC) - common(FL_ADD)).op(Op.i32LeU).if(I32);
  w.field(w.f.rLazyRes); c.set(FR);
  w.field(w.f.rLazyDst); c.set(FD);
  w.field(w.f.rLazySrc); c.set(FS);
  resultFlags(w, () => c.get(FR).const(31).op(Op.i32ShrU));
  c.get(FD).get(FS).op(Op.i32Xor).get(FR).op(Op.i32Xor).const(AF).op(Op.i32And);
  c.const(0).get(T).const(common(FL_LOGIC)).op(Op.i32Ne).op(Op.select).op(Op.i32Or);
  c.op(Op.else);
  c.call(IMPORT_FLAGS);
  c.op(Op.end);
  c.op(Op.end);
}

/**
 * EFLAGS with its arithmetic flags replaced by those of the result in FR
 * that every producer sets alike: ZF, SF (sign() leaves FR's sign bit, 0 or
 * 1) and PF (of the low byte). The caller ors in AF; a rotate, CF and OF.
 */
function resultFlags(w: FormWriter, sign: () => void): void {
  const c = w.c;
  w.field(w.f.rEflags);
  c.const(~ARITH_FLAGS).op(Op.i32And);
  c.get(FR).op(Op.i32Eqz).const(6).op(Op.i32Shl).op(Op.i32Or);
  sign();
  c.const(7).op(Op.i32Shl).op(Op.i32Or);
  c.get(FR).const(0xff).op(Op.i32And).op(Op.i32Popcnt).const(1).op(Op.i32And).const(1).op(Op.i32Xor).const(2).op(Op.i32Shl).op(Op.i32Or);
}

/**
 * rol/ror of register a by count (1..31), as shiftRotate() does: the flags
 * folded into EFLAGS (materializeFlags), CF and OF replaced, no lazy
 * operation left.
 */
function rotate(w: FormWriter, op: number, a: number, count: number): void {
  const c = w.c;
  if (w.rotateUnseen) {
    // Its CF and OF, and the flags it keeps, are rewritten before anything reads them: the result alone.
    w.setReg(a, () => { w.reg(a); c.const(count).op(op === ROL ? Op.i32Rotl : Op.i32Rotr); });
    return;
  }
  foldedFlags(w);
  c.set(T);
  w.reg(a);
  c.const(count).op(op === ROL ? Op.i32Rotl : Op.i32Rotr).set(FR);
  w.setField(w.f.rEflags, () => {
    c.get(T).const(~(CF | OF)).op(Op.i32And);
    if (op === ROL) {
      // CF = the result's low bit, OF = its top bit ^ CF.
      c.get(FR).const(1).op(Op.i32And).op(Op.i32Or);
      c.get(FR).const(31).op(Op.i32ShrU).get(FR).op(Op.i32Xor);
    } else {
      // CF = the result's top bit, OF = its two top bits differ.
      c.get(FR).const(31).op(Op.i32ShrU).op(Op.i32Or);
      c.get(FR).const(30).op(Op.i32ShrU).get(FR).const(31).op(Op.i32ShrU).op(Op.i32Xor);
    }
    c.const(1).op(Op.i32And).const(11).op(Op.i32Shl).op(Op.i32Or);
  });
  // Its op (0: EFLAGS holds the flags) is rewritten with the next record when that comes before anything reads it.
  if (!w.recordDead) w.setField(w.f.rLazyOp, () => c.const(0));
  w.setReg(a, () => c.get(FR));
  w.know('eflags');
}

/** The product of two i32 values, as i64 (signed or not), its high half as i32. */
function highHalf(c: Code, x: () => void, y: () => void, signed: boolean): void {
  const extend = signed ? Op.i64ExtendI32S : Op.i64ExtendI32U;
  x();
  c.op(extend);
  y();
  c.op(extend).op(Op.i64Mul).const64(32).op(Op.i64ShrU).op(Op.i32WrapI64);
}

/** FL_MUL's record: the low half in FR, no operands, aux from CY. */
function mulRecord(w: FormWriter): void {
  w.c.const(0).set(FD).const(0).set(FS);
  w.lazy(FL_MUL, 32, true);
  w.know('mul');
}

/** Two- and three-operand imul (imulTruncating): the low half into FR, CY = 1 if it was truncated. */
function imulTruncating(w: FormWriter, x: () => void, y: () => void): void {
  const c = w.c;
  x();
  y();
  c.op(Op.i32Mul).set(FR);
  highHalf(c, x, y, true);
  c.get(FR).const(31).op(Op.i32ShrS).op(Op.i32Ne).set(CY);
  mulRecord(w);
}

/** mul/imul of EAX by V into EDX:EAX (mulUnsigned, mulSigned): aux the high half, or for imul 1 if it is significant. */
function widening(w: FormWriter, signed: boolean): void {
  const c = w.c;
  w.reg(EAX);
  c.get(V).op(Op.i32Mul).set(FR);
  highHalf(c, () => w.reg(EAX), () => c.get(V), signed);
  c.set(T);
  if (signed) c.get(T).get(FR).const(31).op(Op.i32ShrS).op(Op.i32Ne).set(CY);
  else c.get(T).set(CY);
  w.setReg(EAX, () => c.get(FR));
  w.setReg(EDX, () => c.get(T));
  mulRecord(w);
}
