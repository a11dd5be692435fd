/**
 * The listing: for every source line, the address it was assembled at, the
 * bytes it produced and the line itself, laid out like NASM's `-l` listing
 * (long byte runs continue on following rows, marked with '-').
 */
import type { ListingLine } from './passes';

export type { ListingLine } from './passes';

const BYTES_PER_ROW = 9;

const hex = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

export function formatListing(lines: readonly ListingLine[]): string {
  const rows: string[] = [];
  for (const l of lines) {
    // Like NASM: the line number in its file (a macro body line shows its line in the
    // definition, marked <depth>), the address, up to nine bytes, the source text.
    const lineNo = String(l.line).padStart(6);
    const macro = l.depth > 0 ? `<${l.depth}>` : '   ';
    const all = [...l.bytes].map((b) => hex(b, 2)).join('');
    const first = all.slice(0, BYTES_PER_ROW * 2);
    const addr = l.bytes.length > 0 ? hex(l.address >>> 0, 8) : ' '.repeat(8);
    rows.push(`${lineNo} ${addr} ${(first + (all.length > first.length ? '-' : '')).padEnd(BYTES_PER_ROW * 2 + 1)} ${macro} ${l.source}`.trimEnd());
    for (let k = BYTES_PER_ROW * 2; k < all.length; k += BYTES_PER_ROW * 2) {
      const chunk = all.slice(k, k + BYTES_PER_ROW * 2);
      rows.push(`${lineNo} ${hex((l.address + k / 2) >>> 0, 8)} ${chunk}${k + BYTES_PER_ROW * 2 < all.length ? '-' : ''}`);
    }
  }
  return rows.join('\n') + '\n';
}
