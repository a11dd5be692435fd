/**
 * Reads a `.sections.txt` fixture (what nasm + ld produced, written by
 * record.mjs) and compares it with the assembler's result, explaining a
 * byte mismatch by the source line that produced it.
 */
import * as fs from 'node:fs';
import type { AssembleResult } from '../../src/assembler';

export interface RecordedSection {
  readonly name: string;
  readonly address: number;
  readonly align: number;
  readonly size: number;
  /** null for .bss */
  readonly bytes: Uint8Array | null;
}

export interface RecordedSegment {
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  /** 'R', 'RE', 'RW' */
  readonly flags: string;
}

export interface Recorded {
  readonly entry: number;
  readonly segments: readonly RecordedSegment[];
  readonly sections: readonly RecordedSection[];
}

export function readSectionsFixture(file: string): Recorded {
  let entry = -1;
  const segments: RecordedSegment[] = [];
  const sections: { name: string; address: number; align: number; size: number; hex: string; nobits: boolean }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const e = /^entry ([0-9a-f]{8})$/.exec(line);
    if (e) {
      entry = parseInt(e[1]!, 16);
      continue;
    }
    const p = /^load offset ([0-9a-f]{8}) vaddr ([0-9a-f]{8}) filesz ([0-9a-f]{8}) memsz ([0-9a-f]{8}) flags (\w+)$/.exec(line);
    if (p) {
      segments.push({ offset: parseInt(p[1]!, 16), vaddr: parseInt(p[2]!, 16), filesz: parseInt(p[3]!, 16), memsz: parseInt(p[4]!, 16), flags: p[5]! });
      continue;
    }
    const s = /^section (\S+) ([0-9a-f]{8}) align (\d+) size (\d+)( nobits)?$/.exec(line);
    if (s) {
      sections.push({ name: s[1]!, address: parseInt(s[2]!, 16), align: Number(s[3]), size: Number(s[4]), hex: '', nobits: s[5] !== undefined });
      continue;
    }
    if (/^[0-9a-f]+$/.test(line) && sections.length > 0) {
      sections[sections.length - 1]!.hex += line;
      continue;
    }
    throw new Error(`${file}: bad line '${line}'`);
  }
  return {
    entry,
    segments,
    sections: sections.map((s) => ({
      name: s.name,
      address: s.address,
      align: s.align,
      size: s.size,
      bytes: s.nobits ? null : Uint8Array.from(Buffer.from(s.hex, 'hex')),
    })),
  };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Every difference between the recorded sections and the assembler's, as readable lines. */
export function compareSections(recorded: Recorded, result: AssembleResult): string[] {
  const problems: string[] = [];
  if (recorded.entry !== result.entry) problems.push(`entry: ld 0x${recorded.entry.toString(16)}, ftvm 0x${result.entry.toString(16)}`);
  const names = (xs: readonly { name: string }[]): string => xs.map((x) => x.name).join(' ');
  if (names(recorded.sections) !== names(result.sections)) {
    problems.push(`sections: ld [${names(recorded.sections)}], ftvm [${names(result.sections)}]`);
  }
  const loads = programHeaders(result.elf);
  const fmt = (p: RecordedSegment): string => `offset 0x${p.offset.toString(16)} vaddr 0x${p.vaddr.toString(16)} filesz 0x${p.filesz.toString(16)} memsz 0x${p.memsz.toString(16)} ${p.flags}`;
  if (loads.map(fmt).join('; ') !== recorded.segments.map(fmt).join('; ')) {
    problems.push(`PT_LOAD segments: ld [${recorded.segments.map(fmt).join('; ')}], ftvm [${loads.map(fmt).join('; ')}]`);
  }
  for (const r of recorded.sections) {
    const m = result.sections.find((s) => s.name === r.name);
    if (!m) continue;
    if (m.address !== r.address) problems.push(`${r.name} address: ld 0x${r.address.toString(16)}, ftvm 0x${m.address.toString(16)}`);
    if (m.bytes.length !== r.size) problems.push(`${r.name} size: ld ${r.size}, ftvm ${m.bytes.length}`);
    if (!r.bytes) continue;
    const n = Math.min(r.bytes.length, m.bytes.length);
    let k = 0;
    while (k < n && r.bytes[k] === m.bytes[k]) k++;
    if (k === n && r.bytes.length === m.bytes.length) continue;
    const at = r.address + k;
    const line = result.listing.find((l) => l.bytes.length > 0 && l.address <= at && at < l.address + l.bytes.length);
    if (line) {
      const off = line.address - r.address;
      problems.push(`${r.name} +0x${k.toString(16)}: ${line.file}:${line.line} '${line.source.trim()}': nasm ${hex(r.bytes.subarray(off, off + line.bytes.length))}, ftvm ${hex(line.bytes)}`);
    } else {
      problems.push(`${r.name} +0x${k.toString(16)}: nasm ${hex(r.bytes.subarray(k, k + 8))}, ftvm ${hex(m.bytes.subarray(k, k + 8))}`);
    }
  }
  return problems;
}

/** The PT_LOAD program headers of an ELF32 file. */
export function programHeaders(elf: Uint8Array): RecordedSegment[] {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const out: RecordedSegment[] = [];
  const phoff = v.getUint32(28, true);
  for (let i = 0; i < v.getUint16(44, true); i++) {
    const o = phoff + i * 32;
    if (v.getUint32(o, true) !== 1) continue;
    const f = v.getUint32(o + 24, true);
    out.push({
      offset: v.getUint32(o + 4, true),
      vaddr: v.getUint32(o + 8, true),
      filesz: v.getUint32(o + 16, true),
      memsz: v.getUint32(o + 20, true),
      flags: `${f & 4 ? 'R' : ''}${f & 2 ? 'W' : ''}${f & 1 ? 'E' : ''}`,
    });
  }
  return out;
}
