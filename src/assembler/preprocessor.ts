/**
 * The NASM preprocessor, as small programs use it: %define/%xdefine/%idefine/
 * %undef/%assign/%defstr/%strlen, %macro/%imacro with parameter ranges,
 * greedy and default parameters, %0, %%local labels and %rotate, %rep/%exitrep,
 * %if/%elif/%else/%endif with the def/ndef/idn/num/str/id/empty/macro tests,
 * %include (relative to the including file), %error/%warning/%fatal, and
 * __SECT__ tracking for `section`. Output is a list of logical lines of
 * tokens, each with its origin, ready for the parser.
 */
import * as nodePath from 'node:path';
import type { Diagnostics, Origin, SourcePos } from './diagnostics';
import { ExprError, ExprParser, evaluate, isScalar } from './expression';
import { lex, type Token } from './lexer';
import { MACRO_PACKAGES } from './macro-packages';
import { formsOf } from '../isa';
import { isX86Mnemonic } from '../isa/mnemonics';
import {
  acceptsCount, colMapOf, fitArgs, invocationArgs, MacroParamError, parseMacroSpec, substituteParams,
  type ExpansionState, type MultiLineMacro, type SourceLine,
} from './multi-line-macros';
import { SingleLineMacros } from './single-line-macros';
import { STANDARD_MACROS } from './standard-macros';

export interface PreprocessedLine {
  readonly tokens: readonly Token[];
  readonly origin: Origin;
  /** The line as expanded by macro parameter substitution, for the listing. */
  readonly text: string;
  /** Index of this line in the output, used to order diagnostics. */
  readonly seq: number;
}

export interface PreprocessOptions {
  readonly source: string;
  readonly fileName: string;
  readonly readFile: (path: string) => string;
  readonly diagnostics: Diagnostics;
}

const MAX_INCLUDE_DEPTH = 50;
const STANDARD_MACROS_FILE = '<standard macros>';
const IF_KINDS = ['', 'def', 'idn', 'idni', 'num', 'str', 'id', 'empty', 'macro', 'ctx', 'token', 'env'];
const MAX_MACRO_DEPTH = 1000;
const MAX_REP = 1_000_000;

interface FileFrame {
  readonly kind: 'file';
  readonly file: string;
  readonly lines: readonly string[];
  index: number;
  readonly condDepth: number;
}

interface MacroFrame {
  readonly kind: 'macro';
  readonly macro: MultiLineMacro;
  readonly state: ExpansionState;
  readonly invocation: SourcePos;
  readonly expansion: readonly SourcePos[];
  index: number;
  readonly condDepth: number;
}

interface RepFrame {
  readonly kind: 'rep';
  readonly body: readonly SourceLine[];
  remaining: number;
  index: number;
  readonly condDepth: number;
}

type Frame = FileFrame | MacroFrame | RepFrame;

/** One %if level: emitting now, still looking for a true branch, past its true branch, or inside a skipped block. */
type CondState = 'active' | 'seeking' | 'done' | 'skipped';

interface Collecting {
  readonly kind: 'macro' | 'rep';
  readonly start: SourceLine;
  readonly startCol: number;
  depth: number;
  readonly lines: SourceLine[];
  /** For macros: the parsed header; for %rep: the count. */
  readonly macro?: Omit<MultiLineMacro, 'body'>;
  readonly count?: number;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function preprocess(opts: PreprocessOptions): PreprocessedLine[] {
  return new Preprocessor(opts).run();
}

class Preprocessor {
  private readonly out: PreprocessedLine[] = [];
  private readonly frames: Frame[] = [];
  private readonly conds: CondState[] = [];
  private readonly smacros = new SingleLineMacros();
  private readonly mmacros = new Map<string, MultiLineMacro[]>();
  private collecting: Collecting | null = null;
  private localCounter = 0;
  /** %push/%pop contexts, innermost last; `%$x` names belong to the innermost. */
  private readonly contexts: { name: string; id: number }[] = [];
  private readonly lexed = new WeakMap<SourceLine, ReturnType<typeof lex>>();
  private readonly packages = new Set<string>();
  /** The frame %arg and %local describe (%stacksize): slot size, frame pointer, next offsets. */
  private readonly stack = { size: 4, pointer: 'ebp', argOffset: 8, localOffset: 0 };
  private current: SourceLine | null = null;
  private fatal = false;

  constructor(private readonly opts: PreprocessOptions) {
    this.smacros.dynamic = (name, at) => {
      const cur = this.current;
      if (!cur) return undefined;
      if (name === '__LINE__' || name === '__?LINE?__') {
        return [{ kind: 'number', text: String(cur.origin.line), value: BigInt(cur.origin.line), col: at.col, pos: at.pos, end: at.end, spaceBefore: at.spaceBefore }];
      }
      if (name === '__FILE__' || name === '__?FILE?__') {
        const text = JSON.stringify(cur.origin.file);
        return [{ kind: 'string', text, bytes: [...new TextEncoder().encode(cur.origin.file)], col: at.col, pos: at.pos, end: at.end, spaceBefore: at.spaceBefore }];
      }
      return undefined;
    };
    const constant = (name: string, text: string): void =>
      this.smacros.define({ name, params: null, body: lex(text).tokens, caseless: false });
    constant('__SECT__', '[section .text]');
    constant('__BITS__', '32');
    constant('__?BITS?__', '32');
    // The NASM this assembler matches (2.16.01), each name also in its __?x?__ spelling.
    const both = (name: string, text: string): void => {
      constant(`__${name}__`, text);
      constant(`__?${name}?__`, text);
    };
    both('NASM_MAJOR', '2');
    both('NASM_MINOR', '16');
    both('NASM_SUBMINOR', '1');
    both('NASM_PATCHLEVEL', '0');
    both('NASM_VERSION_ID', '0x02100100');
    both('NASM_VER', '"2.16.01"');
    both('OUTPUT_FORMAT', 'elf32');
    both('PASS', '2');
    both('DEBUG_FORMAT', 'null');
    constant('__FTVM__', '1');
    // The time of assembly, as NASM gives it: local and UTC, as strings and as numbers.
    const now = new Date();
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const dates = (prefix: string, y: number, mo: number, d: number, h: number, mi: number, sec: number): void => {
      both(`${prefix}DATE`, `"${y}-${pad(mo)}-${pad(d)}"`);
      both(`${prefix}TIME`, `"${pad(h)}:${pad(mi)}:${pad(sec)}"`);
      both(`${prefix}DATE_NUM`, `${y}${pad(mo)}${pad(d)}`);
      both(`${prefix}TIME_NUM`, `${pad(h)}${pad(mi)}${pad(sec)}`);
    };
    dates('', now.getFullYear(), now.getMonth() + 1, now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds());
    dates('UTC_', now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds());
    both('POSIX_TIME', String(Math.floor(now.getTime() / 1000)));
  }

