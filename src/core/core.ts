/**
 * Loads the AssemblyScript core (build/ftvm.wasm, or dist/ftvm.wasm once
 * bundled) and gives it a typed face. Each Core is one wasm instance: its own
 * linear memory holding one machine's replicas, page table and chassis memories.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiateSync } from '@assemblyscript/loader';
import { readLayout, type CoreLayout } from './layout';
import { Translator, type TranslationStats } from '../translate/translator';

interface CoreExports {
  memory: WebAssembly.Memory;
  configure(chassis: number, cores: number, memStride: number): number;
  resetReplica(n: number): void;
  /** 0, or the stop reason << 16 | error code of the fault the load raised. */
  loadSegmentRegister(n: number, seg: number, selector: number): number;
  materializeFlags(n: number): number;
  flushTranslations(): void;
  /** Only the fetch translation: decoded and compiled code stay (a restore that changed nothing they depend on). */
  flushFetchTranslation(): void;
  run(maxCycles: number): number;
  resolveDivergence(): number;
  replicasAgree(a: number, b: number): number;
  [name: string]: unknown;
}

let compiled: WebAssembly.Module | undefined;

/** Steps a block starts before it is compiled: enough to skip code run once (start-up, the loader), few enough to be cheap. */
export const DEFAULT_HOT_COUNT = 64;

/** Where the core's wasm lives: beside the bundle, or in build/ when running from source. */
export function coreWasmPath(): string {
  const candidates = [new URL('./ftvm.wasm', import.meta.url), new URL('../../build/ftvm.wasm', import.meta.url)];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  throw new Error('ftvm core not built: run `npm run build` (build/ftvm.wasm is missing)');
}

/** The compiled core, compiled once per thread, or handed over by the thread that compiled it. */
export function coreModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(coreWasmPath()));
  return compiled;
}

/** Use a core compiled on another thread (a worker gets it from its parent, sparing a compile). */
export function adoptCoreModule(module: WebAssembly.Module): void {
  compiled = module;
}

export class Core {
  readonly exports: CoreExports;
  readonly layout: CoreLayout;
  private bytes!: Uint8Array;
  private view!: DataView;
  /** The instance's own exports: what compiled blocks import (the loader wraps functions in JS). */
  private readonly raw: WebAssembly.Exports;
  /** Set while translation is on (setTranslation): compiles the blocks the core finds hot. */
  private translator: Translator | undefined;

  constructor() {
    const imports = { translate: { compileBlock: (eip: number, shape: number): number => this.translator?.compile(eip, shape) ?? 0 } };
    const instance = instantiateSync<Record<string, unknown>>(coreModule(), imports);
    this.exports = instance.exports as unknown as CoreExports;
    this.raw = instance.instance.exports;
    this.layout = readLayout(this.exports);
    this.refreshViews();
  }

  /**
   * Compile hot guest blocks to WebAssembly (lone replica runs) or keep every
   * cycle in the interpreter. A block is compiled when it starts its
   * hotCount-th step (1: at once, as the sameness tests do).
   */
  setTranslation(on: boolean, hotCount = DEFAULT_HOT_COUNT): void {
    if (on) this.translator ??= new Translator(this.raw);
    this.setU32(this.layout.CONTROL_BASE + this.layout.C_TRANSLATE, on ? Math.max(1, hotCount) : 0);
  }

  /** Translation statistics, or undefined while translation has never been on. */
  translationStats(): (TranslationStats & { translatedCycles: bigint; blockEntries: bigint }) | undefined {
    if (this.translator === undefined) return undefined;
    return { ...this.translator.stats, translatedCycles: (this.raw.translatedCycles as () => bigint)(), blockEntries: (this.raw.blockEntries as () => bigint)() };
  }

  /** Views over linear memory; they must be renewed whenever memory grows. */
  refreshViews(): void {
    this.bytes = new Uint8Array(this.exports.memory.buffer);
    this.view = new DataView(this.exports.memory.buffer);
  }

  get u8(): Uint8Array { return this.bytes; }
  get dv(): DataView { return this.view; }

  configure(chassis: number, cores: number, memStride: number): void {
    const code = this.exports.configure(chassis, cores, memStride);
    if (code === 1) throw new Error(`core: unsupported topology ${chassis}x${cores}`);
    if (code === 2) throw new Error(`core: cannot allocate ${chassis} x ${memStride} bytes of chassis memory`);
    if (code === 3) throw new Error('core: static data overlaps the state layout (LAYOUT_BASE too low)');
    this.refreshViews();
    // configure cleared the control block and moved the code-frame map the compiled blocks check.
    if (this.translator !== undefined) this.translator = new Translator(this.raw);
  }

  u32(addr: number): number { return this.view.getUint32(addr, true); }
  setU32(addr: number, value: number): void { this.view.setUint32(addr, value >>> 0, true); }

  /**
   * The host wrote guest memory: physical bytes [phys, phys + length) of some
   * chassis, whose compiled blocks, and decoded instructions if the frames
   * hold some, are dropped; or, with no range, anything: the next run()
   * drops every decoded instruction and compiled block.
   */
  noteGuestWrite(phys?: number, length?: number): void {
    if (phys !== undefined && length !== undefined) {
      (this.raw.hostWrote as (p: number, n: number) => void)(phys, length);
      return;
    }
    this.setU32(this.layout.CONTROL_BASE + this.layout.C_HOST_WROTE, 1);
    this.exports.flushTranslations();
  }
  u64(addr: number): bigint { return this.view.getBigUint64(addr, true); }
  setU64(addr: number, value: bigint): void { this.view.setBigUint64(addr, value, true); }
}
