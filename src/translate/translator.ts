/**
 * The host side of the translator: when a block gets hot the core calls
 * compileBlock(eip) (asm/translate/blocks.ts). This decodes the region around
 * it with the core's own decoder (jitDecode, the decoded-instruction cache's
 * forms, which the ISA table selects): the hot block and the blocks of the
 * same page it reaches by static jumps, branches, calls and returns. It writes
 * the region as one WebAssembly module that imports the core's memory and a
 * few core functions, instantiates it synchronously and puts its function in
 * the core's function table, where the core calls it with call_indirect and
 * the index of the block to start at. A later request for any block of a
 * region whose page still decodes to the same instructions is answered from
 * that function, so blocks dropped by an invalidation come back without a
 * second compile and the table stays bounded.
 */
import { isX87Form, X87_IMPORTS } from './x87-forms';
import { compileRegion, compilesInLockstep, endsBlock, isConditional, IMPORT_X87_FIRST, BLOCK_PARAMS, BLOCK_LOCALS, BLOCK_WIDE_LOCALS, LOCKSTEP_LOCALS, type CoreFacts, type DecodedInstruction, type LockstepReplicas, type Alone, type Region } from './block-compiler';
import { moduleBytes, type ImportedFunction } from './wasm-binary';
import { blockModules } from './module-cache';

/** What a block module imports, in the order block-compiler.ts numbers them. */
const IMPORTS: readonly (ImportedFunction & { readonly core: string })[] = [
  { module: 'core', name: 'load32', params: 1, results: 1, core: 'jitLoad32' },
  { module: 'core', name: 'store32', params: 2, results: 0, core: 'jitStore32' },
  { module: 'core', name: 'condition', params: 1, results: 1, core: 'jitCondition' },
  { module: 'core', name: 'fast', params: 2, results: 1, core: 'jitFast' },
  { module: 'core', name: 'load8', params: 1, results: 1, core: 'jitLoad8' },
  { module: 'core', name: 'load16', params: 1, results: 1, core: 'jitLoad16' },
  { module: 'core', name: 'store8', params: 2, results: 0, core: 'jitStore8' },
  { module: 'core', name: 'carry', params: 0, results: 1, core: 'jitCarry' },
  { module: 'core', name: 'flags', params: 0, results: 1, core: 'jitFlags' },
  { module: 'core', name: 'fpuBegin', params: 1, results: 1, core: 'jitFpuBegin' },
  { module: 'core', name: 'fpuCommit', params: 3, results: 0, core: 'jitFpuCommit' },
  ...X87_IMPORTS,
];
if (IMPORTS.length !== IMPORT_X87_FIRST + X87_IMPORTS.length) throw new Error('translator: the import list and block-compiler.ts\'s numbering disagree');

/** At most this many instructions per block (the core keeps the count in 8 bits). */
const MAX_BLOCK = 128;
/** At most this many blocks, and instructions in all, per region (compile time grows with both). */
const MAX_REGION_BLOCKS = 32;
const MAX_REGION_INSTRUCTIONS = 400;
/**
 * Blocks an older region has come into a new one when they are short (a
 * switch's dispatch, the jump back to it), at most this long and this many
 * instructions in all: enough to keep such jumps inside the function, few
 * enough that a page of long blocks is not compiled over and over.
 */
const MAX_AGAIN_BLOCK = 16;
const MAX_AGAIN_INSTRUCTIONS = 64;
/** At most this many entries of a switch's table are read (switchTargets). */
const MAX_SWITCH_CASES = 256;
/** jitHeat's answer for an EIP whose block is compiled. */
const COMPILED = 0xffffffff;
/** Function-table indices fit 16 bits of the core's answer. */
const MAX_FUNCTIONS = 0xffff;


/**
 * Each block cut short where another block of the region starts (a loop's
 * head, a jump into the middle of straight code): it then falls through to
 * that block, and no instruction is compiled twice. Uncut, nbody's region
 * held 265 instructions, about 110 of them twice over, and V8's optimising
 * compile time grows with them.
 */
