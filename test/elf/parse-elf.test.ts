import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import { parseElf } from '../../src/elf';
import { Prng } from '../../src/util/prng';
import { buildElf, patch } from './elf-builder';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** The one-line UserError message parseElf gives for `bytes` named "prog". */
function failure(bytes: Uint8Array, name = 'prog'): string {
  try {
    parseElf(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toMatch(/[\r\n]/);
    return e.message;
  }
  throw new Error('parseElf accepted the file');
}

const PT_LOAD = 1;
const R = 4;
const W = 2;
const X = 1;

/** A minimal valid program: RX text page and RW data+bss. */
const twoSegments = (overrides: Partial<Parameters<typeof buildElf>[0]> = {}): Uint8Array => buildElf({
  entry: 0x08049000,
  segments: [
    { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
    { offset: 0x2000, vaddr: 0x0804a000, filesz: 0x10, memsz: 0x100, flags: R | W },
  ],
  ...overrides,
});

describe('parseElf on real binaries', () => {
  it('reads a NASM program: three PT_LOADs, bss, AT_PHDR inside the first segment', () => {
    const image = parseElf(fixture('hello-nasm'), 'hello-nasm');
    expect(image.entry).toBe(0x08049000);
    expect(image.phnum).toBe(3);
    expect(image.phent).toBe(32);
    expect(image.phdrAddress).toBe(0x08048034);
    expect(image.loadSegments.map((s) => [s.vaddr, s.filesz, s.memsz, s.flags])).toEqual([
      [0x08048000, 0x94, 0x94, R],
      [0x08049000, 0x33, 0x33, R | X],
      [0x0804a000, 0x6, 0x2008, R | W],
    ]);
    expect(image.tls).toBeNull();
    expect(image.executableStack).toBe(false);
  });

  it('accepts a bss-only segment with file size 0', () => {
    const image = parseElf(fixture('bss-only'), 'bss-only');
    expect(image.loadSegments[2]).toMatchObject({ vaddr: 0x0804a000, filesz: 0, memsz: 0x1000, flags: R | W });
  });

  it('reads a gcc -static -nostdlib program and ignores PT_NOTE, honours PT_GNU_STACK', () => {
    const image = parseElf(fixture('counter-static'), 'counter-static');
    expect(image.phnum).toBe(6);
    expect(image.loadSegments).toHaveLength(4);
    expect(image.loadSegments.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(image.executableStack).toBe(false);
  });

  it('accepts segments that start mid-page or share a page', () => {
    expect(parseElf(fixture('hello-nasm-midpage'), 'p').loadSegments[1].vaddr).toBe(0x080490b4);
    const shared = parseElf(fixture('hello-nasm-shared-page'), 'p').loadSegments;
    expect(shared[0].vaddr + shared[0].memsz).toBe(0x080480b3);
    expect(shared[1].vaddr).toBe(0x080480b4);
  });

  it('rejects a dynamically linked program, naming its interpreter', () => {
    expect(failure(fixture('counter-dynamic'))).toBe('prog: dynamically linked (PT_INTERP /lib/ld-linux.so.2); build with -static');
  });

  it('rejects a static-pie program', () => {
    expect(failure(fixture('counter-static-pie'))).toBe('prog: position-independent executable (ET_DYN, static-pie); build with -static -no-pie');
  });

  it('rejects a 64-bit program', () => {
    expect(failure(fixture('hello-nasm64'))).toBe('prog: ELF64 executables are not supported (ftvm runs 32-bit i386 programs)');
  });
});

describe('parseElf on bad input', () => {
  const hello = fixture('hello-nasm');

  it('rejects what is not ELF', () => {
    expect(failure(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toBe('prog: not an ELF file');
    expect(failure(new Uint8Array(0))).toBe('prog: not an ELF file');
    expect(failure(Uint8Array.from([0x7f, 0x45, 0x4c]))).toBe('prog: not an ELF file');
  });

  it('rejects truncated headers', () => {
    expect(failure(hello.subarray(0, 10))).toBe('prog: truncated ELF header');
    expect(failure(hello.subarray(0, 51))).toBe('prog: truncated ELF header');
  });

  it('names the file as given, quoted and escaped on one line if the name is odd', () => {
    expect(failure(new Uint8Array(1), 'dir/prog')).toBe('dir/prog: not an ELF file');
    expect(failure(new Uint8Array(1), 'dir/my prog')).toBe('"dir/my prog": not an ELF file');
    expect(failure(new Uint8Array(1), 'a\nb')).toBe('"a\\nb": not an ELF file');
  });

  it('rejects other classes, encodings and versions', () => {
    expect(failure(patch(hello, 4, 0, 1))).toBe('prog: invalid ELF class 0');
    expect(failure(patch(hello, 5, 2, 1))).toBe('prog: big-endian ELF files are not supported (ftvm runs little-endian i386 programs)');
    expect(failure(patch(hello, 5, 7, 1))).toBe('prog: invalid ELF data encoding 7');
    expect(failure(patch(hello, 6, 2, 1))).toBe('prog: unsupported ELF version 2');
  });

  it('names the wrong machine', () => {
    expect(failure(patch(hello, 18, 62, 2))).toBe('prog: ELF machine is x86-64 (62), expected i386');
    expect(failure(patch(hello, 18, 40, 2))).toBe('prog: ELF machine is ARM (40), expected i386');
    expect(failure(patch(hello, 18, 183, 2))).toBe('prog: ELF machine is AArch64 (183), expected i386');
    expect(failure(patch(hello, 18, 4321, 2))).toBe('prog: ELF machine is unknown (4321), expected i386');
  });

  it('rejects object files, core dumps and unknown types', () => {
    expect(failure(patch(hello, 16, 1, 2))).toBe('prog: relocatable object file (ET_REL), not an executable; link it first');
    expect(failure(patch(hello, 16, 4, 2))).toBe('prog: core dump (ET_CORE), not an executable');
    expect(failure(patch(hello, 16, 0xfe00, 2))).toBe('prog: unsupported ELF type 65024');
  });

  it('rejects bad program header tables', () => {
    expect(failure(patch(hello, 44, 0, 2))).toBe('prog: no program headers');
    expect(failure(patch(hello, 44, 0xffff, 2))).toBe('prog: too many program headers (PN_XNUM extended numbering is not supported)');
    expect(failure(patch(hello, 42, 40, 2))).toBe('prog: program header entry size is 40, expected 32');
    // the table starts at 52: header 2 ends at 52 + 96 = 148
    expect(failure(hello.subarray(0, 140))).toBe('prog: program header 2 lies outside the file');
    expect(failure(patch(hello, 28, 0xfffffff0, 4))).toBe('prog: program header 0 lies outside the file');
  });

  it('rejects segments whose bytes lie outside the file', () => {
    // segment 2 of hello-nasm has its 6 bytes at 0x2000; cut the file there
    expect(failure(hello.subarray(0, 0x2003))).toBe('prog: segment 2 lies outside the file (offset 0x2000, size 0x6, file is 0x2003 bytes)');
    expect(failure(patch(hello, 52 + 32 + 4, 0xffffff00, 4))).toBe('prog: segment 1 lies outside the file (offset 0xffffff00, size 0x33, file is 0x20ec bytes)');
  });

  it('rejects a file size larger than the memory size', () => {
    expect(failure(patch(hello, 52 + 64 + 20, 2, 4))).toBe('prog: segment 2 has a file size 0x6 larger than its memory size 0x2');
  });

  it('rejects overlapping segments', () => {
    const bytes = buildElf({
      entry: 0x08049000,
      segments: [
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x100, memsz: 0x100, flags: R | X },
        { offset: 0x1080, vaddr: 0x08049080, filesz: 0x10, memsz: 0x10, flags: R | W },
      ],
    });
    expect(failure(bytes)).toBe('prog: segment 1 (0x8049080-0x8049090) overlaps segment 0 (0x8049000-0x8049100)');
  });

  it('rejects segments outside the user address space', () => {
    const low = twoSegments({ entry: 0x1000, segments: [{ offset: 0x1000, vaddr: 0x1000, filesz: 4, memsz: 4, flags: R | X }] });
    expect(failure(low)).toBe('prog: segment 0 at 0x1000 lies below the lowest mappable address 0x10000');
    const high = twoSegments({ entry: 0xbffff000, segments: [{ offset: 0x1000, vaddr: 0xbffff000, filesz: 4, memsz: 0x2000, flags: R | X }] });
    expect(failure(high)).toBe('prog: segment 0 (0xbffff000-0xc0001000) extends past the 3 GiB user address space');
  });

  it('rejects an entry point outside every segment, or no loadable segment', () => {
    expect(failure(twoSegments({ entry: 0x08060000 }))).toBe('prog: entry point 0x8060000 lies outside every loadable segment');
    const noLoad = buildElf({ entry: 0, segments: [{ type: 4, offset: 0x100, vaddr: 0, filesz: 4, memsz: 4, flags: R }] });
    expect(failure(noLoad)).toBe('prog: no loadable segments');
  });

  it('rejects PT_DYNAMIC and PT_INTERP in an ET_EXEC', () => {
    const dynamic = twoSegments();
    const withDynamic = patch(dynamic, 52 + 32, 2, 4); // segment 1 becomes PT_DYNAMIC
    expect(failure(withDynamic)).toBe('prog: dynamically linked (PT_DYNAMIC); build with -static');
    const interpOutside = buildElf({
      entry: 0x08049000,
      segments: [
        { type: 3, offset: 0x7000, vaddr: 0, filesz: 0x20, memsz: 0x20, flags: R },
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
      ],
      fileSize: 0x1040,
    });
    expect(failure(interpOutside)).toBe('prog: dynamically linked (PT_INTERP); build with -static');
  });

  it('rejects a TLS segment outside the file', () => {
    const bytes = buildElf({
      entry: 0x08049000,
      segments: [
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
        { type: 7, offset: 0x9000, vaddr: 0x0804a000, filesz: 0x10, memsz: 0x30, flags: R },
      ],
      fileSize: 0x1040,
    });
    expect(failure(bytes)).toBe('prog: TLS segment 1 lies outside the file (offset 0x9000, size 0x10, file is 0x1040 bytes)');
  });
});

describe('parseElf on unusual but valid input', () => {
  it('accepts PT_TLS, PT_GNU_STACK, PT_NOTE, PT_GNU_RELRO, PT_GNU_PROPERTY and unknown types', () => {
    const bytes = buildElf({
      entry: 0x08049000,
      segments: [
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
        { offset: 0x2000, vaddr: 0x0804a000, filesz: 0x20, memsz: 0x100, flags: R | W },
        { type: 7, offset: 0x2000, vaddr: 0x0804a000, filesz: 0x8, memsz: 0x30, flags: R, align: 4 },
        { type: 0x6474e551, offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: R | W | X, align: 16 },
        { type: 4, offset: 0x1000, vaddr: 0x08049000, filesz: 0x10, memsz: 0x10, flags: R },
        { type: 0x6474e552, offset: 0x2000, vaddr: 0x0804a000, filesz: 0x10, memsz: 0x10, flags: R },
        { type: 0x6474e553, offset: 0x1000, vaddr: 0x08049000, filesz: 0x10, memsz: 0x10, flags: R },
        { type: 0x70000001, offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: 0 },
      ],
    });
    const image = parseElf(bytes, 'p');
    expect(image.loadSegments).toHaveLength(2);
    expect(image.tls).toMatchObject({ index: 2, vaddr: 0x0804a000, filesz: 8, memsz: 0x30 });
    expect(image.executableStack).toBe(true);
    expect(image.phdrAddress).toBe(0); // the table (file offset 52) is in no PT_LOAD
  });

  it('takes AT_PHDR from PT_PHDR when present, and sorts PT_LOADs by address', () => {
    const bytes = buildElf({
      entry: 0x08049000,
      segments: [
        { type: 6, offset: 52, vaddr: 0x08048034, filesz: 96, memsz: 96, flags: R },
        { offset: 0x2000, vaddr: 0x0804a000, filesz: 0x10, memsz: 0x10, flags: R | W },
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
      ],
    });
    const image = parseElf(bytes, 'p');
    expect(image.phdrAddress).toBe(0x08048034);
    expect(image.loadSegments.map((s) => s.index)).toEqual([2, 1]);
  });

  it('skips empty PT_LOADs', () => {
    const bytes = buildElf({
      entry: 0x08049000,
      segments: [
        { offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: R },
        { offset: 0x1000, vaddr: 0x08049000, filesz: 0x40, memsz: 0x40, flags: R | X },
      ],
    });
    expect(parseElf(bytes, 'p').loadSegments.map((s) => s.index)).toEqual([1]);
  });
});

describe('parseElf never throws anything but a UserError', () => {
  it('survives 3000 random corruptions of real binaries', () => {
    const prng = new Prng(2024);
    const sources = ['hello-nasm', 'counter-static', 'counter-dynamic', 'hello-nasm-midpage'].map(fixture);
    for (let round = 0; round < 3000; round++) {
      const source = sources[round % sources.length];
      let bytes = source.slice();
      const flips = prng.nextInt(1, 6);
      for (let i = 0; i < flips; i++) {
        // aim mostly at the headers, where the parser looks
        const at = prng.nextInt(0, 4) === 0 ? prng.nextInt(0, bytes.length) : prng.nextInt(0, Math.min(bytes.length, 300));
        bytes[at] = prng.nextInt(0, 256);
      }
      if (prng.nextInt(0, 4) === 0) bytes = bytes.subarray(0, prng.nextInt(0, bytes.length));
      try {
        parseElf(bytes, 'fuzz');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/^fuzz: [^\n]+$/);
      }
    }
  });
});
