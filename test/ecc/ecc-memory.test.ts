/**
 * ECC DIMMs at work in a running machine: single-bit flips are corrected or
 * scrubbed and counted without the program noticing, double-bit flips are
 * detected and take their chassis offline (or stop a simplex machine), and
 * the fast and paranoid decoders give the same outcomes.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { runGuest, type GuestRun } from '../helpers/run-guest';
import { ORACLE_DIR } from '../oracle/cases';
import { FaultInjector } from '../../src/faults/injector';
import type { Fault } from '../../src/faults/fault';
import { parseFault } from '../../src/faults/fault-schema';
import { Prng } from '../../src/util/prng';
import { PAGE_SIZE } from '../../src/machine/guest-memory';
import type { Machine, RunHooks } from '../../src/machine/machine';
import type { EccOptions } from '../../src/ecc/ecc-memory';
import { assembleFile } from '../../src/assembler';

const program = join(ORACLE_DIR, 'bin/fs_recursion');
const memtest = join(__dirname, '../../programs/memtest.asm');

function runWith(path: string, topology: string, faults: Fault[] | ((m: Machine) => Fault[]), ecc: EccOptions = {}, extra?: (m: Machine) => RunHooks): GuestRun {
  let injector!: FaultInjector;
  let more: RunHooks | undefined;
  return runGuest(path, {
    topology,
    ecc,
    prepare: (m) => {
      injector = new FaultInjector(m, typeof faults === 'function' ? faults(m) : faults);
      more = extra?.(m);
    },
    hooks: {
      atCycle: (n) => { injector.atCycle(n); more?.atCycle?.(n); },
      nextCycle: (n) => {
        const a = injector.nextCycle(n);
        const b = more?.nextCycle?.(n);
        return a === undefined ? b : b === undefined ? a : (a < b ? a : b);
      },
    },
  });
}

const golden = runGuest(program, { topology: 'simplex' });
const goldenCycles = Number(golden.machine.cycle);
const count = (run: GuestRun, type: string) => run.machine.events.filter((e) => e.type === type).length;

/** Mapped, page-aligned regions of the program: its ELF segments and the live top of its stack. */
function regions(m: Machine): [number, number][] {
  const out: [number, number][] = [];
  for (let va = 0x08048000; va < 0x08100000; va += PAGE_SIZE) if (m.memory.isMapped(va)) out.push([va, va + PAGE_SIZE]);
  out.push([0xc0000000 - 64 * 1024, 0xc0000000]);
  return out;
}

describe('single-bit flips', () => {
  test('10,000 seeded random flips into code, data and stack under pair-spare: all corrected or scrubbed, output unchanged', () => {
    const prng = Prng.forStream(2026n, 'ecc/10k-single');
    const flips = 10_000;
    const run = runWith(program, 'pair-spare', (m) => {
      const spans = regions(m);
      const words: number[] = [];
      for (const [a, b] of spans) for (let w = a; w < b; w += 8) words.push(w);
      const used = new Set<string>();
      const faults: Fault[] = [];
      while (faults.length < flips) {
        const chassis = prng.nextInt(0, 2);
        const word = words[prng.nextInt(0, words.length)];
        const key = `${chassis}/${word}`;
        if (used.has(key)) continue;
        used.add(key);
        const at = 1000 + Math.floor((faults.length * (goldenCycles - 2000)) / flips);
        faults.push({ at, target: 'memory', chassis, address: word + prng.nextInt(0, 8), bits: [prng.nextInt(0, 72)] });
      }
      return faults;
    }, { correctedThreshold: 1e9, scrubInterval: 2000 });
    expect(run.stdout.equals(golden.stdout)).toBe(true);
    expect(run.status).toBe(golden.status);
    expect(count(run, 'uncorrectable')).toBe(0);
    expect(run.machine.onlineChassis).toEqual([0, 1]);
    // Sweep what the patrol scrubber had not reached yet when the program ended.
    const m = run.machine;
    for (const c of m.onlineChassis) for (let f = 1; f < m.memory.highWaterBytes / PAGE_SIZE; f++) m.ecc.scrubFrame(c, f);
    const corrected = count(run, 'corrected') + count(run, 'scrub');
    expect(corrected).toBe(flips);
    const ce = m.ecc.counters.flat().reduce((s, d) => s + d.corrected, 0);
    expect(ce).toBe(flips);
  });

  test('a stuck cell under memtest: corrected again and again, then the chassis is taken offline predictively', () => {
    const ref = runGuest(memtest, { topology: 'simplex' });
    // memtest's 16 KiB buffer is its .bss, 0x0804b0a4-0x0804f0a4 as the assembler lays it out.
    const bufferWord = 0x0804c000;
    const run = runWith(memtest, 'pair-spare', [{ at: 10, target: 'memory', chassis: 1, address: bufferWord, bits: [5], stuck: 1 }], { correctedThreshold: 16 });
    expect(run.stdout.equals(ref.stdout)).toBe(true);
    expect(run.status).toBe(ref.status);
    const offline = run.machine.events.find((e) => e.type === 'chassis-offline');
    expect(offline).toMatchObject({ chassis: 1, reason: 'predictive' });
    expect(count(run, 'corrected')).toBeGreaterThan(16);
    expect(run.machine.events.find((e) => e.type === 'dimm-offline')?.reason).toMatch(/^predictive: 17 corrected errors/);
  });
});

