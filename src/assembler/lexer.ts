/**
 * Splits one source line into tokens. A comment (`;` outside quotes) ends the
 * line. Columns are 1-based; `colMap` lets a line built by macro substitution
 * report the columns of the text it was built from.
 */
import { floatBytes, isPackedBcd } from './floats';
import { parseFloatLiteral, parseInteger, stringBytes } from './literals';

export type TokenKind =
  | 'id' // identifier, keyword, register or mnemonic
  | 'number'
  | 'float'
  | 'string'
  | 'op' // operator or punctuation, including $ and $$
  | 'pp'; // preprocessor token: %name, %1, %%name, %+, %{…}

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly col: number;
  /** Offsets of the token in the lexed text: [pos, end). */
  readonly pos: number;
  readonly end: number;
  /** Whitespace (or the start of the line) precedes the token. */
  readonly spaceBefore: boolean;
  /** Integer value of a number or a character constant. */
  readonly value?: bigint;
  /** Float value of a float literal. */
  readonly float?: number;
  /** Bytes of a string. */
  readonly bytes?: readonly number[];
}

export interface LexError {
  readonly col: number;
  readonly message: string;
}

const ID_START = /[A-Za-z_.?@]/;
const ID_CHAR = /[A-Za-z0-9_$#@~.?]/;

const OPERATORS = [
  '<<<', '>>>', '<=>',
  '<<', '>>', '//', '==', '!=', '<>', '<=', '>=', '&&', '||', '^^',
  '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '(', ')', '[', ']', ',', ':', '=', '<', '>', '?', '{', '}',
];

export interface LexResult {
  readonly tokens: Token[];
  readonly errors: LexError[];
  /** Offset of the comment's `;` in the line, or -1. */
  readonly commentAt: number;
}

/**
 * Tokenize `line`. `colMap[i]` is the column to report for character i
 * (defaults to i + 1).
 */
export function lex(line: string, colMap?: readonly number[]): LexResult {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  const colOf = (i: number): number => (colMap ? (colMap[Math.min(i, colMap.length - 1)] ?? i + 1) : i + 1);
  let i = 0;
  let space = true;
  let commentAt = -1;
  const n = line.length;
  while (i < n) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
      space = true;
      continue;
    }
    if (ch === ';') {
      commentAt = i;
      break;
    }
    const start = i;
    const push = (t: Omit<Token, 'col' | 'spaceBefore' | 'pos' | 'end'>): void => {
      tokens.push({ ...t, col: colOf(start), pos: start, end: i, spaceBefore: space });
      space = false;
    };
    if (ch === '"' || ch === "'" || ch === '`') {
      // A string runs to the matching quote; in backquotes a backslash escapes it.
      let j = i + 1;
      while (j < n && line[j] !== ch) j += ch === '`' && line[j] === '\\' ? 2 : 1;
      const body = line.slice(i + 1, Math.min(j, n));
      if (j >= n) {
        errors.push({ col: colOf(start), message: 'unterminated string' });
      }
      const { bytes, badEscape } = stringBytes(ch, body);
      if (badEscape !== undefined) errors.push({ col: colOf(i + 1 + badEscape), message: 'invalid escape sequence in string' });
      i = Math.min(j + 1, n);
      push({ kind: 'string', text: line.slice(start, i), bytes });
      continue;
    }
    if (/[0-9]/.test(ch)) {
      // Numbers may contain letters (radix prefixes/suffixes, hex digits), underscores, and a
      // decimal point with an exponent for floats.
      let j = i;
      while (j < n && /[0-9A-Za-z_]/.test(line[j]!)) j++;
      const word = line.slice(i, j).replace(/_/g, '').toLowerCase();
      const signedExponent = (k: number): number => {
        // `1e+10`, `0x1p-3`: the exponent's sign and digits
        if ((line[k] === '+' || line[k] === '-') && /[0-9]/.test(line[k + 1] ?? '')) {
          k++;
          while (k < n && /[0-9]/.test(line[k]!)) k++;
        }
        return k;
      };
      const basedFloat = /^0[xhboq][0-9a-f]*$/.test(word) && line[j] === '.';
      const exponentOnly = (/^[0-9]+e$/.test(word) || /^0[xhboq][0-9a-f]*p$/.test(word)) && /[+-]/.test(line[j] ?? '');
      if (basedFloat || exponentOnly || /^[0-9]+e[0-9]+$/.test(word) || /^0[xhboq][0-9a-f]*p[0-9]+$/.test(word) || isPackedBcd(line.slice(i, j))) {
        // hex, binary and octal floats (0x1.8p3), exponents without a point (1e20), packed BCD (12p)
        if (basedFloat) {
          j++;
          while (j < n && /[0-9A-Za-z_]/.test(line[j]!)) j++;
          if (/p$/i.test(line.slice(i, j))) j = signedExponent(j);
        } else if (exponentOnly) {
          j = signedExponent(j);
        }
        const text = line.slice(i, j);
        const bytes = floatBytes(text, false, 8);
        if (bytes === null && !isPackedBcd(text)) errors.push({ col: colOf(start), message: `invalid number '${text}'` });
        i = j;
        push({ kind: 'float', text, float: bytes ? new DataView(Uint8Array.from(bytes).buffer).getFloat64(0, true) : Number.NaN });
        continue;
      }
      if (line[j] === '.' && /^[0-9]*$/.test(line.slice(i, j).replace(/_/g, ''))) {
        j++;
        while (j < n && /[0-9_]/.test(line[j]!)) j++;
        if (/[eE]/.test(line[j] ?? '')) {
          let k = j + 1;
          if (line[k] === '+' || line[k] === '-') k++;
          if (/[0-9]/.test(line[k] ?? '')) {
            j = k;
            while (j < n && /[0-9]/.test(line[j]!)) j++;
          }
        }
        const text = line.slice(i, j);
        const f = parseFloatLiteral(text);
        if (f === null) errors.push({ col: colOf(start), message: `invalid number '${text}'` });
        i = j;
        push({ kind: 'float', text, float: f ?? 0 });
        continue;
      }
      const text = line.slice(i, j);
      const v = parseInteger(text);
      if (v === null) errors.push({ col: colOf(start), message: `invalid number '${text}'` });
      i = j;
      push({ kind: 'number', text, value: v ?? 0n });
      continue;
    }
    if (ch === '$') {
      if (/[0-9]/.test(line[i + 1] ?? '')) {
        // `$1F`: old-style hex constant
        let j = i + 1;
        while (j < n && /[0-9A-Za-z_]/.test(line[j]!)) j++;
        const text = line.slice(i, j);
        const v = parseInteger(text);
        if (v === null) errors.push({ col: colOf(start), message: `invalid number '${text}'` });
        i = j;
        push({ kind: 'number', text, value: v ?? 0n });
        continue;
      }
      if (line[i + 1] === '$') {
        i += 2;
        push({ kind: 'op', text: '$$' });
        continue;
      }
      if (ID_START.test(line[i + 1] ?? '') || /[$#~]/.test(line[i + 1] ?? '')) {
        // `$name`: an identifier that may be spelled like a keyword or register
        let j = i + 1;
        while (j < n && ID_CHAR.test(line[j]!)) j++;
        const text = line.slice(i, j);
        i = j;
        push({ kind: 'id', text });
        continue;
      }
      i++;
      push({ kind: 'op', text: '$' });
      continue;
    }
    if (ID_START.test(ch) && !(ch === '?' && !ID_CHAR.test(line[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && ID_CHAR.test(line[j]!)) j++;
      const text = line.slice(i, j);
      i = j;
      push({ kind: 'id', text });
      continue;
    }
    if (ch === '%') {
      const next = line[i + 1] ?? '';
      if (next === '%' && ID_START.test(line[i + 2] ?? '')) {
        // %%name: macro-local label
        let j = i + 2;
        while (j < n && ID_CHAR.test(line[j]!)) j++;
        const text = line.slice(i, j);
        i = j;
        push({ kind: 'pp', text });
        continue;
      }
      if (/[0-9]/.test(next) || next === '+' || (next === '-' && /[0-9]/.test(line[i + 2] ?? ''))) {
        if (next === '+' && !/[0-9]/.test(line[i + 2] ?? '')) {
          i += 2;
          push({ kind: 'pp', text: '%+' });
          continue;
        }
        let j = i + 2;
        while (j < n && /[0-9]/.test(line[j]!)) j++;
        const text = line.slice(i, j);
        i = j;
        push({ kind: 'pp', text });
        continue;
      }
      if (next === '{') {
        const close = line.indexOf('}', i);
        const j = close < 0 ? n : close + 1;
        if (close < 0) errors.push({ col: colOf(start), message: "missing '}'" });
        const text = line.slice(i, j);
        i = j;
        push({ kind: 'pp', text });
        continue;
      }
      if (ID_START.test(next) || next === '$' || next === '!' || next === '?') {
        let j = i + 1;
        while (j < n && (ID_CHAR.test(line[j]!) || (j === i + 1 && /[$!?]/.test(line[j]!)))) j++;
        const text = line.slice(i, j);
        i = j;
        push({ kind: 'pp', text });
        continue;
      }
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      // `%%` only means signed modulo when it is not a local label (handled above)
      if (op === '%' && line[i + 1] === '%') {
        i += 2;
        push({ kind: 'op', text: '%%' });
        continue;
      }
      i += op.length;
      push({ kind: 'op', text: op });
      continue;
    }
    errors.push({ col: colOf(start), message: `unexpected character '${ch}'` });
    i++;
  }
  return { tokens, errors, commentAt };
}
