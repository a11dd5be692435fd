/**
 * Builds small synthetic ELF32 files for the loader tests: an ELF header, the
 * program header table right after it, and each segment's bytes at its file
 * offset (a recognisable pattern unless given).
 */
export interface SegmentSpec {
  type?: number; // default PT_LOAD
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number; // PF_R 4 | PF_W 2 | PF_X 1
  align?: number;
  data?: Uint8Array;
}

export interface ElfSpec {
  entry: number;
  segments: SegmentSpec[];
  type?: number; // default ET_EXEC
  machine?: number; // default EM_386
  fileSize?: number;
}

/** The pattern a segment's file bytes get when no data is given: depends on the file offset. */
export const patternByte = (fileOffset: number): number => ((fileOffset * 7) ^ (fileOffset >>> 8) ^ 0x5a) & 0xff;

export function buildElf(spec: ElfSpec): Uint8Array {
  const phoff = 52;
  const headerEnd = phoff + spec.segments.length * 32;
  const dataEnd = Math.max(headerEnd, ...spec.segments.map((s) => s.offset + s.filesz));
  const bytes = new Uint8Array(spec.fileSize ?? dataEnd);
  for (let i = headerEnd; i < bytes.length; i++) bytes[i] = patternByte(i);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  view.setUint16(16, spec.type ?? 2, true);
  view.setUint16(18, spec.machine ?? 3, true);
  view.setUint32(20, 1, true);
  view.setUint32(24, spec.entry, true);
  view.setUint32(28, phoff, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, spec.segments.length, true);
  spec.segments.forEach((s, i) => {
    const at = phoff + i * 32;
    view.setUint32(at, s.type ?? 1, true);
    view.setUint32(at + 4, s.offset, true);
    view.setUint32(at + 8, s.vaddr, true);
    view.setUint32(at + 12, s.vaddr, true);
    view.setUint32(at + 16, s.filesz, true);
    view.setUint32(at + 20, s.memsz, true);
    view.setUint32(at + 24, s.flags, true);
    view.setUint32(at + 28, s.align ?? 0x1000, true);
    if (s.data) bytes.set(s.data, s.offset);
  });
  return bytes;
}

/** A copy of `bytes` with a little-endian field overwritten. */
export function patch(bytes: Uint8Array, offset: number, value: number, size: 1 | 2 | 4): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (size === 1) view.setUint8(offset, value);
  else if (size === 2) view.setUint16(offset, value, true);
  else view.setUint32(offset, value >>> 0, true);
  return copy;
}
