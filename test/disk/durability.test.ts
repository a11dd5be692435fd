/**
 * The user's image under SIGKILL (issue 12): a run killed at any moment leaves
 * IMG either as it was or as the completed run leaves it — a consistent file
 * system, never a mixture — and an `IMG:ro` image is never written.
 *
 * Two kinds of kill, through the real bundle: at moments spread over the run
 * (most land before the write-back, where the image must be untouched), and
 * at every step of the atomic write-back itself (kill-at.mjs makes the
 * process SIGKILL itself exactly there), where a timer would rarely land.
 * A killed write-back leaves its temporary file; the next run that writes
 * the image must remove it and give exactly the completed run's image.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { E2FSCK, e2fsck } from './e2fsck';
import { makeSmallImage } from '../helpers/small-image';

const CLI = join(__dirname, '../../dist/cli.js');
const KILL_AT = join(__dirname, 'kill-at.mjs');
const FILES = join(__dirname, 'programs', 'files');
const EXPECTED = readFileSync(join(__dirname, 'programs', 'files.expected'), 'utf8');
const BLOCK = 4096;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Ended {
  readonly signal: NodeJS.Signals | null;
  readonly status: number | null;
  readonly stdout: string;
  readonly ms: number;
}

/**
 * `ftvm run --topology simplex --disk DISK FILES` in a child; killed after
 * `killAfterMs`, or as soon as the program has printed something (it is then
 * using the mounted disk), if asked.
 */
function runOn(disk: string, options: { killAfterMs?: number; killAt?: string; killOnOutput?: boolean } = {}): Promise<Ended> {
  const args = [...(options.killAt ? ['--import', KILL_AT] : []), CLI, 'run', '--topology', 'simplex', '--disk', disk, FILES];
  const env = { ...process.env, ...(options.killAt ? { FTVM_KILL_AT: options.killAt } : {}) };
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.killOnOutput) child.kill('SIGKILL');
  });
  const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, ms: performance.now() - started });
    });
  });
}

/** What write-backs left beside an image (temporary files). */
const leftovers = (folder: string) => readdirSync(folder).filter((n) => n.includes('.ftvm-'));

let root: string;
let original: string;
let originalSha: string;
let resultSha: string;
let runMs: number;
/** Blocks the write-back writes (the result's non-zero blocks): one write each. */
let blocksWritten: number;

/** A folder of its own holding a fresh copy of the original image. */
function freshCopy(name: string): { folder: string; img: string } {
  const folder = join(root, name);
  mkdirSync(folder);
  const img = join(folder, 'disk.img');
  copyFileSync(original, img);
  return { folder, img };
}

/** The image is the old one or the completed run's, and a clean file system. */
function expectOldOrNew(img: string, what: string): 'old' | 'new' {
  const now = sha(img);
  expect([originalSha, resultSha], what).toContain(now);
  if (E2FSCK) {
    const check = e2fsck(img);
    expect(check.status, `${what}: ${check.output}`).toBe(0);
  }
  return now === originalSha ? 'old' : 'new';
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ftvm-durability-'));
  original = makeSmallImage(root, 'original.img');
  originalSha = sha(original);
  const { folder, img } = freshCopy('completed');
  const done = await runOn(img);
  expect(done.stdout).toBe(EXPECTED);
  expect(done.status).toBe(0);
  expect(leftovers(folder)).toEqual([]);
  resultSha = sha(img);
  expect(resultSha).not.toBe(originalSha);
  runMs = done.ms;
  const bytes = readFileSync(img);
  blocksWritten = 0;
  for (let at = 0; at < bytes.length; at += BLOCK) if (bytes.subarray(at, at + BLOCK).some((x) => x !== 0)) blocksWritten++;
}, 60_000);

describe('a run killed with SIGKILL', () => {
  it('at moments spread over the run leaves the image as it was or as the completed run left it, and e2fsck-clean', async () => {
    // From just after the start to past the measured end (the host's speed varies from run to run).
    const fractions = [0.03, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05];
    let killed = 0;
    for (const f of fractions) {
      const { img } = freshCopy(`spread-${f}`);
      const ended = await runOn(img, { killAfterMs: Math.round(runMs * f) });
      if (ended.signal === 'SIGKILL') killed++;
      else expect(ended.stdout, `not killed at ${f}`).toBe(EXPECTED);
      expectOldOrNew(img, `killed at ${Math.round(f * 100)}% of the run`);
    }
    // The early kills certainly struck a live run.
    expect(killed).toBeGreaterThanOrEqual(2);
  });

  // Each step of saveImageAtomically, and what it must leave: the old image before the rename, the new one after.
  const steps: [step: () => string, image: 'old' | 'new', temp: boolean, laterRun: boolean][] = [
    [() => 'open', 'old', false, false],
    [() => 'write:1', 'old', true, false],
    [() => `write:${Math.ceil(blocksWritten / 2)}`, 'old', true, true],
    [() => 'truncate', 'old', true, false],
    [() => 'fsync', 'old', true, false],
    [() => 'rename', 'old', true, true],
    [() => 'renamed', 'new', false, false],
  ];
  it('at each step of the write-back leaves the old image or the new one whole; the next run removes the temporary file and writes the completed image', async () => {
    for (const [stepOf, image, temp, laterRun] of steps) {
      const step = stepOf();
      const { folder, img } = freshCopy(`step-${step.replace(':', '-')}`);
      const ended = await runOn(img, { killAt: step });
      expect(ended.signal, step).toBe('SIGKILL');
      // Everything the program printed came out before the write-back began.
      expect(ended.stdout, step).toBe(EXPECTED);
      expect(expectOldOrNew(img, `killed at ${step}`), step).toBe(image);
      expect(leftovers(folder).length, step).toBe(temp ? 1 : 0);
      if (!laterRun) continue;
      const later = await runOn(img);
      expect(later.status, step).toBe(0);
      expect(leftovers(folder), `after a run that follows a kill at ${step}`).toEqual([]);
      expect(sha(img), step).toBe(resultSha);
    }
  });
});

describe('a read-only image (IMG:ro)', () => {
  it('is byte for byte as it was after a killed run and after a full one, and nothing is written beside it', async () => {
    const { folder, img } = freshCopy('read-only');
    const before = statSync(img).mtimeMs;
    const killed = await runOn(`${img}:ro`, { killOnOutput: true });
    expect(killed.signal).toBe('SIGKILL');
    expect(sha(img)).toBe(originalSha);
    const full = await runOn(`${img}:ro`);
    expect(full.status).toBe(3); // the program stops when it cannot write (run-disk.test.ts)
    expect(sha(img)).toBe(originalSha);
    expect(statSync(img).mtimeMs).toBe(before);
    expect(readdirSync(folder)).toEqual(['disk.img']);
  });
});
