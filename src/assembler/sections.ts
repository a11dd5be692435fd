/**
 * The sections a program may use. Their attributes and default alignments
 * are NASM's for elf32; their order in the executable is ld's default
 * linker script order, whatever order the source uses: .init, .text, other
 * code, .fini; .rodata, other read-only data; .data, other data; .bss,
 * other zero-filled data (an "orphan" goes after the standard section
 * it resembles, as ld places it).
 */

export interface SectionKind {
  readonly name: string;
  /** Takes no file space (.bss). */
  readonly nobits: boolean;
  readonly write: boolean;
  readonly exec: boolean;
  /** NASM's default alignment for the section in elf32. */
  readonly align: number;
  /** Loaded at all (`noalloc` sections, .comment and .note*, are not). */
  readonly alloc?: boolean;
  /** The segment ld puts it in, and its rank there (ld's output order). */
  readonly segment?: 'text' | 'rodata' | 'data';
  readonly order?: number;
  /**
   * A section ld merges into a standard one (`.rodata.str1.1` into .rodata): `name` is then
   * the output section's, `input` the section's own name, `inputExec`/`inputWrite` its own
   * attributes, and `rank` the line of ld's script that takes it (.text.hot before .text).
   */
  readonly input?: string;
  readonly inputExec?: boolean;
  readonly inputWrite?: boolean;
  readonly rank?: number;
}

/**
 * The rank of an input section in ld's script line order for its output section
 * (`.text : { *(.text.unlikely …) *(.text.exit …) *(.text.startup …) *(.text.hot …)
 * *(SORT(.text.sorted.*)) *(.text .text.* …) }`); the other outputs have one line.
 */
function scriptRank(output: string, name: string): number {
  if (output !== '.text') return 5;
  const rest = name.slice('.text'.length);
  if (rest === '.unlikely' || rest.startsWith('.unlikely.') || (rest.startsWith('.') && rest.endsWith('_unlikely'))) return 0;
  if (rest === '.exit' || rest.startsWith('.exit.')) return 1;
  if (rest === '.startup' || rest.startsWith('.startup.')) return 2;
  if (rest === '.hot' || rest.startsWith('.hot.')) return 3;
  if (rest.startsWith('.sorted.')) return 4;
  return 5;
}

/** In ld's output order: .text, then .rodata, then .data and .bss. */
export const SECTION_KINDS: readonly SectionKind[] = [
  { name: '.text', nobits: false, write: false, exec: true, align: 16, segment: 'text', order: 200 },
  { name: '.rodata', nobits: false, write: false, exec: false, align: 4, segment: 'rodata', order: 400 },
  { name: '.data', nobits: false, write: true, exec: false, align: 4, segment: 'data', order: 600 },
  { name: '.bss', nobits: true, write: true, exec: false, align: 4, segment: 'data', order: 800 },
];

export function sectionKind(name: string): SectionKind | undefined {
  return SECTION_KINDS.find((k) => k.name === name);
}

/** Section attributes as `section name progbits alloc exec write align=16` gives them. */
export interface SectionAttributes {
  readonly nobits?: boolean;
  readonly alloc?: boolean;
  readonly exec?: boolean;
  readonly write?: boolean;
  readonly align?: number;
}

/**
 * The kind of any section: the standard ones as they are (attributes given in
 * the source win), others with NASM's defaults for unknown names (progbits,
 * alloc, noexec, nowrite, align=1) placed where ld places an orphan like it.
 * `orphan` numbers the orphans in order of first appearance. Returns a reason
 * string for a section ftvm cannot lay out.
 */
export function sectionKindFor(name: string, attrs: SectionAttributes, orphan: number): SectionKind | string {
  const std = sectionKind(name);
  const base: SectionKind = std ?? {
    name,
    nobits: name === '.tbss',
    write: false,
    exec: name === '.init' || name === '.fini',
    align: name.startsWith('.note') || name === '.comment' ? (name === '.comment' ? 1 : 4) : 1,
    alloc: !(name === '.comment' || name.startsWith('.note')),
  };
  const kind = {
    ...base,
    nobits: attrs.nobits ?? base.nobits,
    exec: attrs.exec ?? base.exec,
    write: attrs.write ?? base.write,
    align: attrs.align ?? base.align,
    alloc: attrs.alloc ?? base.alloc ?? true,
  };
  if (!kind.alloc) return { ...kind, segment: undefined, order: undefined };
  const special = /^(\.(?:init_array|fini_array|tdata|tbss))\./.exec(name);
  if (special) return `section '${name}' is one ld merges into ${special[1]}, which ftvm does not do`;
  if (name.startsWith('.data.rel.ro')) return `section '${name}' is one ld places in its relro area (.data.rel.ro), which ftvm does not do`;
  const merged = /^(\.(?:text|rodata|data|bss))\./.exec(name);
  if (merged) {
    // ld takes it into the standard section, in file order (the .text.hot kind first).
    const out = sectionKind(merged[1]!)!;
    if (kind.nobits !== out.nobits) return `section '${name}' is ${kind.nobits ? 'nobits' : 'progbits'}, unlike the ${out.name} ld merges it into: give it '${out.nobits ? 'nobits' : 'progbits'}'`;
    return { ...out, align: kind.align, input: name, inputExec: kind.exec, inputWrite: kind.write, rank: scriptRank(out.name, name) };
  }
  if (name === '.tdata' || name === '.tbss') return `thread-local section '${name}' is not supported`;
  if (kind.exec && kind.write) return `section '${name}' is both writable and executable, which ftvm's layout does not place`;
  if (std) return { ...kind, segment: std.segment, order: std.order };
  if (name === '.init') return { ...kind, segment: 'text', order: 100 };
  if (name === '.fini') return { ...kind, segment: 'text', order: 300 };
  if (kind.exec) return { ...kind, segment: 'text', order: 200 + orphan };
  if (kind.write) return { ...kind, segment: 'data', order: (kind.nobits ? 800 : 600) + orphan };
  if (kind.nobits) return `read-only nobits section '${name}' is not supported`;
  return { ...kind, segment: 'rodata', order: 400 + orphan };
}

/** A section's content as the assembler builds it. */
export interface SectionContent {
  readonly kind: SectionKind;
  /** The section as the passes name it: its name, or name and source file when several are linked. */
  readonly key: string;
  /** The source file it came from; ld concatenates a section's pieces in file order. */
  readonly unit: number;
  align: number;
  size: number;
  /** The bytes (final pass); empty for .bss. */
  bytes: number[];
}