function endAtOtherStarts(blocks: DecodedInstruction[][]): DecodedInstruction[][] {
  const starts = new Set(blocks.map((b) => b[0]!.eip));
  return blocks.map((block) => {
    const cut = block.findIndex((ins, i) => i > 0 && starts.has(ins.eip));
    return cut < 0 ? block : block.slice(0, cut);
  });
}

/** A compiled region: its function, its blocks' first EIPs and what they decoded to. */
interface CompiledRegion {
  readonly fn: number;
  /** What it was compiled for (the core's shape). */
  readonly shape: number;
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
  readonly key: string;
  /** Its page's code frame and version when it last decoded to key (jitCodeVersion): while they stand, no decoding is needed. */
  codeVersion: bigint;
  /** Blocks the core has been given this function for (a second request is a reuse). */
  readonly answered: Set<number>;
}

export interface TranslationStats {
  /** Regions compiled: one module and function each. */
  readonly regionsCompiled: number;
  /** Of those, regions whose module this thread had already compiled for another request or machine (module-cache.ts): instantiated without a compile. */
  readonly regionsFromCache: number;
  /** Of those, regions compiled for replicas in lockstep. */
  readonly lockstepRegions: number;
  /** Of those, regions whose accesses off the inline test are checked in place (CHECKED_SHAPE: after a block left at an ECC-slow page). */
  readonly checkedRegions: number;
  /** Blocks compiled into those functions. */
  readonly blocksCompiled: number;
  /** Instructions in those blocks (each block ends where another of its region starts: none is compiled twice in one region). */
  readonly instructionsCompiled: number;
  /** Hot blocks whose first instruction has no compiled form (left to the interpreter). */
  readonly blocksRefused: number;
  /** Requests for a block answered again from its region's function (after an invalidation). */
  readonly blocksReused: number;
  /** Milliseconds spent decoding, writing and compiling blocks. */
  readonly compileMs: number;
}

const ENTRY_FIELDS = ['E_KIND', 'E_LEN', 'E_A', 'E_B', 'E_BASE', 'E_INDEX', 'E_SCALE', 'E_AUX', 'E_DISP', 'E_IMM', 'E_TARGET', 'E_BMASK', 'E_IMASK'] as const;

export class Translator {
  /** Compiled regions by the first EIP of each of their blocks. */
  private readonly regions = new Map<number, CompiledRegion[]>();
  /**
   * By shape: the instructions inside compiled blocks (not first in one), with
   * the region that holds them, and the EIPs the compiled code starts a
   * block at or jumps to. A request for an instruction inside a compiled
   * block that no compiled jump reaches comes from a run that stopped there
   * (a cycle limit, a fault, a campaign's snapshot): it is refused, and the
   * interpreter runs on to the next block, rather than compile a region that
   * only such stops would enter.
   */
  private readonly inside = new Map<number, Map<number, CompiledRegion>>();
  private readonly reached = new Map<number, Set<number>>();
  private functions = 0;
  private functionsFromCache = 0;
  private lockstepFunctions = 0;
  private checkedFunctions = 0;
  private compiled = 0;
  private instructions = 0;
  private refused = 0;
  private reused = 0;
  private compileNs = 0n;
  private readonly facts: CoreFacts;
  private readonly entry: Record<(typeof ENTRY_FIELDS)[number], number>;
  private readonly imports: WebAssembly.Imports;
  private readonly lockstepForms = new Map<string, boolean>();
  /**
   * What the core asks a block for (asm/translate/blocks.ts), its bits: a
   * chassis alone (with CHECKED_SHAPE: its accesses off the inline test
   * checked in place), or LOCKSTEP_SHAPE | the online replicas.
   */
  private readonly checkedShape: number;
  private readonly lockstepShape: number;