describe('double-bit flips', () => {
  // The word of the instruction at a cycle's eip: the next fetch must read it.
  function flipAtEip(cycle: number, chassis: number, bits: number[]): (m: Machine) => RunHooks {
    return (m) => {
      let done = false;
      return {
        nextCycle: (n) => (!done && n <= BigInt(cycle) ? BigInt(cycle) : undefined),
        atCycle: (n) => {
          if (done || n < BigInt(cycle)) return;
          done = true;
          new FaultInjector(m, [{ at: Number(n), target: 'memory', chassis, address: m.getRegister('eip'), bits }]).atCycle(n);
        },
      };
    };
  }

  test('pair-spare: detected, the chassis goes offline, the output is unchanged', () => {
    const run = runWith(program, 'pair-spare', [], {}, flipAtEip(50_000, 0, [3, 17]));
    expect(run.stdout.equals(golden.stdout)).toBe(true);
    expect(count(run, 'uncorrectable')).toBe(1);
    expect(run.machine.events.find((e) => e.type === 'chassis-offline')).toMatchObject({ chassis: 0, reason: 'machine-check' });
  });

  test('dmr: the machine check is the evidence that picks the failed chassis', () => {
    const run = runWith(program, 'dmr', [], {}, flipAtEip(50_000, 1, [0, 63]));
    expect(run.stdout.equals(golden.stdout)).toBe(true);
    expect(run.status).toBe(golden.status);
    expect(run.machine.onlineChassis).toEqual([0]);
  });

  test('simplex: a machine check stops the machine with status 125, never wrong output', () => {
    const run = runWith(program, 'simplex', [], {}, flipAtEip(50_000, 0, [10, 70]));
    expect(run.status).toBe(125);
    expect(run.outcome.kind === 'stopped' && run.outcome.message).toMatch(/^machine stopped: machine check: uncorrectable memory error in chassis 0, DIMM \d, physical 0x[0-9a-f]+ \(eip 0x[0-9a-f]+\) \(cycle 50001\)$/);
    expect(golden.stdout.subarray(0, run.stdout.length).equals(run.stdout)).toBe(true);
  });
});

describe('three-bit flips', () => {
  test('outcomes are what the code does: detected, or miscorrected into a wrong word', () => {
    const prng = Prng.forStream(3n, 'ecc/triple');
    const outcomes = { detected: 0, miscorrected: 0 };
    for (let i = 0; i < 12; i++) {
      const bits = new Set<number>();
      while (bits.size < 3) bits.add(prng.nextInt(0, 72));
      const run = runWith(program, 'pair-spare', [], {}, (m) => {
        let done = false;
        return {
          nextCycle: (n) => (!done && n <= 40_000n ? 40_000n : undefined),
          atCycle: (n) => {
            if (done || n < 40_000n) return;
            done = true;
            new FaultInjector(m, [{ at: 40_000, target: 'memory', chassis: 1, address: m.getRegister('eip'), bits: [...bits] }]).atCycle(n);
          },
        };
      });
      if (count(run, 'uncorrectable') > 0) {
        outcomes.detected++;
        expect(run.stdout.equals(golden.stdout)).toBe(true);
      } else {
        // A miscorrection "fixes" a fourth bit: the chassis runs on with a wrong instruction word,
        // which the comparator then catches against the other chassis.
        outcomes.miscorrected++;
        const fixed = run.machine.events.find((e) => e.type === 'corrected');
        expect(fixed).toBeDefined();
        expect([...bits]).not.toContain(fixed!.bit);
      }
    }
    expect(outcomes.detected + outcomes.miscorrected).toBe(12);
    console.log(`three-bit flips at eip: ${JSON.stringify(outcomes)}`);
  });
});