  run(): PreprocessedLine[] {
    // The standard macros (align, alignb) are defined by NASM source text, as in NASM.
    this.frames.push({ kind: 'file', file: STANDARD_MACROS_FILE, lines: splitLines(STANDARD_MACROS), index: 0, condDepth: 0 });
    this.drain();
    this.frames.push({ kind: 'file', file: this.opts.fileName, lines: splitLines(this.opts.source), index: 0, condDepth: 0 });
    this.drain();
    if (this.collecting) {
      const c = this.collecting;
      this.error(c.start, c.startCol, c.kind === 'macro' ? "'%macro' without '%endmacro'" : "'%rep' without '%endrep'");
      this.collecting = null;
    }
    return this.out;
  }

  // ---- Diagnostics ---------------------------------------------------------------

  private error(line: SourceLine, col: number, message: string): void {
    this.opts.diagnostics.error(line.origin, col, message, this.out.length);
  }

  private warning(line: SourceLine, col: number, message: string): void {
    this.opts.diagnostics.warning(line.origin, col, message, this.out.length);
  }

  // ---- Reading lines ---------------------------------------------------------------

  /** The next line from the innermost frame, or null when that frame is finished. */
  private nextLine(frame: Frame): SourceLine | null {
    if (frame.kind === 'file') {
      if (frame.index >= frame.lines.length) return null;
      const first = frame.index;
      let text = frame.lines[frame.index++]!;
      // A backslash at the end of a line continues it on the next.
      while (/\\\s*$/.test(text) && frame.index < frame.lines.length) {
        text = text.replace(/\\\s*$/, '') + frame.lines[frame.index++]!;
      }
      return { text, origin: { file: frame.file, line: first + 1, expansion: [] } };
    }
    if (frame.kind === 'macro') {
      if (frame.index >= frame.macro.body.length) return null;
      const body = frame.macro.body[frame.index++]!;
      return {
        text: body.text,
        colMap: body.colMap,
        origin: { file: body.origin.file, line: body.origin.line, expansion: [frame.invocation, ...frame.expansion] },
        params: frame.state,
      };
    }
    if (frame.index >= frame.body.length) {
      if (--frame.remaining <= 0) return null;
      frame.index = 0;
    }
    if (frame.body.length === 0) return null;
    return frame.body[frame.index++]!;
  }

  private drain(): void {
    const base = this.frames.length - 1;
    while (this.frames.length > base && !this.fatal) {
      const frame = this.frames[this.frames.length - 1]!;
      const line = this.nextLine(frame);
      if (line === null) {
        this.frames.pop();
        this.closeFrame(frame);
        continue;
      }
      this.current = line;
      this.processLine(line);
    }
    if (this.fatal) this.frames.length = 0;
  }

  private closeFrame(frame: Frame): void {
    if (this.conds.length > frame.condDepth) {
      if (frame.kind === 'file') {
        this.opts.diagnostics.error({ file: frame.file, line: frame.lines.length, expansion: [] }, 1, "'%if' without '%endif'", this.out.length);
      }
      this.conds.length = frame.condDepth;
    }
  }

  private get emitting(): boolean {
    return this.conds.every((c) => c === 'active');
  }

  // ---- One line ------------------------------------------------------------------------

  private processLine(raw: SourceLine): void {
    if (this.collecting) {
      // Bodies are kept as written: a %rep inside a macro substitutes %1 afresh on each
      // round (after %rotate); a nested macro definition takes its own parameters.
      const lexed = this.lexLine(raw);
      const first = lexed.tokens[0];
      const directive = first && first.kind === 'pp' && /^%[a-z]/i.test(first.text) ? first.text.slice(1).toLowerCase() : null;
      this.collect(this.collecting.kind === 'macro' ? { ...raw, params: undefined } : raw, directive);
      this.listOnly(raw);
      return;
    }
    let line = raw;
    if (raw.params) {
      try {
        const sub = substituteParams(raw, raw.params);
        line = { text: sub.text, colMap: sub.colMap, origin: raw.origin };
      } catch (e) {
        if (!(e instanceof MacroParamError)) throw e;
        this.error(raw, e.col, e.message);
        return;
      }
    }
    if (this.emitting && (line.text.includes('%$') || line.text.includes('%{$'))) line = this.substituteContext(line);
    if (this.emitting && line.text.includes('%[')) line = this.substituteBrackets(line);
    const lexed = this.lexLine(line);
    const tokens = lexed.tokens;
    const first = tokens[0];
    const directive = first && first.kind === 'pp' && /^%[a-z]/i.test(first.text) ? first.text.slice(1).toLowerCase() : null;

    if (directive !== null && this.isConditional(directive)) {
      const wasEmitting = this.emitting;
      for (const e of lexed.errors) if (wasEmitting) this.error(line, e.col, e.message);
      this.conditional(line, directive, tokens);
      if (wasEmitting || this.emitting) this.listOnly(line);
      return;
    }
    if (!this.emitting) return;
    for (const e of lexed.errors) this.error(line, e.col, e.message);
    if (directive !== null) {
      this.listOnly(line);
      this.directive(line, directive, tokens);
      return;
    }
    if (tokens.length === 0) {
      this.emit(line, []);
      return;
    }
    if (this.tryMacroCall(line, tokens)) return;
    const errors: { col: number; message: string }[] = [];
    // %isdef(name) looks at the name before it expands
    const unexpanded = tokens.some((t) => t.kind === 'pp' && t.text.toLowerCase() === '%isdef') ? this.applyFunctions(line, tokens, errors, true) : tokens;
    let expanded = this.smacros.expand(unexpanded, errors);
    // %+ pastes the tokens on either side (after expansion, then the result expands again);
    // %abs(…), %eval(…) and the other functions are evaluated.
    if (expanded.some((t) => t.kind === 'pp' && t.text === '%+')) expanded = this.smacros.expand(pasteTokens(expanded), errors);
    if (expanded.some((t) => t.kind === 'pp' && PP_FUNCTIONS.has(t.text.toLowerCase()))) expanded = this.applyFunctions(line, expanded, errors);
    for (const e of errors) this.error(line, e.col, e.message);
    this.noteSection(expanded);
    // Nothing expanded: keep the lexed array, which the rounds of a %rep share.
    const unchanged = expanded.length === tokens.length && expanded.every((t, k) => t === tokens[k]);
    this.emit(line, unchanged ? tokens : expanded);
  }

