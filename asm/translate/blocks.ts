// Compiled guest blocks: the core's side of the translator (the host side,
// which turns a block into a WebAssembly function, is src/translate/).
//
// A block is a run of instructions the decoded-instruction cache puts on the
// fast path, inside one page, ending at the first control transfer or before
// the first instruction that is not such a form. Its function executes them
// with exactly the effects fast.ts gives each one, one cycle per instruction,
// and is entered only when the whole block fits the cycle budget, so a run
// still stops at the exact cycle asked for. It leaves early, after the
// instruction that caused it, on a fault, an ECC event or a write to a frame
// holding decoded code; a fault leaves EIP on the faulting instruction, as
// the fast path does. The host compiles a block together with the blocks of
// its page it reaches (a region): a block whose successor is one of them goes
// on there inside the function while the budget covers that whole block.
//
// Under lockstep (enterLockstepBlock) a block is compiled for the online
// replicas: it runs each instruction on every one of them and compares what
// they wrote before committing it (src/translate/README.md, Lockstep blocks).
//
// Blocks are found by EIP in a direct-mapped table of BT_ENTRIES entries,
// after the decoded-instruction caches (placed by configure). An entry is
// valid for a generation (bumped by flushTranslations: page-table, ECC-state
// or snapshot changes), a chassis and the version of its code frame (bumped
// when the core or the host writes that frame): invalidation is per frame.
// An entry with no function counts how often its EIP started a step; when
// the count reaches C_TRANSLATE (the hot count; 0 = translation off) the host
// is asked to compile it.
import { PAGE_TABLE_BASE, PTE_FRAME_MASK, PTE_PRESENT, PTE_ECC_SLOW, CONTROL_BASE, C_TRANSLATE, C_FORCE_SLOW, R_FPU } from "../layout";
import { MEMB, CHASSIS } from "../cpu/state";
import { FAULT, LOGGING, BUFFERING, load32, store32 } from "../memory/mmu";
import { ECC_PENDING } from "../memory/ecc";
import { condition } from "../cpu/flags";
import { GEN, CODE_MAP, DK_SLOW, E_KEY, E_KIND, fillEntry, entryFor, cacheOfChassis, codeWritten } from "../cpu/dcache";
import { execFast } from "../cpu/fast";
import { x87Ran, inPlace } from "../cpu/x87";
import { begin, commit, arithRegs, arithMem, loadMem, storeMem, loadReg, exchange, storeReg, unary, OP_ADD, OP_MUL, OP_DIV } from "../fpu/fast";

/**
 * The host compiles the region around eip's block (or finds it compiled);
 * returns (function index << 16) | (the block's index in it << 8) | its
 * instruction count, or 0 if nothing there compiles.
 */
@external("translate", "compileBlock")
declare function compileBlock(eip: u32, shape: u32): u32;

/**
 * What a block is compiled for: a replica alone (its chassis, below
 * LOCKSTEP_SHAPE), or every online replica in lockstep (LOCKSTEP_SHAPE | the
 * online mask): the host writes such a block to run each instruction on every
 * replica and compare what they wrote.
 */
export const LOCKSTEP_SHAPE: u32 = 0x100;
/**
 * A replica alone, whose blocks make an access the inline page test refuses
 * through the core's checked access and go on, rather than leave for the
 * interpreter before it (src/translate/block-compiler.ts leaveBefore): the
 * shape a simplex replica runs once a block has left at an ECC-slow page
 * (CHECKED_ACCESSES). Code without those calls costs V8 less to optimise,
 * but a page that stays slow (a stuck cell) would send each of its accesses
 * back to the interpreter.
 */
export const CHECKED_SHAPE: u32 = 0x200;

export const BT_ENTRIES: u32 = 8192;
const BT_ENTRY_SIZE: u32 = 32;
export const BT_BYTES: u32 = BT_ENTRIES * BT_ENTRY_SIZE;
// Entry fields.
const B_EIP: u32 = 0;
const B_GEN: u32 = 4;
const B_SHAPE: u32 = 8;    // what it is compiled for: a chassis, or LOCKSTEP_SHAPE | online mask
const B_FRAME: u32 = 12;    // code frame number
const B_VERSION: u32 = 16;  // its version when compiled (or first counted)
const B_FN: u32 = 20;       // function-table index, 0 = none
const B_LEN: u32 = 24;      // instructions, and (<< 8) the block's index in its function
const B_COUNT: u32 = 28;    // starts counted while not compiled

