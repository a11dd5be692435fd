/**
 * The x87 unit's fast-path forms in a compiled block (a replica alone): fld,
 * fst/fstp (registers, m32, m64), fxch, fadd/fsub/fmul/fdiv and their reversed
 * and popping forms (registers, m32, m64), fchs, fabs, fsqrt — what
 * asm/cpu/fast.ts's x87Form takes from a cache entry.
 *
 * The unit's arithmetic stays in the core (asm/fpu/fast.ts: exact 80-bit
 * results, C1 and PE, the valid bits and TOP); what the block saves is the
 * trip through the interpreter between integer code and floating-point code.
 * A run of consecutive forms keeps the unit's state word in the local FPS,
 * as x87Run keeps it in a local: the run's first form reads it (jitFpuBegin),
 * each form updates it (jitX87, with the entry's operands as constants and
 * the memory operand's host address), and the run's last writes it back with
 * FIP (jitFpuCommit). A memory operand goes in place when it passes the
 * compiled code's inline test (one page, present, no ECC decoding; a store's
 * page writable and holding no decoded code, its frame then marked in the
 * dirty map), as fast.ts's inPlace and noteWrite have it.
 *
 * Whatever the fast path declines (another control word, an exception
 * pending, an operand that is not a normal number, a result near overflow,
 * an operand the inline test refuses) leaves the block before that form,
 * the run so far written back: the interpreter runs it the general way, with
 * its faults and ECC events, and the next block goes on after it.
 */
import { Op, type Code } from './wasm-binary';
import { BLK, VA, V, T, FPS, IMPORT_FPU_BEGIN, IMPORT_FPU_COMMIT, IMPORT_X87, byKind, type CoreFacts, type DecodedInstruction } from './block-compiler';

/** What the x87 writer uses of the block writer (block-compiler.ts BlockWriter). */
export interface X87Writer {
  readonly c: Code;
  readonly f: CoreFacts;
  address(ins: DecodedInstruction): void;
  loadsInline(bytes: 4 | 8): void;
  storesInline(bytes: 4 | 8): void;
  hostAddress(): void;
  markDirty(): void;
  exit(eip: () => void, cycles: number): void;
}

/** The forms x87Form takes, by the name of their kind, with their memory operand: its size, and whether it is stored. */
const FORMS: Readonly<Record<string, { readonly bytes?: 4 | 8; readonly store?: true }>> = {
  DK_FADD: {}, DK_FMUL: {}, DK_FDIV: {}, DK_FLD_ST: {}, DK_FXCH: {}, DK_FST_ST: {}, DK_FUNARY: {},
  DK_FADD_M32: { bytes: 4 }, DK_FMUL_M32: { bytes: 4 }, DK_FDIV_M32: { bytes: 4 }, DK_FLD_M32: { bytes: 4 },
  DK_FADD_M64: { bytes: 8 }, DK_FMUL_M64: { bytes: 8 }, DK_FDIV_M64: { bytes: 8 }, DK_FLD_M64: { bytes: 8 },
  DK_FST_M32: { bytes: 4, store: true }, DK_FST_M64: { bytes: 8, store: true },
};

function formOf(kind: number, f: CoreFacts): (typeof FORMS)[string] | undefined {
  return byKind(f, FORMS).get(kind);
}

/** Whether kind is an x87 form a block holds. */
export function isX87Form(kind: number, f: CoreFacts): boolean {
  return formOf(kind, f) !== undefined;
}

/**
 * Write the x87 form ins, instruction i of its block. runFrom: the EIP of
 * the form before it in the same run (undefined: it starts a run); runEnds:
 * the next instruction is not one of these forms (or there is none).
 */
export function writeX87Form(w: X87Writer, ins: DecodedInstruction, i: number, runFrom: number | undefined, runEnds: boolean): void {
  const { c } = w;
  const form = formOf(ins.kind, w.f)!;
  const notCommon = w.f.fpuNotCommon;
  // Before this form, nothing of it done: the run so far written back, if there is one.
  const leave = () => {
    if (runFrom !== undefined) commit(c, runFrom);
    w.exit(() => c.const(ins.eip), i);
  };
  if (runFrom === undefined) {
    c.get(BLK).call(IMPORT_FPU_BEGIN).tee(FPS).const(notCommon).op(Op.i32Eq).if();
    w.exit(() => c.const(ins.eip), i);
    c.op(Op.end);
  }
  if (form.bytes !== undefined) {
    w.address(ins);
    if (form.store) w.storesInline(form.bytes); else w.loadsInline(form.bytes);
    c.op(Op.i32Eqz).if();
    leave();
    c.op(Op.end);
    w.hostAddress();
    c.set(V);
  }
  c.const(ins.kind).get(BLK).get(FPS).const(ins.a).const(ins.b).const(ins.aux);
  if (form.bytes !== undefined) c.get(V); else c.const(0);
  c.call(IMPORT_X87).tee(T).const(notCommon).op(Op.i32Eq).if();
  leave();
  c.op(Op.end);
  c.get(T).set(FPS);
  if (form.store) w.markDirty();
  if (runEnds) commit(c, ins.eip);
}

/** FPS written back, FIP the run's last form. */
function commit(c: Code, fip: number): void {
  c.get(BLK).get(FPS).const(fip).call(IMPORT_FPU_COMMIT);
}

