/** quoteName: a user's name as messages print it, always on one line. */
import { describe, expect, it } from 'vitest';
import { quoteName } from '../../src/util/quote';

describe('quoteName', () => {
  it('leaves a plain name as it is', () => {
    for (const name of ['prog', 'dir/prog.asm', '/tmp/ftvm-x/r.jsonl', 'a-b_c+d@e=f%g,h:1', 'données.json', '../x']) expect(quoteName(name)).toBe(name);
  });

  it('quotes and escapes a name that could break or disguise the line', () => {
    expect(quoteName('a\nb')).toBe('"a\\nb"');
    expect(quoteName('a\r\tb')).toBe('"a\\r\\tb"');
    expect(quoteName('my prog')).toBe('"my prog"');
    expect(quoteName('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quoteName("it's")).toBe('"it\'s"');
    expect(quoteName('\x1b[31mred')).toBe('"\\u{1b}[31mred"');
    expect(quoteName('line\u2028sep')).toBe('"line\\u{2028}sep"');
    expect(quoteName('rtl\u202eevil')).toBe('"rtl\\u{202e}evil"');
    expect(quoteName('')).toBe('""');
  });

  it('puts a plain value in single quotes when asked to', () => {
    expect(quoteName('--frob', 'always')).toBe("'--frob'");
    expect(quoteName('a\nb', 'always')).toBe('"a\\nb"');
  });

  it('never lets a line break through', () => {
    const broken = Array.from({ length: 0x3000 }, (_, c) => quoteName(`x${String.fromCodePoint(c)}y`)).filter((q) => /[\n\r\v\f\u0085\u2028\u2029]/.test(q));
    expect(broken).toEqual([]);
  });
});
