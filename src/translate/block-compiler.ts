/**
 * Turns a region — guest blocks of one page, as the core's decoded-instruction
 * cache decoded them (asm/cpu/dcache.ts) — into the body of a WebAssembly
 * function (blk, memb, eccSlowBit, budget, entry) -> cycles run, with the
 * effects fast.ts gives each instruction. Nearly every form is written out
 * inline (here the moves, the register ALU, push/pop and the direct
 * transfers; the rest in inline-forms.ts) — registers and the lazy-flag
 * record in the replica block, memory through the page table with the same
 * fast-path test as fast.ts and the core's checked accessors otherwise — and
 * a flag consumer (jcc, setcc, cmov, inc/dec, adc/sbb, a rotate) after an
 * inlined producer takes what it needs from the producer's operands in
 * locals instead of the flag record. The few other forms call the core's
 * jitFast, which executes them from their cache entry. A block whose
 * successor is a block of the region (a loop, an if/else, a call into the
 * page and the ret back) goes on there inside the function while the cycle
 * budget covers that whole block, so hot code leaves the function only at
 * the page's edges.
 *
 * Exits: a fault leaves EIP on the faulting instruction and counts its cycle
 * (as the fast path does); anything else that stops a block early (an ECC
 * event, a write to a code frame) stops it after the instruction.
 */
import { Code, Op, VOID, I32 } from './wasm-binary';
import { writeInlineForm, QUIET_FORMS, rewritesFlagRecord, isRegisterRotate } from './inline-forms';
import { writeX87Form, isX87Form, writeNoRunPending, writePendingRun } from './x87-forms';

/** One decoded instruction (the fields of a cache entry, see asm/cpu/dcache.ts). */
export interface DecodedInstruction {
  readonly eip: number;
  readonly kind: number;
  readonly length: number;
  readonly a: number;
  readonly b: number;
  readonly base: number;
  readonly index: number;
  readonly scale: number;
  readonly aux: number;
  readonly disp: number;
  readonly imm: number;
  readonly target: number;
  readonly hasBase: boolean;
  readonly hasIndex: boolean;
}

/** What the generated code needs to know of the core: addresses, offsets, the handler numbers. */
export interface CoreFacts {
  readonly pageTable: number;
  readonly codeMap: number;
  /** One byte per physical frame, set by a store into it (asm/memory/mmu.ts markDirty). */
  readonly dirtyMap: number;
  readonly stopAddress: number;
  readonly rEip: number;
  readonly rEflags: number;
  readonly rLazyOp: number;
  readonly rLazyRes: number;
  readonly rLazyDst: number;
  readonly rLazySrc: number;
  readonly rLazyAux: number;
  readonly ptePresent: number;
  readonly pteWritable: number;
  readonly pteFrameMask: number;
  /** What the x87 unit's fast path answers when it declines (asm/fpu/round.ts NOT_COMMON). */
  readonly fpuNotCommon: number;
  readonly kinds: Readonly<Record<string, number>>;
}

/** Indices of the functions a block module imports (see translator.ts). */
export const IMPORT_LOAD32 = 0;
export const IMPORT_STORE32 = 1;
export const IMPORT_CONDITION = 2;
export const IMPORT_FAST = 3;
export const IMPORT_LOAD8 = 4;
export const IMPORT_LOAD16 = 5;
export const IMPORT_STORE8 = 6;
/** The current CF (0 or 1). */
export const IMPORT_CARRY = 7;
/** Fold the lazy flags into EFLAGS and return them (materializeFlags). */
export const IMPORT_FLAGS = 8;
/** The x87 unit's state word for a run of its forms (jitFpuBegin), its write-back (jitFpuCommit): x87-forms.ts. */
export const IMPORT_FPU_BEGIN = 9;
export const IMPORT_FPU_COMMIT = 10;
/** One per x87 form (jitFadd...), in x87-forms.ts's X87_IMPORTS order. */
export const IMPORT_X87_FIRST = 11;

// Parameters, then locals. ENTRY is the block being run (the core's pick at
// entry, then each chained one); RAN counts the cycles of the blocks already
// finished; GPR + n holds general register n while the function runs; CY a
// carry-in or the lazy record's aux (inc/dec, adc/sbb, multiplies); XE and XC
// what an exit leaves with; FPS the x87 unit's state word during a run of its
// forms and XF the FIP of a run an exit leaves in the middle of (x87-forms.ts).
const MEMB = 1, SLOW = 2, BUDGET = 3, ENTRY = 4, RAN = 14, GPR = 15;
export const BLK = 0, VA = 5, PTE = 6, V = 7, FD = 8, FS = 9, FR = 10, NEXT = 11, SP = 12, T = 13, CY = GPR + 8;
export const BLOCK_PARAMS = 5;
// XE and XC: the EIP and the cycles of this pass an exit leaves with (one exit tail serves every exit).
const XE = CY + 1, XC = CY + 2;
export const FPS = CY + 3, XF = CY + 4;
// The page cache of a simplex function (see load()): for each of its slots
// the host address minus the guest one in the page it holds (an i32 from
// PAGE_DELTA; the lockstep function numbers its own locals there) and that
// page's guest address (an i64 from PAGE_TAG, after every i32 local).
const PAGE_SLOTS = 18;
const PAGE_DELTA = XF + 1;
export const BLOCK_LOCALS = 10 + 8 + 1 + 4 + PAGE_SLOTS;
export const BLOCK_WIDE_LOCALS = PAGE_SLOTS;
const PAGE_TAG = BLOCK_PARAMS + BLOCK_LOCALS;
/** A tag no guest address is in the page of: slot empty. */
const NO_PAGE = 2 ** 32;
// A lockstep block's locals (after XC): its deferred store (address, value),
// the fields it writes in the replica block (deferred to the instruction's
// commit), the state locals an instruction may change
// saved before it, and the first replica's outputs that the others must equal.
const SA = XF + 1, SV = XF + 2, FIELD = XF + 3;
/** The state locals: what the next instruction sees (registers, the known flag producer's operands). */
const STATE_LOCALS: readonly number[] = [GPR, GPR + 1, GPR + 2, GPR + 3, GPR + 4, GPR + 5, GPR + 6, GPR + 7, FD, FS, FR, CY];
const SAVED = FIELD + 6;
const OUT = SAVED + STATE_LOCALS.length;
/** Outputs an instruction can have: the state locals, T (a jcc's condition), NEXT, the store and the fields. */
const OUTPUT_LOCALS: readonly number[] = [...STATE_LOCALS, T, NEXT, SA, SV, FIELD, FIELD + 1, FIELD + 2, FIELD + 3, FIELD + 4, FIELD + 5];
/** The x87 unit's state word of each online replica but the first (FPS) during a run of x87 forms (x87-forms.ts): at most six online. */
export const LOCKSTEP_FPS = OUT + OUTPUT_LOCALS.length;
export const LOCKSTEP_LOCALS = LOCKSTEP_FPS + 5 - BLOCK_PARAMS;
/** General registers end here in the replica block (eight u32 from offset 0). */
const GPR_END = 32;

export const ESP_OFFSET = 16;
// Lazy-flag kinds (asm/cpu/flags.ts), operand size in bits 8..15.
const FL_ADD = 1, FL_ADC = 2, FL_SUB = 3, FL_SBB = 4, FL_LOGIC = 5;
export const ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7;
const STOP_FAULTED = 2, STOP_NOT_RUN = 4, STOP_SLOW_PAGE = 8;
/** Added to an exit's cycles (XC) by leaveBefore: the exit tail then looks at the refused access's page. */
const LEFT_AT_ACCESS = 0x10000;
/** ENTRY when the next block is the one NEXT names (a computed jump), not a block index. */
const BY_EIP = -1;
/** EFLAGS bits (asm/cpu/flags.ts). */
export const CF = 0x1, AF = 0x10, OF = 0x800, ARITH_FLAGS = 0x8d5;

