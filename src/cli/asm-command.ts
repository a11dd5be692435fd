/**
 * `ftvm asm FILE.asm [-o OUT] [--list]`: assemble NASM-syntax source into a
 * static ELF32 i386 executable. Assembly errors go to stderr exactly as the
 * assembler words them (`file:line:col: message`), the status is 2 and no
 * output file is left behind. Also `ftvm disasm FILE`, its inverse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssemblyError, disassembleElf, formatListing } from '../assembler';
import { parseSectionTable } from '../elf';
import { assembleProgram, isAssemblySource, readExecutable } from '../programs/read-program';
import { quoteName } from '../util/quote';
import { UserError } from '../errors';

const HELP = `usage: ftvm asm FILE.asm [-o OUT] [--list]

Assemble NASM-syntax source into a static ELF32 i386 executable, with the same
.text/.data/.rodata bytes as 'nasm -f elf32 FILE.asm && ld -m elf_i386', laid out
as ld lays it out. %include paths are relative to the including file.

options:
  -o, --output OUT   write the executable to OUT (default: FILE without .asm)
  -l, --list         print a listing (address, bytes, source line) on stdout
  -h, --help         show this help

Errors are printed as file:line:col: message, all of them; the status is then 2
and no output file is written.
`;

interface AsmArgs {
  readonly input: string;
  readonly output: string;
  readonly list: boolean;
}

function parseArgs(argv: readonly string[]): AsmArgs | 'help' {
  let input: string | undefined;
  let output: string | undefined;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-l' || arg === '--list') list = true;
    else if (arg === '-o' || arg === '--output') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new UserError(`asm: ${arg} needs a file name`);
      output = v;
    } else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (arg.startsWith('-o') && arg.length > 2) output = arg.slice(2);
    else if (arg.startsWith('-') && arg !== '-') throw new UserError(`asm: unknown option ${quoteName(arg, 'always')} (see 'ftvm asm --help')`);
    else if (input !== undefined) throw new UserError(`asm: one source file at a time (${quoteName(input, 'always')}, then ${quoteName(arg, 'always')})`);
    else input = arg;
  }
  if (input === undefined) throw new UserError("asm: no source file (see 'ftvm asm --help')");
  if (output === undefined) {
    output = input.endsWith('.asm') ? input.slice(0, -4) : `${input}.out`;
  }
  if (path.resolve(output) === path.resolve(input)) throw new UserError(`asm: the output would overwrite the source ${quoteName(input, 'always')}`);
  return { input, output, list };
}

function removeIfPresent(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // nothing there: nothing to remove
  }
}

export async function asmCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  let result;
  try {
    result = assembleProgram(args.input);
  } catch (error) {
    if (error instanceof AssemblyError) {
      // A stale executable from an earlier build must not pass for this one.
      removeIfPresent(args.output);
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  for (const w of result.warnings) process.stderr.write(`${w}\n`);

  // Write beside the target and rename, so a failed write leaves nothing half-done.
  const tmp = path.join(path.dirname(args.output), `.${path.basename(args.output)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, result.elf, { mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, args.output);
  } catch (error) {
    removeIfPresent(tmp);
    throw new UserError(`${quoteName(args.output)}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (args.list) process.stdout.write(formatListing(result.listing));
  return 0;
}

const DISASM_HELP = `usage: ftvm disasm FILE

Disassemble the code of a static ELF32 i386 executable (or of a NASM-syntax
.asm source, assembled first) in NASM syntax: address, bytes, instruction, with
the executable's labels. The decoder is driven by the same instruction table
as the assembler, and its output assembles back to the same bytes.
`;

/** `ftvm disasm FILE`: the code sections of an executable in NASM syntax. */
export async function disasmCommand(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(DISASM_HELP);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-') && a !== '-');
  if (unknown) throw new UserError(`disasm: unknown option ${quoteName(unknown, 'always')} (see 'ftvm disasm --help')`);
  if (argv.length !== 1) throw new UserError("disasm: give one file (see 'ftvm disasm --help')");
  const file = argv[0]!;
  let elf: Uint8Array;
  if (isAssemblySource(file)) {
    try {
      elf = assembleProgram(file).elf;
    } catch (error) {
      if (error instanceof AssemblyError) {
        process.stderr.write(`${error.message}\n`);
        return error.exitCode;
      }
      throw error;
    }
  } else {
    elf = readExecutable(file);
  }
  parseSectionTable(elf, file);
  process.stdout.write(disassembleElf(elf));
  return 0;
}
