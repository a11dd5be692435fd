// The disassembler writes NASM syntax that assembles back to the same bytes,
// for every instruction of the corpus, the hand-written cases and the programs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, assembleFile, disassemble, disassembleElf } from '../../src/assembler';
import { generateCorpus } from './corpus';

/** Disassemble .text and assemble the text again; return the lines whose bytes differ. */
function roundTrip(result: ReturnType<typeof assemble>): string[] {
  const text = result.sections.find((s) => s.name === '.text')!;
  const lines = disassemble(text.bytes, text.address);
  const again = assemble({ source: ['section .text', ...lines.map((l) => `    ${l.text}`)].join('\n'), fileName: 'again.asm' });
  const produced = again.listing.filter((l) => l.bytes.length > 0);
  const problems: string[] = [];
  lines.forEach((l, i) => {
    const a = Buffer.from(l.bytes).toString('hex');
    const b = Buffer.from(produced[i]?.bytes ?? []).toString('hex');
    if (a !== b || l.text.startsWith('db ')) problems.push(`${a} -> '${l.text}' -> ${b}`);
  });
  return problems;
}

const casesDir = path.join(__dirname, 'fixtures', 'cases');
const programsDir = path.join(__dirname, '..', '..', 'programs');

describe('disassembler', () => {
  it('round-trips the whole instruction corpus', () => {
    for (const f of generateCorpus()) {
      expect(roundTrip(assemble({ source: f.source, fileName: `${f.name}.asm` })), f.name).toEqual([]);
    }
  });

  it('round-trips the hand-written cases and the programs', () => {
    const files = [
      // (not data, 16-bit code, nor smartalign's padding, whose 66 66 66 90 no-ops read as repeated prefixes)
      ...fs.readdirSync(casesDir).filter((n) => n.endsWith('.asm') && n !== 'data.asm' && !n.startsWith('bits16') && n !== 'smartalign.asm').map((n) => path.join(casesDir, n)),
      ...fs.readdirSync(programsDir).filter((n) => n.endsWith('.asm')).map((n) => path.join(programsDir, n)),
    ];
    for (const f of files) expect(roundTrip(assembleFile(f)), f).toEqual([]);
  });

  it('writes NASM syntax', () => {
    const src = [
      'section .text',
      'x: jmp x',
      '    mov eax, [fs:0x10]',
      '    lock xadd [ebx+ecx*4-8], eax',
      '    rep movsd',
      '    repe cmpsb',
      '    mov byte [esi], 0x7f',
      '    push word 5',
      '    add eax, strict dword 1',
      '    lea eax, [eax+eax*2]',
      '    mov eax, [nosplit ebx*2]',
      '    mov eax, [dword ebx+4]',
      '    shl dword [edx], 1',
      '    loop x',
    ].join('\n');
    const t = assemble({ source: src, fileName: 's.asm' }).sections[0]!;
    expect(disassemble(t.bytes, t.address).map((l) => l.text)).toEqual([
      'jmp short 0x8049000',
      'mov eax, [fs:0x10]',
      'lock xadd [ebx+ecx*4-0x8], eax',
      'rep movsd',
      'repe cmpsb',
      'mov byte [esi], 0x7f',
      'push word 0x5',
      'add eax, strict dword 0x1',
      'lea eax, [eax+eax*2]',
      'mov eax, [nosplit ebx*2+0x0]',
      'mov eax, [dword ebx+0x4]',
      'shl dword [edx], 1',
      'loop 0x8049000',
    ]);
  });

  it('shows bytes it cannot decode as db', () => {
    // D9 D8 is FSTP1, a reserved encoding the P6 runs but NASM has no name for
    expect(disassemble(Uint8Array.from([0x90, 0xd9, 0xd8]), 0).map((l) => l.text)).toEqual(['nop', 'db 0xd9', 'db 0xd8']);
  });

  it('writes x87 instructions as ndisasm does', () => {
    const src = [
      'section .text',
      '    fadd st0, st3', '    fadd st3, st0', '    fadd to st2', '    faddp', '    fsub st2, st0', '    fdivrp st1',
      '    fld tword [eax]', '    fild qword [ebx+8]', '    fistp word [esp]', '    fbstp [eax]',
      '    fstcw [fs:eax]', '    fnstcw [eax]', '    fstsw ax', '    o16 fstenv [eax]', '    fnsave [ecx]',
      '    finit', '    fwait', '    nop', '    fxch st0, st4', '    fcmovnbe st0, st5', '    fucomip st0, st1', '    ffreep st7',
    ].join('\n');
    const t = assemble({ source: src, fileName: 'x87.asm' }).sections[0]!;
    expect(disassemble(t.bytes, t.address).map((l) => l.text)).toEqual([
      'fadd st3', 'fadd to st3', 'fadd to st2', 'faddp st1', 'fsub to st2', 'fdivrp st1',
      'fld tword [eax]', 'fild qword [ebx+0x8]', 'fistp word [esp]', 'fbstp tword [eax]',
      'fstcw [fs:eax]', 'fnstcw [eax]', 'fstsw ax', 'o16 fstenv [eax]', 'fnsave [ecx]',
      'finit', 'fwait', 'nop', 'fxch st4', 'fcmovnbe st5', 'fucomip st1', 'ffreep st7',
    ]);
  });

  it('lists an executable with addresses, bytes and its labels', () => {
    const text = disassembleElf(assembleFile(path.join(programsDir, 'hello.asm')).elf);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'section .text  ; 0x8049000, 31 bytes, entry 0x8049000',
      '_start:',
      '  08049000  b8 04 00 00 00            mov eax, 0x4',
      '  08049005  bb 01 00 00 00            mov ebx, 0x1',
    ]);
  });
});
