import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import { loadElf, parseElf } from '../../src/elf';
import { FakeGuestMemory } from '../util/fake-guest-memory';
import { buildElf, patternByte } from './elf-builder';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** The file's bytes [from, to), zero past its end: what a file mapping shows. */
function fileView(file: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  out.set(file.subarray(Math.min(from, file.length), Math.min(to, file.length)));
  return out;
}

function load(bytes: Uint8Array, memory = new FakeGuestMemory()) {
  return { program: loadElf(parseElf(bytes, 'prog'), memory), memory };
}

const R = 4;
const W = 2;
const X = 1;

describe('loadElf', () => {
  it('maps a NASM program: file bytes copied, bss zeroed, write permission per segment', () => {
    const file = fixture('hello-nasm');
    const { program, memory } = load(file);
    expect(program).toEqual({ entry: 0x08049000, phdrAddress: 0x08048034, phent: 32, phnum: 3, brkStart: 0x0804d000 });
    expect(memory.log).toEqual(['map 0x8048000 0x2000 r', 'map 0x804a000 0x3000 rw']);
    // headers page: the segment, then (memsz == filesz) the rest of the file page, as mmap shows it
    expect(memory.read(0x08048000, 0x1000)).toEqual(fileView(file, 0, 0x1000));
    expect(memory.read(0x08049000, 0x33)).toEqual(file.subarray(0x1000, 0x1033));
    expect(memory.read(0x0804a000, 6)).toEqual(new TextEncoder().encode('hello\n'));
    expect(memory.read(0x0804a006, 0x3000 - 6).every((b) => b === 0)).toBe(true);
    expect(memory.isWritable(0x08048000)).toBe(false);
    expect(memory.isWritable(0x08049000)).toBe(false);
    expect(memory.isWritable(0x0804c000)).toBe(true);
    expect(memory.isMapped(0x0804d000)).toBe(false);
  });

  it('maps a bss-only segment as zeroed writable pages', () => {
    const { program, memory } = load(fixture('bss-only'));
    expect(memory.read(0x0804a000, 0x1000).every((b) => b === 0)).toBe(true);
    expect(memory.isWritable(0x0804a000)).toBe(true);
    expect(program.brkStart).toBe(0x0804b000);
  });

  it('shows the file page before a segment that starts mid-page, as Linux does', () => {
    const file = fixture('hello-nasm-midpage');
    const { program, memory } = load(file);
    expect(memory.isWritable(0x08048000)).toBe(false);
    expect(memory.isWritable(0x08049000)).toBe(true);
    // 0x08049000..0x080490b4 maps file offset 0..0xb4: the headers and text again
    expect(memory.read(0x08049000, 0xb4)).toEqual(file.subarray(0, 0xb4));
    expect(memory.read(0x080490b4, 6)).toEqual(new TextEncoder().encode('hello\n'));
    expect(memory.read(0x080490ba, 0x2002).every((b) => b === 0)).toBe(true);
    expect(program.brkStart).toBe(0x0804c000);
  });

  it('makes a page shared by an RX and an RW segment writable, keeping both contents', () => {
    const file = fixture('hello-nasm-shared-page');
    const { memory } = load(file);
    expect(memory.log).toEqual(['map 0x8048000 0x3000 rw']);
    expect(memory.read(0x08048000, 0xb3)).toEqual(file.subarray(0, 0xb3)); // headers + text
    expect(memory.read(0x080480b4, 6)).toEqual(new TextEncoder().encode('hello\n'));
    expect(memory.read(0x080480ba, 0x2002).every((b) => b === 0)).toBe(true);
  });

  it('keeps every segment exact on a shared page, even after a bss', () => {
    // RW data+bss ending mid-page, then RX text on the same page
    const file = buildElf({
      entry: 0x08049800,
      segments: [
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x100, memsz: 0x700, flags: R | W },
        { offset: 0x1800, vaddr: 0x08049800, filesz: 0x100, memsz: 0x100, flags: R | X },
      ],
      fileSize: 0x3000,
    });
    const { memory } = load(file);
    expect(memory.isWritable(0x08049000)).toBe(true);
    expect(memory.read(0x08049000, 0x100)).toEqual(file.subarray(0x1000, 0x1100));
    expect(memory.read(0x08049100, 0x600).every((b) => b === 0)).toBe(true); // the bss stays zero
    // between the bss end and the text: the later segment's file view
    expect(memory.read(0x08049700, 0x100)).toEqual(file.subarray(0x1700, 0x1800));
    expect(memory.read(0x08049800, 0x100)).toEqual(file.subarray(0x1800, 0x1900));
    // after the text (memsz == filesz): the rest of its file page
    expect(memory.read(0x08049900, 0x700)).toEqual(file.subarray(0x1900, 0x2000));
  });

  it('maps a multi-page bss with pages nobody wrote as zero, and the page after a bss tail as zero', () => {
    const file = buildElf({
      entry: 0x08049000,
      segments: [
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x10, memsz: 0x10, flags: R | X },
        { offset: 0x2ff0, vaddr: 0x0805aff0, filesz: 0x20, memsz: 0x5000, flags: R | W },
      ],
      fileSize: 0x4000,
    });
    const { program, memory } = load(file);
    expect(memory.log).toEqual(['map 0x8049000 0x1000 r', 'map 0x805a000 0x6000 rw']);
    expect(memory.read(0x0805a000, 0xff0)).toEqual(file.subarray(0x2000, 0x2ff0)); // leading file view
    expect(memory.read(0x0805aff0, 0x20)).toEqual(file.subarray(0x2ff0, 0x3010));
    expect(memory.read(0x0805b010, 0x08060000 - 0x0805b010).every((b) => b === 0)).toBe(true);
    expect(program.brkStart).toBe(0x08060000);
    expect(patternByte(0x2ff0)).toBe(file[0x2ff0]);
  });

  it('reports a program too big for guest memory as a UserError', () => {
    const file = fixture('hello-nasm');
    expect(() => loadElf(parseElf(file, 'big'), new FakeGuestMemory(3))).toThrow(UserError);
    expect(() => loadElf(parseElf(file, 'big'), new FakeGuestMemory(3))).toThrow(/^big: does not fit in guest memory/);
  });

  it('loads a gcc -static -nostdlib program with four segments', () => {
    const file = fixture('counter-static');
    const { program, memory } = load(file);
    expect(program.entry).toBe(0x08049000);
    expect(program.brkStart).toBe(0x0804e000);
    expect(memory.read(0x08049000, 0x5e)).toEqual(file.subarray(0x1000, 0x105e));
    expect(memory.u32(0x0804b000)).toBe(1); // initialised[0]
    expect(memory.u32(0x0804b00c)).toBe(4); // initialised[3]
    expect(memory.isWritable(0x0804b000)).toBe(true);
    expect(memory.isWritable(0x0804a000)).toBe(false);
  });
});
