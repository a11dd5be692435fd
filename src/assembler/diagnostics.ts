/**
 * Where a line came from and what went wrong with it. Every error of a run is
 * collected rather than thrown at once, so that one `ftvm asm` reports all of
 * them; AssemblyError carries the lot, one `file:line:col: message` a line.
 */
import { UserError } from '../errors';

export interface SourcePos {
  readonly file: string;
  readonly line: number;
}

/**
 * The origin of one logical line: the file and line it was read from (for a
 * macro body line, the line inside the macro definition) and, innermost
 * first, the lines that invoked the macros it was expanded from.
 */
export interface Origin extends SourcePos {
  readonly expansion: readonly SourcePos[];
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly origin: Origin;
  /** 1-based column in the origin line. */
  readonly col: number;
  readonly message: string;
  /** Order of the logical line the diagnostic belongs to, for sorting. */
  readonly seq: number;
  /** How many times this same diagnostic arose (a line inside a %rep, a macro body); 1 if once. */
  readonly count?: number;
}

/** One line: `file:line:col: message`, then the macro invocations and the repeat count, if any. */
export function formatDiagnostic(d: Diagnostic): string {
  const { file, line, expansion } = d.origin;
  const via = expansion.length > 0 ? ` (in macro invoked at ${expansion.map((p) => `${p.file}:${p.line}`).join(', ')})` : '';
  const times = (d.count ?? 1) > 1 ? ` [${d.count} times]` : '';
  return `${file}:${line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}${via}${times}`;
}

/** Distinct diagnostics kept of each severity; past it they are only counted, as NASM stops. */
export const MAX_DISTINCT_DIAGNOSTICS = 1000;

export class Diagnostics {
  private readonly list: { d: Diagnostic; count: number }[] = [];
  private readonly byKey = new Map<string, { d: Diagnostic; count: number }>();
  private readonly distinct = { error: 0, warning: 0 };
  private readonly dropped = { error: 0, warning: 0 };
  private total = 0;
  /** Added to every seq: the lines of the files before this one, when several are linked. */
  seqBase = 0;

  error(origin: Origin, col: number, message: string, seq: number): void {
    this.add({ severity: 'error', origin, col, message, seq });
  }

  warning(origin: Origin, col: number, message: string, seq: number): void {
    this.add({ severity: 'warning', origin, col, message, seq });
  }

  /** The same diagnostic twice (the same line of a %rep body, say) is kept once and counted. */
  private add(diagnostic: Diagnostic): void {
    const d = this.seqBase === 0 ? diagnostic : { ...diagnostic, seq: diagnostic.seq + this.seqBase };
    if (d.severity === 'error') this.total++;
    const key = `${d.severity}\0${d.origin.file}\0${d.origin.line}\0${d.col}\0${d.message}\0${d.origin.expansion.map((p) => `${p.file}:${p.line}`).join(',')}`;
    const seen = this.byKey.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    if (this.distinct[d.severity] >= MAX_DISTINCT_DIAGNOSTICS) {
      this.dropped[d.severity]++;
      return;
    }
    this.distinct[d.severity]++;
    const entry = { d, count: 1 };
    this.byKey.set(key, entry);
    this.list.push(entry);
  }

  /** Every error, repeats included. */
  get errorCount(): number {
    return this.total;
  }

  /** All diagnostics in source order (stable within a line), each with its count. */
  sorted(): Diagnostic[] {
    return this.list
      .map((e, i) => ({ d: e.count > 1 ? { ...e.d, count: e.count } : e.d, i }))
      .sort((a, b) => a.d.seq - b.d.seq || a.i - b.i)
      .map((x) => x.d);
  }

  errors(): Diagnostic[] {
    return this.withDropped('error', this.sorted().filter((d) => d.severity === 'error'));
  }

  warnings(): Diagnostic[] {
    return this.withDropped('warning', this.sorted().filter((d) => d.severity === 'warning'));
  }

  private withDropped(severity: 'error' | 'warning', list: Diagnostic[]): Diagnostic[] {
    const n = this.dropped[severity];
    if (n === 0 || list.length === 0) return list;
    const last = list[list.length - 1]!;
    return [...list, { ...last, count: undefined, message: `${n} more ${severity}s not shown: stopped after ${MAX_DISTINCT_DIAGNOSTICS} distinct ones` }];
  }
}

/** The source could not be assembled; the message is every error, one per line. */
export class AssemblyError extends UserError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'), 2);
    this.name = 'AssemblyError';
    this.diagnostics = diagnostics;
  }
}
