/**
 * Turns each preprocessed line into a statement: an optional label, then an
 * instruction (with prefixes and operands), a data or reserve directive
 * (optionally under `times`), `equ`, or an assembler directive (section,
 * global, bits, sectalign…). Local labels (`.x`) are resolved here against
 * the last non-local label, as NASM does, so later stages see full names.
 */
import { formsOf, lookupRegister, PREFIX_WORDS, type Register } from '../isa';
import { isX86Mnemonic } from '../isa/mnemonics';
import type { Origin } from './diagnostics';
import { constant, evaluate, ExprError, ExprParser, isScalar, type Expr } from './expression';
import { isSpecialFloat } from './floats';
import type { Token } from './lexer';
import type { PreprocessedLine } from './preprocessor';
import type { SectionAttributes } from './sections';
import { ALIGN_MODES } from './smart-align';

export type OperandAst =
  /** `to`: written `to st2`, NASM's keyword for the x87 st(i) destination forms. */
  | { readonly kind: 'reg'; readonly reg: Register; readonly to?: boolean; readonly col: number }
  | {
      readonly kind: 'mem';
      /** Size keyword before the bracket (bits), 0 if none. */
      readonly size: number;
      readonly seg: string | null;
      readonly expr: Expr;
      /** `[byte …]` / `[word …]` / `[dword …]`: forced displacement size (word and dword also set the address size), 0 if free. */
      readonly dispSize: number;
      readonly nosplit: boolean;
      /** `far [...]`: the memory holds a far pointer (JMP/CALL FF /5, FF /3). */
      readonly far: boolean;
      readonly col: number;
    }
  | {
      readonly kind: 'imm';
      readonly expr: Expr;
      readonly size: number;
      readonly strict: boolean;
      readonly jump: 'short' | 'near' | null;
      /** The selector of a far address written `selector:offset` (then `expr` is the offset). */
      readonly selector: Expr | null;
      readonly col: number;
    };

export type DataItem =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly col: number }
  | { readonly kind: 'string'; readonly bytes: readonly number[]; readonly col: number }
  /** A float literal or special value (__Infinity__…) as written; packed BCD (`12p`) in dt. */
  | { readonly kind: 'float'; readonly text: string; readonly negative: boolean; readonly col: number }
  | { readonly kind: 'uninit'; readonly col: number };

export interface Prefix {
  readonly name: string;
  readonly col: number;
}

export type Body =
  | { readonly kind: 'insn'; readonly prefixes: readonly Prefix[]; readonly mnemonic: string; readonly col: number; readonly operands: readonly OperandAst[] }
  | { readonly kind: 'data'; readonly width: number; readonly items: readonly DataItem[]; readonly col: number }
  | { readonly kind: 'reserve'; readonly width: number; readonly count: Expr; readonly col: number }
  /** smartalign's padding to a multiple of `align` (`__?smartalign?__ align, mode, threshold`, see smart-align.ts). */
  | { readonly kind: 'pad'; readonly align: Expr; readonly mode: string; readonly threshold: Expr; readonly longest16: Expr; readonly col: number };

export type Statement =
  | { readonly kind: 'empty' }
  | { readonly kind: 'code'; readonly times: Expr | null; readonly timesCol: number; readonly body: Body }
  | { readonly kind: 'equ'; readonly expr: Expr; readonly col: number }
  | { readonly kind: 'section'; readonly name: string; readonly align: number | null; readonly attributes: SectionAttributes; readonly col: number }
  | { readonly kind: 'global'; readonly names: readonly { readonly name: string; readonly col: number }[] }
  | { readonly kind: 'extern'; readonly names: readonly { readonly name: string; readonly col: number }[] }
  /** `common name size[:align]`: zero-filled space the linker shares among files (in .bss). */
  | { readonly kind: 'common'; readonly name: string; readonly size: bigint; readonly align: bigint; readonly col: number }
  | { readonly kind: 'sectalign'; readonly expr: Expr; readonly col: number }
  /** `bits 16` / `bits 32` (use16, use32): the default operand and address size from here on. */
  | { readonly kind: 'bits'; readonly bits: 16 | 32 }
  | { readonly kind: 'absolute'; readonly expr: Expr; readonly col: number };

