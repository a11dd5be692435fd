/** Loading static ELF32 i386 executables: parse and validate, then map into guest memory. */
export { parseElf, type ElfImage, type ElfSegment } from './parse-elf';
export { loadElf, type LoadedProgram } from './load-elf';
export * as elfFormat from './elf-format';
export { parseSectionTable, type ElfSectionHeader } from './section-table';
