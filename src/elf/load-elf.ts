/**
 * Map a parsed executable into guest memory the way Linux's binfmt_elf does,
 * so that the guest sees the same bytes at the same addresses as on a real
 * kernel:
 *
 * - every page a PT_LOAD touches is mapped; a page touched by several
 *   segments (an RX segment ending mid-page and an RW one starting there) is
 *   writable if any of them is, and holds every segment's bytes;
 * - each segment's file bytes are copied and its bss (memsz > filesz) is zero;
 * - the rest of a segment's first and last page shows the file bytes around it,
 *   as a file mmap shows them (a later segment's view wins on a shared page, as
 *   its MAP_FIXED mapping replaces the page on Linux), except after a bss,
 *   which Linux zeroes to the end of the page.
 */
import { UserError } from '../errors';
import { GuestOutOfMemory, PAGE_SIZE, type GuestMemory } from '../machine/guest-memory';
import { PF_W, PHDR } from './elf-format';
import type { ElfImage, ElfSegment } from './parse-elf';

export interface LoadedProgram {
  /** Initial EIP. */
  readonly entry: number;
  /** AT_PHDR, AT_PHENT, AT_PHNUM for the initial stack. */
  readonly phdrAddress: number;
  readonly phent: number;
  readonly phnum: number;
  /** Page-aligned end of the highest segment: where the brk heap starts. */
  readonly brkStart: number;
}

const pageDown = (address: number): number => address - (address % PAGE_SIZE);
const pageUp = (address: number): number => pageDown(address + PAGE_SIZE - 1);

export function loadElf(image: ElfImage, memory: GuestMemory): LoadedProgram {
  const segments = image.loadSegments;
  try {
    mapPages(segments, memory);
  } catch (error) {
    if (error instanceof GuestOutOfMemory) {
      throw new UserError(`${image.name}: does not fit in guest memory (${error.message})`);
    }
    throw error;
  }

  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const prevEnd = i > 0 ? segments[i - 1].vaddr + segments[i - 1].memsz : 0;
    const nextPage = i + 1 < segments.length ? pageDown(segments[i + 1].vaddr) : Infinity;
    const end = seg.vaddr + seg.memsz;
    copyFileView(image.bytes, seg, Math.max(pageDown(seg.vaddr), prevEnd), seg.vaddr, memory);
    if (seg.memsz === seg.filesz) copyFileView(image.bytes, seg, end, Math.min(pageUp(end), nextPage), memory);
    if (seg.filesz > 0) memory.write(seg.vaddr, image.bytes.subarray(seg.offset, seg.offset + seg.filesz));
  }

  const top = Math.max(...segments.map((seg) => seg.vaddr + seg.memsz));
  return {
    entry: image.entry,
    phdrAddress: image.phdrAddress,
    phent: PHDR.size,
    phnum: image.phnum,
    brkStart: pageUp(top),
  };
}

/** Map the union of the segments' pages in runs of equal writability. */
function mapPages(segments: readonly ElfSegment[], memory: GuestMemory): void {
  const writable = new Map<number, boolean>();
  for (const seg of segments) {
    const w = (seg.flags & PF_W) !== 0;
    for (let page = pageDown(seg.vaddr); page < seg.vaddr + seg.memsz; page += PAGE_SIZE) {
      writable.set(page, (writable.get(page) ?? false) || w);
    }
  }
  const pages = [...writable.keys()].sort((a, b) => a - b);
  let runStart = 0;
  for (let i = 1; i <= pages.length; i++) {
    const runEnds = i === pages.length
      || pages[i] !== pages[i - 1] + PAGE_SIZE
      || writable.get(pages[i]) !== writable.get(pages[runStart]);
    if (runEnds) {
      memory.map(pages[runStart], pages[i - 1] + PAGE_SIZE - pages[runStart], writable.get(pages[runStart]) ? 'write' : 'read');
      runStart = i;
    }
  }
}

/**
 * Copy into [from, to) what a file mapping of `seg` shows there: the file byte
 * at the same distance from the segment's start, or zero past the end of file.
 */
function copyFileView(file: Uint8Array, seg: ElfSegment, from: number, to: number, memory: GuestMemory): void {
  if (to <= from) return;
  const fileFrom = seg.offset + (from - seg.vaddr);
  if (fileFrom < 0) return; // offset not congruent with the address: Linux could not map it either
  const bytes = new Uint8Array(to - from);
  bytes.set(file.subarray(Math.min(fileFrom, file.length), Math.min(fileFrom + bytes.length, file.length)));
  memory.write(from, bytes);
}
