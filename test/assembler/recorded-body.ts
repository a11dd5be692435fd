// A body of NASM sources recorded with nasm + ld (DIR/*.sections.txt, re-recorded
// by test/assembler/record.sh): every file either assembles to exactly what
// nasm + ld produced or is refused with one line per error naming file, line
// and column — never different bytes. `notYet` lists the files ftvm still
// refuses; the share that matches is printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssemblyError, assembleFile } from '../../src/assembler';
import { compareSections, readSectionsFixture } from './sections-fixture';

export function describeRecordedBody(title: string, dir: string, notYet: ReadonlySet<string>): void {
  const files = fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();
  describe(title, () => {
    const matched: string[] = [];
    for (const name of files) {
      it(name, () => {
        const recorded = readSectionsFixture(path.join(dir, name.replace(/\.asm$/, '.sections.txt')));
        let problems: string[];
        try {
          problems = compareSections(recorded, assembleFile(path.join(dir, name)));
        } catch (e) {
          expect(e).toBeInstanceOf(AssemblyError);
          // Refused: one line per distinct error, each naming file, line and column.
          for (const l of (e as Error).message.split('\n')) expect(l).toMatch(/^[^:]+:\d+:\d+: /);
          expect(notYet.has(name), `${name} is refused:\n${(e as Error).message}`).toBe(true);
          return;
        }
        // Never different bytes: a file it assembles is byte-identical.
        expect(problems).toEqual([]);
        matched.push(name);
        expect(notYet.has(name), `${name} now matches: take it off the not-yet list`).toBe(false);
      });
    }
    it('reports the share that matches nasm + ld', () => {
      console.log(`${title}: ${matched.length}/${files.length} files byte-identical to nasm + ld`);
      expect(matched.length + notYet.size).toBe(files.length);
    });
  });
}
