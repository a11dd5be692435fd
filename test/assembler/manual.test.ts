// A corpus written from the NASM manual, chapter by chapter (every directive,
// operator, standard macro and data form it documents), recorded with nasm + ld
// (fixtures/manual/*.sections.txt, re-recorded by test/assembler/record.sh).
// Every file either assembles to exactly what nasm + ld produced or is refused
// with one line per error naming file, line and column: never different bytes.
// NOT_YET lists the files ftvm still refuses; the share that matches is printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssemblyError, assembleFile } from '../../src/assembler';
import { compareSections, readSectionsFixture } from './sections-fixture';

const dir = path.join(__dirname, 'fixtures', 'manual');
const files = fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();

/** Manual sections ftvm does not assemble yet (it refuses them, with located errors). */
const NOT_YET = new Set<string>([]);

describe('the NASM manual corpus', () => {
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
        expect(NOT_YET.has(name), `${name} is refused:\n${(e as Error).message}`).toBe(true);
        return;
      }
      // Never different bytes: a file it assembles is byte-identical.
      expect(problems).toEqual([]);
      matched.push(name);
      expect(NOT_YET.has(name), `${name} now matches: take it off NOT_YET`).toBe(false);
    });
  }
  it('reports the share that matches nasm + ld', () => {
    console.log(`NASM manual corpus: ${matched.length}/${files.length} files byte-identical to nasm + ld`);
    expect(matched.length + NOT_YET.size).toBe(files.length);
  });
});
