/**
 * Parse and validate a static ELF32 i386 executable. Everything a user might
 * hand us by mistake (a script, a 64-bit or ARM binary, a dynamically linked
 * or position-independent program, a truncated or corrupted file) becomes a
 * UserError with one line naming the file and the problem; nothing here throws
 * anything else on any input.
 */
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { TASK_SIZE, MIN_MAP_ADDRESS } from '../linux/address-space';
import {
  EHDR, EI_CLASS, EI_DATA, EI_NIDENT, EI_VERSION, ELF_MAGIC, ELFCLASS32, ELFCLASS64, ELFDATA2LSB,
  ELFDATA2MSB, EM_386, ET_CORE, ET_DYN, ET_EXEC, ET_REL, EV_CURRENT, PHDR, PN_XNUM, PT_DYNAMIC,
  PT_GNU_STACK, PT_INTERP, PT_LOAD, PT_PHDR, PT_TLS, PF_X, machineName,
} from './elf-format';

/** One program header, with its index in the program header table. */
export interface ElfSegment {
  readonly index: number;
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

/** A validated executable, ready for loadElf. */
export interface ElfImage {
  /** The name used in error messages (the path the user gave). */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly entry: number;
  readonly phoff: number;
  readonly phent: number;
  readonly phnum: number;
  /** Where the program headers are in guest memory once loaded (AT_PHDR); 0 if nowhere. */
  readonly phdrAddress: number;
  /** The non-empty PT_LOAD segments, sorted by address, non-overlapping. */
  readonly loadSegments: readonly ElfSegment[];
  /** PT_TLS, the initial thread-local image (glibc reads it through AT_PHDR). */
  readonly tls: ElfSegment | null;
  /** PT_GNU_STACK asks for an executable stack (ftvm has no NX bit: informative). */
  readonly executableStack: boolean;
}

const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;

/** The fields of a program header that ElfSegment keeps. */
const { paddr: _paddr, size: _size, ...PHDR_FIELDS } = PHDR;

/** A reader of one file that fails with one line naming it (quoted if its name needs it). */
export interface ElfReader {
  readonly u16: (offset: number) => number;
  readonly u32: (offset: number) => number;
  /** The 32-bit fields of one table entry at `at`, by name (`fields` gives each one's offset in the entry). */
  readonly entry: <K extends string>(at: number, fields: Readonly<Record<K, number>>) => Record<K, number>;
  readonly fail: (problem: string) => never;
}

export function elfReader(bytes: Uint8Array, name: string): ElfReader {
  const label = quoteName(name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number) => view.getUint32(offset, true);
  return {
    u16: (offset) => view.getUint16(offset, true),
    u32,
    entry: <K extends string>(at: number, fields: Readonly<Record<K, number>>) =>
      Object.fromEntries(Object.entries<number>(fields).map(([k, offset]) => [k, u32(at + offset)])) as Record<K, number>,
    fail: (problem) => {
      throw new UserError(`${label}: ${problem}`);
    },
  };
}

/** The ELF identification and header of a little-endian ELF32 i386 file, whatever its type. */
export function checkElfHeader(bytes: Uint8Array, { u16, fail }: ElfReader): void {
  if (bytes.length < ELF_MAGIC.length || ELF_MAGIC.some((byte, i) => bytes[i] !== byte)) {
    fail('not an ELF file');
  }
  if (bytes.length < EI_NIDENT) fail('truncated ELF header');
  const elfClass = bytes[EI_CLASS];
  if (elfClass === ELFCLASS64) fail('ELF64 executables are not supported (ftvm runs 32-bit i386 programs)');
  if (elfClass !== ELFCLASS32) fail(`invalid ELF class ${elfClass}`);
  const encoding = bytes[EI_DATA];
  if (encoding === ELFDATA2MSB) fail('big-endian ELF files are not supported (ftvm runs little-endian i386 programs)');
  if (encoding !== ELFDATA2LSB) fail(`invalid ELF data encoding ${encoding}`);
  if (bytes[EI_VERSION] !== EV_CURRENT) fail(`unsupported ELF version ${bytes[EI_VERSION]}`);
  if (bytes.length < EHDR.size) fail('truncated ELF header');

  const machine = u16(EHDR.machine);
  if (machine !== EM_386) {
    const known = machineName(machine);
    fail(`ELF machine is ${known ?? 'unknown'} (${machine}), expected i386`);
  }
}

export function parseElf(bytes: Uint8Array, name: string): ElfImage {
  const reader = elfReader(bytes, name);
  const { u16, u32, fail } = reader;
  checkElfHeader(bytes, reader);
  const type = u16(EHDR.type);
  if (type === ET_REL) fail('relocatable object file (ET_REL), not an executable; link it first');
  if (type === ET_CORE) fail('core dump (ET_CORE), not an executable');
  if (type !== ET_EXEC && type !== ET_DYN) fail(`unsupported ELF type ${type}`);

  const phoff = u32(EHDR.phoff);
  const phent = u16(EHDR.phentsize);
  const phnum = u16(EHDR.phnum);
  if (phnum === PN_XNUM) fail('too many program headers (PN_XNUM extended numbering is not supported)');
  if (phnum === 0) fail('no program headers');
  if (phent !== PHDR.size) fail(`program header entry size is ${phent}, expected ${PHDR.size}`);

  const headers: ElfSegment[] = [];
  for (let index = 0; index < phnum; index++) {
    const at = phoff + index * PHDR.size;
    if (at + PHDR.size > bytes.length) fail(`program header ${index} lies outside the file`);
    headers.push({ index, ...reader.entry(at, PHDR_FIELDS) });
  }

  const inFile = (h: ElfSegment): boolean => h.offset + h.filesz <= bytes.length;
  const interp = headers.find((h) => h.type === PT_INTERP);
  if (interp) {
    if (inFile(interp) && interp.filesz > 0) {
      const raw = bytes.subarray(interp.offset, interp.offset + interp.filesz);
      const end = raw.indexOf(0);
      const path = quoteName(new TextDecoder('latin1').decode((end < 0 ? raw : raw.subarray(0, end)).subarray(0, 100)));
      fail(`dynamically linked (PT_INTERP ${path}); build with -static`);
    }
    fail('dynamically linked (PT_INTERP); build with -static');
  }
  if (type === ET_DYN) fail('position-independent executable (ET_DYN, static-pie); build with -static -no-pie');
  if (headers.some((h) => h.type === PT_DYNAMIC)) fail('dynamically linked (PT_DYNAMIC); build with -static');

  const checkFileRange = (h: ElfSegment, what: string): void => {
    if (h.filesz > 0 && !inFile(h)) {
      fail(`${what} ${h.index} lies outside the file (offset ${hex(h.offset)}, size ${hex(h.filesz)}, file is ${hex(bytes.length)} bytes)`);
    }
    if (h.filesz > h.memsz) {
      fail(`${what} ${h.index} has a file size ${hex(h.filesz)} larger than its memory size ${hex(h.memsz)}`);
    }
  };

  const loads = headers.filter((h) => h.type === PT_LOAD && h.memsz > 0);
  for (const h of loads) {
    checkFileRange(h, 'segment');
    const end = h.vaddr + h.memsz;
    if (h.vaddr < MIN_MAP_ADDRESS) {
      fail(`segment ${h.index} at ${hex(h.vaddr)} lies below the lowest mappable address ${hex(MIN_MAP_ADDRESS)}`);
    }
    if (end > TASK_SIZE) {
      fail(`segment ${h.index} (${hex(h.vaddr)}-${hex(end)}) extends past the 3 GiB user address space`);
    }
  }
  if (loads.length === 0) fail('no loadable segments');
  loads.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < loads.length; i++) {
    const prev = loads[i - 1];
    const cur = loads[i];
    if (cur.vaddr < prev.vaddr + prev.memsz) {
      fail(`segment ${cur.index} (${hex(cur.vaddr)}-${hex(cur.vaddr + cur.memsz)}) overlaps segment ${prev.index} (${hex(prev.vaddr)}-${hex(prev.vaddr + prev.memsz)})`);
    }
  }

