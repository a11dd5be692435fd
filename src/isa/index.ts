/**
 * The instruction set as the rest of ftvm uses it: the rows of table.ts
 * parsed into typed forms, with the condition-code rows expanded for every
 * condition name, indexed by mnemonic in preference order. FORMS are what the
 * assembler and disassembler offer; CORE_FORMS add the rows only the core
 * executes (the source of the core's decode tables, see core-tables.ts).
 */
import { CONDITION_CODES } from './conditions';
import { RAW_FORMS, type RawForm } from './table';

export { CONDITION_CODES } from './conditions';
export { PREFIX_WORDS } from './table';
export { REGISTERS, SEGMENT_PREFIX, lookupRegister, type Register, type RegisterClass } from './registers';

export type OperandType =
  | 'r8' | 'r16' | 'r32'
  | 'rm8' | 'rm16' | 'rm32'
  | 'm8' | 'm16' | 'm32' | 'm64' | 'm80' | 'm0' | 'm'
  | 'imm8' | 'imm16' | 'imm32' | 'sbyte16' | 'sbyte32' | 'one'
  | 'rel8' | 'rel16' | 'rel32'
  | 'moffs8' | 'moffs16' | 'moffs32'
  | 'al' | 'ax' | 'eax' | 'cl'
  | 'sreg' | 'es' | 'cs' | 'ss' | 'ds' | 'fs' | 'gs'
  | 'dx' | 'creg' | 'dreg' | 'ptr16' | 'ptr32' | 'mfar'
  | 'st' | 'st0' | 'tost'
  | 'm128' | 'mmx' | 'xmm' | 'xmm0' | 'mmxrm64' | 'xmmrm' | 'xmmrm8' | 'xmmrm16' | 'xmmrm32' | 'xmmrm64' | 'xmmrm128';

export type OperandKind = 'reg' | 'rm' | 'mem' | 'imm' | 'rel' | 'moffs' | 'sreg' | 'far';

/** One operand slot of a form, decoded from its type name. */
export interface OperandSpec {
  readonly type: OperandType;
  readonly kind: OperandKind;
  /** Size in bits; 0 for `m` (any size) and the segment registers. */
  readonly size: number;
  /** The register this slot accepts, for fixed-register types (al, cl, fs…). */
  readonly fixedRegister?: string;
  /** An unsized memory operand is accepted and taken as `size` (the `?` suffix). */
  readonly defaultsUnsized: boolean;
  /** Role letter: r m x o i j a - (see table.ts). */
  readonly role: string;
  /** An MMX or SSE register slot (mmx, xmm, mmxrm64, xmmrm…): the register class it takes. */
  readonly simd?: 'mmx' | 'xmm';
}

export type ImmediateField = 'ib' | 'iw' | 'id' | 'rel8' | 'rel16' | 'rel32' | 'moffs' | 'cd' | 'cp';

export interface InsnForm {
  readonly mnemonic: string;
  /** The table row's mnemonic: the same as `mnemonic`, or e.g. `jcc` for `jz`. */
  readonly family: string;
  readonly operands: readonly OperandSpec[];
  /** The encoding as the table writes it, e.g. `o16 0F B6 /r`. */
  readonly encoding: string;
  /** Operand size in bits the form runs at (16 with o16, 32 with o32, 8 for byte forms, 0 if none). */
  readonly opsize: number;
  /** Prefix bytes the form itself requires (0x66 for o16, 0x67 for a16, 0x9B for wait). */
  readonly prefixes: readonly number[];
  /** Opcode bytes; with `plusReg` the register of role `o` is added to the last one. */
  readonly opcode: readonly number[];
  readonly plusReg: boolean;
  /** ModRM: 'r' when ModRM.reg holds an operand, a digit 0-7, or null for no ModRM. */
  readonly modrm: 'r' | number | null;
  /** Immediate and displacement fields after ModRM/SIB/displacement, in order. */
  readonly immediates: readonly ImmediateField[];
  /** Constant bytes after everything else (the predicate of `cmpeqps`: 0F C2 /r 00). */
  readonly suffix: readonly number[];
  readonly sizeMatch: boolean;
  readonly shortOnly: boolean;
  readonly relax: boolean;
  /** Immediates must be written without a size keyword. */
  readonly bareImmediates: boolean;
  /** The disassembler does not print this form (a shorthand another row prints). */
  readonly noDisassembly: boolean;
  /** AH, CH, DH and BH are refused. */
  readonly noHighBytes: boolean;
  /** A memory operand must be written without a size keyword. */
  readonly unsizedMemory: boolean;
  /** Condition code (0-15) for Jcc/SETcc/CMOVcc rows, else null. */
  readonly cc: number | null;
  /** What the core does with the form (the row's fifth field). */
  readonly core: CoreInfo;
}

