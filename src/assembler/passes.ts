/**
 * The assembly passes over parsed statements, as NASM runs them: sizing
 * passes repeat until no statement changes size and no symbol changes value
 * (forward references start out unknown, jumps start out short and grow),
 * then sections are placed as ld would place them and a final pass emits
 * the bytes, with every value resolved to an address. Errors are reported
 * only by the final pass, so each is reported once.
 */
import type { InsnForm } from '../isa';
import type { Diagnostics, Origin } from './diagnostics';
import { encodeData, dataSize } from './data';
import { EncodeProblem, encodeInstruction, type Operand } from './encoder';
import { AddressError, analyzeAddress } from './address';
import { ExprError, constant, evaluate, isScalar, sectionOffset, simpleSection, type BaseHint, type Expr, type EvalContext, type Value } from './expression';
import { layoutSections, type Layout } from './layout';
import type { Body, OperandAst, ParsedLine } from './parser';
import { sectionKind, sectionKindFor, type SectionContent, type SectionKind } from './sections';
import { smartPadding } from './smart-align';

const MAX_PASSES = 100;
const MAX_TIMES = 100_000_000;
const RESERVE_NAMES: Readonly<Record<number, string>> = { 1: 'resb', 2: 'resw', 4: 'resd', 8: 'resq', 10: 'rest', 16: 'reso', 32: 'resy', 64: 'resz' };
/** The pseudo-section of `absolute` (and so of `struc`): labels there are plain numbers. */
const ABSOLUTE = '*absolute*';

export interface SymbolInfo {
  readonly name: string;
  readonly value: Value;
  readonly kind: 'label' | 'equ';
  readonly origin: Origin;
  readonly col: number;
  /** Pass in which it was last defined. */
  readonly pass: number;
}

export interface ListingLine {
  readonly file: string;
  readonly line: number;
  /** Macro nesting depth of the line (0 for a line of the source itself). */
  readonly depth: number;
  /** Section the line's output went to, or null for a line that emits nothing. */
  readonly section: string | null;
  readonly offset: number;
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly source: string;
  /** The ISA table forms the line's instructions were encoded with. */
  readonly forms: readonly InsnForm[];
}

export interface PassesResult {
  readonly sections: ReadonlyMap<string, SectionContent>;
  readonly layout: Layout;
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  readonly globals: ReadonlySet<string>;
  readonly listing: readonly ListingLine[];
  readonly passes: number;
}

interface Final {
  readonly layout: Layout;
  readonly address: ReadonlyMap<string, number>;
}

/**
 * The names each source file shares with the others (its global, extern and common
 * symbols); every other name of a file is its own. One entry per file.
 */
export type SharedNames = readonly ReadonlySet<string>[];

export function runPasses(lines: readonly ParsedLine[], diagnostics: Diagnostics, shared: SharedNames = [new Set()]): PassesResult {
  return new Passes(lines, diagnostics, shared).run();
}

/** Separates a name from the file it belongs to in symbol and section keys. */
const UNIT_MARK = '\u0001';

/** The section name of a section key. */
export function sectionName(key: string): string {
  const k = key.indexOf(UNIT_MARK);
  return k < 0 ? key : key.slice(0, k);
}

class Passes {
  private readonly symbols = new Map<string, SymbolInfo>();
  private readonly globals = new Map<string, { col: number; line: ParsedLine }>();
  private readonly sections = new Map<string, SectionContent>();
  private readonly listing: ListingLine[] = [];
  private pass = 0;
  private changed = false;
  private final: Final | null = null;

  constructor(
    private readonly lines: readonly ParsedLine[],
    private readonly diagnostics: Diagnostics,
    private readonly shared: SharedNames,
  ) {}

  /** The file of the line being assembled. */
  private unit = 0;
  /** `bits 16` or 32, as the last `bits` directive said. */
  private bits: 16 | 32 = 32;

  /** A symbol's key: its name if it is shared (or there is one file), else its name in this file. */
  private key(name: string): string {
    if (this.shared.length <= 1 || this.shared[this.unit]!.has(name)) return name;
    return `${name}${UNIT_MARK}${this.unit}`;
  }