/** ALU operations that read no flag (adc and sbb read the carry). */
export const FLAGLESS_ALU = new Set([ALU_ADD, ALU_OR, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP]);

/** Handlers that transfer control: a block ends after one. */
const CONTROL = ['DK_JCC', 'DK_LOOP', 'DK_JMP', 'DK_JMP_R', 'DK_JMP_M', 'DK_CALL', 'DK_CALL_R', 'DK_CALL_M', 'DK_RET', 'DK_RET_I'];
/** Forms that neither leave the block nor read or write a flag: register moves, lea and QUIET_FORMS (made on first use: inline-forms.ts imports this module). */
let quietAndMoves: readonly string[] | undefined;
const quietNames = (): readonly string[] => (quietAndMoves ??= ['DK_MOV_RR', 'DK_MOV_RI', 'DK_LEA', ...QUIET_FORMS]);
/** Register-only ALU forms that read no flag and write the record's op, result and operands (isRegisterAlu). */
const REGISTER_ALU = ['DK_ADD_RR', 'DK_SUB_RR', 'DK_XOR_RR', 'DK_AND_RR', 'DK_OR_RR', 'DK_CMP_RR', 'DK_ADD_RI', 'DK_SUB_RI', 'DK_AND_RI', 'DK_CMP_RI', 'DK_TEST_RR', 'DK_TEST_RI'];

/**
 * A table keyed by handler name (or a list of names), keyed by handler number
 * instead, made once per core and table: the writer asks per instruction,
 * and the JS writing a region runs cold (its compile time counts in every
 * figure).
 */
const kindTables = new WeakMap<CoreFacts, Map<object, ReadonlyMap<number, unknown>>>();
export function byKind<T>(facts: CoreFacts, table: Readonly<Record<string, T>>): ReadonlyMap<number, T>;
export function byKind(facts: CoreFacts, table: readonly string[]): ReadonlyMap<number, true>;
export function byKind(facts: CoreFacts, table: readonly string[] | Readonly<Record<string, unknown>>): ReadonlyMap<number, unknown> {
  let tables = kindTables.get(facts);
  if (!tables) kindTables.set(facts, (tables = new Map()));
  let made = tables.get(table);
  if (!made) {
    const entries: [string, unknown][] = Array.isArray(table) ? table.map((name) => [name, true]) : Object.entries(table);
    tables.set(table, (made = new Map(entries.map(([name, value]) => [facts.kinds[name]!, value]))));
  }
  return made;
}

export function endsBlock(kind: number, facts: CoreFacts): boolean {
  return byKind(facts, CONTROL).has(kind);
}

/** A block end with two static successors, the branch taken when T is set: jcc and loop. */
export function isConditional(kind: number, facts: CoreFacts): boolean {
  return kind === facts.kinds.DK_JCC || kind === facts.kinds.DK_LOOP;
}

/**
 * What the compiled code knows of the flags at a point of the block: which
 * kind of operation produced them last, its operands in FD and FS and its
 * result in FR ('inc', 'dec', 'adc', 'sbb', 'mul': the carry-in or aux in
 * CY; 'result': a shift, whose CF and OF are left to the core), or
 * 'eflags': a rotate left them folded in EFLAGS (no lazy operation).
 * undefined: unknown here.
 */
export type KnownFlags = 'add' | 'sub' | 'logic' | 'inc' | 'dec' | 'adc' | 'sbb' | 'neg' | 'mul' | 'result' | 'eflags' | undefined;

/** A region: blocks of one page, the first the one that got hot, the rest those it reaches inside the page. */
export interface Region {
  readonly blocks: readonly (readonly DecodedInstruction[])[];
}

/**
 * The online replicas a lockstep block runs: each one's state block and its
 * chassis' memory, the reference (the first) first. The function is called
 * with the reference's block as blk.
 */
export interface LockstepReplicas {
  readonly replicas: readonly { readonly block: number; readonly memb: number }[];
}

/**
 * A replica alone. checkedAccesses: an access that fails the inline page
 * test goes through the core's checked access and on in the block, rather
 * than leaving the block before its instruction (see leaveBefore).
 */
export interface Alone {
  readonly checkedAccesses: boolean;
}

/** Compile the region for a replica alone, or for every online replica in lockstep. */
export function compileRegion(region: Region, facts: CoreFacts, placement: LockstepReplicas | Alone = { checkedAccesses: false }): Code {
  return 'replicas' in placement ? new BlockWriter(facts, placement).write(region) : new BlockWriter(facts, undefined, placement.checkedAccesses).write(region);
}

/**
 * Whether a lockstep block can hold ins: a form written out inline (the core's
 * jitFast executes one replica, so its forms end a lockstep block before them).
 */
export function compilesInLockstep(ins: DecodedInstruction, facts: CoreFacts): boolean {
  // The x87 forms have a lockstep writing of their own (x87-forms.ts).
  if (isX87Form(ins.kind, facts)) return true;
  const writer = new BlockWriter(facts);
  writer.instructionAlone(ins);
  return !writer.calledFast;
}

class BlockWriter {
  c = new Code();
  /** The last flag-setting instruction was written out inline: what it was (see KnownFlags). */
  flags: KnownFlags;
  /** Its operand size (8: its operands and result in the locals are bytes). */
  flagBits: 8 | 32 = 32;
  readonly k: Readonly<Record<string, number>>;
  /** Structured instructions open around the code being written, inside its block's label (for br depths). */
  private nesting = 0;

  /**
   * The registers the code reads or writes, kept in locals: loaded at entry
   * (a prologue put before the code once it is all written, when they are
   * known) and after every call to jitFast; and those it writes, stored back
   * at every exit (one exit tail, written last). Around a call to jitFast all
   * eight go to the replica block and back.
   */
  readonly used = new Set<number>();
  readonly written = new Set<number>();

  constructor(readonly f: CoreFacts, readonly lock?: LockstepReplicas, private readonly checkedAccesses = false) {
    this.k = f.kinds;
  }

  /** Set when an instruction was left to jitFast. */
  calledFast = false;

  /** Write ins on its own (compilesInLockstep's test). */
  instructionAlone(ins: DecodedInstruction): void {
    this.instruction(ins, 0, (ins.eip + ins.length) >>> 0);
  }

