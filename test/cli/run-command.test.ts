/** `ftvm run` through the real bundle (dist/cli.js), as a user runs it. */
import { describe, test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';

const CLI = join(__dirname, '../../dist/cli.js');

function ftvm(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { input });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

const bin = (name: string) => join(ORACLE_DIR, 'bin', name);
const expected = (name: string) => readFileSync(join(ORACLE_DIR, oracleCases.find((c) => c.name === name)!.stdout), 'utf8');

describe('ftvm run behaves like the native program', () => {
  test('arguments after the program reach the guest unchanged (spaces, empty, UTF-8, --flags)', () => {
    const c = oracleCases.find((k) => k.name === 'glibc_argv_mixed')!;
    const r = ftvm(['run', '--topology', 'simplex', bin('glibc_argv'), ...c.args!]);
    expect(r.stdout).toBe(expected('glibc_argv_mixed'));
    expect(r.status).toBe(c.status);
  });

  test('stdin is the guest stdin', () => {
    const c = oracleCases.find((k) => k.name === 'glibc_stdin_text')!;
    const r = ftvm(['run', bin('glibc_stdin')], c.stdin);
    expect(r.stdout).toBe(expected('glibc_stdin_text'));
    expect(r.status).toBe(0);
  });

  test('guest signals: status and one line on stderr', () => {
    const segv = ftvm(['run', bin('crash_segv')]);
    expect(segv.status).toBe(139);
    expect(segv.stderr).toMatch(/^ftvm: guest SIGSEGV at 0x10 \(eip 0x[0-9a-f]+\)\n$/);
    const ill = ftvm(['run', bin('crash_ill')]);
    expect(ill.status).toBe(132);
    expect(ill.stderr).toMatch(/^ftvm: guest SIGILL: illegal or unsupported instruction 0f 0b( [0-9a-f]{2})* at eip 0x[0-9a-f]+\n$/);
    const fpe = ftvm(['run', bin('crash_fpe')]);
    expect(fpe.status).toBe(136);
    expect(fpe.stderr).toMatch(/^ftvm: guest SIGFPE: integer divide error at eip 0x[0-9a-f]+\n$/);
  });

  test('--max-cycles stops a run with status 124', () => {
    const r = ftvm(['run', '--max-cycles', '1000', bin('fs_recursion')]);
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/^ftvm: cycle limit of 1000 reached at eip 0x[0-9a-f]+\n$/);
  });

  test('--stats and --events never touch the guest stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-'));
    const events = join(dir, 'events.jsonl');
    const fault = '{"at":2100,"target":"register","chassis":1,"core":0,"register":"ebx","bit":5}';
    const r = ftvm(['run', '--stats', '--events', events, '--fault', fault, bin('glibc_printf')]);
    expect(r.stdout).toBe(expected('glibc_printf'));
    expect(r.stderr).toMatch(/ftvm: stats\n {2}topology {9}pair-spare \(2 chassis x 2 cores\), online: 0\n/);
    expect(r.stderr).toMatch(/guest MIPS/);
    const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.type)).toEqual(['fault-injected', 'mismatch', 'chassis-offline', 'exit']);
    for (const e of lines) expect(typeof e.cycle).toBe('number');
  });

  test('--stats with --translate says what the translator did, on one thread and on threads', () => {
    for (const placement of [['--topology', 'simplex'], ['--topology', 'tmr', '--threads']]) {
      const r = ftvm(['run', '--translate', '--stats', ...placement, bin('glibc_printf')]);
      expect(r.stdout).toBe(expected('glibc_printf'));
      const [, blocks, share] = /\n {2}translation {6}(\d+) blocks in \d+ regions compiled in [\d.]+ ms; ([\d.]+)% of cycles in compiled blocks\n/.exec(r.stderr) ?? [];
      expect(Number(blocks), r.stderr).toBeGreaterThan(0);
      expect(Number(share)).toBeGreaterThan(0);
      expect(Number(share)).toBeLessThanOrEqual(100);
    }
    expect(ftvm(['run', '--stats', '--topology', 'simplex', bin('glibc_printf')]).stderr).not.toMatch(/translation/);
  });

  test('repair brings the chassis back', () => {
    const fault = '{"at":3000,"target":"chassis","chassis":0,"event":"power-loss"}';
    const r = ftvm(['run', '--stats', '--fault', fault, '--repair-after', '1000', bin('glibc_mixed')]);
    expect(r.stdout).toBe(expected('glibc_mixed'));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/chassis 0: back online: brownout \d+ cycles/);
  });
});

