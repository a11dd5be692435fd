/**
 * The IA-32 instruction set ftvm executes, as one table: every mnemonic, every
 * operand form, its opcode bytes, its ModRM /digit and its operand size, and
 * what the core needs to know about it. The assembler's encoder and the
 * disassembler's decoder are driven by it, the tests generate their corpus
 * from it, and gen/core-tables.mjs turns it into the core's decode tables
 * (asm/cpu/opcodes.generated.ts: ModRM, immediate sizes, LOCK, block ends,
 * the decoded fast path's forms). The core's execute.ts/fast.ts hold the
 * semantics; what the bytes of an instruction are comes from here.
 *
 * Rows are in NASM's preference order (x86/insns.dat): for a given source line
 * the encoder takes the FIRST row whose operand types match, which is how NASM
 * chooses between two encodings of the same instruction (01 /r over 03 /r for
 * reg,reg; 83 /0 ib over 05 id when the immediate fits a signed byte; the short
 * jump when the target is in range).
 *
 * A row is [mnemonic, operand types, 'roles: encoding', flags, core].
 *
 * Operand types
 *   r8 r16 r32          general register (ModRM.reg, or +r in the opcode)
 *   rm8 rm16 rm32       register or memory operand of that size
 *   m8 m16 m32 m64 m80 m    memory only; `m` is memory of any size (LEA); m80 is `tword`
 *   m0                  memory written without a size (the x87 environment and state
 *                       images, whose size follows the operand size)
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
 *   st st0              an x87 register st0-st7 / st0 only
 *   tost                an x87 register written `to st(i)` (NASM: `fadd to st2` is DC C2)
 *   mmx xmm             an MMX / SSE register; xmm0 that register only (BLENDVPS's implied one)
 *   mmxrm64 xmmrmN      an MMX / SSE register or memory of N bits (xmmrm: any size); unsized
 *                       memory is taken as that size, as NASM does when one row fits
 *   m128                128-bit memory
 *
 * Roles, one letter per operand
 *   r ModRM.reg   m ModRM.rm   x both ModRM.reg and ModRM.rm (IMUL r, imm)
 *   o low three bits of the last opcode byte (+r)   i first immediate or branch
 *   j second immediate   a moffs address   - implied by the opcode
 *
 * Encoding
 *   o16          0x66 operand-size prefix (this is 32-bit code)
 *   wait         0x9B (WAIT) before every other prefix: FSTCW is `wait` + FNSTCW
 *   o32          documents a 32-bit operand size; emits nothing
 *   a16 a32      0x67 address-size prefix / nothing (JCXZ / JECXZ)
 *   XX           an opcode byte in hex; XX+r adds the register of role `o`
 *                (after /r: a constant byte that ends the instruction, `cmpeqps`'s predicate)
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
 *   nd     the disassembler never prints this form: a shorthand (NASM's bare `fadd`
 *          for `faddp st1`) whose bytes another row prints
 *   nohi   AH CH DH BH are refused (NASM: "instruction cannot use high registers")
 *   nosize memory is written without a size keyword (NASM's size-match rows of PSHUFD/PSHUFW
 *          refuse `oword [eax]`); a row with a size flag of NASM's keeps that size even where
 *          it is odd (NASM takes `psubq mm0, oword [eax]`, so mmxrm128)
 *
 * Core (what the core does with the form; the assembler ignores it)
 *   lock      LOCK is allowed (always with a memory operand: LOCK on a register
 *             form is #UD); the core raises #UD for LOCK on any opcode/digit no
 *             `lock` row names
 *   end       ends a basic block: a jump, call, return or loop, or an
 *             instruction that always stops the run (int, hlt, ud2, in/out…)
 *   fast      the decoded fast path (asm/cpu/dcache.ts, fast.ts) executes this
 *             form when it has no prefix (the one prefixed fast form is the
 *             NOP 66 90); `fast:reg` only with a register in ModRM.rm.
 *             Anything else goes through the full decoder.
 *   r:FLAGS   arithmetic/control flags read, w:FLAGS written, u:FLAGS those of
 *             the written ones the SDM leaves undefined (O D S Z A P C; `r:cc`
 *             is the flags the row's condition code tests)
 *   core      a form the core executes that the assembler does not offer (yet):
 *             kept out of the assembler's and disassembler's forms
 *   ud        the core answers it with #UD (SIGILL); the `core ud` rows are
 *             listed for their lengths (the 15-byte limit is checked before
 *             #UD). Implies end.
 *   x87       executed by the x87 unit: asm/cpu/x87.ts decodes D8-DF itself, so
 *             these rows stay out of the core's integer decode tables, which
 *             take from them only that D8-DF have a ModRM byte (their register
 *             forms are ModRM with mod = 3). The assembler and disassembler
 *             offer them; test/isa/core-walk.test.ts runs each on the core. A
 *             `wait` row is two instructions to the CPU: FWAIT, then the rest.
 *             The decoded fast path takes every x87 form without prefix
 *             (asm/cpu/dcache.ts caches the escapes whole; fast.ts offers
 *             them to the x87 unit's common-case path): no `fast` needed.
 *
 * Adding an instruction to the core: one row here (its encoding and core
 * fields), its semantics in one case of asm/cpu/execute.ts (or execute0f.ts),
 * then `npm run build` regenerates the core's tables. test/isa/core-walk.test.ts
 * runs every row on the core and checks length, LOCK, block end, flags and the
 * fast path against these fields; see the worked example there.
 */

export type RawForm = readonly [mnemonic: string, operands: string, encoding: string, flags?: string, core?: string];