  /** A section's key: its name, and in a program of several files, the file's piece of it. */
  private sectionKey(name: string): string {
    return this.shared.length <= 1 ? name : `${name}${UNIT_MARK}${this.unit}`;
  }

  run(): PassesResult {
    let previous: number[] | null = null;
    let settled = false;
    while (this.pass < MAX_PASSES) {
      this.pass++;
      this.changed = false;
      const sizes = this.runPass();
      this.previousSizes = sizes;
      if (previous && !this.changed && sizes.every((s, i) => s === previous![i])) {
        settled = true;
        break;
      }
      previous = sizes;
    }
    // ld's order; sections that are not loaded (noalloc) take no place.
    // An output section's pieces follow each other by ld's script line (.text.hot before .text),
    // then file by file, then in the object's order: NASM numbers sections by their first
    // `section` line, a .text never named comes last.
    const declared = (s: SectionContent): number => this.declaredAt.get(s.key) ?? Infinity;
    const ordered = [...this.sections.values()].filter((s) => s.kind.segment !== undefined)
      .sort((a, b) => a.kind.order! - b.kind.order! || (a.kind.rank ?? 5) - (b.kind.rank ?? 5) || a.unit - b.unit || declared(a) - declared(b));
    this.checkMergedFlags(ordered);
    // An output section is aligned as its most aligned piece: its first piece starts there.
    const outputAlign = new Map<string, number>();
    for (const s of ordered) outputAlign.set(s.kind.name, Math.max(outputAlign.get(s.kind.name) ?? 1, s.align));
    // `section .note.GNU-stack`: ld marks the stack non-executable (or executable, for an exec note).
    const stackNote = this.kinds.get('.note.GNU-stack');
    const layout = layoutSections(ordered.map((s, i) => ({
      kind: s.kind, key: s.key, size: s.size,
      align: i === 0 || ordered[i - 1]!.kind.name !== s.kind.name ? outputAlign.get(s.kind.name)! : s.align,
    })), stackNote ? (stackNote.exec ? 7 : 6) : null);
    this.final = { layout, address: new Map(layout.sections.map((s) => [s.key ?? s.kind.name, s.address])) };
    this.pass++;
    const finalSizes = this.runPass();
    if (!settled || finalSizes.some((s, i) => s !== previous![i])) {
      const line = this.lines[finalSizes.findIndex((s, i) => s !== previous![i])] ?? this.lines[0];
      if (line) this.diagnostics.error(line.origin, 1, `instruction sizes did not settle after ${MAX_PASSES} passes`, line.seq);
    }
    for (const [name, g] of this.globals) {
      if (!this.symbols.has(name)) this.error(g.line, g.col, `global symbol '${name}' is not defined`);
    }
    return {
      sections: this.sections,
      layout,
      symbols: this.symbols,
      globals: new Set(this.globals.keys()),
      listing: this.listing,
      passes: this.pass,
    };
  }

  /**
   * ld gives an output section the union of its pieces' flags: a .text made only of
   * `.text.hot` (NASM's default attributes: not exec) would not be code. Refuse that.
   */
  private checkMergedFlags(ordered: readonly SectionContent[]): void {
    for (const out of new Set(ordered.map((s) => s.kind.name))) {
      const pieces = ordered.filter((s) => s.kind.name === out);
      const exec = pieces.some((s) => s.kind.inputExec ?? s.kind.exec);
      const write = pieces.some((s) => s.kind.inputWrite ?? s.kind.write);
      if (exec === pieces[0]!.kind.exec && write === pieces[0]!.kind.write) continue;
      const first = pieces.find((s) => s.kind.input !== undefined)!;
      const at = this.declaredLine.get(first.key)!;
      const want = pieces[0]!.kind.exec ? 'exec' : pieces[0]!.kind.write ? 'write' : 'nowrite';
      this.diagnostics.error(at.line.origin, at.col, `section '${first.kind.input}' alone makes ld's ${out}, which would not be ${want}: give it the attribute '${want}'`, at.line.seq);
    }
  }

  private error(line: ParsedLine, col: number, message: string): void {
    if (this.final) this.diagnostics.error(line.origin, col, message, line.seq);
  }

