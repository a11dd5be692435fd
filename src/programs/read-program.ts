/**
 * Reading the program the user named: an ELF executable as it is, or a NASM
 * source (`.asm`), assembled in memory by ftvm's own assembler. Every file is
 * read through readInputFile (regular files only, size-capped), %include and
 * incbin files too; an executable is checked here, so a command knows the
 * program is good before it opens anything for writing.
 */
import { assemble, AssemblyError, type AssembleResult, type Diagnostic } from '../assembler';
import { parseElf } from '../elf';
import { readInputFile, readInputText, MiB } from '../util/input-file';
import { quoteName } from '../util/quote';

/** The largest program (or incbin file) ftvm reads: more than any guest memory holds. */
const PROGRAM = { maxBytes: 256 * MiB, what: 'a guest program' };
const SOURCE = { maxBytes: 64 * MiB, what: 'an assembly source' };

export function isAssemblySource(path: string): boolean {
  return /\.(asm|nasm)$/i.test(path);
}

/** The program's ELF bytes, checked to be an executable ftvm can load. */
export function readProgram(path: string): Uint8Array {
  const image = isAssemblySource(path) ? assembleProgram(path).elf : readExecutable(path);
  parseElf(image, path);
  return image;
}

/** An executable's bytes as they are, unchecked (`ftvm disasm` reads more than ftvm runs). */
export function readExecutable(path: string): Uint8Array {
  return new Uint8Array(readInputFile(path, PROGRAM));
}

/** Assemble a source file; its %include and incbin files are read as safely as it is. */
export function assembleProgram(path: string): AssembleResult {
  const source = readInputText(path, SOURCE);
  try {
    return assemble({
      source,
      fileName: path,
      readFile: (p) => readInputText(p, SOURCE),
      readBinary: (p) => readInputFile(p, PROGRAM),
    });
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
