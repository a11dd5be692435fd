/**
 * Section addresses and file offsets as GNU ld (2.40, `-m elf_i386`, default
 * script, -z separate-code) assigns them to a single nasm object:
 *
 *   0x08048000  ELF header and program headers, a read-only segment of their own
 *   next page   .text                         (R E)
 *   next page   .rodata                       (R)
 *   DATA_SEGMENT_ALIGN: the next page plus the offset within the page where
 *               .rodata ended — so .data can share a file page with .rodata —
 *               unless starting on a fresh page needs fewer pages
 *               .data then .bss                (RW, .bss takes no file space)
 *
 * Every segment's file offset is congruent to its address modulo the page
 * size, as the kernel's mmap needs.
 */
import type { SectionKind } from './sections';

export const BASE_ADDRESS = 0x08048000;
export const PAGE_SIZE = 0x1000;
export const ELF_HEADER_SIZE = 0x34;
export const PROGRAM_HEADER_SIZE = 0x20;

export interface LayoutInput {
  readonly kind: SectionKind;
  /** The input section's own name when a section comes in pieces from several files. */
  readonly key?: string;
  readonly size: number;
  readonly align: number;
}

export interface PlacedSection extends LayoutInput {
  readonly address: number;
  readonly fileOffset: number;
}

export interface Segment {
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  /** PF_R=4, PF_W=2, PF_X=1 */
  readonly flags: number;
  readonly sections: readonly PlacedSection[];
}

export interface Layout {
  readonly sections: readonly PlacedSection[];
  readonly segments: readonly Segment[];
  /** Size of the ELF header plus program headers. */
  readonly headerSize: number;
  /** First file offset after all section contents. */
  readonly fileEnd: number;
  /**
   * The PT_GNU_STACK header ld adds after the PT_LOADs when a source has a
   * `.note.GNU-stack` section: its flags (RW, or RWX for an exec note), or null.
   */
  readonly gnuStack: 6 | 7 | null;
  /** ld's symbols: start of .bss, end of .data, end of everything. */
  readonly bssStart: number;
  readonly edata: number;
  readonly end: number;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Place the non-empty sections, in ld's order (the input is in that order). */
export function layoutSections(input: readonly LayoutInput[], gnuStack: 6 | 7 | null = null): Layout {
  // ld's script ends .bss with `. = ALIGN(. != 0 ? 32 / 8 : 1)`, inside the section: its last piece's size rounds up to 4.
  const nonEmpty = input.filter((s) => s.size > 0);
  const lastBss = nonEmpty.filter((s) => s.kind.name === '.bss').pop();
  const present = nonEmpty.map((s) => (s === lastBss ? { ...s, size: alignUp(s.size, 4) } : s));
  const text = present.filter((s) => s.kind.segment === 'text');
  const rodata = present.filter((s) => s.kind.segment === 'rodata');
  const data = present.filter((s) => s.kind.segment === 'data');
  const segmentCount = 1 + (text.length > 0 ? 1 : 0) + (rodata.length > 0 ? 1 : 0) + (data.length > 0 ? 1 : 0) + (gnuStack !== null ? 1 : 0);
  const headerSize = ELF_HEADER_SIZE + segmentCount * PROGRAM_HEADER_SIZE;

  const addresses = new Map<LayoutInput, number>();
  let dot = BASE_ADDRESS + headerSize;
  // . = ALIGN(MAXPAGESIZE) before .text (separate code)
  dot = alignUp(dot, PAGE_SIZE);
  for (const s of text) {
    dot = alignUp(dot, s.align);
    addresses.set(s, dot);
    dot += s.size;
  }
  // . = ALIGN(MAXPAGESIZE) after .text; the rodata segment starts at
  // ALIGN(MAXPAGESIZE) + (. & (MAXPAGESIZE - 1)), i.e. here.
  dot = alignUp(dot, PAGE_SIZE);
  dot = alignUp(dot, PAGE_SIZE) + (dot & (PAGE_SIZE - 1));
  for (const s of rodata) {
    dot = alignUp(dot, s.align);
    addresses.set(s, dot);
    dot += s.size;
  }
  const placeData = (base: number): number => {
    let d = base;
    for (const s of data) {
      d = alignUp(d, s.align);
      addresses.set(s, d);
      d += s.size;
    }
    return alignUp(d, 4); // . = ALIGN(32 / 8); _end = .
  };
  // DATA_SEGMENT_ALIGN(MAXPAGESIZE, COMMONPAGESIZE)
  const base = alignUp(dot, PAGE_SIZE) + (dot & (PAGE_SIZE - 1));
  let end = placeData(base);
  const first = -base & (PAGE_SIZE - 1);
  const last = end & (PAGE_SIZE - 1);
  if (data.length > 0 && first !== 0 && last !== 0 && Math.floor(base / PAGE_SIZE) !== Math.floor(end / PAGE_SIZE) && first + last <= PAGE_SIZE) {
    // Starting the data segment on a fresh page saves a page: ld re-runs the layout that way.
    end = placeData(alignUp(dot, PAGE_SIZE));
  }

  // File offsets: each segment's contents follow the previous ones, at an
  // offset congruent to the address modulo the page size.
  const placed: PlacedSection[] = [];
  const segments: Segment[] = [{ offset: 0, vaddr: BASE_ADDRESS, filesz: headerSize, memsz: headerSize, flags: 4, sections: [] }];
  let fileEnd = headerSize;
  const congruent = (addr: number): number => fileEnd + ((((addr - fileEnd) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
  for (const [group, flags] of [[text, 5], [rodata, 4], [data, 6]] as const) {
    if (group.length === 0) continue;
    const vaddr = addresses.get(group[0]!)!;
    const fileBacked = group.filter((s) => !s.kind.nobits);
    const offset = fileBacked.length > 0 ? congruent(vaddr) : vaddr & (PAGE_SIZE - 1);
    const secs: PlacedSection[] = [];
    let filesz = 0;
    let memsz = 0;
    for (const s of group) {
      const address = addresses.get(s)!;
      const fileOffset = s.kind.nobits ? offset + filesz : offset + (address - vaddr);
      const p: PlacedSection = { ...s, address, fileOffset };
      secs.push(p);
      placed.push(p);
      if (!s.kind.nobits) filesz = address - vaddr + s.size;
      memsz = address - vaddr + s.size;
    }
    if (fileBacked.length > 0) fileEnd = offset + filesz;
    segments.push({ offset, vaddr, filesz, memsz, flags, sections: secs });
  }
  const dataSec = placed.filter((s) => s.kind.write && !s.kind.nobits);
  const bss = placed.find((s) => s.kind.nobits);
  const edata = dataSec.length > 0 ? dataSec[dataSec.length - 1]!.address + dataSec[dataSec.length - 1]!.size : bss ? bss.address : dot;
  return {
    sections: placed,
    segments,
    gnuStack,
    headerSize,
    fileEnd,
    bssStart: bss ? bss.address : edata,
    edata,
    end: data.length > 0 ? end : alignUp(dot, 4),
  };
}