export interface ParsedLine {
  readonly origin: Origin;
  readonly seq: number;
  readonly text: string;
  readonly label: { readonly name: string; readonly col: number } | null;
  readonly stmt: Statement;
  /** Which source file of the program (0 for the first) the line belongs to: its own symbols and sections. */
  readonly unit?: number;
}

export interface ParseError {
  readonly origin: Origin;
  readonly seq: number;
  readonly col: number;
  readonly message: string;
}

const DATA_WIDTH: Readonly<Record<string, number>> = { db: 1, dw: 2, dd: 4, dq: 8, dt: 10, do: 16, dy: 32, dz: 64 };
const RES_WIDTH: Readonly<Record<string, number>> = { resb: 1, resw: 2, resd: 4, resq: 8, rest: 10, reso: 16, resy: 32, resz: 64 };

/** __utf16__('…') and its kin: the UTF-8 text of a string re-encoded. */
const UTF_FUNCTIONS: Readonly<Record<string, (bytes: readonly number[]) => number[]>> = (() => {
  const units = (bytes: readonly number[], wide: boolean, big: boolean): number[] => {
    const text = new TextDecoder().decode(new Uint8Array(bytes));
    const out: number[] = [];
    const codes = wide ? [...text].map((c) => c.codePointAt(0)!) : [...text].flatMap((c) => (c.length === 2 ? [c.charCodeAt(0), c.charCodeAt(1)] : [c.charCodeAt(0)]));
    const size = wide ? 4 : 2;
    for (const v of codes) {
      const le = Array.from({ length: size }, (_, k) => (v >>> (8 * k)) & 0xff);
      out.push(...(big ? le.reverse() : le));
    }
    return out;
  };
  const table: Record<string, (bytes: readonly number[]) => number[]> = {};
  for (const [name, wide, big] of [['utf16', false, false], ['utf16le', false, false], ['utf16be', false, true], ['utf32', true, false], ['utf32le', true, false], ['utf32be', true, true]] as const) {
    table[`__${name}__`] = (b) => units(b, wide, big);
    table[`__?${name}?__`] = (b) => units(b, wide, big);
  }
  return table;
})();

/** A dup count: a number known when the line is read. */
function constantCount(expr: Expr): number | null {
  try {
    const v = evaluate(expr, { symbol: () => undefined, here: () => constant(0n), sectionBase: () => constant(0n), allowRegisters: false });
    return !v.unknown && isScalar(v) && v.n >= 0n && v.n <= 100_000_000n ? Number(v.n) : null;
  } catch {
    return null;
  }
}
const SIZE_KEYWORDS: Readonly<Record<string, number>> = { byte: 8, word: 16, dword: 32, qword: 64, tword: 80, oword: 128 };
const DIRECTIVES = new Set(['section', 'segment', 'global', 'static', 'extern', 'common', 'bits', 'use32', 'use16', 'cpu', 'default', 'org', 'absolute', 'sectalign', 'times', 'equ']);

/** smartalign's padding statement (smart-align.ts): a name no source writes by chance. */
const SMART_ALIGN = '__?smartalign?__';

/** A word that begins a statement rather than naming a label. */
export function isKeyword(word: string): boolean {
  const w = word.toLowerCase();
  return formsOf(w) !== undefined || w in PREFIX_WORDS || w in DATA_WIDTH || w === 'incbin' || w in RES_WIDTH || DIRECTIVES.has(w) || w === 'dt' || w === 'do' || w === 'dy' || w === 'dz' || w === SMART_ALIGN;
}

/** The error for a word in mnemonic position that ftvm cannot encode. */
function unknownMnemonic(word: string): string {
  return isX86Mnemonic(word) ? `instruction '${word}' is not supported by ftvm's assembler` : `unknown mnemonic '${word}'`;
}

