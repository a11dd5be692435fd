/**
 * The core's decode tables, computed from the ISA table (CORE_FORMS) and
 * written as AssemblyScript by gen/core-tables.mjs into
 * asm/cpu/opcode-tables.generated.ts, the way v86 generates its interpreter
 * from gen/x86_table.js. The core reads them instead of spelling opcodes out
 * again: instruction lengths and LOCK checks in execute.ts, the prefix bytes,
 * and which forms the decoded fast path takes in dcache.ts.
 *
 * OPCODE_INFO holds one byte per (map, opcode, ModRM.reg), at
 * (map << 11) | (opcode << 3) | reg, map 0 the one-byte opcodes and 1 the
 * 0F xx ones. An opcode without ModRM repeats its byte for all eight digits.
 * An opcode no row lists gets 0 in the one-byte map and OI_MODRM in the 0F
 * map (most of that map takes ModRM; the core raises #UD for it anyway, after
 * the 15-byte check, which needs a length).
 */
import { CORE_FORMS, PREFIX_WORDS, X87_FORMS, type InsnForm } from './index';

export const OI_MODRM = 0x01;
/** Bits 1-3: the immediate (or displacement, branch offset) after ModRM/SIB/displacement. */
export const OI_IMM_SHIFT = 1;
export const OI_IMM_MASK = 0x0e;
export const OI_LOCK = 0x10;
export const OI_END = 0x20;
export const OI_FAST_REG = 0x40;
export const OI_FAST_MEM = 0x80;

export const IMM_NONE = 0;
export const IMM_B = 1; // ib, rel8
export const IMM_W = 2; // iw (RET n)
export const IMM_V = 3; // iw/id, rel16/rel32: by the operand size
export const IMM_A = 4; // moffs: by the address size
export const IMM_WB = 5; // iw ib (ENTER)
export const IMM_VW = 6; // a far pointer: iw/id by the operand size, then the selector word (EA, 9A)

const IMM_NAMES = ['', 'ib', 'iw', 'iv', 'ia', 'iw+ib', 'iv+iw'];
// The CPU's prefix bytes; WAIT (9B) is an instruction of its own that the assembler writes as a prefix word.
const PREFIX_SET = new Set(Object.values(PREFIX_WORDS).flatMap((p) => (p.byte === null || p.group === 'wait' ? [] : [p.byte])));

/** Where a form sits: map, opcodes (8 with +r), ModRM digits it covers, and a fixed ModRM byte if any. */
export interface FormPlace {
  readonly map: 0 | 1;
  readonly opcodes: readonly number[];
  readonly digits: readonly number[];
  readonly modrm: boolean;
  /** The ModRM byte is part of the opcode (ENDBR32: F3 0F 1E FB). */
  readonly fixedModrm: number | null;
}

export function placeOf(f: InsnForm): FormPlace {
  let bytes = [...f.opcode];
  while (bytes.length > 1 && PREFIX_SET.has(bytes[0]!)) bytes = bytes.slice(1); // a mandatory prefix (F3 of ENDBR32)
  const map = bytes[0] === 0x0f ? 1 : 0;
  const op = bytes[map]!;
  const rest = bytes.slice(map + 1);
  if (rest.length > 1) throw new Error(`core tables: ${f.mnemonic}: opcode too long`);
  const fixedModrm = rest.length === 1 ? rest[0]! : null;
  const opcodes = f.plusReg ? [0, 1, 2, 3, 4, 5, 6, 7].map((r) => op + r) : [op];
  let digits = [0, 1, 2, 3, 4, 5, 6, 7];
  if (typeof f.modrm === 'number') digits = [f.modrm];
  else if (fixedModrm !== null) digits = [(fixedModrm >> 3) & 7];
  return { map, opcodes, digits, modrm: f.modrm !== null || fixedModrm !== null, fixedModrm };
}

export function immediateKind(f: InsnForm): number {
  const i = f.immediates.join(' ');
  switch (i) {
    case '': return IMM_NONE;
    case 'ib': case 'rel8': return IMM_B;
    case 'iw': return IMM_W;
    case 'id': case 'rel32': return IMM_V;
    case 'moffs': return IMM_A;
    case 'iw ib': return IMM_WB;
    case 'cp': case 'cd': return IMM_VW;
    default: throw new Error(`core tables: ${f.mnemonic}: immediates '${i}' have no kind`);
  }
}

/** 66 90, XCHG AX,AX: the one prefixed form the fast path takes (a NOP). */
export function isPrefixedNop(f: InsnForm): boolean {
  return f.mnemonic === 'nop' && f.prefixes.length === 1 && f.prefixes[0] === 0x66 && f.operands.length === 0;
}

