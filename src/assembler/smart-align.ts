/**
 * The padding `align N` emits under `%use smartalign` (NASM manual 6.2), as
 * nasm 2.16 emits it (recorded with nasm, test/assembler/fixtures/cases/smartalign.asm):
 *   - a padding longer than the mode's jump threshold starts with a jump over it
 *     (EB rel8 while it reaches, else E9 with the code's offset size) and the rest
 *     is 0x90;
 *   - otherwise the mode's longest no-op, as many times as it fits, then the one
 *     of the length that is left.
 * The alignment is known only during assembly ($ is involved), so the package's
 * `align` expands to the internal statement `__?smartalign?__ N, mode, threshold, longest16`.
 *
 * NASM's quirk, kept: in 16-bit code `alignmode k7` changes the 1- to 4-byte no-ops
 * but not the longest one used, which stays the previous mode's (8 after generic,
 * the default; 1 after nop; 4 after k8 or p6): `longest16` carries it.
 */

/** Bytes from hex, one no-op per string: the tables below read as nasm lists them. */
const nops = (...hex: string[]): number[][] => [[], ...hex.map((h) => [...Buffer.from(h, 'hex')])];

/**
 * Each mode's no-ops by length (index 1 = one byte) in 32-bit and in 16-bit code,
 * and its default jump threshold (NASM manual: 8 for generic, 16 for the others).
 */
export const ALIGN_MODES: Readonly<Record<string, { readonly nops32: readonly (readonly number[])[]; readonly nops16: readonly (readonly number[])[]; readonly threshold: number }>> = {
  generic: {
    threshold: 8,
    nops32: nops('90', '89f6', '8d7600', '8d742600', '908d742600', '8db600000000', '8db42600000000'),
    nops16: nops('90', '89f6', '8d7400', '8db40000', '8db4000090', '8db4000089ff', '8db400008d7d00', '8db400008dbd0000'),
  },
  nop: { threshold: 16, nops32: nops('90'), nops16: nops('90') },
  k7: {
    threshold: 16,
    nops32: nops('90', '8bc0', '8d0420', '8d442000', '8d44200090', '8d8000000000', '8d040500000000'),
    nops16: nops('90', '6690', '666690', '66666690', '8db4000090', '8db4000089ff', '8db400008d7d00', '8db400008dbd0000'),
  },
  k8: { threshold: 16, nops32: nops('90', '6690', '666690', '66666690'), nops16: nops('90', '6690', '666690', '66666690') },
  p6: {
    threshold: 16,
    nops32: nops('90', '6690', '0f1f00', '0f1f4000', '0f1f440000', '660f1f440000', '0f1f8000000000', '0f1f840000000000'),
    nops16: nops('90', '6690', '0f1f00', '0f1f4000'),
  },
};

/** The bytes of `pad` bytes of padding in a mode; a threshold below 0 never jumps. */
export function smartPadding(pad: number, mode: string, threshold: number, bits: 16 | 32, longest16: number): number[] {
  if (pad <= 0) return [];
  if (threshold >= 0 && pad > threshold && pad >= 2) {
    const jump = pad - 2 <= 127 ? [0xeb, pad - 2] : bits === 16 ? [0xe9, (pad - 3) & 0xff, (pad - 3) >> 8] : [0xe9, ...[0, 8, 16, 24].map((s) => ((pad - 5) >>> s) & 0xff)];
    return [...jump, ...new Array<number>(pad - jump.length).fill(0x90)];
  }
  const table = bits === 16 ? ALIGN_MODES[mode]!.nops16 : ALIGN_MODES[mode]!.nops32;
  const longest = bits === 16 ? Math.min(longest16, table.length - 1) : table.length - 1;
  const out: number[] = [];
  for (let left = pad; left > 0; left -= Math.min(left, longest)) out.push(...table[Math.min(left, longest)]!);
  return out;
}
