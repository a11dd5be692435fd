/**
 * The instruction corpus, generated from the ISA table: for every form of
 * every mnemonic, source lines that exercise it with sample operands (every
 * sample of each operand slot, the others held at their first sample).
 * Real nasm assembles the same lines (test/assembler/record.mjs) and the
 * recorded bytes are the expected output of ftvm's assembler.
 *
 * One file per table family (`add`, `jcc`, `setcc`, …) so a mismatch points
 * at one mnemonic.
 */
import { FORMS, PREFIX_WORDS, type InsnForm, type OperandSpec } from '../../src/isa';

const REGS: Readonly<Record<number, readonly string[]>> = {
  8: ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
};

/** Addresses covering every ModRM/SIB shape and displacement size. */
const ADDRESSES = [
  '[eax]', '[ebp]', '[esp]', '[ebx+4]', '[esi-128]', '[edi+127]', '[ecx+128]', '[edx-129]',
  '[ebx+ecx*4+0x10]', '[ebp+eax*2-8]', '[esp+ebp*8+0x1000]', '[eax*8]', '[ecx*2]', '[edx*4+4]',
  '[0x1234]', '[data]', '[data+ebx*4]', '[ebx+data]', '[esp+4]', '[gs:0x10]', '[fs:eax+4]', '[es:edi]',
];
const FEW_ADDRESSES = ['[eax]', '[ebp+8]', '[esp+ecx*4-4]', '[data]', '[gs:0x14]'];

const SIZE_WORD: Readonly<Record<number, string>> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 80: 'tword', 128: 'oword' };
const X87_REGS = ['st0', 'st1', 'st2', 'st3', 'st4', 'st5', 'st6', 'st7'];
const SIMD_REGS = { mmx: ['mm0', 'mm3', 'mm7'], xmm: ['xmm0', 'xmm3', 'xmm7'] } as const;

function isSizedReg(spec: OperandSpec): boolean {
  return spec.kind === 'reg';
}

/** The sample operands for one slot of a form. */
function samples(form: InsnForm, i: number, first: boolean): string[] {
  const spec = form.operands[i]!;
  const others = form.operands.filter((_, j) => j !== i);
  // An unsized memory operand is fine where NASM can infer its size.
  const sizeFree = spec.type === 'm' || spec.type === 'm0' || spec.defaultsUnsized || (form.sizeMatch && others.some(isSizedReg));
  const mem = (list: readonly string[]): string[] => {
    const out = list.map((m) => (sizeFree ? m : `${SIZE_WORD[spec.size]} ${m}`));
    if (sizeFree && spec.type !== 'm' && spec.size in SIZE_WORD && !form.unsizedMemory) out.push(`${SIZE_WORD[spec.size]} ${list[0]}`);
    return out;
  };
  if (spec.fixedRegister) return [spec.fixedRegister];
  if (spec.simd) return spec.kind === 'reg' ? [...SIMD_REGS[spec.simd]] : [SIMD_REGS[spec.simd][1], ...mem(first ? ADDRESSES : FEW_ADDRESSES)];
  switch (spec.kind) {
    case 'reg':
      if (spec.type === 'creg') return ['cr0', 'cr2', 'cr3', 'cr4'];
      if (spec.type === 'dreg') return ['dr0', 'dr3', 'dr6', 'dr7'];
      if (spec.type === 'st') return X87_REGS;
      if (spec.type === 'tost') return X87_REGS.map((r) => `to ${r}`);
      return spec.role === 'o' ? [...REGS[spec.size]!] : REGS[spec.size]!.filter((_, k) => k % 3 === 0 || k === 7);
    case 'rm':
      return [...REGS[spec.size]!.filter((_, k) => k === 0 || (k === 5 && !(form.noHighBytes && spec.size === 8))), ...mem(first ? ADDRESSES : FEW_ADDRESSES)];
    case 'mem':
      if (spec.type === 'mfar') return ['far [eax]', 'far [ebx+4]', 'dword far [esp+ecx*4]', 'far [data]'];
      if (spec.type === 'm') return ['[eax]', '[ebx+ecx*4+8]', '[esp]', '[ebp-4]', '[eax*2]', '[data+eax]', '[0x1234]', '[ebx*4]'];
      return mem(first ? ADDRESSES : FEW_ADDRESSES);
    case 'moffs':
      return ['[0x1234]', '[data]', '[fs:0x10]', '[data+8]'];
    case 'sreg':
      return form.operands.length === 2 && i === 0 ? ['es', 'ss', 'ds', 'fs', 'gs'] : ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
    case 'far':
      return spec.size === 16 ? ['word 0x10:0x1234', 'word 8:0xffff'] : ['0x10:0x12345678', '0x1b:here', 'dword 8:data'];
    case 'rel':
      if (form.shortOnly) return ['short $', 'short $+0x40', 'short $-0x40'];
      if (spec.size === 8) return form.relax ? ['$', '$+2', '$+0x40', '$-0x40', 'here'] : ['$', '$+0x40', '$-0x40'];
      if (spec.size === 16) return ['word $+0x100', 'word $-0x100', 'word here'];
      return ['$+0x1000', '$-0x1000', 'near $', 'data', 'far_away'];
    case 'imm': {
      const sized = (vals: string[]): string[] => {
        // With no sized operand to follow, a 16-bit form needs `word` on the immediate.
        const needsWord = form.sizeMatch && form.opsize === 16 && !others.some((o) => o.kind === 'reg' || o.kind === 'rm' || o.kind === 'mem');
        return needsWord ? vals.map((v) => (v.startsWith('byte ') ? v : `word ${v}`)) : vals;
      };
      if (spec.type === 'one') return ['1'];
      if (spec.type === 'sbyte16' || spec.type === 'sbyte32') return sized(['0', '1', '-1', '127', '-128', 'byte 0x7f', 'small']);
      const bound = form.sizeMatch && spec.size === form.opsize;
      if (spec.size === 8) return bound ? ['0', '1', '0x7f', '-1', '0x80', '255', "'a'"] : ['2', '7', '31', '0x80'];
      if (spec.size === 16) return bound ? sized(['0x1234', '-300', '0xffff', '128', '-129']) : ['0', '8', '0x1234', '0xffff'];
      return ['0x12345678', '-129', '128', '0xffffffff', 'data', 'data+4', '1000', 'big'];
    }
  }
}

