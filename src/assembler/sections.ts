/**
 * The sections a program may use. Their attributes and default alignments
 * are NASM's for elf32; their order in the executable is ld's default
 * linker script order, whatever order the source uses.
 */

export interface SectionKind {
  readonly name: string;
  /** Takes no file space (.bss). */
  readonly nobits: boolean;
  readonly write: boolean;
  readonly exec: boolean;
  /** NASM's default alignment for the section in elf32. */
  readonly align: number;
}

/** In ld's output order: .text, then .rodata, then .data and .bss. */
export const SECTION_KINDS: readonly SectionKind[] = [
  { name: '.text', nobits: false, write: false, exec: true, align: 16 },
  { name: '.rodata', nobits: false, write: false, exec: false, align: 4 },
  { name: '.data', nobits: false, write: true, exec: false, align: 4 },
  { name: '.bss', nobits: true, write: true, exec: false, align: 4 },
];

export function sectionKind(name: string): SectionKind | undefined {
  return SECTION_KINDS.find((k) => k.name === name);
}

/** A section's content as the assembler builds it. */
export interface SectionContent {
  readonly kind: SectionKind;
  align: number;
  size: number;
  /** The bytes (final pass); empty for .bss. */
  bytes: number[];
}
