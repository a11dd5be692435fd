/**
 * Writes an ELF32 i386 ET_EXEC static executable from placed sections: ELF
 * header, one PT_LOAD per segment, the section contents, then a symbol table
 * and section headers so that readelf, objdump and gdb see what they would
 * see in ld's output.
 */
import type { Layout } from './layout';

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  /** Section name it belongs to, or null for an absolute symbol. */
  readonly section: string | null;
  readonly global: boolean;
}

export interface ElfInput {
  readonly layout: Layout;
  readonly contents: ReadonlyMap<string, Uint8Array>;
  readonly entry: number;
  readonly fileName: string;
  readonly symbols: readonly ElfSymbol[];
}

const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_NOBITS = 8;
const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const SHN_ABS = 0xfff1;

class StringTable {
  private readonly parts: number[] = [0];
  private readonly index = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const known = this.index.get(s);
    if (known !== undefined) return known;
    const at = this.parts.length;
    this.parts.push(...new TextEncoder().encode(s), 0);
    this.index.set(s, at);
    return at;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function writeElf(input: ElfInput): Uint8Array {
  const { layout } = input;
  const placed = layout.sections;

  // Section header table: null, the placed sections, .symtab, .strtab, .shstrtab.
  const shstr = new StringTable();
  const strtab = new StringTable();
  const sectionIndex = new Map<string, number>();
  placed.forEach((s, i) => sectionIndex.set(s.kind.name, i + 1));
  const symtabIndex = placed.length + 1;

  // Symbols: null, the file, locals, then globals (ELF wants locals first).
  const symEntries: { name: number; value: number; size: number; info: number; shndx: number }[] = [
    { name: 0, value: 0, size: 0, info: 0, shndx: 0 },
    { name: strtab.add(input.fileName), value: 0, size: 0, info: 4 /* STB_LOCAL, STT_FILE */, shndx: SHN_ABS },
  ];
  const shndxOf = (section: string | null): number => (section === null ? SHN_ABS : sectionIndex.get(section) ?? SHN_ABS);
  for (const s of input.symbols.filter((x) => !x.global)) {
    symEntries.push({ name: strtab.add(s.name), value: s.value >>> 0, size: 0, info: 0, shndx: shndxOf(s.section) });
  }
  const firstGlobal = symEntries.length;
  for (const s of input.symbols.filter((x) => x.global)) {
    symEntries.push({ name: strtab.add(s.name), value: s.value >>> 0, size: 0, info: 0x10 /* STB_GLOBAL */, shndx: shndxOf(s.section) });
  }
  const symtab = new Uint8Array(symEntries.length * 16);
  const symView = new DataView(symtab.buffer);
  symEntries.forEach((e, i) => {
    symView.setUint32(i * 16, e.name, true);
    symView.setUint32(i * 16 + 4, e.value, true);
    symView.setUint32(i * 16 + 8, e.size, true);
    symView.setUint8(i * 16 + 12, e.info);
    symView.setUint8(i * 16 + 13, 0);
    symView.setUint16(i * 16 + 14, e.shndx, true);
  });
  const strBytes = strtab.bytes();
  const names = placed.map((s) => shstr.add(s.kind.name));
  const symtabName = shstr.add('.symtab');
  const strtabName = shstr.add('.strtab');
  const shstrtabName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();

  const align4 = (n: number): number => (n + 3) & ~3;
  const symtabOffset = align4(layout.fileEnd);
  const strtabOffset = symtabOffset + symtab.length;
  const shstrtabOffset = strtabOffset + strBytes.length;
  const shoff = align4(shstrtabOffset + shstrBytes.length);
  const shnum = placed.length + 4;
  const total = shoff + shnum * 40;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  // ELF header
  out.set([0x7f, 0x45, 0x4c, 0x46, 1 /* ELFCLASS32 */, 1 /* little-endian */, 1 /* EV_CURRENT */, 0 /* SYSV */], 0);
  view.setUint16(16, 2, true); // ET_EXEC
  view.setUint16(18, 3, true); // EM_386
  view.setUint32(20, 1, true); // EV_CURRENT
  view.setUint32(24, input.entry >>> 0, true);
  view.setUint32(28, 0x34, true); // e_phoff
  view.setUint32(32, shoff, true);
  view.setUint32(36, 0, true); // e_flags
  view.setUint16(40, 0x34, true); // e_ehsize
  view.setUint16(42, 0x20, true); // e_phentsize
  view.setUint16(44, layout.segments.length + (layout.gnuStack !== null ? 1 : 0), true);
  view.setUint16(46, 40, true); // e_shentsize
  view.setUint16(48, shnum, true);
  view.setUint16(50, shnum - 1, true); // e_shstrndx: .shstrtab is last

  // Program headers
  layout.segments.forEach((seg, i) => {
    const at = 0x34 + i * 0x20;
    view.setUint32(at, 1, true); // PT_LOAD
    view.setUint32(at + 4, seg.offset, true);
    view.setUint32(at + 8, seg.vaddr, true);
    view.setUint32(at + 12, seg.vaddr, true);
    view.setUint32(at + 16, seg.filesz, true);
    view.setUint32(at + 20, seg.memsz, true);
    view.setUint32(at + 24, seg.flags, true);
    view.setUint32(at + 28, 0x1000, true);
  });
  if (layout.gnuStack !== null) {
    // PT_GNU_STACK: no contents, only the stack's permissions
    const at = 0x34 + layout.segments.length * 0x20;
    view.setUint32(at, 0x6474e551, true);
    view.setUint32(at + 24, layout.gnuStack, true);
    view.setUint32(at + 28, 0x10, true);
  }

  // Contents
  for (const s of placed) {
    if (s.kind.nobits) continue;
    const bytes = input.contents.get(s.kind.name);
    if (bytes) out.set(bytes, s.fileOffset);
  }
  out.set(symtab, symtabOffset);
  out.set(strBytes, strtabOffset);
  out.set(shstrBytes, shstrtabOffset);

  // Section headers
  const sh = (i: number, f: [number, number, number, number, number, number, number, number, number, number]): void => {
    f.forEach((v, k) => view.setUint32(shoff + i * 40 + k * 4, v >>> 0, true));
  };
  placed.forEach((s, i) => {
    const flags = SHF_ALLOC | (s.kind.write ? SHF_WRITE : 0) | (s.kind.exec ? SHF_EXECINSTR : 0);
    sh(i + 1, [names[i]!, s.kind.nobits ? SHT_NOBITS : SHT_PROGBITS, flags, s.address, s.fileOffset, s.size, 0, 0, s.align, 0]);
  });
  sh(symtabIndex, [symtabName, SHT_SYMTAB, 0, 0, symtabOffset, symtab.length, symtabIndex + 1, firstGlobal, 4, 16]);
  sh(symtabIndex + 1, [strtabName, SHT_STRTAB, 0, 0, strtabOffset, strBytes.length, 0, 0, 1, 0]);
  sh(symtabIndex + 2, [shstrtabName, SHT_STRTAB, 0, 0, shstrtabOffset, shstrBytes.length, 0, 0, 1, 0]);
  return out;
}
