/** `ftvm disk create / ls / extract` through the real bundle (dist/cli.js), as a user runs them. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUGFS, E2FSCK, debugfs, e2fsck } from './e2fsck';

const CLI = join(__dirname, '../../dist/cli.js');

function ftvm(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sourceTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-disk-src-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello from the host\n');
  mkdirSync(join(dir, 'data'), { mode: 0o750 });
  writeFileSync(join(dir, 'data', 'numbers.bin'), Buffer.from(Array.from({ length: 70_000 }, (_, i) => i & 0xff)));
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  symlinkSync('hello.txt', join(dir, 'greeting'));
  return dir;
}

describe('ftvm disk', () => {
  it('creates an ext4 image from a folder, lists it and extracts it unchanged', () => {
    const src = sourceTree();
    const work = mkdtempSync(join(tmpdir(), 'ftvm-disk-'));
    const img = join(work, 'disk.img');
    expect(ftvm(['disk', 'create', img, '--size', '8M', '--from', src])).toMatchObject({ status: 0, stderr: '' });
    expect(statSync(img).size).toBe(8 * 1024 * 1024);
    if (E2FSCK) expect(e2fsck(img).status).toBe(0);
    if (DEBUGFS) expect(debugfs(img, 'cat /hello.txt')).toBe('hello from the host\n');

    const ls = ftvm(['disk', 'ls', img]);
    expect(ls.status).toBe(0);
    const names = ls.stdout.trim().split('\n').map((l) => l.split(' ').slice(-1)[0]);
    expect(ls.stdout).toMatch(/^lrwxrwxrwx .* greeting -> hello.txt$/m);
    expect(ls.stdout).toMatch(/^drwxr-x--- .* data$/m);
    expect(ls.stdout).toMatch(/^-rwxr-xr-x .* 10 .* run\.sh$/m);
    expect(names).toContain('lost+found');
    expect(ftvm(['disk', 'ls', img, '/data']).stdout).toMatch(/^-rw-r--r-- +1 +70000 .* numbers\.bin\n$/);

    const out = join(work, 'out');
    expect(ftvm(['disk', 'extract', img, out])).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(out, 'data', 'numbers.bin'))).toEqual(readFileSync(join(src, 'data', 'numbers.bin')));
    expect(readFileSync(join(out, 'hello.txt'), 'utf8')).toBe('hello from the host\n');
    expect(readlinkSync(join(out, 'greeting'))).toBe('hello.txt');
    expect(statSync(join(out, 'run.sh')).mode & 0o777).toBe(0o755);
  });

  it('says what is wrong in one line: missing image, not ext, existing image, bad size, full disk, missing path', () => {
    const work = mkdtempSync(join(tmpdir(), 'ftvm-disk-bad-'));
    const oneLine = (r: { status: number | null; stderr: string }, pattern: RegExp) => {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    };
    oneLine(ftvm(['disk', 'ls', join(work, 'none.img')]), /no such file/);
    writeFileSync(join(work, 'zeros.img'), new Uint8Array(2 * 1024 * 1024));
    oneLine(ftvm(['disk', 'ls', join(work, 'zeros.img')]), /not an ext2\/ext3\/ext4 file system image/);
    oneLine(ftvm(['disk', 'create', join(work, 'zeros.img'), '--size', '4M']), /already exists/);
    oneLine(ftvm(['disk', 'create', join(work, 'x.img'), '--size', 'lots']), /--size must be/);
    oneLine(ftvm(['disk', 'create', join(work, 'x.img')]), /--size is required/);
    const big = mkdtempSync(join(tmpdir(), 'ftvm-disk-big-'));
    writeFileSync(join(big, 'big.bin'), new Uint8Array(3 * 1024 * 1024).fill(7));
    oneLine(ftvm(['disk', 'create', join(work, 'small.img'), '--size', '1M', '--from', big]), /disk is full/);
    expect(() => statSync(join(work, 'small.img'))).toThrow();
    const img = join(work, 'ok.img');
    expect(ftvm(['disk', 'create', img, '--size', '1M']).status).toBe(0);
    oneLine(ftvm(['disk', 'ls', img, '/nope']), /\/nope: no such file or folder/);
  });
});
