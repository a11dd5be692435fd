// Hand-written sources (addressing forms, expressions, data, jumps, the
// preprocessor, labels, section layouts) assemble to exactly the sections
// nasm + ld produced for them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleFile } from '../../src/assembler';
import { compareSections, readSectionsFixture } from './sections-fixture';

const dir = path.join(__dirname, 'fixtures', 'cases');
const cases = fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();

describe('hand-written cases match nasm + ld', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of cases) {
    it(name, () => {
      const result = assembleFile(path.join(dir, name));
      expect(compareSections(readSectionsFixture(path.join(dir, name.replace(/\.asm$/, '.sections.txt'))), result)).toEqual([]);
    });
  }
});
