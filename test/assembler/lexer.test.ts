// Tokens and literals: every NASM number form, the three string quotes and
// their escapes, comments, and the errors for malformed ones.
import { describe, expect, it } from 'vitest';
import { lex } from '../../src/assembler/lexer';
import { parseInteger, stringBytes } from '../../src/assembler/literals';

describe('integer literals', () => {
  it.each([
    ['123', 123n], ['1_000', 1000n], ['0x1F', 31n], ['0h1f', 31n], ['1Fh', 31n], ['$1f', 31n], ['0d99', 99n], ['99d', 99n],
    ['0t99', 99n], ['17o', 15n], ['17q', 15n], ['0o17', 15n], ['0q17', 15n], ['101b', 5n], ['0b101', 5n], ['0y101', 5n],
    ['1010y', 10n], ['0bh', 11n], ['0dh', 13n], ['0xffffffffffffffff', 0xffffffffffffffffn],
  ])('%s = %s', (text, value) => {
    expect(parseInteger(text)).toBe(value);
  });

  it.each(['12b', '0x', '9o', '1g', '0b2'])('%s is not a number', (text) => {
    expect(parseInteger(text)).toBeNull();
  });
});

describe('strings', () => {
  it('single and double quotes take the text as it is', () => {
    expect(stringBytes("'", 'a\\n"b').bytes).toEqual([0x61, 0x5c, 0x6e, 0x22, 0x62]);
  });
  it('backquotes interpret escapes', () => {
    expect(stringBytes('`', '\\n\\t\\0\\x41\\101\\e\\\\\\`\\u00e9').bytes).toEqual([10, 9, 0, 0x41, 0x41, 27, 0x5c, 0x60, 0xc3, 0xa9]);
  });
  it('reports a bad escape', () => {
    expect(stringBytes('`', 'ok\\q').badEscape).toBe(2);
  });
  it('encodes text as UTF-8', () => {
    expect(stringBytes('"', 'é').bytes).toEqual([0xc3, 0xa9]);
  });
});

describe('lex', () => {
  it('splits a line into tokens with columns, stopping at a comment', () => {
    const { tokens, commentAt } = lex("  mov eax, [ebx+4*ecx] ; 'not a string");
    expect(tokens.map((t) => [t.kind, t.text, t.col])).toEqual([
      ['id', 'mov', 3], ['id', 'eax', 7], ['op', ',', 10], ['op', '[', 12], ['id', 'ebx', 13], ['op', '+', 16],
      ['number', '4', 17], ['op', '*', 18], ['id', 'ecx', 19], ['op', ']', 22],
    ]);
    expect(commentAt).toBe(23);
  });

  it('knows the multi-character operators, $ and $$, and escaped identifiers', () => {
    expect(lex('a<<<b>>c//d %% e<=>f $ $$ $eax ..@1.x').tokens.map((t) => t.text)).toEqual([
      'a', '<<<', 'b', '>>', 'c', '//', 'd', '%%', 'e', '<=>', 'f', '$', '$$', '$eax', '..@1.x',
    ]);
  });

  it('tells preprocessor tokens from the modulo operator', () => {
    expect(lex('%define x %1 %%loc %+ %{2} 7 % 3').tokens.map((t) => [t.kind, t.text])).toEqual([
      ['pp', '%define'], ['id', 'x'], ['pp', '%1'], ['pp', '%%loc'], ['pp', '%+'], ['pp', '%{2}'], ['number', '7'], ['op', '%'], ['number', '3'],
    ]);
  });

  it('reads floats, character constants and a lone ?', () => {
    const { tokens } = lex("1.5 2.0e3 'ab' ?");
    expect(tokens.map((t) => t.kind)).toEqual(['float', 'float', 'string', 'op']);
    expect(tokens[1]!.float).toBe(2000);
  });

  it('reports an unterminated string and a bad number at their columns', () => {
    expect(lex('  db "abc').errors).toEqual([{ col: 6, message: 'unterminated string' }]);
    expect(lex('mov eax, 12z').errors).toEqual([{ col: 10, message: "invalid number '12z'" }]);
  });

  it('maps columns through a column map (macro-expanded text)', () => {
    const { tokens } = lex('ab cd', [5, 6, 7, 9, 9, 9]);
    expect(tokens.map((t) => t.col)).toEqual([5, 9]);
  });
});
