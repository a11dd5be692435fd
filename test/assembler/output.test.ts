// The executable and the listing: ELF header, section headers, symbols and
// entry point of what the assembler writes, and the listing's layout.
import { describe, expect, it } from 'vitest';
import { assemble, formatListing } from '../../src/assembler';

const source = [
  'section .text',
  'global _start',
  'helper: ret',
  '_start:',
  '    mov eax, msg',
  '    call helper',
  'section .data',
  'msg: db "hi", 0',
  'count equ 3',
  'section .bss',
  'buf: resb 8',
].join('\n');

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function cstr(b: Uint8Array, o: number): string {
  let e = o;
  while (b[e]) e++;
  return Buffer.from(b.subarray(o, e)).toString('latin1');
}

describe('ELF output', () => {
  const r = assemble({ source, fileName: 'prog.asm' });
  const elf = r.elf;

  it('is an ELF32 little-endian i386 ET_EXEC with the entry at _start', () => {
    expect([...elf.subarray(0, 7)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    expect(u16(elf, 16)).toBe(2); // ET_EXEC
    expect(u16(elf, 18)).toBe(3); // EM_386
    expect(u32(elf, 24)).toBe(0x08049001);
    expect(r.entry).toBe(0x08049001);
  });

  it('has section headers naming every section, then .symtab, .strtab, .shstrtab', () => {
    const shoff = u32(elf, 32);
    const shnum = u16(elf, 48);
    const strtab = u32(elf, shoff + u16(elf, 50) * 40 + 16);
    const names = Array.from({ length: shnum }, (_, i) => cstr(elf, strtab + u32(elf, shoff + i * 40)));
    expect(names).toEqual(['', '.text', '.data', '.bss', '.symtab', '.strtab', '.shstrtab']);
    for (const s of r.sections) {
      const i = names.indexOf(s.name);
      expect(u32(elf, shoff + i * 40 + 12), s.name).toBe(s.address);
      if (s.name !== '.bss') {
        const off = u32(elf, shoff + i * 40 + 16);
        expect([...elf.subarray(off, off + s.bytes.length)], s.name).toEqual([...s.bytes]);
      }
    }
  });

  it('lists labels and equ constants in the symbol table, _start global', () => {
    const shoff = u32(elf, 32);
    const symtab = shoff + 4 * 40;
    const off = u32(elf, symtab + 16);
    const size = u32(elf, symtab + 20);
    const strOff = u32(elf, shoff + 5 * 40 + 16);
    const syms = new Map<string, { value: number; bind: number; shndx: number }>();
    for (let o = off; o < off + size; o += 16) {
      syms.set(cstr(elf, strOff + u32(elf, o)), { value: u32(elf, o + 4), bind: elf[o + 12]! >> 4, shndx: u16(elf, o + 14) });
    }
    expect(syms.get('_start')).toEqual({ value: 0x08049001, bind: 1, shndx: 1 });
    expect(syms.get('helper')).toEqual({ value: 0x08049000, bind: 0, shndx: 1 });
    expect(syms.get('msg')).toEqual({ value: r.sections[1]!.address, bind: 0, shndx: 2 });
    expect(syms.get('count')).toEqual({ value: 3, bind: 0, shndx: 0xfff1 });
    expect(syms.get('buf')!.shndx).toBe(3);
    expect(syms.get('prog.asm')).toBeDefined();
    expect(syms.get('_end')!.value).toBe(r.sections[2]!.address + 8);
  });

  it('adds the PT_GNU_STACK header ld adds for a .note.GNU-stack section (RW, RWX for an exec note), after the PT_LOADs', () => {
    const phdrs = (src: string): number[][] => {
      const e = assemble({ source: src, fileName: 'stack.asm' }).elf;
      return Array.from({ length: u16(e, 44) }, (_, i) => [0, 4, 8, 16, 20, 24, 28].map((o) => u32(e, 0x34 + i * 0x20 + o)));
    };
    const code = 'section .text\nglobal _start\n_start: ret\n';
    expect(phdrs(code).map((p) => p[0])).toEqual([1, 1]);
    const rw = phdrs(`${code}section .note.GNU-stack noalloc noexec nowrite progbits\n`);
    expect(rw.map((p) => p[0])).toEqual([1, 1, 0x6474e551]);
    expect(rw[2]).toEqual([0x6474e551, 0, 0, 0, 0, 6, 0x10]);
    expect(rw[0]![3]).toBe(0x34 + 3 * 0x20); // the first PT_LOAD holds the headers, one more of them
    expect(phdrs(`${code}section .note.GNU-stack exec\n`)[2]![5]).toBe(7);
  });

  it('gives .bss as zeros of its size, rounded up to 4 as ld does', () => {
    expect(r.sections[2]).toEqual({ name: '.bss', address: r.sections[1]!.address + 4, bytes: new Uint8Array(8) });
  });

  it('formats a listing with line numbers, addresses, bytes and source lines', () => {
    const msg = r.sections[1]!.address;
    const le = [0, 8, 16, 24].map((k) => ((msg >>> k) & 0xff).toString(16).toUpperCase().padStart(2, '0')).join('');
    expect(formatListing(r.listing).split('\n').slice(0, 8)).toEqual([
      '     1                                  section .text',
      '     2                                  global _start',
      '     3 08049000 C3                      helper: ret',
      '     4                                  _start:',
      `     5 08049001 B8${le}                  mov eax, msg`,
      '     6 08049006 E8F5FFFFFF                  call helper',
      '     7                                  section .data',
      `     8 ${msg.toString(16).toUpperCase().padStart(8, "0")} 686900                  msg: db "hi", 0`,
    ]);
  });

  it('lists a macro invocation, then its body lines marked with the nesting depth', () => {
    const m = assemble({ source: '%macro two 0\nnop\nnop\n%endmacro\ntwo\n', fileName: 'm.asm' });
    expect(formatListing(m.listing).trimEnd().split('\n').slice(-3)).toEqual([
      '     5                                  two',
      '     2 08049000 90                  <1> nop',
      '     3 08049001 90                  <1> nop',
    ]);
  });

  it('continues long byte runs on following rows', () => {
    const m = assemble({ source: 'section .data\ndb "0123456789abcdef"\n', fileName: 'd.asm' });
    expect(formatListing(m.listing).trimEnd().split('\n').slice(-2)).toEqual([
      '     2 08049000 303132333435363738-     db "0123456789abcdef"',
      '     2 08049009 39616263646566',
    ]);
  });
});

describe('incbin', () => {
  const files: Record<string, Uint8Array> = { 'dir/data.bin': new TextEncoder().encode('ABCDEFGHIJ') };
  const build = (src: string) => assemble({
    source: src,
    fileName: 'dir/prog.asm',
    readBinary: (p) => {
      if (p in files) return files[p]!;
      throw new Error(`no file ${p}`);
    },
  });

  it("takes a file's bytes, or `count` of them from `skip`, found beside the source", () => {
    const r = build(['section .data', 'all: incbin "data.bin"', 'part: incbin "data.bin", 2, 3', 'tail: incbin "data.bin", 7', 'times 2 incbin "data.bin", 9'].join('\n'));
    const data = r.sections.find((s) => s.name === '.data')!;
    expect(Buffer.from(data.bytes).toString('latin1')).toBe('ABCDEFGHIJCDEHIJJJ');
  });

  it('names the file it cannot open and the operands it cannot take', () => {
    expect(() => build('incbin "missing.bin"')).toThrow("dir/prog.asm:1:8: unable to open incbin file 'missing.bin'");
    expect(() => build('incbin "data.bin", size')).toThrow("dir/prog.asm:1:20: 'incbin' takes a skip and a count as plain numbers");
    expect(() => build('incbin data')).toThrow("dir/prog.asm:1:8: 'incbin' expects a file name in quotes");
  });
});