  private warning(line: ParsedLine, col: number, message: string): void {
    if (this.final) this.diagnostics.warning(line.origin, col, message, line.seq);
  }

  private section(key: string): SectionContent {
    let s = this.sections.get(key);
    if (!s) {
      const name = sectionName(key);
      const kind = this.kinds.get(name) ?? sectionKind(name)!;
      s = { kind, key, unit: this.unit, align: kind.align, size: 0, bytes: [] };
      this.sections.set(key, s);
    }
    return s;
  }

  // ---- Symbols ----------------------------------------------------------------------

  private define(name: string, value: Value, kind: 'label' | 'equ', line: ParsedLine, col: number): void {
    const displayName = name;
    name = this.key(name);
    const prev = this.symbols.get(name);
    if (prev && prev.pass === this.pass) {
      this.error(line, col, `duplicate label '${name}' (first defined at ${prev.origin.file}:${prev.origin.line})`);
      return;
    }
    if (!prev || !sameValue(prev.value, value)) this.changed = true;
    this.symbols.set(name, { name: displayName, value, kind, origin: line.origin, col, pass: this.pass });
  }

  private readonly externs = new Set<string>();
  /** Each section's kind, fixed by its first declaration. */
  private readonly kinds = new Map<string, SectionKind>();
  /** Each section's (key's) first `section` line, numbered in order: NASM's order in the object. */
  private readonly declaredAt = new Map<string, number>();
  private readonly declaredLine = new Map<string, { line: ParsedLine; col: number }>();
  private absoluteBase: Value = constant(0n);
  /** Each line's size in the last sizing pass. */
  private previousSizes: number[] | null = null;
  private readonly constantEncodings = new WeakMap<Body, { size: number; bytes: number[] | null; form: InsnForm | null }>();

  /** A position: an offset in a section, or a plain number in the absolute pseudo-section. */
  private position(section: string, offset: number): Value {
    return section === ABSOLUTE ? { ...this.absoluteBase, n: this.absoluteBase.n + BigInt(offset) } : sectionOffset(section, BigInt(offset));
  }

  private evalContext(section: string, offset: number, allowRegisters: boolean): EvalContext {
    return {
      symbol: (name) => this.symbols.get(this.key(name))?.value,
      here: () => this.position(section, offset),
      sectionBase: () => this.position(section, 0),
      allowRegisters,
    };
  }

  /** A value as a number, in the final pass: section addresses are known by then. */
  private resolve = (v: Value, col: number): bigint => {
    if (v.unknown) throw new EncodeProblem(v.missing?.col ?? col, this.undefinedMessage(v));
    if (v.regs.length > 0) throw new EncodeProblem(col, 'registers are only allowed inside [ ]');
    const s = simpleSection(v);
    if (s === undefined) throw new EncodeProblem(col, 'expression is neither a number nor an address plus a number');
    return s === null ? v.n : v.n + BigInt(this.final!.address.get(s) ?? 0);
  };

  /** Why a value is unknown: a name never defined, or one whose definition never resolves. */
  private undefinedMessage(v: Value): string {
    const name = v.missing?.name ?? '?';
    if (this.symbols.has(this.key(name))) return `'${name}' cannot be resolved: its definition depends on itself or on an undefined symbol`;
    return this.externs.has(name) ? `undefined symbol '${name}' (declared extern; no source given defines it)` : `undefined symbol '${name}'`;
  }

  /** Evaluate a count (times, resb…): a plain number known now. Null if unusable. */
  private count(line: ParsedLine, e: Expr, ctx: EvalContext, what: string): number | null {
    let v: Value;
    try {
      v = evaluate(e, ctx);
    } catch (err) {
      if (err instanceof ExprError) {
        this.error(line, err.col, err.message);
        return null;
      }
      throw err;
    }
    if (v.unknown) {
      if (this.final) this.error(line, v.missing!.col, this.undefinedMessage(v));
      return null;
    }
    if (!isScalar(v)) {
      this.error(line, e.col, `${what} must be a plain number, not an address`);
      return null;
    }
    if (v.n < 0n) {
      this.error(line, e.col, `${what} ${v.n} is negative`);
      return null;
    }
    if (v.n > BigInt(MAX_TIMES)) {
      this.error(line, e.col, `${what} ${v.n} is too large`);
      return null;
    }
    return Number(v.n);
  }

