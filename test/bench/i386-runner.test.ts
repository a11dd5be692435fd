/**
 * The one answer to "how does this host run i386 binaries" that the bench,
 * `ftvm bench` and the fixture scripts share: detected from the kernel and
 * qemu-i386, overridden with FTVM_I386_RUNNER so that a kernel without IA-32
 * emulation can be played on one that has it; and what its users do with
 * each answer.
 */
import { describe, test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { i386Runner, qemuRunner, describeRunner, RUNNER_KINDS } from '../../bench/lib/i386-runner.mjs';
// @ts-expect-error: the bench's suites are plain JavaScript, without declarations
import nativeSuite from '../../bench/suites/native.mjs';

const ROOT = join(__dirname, '../..');
const CRC32 = join(ROOT, 'bench/workloads/bin/crc32');
const CRC32_ONE_PASS = 'crc32 1 x 256 KiB: ';
const gitStatus = () => spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout;
const withRunner = (kind: string) => ({ ...process.env, FTVM_I386_RUNNER: kind });

describe('i386Runner', () => {
  test('the detected runner runs an i386 binary, and says so; no runner means neither the kernel nor qemu-i386 could', () => {
    const runner = i386Runner({});
    expect(RUNNER_KINDS).toContain(runner.kind);
    if (runner.kind === 'none') {
      expect(() => runner.command(CRC32, ['1'])).toThrow(/runs no i386 binaries/);
      expect(spawnSync(CRC32, ['1']).status).not.toBe(0);
      return;
    }
    const [command, args] = runner.command(CRC32, ['1']);
    const r = spawnSync(command, args, { encoding: 'latin1' });
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(CRC32_ONE_PASS)).toBe(true);
    expect(describeRunner(runner)).toMatch(runner.kind === 'native' ? /^i386 reference: native \(the kernel runs i386 binaries\)$/ : /^i386 reference: qemu-i386 .*\(the kernel cannot run i386 binaries/);
  });

  test('FTVM_I386_RUNNER chooses, and anything else is refused', () => {
    expect(i386Runner({ FTVM_I386_RUNNER: 'native' }).command('/x', ['a'])).toEqual(['/x', ['a']]);
    const qemu = i386Runner({ FTVM_I386_RUNNER: 'qemu' });
    expect(qemu.command('/x', ['a'])).toEqual(['qemu-i386', ['/x', 'a']]);
    expect(qemu.label).toMatch(/^qemu-i386/);
    const none = i386Runner({ FTVM_I386_RUNNER: 'none' });
    expect(describeRunner(none)).toBe('i386 reference: none (FTVM_I386_RUNNER=none)');
    expect(() => none.command('/x')).toThrow('this host runs no i386 binaries (FTVM_I386_RUNNER=none)');
    expect(() => i386Runner({ FTVM_I386_RUNNER: 'wine' })).toThrow("FTVM_I386_RUNNER must be one of native, qemu, none (got 'wine')");
  });

  test('as a script it prints the kind and the description on one line, for shell scripts', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/lib/i386-runner.mjs')], { encoding: 'utf8', env: withRunner('none') });
    expect(r.stdout).toBe('none i386 reference: none (FTVM_I386_RUNNER=none)\n');
  });
});

describe('its users, on a host with no way to run i386 binaries', () => {
  test('the fixture scripts skip with one line and change nothing', () => {
    const before = gitStatus();
    const scripts: [string, string[], string][] = [
      ['sh', ['test/oracle/rebuild.sh'], 'rebuild.sh: skipped, nothing changed: i386 reference: none (FTVM_I386_RUNNER=none)'],
      ['sh', ['bench/workloads/build.sh'], 'build.sh: skipped, nothing changed: i386 reference: none (FTVM_I386_RUNNER=none)'],
      [process.execPath, ['test/oracle/record.mjs'], 'record.mjs: skipped, nothing recorded: i386 reference: none (FTVM_I386_RUNNER=none)'],
      [process.execPath, ['test/core/record-vectors.mjs'], 'record-vectors.mjs: skipped, nothing recorded: i386 reference: none (FTVM_I386_RUNNER=none)'],
    ];
    for (const [command, args, line] of scripts) {
      const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: withRunner('none') });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(`${line}\n`);
      expect(r.stdout).toBe('');
    }
    expect(gitStatus()).toBe(before);
  });

  test.runIf(qemuRunner() !== null)('npm run bench takes its references from qemu-i386 when only qemu runs them, says so, and takes no native times', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-bench-'));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--quick', '--workload', 'crc32', '--topology', 'simplex', '--suite', 'native', '--out', join(dir, 'out')], { encoding: 'utf8', env: withRunner('qemu') });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\* i386 reference: qemu-i386 \S+ \(FTVM_I386_RUNNER=qemu\)$/m);
      expect(r.stdout).toMatch(/^crc32 +\d+ +qemu-i386 \S+ output, same args +qemu-i386 \S+, manifest arguments: ok/m);
      expect(r.stdout).toMatch(/^\* skipped: the i386 reference is qemu-i386 \S+, an emulator, not native/m);
      const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
      expect(json.i386Reference.kind).toBe('qemu');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a native run that failed is a row without figures', () => {
    const [block] = nativeSuite.render({ status: 'ok', estimator: 'mean', rows: [{ workload: 'crc32', ok: false, unavailable: true, problem: 'short run: ENOEXEC: spawnSync ENOEXEC' }] });
    expect(block.table.rows).toEqual([['crc32', '-', '-', '-', '-', '-', '-', '-', '-', 'unavailable: short run: ENOEXEC: spawnSync ENOEXEC']]);
  });
});
