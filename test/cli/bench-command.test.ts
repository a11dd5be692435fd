/** `ftvm bench` through the real bundle: one program, each topology asked for, a table and a chart. */
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { i386Runner } from '../../bench/lib/i386-runner.mjs';

const CLI = join(__dirname, '../../dist/cli.js');
const ftvm = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const PROGRAM = join(__dirname, '../../programs/sieve.asm');
const CRC32 = join(__dirname, '../../bench/workloads/bin/crc32');
const nativeHost = i386Runner().kind === 'native';

/** The simplex row's `x native` column: a figure, or '-' when there is none. */
const xNative = (stdout: string) => /^simplex +\S+ +\S+ +\S+ +(\S+)/m.exec(stdout)?.[1];

test('measures one-thread and threaded topologies of the same program', () => {
  const r = ftvm(['bench', '--runs', '1', '--topology', 'simplex', '--topology', 'pair-spare', '--topology', 'pair-spare+threads', PROGRAM]);
  expect(r.status).toBe(0);
  const rows = r.stdout.split('\n');
  expect(rows[0]).toMatch(/sieve\.asm: \d+ guest instructions, best of 1/);
  for (const t of ['simplex', 'pair-spare', 'pair-spare+threads']) {
    expect(rows.some((line) => new RegExp(`^${t.replace('+', '\\+')} +\\d+\\.\\d{4} +\\d+\\.\\d{2} +\\d+\\.\\d{2}`).test(line))).toBe(true);
  }
  expect(r.stdout).toMatch(/^simplex +\d+\.\d{4} +\d+\.\d{2} +1\.00 /m);
  expect(r.stdout).toMatch(/guest MIPS/);
});

test('a +translate row gives the translator\'s figures and its speed against the same topology interpreted', () => {
  const r = ftvm(['bench', '--runs', '1', '--topology', 'simplex', '--topology', 'simplex+translate', PROGRAM]);
  expect(r.status).toBe(0);
  // topology, seconds, MIPS, x simplex, x native, blocks, compile ms, translated.
  expect(r.stdout).toMatch(/^simplex +\d+\.\d{4} +\d+\.\d{2} +1\.00 +- +- +- +-$/m);
  const [, blocks, ms, share] = /^simplex\+translate +\d+\.\d{4} +\d+\.\d{2} +\d+\.\d{2} +- +(\d+) +([\d.]+) +([\d.]+)%$/m.exec(r.stdout) ?? [];
  expect(Number(blocks), r.stdout).toBeGreaterThan(0);
  expect(Number(ms)).toBeGreaterThan(0);
  expect(Number(share)).toBeGreaterThan(50);
  expect(r.stdout).toMatch(/^simplex\+translate against simplex: \d+\.\d{2}x the speed$/m);
});

test('an unknown topology or engine is one line and status 2', () => {
  for (const t of ['quad', 'tmr+gpu', 'tmr+threads+threads']) {
    const r = ftvm(['bench', '--topology', t, PROGRAM]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ftvm: bench: unknown topology '${t}' (expected a preset, optionally with +threads, +translate or both)\n`);
  }
});

test.runIf(nativeHost)('a native run that succeeded with ftvm\'s output gives the x native figure', () => {
  const r = ftvm(['bench', '--runs', '1', '--topology', 'simplex', CRC32, '1']);
  expect(r.status).toBe(0);
  expect(xNative(r.stdout)).toMatch(/^\d+\.\d$/);
  expect(r.stdout).toMatch(/^native +\d+\.\d{4} +\(wall time/m);
});

test('a host without IA-32 emulation, or with only qemu-i386, gives no native figure and says why', () => {
  const none = ftvm(['bench', '--runs', '1', '--topology', 'simplex', CRC32, '1'], { FTVM_I386_RUNNER: 'none' });
  expect(none.status).toBe(0);
  expect(xNative(none.stdout)).toBe('-');
  expect(none.stdout).toMatch(/^native: unavailable: this host runs no i386 binaries \(FTVM_I386_RUNNER=none\)$/m);
  const qemu = ftvm(['bench', '--runs', '1', '--topology', 'simplex', CRC32, '1'], { FTVM_I386_RUNNER: 'qemu' });
  expect(xNative(qemu.stdout)).toBe('-');
  expect(qemu.stdout).toMatch(/^native: unavailable: this host runs i386 binaries only under qemu-i386/m);
});

test('a native run that failed or printed something else is reported as unavailable, never as a figure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-bench-'));
  try {
    // The kernel refuses to run it (here: no execute permission; on a kernel without IA-32 emulation, ENOEXEC).
    const refused = join(dir, 'crc32');
    copyFileSync(CRC32, refused);
    chmodSync(refused, 0o644);
    const failed = ftvm(['bench', '--runs', '1', '--topology', 'simplex', refused, '1'], { FTVM_I386_RUNNER: 'native' });
    expect(failed.status).toBe(0);
    expect(xNative(failed.stdout)).toBe('-');
    expect(failed.stdout).toMatch(/^native: unavailable: the native run failed \(EACCES\)$/m);

    // Prints the year of its clock: 2024 on ftvm's virtual clock, the host's own natively.
    const source = join(dir, 'year.asm');
    writeFileSync(source, [
      'bits 32', 'section .rodata', 'y2024: db "2024", 10', 'later: db "later", 10', 'section .text', 'global _start', '_start:',
      '    mov eax, 13', '    xor ebx, ebx', '    int 0x80', '    mov ecx, y2024', '    mov edx, 5', '    cmp eax, 1735689600', '    jb print',
      '    mov ecx, later', '    mov edx, 6', 'print:', '    mov eax, 4', '    mov ebx, 1', '    int 0x80', '    mov eax, 1', '    xor ebx, ebx', '    int 0x80', '',
    ].join('\n'));
    const year = join(dir, 'year');
    expect(ftvm(['asm', source, '-o', year]).status).toBe(0);
    const differs = ftvm(['bench', '--runs', '1', '--topology', 'simplex', year], { FTVM_I386_RUNNER: 'native' });
    expect(differs.status).toBe(0);
    expect(xNative(differs.stdout)).toBe('-');
    expect(differs.stdout).toMatch(nativeHost ? /^native: unavailable: the native run printed something else than ftvm$/m : /^native: unavailable: /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