  const tls = headers.find((h) => h.type === PT_TLS) ?? null;
  if (tls) checkFileRange(tls, 'TLS segment');

  const entry = u32(EHDR.entry);
  if (!loads.some((h) => entry >= h.vaddr && entry < h.vaddr + h.memsz)) {
    fail(`entry point ${hex(entry)} lies outside every loadable segment`);
  }

  const stack = headers.find((h) => h.type === PT_GNU_STACK);
  return {
    name,
    bytes,
    entry,
    phoff,
    phent,
    phnum,
    phdrAddress: phdrAddress(headers, loads, phoff),
    loadSegments: loads,
    tls,
    executableStack: stack ? (stack.flags & PF_X) !== 0 : false,
  };
}

/**
 * AT_PHDR as Linux 6.x computes it: PT_PHDR's address if there is one, else
 * the address at which the PT_LOAD holding the table's file bytes maps them.
 */
function phdrAddress(headers: readonly ElfSegment[], loads: readonly ElfSegment[], phoff: number): number {
  const explicit = headers.find((h) => h.type === PT_PHDR);
  if (explicit) return explicit.vaddr;
  const holder = loads.find((h) => phoff >= h.offset && phoff < h.offset + h.filesz);
  return holder ? holder.vaddr + (phoff - holder.offset) : 0;
}
