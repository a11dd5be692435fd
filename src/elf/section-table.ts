/**
 * The section header table of an ELF32 i386 file, checked against the file:
 * the table itself, the section names' string table, and the bytes of every
 * section that has some (code, data, symbol and string tables) lie inside the
 * file. A truncated or corrupted file becomes one UserError line that says
 * which part lies where; a reader that relies on this check (the
 * disassembler) never reads past the end.
 */
import { EHDR } from './elf-format';
import { checkElfHeader, elfReader } from './parse-elf';
import { quoteName } from '../util/quote';

/** Elf32_Shdr field offsets (the ones read here), and the entry size. */
const SHDR = { nameOffset: 0, type: 4, flags: 8, addr: 12, offset: 16, size: 20, link: 24 } as const;
const SHDR_SIZE = 40;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_NOBITS = 8;

/** One section header: its index, its name, and the fields SHDR reads (type, flags, addr, offset, size, link). */
export type ElfSectionHeader = { readonly index: number; readonly name: string } & Readonly<Record<Exclude<keyof typeof SHDR, 'nameOffset'>, number>>;

const hex = (value: number): string => `0x${value.toString(16)}`;

/** Every section header of `bytes`; throws a UserError naming `name` if any part lies outside the file. */
export function parseSectionTable(bytes: Uint8Array, name: string): ElfSectionHeader[] {
  const reader = elfReader(bytes, name);
  const { u16, u32, fail } = reader;
  checkElfHeader(bytes, reader);
  const shoff = u32(EHDR.shoff);
  const shnum = u16(EHDR.shnum);
  const shstrndx = u16(EHDR.shstrndx);
  if (shnum === 0) return [];
  if (u16(EHDR.shentsize) !== SHDR_SIZE) fail(`section header entry size is ${u16(EHDR.shentsize)}, expected ${SHDR_SIZE}`);
  const tableEnd = shoff + shnum * SHDR_SIZE;
  if (tableEnd > bytes.length) {
    fail(`truncated or corrupt: the section header table (${shnum} entries at ${hex(shoff)}) ends at ${hex(tableEnd)}, past the end of the file (${hex(bytes.length)} bytes)`);
  }
  const raw = Array.from({ length: shnum }, (_, index) => ({ index, ...reader.entry(shoff + index * SHDR_SIZE, SHDR) }));
  const inFile = (h: { type: number; offset: number; size: number }, what: string): void => {
    if (h.type !== SHT_NOBITS && h.offset + h.size > bytes.length) {
      fail(`truncated or corrupt: ${what} (offset ${hex(h.offset)}, ${hex(h.size)} bytes) runs past the end of the file (${hex(bytes.length)} bytes)`);
    }
  };
  if (shstrndx >= shnum) fail(`the section names' string table is section ${shstrndx}, but there are only ${shnum} sections`);
  const names = raw[shstrndx];
  inFile(names, `the section names' string table (section ${shstrndx})`);
  const nameOf = (offset: number): string => {
    if (offset >= names.size) return '?';
    const start = names.offset + offset;
    const end = bytes.subarray(start, names.offset + names.size).indexOf(0);
    return new TextDecoder().decode(bytes.subarray(start, end < 0 ? names.offset + names.size : start + end));
  };
  const headers = raw.map(({ nameOffset, ...h }) => ({ ...h, name: nameOf(nameOffset) }));
  for (const h of headers) {
    inFile(h, `section ${h.index} (${quoteName(h.name)})`);
    if (h.type === SHT_SYMTAB) {
      const strings = headers[h.link];
      if (!strings || strings.type !== SHT_STRTAB) fail(`the symbol table (section ${h.index}) names section ${h.link} as its string table, which is not one`);
    }
  }
  return headers;
}
