import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { campaignCommand } from '../../src/cli/campaign-command';
import { UserError } from '../../src/errors';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('ftvm campaign', () => {
  it('--help names the subcommands and options', async () => {
    const { out } = capture();
    expect(await campaignCommand(['--help'])).toBe(0);
    const help = out.join('');
    for (const word of ['--out', '--workers', '--resume', '--shard', '--progress', '--no-snapshots', '--translate', '--no-translate', 'merge', 'report']) expect(help).toContain(word);
    for (const sub of ['merge', 'report']) {
      out.length = 0;
      expect(await campaignCommand([sub, '--help'])).toBe(0);
      expect(out.join('')).toContain(`ftvm campaign ${sub}`);
    }
  });

  it.each([
    [[], 'campaign: no campaign file given'],
    [['c.json'], 'campaign: --out RESULTS.jsonl is required'],
    [['c.json', '--out', 'r', '--shard', '3/3'], 'campaign: --shard: shard 3/3 does not exist'],
    [['c.json', '--out', 'r', '--workers', 'many'], 'campaign: --workers must be a whole number'],
    [['c.json', '--out', 'r', '--translate', '--no-translate'], 'campaign: --translate and --no-translate contradict each other'],
    [['missing.json', '--out', 'r'], 'missing.json: no such file'],
    [['merge', 'a.jsonl'], 'campaign merge: --out RESULTS.jsonl is required'],
    [['report', '--out', 'd'], 'campaign report: no results file given'],
    [['/dev/zero', '--out', 'r'], '/dev/zero: is a character device, not a regular file'],
    [['report', '/dev/zero', '--out', 'd'], '/dev/zero: is a character device, not a regular file'],
    [['merge', '/dev/zero', '--out', 'm'], '/dev/zero: is a character device, not a regular file'],
    [['report', 'a\nb.jsonl', '--out', 'd'], '"a\\nb.jsonl": no such file'],
  ])('%j is a one-line user error', async (argv, message) => {
    const err = await campaignCommand(argv as string[]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('names the campaign file and its "program" key when the program cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-cli-'));
    const file = join(dir, 'c.json');
    writeFileSync(join(dir, 'notes.txt'), 'not a program\n');
    writeFileSync(file, JSON.stringify({ program: 'notes.txt', topologies: ['simplex'], faults: [{ target: 'register' }], injections: 1 }));
    const err = await campaignCommand([file, '--out', join(dir, 'r.jsonl'), '--workers', '0']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`${file}: program: ${join(dir, 'notes.txt')}: not an ELF file`);
    expect(existsSync(join(dir, 'r.jsonl'))).toBe(false);
  });

  it('runs, shards, merges and reports a campaign file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-cli-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ program: resolve('test/campaign/fixtures/dead-register.asm'), topologies: ['simplex', 'tmr'], faults: [{ target: 'register', registers: ['ebx', 'esi'] }], injections: 4, seed: 9 }));
    const { err } = capture();
    expect(await campaignCommand([file, '--out', join(dir, 'all.jsonl'), '--workers', '0'])).toBe(0);
    expect(err.join('')).toMatch(/campaign [0-9a-f]{16}: 8 injections run of 8/);
    // One shard translated: the engine is not part of the campaign, so the shards still merge into the same file.
    err.length = 0;
    for (const i of [0, 1]) expect(await campaignCommand([file, '--out', join(dir, `s${i}.jsonl`), '--workers', '0', '--shard', `${i}/2`, ...(i === 1 ? ['--translate'] : [])])).toBe(0);
    expect(err.filter((line) => / translation: [\d.]+% of \d+ injection cycles and [\d.]+% of \d+ golden cycles in compiled blocks, \d+ blocks compiled in [\d.]+ ms\)/.test(line))).toHaveLength(1);
    expect(await campaignCommand(['merge', join(dir, 's0.jsonl'), join(dir, 's1.jsonl'), '--out', join(dir, 'merged.jsonl')])).toBe(0);
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'all.jsonl'), 'utf8'));
    const lines = readFileSync(join(dir, 'all.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['topology', 'fault', 'outcome', 'index', 'latency', 'cycles', 'events']));
    expect(await campaignCommand(['report', join(dir, 'all.jsonl'), '--out', join(dir, 'rep')])).toBe(0);
    for (const f of ['report.md', 'report.csv', 'latency.csv', 'report.html']) expect(existsSync(join(dir, 'rep', f))).toBe(true);
  });
});