/** Hex of one byte, as the table writes opcodes. */
function hx(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * ADD OR ADC SBB AND SUB XOR CMP share one layout: opcodes 8n+0..8n+5 and
 * the 80/81/83 group with ModRM digit n (82 is 80 again, for the core only).
 * All but CMP take LOCK when they write memory; ADC and SBB read CF; the
 * logic ops leave AF undefined.
 */
const ALU_FLAGS = ['w:OSZAPC', 'w:OSZAPC u:A', 'r:C w:OSZAPC', 'r:C w:OSZAPC', 'w:OSZAPC u:A', 'w:OSZAPC', 'w:OSZAPC u:A', 'w:OSZAPC'];
function aluForms(mnemonic: string, n: number): RawForm[] {
  const b = n * 8;
  const fl = ALU_FLAGS[n]!;
  const lock = n === 7 ? fl : `lock ${fl}`; // memory destination
  return [
    [mnemonic, 'rm8,r8', `mr: ${hx(b)} /r`, 'sm', `${lock} fast`],
    [mnemonic, 'rm16,r16', `mr: o16 ${hx(b + 1)} /r`, 'sm', lock],
    [mnemonic, 'rm32,r32', `mr: o32 ${hx(b + 1)} /r`, 'sm', `${lock} fast`],
    [mnemonic, 'r8,rm8', `rm: ${hx(b + 2)} /r`, 'sm', `${fl} fast`],
    [mnemonic, 'r16,rm16', `rm: o16 ${hx(b + 3)} /r`, 'sm', fl],
    [mnemonic, 'r32,rm32', `rm: o32 ${hx(b + 3)} /r`, 'sm', `${fl} fast`],
    [mnemonic, 'rm16,sbyte16', `mi: o16 83 /${n} ib`, 'sm', lock],
    [mnemonic, 'rm32,sbyte32', `mi: o32 83 /${n} ib`, 'sm', `${lock} fast`],
    [mnemonic, 'al,imm8', `-i: ${hx(b + 4)} ib`, 'sm', `${fl} fast`],
    [mnemonic, 'ax,imm16', `-i: o16 ${hx(b + 5)} iw`, 'sm', fl],
    [mnemonic, 'eax,imm32', `-i: o32 ${hx(b + 5)} id`, 'sm', `${fl} fast`],
    [mnemonic, 'rm8,imm8', `mi: 80 /${n} ib`, 'sm', `${lock} fast`],
    [mnemonic, 'rm16,imm16', `mi: o16 81 /${n} iw`, 'sm', lock],
    [mnemonic, 'rm32,imm32', `mi: o32 81 /${n} id`, 'sm', `${lock} fast`],
    [mnemonic, 'rm8,imm8', `mi: 82 /${n} ib`, 'sm', `core ${lock} fast`],
  ];
}

/**
 * ROL ROR RCL RCR SHL/SAL SHR SAR: C0/C1 ib, D0/D1 (by one), D2/D3 (by CL), digit n.
 * OF is defined for a count of one only; rotates touch only OF and CF; SHL and
 * SHR leave CF undefined for a count of the operand size or more.
 */
function shiftForms(mnemonic: string, n: number, only = ''): RawForm[] {
  const fl = `${only}${n < 2 ? 'w:OC u:O' : n < 4 ? 'r:C w:OC u:O' : n < 7 ? 'w:OSZAPC u:OAC' : 'w:OSZAPC u:OA'}`;
  return [
    [mnemonic, 'rm8,one', `m-: D0 /${n}`, '', `${fl} fast:reg`],
    [mnemonic, 'rm8,cl', `m-: D2 /${n}`, '', fl],
    [mnemonic, 'rm8,imm8', `mi: C0 /${n} ib`, '', `${fl} fast:reg`],
    [mnemonic, 'rm16,one', `m-: o16 D1 /${n}`, '', fl],
    [mnemonic, 'rm16,cl', `m-: o16 D3 /${n}`, '', fl],
    [mnemonic, 'rm16,imm8', `mi: o16 C1 /${n} ib`, '', fl],
    [mnemonic, 'rm32,one', `m-: o32 D1 /${n}`, '', `${fl} fast`],
    [mnemonic, 'rm32,cl', `m-: o32 D3 /${n}`, '', `${fl} fast`],
    [mnemonic, 'rm32,imm8', `mi: o32 C1 /${n} ib`, '', `${fl} fast`],
  ];
}

/** NOT NEG MUL IMUL DIV IDIV (one operand): F6 /n, F7 /n; `fast` says which 32-bit forms the fast path runs. */
function unaryGroup3(mnemonic: string, n: number, core: string, fast: string): RawForm[] {
  return [
    [mnemonic, 'rm8', `m: F6 /${n}`, '', core],
    [mnemonic, 'rm16', `m: o16 F7 /${n}`, '', core],
    [mnemonic, 'rm32', `m: o32 F7 /${n}`, '', `${core} ${fast}`],
  ];
}

/** BT BTS BTR BTC: 0F A3/AB/B3/BB /r and 0F BA /4../7 ib. Only CF is defined. */
function bitTestForms(mnemonic: string, opcode: number, n: number): RawForm[] {
  const core = n === 4 ? 'w:OSAPC u:OSAP' : 'lock w:OSAPC u:OSAP';
  return [
    [mnemonic, 'rm16,r16', `mr: o16 0F ${hx(opcode)} /r`, 'sm', core],
    [mnemonic, 'rm32,r32', `mr: o32 0F ${hx(opcode)} /r`, 'sm', core],
    [mnemonic, 'rm16,imm8', `mi: o16 0F BA /${n} ib`, '', core],
    [mnemonic, 'rm32,imm8', `mi: o32 0F BA /${n} ib`, '', core],
  ];
}

/** The string instructions: byte form op, word/dword form op+1. They read DF. */
function stringForms(stem: string, opcode: number, core: string, fast = false): RawForm[] {
  const f = fast ? `${core} fast` : core;
  return [
    [`${stem}b`, '', `: ${hx(opcode)}`, '', f],
    [`${stem}w`, '', `: o16 ${hx(opcode + 1)}`, '', core],
    [`${stem}d`, '', `: o32 ${hx(opcode + 1)}`, '', f],
  ];
}

/** A 16-bit and a 32-bit row from one template: `SZ` stands for 16, then 32 (`rSZ,m` / `oSZ C5 /r`). */
function wordAndDword(mnemonic: string, operands: string, encoding: string, flags = '', core = ''): RawForm[] {
  return ['16', '32'].map((sz): RawForm => [mnemonic, operands.replace(/SZ/g, sz), encoding.replace(/SZ/g, sz), flags, core]);
}

/**
 * x87 register operands (D8-DF C0-FF, the register in the low three bits of
 * the second byte): `op st(i)`, `op st0, st(i)` and the bare `op`, which NASM
 * reads as `op st1` (never printed: `nd`). FXCH also takes `st(i), st0`.
 */
function x87Registers(mnemonic: string, opcode: string, core: string, either = false): RawForm[] {
  const [escape, base] = opcode.split(' ');
  const plus = `${escape} ${base}+r`;
  return [
    [mnemonic, 'st', `o: ${plus}`, '', core],
    ...(either ? [[mnemonic, 'st,st0', `o-: ${plus}`, '', core] as RawForm] : []),
    [mnemonic, 'st0,st', `-o: ${plus}`, '', core],
    [mnemonic, '', `: ${escape} ${hx(parseInt(base!, 16) + 1)}`, 'nd', core],
  ];
}

/** FCOM FCOMP: D8 /n m32, DC /n m64, and st(i). */
function x87Compare(mnemonic: string, n: number): RawForm[] {
  return [
    [mnemonic, 'm32', `m: D8 /${n}`, '', 'x87'],
    [mnemonic, 'm64', `m: DC /${n}`, '', 'x87'],
    ...x87Registers(mnemonic, `D8 ${hx(0xc0 + 8 * n)}`, 'x87'),
  ];
}

/**
 * FADD FMUL FSUB FSUBR FDIV FDIVR, operation n: D8 /n m32, DC /n m64; st0 op=
 * st(i) is D8 C0+8n+i; st(i) op= st0 is DC, where the CPU swaps SUB/SUBR and
 * DIV/DIVR (n ^ 1 from 4 on); `to st(i)` is NASM's way to write that one. The
 * bare form is the popping one with st1. NASM lists `st(i), st0` before
 * `st(i)` for FMUL, FSUB, FSUBR and FDIVR (no source line depends on it).
 */
function x87Arith(mnemonic: string, n: number): RawForm[] {
  const toDigit = n < 4 ? n : n ^ 1;
  const st = `D8 ${hx(0xc0 + 8 * n)}+r`;
  const to = `DC ${hx(0xc0 + 8 * toDigit)}+r`;
  const regForms: RawForm[] = [[mnemonic, 'st', `o: ${st}`, '', 'x87'], [mnemonic, 'st,st0', `o-: ${to}`, '', 'x87']];
  if (n === 1 || n === 4 || n === 5 || n === 7) regForms.reverse();
  return [
    [mnemonic, 'm32', `m: D8 /${n}`, '', 'x87'],
    [mnemonic, 'm64', `m: DC /${n}`, '', 'x87'],
    [mnemonic, 'tost', `o: ${to}`, '', 'x87'],
    ...regForms,
    [mnemonic, 'st0,st', `-o: ${st}`, '', 'x87'],
    [mnemonic, '', `: DE ${hx(0xc1 + 8 * toDigit)}`, 'nd', 'x87'],
  ];
}

/** FADDP FMULP FSUBP FSUBRP FDIVP FDIVRP: DE C0+8n+i (n ^ 1 from 4 on, as DC), st(i) op= st0 then pop. */
function x87Pop(mnemonic: string, n: number): RawForm[] {
  const digit = n < 4 ? n : n ^ 1;
  const pop = `DE ${hx(0xc0 + 8 * digit)}+r`;
  return [
    [mnemonic, 'st', `o: ${pop}`, '', 'x87'],
    [mnemonic, 'st,st0', `o-: ${pop}`, '', 'x87'],
    [mnemonic, '', `: DE ${hx(0xc1 + 8 * digit)}`, 'nd', 'x87'],
  ];
}

/** FIADD FIMUL FICOM FICOMP FISUB FISUBR FIDIV FIDIVR: DA /n m32int, DE /n m16int. */
function x87IntegerArith(mnemonic: string, n: number): RawForm[] {
  return [
    [mnemonic, 'm32', `m: DA /${n}`, '', 'x87'],
    [mnemonic, 'm16', `m: DE /${n}`, '', 'x87'],
  ];
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
  ['test', 'rm8,r8', 'mr: 84 /r', 'sm', 'w:OSZAPC u:A fast:reg'],
  ['test', 'rm16,r16', 'mr: o16 85 /r', 'sm', 'w:OSZAPC u:A'],
  ['test', 'rm32,r32', 'mr: o32 85 /r', 'sm', 'w:OSZAPC u:A fast'],
  ['test', 'r8,m8', 'rm: 84 /r', 'sm', 'w:OSZAPC u:A'],
  ['test', 'r16,m16', 'rm: o16 85 /r', 'sm', 'w:OSZAPC u:A'],
  ['test', 'r32,m32', 'rm: o32 85 /r', 'sm', 'w:OSZAPC u:A fast'],
  ['test', 'al,imm8', '-i: A8 ib', 'sm', 'w:OSZAPC u:A fast'],
  ['test', 'ax,imm16', '-i: o16 A9 iw', 'sm', 'w:OSZAPC u:A'],
  ['test', 'eax,imm32', '-i: o32 A9 id', 'sm', 'w:OSZAPC u:A fast'],
  ['test', 'rm8,imm8', 'mi: F6 /0 ib', 'sm', 'w:OSZAPC u:A fast'],
  ['test', 'rm16,imm16', 'mi: o16 F7 /0 iw', 'sm', 'w:OSZAPC u:A'],
  ['test', 'rm32,imm32', 'mi: o32 F7 /0 id', 'sm', 'w:OSZAPC u:A fast'],

  // INC/DEC: 40+r/48+r for 16/32-bit registers, FE/FF /0 /1 otherwise
  ['inc', 'r16', 'o: o16 40+r', '', 'w:OSZAP'],
  ['inc', 'r32', 'o: o32 40+r', '', 'w:OSZAP fast'],
  ['inc', 'rm8', 'm: FE /0', '', 'lock w:OSZAP'],
  ['inc', 'rm16', 'm: o16 FF /0', '', 'lock w:OSZAP'],
  ['inc', 'rm32', 'm: o32 FF /0', '', 'lock w:OSZAP fast'],
  ['dec', 'r16', 'o: o16 48+r', '', 'w:OSZAP'],
  ['dec', 'r32', 'o: o32 48+r', '', 'w:OSZAP fast'],
  ['dec', 'rm8', 'm: FE /1', '', 'lock w:OSZAP'],
  ['dec', 'rm16', 'm: o16 FF /1', '', 'lock w:OSZAP'],
  ['dec', 'rm32', 'm: o32 FF /1', '', 'lock w:OSZAP fast'],

  ...unaryGroup3('not', 2, 'lock', 'fast:reg'), // F6/F7 /2
  ...unaryGroup3('neg', 3, 'lock w:OSZAPC', 'fast:reg'), // F6/F7 /3
  ...unaryGroup3('mul', 4, 'w:OSZAPC u:SZAP', 'fast'), // F6/F7 /4
  ...unaryGroup3('imul', 5, 'w:OSZAPC u:SZAP', 'fast'), // F6/F7 /5
  // IMUL two- and three-operand: 0F AF /r, 6B /r ib, 69 /r iw/id
  ['imul', 'r16,rm16', 'rm: o16 0F AF /r', 'sm', 'w:OSZAPC u:SZAP'],
  ['imul', 'r32,rm32', 'rm: o32 0F AF /r', 'sm', 'w:OSZAPC u:SZAP fast'],
  ['imul', 'r16,rm16,sbyte16', 'rmi: o16 6B /r ib', 'sm', 'w:OSZAPC u:SZAP'],
  ['imul', 'r16,rm16,imm16', 'rmi: o16 69 /r iw', 'sm', 'w:OSZAPC u:SZAP'],
  ['imul', 'r32,rm32,sbyte32', 'rmi: o32 6B /r ib', 'sm', 'w:OSZAPC u:SZAP fast'],
  ['imul', 'r32,rm32,imm32', 'rmi: o32 69 /r id', 'sm', 'w:OSZAPC u:SZAP fast'],
  ['imul', 'r16,sbyte16', 'xi: o16 6B /r ib', 'sm', 'w:OSZAPC u:SZAP'],
  ['imul', 'r16,imm16', 'xi: o16 69 /r iw', 'sm', 'w:OSZAPC u:SZAP'],
  ['imul', 'r32,sbyte32', 'xi: o32 6B /r ib', 'sm', 'w:OSZAPC u:SZAP fast'],
  ['imul', 'r32,imm32', 'xi: o32 69 /r id', 'sm', 'w:OSZAPC u:SZAP fast'],
  ...unaryGroup3('div', 6, 'w:OSZAPC u:OSZAPC', 'fast'), // F6/F7 /6
  ...unaryGroup3('idiv', 7, 'w:OSZAPC u:OSZAPC', 'fast'), // F6/F7 /7

  // Sign extension of the accumulator: 98, 99 (0x66 selects the 16-bit form)
  ['cbw', '', ': o16 98'],
  ['cwde', '', ': o32 98', '', 'fast'],
  ['cwd', '', ': o16 99'],
  ['cdq', '', ': o32 99', '', 'fast'],

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
  ['shld', 'rm16,r16,imm8', 'mri: o16 0F A4 /r ib', 'sm bareimm', 'w:OSZAPC u:OA'],
  ['shld', 'rm32,r32,imm8', 'mri: o32 0F A4 /r ib', 'sm bareimm', 'w:OSZAPC u:OA'],
  ['shld', 'rm16,r16,cl', 'mr-: o16 0F A5 /r', 'sm', 'w:OSZAPC u:OA'],
  ['shld', 'rm32,r32,cl', 'mr-: o32 0F A5 /r', 'sm', 'w:OSZAPC u:OA'],
  ['shrd', 'rm16,r16,imm8', 'mri: o16 0F AC /r ib', 'sm bareimm', 'w:OSZAPC u:OA'],
  ['shrd', 'rm32,r32,imm8', 'mri: o32 0F AC /r ib', 'sm bareimm', 'w:OSZAPC u:OA'],
  ['shrd', 'rm16,r16,cl', 'mr-: o16 0F AD /r', 'sm', 'w:OSZAPC u:OA'],
  ['shrd', 'rm32,r32,cl', 'mr-: o32 0F AD /r', 'sm', 'w:OSZAPC u:OA'],

  // ---- Bit operations ------------------------------------------------------------
  ...bitTestForms('bt', 0xa3, 4),
  ...bitTestForms('bts', 0xab, 5),
  ...bitTestForms('btr', 0xb3, 6),
  ...bitTestForms('btc', 0xbb, 7),
  ['bsf', 'r16,rm16', 'rm: o16 0F BC /r', 'sm', 'w:OSZAPC u:OSAPC'],
  ['bsf', 'r32,rm32', 'rm: o32 0F BC /r', 'sm', 'w:OSZAPC u:OSAPC'],
  ['bsr', 'r16,rm16', 'rm: o16 0F BD /r', 'sm', 'w:OSZAPC u:OSAPC'],
  ['bsr', 'r32,rm32', 'rm: o32 0F BD /r', 'sm', 'w:OSZAPC u:OSAPC'],
  ['bswap', 'r32', 'o: o32 0F C8+r'],
  ['setcc', 'rm8?', 'm: 0F 90+cc /0', '', 'r:cc fast'],
  ['cmovcc', 'r16,rm16', 'rm: o16 0F 40+cc /r', 'sm', 'r:cc'],
  ['cmovcc', 'r32,rm32', 'rm: o32 0F 40+cc /r', 'sm', 'r:cc fast'],

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
  ['mov', 'al,moffs8', '-a: A0 moffs', 'sm', 'fast'],
  ['mov', 'ax,moffs16', '-a: o16 A1 moffs', 'sm'],
  ['mov', 'eax,moffs32', '-a: o32 A1 moffs', 'sm', 'fast'],
  ['mov', 'moffs8,al', 'a-: A2 moffs', 'sm', 'fast'],
  ['mov', 'moffs16,ax', 'a-: o16 A3 moffs', 'sm'],
  ['mov', 'moffs32,eax', 'a-: o32 A3 moffs', 'sm', 'fast'],
  // MOV 88/89 (to r/m) before 8A/8B (from r/m)
  ['mov', 'rm8,r8', 'mr: 88 /r', 'sm', 'fast'],
  ['mov', 'rm16,r16', 'mr: o16 89 /r', 'sm'],
  ['mov', 'rm32,r32', 'mr: o32 89 /r', 'sm', 'fast'],
  ['mov', 'r8,rm8', 'rm: 8A /r', 'sm', 'fast'],
  ['mov', 'r16,rm16', 'rm: o16 8B /r', 'sm'],
  ['mov', 'r32,rm32', 'rm: o32 8B /r', 'sm', 'fast'],
  // MOV immediate: B0+r / B8+r to a register, C6/C7 /0 to memory
  ['mov', 'r8,imm8', 'oi: B0+r ib', 'sm', 'fast'],
  ['mov', 'r16,imm16', 'oi: o16 B8+r iw', 'sm'],
  ['mov', 'r32,imm32', 'oi: o32 B8+r id', 'sm', 'fast'],
  ['mov', 'rm8,imm8', 'mi: C6 /0 ib', 'sm', 'fast'],
  ['mov', 'rm16,imm16', 'mi: o16 C7 /0 iw', 'sm'],
  ['mov', 'rm32,imm32', 'mi: o32 C7 /0 id', 'sm', 'fast'],

  // MOVZX 0F B6/B7, MOVSX 0F BE/BF
  ['movzx', 'r16,rm8', 'rm: o16 0F B6 /r'],
  ['movzx', 'r32,rm8', 'rm: o32 0F B6 /r', '', 'fast'],
  ['movzx', 'r32,rm16', 'rm: o32 0F B7 /r', '', 'fast'],
  ['movsx', 'r16,rm8', 'rm: o16 0F BE /r'],
  ['movsx', 'r32,rm8', 'rm: o32 0F BE /r', '', 'fast'],
  ['movsx', 'r32,rm16', 'rm: o32 0F BF /r', '', 'fast'],

  // LEA 8D /r: the memory operand's size does not matter
  ['lea', 'r16,m', 'rm: o16 8D /r'],
  ['lea', 'r32,m', 'rm: o32 8D /r', '', 'fast'],

  // XCHG: 90+r when one side is the accumulator, else 86/87 (register first)
  ['xchg', 'ax,r16', '-o: o16 90+r'],
  ['xchg', 'eax,r32', '-o: o32 90+r'],
  ['xchg', 'r16,ax', 'o-: o16 90+r'],
  ['xchg', 'r32,eax', 'o-: o32 90+r'],
  ['xchg', 'r8,rm8', 'rm: 86 /r', 'sm', 'lock'],
  ['xchg', 'r16,rm16', 'rm: o16 87 /r', 'sm', 'lock'],
  ['xchg', 'r32,rm32', 'rm: o32 87 /r', 'sm', 'lock'],
  ['xchg', 'm8,r8', 'mr: 86 /r', 'sm', 'lock'],
  ['xchg', 'm16,r16', 'mr: o16 87 /r', 'sm', 'lock'],
  ['xchg', 'm32,r32', 'mr: o32 87 /r', 'sm', 'lock'],

  // XADD 0F C0/C1, CMPXCHG 0F B0/B1, CMPXCHG8B 0F C7 /1 (usually with LOCK)
  ['xadd', 'rm8,r8', 'mr: 0F C0 /r', 'sm', 'lock w:OSZAPC'],
  ['xadd', 'rm16,r16', 'mr: o16 0F C1 /r', 'sm', 'lock w:OSZAPC'],
  ['xadd', 'rm32,r32', 'mr: o32 0F C1 /r', 'sm', 'lock w:OSZAPC'],
  ['cmpxchg', 'rm8,r8', 'mr: 0F B0 /r', 'sm', 'lock w:OSZAPC'],
  ['cmpxchg', 'rm16,r16', 'mr: o16 0F B1 /r', 'sm', 'lock w:OSZAPC'],
  ['cmpxchg', 'rm32,r32', 'mr: o32 0F B1 /r', 'sm', 'lock w:OSZAPC'],
  ['cmpxchg8b', 'm64?', 'm: 0F C7 /1', '', 'lock w:Z'],

  // ---- Stack ---------------------------------------------------------------------
  // PUSH: 50+r, FF /6, segment registers, 6A ib (sign-extended) / 68 iw/id
  ['push', 'r16', 'o: o16 50+r'],
  ['push', 'r32', 'o: o32 50+r', '', 'fast'],
  ['push', 'rm16', 'm: o16 FF /6'],
  ['push', 'rm32', 'm: o32 FF /6', '', 'fast'],
  ['push', 'es', '-: 06'],
  ['push', 'cs', '-: 0E'],
  ['push', 'ss', '-: 16'],
  ['push', 'ds', '-: 1E'],
  ['push', 'fs', '-: 0F A0'],
  ['push', 'gs', '-: 0F A8'],
  ['push', 'sbyte16', 'i: o16 6A ib', 'sm'],
  ['push', 'imm16', 'i: o16 68 iw', 'sm'],
  ['push', 'sbyte32', 'i: o32 6A ib', 'sm', 'fast'],
  ['push', 'imm32', 'i: o32 68 id', 'sm', 'fast'],
  // POP: 58+r, 8F /0, segment registers
  ['pop', 'r16', 'o: o16 58+r'],
  ['pop', 'r32', 'o: o32 58+r', '', 'fast'],
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
  ['pushf', '', ': 9C', '', 'r:ODSZAPC'],
  ['pushfd', '', ': o32 9C', '', 'r:ODSZAPC'],
  ['pushfw', '', ': o16 9C', '', 'r:ODSZAPC'],
  ['popf', '', ': 9D', '', 'w:ODSZAPC'],
  ['popfd', '', ': o32 9D', '', 'w:ODSZAPC'],
  ['popfw', '', ': o16 9D', '', 'w:ODSZAPC'],
  // ENTER C8 iw ib, LEAVE C9
  ['enter', 'imm16,imm8', 'ij: C8 iw ib', 'bareimm'],
  ['leave', '', ': C9', '', 'fast'],

  // ---- Control transfer ----------------------------------------------------------
  // JMP: EB rel8 (short, or relaxed when in range), E9 rel32, FF /4
  ['jmp', 'rel8', 'i: EB rel8', 'short', 'end fast'],
  ['jmp', 'rel8', 'i: EB rel8', 'relax', 'end fast'],
  ['jmp', 'rel32', 'i: E9 rel32', '', 'end fast'],
  ['jmp', 'rel16', 'i: o16 E9 rel16', '', 'asm'],
  ['jmp', 'rm16', 'm: o16 FF /4', '', 'end'],
  ['jmp', 'rm32?', 'm: o32 FF /4', '', 'end fast'],
  // Jcc: 70+cc rel8, 0F 80+cc rel32
  ['jcc', 'rel8', 'i: 70+cc rel8', 'short', 'r:cc end fast'],
  ['jcc', 'rel8', 'i: 70+cc rel8', 'relax', 'r:cc end fast'],
  ['jcc', 'rel32', 'i: 0F 80+cc rel32', '', 'r:cc end fast'],
  // JCXZ/JECXZ E3 (the address size picks CX or ECX), LOOP E2, LOOPE E1, LOOPNE E0
  ['jcxz', 'rel8', 'i: a16 E3 rel8', '', 'end'],
  ['jecxz', 'rel8', 'i: a32 E3 rel8', '', 'end'],
  ['loop', 'rel8', 'i: E2 rel8', '', 'end fast'],
  ['loope', 'rel8', 'i: E1 rel8', '', 'r:Z end'],
  ['loopz', 'rel8', 'i: E1 rel8', '', 'r:Z end'],
  ['loopne', 'rel8', 'i: E0 rel8', '', 'r:Z end'],
  ['loopnz', 'rel8', 'i: E0 rel8', '', 'r:Z end'],
  // CALL E8 rel32, FF /2
  ['call', 'rel32', 'i: E8 rel32', '', 'end fast'],
  ['call', 'rel16', 'i: o16 E8 rel16', '', 'asm'],
  ['call', 'rm16', 'm: o16 FF /2', '', 'end'],
  ['call', 'rm32?', 'm: o32 FF /2', '', 'end fast'],
  // RET C3 / C2 iw (RETN is the same instruction)
  ['ret', '', ': C3', '', 'end fast'],
  ['ret', 'imm16', 'i: C2 iw', '', 'end fast'],
  ['retn', '', ': C3', '', 'end fast'],
  ['retn', 'imm16', 'i: C2 iw', '', 'end fast'],
  // INT CD ib (int 0x80 is the Linux system call)
  ['int', 'imm8', 'i: CD ib', '', 'end'],

  // ---- String instructions (REP/REPE/REPNE are prefixes) ----------------------------
  ...stringForms('movs', 0xa4, 'r:D'), // A4/A5
  ...stringForms('cmps', 0xa6, 'r:D w:OSZAPC'), // A6/A7
  ...stringForms('stos', 0xaa, 'r:D', true), // AA/AB
  ...stringForms('lods', 0xac, 'r:D', true), // AC/AD
  ...stringForms('scas', 0xae, 'r:D w:OSZAPC'), // AE/AF

  // ---- Flags -----------------------------------------------------------------------
  ['clc', '', ': F8', '', 'w:C'],
  ['stc', '', ': F9', '', 'w:C'],
  ['cmc', '', ': F5', '', 'r:C w:C'],
  ['cld', '', ': FC', '', 'w:D'],
  ['std', '', ': FD', '', 'w:D'],
  ['lahf', '', ': 9F', '', 'r:SZAPC'],
  ['sahf', '', ': 9E', '', 'w:SZAPC'],

  // ---- Miscellaneous ---------------------------------------------------------------
  // NOP 90, 66 90 (XCHG AX,AX: the two-byte NOP gcc pads loop heads with; the
  // one prefixed form on the fast path) and the multi-byte NOP 0F 1F /0
  ['nop', '', ': 90', '', 'fast'],
  ['nop', '', ': o16 90', '', 'core fast'],
  ['nop', 'rm16', 'm: o16 0F 1F /0'],
  ['nop', 'rm32', 'm: o32 0F 1F /0'],
  ['hlt', '', ': F4', '', 'end'],
  ['cpuid', '', ': 0F A2'],
  ['rdtsc', '', ': 0F 31'],
  ['endbr32', '', ': F3 0F 1E FB'],
  // UD2 0F 0B: the defined undefined instruction (the core raises SIGILL)
  ['ud2', '', ': 0F 0B', '', 'ud'],

  // ---- Executed by the core, not offered by the assembler (yet) --------------------
  // TEST's undocumented F6/F7 /1 alias (82, GRP1's alias of 80, is in aluForms)
  ['test', 'rm8,imm8', 'mi: F6 /1 ib', 'sm', 'core w:OSZAPC u:A fast'],
  ['test', 'rm16,imm16', 'mi: o16 F7 /1 iw', 'sm', 'core w:OSZAPC u:A'],
  ['test', 'rm32,imm32', 'mi: o32 F7 /1 id', 'sm', 'core w:OSZAPC u:A fast'],
  // SAL as /6 (the CPU runs it as SHL /4); SETcc ignores ModRM.reg
  ...shiftForms('sal', 6, 'core '),
  ...[1, 2, 3, 4, 5, 6, 7].map((d): RawForm => ['setcc', 'rm8?', `m: 0F 90+cc /${d}`, '', 'core r:cc fast']),

  // ---- x87 floating point (D8-DF, executed by the x87 unit) ---------------------------
  // NASM's x87 rows (insns.dat, FPU) in its order, all but FISTTP (SSE3): the
  // assembler refuses that one. `wait` forms are 9B then the no-wait form.
  ...x87Arith('fadd', 0),
  ...x87Pop('faddp', 0),
  ...x87Arith('fmul', 1),
  ...x87Pop('fmulp', 1),
  ...x87Arith('fsub', 4),
  ...x87Pop('fsubp', 4),
  ...x87Arith('fsubr', 5),
  ...x87Pop('fsubrp', 5),
  ...x87Arith('fdiv', 6),
  ...x87Pop('fdivp', 6),
  ...x87Arith('fdivr', 7),
  ...x87Pop('fdivrp', 7),
  ...x87IntegerArith('fiadd', 0),
  ...x87IntegerArith('fimul', 1),
  ...x87IntegerArith('ficom', 2),
  ...x87IntegerArith('ficomp', 3),
  ...x87IntegerArith('fisub', 4),
  ...x87IntegerArith('fisubr', 5),
  ...x87IntegerArith('fidiv', 6),
  ...x87IntegerArith('fidivr', 7),
  // Compares: FCOM/FCOMP D8 /2 /3 and D8 D0+i/D8+i, FCOMPP, FUCOM*, FCOMI* (EFLAGS ZF PF CF, OF SF AF cleared)
  ...x87Compare('fcom', 2),
  ...x87Compare('fcomp', 3),
  ['fcompp', '', ': DE D9', '', 'x87'],
  ...x87Registers('fucom', 'DD E0', 'x87'),
  ...x87Registers('fucomp', 'DD E8', 'x87'),
  ['fucompp', '', ': DA E9', '', 'x87'],
  ...x87Registers('fcomi', 'DB F0', 'x87 w:OSZAPC'),
  ...x87Registers('fcomip', 'DF F0', 'x87 w:OSZAPC'),
  ...x87Registers('fucomi', 'DB E8', 'x87 w:OSZAPC'),
  ...x87Registers('fucomip', 'DF E8', 'x87 w:OSZAPC'),
  ['ftst', '', ': D9 E4', '', 'x87'],
  ['fxam', '', ': D9 E5', '', 'x87'],
  // FCMOVcc DA/DB C0-DF: st0 = st(i) when the condition holds
  ...x87Registers('fcmovb', 'DA C0', 'x87 r:C'),
  ...x87Registers('fcmove', 'DA C8', 'x87 r:Z'),
  ...x87Registers('fcmovbe', 'DA D0', 'x87 r:CZ'),
  ...x87Registers('fcmovu', 'DA D8', 'x87 r:P'),
  ...x87Registers('fcmovnb', 'DB C0', 'x87 r:C'),
  ...x87Registers('fcmovne', 'DB C8', 'x87 r:Z'),
  ...x87Registers('fcmovnbe', 'DB D0', 'x87 r:CZ'),
  ...x87Registers('fcmovnu', 'DB D8', 'x87 r:P'),
  // Loads and stores: real (m32 m64 m80), integer (m16 m32 m64), packed BCD (m80)
  ['fld', 'm32', 'm: D9 /0', '', 'x87'],
  ['fld', 'm64', 'm: DD /0', '', 'x87'],
  ['fld', 'm80', 'm: DB /5', '', 'x87'],
  ['fld', 'st', 'o: D9 C0+r', '', 'x87'],
  ['fld', '', ': D9 C1', 'nd', 'x87'],
  ['fst', 'm32', 'm: D9 /2', '', 'x87'],
  ['fst', 'm64', 'm: DD /2', '', 'x87'],
  ['fst', 'st', 'o: DD D0+r', '', 'x87'],
  ['fst', '', ': DD D1', 'nd', 'x87'],
  ['fstp', 'm32', 'm: D9 /3', '', 'x87'],
  ['fstp', 'm64', 'm: DD /3', '', 'x87'],
  ['fstp', 'm80', 'm: DB /7', '', 'x87'],
  ['fstp', 'st', 'o: DD D8+r', '', 'x87'],
  ['fstp', '', ': DD D9', 'nd', 'x87'],
  ['fild', 'm32', 'm: DB /0', '', 'x87'],
  ['fild', 'm16', 'm: DF /0', '', 'x87'],
  ['fild', 'm64', 'm: DF /5', '', 'x87'],
  ['fist', 'm32', 'm: DB /2', '', 'x87'],
  ['fist', 'm16', 'm: DF /2', '', 'x87'],
  ['fistp', 'm32', 'm: DB /3', '', 'x87'],
  ['fistp', 'm16', 'm: DF /3', '', 'x87'],
  ['fistp', 'm64', 'm: DF /7', '', 'x87'],
  ['fbld', 'm80', 'm: DF /4', '', 'x87'],
  ['fbld', 'm0', 'm: DF /4', '', 'x87'],
  ['fbstp', 'm80', 'm: DF /6', '', 'x87'],
  ['fbstp', 'm0', 'm: DF /6', '', 'x87'],
  ...x87Registers('fxch', 'D9 C8', 'x87', true),
  // Constants D9 E8-EE
  ['fld1', '', ': D9 E8', '', 'x87'],
  ['fldl2t', '', ': D9 E9', '', 'x87'],
  ['fldl2e', '', ': D9 EA', '', 'x87'],
  ['fldpi', '', ': D9 EB', '', 'x87'],
  ['fldlg2', '', ': D9 EC', '', 'x87'],
  ['fldln2', '', ': D9 ED', '', 'x87'],
  ['fldz', '', ': D9 EE', '', 'x87'],
  // Arithmetic on st0 (and st1), transcendentals D9 E0-FF
  ['fchs', '', ': D9 E0', '', 'x87'],
  ['fabs', '', ': D9 E1', '', 'x87'],
  ['f2xm1', '', ': D9 F0', '', 'x87'],
  ['fyl2x', '', ': D9 F1', '', 'x87'],
  ['fptan', '', ': D9 F2', '', 'x87'],
  ['fpatan', '', ': D9 F3', '', 'x87'],
  ['fxtract', '', ': D9 F4', '', 'x87'],
  ['fprem1', '', ': D9 F5', '', 'x87'],
  ['fdecstp', '', ': D9 F6', '', 'x87'],
  ['fincstp', '', ': D9 F7', '', 'x87'],
  ['fprem', '', ': D9 F8', '', 'x87'],
  ['fyl2xp1', '', ': D9 F9', '', 'x87'],
  ['fsqrt', '', ': D9 FA', '', 'x87'],
  ['fsincos', '', ': D9 FB', '', 'x87'],
  ['frndint', '', ': D9 FC', '', 'x87'],
  ['fscale', '', ': D9 FD', '', 'x87'],
  ['fsin', '', ': D9 FE', '', 'x87'],
  ['fcos', '', ': D9 FF', '', 'x87'],
  ['fnop', '', ': D9 D0', '', 'x87'],
  // Control: the FN- forms do not wait; the F- forms are WAIT (9B) and the FN- form
  ['ffree', 'st', 'o: DD C0+r', '', 'x87'],
  ['ffree', '', ': DD C1', 'nd', 'x87'],
  ['ffreep', 'st', 'o: DF C0+r', '', 'x87'],
  ['ffreep', '', ': DF C1', 'nd', 'x87'],
  ['fninit', '', ': DB E3', '', 'x87'],
  ['finit', '', ': wait DB E3', '', 'x87'],
  ['fnclex', '', ': DB E2', '', 'x87'],
  ['fclex', '', ': wait DB E2', '', 'x87'],
  ['fneni', '', ': DB E0', '', 'x87'],
  ['feni', '', ': wait DB E0', '', 'x87'],
  ['fndisi', '', ': DB E1', '', 'x87'],
  ['fdisi', '', ': wait DB E1', '', 'x87'],
  ['fsetpm', '', ': DB E4', '', 'x87'],
  ['fldcw', 'm16?', 'm: D9 /5', '', 'x87'],
  ['fnstcw', 'm16?', 'm: D9 /7', '', 'x87'],
  ['fstcw', 'm16?', 'm: wait D9 /7', '', 'x87'],
  ['fnstsw', 'm16?', 'm: DD /7', '', 'x87'],
  ['fnstsw', 'ax', '-: DF E0', '', 'x87'],
  ['fstsw', 'm16?', 'm: wait DD /7', '', 'x87'],
  ['fstsw', 'ax', '-: wait DF E0', '', 'x87'],
  // The environment (14/28 bytes) and the whole state (94/108): the size follows o16/o32
  ['fldenv', 'm0', 'm: D9 /4', '', 'x87'],
  ['fnstenv', 'm0', 'm: D9 /6', '', 'x87'],
  ['fstenv', 'm0', 'm: wait D9 /6', '', 'x87'],
  ['frstor', 'm0', 'm: DD /4', '', 'x87'],
  ['fnsave', 'm0', 'm: DD /6', '', 'x87'],
  ['fsave', 'm0', 'm: wait DD /6', '', 'x87'],

  // ---- System, I/O and legacy instructions ------------------------------------------
  // Valid in 32-bit code and assembled as NASM does; most fault in a user-mode program.
  ['int3', '', ': CC', '', 'end'],
  ['int1', '', ': F1', '', 'asm'],
  ['icebp', '', ': F1', '', 'asm'],
  ['into', '', ': CE', '', 'r:O end'],
  ['salc', '', ': D6', '', 'r:C'],
  ['cli', '', ': FA', '', 'end'],
  ['sti', '', ': FB', '', 'end'],
  ['fwait', '', ': 9B', '', 'fast'], // raises a pending x87 exception
  ['iret', '', ': CF', '', 'end w:ODSZAPC'],
  ['iretd', '', ': o32 CF', '', 'end w:ODSZAPC'],
  ['iretw', '', ': o16 CF', '', 'end w:ODSZAPC'],
  ['retf', '', ': CB', '', 'end'],
  ['retf', 'imm16', 'i: CA iw', '', 'end'],
  ['syscall', '', ': 0F 05', '', 'asm'],
  ['sysret', '', ': 0F 07', '', 'asm'],
  ['sysenter', '', ': 0F 34', '', 'asm'],
  ['sysexit', '', ': 0F 35', '', 'asm'],
  ['clts', '', ': 0F 06', '', 'asm'],
  ['invd', '', ': 0F 08', '', 'asm'],
  ['wbinvd', '', ': 0F 09', '', 'asm'],
  ['wrmsr', '', ': 0F 30', '', 'asm'],
  ['rdmsr', '', ': 0F 32', '', 'asm'],
  ['rdpmc', '', ': 0F 33', '', 'asm'],
  ['rsm', '', ': 0F AA', '', 'asm'],
  ['rdtscp', '', ': 0F 01 F9', '', 'asm'],
  ['xgetbv', '', ': 0F 01 D0', '', 'asm'],
  ['monitor', '', ': 0F 01 C8', '', 'asm'],
  ['mwait', '', ': 0F 01 C9', '', 'asm'],
  ['lfence', '', ': 0F AE E8', '', 'asm'],
  ['mfence', '', ': 0F AE F0', '', 'asm'],
  ['sfence', '', ': 0F AE F8', '', 'asm'],
  ['pause', '', ': F3 90', '', 'asm'],
  ['xlatb', '', ': D7', '', ''],
  ['xlat', '', ': D7', '', ''],
  // BCD adjustments: 27 2F 37 3F, AAM D4 ib / AAD D5 ib (base 10 by default)
  ['daa', '', ': 27', '', 'r:AC w:OSZAPC u:O'],
  ['das', '', ': 2F', '', 'r:AC w:OSZAPC u:O'],
  ['aaa', '', ': 37', '', 'r:A w:OSZAPC u:OSZP'],
  ['aas', '', ': 3F', '', 'r:A w:OSZAPC u:OSZP'],
  ['aam', '', ': D4 0A', '', 'asm'],
  ['aam', 'imm8', 'i: D4 ib', '', 'w:OSZAPC u:OAC'],
  ['aad', '', ': D5 0A', '', 'asm'],
  ['aad', 'imm8', 'i: D5 ib', '', 'w:OSZAPC u:OAC'],
  // Port I/O: E4-E7 with a port number, EC-EF with DX; INS 6C/6D, OUTS 6E/6F
  ['in', 'al,imm8', '-i: E4 ib', '', 'end'],
  ['in', 'ax,imm8', '-i: o16 E5 ib', '', 'end'],
  ['in', 'eax,imm8', '-i: o32 E5 ib', '', 'end'],
  ['in', 'al,dx', '--: EC', '', 'end'],
  ['in', 'ax,dx', '--: o16 ED', '', 'end'],
  ['in', 'eax,dx', '--: o32 ED', '', 'end'],
  ['out', 'imm8,al', 'i-: E6 ib', '', 'end'],
  ['out', 'imm8,ax', 'i-: o16 E7 ib', '', 'end'],
  ['out', 'imm8,eax', 'i-: o32 E7 ib', '', 'end'],
  ['out', 'dx,al', '--: EE', '', 'end'],
  ['out', 'dx,ax', '--: o16 EF', '', 'end'],
  ['out', 'dx,eax', '--: o32 EF', '', 'end'],
  ['insb', '', ': 6C', '', 'end'],
  ['insw', '', ': o16 6D', '', 'end'],
  ['insd', '', ': o32 6D', '', 'end'],
  ['outsb', '', ': 6E', '', 'end'],
  ['outsw', '', ': o16 6F', '', 'end'],
  ['outsd', '', ': o32 6F', '', 'end'],
  // Far transfers: EA/9A with selector:offset, FF /5 and FF /3 through memory
  ['jmp', 'ptr32', 'i: o32 EA cp', '', 'end'],
  ['jmp', 'ptr16', 'i: o16 EA cd', '', 'end'],
  ['jmp', 'mfar', 'm: FF /5', '', 'end'],
  ['call', 'ptr32', 'i: o32 9A cp', '', 'end'],
  ['call', 'ptr16', 'i: o16 9A cd', '', 'end'],
  ['call', 'mfar', 'm: FF /3', '', 'end'],
  // MOV to and from control and debug registers: 0F 20-23, always register to register
  ['mov', 'r32,creg', 'mr: 0F 20 /r', '', 'asm'],
  ['mov', 'creg,r32', 'rm: 0F 22 /r', '', 'asm'],
  ['mov', 'r32,dreg', 'mr: 0F 21 /r', '', 'asm'],
  ['mov', 'dreg,r32', 'rm: 0F 23 /r', '', 'asm'],
  // Descriptor tables and tasks: 0F 00 /0-5, 0F 01 /0-7
  ['sldt', 'm16?', 'm: 0F 00 /0', ''],
  ['sldt', 'r16', 'm: o16 0F 00 /0', ''],
  ['sldt', 'r32', 'm: o32 0F 00 /0', ''],
  ['str', 'm16?', 'm: 0F 00 /1', ''],
  ['str', 'r16', 'm: o16 0F 00 /1', ''],
  ['str', 'r32', 'm: o32 0F 00 /1', ''],
  ['lldt', 'rm16?', 'm: 0F 00 /2', '', 'asm'],
  ['ltr', 'rm16?', 'm: 0F 00 /3', '', 'asm'],
  ['verr', 'rm16?', 'm: 0F 00 /4', '', 'w:Z'],
  ['verw', 'rm16?', 'm: 0F 00 /5', '', 'w:Z'],
  ['sgdt', 'm', 'm: 0F 01 /0', ''],
  ['sidt', 'm', 'm: 0F 01 /1', ''],
  ['lgdt', 'm', 'm: 0F 01 /2', '', 'asm'],
  ['lidt', 'm', 'm: 0F 01 /3', '', 'asm'],
  ['smsw', 'm16?', 'm: 0F 01 /4', ''],
  ['smsw', 'r16', 'm: o16 0F 01 /4', ''],
  ['smsw', 'r32', 'm: o32 0F 01 /4', ''],
  ['lmsw', 'rm16?', 'm: 0F 01 /6', '', 'asm'],
  ['invlpg', 'm', 'm: 0F 01 /7', '', 'asm'],
  ['lar', 'r16,m16?', 'rm: o16 0F 02 /r', '', 'w:Z'],
  ['lar', 'r16,r16', 'rm: o16 0F 02 /r', '', 'w:Z'],
  ['lar', 'r16,r32', 'rm: o16 0F 02 /r', '', 'w:Z'],
  ['lar', 'r32,m16?', 'rm: o32 0F 02 /r', '', 'w:Z'],
  ['lar', 'r32,r16', 'rm: o32 0F 02 /r', '', 'w:Z'],
  ['lar', 'r32,r32', 'rm: o32 0F 02 /r', '', 'w:Z'],
  ['lsl', 'r16,m16?', 'rm: o16 0F 03 /r', '', 'w:Z'],
  ['lsl', 'r16,r16', 'rm: o16 0F 03 /r', '', 'w:Z'],
  ['lsl', 'r16,r32', 'rm: o16 0F 03 /r', '', 'w:Z'],
  ['lsl', 'r32,m16?', 'rm: o32 0F 03 /r', '', 'w:Z'],
  ['lsl', 'r32,r16', 'rm: o32 0F 03 /r', '', 'w:Z'],
  ['lsl', 'r32,r32', 'rm: o32 0F 03 /r', '', 'w:Z'],
  ['arpl', 'rm16,r16', 'mr: 63 /r', 'sm', 'w:Z'],
  // Far pointers from memory: LDS C5, LES C4, LSS/LFS/LGS 0F B2/B4/B5; BOUND 62
  ...wordAndDword('lds', 'rSZ,m', 'rm: oSZ C5 /r', '', ''),
  ...wordAndDword('les', 'rSZ,m', 'rm: oSZ C4 /r', '', ''),
  ...wordAndDword('lss', 'rSZ,m', 'rm: oSZ 0F B2 /r', '', ''),
  ...wordAndDword('lfs', 'rSZ,m', 'rm: oSZ 0F B4 /r', '', ''),
  ...wordAndDword('lgs', 'rSZ,m', 'rm: oSZ 0F B5 /r', '', ''),
  ...wordAndDword('bound', 'rSZ,m', 'rm: oSZ 62 /r', '', ''),
  // Cache control and later integer extensions
  ['clflush', 'm', 'm: 0F AE /7', '', 'asm'],
  ['prefetchnta', 'm8?', 'm: 0F 18 /0', '', 'asm'],
  ['prefetcht0', 'm8?', 'm: 0F 18 /1', '', 'asm'],
  ['prefetcht1', 'm8?', 'm: 0F 18 /2', '', 'asm'],
  ['prefetcht2', 'm8?', 'm: 0F 18 /3', '', 'asm'],
  ...wordAndDword('popcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F B8 /r', 'sm', 'asm'),
  ...wordAndDword('tzcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F BC /r', 'sm', 'asm'),
  ...wordAndDword('lzcnt', 'rSZ,rmSZ', 'rm: oSZ F3 0F BD /r', 'sm', 'asm'),
  ...wordAndDword('movbe', 'rSZ,mSZ', 'rm: oSZ 0F 38 F0 /r', 'sm', 'asm'),
  ...wordAndDword('movbe', 'mSZ,rSZ', 'mr: oSZ 0F 38 F1 /r', 'sm', 'asm'),

  // ---- MMX, SSE, SSE2, SSE3, SSSE3, SSE4.1, SSE4.2 (assembler only) ----------------
  // The core runs none of them (cpuid does not advertise them): every row is `asm`.
  // Rows and their order are NASM's (x86/insns.dat of 2.16.01, 32-bit forms); a
  // mandatory 66/F2/F3 is written as the first opcode byte, as for POPCNT.
  // Three of NASM's rows are left out: no source selects them, an earlier row always
  // fits first (MOVQ xmm,xmm as 66 0F D6, PINSRW xmm,m16, PEXTRW r32,xmm as 66 0F 3A 15).
  // MMX (0F xx on mm0-mm7; the SSE integer forms of the same opcodes take 66)
  ['emms', '', ': 0F 77', '', 'asm'],
  ['movd', 'mmx,rm32?', 'rm: 0F 6E /r', '', 'asm'],
  ['movd', 'rm32?,mmx', 'mr: 0F 7E /r', '', 'asm'],
  ['movq', 'mmx,mmxrm64', 'rm: 0F 6F /r', '', 'asm'],
  ['movq', 'mmxrm64,mmx', 'mr: 0F 7F /r', '', 'asm'],
  ['packssdw', 'mmx,mmxrm64', 'rm: 0F 6B /r', '', 'asm'],
  ['packsswb', 'mmx,mmxrm64', 'rm: 0F 63 /r', '', 'asm'],
  ['packuswb', 'mmx,mmxrm64', 'rm: 0F 67 /r', '', 'asm'],
  ['paddb', 'mmx,mmxrm64', 'rm: 0F FC /r', '', 'asm'],
  ['paddd', 'mmx,mmxrm64', 'rm: 0F FE /r', '', 'asm'],
  ['paddsb', 'mmx,mmxrm64', 'rm: 0F EC /r', '', 'asm'],
  ['paddsw', 'mmx,mmxrm64', 'rm: 0F ED /r', '', 'asm'],
  ['paddusb', 'mmx,mmxrm64', 'rm: 0F DC /r', '', 'asm'],
  ['paddusw', 'mmx,mmxrm64', 'rm: 0F DD /r', '', 'asm'],
  ['paddw', 'mmx,mmxrm64', 'rm: 0F FD /r', '', 'asm'],
  ['pand', 'mmx,mmxrm64', 'rm: 0F DB /r', '', 'asm'],
  ['pandn', 'mmx,mmxrm64', 'rm: 0F DF /r', '', 'asm'],
  ['pcmpeqb', 'mmx,mmxrm64', 'rm: 0F 74 /r', '', 'asm'],
  ['pcmpeqd', 'mmx,mmxrm64', 'rm: 0F 76 /r', '', 'asm'],
  ['pcmpeqw', 'mmx,mmxrm64', 'rm: 0F 75 /r', '', 'asm'],
  ['pcmpgtb', 'mmx,mmxrm64', 'rm: 0F 64 /r', '', 'asm'],
  ['pcmpgtd', 'mmx,mmxrm64', 'rm: 0F 66 /r', '', 'asm'],
  ['pcmpgtw', 'mmx,mmxrm64', 'rm: 0F 65 /r', '', 'asm'],
  ['pmaddwd', 'mmx,mmxrm64', 'rm: 0F F5 /r', '', 'asm'],
  ['pmulhw', 'mmx,mmxrm64', 'rm: 0F E5 /r', '', 'asm'],
  ['pmullw', 'mmx,mmxrm64', 'rm: 0F D5 /r', '', 'asm'],
  ['por', 'mmx,mmxrm64', 'rm: 0F EB /r', '', 'asm'],
  ['pslld', 'mmx,mmxrm64', 'rm: 0F F2 /r', '', 'asm'],
  ['pslld', 'mmx,imm8', 'mi: 0F 72 /6 ib', '', 'asm'],
  ['psllq', 'mmx,mmxrm64', 'rm: 0F F3 /r', '', 'asm'],
  ['psllq', 'mmx,imm8', 'mi: 0F 73 /6 ib', '', 'asm'],
  ['psllw', 'mmx,mmxrm64', 'rm: 0F F1 /r', '', 'asm'],
  ['psllw', 'mmx,imm8', 'mi: 0F 71 /6 ib', '', 'asm'],
  ['psrad', 'mmx,mmxrm64', 'rm: 0F E2 /r', '', 'asm'],
  ['psrad', 'mmx,imm8', 'mi: 0F 72 /4 ib', '', 'asm'],
  ['psraw', 'mmx,mmxrm64', 'rm: 0F E1 /r', '', 'asm'],
  ['psraw', 'mmx,imm8', 'mi: 0F 71 /4 ib', '', 'asm'],
  ['psrld', 'mmx,mmxrm64', 'rm: 0F D2 /r', '', 'asm'],
  ['psrld', 'mmx,imm8', 'mi: 0F 72 /2 ib', '', 'asm'],
  ['psrlq', 'mmx,mmxrm64', 'rm: 0F D3 /r', '', 'asm'],
  ['psrlq', 'mmx,imm8', 'mi: 0F 73 /2 ib', '', 'asm'],
  ['psrlw', 'mmx,mmxrm64', 'rm: 0F D1 /r', '', 'asm'],
  ['psrlw', 'mmx,imm8', 'mi: 0F 71 /2 ib', '', 'asm'],
  ['psubb', 'mmx,mmxrm64', 'rm: 0F F8 /r', '', 'asm'],
  ['psubd', 'mmx,mmxrm64', 'rm: 0F FA /r', '', 'asm'],
  ['psubsb', 'mmx,mmxrm64', 'rm: 0F E8 /r', '', 'asm'],
  ['psubsw', 'mmx,mmxrm64', 'rm: 0F E9 /r', '', 'asm'],
  ['psubusb', 'mmx,mmxrm64', 'rm: 0F D8 /r', '', 'asm'],
  ['psubusw', 'mmx,mmxrm64', 'rm: 0F D9 /r', '', 'asm'],
  ['psubw', 'mmx,mmxrm64', 'rm: 0F F9 /r', '', 'asm'],
  ['punpckhbw', 'mmx,mmxrm64', 'rm: 0F 68 /r', '', 'asm'],
  ['punpckhdq', 'mmx,mmxrm64', 'rm: 0F 6A /r', '', 'asm'],
  ['punpckhwd', 'mmx,mmxrm64', 'rm: 0F 69 /r', '', 'asm'],
  ['punpcklbw', 'mmx,mmxrm64', 'rm: 0F 60 /r', '', 'asm'],
  ['punpckldq', 'mmx,mmxrm64', 'rm: 0F 62 /r', '', 'asm'],
  ['punpcklwd', 'mmx,mmxrm64', 'rm: 0F 61 /r', '', 'asm'],
  ['pxor', 'mmx,mmxrm64', 'rm: 0F EF /r', '', 'asm'],
  ['maskmovq', 'mmx,mmx', 'rm: 0F F7 /r', '', 'asm'],
  ['movntq', 'm64?,mmx', 'mr: 0F E7 /r', '', 'asm'],
  ['pavgb', 'mmx,mmxrm64', 'rm: 0F E0 /r', '', 'asm'],
  ['pavgw', 'mmx,mmxrm64', 'rm: 0F E3 /r', '', 'asm'],
  ['pextrw', 'r32,mmx,imm8', 'rmi: 0F C5 /r ib', '', 'asm'],
  ['pinsrw', 'mmx,m,imm8', 'rmi: 0F C4 /r ib', '', 'asm'],
  ['pinsrw', 'mmx,rm16?,imm8', 'rmi: 0F C4 /r ib', '', 'asm'],
  ['pinsrw', 'mmx,r32,imm8', 'rmi: 0F C4 /r ib', '', 'asm'],
  ['pmaxsw', 'mmx,mmxrm64', 'rm: 0F EE /r', '', 'asm'],
  ['pmaxub', 'mmx,mmxrm64', 'rm: 0F DE /r', '', 'asm'],
  ['pminsw', 'mmx,mmxrm64', 'rm: 0F EA /r', '', 'asm'],
  ['pminub', 'mmx,mmxrm64', 'rm: 0F DA /r', '', 'asm'],
  ['pmovmskb', 'r32,mmx', 'rm: 0F D7 /r', '', 'asm'],
  ['pmulhuw', 'mmx,mmxrm64', 'rm: 0F E4 /r', '', 'asm'],
  ['psadbw', 'mmx,mmxrm64', 'rm: 0F F6 /r', '', 'asm'],
  ['pshufw', 'mmx,mmxrm64,imm8', 'rmi: 0F 70 /r ib', 'nosize', 'asm'],
  ['paddq', 'mmx,mmxrm64', 'rm: 0F D4 /r', '', 'asm'],
  // SSE (packed single NP 0F, scalar single F3 0F; cmpXXps/ss are cmpps/ss with the predicate as a constant last byte)
  ['addps', 'xmm,xmmrm128', 'rm: 0F 58 /r', '', 'asm'],
  ['addss', 'xmm,xmmrm32', 'rm: F3 0F 58 /r', '', 'asm'],
  ['andnps', 'xmm,xmmrm128', 'rm: 0F 55 /r', '', 'asm'],
  ['andps', 'xmm,xmmrm128', 'rm: 0F 54 /r', '', 'asm'],
  ['cmpeqps', 'xmm,xmmrm128', 'rm: 0F C2 /r 00', '', 'asm'],
  ['cmpeqss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 00', '', 'asm'],
  ['cmpleps', 'xmm,xmmrm128', 'rm: 0F C2 /r 02', '', 'asm'],
  ['cmpless', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 02', '', 'asm'],
  ['cmpltps', 'xmm,xmmrm128', 'rm: 0F C2 /r 01', '', 'asm'],
  ['cmpltss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 01', '', 'asm'],
  ['cmpneqps', 'xmm,xmmrm128', 'rm: 0F C2 /r 04', '', 'asm'],
  ['cmpneqss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 04', '', 'asm'],
  ['cmpnleps', 'xmm,xmmrm128', 'rm: 0F C2 /r 06', '', 'asm'],
  ['cmpnless', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 06', '', 'asm'],
  ['cmpnltps', 'xmm,xmmrm128', 'rm: 0F C2 /r 05', '', 'asm'],
  ['cmpnltss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 05', '', 'asm'],
  ['cmpordps', 'xmm,xmmrm128', 'rm: 0F C2 /r 07', '', 'asm'],
  ['cmpordss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 07', '', 'asm'],
  ['cmpunordps', 'xmm,xmmrm128', 'rm: 0F C2 /r 03', '', 'asm'],
  ['cmpunordss', 'xmm,xmmrm32', 'rm: F3 0F C2 /r 03', '', 'asm'],
  ['cmpps', 'xmm,xmmrm128,imm8', 'rmi: 0F C2 /r ib', '', 'asm'],
  ['cmpss', 'xmm,xmmrm32,imm8', 'rmi: F3 0F C2 /r ib', '', 'asm'],
  ['comiss', 'xmm,xmmrm32', 'rm: 0F 2F /r', '', 'asm'],
  ['cvtpi2ps', 'xmm,mmxrm64', 'rm: 0F 2A /r', '', 'asm'],
  ['cvtps2pi', 'mmx,xmmrm64', 'rm: 0F 2D /r', '', 'asm'],
  ['cvtsi2ss', 'xmm,m32?', 'rm: F3 0F 2A /r', '', 'asm'],
  ['cvtsi2ss', 'xmm,rm32?', 'rm: F3 0F 2A /r', '', 'asm'],
  ['cvtss2si', 'r32,xmm', 'rm: F3 0F 2D /r', '', 'asm'],
  ['cvtss2si', 'r32,m32?', 'rm: F3 0F 2D /r', '', 'asm'],
  ['cvttps2pi', 'mmx,xmmrm64', 'rm: 0F 2C /r', '', 'asm'],
  ['cvttss2si', 'r32,xmmrm32', 'rm: F3 0F 2C /r', '', 'asm'],
  ['divps', 'xmm,xmmrm128', 'rm: 0F 5E /r', '', 'asm'],
  ['divss', 'xmm,xmmrm32', 'rm: F3 0F 5E /r', '', 'asm'],
  ['ldmxcsr', 'm32?', 'm: 0F AE /2', '', 'asm'],
  ['maxps', 'xmm,xmmrm128', 'rm: 0F 5F /r', '', 'asm'],
  ['maxss', 'xmm,xmmrm32', 'rm: F3 0F 5F /r', '', 'asm'],
  ['minps', 'xmm,xmmrm128', 'rm: 0F 5D /r', '', 'asm'],
  ['minss', 'xmm,xmmrm32', 'rm: F3 0F 5D /r', '', 'asm'],
  ['movaps', 'xmm,xmmrm128', 'rm: 0F 28 /r', '', 'asm'],
  ['movaps', 'xmmrm128,xmm', 'mr: 0F 29 /r', '', 'asm'],
  ['movhps', 'xmm,m64?', 'rm: 0F 16 /r', '', 'asm'],
  ['movhps', 'm64?,xmm', 'mr: 0F 17 /r', '', 'asm'],
  ['movlhps', 'xmm,xmm', 'rm: 0F 16 /r', '', 'asm'],
  ['movlps', 'xmm,m64?', 'rm: 0F 12 /r', '', 'asm'],
  ['movlps', 'm64?,xmm', 'mr: 0F 13 /r', '', 'asm'],
  ['movhlps', 'xmm,xmm', 'rm: 0F 12 /r', '', 'asm'],
  ['movmskps', 'r32,xmm', 'rm: 0F 50 /r', '', 'asm'],
  ['movntps', 'm128?,xmm', 'mr: 0F 2B /r', '', 'asm'],
  ['movss', 'xmm,xmmrm32', 'rm: F3 0F 10 /r', '', 'asm'],
  ['movss', 'xmmrm32,xmm', 'mr: F3 0F 11 /r', '', 'asm'],
  ['movups', 'xmm,xmmrm128', 'rm: 0F 10 /r', '', 'asm'],
  ['movups', 'xmmrm128,xmm', 'mr: 0F 11 /r', '', 'asm'],
  ['mulps', 'xmm,xmmrm128', 'rm: 0F 59 /r', '', 'asm'],
  ['mulss', 'xmm,xmmrm32', 'rm: F3 0F 59 /r', '', 'asm'],
  ['orps', 'xmm,xmmrm128', 'rm: 0F 56 /r', '', 'asm'],
  ['rcpps', 'xmm,xmmrm128', 'rm: 0F 53 /r', '', 'asm'],
  ['rcpss', 'xmm,xmmrm32', 'rm: F3 0F 53 /r', '', 'asm'],
  ['rsqrtps', 'xmm,xmmrm128', 'rm: 0F 52 /r', '', 'asm'],
  ['rsqrtss', 'xmm,xmmrm32', 'rm: F3 0F 52 /r', '', 'asm'],
  ['shufps', 'xmm,xmmrm128,imm8', 'rmi: 0F C6 /r ib', '', 'asm'],
  ['sqrtps', 'xmm,xmmrm128', 'rm: 0F 51 /r', '', 'asm'],
  ['sqrtss', 'xmm,xmmrm32', 'rm: F3 0F 51 /r', '', 'asm'],
  ['stmxcsr', 'm32?', 'm: 0F AE /3', '', 'asm'],
  ['subps', 'xmm,xmmrm128', 'rm: 0F 5C /r', '', 'asm'],
  ['subss', 'xmm,xmmrm32', 'rm: F3 0F 5C /r', '', 'asm'],
  ['ucomiss', 'xmm,xmmrm32', 'rm: 0F 2E /r', '', 'asm'],
  ['unpckhps', 'xmm,xmmrm128', 'rm: 0F 15 /r', '', 'asm'],
  ['unpcklps', 'xmm,xmmrm128', 'rm: 0F 14 /r', '', 'asm'],
  ['xorps', 'xmm,xmmrm128', 'rm: 0F 57 /r', '', 'asm'],
  ['aesenc', 'xmm,xmmrm128', 'rm: 66 0F 38 DC /r', '', 'asm'],
  ['aesenclast', 'xmm,xmmrm128', 'rm: 66 0F 38 DD /r', '', 'asm'],
  ['aesdec', 'xmm,xmmrm128', 'rm: 66 0F 38 DE /r', '', 'asm'],
  ['aesdeclast', 'xmm,xmmrm128', 'rm: 66 0F 38 DF /r', '', 'asm'],
  ['aesimc', 'xmm,xmmrm128', 'rm: 66 0F 38 DB /r', '', 'asm'],
  ['aeskeygenassist', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A DF /r ib', '', 'asm'],
  ['pclmullqlqdq', 'xmm,xmmrm128', 'rm: 66 0F 3A 44 /r 00', '', 'asm'],
  ['pclmulhqlqdq', 'xmm,xmmrm128', 'rm: 66 0F 3A 44 /r 01', '', 'asm'],
  ['pclmullqhqdq', 'xmm,xmmrm128', 'rm: 66 0F 3A 44 /r 10', '', 'asm'],
  ['pclmulhqhqdq', 'xmm,xmmrm128', 'rm: 66 0F 3A 44 /r 11', '', 'asm'],
  ['pclmulqdq', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 44 /r ib', '', 'asm'],
  // SSE2 (packed double 66 0F, scalar double F2 0F, integer on xmm 66 0F; MOVNTI)
  ['maskmovdqu', 'xmm,xmm', 'rm: 66 0F F7 /r', '', 'asm'],
  ['movntdq', 'm128?,xmm', 'mr: 66 0F E7 /r', '', 'asm'],
  ['movnti', 'm32?,r32', 'mr: 0F C3 /r', '', 'asm'],
  ['movntpd', 'm128?,xmm', 'mr: 66 0F 2B /r', '', 'asm'],
  ['movd', 'm32?,xmm', 'mr: 66 0F 7E /r', '', 'asm'],
  ['movd', 'xmm,m32?', 'rm: 66 0F 6E /r', '', 'asm'],
  ['movd', 'xmm,rm32?', 'rm: 66 0F 6E /r', '', 'asm'],
  ['movd', 'rm32?,xmm', 'mr: 66 0F 7E /r', '', 'asm'],
  ['movdqa', 'xmm,xmmrm128', 'rm: 66 0F 6F /r', '', 'asm'],
  ['movdqa', 'xmmrm128,xmm', 'mr: 66 0F 7F /r', '', 'asm'],
  ['movdqu', 'xmm,xmmrm128', 'rm: F3 0F 6F /r', '', 'asm'],
  ['movdqu', 'xmmrm128,xmm', 'mr: F3 0F 7F /r', '', 'asm'],
  ['movdq2q', 'mmx,xmm', 'rm: F2 0F D6 /r', '', 'asm'],
  ['movq', 'xmm,xmm', 'rm: F3 0F 7E /r', '', 'asm'],
  ['movq', 'm64?,xmm', 'mr: 66 0F D6 /r', '', 'asm'],
  ['movq', 'xmm,m64?', 'rm: F3 0F 7E /r', '', 'asm'],
  ['movq2dq', 'xmm,mmx', 'rm: F3 0F D6 /r', '', 'asm'],
  ['packsswb', 'xmm,xmmrm128', 'rm: 66 0F 63 /r', '', 'asm'],
  ['packssdw', 'xmm,xmmrm128', 'rm: 66 0F 6B /r', '', 'asm'],
  ['packuswb', 'xmm,xmmrm128', 'rm: 66 0F 67 /r', '', 'asm'],
  ['paddb', 'xmm,xmmrm128', 'rm: 66 0F FC /r', '', 'asm'],
  ['paddw', 'xmm,xmmrm128', 'rm: 66 0F FD /r', '', 'asm'],
  ['paddd', 'xmm,xmmrm128', 'rm: 66 0F FE /r', '', 'asm'],
  ['paddq', 'xmm,xmmrm128', 'rm: 66 0F D4 /r', '', 'asm'],
  ['paddsb', 'xmm,xmmrm128', 'rm: 66 0F EC /r', '', 'asm'],
  ['paddsw', 'xmm,xmmrm128', 'rm: 66 0F ED /r', '', 'asm'],
  ['paddusb', 'xmm,xmmrm128', 'rm: 66 0F DC /r', '', 'asm'],
  ['paddusw', 'xmm,xmmrm128', 'rm: 66 0F DD /r', '', 'asm'],
  ['pand', 'xmm,xmmrm128', 'rm: 66 0F DB /r', '', 'asm'],
  ['pandn', 'xmm,xmmrm128', 'rm: 66 0F DF /r', '', 'asm'],
  ['pavgb', 'xmm,xmmrm128', 'rm: 66 0F E0 /r', '', 'asm'],
  ['pavgw', 'xmm,xmmrm128', 'rm: 66 0F E3 /r', '', 'asm'],
  ['pcmpeqb', 'xmm,xmmrm128', 'rm: 66 0F 74 /r', '', 'asm'],
  ['pcmpeqw', 'xmm,xmmrm128', 'rm: 66 0F 75 /r', '', 'asm'],
  ['pcmpeqd', 'xmm,xmmrm128', 'rm: 66 0F 76 /r', '', 'asm'],
  ['pcmpgtb', 'xmm,xmmrm128', 'rm: 66 0F 64 /r', '', 'asm'],
  ['pcmpgtw', 'xmm,xmmrm128', 'rm: 66 0F 65 /r', '', 'asm'],
  ['pcmpgtd', 'xmm,xmmrm128', 'rm: 66 0F 66 /r', '', 'asm'],
  ['pextrw', 'r32,xmm,imm8', 'rmi: 66 0F C5 /r ib', '', 'asm'],
  ['pinsrw', 'xmm,r16,imm8', 'rmi: 66 0F C4 /r ib', '', 'asm'],
  ['pinsrw', 'xmm,r32,imm8', 'rmi: 66 0F C4 /r ib', '', 'asm'],
  ['pinsrw', 'xmm,m,imm8', 'rmi: 66 0F C4 /r ib', '', 'asm'],
  ['pmaddwd', 'xmm,xmmrm128', 'rm: 66 0F F5 /r', '', 'asm'],
  ['pmaxsw', 'xmm,xmmrm128', 'rm: 66 0F EE /r', '', 'asm'],
  ['pmaxub', 'xmm,xmmrm128', 'rm: 66 0F DE /r', '', 'asm'],
  ['pminsw', 'xmm,xmmrm128', 'rm: 66 0F EA /r', '', 'asm'],
  ['pminub', 'xmm,xmmrm128', 'rm: 66 0F DA /r', '', 'asm'],
  ['pmovmskb', 'r32,xmm', 'rm: 66 0F D7 /r', '', 'asm'],
  ['pmulhuw', 'xmm,xmmrm128', 'rm: 66 0F E4 /r', '', 'asm'],
  ['pmulhw', 'xmm,xmmrm128', 'rm: 66 0F E5 /r', '', 'asm'],
  ['pmullw', 'xmm,xmmrm128', 'rm: 66 0F D5 /r', '', 'asm'],
  ['pmuludq', 'mmx,mmxrm128', 'rm: 0F F4 /r', '', 'asm'],
  ['pmuludq', 'xmm,xmmrm128', 'rm: 66 0F F4 /r', '', 'asm'],
  ['por', 'xmm,xmmrm128', 'rm: 66 0F EB /r', '', 'asm'],
  ['psadbw', 'xmm,xmmrm128', 'rm: 66 0F F6 /r', '', 'asm'],
  ['pshufd', 'xmm,xmm,imm8', 'rmi: 66 0F 70 /r ib', '', 'asm'],
  ['pshufd', 'xmm,m,imm8', 'rmi: 66 0F 70 /r ib', 'nosize', 'asm'],
  ['pshufhw', 'xmm,xmm,imm8', 'rmi: F3 0F 70 /r ib', '', 'asm'],
  ['pshufhw', 'xmm,m,imm8', 'rmi: F3 0F 70 /r ib', 'nosize', 'asm'],
  ['pshuflw', 'xmm,xmm,imm8', 'rmi: F2 0F 70 /r ib', '', 'asm'],
  ['pshuflw', 'xmm,m,imm8', 'rmi: F2 0F 70 /r ib', 'nosize', 'asm'],
  ['pslldq', 'xmm,imm8', 'mi: 66 0F 73 /7 ib', '', 'asm'],
  ['psllw', 'xmm,xmmrm128', 'rm: 66 0F F1 /r', '', 'asm'],
  ['psllw', 'xmm,imm8', 'mi: 66 0F 71 /6 ib', '', 'asm'],
  ['pslld', 'xmm,xmmrm128', 'rm: 66 0F F2 /r', '', 'asm'],
  ['pslld', 'xmm,imm8', 'mi: 66 0F 72 /6 ib', '', 'asm'],
  ['psllq', 'xmm,xmmrm128', 'rm: 66 0F F3 /r', '', 'asm'],
  ['psllq', 'xmm,imm8', 'mi: 66 0F 73 /6 ib', '', 'asm'],
  ['psraw', 'xmm,xmmrm128', 'rm: 66 0F E1 /r', '', 'asm'],
  ['psraw', 'xmm,imm8', 'mi: 66 0F 71 /4 ib', '', 'asm'],
  ['psrad', 'xmm,xmmrm128', 'rm: 66 0F E2 /r', '', 'asm'],
  ['psrad', 'xmm,imm8', 'mi: 66 0F 72 /4 ib', '', 'asm'],
  ['psrldq', 'xmm,imm8', 'mi: 66 0F 73 /3 ib', '', 'asm'],
  ['psrlw', 'xmm,xmmrm128', 'rm: 66 0F D1 /r', '', 'asm'],
  ['psrlw', 'xmm,imm8', 'mi: 66 0F 71 /2 ib', '', 'asm'],
  ['psrld', 'xmm,xmmrm128', 'rm: 66 0F D2 /r', '', 'asm'],
  ['psrld', 'xmm,imm8', 'mi: 66 0F 72 /2 ib', '', 'asm'],
  ['psrlq', 'xmm,xmmrm128', 'rm: 66 0F D3 /r', '', 'asm'],
  ['psrlq', 'xmm,imm8', 'mi: 66 0F 73 /2 ib', '', 'asm'],
  ['psubb', 'xmm,xmmrm128', 'rm: 66 0F F8 /r', '', 'asm'],
  ['psubw', 'xmm,xmmrm128', 'rm: 66 0F F9 /r', '', 'asm'],
  ['psubd', 'xmm,xmmrm128', 'rm: 66 0F FA /r', '', 'asm'],
  ['psubq', 'mmx,mmxrm128', 'rm: 0F FB /r', '', 'asm'],
  ['psubq', 'xmm,xmmrm128', 'rm: 66 0F FB /r', '', 'asm'],
  ['psubsb', 'xmm,xmmrm128', 'rm: 66 0F E8 /r', '', 'asm'],
  ['psubsw', 'xmm,xmmrm128', 'rm: 66 0F E9 /r', '', 'asm'],
  ['psubusb', 'xmm,xmmrm128', 'rm: 66 0F D8 /r', '', 'asm'],
  ['psubusw', 'xmm,xmmrm128', 'rm: 66 0F D9 /r', '', 'asm'],
  ['punpckhbw', 'xmm,xmmrm128', 'rm: 66 0F 68 /r', '', 'asm'],
  ['punpckhwd', 'xmm,xmmrm128', 'rm: 66 0F 69 /r', '', 'asm'],
  ['punpckhdq', 'xmm,xmmrm128', 'rm: 66 0F 6A /r', '', 'asm'],
  ['punpckhqdq', 'xmm,xmmrm128', 'rm: 66 0F 6D /r', '', 'asm'],
  ['punpcklbw', 'xmm,xmmrm128', 'rm: 66 0F 60 /r', '', 'asm'],
  ['punpcklwd', 'xmm,xmmrm128', 'rm: 66 0F 61 /r', '', 'asm'],
  ['punpckldq', 'xmm,xmmrm128', 'rm: 66 0F 62 /r', '', 'asm'],
  ['punpcklqdq', 'xmm,xmmrm128', 'rm: 66 0F 6C /r', '', 'asm'],
  ['pxor', 'xmm,xmmrm128', 'rm: 66 0F EF /r', '', 'asm'],
  ['addpd', 'xmm,xmmrm128', 'rm: 66 0F 58 /r', '', 'asm'],
  ['addsd', 'xmm,xmmrm64', 'rm: F2 0F 58 /r', '', 'asm'],
  ['andnpd', 'xmm,xmmrm128', 'rm: 66 0F 55 /r', '', 'asm'],
  ['andpd', 'xmm,xmmrm128', 'rm: 66 0F 54 /r', '', 'asm'],
  ['cmpeqpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 00', '', 'asm'],
  ['cmpeqsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 00', '', 'asm'],
  ['cmplepd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 02', '', 'asm'],
  ['cmplesd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 02', '', 'asm'],
  ['cmpltpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 01', '', 'asm'],
  ['cmpltsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 01', '', 'asm'],
  ['cmpneqpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 04', '', 'asm'],
  ['cmpneqsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 04', '', 'asm'],
  ['cmpnlepd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 06', '', 'asm'],
  ['cmpnlesd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 06', '', 'asm'],
  ['cmpnltpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 05', '', 'asm'],
  ['cmpnltsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 05', '', 'asm'],
  ['cmpordpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 07', '', 'asm'],
  ['cmpordsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 07', '', 'asm'],
  ['cmpunordpd', 'xmm,xmmrm128', 'rm: 66 0F C2 /r 03', '', 'asm'],
  ['cmpunordsd', 'xmm,xmmrm64', 'rm: F2 0F C2 /r 03', '', 'asm'],
  ['cmppd', 'xmm,xmmrm128,imm8', 'rmi: 66 0F C2 /r ib', '', 'asm'],
  ['cmpsd', 'xmm,xmmrm128,imm8', 'rmi: F2 0F C2 /r ib', '', 'asm'],
  ['comisd', 'xmm,xmmrm64', 'rm: 66 0F 2F /r', '', 'asm'],
  ['cvtdq2pd', 'xmm,xmmrm64', 'rm: F3 0F E6 /r', '', 'asm'],
  ['cvtdq2ps', 'xmm,xmmrm128', 'rm: 0F 5B /r', '', 'asm'],
  ['cvtpd2dq', 'xmm,xmmrm128', 'rm: F2 0F E6 /r', '', 'asm'],
  ['cvtpd2pi', 'mmx,xmmrm128', 'rm: 66 0F 2D /r', '', 'asm'],
  ['cvtpd2ps', 'xmm,xmmrm128', 'rm: 66 0F 5A /r', '', 'asm'],
  ['cvtpi2pd', 'xmm,mmxrm64', 'rm: 66 0F 2A /r', '', 'asm'],
  ['cvtps2dq', 'xmm,xmmrm128', 'rm: 66 0F 5B /r', '', 'asm'],
  ['cvtps2pd', 'xmm,xmmrm64', 'rm: 0F 5A /r', '', 'asm'],
  ['cvtsd2si', 'r32,xmm', 'rm: F2 0F 2D /r', '', 'asm'],
  ['cvtsd2si', 'r32,m64?', 'rm: F2 0F 2D /r', '', 'asm'],
  ['cvtsd2ss', 'xmm,xmmrm64', 'rm: F2 0F 5A /r', '', 'asm'],
  ['cvtsi2sd', 'xmm,m32?', 'rm: F2 0F 2A /r', '', 'asm'],
  ['cvtsi2sd', 'xmm,rm32?', 'rm: F2 0F 2A /r', '', 'asm'],
  ['cvtss2sd', 'xmm,xmmrm32', 'rm: F3 0F 5A /r', '', 'asm'],
  ['cvttpd2pi', 'mmx,xmmrm128', 'rm: 66 0F 2C /r', '', 'asm'],
  ['cvttpd2dq', 'xmm,xmmrm128', 'rm: 66 0F E6 /r', '', 'asm'],
  ['cvttps2dq', 'xmm,xmmrm128', 'rm: F3 0F 5B /r', '', 'asm'],
  ['cvttsd2si', 'r32,xmm', 'rm: F2 0F 2C /r', '', 'asm'],
  ['cvttsd2si', 'r32,m64?', 'rm: F2 0F 2C /r', '', 'asm'],
  ['divpd', 'xmm,xmmrm128', 'rm: 66 0F 5E /r', '', 'asm'],
  ['divsd', 'xmm,xmmrm64', 'rm: F2 0F 5E /r', '', 'asm'],
  ['maxpd', 'xmm,xmmrm128', 'rm: 66 0F 5F /r', '', 'asm'],
  ['maxsd', 'xmm,xmmrm64', 'rm: F2 0F 5F /r', '', 'asm'],
  ['minpd', 'xmm,xmmrm128', 'rm: 66 0F 5D /r', '', 'asm'],
  ['minsd', 'xmm,xmmrm64', 'rm: F2 0F 5D /r', '', 'asm'],
  ['movapd', 'xmm,xmmrm128', 'rm: 66 0F 28 /r', '', 'asm'],
  ['movapd', 'xmmrm128,xmm', 'mr: 66 0F 29 /r', '', 'asm'],
  ['movhpd', 'm64?,xmm', 'mr: 66 0F 17 /r', '', 'asm'],
  ['movhpd', 'xmm,m64?', 'rm: 66 0F 16 /r', '', 'asm'],
  ['movlpd', 'm64?,xmm', 'mr: 66 0F 13 /r', '', 'asm'],
  ['movlpd', 'xmm,m64?', 'rm: 66 0F 12 /r', '', 'asm'],
  ['movmskpd', 'r32,xmm', 'rm: 66 0F 50 /r', '', 'asm'],
  ['movsd', 'xmm,xmmrm64', 'rm: F2 0F 10 /r', '', 'asm'],
  ['movsd', 'xmmrm64,xmm', 'mr: F2 0F 11 /r', '', 'asm'],
  ['movupd', 'xmm,xmmrm128', 'rm: 66 0F 10 /r', '', 'asm'],
  ['movupd', 'xmmrm128,xmm', 'mr: 66 0F 11 /r', '', 'asm'],
  ['mulpd', 'xmm,xmmrm128', 'rm: 66 0F 59 /r', '', 'asm'],
  ['mulsd', 'xmm,xmmrm64', 'rm: F2 0F 59 /r', '', 'asm'],
  ['orpd', 'xmm,xmmrm128', 'rm: 66 0F 56 /r', '', 'asm'],
  ['shufpd', 'xmm,xmmrm128,imm8', 'rmi: 66 0F C6 /r ib', '', 'asm'],
  ['sqrtpd', 'xmm,xmmrm128', 'rm: 66 0F 51 /r', '', 'asm'],
  ['sqrtsd', 'xmm,xmmrm64', 'rm: F2 0F 51 /r', '', 'asm'],
  ['subpd', 'xmm,xmmrm128', 'rm: 66 0F 5C /r', '', 'asm'],
  ['subsd', 'xmm,xmmrm64', 'rm: F2 0F 5C /r', '', 'asm'],
  ['ucomisd', 'xmm,xmmrm64', 'rm: 66 0F 2E /r', '', 'asm'],
  ['unpckhpd', 'xmm,xmmrm128', 'rm: 66 0F 15 /r', '', 'asm'],
  ['unpcklpd', 'xmm,xmmrm128', 'rm: 66 0F 14 /r', '', 'asm'],
  ['xorpd', 'xmm,xmmrm128', 'rm: 66 0F 57 /r', '', 'asm'],
  // SSE3
  ['addsubpd', 'xmm,xmmrm128', 'rm: 66 0F D0 /r', '', 'asm'],
  ['addsubps', 'xmm,xmmrm128', 'rm: F2 0F D0 /r', '', 'asm'],
  ['haddpd', 'xmm,xmmrm128', 'rm: 66 0F 7C /r', '', 'asm'],
  ['haddps', 'xmm,xmmrm128', 'rm: F2 0F 7C /r', '', 'asm'],
  ['hsubpd', 'xmm,xmmrm128', 'rm: 66 0F 7D /r', '', 'asm'],
  ['hsubps', 'xmm,xmmrm128', 'rm: F2 0F 7D /r', '', 'asm'],
  ['lddqu', 'xmm,m128?', 'rm: F2 0F F0 /r', '', 'asm'],
  ['movddup', 'xmm,xmmrm64', 'rm: F2 0F 12 /r', '', 'asm'],
  ['movshdup', 'xmm,xmmrm128', 'rm: F3 0F 16 /r', '', 'asm'],
  ['movsldup', 'xmm,xmmrm128', 'rm: F3 0F 12 /r', '', 'asm'],
  // SSSE3 (0F 38 / 0F 3A; mm forms without 66)
  ['pabsb', 'mmx,mmxrm64', 'rm: 0F 38 1C /r', '', 'asm'],
  ['pabsb', 'xmm,xmmrm128', 'rm: 66 0F 38 1C /r', '', 'asm'],
  ['pabsw', 'mmx,mmxrm64', 'rm: 0F 38 1D /r', '', 'asm'],
  ['pabsw', 'xmm,xmmrm128', 'rm: 66 0F 38 1D /r', '', 'asm'],
  ['pabsd', 'mmx,mmxrm64', 'rm: 0F 38 1E /r', '', 'asm'],
  ['pabsd', 'xmm,xmmrm128', 'rm: 66 0F 38 1E /r', '', 'asm'],
  ['palignr', 'mmx,mmxrm64,imm8', 'rmi: 0F 3A 0F /r ib', '', 'asm'],
  ['palignr', 'xmm,xmmrm,imm8', 'rmi: 66 0F 3A 0F /r ib', '', 'asm'],
  ['phaddw', 'mmx,mmxrm64', 'rm: 0F 38 01 /r', '', 'asm'],
  ['phaddw', 'xmm,xmmrm128', 'rm: 66 0F 38 01 /r', '', 'asm'],
  ['phaddd', 'mmx,mmxrm64', 'rm: 0F 38 02 /r', '', 'asm'],
  ['phaddd', 'xmm,xmmrm128', 'rm: 66 0F 38 02 /r', '', 'asm'],
  ['phaddsw', 'mmx,mmxrm64', 'rm: 0F 38 03 /r', '', 'asm'],
  ['phaddsw', 'xmm,xmmrm128', 'rm: 66 0F 38 03 /r', '', 'asm'],
  ['phsubw', 'mmx,mmxrm64', 'rm: 0F 38 05 /r', '', 'asm'],
  ['phsubw', 'xmm,xmmrm128', 'rm: 66 0F 38 05 /r', '', 'asm'],
  ['phsubd', 'mmx,mmxrm64', 'rm: 0F 38 06 /r', '', 'asm'],
  ['phsubd', 'xmm,xmmrm128', 'rm: 66 0F 38 06 /r', '', 'asm'],
  ['phsubsw', 'mmx,mmxrm64', 'rm: 0F 38 07 /r', '', 'asm'],
  ['phsubsw', 'xmm,xmmrm128', 'rm: 66 0F 38 07 /r', '', 'asm'],
  ['pmaddubsw', 'mmx,mmxrm64', 'rm: 0F 38 04 /r', '', 'asm'],
  ['pmaddubsw', 'xmm,xmmrm128', 'rm: 66 0F 38 04 /r', '', 'asm'],
  ['pmulhrsw', 'mmx,mmxrm64', 'rm: 0F 38 0B /r', '', 'asm'],
  ['pmulhrsw', 'xmm,xmmrm128', 'rm: 66 0F 38 0B /r', '', 'asm'],
  ['pshufb', 'mmx,mmxrm64', 'rm: 0F 38 00 /r', '', 'asm'],
  ['pshufb', 'xmm,xmmrm128', 'rm: 66 0F 38 00 /r', '', 'asm'],
  ['psignb', 'mmx,mmxrm64', 'rm: 0F 38 08 /r', '', 'asm'],
  ['psignb', 'xmm,xmmrm128', 'rm: 66 0F 38 08 /r', '', 'asm'],
  ['psignw', 'mmx,mmxrm64', 'rm: 0F 38 09 /r', '', 'asm'],
  ['psignw', 'xmm,xmmrm128', 'rm: 66 0F 38 09 /r', '', 'asm'],
  ['psignd', 'mmx,mmxrm64', 'rm: 0F 38 0A /r', '', 'asm'],
  ['psignd', 'xmm,xmmrm128', 'rm: 66 0F 38 0A /r', '', 'asm'],
  // SSE4.1 (66 0F 38 / 66 0F 3A)
  ['blendpd', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 0D /r ib', '', 'asm'],
  ['blendps', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 0C /r ib', '', 'asm'],
  ['blendvpd', 'xmm,xmmrm128,xmm0', 'rm-: 66 0F 38 15 /r', '', 'asm'],
  ['blendvpd', 'xmm,xmmrm128', 'rm: 66 0F 38 15 /r', '', 'asm'],
  ['blendvps', 'xmm,xmmrm128,xmm0', 'rm-: 66 0F 38 14 /r', '', 'asm'],
  ['blendvps', 'xmm,xmmrm128', 'rm: 66 0F 38 14 /r', '', 'asm'],
  ['dppd', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 41 /r ib', '', 'asm'],
  ['dpps', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 40 /r ib', '', 'asm'],
  ['extractps', 'rm32?,xmm,imm8', 'mri: 66 0F 3A 17 /r ib', '', 'asm'],
  ['insertps', 'xmm,xmmrm32,imm8', 'rmi: 66 0F 3A 21 /r ib', '', 'asm'],
  ['movntdqa', 'xmm,m128?', 'rm: 66 0F 38 2A /r', '', 'asm'],
  ['mpsadbw', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 42 /r ib', '', 'asm'],
  ['packusdw', 'xmm,xmmrm128', 'rm: 66 0F 38 2B /r', '', 'asm'],
  ['pblendvb', 'xmm,xmmrm,xmm0', 'rm-: 66 0F 38 10 /r', '', 'asm'],
  ['pblendvb', 'xmm,xmmrm128', 'rm: 66 0F 38 10 /r', '', 'asm'],
  ['pblendw', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 0E /r ib', '', 'asm'],
  ['pcmpeqq', 'xmm,xmmrm128', 'rm: 66 0F 38 29 /r', '', 'asm'],
  ['pextrb', 'r32,xmm,imm8', 'mri: 66 0F 3A 14 /r ib', '', 'asm'],
  ['pextrb', 'm8?,xmm,imm8', 'mri: 66 0F 3A 14 /r ib', '', 'asm'],
  ['pextrd', 'rm32?,xmm,imm8', 'mri: 66 0F 3A 16 /r ib', '', 'asm'],
  ['pextrw', 'm16?,xmm,imm8', 'mri: 66 0F 3A 15 /r ib', '', 'asm'],
  ['phminposuw', 'xmm,xmmrm128', 'rm: 66 0F 38 41 /r', '', 'asm'],
  ['pinsrb', 'xmm,m,imm8', 'rmi: 66 0F 3A 20 /r ib', '', 'asm'],
  ['pinsrb', 'xmm,rm8?,imm8', 'rmi: 66 0F 3A 20 /r ib', 'nohi', 'asm'],
  ['pinsrb', 'xmm,r32,imm8', 'rmi: 66 0F 3A 20 /r ib', '', 'asm'],
  ['pinsrd', 'xmm,rm32?,imm8', 'rmi: 66 0F 3A 22 /r ib', '', 'asm'],
  ['pmaxsb', 'xmm,xmmrm128', 'rm: 66 0F 38 3C /r', '', 'asm'],
  ['pmaxsd', 'xmm,xmmrm128', 'rm: 66 0F 38 3D /r', '', 'asm'],
  ['pmaxud', 'xmm,xmmrm128', 'rm: 66 0F 38 3F /r', '', 'asm'],
  ['pmaxuw', 'xmm,xmmrm128', 'rm: 66 0F 38 3E /r', '', 'asm'],
  ['pminsb', 'xmm,xmmrm128', 'rm: 66 0F 38 38 /r', '', 'asm'],
  ['pminsd', 'xmm,xmmrm128', 'rm: 66 0F 38 39 /r', '', 'asm'],
  ['pminud', 'xmm,xmmrm128', 'rm: 66 0F 38 3B /r', '', 'asm'],
  ['pminuw', 'xmm,xmmrm128', 'rm: 66 0F 38 3A /r', '', 'asm'],
  ['pmovsxbw', 'xmm,xmmrm64', 'rm: 66 0F 38 20 /r', '', 'asm'],
  ['pmovsxbd', 'xmm,xmmrm32', 'rm: 66 0F 38 21 /r', '', 'asm'],
  ['pmovsxbq', 'xmm,xmmrm16', 'rm: 66 0F 38 22 /r', '', 'asm'],
  ['pmovsxwd', 'xmm,xmmrm64', 'rm: 66 0F 38 23 /r', '', 'asm'],
  ['pmovsxwq', 'xmm,xmmrm32', 'rm: 66 0F 38 24 /r', '', 'asm'],
  ['pmovsxdq', 'xmm,xmmrm64', 'rm: 66 0F 38 25 /r', '', 'asm'],
  ['pmovzxbw', 'xmm,xmmrm64', 'rm: 66 0F 38 30 /r', '', 'asm'],
  ['pmovzxbd', 'xmm,xmmrm32', 'rm: 66 0F 38 31 /r', '', 'asm'],
  ['pmovzxbq', 'xmm,xmmrm16', 'rm: 66 0F 38 32 /r', '', 'asm'],
  ['pmovzxwd', 'xmm,xmmrm64', 'rm: 66 0F 38 33 /r', '', 'asm'],
  ['pmovzxwq', 'xmm,xmmrm32', 'rm: 66 0F 38 34 /r', '', 'asm'],
  ['pmovzxdq', 'xmm,xmmrm64', 'rm: 66 0F 38 35 /r', '', 'asm'],
  ['pmuldq', 'xmm,xmmrm128', 'rm: 66 0F 38 28 /r', '', 'asm'],
  ['pmulld', 'xmm,xmmrm128', 'rm: 66 0F 38 40 /r', '', 'asm'],
  ['ptest', 'xmm,xmmrm128', 'rm: 66 0F 38 17 /r', '', 'asm'],
  ['roundpd', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 09 /r ib', '', 'asm'],
  ['roundps', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 08 /r ib', '', 'asm'],
  ['roundsd', 'xmm,xmmrm64,imm8', 'rmi: 66 0F 3A 0B /r ib', '', 'asm'],
  ['roundss', 'xmm,xmmrm32,imm8', 'rmi: 66 0F 3A 0A /r ib', '', 'asm'],
  // SSE4.2 (string compares; CRC32 F2 0F 38 F0/F1)
  ['crc32', 'r32,rm8', 'rm: F2 0F 38 F0 /r', '', 'asm'],
  ['crc32', 'r32,rm16', 'rm: o16 F2 0F 38 F1 /r', '', 'asm'],
  ['crc32', 'r32,rm32', 'rm: o32 F2 0F 38 F1 /r', '', 'asm'],
  ['pcmpestri', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 61 /r ib', '', 'asm'],
  ['pcmpestrm', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 60 /r ib', '', 'asm'],
  ['pcmpistri', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 63 /r ib', '', 'asm'],
  ['pcmpistrm', 'xmm,xmmrm128,imm8', 'rmi: 66 0F 3A 62 /r ib', '', 'asm'],
  ['pcmpgtq', 'xmm,xmmrm128', 'rm: 66 0F 38 37 /r', '', 'asm'],
  // ---- end of the MMX/SSE block -------------------------------------------------------
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
