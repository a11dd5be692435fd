/**
 * Multi-line macros (%macro … %endmacro): the definition's parameter range,
 * splitting an invocation into arguments, and substituting %1 / %0 / %%local
 * / %+ into a body line. Substitution is textual, as in NASM, so `j%1` with
 * `z` becomes `jz`; a column map keeps every character of the result pointing
 * at the body text it came from.
 */
import type { Origin } from './diagnostics';
import { lex } from './lexer';

/** A line of source text and where it came from. */
export interface SourceLine {
  readonly text: string;
  /** Column to report for each character of `text` (identity when absent). */
  readonly colMap?: readonly number[];
  readonly origin: Origin;
  /** For a line of a macro body: the expansion whose parameters it still needs. */
  readonly params?: ExpansionState;
}

export interface MultiLineMacro {
  readonly name: string;
  readonly caseless: boolean;
  readonly minParams: number;
  readonly maxParams: number;
  /** The last parameter takes the rest of the line, commas included. */
  readonly greedy: boolean;
  /** Default texts for parameters minParams+1 … maxParams. */
  readonly defaults: readonly string[];
  readonly body: readonly SourceLine[];
}

/** A piece of a line with the columns of its characters. */
export interface MappedText {
  readonly text: string;
  readonly colMap: readonly number[];
}

export function colMapOf(line: SourceLine): readonly number[] {
  return line.colMap ?? Array.from({ length: line.text.length + 1 }, (_, i) => i + 1);
}

/**
 * The part of a `%macro` line after the name: `1`, `1-3`, `0-*`, `2+`,
 * `1-2+ .nolist`, then default values.
 */
export function parseMacroSpec(text: string): { min: number; max: number; greedy: boolean; defaults: string[] } | null {
  const m = /^\s*(\d+)(?:\s*-\s*(\d+|\*))?\s*(\+)?\s*(?:\.nolist\b)?\s*(.*)$/i.exec(text);
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[2] === '*' ? Infinity : Number(m[2]);
  if (max < min) return null;
  const rest = m[4]!.trim();
  const defaults = rest === '' ? [] : splitArgs(rest).map((a) => a.text);
  return { min, max, greedy: m[3] === '+', defaults };
}

interface ArgSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Split macro arguments at top-level commas; `{…}` groups an argument that
 * contains commas (the braces are removed). Strings are kept whole.
 */
export function splitArgs(text: string, from = 0): ArgSpan[] {
  const spans: ArgSpan[] = [];
  let depth = 0;
  let start = from;
  let i = from;
  const finish = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (text[s] === '{' && text[e - 1] === '}') {
      s++;
      e--;
    }
    spans.push({ start: s, end: e, text: text.slice(s, e) });
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ';') break;
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += ch === '`' && text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      finish(i);
      start = i + 1;
    }
    i++;
  }
  const end = Math.min(i, text.length);
  if (spans.length > 0 || text.slice(start, end).trim() !== '') finish(end);
  return spans;
}

export interface MacroArgument extends MappedText {}

/**
 * The arguments of an invocation whose name ends at `nameEnd` in `line`,
 * fitted to `macro`: greedy macros take the rest of the line as the last
 * argument, missing optional arguments take their defaults.
 */
export function invocationArgs(line: SourceLine, nameEnd: number): MacroArgument[] {
  const map = colMapOf(line);
  return splitArgs(line.text, nameEnd).map((s) => ({ text: s.text, colMap: map.slice(s.start, s.end) }));
}

export function fitArgs(macro: MultiLineMacro, line: SourceLine, nameEnd: number, args: MacroArgument[]): MacroArgument[] {
  const map = colMapOf(line);
  let fitted = args;
  if (macro.greedy && args.length > macro.maxParams) {
    // Re-split: the last parameter is everything from its start to the end of the line.
    const spans = splitArgs(line.text, nameEnd);
    const first = spans[macro.maxParams - 1]!;
    let end = line.text.length;
    const comment = lex(line.text).commentAt;
    if (comment >= 0) end = comment;
    while (end > first.start && /\s/.test(line.text[end - 1]!)) end--;
    fitted = [...args.slice(0, macro.maxParams - 1), { text: line.text.slice(first.start, end), colMap: map.slice(first.start, end) }];
  }
  const out = [...fitted];
  for (let k = out.length; k < macro.maxParams && k - macro.minParams < macro.defaults.length; k++) {
    if (k < macro.minParams) break;
    const d = macro.defaults[k - macro.minParams]!;
    out.push({ text: d, colMap: Array.from({ length: d.length }, () => map[nameEnd] ?? 1) });
  }
  return out;
}

