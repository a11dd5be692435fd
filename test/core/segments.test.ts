/**
 * Segmentation through the whole machine: the oracle programs that use
 * modify_ldt, far transfers, 16-bit code and faulting segment loads (recorded
 * on the CPU, test/oracle/src/nasm_segments.asm and crash_segments.asm) give
 * the native output and status under every topology, on one thread and on
 * worker threads, with the same cycle count everywhere and no divergence; a
 * fault is reported with its exception and error code.
 */
import { describe, test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/engine';
import { BytesSource, CollectingSink } from '../../src/linux';
import { readProgram } from '../../src/programs/read-program';
import { oracleCases, ORACLE_DIR } from '../oracle/cases';
import type { TopologyName } from '../../src/machine/topology';
import { Machine } from '../../src/machine/machine';
import { assemble } from '../../src/assembler';
import { captureRun } from '../../src/machine/captured-run';
import type { Fault } from '../../src/faults/fault';

const TOPOLOGIES: TopologyName[] = ['simplex', 'dmr', 'pair-spare', 'tmr'];

function runOn(name: string, topology: TopologyName, threads: boolean) {
  const c = oracleCases.find((k) => k.name === name)!;
  const path = join(ORACLE_DIR, c.binary);
  const engine = createEngine({ topology, threads });
  try {
    const stdout = new CollectingSink();
    engine.load({ path, image: readProgram(path), argv: [path, ...(c.args ?? [])], stdin: new BytesSource(new Uint8Array()), stdout, stderr: new CollectingSink() }, { maxCycles: 10_000_000 });
    const outcome = engine.run();
    const expected = readFileSync(join(ORACLE_DIR, c.stdout)).toString('latin1');
    return { outcome, stdout: Buffer.from(stdout.bytes()).toString('latin1'), expected, status: c.status, cycle: engine.cycle, events: engine.events };
  } finally {
    engine.close();
  }
}

const CRASHES: [string, RegExp][] = [
  ['crash_segments_nullss', /^guest SIGSEGV: general protection fault \(#GP, error code 0x0\) at eip 0x[0-9a-f]+$/],
  ['crash_segments_notpresent', /^guest SIGBUS: segment not present \(#NP, error code 0x1c\) at eip 0x[0-9a-f]+$/],
  ['crash_segments_execonly', /^guest SIGSEGV: general protection fault \(#GP, error code 0x14\) at eip 0x[0-9a-f]+$/],
  ['crash_segments_stack', /^guest SIGBUS: stack segment fault \(#SS, error code 0x0\) at eip 0x[0-9a-f]+$/],
];

describe.each([false, true])('segments, threads %s', (threads) => {
  test.each(TOPOLOGIES)('nasm_segments under %s: the native output, one cycle count, no divergence', (topology) => {
    const run = runOn('nasm_segments', topology, threads);
    const simplex = runOn('nasm_segments', 'simplex', false);
    expect(run.stdout).toBe(run.expected);
    expect(run.outcome.status).toBe(0);
    expect(run.cycle).toBe(simplex.cycle);
    expect(run.events.filter((e) => e.type === 'mismatch')).toEqual([]);
  });

  test.each(TOPOLOGIES)('segment faults under %s: the status Linux gives and a one-line report', (topology) => {
    // Workers take a while to start: on threads, one #GP and one #NP case.
    for (const [name, message] of threads ? CRASHES.slice(0, 2) : CRASHES) {
      const run = runOn(name, topology, threads);
      expect(run.stdout, name).toBe(run.expected);
      expect(run.outcome.status, name).toBe(run.status);
      expect(run.outcome.kind === 'signal' && run.outcome.message, name).toMatch(message);
    }
  });
});

describe('loading a segment register from the host (sigreturn)', () => {
  test('the CPU checks and faults', () => {
    const { core } = new Machine({ topology: 'simplex' });
    const l = core.layout;
    const load = (seg: number, selector: number) => core.exports.loadSegmentRegister(0, seg, selector);
    const gp = (code: number) => (l.STOP_GENERAL_PROTECTION << 16) | code;
    expect(load(3, 0x2b)).toBe(0);
    expect(load(4, 0)).toBe(0);
    expect(load(2, 0)).toBe(gp(0));
    expect(load(3, 0x33)).toBe(gp(0x30)); // an empty GDT entry
    expect(load(5, 0x0f)).toBe(gp(0x0c)); // no LDT yet
    expect(load(1, 0x2b)).toBe(gp(0x28)); // data is no code
    expect(load(1, 0x20)).toBe(gp(0x20)); // RPL 0 is not CPL 3
    expect(load(1, 0x23)).toBe(0);
  });
});

describe('the comparator and segment loads', () => {
  // The chassis read different selectors from their own memory (ECC off, one
  // copy flipped): every general register, flag and store agrees, and only
  // FS's cache differs. The comparator skips the segment lanes on cycles
  // without a segment load, so this checks that a load itself brings them in.
  const SOURCE = `
section .data
sel: dw 0x2b            ; flat data; with bit 3 flipped, 0x23: flat code, readable, also loadable into FS
section .text
global _start
_start:
    mov eax, 20          ; getpid: a host round trip, so the flip lands between two slices
    int 0x80
    nop                  ; a slice compares every lane on its first cycle: the load comes later
    nop
    nop
    mov fs, [sel]
    nop
    mov ebx, 0
    mov eax, 1
    int 0x80
`;
  test.each(['dmr', 'tmr'] as TopologyName[])('%s: a selector that differs between chassis is found in the cycle that loads it', (topology) => {
    const program = assemble({ source: SOURCE, fileName: 'fs-load.asm' });
    const data = program.sections.find((s) => s.name === '.data')!;
    const faults: Fault[] = [{ at: 2, target: 'memory', chassis: 1, address: data.address, bits: [3] }];
    const run = captureRun({ topology, path: 'fs-load.asm', image: program.elf, ecc: { mode: 'off' }, faults });
    const mismatch = run.engine.events.find((e) => e.type === 'mismatch');
    // Struck after cycle 2 (mov, int); the load is cycle 6, and events carry the count once a cycle is done.
    expect(mismatch?.cycle).toBe(6);
    if (topology === 'tmr') {
      expect(run.outcome).toEqual({ kind: 'exit', status: 0 });
      expect(run.engine.events.some((e) => e.type === 'chassis-offline' && e.chassis === 1)).toBe(true);
    } else {
      expect(run.outcome.kind).toBe('stopped');
    }
  });
});