/** The core's side of a form: see the `Core` notes in table.ts. Flags are EFLAGS bit masks. */
export interface CoreInfo {
  readonly lock: boolean;
  readonly end: boolean;
  /** The decoded fast path runs it: with any ModRM.rm ('all'), a register only ('reg'), or not at all. */
  readonly fast: 'all' | 'reg' | null;
  readonly reads: number;
  readonly writes: number;
  /** Written flags whose value the SDM leaves undefined. */
  readonly undefinedFlags: number;
  /**
   * The assembler offers it; the core's decode tables leave it out (the core
   * raises #UD or #GP for it as it always has, a system instruction in user mode).
   */
  readonly asmOnly: boolean;
  /** The core executes it; the assembler does not offer it. */
  readonly coreOnly: boolean;
  /** The core raises #UD for it (SIGILL). */
  readonly ud: boolean;
  /** The x87 unit executes it (asm/cpu/x87.ts): out of the integer decode tables. */
  readonly x87: boolean;
}

/** EFLAGS bits by the letters the table's r:/w:/u: fields use. */
export const FLAG_BITS: Readonly<Record<string, number>> = { O: 0x800, D: 0x400, S: 0x80, Z: 0x40, A: 0x10, P: 0x4, C: 0x1 };
/** The flags each condition code tests (cc >> 1: o b z be s p l le). */
const CONDITION_FLAGS = ['O', 'C', 'Z', 'CZ', 'S', 'P', 'SO', 'SZO'];

function flagMask(letters: string, cc: number | null, where: string): number {
  if (letters === 'cc') {
    if (cc === null) throw new Error(`isa table: ${where}: r:cc outside a cc row`);
    letters = CONDITION_FLAGS[cc >> 1]!;
  }
  let mask = 0;
  for (const l of letters) {
    const bit = FLAG_BITS[l];
    if (bit === undefined) throw new Error(`isa table: ${where}: unknown flag letter '${l}'`);
    mask |= bit;
  }
  return mask;
}

function parseCore(text: string, cc: number | null, where: string): CoreInfo {
  let lock = false, end = false, coreOnly = false, asmOnly = false, ud = false, x87 = false;
  let fast: CoreInfo['fast'] = null;
  let reads = 0, writes = 0, undefinedFlags = 0;
  for (const tok of text.split(/\s+/).filter(Boolean)) {
    if (tok === 'lock') lock = true;
    else if (tok === 'end') end = true;
    else if (tok === 'fast') fast = 'all';
    else if (tok === 'fast:reg') fast = 'reg';
    else if (tok === 'core') coreOnly = true;
    else if (tok === 'asm') asmOnly = true;
    else if (tok === 'x87') x87 = true;
    else if (tok === 'ud') { ud = true; end = true; }
    else if (tok.startsWith('r:')) reads = flagMask(tok.slice(2), cc, where);
    else if (tok.startsWith('w:')) writes = flagMask(tok.slice(2), cc, where);
    else if (tok.startsWith('u:')) undefinedFlags = flagMask(tok.slice(2), cc, where);
    else throw new Error(`isa table: ${where}: unknown core field '${tok}'`);
  }
  if ((undefinedFlags & ~writes) !== 0) throw new Error(`isa table: ${where}: u: names a flag w: does not`);
  if (coreOnly && asmOnly) throw new Error(`isa table: ${where}: a row is core or asm, not both`);
  if (x87 && (coreOnly || asmOnly || lock || end || fast !== null)) throw new Error(`isa table: ${where}: an x87 row takes only r: and w:`);
  return { lock, end, fast, reads, writes, undefinedFlags, coreOnly, asmOnly, ud, x87 };
}

