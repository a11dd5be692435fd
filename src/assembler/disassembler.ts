/**
 * NASM-syntax disassembly, from the table-driven decoder: one line per
 * instruction, written so that ftvm's assembler (or nasm) turns it back into
 * the same bytes — `short` on the short jump forms, `[dword …]` / `[byte …]`
 * where a displacement size is not the one NASM would pick, explicit operand
 * sizes where no register gives them.
 */
import { formsOf } from '../isa';
import { decode, type Decoded, type DecodedMemory, type DecodedOperand } from '../isa/decoder';

function hasSignedByteForm(mnemonic: string): boolean {
  return (formsOf(mnemonic) ?? []).some((f) => f.operands.some((o) => o.type === 'sbyte16' || o.type === 'sbyte32'));
}

const GPR: Readonly<Record<number, readonly string[]>> = {
  8: ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
};
const SREG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const SEG_NAME: Readonly<Record<number, string>> = { 0x26: 'es', 0x2e: 'cs', 0x36: 'ss', 0x3e: 'ds', 0x64: 'fs', 0x65: 'gs' };
const SIZE_WORD: Readonly<Record<number, string>> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 80: 'tword', 128: 'oword' };

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const signedHex = (n: number): string => (n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

export interface DisassemblyLine {
  readonly address: number;
  readonly bytes: Uint8Array;
  /** The instruction in NASM syntax, or `db 0x..` for a byte that is not one. */
  readonly text: string;
}

/** Names for addresses (labels), used for branch targets. */
export type SymbolNames = ReadonlyMap<number, string>;

function memoryText(m: DecodedMemory, segment: number | null, symbols?: SymbolNames): string {
  const parts: string[] = [];
  if (m.base !== null) parts.push(GPR[32]![m.base]!);
  if (m.index !== null) parts.push(`${GPR[32]![m.index]!}*${m.scale}`);
  let inner = parts.join('+');
  let prefix = '';
  if (m.base === null && m.index !== null && m.scale === 2) prefix = 'nosplit '; // else NASM splits [r*2] into [r+r]
  if (m.base === null) {
    // A 32-bit absolute address, or the displacement of an index-only address.
    const name = symbols?.get(m.disp >>> 0);
    inner = inner ? `${inner}+${hex(m.disp)}` : name ?? hex(m.disp);
  } else if (m.dispBytes > 0) {
    inner += m.disp < 0 ? `-${hex(-m.disp)}` : `+${hex(m.disp)}`;
    // Keep a displacement size NASM would not choose by itself.
    if (m.dispBytes === 4 && m.disp >= -128 && m.disp <= 127) prefix = 'dword ';
    if (m.dispBytes === 1 && m.disp === 0 && m.base !== 5) prefix = 'byte ';
  }
  const seg = segment !== null ? `${SEG_NAME[segment]}:` : '';
  return `[${prefix}${seg}${inner}]`;
}

function regName(size: number, num: number): string {
  return GPR[size]?.[num] ?? `?${num}`;
}

function operandText(d: Decoded, op: DecodedOperand, index: number, symbols?: SymbolNames): string {
  const spec = op.spec;
  switch (op.kind) {
    case 'implied':
      return spec.type === 'one' ? '1' : spec.fixedRegister ?? '?';
    case 'reg':
      if (spec.kind === 'sreg') return SREG[op.num] ?? `?sreg${op.num}`;
      if (spec.type === 'creg' || spec.type === 'dreg') return `${spec.type[0]}r${op.num}`;
      if (spec.type === 'st') return `st${op.num}`;
      if (spec.type === 'tost') return `to st${op.num}`;
      if (spec.simd) return `${spec.simd === 'mmx' ? 'mm' : 'xmm'}${op.num}`;
      return regName(spec.size || 32, op.num);
    case 'mem': {
      const text = (spec.type === 'mfar' ? 'far ' : '') + memoryText(op.mem, d.segment, spec.kind === 'moffs' ? symbols : undefined);
      // The size, unless a register operand of a size-matched form already gives it.
      const sizedByReg = d.form.sizeMatch && d.operands.some((o, j) => j !== index && o.kind === 'reg' && o.spec.kind !== 'sreg');
      if (spec.type === 'm' || spec.defaultsUnsized || spec.kind === 'moffs' || sizedByReg || !(spec.size in SIZE_WORD)) return text;
      return `${SIZE_WORD[spec.size]} ${text}`;
    }
    case 'imm': {
      if (spec.kind === 'far') return `${spec.size === 16 ? 'word ' : ''}${hex(op.selector ?? 0)}:${hex(op.value)}`;
      const sbyte = spec.type === 'sbyte16' || spec.type === 'sbyte32';
      // An immediate that nothing else sizes (push word 0x1234) says its size.
      const alone = d.form.sizeMatch && (sbyte || spec.size === d.form.opsize) && !d.operands.some((o) => o.kind === 'reg' || o.kind === 'mem');
      let size = alone && d.form.opsize === 16 ? 'word ' : '';
      // A full-size immediate that would fit the sign-extended byte form NASM prefers was asked for.
      const signed = d.form.opsize === 16 ? (op.value << 16) >> 16 : op.value | 0;
      if (!sbyte && spec.size === d.form.opsize && spec.size >= 16 && signed >= -128 && signed <= 127 && hasSignedByteForm(d.form.mnemonic)) {
        size = `strict ${SIZE_WORD[spec.size]} `;
      }
      return size + (sbyte ? signedHex((op.value << 24) >> 24) : hex(op.value));
    }
    case 'rel': {
      const name = symbols?.get(op.target);
      const target = name ?? hex(op.target);
      return d.form.shortOnly || d.form.relax ? `short ${target}` : spec.size === 16 ? `word ${target}` : target;
    }
  }
}

/** One instruction as NASM source. */
export function instructionText(d: Decoded, symbols?: SymbolNames): string {
  const words: string[] = [];
  const hasMemory = d.operands.some((o) => o.kind === 'mem');
  const stringOp = /^(cmps|scas)[bwd]$/.test(d.form.mnemonic);
  for (const b of d.prefixes) {
    if (b === 0xf0) words.push('lock');
    else if (b === 0xf3) words.push(stringOp ? 'repe' : 'rep');
    else if (b === 0xf2) words.push('repne');
    else if (b === 0x66) words.push('o16');
    else if (b === 0x67) words.push('a16');
    else if (SEG_NAME[b] && !hasMemory) words.push(SEG_NAME[b]!);
  }
  words.push(d.form.mnemonic);
  const ops = d.operands.map((o, i) => operandText(d, o, i, symbols));
  return ops.length > 0 ? `${words.join(' ')} ${ops.join(', ')}` : words.join(' ');
}

/** Disassemble a run of code starting at `address`. */
export function disassemble(bytes: Uint8Array, address: number, symbols?: SymbolNames): DisassemblyLine[] {
  const out: DisassemblyLine[] = [];
  let off = 0;
  while (off < bytes.length) {
    const d = decode(bytes, off, address + off);
    if (!d) {
      out.push({ address: address + off, bytes: bytes.subarray(off, off + 1), text: `db ${hex(bytes[off]!)}` });
      off++;
      continue;
    }
    out.push({ address: address + off, bytes: bytes.subarray(off, off + d.length), text: instructionText(d, symbols) });
    off += d.length;
  }
  return out;
}

interface ElfView {
  readonly sections: { name: string; addr: number; offset: number; size: number; exec: boolean; nobits: boolean }[];
  readonly symbols: Map<number, string>;
  readonly entry: number;
}

function readElf(elf: Uint8Array): ElfView {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (elf.length < 52 || v.getUint32(0) !== 0x7f454c46 || elf[4] !== 1 || v.getUint16(18, true) !== 3) {
    throw new Error('not an ELF32 i386 file');
  }
  const shoff = v.getUint32(32, true);
  const shnum = v.getUint16(48, true);
  const shstrndx = v.getUint16(50, true);
  const sh = (i: number) => {
    const o = shoff + i * 40;
    return { name: v.getUint32(o, true), type: v.getUint32(o + 4, true), flags: v.getUint32(o + 8, true), addr: v.getUint32(o + 12, true), offset: v.getUint32(o + 16, true), size: v.getUint32(o + 20, true), link: v.getUint32(o + 24, true) };
  };
  const str = (tableOffset: number, at: number): string => {
    let e = tableOffset + at;
    while (e < elf.length && elf[e] !== 0) e++;
    return new TextDecoder().decode(elf.subarray(tableOffset + at, e));
  };
  const headers = Array.from({ length: shnum }, (_, i) => sh(i));
  const names = headers[shstrndx];
  const sections = headers
    .filter((h) => h.flags & 2)
    .map((h) => ({ name: names ? str(names.offset, h.name) : '?', addr: h.addr, offset: h.offset, size: h.size, exec: (h.flags & 4) !== 0, nobits: h.type === 8 }));
  const symbols = new Map<number, string>();
  for (const h of headers.filter((x) => x.type === 2)) {
    const strtab = headers[h.link]!;
    for (let o = h.offset + 16; o + 16 <= h.offset + h.size; o += 16) {
      const type = elf[o + 12]! & 0xf;
      const shndx = v.getUint16(o + 14, true);
      if (type === 4 || shndx === 0 || shndx === 0xfff1) continue; // files, undefined and absolute symbols
      const name = str(strtab.offset, v.getUint32(o, true));
      const value = v.getUint32(o + 4, true);
      if (name && !symbols.has(value)) symbols.set(value, name);
    }
  }
  return { sections, symbols, entry: v.getUint32(24, true) };
}

/** The code sections of an ELF32 i386 executable as NASM-syntax text, with labels. */
export function disassembleElf(elf: Uint8Array): string {
  const view = readElf(elf);
  const lines: string[] = [];
  for (const s of view.sections.filter((x) => x.exec && !x.nobits)) {
    lines.push(`section ${s.name}  ; ${hex(s.addr)}, ${s.size} bytes, entry ${hex(view.entry)}`);
    for (const l of disassemble(elf.subarray(s.offset, s.offset + s.size), s.addr, view.symbols)) {
      const label = view.symbols.get(l.address);
      if (label) lines.push(`${label}:`);
      const bytes = [...l.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      lines.push(`  ${l.address.toString(16).padStart(8, '0')}  ${bytes.padEnd(24)}  ${l.text}`);
    }
  }
  return lines.join('\n') + '\n';
}
