/**
 * The IA-32 instruction set ftvm executes, as one table: every mnemonic, every
 * operand form, its opcode bytes, its ModRM /digit and its operand size. The
 * assembler's encoder is driven by it and the tests generate their corpus
 * from it; nothing else lists instructions.
 *
 * Rows are in NASM's preference order (x86/insns.dat): for a given source line
 * the encoder takes the FIRST row whose operand types match, which is how NASM
 * chooses between two encodings of the same instruction (01 /r over 03 /r for
 * reg,reg; 83 /0 ib over 05 id when the immediate fits a signed byte; the short
 * jump when the target is in range).
 *
 * A row is [mnemonic, operand types, 'roles: encoding', flags].
 *
 * Operand types
 *   r8 r16 r32          general register (ModRM.reg, or +r in the opcode)
 *   rm8 rm16 rm32       register or memory operand of that size
 *   m8 m16 m32 m64 m    memory only; `m` is memory of any size (LEA)
 *   ...?                suffix: an unsized memory operand is taken as this size
 *                       (`jmp [eax]`, `setz [eax]`); without it NASM asks for a size
 *   imm8 imm16 imm32    immediate; when its size is the row's operand size it is
 *                       sized by the other operands ("size match"), otherwise it
 *                       is a fixed-width field (shift counts, ENTER, RET, INT)
 *   sbyte16 sbyte32     immediate stored as a byte and sign-extended to 16/32 bits:
 *                       matches only if the value fits (or the source says `byte`)
 *   one                 the constant 1 (the D0/D1 shift-by-one forms)
 *   rel8 rel16 rel32    branch target, encoded relative to the next instruction
 *                       (rel16: `jmp word x` in 32-bit code, a near branch in 16-bit code)
 *   moffs8/16/32        [address] with no base or index (MOV A0-A3)
 *   al ax eax cl        that register only (the accumulator short forms, shift by CL)
 *   sreg es cs ss ds fs gs   segment register(s)
 *   dx                  that register only (port I/O)
 *   creg dreg           a control / debug register (MOV 0F 20-23)
 *   ptr16 ptr32         a far address written selector:offset (EA, 9A)
 *   mfar                memory holding a far pointer, written `far [...]` (FF /3, FF /5)
 *
 * Roles, one letter per operand
 *   r ModRM.reg   m ModRM.rm   x both ModRM.reg and ModRM.rm (IMUL r, imm)
 *   o low three bits of the last opcode byte (+r)   i first immediate or branch
 *   j second immediate   a moffs address   - implied by the opcode
 *
 * Encoding
 *   o16          0x66 operand-size prefix (this is 32-bit code)
 *   o32          documents a 32-bit operand size; emits nothing
 *   a16 a32      0x67 address-size prefix / nothing (JCXZ / JECXZ)
 *   XX           an opcode byte in hex; XX+r adds the register of role `o`
 *   /r /0../7    ModRM, with reg = role `r` or the digit
 *   ib iw id     immediate of 1, 2 or 4 bytes; rel8 rel16 rel32 a branch displacement
 *   cd cp        a far address: offset of 2 (cd) or 4 (cp) bytes, then the selector word
 *   moffs        32-bit absolute address
 *
 * Flags
 *   sm     size match: an unsized memory or immediate operand takes the size of
 *          the sized operands (`mov [eax], ebx`); without it, it needs a size
 *   short  this rel8 form is used only when the source says `short`
 *   relax  this rel8 form is the one NASM's optimiser picks when the target is
 *          in the same section and within -128..127
 *   bareimm the immediates take no size keyword (NASM rejects `enter word 4, 0`)
 */

export type RawForm = readonly [mnemonic: string, operands: string, encoding: string, flags?: string];

