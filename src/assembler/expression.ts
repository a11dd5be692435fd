/**
 * NASM expressions: parsing tokens into a tree, and evaluating the tree into
 * a Value. Values are 64-bit like NASM's. A value may be relocatable (it
 * holds section addresses, known only after layout) and, inside a memory
 * operand, may hold registers; both are kept as linear terms so that
 * `label - $$` is a plain number and `ebx + 4*ecx + 8` an address.
 */
import { lookupRegister, type Register } from '../isa';
import { floatBytes, isSpecialFloat } from './floats';
import { bytesToInteger } from './literals';
import type { Token } from './lexer';

export type Expr =
  | { readonly k: 'num'; readonly v: bigint; readonly col: number }
  | { readonly k: 'float'; readonly v: number; readonly col: number }
  | { readonly k: 'str'; readonly bytes: readonly number[]; readonly col: number }
  | { readonly k: 'sym'; readonly name: string; readonly col: number }
  | { readonly k: 'reg'; readonly reg: Register; readonly col: number }
  | { readonly k: 'here'; readonly col: number }
  | { readonly k: 'sectbase'; readonly col: number }
  | { readonly k: 'unary'; readonly op: string; readonly e: Expr; readonly col: number }
  | { readonly k: 'binary'; readonly op: string; readonly l: Expr; readonly r: Expr; readonly col: number }
  | { readonly k: 'cond'; readonly c: Expr; readonly t: Expr; readonly f: Expr; readonly col: number };

export class ExprError extends Error {
  constructor(readonly col: number, message: string) {
    super(message);
  }
}

// ---- Parsing -------------------------------------------------------------------

/** Parentheses and unary operators nested deeper than this are refused (NASM's own parser recurses too). */
const MAX_NESTING = 256;

/** Binary operators by precedence level, lowest first. */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['^^'],
  ['&&'],
  ['=', '==', '!=', '<>', '<', '<=', '>', '>=', '<=>'],
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>', '<<<', '>>>'],
  ['+', '-'],
  ['*', '/', '//', '%', '%%'],
];

/** Turns a symbol name as written into the name it refers to (local labels get their scope). */
export type NameResolver = (name: string) => string;

