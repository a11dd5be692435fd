// The table-driven decoder reads back every instruction of the generated
// corpus as the form the assembler encoded it with (or an alias with the same
// encoding), with the same length.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/assembler';
import type { InsnForm } from '../../src/isa';
import { decode } from '../../src/isa/decoder';
import { generateCorpus } from '../assembler/corpus';

const encodingKey = (f: { opcode: readonly number[]; prefixes: readonly number[]; modrm: unknown; plusReg: boolean; immediates: readonly string[] }): string =>
  JSON.stringify([f.prefixes, f.opcode, f.modrm, f.plusReg, f.immediates]);

const aliases = new Set<string>();
const shorthands = new Set<string>();

describe('decoder', () => {
  for (const file of generateCorpus()) {
    it(`decodes the ${file.name} corpus`, () => {
      const result = assemble({ source: file.source, fileName: `${file.name}.asm` });
      const text = result.sections.find((s) => s.name === '.text')!;
      let checked = 0;
      for (const line of result.listing) {
        if (line.section !== '.text' || line.bytes.length === 0 || line.forms.length !== 1) continue;
        // WAIT (9B) is an instruction of its own, whatever it precedes.
        if (/^\s*wait\s/.test(line.source)) continue;
        const d = decode(text.bytes, line.address - text.address, line.address);
        expect(d, `${line.source.trim()}`).not.toBeNull();
        expect(d!.length, line.source.trim()).toBe(line.bytes.length);
        // An x87 shorthand (bare `fadd` is `faddp st1`) reads back as the form it stands for.
        if (line.forms[0]!.noDisassembly) {
          expect(d!.form.noDisassembly, line.source.trim()).toBe(false);
          shorthands.add(line.source.trim());
          continue;
        }
        // `cmpps x, y, 2` is read back as what its predicate byte names: cmpleps x, y.
        const predicateOf = (f: InsnForm): boolean => f.suffix.length === 1 && f.opcode.join() === line.forms[0]!.opcode.join() && line.bytes[line.bytes.length - 1] === f.suffix[0];
        // Two spellings of one encoding (NOP is XCHG EAX,EAX; o16 PUSHF is PUSHFW) decode to the first.
        if (encodingKey(d!.form) !== encodingKey(line.forms[0]!) && !predicateOf(d!.form)) aliases.add(`${line.source.trim()} = ${d!.form.mnemonic}`);
        else checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('meets only the known aliases', () => {
    expect([...aliases].sort()).toEqual(['o16 pushf = pushfw', 'xchg eax, eax = nop']);
    expect(shorthands.size).toBe(34);
  });

  it('reads ModRM, SIB, displacement and immediates', () => {
    const bytes = Uint8Array.from([0x81, 0x84, 0x8b, 0x10, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12]); // add dword [ebx+ecx*4+0x10], 0x12345678
    const d = decode(bytes, 0, 0x1000)!;
    expect(d.form.mnemonic).toBe('add');
    expect(d.length).toBe(11);
    expect(d.operands[0]).toMatchObject({ kind: 'mem', mem: { base: 3, index: 1, scale: 4, disp: 0x10, dispBytes: 4 } });
    expect(d.operands[1]).toMatchObject({ kind: 'imm', value: 0x12345678 });
  });

  it('resolves relative branch targets', () => {
    const d = decode(Uint8Array.from([0x0f, 0x84, 0xfa, 0xff, 0xff, 0xff]), 0, 0x08049000)!;
    expect(d.form.mnemonic).toBe('je');
    expect(d.operands[0]).toMatchObject({ kind: 'rel', target: 0x08049000 });
  });

  it('reads a WAIT with the x87 form that begins with one, else as FWAIT', () => {
    const fstcw = decode(Uint8Array.from([0x9b, 0x64, 0xd9, 0x38]), 0, 0)!;
    expect([fstcw.form.mnemonic, fstcw.length, fstcw.segment]).toEqual(['fstcw', 4, 0x64]);
    const fstenv = decode(Uint8Array.from([0x9b, 0x66, 0xd9, 0x30]), 0, 0)!;
    expect([fstenv.form.mnemonic, fstenv.length, fstenv.prefixes]).toEqual(['fstenv', 4, [0x66]]);
    const fwait = decode(Uint8Array.from([0x9b, 0xd9, 0xe8]), 0, 0)!;
    expect([fwait.form.mnemonic, fwait.length]).toEqual(['fwait', 1]);
    expect(decode(Uint8Array.from([0xd9, 0x38]), 0, 0)!.form.mnemonic).toBe('fnstcw');
  });

  it('keeps prefixes the form does not use, and takes endbr32 whole', () => {
    const rep = decode(Uint8Array.from([0xf3, 0x66, 0xa5]), 0, 0)!;
    expect([rep.form.mnemonic, rep.prefixes]).toEqual(['movsw', [0xf3]]);
    const seg = decode(Uint8Array.from([0x65, 0x8b, 0x0d, 0x14, 0, 0, 0]), 0, 0)!;
    expect([seg.form.mnemonic, seg.segment]).toEqual(['mov', 0x65]);
    const endbr = decode(Uint8Array.from([0xf3, 0x0f, 0x1e, 0xfb]), 0, 0)!;
    expect([endbr.form.mnemonic, endbr.prefixes, endbr.length]).toEqual(['endbr32', [], 4]);
  });

  it('takes a mandatory 66/F2/F3 as part of an SSE opcode, and names a compare by its predicate', () => {
    const addpd = decode(Uint8Array.from([0x66, 0x0f, 0x58, 0xc1]), 0, 0)!;
    expect([addpd.form.mnemonic, addpd.prefixes, addpd.operands.map((o) => o.kind === 'reg' && o.num)]).toEqual(['addpd', [], [0, 1]]);
    const paddb = decode(Uint8Array.from([0x0f, 0xfc, 0xc1]), 0, 0)!;
    expect([paddb.form.mnemonic, paddb.form.operands[0]!.simd]).toEqual(['paddb', 'mmx']);
    const movss = decode(Uint8Array.from([0x64, 0xf3, 0x0f, 0x10, 0x00]), 0, 0)!;
    expect([movss.form.mnemonic, movss.segment, movss.length]).toEqual(['movss', 0x64, 5]);
    const cmp = decode(Uint8Array.from([0x0f, 0xc2, 0xc1, 0x01]), 0, 0)!;
    expect([cmp.form.mnemonic, cmp.operands.length, cmp.length]).toEqual(['cmpltps', 2, 4]);
    const crc = decode(Uint8Array.from([0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc1]), 0, 0)!;
    expect([crc.form.mnemonic, crc.form.operands[1]!.type, crc.prefixes]).toEqual(['crc32', 'rm16', []]);
  });

  it('returns null for bytes outside the table', () => {
    expect(decode(Uint8Array.from([0xd9, 0xd8]), 0, 0)).toBeNull(); // fstp1, an x87 alias NASM has no name for
    expect(decode(Uint8Array.from([0xdd, 0x28]), 0, 0)).toBeNull(); // x87 DD /5 is undefined
    expect(decode(Uint8Array.from([0x0f, 0x0d, 0x08]), 0, 0)).toBeNull(); // prefetchw
    expect(decode(Uint8Array.from([0xc5, 0xf8, 0x77]), 0, 0)).toBeNull(); // vzeroupper (AVX): lds with a register is no instruction
    expect(decode(Uint8Array.from([0x8b]), 0, 0)).toBeNull(); // truncated
  });
});
