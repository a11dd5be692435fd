/**
 * Single-line macros: %define (with or without parameters), %idefine,
 * %xdefine, %assign and %defstr all end up here as a name and a token body;
 * expansion replaces each use by its body, recursively, never re-entering a
 * macro that is already being expanded.
 */
import type { Token } from './lexer';

export interface SingleLineMacro {
  readonly name: string;
  /** Parameter names, or null for a macro used without parentheses. */
  readonly params: readonly string[] | null;
  readonly body: readonly Token[];
  readonly caseless: boolean;
}

export interface ExpandError {
  readonly col: number;
  readonly message: string;
}

export class SingleLineMacros {
  private readonly exact = new Map<string, SingleLineMacro[]>();
  private readonly caseless = new Map<string, SingleLineMacro[]>();

  /** Names whose value depends on where they are used (__LINE__, __FILE__). */
  dynamic: (name: string, at: Token) => Token[] | undefined = () => undefined;

  define(m: SingleLineMacro): void {
    const table = m.caseless ? this.caseless : this.exact;
    const key = m.caseless ? m.name.toLowerCase() : m.name;
    // A new definition replaces one with the same number of parameters.
    const list = (table.get(key) ?? []).filter((x) => (x.params?.length ?? -1) !== (m.params?.length ?? -1));
    list.push(m);
    table.set(key, list);
  }

  undefine(name: string): void {
    this.exact.delete(name);
    this.caseless.delete(name.toLowerCase());
  }

  isDefined(name: string): boolean {
    return this.candidates(name).length > 0 || this.dynamic(name, DUMMY) !== undefined;
  }

  private candidates(name: string): SingleLineMacro[] {
    return [...(this.exact.get(name) ?? []), ...(this.caseless.get(name.toLowerCase()) ?? [])];
  }

  /** Expand every macro use in `tokens`. */
  expand(tokens: readonly Token[], errors: ExpandError[], active: ReadonlySet<string> = new Set()): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'id' || active.has(t.text.toLowerCase())) {
        out.push(t);
        continue;
      }
      const dyn = this.dynamic(t.text, t);
      if (dyn) {
        out.push(...dyn);
        continue;
      }
      const cands = this.candidates(t.text);
      if (cands.length === 0) {
        out.push(t);
        continue;
      }
      const next = tokens[i + 1];
      const withParams = cands.filter((m) => m.params !== null);
      if (withParams.length > 0 && next && next.kind === 'op' && next.text === '(') {
        const call = splitCallArgs(tokens, i + 1);
        if (call) {
          const m = withParams.find((x) => x.params!.length === call.args.length);
          if (m) {
            const body = m.body.flatMap((b) => {
              const k = b.kind === 'id' ? m.params!.indexOf(b.text) : -1;
              return k >= 0 ? call.args[k]! : [b];
            });
            const inner = new Set(active).add(t.text.toLowerCase());
            out.push(...retag(this.expand(body, errors, inner), t));
            i = call.end;
            continue;
          }
        }
      }
      const plain = cands.find((m) => m.params === null);
      if (plain) {
        const inner = new Set(active).add(t.text.toLowerCase());
        out.push(...retag(this.expand(plain.body, errors, inner), t));
        continue;
      }
      out.push(t);
    }
    return out;
  }
}

const DUMMY: Token = { kind: 'id', text: '', col: 0, pos: 0, end: 0, spaceBefore: true };

/** Tokens produced by expanding a macro report the position of the macro's name. */
function retag(tokens: readonly Token[], at: Token): Token[] {
  return tokens.map((x, k) => ({ ...x, col: at.col, pos: at.pos, end: at.end, spaceBefore: k === 0 ? at.spaceBefore : x.spaceBefore }));
}

/** Arguments of `name(a, (b, c), d)` starting at the `(`; null if the parenthesis is not closed. */
function splitCallArgs(tokens: readonly Token[], open: number): { args: Token[][]; end: number } | null {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind === 'op' && (t.text === '(' || t.text === '{')) {
      depth++;
      if (depth === 1) continue;
    } else if (t.kind === 'op' && (t.text === ')' || t.text === '}')) {
      depth--;
      if (depth === 0) return { args: args.length === 1 && args[0]!.length === 0 ? [] : args, end: j };
    } else if (depth === 1 && t.kind === 'op' && t.text === ',') {
      args.push([]);
      continue;
    }
    args[args.length - 1]!.push(t);
  }
  return null;
}
