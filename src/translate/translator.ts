/**
 * The host side of the translator: when a block gets hot the core calls
 * compileBlock(eip) (asm/translate/blocks.ts); this decodes the block with the
 * core's own decoder (jitDecode, the decoded-instruction cache's forms, which
 * the ISA table selects), writes it as a WebAssembly module that imports the
 * core's memory and a few core functions, instantiates it synchronously and
 * puts its function in the core's function table, where the core calls it
 * with call_indirect. A block already compiled from the same decoded bytes at
 * the same EIP reuses its function, so blocks dropped by an invalidation come
 * back without a second compile and the table stays bounded.
 */
import { compileBlock, endsBlock, BLOCK_PARAMS, BLOCK_LOCALS, type CoreFacts, type DecodedInstruction } from './block-compiler';
import { moduleBytes, type ImportedFunction } from './wasm-binary';

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
];

/** At most this many instructions per block (the core keeps the count in 8 bits). */
const MAX_BLOCK = 128;

export interface TranslationStats {
  /** Blocks compiled to a new function. */
  readonly blocksCompiled: number;
  /** Hot blocks whose first instruction has no compiled form (left to the interpreter). */
  readonly blocksRefused: number;
  /** Compiles answered from an earlier function. */
  readonly blocksReused: number;
  /** Milliseconds spent decoding, writing and compiling blocks. */
  readonly compileMs: number;
}

const ENTRY_FIELDS = ['E_KIND', 'E_LEN', 'E_A', 'E_B', 'E_BASE', 'E_INDEX', 'E_SCALE', 'E_AUX', 'E_DISP', 'E_IMM', 'E_TARGET', 'E_BMASK', 'E_IMASK'] as const;

export class Translator {
  private readonly functions = new Map<string, number>();
  private compiled = 0;
  private refused = 0;
  private reused = 0;
  private compileNs = 0n;
  private readonly facts: CoreFacts;
  private readonly entry: Record<(typeof ENTRY_FIELDS)[number], number>;
  private readonly imports: WebAssembly.Imports;

  /** raw: the core instance's own exports (not the loader's wrappers, so that block modules call the core directly). */
  constructor(private readonly raw: WebAssembly.Exports) {
    const value = (name: string): number => {
      const g = raw[name];
      if (!(g instanceof WebAssembly.Global)) throw new Error(`core does not export ${name}`);
      return (g.value as number) >>> 0;
    };
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
      ptePresent: value('PTE_PRESENT'),
      pteWritable: value('PTE_WRITABLE'),
      pteFrameMask: value('PTE_FRAME_MASK'),
      kinds,
    };
    this.imports = {
      env: { memory: raw.memory as WebAssembly.Memory },
      core: Object.fromEntries(IMPORTS.map((f) => [f.name, raw[f.core] as WebAssembly.ExportValue])),
    };
  }

  get stats(): TranslationStats {
    return { blocksCompiled: this.compiled, blocksRefused: this.refused, blocksReused: this.reused, compileMs: Number(this.compileNs) / 1e6 };
  }

  /** The core's request (see asm/translate/blocks.ts): (function index << 8) | instructions, or 0. */
  compile(eip: number): number {
    const started = process.hrtime.bigint();
    try {
      const block = this.decode(eip >>> 0);
      if (block.length === 0) { this.refused++; return 0; }
      const key = `${eip >>> 0}:${block.map((ins) => this.entryKey(ins)).join(',')}`;
      let index = this.functions.get(key);
      if (index === undefined) {
        index = this.instantiate(block);
        this.functions.set(key, index);
        this.compiled++;
      } else {
        this.reused++;
      }
      return ((index << 8) | block.length) >>> 0;
    } finally {
      this.compileNs += process.hrtime.bigint() - started;
    }
  }

  private entryKey(ins: DecodedInstruction): string {
    return [ins.kind, ins.length, ins.a, ins.b, ins.base, ins.index, ins.scale, ins.aux, ins.disp, ins.imm, ins.target, ins.hasBase ? 1 : 0, ins.hasIndex ? 1 : 0].join(' ');
  }

  /** The block at eip: fast-path forms in one page, up to and including a control transfer. */
  private decode(eip: number): DecodedInstruction[] {
    const decodeAt = this.raw.jitDecode as (eip: number) => number;
    const memory = this.raw.memory as WebAssembly.Memory;
    const block: DecodedInstruction[] = [];
    let at = eip;
    while (block.length < MAX_BLOCK) {
      const e = decodeAt(at) >>> 0;
      const view = new DataView(memory.buffer);
      const kind = view.getUint8(e + this.entry.E_KIND);
      if (kind === this.facts.kinds.DK_SLOW) break;
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
      block.push(ins);
      if (endsBlock(kind, this.facts)) break;
      const next = (at + ins.length) >>> 0;
      // A block stays inside its page: its validity is that page's frame version.
      if ((next & ~0xfff) !== (eip & ~0xfff)) break;
      at = next;
    }
    return block;
  }

  private instantiate(block: readonly DecodedInstruction[]): number {
    const code = compileBlock(block, this.facts);
    const bytes = moduleBytes(IMPORTS, 'block', BLOCK_PARAMS, BLOCK_LOCALS, code);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), this.imports);
    const table = this.raw.table as WebAssembly.Table;
    const index = table.grow(1);
    table.set(index, instance.exports.block as (...args: unknown[]) => unknown);
    return index;
  }
}