let BT: u32 = 0;
/** One u32 version per physical frame. */
let VERSIONS: u32 = 0;
let FRAMES: u32 = 0;
/** Generation of the block table; entries of older ones are stale. Starts at 1 so a zeroed entry never matches. */
let BGEN: u32 = 1;

// Why a block stopped early (JIT_STOP, read by the compiled code after each
// call into the core): bit 0 stop after this instruction, bit 1 it faulted
// (EIP stays on it), bit 2 it was not executed at all. Plus the statistics.
const SCRATCH: u32 = <u32>memory.data(32, 16);
const JIT_STOP: u32 = SCRATCH;
const JIT_CYCLES: u32 = SCRATCH + 8;   // u64 cycles run inside compiled blocks
const JIT_ENTRIES: u32 = SCRATCH + 16; // u64 calls into compiled blocks that ran a cycle
const STOP_AFTER: u32 = 1;
const STOP_FAULTED: u32 = 2;
const STOP_NOT_RUN: u32 = 4;
/** Set by compiled code leaving before an access whose page is ECC-slow: from then on this core compiles CHECKED_SHAPE blocks. */
const STOP_SLOW_PAGE: u32 = 8;
/** CHECKED_SHAPE once a block has left at an ECC-slow page (sticky until the next placeTranslation), else 0. */
let CHECKED_ACCESSES: u32 = 0;
const DECODE_ENTRY: u32 = <u32>memory.data(32, 32);

/** Bytes the block table and the frame versions need for chassis of memStride bytes. */
export function translationBytes(memStride: u32): u32 { return BT_BYTES + (memStride >> 12) * 4; }

/** Place the block table at base (zeroed by configure) and drop every block. */
export function placeTranslation(base: u32, memStride: u32): void {
  BT = base;
  VERSIONS = base + BT_BYTES;
  FRAMES = memStride >> 12;
  store<u64>(JIT_CYCLES, 0);
  store<u64>(JIT_ENTRIES, 0);
  CHECKED_ACCESSES = 0;
  flushBlocks();
}

/** Drop every compiled block (the page table, ECC state or a snapshot changed). */
export function flushBlocks(): void {
  BGEN++;
  if (BGEN == 0) { BGEN = 1; if (BT != 0) memory.fill(BT, 0, BT_BYTES); }
}

/** Frame was written while it may hold compiled code: its blocks are stale, and a running block stops after this instruction. */
export function frameWritten(frame: u32): void {
  if (frame >= FRAMES) return;
  const at = VERSIONS + (frame << 2);
  store<u32>(at, load<u32>(at) + 1);
  store<u32>(JIT_STOP, load<u32>(JIT_STOP) | STOP_AFTER);
}

/** The host wrote bytes [phys, phys + length) of some chassis: the frames' code is dropped as a store's would be (codeWritten). */
export function hostWrote(phys: u32, length: u32): void {
  if (length == 0) return;
  const last = (phys + length - 1) >>> 12;
  for (let f = phys >>> 12; f <= last && f < FRAMES; f++) codeWritten(f);
}

@inline function entryOf(eip: u32): u32 {
  return BT + (((eip ^ (eip >>> 13)) & (BT_ENTRIES - 1)) << 5);
}

/**
 * Whether run() should look for blocks: translation on, and stores need no
 * log or buffer. Compiled stores mark the dirty map, as every store does.
 */
@inline export function translating(): bool {
  return load<u32>(CONTROL_BASE + C_TRANSLATE) != 0 && !LOGGING && !BUFFERING && BT != 0;
}

/**
 * Whether a lockstep run should look for lockstep blocks: translation on.
 * Their stores are compared and committed by the block itself, never logged
 * or buffered.
 */
@inline export function translatingLockstep(): bool {
  return load<u32>(CONTROL_BASE + C_TRANSLATE) != 0 && BT != 0;
}

/**
 * Run the compiled block at eip on the replica block blk (= R) if there is
 * one and budget cycles cover it; count eip's heat otherwise. Returns the
 * cycles run (0: none, the interpreter executes eip). EIP is in blk's R_EIP
 * after a block ran; FAULT and ECC_PENDING tell why it stopped early.
 */
