/**
 * A minimal WebAssembly binary writer: enough to build one module per guest
 * block (function types, imported memory and functions, one exported function
 * with i32 locals). Hand-written so the translator needs no dependency; the
 * encodings are those of the WebAssembly core specification, section 5.
 */

/** Opcodes the block compiler uses. */
export const Op = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, brTable: 0x0e, return: 0x0f, call: 0x10,
  drop: 0x1a, select: 0x1b, localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i32Load8s: 0x2c, i32Load8u: 0x2d, i32Load16s: 0x2e, i32Load16u: 0x2f, i32Store: 0x36, i32Store8: 0x3a, i32Store16: 0x3b,
  i32Const: 0x41, i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b,
  i32LeS: 0x4c, i32LeU: 0x4d, i32GeS: 0x4e, i32GeU: 0x4f,
  i32Popcnt: 0x69, i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i32Rotl: 0x77, i32Rotr: 0x78,
  i64Load: 0x29, i64Const: 0x42, i64Ne: 0x52, i64LeU: 0x58, i64Sub: 0x7d, i64Mul: 0x7e, i64ShrS: 0x87, i64ShrU: 0x88, i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad,
} as const;

export const I32 = 0x7f;
export const I64 = 0x7e;
/** Block type of a structured instruction with no result. */
export const VOID = 0x40;