export class ExprParser {
  pos: number;
  constructor(
    private readonly tokens: readonly Token[],
    start: number,
    private readonly resolveName: NameResolver,
    private readonly endCol: number,
  ) {
    this.pos = start;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private colHere(): number {
    return this.peek()?.col ?? this.endCol;
  }

  parse(): Expr {
    return this.parseCond();
  }

  private depth = 0;

  private parseCond(): Expr {
    // Parentheses and unary operators nest by recursion: bound it with a one-line error.
    if (++this.depth > MAX_NESTING) throw new ExprError(this.colHere(), `expression nested more than ${MAX_NESTING} deep`);
    try {
      return this.parseCondBody();
    } finally {
      this.depth--;
    }
  }

  private parseCondBody(): Expr {
    const c = this.parseLevel(0);
    if (this.isOp('?')) {
      const col = this.colHere();
      this.pos++;
      const t = this.parseCond();
      if (!this.isOp(':')) throw new ExprError(this.colHere(), "expected ':' in conditional expression");
      this.pos++;
      const f = this.parseCond();
      return { k: 'cond', c, t, f, col };
    }
    return c;
  }

  private parseLevel(level: number): Expr {
    if (level >= LEVELS.length) return this.parseUnary();
    let left = this.parseLevel(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op' || !LEVELS[level]!.includes(t.text)) return left;
      this.pos++;
      const right = this.parseLevel(level + 1);
      left = { k: 'binary', op: t.text, l: left, r: right, col: t.col };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t && t.kind === 'op' && ['-', '+', '~', '!'].includes(t.text)) {
      this.pos++;
      if (++this.depth > MAX_NESTING) throw new ExprError(t.col, `expression nested more than ${MAX_NESTING} deep`);
      try {
        return { k: 'unary', op: t.text, e: this.parseUnary(), col: t.col };
      } finally {
        this.depth--;
      }
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (!t) throw new ExprError(this.endCol, 'expression expected');
    this.pos++;
    switch (t.kind) {
      case 'number':
        return { k: 'num', v: t.value!, col: t.col };
      case 'float':
        return { k: 'float', v: t.float!, col: t.col };
      case 'string':
        return { k: 'str', bytes: t.bytes!, col: t.col };
      case 'op':
        if (t.text === '(') {
          const e = this.parseCond();
          if (!this.isOp(')')) throw new ExprError(this.colHere(), "expected ')'");
          this.pos++;
          return e;
        }
        if (t.text === '$') return { k: 'here', col: t.col };
        if (t.text === '$$') return { k: 'sectbase', col: t.col };
        break;
      case 'id': {
        const plain = t.text.toLowerCase().replace(/^__\?(.*)\?__$/, '__$1__');
        const ilog = /^__ilog2([ewfc])__$/.exec(plain);
        if (ilog && this.isOp('(')) {
          // __ilog2e__(x) and kin (the ifunc package): base-2 logarithms of an integer
          this.pos++;
          const e = this.parseCond();
          if (!this.isOp(')')) throw new ExprError(this.colHere(), "expected ')'");
          this.pos++;
          return { k: 'unary', op: `ilog2${ilog[1]}`, e, col: t.col };
        }
        const fn = FLOAT_FUNCTIONS[plain];
        if (fn && this.isOp('(')) return this.parseFloatFunction(t, fn);
        if (t.text.startsWith('$')) return { k: 'sym', name: this.resolveName(t.text.slice(1)), col: t.col };
        const reg = lookupRegister(t.text);
        if (reg) return { k: 'reg', reg, col: t.col };
        return { k: 'sym', name: this.resolveName(t.text), col: t.col };
      }
      default:
        break;
    }
    throw new ExprError(t.col, `unexpected '${t.text}' in expression`);
  }

  /** `__float32__(1.5)` and its kin: the bits of a float constant as an integer. */
  private parseFloatFunction(name: Token, fn: { width: number; from: number; bytes: number }): Expr {
    this.pos++; // (
    let negative = false;
    while (this.isOp('-') || this.isOp('+')) {
      if (this.isOp('-')) negative = !negative;
      this.pos++;
    }
    const v = this.peek();
    if (!v || !(v.kind === 'float' || v.kind === 'number' || (v.kind === 'id' && isSpecialFloat(v.text)))) {
      throw new ExprError(v?.col ?? this.endCol, `'${name.text}' expects a floating-point constant`);
    }
    this.pos++;
    if (!this.isOp(')')) throw new ExprError(this.colHere(), "expected ')'");
    this.pos++;
    const text = v.kind === 'number' ? `${v.value!}.0` : v.text;
    const bytes = floatBytes(text, negative, fn.width);
    if (!bytes) throw new ExprError(v.col, `invalid floating-point constant '${v.text}'`);
    let n = 0n;
    for (let k = fn.from + fn.bytes - 1; k >= fn.from; k--) n = (n << 8n) | BigInt(bytes[k]!);
    return { k: 'num', v: n, col: name.col };
  }
}

/** The float functions: the format's width, and which of its bytes they give. */
const FLOAT_FUNCTIONS: Readonly<Record<string, { width: number; from: number; bytes: number }>> = {
  __float16__: { width: 2, from: 0, bytes: 2 },
  __float32__: { width: 4, from: 0, bytes: 4 },
  __float64__: { width: 8, from: 0, bytes: 8 },
  __float80m__: { width: 10, from: 0, bytes: 8 },
  __float80e__: { width: 10, from: 8, bytes: 2 },
  __float128l__: { width: 16, from: 0, bytes: 8 },
  __float128h__: { width: 16, from: 8, bytes: 8 },
};

// ---- Values --------------------------------------------------------------------

/** A register inside an address expression and its coefficient. */
export interface RegTerm {
  readonly reg: Register;
  readonly coef: bigint;
}

/**
 * NASM's "hint" about which register of an address is the base, kept while
 * the expression is evaluated (eval.c): the first register seen is meant as
 * the base; multiplying it (`eax*1`) says it is not; adding two terms of the
 * same kind (two numbers, the same register or section) to something non-zero
 * voids the hint, and NASM then takes its own register order.
 */
export interface BaseHint {
  type: 'none' | 'makebase' | 'notbase' | 'summed';
  base: string | null;
}

export interface Value {
  /** The constant part, a signed 64-bit number. */
  readonly n: bigint;
  /** The constant part is a term of its own (NASM keeps a number term even when it is 0). */
  readonly hasConst: boolean;
  /** Section name → coefficient: the value is n + Σ coef·address(section). */
  readonly rel: ReadonlyMap<string, bigint>;
  /** Registers (address expressions only). */
  readonly regs: readonly RegTerm[];
  /** Some symbol in it is not defined (yet); `missing` names the first. */
  readonly unknown: boolean;
  readonly missing?: { readonly name: string; readonly col: number };
}

const EMPTY_REL: ReadonlyMap<string, bigint> = new Map();

export function constant(n: bigint): Value {
  return { n: BigInt.asIntN(64, n), hasConst: true, rel: EMPTY_REL, regs: [], unknown: false };
}

export function sectionOffset(section: string, offset: bigint): Value {
  return { n: offset, hasConst: true, rel: new Map([[section, 1n]]), regs: [], unknown: false };
}

/** The value has no section or register terms. */
export function isScalar(v: Value): boolean {
  return v.rel.size === 0 && v.regs.length === 0;
}

/** The single section a relocatable value is relative to (coefficient 1), or null. */
export function simpleSection(v: Value): string | null | undefined {
  if (v.rel.size === 0) return null;
  if (v.rel.size === 1) {
    const [[s, c]] = [...v.rel];
    if (c === 1n) return s;
  }
  return undefined;
}

/** a + sign·b, term by term (NASM's add_vectors). */
function linear(a: Value, b: Value, sign: bigint, hint: BaseHint | undefined): Value {
  const summed = (): void => {
    if (hint) hint.type = 'summed';
  };
  const rel = new Map(a.rel);
  for (const [s, c] of b.rel) {
    const had = rel.get(s);
    const nc = (had ?? 0n) + sign * c;
    if (had !== undefined && nc !== 0n) summed();
    if (nc === 0n) rel.delete(s);
    else rel.set(s, nc);
  }
  const regs: RegTerm[] = [...a.regs];
  for (const r of b.regs) {
    const i = regs.findIndex((x) => x.reg.name === r.reg.name);
    if (i >= 0) {
      const coef = regs[i]!.coef + sign * r.coef;
      if (coef !== 0n) summed();
      regs[i] = { reg: r.reg, coef };
    } else {
      regs.push({ reg: r.reg, coef: sign * r.coef });
    }
  }
  const n = BigInt.asIntN(64, a.n + sign * b.n);
  let hasConst = a.hasConst || b.hasConst;
  if (a.hasConst && b.hasConst) {
    if (n !== 0n) summed();
    else hasConst = false;
  }
  return {
    n,
    hasConst,
    rel,
    regs: regs.filter((r) => r.coef !== 0n),
    unknown: a.unknown || b.unknown,
    missing: a.missing ?? b.missing,
  };
}

/** v·k (NASM's scalar_mult); a multiplied hinted base is no longer the base. */
function scale(v: Value, k: bigint, hint: BaseHint | undefined): Value {
  if (hint && hint.type === 'makebase' && v.regs.some((r) => r.reg.name === hint.base)) hint.type = 'notbase';
  const rel = new Map<string, bigint>();
  if (k !== 0n) for (const [s, c] of v.rel) rel.set(s, c * k);
  return {
    n: BigInt.asIntN(64, v.n * k),
    hasConst: v.hasConst,
    rel,
    regs: k === 0n ? [] : v.regs.map((r) => ({ reg: r.reg, coef: r.coef * k })),
    unknown: v.unknown,
    missing: v.missing,
  };
}

export interface EvalContext {
  /** The value of a symbol, or undefined if it is not defined (yet). */
  symbol(name: string): Value | undefined;
  /** `$`, or null where it has no meaning (preprocessor). */
  here(): Value | null;
  /** `$$`, or null where it has no meaning. */
  sectionBase(): Value | null;
  /** Registers may appear (inside [ ]). */
  readonly allowRegisters: boolean;
  /** Base-register hint to keep, for an address (reset by evaluate). */
  readonly hint?: BaseHint;
}

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const COMPARISONS = ['=', '==', '!=', '<>', '<', '<=', '>', '>=', '<=>'];

export function evaluate(e: Expr, ctx: EvalContext): Value {
  if (ctx.hint) {
    ctx.hint.type = 'none';
    ctx.hint.base = null;
  }
  return evalNode(e, ctx);
}

function evalNode(e: Expr, ctx: EvalContext): Value {
  switch (e.k) {
    case 'num':
      return constant(e.v);
    case 'str':
      return constant(bytesToInteger(e.bytes));
    case 'float':
      throw new ExprError(e.col, 'floating-point constant in an integer expression');
    case 'reg':
      if (!ctx.allowRegisters) throw new ExprError(e.col, `register '${e.reg.name}' not allowed in an expression`);
      if (ctx.hint && ctx.hint.type === 'none') {
        ctx.hint.type = 'makebase';
        ctx.hint.base = e.reg.name;
      }
      return { n: 0n, hasConst: false, rel: EMPTY_REL, regs: [{ reg: e.reg, coef: 1n }], unknown: false };
    case 'here': {
      const v = ctx.here();
      if (!v) throw new ExprError(e.col, "'$' is not allowed here");
      return v;
    }
    case 'sectbase': {
      const v = ctx.sectionBase();
      if (!v) throw new ExprError(e.col, "'$$' is not allowed here");
      return v;
    }
    case 'sym': {
      const v = ctx.symbol(e.name);
      // A symbol whose own value is not known yet is reported where it is used.
      if (v) return { ...v, hasConst: true, ...(v.unknown ? { missing: { name: e.name, col: e.col } } : {}) };
      return { n: 0n, hasConst: true, rel: EMPTY_REL, regs: [], unknown: true, missing: { name: e.name, col: e.col } };
    }
    case 'unary': {
      const v = evalNode(e.e, ctx);
      if (e.op === '+') return v;
      if (e.op === '-') return scale(v, -1n, undefined);
      if (!isScalar(v)) throw new ExprError(e.col, `'${e.op}' may only be applied to a number`);
      if (e.op === '~') return { ...constant(~v.n), unknown: v.unknown, missing: v.missing };
      if (e.op.startsWith('ilog2')) {
        // e: exact (a power of two is required), w: the same with only a warning in NASM, f: floor, c: ceiling
        const n = BigInt.asUintN(64, v.n);
        const floor = n === 0n ? 0 : n.toString(2).length - 1;
        const exact = n !== 0n && (n & (n - 1n)) === 0n;
        if (e.op === 'ilog2e' && !exact && !v.unknown) throw new ExprError(e.col, `ilog2 of ${v.n}, which is not a power of 2`);
        return { ...constant(BigInt(e.op === 'ilog2c' && !exact && n > 1n ? floor + 1 : floor)), unknown: v.unknown, missing: v.missing };
      }
      return { ...constant(v.n === 0n ? 1n : 0n), unknown: v.unknown, missing: v.missing };
    }
    case 'cond': {
      const c = evalNode(e.c, ctx);
      if (!isScalar(c)) throw new ExprError(e.col, "the condition of '?:' must be a number");
      const t = evalNode(e.t, ctx);
      const f = evalNode(e.f, ctx);
      const r = c.n !== 0n ? t : f;
      return c.unknown ? { ...r, unknown: true, missing: r.missing ?? c.missing } : r;
    }
    case 'binary':
      return evalBinary(e.op, evalNode(e.l, ctx), evalNode(e.r, ctx), e.col, ctx.hint);
  }
}

function evalBinary(op: string, a: Value, b: Value, col: number, hint: BaseHint | undefined): Value {
  if (op === '+') return linear(a, b, 1n, hint);
  if (op === '-') return linear(a, b, -1n, hint);
  const unknown = a.unknown || b.unknown;
  const missing = a.missing ?? b.missing;
  if (op === '*') {
    const product = isScalar(a) ? scale(b, a.n, hint) : isScalar(b) ? scale(a, b.n, hint) : null;
    if (product) return unknown ? { ...product, unknown, missing } : product;
    throw new ExprError(col, "'*' needs a plain number on one side");
  }
  if (COMPARISONS.includes(op)) {
    // NASM compares the difference, so two addresses in one section compare by offset.
    const d = linear(a, b, -1n, hint);
    const result = (n: bigint): Value => ({ ...constant(n), unknown, missing });
    if (op === '=' || op === '==' || op === '!=' || op === '<>') {
      const equal = isScalar(d) && d.n === 0n;
      return result((op === '!=' || op === '<>') !== equal ? 1n : 0n);
    }
    if (!isScalar(d)) throw new ExprError(col, `'${op}': the operands differ by an address, not a number`);
    const c = d.n;
    switch (op) {
      case '<': return result(c < 0n ? 1n : 0n);
      case '<=': return result(c <= 0n ? 1n : 0n);
      case '>': return result(c > 0n ? 1n : 0n);
      case '>=': return result(c >= 0n ? 1n : 0n);
      default: return result(c < 0n ? -1n : c > 0n ? 1n : 0n); // <=>
    }
  }
  if (!isScalar(a) || !isScalar(b)) {
    throw new ExprError(col, `'${op}' may only be applied to plain numbers, not addresses or registers`);
  }
  const x = a.n;
  const y = b.n;
  const result = (n: bigint): Value => ({ ...constant(n), unknown, missing });
  const divisor = (): bigint => {
    if (y === 0n) {
      if (unknown) return 1n; // a value still being resolved; the final pass decides
      throw new ExprError(col, 'division by zero');
    }
    return y;
  };
  switch (op) {
    case '/': return result(u64(x) / u64(divisor()));
    case '%': return result(u64(x) % u64(divisor()));
    case '//': return result(x / divisor());
    case '%%': return result(x % divisor());
    // NASM shifts with the C operators on x86-64, which use the count modulo 64.
    case '<<': case '<<<': return result(x << BigInt.asUintN(6, y));
    case '>>': return result(u64(x) >> BigInt.asUintN(6, y));
    case '>>>': return result(x >> BigInt.asUintN(6, y));
    case '&': return result(x & y);
    case '|': return result(x | y);
    case '^': return result(x ^ y);
    case '&&': return result(x !== 0n && y !== 0n ? 1n : 0n);
    case '||': return result(x !== 0n || y !== 0n ? 1n : 0n);
    case '^^': return result((x !== 0n) !== (y !== 0n) ? 1n : 0n);
    default:
      throw new ExprError(col, `unknown operator '${op}'`);
  }
}
