import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCampaign, loadCampaignFile } from '../../src/campaign/spec';
import { UserError } from '../../src/errors';

const base = { program: 'prog', topologies: ['simplex'], faults: [{ target: 'register' }], injections: 10, seed: 1 };
const errorOf = (value: unknown): string => {
  try {
    parseCampaign(value, 'c.json', '/work');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('campaign schema', () => {
  it('fills in defaults and resolves the program against the campaign directory', () => {
    const spec = parseCampaign(base, 'c.json', '/work/campaigns');
    expect(spec.program).toBe(resolve('/work/campaigns/prog'));
    expect(spec.args).toEqual([]);
    expect(spec.sampling).toEqual({ kind: 'fixed', injections: 10 });
    expect(spec.hangFactor).toBe(2);
    expect(spec.seed).toBe(1n);
    expect(spec.topologies.map((t) => t.name)).toEqual(['simplex']);
    const m = spec.faults[0];
    expect(m.registers).toContain('eip');
    expect(m.registers).toContain('st0');
    expect(m.registers).toContain('fpcw');
    // Bits 0-79: each register keeps those below its width (fault-space.ts).
    expect(m.bits).toHaveLength(80);
    expect(m.window).toEqual([0, { percent: 100 }]);
    expect(spec.translate).toBe(false);
    expect(parseCampaign({ ...base, translate: true }, 'c.json').translate).toBe(true);
  });

  it.each([
    [{ ...base, program: undefined }, 'c.json: program: is missing'],
    [{ ...base, topologies: ['quad'] }, "c.json: topologies[0]: unknown topology 'quad'"],
    [{ ...base, topologies: ['simplex', 'simplex'] }, "topologies[1]: 'simplex' is listed twice"],
    [{ ...base, faults: [{ target: 'cache' }] }, 'c.json: faults[0].target: must be one of "register", "memory", "chassis", "dimm", "disk" (got "cache")'],
    [{ ...base, faults: [{ target: 'register', bits: [80] }] }, 'c.json: faults[0].bits[0]:'],
    [{ ...base, faults: [{ target: 'register', registers: ['eax', 'rax'] }] }, 'c.json: faults[0].registers[1]:'],
    [{ ...base, faults: [{ target: 'register', colour: 'red' }] }, 'c.json: faults[0]: unknown key "colour"'],
    [{ ...base, faults: [{ target: 'memory', flips: 4 }] }, 'c.json: faults[0].flips:'],
    [{ ...base, faults: [{ target: 'memory', stuck: 1, flips: 2 }] }, 'c.json: faults[0].flips: a stuck cell is one bit'],
    [{ ...base, faults: [{ target: 'memory', ranges: [[100, 50]] }] }, 'c.json: faults[0].ranges[0]: the start must be below the end'],
    [{ ...base, faults: [{ target: 'register', window: ['60%', '10%'] }] }, 'c.json: faults[0].window: the start must come before the end'],
    [{ ...base, faults: [{ target: 'register', window: [0, 'soon'] }] }, 'c.json: faults[0].window[1]:'],
    [{ ...base, faults: [{ target: 'register', name: 'a' }, { target: 'chassis', name: 'a' }] }, "c.json: faults[1].name: 'a' is used by an earlier fault model"],
    [{ ...base, injections: 0 }, 'c.json: injections:'],
    [{ ...base, injections: undefined, margin: 0.01 }, 'c.json: "confidence" is missing'],
    [{ ...base, margin: 0.01, confidence: 0.95 }, 'c.json: give either "injections" or "margin" and "confidence", not both'],
    [{ ...base, injections: undefined }, 'c.json: give "injections"'],
    [{ ...base, hangFactor: 1 }, 'c.json: hangFactor:'],
    [{ ...base, seed: -3 }, 'c.json: seed:'],
    [{ ...base, extra: 1 }, 'c.json: unknown key "extra"'],
    [{ ...base, ecc: { mode: 'weird' } }, 'c.json: ecc.mode:'],
    [{ ...base, translate: 'yes' }, 'c.json: translate: expected boolean, received string'],
    [[1, 2], 'c.json: a campaign must be an object'],
    [{ ...base, injections: 'five' }, 'c.json: injections: expected number, received string'],
    [{ ...base, topologies: 'simplex' }, 'c.json: topologies: expected array, received string'],
    [{ ...base, program: null }, 'c.json: program: expected string, received null'],
    [{ ...base, faults: [{ target: 'memory', flips: 'two' }] }, 'c.json: faults[0].flips: expected number, received string'],
    [{ ...base, faults: [{ target: 'memory', ranges: [[0, 0x1000]] }] }, 'c.json: faults[0].ranges[0]: [0x0, 0x1000) reaches outside 0x10000-0xbfffffff, where a program can map memory: a fault there could never strike'],
    [{ ...base, faults: [{ target: 'memory', ranges: [[0x08048000, 0x08049000], ['0xbffff000', '0xc0001000']] }] }, 'c.json: faults[0].ranges[1]: [0xbffff000, 0xc0001000) reaches outside'],
  ])('names the key: %j', (value, message) => {
    expect(errorOf(value)).toContain(message);
  });

  it('says a key of the wrong type is there, and one left out is missing', () => {
    expect(errorOf({ ...base, injections: 'five' })).not.toContain('missing');
    expect(errorOf({ ...base, faults: [{ target: 'register', bits: 'low' }] })).not.toContain('missing');
    expect(errorOf({ ...base, topologies: undefined })).toBe('c.json: topologies: is missing (expected array)');
  });

  it('accepts ranges of user memory, from the lowest mappable page to the top of the stack', () => {
    const spec = parseCampaign({ ...base, faults: [{ target: 'memory', ranges: [[0x10000, 0x20000], ['0xbffff000', '0xc0000000']] }] }, 'c.json');
    expect(spec.faults[0].ranges).toEqual([[0x10000, 0x20000], [0xbffff000, 0xc0000000]]);
  });

  it('takes margins and confidences as fractions or percentages', () => {
    const spec = parseCampaign({ ...base, injections: undefined, margin: '1%', confidence: '99%' }, 'c.json');
    expect(spec.sampling).toEqual({ kind: 'margin', margin: 0.01, confidence: 0.99 });
  });

  it('reads JSON files and names the file in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-spec-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'bad.json'), '{"program": ');
    expect((await loadCampaignFile(join(dir, 'ok.json'))).program).toBe(join(dir, 'prog'));
    await expect(loadCampaignFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not valid JSON/);
    await expect(loadCampaignFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
  });

  it('reads YAML files, with line and column in syntax errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-spec-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(file, '# a campaign\nprogram: prog\ntopologies: [simplex, tmr]\nfaults:\n  - target: register\n    bits: [0, 1]\nmargin: 1%\nconfidence: 0.99\nseed: 3\n');
    const spec = await loadCampaignFile(file);
    expect(spec.topologies.map((t) => t.name)).toEqual(['simplex', 'tmr']);
    expect(spec.faults[0].bits).toEqual([0, 1]);
    expect(spec.sampling).toEqual({ kind: 'margin', margin: 0.01, confidence: 0.99 });
    writeFileSync(file, 'program: prog\ntopologies: [simplex\n');
    await expect(loadCampaignFile(file)).rejects.toThrow(/c\.yaml:\d+:\d+: not valid YAML \(/);
    writeFileSync(file, 'program: prog\nprogram: other\n');
    await expect(loadCampaignFile(file)).rejects.toThrow(/c\.yaml:2:1: not valid YAML \(Map keys must be unique/);
    writeFileSync(file, 'program: prog\ntopologies: [simplex]\nfaults: [{target: register, bitz: [1]}]\ninjections: 3\n');
    await expect(loadCampaignFile(file)).rejects.toThrow('c.yaml: faults[0]: unknown key "bitz"');
  });

  it('refuses a YAML alias bomb with one line naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-spec-'));
    const file = join(dir, 'bomb.yaml');
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
    writeFileSync(file, ['l0: &l0 [x, x, x, x, x, x, x, x, x]', ...levels, 'program: prog'].join('\n'));
    const error = await loadCampaignFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(`${file}: not valid YAML (its aliases expand too far, as an alias bomb does; write the values out)`);
  });

  it('reads only a regular file, and quotes a name that needs it', async () => {
    await expect(loadCampaignFile('/dev/zero')).rejects.toThrow('/dev/zero: is a character device, not a regular file');
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-spec-'));
    const file = join(dir, 'two\nlines.json');
    writeFileSync(file, JSON.stringify({ ...base, injections: 0 }));
    await expect(loadCampaignFile(file)).rejects.toThrow(`"${dir}/two\\nlines.json": injections:`);
  });
});