class LineError extends Error {
  constructor(readonly col: number, message: string) {
    super(message);
  }
}

/** Reads the file an `incbin` names, seen from the file the line came from; undefined if it cannot be read. */
export type BinaryReader = (name: string, fromFile: string) => Uint8Array | undefined;

export function parseLines(lines: readonly PreprocessedLine[], readBinary: BinaryReader = () => undefined): { parsed: ParsedLine[]; errors: ParseError[]; warnings: ParseError[] } {
  const parsed: ParsedLine[] = [];
  const errors: ParseError[] = [];
  const warnings: ParseError[] = [];
  let scope = ''; // the last non-local label, which `.local` labels belong to
  // Lines that share their tokens (the rounds of a %rep) and name no symbol share one statement.
  const shared = new WeakMap<readonly Token[], Statement>();
  for (const line of lines) {
    const known = shared.get(line.tokens);
    if (known) {
      parsed.push({ origin: line.origin, seq: line.seq, text: line.text, label: null, stmt: known });
      continue;
    }
    const p = new LineParser(line.tokens, () => scope, line.tokens[line.tokens.length - 1]?.col ?? 1, (name) => readBinary(name, line.origin.file));
    let label: { name: string; col: number } | null = null;
    let stmt: Statement = { kind: 'empty' };
    try {
      label = p.parseLabel();
      if (label) {
        const name = p.qualify(label.name);
        // Only an ordinary label opens a new scope: not `.x`, `..@x`, nor an equ constant.
        if (!name.startsWith('.') && !label.name.replace(/^\$/, '').startsWith('.') && !p.isEquNext()) scope = name;
        label = { name, col: label.col };
        if (p.loneLabelWithoutColon) {
          warnings.push({ origin: line.origin, seq: line.seq, col: label.col, message: `label '${name}' alone on a line without a colon (is it a misspelt instruction?)` });
        }
      }
      stmt = p.parseStatement(label !== null);
    } catch (e) {
      if (e instanceof LineError || e instanceof ExprError) {
        errors.push({ origin: line.origin, seq: line.seq, col: e.col, message: e.message });
      } else {
        throw e;
      }
    }
    if (label === null && stmt.kind === 'code' && stmt.times === null && stmt.body.kind === 'insn' && stmt.body.operands.every((o) => o.kind === 'reg')) {
      shared.set(line.tokens, stmt);
    }
    parsed.push({ origin: line.origin, seq: line.seq, text: line.text, label, stmt });
  }
  return { parsed, errors, warnings };
}

