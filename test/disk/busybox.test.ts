/**
 * Busybox (Debian's static i386 build) on the disk: sort -o, sha256sum, an
 * awk word count, gzip/gunzip, tar c/x/t, mkdir -p, cp -r, ls -R, find, rm -r
 * give the exit statuses, output and files the real CPU and kernel gave
 * (test/fixtures/busybox/expected.json, recorded by record.mjs), under every
 * topology and on threads; the image and its mirrored copies pass e2fsck.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { captureRun } from '../../src/machine/captured-run';
import { COMMANDS, comparable, makeInput, treeOf } from '../fixtures/busybox/scenario.mjs';
import { E2FSCK, e2fsck } from './e2fsck';

const CLI = join(__dirname, '../../dist/cli.js');
const FIXTURE = join(__dirname, '../fixtures/busybox');
const EXPECTED = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  commands: { label: string; status: number; stdout: string }[];
  files: Record<string, string>;
};

let dir: string;
let busybox: Uint8Array;
const BUSYBOX_PATH = '/bin/busybox';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftvm-busybox-'));
  busybox = gunzipSync(readFileSync(join(FIXTURE, 'busybox.gz')));
  makeInput(join(dir, 'input'));
  for (const f of ['words.txt', 'd1/nums.txt', 'd1/d2/hello.txt']) chmodSync(join(dir, 'input', f), 0o644);
});

function ftvm(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const SETUPS: [string, string, boolean][] = [
  ['simplex', 'simplex', false],
  ['dmr', 'dmr', false],
  ['pair-spare', 'pair-spare', false],
  ['tmr', 'tmr', false],
  ['pair-spare on threads', 'pair-spare', true],
];

describe('busybox on the disk', () => {
  for (const [name, topology, threads] of SETUPS) {
    it(`${name}: every command's status and output and the files left are as natively; e2fsck passes on the image and the copies`, () => {
      const img = join(dir, `${name.replace(/ /g, '-')}.img`);
      ftvm(['disk', 'create', img, '--size', '16M', '--from', join(dir, 'input')]);
      const mirrors = join(dir, `${name.replace(/ /g, '-')}-mirrors`);
      COMMANDS.forEach(([label, argv, how], i) => {
        const last = i === COMMANDS.length - 1;
        const r = captureRun({
          topology, path: BUSYBOX_PATH, image: busybox, args: argv, maxCycles: 2_000_000_000,
          threads: threads && { syncInterval: 1_000_000 }, disk: { path: img, readOnly: false, keepMirrors: last ? mirrors : undefined },
        });
        const want = EXPECTED.commands[i];
        expect({ label, status: r.outcome.status, stdout: comparable(r.stdout.toString('latin1'), how), stderr: r.stderr.toString() }).toEqual({ ...want, stderr: '' });
      });
      const out = join(dir, `${name.replace(/ /g, '-')}-files`);
      mkdirSync(out);
      ftvm(['disk', 'extract', img, out]);
      expect(treeOf(out)).toEqual(EXPECTED.files);
      if (!E2FSCK) return; // e2fsprogs is not installed here: the files were checked, the image's consistency cannot be
      for (const image of [img, ...Array.from({ length: topology === 'tmr' ? 3 : topology === 'simplex' ? 1 : 2 }, (_, c) => join(mirrors, `chassis-${c}.img`))]) {
        const check = e2fsck(image);
        expect(check.status, `${image}: ${check.output}`).toBe(0);
      }
    }, 600_000);
  }
});