  /**
   * The function: a dispatch loop whose br_table sends ENTRY to its block's
   * code. A block that ends at another block of the region (a static target,
   * or a ret landing on a return site) goes on there when the budget covers
   * that whole block; otherwise, and at every other exit, it stores the
   * registers and EIP and returns the cycles run.
   */
  write(region: Region): Code {
    const c = this.c;
    const { blocks } = region;
    const n = blocks.length;
    const index = new Map(blocks.map((b, i) => [b[0]!.eip, i]));
    c.op(Op.block).op(VOID);
    this.exitDepth = c.depth;
    c.op(Op.loop).op(VOID);
    this.dispatchByEip(blocks);
    for (let i = 0; i < n; i++) c.op(Op.block).op(VOID);
    c.get(ENTRY).brTable(Array.from({ length: n }, (_, i) => i), n - 1);
    blocks.forEach((block, b) => {
      c.op(Op.end);
      // Code of block b: inside the labels of blocks b+1..n-1, then the dispatch loop.
      this.block = b;
      this.toLoop = n - 1 - b;
      this.nesting = 0;
      this.know(undefined);
      this.unseen = this.unseenFlagWrites(block);
      this.instructions = block;
      block.forEach((ins, i) => {
        const last = i === block.length - 1;
        const next = (ins.eip + ins.length) >>> 0;
        this.current = i;
        const dynamicNext = this.lock ? this.lockstepInstruction(ins, i, next, this.lock) : this.instruction(ins, i, next);
        if (!last) {
          if (this.mayStop) {
            c.const(this.f.stopAddress).mem(Op.i32Load, 0).if();
            this.exit(() => c.const(next), i + 1);
            c.op(Op.end);
          }
          return;
        }
        const cycles = block.length;
        // The last instruction may have asked to stop (an ECC event, a store into a code frame): no chaining then.
        if (this.mayStop) {
          if (!dynamicNext) c.const(next).set(NEXT);
          c.const(this.f.stopAddress).mem(Op.i32Load, 0).if();
          this.exit(() => c.get(NEXT), cycles);
          c.op(Op.end);
        }
        this.chainOrExit(ins, next, dynamicNext, cycles, index, blocks);
      });
    });
    c.op(Op.end).op(Op.unreachable);
    c.op(Op.end);
    this.exitTail();
    // The registers the code turned out to use, loaded before it.
    const prologue = new Code();
    this.reloadRegisters(prologue);
    this.emptyPageSlots(prologue);
    if (this.holdsX87) writeNoRunPending(prologue, this.f);
    c.prepend(prologue);
    return c;
  }

  /** The block being written, and the br depth from its code to the dispatch loop. */
  private block = 0;
  private toLoop = 0;

  /** After a block's last instruction: go on in the region where its successor is a block of it, else leave. */
  private chainOrExit(ins: DecodedInstruction, next: number, dynamicNext: boolean, cycles: number, index: ReadonlyMap<number, number>,
    blocks: Region['blocks']): void {
    const c = this.c;
    const k = this.k;
    const to = (eip: number): void => {
      const j = index.get(eip);
      if (j !== undefined) this.chain(j, blocks[j]!.length, cycles);
      this.exit(() => c.const(eip), cycles);
    };
    if (isConditional(ins.kind, this.f)) {
      // T holds the condition; the two successors are static.
      c.get(T).if();
      this.nesting++;
      to(ins.target);
      this.nesting--;
      c.op(Op.else);
      this.nesting++;
      to(next);
      this.nesting--;
      c.op(Op.end).op(Op.unreachable);
      return;
    }
    if (ins.kind === k.DK_JMP || ins.kind === k.DK_CALL) { to(ins.target); return; }
    if (!dynamicNext) { to(next); return; }
    // A computed target (ret, an indirect jump, a form the core executed): the
    // dispatch loop looks NEXT up among the region's blocks (dispatchByEip).
    c.get(RAN).const(cycles).op(Op.i32Add).set(RAN);
    c.const(BY_EIP).set(ENTRY);
    c.op(Op.br).uleb(this.toLoop + this.nesting);
  }

  /**
   * At the top of the dispatch loop, when ENTRY is BY_EIP: the block of the
   * region NEXT names (a binary search over their first EIPs) becomes ENTRY
   * if the budget covers it; otherwise leave there. Written once per
   * function, for every computed jump of the region.
   */
  private dispatchByEip(blocks: Region['blocks']): void {
    const c = this.c;
    c.get(ENTRY).const(BY_EIP).op(Op.i32Eq).if();
    const found = c.depth;
    const search = (starts: readonly (readonly [number, number])[]): void => {
      if (starts.length <= 3) {
        for (const [eip, j] of starts) {
          c.get(NEXT).const(eip).op(Op.i32Eq).get(RAN).const(blocks[j]!.length).op(Op.i32Add).get(BUDGET).op(Op.i32LeU).op(Op.i32And).if();
          c.const(j).set(ENTRY).op(Op.br).uleb(c.depth - found);
          c.op(Op.end);
        }
        return;
      }
      const half = starts.length >> 1;
      c.get(NEXT).const(starts[half]![0]).op(Op.i32LtU).if();
      search(starts.slice(0, half));
      c.op(Op.else);
      search(starts.slice(half));
      c.op(Op.end);
    };
    search(blocks.map((b, j) => [b[0]!.eip, j] as const).sort((x, y) => x[0] - y[0]));
    this.exit(() => c.get(NEXT), 0);
    c.op(Op.end);
  }

  /**
   * Go on at block j (of length) if the budget covers it after this block's
   * cycles: a later block's code starts where its label ends, one br away;
   * an earlier one (a loop) is reached through the dispatch loop.
   */
  private chain(j: number, length: number, cycles: number): void {
    const c = this.c;
    c.get(RAN).const(cycles + length).op(Op.i32Add).get(BUDGET).op(Op.i32LeU).if();
    c.get(RAN).const(cycles).op(Op.i32Add).set(RAN);
    if (j > this.block) {
      c.op(Op.br).uleb(j - this.block - 1 + this.nesting + 1);
    } else {
      c.const(j).set(ENTRY);
      c.op(Op.br).uleb(this.toLoop + this.nesting + 1);
    }
    c.op(Op.end);
  }

  private mayStop = false;
  /** Whether an x87 form was written: the exit tail writes back a run left in the middle (writePendingRun). */
  private holdsX87 = false;
  /** The block being written (its instructions), if any: an x87 form looks at its neighbours. */
  private instructions: readonly DecodedInstruction[] = [];
  /** The block's flag writes nothing sees (unseenFlagWrites). */
  private unseen: ReturnType<BlockWriter['unseenFlagWrites']> = { records: new Set(), rotates: new Set() };
  private current = 0;

  /**
   * Register-only forms this compiler writes out that read no flag and write
   * the record's op, result and operands (not its aux), and cannot leave the
   * block before.
   */
  private isRegisterAlu(ins: DecodedInstruction): boolean {
    const k = this.k;
    if (byKind(this.f, REGISTER_ALU).has(ins.kind)) return true;
    if ((ins.kind === k.DK_ALU_RR || ins.kind === k.DK_ALU_RI) && FLAGLESS_ALU.has(ins.aux)) return true;
    return rewritesFlagRecord(ins, k);
  }

  /**
   * The instruction after i that `passes` does not let through (undefined:
   * the block ends first): what sees, or rewrites, what instruction i left.
   */
  private firstAfter(block: readonly DecodedInstruction[], i: number, passes: (ins: DecodedInstruction) => boolean): DecodedInstruction | undefined {
    for (let j = i + 1; j < block.length; j++) if (!passes(block[j]!)) return block[j];
    return undefined;
  }

  /**
   * The flag writes of a block that nothing sees (a lockstep block, which may
   * leave before any instruction, has none: every record is written).
   *
   * records: a record is dead when a later register-only ALU op of the same
   * pass rewrites it and only register moves (which cannot leave the block
   * or read flags) come between: no exit, jitFast or jcc can see it. Register
   * rotates may come between too when the record's instruction is itself a
   * register-only ALU op or a rotate: a rotate folds the flags it keeps from
   * that instruction's operands in locals (or from EFLAGS, after a rotate),
   * never from the record. (After a shift by CL, say, it would ask the core,
   * which reads the record.) (A record with an aux is always written: lazy().)
   *
   * rotates: a rotate of a register whose flags nothing sees, not even as the
   * bytes of the replica block (a campaign compares those): a later rotate of
   * the same pass rewrites EFLAGS and the record's op, and only register
   * moves and register-only ALU ops come between. That rotate's flags are
   * those of the last record (or EFLAGS) folded, with its own CF and OF: this
   * one's CF and OF are replaced and the folding changes nothing else, so
   * this one writes only its result.
   */
  private unseenFlagWrites(block: readonly DecodedInstruction[]): { readonly records: Set<number>; readonly rotates: Set<number> } {
    const records = new Set<number>();
    const rotates = new Set<number>();
    if (this.lock) return { records, rotates };
    const quiet = byKind(this.f, quietNames());
    const rotate = (ins: DecodedInstruction): boolean => isRegisterRotate(ins, this.k);
    block.forEach((ins, i) => {
      const rotatesPass = this.isRegisterAlu(ins) || rotate(ins);
      const rewriter = this.firstAfter(block, i, (next) => quiet.has(next.kind) || (rotatesPass && rotate(next)));
      if (rewriter !== undefined && this.isRegisterAlu(rewriter)) records.add(i);
      if (!rotate(ins)) return;
      const folder = this.firstAfter(block, i, (next) => quiet.has(next.kind) || this.isRegisterAlu(next));
      if (folder !== undefined && rotate(folder)) rotates.add(i);
    });
    return { records, rotates };
  }

