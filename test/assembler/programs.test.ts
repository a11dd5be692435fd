// The sample programs: each assembles to exactly the sections nasm + ld give,
// has its one-line description and expected output, is listed in the README,
// runs on ftvm (from its .asm) printing the output recorded natively, and —
// where this host can execute i386 binaries — the executable ftvm writes runs
// natively and prints its expected output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleFile } from '../../src/assembler';
import { runGuest } from '../helpers/run-guest';
import { compareSections, readSectionsFixture } from './sections-fixture';

const root = path.resolve(__dirname, '../..');
const programsDir = path.join(root, 'programs');
const programs = fs.readdirSync(programsDir).filter((n) => n.endsWith('.asm')).map((n) => n.slice(0, -4)).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftvm-programs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Whether this host runs i386 Linux executables (an x86-64 Linux kernel with IA-32 emulation does). */
function hostRunsI386(): boolean {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'ia32')) return false;
  const exe = path.join(tmp, 'probe');
  fs.writeFileSync(exe, assembleFile(path.join(programsDir, 'hello.asm')).elf, { mode: 0o755 });
  const r = spawnSync(exe, [], { timeout: 10_000 });
  return r.status === 0 && r.stdout.toString() === 'Hello, world!\n';
}
const native = hostRunsI386();

describe('sample programs', () => {
  it('are the ones the issue asks for', () => {
    expect(programs).toEqual(['checksum', 'crc32', 'fibonacci', 'float', 'hanoi', 'hello', 'memtest', 'sieve', 'sort', 'strings', 'upcase']);
  });

  it('are all listed in programs/README.md', () => {
    const readme = fs.readFileSync(path.join(programsDir, 'README.md'), 'utf8');
    for (const p of programs) expect(readme, p).toContain(`[${p}](${p}.asm)`);
  });

  for (const name of programs) {
    describe(name, () => {
      const file = path.join(programsDir, `${name}.asm`);
      const result = assembleFile(file);

      it('starts with a one-line description', () => {
        expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toMatch(new RegExp(`^; ${name}: \\S.{20,}$`));
      });

      it('assembles to the bytes and addresses of nasm + ld', () => {
        expect(result.warnings).toEqual([]);
        expect(compareSections(readSectionsFixture(path.join(__dirname, 'fixtures', 'programs', `${name}.sections.txt`)), result)).toEqual([]);
      });

      it('has its expected output recorded', () => {
        expect(fs.readFileSync(path.join(programsDir, 'expected', `${name}.stdout`)).length).toBeGreaterThan(0);
      });

      it('runs on ftvm (pair-spare) from its source and prints the expected output', () => {
        const stdinFile = path.join(programsDir, 'expected', `${name}.stdin`);
        const run = runGuest(file, { stdin: fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile) : undefined, maxCycles: 50_000_000 });
        expect(run.status).toBe(0);
        expect(run.stderr.toString()).toBe('');
        expect(run.stdout.toString()).toBe(fs.readFileSync(path.join(programsDir, 'expected', `${name}.stdout`), 'utf8'));
      });

      it.runIf(native)('runs natively from the ELF ftvm wrote and prints the expected output', () => {
        const exe = path.join(tmp, name);
        fs.writeFileSync(exe, result.elf, { mode: 0o755 });
        const stdinFile = path.join(programsDir, 'expected', `${name}.stdin`);
        const input = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile) : Buffer.alloc(0);
        const r = spawnSync(exe, [], { input, timeout: 30_000 });
        expect(r.status).toBe(0);
        expect(r.stdout.toString()).toBe(fs.readFileSync(path.join(programsDir, 'expected', `${name}.stdout`), 'utf8'));
      });
    });
  }

  it.runIf(native)('checksum takes its round count as an argument', () => {
    const exe = path.join(tmp, 'checksum-args');
    fs.writeFileSync(exe, assembleFile(path.join(programsDir, 'checksum.asm')).elf, { mode: 0o755 });
    const r = spawnSync(exe, ['3'], { timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.toString().split('\n').filter((l) => l.startsWith('round'))).toHaveLength(3);
    const bad = spawnSync(exe, ['x'], { timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toMatch(/^usage: checksum/);
  });
});
