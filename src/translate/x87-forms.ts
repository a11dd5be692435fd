/**
 * The x87 unit's fast-path forms in a compiled block (a replica alone, or
 * every online replica in lockstep: see writeX87Form): fld,
 * fst/fstp (registers, m32, m64), fxch, fadd/fsub/fmul/fdiv and their reversed
 * and popping forms (registers, m32, m64), fchs, fabs, fsqrt — what
 * asm/cpu/fast.ts's x87Form takes from a cache entry.
 *
 * The unit's arithmetic stays in the core (asm/fpu/fast.ts: exact 80-bit
 * results, C1 and PE, the valid bits and TOP); what the block saves is the
 * trip through the interpreter between integer code and floating-point code.
 * A run of consecutive forms keeps the unit's state word in the local FPS,
 * as x87Run keeps it in a local: the run's first form reads it (jitFpuBegin),
 * each form updates it (its own core function, jitFadd..., with the entry's operands as constants and
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
 * its faults and ECC events, and the next block goes on after it. That
 * write-back is the exit tail's (writePendingRun), not each leaving form's:
 * a call on every form's way out made V8's register allocator split every
 * live local around it, and nbody's region held about 300 of them. FPS holds
 * NOT_COMMON wherever no run is under way, so the tail knows.
 */
import { Op, type Code, type ImportedFunction } from './wasm-binary';
import { BLK, T, FPS, XF, LOCKSTEP_FPS, IMPORT_FPU_BEGIN, IMPORT_FPU_COMMIT, IMPORT_X87_FIRST, byKind, type CoreFacts, type DecodedInstruction, type LockstepReplicas } from './block-compiler';

/** What the x87 writer uses of the block writer (block-compiler.ts BlockWriter). */
export interface X87Writer {
  readonly c: Code;
  readonly f: CoreFacts;
  address(ins: DecodedInstruction): void;
  loadsInline(bytes: 4 | 8): void;
  storesInline(bytes: 4 | 8): void;
  /** The host address of VA (its page's entry in PTE), in the memory at memb (a lockstep replica's chassis), or at the block's own. */
  hostAddress(memb?: number): void;
  markDirty(): void;
  exit(eip: () => void, cycles: number): void;
}

/**
 * The forms x87Form takes, by the name of their kind: the core function that
 * runs each (asm/translate/blocks.ts), and their memory operand: its size,
 * and whether it is stored.
 */
const FORMS: Readonly<Record<string, { readonly core: string; readonly bytes?: 4 | 8; readonly store?: true }>> = {
  DK_FADD: { core: 'jitFadd' }, DK_FMUL: { core: 'jitFmul' }, DK_FDIV: { core: 'jitFdiv' },
  DK_FLD_ST: { core: 'jitFldSt' }, DK_FXCH: { core: 'jitFxch' }, DK_FST_ST: { core: 'jitFstSt' }, DK_FUNARY: { core: 'jitFunary' },
  DK_FADD_M32: { core: 'jitFaddM32', bytes: 4 }, DK_FMUL_M32: { core: 'jitFmulM32', bytes: 4 }, DK_FDIV_M32: { core: 'jitFdivM32', bytes: 4 },
  DK_FLD_M32: { core: 'jitFldM32', bytes: 4 },
  DK_FADD_M64: { core: 'jitFaddM64', bytes: 8 }, DK_FMUL_M64: { core: 'jitFmulM64', bytes: 8 }, DK_FDIV_M64: { core: 'jitFdivM64', bytes: 8 },
  DK_FLD_M64: { core: 'jitFldM64', bytes: 8 },
  DK_FST_M32: { core: 'jitFstM32', bytes: 4, store: true }, DK_FST_M64: { core: 'jitFstM64', bytes: 8, store: true },
};

/** What a block module imports for the forms, from IMPORT_X87_FIRST on: (blk, state word, a, b, aux, host) -> state word. */
export const X87_IMPORTS: readonly (ImportedFunction & { readonly core: string })[] =
  Object.values(FORMS).map((form) => ({ module: 'core', name: form.core, params: 6, results: 1, core: form.core }));
const importOf = (form: (typeof FORMS)[string]): number => IMPORT_X87_FIRST + X87_IMPORTS.findIndex((f) => f.core === form.core);

function formOf(kind: number, f: CoreFacts): (typeof FORMS)[string] | undefined {
  return byKind(f, FORMS).get(kind);
}

/** Whether kind is an x87 form a block holds. */
export function isX87Form(kind: number, f: CoreFacts): boolean {
  return formOf(kind, f) !== undefined;
}

/** A replica a form runs on: its block's address, its chassis' memory (undefined: the block's own, MEMB) and the local holding its unit's state word. */
interface Replica { readonly block: (c: Code) => void; readonly memb?: number; readonly fps: number }

