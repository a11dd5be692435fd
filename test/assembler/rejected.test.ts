// Lines nasm (or ld) rejects must be rejected by ftvm too: every line of the
// fixture between the prelude and `fwd:` gets at least one error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssemblyError, assemble } from '../../src/assembler';

const file = path.join(__dirname, 'fixtures', 'rejected', 'random-rejected.asm');

describe('what nasm rejects', () => {
  it('ftvm rejects too, line by line', () => {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const first = lines.indexOf('lbl2:') + 2;
    const last = lines.indexOf('fwd: nop');
    let errors: Set<number> = new Set();
    try {
      assemble({ source: lines.join('\n'), fileName: 'random-rejected.asm' });
    } catch (e) {
      expect(e).toBeInstanceOf(AssemblyError);
      errors = new Set((e as AssemblyError).diagnostics.map((d) => d.origin.line));
    }
    const accepted = [];
    for (let n = first; n <= last; n++) if (!errors.has(n)) accepted.push(`${n}: ${lines[n - 1]}`);
    expect(last - first).toBeGreaterThan(400);
    expect(accepted).toEqual([]);
  });
});