describe('ftvm run --threads: each chassis on its own worker thread', () => {
  test('stdin, stdout and status as native; a core fault and a power loss with repair, in --events', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-'));
    const events = join(dir, 'events.jsonl');
    const c = oracleCases.find((k) => k.name === 'glibc_stdin_text')!;
    const faults = ['{"at":2000,"target":"register","chassis":1,"core":1,"register":"esi","bit":9}', '{"at":16000,"target":"chassis","chassis":0,"event":"power-loss"}'];
    const r = ftvm(['run', '--threads', '--sync-interval', '2000', '--repair-after', '1000', '--stats', '--events', events, ...faults.flatMap((f) => ['--fault', f]), bin('glibc_stdin')], c.stdin);
    expect(r.stdout).toBe(expected('glibc_stdin_text'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/ {2}topology {9}pair-spare \(2 chassis x 2 cores\), online: 0, 1\n/);
    const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => `${e.type} ${e.chassis ?? ''}`)).toEqual([
      'fault-injected 1', 'mismatch ', 'chassis-offline 1', 'resync-start 1', 'resync-done 1',
      'fault-injected 0', 'chassis-offline 0', 'resync-start 0', 'resync-done 0', 'exit ',
    ]);
    expect(lines.find((e) => e.type === 'mismatch').replicas).toEqual([3]);
  });

  test('a guest signal ends the run as natively, with one line on stderr', () => {
    const r = ftvm(['run', '--threads', bin('crash_segv')]);
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/^ftvm: guest SIGSEGV at 0x10 \(eip 0x[0-9a-f]+\)\n$/);
  });

  test('dmr: chassis that disagree stop the machine with status 125', () => {
    const fault = '{"at":1500,"target":"register","chassis":0,"core":0,"register":"esp","bit":8}';
    const r = ftvm(['run', '--threads', '--topology', 'dmr', '--sync-interval', '2000', '--fault', fault, bin('glibc_printf')]);
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/^ftvm: machine stopped: chassis 0 and 1 disagree and nothing shows which is wrong \(cycle \d+\)\n$/);
  });
});