  /** Whether a later register-only ALU op rewrites the record the instruction being written leaves, before anything reads it. */
  get recordDead(): boolean { return this.unseen.records.has(this.current); }

  /** Whether the instruction being written is a rotate whose flags nothing sees. */
  get rotateUnseen(): boolean { return this.unseen.rotates.has(this.current); }

  get lockstep(): boolean { return this.lock !== undefined; }

  /** Registers in locals back to the replica block (before a call to jitFast, and on leaving). */
  private storeRegisters(): void {
    for (const r of this.written) this.c.get(BLK).get(GPR + r).mem(Op.i32Store, r * 4);
  }

  /** Registers into locals (after jitFast may have changed them). */
  private reloadRegisters(into: Code = this.c): void {
    for (const r of this.used) into.get(BLK).mem(Op.i32Load, r * 4).set(GPR + r);
  }

  /** Every register in a local, loaded at entry and stored back on leaving (around a call to jitFast). */
  private keepAllRegisters(): void {
    for (let r = 0; r < 8; r++) {
      this.used.add(r);
      this.written.add(r);
    }
  }

  /** c.depth inside the exit tail's label. */
  private exitDepth = 0;

  /** Leave with EIP eip() after cycles of this pass: through the exit tail. */
  exit(eip: () => void, cycles: number): void {
    eip();
    this.c.set(XE).const(cycles).set(XC).op(Op.br).uleb(this.c.depth - this.exitDepth);
  }

  /**
   * Store the registers and EIP (XE) and return the cycles run: this pass's
   * (XC) and the earlier passes'. A lockstep block stores them into every
   * replica's block, with the flag fields its instructions committed into
   * the reference's.
   */
  private exitTail(): void {
    const c = this.c;
    if (this.holdsX87) writePendingRun(c, this.f, this.lock);
    const blocks = this.lock ? this.lock.replicas.map((r) => r.block) : undefined;
    if (blocks === undefined) {
      this.storeRegisters();
      c.get(BLK).get(XE).mem(Op.i32Store, this.f.rEip);
    } else {
      for (const block of blocks) {
        for (const r of this.written) c.const(block).get(GPR + r).mem(Op.i32Store, r * 4);
        c.const(block).get(XE).mem(Op.i32Store, this.f.rEip);
      }
      for (const block of blocks.slice(1)) {
        for (const offset of this.fieldOffsets) c.const(block).get(BLK).mem(Op.i32Load, offset).mem(Op.i32Store, offset);
      }
    }
    if (blocks === undefined) {
      // Left before an access whose page (PTE, its entry) is ECC-slow: JIT_STOP says so (leaveBefore).
      c.const(this.f.stopAddress).const(this.f.stopAddress).mem(Op.i32Load, 0)
        .get(XC).const(LEFT_AT_ACCESS).op(Op.i32GeU).get(PTE).get(SLOW).op(Op.i32And).const(0).op(Op.i32Ne).op(Op.i32And)
        .const(Math.log2(STOP_SLOW_PAGE)).op(Op.i32Shl).op(Op.i32Or).mem(Op.i32Store, 0);
      c.get(XC).const(LEFT_AT_ACCESS - 1).op(Op.i32And).set(XC);
    }
    c.get(RAN).get(XC).op(Op.i32Add);
  }

  /** The replica-block fields compiled code writes besides the registers and EIP (FIELD + i holds field i in a lockstep block). */
  private get fieldOffsets(): readonly number[] {
    return (this.fields ??= [this.f.rLazyOp, this.f.rLazyRes, this.f.rLazyDst, this.f.rLazySrc, this.f.rLazyAux, this.f.rEflags]);
  }
  private fields: readonly number[] | undefined;

  /** After a checked access: leave if it faulted (EIP on the instruction, its cycle counted). */
  private exitIfFaulted(ins: DecodedInstruction, i: number): void {
    this.c.const(this.f.stopAddress).mem(Op.i32Load, 0).const(STOP_FAULTED).op(Op.i32And).if();
    this.exit(() => this.c.const(ins.eip), i + 1);
    this.c.op(Op.end);
    this.mayStop = true;
  }

  /** A general register (offset in the replica block, a multiple of 4 below GPR_END). */
  reg(offset: number): void {
    if (offset >= GPR_END || (offset & 3) !== 0) throw new Error(`translator: no general register at offset ${offset}`);
    this.used.add(offset >> 2);
    this.c.get(GPR + (offset >> 2));
  }
  setReg(offset: number, value: () => void): void {
    if (offset >= GPR_END || (offset & 3) !== 0) throw new Error(`translator: no general register at offset ${offset}`);
    this.used.add(offset >> 2);
    this.written.add(offset >> 2);
    value();
    this.c.set(GPR + (offset >> 2));
  }
  /**
   * A byte register (its offset as dcache.ts gives it: al..bl at 0, 4, 8, 12,
   * ah..bh one byte up), zero-extended.
   */
  reg8(offset: number): void {
    const shift = (offset & 3) * 8;
    this.reg(offset & ~3);
    if (shift !== 0) this.c.const(shift).op(Op.i32ShrU);
    this.c.const(0xff).op(Op.i32And);
  }
  /** Write the low byte of value() into a byte register, keeping the register's other bytes. */
  setReg8(offset: number, value: () => void): void {
    const shift = (offset & 3) * 8;
    this.setReg(offset & ~3, () => {
      this.reg(offset & ~3);
      this.c.const(~(0xff << shift)).op(Op.i32And);
      value();
      this.c.const(0xff).op(Op.i32And);
      if (shift !== 0) this.c.const(shift).op(Op.i32Shl);
      this.c.op(Op.i32Or);
    });
  }

  /** A field of the replica block other than the general registers (the lazy-flag record). */
  setField(offset: number, value: () => void): void {
    if (this.lock) {
      // Deferred to the instruction's commit, once every replica agreed.
      const field = this.fieldOffsets.indexOf(offset);
      if (field < 0) throw new Error(`translator: no lockstep field at offset ${offset}`);
      value();
      this.c.set(FIELD + field);
      this.fieldsWritten.add(field);
      // Written only on some paths (a shift by CL, by zero on the others): the others keep the field as it stands.
      if (this.c.depth > this.instructionDepth) this.conditionalFields = true;
      return;
    }
    this.c.get(BLK); value(); this.c.mem(Op.i32Store, offset);
  }
  /** A field of the replica block (EFLAGS). */
  field(offset: number): void { this.c.get(BLK).mem(Op.i32Load, offset); }