  /** Tokens of a line; a %rep body line that nothing substitutes into is lexed once for all its rounds. */
  private lexLine(line: SourceLine): ReturnType<typeof lex> {
    const cached = this.lexed.get(line);
    if (cached) return cached;
    const lexed = lex(line.text, line.colMap);
    this.lexed.set(line, lexed);
    return lexed;
  }

  private emit(line: SourceLine, tokens: readonly Token[]): void {
    for (const t of tokens) {
      if (t.kind === 'pp') {
        this.error(line, t.col, /^%(\d|\{)/.test(t.text) || t.text.startsWith('%%')
          ? `'${t.text}' used outside a macro`
          : `unknown preprocessor token '${t.text}'`);
        this.out.push({ tokens: [], origin: line.origin, text: line.text, seq: this.out.length });
        return;
      }
    }
    this.out.push({ tokens, origin: line.origin, text: line.text, seq: this.out.length });
  }

  /**
   * Context-local names: `%$x` (innermost context), `%$$x` (the one outside it)
   * become `..@<context>.x`; `%{$x}` becomes the value of the context-local
   * single-line macro x, so that `%{$name}_size` pastes like NASM's.
   */
  private substituteContext(line: SourceLine): SourceLine {
    const srcMap = colMapOf(line);
    const { tokens } = lex(line.text, srcMap);
    let text = '';
    const colMap: number[] = [];
    let last = 0;
    const append = (str: string, cols: readonly number[] | number): void => {
      for (let k = 0; k < str.length; k++) colMap.push(typeof cols === 'number' ? cols : cols[k] ?? 1);
      text += str;
    };
    for (const t of tokens) {
      const m = t.kind === 'pp' ? /^%(?:\{(\$+)([^}]*)\}|(\$+)(.+))$/.exec(t.text) : null;
      if (!m) continue;
      const depth = (m[1] ?? m[3]!).length;
      const name = m[2] ?? m[4]!;
      const ctx = this.contexts[this.contexts.length - depth];
      let replacement: string;
      if (!ctx) {
        this.error(line, t.col, `'${t.text}': no context ${depth > 1 ? `${depth} levels` : ''} open (missing %push?)`.replace('  ', ' '));
        replacement = '';
      } else {
        replacement = `..@${ctx.id}.${name}`;
        if (m[1] !== undefined) {
          const value = this.smacros.expand([{ kind: 'id', text: replacement, col: t.col, pos: 0, end: 0, spaceBefore: false }], []);
          replacement = value.map((x, i) => (i > 0 && x.spaceBefore ? ' ' : '') + x.text).join('');
        }
      }
      append(line.text.slice(last, t.pos), srcMap.slice(last, t.pos));
      append(replacement, t.col);
      last = t.end;
    }
    append(line.text.slice(last), srcMap.slice(last));
    colMap.push(srcMap[line.text.length] ?? (colMap[colMap.length - 1] ?? 0) + 1);
    return { text, colMap, origin: line.origin };
  }

  /** `%[expr]`: the single-line macros of `expr` expanded and pasted into the text around them. */
  private substituteBrackets(line: SourceLine): SourceLine {
    let text = line.text;
    for (let open = text.indexOf('%['); open >= 0; open = text.indexOf('%[', open)) {
      let depth = 0;
      let close = -1;
      for (let k = open + 1; k < text.length; k++) {
        if (text[k] === '[') depth++;
        else if (text[k] === ']' && --depth === 0) {
          close = k;
          break;
        }
      }
      if (close < 0) break;
      const inner = this.smacros.expand(lex(text.slice(open + 2, close)).tokens, []);
      const value = inner.map((t, i) => (i > 0 && t.spaceBefore ? ' ' : '') + t.text).join('');
      text = text.slice(0, open) + value + text.slice(close + 1);
      open += value.length;
    }
    return { text, origin: line.origin };
  }