class LineParser {
  private pos = 0;
  loneLabelWithoutColon = false;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly scope: () => string,
    private readonly endCol: number,
    private readonly readBinary: (name: string) => Uint8Array | undefined,
  ) {}

  private peek(k = 0): Token | undefined {
    return this.tokens[this.pos + k];
  }

  private atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private word(k = 0): string | null {
    const t = this.peek(k);
    return t && t.kind === 'id' ? t.text.toLowerCase() : null;
  }

  private endColumn(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last ? last.col + last.text.length : this.endCol;
  }

  /** A name as the symbol table knows it: `.x` becomes `scope.x`, `$x` becomes `x`. */
  qualify(name: string): string {
    const n = name.startsWith('$') ? name.slice(1) : name;
    if (n.startsWith('.') && !n.startsWith('..')) return this.scope() + n;
    return n;
  }

  isEquNext(): boolean {
    return this.word() === 'equ';
  }

  parseLabel(): { name: string; col: number } | null {
    const t = this.peek();
    if (!t || t.kind !== 'id') return null;
    if (this.isOp(':', 1)) {
      this.pos += 2;
      return { name: t.text, col: t.col };
    }
    // Without a colon, a word that is not an instruction is a label only if nothing
    // but an instruction or directive follows it; otherwise it is a misspelt mnemonic.
    if (!isKeyword(t.text) && !lookupRegister(t.text)) {
      // A real instruction ftvm cannot encode is an error, never a label: no instruction is dropped.
      if (isX86Mnemonic(t.text)) throw new LineError(t.col, unknownMnemonic(t.text));
      const next = this.peek(1);
      if (!next) {
        this.loneLabelWithoutColon = true;
      } else if (!(next.kind === 'id' && (isKeyword(next.text) || isX86Mnemonic(next.text))) && !(next.kind === 'op' && next.text === '[')) {
        throw new LineError(t.col, unknownMnemonic(t.text));
      }
      this.pos += 1;
      return { name: t.text, col: t.col };
    }
    return null;
  }

  parseStatement(hasLabel: boolean): Statement {
    if (this.atEnd()) return { kind: 'empty' };
    const first = this.peek()!;
    if (first.kind === 'op' && first.text === '[') return this.parseBracketDirective();
    const w = this.word();
    if (w === 'equ') {
      if (!hasLabel) throw new LineError(first.col, "'equ' needs a label");
      this.pos++;
      const expr = this.parseExpr();
      this.expectEnd();
      return { kind: 'equ', expr, col: first.col };
    }
    if (w === 'times') {
      this.pos++;
      const times = this.parseExpr();
      const body = this.parseBody();
      return { kind: 'code', times, timesCol: first.col, body };
    }
    if (w !== null && DIRECTIVES.has(w)) return this.parseDirective(w, first);
    return { kind: 'code', times: null, timesCol: 0, body: this.parseBody() };
  }

  private parseBracketDirective(): Statement {
    const open = this.peek()!;
    const close = this.tokens.findIndex((t, i) => i > this.pos && t.kind === 'op' && t.text === ']');
    if (close < 0) throw new LineError(open.col, "missing ']'");
    if (close !== this.tokens.length - 1) throw new LineError(this.tokens[close + 1]!.col, "unexpected text after ']'");
    const inner = new LineParser(this.tokens.slice(this.pos + 1, close), this.scope, open.col, this.readBinary);
    const w = inner.word();
    const t = inner.peek();
    // [warning +x], [warning push], [warning pop]: which warnings print, nothing in the output
    if (w === 'warning') return { kind: 'empty' };
    if (w === null || !DIRECTIVES.has(w) || w === 'times' || w === 'equ') throw new LineError(t?.col ?? open.col, 'directive expected inside [ ]');
    return inner.parseDirective(w, t!);
  }

  parseDirective(w: string, first: Token): Statement {
    this.pos++;
    switch (w) {
      case 'section':
      case 'segment': {
        const nameTok = this.peek();
        if (!nameTok || nameTok.kind !== 'id') throw new LineError(nameTok?.col ?? this.endColumn(), 'section name expected');
        this.pos++;
        // A name runs to the next blank: `.note.GNU-stack` is one name.
        let name = nameTok.text;
        while (!this.atEnd() && !this.peek()!.spaceBefore) name += this.tokens[this.pos++]!.text;
        let align: number | null = null;
        const attributes: { nobits?: boolean; alloc?: boolean; exec?: boolean; write?: boolean } = {};
        while (!this.atEnd()) {
          const a = this.peek()!;
          const aw = this.word();
          if (aw === 'align' && this.isOp('=', 1)) {
            this.pos += 2;
            const v = this.peek();
            if (!v || v.kind !== 'number') throw new LineError(v?.col ?? this.endColumn(), 'alignment expected after align=');
            align = Number(v.value!);
            if (align <= 0 || (align & (align - 1)) !== 0) throw new LineError(v.col, 'section alignment must be a power of two');
            this.pos++;
          } else if (aw !== null && ['progbits', 'nobits', 'alloc', 'noalloc', 'exec', 'noexec', 'write', 'nowrite'].includes(aw)) {
            this.pos++;
            if (aw === 'progbits' || aw === 'nobits') attributes.nobits = aw === 'nobits';
            else if (aw.endsWith('alloc')) attributes.alloc = aw === 'alloc';
            else if (aw.endsWith('exec')) attributes.exec = aw === 'exec';
            else attributes.write = aw === 'write';
          } else if (aw === 'merge' || aw === 'strings') {
            throw new LineError(a.col, `section attribute '${aw}': ld would merge the section's identical constants, which ftvm does not do`);
          } else {
            throw new LineError(a.col, `unsupported section attribute '${a.text}'`);
          }
        }
        return { kind: 'section', name, align, attributes, col: nameTok.col };
      }
      case 'global':
      case 'static':
      case 'extern': {
        const names: { name: string; col: number }[] = [];
        while (!this.atEnd()) {
          const t = this.peek()!;
          if (t.kind !== 'id') throw new LineError(t.col, 'symbol name expected');
          names.push({ name: this.qualify(t.text), col: t.col });
          this.pos++;
          // `global f:function`, `global d:data 4`, `extern x:wrt ..got`: the type and size go to
          // the symbol table only
          if (this.isOp(':')) while (!this.atEnd() && !this.isOp(',')) this.pos++;
          if (this.isOp(',')) this.pos++;
        }
        if (names.length === 0) throw new LineError(this.endColumn(), `'${w}' expects a symbol name`);
        // A static symbol stays local, as it is; an extern one is resolved by the linker, and a
        // use of one no source defines is reported as an undefined symbol.
        return w === 'global' ? { kind: 'global', names } : w === 'extern' ? { kind: 'extern', names } : { kind: 'empty' };
      }
      case 'common': {
        const nameTok = this.peek();
        if (!nameTok || nameTok.kind !== 'id') throw new LineError(nameTok?.col ?? this.endColumn(), "'common' expects a symbol name");
        this.pos++;
        const sizeCol = this.peek()?.col ?? this.endColumn();
        const size = constantCount(this.parseExpr());
        if (size === null) throw new LineError(sizeCol, "'common' size must be a constant number");
        let align = 4;
        if (this.isOp(':')) {
          this.pos++;
          const alignCol = this.peek()?.col ?? this.endColumn();
          const a = constantCount(this.parseExpr());
          if (a === null || a === 0 || (a & (a - 1)) !== 0) throw new LineError(alignCol, "'common' alignment must be a power of two");
          align = a;
        }
        this.expectEnd();
        return { kind: 'common', name: this.qualify(nameTok.text), size: BigInt(size), align: BigInt(align), col: nameTok.col };
      }
      case 'bits': {
        const t = this.peek();
        if (!t || t.kind !== 'number' || (t.value !== 32n && t.value !== 16n)) {
          throw new LineError(t?.col ?? first.col, t?.value === 64n ? '64-bit code is not supported: an elf32 program is 32-bit (bits 32, or bits 16)' : "'bits' expects 16 or 32");
        }
        this.pos++;
        this.expectEnd();
        return { kind: 'bits', bits: Number(t.value) as 16 | 32 };
      }
      case 'use32':
      case 'use16':
        this.expectEnd();
        return { kind: 'bits', bits: w === 'use16' ? 16 : 32 };
      case 'cpu':
        this.pos = this.tokens.length;
        return { kind: 'empty' };
      case 'default': {
        const t = this.word();
        if (t !== 'abs' && t !== 'rel' && t !== 'nobnd' && t !== 'bnd') throw new LineError(this.peek()?.col ?? first.col, "'default' expects rel or abs");
        this.pos++;
        return { kind: 'empty' };
      }
      case 'sectalign': {
        if (this.word() === 'on' || this.word() === 'off') {
          this.pos++;
          return { kind: 'empty' };
        }
        const expr = this.parseExpr();
        this.expectEnd();
        return { kind: 'sectalign', expr, col: first.col };
      }
      case 'org':
        throw new LineError(first.col, "'org' is not valid in an ELF executable: sections are placed as ld places them");
      case 'absolute': {
        const expr = this.parseExpr();
        this.expectEnd();
        return { kind: 'absolute', expr, col: first.col };
      }
      default:
        throw new LineError(first.col, `'${w}' is not valid here`);
    }
  }

  private expectEnd(): void {
    const t = this.peek();
    if (t) throw new LineError(t.col, `unexpected '${t.text}'`);
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new LineError(this.peek()?.col ?? this.endColumn(), `'${text}' expected`);
    this.pos++;
  }

  private parseExpr(): Expr {
    const p = new ExprParser(this.tokens, this.pos, (n) => this.qualify(n), this.endColumn());
    const e = p.parse();
    this.pos = p.pos;
    return e;
  }

  /** `incbin "file"[, skip[, count]]`: the file's bytes (from `skip`, at most `count` of them) as data. */
  private parseIncbin(col: number): DataItem {
    const file = this.peek();
    if (!file || file.kind !== 'string') throw new LineError(file?.col ?? this.endColumn(), "'incbin' expects a file name in quotes");
    this.pos++;
    const name = new TextDecoder().decode(new Uint8Array(file.bytes!));
    const numbers: bigint[] = [];
    while (this.isOp(',') && numbers.length < 2) {
      this.pos++;
      const t = this.peek();
      if (!t || t.kind !== 'number' || t.value === undefined) throw new LineError(t?.col ?? this.endColumn(), "'incbin' takes a skip and a count as plain numbers");
      numbers.push(t.value);
      this.pos++;
    }
    this.expectEnd();
    const bytes = this.readBinary(name);
    if (bytes === undefined) throw new LineError(file.col, `unable to open incbin file '${name}'`);
    const skip = Number(numbers[0] ?? 0n);
    const end = numbers[1] === undefined ? bytes.length : skip + Number(numbers[1]);
    return { kind: 'string', bytes: [...bytes.subarray(skip, end)], col };
  }

  /** An instruction, data or reserve directive. */
  private parseBody(): Body {
    const first = this.peek();
    if (!first) throw new LineError(this.endColumn(), 'instruction expected after times');
    const w = this.word();
    if (w === null) throw new LineError(first.col, `instruction expected, not '${first.text}'`);
    if (w in DATA_WIDTH) {
      this.pos++;
      return { kind: 'data', width: DATA_WIDTH[w]!, items: this.parseDataItems(), col: first.col };
    }
    if (w === 'incbin') {
      this.pos++;
      return { kind: 'data', width: 1, items: [this.parseIncbin(first.col)], col: first.col };
    }
    if (w === SMART_ALIGN) {
      this.pos++;
      const align = this.parseExpr();
      this.expectOp(',');
      const mode = this.peek();
      if (!mode || mode.kind !== 'id' || !(mode.text.toLowerCase() in ALIGN_MODES)) {
        throw new LineError(mode?.col ?? this.endColumn(), `unknown alignment mode '${mode?.text ?? ''}' (alignmode takes ${Object.keys(ALIGN_MODES).join(', ')})`);
      }
      this.pos++;
      this.expectOp(',');
      const threshold = this.parseExpr();
      this.expectOp(',');
      const longest16 = this.parseExpr();
      this.expectEnd();
      return { kind: 'pad', align, mode: mode.text.toLowerCase(), threshold, longest16, col: first.col };
    }
    if (w in RES_WIDTH) {
      this.pos++;
      const count = this.parseExpr();
      this.expectEnd();
      return { kind: 'reserve', width: RES_WIDTH[w]!, count, col: first.col };
    }
    const prefixes: Prefix[] = [];
    while (this.word() !== null && this.word()! in PREFIX_WORDS) {
      // A segment register name is a prefix only when an instruction follows it.
      const next = this.peek(1);
      if (lookupRegister(this.word()!)?.cls === 'sreg' && (!next || next.kind !== 'id')) break;
      prefixes.push({ name: this.word()!, col: this.peek()!.col });
      this.pos++;
    }
    const m = this.peek();
    if (!m) {
      // A prefix alone on a line emits just the prefix byte, as in NASM (`rep` / `lock` lines).
      const last = prefixes.pop()!;
      return { kind: 'insn', prefixes, mnemonic: last.name, col: last.col, operands: [] };
    }
    if (m.kind !== 'id') throw new LineError(m.col, `instruction expected, not '${m.text}'`);
    if (formsOf(m.text.toLowerCase()) === undefined) {
      throw new LineError(m.col, m.text.toLowerCase() in PREFIX_WORDS ? `'${m.text}' is a prefix, not an instruction` : unknownMnemonic(m.text));
    }
    this.pos++;
    const operands: OperandAst[] = [];
    if (!this.atEnd()) {
      for (;;) {
        operands.push(this.parseOperand());
        if (this.atEnd()) break;
        if (!this.isOp(',')) throw new LineError(this.peek()!.col, `expected ',' or end of line, not '${this.peek()!.text}'`);
        this.pos++;
      }
    }
    return { kind: 'insn', prefixes, mnemonic: m.text.toLowerCase(), col: m.col, operands };
  }

  /** Items up to the end of the line, or (inside `dup (...)`) up to the closing parenthesis. */
  private parseDataItems(inParens = false): DataItem[] {
    const items: DataItem[] = [];
    const atItemsEnd = (): boolean => this.atEnd() || (inParens && this.isOp(')'));
    if (atItemsEnd()) throw new LineError(this.peek()?.col ?? this.endColumn(), 'data expected');
    for (;;) {
      const t = this.peek()!;
      const next = this.peek(1);
      const endsItem = (tok: Token | undefined): boolean => !tok || (tok.kind === 'op' && (tok.text === ',' || (inParens && tok.text === ')')));
      const alone = endsItem(next);
      const isFloat = (tok: Token | undefined): boolean => tok !== undefined && (tok.kind === 'float' || (tok.kind === 'id' && isSpecialFloat(tok.text)));
      const utf = t.kind === 'id' ? UTF_FUNCTIONS[t.text.toLowerCase()] : undefined;
      if (t.kind === 'string' && alone) {
        items.push({ kind: 'string', bytes: t.bytes!, col: t.col });
        this.pos++;
      } else if (utf && this.isOp('(', 1) && this.peek(2)?.kind === 'string' && this.isOp(')', 3) && endsItem(this.peek(4))) {
        // __utf16__('text') and the like: the string re-encoded
        items.push({ kind: 'string', bytes: utf(this.peek(2)!.bytes!), col: t.col });
        this.pos += 4;
      } else if (t.kind === 'op' && t.text === '?' && alone) {
        items.push({ kind: 'uninit', col: t.col });
        this.pos++;
      } else if (isFloat(t) && alone) {
        items.push({ kind: 'float', text: t.text, negative: false, col: t.col });
        this.pos++;
      } else if (t.kind === 'op' && (t.text === '-' || t.text === '+') && isFloat(next)) {
        const after = this.peek(2);
        if (!endsItem(after)) throw new LineError(after!.col, 'floating-point constants cannot be used in expressions');
        items.push({ kind: 'float', text: next!.text, negative: t.text === '-', col: t.col });
        this.pos += 2;
      } else {
        const expr = this.parseExpr();
        if (this.word() === 'dup') {
          // `count dup (items)`: the items, count times
          const dup = this.peek()!;
          this.pos++;
          if (!this.isOp('(')) throw new LineError(this.peek()?.col ?? this.endColumn(), "'dup' expects items in parentheses");
          this.pos++;
          const inner = this.parseDataItems(true);
          if (!this.isOp(')')) throw new LineError(this.peek()?.col ?? this.endColumn(), "missing ')' after 'dup' items");
          this.pos++;
          const count = constantCount(expr);
          if (count === null) throw new LineError(dup.col, "'dup' count must be a constant number");
          for (let k = 0; k < count; k++) items.push(...inner);
        } else {
          items.push({ kind: 'expr', expr, col: t.col });
        }
      }
      if (atItemsEnd()) break;
      if (!this.isOp(',')) throw new LineError(this.peek()!.col, `expected ',' or end of line, not '${this.peek()!.text}'`);
      this.pos++;
      if (atItemsEnd()) throw new LineError(this.peek()?.col ?? this.endColumn(), 'data expected after comma');
    }
    return items;
  }

  private parseOperand(): OperandAst {
    const start = this.peek()!;
    let size = 0;
    let strict = false;
    let jump: 'short' | 'near' | null = null;
    let far = false;
    let to = false;
    for (;;) {
      const w = this.word();
      if (w === null) break;
      if (w in SIZE_KEYWORDS) size = SIZE_KEYWORDS[w]!;
      else if (w === 'to' && this.peek(1)?.kind === 'id' && lookupRegister(this.peek(1)!.text)?.cls === 'fpu') to = true;
      else if (w === 'strict') strict = true;
      else if (w === 'short' || w === 'near') jump = w;
      else if (w === 'far') far = true;
      else if (w === 'yword' || w === 'zword') throw new LineError(this.peek()!.col, `'${w}' operands are not supported`);
      else break;
      this.pos++;
    }
    const t = this.peek();
    if (!t) throw new LineError(this.endColumn(), 'operand expected');
    // Segment override written before the bracket: fs:[ebx]
    let seg: string | null = null;
    if (t.kind === 'id' && lookupRegister(t.text)?.cls === 'sreg' && this.isOp(':', 1)) {
      seg = t.text.toLowerCase();
      this.pos += 2;
    }
    if (this.isOp('[')) return this.parseMemory(size, seg, far, start.col);
    if (seg !== null) {
      // fs:label — an absolute address through a segment
      const expr = this.parseExpr();
      return { kind: 'mem', size, seg, expr, dispSize: 0, nosplit: false, far, col: start.col };
    }
    const reg = t.kind === 'id' ? lookupRegister(t.text) : undefined;
    const after = this.peek(1);
    if (reg && (!after || (after.kind === 'op' && after.text === ','))) {
      this.pos++;
      if (size !== 0 && size !== reg.size) throw new LineError(start.col, 'mismatch in operand sizes');
      return to ? { kind: 'reg', reg, to, col: t.col } : { kind: 'reg', reg, col: t.col };
    }
    const expr = this.parseExpr();
    if (this.isOp(':')) {
      // selector:offset, a far address (JMP EA, CALL 9A)
      this.pos++;
      const offset = this.parseExpr();
      return { kind: 'imm', expr: offset, size, strict, jump, selector: expr, col: start.col };
    }
    if (far) throw new LineError(start.col, "a far jump or call to a label needs a segment base, which an ELF executable has not: write selector:offset");
    return { kind: 'imm', expr, size, strict, jump, selector: null, col: start.col };
  }

  private parseMemory(size: number, outerSeg: string | null, far: boolean, col: number): OperandAst {
    const open = this.peek()!;
    this.pos++;
    let seg = outerSeg;
    let dispSize = 0;
    let nosplit = false;
    for (;;) {
      const w = this.word();
      if (w === 'byte' || w === 'word' || w === 'dword') dispSize = w === 'byte' ? 8 : w === 'word' ? 16 : 32;
      else if (w === 'nosplit') nosplit = true;
      else if (w !== null && lookupRegister(w)?.cls === 'sreg' && this.isOp(':', 1)) {
        seg = w;
        this.pos++;
      } else break;
      this.pos++;
    }
    if (this.isOp(']')) throw new LineError(this.peek()!.col, 'address expected inside [ ]');
    let expr = this.parseExpr();
    if (this.isOp(',')) {
      // The split form [base, index*scale] is the sum of its two parts.
      const comma = this.peek()!;
      this.pos++;
      expr = { k: 'binary', op: '+', l: expr, r: this.parseExpr(), col: comma.col };
    }
    if (!this.isOp(']')) throw new LineError(this.peek()?.col ?? this.endColumn(), this.atEnd() ? `missing ']' for '[' at column ${open.col}` : `unexpected '${this.peek()!.text}' in address`);
    this.pos++;
    return { kind: 'mem', size, seg, expr, dispSize, nosplit, far, col };
  }
}