  /** The entry's memory operand into VA. */
  address(ins: DecodedInstruction): void {
    // No zero displacement is added to a register (fewer bytes to compile).
    let terms = 0;
    if (ins.disp !== 0 || (!ins.hasBase && !ins.hasIndex)) { this.c.const(ins.disp); terms++; }
    if (ins.hasBase) { this.reg(ins.base); if (terms++ > 0) this.c.op(Op.i32Add); }
    if (ins.hasIndex) {
      this.reg(ins.index);
      if (ins.scale !== 0) this.c.const(ins.scale).op(Op.i32Shl);
      if (terms++ > 0) this.c.op(Op.i32Add);
    }
    this.c.set(VA);
    this.addressedBy(ins.hasBase ? ins.base : ins.hasIndex ? ins.index : undefined);
  }

  // ---- The page cache --------------------------------------------------------
  // A simplex function keeps, per register an address is based on (or
  // indexed by, or none), the last page a load through it passed the inline
  // test in, and the same for stores: the next access inside that page goes
  // straight to memory. Nothing the inline test looks at can change while
  // the function runs without stopping it first: page tables and ECC state
  // change only in the host, between calls; a frame becomes a code frame
  // only when the core decodes in it, which compiled code never makes it do
  // outside its own code pages; the dirty map is cleared only by the host.
  // A store that fills a slot marks its frame dirty, so later hits need not.
  // Slots start empty at every call: the host may change any of that between
  // two. Which slot an access uses changes only how often it hits.

  /** The register VA was computed from (offset in the replica block; undefined: an absolute address). */
  addressedBy(offset: number | undefined): void { this.vaSlot = offset === undefined ? 8 : offset >> 2; }
  private vaSlot = 8;
  private readonly pageSlots = new Set<number>();

  /** The slot of VA's register for loads or stores. */
  private pageSlot(store: boolean): number {
    const slot = this.vaSlot * 2 + (store ? 1 : 0);
    this.pageSlots.add(slot);
    return slot;
  }

  /** Whether `bytes` at VA lie inside the page slot holds (1 or 0). */
  private inCachedPage(slot: number, bytes: 1 | 2 | 4): void {
    this.c.get(VA).op(Op.i64ExtendI32U).get(PAGE_TAG + slot).op(Op.i64Sub).const64(0x1000 - bytes).op(Op.i64LeU);
  }

  /** The host address of VA in the page slot holds. */
  private cachedHostAddress(slot: number): void { this.c.get(VA).get(PAGE_DELTA + slot).op(Op.i32Add); }

  /**
   * On a miss: the inline test for an access of `bytes` at VA (loadsInline,
   * storesInline: inside one page, present, no ECC decoding; a store's page
   * writable and holding no decoded code, its frame then marked dirty); when
   * it passes, slot holds VA's page from now on, and the code in the if runs
   * (the access). The caller writes the else, for an access the test refuses
   * (the core's checked access, or leaveBefore), and the end.
   */
  private fillPage(slot: number, bytes: 1 | 2 | 4, store: boolean): void {
    const c = this.c;
    if (store) this.storesInline(bytes); else this.loadsInline(bytes);
    c.if();
    if (store) this.markDirty();
    c.get(VA).const(~0xfff).op(Op.i32And).op(Op.i64ExtendI32U).set(PAGE_TAG + slot);
    this.hostAddress();
    c.get(VA).op(Op.i32Sub).set(PAGE_DELTA + slot);
  }

  /**
   * An access the inline test refused (a fault, a page crossing, an
   * ECC-slow page, a store into code). A call to the core's checked access
   * here would keep every local live across a call, which V8's register
   * allocator splits around each one: with such a call at each access, its
   * optimising compiler used 1.44 times the memory on mixed's regions (22.1
   * MB against 15.3) and 1.50 times on sha256's. So the block leaves before
   * the instruction, which has changed nothing yet (every form makes its
   * accesses before it writes a register or the flag record), and the
   * interpreter runs it the checked way. Leaving at an ECC-slow page also
   * tells the core (STOP_SLOW_PAGE, set in the exit tail), which from then
   * on asks for blocks compiled with checkedAccesses (CHECKED_SHAPE): such a
   * page may stay slow (a stuck cell), and every access to it
   * would leave.
   */
  private leaveBefore(ins: DecodedInstruction, i: number): void {
    this.exit(() => this.c.const(ins.eip), i + LEFT_AT_ACCESS);
  }

  /** Every slot the code uses empty (in the prologue). */
  private emptyPageSlots(into: Code): void {
    for (const slot of this.pageSlots) into.const64(NO_PAGE).set(PAGE_TAG + slot);
  }

  private pageEntry(): void {
    this.c.get(VA).const(12).op(Op.i32ShrU).const(2).op(Op.i32Shl).mem(Op.i32Load, this.f.pageTable).set(PTE);
  }

  /** Whether the access of `bytes` at VA stays inside its page (a byte always does: nothing pushed then). */
  private inPage(bytes: 1 | 2 | 4 | 8): boolean {
    if (bytes === 1) return false;
    this.c.get(VA).const(0xfff).op(Op.i32And).const(0x1000 - bytes).op(Op.i32LeU);
    return true;
  }

  /** The host address of VA in its (present) page. */
  hostAddress(memb?: number): void {
    if (memb !== undefined) this.c.const(memb); else this.c.get(MEMB);
    this.c.get(PTE).const(this.f.pteFrameMask).op(Op.i32And).op(Op.i32Add).get(VA).const(0xfff).op(Op.i32And).op(Op.i32Add);
  }

  /**
   * A load of `bytes` at VA, zero-extended into V: the MMU's inline test
   * (inside one page, present, no ECC decoding: fast.ts's load32, mmu.ts's
   * load8/load16), else the core's checked load.
   */
  load(ins: DecodedInstruction, i: number, bytes: 1 | 2 | 4 = 4): void {
    const c = this.c;
    if (this.lock) { this.lockstepLoad(bytes); return; }
    const slot = this.pageSlot(false);
    this.inCachedPage(slot, bytes);
    c.if();
    this.cachedHostAddress(slot);
    c.mem(loadOf(bytes), 0).set(V);
    c.op(Op.else);
    this.fillPage(slot, bytes, false);
    this.cachedHostAddress(slot);
    c.mem(loadOf(bytes), 0).set(V);
    c.op(Op.else);
    if (this.checkedAccesses) {
      c.get(VA).call(bytes === 1 ? IMPORT_LOAD8 : bytes === 2 ? IMPORT_LOAD16 : IMPORT_LOAD32).set(V);
      this.exitIfFaulted(ins, i);
    } else {
      this.leaveBefore(ins, i);
    }
    c.op(Op.end);
    c.op(Op.end);
  }

  /** Whether a load of `bytes` at VA passes the inline test (1 or 0): inside one page, present, no ECC decoding; PTE set. */
  loadsInline(bytes: 1 | 2 | 4 | 8): void {
    const c = this.c;
    this.pageEntry();
    const tested = this.inPage(bytes);
    c.get(PTE).const(this.f.ptePresent).get(SLOW).op(Op.i32Or).op(Op.i32And).const(this.f.ptePresent).op(Op.i32Eq);
    if (tested) c.op(Op.i32And);
  }

  /** The load at VA (PTE its page's entry) into V, from the chassis memory at memb (a lockstep replica's). */
  private inlineLoad(bytes: 1 | 2 | 4, memb: number): void {
    this.hostAddress(memb);
    this.c.mem(loadOf(bytes), 0).set(V);
  }
  private load32(ins: DecodedInstruction, i: number): void { this.load(ins, i, 4); }