  // ---- One pass ---------------------------------------------------------------------------

  private runPass(): number[] {
    const sizes: number[] = [];
    const offsets = new Map<string, number>();
    let current = '.text';
    this.unit = 0;
    this.bits = 32;
    for (const s of this.sections.values()) s.bytes = [];
    for (const line of this.lines) {
      if ((line.unit ?? 0) !== this.unit) {
        // The next file starts in its own .text, with its own absolute base.
        this.unit = line.unit ?? 0;
        current = this.sectionKey('.text');
        this.bits = 32;
      }
      try {
        current = this.runLine(line, current, offsets, sizes);
      } catch (err) {
        // A chain of thousands of operators evaluates by recursion: one line, not a stack trace.
        if (!(err instanceof RangeError)) throw err;
        this.error(line, 1, 'expression too long or nested too deep to evaluate');
        sizes.push(this.previousSizes?.[sizes.length] ?? 0);
      }
    }
    return sizes;
  }

  /** One statement of a pass; returns the section that is current after it. */
  private runLine(line: ParsedLine, current: string, offsets: Map<string, number>, sizes: number[]): string {
    {
      const start = offsets.get(current) ?? 0;
      let offset = start;
      const bytes: number[] = [];
      const forms: InsnForm[] = [];
      const stmt = line.stmt;
      if (line.label && stmt.kind !== 'equ') {
        if (current !== ABSOLUTE) this.section(current);
        this.define(line.label.name, this.position(current, start), 'label', line, line.label.col);
      }
      switch (stmt.kind) {
        case 'empty':
          break;
        case 'equ': {
          const label = line.label!;
          try {
            const v = evaluate(stmt.expr, this.evalContext(current, start, false));
            if (this.final && v.unknown) this.error(line, v.missing!.col, this.undefinedMessage(v));
            this.define(label.name, v, 'equ', line, label.col);
          } catch (err) {
            if (!(err instanceof ExprError)) throw err;
            this.error(line, err.col, err.message);
          }
          break;
        }
        case 'section': {
          // The attributes of a section's first declaration are its own (NASM ignores later ones).
          let kind = this.kinds.get(stmt.name);
          if (!kind) {
            const k = sectionKindFor(stmt.name, stmt.attributes, this.kinds.size);
            if (typeof k === 'string') {
              this.error(line, stmt.col, k);
              break;
            }
            kind = k;
            this.kinds.set(stmt.name, kind);
          }
          current = this.sectionKey(stmt.name);
          if (!this.declaredAt.has(current)) {
            this.declaredAt.set(current, this.declaredAt.size);
            this.declaredLine.set(current, { line, col: stmt.col });
          }
          const s = this.section(current);
          if (stmt.align !== null) s.align = Math.max(s.align, stmt.align);
          break;
        }
        case 'absolute': {
          // `absolute N`: lay out labels from N without emitting anything (struc uses it). N may be
          // negative (`struc s, -8`) or an address (`absolute label+7`).
          let base = constant(0n);
          try {
            const v = evaluate(stmt.expr, this.evalContext(current, start, false));
            if (v.unknown) this.error(line, v.missing?.col ?? stmt.col, this.undefinedMessage(v));
            else if (simpleSection(v) === undefined) this.error(line, stmt.col, "'absolute' address must be a number or an address plus a number");
            else base = v;
          } catch (err) {
            if (!(err instanceof ExprError)) throw err;
            this.error(line, err.col, err.message);
          }
          current = ABSOLUTE;
          this.absoluteBase = base;
          offsets.set(ABSOLUTE, 0);
          break;
        }
        case 'global':
          for (const n of stmt.names) if (!this.globals.has(n.name)) this.globals.set(n.name, { col: n.col, line });
          break;
        case 'extern':
          for (const n of stmt.names) this.externs.add(n.name);
          break;
        case 'bits':
          this.bits = stmt.bits;
          break;
        case 'common': // placed by the linking step (index.ts), in .bss, unless a file defines it
          break;
        case 'sectalign': {
          const n = this.count(line, stmt.expr, this.evalContext(current, start, false), 'alignment');
          if (n !== null && (n === 0 || (n & (n - 1)) !== 0)) this.error(line, stmt.col, `alignment ${n} is not a power of two`);
          else if (n !== null) {
            const s = this.section(current);
            s.align = Math.max(s.align, n);
          }
          break;
        }
        case 'code': {
          const times = stmt.times === null ? 1 : this.count(line, stmt.times, this.evalContext(current, start, false), 'TIMES count') ?? 0;
          const nobits = current === ABSOLUTE || this.section(current).kind.nobits;
          if (nobits && stmt.body.kind !== 'reserve') {
            this.warning(line, stmt.body.col, `initialized data or code in '${sectionName(current)}' is ignored: it only reserves space`);
          } else if (!nobits && stmt.body.kind === 'reserve') {
            this.warning(line, stmt.body.col, `uninitialized space declared in '${sectionName(current)}': zeroing`);
          }
          for (let k = 0; k < times; k++) {
            const out = this.body(line, stmt.body, current, offset);
            offset += out.size;
            if (out.form && !forms.includes(out.form)) forms.push(out.form);
            if (this.final && !nobits) {
              if (out.bytes) bytes.push(...out.bytes);
              else for (let z = 0; z < out.size; z++) bytes.push(0);
            }
          }
          break;
        }
      }
      const size = offset - start;
      sizes.push(size);
      let emitted: { readonly into: number[]; readonly from: number } | null = null;
      if (stmt.kind === 'code') {
        offsets.set(current, offset);
        if (current !== ABSOLUTE) {
          const s = this.section(current);
          s.size = offset;
          if (this.final && bytes.length > 0) {
            emitted = { into: s.bytes, from: s.bytes.length };
            for (const b of bytes) s.bytes.push(b);
          }
        }
      }
      if (this.final) {
        const touched = (stmt.kind === 'code' || line.label !== null) && current !== ABSOLUTE;
        this.listing.push(new Listed(line, touched ? sectionName(current) : null, start, (this.final.address.get(current) ?? 0) + start, emitted, bytes.length, forms));
      }
    }
    return current;
  }