  /** raw: the core instance's own exports (not the loader's wrappers, so that block modules call the core directly). */
  constructor(private readonly raw: WebAssembly.Exports) {
    const value = (name: string): number => exportedValue(raw, name);
    this.entry = Object.fromEntries(ENTRY_FIELDS.map((f) => [f, value(f)])) as Translator['entry'];
    const kinds: Record<string, number> = {};
    for (const name of Object.keys(raw)) if (name.startsWith('DK_')) kinds[name] = value(name);
    this.facts = {
      pageTable: value('PAGE_TABLE_BASE'),
      codeMap: (raw.jitCodeMap as () => number)() >>> 0,
      dirtyMap: value('DIRTY_BASE'),
      stopAddress: (raw.jitStopAddress as () => number)() >>> 0,
      rEip: value('R_EIP'),
      rLazyOp: value('R_LAZY_OP'),
      rLazyRes: value('R_LAZY_RES'),
      rLazyDst: value('R_LAZY_DST'),
      rLazySrc: value('R_LAZY_SRC'),
      rLazyAux: value('R_LAZY_AUX'),
      rEflags: value('R_EFLAGS'),
      ptePresent: value('PTE_PRESENT'),
      pteWritable: value('PTE_WRITABLE'),
      pteFrameMask: value('PTE_FRAME_MASK'),
      fpuNotCommon: value('FPU_NOT_COMMON') >>> 0,
      kinds,
    };
    this.checkedShape = value('CHECKED_SHAPE');
    this.lockstepShape = value('LOCKSTEP_SHAPE');
    this.imports = {
      env: { memory: raw.memory as WebAssembly.Memory },
      core: Object.fromEntries(IMPORTS.map((f) => [f.name, raw[f.core] as WebAssembly.ExportValue])),
    };
  }

  get stats(): TranslationStats {
    return { regionsCompiled: this.functions, regionsFromCache: this.functionsFromCache, lockstepRegions: this.lockstepFunctions, checkedRegions: this.checkedFunctions, blocksCompiled: this.compiled, instructionsCompiled: this.instructions, blocksRefused: this.refused, blocksReused: this.reused, compileMs: Number(this.compileNs) / 1e6 };
  }

  /** The core's request (see asm/translate/blocks.ts): (function index << 16) | (block index << 8) | instructions, or 0. */
  compile(eip: number, shape: number): number {
    const started = process.hrtime.bigint();
    try {
      eip >>>= 0;
      const known = this.compiledRegionAt(eip, shape);
      if (known) return known;
      if (this.onlyStoppedAt(eip, shape)) { this.refused++; return 0; }
      const lockstep = this.isLockstep(shape) ? this.lockstepReplicas(shape) : undefined;
      const checkedAccesses = (shape & this.checkedShape) !== 0;
      const region = this.decodeRegion(eip, shape, lockstep !== undefined);
      if (region.blocks.length === 0 || this.functions >= MAX_FUNCTIONS) { this.refused++; return 0; }
      const compiled: CompiledRegion = {
        fn: this.instantiate(region, lockstep ?? { checkedAccesses }),
        shape,
        starts: region.blocks.map((b) => b[0]!.eip),
        lengths: region.blocks.map((b) => b.length),
        key: this.regionKey(region.blocks),
        codeVersion: this.codeVersion(eip),
        answered: new Set([eip]),
      };
      this.functions++;
      if (lockstep) this.lockstepFunctions++;
      if (checkedAccesses) this.checkedFunctions++;
      this.compiled += region.blocks.length;
      for (const block of region.blocks) this.instructions += block.length;
      const forget = this.raw.jitForget as (eip: number, shape: number) => void;
      for (const block of region.blocks) for (const ins of block.slice(1)) forget(ins.eip, shape);
      this.noteInsides(region, shape, compiled);
      // Every block of the region now runs in it, those an older region of the page has included:
      // a jump between two of them stays inside the function.
      const install = this.raw.jitInstall as (eip: number, shape: number, made: number) => void;
      compiled.starts.forEach((start, b) => { if (b > 0) install(start, shape, answer(compiled, b)); });
      for (const start of compiled.starts) {
        const list = this.regions.get(start);
        // The newest region first: it holds the most of the page.
        if (list) list.unshift(compiled); else this.regions.set(start, [compiled]);
      }
      return answer(compiled, 0);
    } finally {
      this.compileNs += process.hrtime.bigint() - started;
    }
  }