/**
 * Write the x87 form ins, instruction i of its block. runFrom: the EIP of
 * the form before it in the same run (undefined: it starts a run); runEnds:
 * the next instruction is not one of these forms (or there is none).
 *
 * In a lockstep block (lock) the form runs on every online replica in turn,
 * each replica's unit from its own state, its state word in a local of its
 * own, with its chassis' copy of the memory operand, as the core's lockstep
 * loop steps it on each replica. The replicas agree on their units when the
 * block is entered (the lockstep loop compares the unit's lanes on the
 * first cycle of every run and on every cycle that runs an x87
 * instruction), and a form's outputs (the unit's state, a stored value) are
 * a function of the unit's state and its memory operand alone. So the
 * operand is compared first, between every online chassis' copy: where
 * they differ, or the inline test refuses the access, or the fast path
 * declines the form on the first replica (which then changed nothing), the
 * block leaves before the form, the run so far written back on every
 * replica, and the lockstep loop executes it and its comparator judges that
 * cycle. Past those tests the inputs are the same on every replica and so
 * are the outputs: each replica's store goes into its own chassis' memory
 * (both cores of a chassis store the same bytes).
 */
export function writeX87Form(w: X87Writer, ins: DecodedInstruction, i: number, runFrom: number | undefined, runEnds: boolean, lock?: LockstepReplicas): void {
  const { c } = w;
  const form = formOf(ins.kind, w.f)!;
  const notCommon = w.f.fpuNotCommon;
  const replicas = replicasOf(lock);
  const [first, ...others] = replicas as [Replica, ...Replica[]];
  // Before this form, nothing of it done: the run so far left for the exit tail to write back (writePendingRun), if there is one.
  const leave = () => {
    if (runFrom !== undefined) c.const(runFrom).set(XF);
    else c.const(notCommon).set(FPS);
    w.exit(() => c.const(ins.eip), i);
  };
  const leaveIf = () => { c.if(); leave(); c.op(Op.end); };
  if (runFrom === undefined) {
    // The replicas' control and status words agree: the first one's decide.
    first.block(c); c.call(IMPORT_FPU_BEGIN).tee(FPS).const(notCommon).op(Op.i32Eq);
    leaveIf();
    for (const r of others) { r.block(c); c.call(IMPORT_FPU_BEGIN).set(r.fps); }
  }
  if (form.bytes !== undefined) {
    w.address(ins);
    if (form.store) w.storesInline(form.bytes); else w.loadsInline(form.bytes);
    c.op(Op.i32Eqz);
    leaveIf();
    if (!form.store) {
      // Every other chassis' copy of the operand against the first replica's.
      const load = form.bytes === 8 ? Op.i64Load : Op.i32Load;
      for (const memb of new Set(others.map((r) => r.memb))) {
        if (memb === first.memb) continue;
        w.hostAddress(first.memb); c.mem(load, 0);
        w.hostAddress(memb); c.mem(load, 0);
        c.op(form.bytes === 8 ? Op.i64Ne : Op.i32Ne);
        leaveIf();
      }
    }
  }
  replicas.forEach((r, n) => {
    r.block(c);
    c.get(r.fps).const(ins.a).const(ins.b).const(ins.aux);
    if (form.bytes !== undefined) w.hostAddress(r.memb); else c.const(0);
    c.call(importOf(form));
    if (n > 0) { c.set(r.fps); return; }
    // The first replica decides: a form the fast path declines there changed nothing.
    c.tee(T).const(notCommon).op(Op.i32Eq);
    leaveIf();
    c.get(T).set(r.fps);
  });
  if (form.store) w.markDirty();
  if (runEnds) {
    for (const r of replicas) commit(c, r, () => c.const(ins.eip));
    c.const(notCommon).set(FPS);
  }
}

/** A replica's state word written back, FIP the run's last form. */
function commit(c: Code, r: Replica, fip: () => void): void {
  r.block(c);
  c.get(r.fps);
  fip();
  c.call(IMPORT_FPU_COMMIT);
}

/** In a function that holds x87 forms, before its code: no run under way. */
export function writeNoRunPending(c: Code, f: CoreFacts): void {
  c.const(f.fpuNotCommon).set(FPS);
}

/** In the exit tail of a function that holds x87 forms: the run an exit left in the middle of, written back on every replica (FIP in XF). */
export function writePendingRun(c: Code, f: CoreFacts, lock?: LockstepReplicas): void {
  c.get(FPS).const(f.fpuNotCommon).op(Op.i32Ne).if();
  for (const r of replicasOf(lock)) commit(c, r, () => c.get(XF));
  c.op(Op.end);
}

function replicasOf(lock: LockstepReplicas | undefined): Replica[] {
  return lock
    ? lock.replicas.map((r, n) => ({ block: (code: Code) => code.const(r.block), memb: r.memb, fps: n === 0 ? FPS : LOCKSTEP_FPS + n - 1 }))
    : [{ block: (code: Code) => code.get(BLK), fps: FPS }];
}