  /**
   * A store of `bytes` (1 or 4) of V at VA: fast.ts's store32 and mmu.ts's
   * store8 (stores are never logged or buffered while blocks run), with the
   * code-frame check, and the frame marked in the dirty map whether or not
   * one is kept (the map is cleared when tracking starts, and ignored while
   * it is off); else the core's checked store.
   */
  store(ins: DecodedInstruction, i: number, bytes: 1 | 4 = 4): void {
    const c = this.c;
    if (this.lock) {
      // Deferred: compared with the other replicas' and committed after them.
      if (c.depth > this.instructionDepth) throw new Error('translator: a lockstep store must not depend on a branch');
      c.get(VA).set(SA).get(V).set(SV);
      this.storeBytes = bytes;
      return;
    }
    const slot = this.pageSlot(true);
    this.inCachedPage(slot, bytes);
    c.if();
    this.cachedHostAddress(slot);
    c.get(V).mem(storeOf(bytes), 0);
    c.op(Op.else);
    this.fillPage(slot, bytes, true);
    this.cachedHostAddress(slot);
    c.get(V).mem(storeOf(bytes), 0);
    c.op(Op.else);
    if (this.checkedAccesses) {
      c.get(VA).get(V).call(bytes === 1 ? IMPORT_STORE8 : IMPORT_STORE32);
      this.exitIfFaulted(ins, i);
    } else {
      this.leaveBefore(ins, i);
    }
    c.op(Op.end);
    c.op(Op.end);
  }

  /**
   * Whether a store of `bytes` at VA passes the inline test (1 or 0): inside
   * one page, present, writable, no ECC decoding, no decoded code in the
   * frame; PTE set.
   */
  storesInline(bytes: 1 | 2 | 4 | 8): void {
    const c = this.c;
    const present = this.f.ptePresent | this.f.pteWritable;
    this.pageEntry();
    const tested = this.inPage(bytes);
    c.get(PTE).const(present).get(SLOW).op(Op.i32Or).op(Op.i32And).const(present).op(Op.i32Eq);
    if (tested) c.op(Op.i32And);
    c.if(I32);
    c.get(PTE).const(12).op(Op.i32ShrU).mem(Op.i32Load8u, this.f.codeMap).op(Op.i32Eqz);
    c.op(Op.else).const(0).op(Op.end);
  }

  /** V stored at VA (PTE its page's entry) into the chassis memory at memb (a lockstep replica's). */
  private inlineStore(bytes: 1 | 4, memb: number): void {
    this.hostAddress(memb);
    this.c.get(V).mem(storeOf(bytes), 0);
  }

  /** VA's frame marked in the dirty map. */
  markDirty(): void {
    this.c.get(PTE).const(this.f.pteFrameMask).op(Op.i32And).const(12).op(Op.i32ShrU).const(1).mem(Op.i32Store8, this.f.dirtyMap);
  }
  private store32(ins: DecodedInstruction, i: number): void { this.store(ins, i, 4); }

  /**
   * The lazy-flag record from FR, FD, FS (and, where the operation has one,
   * its aux from CY), as setLazy/setLazyAux store it. A record without aux
   * that a later instruction rewrites before anything reads it is left out.
   */
  lazy(kind: number, size = 32, withAux = false): void {
    if (withAux) this.setField(this.f.rLazyAux, () => this.c.get(CY));
    else if (this.recordDead) return;
    this.setField(this.f.rLazyOp, () => this.c.const(kind | (size << 8)));
    this.setField(this.f.rLazyRes, () => this.c.get(FR));
    this.setField(this.f.rLazyDst, () => this.c.get(FD));
    this.setField(this.f.rLazySrc, () => this.c.get(FS));
  }

  /**
   * dst() op src() into FR, with the operands in FD and FS and the record, as
   * alu() does (size 8: the operands are bytes, the result is masked). adc
   * and sbb take the carry into CY first, while the flags known are still
   * those of the last producer. beforeRecord, if any, runs between the
   * result and the record (a store that may fault must come first).
   */
  operate(op: number, size: 8 | 32, dst: () => void, src: () => void, beforeRecord?: () => void): void {
    const c = this.c;
    if (op === ALU_ADC || op === ALU_SBB) { this.carry(); c.set(CY); }
    src();
    c.set(FS);
    dst();
    c.set(FD);
    c.get(FD).get(FS);
    const [wasmOp, flagKind, known] = op === ALU_ADD ? [Op.i32Add, FL_ADD, 'add' as const]
      : op === ALU_OR ? [Op.i32Or, FL_LOGIC, 'logic' as const]
      : op === ALU_ADC ? [Op.i32Add, FL_ADC, 'adc' as const]
      : op === ALU_SBB ? [Op.i32Sub, FL_SBB, 'sbb' as const]
      : op === ALU_AND ? [Op.i32And, FL_LOGIC, 'logic' as const]
      : op === ALU_XOR ? [Op.i32Xor, FL_LOGIC, 'logic' as const]
      : [Op.i32Sub, FL_SUB, 'sub' as const];
    c.op(wasmOp);
    if (op === ALU_ADC || op === ALU_SBB) c.get(CY).op(wasmOp);
    if (size === 8) c.const(0xff).op(Op.i32And);
    c.set(FR);
    beforeRecord?.();
    this.lazy(flagKind, size, op === ALU_ADC || op === ALU_SBB);
    this.know(known, size);
  }

  /** Register a op src(), as alu() does at 32 bits; the result written back unless it is a compare. */
  private alu(op: number, a: number, write: boolean, src: () => void): void {
    this.operate(op, 32, () => this.reg(a), src);
    if (write) this.setReg(a, () => this.c.get(FR));
  }

  push(ins: DecodedInstruction, i: number, value: () => void): void {
    value();
    this.c.set(V);
    this.reg(ESP_OFFSET);
    this.c.const(4).op(Op.i32Sub).tee(SP).set(VA);
    this.addressedBy(ESP_OFFSET);
    this.store32(ins, i);
    this.setReg(ESP_OFFSET, () => this.c.get(SP));
  }

  /** Pop into V (ESP moves only once the load did not fault). */
  private pop(ins: DecodedInstruction, i: number, extra: number): void {
    this.reg(ESP_OFFSET);
    this.c.tee(SP).set(VA);
    this.addressedBy(ESP_OFFSET);
    this.load32(ins, i);
    this.setReg(ESP_OFFSET, () => this.c.get(SP).const(4 + extra).op(Op.i32Add));
  }

  /** What produced the flags now (see KnownFlags), at which size. */
  know(kind: KnownFlags, bits: 8 | 32 = 32): void {
    this.flags = kind;
    this.flagBits = bits;
  }

  /** SF (0 or 1) of the known producer's result. */
  sign(): void { this.c.get(FR).const(this.flagBits - 1).op(Op.i32ShrU); }

  /** OF (0 or 1) of the known 32-bit producer, or false if it is not known here. */
  private overflow(): boolean {
    const c = this.c;
    switch (this.flags) {
      case 'add': case 'adc': c.get(FD).get(FR).op(Op.i32Xor).get(FS).get(FR).op(Op.i32Xor).op(Op.i32And); break;
      case 'sub': case 'sbb': c.get(FD).get(FS).op(Op.i32Xor).get(FD).get(FR).op(Op.i32Xor).op(Op.i32And); break;
      case 'logic': c.const(0); return true;
      case 'inc': case 'neg': c.get(FR).const(0x80000000).op(Op.i32Eq); return true;
      case 'dec': c.get(FR).const(0x7fffffff).op(Op.i32Eq); return true;
      case 'mul': c.get(CY).const(0).op(Op.i32Ne); return true;
      default: return false;
    }
    c.const(31).op(Op.i32ShrU);
    return true;
  }