/** Hex of one byte, as the table writes opcodes. */
function hx(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * ADD OR ADC SBB AND SUB XOR CMP share one layout: opcodes 8n+0..8n+5 and
 * the 80/81/83 group with ModRM digit n.
 */
function aluForms(mnemonic: string, n: number): RawForm[] {
  const b = n * 8;
  return [
    [mnemonic, 'rm8,r8', `mr: ${hx(b)} /r`, 'sm'],
    [mnemonic, 'rm16,r16', `mr: o16 ${hx(b + 1)} /r`, 'sm'],
    [mnemonic, 'rm32,r32', `mr: o32 ${hx(b + 1)} /r`, 'sm'],
    [mnemonic, 'r8,rm8', `rm: ${hx(b + 2)} /r`, 'sm'],
    [mnemonic, 'r16,rm16', `rm: o16 ${hx(b + 3)} /r`, 'sm'],
    [mnemonic, 'r32,rm32', `rm: o32 ${hx(b + 3)} /r`, 'sm'],
    [mnemonic, 'rm16,sbyte16', `mi: o16 83 /${n} ib`, 'sm'],
    [mnemonic, 'rm32,sbyte32', `mi: o32 83 /${n} ib`, 'sm'],
    [mnemonic, 'al,imm8', `-i: ${hx(b + 4)} ib`, 'sm'],
    [mnemonic, 'ax,imm16', `-i: o16 ${hx(b + 5)} iw`, 'sm'],
    [mnemonic, 'eax,imm32', `-i: o32 ${hx(b + 5)} id`, 'sm'],
    [mnemonic, 'rm8,imm8', `mi: 80 /${n} ib`, 'sm'],
    [mnemonic, 'rm16,imm16', `mi: o16 81 /${n} iw`, 'sm'],
    [mnemonic, 'rm32,imm32', `mi: o32 81 /${n} id`, 'sm'],
  ];
}

/** ROL ROR RCL RCR SHL/SAL SHR SAR: C0/C1 ib, D0/D1 (by one), D2/D3 (by CL), digit n. */
function shiftForms(mnemonic: string, n: number): RawForm[] {
  return [
    [mnemonic, 'rm8,one', `m-: D0 /${n}`],
    [mnemonic, 'rm8,cl', `m-: D2 /${n}`],
    [mnemonic, 'rm8,imm8', `mi: C0 /${n} ib`],
    [mnemonic, 'rm16,one', `m-: o16 D1 /${n}`],
    [mnemonic, 'rm16,cl', `m-: o16 D3 /${n}`],
    [mnemonic, 'rm16,imm8', `mi: o16 C1 /${n} ib`],
    [mnemonic, 'rm32,one', `m-: o32 D1 /${n}`],
    [mnemonic, 'rm32,cl', `m-: o32 D3 /${n}`],
    [mnemonic, 'rm32,imm8', `mi: o32 C1 /${n} ib`],
  ];
}

/** NOT NEG MUL IMUL DIV IDIV (one operand): F6 /n, F7 /n. */
function unaryGroup3(mnemonic: string, n: number): RawForm[] {
  return [
    [mnemonic, 'rm8', `m: F6 /${n}`],
    [mnemonic, 'rm16', `m: o16 F7 /${n}`],
    [mnemonic, 'rm32', `m: o32 F7 /${n}`],
  ];
}

/** BT BTS BTR BTC: 0F A3/AB/B3/BB /r and 0F BA /4../7 ib. */
function bitTestForms(mnemonic: string, opcode: number, n: number): RawForm[] {
  return [
    [mnemonic, 'rm16,r16', `mr: o16 0F ${hx(opcode)} /r`, 'sm'],
    [mnemonic, 'rm32,r32', `mr: o32 0F ${hx(opcode)} /r`, 'sm'],
    [mnemonic, 'rm16,imm8', `mi: o16 0F BA /${n} ib`],
    [mnemonic, 'rm32,imm8', `mi: o32 0F BA /${n} ib`],
  ];
}

/** The string instructions: byte form op, word/dword form op+1. */
function stringForms(stem: string, opcode: number): RawForm[] {
  return [
    [`${stem}b`, '', `: ${hx(opcode)}`],
    [`${stem}w`, '', `: o16 ${hx(opcode + 1)}`],
    [`${stem}d`, '', `: o32 ${hx(opcode + 1)}`],
  ];
}

/** A 16-bit and a 32-bit row from one template: `SZ` stands for 16, then 32 (`rSZ,m` / `oSZ C5 /r`). */
function wordAndDword(mnemonic: string, operands: string, encoding: string, flags?: string): RawForm[] {
  return ['16', '32'].map((sz): RawForm => {
    const row = [mnemonic, operands.replace(/SZ/g, sz), encoding.replace(/SZ/g, sz)] as const;
    return flags === undefined ? row : [...row, flags];
  });
}

/**
 * Rows with a condition code are written once with `cc` in the mnemonic and
 * `+cc` on the opcode; src/isa/index.ts expands them for every condition name.
 */
export const RAW_FORMS: readonly RawForm[] = [
  // ---- Arithmetic and logic ----------------------------------------------------
  ...aluForms('add', 0), // 00-05, 80/81/83 /0
  ...aluForms('or', 1), // 08-0D, /1
  ...aluForms('adc', 2), // 10-15, /2
  ...aluForms('sbb', 3), // 18-1D, /3
  ...aluForms('and', 4), // 20-25, /4
  ...aluForms('sub', 5), // 28-2D, /5
  ...aluForms('xor', 6), // 30-35, /6
  ...aluForms('cmp', 7), // 38-3D, /7

  // TEST: 84/85 /r (either operand order), A8/A9 accumulator, F6/F7 /0
  ['test', 'rm8,r8', 'mr: 84 /r', 'sm'],
  ['test', 'rm16,r16', 'mr: o16 85 /r', 'sm'],
  ['test', 'rm32,r32', 'mr: o32 85 /r', 'sm'],
  ['test', 'r8,m8', 'rm: 84 /r', 'sm'],
  ['test', 'r16,m16', 'rm: o16 85 /r', 'sm'],
  ['test', 'r32,m32', 'rm: o32 85 /r', 'sm'],
  ['test', 'al,imm8', '-i: A8 ib', 'sm'],
  ['test', 'ax,imm16', '-i: o16 A9 iw', 'sm'],
  ['test', 'eax,imm32', '-i: o32 A9 id', 'sm'],
  ['test', 'rm8,imm8', 'mi: F6 /0 ib', 'sm'],
  ['test', 'rm16,imm16', 'mi: o16 F7 /0 iw', 'sm'],
  ['test', 'rm32,imm32', 'mi: o32 F7 /0 id', 'sm'],

  // INC/DEC: 40+r/48+r for 16/32-bit registers, FE/FF /0 /1 otherwise
  ['inc', 'r16', 'o: o16 40+r'],
  ['inc', 'r32', 'o: o32 40+r'],
  ['inc', 'rm8', 'm: FE /0'],
  ['inc', 'rm16', 'm: o16 FF /0'],
  ['inc', 'rm32', 'm: o32 FF /0'],
  ['dec', 'r16', 'o: o16 48+r'],
  ['dec', 'r32', 'o: o32 48+r'],
  ['dec', 'rm8', 'm: FE /1'],
  ['dec', 'rm16', 'm: o16 FF /1'],
  ['dec', 'rm32', 'm: o32 FF /1'],

  ...unaryGroup3('not', 2), // F6/F7 /2
  ...unaryGroup3('neg', 3), // F6/F7 /3
  ...unaryGroup3('mul', 4), // F6/F7 /4
  ...unaryGroup3('imul', 5), // F6/F7 /5
  // IMUL two- and three-operand: 0F AF /r, 6B /r ib, 69 /r iw/id
  ['imul', 'r16,rm16', 'rm: o16 0F AF /r', 'sm'],
  ['imul', 'r32,rm32', 'rm: o32 0F AF /r', 'sm'],
  ['imul', 'r16,rm16,sbyte16', 'rmi: o16 6B /r ib', 'sm'],
  ['imul', 'r16,rm16,imm16', 'rmi: o16 69 /r iw', 'sm'],
  ['imul', 'r32,rm32,sbyte32', 'rmi: o32 6B /r ib', 'sm'],
  ['imul', 'r32,rm32,imm32', 'rmi: o32 69 /r id', 'sm'],
  ['imul', 'r16,sbyte16', 'xi: o16 6B /r ib', 'sm'],
  ['imul', 'r16,imm16', 'xi: o16 69 /r iw', 'sm'],
  ['imul', 'r32,sbyte32', 'xi: o32 6B /r ib', 'sm'],
  ['imul', 'r32,imm32', 'xi: o32 69 /r id', 'sm'],
  ...unaryGroup3('div', 6), // F6/F7 /6
  ...unaryGroup3('idiv', 7), // F6/F7 /7

  // Sign extension of the accumulator: 98, 99 (0x66 selects the 16-bit form)
  ['cbw', '', ': o16 98'],
  ['cwde', '', ': o32 98'],
  ['cwd', '', ': o16 99'],
  ['cdq', '', ': o32 99'],

  // ---- Shifts and rotates --------------------------------------------------------
  ...shiftForms('rol', 0),
  ...shiftForms('ror', 1),
  ...shiftForms('rcl', 2),
  ...shiftForms('rcr', 3),
  ...shiftForms('shl', 4),
  ...shiftForms('sal', 4), // NASM encodes SAL as SHL (/4), never /6
  ...shiftForms('shr', 5),
  ...shiftForms('sar', 7),
  // SHLD 0F A4 ib / 0F A5 (by CL); SHRD 0F AC / 0F AD
  ['shld', 'rm16,r16,imm8', 'mri: o16 0F A4 /r ib', 'sm bareimm'],
  ['shld', 'rm32,r32,imm8', 'mri: o32 0F A4 /r ib', 'sm bareimm'],
  ['shld', 'rm16,r16,cl', 'mr-: o16 0F A5 /r', 'sm'],
  ['shld', 'rm32,r32,cl', 'mr-: o32 0F A5 /r', 'sm'],
  ['shrd', 'rm16,r16,imm8', 'mri: o16 0F AC /r ib', 'sm bareimm'],
  ['shrd', 'rm32,r32,imm8', 'mri: o32 0F AC /r ib', 'sm bareimm'],
  ['shrd', 'rm16,r16,cl', 'mr-: o16 0F AD /r', 'sm'],
  ['shrd', 'rm32,r32,cl', 'mr-: o32 0F AD /r', 'sm'],

  // ---- Bit operations ------------------------------------------------------------
  ...bitTestForms('bt', 0xa3, 4),
  ...bitTestForms('bts', 0xab, 5),
  ...bitTestForms('btr', 0xb3, 6),
  ...bitTestForms('btc', 0xbb, 7),
  ['bsf', 'r16,rm16', 'rm: o16 0F BC /r', 'sm'],
  ['bsf', 'r32,rm32', 'rm: o32 0F BC /r', 'sm'],
  ['bsr', 'r16,rm16', 'rm: o16 0F BD /r', 'sm'],
  ['bsr', 'r32,rm32', 'rm: o32 0F BD /r', 'sm'],
  ['bswap', 'r32', 'o: o32 0F C8+r'],
  ['setcc', 'rm8?', 'm: 0F 90+cc /0'],
  ['cmovcc', 'r16,rm16', 'rm: o16 0F 40+cc /r', 'sm'],
  ['cmovcc', 'r32,rm32', 'rm: o32 0F 40+cc /r', 'sm'],

  // ---- Data movement -------------------------------------------------------------
  // MOV with a segment register: 8C (from), 8E (to); no 0x66 when the other side
  // is memory or a 32-bit register, and none when loading a segment register
  ['mov', 'm16?,sreg', 'mr: 8C /r'],
  ['mov', 'r16,sreg', 'mr: o16 8C /r'],
  ['mov', 'r32,sreg', 'mr: o32 8C /r'],
  ['mov', 'sreg,m16?', 'rm: 8E /r'],
  ['mov', 'sreg,r16', 'rm: 8E /r'],
  ['mov', 'sreg,r32', 'rm: 8E /r'],
  // MOV accumulator <-> absolute address: A0-A3
  ['mov', 'al,moffs8', '-a: A0 moffs', 'sm'],
  ['mov', 'ax,moffs16', '-a: o16 A1 moffs', 'sm'],
  ['mov', 'eax,moffs32', '-a: o32 A1 moffs', 'sm'],
  ['mov', 'moffs8,al', 'a-: A2 moffs', 'sm'],
  ['mov', 'moffs16,ax', 'a-: o16 A3 moffs', 'sm'],
  ['mov', 'moffs32,eax', 'a-: o32 A3 moffs', 'sm'],
  // MOV 88/89 (to r/m) before 8A/8B (from r/m)
  ['mov', 'rm8,r8', 'mr: 88 /r', 'sm'],
  ['mov', 'rm16,r16', 'mr: o16 89 /r', 'sm'],
  ['mov', 'rm32,r32', 'mr: o32 89 /r', 'sm'],
  ['mov', 'r8,rm8', 'rm: 8A /r', 'sm'],
  ['mov', 'r16,rm16', 'rm: o16 8B /r', 'sm'],
  ['mov', 'r32,rm32', 'rm: o32 8B /r', 'sm'],
  // MOV immediate: B0+r / B8+r to a register, C6/C7 /0 to memory
  ['mov', 'r8,imm8', 'oi: B0+r ib', 'sm'],
  ['mov', 'r16,imm16', 'oi: o16 B8+r iw', 'sm'],
  ['mov', 'r32,imm32', 'oi: o32 B8+r id', 'sm'],
  ['mov', 'rm8,imm8', 'mi: C6 /0 ib', 'sm'],
  ['mov', 'rm16,imm16', 'mi: o16 C7 /0 iw', 'sm'],
  ['mov', 'rm32,imm32', 'mi: o32 C7 /0 id', 'sm'],

  // MOVZX 0F B6/B7, MOVSX 0F BE/BF
  ['movzx', 'r16,rm8', 'rm: o16 0F B6 /r'],
  ['movzx', 'r32,rm8', 'rm: o32 0F B6 /r'],
  ['movzx', 'r32,rm16', 'rm: o32 0F B7 /r'],
  ['movsx', 'r16,rm8', 'rm: o16 0F BE /r'],
  ['movsx', 'r32,rm8', 'rm: o32 0F BE /r'],
  ['movsx', 'r32,rm16', 'rm: o32 0F BF /r'],

  // LEA 8D /r: the memory operand's size does not matter
  ['lea', 'r16,m', 'rm: o16 8D /r'],
  ['lea', 'r32,m', 'rm: o32 8D /r'],

  // XCHG: 90+r when one side is the accumulator, else 86/87 (register first)
  ['xchg', 'ax,r16', '-o: o16 90+r'],
  ['xchg', 'eax,r32', '-o: o32 90+r'],
  ['xchg', 'r16,ax', 'o-: o16 90+r'],
  ['xchg', 'r32,eax', 'o-: o32 90+r'],
  ['xchg', 'r8,rm8', 'rm: 86 /r', 'sm'],
  ['xchg', 'r16,rm16', 'rm: o16 87 /r', 'sm'],
  ['xchg', 'r32,rm32', 'rm: o32 87 /r', 'sm'],
  ['xchg', 'm8,r8', 'mr: 86 /r', 'sm'],
  ['xchg', 'm16,r16', 'mr: o16 87 /r', 'sm'],
  ['xchg', 'm32,r32', 'mr: o32 87 /r', 'sm'],

  // XADD 0F C0/C1, CMPXCHG 0F B0/B1, CMPXCHG8B 0F C7 /1 (usually with LOCK)
  ['xadd', 'rm8,r8', 'mr: 0F C0 /r', 'sm'],
  ['xadd', 'rm16,r16', 'mr: o16 0F C1 /r', 'sm'],
  ['xadd', 'rm32,r32', 'mr: o32 0F C1 /r', 'sm'],
  ['cmpxchg', 'rm8,r8', 'mr: 0F B0 /r', 'sm'],
  ['cmpxchg', 'rm16,r16', 'mr: o16 0F B1 /r', 'sm'],
  ['cmpxchg', 'rm32,r32', 'mr: o32 0F B1 /r', 'sm'],
  ['cmpxchg8b', 'm64?', 'm: 0F C7 /1'],

  // ---- Stack ---------------------------------------------------------------------
  // PUSH: 50+r, FF /6, segment registers, 6A ib (sign-extended) / 68 iw/id
  ['push', 'r16', 'o: o16 50+r'],
  ['push', 'r32', 'o: o32 50+r'],
  ['push', 'rm16', 'm: o16 FF /6'],
  ['push', 'rm32', 'm: o32 FF /6'],
  ['push', 'es', '-: 06'],
  ['push', 'cs', '-: 0E'],
  ['push', 'ss', '-: 16'],
  ['push', 'ds', '-: 1E'],
  ['push', 'fs', '-: 0F A0'],
  ['push', 'gs', '-: 0F A8'],
  ['push', 'sbyte16', 'i: o16 6A ib', 'sm'],
  ['push', 'imm16', 'i: o16 68 iw', 'sm'],
  ['push', 'sbyte32', 'i: o32 6A ib', 'sm'],
  ['push', 'imm32', 'i: o32 68 id', 'sm'],
  // POP: 58+r, 8F /0, segment registers
  ['pop', 'r16', 'o: o16 58+r'],
  ['pop', 'r32', 'o: o32 58+r'],
  ['pop', 'rm16', 'm: o16 8F /0'],
  ['pop', 'rm32', 'm: o32 8F /0'],
  ['pop', 'es', '-: 07'],
  ['pop', 'ss', '-: 17'],
  ['pop', 'ds', '-: 1F'],
  ['pop', 'fs', '-: 0F A1'],
  ['pop', 'gs', '-: 0F A9'],
  // PUSHA/POPA 60/61, PUSHF/POPF 9C/9D: the bare names take the 32-bit size
  ['pusha', '', ': 60'],
  ['pushad', '', ': o32 60'],
  ['pushaw', '', ': o16 60'],
  ['popa', '', ': 61'],
  ['popad', '', ': o32 61'],
  ['popaw', '', ': o16 61'],
  ['pushf', '', ': 9C'],
  ['pushfd', '', ': o32 9C'],
  ['pushfw', '', ': o16 9C'],
  ['popf', '', ': 9D'],
  ['popfd', '', ': o32 9D'],
  ['popfw', '', ': o16 9D'],
  // ENTER C8 iw ib, LEAVE C9
  ['enter', 'imm16,imm8', 'ij: C8 iw ib', 'bareimm'],
  ['leave', '', ': C9'],

  // ---- Control transfer ----------------------------------------------------------
  // JMP: EB rel8 (short, or relaxed when in range), E9 rel32, FF /4
  ['jmp', 'rel8', 'i: EB rel8', 'short'],
  ['jmp', 'rel8', 'i: EB rel8', 'relax'],
  ['jmp', 'rel32', 'i: E9 rel32'],
  ['jmp', 'rel16', 'i: o16 E9 rel16'],
  ['jmp', 'rm16', 'm: o16 FF /4'],
  ['jmp', 'rm32?', 'm: o32 FF /4'],
  // Jcc: 70+cc rel8, 0F 80+cc rel32
  ['jcc', 'rel8', 'i: 70+cc rel8', 'short'],
  ['jcc', 'rel8', 'i: 70+cc rel8', 'relax'],
  ['jcc', 'rel32', 'i: 0F 80+cc rel32'],
  // JCXZ/JECXZ E3 (the address size picks CX or ECX), LOOP E2, LOOPE E1, LOOPNE E0
  ['jcxz', 'rel8', 'i: a16 E3 rel8'],
  ['jecxz', 'rel8', 'i: a32 E3 rel8'],
  ['loop', 'rel8', 'i: E2 rel8'],
  ['loope', 'rel8', 'i: E1 rel8'],
  ['loopz', 'rel8', 'i: E1 rel8'],
  ['loopne', 'rel8', 'i: E0 rel8'],
  ['loopnz', 'rel8', 'i: E0 rel8'],
  // CALL E8 rel32, FF /2
  ['call', 'rel32', 'i: E8 rel32'],
  ['call', 'rel16', 'i: o16 E8 rel16'],
  ['call', 'rm16', 'm: o16 FF /2'],
  ['call', 'rm32?', 'm: o32 FF /2'],
  // RET C3 / C2 iw (RETN is the same instruction)
  ['ret', '', ': C3'],
  ['ret', 'imm16', 'i: C2 iw'],
  ['retn', '', ': C3'],
  ['retn', 'imm16', 'i: C2 iw'],
  // INT CD ib (int 0x80 is the Linux system call)
  ['int', 'imm8', 'i: CD ib'],

  // ---- String instructions (REP/REPE/REPNE are prefixes) ----------------------------
  ...stringForms('movs', 0xa4), // A4/A5
  ...stringForms('cmps', 0xa6), // A6/A7
  ...stringForms('stos', 0xaa), // AA/AB
  ...stringForms('lods', 0xac), // AC/AD
  ...stringForms('scas', 0xae), // AE/AF

  // ---- Flags -----------------------------------------------------------------------
  ['clc', '', ': F8'],
  ['stc', '', ': F9'],
  ['cmc', '', ': F5'],
  ['cld', '', ': FC'],
  ['std', '', ': FD'],
  ['lahf', '', ': 9F'],
  ['sahf', '', ': 9E'],

  // ---- Miscellaneous ---------------------------------------------------------------
  // NOP 90 and the multi-byte NOP 0F 1F /0
  ['nop', '', ': 90'],
  ['nop', 'rm16', 'm: o16 0F 1F /0'],
  ['nop', 'rm32', 'm: o32 0F 1F /0'],
  ['hlt', '', ': F4'],
  ['cpuid', '', ': 0F A2'],
  ['rdtsc', '', ': 0F 31'],
  ['endbr32', '', ': F3 0F 1E FB'],
  // UD2 0F 0B: the defined undefined instruction (the core raises SIGILL)
  ['ud2', '', ': 0F 0B'],

  // ---- System, I/O and legacy instructions ------------------------------------------
  // Valid in 32-bit code and assembled as NASM does; most fault in a user-mode program.
  ['int3', '', ': CC'],
  ['int1', '', ': F1'],
  ['icebp', '', ': F1'],
  ['into', '', ': CE'],
  ['salc', '', ': D6'],
  ['cli', '', ': FA'],
  ['sti', '', ': FB'],
  ['fwait', '', ': 9B'],
  ['iret', '', ': CF'],
  ['iretd', '', ': o32 CF'],
  ['iretw', '', ': o16 CF'],
  ['retf', '', ': CB'],
  ['retf', 'imm16', 'i: CA iw'],
  ['syscall', '', ': 0F 05'],
  ['sysret', '', ': 0F 07'],
  ['sysenter', '', ': 0F 34'],
  ['sysexit', '', ': 0F 35'],
  ['clts', '', ': 0F 06'],
  ['invd', '', ': 0F 08'],
  ['wbinvd', '', ': 0F 09'],
  ['wrmsr', '', ': 0F 30'],
  ['rdmsr', '', ': 0F 32'],
  ['rdpmc', '', ': 0F 33'],
  ['rsm', '', ': 0F AA'],
  ['rdtscp', '', ': 0F 01 F9'],
  ['xgetbv', '', ': 0F 01 D0'],
  ['monitor', '', ': 0F 01 C8'],
  ['mwait', '', ': 0F 01 C9'],
  ['lfence', '', ': 0F AE E8'],
  ['mfence', '', ': 0F AE F0'],
  ['sfence', '', ': 0F AE F8'],
  ['pause', '', ': F3 90'],
  ['xlatb', '', ': D7'],
  ['xlat', '', ': D7'],
  // BCD adjustments: 27 2F 37 3F, AAM D4 ib / AAD D5 ib (base 10 by default)
  ['daa', '', ': 27'],
  ['das', '', ': 2F'],
  ['aaa', '', ': 37'],
  ['aas', '', ': 3F'],
  ['aam', '', ': D4 0A'],
  ['aam', 'imm8', 'i: D4 ib'],
  ['aad', '', ': D5 0A'],
  ['aad', 'imm8', 'i: D5 ib'],
  // Port I/O: E4-E7 with a port number, EC-EF with DX; INS 6C/6D, OUTS 6E/6F
  ['in', 'al,imm8', '-i: E4 ib'],
  ['in', 'ax,imm8', '-i: o16 E5 ib'],
  ['in', 'eax,imm8', '-i: o32 E5 ib'],
  ['in', 'al,dx', '--: EC'],
  ['in', 'ax,dx', '--: o16 ED'],
  ['in', 'eax,dx', '--: o32 ED'],
  ['out', 'imm8,al', 'i-: E6 ib'],
  ['out', 'imm8,ax', 'i-: o16 E7 ib'],
  ['out', 'imm8,eax', 'i-: o32 E7 ib'],
  ['out', 'dx,al', '--: EE'],
  ['out', 'dx,ax', '--: o16 EF'],
  ['out', 'dx,eax', '--: o32 EF'],
  ['insb', '', ': 6C'],
  ['insw', '', ': o16 6D'],
  ['insd', '', ': o32 6D'],
  ['outsb', '', ': 6E'],
  ['outsw', '', ': o16 6F'],
  ['outsd', '', ': o32 6F'],
  // Far transfers: EA/9A with selector:offset, FF /5 and FF /3 through memory
  ['jmp', 'ptr32', 'i: o32 EA cp'],
  ['jmp', 'ptr16', 'i: o16 EA cd'],
  ['jmp', 'mfar', 'm: FF /5'],
  ['call', 'ptr32', 'i: o32 9A cp'],
  ['call', 'ptr16', 'i: o16 9A cd'],
  ['call', 'mfar', 'm: FF /3'],
  // MOV to and from control and debug registers: 0F 20-23, always register to register
  ['mov', 'r32,creg', 'mr: 0F 20 /r'],
  ['mov', 'creg,r32', 'rm: 0F 22 /r'],
  ['mov', 'r32,dreg', 'mr: 0F 21 /r'],
  ['mov', 'dreg,r32', 'rm: 0F 23 /r'],
  // Descriptor tables and tasks: 0F 00 /0-5, 0F 01 /0-7
  ['sldt', 'm16?', 'm: 0F 00 /0'],
  ['sldt', 'r16', 'm: o16 0F 00 /0'],
  ['sldt', 'r32', 'm: o32 0F 00 /0'],
  ['str', 'm16?', 'm: 0F 00 /1'],
  ['str', 'r16', 'm: o16 0F 00 /1'],
  ['str', 'r32', 'm: o32 0F 00 /1'],
  ['lldt', 'rm16?', 'm: 0F 00 /2'],
  ['ltr', 'rm16?', 'm: 0F 00 /3'],
  ['verr', 'rm16?', 'm: 0F 00 /4'],
  ['verw', 'rm16?', 'm: 0F 00 /5'],
  ['sgdt', 'm', 'm: 0F 01 /0'],
  ['sidt', 'm', 'm: 0F 01 /1'],
  ['lgdt', 'm', 'm: 0F 01 /2'],
  ['lidt', 'm', 'm: 0F 01 /3'],
  ['smsw', 'm16?', 'm: 0F 01 /4'],
  ['smsw', 'r16', 'm: o16 0F 01 /4'],
  ['smsw', 'r32', 'm: o32 0F 01 /4'],
  ['lmsw', 'rm16?', 'm: 0F 01 /6'],
  ['invlpg', 'm', 'm: 0F 01 /7'],
  ['lar', 'r16,m16?', 'rm: o16 0F 02 /r'],
  ['lar', 'r16,r16', 'rm: o16 0F 02 /r'],
  ['lar', 'r16,r32', 'rm: o16 0F 02 /r'],
  ['lar', 'r32,m16?', 'rm: o32 0F 02 /r'],
  ['lar', 'r32,r16', 'rm: o32 0F 02 /r'],
  ['lar', 'r32,r32', 'rm: o32 0F 02 /r'],
  ['lsl', 'r16,m16?', 'rm: o16 0F 03 /r'],
  ['lsl', 'r16,r16', 'rm: o16 0F 03 /r'],
  ['lsl', 'r16,r32', 'rm: o16 0F 03 /r'],
  ['lsl', 'r32,m16?', 'rm: o32 0F 03 /r'],
  ['lsl', 'r32,r16', 'rm: o32 0F 03 /r'],
  ['lsl', 'r32,r32', 'rm: o32 0F 03 /r'],
  ['arpl', 'rm16,r16', 'mr: 63 /r', 'sm'],
  // Far pointers from memory: LDS C5, LES C4, LSS/LFS/LGS 0F B2/B4/B5; BOUND 62
  ...wordAndDword('lds', 'rSZ,m', 'rm: oSZ C5 /r'),
  ...wordAndDword('les', 'rSZ,m', 'rm: oSZ C4 /r'),
  ...wordAndDword('lss', 'rSZ,m', 'rm: oSZ 0F B2 /r'),
  ...wordAndDword('lfs', 'rSZ,m', 'rm: oSZ 0F B4 /r'),
  ...wordAndDword('lgs', 'rSZ,m', 'rm: oSZ 0F B5 /r'),
  ...wordAndDword('bound', 'rSZ,m', 'rm: oSZ 62 /r'),
  // Cache control and later integer extensions
  ['clflush', 'm', 'm: 0F AE /7'],
  ['prefetchnta', 'm8?', 'm: 0F 18 /0'],
  ['prefetcht0', 'm8?', 'm: 0F 18 /1'],
  ['prefetcht1', 'm8?', 'm: 0F 18 /2'],
  ['prefetcht2', 'm8?', 'm: 0F 18 /3'],
  ...wordAndDword('popcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F B8 /r', 'sm'),
  ...wordAndDword('tzcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F BC /r', 'sm'),
  ...wordAndDword('lzcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F BD /r', 'sm'),
  ...wordAndDword('movbe', 'rSZ,mSZ', 'rm: oSZ 0F 38 F0 /r', 'sm'),
  ...wordAndDword('movbe', 'mSZ,rSZ', 'mr: oSZ 0F 38 F1 /r', 'sm'),
];

/**
 * Prefixes written as words before a mnemonic (`rep movsb`, `lock xadd ...`,
 * `fs mov eax, [0]`), with the byte each emits (none for the sizes that are this
 * code's own). NASM emits them in the order WAIT, REP-like (REP*, XACQUIRE,
 * XRELEASE, BND), LOCK, segment, 0x66, 0x67 whatever order the source uses.
 */
export const PREFIX_WORDS: Readonly<Record<string, { readonly byte: number | null; readonly group: 'wait' | 'rep' | 'lock' | 'seg' | 'osize' | 'asize' }>> = {
  lock: { byte: 0xf0, group: 'lock' },
  rep: { byte: 0xf3, group: 'rep' },
  repe: { byte: 0xf3, group: 'rep' },
  repz: { byte: 0xf3, group: 'rep' },
  repne: { byte: 0xf2, group: 'rep' },
  repnz: { byte: 0xf2, group: 'rep' },
  es: { byte: 0x26, group: 'seg' },
  cs: { byte: 0x2e, group: 'seg' },
  ss: { byte: 0x36, group: 'seg' },
  ds: { byte: 0x3e, group: 'seg' },
  fs: { byte: 0x64, group: 'seg' },
  gs: { byte: 0x65, group: 'seg' },
  o16: { byte: 0x66, group: 'osize' },
  a16: { byte: 0x67, group: 'asize' },
  // The 32-bit sizes are this code's own: they emit nothing.
  o32: { byte: null, group: 'osize' },
  a32: { byte: null, group: 'asize' },
  // WAIT before an instruction; the F2/F3 hints of lock elision (HLE) and MPX branches.
  wait: { byte: 0x9b, group: 'wait' },
  xacquire: { byte: 0xf2, group: 'rep' },
  xrelease: { byte: 0xf3, group: 'rep' },
  bnd: { byte: 0xf2, group: 'rep' },
};
