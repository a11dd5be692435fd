/**
 * Block modules are compiled once per thread and found again by their bytes:
 * a second machine running the same program instantiates the first one's
 * modules and runs the same cycles to the same output.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { ModuleCache } from '../../src/translate/module-cache';
import { runGuest } from '../helpers/run-guest';

/** A valid empty module, told apart from others by a custom section named name. */
function moduleNamed(name: string): Uint8Array<ArrayBuffer> {
  const label = Buffer.from(name, 'latin1');
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, label.length + 1, label.length, ...label]);
}

describe('ModuleCache', () => {
  test('the same bytes give the same module, other bytes another', () => {
    const cache = new ModuleCache();
    const first = cache.module(moduleNamed('a'));
    expect(first.kept).toBe(false);
    const again = cache.module(moduleNamed('a'));
    expect(again.kept).toBe(true);
    expect(again.module).toBe(first.module);
    const other = cache.module(moduleNamed('b'));
    expect(other.kept).toBe(false);
    expect(other.module).not.toBe(first.module);
    expect(cache.size).toEqual({ modules: 2, bytes: 2 * moduleNamed('a').length });
  });

  test('past its bound it lets go of the module used longest ago', () => {
    const length = moduleNamed('a').length;
    const cache = new ModuleCache(2 * length);
    cache.module(moduleNamed('a'));
    cache.module(moduleNamed('b'));
    cache.module(moduleNamed('a')); // a is now the latest used, b the oldest
    cache.module(moduleNamed('c'));
    expect(cache.size).toEqual({ modules: 2, bytes: 2 * length });
    expect(cache.module(moduleNamed('a')).kept).toBe(true);
    expect(cache.module(moduleNamed('b')).kept).toBe(false);
  });

  test('a module larger than the bound is still given, and kept alone', () => {
    const cache = new ModuleCache(4);
    expect(cache.module(moduleNamed('big')).kept).toBe(false);
    expect(cache.size.modules).toBe(1);
    expect(cache.module(moduleNamed('big')).kept).toBe(true);
  });
});

describe('machines share compiled regions', () => {
  test('a second run of a program takes every region from the cache, and runs the same', () => {
    const path = join(__dirname, 'programs/hot-loop-io.asm');
    const options = { topology: 'simplex', memoryMiB: 16, translate: true } as const;
    // A first run compiles what is not kept yet (an earlier test of this thread may have compiled some).
    const first = runGuest(path, options);
    const second = runGuest(path, options);
    const stats = second.machine.core.translationStats()!;
    expect(stats.regionsCompiled).toBeGreaterThan(0);
    expect(stats.regionsFromCache).toBe(stats.regionsCompiled);
    expect(second.status).toBe(first.status);
    expect(second.stdout.toString()).toBe(first.stdout.toString());
    expect(second.machine.cycle).toBe(first.machine.cycle);
    expect(stats.translatedCycles).toBe(first.machine.core.translationStats()!.translatedCycles);
  });
});
