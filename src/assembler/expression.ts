/**
 * NASM expressions: parsing tokens into a tree, and evaluating the tree into
 * a Value. Values are 64-bit like NASM's. A value may be relocatable (it
 * holds section addresses, known only after layout) and, inside a memory
 * operand, may hold registers; both are kept as linear terms so that
 * `label - $$` is a plain number and `ebx + 4*ecx + 8` an address.
 */
import { lookupRegister, type Register } from '../isa';
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

  private parseCond(): Expr {
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
      return { k: 'unary', op: t.text, e: this.parseUnary(), col: t.col };
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
}

// ---- Values --------------------------------------------------------------------

/** A register inside an address expression, with how it was written. */
export interface RegTerm {
  readonly reg: Register;
  readonly coef: bigint;
  /** It was multiplied in the source (`eax*1` says "index", not "base"). */
  readonly scaled: boolean;
}

export interface Value {
  /** The constant part, a signed 64-bit number. */
  readonly n: bigint;
  /** Section name → coefficient: the value is n + Σ coef·address(section). */
  readonly rel: ReadonlyMap<string, bigint>;
  /** Registers, in the order they first appear (address expressions only). */
  readonly regs: readonly RegTerm[];
  /** Some symbol in it is not defined (yet); `missing` names the first. */
  readonly unknown: boolean;
  readonly missing?: { readonly name: string; readonly col: number };
}

const EMPTY_REL: ReadonlyMap<string, bigint> = new Map();

export function constant(n: bigint): Value {
  return { n: BigInt.asIntN(64, n), rel: EMPTY_REL, regs: [], unknown: false };
}

export function sectionOffset(section: string, offset: bigint): Value {
  return { n: offset, rel: new Map([[section, 1n]]), regs: [], unknown: false };
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

function linear(a: Value, b: Value, sign: bigint): Value {
  const rel = new Map(a.rel);
  for (const [s, c] of b.rel) {
    const nc = (rel.get(s) ?? 0n) + sign * c;
    if (nc === 0n) rel.delete(s);
    else rel.set(s, nc);
  }
  const regs: RegTerm[] = a.regs.map((r) => ({ ...r }));
  for (const r of b.regs) {
    const i = regs.findIndex((x) => x.reg.name === r.reg.name);
    if (i >= 0) regs[i] = { reg: r.reg, coef: regs[i]!.coef + sign * r.coef, scaled: regs[i]!.scaled || r.scaled };
    else regs.push({ reg: r.reg, coef: sign * r.coef, scaled: r.scaled });
  }
  return {
    n: BigInt.asIntN(64, a.n + sign * b.n),
    rel,
    regs: regs.filter((r) => r.coef !== 0n),
    unknown: a.unknown || b.unknown,
    missing: a.missing ?? b.missing,
  };
}

function scale(v: Value, k: bigint): Value {
  const rel = new Map<string, bigint>();
  if (k !== 0n) for (const [s, c] of v.rel) rel.set(s, c * k);
  return {
    n: BigInt.asIntN(64, v.n * k),
    rel,
    regs: k === 0n ? [] : v.regs.map((r) => ({ reg: r.reg, coef: r.coef * k, scaled: true })),
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
}

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

export function evaluate(e: Expr, ctx: EvalContext): Value {
  switch (e.k) {
    case 'num':
      return constant(e.v);
    case 'str':
      return constant(bytesToInteger(e.bytes));
    case 'float':
      throw new ExprError(e.col, 'floating-point constant in an integer expression');
    case 'reg':
      if (!ctx.allowRegisters) throw new ExprError(e.col, `register '${e.reg.name}' not allowed in an expression`);
      return { n: 0n, rel: EMPTY_REL, regs: [{ reg: e.reg, coef: 1n, scaled: false }], unknown: false };
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
      if (v) return v.unknown ? { ...v, missing: { name: e.name, col: e.col } } : v;
      return { n: 0n, rel: EMPTY_REL, regs: [], unknown: true, missing: { name: e.name, col: e.col } };
    }
    case 'unary': {
      const v = evaluate(e.e, ctx);
      if (e.op === '+') return v;
      if (e.op === '-') return scale(v, -1n);
      if (!isScalar(v)) throw new ExprError(e.col, `'${e.op}' may only be applied to a number`);
      if (e.op === '~') return { ...constant(~v.n), unknown: v.unknown, missing: v.missing };
      return { ...constant(v.n === 0n ? 1n : 0n), unknown: v.unknown, missing: v.missing };
    }
    case 'cond': {
      const c = evaluate(e.c, ctx);
      if (!isScalar(c)) throw new ExprError(e.col, "the condition of '?:' must be a number");
      const r = c.n !== 0n ? evaluate(e.t, ctx) : evaluate(e.f, ctx);
      return c.unknown ? { ...r, unknown: true, missing: r.missing ?? c.missing } : r;
    }
    case 'binary':
      return evalBinary(e.op, evaluate(e.l, ctx), evaluate(e.r, ctx), e.col);
  }
}

function evalBinary(op: string, a: Value, b: Value, col: number): Value {
  if (op === '+') return linear(a, b, 1n);
  if (op === '-') return linear(a, b, -1n);
  const unknown = a.unknown || b.unknown;
  const missing = a.missing ?? b.missing;
  if (op === '*') {
    if (isScalar(b)) return scale(a, b.n);
    if (isScalar(a)) return scale(b, a.n);
    throw new ExprError(col, "'*' needs a plain number on one side");
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
    case '<<': case '<<<': return result(y >= 64n || y < 0n ? 0n : x << y);
    case '>>': return result(y >= 64n || y < 0n ? 0n : u64(x) >> y);
    case '>>>': return result(x >> (y >= 64n || y < 0n ? 63n : y));
    case '&': return result(x & y);
    case '|': return result(x | y);
    case '^': return result(x ^ y);
    case '&&': return result(x !== 0n && y !== 0n ? 1n : 0n);
    case '||': return result(x !== 0n || y !== 0n ? 1n : 0n);
    case '^^': return result((x !== 0n) !== (y !== 0n) ? 1n : 0n);
    case '=': case '==': return result(x === y ? 1n : 0n);
    case '!=': case '<>': return result(x !== y ? 1n : 0n);
    case '<': return result(x < y ? 1n : 0n);
    case '<=': return result(x <= y ? 1n : 0n);
    case '>': return result(x > y ? 1n : 0n);
    case '>=': return result(x >= y ? 1n : 0n);
    case '<=>': return result(x < y ? -1n : x > y ? 1n : 0n);
    default:
      throw new ExprError(col, `unknown operator '${op}'`);
  }
}