/** eip's code frame, or FRAMES when its page has none. */
@inline function codeFrame(eip: u32): u32 {
  const frame = (load<u32>(PAGE_TABLE_BASE + ((eip >>> 12) << 2)) & PTE_FRAME_MASK) >>> 12;
  return frame < FRAMES ? frame : FRAMES;
}

/** Whether entry b holds eip for this shape (a chassis, or lockstep replicas), compiled or counted from its frame's current bytes. */
@inline function entryCurrent(b: u32, eip: u32, frame: u32, version: u32, shape: u32): bool {
  return load<u32>(b + B_EIP) == eip && load<u32>(b + B_GEN) == BGEN && load<u32>(b + B_SHAPE) == shape &&
    load<u32>(b + B_FRAME) == frame && load<u32>(b + B_VERSION) == version;
}

export function enterBlock(blk: u32, eip: u32, budget: u32): u32 {
  return enterShaped(blk, eip, budget, CHASSIS | CHECKED_ACCESSES, PTE_ECC_SLOW << CHASSIS);
}

/**
 * Run the lockstep block at eip for the online replicas (mask online, the
 * reference replica's block ref selected), whose states agree: the caller
 * has compared them after a cycle of this run. Returns the cycles run (0:
 * none); the block leaves every replica's registers and EIP as they stand.
 * slow: the ECC-slow bits of every online chassis (an access to such a page
 * leaves the block for the interpreter).
 */
export function enterLockstepBlock(ref: u32, eip: u32, budget: u32, online: u32, slow: u32): u32 {
  return enterShaped(ref, eip, budget, LOCKSTEP_SHAPE | online, slow);
}

@inline function enterShaped(blk: u32, eip: u32, budget: u32, shape: u32, slow: u32): u32 {
  const b = entryOf(eip);
  const frame = codeFrame(eip);
  if (frame == FRAMES) return 0;
  const version = load<u32>(VERSIONS + (frame << 2));
  if (!entryCurrent(b, eip, frame, version, shape)) {
    store<u32>(b + B_EIP, eip);
    store<u32>(b + B_GEN, BGEN);
    store<u32>(b + B_SHAPE, shape);
    store<u32>(b + B_FRAME, frame);
    store<u32>(b + B_VERSION, version);
    store<u32>(b + B_FN, 0);
    store<u32>(b + B_COUNT, 0);
  }
  let fn = load<u32>(b + B_FN);
  if (fn == 0) {
    const count = load<u32>(b + B_COUNT) + 1;
    store<u32>(b + B_COUNT, count);
    if (count != load<u32>(CONTROL_BASE + C_TRANSLATE)) return 0;
    // A block that does not compile stays counted past the hot count: it is not asked for again.
    const made = compileBlock(eip, shape);
    if (made == 0) return 0;
    fn = made >>> 16;
    store<u32>(b + B_FN, fn);
    store<u32>(b + B_LEN, made & 0xffff);
  }
  const block = load<u32>(b + B_LEN);
  if ((block & 0xff) > budget) return 0;
  store<u32>(JIT_STOP, 0);
  const ran = call_indirect<u32>(fn, blk, MEMB, slow, budget, block >>> 8);
  if ((load<u32>(JIT_STOP) & STOP_SLOW_PAGE) != 0) CHECKED_ACCESSES = CHECKED_SHAPE;
  store<u64>(JIT_CYCLES, load<u64>(JIT_CYCLES) + <u64>ran);
  if (ran != 0) store<u64>(JIT_ENTRIES, load<u64>(JIT_ENTRIES) + 1);
  return ran;
}

// ---- What compiled code calls ------------------------------------------------
// Each sets JIT_STOP so that the block leaves at the right point.

@inline function noteStop(): void {
  if (FAULT != 0) store<u32>(JIT_STOP, load<u32>(JIT_STOP) | STOP_AFTER | STOP_FAULTED);
  else if (ECC_PENDING) store<u32>(JIT_STOP, load<u32>(JIT_STOP) | STOP_AFTER);
}

/** A 32-bit load off the inline fast path (the MMU's own checks: page crossing, ECC, faults). */
export function jitLoad32(va: u32): u32 {
  const v = load32(va);
  noteStop();
  return v;
}

/** A 32-bit store off the inline fast path. */
export function jitStore32(va: u32, v: u32): void {
  store32(va, v);
  noteStop();
}

/** cc's condition on the current replica's (lazy) flags. */
export function jitCondition(cc: u32): u32 { return condition(cc) ? 1 : 0; }

