/**
 * ftvm's NASM-compatible assembler: NASM-syntax source in, an ELF32 i386
 * static executable out, with the same .text/.data/.rodata bytes as
 * `nasm -f elf32` followed by `ld -m elf_i386`, and the sections placed where
 * ld places them.
 *
 *   preprocess → parse → passes (sizes until stable, then bytes) → layout → ELF
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { AssemblyError, Diagnostics, formatDiagnostic } from './diagnostics';
import { writeElf, type ElfSymbol } from './elf-writer';
import { parseLines } from './parser';
import { runPasses, type ListingLine } from './passes';
import { preprocess, includeCandidates } from './preprocessor';

export { AssemblyError, formatDiagnostic, type Diagnostic } from './diagnostics';
export { formatListing } from './listing';
export { disassemble, disassembleElf, instructionText, type DisassemblyLine } from './disassembler';
export type { ListingLine } from './passes';

export interface AssembleOptions {
  /** The source text. */
  source: string;
  /** Name used in messages and as the base for %include. */
  fileName: string;
  /** Reads an included file (path already resolved against the including file). Defaults to the file system. */
  readFile?: (path: string) => string;
  /** Reads a file `incbin` names (path resolved the same way). Defaults to the file system. */
  readBinary?: (path: string) => Uint8Array;
}

export interface AssembledSection {
  name: string;
  address: number;
  /** The section's contents; for .bss, zeros of its size. */
  bytes: Uint8Array;
}

export interface AssembleResult {
  elf: Uint8Array;
  entry: number;
  /** Sections in address order. */
  sections: AssembledSection[];
  listing: ListingLine[];
  /** Warnings, formatted like errors (`file:line:col: warning: …`). */
  warnings: string[];
}

/** Assemble `source`; throws AssemblyError listing every error if it cannot. */
export function assemble(options: AssembleOptions): AssembleResult {
  try {
    return assembleUnguarded(options);
  } catch (e) {
    // Anything nested beyond the stack (a macro expanding into itself through a chain of
    // %defines, an expression thousands deep) ends as one line, not a stack trace.
    if (!(e instanceof RangeError)) throw e;
    throw new AssemblyError([{ severity: 'error', origin: { file: options.fileName, line: 1, expansion: [] }, col: 1, message: `source nested too deeply to assemble (${e.message})`, seq: 0 }]);
  }
}

function assembleUnguarded(options: AssembleOptions): AssembleResult {
  const readFile = options.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'));
  const diagnostics = new Diagnostics();
  const lines = preprocess({ source: options.source, fileName: options.fileName, readFile, diagnostics });
  const readBinary = options.readBinary ?? ((p: string) => fs.readFileSync(p));
  const parsed = parseLines(lines, (name, fromFile) => {
    for (const path of includeCandidates(name, fromFile, options.fileName)) {
      try {
        return readBinary(path);
      } catch {
        continue;
      }
    }
    return undefined;
  });
  for (const e of parsed.errors) diagnostics.error(e.origin, e.col, e.message, e.seq);
  for (const w of parsed.warnings) diagnostics.warning(w.origin, w.col, w.message, w.seq);
  const result = runPasses(parsed.parsed, diagnostics);
  if (diagnostics.errorCount > 0) throw new AssemblyError(diagnostics.errors());

  const { layout } = result;
  const address = new Map(layout.sections.map((s) => [s.kind.name, s.address]));
  const contents = new Map<string, Uint8Array>();
  for (const placed of layout.sections) {
    const s = result.sections.get(placed.kind.name)!;
    contents.set(placed.kind.name, s.kind.nobits ? new Uint8Array(placed.size) : Uint8Array.from(s.bytes));
  }

  const symbols: ElfSymbol[] = [];
  for (const sym of result.symbols.values()) {
    const sect = sym.value.rel.size === 1 ? [...sym.value.rel.keys()][0]! : null;
    const base = sect !== null ? address.get(sect) ?? 0 : 0;
    symbols.push({ name: sym.name, value: Number(BigInt.asUintN(32, sym.value.n)) + base, section: sect, global: result.globals.has(sym.name) });
  }
  // The symbols ld adds to every executable.
  const bss = layout.sections.find((s) => s.kind.nobits);
  symbols.push({ name: '__bss_start', value: layout.bssStart, section: bss ? bss.kind.name : null, global: true });
  symbols.push({ name: '_edata', value: layout.edata, section: null, global: true });
  symbols.push({ name: '_end', value: layout.end, section: null, global: true });

  // Entry: a global _start, else the start of .text (ld's default).
  const start = result.symbols.get('_start');
  const text = layout.sections.find((s) => s.kind.name === '.text');
  let entry = text ? text.address : 0;
  const warnings = diagnostics.warnings().map(formatDiagnostic);
  if (start && result.globals.has('_start') && start.value.rel.size === 1) {
    entry = address.get([...start.value.rel.keys()][0]!)! + Number(start.value.n);
  } else {
    // ld's words: the program would start at the top of .text, or nowhere.
    warnings.push(`${options.fileName}: warning: cannot find entry symbol _start (a global label); ${text ? `defaulting to ${entry.toString(16).padStart(8, '0')}` : 'not setting start address'}`);
  }

  const elf = writeElf({ layout, contents, entry, fileName: nodePath.basename(options.fileName), symbols });
  return {
    elf,
    entry,
    sections: layout.sections.map((s) => ({ name: s.kind.name, address: s.address, bytes: contents.get(s.kind.name)! })),
    listing: [...result.listing],
    warnings,
  };
}

/** Assemble a file from disk; %include paths are relative to the including file. */
export function assembleFile(path: string): AssembleResult {
  let source: string;
  try {
    source = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new AssemblyError([{
      severity: 'error',
      origin: { file: path, line: 1, expansion: [] },
      col: 1,
      message: `cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      seq: 0,
    }]);
  }
  return assemble({ source, fileName: path });
}