/** The fast-path bits a form contributes: by where its ModRM.rm operand may be. */
function fastBits(f: InsnForm, place: FormPlace): number {
  if (f.core.fast === null) return 0;
  if (f.prefixes.length > 0) {
    // dcache.ts's fastForm knows 66 90 by its two bytes; its cell is 66's, a prefix.
    if (isPrefixedNop(f)) return 0;
    throw new Error(`core tables: ${f.mnemonic} ${f.encoding}: the fast path takes no prefixed form but 66 90`);
  }
  if (!place.modrm) return OI_FAST_REG | OI_FAST_MEM;
  const rm = f.operands.find((o) => o.role === 'm' || o.role === 'x');
  let bits = OI_FAST_REG | OI_FAST_MEM;
  if (rm?.role === 'x' || rm?.kind === 'reg') bits = OI_FAST_REG;
  else if (rm?.kind === 'mem') bits = OI_FAST_MEM;
  return f.core.fast === 'reg' ? bits & OI_FAST_REG : bits;
}

interface Cell { modrm?: boolean; lock?: boolean; end?: boolean; fast: number; imms: Set<number> }

/** One immediate per cell: an iw of a 0x66 row is the 16-bit size of an operand-sized (V) immediate. */
function resolveImmediate(imms: Set<number>, where: string): number {
  if (imms.size > 1) throw new Error(`core tables: ${where}: rows disagree on the immediate (${[...imms].map((k) => IMM_NAMES[k]).join(', ')})`);
  return imms.size === 0 ? IMM_NONE : [...imms][0]!;
}

export interface CoreTables {
  /** 2 maps x 256 opcodes x 8 digits. */
  readonly info: Uint8Array;
  /** 256 bytes: 1 for the prefix bytes. */
  readonly prefix: Uint8Array;
  /** Mnemonics per (map, opcode), for the generated file's comments. */
  readonly names: readonly string[][];
}

