import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/campaign/spec';
import { prepareCampaign } from '../../src/campaign/run-campaign';
import { InjectionRunner } from '../../src/campaign/injection-run';
import { classify, detectionLatency } from '../../src/campaign/classify';
import type { Fault } from '../../src/faults/fault';

// dead-register.asm: cycle 0 sets ebx = 'A' (printed later), cycle 1 sets esi (never read again).
const spec = parseCampaign(
  { program: 'test/campaign/fixtures/dead-register.asm', topologies: ['simplex', 'dmr', 'pair-spare'], faults: [{ target: 'register' }], injections: 1, seed: 1 },
  'hand-built',
);
const prepared = prepareCampaign(spec);
const runner = new InjectionRunner(prepared.context);
const inject = (topology: string, fault: Fault) => runner.run({ index: 0, topology, model: 'hand', fault });
const flip = (register: 'esi' | 'ebx', bit: number, chassis = 0, core = 0): Fault => ({ at: 2, target: 'register', chassis, core, register, bit });

describe('classification on hand-built cases', () => {
  it('the golden run prints "A"', () => {
    expect(new TextDecoder().decode(prepared.goldens[0].stdout)).toBe('A\n');
  });

  it('a flip in a dead register is masked under simplex', () => {
    const r = inject('simplex', flip('esi', 3));
    expect(r.outcome).toBe('masked');
    expect(r.latency).toBeNull();
    expect(r.status).toBe(0);
  });

  it('the same flip is detected and recovered under pair-spare, with the chassis going offline', () => {
    const r = inject('pair-spare', flip('esi', 3, 1, 1));
    expect(r.outcome).toBe('recovered');
    expect(r.latency).toBe(1); // compared at the end of the cycle it was injected before
    expect(r.events.map((e) => e.type)).toEqual(['fault-injected', 'mismatch', 'chassis-offline', 'exit']);
    expect(r.events[2]).toMatchObject({ chassis: 1 });
  });

  it('a flip that changes the output is SDC under simplex', () => {
    const r = inject('simplex', flip('ebx', 0)); // 'A' (0x41) becomes '@' (0x40)
    expect(r.outcome).toBe('sdc');
    expect(r.status).toBe(0);
  });

  it('the same flip is a detected, safe stop under dmr', () => {
    const r = inject('dmr', flip('ebx', 0, 1));
    expect(r.outcome).toBe('detected');
    expect(r.status).toBe(125);
    expect(r.latency).toBe(1);
  });

  it('a flip that sends the program into unmapped memory is a crash', () => {
    const r = inject('simplex', { at: 3, target: 'register', chassis: 0, core: 0, register: 'eip', bit: 30 });
    expect(r.outcome).toBe('crash');
    expect(r.status).toBe(139);
  });

  it('a chassis power loss is recovered under pair-spare and detected under simplex', () => {
    expect(inject('pair-spare', { at: 5, target: 'chassis', chassis: 0, event: 'power-loss' }).outcome).toBe('recovered');
    expect(inject('simplex', { at: 5, target: 'chassis', chassis: 0, event: 'power-loss' }).outcome).toBe('detected');
  });

  it('a corrected single-bit memory flip is corrected; a double-bit flip stops simplex', () => {
    const data = 0x804a000; // .data, the byte printed
    expect(inject('simplex', { at: 2, target: 'memory', chassis: 0, address: data, bits: [6] }).outcome).toBe('corrected');
    expect(inject('simplex', { at: 2, target: 'memory', chassis: 0, address: data, bits: [1, 6] }).outcome).toBe('detected');
  });
});

describe('classification of runs that never end or hit nothing', () => {
  // loop-sum.asm runs 400 rounds counted down in ebp; set bit 30 and it runs for ages.
  const loop = prepareCampaign(parseCampaign({ program: 'test/campaign/fixtures/loop-sum.asm', topologies: ['simplex'], faults: [{ target: 'register' }], injections: 1, seed: 1, hangFactor: 1.5 }, 'loop'));
  const loopRunner = new InjectionRunner(loop.context);

  it('a run past hangFactor × the golden cycles is a hang', () => {
    const r = loopRunner.run({ index: 0, topology: 'simplex', model: 'hand', fault: { at: 50, target: 'register', chassis: 0, core: 0, register: 'ebp', bit: 30 } });
    expect(r.outcome).toBe('hang');
    expect(r.status).toBe(124);
    expect(r.cycles).toBe(Math.ceil(1.5 * loop.goldens[0].cycles));
  });

  it('a memory flip at an address nothing has mapped is masked, and says so', () => {
    const r = inject('simplex', { at: 2, target: 'memory', chassis: 0, address: 0x30000000, bits: [1] });
    expect(r.outcome).toBe('masked');
    expect(r.note).toMatch(/not mapped/);
  });
});

