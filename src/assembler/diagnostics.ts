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
}

export function formatDiagnostic(d: Diagnostic): string {
  const { file, line, expansion } = d.origin;
  const head = `${file}:${line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return [head, ...expansion.map((p) => `${p.file}:${p.line}: ... in macro invoked here`)].join('\n');
}

export class Diagnostics {
  private readonly list: Diagnostic[] = [];

  error(origin: Origin, col: number, message: string, seq: number): void {
    this.list.push({ severity: 'error', origin, col, message, seq });
  }

  warning(origin: Origin, col: number, message: string, seq: number): void {
    this.list.push({ severity: 'warning', origin, col, message, seq });
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }

  /** All diagnostics in source order (stable within a line). */
  sorted(): Diagnostic[] {
    return this.list.map((d, i) => ({ d, i })).sort((a, b) => a.d.seq - b.d.seq || a.i - b.i).map((x) => x.d);
  }

  errors(): Diagnostic[] {
    return this.sorted().filter((d) => d.severity === 'error');
  }

  warnings(): Diagnostic[] {
    return this.sorted().filter((d) => d.severity === 'warning');
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
