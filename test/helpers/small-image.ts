/** A small ext4 image made by `ftvm disk create --from`, holding /input.txt, as the disk tests start from. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const CLI = join(__dirname, '../../dist/cli.js');

/** Make `dir`/`name` (8 MiB) with /input.txt ("first line\nsecond line\n"); returns its path. */
export function makeSmallImage(dir: string, name: string): string {
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'input.txt'), 'first line\nsecond line\n', { mode: 0o644 });
  const img = join(dir, name);
  const made = spawnSync(process.execPath, [CLI, 'disk', 'create', img, '--size', '8M', '--from', join(dir, 'src')], { encoding: 'utf8' });
  expect(made.stderr).toBe('');
  return img;
}