function linesFor(form: InsnForm): string[] {
  const n = form.operands.length;
  if (n === 0) return [form.mnemonic];
  const lists = form.operands.map((_, i) => samples(form, i, i === 0 || form.operands[0]!.kind !== 'rm'));
  const out: string[] = [];
  const base = lists.map((l) => l[0]!);
  for (let i = 0; i < n; i++) {
    for (const s of lists[i]!) {
      const ops = [...base];
      ops[i] = s;
      // Two segment overrides or two memory operands are not instructions.
      if (ops.filter((o) => o.includes('[')).length > 1) continue;
      out.push(`${form.mnemonic} ${ops.join(', ')}`);
    }
  }
  return out;
}

/** The x87 environment and state images, whose size o16/o32 choose. */
const X87_IMAGES = ['fnstenv [eax]', 'fstenv [ebx+4]', 'fldenv [esp]', 'fnsave [eax]', 'fsave [gs:0x10]', 'frstor [ecx*4]'];

const PREFIX_SAMPLES: Readonly<Record<string, readonly string[]>> = {
  lock: ['add dword [eax], 1', 'xadd [ebx], ecx', 'cmpxchg [esi], edx', 'inc dword [gs:0x20]'],
  rep: ['movsb', 'movsd', 'stosb', 'stosw', 'lodsd'],
  repe: ['cmpsb', 'scasd'],
  repz: ['cmpsw', 'scasb'],
  repne: ['scasb', 'cmpsd'],
  repnz: ['scasw', 'cmpsb'],
  o16: ['pushf', 'lodsb', ...X87_IMAGES],
  o32: ['pushf', 'lodsb', ...X87_IMAGES],
  wait: ['mov eax, [ebx]', 'fnstcw [eax]', 'fstcw [eax]', 'fld st1', 'fninit'],
  a16: ['movsb', 'lodsd'],
  xacquire: ['lock add dword [eax], 1', 'xchg [ebx], ecx', 'lock xadd [esi], edx'],
  xrelease: ['lock sub dword [eax], 1', 'xchg [ebx], ecx', 'mov [edi], eax'],
  bnd: ['ret', 'ret 8', 'jmp eax', 'call [ebx]', 'jmp $+0x100', 'jnz $+0x100', 'call $+0x100'],
};

function prefixLines(): string[] {
  const out: string[] = [];
  for (const p of Object.keys(PREFIX_WORDS)) {
    const list = PREFIX_SAMPLES[p] ?? ['mov eax, [ebx]', 'movsb', 'push dword [esi+4]'];
    for (const s of list) out.push(`${p} ${s}`);
  }
  return out;
}

function wrap(family: string, lines: readonly string[]): string {
  return [
    `; ${family}: generated from src/isa/table.ts by test/assembler/corpus.ts; re-record with test/assembler/record.sh`,
    'bits 32',
    'small equ 3',
    'big equ 0x10000',
    'section .text',
    'global _start',
    '_start:',
    'here:',
    ...lines.map((l) => `    ${l}`),
    'far_away:',
    '    nop',
    'section .data',
    'data: dd 0',
    '',
  ].join('\n');
}

export interface CorpusFile {
  readonly name: string;
  readonly source: string;
}

/** The corpus: one file per table family, plus one for prefixes. */
export function generateCorpus(): CorpusFile[] {
  const families = new Map<string, string[]>();
  const simdFamilies = new Set(FORMS.filter((f) => f.operands.some((o) => o.simd)).map((f) => f.family));
  for (const form of FORMS) {
    // MMX/SSE forms go in a file per initial (simd-a … simd-x): some 400 rows, not 200 files.
    const family = simdFamilies.has(form.family) || form.family === 'crc32' || form.family === 'movnti' ? `simd-${form.family[0]}` : form.family;
    const list = families.get(family) ?? [];
    for (const l of linesFor(form)) if (!list.includes(l)) list.push(l);
    families.set(family, list);
  }
  const files = [...families].map(([family, lines]) => ({ name: family, source: wrap(family, lines) }));
  files.push({ name: 'prefixes', source: wrap('prefixes', prefixLines()) });
  return files;
}
