// The ISA table is well formed: every row parses, encodings and operand roles
// agree, condition codes are complete, and lookups return NASM's order.
import { describe, expect, it } from 'vitest';
import { CONDITION_CODES, FORMS, MNEMONICS, PREFIX_WORDS, REGISTERS, X87_FORMS, formsOf, lookupRegister } from '../../src/isa';
import { X86_MNEMONICS } from '../../src/isa/mnemonics';

describe('ISA table', () => {
  it('has the instruction groups the core executes', () => {
    for (const m of [
      'add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test', 'mov', 'movzx', 'movsx', 'lea', 'xchg', 'xadd',
      'cmpxchg', 'cmpxchg8b', 'push', 'pop', 'pusha', 'popa', 'pushf', 'popf', 'inc', 'dec', 'neg', 'not', 'mul',
      'imul', 'div', 'idiv', 'cbw', 'cwde', 'cwd', 'cdq', 'shl', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr', 'shld',
      'shrd', 'bt', 'bts', 'btr', 'btc', 'bsf', 'bsr', 'bswap', 'sete', 'cmovne', 'jmp', 'jz', 'call', 'ret', 'enter',
      'leave', 'loop', 'loope', 'loopne', 'jecxz', 'jcxz', 'movsb', 'cmpsd', 'stosw', 'lodsb', 'scasb', 'cld', 'std',
      'clc', 'stc', 'cmc', 'lahf', 'sahf', 'nop', 'hlt', 'int', 'cpuid', 'rdtsc', 'endbr32',
    ]) {
      expect(formsOf(m), m).toBeDefined();
    }
    expect(MNEMONICS.length).toBeGreaterThan(150);
  });

  it('has every x87 instruction NASM knows but FISTTP (SSE3), each for the x87 unit (D8-DF)', () => {
    const elsewhere = ['femms', 'fisttp', 'fxsave', 'fxsave64', 'fxrstor', 'fxrstor64']; // 3DNow!, SSE3, FXSR
    const x87 = [...X86_MNEMONICS].filter((m) => m.startsWith('f') && !elsewhere.includes(m));
    expect(x87.length).toBe(98);
    for (const m of x87) expect(formsOf(m), m).toBeDefined();
    expect(formsOf('fisttp')).toBeUndefined();
    for (const m of x87.filter((n) => n !== 'fwait')) {
      for (const f of formsOf(m)!) {
        expect(f.core.x87, m).toBe(true);
        expect(f.opcode[0]! >= 0xd8 && f.opcode[0]! <= 0xdf, m).toBe(true);
      }
    }
    expect(X87_FORMS.every((f) => FORMS.includes(f))).toBe(true);
  });

  it('expands every condition code name for jcc, setcc and cmovcc', () => {
    const ccs = new Set(CONDITION_CODES.map((c) => c.cc));
    expect(ccs.size).toBe(16);
    for (const { cc, names } of CONDITION_CODES) {
      for (const n of names) {
        const [short] = formsOf(`j${n}`)!;
        expect(short!.opcode).toEqual([0x70 + cc]);
        expect(formsOf(`set${n}`)![0]!.opcode).toEqual([0x0f, 0x90 + cc]);
        expect(formsOf(`cmov${n}`)!.map((f) => f.opcode)).toEqual([[0x0f, 0x40 + cc], [0x0f, 0x40 + cc]]);
      }
    }
    expect(formsOf('jz')![2]!.opcode).toEqual([0x0f, 0x84]);
  });

  it('gives every form an encoding consistent with its operand roles', () => {
    for (const f of FORMS) {
      const where = `${f.mnemonic} ${f.operands.map((o) => o.type).join(',')} [${f.encoding}]`;
      const roles = f.operands.map((o) => o.role).join('');
      expect(/^[rmxoija-]*$/.test(roles), where).toBe(true);
      // ModRM exactly when an operand lives in ModRM.rm
      expect(f.modrm !== null, where).toBe(roles.includes('m') || roles.includes('x'));
      if (f.modrm === 'r') expect(roles.includes('r') || roles.includes('x'), where).toBe(true);
      // +r exactly when an operand is encoded in the opcode
      expect(f.plusReg, where).toBe(roles.includes('o'));
      // one immediate field per i/j/a operand
      const fields = f.immediates.length;
      const immRoles = [...roles].filter((r) => r === 'i' || r === 'j' || r === 'a').length;
      expect(fields, where).toBe(immRoles);
      // the opsize prefix agrees with the operand sizes
      if (f.prefixes.includes(0x66)) expect(f.opsize, where).toBe(16);
      expect(f.opcode.length >= 1 && f.opcode.every((b) => b >= 0 && b <= 0xff), where).toBe(true);
    }
  });

  it('has no two identical rows', () => {
    const keys = FORMS.map((f) => `${f.mnemonic} ${f.operands.map((o) => o.type).join(',')} ${f.encoding} ${f.shortOnly} ${f.relax}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('orders the forms as NASM prefers them', () => {
    const add = formsOf('add')!.map((f) => f.operands.map((o) => o.type).join(','));
    // reg,reg is encoded 01 /r (first), not 03 /r; sign-extended imm8 before the accumulator form
    expect(add.indexOf('rm32,r32')).toBeLessThan(add.indexOf('r32,rm32'));
    expect(add.indexOf('rm32,sbyte32')).toBeLessThan(add.indexOf('eax,imm32'));
    expect(add.indexOf('eax,imm32')).toBeLessThan(add.indexOf('rm32,imm32'));
    const jmp = formsOf('jmp')!;
    expect([jmp[0]!.shortOnly, jmp[1]!.relax, jmp[2]!.immediates]).toEqual([true, true, ['rel32']]);
  });

  it('names the registers with their encodings', () => {
    expect(REGISTERS.size).toBe(70);
    expect(lookupRegister('ST3')).toMatchObject({ cls: 'fpu', num: 3, size: 80 });
    expect(lookupRegister('cr3')).toMatchObject({ cls: 'creg', num: 3 });
    expect(lookupRegister('EBP')).toMatchObject({ cls: 'r32', num: 5, size: 32 });
    expect(lookupRegister('bh')).toMatchObject({ cls: 'r8', num: 7 });
    expect(lookupRegister('gs')).toMatchObject({ cls: 'sreg', num: 5 });
    expect(lookupRegister('rax')).toBeUndefined();
  });

  it('knows the prefix bytes', () => {
    expect(PREFIX_WORDS.lock!.byte).toBe(0xf0);
    expect(PREFIX_WORDS.rep!.byte).toBe(0xf3);
    expect(PREFIX_WORDS.repne!.byte).toBe(0xf2);
    expect(PREFIX_WORDS.gs!.byte).toBe(0x65);
  });
});