  /** Whether eip lies inside a compiled block of this shape, its code unchanged, and no compiled code starts or jumps there. */
  private onlyStoppedAt(eip: number, shape: number): boolean {
    const holder = this.inside.get(shape)?.get(eip);
    return holder !== undefined && !this.reached.get(shape)?.has(eip) && this.stillDecodes(holder, this.codeVersion(eip));
  }

  private noteInsides(region: Region, shape: number, holder: CompiledRegion): void {
    let inside = this.inside.get(shape);
    if (!inside) this.inside.set(shape, (inside = new Map()));
    let reached = this.reached.get(shape);
    if (!reached) this.reached.set(shape, (reached = new Set()));
    for (const block of region.blocks) {
      reached.add(block[0]!.eip);
      for (const ins of block.slice(1)) inside.set(ins.eip, holder);
      for (const s of this.successors(block)) reached.add(s);
    }
  }

  /** Where a block goes on statically: a jump's or call's target, the fall-through (after a call, where its ret lands). */
  private successors(block: readonly DecodedInstruction[]): number[] {
    const last = block[block.length - 1]!;
    const next = (last.eip + last.length) >>> 0;
    const k = this.facts.kinds;
    return isConditional(last.kind, this.facts) ? [last.target, next]
      : last.kind === k.DK_JMP ? [last.target]
      : last.kind === k.DK_CALL ? [last.target, next]
      : endsBlock(last.kind, this.facts) ? [] : [next];
  }

  /** The answer from a region compiled earlier that has a block at eip, if its page still decodes as it did. */
  private compiledRegionAt(eip: number, shape: number): number {
    const version = this.codeVersion(eip);
    for (const region of this.regions.get(eip) ?? []) {
      if (region.shape !== shape || !this.stillDecodes(region, version)) continue;
      if (region.answered.has(eip)) this.reused++; else region.answered.add(eip);
      return answer(region, region.starts.indexOf(eip));
    }
    return 0;
  }

  /** Whether a region's page holds the code it was compiled from: its frame unchanged since it last decoded so (version), or decoded again to the same forms. */
  private stillDecodes(region: CompiledRegion, version: bigint): boolean {
    if (region.codeVersion === version) return true;
    if (this.regionKey(region.starts.map((start) => this.decodeBlock(start, this.isLockstep(region.shape)))) !== region.key) return false;
    region.codeVersion = version;
    return true;
  }

  private codeVersion(eip: number): bigint {
    return BigInt.asUintN(64, (this.raw.jitCodeVersion as (eip: number) => bigint)(eip));
  }

  private regionKey(blocks: readonly (readonly DecodedInstruction[])[]): string {
    return blocks.map((block) => `${block[0]?.eip}:${block.map((ins) => this.entryKey(ins)).join(',')}`).join(';');
  }

  private entryKey(ins: DecodedInstruction): string {
    return [ins.kind, ins.length, ins.a, ins.b, ins.base, ins.index, ins.scale, ins.aux, ins.disp, ins.imm, ins.target, ins.hasBase ? 1 : 0, ins.hasIndex ? 1 : 0].join(' ');
  }