/** The macro takes `count` arguments. */
export function acceptsCount(macro: MultiLineMacro, count: number): boolean {
  return count >= macro.minParams && (count <= macro.maxParams || macro.greedy);
}

export interface ExpansionState {
  readonly args: readonly MacroArgument[];
  /** Number of arguments the invocation gave (%0). */
  readonly count: number;
  /** %rotate amount. */
  rotation: number;
  /** Unique number for this invocation's %%labels. */
  readonly localId: number;
  /** The name as invoked (%?) and as defined (%??). */
  readonly invokedAs: string;
  readonly definedAs: string;
  /** The label written before the invocation (%00), or ''. */
  readonly label: string;
}

/** NASM's inverse of each condition code, for %-n. */
const INVERSE_CC: Readonly<Record<string, string>> = {
  a: 'na', ae: 'nae', b: 'nb', be: 'nbe', c: 'nc', e: 'ne', g: 'ng', ge: 'nge', l: 'nl', le: 'nle',
  na: 'a', nae: 'ae', nb: 'b', nbe: 'be', nc: 'c', ne: 'e', ng: 'g', nge: 'ge', nl: 'l', nle: 'le',
  no: 'o', np: 'p', ns: 's', nz: 'z', o: 'no', p: 'np', pe: 'po', po: 'pe', s: 'ns', z: 'nz',
};

/** Thrown for a %+n / %-n whose argument is not a condition code. */
export class MacroParamError extends Error {
  constructor(readonly col: number, message: string) {
    super(message);
  }
}

/** Substitute macro parameters into one body line. */
export function substituteParams(line: SourceLine, state: ExpansionState): MappedText {
  const srcMap = colMapOf(line);
  const { tokens } = lex(line.text, srcMap);
  let text = '';
  const colMap: number[] = [];
  const append = (s: string, cols: readonly number[] | number): void => {
    for (let k = 0; k < s.length; k++) colMap.push(typeof cols === 'number' ? cols : (cols[k] ?? cols[cols.length - 1] ?? 1));
    text += s;
  };
  let last = 0;
  let pasteNext = false;
  for (const t of tokens) {
    if (t.kind !== 'pp') continue;
    let replacement: string | null = null;
    const param = /^%(?:\{(\d+)\}|(\d+))$/.exec(t.text);
    const cc = /^%([+-])(\d+)$/.exec(t.text);
    if (t.text === '%00') {
      replacement = state.label;
    } else if (t.text === '%?' || t.text === '%??') {
      replacement = t.text === '%?' ? state.invokedAs : state.definedAs;
    } else if (cc) {
      // %+n: the condition code argument n; %-n: its inverse
      const n = Number(cc[2]);
      const count = state.args.length;
      const idx = count === 0 ? -1 : (((n - 1 + state.rotation) % count) + count) % count;
      const arg = (n <= count && idx >= 0 ? state.args[idx]!.text : '').trim();
      const inverse = INVERSE_CC[arg.toLowerCase()];
      if (inverse === undefined) throw new MacroParamError(t.col, `'${t.text}': condition code expected, not '${arg}'`);
      replacement = cc[1] === '+' ? arg : inverse;
    } else if (param) {
      const n = Number(param[1] ?? param[2]);
      if (n === 0) replacement = String(state.count);
      else {
        const count = state.args.length;
        const idx = count === 0 ? -1 : (((n - 1 + state.rotation) % count) + count) % count;
        const arg = n <= count && idx >= 0 ? state.args[idx] : undefined;
        // The argument's characters report the column of the %n they replace.
        replacement = arg?.text ?? '';
      }
    } else if (t.text.startsWith('%%')) {
      replacement = `..@${state.localId}.${t.text.slice(2)}`;
    } else if (t.text === '%+') {
      // Paste: drop the operator and the blanks around it.
      let gapEnd = t.pos;
      while (gapEnd > last && /\s/.test(line.text[gapEnd - 1]!)) gapEnd--;
      append(line.text.slice(last, gapEnd), srcMap.slice(last, gapEnd));
      last = t.end;
      pasteNext = true;
      continue;
    } else {
      continue;
    }
    let from = last;
    if (pasteNext) {
      while (from < t.pos && /\s/.test(line.text[from]!)) from++;
      pasteNext = false;
    }
    append(line.text.slice(from, t.pos), srcMap.slice(from, t.pos));
    append(replacement, t.col);
    last = t.end;
  }
  let from = last;
  if (pasteNext) while (from < line.text.length && /\s/.test(line.text[from]!)) from++;
  append(line.text.slice(from), srcMap.slice(from));
  colMap.push(srcMap[line.text.length] ?? (colMap[colMap.length - 1] ?? 0) + 1);
  return { text, colMap };
}