/** Execute the fast-path instruction at eip as the interpreter would; returns the next EIP (eip after a fault). */
export function jitFast(blk: u32, eip: u32): u32 {
  const cache = cacheOfChassis();
  const e = entryFor(cache, eip);
  if (load<u64>(e + E_KEY) != ((<u64>GEN << 32) | <u64>eip)) fillEntry(e, eip);
  if (load<u8>(e + E_KIND) == DK_SLOW) {
    store<u32>(JIT_STOP, load<u32>(JIT_STOP) | STOP_AFTER | STOP_NOT_RUN);
    return eip;
  }
  const next = execFast(blk, e, eip, true);
  noteStop();
  return next;
}

/** Decode eip (of the current replica) for the host compiler into the scratch entry; returns its address (fields as in dcache.ts). */
export function jitDecode(eip: u32): u32 {
  const pte = load<u32>(PAGE_TABLE_BASE + ((eip >>> 12) << 2));
  if ((pte & PTE_PRESENT) == 0) { store<u8>(DECODE_ENTRY + E_KIND, <u8>DK_SLOW); return DECODE_ENTRY; }
  fillEntry(DECODE_ENTRY, eip);
  return DECODE_ENTRY;
}

/**
 * The 32-bit word at va in the current chassis' memory, for the host
 * compiler's look at a switch's jump table; 0xffffffff when it is not there
 * to read plainly (a page not present, words that need ECC decoding, the
 * page's end). Nothing is recorded: no fault, no ECC event.
 */
export function jitPeek32(va: u32): u32 {
  const host = inPlace(va, 4, false);
  return host == 0 ? 0xffffffff : load<u32>(host);
}

/**
 * How often eip started a step of the current replica's chassis since its
 * code frame last changed (0: never, or its entry was taken by another EIP;
 * 0xffffffff: compiled). The host grows a region only into code that ran.
 */
export function jitHeat(eip: u32, shape: u32): u32 {
  const b = entryOf(eip);
  const frame = codeFrame(eip);
  if (frame == FRAMES || !entryCurrent(b, eip, frame, load<u32>(VERSIONS + (frame << 2)), shape)) return 0;
  return load<u32>(b + B_FN) != 0 ? 0xffffffff : load<u32>(b + B_COUNT);
}

/**
 * Count eip's heat from zero again: an instruction inside a block just
 * compiled was counted while its block ran interpreted, but it starts a step
 * now only when a run stops or leaves a block there, which should not
 * compile a region of its own unless that happens often.
 */
export function jitForget(eip: u32, shape: u32): void {
  const b = entryOf(eip);
  const frame = codeFrame(eip);
  if (frame != FRAMES && entryCurrent(b, eip, frame, load<u32>(VERSIONS + (frame << 2)), shape)) store<u32>(b + B_COUNT, 0);
}

/**
 * The host compiled a region holding a block at eip (answer as compileBlock's):
 * an entry that counts eip's steps for this shape now runs it there. An entry
 * holding another EIP is left alone.
 */
export function jitInstall(eip: u32, shape: u32, made: u32): void {
  const b = entryOf(eip);
  const frame = codeFrame(eip);
  if (frame == FRAMES || !entryCurrent(b, eip, frame, load<u32>(VERSIONS + (frame << 2)), shape)) return;
  store<u32>(b + B_FN, made >>> 16);
  store<u32>(b + B_LEN, made & 0xffff);
}

/**
 * eip's code frame and that frame's version, (frame << 32) | version, or
 * 0xffffffff_ffffffff when its page has none: a region compiled from a frame
 * whose version has not moved still holds what the page holds.
 */
export function jitCodeVersion(eip: u32): u64 {
  const frame = codeFrame(eip);
  // The forced slow path decodes nothing for blocks: no version vouches for a region then.
  if (frame == FRAMES || load<u32>(CONTROL_BASE + C_FORCE_SLOW) != 0) return 0xffffffffffffffff;
  return (<u64>frame << 32) | <u64>load<u32>(VERSIONS + (frame << 2));
}

/** Where compiled code finds JIT_STOP. */
export function jitStopAddress(): u32 { return JIT_STOP; }

/** Cycles run inside compiled blocks since configure. */
export function translatedCycles(): u64 { return load<u64>(JIT_CYCLES); }

/** Calls into compiled blocks that ran at least one cycle since configure (cycles per call: how long hot code stays compiled). */
export function blockEntries(): u64 { return load<u64>(JIT_ENTRIES); }