  /**
   * The hot block first, then, breadth first, the blocks of the same page it
   * reaches that have run: branch targets and fall-throughs, jump and call
   * targets, and the instruction after a call (where its ret lands).
   */
  private decodeRegion(eip: number, shape: number, lockstep: boolean): Region {
    const page = eip & ~0xfff;
    const jitHeat = this.raw.jitHeat as (eip: number, shape: number) => number;
    const heat = (at: number): number => jitHeat(at, shape) >>> 0;
    const blocks: DecodedInstruction[][] = [];
    const seen = new Set([eip]);
    const queue = [eip];
    let instructions = 0;
    let again = 0;
    let computedJump = false;
    // Once the code the hot block reaches is in, if it has a computed jump (a
    // switch), the page's other short compiled blocks: its handlers, which no
    // static jump reaches. (Brought in everywhere, they made sha256's whole
    // run 45% more host instructions, counted under valgrind, for nothing.)
    const others: number[] = [];
    for (const [start, list] of this.regions) {
      if ((start & ~0xfff) !== page) continue;
      const region = list.find((r) => r.shape === shape);
      if (region && region.lengths[region.starts.indexOf(start)]! <= MAX_AGAIN_BLOCK) others.push(start);
    }
    for (let q = 0; blocks.length < MAX_REGION_BLOCKS; q++) {
      if (q === queue.length) {
        const more = computedJump ? others.filter((start) => !seen.has(start)) : [];
        if (more.length === 0) break;
        for (const start of more) { seen.add(start); queue.push(start); }
      }
      const at = queue[q]!;
      const block = this.decodeBlock(at, lockstep);
      // Nothing compiles at the hot EIP: no region (the page's other blocks have theirs).
      if (q === 0 && block.length === 0) break;
      if (block.length === 0 || instructions + block.length > MAX_REGION_INSTRUCTIONS) continue;
      const compiled = q > 0 && heat(at) === COMPILED;
      if (compiled && (block.length > MAX_AGAIN_BLOCK || again + block.length > MAX_AGAIN_INSTRUCTIONS)) continue;
      if (compiled) again += block.length;
      instructions += block.length;
      blocks.push(block);
      const last = block[block.length - 1]!;
      if (last.kind === this.facts.kinds.DK_JMP_R || last.kind === this.facts.kinds.DK_JMP_M) computedJump = true;
      for (const s of [...this.successors(block), ...this.switchTargets(last, page)]) {
        // Code that never ran stays out (it costs compile time and may never
        // run); blocks an older region has come in again, so that the page's
        // hot code ends up in one function.
        if ((s & ~0xfff) !== page || seen.has(s) || heat(s) === 0) continue;
        seen.add(s);
        queue.push(s);
      }
    }
    return { blocks: endAtOtherStarts(blocks) };
  }

  /**
   * A jump through a switch's table (jmp [table + index*4]): the targets in
   * the table that lie in the page, read until the first that does not (or
   * a word that cannot be read plainly). Its cases that have run come into
   * the region at once, with the jump; found one by one as each gets hot,
   * each new region would bring all the earlier ones in again (mixed, a
   * bytecode interpreter: 21 regions of 678 instructions in all, for 282
   * distinct ones). Only a hint: a target that is no case, but code that ran,
   * is still exact code.
   */
  private switchTargets(last: DecodedInstruction, page: number): number[] {
    if (last.kind !== this.facts.kinds.DK_JMP_M || last.hasBase || !last.hasIndex || last.scale !== 2) return [];
    const peek = this.raw.jitPeek32 as (va: number) => number;
    const targets: number[] = [];
    for (let i = 0; i < MAX_SWITCH_CASES; i++) {
      const target = peek((last.disp + 4 * i) >>> 0) >>> 0;
      if ((target & ~0xfff) !== page) break;
      targets.push(target);
    }
    return targets;
  }

