// The instruction corpus generated from the ISA table assembles to exactly the
// bytes nasm + ld produced for it, and between them its lines use every form
// of the table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/assembler';
import { FORMS, type InsnForm } from '../../src/isa';
import { generateCorpus } from './corpus';
import { compareSections, readSectionsFixture } from './sections-fixture';

const dir = path.join(__dirname, 'fixtures', 'corpus');
const corpus = generateCorpus();
const used = new Set<InsnForm>();

describe('instruction corpus (generated from src/isa/table.ts)', () => {
  it('the committed fixtures are the ones the table generates (else run test/assembler/record.sh)', () => {
    const committed = fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();
    expect(committed).toEqual(corpus.map((f) => `${f.name}.asm`).sort());
  });

  for (const file of corpus) {
    it(`${file.name}: same bytes as nasm + ld`, () => {
      const asmPath = path.join(dir, `${file.name}.asm`);
      expect(fs.readFileSync(asmPath, 'utf8'), 'fixture source is stale: run test/assembler/record.sh').toBe(file.source);
      const result = assemble({ source: file.source, fileName: `${file.name}.asm` });
      for (const l of result.listing) for (const f of l.forms) used.add(f);
      expect(compareSections(readSectionsFixture(path.join(dir, `${file.name}.sections.txt`)), result)).toEqual([]);
    });
  }

  it('uses every form of the ISA table', () => {
    const unused = FORMS.filter((f) => !used.has(f)).map((f) => `${f.mnemonic} ${f.operands.map((o) => o.type).join(',')} [${f.encoding}]`);
    expect(unused).toEqual([]);
  });
});
