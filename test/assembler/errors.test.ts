// Broken sources: every error is reported, in source order, as
// `file:line:col: message`, with the invoking lines of a macro expansion, and
// the error carries exit status 2.
import { describe, expect, it } from 'vitest';
import { AssemblyError, assemble } from '../../src/assembler';
import { UserError } from '../../src/errors';

/** The error lines assembling `source` produces (fails the test if it assembles). */
function errorsOf(source: string, files: Record<string, string> = {}): string[] {
  try {
    assemble({
      source,
      fileName: 'bad.asm',
      readFile: (p) => {
        if (p in files) return files[p]!;
        throw new Error(`no file ${p}`);
      },
    });
  } catch (e) {
    expect(e).toBeInstanceOf(AssemblyError);
    expect(e).toBeInstanceOf(UserError);
    expect((e as AssemblyError).exitCode).toBe(2);
    return (e as Error).message.split('\n');
  }
  throw new Error('expected the source to fail');
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('assembler error messages', () => {
  it('unknown mnemonic', () => {
    expect(errorsOf(lines('section .text', '_start:', '    mvo eax, 1'))).toEqual(["bad.asm:3:5: unknown mnemonic 'mvo'"]);
  });

  it('a real x86 instruction ftvm cannot encode is an error, never a label', () => {
    expect(errorsOf(lines('section .text', '_start:', '    fisttp dword [eax]', '    FXSAVE [eax]', '    vpxor xmm0, xmm1, xmm2', 'x vzeroupper', '    bnd mov eax, 1'))).toEqual([
      "bad.asm:3:5: instruction 'fisttp' is not supported by ftvm's assembler",
      "bad.asm:4:5: instruction 'FXSAVE' is not supported by ftvm's assembler",
      "bad.asm:5:5: instruction 'vpxor' is not supported by ftvm's assembler",
      "bad.asm:6:3: instruction 'vzeroupper' is not supported by ftvm's assembler",
      'bad.asm:7:5: bnd prefix is not allowed',
    ]);
  });

  it('bad x87 operands: one line each (nasm refuses them all; for fild byte it says invalid combination)', () => {
    expect(errorsOf(lines(
      '    fld st1, st2',
      '    fld [eax]',
      '    fild byte [eax]',
      '    fsubp to st2',
      '    fnsave qword [eax]',
      '    fadd st0, eax',
      '    mov eax, st0',
      '    fldcw dword [eax]',
      '    fstp tword [eax+st1]',
    ))).toEqual([
      'bad.asm:1:5: invalid combination of opcode and operands',
      'bad.asm:2:5: operation size not specified',
      'bad.asm:3:5: mismatch in operand sizes',
      'bad.asm:4:5: invalid combination of opcode and operands',
      'bad.asm:5:5: mismatch in operand sizes',
      'bad.asm:6:5: invalid combination of opcode and operands',
      'bad.asm:7:5: invalid combination of opcode and operands',
      'bad.asm:8:5: mismatch in operand sizes',
      "bad.asm:9:10: register 'st1' cannot be used in an address",
    ]);
  });

  it('a prefix followed by something that is not an instruction', () => {
    expect(errorsOf(lines('    lock eax', '    rep'))).toEqual(["bad.asm:1:10: unknown mnemonic 'eax'"]);
  });

  it('bad operand combinations and sizes', () => {
    expect(errorsOf(lines(
      '    mov al, ebx',
      '    mov [eax], 5',
      '    movzx eax, [ebx]',
      '    push qword 5',
      '    add eax, ebx, ecx',
      '    lea eax, ebx',
      '    mov eax, ebx+1',
    ))).toEqual([
      'bad.asm:1:5: invalid combination of opcode and operands',
      'bad.asm:2:5: operation size not specified',
      'bad.asm:3:5: operation size not specified',
      'bad.asm:4:5: mismatch in operand sizes',
      'bad.asm:5:5: invalid combination of opcode and operands',
      'bad.asm:6:5: invalid combination of opcode and operands',
      'bad.asm:7:14: a register cannot be part of an expression outside [ ]',
    ]);
  });

  it('invalid effective addresses', () => {
    expect(errorsOf(lines(
      '    mov eax, [eax+ebx+ecx]',
      '    mov eax, [esp*2]',
      '    mov eax, [eax*3+ebx]',
      '    mov eax, [bx+cx]',
      '    mov eax, [ebx*2+ecx*2]',
      '    mov eax, [eax+si]',
      '    mov eax, [word eax]',
      '    a32 mov eax, [bx]',
    ))).toEqual([
      'bad.asm:1:14: invalid effective address: too many registers',
      'bad.asm:2:14: invalid effective address: ESP cannot be an index register',
      'bad.asm:3:14: invalid effective address: the scale must be 1, 2, 4 or 8',
      'bad.asm:4:14: invalid 16-bit effective address: BX or BP plus SI or DI, each once',
      'bad.asm:5:14: invalid effective address: two index registers',
      'bad.asm:6:14: impossible combination of address sizes',
      'bad.asm:7:14: impossible combination of address sizes',
      'bad.asm:8:18: impossible combination of address sizes',
    ]);
  });

  it('undefined label', () => {
    expect(errorsOf(lines('section .text', '    jmp nowhere', '    mov eax, [table + 4]'))).toEqual([
      "bad.asm:2:9: undefined symbol 'nowhere'",
      "bad.asm:3:15: undefined symbol 'table'",
    ]);
  });

  it('undefined local label names its scope', () => {
    expect(errorsOf(lines('first:', '    jmp .missing'))).toEqual(["bad.asm:2:9: undefined symbol 'first.missing'"]);
  });

  it('duplicate label', () => {
    expect(errorsOf(lines('x: nop', 'y: nop', 'x: ret', 'x equ 5'))).toEqual([
      "bad.asm:3:1: duplicate label 'x' (first defined at bad.asm:1)",
      "bad.asm:4:1: duplicate label 'x' (first defined at bad.asm:1)",
    ]);
  });

  it('short jump out of range', () => {
    expect(errorsOf(lines('start:', '    jmp short done', '    times 200 nop', 'done:', '    loop start'))).toEqual([
      'bad.asm:2:9: short jump out of range (target is 200 bytes away, reach is -128..127)',
      'bad.asm:5:10: short jump out of range (target is -204 bytes away, reach is -128..127)',
    ]);
  });

  it('unterminated string', () => {
    expect(errorsOf(lines('section .data', 'msg: db "hello, world', '    db `ok`, 0', "    db 'x"))).toEqual([
      'bad.asm:2:9: unterminated string',
      'bad.asm:4:8: unterminated string',
    ]);
  });

  it('expressions that do not resolve', () => {
    expect(errorsOf(lines(
      'a equ b + 1',
      'b equ a * 2',
      'section .text',
      'here:',
      '    dd here * 2',
      '    mov eax, 10 / (3 - 3)',
      '    times count nop',
      '    times -1 nop',
      '    mov eax, (1 + 2',
      '    dd data_label - here',
      'section .data',
      'data_label: db 0',
    ))).toEqual([
      "bad.asm:1:7: 'b' cannot be resolved: its definition depends on itself or on an undefined symbol",
      "bad.asm:2:7: 'a' cannot be resolved: its definition depends on itself or on an undefined symbol",
      'bad.asm:5:8: expression is neither a number nor an address plus a number',
      'bad.asm:6:17: division by zero',
      "bad.asm:7:11: undefined symbol 'count'",
      'bad.asm:8:11: TIMES count -1 is negative',
      "bad.asm:9:20: expected ')'",
      'bad.asm:10:8: expression is neither a number nor an address plus a number',
    ]);
  });

  it('error inside a macro expansion names the body line and the invocation', () => {
    const src = lines(
      '%macro load 2',
      '    mov %1, %2',
      '    mvo %1, %2',
      '%endmacro',
      '%macro outer 1',
      '    load eax, %1',
      '%endmacro',
      'section .text',
      '    load ebx, 1',
      '    outer 2',
    );
    expect(errorsOf(src)).toEqual([
      "bad.asm:3:5: unknown mnemonic 'mvo' (in macro invoked at bad.asm:9)",
      "bad.asm:3:5: unknown mnemonic 'mvo' (in macro invoked at bad.asm:6, bad.asm:10)",
    ]);
  });

  it('an undefined symbol passed to a macro is reported at the parameter', () => {
    expect(errorsOf(lines('%macro put 1', '    mov eax, %1', '%endmacro', '    put missing'))).toEqual([
      "bad.asm:2:14: undefined symbol 'missing' (in macro invoked at bad.asm:4)",
    ]);
  });

  it('preprocessor errors', () => {
    expect(errorsOf(lines(
      '%macro two 2',
      '    db %1, %2',
      '%endmacro',
      '    two 1',
      '%if UNDEFINED_THING',
      '%endif',
      '%bogus',
      '%else',
      '    db %1',
      '%error stop here',
      '%include "missing.inc"',
      '%if 1',
    ))).toEqual([
      "bad.asm:4:5: macro 'two' takes 2 parameters, not 1",
      "bad.asm:5:5: 'UNDEFINED_THING' is not defined (the preprocessor sees only %define and %assign, not labels)",
      "bad.asm:7:1: unknown preprocessor directive '%bogus'",
      "bad.asm:8:1: '%else' without '%if'",
      "bad.asm:9:8: '%1' used outside a macro",
      'bad.asm:10:1: stop here',
      "bad.asm:11:10: unable to open include file 'missing.inc'",
      "bad.asm:12:1: '%if' without '%endif'",
    ]);
  });

  it('errors in an included file name that file', () => {
    expect(errorsOf(lines('%include "lib/util.inc"', '    nop'), { 'lib/util.inc': lines('; util', '    bad_insn eax') })).toEqual([
      "lib/util.inc:2:5: unknown mnemonic 'bad_insn'",
    ]);
  });

  it('directives that cannot apply to a single-file executable', () => {
    expect(errorsOf(lines('extern printf', 'bits 64', 'org 0x100', 'section .tdata.x', 'global nothing', 'call printf'))).toEqual([
      'bad.asm:2:6: 64-bit code is not supported: an elf32 program is 32-bit (bits 32, or bits 16)',
      "bad.asm:3:1: 'org' is not valid in an ELF executable: sections are placed as ld places them",
      "bad.asm:4:9: section '.tdata.x' is one ld merges into .tdata, which ftvm does not do",
      "bad.asm:5:8: global symbol 'nothing' is not defined",
      "bad.asm:6:6: undefined symbol 'printf' (declared extern; no source given defines it)",
    ]);
  });

  it('sections ld would lay out otherwise than ftvm are refused', () => {
    expect(errorsOf(lines('section .text.hot', 'global _start', '_start: ret', 'section .rodata.str1.1 merge strings', 'section .data.rel.ro', 'section .bss.y'))).toEqual([
      "bad.asm:1:9: section '.text.hot' alone makes ld's .text, which would not be exec: give it the attribute 'exec'",
      "bad.asm:4:24: section attribute 'merge': ld would merge the section's identical constants, which ftvm does not do",
      "bad.asm:5:9: section '.data.rel.ro' is one ld places in its relro area (.data.rel.ro), which ftvm does not do",
      "bad.asm:6:9: section '.bss.y' is progbits, unlike the .bss ld merges it into: give it 'nobits'",
    ]);
  });

  it('smartalign names the alignment modes it knows', () => {
    expect(errorsOf(lines('%use smartalign', 'alignmode fast', 'section .text', '    nop', '    align 16'))).toEqual([
      '<%use smartalign>:25:5: unknown alignment mode fast (alignmode takes generic, nop, k7, k8, p6) (in macro invoked at bad.asm:2)',
    ]);
  });

  it('16-bit code NASM refuses is refused', () => {
    expect(errorsOf(lines('section .text', 'bits 16', '    mov ax, [bx+bp]', '    mov ax, [si*2]', '    jz dword far_away', '    jmp byte far [bx]', 'times 200 nop', 'far_away:'))).toEqual([
      'bad.asm:3:13: invalid 16-bit effective address: BX or BP plus SI or DI, each once',
      'bad.asm:4:13: invalid 16-bit effective address: BX or BP plus SI or DI, each once',
      'bad.asm:5:5: mismatch in operand sizes',
      'bad.asm:6:5: mismatch in operand sizes',
    ]);
  });

  it('reports every error of the file in one pass, in source order', () => {
    const errs = errorsOf(lines(
      'section .text',
      '_start:',
      '    mvo eax, 1',
      '    jmp short far_away',
      '    times 200 nop',
      'far_away:',
      '    mov eax, undefined_x',
      '_start: nop',
      '    db "abc',
      '    mov al, ebx',
    ));
    expect(errs).toEqual([
      "bad.asm:3:5: unknown mnemonic 'mvo'",
      'bad.asm:4:9: short jump out of range (target is 200 bytes away, reach is -128..127)',
      "bad.asm:7:14: undefined symbol 'undefined_x'",
      "bad.asm:8:1: duplicate label '_start' (first defined at bad.asm:2)",
      'bad.asm:9:8: unterminated string',
      'bad.asm:10:5: invalid combination of opcode and operands',
    ]);
  });

  it('an error repeated by %rep or a macro is reported once, with its count', () => {
    const src = lines('section .text', '%rep 100000', '    mov eax, undefined_thing', '    mvo eax, 1', '%endrep', '%rep 2000000', 'nop', '%endrep');
    expect(errorsOf(src)).toEqual([
      "bad.asm:3:14: undefined symbol 'undefined_thing' [100000 times]",
      "bad.asm:4:5: unknown mnemonic 'mvo' [100000 times]",
      "bad.asm:6:1: '%rep' count 2000000 is over the limit of 1000000",
    ]);
  });

  it('an expression nested thousands deep is one error', () => {
    expect(errorsOf(lines(`mov eax, ${'('.repeat(5000)}1${')'.repeat(5000)}`))).toEqual(['bad.asm:1:266: expression nested more than 256 deep']);
    expect(errorsOf(lines(`mov eax, ${'-'.repeat(5000)}1`))).toEqual(['bad.asm:1:265: expression nested more than 256 deep']);
    expect(errorsOf(lines('section .text', `dd 1${'+1'.repeat(100000)}`))).toEqual(['bad.asm:2:1: expression too long or nested too deep to evaluate']);
  });

  it('warnings do not stop assembly', () => {
    const r = assemble({ source: lines('section .text', '    mov byte [eax], 300', 'lonely', '    db ?'), fileName: 'w.asm' });
    expect(r.warnings).toEqual([
      'w.asm:2:21: warning: byte data exceeds bounds',
      "w.asm:3:1: warning: label 'lonely' alone on a line without a colon (is it a misspelt instruction?)",
      'w.asm: warning: cannot find entry symbol _start (a global label); defaulting to 08049000',
    ]);
    expect([...r.sections[0]!.bytes]).toEqual([0xc6, 0x00, 0x2c, 0x00]);
  });
});