describe('fast and paranoid decoding agree', () => {
  test('the same fault list gives the same output, status and events in both modes', () => {
    const faults: Fault[] = [
      { at: 20_000, target: 'memory', chassis: 0, address: 0xc0000000 - 64, bits: [7] },
      { at: 30_000, target: 'memory', chassis: 1, address: 0xc0000000 - 4096, bits: [1, 2] },
      { at: 40_000, target: 'memory', chassis: 0, address: 0x08048000 + 0x1000, bits: [70] },
      { at: 60_000, target: 'memory', chassis: 0, address: 0xc0000000 - 200, bits: [4], stuck: 0 },
      { at: 80_000, target: 'memory', chassis: 0, address: 0xc0000000 - 300, bits: [9, 20, 33] },
    ];
    const runs = (['fast', 'paranoid'] as const).map((mode) => runWith(program, 'pair-spare', faults, { mode, scrubInterval: 500 }));
    expect(runs[0].stdout.equals(runs[1].stdout)).toBe(true);
    expect(runs[0].status).toBe(runs[1].status);
    expect(runs[0].machine.cycle).toBe(runs[1].machine.cycle);
    expect(runs[0].machine.events).toEqual(runs[1].machine.events);
    expect(runs[0].machine.events.some((e) => e.type === 'corrected' || e.type === 'scrub')).toBe(true);
  });
});

describe('memory faults are checked', () => {
  test('an unmapped address is rejected with the address named', () => {
    expect(() => runWith(program, 'pair-spare', [{ at: 5, target: 'memory', chassis: 0, address: 0x100, bits: [1] }])).toThrow(/address 0x100 is not mapped/);
  });
  test('a bit outside the 72-bit word is rejected by the schema', () => {
    expect(() => parseFault({ at: 5, target: 'memory', chassis: 0, address: 0x8048000, bits: [72] }, 'f')).toThrow(/^f: field "bits.0": /);
  });
  test('a DIMM failure takes its chassis offline; on simplex it stops the machine', () => {
    const pair = runWith(program, 'pair-spare', [{ at: 1000, target: 'dimm', chassis: 1, dimm: 2, event: 'fail' }]);
    expect(pair.stdout.equals(golden.stdout)).toBe(true);
    expect(pair.machine.events.find((e) => e.type === 'chassis-offline')).toMatchObject({ chassis: 1, reason: 'dimm-failure' });
    const single = runWith(program, 'simplex', [{ at: 1000, target: 'dimm', chassis: 0, dimm: 2, event: 'fail' }]);
    expect(single.status).toBe(125);
  });
});

describe('machine checks at the I/O boundary', () => {
  const hello = join(__dirname, '../../programs/hello.asm');
  const { sections } = assembleFile(hello);
  const message = sections.find((s) => s.name === '.rodata')!.address;

  test('pair-spare: a double flip in the buffer a write reads takes that chassis offline; the output is right', () => {
    const run = runWith(hello, 'pair-spare', [{ at: 0, target: 'memory', chassis: 1, address: message, bits: [0, 9] }]);
    expect(run.stdout.toString()).toBe('Hello, world!\n');
    expect(run.status).toBe(0);
    expect(run.machine.events.find((e) => e.type === 'chassis-offline')).toMatchObject({ chassis: 1, reason: 'machine-check' });
  });

  test('simplex: the same flip stops the machine before anything wrong is written', () => {
    const run = runWith(hello, 'simplex', [{ at: 0, target: 'memory', chassis: 0, address: message, bits: [0, 9] }]);
    expect(run.stdout.length).toBe(0);
    expect(run.status).toBe(125);
    expect(run.outcome.kind === 'stopped' && run.outcome.message).toMatch(/^machine stopped: machine check: uncorrectable memory error in chassis 0/);
  });
});

describe('machine checks while committing agreed stores', () => {
  test('pair-spare: a store into a word with a double error takes only that chassis offline', () => {
    // memtest rewrites its buffer: the two cores of chassis 1 agree on a store into
    // a word whose check bits took a double flip, and the commit meets the error.
    const ref = runGuest(memtest, { topology: 'simplex' });
    const run = runWith(memtest, 'pair-spare', [{ at: 450_946, target: 'memory', chassis: 1, address: 0x0804e650, bits: [64, 71] }]);
    expect(run.stdout.equals(ref.stdout)).toBe(true);
    expect(run.status).toBe(ref.status);
    const offline = run.machine.events.filter((e) => e.type === 'chassis-offline');
    expect(offline).toEqual([expect.objectContaining({ chassis: 1, reason: 'machine-check' })]);
  });
});
