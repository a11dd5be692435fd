/**
 * parseSectionTable: the section headers of an ELF file, checked against the
 * file, so a truncated or corrupted one is one line that says what is wrong.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSectionTable } from '../../src/elf';
import { UserError } from '../../src/errors';
import { Prng } from '../../src/util/prng';
import { disassembleElf } from '../../src/assembler';
import { assembleProgram } from '../../src/programs/read-program';

/** Stripped, as the fixture is; and with its symbol table, as ftvm's assembler writes it. */
const hello = new Uint8Array(readFileSync(new URL('./fixtures/hello-nasm', import.meta.url)));
const withSymbols = assembleProgram(fileURLToPath(new URL('./fixtures/hello-nasm.asm', import.meta.url))).elf;

function failure(bytes: Uint8Array): string {
  try {
    parseSectionTable(bytes, 'prog');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).not.toMatch(/[\r\n]/);
    return (error as UserError).message;
  }
  throw new Error('parseSectionTable accepted the file');
}

describe('parseSectionTable', () => {
  it('reads the sections of a NASM program', () => {
    expect(parseSectionTable(hello, 'hello').map((s) => s.name)).toEqual(['', '.text', '.data', '.bss', '.shstrtab']);
    expect(parseSectionTable(withSymbols, 'hello').map((s) => s.name)).toEqual(expect.arrayContaining(['.text', '.symtab', '.strtab']));
  });

  it('says a truncated file is truncated, and where the table would end', () => {
    expect(failure(hello.subarray(0, hello.length - 1))).toMatch(/^prog: truncated or corrupt: the section header table \(\d+ entries at 0x[0-9a-f]+\) ends at 0x[0-9a-f]+, past the end of the file \(0x[0-9a-f]+ bytes\)$/);
    expect(failure(hello.subarray(0, 40))).toBe('prog: truncated ELF header');
    expect(failure(new TextEncoder().encode('#!/bin/sh\n'))).toBe('prog: not an ELF file');
  });

  it('says which section runs past the end of the file', () => {
    const shoff = new DataView(hello.buffer, hello.byteOffset).getUint32(32, true);
    const bad = Uint8Array.from(hello);
    new DataView(bad.buffer).setUint32(shoff + 40 + 16, 0xfffff000, true); // section 1's offset
    expect(failure(bad)).toMatch(/^prog: truncated or corrupt: section 1 \(\.text\) \(offset 0xfffff000, 0x[0-9a-f]+ bytes\) runs past the end of the file/);
  });

  it('never throws anything but a UserError on a corrupted file; what it accepts, the disassembler reads', () => {
    const prng = new Prng(16n);
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const file = i % 2 === 0 ? hello : withSymbols;
      // Half cut short anywhere, half whole with bytes of the headers changed.
      const bytes = Uint8Array.from(file.subarray(0, prng.nextInt(0, 2) ? file.length : prng.nextInt(0, file.length + 1)));
      const shoff = bytes.length >= 36 ? new DataView(bytes.buffer).getUint32(32, true) : 0;
      for (let k = prng.nextInt(1, 4); k > 0 && bytes.length > 0; k--) {
        const at = prng.nextInt(0, 2) && shoff < bytes.length ? prng.nextInt(shoff, bytes.length) : prng.nextInt(0, Math.min(52, bytes.length));
        bytes[at] = prng.nextU32() & 0xff;
      }
      try {
        parseSectionTable(bytes, 'prog');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        continue;
      }
      accepted++;
      expect(() => disassembleElf(bytes)).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(500);
  });
});
