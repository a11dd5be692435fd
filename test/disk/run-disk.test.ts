/** `ftvm run --disk` through the real bundle: a glibc program's files on a mirrored ext4 disk, with disk faults. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DEBUGFS, E2FSCK, debugfs, e2fsck } from './e2fsck';

const CLI = join(__dirname, '../../dist/cli.js');
const FILES = join(__dirname, 'programs', 'files');
const EXPECTED = readFileSync(join(__dirname, 'programs', 'files.expected'), 'utf8');

function ftvm(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A fresh 8 MiB image holding input.txt, as rebuild.sh gives the native run. */
function freshImage(): { dir: string; img: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-run-disk-'));
  const src = join(dir, 'src');
  spawnSync('mkdir', [src]);
  writeFileSync(join(src, 'input.txt'), 'first line\nsecond line\n', { mode: 0o644 });
  const img = join(dir, 'disk.img');
  expect(ftvm(['disk', 'create', img, '--size', '8M', '--from', src]).status).toBe(0);
  return { dir, img };
}

/** The block holding input.txt (the program's first read from the disk). */
function inputBlock(img: string): number {
  if (!DEBUGFS) return 134;
  return Number(debugfs(img, 'blocks /input.txt').trim());
}

const events = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });

describe('ftvm run --disk', () => {
  it('runs a glibc program on the disk exactly as natively; the image it leaves passes e2fsck', () => {
    const { img } = freshImage();
    const r = ftvm(['run', '--topology', 'simplex', '--disk', img, FILES]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(EXPECTED);
    expect(r.status).toBe(0);
    if (E2FSCK) expect(e2fsck(img).status).toBe(0);
    if (DEBUGFS) expect(debugfs(img, 'cat /result.txt')).toBe('written by the guest\n');
  });

  it('pair-spare: a corrupt and an unreadable block and a chassis power loss change nothing the program sees; the copies agree', () => {
    const { dir, img } = freshImage();
    const block = inputBlock(img);
    const ev = join(dir, 'ev.jsonl');
    const mirrors = join(dir, 'mirrors');
    const r = ftvm([
      'run', '--disk', img, '--events', ev, '--keep-mirrors', mirrors, '--repair-after', '3000000',
      '--fault', JSON.stringify({ at: 0, target: 'disk', chassis: 0, block, bits: [0, 1] }),
      '--fault', JSON.stringify({ at: 0, target: 'disk', chassis: 1, block: 0, event: 'unreadable' }),
      '--fault', JSON.stringify({ at: 3_000_000, target: 'chassis', chassis: 1, event: 'power-loss' }),
      FILES,
    ]);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.status).toBe(0);
    const list = events(ev);
    const types = list.map((e) => e.type);
    expect(list).toContainEqual(expect.objectContaining({ type: 'disk-error', chassis: 0, block, reason: 'checksum' }));
    expect(list).toContainEqual(expect.objectContaining({ type: 'disk-repaired', chassis: 0, block, from: 1 }));
    expect(types).toContain('disk-offline');
    const done = list.find((e) => e.type === 'disk-resync-done')!;
    expect(done).toMatchObject({ chassis: 1, full: false });
    expect(done.blocks as number).toBeGreaterThan(0);
    expect(done.blocks as number).toBeLessThan(2048); // only what was written while away
    expect(sha(join(mirrors, 'chassis-0.img'))).toBe(sha(join(mirrors, 'chassis-1.img')));
    if (E2FSCK) for (const f of [img, join(mirrors, 'chassis-0.img'), join(mirrors, 'chassis-1.img')]) expect(e2fsck(f).status).toBe(0);
  });

  it('simplex: silent corruption reaches the program; a failed disk under dmr runs degraded and is replaced', () => {
    const { dir, img } = freshImage();
    const block = inputBlock(img);
    const copy = join(dir, 'copy.img');
    copyFileSync(img, copy);
    const simplex = ftvm(['run', '--topology', 'simplex', '--disk', img, '--fault', JSON.stringify({ at: 0, target: 'disk', chassis: 0, block, bits: [0, 1] }), FILES]);
    expect(simplex.stdout.split('\n')[0]).toBe('input: eirst line');

    const ev = join(dir, 'ev.jsonl');
    const dmr = ftvm(['run', '--topology', 'dmr', '--disk', copy, '--events', ev, '--repair-after', '2000000', '--fault', JSON.stringify({ at: 1000, target: 'disk', chassis: 1, event: 'fail' }), FILES]);
    expect(dmr.stdout).toBe(EXPECTED);
    expect(events(ev).find((e) => e.type === 'disk-resync-done')).toMatchObject({ chassis: 1, full: true, blocks: 2048 });
  });

  it('never writes a :ro image', () => {
    const { img } = freshImage();
    const before = sha(img);
    const r = ftvm(['run', '--topology', 'simplex', '--disk', `${img}:ro`, FILES]);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['input: first line', 'input: second line', 'input size 23 mode 644']);
    expect(r.stdout).toMatch(/^mkdir out -1\ncannot write out\/a\.txt: EROFS\n$/m);
    expect(r.status).toBe(3);
    expect(sha(img)).toBe(before);
  });

  it('bad input is one line: a missing or non-ext image, disk faults without a disk or outside it, on threads too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-run-disk-bad-'));
    const oneLine = (args: string[], pattern: RegExp) => {
      const r = ftvm(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    };
    oneLine(['run', '--disk', join(dir, 'none.img'), FILES], /no such file/);
    writeFileSync(join(dir, 'zero.img'), new Uint8Array(1 << 20));
    oneLine(['run', '--disk', join(dir, 'zero.img'), FILES], /not an ext2\/ext3\/ext4 file system image/);
    oneLine(['run', '--fault', '{"at":0,"target":"disk","chassis":0,"block":1,"event":"unreadable"}', FILES], /a disk fault needs a disk \(--disk IMG\)/);
    oneLine(['run', '--disk', join(dir, 'zero.img'), '--fault', '{"at":0,"target":"disk","chassis":0,"block":1,"event":"melt"}', FILES], /--fault 1/);
    oneLine(['run', '--threads', '--disk', join(dir, 'zero.img'), FILES], /not an ext2\/ext3\/ext4 file system image/);
    oneLine(['run', '--disk', join(dir, 'zero.img'), '--fault', '{"at":0,"target":"disk","chassis":0,"block":9999,"bits":[1]}', FILES], /^ftvm: --fault 1: field "block" is 9999 but the disk has blocks 0-255\n$/);
  });
});
