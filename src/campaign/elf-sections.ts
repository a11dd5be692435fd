/**
 * The section table of an ELF32 executable: names and load addresses, so a
 * memory fault model can aim at `.text`, `.data` or `.bss`. Only sections
 * that occupy memory at run time (SHF_ALLOC) are returned.
 */
const SHF_ALLOC = 0x2;

export interface ElfSection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
}

export function allocatedSections(image: Uint8Array): ElfSection[] {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image.length < 52 || dv.getUint32(0, false) !== 0x7f454c46 || image[4] !== 1) return [];
  const shoff = dv.getUint32(32, true);
  const shentsize = dv.getUint16(46, true);
  let shnum = dv.getUint16(48, true);
  let shstrndx = dv.getUint16(50, true);
  if (shoff === 0 || shentsize < 40 || shoff + shentsize > image.length) return [];
  // Extended numbering: the real counts live in section header 0.
  if (shnum === 0) shnum = dv.getUint32(shoff + 20, true);
  if (shstrndx === 0xffff) shstrndx = dv.getUint32(shoff + 24, true);
  if (shoff + shnum * shentsize > image.length || shstrndx >= shnum) return [];
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      name: dv.getUint32(at, true),
      flags: dv.getUint32(at + 8, true),
      addr: dv.getUint32(at + 12, true),
      offset: dv.getUint32(at + 16, true),
      size: dv.getUint32(at + 20, true),
    };
  };
  const strtab = header(shstrndx);
  const nameAt = (offset: number): string => {
    let end = strtab.offset + offset;
    while (end < image.length && end < strtab.offset + strtab.size && image[end] !== 0) end++;
    return new TextDecoder().decode(image.subarray(strtab.offset + offset, end));
  };
  const out: ElfSection[] = [];
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    if ((h.flags & SHF_ALLOC) === 0 || h.size === 0 || h.addr === 0) continue;
    out.push({ name: nameAt(h.name), address: h.addr, size: h.size });
  }
  return out;
}
