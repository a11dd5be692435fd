/**
 * Undefined flags must still be deterministic: the same instruction on the
 * same inputs gives the same full EFLAGS (every bit, defined or not) and the
 * same registers on any machine, whatever ran before — which is what lets
 * redundant replicas run in lockstep. Checked on every recorded vector: two
 * fresh simplex machines run them in opposite orders, and under pair-spare
 * (two chassis of two cores) the four replicas never disagree.
 */
import { describe, test, expect } from 'vitest';
import { loadVectorFiles, VectorRunner, fullState, vectorName } from './vectors';

const files = loadVectorFiles();

describe('two fresh simplex machines agree on every bit', () => {
  for (const file of files) {
    test(`${file.family}: ${file.cases.length} vectors, forward on one machine and backward on another`, () => {
      const forward = new VectorRunner('simplex');
      const backward = new VectorRunner('simplex');
      const a = file.cases.map((v) => fullState(forward.run(file, v)));
      const b = [...file.cases].reverse().map((v) => fullState(backward.run(file, v))).reverse();
      const differing = file.cases.flatMap((v, i) => (a[i] === b[i] ? [] : [`${vectorName(v)}:\n  ${a[i]}\n  ${b[i]}`]));
      expect(differing).toEqual([]);
    });
  }
});

describe('pair-spare: the replicas never diverge, and agree with simplex', () => {
  for (const file of files) {
    test(`${file.family}: ${file.cases.length} vectors`, () => {
      const simplex = new VectorRunner('simplex');
      const pairSpare = new VectorRunner('pair-spare');
      const differing: string[] = [];
      for (const v of file.cases) {
        const one = fullState(simplex.run(file, v));
        const four = fullState(pairSpare.run(file, v));
        if (one !== four) differing.push(`${vectorName(v)}:\n  simplex    ${one}\n  pair-spare ${four}`);
      }
      expect(pairSpare.events.filter((e) => e.type === 'mismatch' || e.type === 'vote' || e.type === 'chassis-offline' || e.type === 'stop')).toEqual([]);
      expect(differing).toEqual([]);
      expect(pairSpare.machine.replicaCount).toBe(4);
    });
  }
});