  /** Size (and, in the final pass, bytes) of one instruction, data or reserve statement at `offset`. */
  private body(line: ParsedLine, body: Body, section: string, offset: number): { size: number; bytes: number[] | null; form?: InsnForm | null } {
    switch (body.kind) {
      case 'reserve': {
        const n = this.count(line, body.count, this.evalContext(section, offset, false), `'${RESERVE_NAMES[body.width]}' count`);
        return { size: (n ?? 0) * body.width, bytes: null };
      }
      case 'pad': {
        const ctx = this.evalContext(section, offset, false);
        const align = this.count(line, body.align, ctx, "'align' boundary") ?? 1;
        let threshold: Value;
        let longest16: Value;
        try {
          threshold = evaluate(body.threshold, ctx);
          longest16 = evaluate(body.longest16, ctx);
        } catch (err) {
          if (!(err instanceof ExprError)) throw err;
          this.error(line, err.col, err.message);
          return { size: 0, bytes: null };
        }
        if (align <= 0 || (align & (align - 1)) !== 0) {
          this.error(line, body.col, "'align' boundary must be a power of two");
          return { size: 0, bytes: null };
        }
        const pad = (align - (offset % align)) % align;
        return { size: pad, bytes: this.final ? smartPadding(pad, body.mode, Number(BigInt.asIntN(32, threshold.n)), this.bits, Number(longest16.n)) : null };
      }
      case 'data': {
        const size = dataSize(body.width, body.items);
        if (!this.final) return { size, bytes: null };
        const ctx = this.evalContext(section, offset, false);
        const out = encodeData(body.width, body.items, (item) => evaluate(item.expr, ctx), this.resolve);
        for (const e of out.errors) this.error(line, e.col, e.message);
        for (const w of out.warnings) this.warning(line, w.col, w.message);
        return { size, bytes: out.bytes };
      }
      case 'insn': {
        // An instruction of registers only encodes the same wherever it is: once is enough
        // (a `%rep 1000000` of `nop` is a million of the same statement).
        const constant = this.bits === 32 && body.operands.every((o) => o.kind === 'reg');
        const known = constant ? this.constantEncodings.get(body) : undefined;
        if (known && (known.bytes !== null || !this.final)) return known;
        const operands: Operand[] = [];
        // An address with no register has the code's address size, or the one an a16/a32 prefix names.
        const asize = body.prefixes.find((p) => p.name === 'a16' || p.name === 'a32');
        const addressSize = asize ? (asize.name === 'a16' ? 16 : 32) : this.bits;
        for (const ast of body.operands) {
          const op = this.operand(line, ast, section, offset, addressSize);
          if (!op) return { size: 0, bytes: null };
          operands.push(op);
        }
        const final = this.final;
        const out = encodeInstruction(
          { mnemonic: body.mnemonic, col: body.col, prefixes: body.prefixes, operands },
          {
            section,
            offset,
            bits: this.bits,
            final: final ? { resolve: this.resolve, sectionAddress: (s) => BigInt(final.address.get(s) ?? 0) } : null,
          },
        );
        for (const e of out.errors) this.error(line, e.col, e.message);
        for (const w of out.warnings) this.warning(line, w.col, w.message);
        const result = { size: out.size, bytes: out.bytes, form: out.form };
        if (constant && out.errors.length === 0 && out.warnings.length === 0) this.constantEncodings.set(body, result);
        return result;
      }
    }
  }

