/**
 * ELF32 constants and field offsets (System V gABI, i386 psABI) used by the
 * parser and the loader. Only what a static i386 executable needs.
 */
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"

export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_NIDENT = 16;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const EM_386 = 3;

/** Elf32_Ehdr field offsets. */
export const EHDR = {
  type: 16,
  machine: 18,
  version: 20,
  entry: 24,
  phoff: 28,
  shoff: 32,
  flags: 36,
  ehsize: 40,
  phentsize: 42,
  phnum: 44,
  shentsize: 46,
  shnum: 48,
  shstrndx: 50,
  size: 52,
} as const;

/** Elf32_Phdr field offsets. */
export const PHDR = {
  type: 0,
  offset: 4,
  vaddr: 8,
  paddr: 12,
  filesz: 16,
  memsz: 20,
  flags: 24,
  align: 28,
  size: 32,
} as const;

/** e_phnum value meaning "the real count is in section header 0". */
export const PN_XNUM = 0xffff;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** Names of the machines a user is likely to hand us by mistake. */
const MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'SPARC'],
  [3, 'i386'],
  [8, 'MIPS'],
  [20, 'PowerPC'],
  [21, 'PowerPC64'],
  [22, 'S/390'],
  [40, 'ARM'],
  [43, 'SPARC V9'],
  [50, 'IA-64'],
  [62, 'x86-64'],
  [183, 'AArch64'],
  [243, 'RISC-V'],
  [258, 'LoongArch'],
]);

export function machineName(machine: number): string | undefined {
  return MACHINE_NAMES.get(machine);
}
