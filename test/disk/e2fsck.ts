/** Running e2fsprogs' own checker on an image, when this machine has it (CI machines may not). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(tool: string): string | undefined {
  for (const dir of ['/usr/sbin', '/sbin', '/usr/bin', '/bin', '/usr/local/sbin']) {
    const path = join(dir, tool);
    if (spawnSync(path, ['-V']).error === undefined) return path;
  }
  return undefined;
}

export const E2FSCK = find('e2fsck');
export const DEBUGFS = find('debugfs');

/** `e2fsck -fn` on the image: its exit status and report. */
export function e2fsck(image: Uint8Array | string): { status: number; output: string } {
  const dir = typeof image === 'string' ? undefined : mkdtempSync(join(tmpdir(), 'ftvm-fsck-'));
  const path = typeof image === 'string' ? image : join(dir!, 'disk.img');
  if (typeof image !== 'string') writeFileSync(path, image);
  try {
    const r = spawnSync(E2FSCK!, ['-fn', path], { encoding: 'utf8' });
    return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** `debugfs -R COMMAND IMG`'s output. */
export function debugfs(path: string, command: string): string {
  const r = spawnSync(DEBUGFS!, ['-R', command, path], { encoding: 'utf8' });
  return r.stdout;
}
