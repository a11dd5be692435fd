/** The busybox fixture (test/fixtures/busybox), unpacked once per test file into a temporary folder. */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUSYBOX_DIR = join(__dirname, '..', 'fixtures', 'busybox');

export interface BusyboxCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly stdin?: string;
}

export interface BusyboxExpected {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

export const busyboxCases: readonly BusyboxCase[] = JSON.parse(readFileSync(join(BUSYBOX_DIR, 'cases.json'), 'utf8'));
export const busyboxExpected: { reference: string; cases: Record<string, BusyboxExpected> } = JSON.parse(readFileSync(join(BUSYBOX_DIR, 'expected.json'), 'utf8'));

/** Unpack busybox; returns its path and a function that removes it. */
export function unpackBusybox(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-busybox-'));
  const path = join(dir, 'busybox');
  writeFileSync(path, gunzipSync(readFileSync(join(BUSYBOX_DIR, 'busybox.gz'))));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