  /** The preprocessor functions (NASM 2.16): each call replaced by its result. */
  private applyFunctions(line: SourceLine, tokens: readonly Token[], errors: { col: number; message: string }[], isdefOnly = false): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const name = t.kind === 'pp' ? t.text.toLowerCase() : '';
      if (!PP_FUNCTIONS.has(name) || (isdefOnly && name !== '%isdef') || !(tokens[i + 1]?.kind === 'op' && tokens[i + 1]!.text === '(')) {
        out.push(t);
        continue;
      }
      // the arguments: comma-separated at the outer level, up to the matching ')'
      const args: Token[][] = [[]];
      let depth = 0;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const x = tokens[j]!;
        if (x.kind === 'op' && x.text === '(') {
          if (depth++ === 0) continue;
        } else if (x.kind === 'op' && x.text === ')') {
          if (--depth === 0) break;
        } else if (depth === 1 && x.kind === 'op' && x.text === ',') {
          args.push([]);
          continue;
        }
        args[args.length - 1]!.push(x);
      }
      if (j >= tokens.length) {
        errors.push({ col: t.col, message: `missing ')' after '${t.text}('` });
        return out;
      }
      const inner = args.map((a) => this.applyFunctions(line, a, errors, isdefOnly));
      const result = this.callFunction(line, name, inner, t, errors);
      out.push(...result.map((x) => ({ ...x, col: t.col, pos: t.pos, end: t.end })));
      i = j;
    }
    return out;
  }

  private callFunction(line: SourceLine, name: string, args: Token[][], at: Token, errors: { col: number; message: string }[]): Token[] {
    const num = (k: number): bigint => this.evalNumber(line, args[k] ?? [], at);
    const number = (n: bigint): Token[] => (n < 0n
      ? [{ kind: 'op', text: '-', col: at.col, pos: 0, end: 0, spaceBefore: true }, { kind: 'number', text: String(-n), value: -n, col: at.col, pos: 0, end: 0, spaceBefore: false }]
      : [{ kind: 'number', text: String(n), value: n, col: at.col, pos: 0, end: 0, spaceBefore: true }]);
    const str = (k: number): string | null => {
      const a = args[k] ?? [];
      return a.length === 1 && a[0]!.kind === 'string' ? new TextDecoder().decode(new Uint8Array(a[0]!.bytes!)) : null;
    };
    switch (name) {
      case '%abs': {
        const n = num(0);
        return number(n < 0n ? -n : n);
      }
      case '%eval':
        return number(num(0));
      case '%cond':
        return (num(0) !== 0n ? args[1] : args[2]) ?? [];
      case '%sel': {
        const k = Number(num(0));
        return args[k] ?? [];
      }
      case '%count':
        return number(BigInt(args.length === 1 && args[0]!.length === 0 ? 0 : args.length));
      case '%num': {
        const v = num(0);
        const digits = args[1] ? Number(num(1)) : -1;
        const base = args[2] ? Number(num(2)) : 10;
        let text = (v < 0n ? -v : v).toString(base);
        if (digits > 0) text = text.padStart(digits, '0').slice(-digits);
        return [stringToken((v < 0n ? '-' : '') + text, at)];
      }
      case '%str':
        return [stringToken(args.map((a) => a.map((x, i) => (i > 0 && x.spaceBefore ? ' ' : '') + x.text).join('')).join(','), at)];
      case '%strcat': {
        const parts = args.map((_, k) => str(k));
        if (parts.some((x) => x === null)) break;
        return [stringToken(parts.join(''), at)];
      }
      case '%strlen': {
        const s0 = args[0]?.[0];
        if (!s0 || s0.kind !== 'string') break;
        return number(BigInt(s0.bytes!.length));
      }
      case '%substr': {
        const s0 = args[0]?.[0];
        if (!s0 || s0.kind !== 'string') break;
        const bytes = s0.bytes!;
        const start = Number(num(1));
        let len = args[2] ? Number(num(2)) : 1;
        if (len < 0) len = bytes.length - start + 1 + len + 1;
        const from = Math.max(0, start - 1);
        return [stringToken(new TextDecoder().decode(new Uint8Array(bytes.slice(from, Math.max(from, from + len)))), at)];
      }
      case '%tok': {
        const s0 = str(0);
        if (s0 === null) break;
        return this.smacros.expand(lex(s0).tokens, errors);
      }
      case '%isdef':
        return number(args[0]?.[0]?.kind === 'id' && this.smacros.isDefined(args[0][0].text) ? 1n : 0n);
      default:
        break;
    }
    errors.push({ col: at.col, message: `bad arguments to '${at.text}()'` });
    return [];
  }

  /** A line that produces nothing but belongs in the listing (directives, macro definitions). */
  private listOnly(line: SourceLine): void {
    if (line.origin.file === STANDARD_MACROS_FILE) return;
    this.out.push({ tokens: [], origin: line.origin, text: line.text, seq: this.out.length });
  }

  /** `section X` (not the bracketed primitive) makes __SECT__ return to X. */
  private noteSection(tokens: readonly Token[]): void {
    const t = tokens[0];
    if (t && t.kind === 'id' && /^(section|segment)$/i.test(t.text) && tokens.length > 1) {
      const rest = tokens.slice(1).map((x) => x.text).join(' ');
      this.smacros.define({ name: '__SECT__', params: null, body: lex(`[section ${rest}]`).tokens, caseless: false });
    }
  }

  // ---- Macro definitions and %rep bodies are collected verbatim -----------------------------

  private collect(line: SourceLine, directive: string | null): void {
    const c = this.collecting!;
    const opens = c.kind === 'macro' ? ['macro', 'imacro'] : ['rep'];
    const closes = c.kind === 'macro' ? ['endmacro', 'endm'] : ['endrep'];
    if (directive !== null && opens.includes(directive)) c.depth++;
    if (directive !== null && closes.includes(directive)) {
      if (c.depth === 0) {
        this.collecting = null;
        if (c.kind === 'macro') this.defineMacro({ ...c.macro!, body: c.lines });
        else if (c.count! > 0 && c.lines.length > 0) {
          this.frames.push({ kind: 'rep', body: c.lines, remaining: c.count!, index: 0, condDepth: this.conds.length });
        }
        return;
      }
      c.depth--;
    }
    c.lines.push(line);
  }

  private defineMacro(m: MultiLineMacro): void {
    const key = m.caseless ? m.name.toLowerCase() : m.name;
    const list = (this.mmacros.get(key) ?? []).filter((x) => x.minParams !== m.minParams || x.maxParams !== m.maxParams);
    list.push(m);
    this.mmacros.set(key, list);
  }

  private findMacros(name: string): MultiLineMacro[] {
    return [...(this.mmacros.get(name) ?? []), ...(this.mmacros.get(name.toLowerCase()) ?? []).filter((m) => m.caseless)]
      .filter((m, i, a) => a.indexOf(m) === i && (m.caseless ? m.name.toLowerCase() === name.toLowerCase() : m.name === name));
  }

  /** If the line invokes a multi-line macro (possibly after a label), start expanding it. */
  private tryMacroCall(line: SourceLine, tokens: readonly Token[]): boolean {
    let nameIdx = 0;
    if (tokens[0]!.kind !== 'id') return false;
    if (this.findMacros(tokens[0]!.text).length === 0) {
      // `label: macro args` — the label is emitted on its own line first.
      const colon = tokens[1]?.kind === 'op' && tokens[1].text === ':' ? 2 : 1;
      const cand = tokens[colon];
      if (!cand || cand.kind !== 'id' || this.findMacros(cand.text).length === 0) return false;
      nameIdx = colon;
    }
    const nameTok = tokens[nameIdx]!;
    const candidates = this.findMacros(nameTok.text);
    const args = invocationArgs(line, nameTok.end);
    const macro = candidates.find((m) => acceptsCount(m, args.length));
    // A macro named like an instruction overloads it: other parameter counts are the instruction.
    if (!macro && nameIdx === 0 && (formsOf(nameTok.text.toLowerCase()) !== undefined || isX86Mnemonic(nameTok.text))) return false;
    if (!macro) {
      const m = candidates[0]!;
      const range = m.maxParams === Infinity ? `at least ${m.minParams}` : m.minParams === m.maxParams ? `${m.minParams}` : `${m.minParams} to ${m.maxParams}`;
      this.error(line, nameTok.col, `macro '${nameTok.text}' takes ${range} parameter${m.maxParams === 1 && m.minParams === 1 ? '' : 's'}, not ${args.length}`);
      return true;
    }
    const depth = this.frames.filter((f) => f.kind === 'macro').length;
    if (depth >= MAX_MACRO_DEPTH) {
      this.error(line, nameTok.col, `macro '${nameTok.text}' nested too deeply (recursive?)`);
      return true;
    }
    // The invocation appears in the listing; a label before it is defined there, unless
    // the body places it itself with %00.
    const usesLabel = macro.body.some((l) => l.text.includes('%00'));
    this.emit(line, nameIdx > 0 && !usesLabel ? this.smacros.expand(tokens.slice(0, nameIdx), []) : []);
    const fitted = fitArgs(macro, line, nameTok.end, args);
    this.frames.push({
      kind: 'macro',
      macro,
      state: {
        args: fitted, count: args.length, rotation: 0, localId: ++this.localCounter,
        invokedAs: nameTok.text, definedAs: macro.name, label: nameIdx > 0 ? tokens[0]!.text : '',
      },
      invocation: { file: line.origin.file, line: line.origin.line },
      expansion: line.origin.expansion,
      index: 0,
      condDepth: this.conds.length,
    });
    return true;
  }

  // ---- Conditionals --------------------------------------------------------------------

  private isConditional(d: string): boolean {
    return /^(if|elif)n?(def|idn|idni|num|str|id|empty|macro|ctx|token|env)?$/.test(d) || d === 'else' || d === 'endif';
  }

  private conditional(line: SourceLine, d: string, tokens: readonly Token[]): void {
    const dirTok = tokens[0]!;
    if (d === 'endif') {
      if (this.conds.length === 0) this.error(line, dirTok.col, "'%endif' without '%if'");
      else this.conds.pop();
      return;
    }
    if (d === 'else') {
      const top = this.conds.length - 1;
      if (top < 0) return this.error(line, dirTok.col, "'%else' without '%if'");
      const s = this.conds[top]!;
      this.conds[top] = s === 'seeking' ? 'active' : s === 'active' ? 'done' : s;
      return;
    }
    if (d.startsWith('if')) {
      if (!this.emitting) {
        this.conds.push('skipped');
        return;
      }
      this.conds.push(this.test(line, d.slice(2), tokens) ? 'active' : 'seeking');
      return;
    }
    // %elif…
    const top = this.conds.length - 1;
    if (top < 0) return this.error(line, dirTok.col, `'%${d}' without '%if'`);
    const s = this.conds[top]!;
    if (s === 'active') this.conds[top] = 'done';
    else if (s === 'seeking') {
      this.conds[top] = this.test(line, d.slice(4), tokens) ? 'active' : 'seeking';
    }
  }

  /** Evaluate the condition of %if<kind> / %elif<kind>. */
  private test(line: SourceLine, kind: string, tokens: readonly Token[]): boolean {
    // %ifnum is the `num` test; %ifnnum its negation.
    const negate = !IF_KINDS.includes(kind);
    const k = negate ? kind.slice(1) : kind;
    const args = tokens.slice(1);
    const dirTok = tokens[0]!;
    let result: boolean;
    switch (k) {
      case '': {
        result = this.evalNumber(line, args, dirTok) !== 0n;
        break;
      }
      case 'def': {
        const t = args[0];
        if (!t || t.kind !== 'id') {
          this.error(line, t?.col ?? dirTok.col, `'%if${kind}' expects a macro name`);
          return false;
        }
        result = this.smacros.isDefined(t.text);
        break;
      }
      case 'macro': {
        // `%ifmacro name [min[-max]]`: a macro of that name taking such a parameter count
        const t = args[0];
        const spec = parseMacroSpec(args.slice(1).map((x) => (x.spaceBefore ? ' ' : '') + x.text).join(''));
        const found = t !== undefined && t.kind === 'id' ? this.findMacros(t.text) : [];
        result = args.length <= 1 || !spec
          ? found.length > 0
          : found.some((m) => m.minParams <= spec.max && spec.min <= (m.greedy ? Infinity : m.maxParams));
        break;
      }
      case 'token': {
        result = this.smacros.expand(args, []).length === 1;
        break;
      }
      case 'env': {
        const t = args[0];
        const name = t === undefined ? '' : t.kind === 'string' ? new TextDecoder().decode(new Uint8Array(t.bytes!)) : args.map((x) => x.text).join('');
        result = name !== '' && process.env[name] !== undefined;
        break;
      }
      case 'idn':
      case 'idni': {
        const expanded = this.smacros.expand(args, []);
        const comma = expanded.findIndex((t) => t.kind === 'op' && t.text === ',');
        if (comma < 0) {
          this.error(line, dirTok.col, `'%if${kind}' expects two comma-separated token lists`);
          return false;
        }
        // Strings compare by their contents, whatever their quotes.
        const text = (t: Token): string => (t.kind === 'string' ? `"${new TextDecoder().decode(new Uint8Array(t.bytes!))}"` : t.text);
        const a = expanded.slice(0, comma).map(text).join(' ');
        const b = expanded.slice(comma + 1).map(text).join(' ');
        result = k === 'idni' ? a.toLowerCase() === b.toLowerCase() : a === b;
        break;
      }
      case 'num':
      case 'str':
      case 'id': {
        const expanded = this.smacros.expand(args, []);
        const want = k === 'num' ? 'number' : k === 'str' ? 'string' : 'id';
        result = expanded.length === 1 && expanded[0]!.kind === want;
        break;
      }
      case 'empty': {
        result = this.smacros.expand(args, []).length === 0;
        break;
      }
      case 'ctx': {
        const top = this.contexts[this.contexts.length - 1];
        result = top !== undefined && args.some((t) => t.kind === 'id' && t.text === top.name);
        break;
      }
      default:
        return false;
    }
    return negate ? !result : result;
  }

  /** A preprocessor expression: %define/%assign values and numbers only, no labels. */
  private evalNumber(line: SourceLine, args: readonly Token[], at: Token): bigint {
    const errors: { col: number; message: string }[] = [];
    const tokens = this.smacros.expand(args, errors);
    for (const e of errors) this.error(line, e.col, e.message);
    if (tokens.length === 0) {
      this.error(line, at.col, `'${at.text}' expects an expression`);
      return 0n;
    }
    try {
      const parser = new ExprParser(tokens, 0, (n) => n, at.col);
      const expr = parser.parse();
      if (parser.pos < tokens.length) throw new ExprError(tokens[parser.pos]!.col, `unexpected '${tokens[parser.pos]!.text}' in expression`);
      const v = evaluate(expr, { symbol: () => undefined, here: () => null, sectionBase: () => null, allowRegisters: false });
      if (v.unknown) {
        this.error(line, v.missing!.col, `'${v.missing!.name}' is not defined (the preprocessor sees only %define and %assign, not labels)`);
        return 0n;
      }
      if (!isScalar(v)) throw new ExprError(at.col, 'expression is not a number');
      return v.n;
    } catch (e) {
      if (e instanceof ExprError) {
        this.error(line, e.col, e.message);
        return 0n;
      }
      throw e;
    }
  }

  // ---- Other directives -------------------------------------------------------------

  private directive(line: SourceLine, d: string, tokens: readonly Token[]): void {
    const dirTok = tokens[0]!;
    const args = tokens.slice(1);
    const nameArg = (): Token | null => {
      const t = args[0];
      if (!t || t.kind !== 'id') {
        this.error(line, t?.col ?? dirTok.col, `'%${d}' expects a name`);
        return null;
      }
      return t;
    };
    switch (d) {
      case 'define':
      case 'idefine':
      case 'xdefine':
      case 'xidefine': {
        const name = nameArg();
        if (!name) return;
        let rest = args.slice(1);
        let params: string[] | null = null;
        const open = rest[0];
        if (open && open.kind === 'op' && open.text === '(' && !open.spaceBefore) {
          const close = rest.findIndex((t) => t.kind === 'op' && t.text === ')');
          if (close < 0) return this.error(line, open.col, "missing ')' in macro parameter list");
          params = rest.slice(1, close).filter((t) => !(t.kind === 'op' && t.text === ',')).map((t) => t.text);
          rest = rest.slice(close + 1);
        }
        // %xdefine expands its body now, but never its own parameters (even one named like a macro)
        const body = d.startsWith('x') ? this.smacros.expand(rest, [], new Set((params ?? []).map((p) => p.toLowerCase()))) : rest;
        this.smacros.define({ name: name.text, params, body, caseless: d.includes('idefine') });
        return;
      }
      case 'undef': {
        const name = nameArg();
        if (name) this.smacros.undefine(name.text);
        return;
      }
      case 'assign':
      case 'iassign': {
        const name = nameArg();
        if (!name) return;
        const v = this.evalNumber(line, args.slice(1), dirTok);
        const text = v < 0n ? `-${-v}` : String(v);
        const body: Token[] = v < 0n
          ? [{ kind: 'op', text: '-', col: name.col, pos: 0, end: 0, spaceBefore: true }, { kind: 'number', text: String(-v), value: -v, col: name.col, pos: 0, end: 0, spaceBefore: false }]
          : [{ kind: 'number', text, value: v, col: name.col, pos: 0, end: 0, spaceBefore: true }];
        this.smacros.define({ name: name.text, params: null, body, caseless: d === 'iassign' });
        return;
      }
      case 'defstr':
      case 'idefstr': {
        const name = nameArg();
        if (!name) return;
        const expanded = this.smacros.expand(args.slice(1), []);
        const text = expanded.map((t, i) => (i > 0 && t.spaceBefore ? ' ' : '') + t.text).join('');
        this.smacros.define({ name: name.text, params: null, body: [stringToken(text, name)], caseless: d === 'idefstr' });
        return;
      }
      case 'strlen': {
        const name = nameArg();
        if (!name) return;
        const expanded = this.smacros.expand(args.slice(1), []);
        const s = expanded[0];
        if (!s || s.kind !== 'string' || expanded.length !== 1) return this.error(line, s?.col ?? name.col, "'%strlen' expects a string");
        const n = BigInt(s.bytes!.length);
        this.smacros.define({ name: name.text, params: null, body: [{ kind: 'number', text: String(n), value: n, col: name.col, pos: 0, end: 0, spaceBefore: true }], caseless: false });
        return;
      }
      case 'substr': {
        // %substr name 'string' start[, length]: 1-based; a negative length counts from the end
        const name = nameArg();
        if (!name) return;
        const expanded = this.smacros.expand(args.slice(1), []);
        const str = expanded[0];
        if (!str || str.kind !== 'string') return this.error(line, str?.col ?? name.col, "'%substr' expects a string");
        const rest = expanded.slice(1);
        const comma = rest.findIndex((t, k) => k > 0 && t.kind === 'op' && t.text === ',');
        const start = Number(this.evalNumber(line, comma < 0 ? rest : rest.slice(0, comma), dirTok));
        const bytes = str.bytes!;
        let len = comma < 0 ? 1 : Number(this.evalNumber(line, rest.slice(comma + 1), dirTok));
        if (len < 0) len = bytes.length - start + 1 + len + 1;
        const from = Math.max(0, start - 1);
        const part = bytes.slice(from, Math.max(from, Math.min(bytes.length, from + len)));
        this.smacros.define({ name: name.text, params: null, body: [stringToken(new TextDecoder().decode(new Uint8Array(part)), name)], caseless: false });
        return;
      }
      case 'deftok':
      case 'ideftok': {
        // the string's contents, as tokens
        const name = nameArg();
        if (!name) return;
        const str = this.smacros.expand(args.slice(1), [])[0];
        if (!str || str.kind !== 'string') return this.error(line, str?.col ?? name.col, `'%${d}' expects a string`);
        const body = lex(new TextDecoder().decode(new Uint8Array(str.bytes!))).tokens.map((t) => ({ ...t, col: name.col }));
        this.smacros.define({ name: name.text, params: null, body, caseless: d === 'ideftok' });
        return;
      }
      case 'defalias':
      case 'idefalias': {
        // the name stands for another macro's name, whatever that macro is when used
        const name = nameArg();
        const target = args[1];
        if (!name) return;
        if (!target || target.kind !== 'id') return this.error(line, target?.col ?? name.col, `'%${d}' expects the name of the macro it stands for`);
        this.smacros.define({ name: name.text, params: null, body: [target], caseless: d === 'idefalias' });
        return;
      }
      case 'strcat': {
        const name = nameArg();
        if (!name) return;
        const parts = this.smacros.expand(args.slice(1), []).filter((t) => !(t.kind === 'op' && t.text === ','));
        const bad = parts.find((t) => t.kind !== 'string');
        if (bad) return this.error(line, bad.col, "'%strcat' expects strings");
        const text = new TextDecoder().decode(new Uint8Array(parts.flatMap((t) => [...t.bytes!])));
        this.smacros.define({ name: name.text, params: null, body: [stringToken(text, name)], caseless: false });
        return;
      }
      case 'macro':
      case 'imacro': {
        const name = nameArg();
        if (!name) return;
        const spec = parseMacroSpec(line.text.slice(name.end));
        if (!spec) return this.error(line, name.col, `'%${d} ${name.text}' needs a parameter count, e.g. '%macro ${name.text} 2'`);
        this.collecting = {
          kind: 'macro', start: line, startCol: dirTok.col, depth: 0, lines: [],
          macro: { name: name.text, caseless: d === 'imacro', minParams: spec.min, maxParams: spec.max, greedy: spec.greedy, defaults: spec.defaults },
        };
        return;
      }
      case 'endmacro':
      case 'endm':
        return this.error(line, dirTok.col, `'%${d}' without '%macro'`);
      case 'unmacro':
      case 'unimacro': {
        const name = nameArg();
        if (name) this.mmacros.delete(d === 'unimacro' ? name.text.toLowerCase() : name.text);
        return;
      }
      case 'rotate': {
        const frame = [...this.frames].reverse().find((f): f is MacroFrame => f.kind === 'macro');
        if (!frame) return this.error(line, dirTok.col, "'%rotate' outside a macro");
        const n = Number(this.evalNumber(line, args, dirTok));
        frame.state.rotation += n;
        return;
      }
      case 'rep': {
        const n = this.evalNumber(line, args, dirTok);
        // Refused before anything is expanded (NASM's limit: 1,000,000 rounds).
        const refused = n > BigInt(MAX_REP);
        if (refused) this.error(line, dirTok.col, `'%rep' count ${n} is over the limit of ${MAX_REP}`);
        this.collecting = { kind: 'rep', start: line, startCol: dirTok.col, depth: 0, lines: [], count: n < 0n || refused ? 0 : Number(n) };
        return;
      }
      case 'endrep':
        return this.error(line, dirTok.col, "'%endrep' without '%rep'");
      case 'exitrep': {
        const idx = this.frames.map((f) => f.kind).lastIndexOf('rep');
        if (idx < 0) return this.error(line, dirTok.col, "'%exitrep' outside '%rep'");
        const rep = this.frames[idx] as RepFrame;
        this.conds.length = rep.condDepth;
        this.frames.length = idx;
        return;
      }
      case 'stacksize': {
        // which frame %arg and %local describe: flat (ebp, args from +8), large/small (bp, +4/+6)
        const frames: Record<string, [number, string, number]> = { flat: [4, 'ebp', 8], flat64: [8, 'rbp', 16], large: [2, 'bp', 4], small: [2, 'bp', 6] };
        const f = args[0]?.kind === 'id' ? frames[args[0].text.toLowerCase()] : undefined;
        if (!f) return this.error(line, args[0]?.col ?? dirTok.col, "'%stacksize' expects flat, flat64, large or small");
        [this.stack.size, this.stack.pointer, this.stack.argOffset] = f;
        this.stack.localOffset = 0;
        return;
      }
      case 'arg':
      case 'local': {
        // %arg a:dword, b:word — each name becomes (ebp+offset); %local, (ebp-offset), and
        // %$localsize grows by what the locals take
        const sizes: Record<string, number> = { byte: 1, word: 2, dword: 4, qword: 8, tword: 10, oword: 16, yword: 32 };
        let offset = d === 'arg' ? this.stack.argOffset : this.stack.localOffset;
        let total = 0;
        for (let k = 0; k < args.length; ) {
          const name = args[k];
          const colon = args[k + 1];
          const type = args[k + 2];
          if (!name || name.kind !== 'id' || !colon || colon.text !== ':' || !type || type.kind !== 'id') {
            return this.error(line, name?.col ?? dirTok.col, `'%${d}' expects name:size, ...`);
          }
          const expandedType = this.smacros.expand([type], [])[0]?.text.toLowerCase() ?? '';
          const raw = sizes[expandedType];
          if (raw === undefined) return this.error(line, type.col, `invalid size type '${type.text}' for '%${d}'`);
          const size = Math.ceil(raw / this.stack.size) * this.stack.size;
          if (d === 'local') offset += size;
          const at = d === 'arg' ? offset : -offset;
          this.smacros.define({ name: name.text, params: null, body: lex(`(${this.stack.pointer}${at < 0 ? '' : '+'}${at})`).tokens, caseless: false });
          if (d === 'arg') offset += size;
          total += size;
          k += 3;
          if (args[k]?.kind === 'op' && args[k]!.text === ',') k++;
          else if (args[k]?.kind === 'op' && args[k]!.text === '=') break; // TASM's `= LocalSize`
        }
        if (d === 'arg') {
          this.stack.argOffset = offset;
        } else {
          this.stack.localOffset = offset;
          const ctx = this.contexts[this.contexts.length - 1];
          if (!ctx) return this.error(line, dirTok.col, "'%local' needs a context (%push) for %$localsize");
          const name = `..@${ctx.id}.localsize`;
          const prev = this.smacros.isDefined(name) ? this.evalNumber(line, [{ kind: 'id', text: name, col: dirTok.col, pos: 0, end: 0, spaceBefore: true }], dirTok) : 0n;
          const v = prev + BigInt(total);
          this.smacros.define({ name, params: null, body: [{ kind: 'number', text: String(v), value: v, col: dirTok.col, pos: 0, end: 0, spaceBefore: true }], caseless: false });
        }
        return;
      }
      case 'use': {
        // %use package: NASM's macro package of that name, read once
        const t = args[0];
        const name = t === undefined ? '' : (t.kind === 'string' ? new TextDecoder().decode(new Uint8Array(t.bytes!)) : t.text).toLowerCase();
        const text = MACRO_PACKAGES[name];
        if (text === undefined) return this.error(line, t?.col ?? dirTok.col, name === '' ? "'%use' expects a package name" : `unknown macro package '${name}' (ftvm has ${Object.keys(MACRO_PACKAGES).join(', ')})`);
        if (this.packages.has(name)) return;
        this.packages.add(name);
        this.frames.push({ kind: 'file', file: `<%use ${name}>`, lines: splitLines(text), index: 0, condDepth: this.conds.length });
        return;
      }
      case 'include': {
        const expanded = this.smacros.expand(args, []);
        const t = expanded[0];
        if (!t || t.kind !== 'string') return this.error(line, t?.col ?? dirTok.col, "'%include' expects a file name in quotes");
        const name = new TextDecoder().decode(new Uint8Array(t.bytes!));
        if (this.frames.filter((f) => f.kind === 'file').length > MAX_INCLUDE_DEPTH) {
          return this.error(line, t.col, `'%include' nested too deeply (does '${name}' include itself?)`);
        }
        for (const path of includeCandidates(name, line.origin.file, this.opts.fileName)) {
          let text: string;
          try {
            text = this.opts.readFile(path);
          } catch {
            continue;
          }
          this.frames.push({ kind: 'file', file: path, lines: splitLines(text), index: 0, condDepth: this.conds.length });
          return;
        }
        return this.error(line, t.col, `unable to open include file '${name}'`);
      }
      case 'error':
      case 'fatal':
      case 'warning': {
        const expanded = this.smacros.expand(args, []);
        const msg = expanded.length === 1 && expanded[0]!.kind === 'string'
          ? new TextDecoder().decode(new Uint8Array(expanded[0]!.bytes!))
          : line.text.slice(dirTok.end).replace(/;.*$/, '').trim();
        if (d === 'warning') this.warning(line, dirTok.col, msg);
        else this.error(line, dirTok.col, msg);
        if (d === 'fatal') this.fatal = true;
        return;
      }
      case 'push': {
        const t = args[0];
        this.contexts.push({ name: t && t.kind === 'id' ? t.text : '', id: ++this.localCounter });
        return;
      }
      case 'pop': {
        const top = this.contexts[this.contexts.length - 1];
        if (!top) return this.error(line, dirTok.col, "'%pop' with no context to pop");
        const t = args[0];
        if (t && t.kind === 'id' && t.text !== top.name) {
          return this.error(line, t.col, `'%pop ${t.text}' does not match the context '${top.name}'`);
        }
        this.contexts.pop();
        return;
      }
      case 'repl': {
        const top = this.contexts[this.contexts.length - 1];
        if (!top) return this.error(line, dirTok.col, "'%repl' with no context");
        const t = args[0];
        top.name = t && t.kind === 'id' ? t.text : '';
        return;
      }
      case 'pragma':
        return;
      default:
        return this.error(line, dirTok.col, `unknown preprocessor directive '%${d}'`);
    }
  }
}