  /**
   * The block at eip: fast-path forms in one page, up to and including a
   * control transfer; for lockstep, only forms written out inline.
   */
  private decodeBlock(eip: number, lockstep: boolean): DecodedInstruction[] {
    const decodeAt = this.raw.jitDecode as (eip: number) => number;
    const memory = this.raw.memory as WebAssembly.Memory;
    const block: DecodedInstruction[] = [];
    const view = new DataView(memory.buffer);
    let at = eip;
    while (block.length < MAX_BLOCK) {
      const e = decodeAt(at) >>> 0;
      const kind = view.getUint8(e + this.entry.E_KIND);
      // The x87 forms the unit's fast path takes go in (x87-forms.ts); the others (DK_X87, fwait) stay with the interpreter.
      if (kind === this.facts.kinds.DK_SLOW || (kind >= this.facts.kinds.DK_X87! && !isX87Form(kind, this.facts))) break;
      const ins: DecodedInstruction = {
        eip: at, kind,
        length: view.getUint8(e + this.entry.E_LEN),
        a: view.getUint8(e + this.entry.E_A),
        b: view.getUint8(e + this.entry.E_B),
        base: view.getUint8(e + this.entry.E_BASE),
        index: view.getUint8(e + this.entry.E_INDEX),
        scale: view.getUint8(e + this.entry.E_SCALE),
        aux: view.getUint8(e + this.entry.E_AUX),
        disp: view.getUint32(e + this.entry.E_DISP, true),
        imm: view.getUint32(e + this.entry.E_IMM, true),
        target: view.getUint32(e + this.entry.E_TARGET, true),
        hasBase: view.getUint8(e + this.entry.E_BMASK) !== 0,
        hasIndex: view.getUint8(e + this.entry.E_IMASK) !== 0,
      };
      if (lockstep && !this.compilesInLockstep(ins)) break;
      block.push(ins);
      if (endsBlock(kind, this.facts)) break;
      const next = (at + ins.length) >>> 0;
      // A block stays inside its page: its validity is that page's frame version.
      if ((next & ~0xfff) !== (eip & ~0xfff)) break;
      at = next;
    }
    return block;
  }

  private isLockstep(shape: number): boolean { return (shape & this.lockstepShape) !== 0; }

  /** The replicas of a lockstep shape: the online ones in order, the first the reference. */
  private lockstepReplicas(shape: number): LockstepReplicas {
    const layout = (name: string): number => exportedValue(this.raw, name);
    const view = new DataView((this.raw.memory as WebAssembly.Memory).buffer);
    const control = (offset: string): number => view.getUint32(layout('CONTROL_BASE') + layout(offset), true);
    const cores = control('C_CORES_PER_CHASSIS');
    const replicas: { block: number; memb: number }[] = [];
    for (let n = 0; n < 8; n++) {
      if ((shape & (1 << n)) === 0) continue;
      replicas.push({ block: layout('REPLICA_BASE') + n * layout('REPLICA_SIZE'), memb: control('C_MEM_BASE') + Math.floor(n / cores) * control('C_MEM_STRIDE') });
    }
    return { replicas };
  }

  /** Whether ins can go into a lockstep block (by its form: kind, operation, a shift's count). */
  private compilesInLockstep(ins: DecodedInstruction): boolean {
    const form = `${ins.kind} ${ins.aux} ${ins.imm & 31}`;
    let known = this.lockstepForms.get(form);
    if (known === undefined) this.lockstepForms.set(form, (known = compilesInLockstep(ins, this.facts)));
    return known;
  }

  private instantiate(region: Region, placement: LockstepReplicas | Alone): number {
    const lockstep = 'replicas' in placement ? placement : undefined;
    const code = compileRegion(region, this.facts, placement);
    const bytes = moduleBytes(IMPORTS, 'block', BLOCK_PARAMS, lockstep ? LOCKSTEP_LOCALS : BLOCK_LOCALS, code, lockstep ? 0 : BLOCK_WIDE_LOCALS);
    const { module, kept } = blockModules.module(bytes);
    if (kept) this.functionsFromCache++;
    const instance = new WebAssembly.Instance(module, this.imports);
    const table = this.raw.table as WebAssembly.Table;
    const index = table.grow(1);
    table.set(index, instance.exports.block as (...args: unknown[]) => unknown);
    return index;
  }
}

/** The value of a global the core exports (an address, an offset, a handler number). */
function exportedValue(raw: WebAssembly.Exports, name: string): number {
  const g = raw[name];
  if (!(g instanceof WebAssembly.Global)) throw new Error(`core does not export ${name}`);
  return (g.value as number) >>> 0;
}

function answer(region: CompiledRegion, block: number): number {
  return ((region.fn << 16) | (block << 8) | region.lengths[block]!) >>> 0;
}
