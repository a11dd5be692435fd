/**
 * Reading the program the user named: an ELF executable as it is, or a NASM
 * source (`.asm`), assembled in memory by ftvm's own assembler.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors';
import { assembleFile } from '../assembler';

export function isAssemblySource(path: string): boolean {
  return /\.(asm|nasm)$/i.test(path);
}

export function readProgram(path: string): Uint8Array {
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
  if (size > 256 * 1024 * 1024) throw new UserError(`${path}: too large for a guest program (${size} bytes)`);
  if (isAssemblySource(path)) return assembleFile(path).elf;
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UserError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
