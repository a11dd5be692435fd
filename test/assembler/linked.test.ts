// Programs split over several source files (fixtures/linked/NAME/*.asm) assemble
// and link to exactly what nasm on each file and ld on the objects produced.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssemblyError, assembleFiles, assembleProgram } from '../../src/assembler';
import { compareSections, readSectionsFixture } from './sections-fixture';

const dir = path.join(__dirname, 'fixtures', 'linked');
const programs = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort();

describe('several sources linked as ld links them', () => {
  it('has the programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(2);
  });
  for (const name of programs) {
    it(name, () => {
      const sources = fs.readdirSync(path.join(dir, name)).filter((n) => n.endsWith('.asm')).sort().map((n) => path.join(dir, name, n));
      const result = assembleFiles(sources);
      expect(compareSections(readSectionsFixture(path.join(dir, `${name}.sections.txt`)), result)).toEqual([]);
    });
  }

  it('keeps each file its own names, and refuses an extern nobody defines', () => {
    const unit = (fileName: string, source: string) => ({ source, fileName });
    const r = assembleProgram([
      unit('a.asm', 'global _start\nextern f\n_start: call f\nx: jmp x\n'),
      unit('b.asm', 'global f\nf: ret\nx: jmp x\n'),
    ]);
    expect([...r.sections[0]!.bytes]).toEqual([0xe8, 0x0b, 0, 0, 0, 0xeb, 0xfe, 0x66, 0x90, 0x66, 0x90, 0x66, 0x90, 0x66, 0x90, 0x90, 0xc3, 0xeb, 0xfe]);
    expect(() => assembleProgram([unit('a.asm', 'global _start\nextern g\n_start: call g\n'), unit('b.asm', 'nop\n')])).toThrow(AssemblyError);
    try {
      assembleProgram([unit('a.asm', 'global _start\nextern g\n_start: call g\n'), unit('b.asm', 'nop\n')]);
    } catch (e) {
      expect((e as Error).message).toBe("a.asm:3:14: undefined symbol 'g' (declared extern; no source given defines it)");
    }
  });
});