const FIXED_REGISTERS: Readonly<Record<string, { kind: OperandKind; size: number }>> = {
  al: { kind: 'reg', size: 8 },
  cl: { kind: 'reg', size: 8 },
  ax: { kind: 'reg', size: 16 },
  eax: { kind: 'reg', size: 32 },
  dx: { kind: 'reg', size: 16 },
  es: { kind: 'sreg', size: 0 },
  cs: { kind: 'sreg', size: 0 },
  ss: { kind: 'sreg', size: 0 },
  ds: { kind: 'sreg', size: 0 },
  fs: { kind: 'sreg', size: 0 },
  gs: { kind: 'sreg', size: 0 },
  st0: { kind: 'reg', size: 80 },
};

function parseOperandType(text: string, role: string): OperandSpec {
  const defaultsUnsized = text.endsWith('?');
  const type = (defaultsUnsized ? text.slice(0, -1) : text) as OperandType;
  const simd = /^(mmx|xmm)(0|rm(8|16|32|64|128)?)?$/.exec(type);
  if (simd) {
    // An MMX/SSE operand: unsized memory takes the row's size (NASM finds the one template that fits).
    const cls = simd[1] as 'mmx' | 'xmm';
    if (simd[2] === '0') return { type, kind: 'reg', size: 128, fixedRegister: 'xmm0', defaultsUnsized, role, simd: cls };
    if (simd[2] === undefined) return { type, kind: 'reg', size: cls === 'mmx' ? 64 : 128, defaultsUnsized, role, simd: cls };
    return { type, kind: 'rm', size: simd[3] ? Number(simd[3]) : 0, defaultsUnsized: true, role, simd: cls };
  }
  const fixed = FIXED_REGISTERS[type];
  if (fixed) return { type, kind: fixed.kind, size: fixed.size, fixedRegister: type, defaultsUnsized, role };
  const m = /^(r|rm|m|imm|sbyte|rel|moffs)(8|16|32|64|80|128)?$/.exec(type);
  if (type === 'one') return { type, kind: 'imm', size: 8, defaultsUnsized, role };
  if (type === 'sreg') return { type, kind: 'sreg', size: 0, defaultsUnsized, role };
  if (type === 'creg' || type === 'dreg') return { type, kind: 'reg', size: 32, defaultsUnsized, role };
  if (type === 'ptr16' || type === 'ptr32') return { type, kind: 'far', size: type === 'ptr16' ? 16 : 32, defaultsUnsized, role };
  if (type === 'mfar' || type === 'm0') return { type, kind: 'mem', size: 0, defaultsUnsized, role };
  if (type === 'st' || type === 'tost') return { type, kind: 'reg', size: 80, defaultsUnsized, role };
  if (!m) throw new Error(`isa table: unknown operand type '${text}'`);
  const size = m[2] ? Number(m[2]) : 0;
  const kinds: Record<string, OperandKind> = { r: 'reg', rm: 'rm', m: 'mem', imm: 'imm', sbyte: 'imm', rel: 'rel', moffs: 'moffs' };
  if (m[1] !== 'm' && size === 0) throw new Error(`isa table: operand type '${text}' needs a size`);
  return { type, kind: kinds[m[1]!]!, size, defaultsUnsized, role };
}

