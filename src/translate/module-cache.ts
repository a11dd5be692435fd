/**
 * Compiled block modules, kept for the whole thread and found by their bytes.
 *
 * A region written for the same code, the same core layout and the same
 * shape is the same module byte for byte, whichever machine asks: a
 * campaign's runs, a bench's samples, a test suite's machines. Compiling it
 * again costs V8's baseline compile, and V8 reuses the optimised code of the
 * same bytes only while a module holding them is still alive, which depends
 * on when the garbage collector last ran: in the bench, mixed's runs after
 * the first took 18.5-39 ms before this cache and 18.5-26.5 with it. A
 * module holds no state of its own (the memory and the core functions are
 * its imports, given per instance), so one module serves every machine.
 *
 * Bounded by its modules' wire bytes; the module used longest ago goes first.
 */
import { createHash } from 'node:crypto';

/** The wire bytes of the modules kept, at most (V8's compiled code is a few times that). */
const MAX_BYTES = 32 * 1024 * 1024;

interface Entry { readonly length: number; readonly module: WebAssembly.Module }

export class ModuleCache {
  /** By a SHA-256 of the bytes (a digest stands for them), in order of last use (a Map iterates in insertion order). */
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  /** The module of these bytes: kept from an earlier request for the same bytes, or compiled now. */
  module(bytes: Uint8Array<ArrayBuffer>): { readonly module: WebAssembly.Module; readonly kept: boolean } {
    const key = createHash('sha256').update(bytes).digest('base64');
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return { module: found.module, kept: true };
    }
    const module = new WebAssembly.Module(bytes);
    this.entries.set(key, { length: bytes.length, module });
    this.held += bytes.length;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.held -= entry.length;
    }
    return { module, kept: false };
  }

  /** Modules kept, and their bytes. */
  get size(): { readonly modules: number; readonly bytes: number } { return { modules: this.entries.size, bytes: this.held }; }
}

/** The thread's cache, which every translator shares. */
export const blockModules = new ModuleCache();