  /** CF (0 or 1) as the flags stand: from the known producer's operands, else the core's. */
  carry(): void {
    const c = this.c;
    switch (this.flags) {
      case 'add': c.get(FR).get(FD).op(Op.i32LtU); return;
      case 'sub': c.get(FD).get(FS).op(Op.i32LtU); return;
      case 'logic': c.const(0); return;
      case 'inc': case 'dec': c.get(CY); return;
      case 'adc': c.get(FR).get(FD).op(Op.i32LeU).get(FR).get(FD).op(Op.i32LtU).get(CY).op(Op.select); return;
      case 'sbb': c.get(FD).get(FS).op(Op.i32LeU).get(FD).get(FS).op(Op.i32LtU).get(CY).op(Op.select); return;
      case 'neg': c.get(FS).const(0).op(Op.i32Ne); return;
      case 'mul': c.get(CY).const(0).op(Op.i32Ne); return;
      case 'eflags': this.field(this.f.rEflags); c.const(CF).op(Op.i32And); return;
      default: c.call(IMPORT_CARRY);
    }
  }

  /** cc's condition (0 or 1): from the known producer when it can be, else the core's. */
  condition(cc: number): void {
    if (!this.inlineCondition(cc)) this.c.const(cc).call(IMPORT_CONDITION);
  }

  /** cc's condition from the known flag producer's operands and result, or false if that needs the flags themselves. */
  private inlineCondition(cc: number): boolean {
    const c = this.c;
    const kind = this.flags;
    if (kind === undefined || kind === 'eflags') return false;
    const wide = this.flagBits === 32;
    if (wide && kind === 'sub') {
      const ops: Record<number, number> = { 2: Op.i32LtU, 3: Op.i32GeU, 4: Op.i32Eq, 5: Op.i32Ne, 6: Op.i32LeU, 7: Op.i32GtU, 12: Op.i32LtS, 13: Op.i32GeS, 14: Op.i32LeS, 15: Op.i32GtS };
      if (ops[cc] !== undefined) { c.get(FD).get(FS).op(ops[cc]!); return true; }
    }
    if (wide && kind === 'logic') {
      // CF = OF = 0: below never, above-or-equal always, less = sign.
      const ops: Record<number, number> = { 12: Op.i32LtS, 13: Op.i32GeS, 14: Op.i32LeS, 15: Op.i32GtS };
      if (ops[cc] !== undefined) { c.get(FR).const(0).op(ops[cc]!); return true; }
    }
    // ZF and SF from the result, CF as carry() has it, OF as overflow() has it.
    if (cc === 4 || cc === 5) { c.get(FR).const(0).op(cc === 4 ? Op.i32Eq : Op.i32Ne); return true; }
    if (cc === 8 || cc === 9) { this.sign(); if (cc === 9) c.op(Op.i32Eqz); return true; }
    if (kind === 'result') return false;
    if (cc === 2 || cc === 3) { this.carry(); if (cc === 3) c.op(Op.i32Eqz); return true; }
    if (cc === 6 || cc === 7) { this.carry(); c.get(FR).op(Op.i32Eqz).op(Op.i32Or); if (cc === 7) c.op(Op.i32Eqz); return true; }
    if (!wide) return false;
    if (cc === 0 || cc === 1) { this.overflow(); if (cc === 1) c.op(Op.i32Eqz); return true; }
    if (cc >= 12) {
      // less: SF != OF; less or equal: that or ZF.
      this.sign();
      this.overflow();
      c.op(Op.i32Ne);
      if (cc >= 14) c.get(FR).op(Op.i32Eqz).op(Op.i32Or);
      if ((cc & 1) !== 0) c.op(Op.i32Eqz);
      return true;
    }
    return false;
  }

  // ---- Lockstep ---------------------------------------------------------------
  // A lockstep block runs every instruction on each online replica in turn,
  // from the state they agreed on after the last one (the state locals, the
  // reference's flag fields): each replica reads its own chassis' memory,
  // and its outputs (the state locals it wrote, a jcc's condition, a computed
  // next EIP, its store's address and value, the flag fields) must equal the
  // first replica's. Then the instruction commits: its store into every
  // chassis' memory, its fields into the reference's block. Anything else
  // (replicas that disagree, an access the inline test refuses) restores the
  // state locals and leaves before the instruction, unexecuted: the core's
  // lockstep loop executes that cycle and its comparator decides.

  /** The chassis memory of the replica being written. */
  private replicaMemb = 0;
  /** c.depth inside the current instruction's failure label. */
  private failDepth = 0;
  /** The deferred store's size (0: none) and the fields written, by the replica being written. */
  private storeBytes: 0 | 1 | 4 = 0;
  private readonly fieldsWritten = new Set<number>();
  /** c.depth where the instruction's code starts, and whether it writes a field on some paths only. */
  private instructionDepth = 0;
  private conditionalFields = false;

  /** br to the instruction's failure label. */
  private fail(): void { this.c.op(Op.br).uleb(this.c.depth - this.failDepth); }

  /**
   * Loads the instruction makes, counted in its first writing; when it makes
   * one, the replicas after the first share the first one's inline test
   * (sharedLoadTest): the page table is the host's, one for every chassis,
   * VA is the same in every replica (their state locals are), so the test's
   * answer and PTE are too. Each replica still loads from its own chassis.
   */
  private loadsCounted = 0;
  private sharedLoadTest = false;

  /** A load of `bytes` at VA from the replica's chassis into V, inline or not at all. */
  private lockstepLoad(bytes: 1 | 2 | 4): void {
    const c = this.c;
    this.loadsCounted++;
    if (this.sharedLoadTest) { this.inlineLoad(bytes, this.replicaMemb); return; }
    this.loadsInline(bytes);
    c.if();
    this.inlineLoad(bytes, this.replicaMemb);
    c.op(Op.else);
    this.fail();
    c.op(Op.end);
  }

  /** Write ins for every replica, compare, commit; returns true when its next EIP is in NEXT. */
  private lockstepInstruction(ins: DecodedInstruction, i: number, next: number, lock: LockstepReplicas): boolean {
    if (isX87Form(ins.kind, this.f)) { this.x87Form(ins, i, lock); return false; }
    const { flags, flagBits } = this;
    // A first writing, thrown away, tells what the instruction writes.
    const real = this.c;
    this.c = new Code();
    this.fieldsWritten.clear();
    this.storeBytes = 0;
    this.instructionDepth = 0;
    this.conditionalFields = false;
    this.replicaMemb = lock.replicas[0]!.memb;
    this.loadsCounted = 0;
    const dynamicNext = this.instruction(ins, i, next);
    const oneLoad = this.loadsCounted === 1;
    const sets = this.c.sets;
    const fields = [...this.fieldsWritten];
    const stores = this.storeBytes;
    const conditionalFields = this.conditionalFields;
    this.c = real;
    const c = this.c;
    const saved = STATE_LOCALS.filter((l) => sets[l] === 1);
    const outputs = [...saved, ...(isConditional(ins.kind, this.f) ? [T] : []), ...(dynamicNext ? [NEXT] : []), ...(stores !== 0 ? [SA, SV] : []), ...fields.map((f) => FIELD + f)];
    const savedOf = (l: number): number => SAVED + STATE_LOCALS.indexOf(l);
    const outOf = (l: number): number => OUT + OUTPUT_LOCALS.indexOf(l);
    for (const l of saved) c.get(l).set(savedOf(l));
    c.op(Op.block).op(VOID);
    c.op(Op.block).op(VOID);
    this.failDepth = c.depth;
    this.instructionDepth = c.depth;
    lock.replicas.forEach(({ memb }, r) => {
      this.know(flags, flagBits);
      this.replicaMemb = memb;
      this.sharedLoadTest = r > 0 && oneLoad;
      if (conditionalFields) fields.forEach((f) => c.get(BLK).mem(Op.i32Load, this.fieldOffsets[f]!).set(FIELD + f));
      this.instruction(ins, i, next);
      if (r === 0) {
        for (const l of outputs) c.get(l).set(outOf(l));
      } else if (outputs.length > 0) {
        outputs.forEach((l, n) => {
          c.get(l).get(outOf(l)).op(Op.i32Ne);
          if (n > 0) c.op(Op.i32Or);
        });
        c.op(Op.brIf).uleb(c.depth - this.failDepth);
      }
      if (r < lock.replicas.length - 1) for (const l of saved) c.get(savedOf(l)).set(l);
    });
    // Only the replicas' writings share the test.
    this.sharedLoadTest = false;
    if (stores !== 0) this.commitStore(stores, lock);
    fields.forEach((f) => c.get(BLK).get(FIELD + f).mem(Op.i32Store, this.fieldOffsets[f]!));
    c.op(Op.br).uleb(1);
    c.op(Op.end);
    // The replicas disagree, or an access needs the core: the interpreter's cycle.
    for (const l of saved) c.get(savedOf(l)).set(l);
    this.exit(() => c.const(ins.eip), i);
    c.op(Op.end);
    return dynamicNext;
  }