/** The preprocessor functions ftvm evaluates. */
const PP_FUNCTIONS: ReadonlySet<string> = new Set(['%abs', '%cond', '%count', '%eval', '%isdef', '%num', '%sel', '%str', '%strcat', '%strlen', '%substr', '%tok']);

/** `a %+ b`: the two tokens pasted into one, read again. */
function pasteTokens(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'pp' && t.text === '%+' && out.length > 0 && i + 1 < tokens.length) {
      const left = out.pop()!;
      const right = tokens[++i]!;
      const joined = lex(left.text + right.text).tokens.map((x) => ({ ...x, col: left.col, pos: left.pos, end: right.end, spaceBefore: left.spaceBefore }));
      out.push(...joined);
      continue;
    }
    out.push(t);
  }
  return out;
}

function stringToken(text: string, at: Token): Token {
  const quoted = `"${text.replace(/"/g, '')}"`;
  return { kind: 'string', text: quoted, bytes: [...new TextEncoder().encode(text)], col: at.col, pos: at.pos, end: at.end, spaceBefore: true };
}

/**
 * Where an included file (%include, incbin) may be: relative to the including
 * file first; then, as NASM run from the main file's directory would find it,
 * relative to the main file.
 */
export function includeCandidates(name: string, fromFile: string, mainFile: string): string[] {
  if (nodePath.isAbsolute(name)) return [name];
  return [...new Set([nodePath.dirname(fromFile), nodePath.dirname(mainFile)].map((d) => nodePath.normalize(nodePath.join(d, name))))];
}
