/**
 * moduleBytes imports only the functions a region's code calls (V8 compiles
 * a wrapper for every import of every module, which made each region's
 * module cost close to a millisecond), and its calls reach the right ones.
 */
import { describe, test, expect } from 'vitest';
import { Code, Op, moduleBytes, type ImportedFunction } from '../../src/translate/wasm-binary';

const IMPORTABLE: ImportedFunction[] = Array.from({ length: 12 }, (_, i) => ({ module: 'core', name: `f${i}`, params: 1, results: 1 }));

/** A function of 5 parameters returning f7(f3(p0)) + f3(p1) + f11(p2). */
function body(): Code {
  const c = new Code();
  c.get(0).call(3).call(7);
  c.get(1).call(3).op(Op.i32Add);
  c.get(2).call(11).op(Op.i32Add);
  return c;
}

describe('moduleBytes', () => {
  test('imports the functions called, in index order, and calls each', () => {
    const bytes = moduleBytes(IMPORTABLE, 'block', 5, 0, body());
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module).filter((i) => i.kind === 'function').map((i) => i.name)).toEqual(['f3', 'f7', 'f11']);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const core = Object.fromEntries(IMPORTABLE.map((f, i) => [f.name, (x: number) => x * 100 + i]));
    const run = new WebAssembly.Instance(module, { env: { memory }, core }).exports.block as (...a: number[]) => number;
    // f7(f3(1)) = (1 * 100 + 3) * 100 + 7; f3(2) = 203; f11(3) = 311
    expect(run(1, 2, 3, 0, 0)).toBe(10307 + 203 + 311);
  });

  test('a function that calls nothing imports no function', () => {
    const c = new Code();
    c.get(0);
    const module = new WebAssembly.Module(moduleBytes(IMPORTABLE, 'block', 5, 3, c));
    expect(WebAssembly.Module.imports(module).map((i) => i.kind)).toEqual(['memory']);
  });

  test('the code written keeps its own indices: a second module from it is the same', () => {
    const c = body();
    expect(moduleBytes(IMPORTABLE, 'block', 5, 0, c)).toEqual(moduleBytes(IMPORTABLE, 'block', 5, 0, c));
  });
});