describe('user mistakes: one line, status 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing program', ['run'], /^ftvm: run: no program given/],
    ['missing file', ['run', '/nonexistent/prog'], /^ftvm: \/nonexistent\/prog: no such file\n$/],
    ['unknown option', ['run', '--frobnicate', 'x'], /^ftvm: run: unknown option '--frobnicate'/],
    ['not an ELF', ['run', __filename], /: not an ELF file\n$/],
    ['bad topology', ['run', '--topology', 'quad', bin('crash_segv')], /^ftvm: unknown topology 'quad'/],
    ['bad number', ['run', '--max-cycles', 'lots', bin('crash_segv')], /^ftvm: run: --max-cycles must be a non-negative whole number/],
    ['bad fault JSON', ['run', '--fault', '{', bin('crash_segv')], /^ftvm: --fault 1: not valid JSON/],
    ['fault field', ['run', '--fault', '{"at":1,"target":"register","chassis":0,"core":0,"register":"eax","bit":40}', bin('crash_segv')], /^ftvm: --fault 1: field "bit": /],
    ['fault outside topology', ['run', '--topology', 'dmr', '--fault', '{"at":1,"target":"register","chassis":0,"core":1,"register":"eax","bit":1}', bin('crash_segv')], /^ftvm: --fault 1: field "core" is 1 but dmr has only core 0/],
    ['unknown command', ['frob'], /^ftvm: unknown command 'frob'/],
    ['sync interval without threads', ['run', '--sync-interval', '10', bin('crash_segv')], /^ftvm: run: --sync-interval goes with --threads/],
    ['zero sync interval', ['run', '--threads', '--sync-interval', '0', bin('crash_segv')], /^ftvm: run: --sync-interval must be at least 1/],
    ['threads and a bad ELF', ['run', '--threads', __filename], /: not an ELF file\n$/],
  ];
  for (const [what, args, message] of cases) {
    test(what, () => {
      const r = ftvm(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }

  test('a truncated ELF names the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-'));
    const path = join(dir, 'short');
    writeFileSync(path, readFileSync(bin('crash_segv')).subarray(0, 30));
    const r = ftvm(['run', path]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ftvm: ${path}: truncated ELF header\n`);
    expect(existsSync(path)).toBe(true);
  });
});

describe('bad input never costs the user anything', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-bad-'));
  const oneLine = (r: { status: number | null; stdout: string; stderr: string }, message: RegExp) => {
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  };

  test('--events FILE is left alone until every input is checked and the program loaded', () => {
    const events = join(dir, 'kept.jsonl');
    writeFileSync(events, 'earlier log\n');
    for (const args of [
      ['/nonexistent/prog'],
      [__filename],
      ['--memory', '1', bin('glibc_printf')],
      ['--fault', '{"at":1,"target":"memory","chassis":0,"address":16,"bits":[1]}', bin('glibc_printf')],
      ['--threads', '/nonexistent/prog'],
      ['--threads', '--memory', '1', bin('glibc_printf')],
    ]) {
      const r = ftvm(['run', '--events', events, ...args]);
      expect(r.status).toBe(2);
      expect(readFileSync(events, 'utf8')).toBe('earlier log\n');
    }
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
    ftvm(['run', '--events', join(dir, 'never.jsonl'), '/nonexistent/prog']);
    expect(existsSync(join(dir, 'never.jsonl'))).toBe(false);
    oneLine(ftvm(['run', '--events', join(dir, 'no/such/dir/e.jsonl'), bin('glibc_printf')]), /^ftvm: --events: .*e\.jsonl: cannot write \(ENOENT\)\n$/);
    oneLine(ftvm(['run', '--events', dir, bin('glibc_printf')]), /^ftvm: --events: .*: is a directory\n$/);
  });

  test('special files are refused or capped, never read without end, never waited on', () => {
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(dir, 'zero.asm'));
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { timeout: 60_000, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    oneLine(run(['run', '/dev/zero']), /^ftvm: \/dev\/zero: is a character device, not a regular file\n$/);
    oneLine(run(['run', fifo]), /^ftvm: .*fifo: is a FIFO \(named pipe\), not a regular file\n$/);
    oneLine(run(['asm', join(dir, 'zero.asm')]), /^ftvm: .*zero\.asm: is a character device, not a regular file\n$/);
    oneLine(run(['disasm', '/dev/zero']), /^ftvm: \/dev\/zero: is a character device/);
    oneLine(run(['run', '--faults', '/dev/zero', bin('glibc_printf')]), /^ftvm: --faults: \/dev\/zero: is a character device, not a regular file\n$/);
    oneLine(run(['campaign', '/dev/zero', '--out', join(dir, 'r.jsonl')]), /^ftvm: \/dev\/zero: is a character device/);
    oneLine(run(['campaign', 'report', '/dev/zero', '--out', join(dir, 'report')]), /^ftvm: \/dev\/zero: is a character device/);
    oneLine(run(['campaign', 'merge', fifo, '--out', join(dir, 'm.jsonl')]), /^ftvm: .*fifo: is a FIFO/);
  });

  test('a fault that can never strike is refused before the program runs, naming the --fault', () => {
    const memory = (where: string) => `{"at":100,"target":"memory","chassis":0,${where},"bits":[1]}`;
    oneLine(ftvm(['run', '--fault', memory('"address":16'), bin('glibc_printf')]), /^ftvm: --fault 1: field "address" is 0x10, where no program can ever map memory/);
    oneLine(ftvm(['run', '--threads', '--fault', memory('"address":3221225472'), bin('glibc_printf')]), /^ftvm: --fault 1: field "address" is 0xc0000000/);
    oneLine(ftvm(['run', '--memory', '16', '--fault', '{"at":1,"target":"register","chassis":0,"core":0,"register":"eax","bit":1}', '--fault', memory('"physical":16777216'), bin('glibc_printf')]),
      /^ftvm: --fault 2: field "physical" is 0x1000000, beyond the 0x1000000 bytes \(16 MiB\) of a chassis' memory\n$/);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, `[${memory('"physical":0')}, ${memory('"physical":4294967295')}]`);
    oneLine(ftvm(['run', '--faults', faults, bin('glibc_printf')]), new RegExp(`^ftvm: ${faults.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\[1\\]: field "physical" is 0xffffffff`));
    oneLine(ftvm(['inject', '--ecc', 'off', '--fault', '{"at":1,"target":"memory","chassis":0,"address":134512640,"bits":[70]}', bin('glibc_printf')]), /^ftvm: --fault 1: check bits 64-71 need ECC memory \(--ecc is off\)\n$/);
  });

  test('a fault that had nothing to strike is reported as not applied; the status stays the program\'s', () => {
    const late = '{"at":900000000,"target":"register","chassis":0,"core":0,"register":"eax","bit":1}';
    const unmapped = '{"at":100,"target":"memory","chassis":1,"address":305419896,"bits":[1]}';
    for (const extra of [[], ['--threads']]) {
      const r = ftvm(['run', ...extra, '--fault', late, bin('glibc_printf')]);
      expect(r.stdout).toBe(expected('glibc_printf'));
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^ftvm: --fault 1 not applied \(flip eax bit 1 in chassis 0 core 0\): it was due at cycle 900000000, and the run ended at cycle \d+\n$/);
    }
    // On threads too: the chassis the fault was aimed at leaves it out and reports it at the end.
    for (const extra of [[], ['--threads']]) {
      const r = ftvm(['run', ...extra, '--fault', unmapped, '--fault', late, bin('glibc_printf')]);
      expect(r.stdout).toBe(expected('glibc_printf'));
      expect(r.status).toBe(0);
      expect(r.stderr.split('\n')).toEqual([
        'ftvm: --fault 1 not applied (flip bit 1 at address 0x12345678 in chassis 1): address 0x12345678 is not mapped at cycle 100',
        expect.stringMatching(/^ftvm: --fault 2 not applied .*: it was due at cycle 900000000, and the run ended at cycle \d+$/),
        '',
      ]);
    }
  });

  test('a name with a newline stays on one line, quoted', () => {
    oneLine(ftvm(['run', join(dir, 'new\nline')]), /^ftvm: ".*\/new\\nline": no such file\n$/);
    oneLine(ftvm(['run', '--faults', join(dir, 'f\n.json'), bin('glibc_printf')]), /^ftvm: --faults: ".*\/f\\n\.json": no such file\n$/);
    oneLine(ftvm(['frob\nnicate']), /^ftvm: unknown command "frob\\nnicate"/);
  });

  test('ftvm alone prints its usage on stderr with status 2; --help on stdout with 0', () => {
    const bare = ftvm([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^usage: ftvm COMMAND/);
    const help = ftvm(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: ftvm COMMAND/);
    expect(help.stderr).toBe('');
  });
});