export function buildCoreTables(forms: readonly InsnForm[] = CORE_FORMS, x87: readonly InsnForm[] = X87_FORMS): CoreTables {
  const cells: Cell[] = Array.from({ length: 2 * 256 * 8 }, () => ({ fast: 0, imms: new Set<number>() }));
  const names: string[][] = Array.from({ length: 512 }, () => []);
  const agree = <K extends 'modrm' | 'lock' | 'end'>(c: Cell, key: K, v: boolean, f: InsnForm): void => {
    if (c[key] !== undefined && c[key] !== v) throw new Error(`core tables: ${f.mnemonic} ${f.encoding}: rows disagree on ${key}`);
    c[key] = v;
  };
  for (const f of forms) {
    const place = placeOf(f);
    const imm = immediateKind(f);
    const kind = imm === IMM_W && f.prefixes.includes(0x66) ? IMM_V : imm;
    const fast = fastBits(f, place);
    for (const op of place.opcodes) {
      const at = (place.map << 8) | op;
      const name = f.family.endsWith('cc') ? f.mnemonic : f.family;
      if (!names[at]!.includes(name)) names[at]!.push(name);
      for (const d of place.digits) {
        const c = cells[(at << 3) | d]!;
        agree(c, 'modrm', place.modrm, f);
        agree(c, 'lock', f.core.lock, f);
        agree(c, 'end', f.core.end, f);
        c.fast |= fast;
        c.imms.add(kind);
      }
    }
  }
  // The x87 escapes: the unit decodes them (asm/cpu/x87.ts); the length decoder needs only
  // their ModRM byte (a register form's second byte is ModRM with mod = 3).
  for (const f of x87) {
    const escape = f.opcode[0]!;
    if (escape < 0xd8 || escape > 0xdf) throw new Error(`core tables: ${f.mnemonic} ${f.encoding}: an x87 row is D8-DF`);
    if (!names[escape]!.includes(f.family)) names[escape]!.push(f.family);
    for (let d = 0; d < 8; d++) {
      const c = cells[(escape << 3) | d]!;
      agree(c, 'modrm', true, f);
      agree(c, 'lock', false, f);
      agree(c, 'end', false, f);
      c.imms.add(IMM_NONE);
    }
  }
  const info = new Uint8Array(2 * 256 * 8);
  for (let at = 0; at < 512; at++) {
    const digits = [0, 1, 2, 3, 4, 5, 6, 7].map((d) => cells[(at << 3) | d]!);
    const listed = digits.filter((c) => c.modrm !== undefined);
    const modrm = listed.length === 0 ? at >= 256 : listed[0]!.modrm!;
    if (listed.some((c) => c.modrm !== modrm)) throw new Error(`core tables: opcode ${at.toString(16)}: ModRM on some digits only`);
    // Digits no row lists share the opcode's immediate, if its rows agree on one.
    const where = `opcode ${at >= 256 ? '0F ' : ''}${(at & 0xff).toString(16)}`;
    const imms = listed.map((c) => resolveImmediate(c.imms, where));
    if (new Set(imms).size > 1 && listed.length < 8) throw new Error(`core tables: ${where}: immediates differ by digit; list every digit`);
    const common = new Set(imms).size === 1 ? imms[0]! : IMM_NONE;
    digits.forEach((c, d) => {
      const imm = c.modrm === undefined ? common : resolveImmediate(c.imms, where);
      info[(at << 3) | d] = (modrm ? OI_MODRM : 0) | (imm << OI_IMM_SHIFT) | (c.lock ? OI_LOCK : 0) | (c.end ? OI_END : 0) | c.fast;
    });
  }
  const prefix = new Uint8Array(256);
  for (const b of PREFIX_SET) prefix[b] = 1;
  return { info, prefix, names };
}

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** The generated AssemblyScript module (asm/cpu/opcode-tables.generated.ts). */
export function coreTablesSource(tables: CoreTables = buildCoreTables()): string {
  const lines: string[] = [
    '// GENERATED from src/isa/table.ts by gen/core-tables.mjs (npm run gen:core, run by',
    '// npm run build:core): do not edit. test/isa/core-tables.test.ts checks it is current.',
    '//',
    '// OPCODE_INFO: one byte per (map, opcode, ModRM.reg) at (map << 11) | (op << 3) | reg,',
    '// map 0 the one-byte opcodes, 1 the 0F xx ones (see src/isa/core-tables.ts).',
    '',
    `export const OI_MODRM: u32 = ${hex2(OI_MODRM)};    // a ModRM byte follows the opcode`,
    `export const OI_IMM_SHIFT: u32 = ${OI_IMM_SHIFT};     // bits 1-3: IMM_*`,
    `export const OI_IMM_MASK: u32 = ${hex2(OI_IMM_MASK)};`,
    `export const OI_LOCK: u32 = ${hex2(OI_LOCK)};     // LOCK allowed (with a memory operand)`,
    `export const OI_END: u32 = ${hex2(OI_END)};      // ends a basic block`,
    `export const OI_FAST_REG: u32 = ${hex2(OI_FAST_REG)}; // the decoded fast path runs it with a register in ModRM.rm (or no ModRM)`,
    `export const OI_FAST_MEM: u32 = ${hex2(OI_FAST_MEM)}; // ... with a memory operand (or no ModRM)`,
    `export const IMM_NONE: u32 = ${IMM_NONE};`,
    `export const IMM_B: u32 = ${IMM_B};  // ib, rel8`,
    `export const IMM_W: u32 = ${IMM_W};  // iw`,
    `export const IMM_V: u32 = ${IMM_V};  // iw or id by the operand size (also rel16/rel32)`,
    `export const IMM_A: u32 = ${IMM_A};  // moffs: 2 or 4 bytes by the address size`,
    `export const IMM_WB: u32 = ${IMM_WB}; // iw then ib (enter)`,
    `export const IMM_VW: u32 = ${IMM_VW}; // iw or id by the operand size, then iw (a far pointer)`,
    '',
    'export const OPCODE_INFO: usize = memory.data<u8>([',
  ];
  for (let at = 0; at < 512; at++) {
    if (at === 0) lines.push('  // ---- one-byte opcodes');
    if (at === 256) lines.push('  // ---- 0F xx');
    const bytes = Array.from(tables.info.subarray(at << 3, (at << 3) + 8), hex2).join(',');
    const op = `${at >= 256 ? '0F ' : ''}${(at & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;
    const who = tables.names[at]!.slice(0, 4).join(' ') + (tables.names[at]!.length > 4 ? ' …' : '');
    lines.push(`  ${bytes}, // ${op}${who ? ` ${who}` : ''}`);
  }
  lines.push(']);', '', '/** Nonzero for the prefix bytes (66 67 F0 F2 F3 26 2E 36 3E 64 65). */', 'export const PREFIX_BYTE: usize = memory.data<u8>([');
  for (let row = 0; row < 16; row++) {
    lines.push(`  ${Array.from(tables.prefix.subarray(row * 16, row * 16 + 16)).join(',')}, // ${(row * 16).toString(16).toUpperCase().padStart(2, '0')}`);
  }
  lines.push(']);', '');
  return lines.join('\n');
}