/** Where the code-frame map is (compiled stores check it as fast.ts's do). */
export function jitCodeMap(): u32 { return CODE_MAP; }

// ---- More of what compiled code calls (8- and 16-bit accesses, the flags) ----
// Imported here, by the functions that need them, so that this part stands apart.
import { load8, load16, store8 } from "../memory/mmu";
import { getCF, getFlags } from "../cpu/flags";

/** An 8-bit load off the inline fast path (an ECC-slow page, a fault). */
export function jitLoad8(va: u32): u32 {
  const v = load8(va);
  noteStop();
  return v;
}

/** A 16-bit load off the inline fast path (page crossing, ECC, faults). */
export function jitLoad16(va: u32): u32 {
  const v = load16(va);
  noteStop();
  return v;
}

/** An 8-bit store off the inline fast path (read-only, ECC-slow or code frame, a fault). */
export function jitStore8(va: u32, v: u32): void {
  store8(va, v);
  noteStop();
}

/** The current replica's CF (0 or 1), for inc/dec/adc/sbb after a flag producer the compiled code does not know. */
export function jitCarry(): u32 { return getCF(); }

/**
 * The current replica's EFLAGS with its lazy flags folded in, its state left
 * as it is (a rotate then writes EFLAGS and clears the lazy operation, as
 * shiftRotate's materializeFlags would have).
 */
export function jitFlags(): u32 { return getFlags(); }

// ---- x87 forms in compiled blocks ---------------------------------------------
// A run of consecutive x87 fast-path forms in a block keeps the unit's state
// word (asm/fpu/fast.ts) in a local of the compiled function, as x87Run keeps
// it in one: jitFpuBegin reads it at the run's first form, each form goes
// through its own export (jitFadd...) with its operands fixed at compile
// time (a memory operand's host address found by the compiled code's inline
// page test), and jitFpuCommit writes it back after the last. When begin or a form declines
// (the uncommon case: another control word, an exception pending, an operand
// that is not a normal number...), the block commits and leaves before that
// form, and the interpreter takes it the general way.

/** The unit's state word for a run of x87 forms of the replica at blk, or NOT_COMMON. */
export function jitFpuBegin(blk: u32): u32 { return begin(blk + R_FPU); }

/** A run of x87 forms ends: the state word written back, FIP the last form's EIP (as x87Run leaves them). */
export function jitFpuCommit(blk: u32, s: u32, fip: u32): void {
  const st = blk + R_FPU;
  commit(st, s);
  x87Ran(st, fip);
}

/**
 * One x87 form each (as x87Form runs it from its cache entry), with its
 * entry's a, b and aux, and host: its memory operand's host address, in one
 * page that needs no ECC decoding (writable, and holding no decoded code, for
 * a store, whose frame the compiled code marks dirty). The new state word, or
 * NOT_COMMON having changed nothing. One export per form, not one that
 * switches on the kind: V8 does not see a call into another module through,
 * and the dispatch cost nbody 9% of its time.
 */
export function jitFadd(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithRegs(OP_ADD, st, s, a, b, aux); }
export function jitFmul(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithRegs(OP_MUL, st, s, a, b, aux); }
export function jitFdiv(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithRegs(OP_DIV, st, s, a, b, aux); }
export function jitFaddM32(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_ADD, st, s, host, true, aux); }
export function jitFmulM32(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_MUL, st, s, host, true, aux); }
export function jitFdivM32(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_DIV, st, s, host, true, aux); }
export function jitFaddM64(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_ADD, st, s, host, false, aux); }
export function jitFmulM64(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_MUL, st, s, host, false, aux); }
export function jitFdivM64(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return arithMem(OP_DIV, st, s, host, false, aux); }
export function jitFldM32(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return loadMem(st, s, host, true); }
export function jitFldM64(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return loadMem(st, s, host, false); }
export function jitFstM32(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return storeMem(st, s, host, true, aux != 0); }
export function jitFstM64(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return storeMem(st, s, host, false, aux != 0); }
export function jitFldSt(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return loadReg(st, s, a); }
export function jitFxch(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return exchange(st, s, a); }
export function jitFstSt(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return storeReg(st, s, a, aux != 0); }
export function jitFunary(blk: u32, s: u32, a: u32, b: u32, aux: u32, host: u32): u32 { const st = blk + R_FPU; return unary(st, s, aux); }
