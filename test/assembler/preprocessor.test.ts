// Preprocessor behaviour beyond what the nasm-recorded cases show: %include
// relative to the including file, macro parameter forms, string directives,
// and the origins it gives to expanded lines.
import { describe, expect, it } from 'vitest';
import { assemble, type AssembleOptions } from '../../src/assembler';
import { Diagnostics } from '../../src/assembler/diagnostics';
import { preprocess } from '../../src/assembler/preprocessor';

/** The .data bytes of a source (the source declares `section .data`). */
function dataOf(source: string, files: Record<string, string> = {}, fileName = 'main.asm'): number[] {
  const opts: AssembleOptions = {
    source,
    fileName,
    readFile: (p) => {
      if (p in files) return files[p]!;
      throw new Error(`ENOENT ${p}`);
    },
  };
  return [...assemble(opts).sections.find((s) => s.name === '.data')!.bytes];
}

const bytes = (s: string): number[] => [...Buffer.from(s, 'latin1')];

describe('%include', () => {
  it('finds files relative to the including file, at every level', () => {
    const files = {
      'src/lib/a.inc': '%include "b.inc"\ndb "a"\n',
      'src/lib/b.inc': '%include "deeper/c.inc"\ndb "b"\n',
      'src/lib/deeper/c.inc': 'db "c"\n',
    };
    expect(dataOf('section .data\n%include "lib/a.inc"\ndb "m"\n', files, 'src/main.asm')).toEqual(bytes('cbam'));
  });

  it("falls back to the main file's directory, where NASM run from there would look", () => {
    const files = { 'src/lib/a.inc': '%include "lib/b.inc"\n', 'src/lib/b.inc': 'db 7\n' };
    expect(dataOf('section .data\n%include "lib/a.inc"\n', files, 'src/main.asm')).toEqual([7]);
  });

  it('stops a file that includes itself', () => {
    expect(() => dataOf('section .data\n%include "main.asm"\n', { 'main.asm': '%include "main.asm"\n' })).toThrow(/nested too deeply/);
  });

  it('expands a %define used as the file name', () => {
    expect(dataOf('%define LIB "x.inc"\nsection .data\n%include LIB\n', { 'x.inc': 'db 1, 2\n' })).toEqual([1, 2]);
  });
});

describe('single-line macros', () => {
  it('%define expands lazily, %xdefine at definition', () => {
    const src = [
      '%define A 1',
      '%define LAZY A',
      '%xdefine EAGER A',
      '%undef A',
      '%define A 2',
      'section .data',
      'db LAZY, EAGER',
    ].join('\n');
    expect(dataOf(src)).toEqual([2, 1]);
  });

  it('parameters, overloading by count, and case-insensitive %idefine', () => {
    const src = [
      '%define f(x) x+1',
      '%define f(x, y) x*y',
      '%idefine Seven 7',
      'section .data',
      'db f(1), f(3, 4), f((2), 5), SEVEN, seven',
    ].join('\n');
    expect(dataOf(src)).toEqual([2, 12, 10, 7, 7]);
  });

  it('does not expand a macro inside its own expansion', () => {
    expect(dataOf('%define X X+1\n$X equ 4\nsection .data\ndb X\n')).toEqual([5]);
  });

  it('%assign evaluates now; %defstr, %strlen and %strcat make strings', () => {
    const src = [
      '%assign n 3',
      '%assign n n*n',
      '%defstr s hello world',
      '%strlen len s',
      '%strcat both "ab", "cd"',
      'section .data',
      'db n, len, s, both',
    ].join('\n');
    expect(dataOf(src)).toEqual([9, 11, ...bytes('hello world'), ...bytes('abcd')]);
  });

  it('__FILE__ and __LINE__ give the line being assembled', () => {
    expect(dataOf('section .data\ndb __FILE__\ndb __LINE__\n', {}, 'dir/prog.asm')).toEqual([...bytes('dir/prog.asm'), 3]);
  });
});

describe('multi-line macros', () => {
  it('default and greedy parameters, %0', () => {
    const src = [
      '%macro m 1-3 20, 30',
      'db %1, %2, %3, %0',
      '%endmacro',
      '%macro rest 1+',
      'db %1',
      '%endmacro',
      'section .data',
      'm 1',
      'm 1, 2',
      'rest 4, 5, 6',
    ].join('\n');
    expect(dataOf(src)).toEqual([1, 20, 30, 1, 1, 2, 30, 2, 4, 5, 6]);
  });

  it('%rotate walks the parameters', () => {
    const src = ['%macro rev 1-*', '%rep %0', '%rotate -1', 'db %1', '%endrep', '%endmacro', 'section .data', 'rev 1, 2, 3, 4'].join('\n');
    expect(dataOf(src)).toEqual([4, 3, 2, 1]);
  });

  it('%%labels are distinct in each expansion; %+ and adjacency paste tokens', () => {
    const src = [
      '%macro here 1',
      '%%at: db %%at - $$, %1',
      'label_%1: db 0',
      'x %+ %1 equ %1',
      '%endmacro',
      'section .data',
      'here 7',
      'here 9',
      'db label_9 - label_7, x9',
    ].join('\n');
    expect(dataOf(src)).toEqual([0, 7, 0, 3, 9, 0, 3, 9]);
  });

  it('a macro may be overloaded by parameter count, and invoked after a label', () => {
    const src = ['%macro put 0', 'db 0', '%endmacro', '%macro put 1', 'db %1', '%endmacro', 'section .data', 'start: put', 'put 5', 'db start - $$'].join('\n');
    expect(dataOf(src)).toEqual([0, 5, 0]);
  });

  it('conditionals inside a body see the arguments', () => {
    const src = [
      '%macro pick 1',
      '%ifidn %1, yes',
      'db 1',
      '%elifnum %1',
      'db %1',
      '%else',
      'db 0',
      '%endif',
      '%endmacro',
      'section .data',
      'pick yes',
      'pick 42',
      'pick no',
    ].join('\n');
    expect(dataOf(src)).toEqual([1, 42, 0]);
  });

  it('a runaway recursive macro is stopped with an error', () => {
    expect(() => dataOf('%macro loop_forever 0\nloop_forever\n%endmacro\nloop_forever\n')).toThrow(/nested too deeply/);
  });
});

describe('origins of preprocessed lines', () => {
  it('macro body lines carry the body position and the invocation chain', () => {
    const diagnostics = new Diagnostics();
    const lines = preprocess({
      source: ['%macro inner 0', '  nop', '%endmacro', '%macro outer 0', '  inner', '%endmacro', 'outer'].join('\n'),
      fileName: 'o.asm',
      readFile: () => '',
      diagnostics,
    });
    const nop = lines.find((l) => l.tokens[0]?.text === 'nop')!;
    expect(nop.origin).toEqual({ file: 'o.asm', line: 2, expansion: [{ file: 'o.asm', line: 5 }, { file: 'o.asm', line: 7 }] });
    expect(nop.tokens[0]!.col).toBe(3);
    expect(diagnostics.errorCount).toBe(0);
  });

  it('a line continued with a backslash is one line', () => {
    expect(dataOf('section .data\ndb 1, \\\n   2, \\\n   3\n')).toEqual([1, 2, 3]);
  });
});