function parseForm(raw: RawForm, mnemonic: string, cc: number | null): InsnForm {
  const [, operandText, encodingText, flagText = '', coreText = ''] = raw;
  const colon = encodingText.indexOf(':');
  if (colon < 0) throw new Error(`isa table: ${mnemonic}: encoding needs 'roles:'`);
  const roles = encodingText.slice(0, colon).trim();
  const encoding = encodingText.slice(colon + 1).trim();
  const operandTexts = operandText === '' ? [] : operandText.split(',');
  if (operandTexts.length !== roles.length) {
    throw new Error(`isa table: ${mnemonic} ${operandText}: ${roles.length} roles for ${operandTexts.length} operands`);
  }
  const operands = operandTexts.map((t, i) => parseOperandType(t, roles[i]!));
  const prefixes: number[] = [];
  const opcode: number[] = [];
  const immediates: ImmediateField[] = [];
  const suffix: number[] = [];
  let plusReg = false;
  let modrm: 'r' | number | null = null;
  let opsize = 0;
  for (const tok of encoding.split(/\s+/)) {
    if (tok === 'o16') { prefixes.push(0x66); opsize = 16; }
    else if (tok === 'o32') opsize = 32;
    else if (tok === 'a16') prefixes.push(0x67);
    else if (tok === 'wait') prefixes.push(0x9b);
    else if (tok === 'a32') { /* 32-bit addressing is the default */ }
    else if (tok === '/r') modrm = 'r';
    else if (/^\/[0-7]$/.test(tok)) modrm = Number(tok[1]);
    else if (tok === 'ib' || tok === 'iw' || tok === 'id' || tok === 'rel8' || tok === 'rel16' || tok === 'rel32' || tok === 'moffs' || tok === 'cd' || tok === 'cp') immediates.push(tok);
    else if (/^[0-9A-F]{2}\+r$/.test(tok)) { opcode.push(parseInt(tok, 16)); plusReg = true; }
    else if (/^[0-9A-F]{2}\+cc$/.test(tok)) {
      if (cc === null) throw new Error(`isa table: ${mnemonic}: +cc outside a cc row`);
      opcode.push(parseInt(tok, 16) + cc);
    } else if (/^[0-9A-F]{2}$/.test(tok)) (modrm === null ? opcode : suffix).push(parseInt(tok, 16));
    else throw new Error(`isa table: ${mnemonic}: bad encoding token '${tok}'`);
  }
  if (opsize === 0 && operands.some((o) => (o.kind === 'reg' || o.kind === 'rm' || o.kind === 'mem' || o.kind === 'moffs') && o.size === 8)) opsize = 8;
  const flags = flagText.split(/\s+/).filter(Boolean);
  for (const f of flags) if (!['sm', 'short', 'relax', 'bareimm', 'nd', 'nohi', 'nosize'].includes(f)) throw new Error(`isa table: ${mnemonic}: unknown flag '${f}'`);
  return {
    mnemonic,
    family: raw[0],
    operands,
    encoding,
    opsize,
    prefixes,
    opcode,
    plusReg,
    modrm,
    immediates,
    suffix,
    sizeMatch: flags.includes('sm'),
    shortOnly: flags.includes('short'),
    relax: flags.includes('relax'),
    bareImmediates: flags.includes('bareimm'),
    noDisassembly: flags.includes('nd'),
    noHighBytes: flags.includes('nohi'),
    unsizedMemory: flags.includes('nosize'),
    cc,
    core: parseCore(coreText, cc, `${mnemonic} ${operandText}`),
  };
}

function buildForms(): InsnForm[] {
  const forms: InsnForm[] = [];
  for (const raw of RAW_FORMS) {
    const name = raw[0];
    if (name.endsWith('cc')) {
      const stem = name.slice(0, -2);
      for (const { cc, names } of CONDITION_CODES) {
        for (const n of names) forms.push(parseForm(raw, stem + n, cc));
      }
    } else {
      forms.push(parseForm(raw, name, null));
    }
  }
  return forms;
}

/** Every row's forms, condition codes expanded, in table order. */
const ALL_FORMS: readonly InsnForm[] = buildForms();

/** The forms the core's decode tables come from: the core-only ones included, the assembler-only and x87 ones left out. */
export const CORE_FORMS: readonly InsnForm[] = ALL_FORMS.filter((f) => !f.core.asmOnly && !f.core.x87);

/** The forms the x87 unit executes (D8-DF, asm/cpu/x87.ts). */
export const X87_FORMS: readonly InsnForm[] = ALL_FORMS.filter((f) => f.core.x87);

/** Every form of every mnemonic the assembler offers, condition codes expanded, in table order. */
export const FORMS: readonly InsnForm[] = ALL_FORMS.filter((f) => !f.core.coreOnly);

const BY_MNEMONIC: ReadonlyMap<string, readonly InsnForm[]> = (() => {
  const map = new Map<string, InsnForm[]>();
  for (const f of FORMS) {
    const list = map.get(f.mnemonic);
    if (list) list.push(f);
    else map.set(f.mnemonic, [f]);
  }
  return map;
})();

/** The forms of one mnemonic (lower case) in NASM's preference order, or undefined. */
export function formsOf(mnemonic: string): readonly InsnForm[] | undefined {
  return BY_MNEMONIC.get(mnemonic);
}

/** Every mnemonic the table knows, in table order. */
export const MNEMONICS: readonly string[] = [...BY_MNEMONIC.keys()];
