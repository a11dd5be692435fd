/**
 * Every recorded instruction vector (vectors/*.json) replayed through the
 * machine, one cycle each: the registers, EIP, memory and outcome must be
 * exactly what the CPU produced, and EFLAGS must match on every flag the
 * Intel SDM defines for the instruction (the vector's mask). The decoder's
 * own vectors (decode, faults, length, lock) run in decoder.test.ts.
 */
import { describe, test, expect } from 'vitest';
import { loadVectorFiles, VectorRunner, vectorName, expected, observed } from './vectors';

const DECODER_FAMILIES = new Set(['decode', 'faults', 'length', 'lock']);

for (const file of loadVectorFiles()) {
  if (DECODER_FAMILIES.has(file.family)) continue;
  describe(`${file.family} (${file.cases.length} vectors recorded on ${file.cpu})`, () => {
    const runner = new VectorRunner('simplex');
    for (const v of file.cases) {
      test(vectorName(v), () => {
        expect(observed(v, runner.run(file, v))).toEqual(expected(file, v));
      });
    }
  });
}
