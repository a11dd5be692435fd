/**
 * Disk faults through the engine, as the issue judges them: under pair-spare
 * and tmr every single disk fault leaves the program's output and the files it
 * wrote byte-identical to the fault-free run, and after the repair the copies
 * agree; under simplex silent corruption reaches the program.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { captureRun, runCaptured } from '../../src/machine/captured-run';
import { readProgram } from '../../src/programs/read-program';
import type { Fault } from '../../src/faults/fault';
import { E2FSCK, e2fsck } from './e2fsck';
import { guestName } from '../helpers/run-guest';

const CLI = join(__dirname, '../../dist/cli.js');
const FILES = join(__dirname, 'programs', 'files');
const EXPECTED = readFileSync(join(__dirname, 'programs', 'files.expected'), 'utf8');
/** input.txt's block on an image `ftvm disk create` makes from the folder below (the program reads it first). */
const INPUT_BLOCK = 134;
/** The root folder's block: read by every path lookup, rewritten by every file created. */
const ROOT_BLOCK = 132;

function image(): { dir: string; img: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-disk-transparency-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'input.txt'), 'first line\nsecond line\n', { mode: 0o644 });
  const img = join(dir, 'disk.img');
  const made = spawnSync(process.execPath, [CLI, 'disk', 'create', img, '--size', '8M', '--from', join(dir, 'src')], { encoding: 'utf8' });
  expect(made.stderr).toBe('');
  return { dir, img };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function run(img: string, topology: string, faults: Fault[], keepMirrors?: string) {
  const r = runCaptured({
    topology, path: guestName(FILES), image: readProgram(FILES), faults, repairAfter: 3_000_000n, maxCycles: 200_000_000,
    disk: { path: img, readOnly: false, scratch: true, keepMirrors },
  });
  return { stdout: r.stdout.toString(), status: r.outcome.status, files: r.engine.diskDigest, events: r.machine.events };
}

/** Every single disk fault of the issue, on chassis c, plus a power loss of c (its disk goes with it). */
function singleFaults(chassis: number): [string, Fault][] {
  return [
    ['corrupt input block', { at: 0, target: 'disk', chassis, block: INPUT_BLOCK, bits: [0, 1] }],
    ['corrupt root folder mid-run', { at: 8_000_000, target: 'disk', chassis, block: ROOT_BLOCK, bits: [100] }],
    ['unreadable input block', { at: 0, target: 'disk', chassis, block: INPUT_BLOCK, event: 'unreadable' }],
    ['unreadable root folder mid-run', { at: 8_000_000, target: 'disk', chassis, block: ROOT_BLOCK, event: 'unreadable' }],
    ['disk fails', { at: 1_000, target: 'disk', chassis, event: 'fail' }],
    ['chassis loses power', { at: 3_000_000, target: 'chassis', chassis, event: 'power-loss' }],
  ];
}

describe('disk faults under redundancy', () => {
  for (const topology of ['pair-spare', 'tmr']) {
    it(`${topology}: every single disk fault leaves output and files as the fault-free run; the copies agree after repair`, () => {
      const { dir, img } = image();
      const golden = run(img, topology, []);
      expect(golden.stdout).toBe(EXPECTED);
      expect(golden.files).toMatch(/^[0-9a-f]{64}$/);
      const copies = topology === 'tmr' ? 3 : 2;
      let n = 0;
      // Every fault on the reference chassis (it serves the reads), the block faults and the failure on the last one.
      const cases = [...singleFaults(0).map((c) => [0, ...c] as const), ...singleFaults(copies - 1).filter(([w]) => !/mid-run|power/.test(w)).map((c) => [copies - 1, ...c] as const)];
      {
        for (const [chassis, what, fault] of cases) {
          const mirrors = join(dir, `mirrors-${n++}`);
          const r = run(img, topology, [fault], mirrors);
          const label = `${what} on chassis ${chassis}`;
          expect(r.stdout, label).toBe(golden.stdout);
          expect(r.status, label).toBe(0);
          expect(r.files, label).toBe(golden.files);
          expect(r.events.some((e) => e.type === 'fault-injected'), label).toBe(true);
          const digests = Array.from({ length: copies }, (_, c) => sha(join(mirrors, `chassis-${c}.img`)));
          expect(new Set(digests).size, `${label}: copies ${digests.join(' ')}`).toBe(1);
          if (fault.target === 'chassis' || 'event' in fault && fault.event === 'fail') {
            const done = r.events.find((e) => e.type === 'disk-resync-done');
            expect(done, label).toMatchObject({ chassis, full: fault.target !== 'chassis' });
          } else if (fault.at === 0 && fault.target === 'disk' && 'block' in fault) {
            // (A block struck mid-run may be rewritten before anything reads it: then nothing needs repair.)
            expect(r.events.find((e) => e.type === 'disk-repaired'), label).toMatchObject({ chassis, block: fault.block });
          }
          if (E2FSCK && n <= 2) expect(e2fsck(join(mirrors, `chassis-${chassis}.img`)).status, label).toBe(0);
        }
      }
    }, 240_000);
  }

  it('simplex: silent corruption reaches the program and its files; the scratch image is never written', () => {
    const { img } = image();
    const before = sha(img);
    const golden = run(img, 'simplex', []);
    const r = run(img, 'simplex', [{ at: 0, target: 'disk', chassis: 0, block: INPUT_BLOCK, bits: [0, 1] }]);
    expect(r.stdout.split('\n')[0]).toBe('input: eirst line');
    expect(r.files).not.toBe(golden.files);
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'disk-error', chassis: 0, block: INPUT_BLOCK, repaired: false }));
    expect(sha(img)).toBe(before);
  });

  it('on threads: the same output, files and disk events as on one thread (the coordinator holds the disk)', () => {
    const { dir, img } = image();
    const faults: Fault[] = [
      { at: 0, target: 'disk', chassis: 0, block: INPUT_BLOCK, bits: [0, 1] },
      { at: 3_000_000, target: 'chassis', chassis: 1, event: 'power-loss' },
      { at: 9_000_000, target: 'disk', chassis: 0, event: 'fail' },
    ];
    const diskEvents = (events: readonly { type: string; cycle: number; [k: string]: unknown }[]) =>
      events.filter((e) => e.type.startsWith('disk-') || (e.type === 'fault-injected' && (e.fault as Fault).target === 'disk')).map((e) => JSON.stringify(e));
    const runs = [false, true].map((threads) => {
      const mirrors = join(dir, `mirrors-${threads}`);
      const r = captureRun({
        topology: 'pair-spare', path: guestName(FILES), image: readProgram(FILES), faults, repairAfter: 3_000_000n, maxCycles: 200_000_000,
        threads: threads && { syncInterval: 500_000 }, disk: { path: img, readOnly: false, scratch: true, keepMirrors: mirrors },
      });
      return { stdout: r.stdout.toString(), files: r.engine.diskDigest, events: diskEvents(r.engine.events), copies: [0, 1].map((c) => sha(join(mirrors, `chassis-${c}.img`))) };
    });
    expect(runs[1].stdout).toBe(EXPECTED);
    expect(runs[1].files).toBe(runs[0].files);
    expect(runs[1].events).toEqual(runs[0].events);
    expect(runs[1].events.some((e) => e.includes('disk-resync-done'))).toBe(true);
    expect(runs[1].copies).toEqual(runs[0].copies);
    expect(runs[1].copies[0]).toBe(runs[1].copies[1]);
  }, 120_000);
});
