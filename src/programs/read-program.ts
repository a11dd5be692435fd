/**
 * Reading the program the user named: an ELF executable as it is, a NASM
 * source (`.asm`) assembled in memory by ftvm's own assembler, or several
 * sources separated by commas (`main.asm,lib.asm`), assembled and linked as
 * nasm and ld would. Every file is read through readInputFile (regular files
 * only, size-capped), %include and incbin files too; an executable is checked
 * here, so a command knows the program is good before it opens anything for
 * writing.
 */
import { assembleProgram as assembleUnits, AssemblyError, type AssembleResult, type Diagnostic } from '../assembler';
import { parseElf } from '../elf';
import { readInputFile, readInputText, MiB } from '../util/input-file';
import { quoteName } from '../util/quote';

/** The largest program (or incbin file) ftvm reads: more than any guest memory holds. */
const PROGRAM = { maxBytes: 256 * MiB, what: 'a guest program' };
const SOURCE = { maxBytes: 64 * MiB, what: 'an assembly source' };

export function isAssemblySource(path: string): boolean {
  return /\.(asm|nasm)$/i.test(path);
}

/** The sources of `a.asm,b.asm` when each part is one; otherwise null. */
function sourceList(path: string): string[] | null {
  const parts = path.split(',');
  return parts.length > 1 && parts.every((p) => p !== '' && isAssemblySource(p)) ? parts : null;
}

/** The program's ELF bytes, checked to be an executable ftvm can load. */
export function readProgram(path: string): Uint8Array {
  const sources = sourceList(path) ?? (isAssemblySource(path) ? [path] : null);
  const image = sources ? assembleSources(sources).elf : readExecutable(path);
  parseElf(image, path);
  return image;
}

/** An executable's bytes as they are, unchecked (`ftvm disasm` reads more than ftvm runs). */
export function readExecutable(path: string): Uint8Array {
  return new Uint8Array(readInputFile(path, PROGRAM));
}

/** Assemble one source file; its %include and incbin files are read as safely as it is. */
export function assembleProgram(path: string): AssembleResult {
  return assembleSources([path]);
}

/** Assemble several sources and link them into one program, as nasm -f elf32 on each and ld would. */
export function assembleSources(paths: readonly string[]): AssembleResult {
  const units = paths.map((path) => ({
    source: readInputText(path, SOURCE),
    fileName: path,
    readFile: (p: string) => readInputText(p, SOURCE),
    readBinary: (p: string) => readInputFile(p, PROGRAM),
  }));
  try {
    return assembleUnits(units);
  } catch (error) {
    if (error instanceof AssemblyError) throw new AssemblyError(error.diagnostics.map(withQuotedNames));
    throw error;
  }
}

function withQuotedNames(d: Diagnostic): Diagnostic {
  const { origin } = d;
  return {
    ...d,
    origin: { ...origin, file: quoteName(origin.file), expansion: origin.expansion.map((p) => ({ ...p, file: quoteName(p.file) })) },
  };
}