describe('classify', () => {
  const golden = { kind: 'exit', status: 0 } as const;
  const ok = { kind: 'exit' as const, status: 0 };
  const ev = (...types: string[]) => types.map((type, i) => ({ type, cycle: 10 + i })) as never;

  it('decides in the documented order', () => {
    expect(classify({ outcome: { kind: 'limit', status: 124 }, outputMatches: false, events: ev('mismatch') }, golden)).toBe('hang');
    expect(classify({ outcome: { kind: 'stopped', status: 125 }, outputMatches: true, events: ev('mismatch', 'stop') }, golden)).toBe('detected');
    expect(classify({ outcome: { kind: 'signal', status: 139, signal: 'SIGSEGV' }, outputMatches: false, events: [] }, golden)).toBe('crash');
    expect(classify({ outcome: ok, outputMatches: false, events: ev('chassis-offline') }, golden)).toBe('sdc');
    expect(classify({ outcome: { kind: 'exit', status: 1 }, outputMatches: true, events: [] }, golden)).toBe('sdc');
    expect(classify({ outcome: ok, outputMatches: true, events: ev('corrected', 'uncorrectable', 'chassis-offline') }, golden)).toBe('recovered');
    expect(classify({ outcome: ok, outputMatches: true, events: ev('corrected') }, golden)).toBe('corrected');
    expect(classify({ outcome: ok, outputMatches: true, events: ev('fault-injected', 'exit') }, golden)).toBe('masked');
  });

  it('does not call a crash what the golden run also died of', () => {
    const segv = { kind: 'signal', status: 139, signal: 'SIGSEGV' } as const;
    expect(classify({ outcome: segv, outputMatches: true, events: [] }, segv)).toBe('masked');
    expect(classify({ outcome: segv, outputMatches: false, events: [] }, segv)).toBe('sdc');
  });

  it('measures latency to the first detection event', () => {
    expect(detectionLatency(8, ev('fault-injected', 'exit'))).toBeUndefined();
    expect(detectionLatency(8, ev('fault-injected', 'mismatch', 'chassis-offline'))).toBe(3);
  });
});

describe('a fault the program handles as a signal', () => {
  // handled-fault.asm: cycle 7 loads through EDI; a spoiled EDI makes it take SIGSEGV, which its
  // handler survives (printing "!", repairing EDI): the run is judged by what the program then did.
  const handled = prepareCampaign(parseCampaign(
    { program: 'test/campaign/fixtures/handled-fault.asm', topologies: ['simplex', 'pair-spare'], faults: [{ target: 'register' }], injections: 1, seed: 1 },
    'hand-built',
  ));
  const handledRunner = new InjectionRunner(handled.context);
  const spoil = (chassis = 0, core = 0): Fault => ({ at: 7, target: 'register', chassis, core, register: 'edi', bit: 31 });

  it('is not a crash: the program lived on, and printed something else (sdc)', () => {
    expect(new TextDecoder().decode(handled.goldens[0].stdout)).toBe('A\n');
    const r = handledRunner.run({ index: 0, topology: 'simplex', model: 'hand', fault: spoil() });
    expect(r.outcome).toBe('sdc');
    expect(r.status).toBe(0);
  });

  it('with a second chassis the replica that took the signal is outvoted before it prints', () => {
    const r = handledRunner.run({ index: 0, topology: 'pair-spare', model: 'hand', fault: spoil(1, 0) });
    expect(r.outcome).toBe('recovered');
    expect(r.events.map((e) => e.type)).toEqual(['fault-injected', 'mismatch', 'chassis-offline', 'exit']);
  });
});