  private operand(line: ParsedLine, ast: OperandAst, section: string, offset: number, addressSize: 16 | 32): Operand | null {
    try {
      switch (ast.kind) {
        case 'reg':
          return ast;
        case 'imm': {
          const value = evaluate(ast.expr, this.evalContext(section, offset, true));
          if (value.regs.length > 0) {
            this.error(line, ast.col, 'a register cannot be part of an expression outside [ ]');
            return null;
          }
          const selector = ast.selector === null ? null : evaluate(ast.selector, this.evalContext(section, offset, false));
          return { kind: 'imm', value, size: ast.size, strict: ast.strict, jump: ast.jump, selector, col: ast.col };
        }
        case 'mem': {
          const hint: BaseHint = { type: 'none', base: null };
          const value = evaluate(ast.expr, { ...this.evalContext(section, offset, true), hint });
          const addr = analyzeAddress(value, ast.nosplit, hint, ast.dispSize, addressSize);
          return { kind: 'mem', size: ast.size, seg: ast.seg, addr, dispSize: ast.dispSize, far: ast.far, col: ast.col };
        }
      }
    } catch (err) {
      if (err instanceof ExprError) this.error(line, err.col, err.message);
      else if (err instanceof AddressError) this.error(line, ast.col, err.message);
      else throw err;
      return null;
    }
  }
}

/**
 * A listing line. Its bytes are read from the section's contents when asked for:
 * a %rep of a million lines keeps no million small arrays.
 */
class Listed implements ListingLine {
  readonly file: string;
  readonly line: number;
  readonly depth: number;
  readonly source: string;
  constructor(
    from: ParsedLine,
    readonly section: string | null,
    readonly offset: number,
    readonly address: number,
    private readonly emitted: { readonly into: number[]; readonly from: number } | null,
    private readonly length: number,
    readonly forms: readonly InsnForm[],
  ) {
    this.file = from.origin.file;
    this.line = from.origin.line;
    this.depth = from.origin.expansion.length;
    this.source = from.text;
  }

  get bytes(): Uint8Array {
    return this.emitted ? Uint8Array.from(this.emitted.into.slice(this.emitted.from, this.emitted.from + this.length)) : new Uint8Array(0);
  }
}

function sameValue(a: Value, b: Value): boolean {
  if (a.n !== b.n || a.unknown !== b.unknown || a.rel.size !== b.rel.size) return false;
  for (const [s, c] of a.rel) if (b.rel.get(s) !== c) return false;
  return true;
}
