/**
 * Floating-point constants as NASM stores them: decimal (`1.5e3`), hex
 * (`0x1.8p3`), binary and octal forms, and NASM's special values, rounded
 * exactly (to nearest, ties to even) into IEEE half, single, double, the x87
 * 80-bit extended format and quad precision; packed BCD (`1234p`) for `dt`.
 */

interface FloatFormat {
  /** Significand bits, the integer bit included. */
  readonly precision: number;
  readonly exponentBits: number;
  /** The integer bit is stored (x87 extended). */
  readonly explicitInteger: boolean;
}

/** The format of each data width in bytes. */
const FORMATS: Readonly<Record<number, FloatFormat>> = {
  2: { precision: 11, exponentBits: 5, explicitInteger: false },
  4: { precision: 24, exponentBits: 8, explicitInteger: false },
  8: { precision: 53, exponentBits: 11, explicitInteger: false },
  10: { precision: 64, exponentBits: 15, explicitInteger: true },
  16: { precision: 113, exponentBits: 15, explicitInteger: false },
};

/** NASM's special values, as written in source (both spellings). */
const SPECIALS: Readonly<Record<string, 'inf' | 'qnan' | 'snan'>> = {
  __infinity__: 'inf', '__?infinity?__': 'inf',
  __nan__: 'qnan', '__?nan?__': 'qnan', __qnan__: 'qnan', '__?qnan?__': 'qnan',
  __snan__: 'snan', '__?snan?__': 'snan',
};

export function isSpecialFloat(word: string): boolean {
  return SPECIALS[word.toLowerCase()] !== undefined;
}

export function hasFloatFormat(width: number): boolean {
  return FORMATS[width] !== undefined;
}

/** Exact value of a float literal: mantissa × 2^exp2 × 10^exp10; null if it is not one. */
function parseExact(text: string): { m: bigint; exp2: number; exp10: number } | null {
  const t = text.replace(/_/g, '').toLowerCase();
  const based = /^0([xhboq])([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?[0-9]+))?$/.exec(t);
  if (based && (t.includes('.') || t.includes('p'))) {
    const bits = { x: 4, h: 4, b: 1, o: 3, q: 3 }[based[1] as 'x']!;
    const radix = 1 << bits;
    const digits = based[2]! + (based[3] ?? '');
    if (digits === '' || [...digits].some((c) => parseInt(c, 16) >= radix)) return null;
    let m = 0n;
    for (const c of digits) m = m * BigInt(radix) + BigInt(parseInt(c, 16));
    return { m, exp2: Number(based[4] ?? 0) - bits * (based[3] ?? '').length, exp10: 0 };
  }
  const dec = /^(?:0[dt])?([0-9]*)(?:\.([0-9]*))?(?:e([+-]?[0-9]+))?$/.exec(t);
  if (!dec || (dec[1] === '' && (dec[2] ?? '') === '')) return null;
  if (dec[2] === undefined && dec[3] === undefined) return null;
  const frac = dec[2] ?? '';
  return { m: BigInt(dec[1]! + frac || '0'), exp2: 0, exp10: Number(dec[3] ?? 0) - frac.length };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The stored bits of ±value in the format, rounded to nearest even. */
function roundToFormat(f: FloatFormat, negative: boolean, m: bigint, exp2: number, exp10: number): bigint {
  const bias = (1 << (f.exponentBits - 1)) - 1;
  const total = BigInt(f.exponentBits + f.precision - (f.explicitInteger ? 0 : 1) + 1);
  const sign = negative ? 1n << (total - 1n) : 0n;
  if (m === 0n) return sign;
  let num = m;
  let den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  if (exp2 >= 0) num <<= BigInt(exp2);
  else den <<= BigInt(-exp2);
  // 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  if ((e >= 0 ? num : num << BigInt(-e)) < (e >= 0 ? den << BigInt(e) : den)) e--;
  const emin = 1 - bias;
  const scaleExp = Math.max(e, emin);
  // q = round(num/den × 2^(precision-1-scaleExp))
  const shift = f.precision - 1 - scaleExp;
  let n = num;
  let d = den;
  if (shift >= 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  let q = n / d;
  const r = n % d;
  if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) q++;
  let exp = scaleExp;
  if (q >= 1n << BigInt(f.precision)) {
    q >>= 1n;
    exp++;
  }
  const mantBits = BigInt(f.explicitInteger ? f.precision : f.precision - 1);
  if (exp > bias) return sign | (((1n << BigInt(f.exponentBits)) - 1n) << mantBits) | (f.explicitInteger ? 1n << (mantBits - 1n) : 0n);
  const normal = q >= 1n << BigInt(f.precision - 1);
  const field = normal ? BigInt(exp + bias) : 0n;
  const mant = f.explicitInteger ? q : q & ((1n << mantBits) - 1n);
  return sign | (field << mantBits) | mant;
}

function special(f: FloatFormat, negative: boolean, kind: 'inf' | 'qnan' | 'snan'): bigint {
  const mantBits = BigInt(f.explicitInteger ? f.precision : f.precision - 1);
  const total = BigInt(f.exponentBits) + mantBits + 1n;
  const sign = negative ? 1n << (total - 1n) : 0n;
  const expAll = ((1n << BigInt(f.exponentBits)) - 1n) << mantBits;
  const integer = f.explicitInteger ? 1n << (mantBits - 1n) : 0n;
  const quiet = 1n << (mantBits - (f.explicitInteger ? 2n : 1n));
  const mant = kind === 'inf' ? 0n : kind === 'qnan' ? quiet : 1n;
  return sign | expAll | integer | mant;
}

function littleEndian(v: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < bytes; k++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/**
 * The bytes of a float literal (or special name) stored in `width` bytes; null if
 * the text is no float or the width has no float format.
 */
export function floatBytes(text: string, negative: boolean, width: number): number[] | null {
  const f = FORMATS[width];
  if (!f) return null;
  const s = SPECIALS[text.toLowerCase()];
  if (s) return littleEndian(special(f, negative, s), width);
  const exact = parseExact(text);
  if (!exact) return null;
  return littleEndian(roundToFormat(f, negative, exact.m, exact.exp2, exact.exp10), width);
}

/** Is the text a packed BCD constant (`1234p`, `0p12`, `12_34p`)? */
export function isPackedBcd(text: string): boolean {
  return /^(?:[0-9][0-9_]*p|0p[0-9_]+)$/i.test(text);
}

/** The ten bytes of a packed BCD constant in `dt`: 18 digits, the sign in the last byte. */
export function packedBcdBytes(text: string, negative: boolean): number[] | null {
  const digits = text.toLowerCase().replace(/_/g, '').replace(/^0p/, '').replace(/p$/, '');
  if (!/^[0-9]+$/.test(digits) || digits.replace(/^0+/, '').length > 18) return null;
  const padded = digits.padStart(18, '0').slice(-18);
  const out: number[] = [];
  for (let k = 17; k >= 0; k -= 2) out.push(Number(padded[k]) | (Number(padded[k - 1]) << 4));
  out.push(negative ? 0x80 : 0);
  return out;
}