  /**
   * The agreed store (SA, SV) into every chassis' memory when fast.ts's inline
   * test passes there (the page table is shared; SLOW has every online
   * chassis' ECC bit) and the frame holds no decoded code; else fail.
   */
  private commitStore(bytes: 1 | 4, lock: LockstepReplicas): void {
    const c = this.c;
    c.get(SA).set(VA).get(SV).set(V);
    this.storesInline(bytes);
    c.op(Op.i32Eqz).op(Op.brIf).uleb(c.depth - this.failDepth);
    for (const memb of new Set(lock.replicas.map((r) => r.memb))) this.inlineStore(bytes, memb);
    this.markDirty();
  }

  /** An x87 form (x87-forms.ts), in a run with the forms next to it in the block; for every replica given lock. */
  private x87Form(ins: DecodedInstruction, i: number, lock?: LockstepReplicas): void {
    this.holdsX87 = true;
    const before = this.instructions[i - 1];
    const after = this.instructions[i + 1];
    const runFrom = before !== undefined && isX87Form(before.kind, this.f) ? before.eip : undefined;
    writeX87Form(this, ins, i, runFrom, after === undefined || !isX87Form(after.kind, this.f), lock);
  }

  /** Write one instruction; returns true when its next EIP is in NEXT (control transfers, jitFast). */
  private instruction(ins: DecodedInstruction, i: number, next: number): boolean {
    const c = this.c;
    const k = this.k;
    this.mayStop = false;
    switch (ins.kind) {
      case k.DK_MOV_RR: this.setReg(ins.a, () => this.reg(ins.b)); return false;
      case k.DK_MOV_RI: this.setReg(ins.a, () => c.const(ins.imm)); return false;
      case k.DK_LEA: this.address(ins); this.setReg(ins.a, () => c.get(VA)); return false;
      case k.DK_MOV_RM: this.address(ins); this.load32(ins, i); this.setReg(ins.a, () => c.get(V)); return false;
      case k.DK_MOV_MR: this.address(ins); this.reg(ins.b); c.set(V); this.store32(ins, i); return false;
      case k.DK_MOV_MI: this.address(ins); c.const(ins.imm).set(V); this.store32(ins, i); return false;
      case k.DK_ADD_RR: case k.DK_SUB_RR: case k.DK_XOR_RR: case k.DK_AND_RR: case k.DK_OR_RR: case k.DK_CMP_RR: {
        const op = ins.kind === k.DK_ADD_RR ? ALU_ADD : ins.kind === k.DK_SUB_RR ? ALU_SUB : ins.kind === k.DK_XOR_RR ? ALU_XOR
          : ins.kind === k.DK_AND_RR ? ALU_AND : ins.kind === k.DK_OR_RR ? ALU_OR : ALU_CMP;
        this.alu(op, ins.a, op !== ALU_CMP, () => this.reg(ins.b));
        return false;
      }
      case k.DK_ADD_RI: case k.DK_SUB_RI: case k.DK_AND_RI: case k.DK_CMP_RI: {
        const op = ins.kind === k.DK_ADD_RI ? ALU_ADD : ins.kind === k.DK_SUB_RI ? ALU_SUB : ins.kind === k.DK_AND_RI ? ALU_AND : ALU_CMP;
        this.alu(op, ins.a, op !== ALU_CMP, () => c.const(ins.imm));
        return false;
      }
      case k.DK_ALU_RR: case k.DK_ALU_RI: case k.DK_ALU_RM:
        if (ins.kind === k.DK_ALU_RM) { this.address(ins); this.load32(ins, i); }
        this.alu(ins.aux, ins.a, ins.aux !== ALU_CMP, () => {
          if (ins.kind === k.DK_ALU_RR) this.reg(ins.b);
          else if (ins.kind === k.DK_ALU_RI) c.const(ins.imm);
          else c.get(V);
        });
        return false;
      case k.DK_TEST_RR: case k.DK_TEST_RI:
        this.alu(ALU_AND, ins.a, false, () => (ins.kind === k.DK_TEST_RR ? this.reg(ins.b) : c.const(ins.imm)));
        return false;
      case k.DK_PUSH_R: this.push(ins, i, () => this.reg(ins.a)); return false;
      case k.DK_PUSH_I: this.push(ins, i, () => c.const(ins.imm)); return false;
      case k.DK_POP_R: this.pop(ins, i, 0); this.setReg(ins.a, () => c.get(V)); return false;
      case k.DK_JMP: c.const(ins.target).set(NEXT); return true;
      case k.DK_CALL: this.push(ins, i, () => c.const(next)); c.const(ins.target).set(NEXT); return true;
      case k.DK_RET: this.pop(ins, i, 0); c.get(V).set(NEXT); return true;
      case k.DK_RET_I: this.pop(ins, i, ins.imm); c.get(V).set(NEXT); return true;
      case k.DK_JCC:
        // It ends its block: chainOrExit branches on the condition, left in T.
        this.condition(ins.aux);
        c.set(T);
        return false;
      default: {
        if (isX87Form(ins.kind, this.f)) {
          if (this.lock) throw new Error(`translator: a lockstep block writes the x87 form at ${ins.eip.toString(16)} for every replica (lockstepInstruction)`);
          this.x87Form(ins, i);
          return false;
        }
        const nextSet = writeInlineForm(this, ins, i, next);
        if (nextSet !== undefined) return nextSet;
        break;
      }
    }
    // Everything else: the core executes it from its cache entry, on the registers in the replica block.
    this.calledFast = true;
    if (this.lock) throw new Error(`translator: a lockstep block cannot hold the instruction at ${ins.eip.toString(16)}`);
    this.keepAllRegisters();
    this.storeRegisters();
    c.get(BLK).const(ins.eip).call(IMPORT_FAST).set(NEXT);
    this.reloadRegisters();
    c.const(this.f.stopAddress).mem(Op.i32Load, 0).tee(T).if(VOID);
    c.get(T).const(STOP_NOT_RUN).op(Op.i32And).if();
    this.exit(() => c.const(ins.eip), i);
    c.op(Op.end);
    this.exit(() => c.get(NEXT), i + 1);
    c.op(Op.end);
    this.know(undefined);
    return true;
  }
}

function loadOf(bytes: 1 | 2 | 4): number { return bytes === 1 ? Op.i32Load8u : bytes === 2 ? Op.i32Load16u : Op.i32Load; }
function storeOf(bytes: 1 | 4): number { return bytes === 1 ? Op.i32Store8 : Op.i32Store; }
