/**
 * Reading the program the user named: an ELF executable as it is, or a NASM
 * source (`.asm`), assembled in memory by ftvm's own assembler — or several
 * sources separated by commas (`main.asm,lib.asm`), assembled and linked as
 * nasm and ld would.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors';
import { assembleFiles } from '../assembler';

export function isAssemblySource(path: string): boolean {
  return /\.(asm|nasm)$/i.test(path);
}

/** The sources of `a.asm,b.asm` when each part is one; otherwise null. */
function sourceList(path: string): string[] | null {
  const parts = path.split(',');
  return parts.length > 1 && parts.every((p) => p !== '' && isAssemblySource(p)) ? parts : null;
}

export function readProgram(path: string): Uint8Array {
  const sources = sourceList(path);
  if (sources) {
    for (const s of sources) checkReadable(s);
    return assembleFiles(sources).elf;
  }
  const size = checkReadable(path);
  if (size > 256 * 1024 * 1024) throw new UserError(`${path}: too large for a guest program (${size} bytes)`);
  if (isAssemblySource(path)) return assembleFiles([path]).elf;
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UserError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The file's size; a one-line error if it is missing, unreadable or a directory. */
function checkReadable(path: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path}: is a directory`);
    size = st.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
  }
  return size;
}
