/**
 * NASM literals: integers in every radix form, floating-point constants for
 * dd/dq, and the three kinds of quoted string.
 */

const RADIX_LETTERS: Readonly<Record<string, number>> = {
  x: 16, h: 16, d: 10, t: 10, o: 8, q: 8, b: 2, y: 2,
};

function digitsToBigInt(digits: string, radix: number): bigint | null {
  if (digits === '') return null;
  let v = 0n;
  const r = BigInt(radix);
  for (const ch of digits) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) return null;
    v = v * r + BigInt(d);
  }
  return v;
}

/**
 * The value of an integer literal (`123`, `0x1F`, `1Fh`, `$1F`, `0b101`,
 * `101b`, `17o`, `17q`, `0o17`, `99d`, `0d99`, `1010y`, underscores anywhere),
 * or null if it is not a valid number. Values are 64-bit like NASM's.
 */
export function parseInteger(text: string): bigint | null {
  let t = text.replace(/_/g, '').toLowerCase();
  if (t.startsWith('$')) {
    // `$1F`: the old hex prefix; `$` must be followed by a digit
    return /^\$[0-9]/.test(t) ? digitsToBigInt(t.slice(1), 16) : null;
  }
  if (t.length > 2 && t[0] === '0' && RADIX_LETTERS[t[1]!] !== undefined) {
    const v = digitsToBigInt(t.slice(2), RADIX_LETTERS[t[1]!]!);
    if (v !== null) return v;
  }
  const suffix = RADIX_LETTERS[t[t.length - 1]!];
  if (suffix !== undefined && t.length > 1 && t[t.length - 1] !== 'x') {
    t = t.slice(0, -1);
    return digitsToBigInt(t, suffix);
  }
  return digitsToBigInt(t, 10);
}

/** A decimal floating-point literal (`1.5`, `2.0e-3`), or null. */
export function parseFloatLiteral(text: string): number | null {
  const t = text.replace(/_/g, '');
  if (!/^[0-9]+\.[0-9]*(e[+-]?[0-9]+)?$/i.test(t) && !/^[0-9]+e[+-]?[0-9]+$/i.test(t)) return null;
  return Number(t);
}

const encoder = new TextEncoder();

export function utf8(s: string): number[] {
  return [...encoder.encode(s)];
}

/**
 * The bytes of a string literal's body. Single and double quotes take the
 * text as it is; backquotes interpret C-style escapes (\n \t \0 \xHH \u…).
 * Returns the bytes and the offset of the first bad escape, if any.
 */
export function stringBytes(quote: string, body: string): { bytes: number[]; badEscape?: number } {
  if (quote !== '`') return { bytes: utf8(body) };
  const out: number[] = [];
  const simple: Record<string, number> = {
    "'": 0x27, '"': 0x22, '`': 0x60, '\\': 0x5c, '?': 0x3f,
    a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, e: 27,
  };
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      out.push(...utf8(s));
      i += s.length;
      continue;
    }
    const esc = body[i + 1];
    if (esc === undefined) return { bytes: out, badEscape: i };
    if (simple[esc] !== undefined) { out.push(simple[esc]!); i += 2; continue; }
    if (/[0-7]/.test(esc)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out.push(parseInt(m, 8) & 0xff);
      i += 1 + m.length;
      continue;
    }
    if (esc === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2));
      if (!m) return { bytes: out, badEscape: i };
      out.push(parseInt(m[0], 16));
      i += 2 + m[0].length;
      continue;
    }
    if (esc === 'u' || esc === 'U') {
      const n = esc === 'u' ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{${n}}`).exec(body.slice(i + 2));
      if (!m) return { bytes: out, badEscape: i };
      out.push(...utf8(String.fromCodePoint(parseInt(m[0], 16))));
      i += 2 + n;
      continue;
    }
    return { bytes: out, badEscape: i };
  }
  return { bytes: out };
}

/** A string used as a number: its bytes little-endian, as NASM reads 'ab'. */
export function bytesToInteger(bytes: readonly number[]): bigint {
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}
