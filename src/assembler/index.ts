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
import type { Layout, PlacedSection } from './layout';
import { parseLines, type ParsedLine } from './parser';
import { runPasses, sectionName, type ListingLine } from './passes';
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

/**
 * Assemble several source files into one program, as `nasm -f elf32` on each and
 * `ld -m elf_i386` on the objects would: each file has its own macros, labels and
 * section pieces; global, extern and common names are shared; a section's pieces
 * follow each other in file order (code gaps filled with NOPs as ld fills them),
 * common symbols nobody defines go at the end of .bss.
 */
export function assembleProgram(units: readonly AssembleOptions[]): AssembleResult {
  if (units.length === 0) throw new Error('assembleProgram: no source');
  try {
    return assembleUnits(units);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new AssemblyError([{ severity: 'error', origin: { file: units[0]!.fileName, line: 1, expansion: [] }, col: 1, message: `source nested too deeply to assemble (${e.message})`, seq: 0 }]);
  }
}

function assembleUnguarded(options: AssembleOptions): AssembleResult {
  return assembleUnits([options]);
}

function assembleUnits(units: readonly AssembleOptions[]): AssembleResult {
  const options = units[0]!;
  const diagnostics = new Diagnostics();
  const all: ParsedLine[] = [];
  const shared: Set<string>[] = [];
  const commons = new Map<string, { size: bigint; align: bigint }>();
  for (const [unit, u] of units.entries()) {
    const readFile = u.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'));
    const readBinary = u.readBinary ?? ((p: string) => fs.readFileSync(p));
    diagnostics.seqBase = all.length;
    const lines = preprocess({ source: u.source, fileName: u.fileName, readFile, diagnostics });
    const parsed = parseLines(lines, (name, fromFile) => {
      for (const path of includeCandidates(name, fromFile, u.fileName)) {
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
    const names = new Set<string>();
    for (const l of parsed.parsed) {
      const st = l.stmt;
      if (st.kind === 'global' || st.kind === 'extern') for (const n of st.names) names.add(n.name);
      if (st.kind === 'common') {
        names.add(st.name);
        const c = commons.get(st.name);
        commons.set(st.name, { size: c && c.size > st.size ? c.size : st.size, align: c && c.align > st.align ? c.align : st.align });
      }
    }
    shared.push(names);
    const base = all.length;
    if (units.length === 1) for (const l of parsed.parsed) all.push(l);
    else for (const l of parsed.parsed) all.push({ ...l, seq: l.seq + base, unit });
  }
  diagnostics.seqBase = 0;
  // Common symbols no file defines: ld puts them after every file's .bss.
  const defined = (name: string): boolean => all.some((l) => l.label?.name === name && (l.unit === undefined || shared[l.unit]!.has(name)));
  const homeless = [...commons].filter(([name]) => !defined(name));
  if (homeless.length > 0) {
    const text = ['section .bss', ...homeless.flatMap(([name, c]) => [`global ${name}`, `alignb ${c.align}`, `${name}: resb ${c.size}`])].join('\n');
    diagnostics.seqBase = all.length;
    const lines = preprocess({ source: text, fileName: '<common symbols>', readFile: () => '', diagnostics });
    const parsed = parseLines(lines);
    shared.push(new Set(homeless.map(([n]) => n)));
    const base = all.length;
    for (const l of parsed.parsed) all.push({ ...l, seq: l.seq + base, unit: units.length });
    diagnostics.seqBase = 0;
  }
  const result = runPasses(all, diagnostics, shared);
  if (diagnostics.errorCount > 0) throw new AssemblyError(diagnostics.errors());

  // Each output section: its pieces, in order, with ld's fill between them.
  const pieces = result.layout.sections;
  const merged: PlacedSection[] = [];
  const contents = new Map<string, Uint8Array>();
  for (let i = 0; i < pieces.length; ) {
    const first = pieces[i]!;
    let j = i;
    while (j < pieces.length && pieces[j]!.kind.name === first.kind.name) j++;
    const group = pieces.slice(i, j);
    const last = group[group.length - 1]!;
    const size = last.address + last.size - first.address;
    const bytes = new Uint8Array(size);
    if (!first.kind.nobits) {
      for (const [k, p] of group.entries()) {
        const s = result.sections.get(p.key ?? p.kind.name)!;
        bytes.set(s.bytes, p.address - first.address);
        const next = group[k + 1];
        if (next && first.kind.exec) {
          // ld fills code gaps with 66 90 (xchg ax, ax) pairs and a final 90
          const from = p.address + p.size - first.address;
          const gap = next.address - p.address - p.size;
          for (let g = 0; g < gap; g++) bytes[from + g] = gap % 2 === 1 && g === gap - 1 ? 0x90 : g % 2 === 0 ? 0x66 : 0x90;
        }
      }
    }
    merged.push({ ...first, key: undefined, size, align: Math.max(...group.map((p) => p.align)) });
    contents.set(first.kind.name, bytes);
    i = j;
  }
  const layout: Layout = { ...result.layout, sections: merged };
  const address = new Map(pieces.map((s) => [s.key ?? s.kind.name, s.address]));

  const symbols: ElfSymbol[] = [];
  for (const sym of result.symbols.values()) {
    const sect = sym.value.rel.size === 1 ? [...sym.value.rel.keys()][0]! : null;
    const base = sect !== null ? address.get(sect) ?? 0 : 0;
    symbols.push({ name: sym.name, value: Number(BigInt.asUintN(32, sym.value.n)) + base, section: sect === null ? null : result.sections.get(sect)?.kind.name ?? sectionName(sect), global: result.globals.has(sym.name) });
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
  return assembleFiles([path]);
}

/** Assemble and link several files from disk into one program (see assembleProgram). */
export function assembleFiles(paths: readonly string[]): AssembleResult {
  const units = paths.map((path) => {
    try {
      return { source: fs.readFileSync(path, 'utf8'), fileName: path };
    } catch (e) {
      throw new AssemblyError([{
        severity: 'error',
        origin: { file: path, line: 1, expansion: [] },
        col: 1,
        message: `cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        seq: 0,
      }]);
    }
  });
  return assembleProgram(units);
}