export function unsignedLeb(value: number, out: number[]): void {
  // Most immediates are small (locals, label depths, offsets): one byte.
  if (value >>> 0 < 0x80) { out.push(value); return; }
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

export function signedLeb(value: number, out: number[]): void {
  if ((value | 0) + 64 >>> 0 < 128) { out.push(value & 0x7f); return; }
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** A signed LEB of an integer beyond 32 bits (up to 2^53: an i64 constant). */
function wideSignedLeb(value: number, out: number[]): void {
  if (!Number.isSafeInteger(value)) throw new Error(`translator: ${value} is no integer a constant can hold`);
  let v = value;
  for (;;) {
    const byte = ((v % 128) + 128) % 128;
    v = Math.floor(v / 128);
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** A function body being written: instructions with their immediates. */
export class Code {
  readonly bytes: number[] = [];
  /** Structured instructions open here (block, loop, if), for br depths. */
  depth = 0;
  /** Every local set or teed so far (1 at its index; locals are numbered below 256). */
  readonly sets = new Uint8Array(256);

  /** An opcode, or a block type after block or loop. */
  op(opcode: number): this {
    this.bytes.push(opcode);
    if (opcode === Op.block || opcode === Op.loop) this.depth++;
    else if (opcode === Op.end) this.depth--;
    return this;
  }
  get(local: number): this { this.bytes.push(Op.localGet); unsignedLeb(local, this.bytes); return this; }
  set(local: number): this { this.sets[local] = 1; this.bytes.push(Op.localSet); unsignedLeb(local, this.bytes); return this; }
  tee(local: number): this { this.sets[local] = 1; this.bytes.push(Op.localTee); unsignedLeb(local, this.bytes); return this; }
  const(value: number): this { this.bytes.push(Op.i32Const); signedLeb(value, this.bytes); return this; }
  /** An i64 constant (any safe integer). */
  const64(value: number): this {
    this.bytes.push(Op.i64Const);
    if (value === (value | 0)) signedLeb(value, this.bytes); else wideSignedLeb(value, this.bytes);
    return this;
  }
  /**
   * A call of imported function fn (its index in the list given to
   * moduleBytes). The module imports only the functions its code calls, so
   * the index is patched there: it is kept in one byte here.
   */
  call(fn: number): this {
    if (fn > 0x7f) throw new Error(`translator: import index ${fn} does not fit a call's one-byte immediate`);
    this.bytes.push(Op.call);
    this.calls.push(this.bytes.length);
    this.bytes.push(fn);
    return this;
  }
  /** Where each call's function index is in bytes. */
  calls: number[] = [];

  /** Put straight-line code (no structured instruction left open) before this code. */
  prepend(before: Code): void {
    this.bytes.unshift(...before.bytes);
    this.calls = [...before.calls, ...this.calls.map((at) => at + before.bytes.length)];
    before.sets.forEach((set, l) => { if (set) this.sets[l] = 1; });
  }
  /** An unsigned immediate (a br's label depth). */
  uleb(value: number): this { unsignedLeb(value, this.bytes); return this; }
  /** br_table: the label depths indexed by the i32 on the stack, and the default one. */
  brTable(labels: readonly number[], otherwise: number): this {
    this.bytes.push(Op.brTable);
    unsignedLeb(labels.length, this.bytes);
    for (const l of labels) unsignedLeb(l, this.bytes);
    unsignedLeb(otherwise, this.bytes);
    return this;
  }
  /** if with a block type (VOID or I32). */
  if(type: number = VOID): this { this.bytes.push(Op.if, type); this.depth++; return this; }
  /** A memory access with its static offset (alignment hint 0: guest data is often unaligned). */
  mem(opcode: number, offset: number): this {
    this.bytes.push(opcode, 0);
    unsignedLeb(offset, this.bytes);
    return this;
  }
}

export interface ImportedFunction { readonly module: string; readonly name: string; readonly params: number; readonly results: number }

/** Bytes being assembled: appended in place (module sections run to tens of kilobytes). */
class Bytes {
  readonly out: number[] = [];
  byte(...values: number[]): this { for (const v of values) this.out.push(v); return this; }
  all(values: readonly number[]): this { for (const v of values) this.out.push(v); return this; }
  uleb(value: number): this { unsignedLeb(value, this.out); return this; }
  name(text: string): this { const bytes = Buffer.from(text, 'utf8'); this.uleb(bytes.length); for (const b of bytes) this.out.push(b); return this; }
  /** A section: id, size, content. */
  section(id: number, content: Bytes): this { return this.byte(id).uleb(content.out.length).all(content.out); }
}

function funcType(into: Bytes, params: number, results: number): void {
  into.byte(0x60).uleb(params);
  for (let i = 0; i < params; i++) into.byte(I32);
  into.uleb(results);
  for (let i = 0; i < results; i++) into.byte(I32);
}

/**
 * A module importing memory from env.memory and those of the given functions
 * the code calls, and exporting one function `name` of `params` i32
 * parameters and an i32 result, with `locals` more i32 locals, then
 * `wideLocals` i64 ones, and the body `code` (its final `end` added here). Only the functions called are
 * imported: V8 compiles a wrapper for each import of each module, and with
 * all twelve the translator's imports a region's module took 0.4-0.9 ms to
 * compile, however small, against 0.04 ms with none.
 */
export function moduleBytes(importable: readonly ImportedFunction[], exportName: string, params: number, locals: number, code: Code, wideLocals = 0): Uint8Array<ArrayBuffer> {
  const called = [...new Set(code.calls.map((at) => code.bytes[at]!))].sort((a, b) => a - b);
  const imports = called.map((fn) => importable[fn]!);
  const index = new Map(called.map((fn, i) => [fn, i]));
  const types = new Bytes().uleb(imports.length + 1);
  for (const f of imports) funcType(types, f.params, f.results);
  funcType(types, params, 1);
  const importSection = new Bytes().uleb(imports.length + 1);
  importSection.name('env').name('memory').byte(0x02, 0x00, 0x00);
  imports.forEach((f, i) => importSection.name(f.module).name(f.name).byte(0x00).uleb(i));
  const functions = new Bytes().uleb(1).uleb(imports.length);
  const exports = new Bytes().uleb(1).name(exportName).byte(0x00).uleb(imports.length);
  // The body, tens of kilobytes, is copied once, into the module's bytes.
  const declared = new Bytes().uleb(wideLocals > 0 ? 2 : 1).uleb(locals).byte(I32);
  if (wideLocals > 0) declared.uleb(wideLocals).byte(I64);
  const localsDeclaration = declared.out;
  const bodySize = localsDeclaration.length + code.bytes.length + 1;
  const codeHeader = new Bytes().uleb(1).uleb(bodySize).out;
  const head = new Bytes().byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
    .section(1, types).section(2, importSection).section(3, functions).section(7, exports)
    .byte(10).uleb(codeHeader.length + bodySize).all(codeHeader).all(localsDeclaration).out;
  const module = new Uint8Array(head.length + code.bytes.length + 1);
  module.set(head);
  module.set(code.bytes, head.length);
  for (const at of code.calls) module[head.length + at] = index.get(code.bytes[at]!)!;
  module[module.length - 1] = Op.end;
  return module;
}
