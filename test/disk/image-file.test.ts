/** Writing an image back: what replaces the file, what is kept of it, and what killed write-backs left. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCK_SIZE } from '../../src/disk/block-store';
import { saveImageAtomically } from '../../src/disk/image-file';

const blocks = (fill: number) => (b: number) => (b === 1 ? new Uint8Array(BLOCK_SIZE).fill(fill) : undefined);

/** A pid no process has: one that has just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('saveImageAtomically', () => {
  it('writes holes as holes, blocks in place, and the exact length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-image-file-'));
    const img = join(dir, 'disk.img');
    saveImageAtomically(img, 3 * BLOCK_SIZE - 100, blocks(7));
    const bytes = readFileSync(img);
    expect(bytes.length).toBe(3 * BLOCK_SIZE - 100);
    expect(bytes.subarray(0, BLOCK_SIZE).every((x) => x === 0)).toBe(true);
    expect(bytes.subarray(BLOCK_SIZE, 2 * BLOCK_SIZE).every((x) => x === 7)).toBe(true);
    expect(readdirSync(dir)).toEqual(['disk.img']);
  });

  it('keeps the permission bits of the image it replaces, and a symbolic link to it stays a link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-image-file-'));
    const img = join(dir, 'real.img');
    saveImageAtomically(img, 2 * BLOCK_SIZE, blocks(1));
    chmodSync(img, 0o600);
    const link = join(dir, 'link.img');
    symlinkSync('real.img', link);
    saveImageAtomically(link, 2 * BLOCK_SIZE, blocks(2));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(img)[BLOCK_SIZE]).toBe(2);
    expect(statSync(img).mode & 0o7777).toBe(0o600);
  });

  it("removes temporary files that killed write-backs of the same image left, never a live process' or another image's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-image-file-'));
    const img = join(dir, 'disk.img');
    const dead = `.disk.img.ftvm-${deadPid()}.tmp`;
    const live = `.disk.img.ftvm-${process.ppid}.tmp`;
    const other = `.other.img.ftvm-${deadPid()}.tmp`;
    for (const name of [dead, live, other]) writeFileSync(join(dir, name), 'left over');
    saveImageAtomically(img, BLOCK_SIZE, blocks(1));
    expect(readdirSync(dir).sort()).toEqual([live, other, 'disk.img'].sort());
  });
});
