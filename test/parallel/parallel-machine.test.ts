/**
 * Chassis on worker threads: the program's behaviour is the native one, with
 * or without a fault; a core fault takes its chassis offline at once (its
 * cores are compared every cycle), a fault in a one-core chassis is found at
 * the next checkpoint, and a repaired chassis comes back with a memory equal
 * to the others'. Fault cycles come from a seeded PRNG, as in the one-thread
 * transparency suite.
 */
import { describe, test, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ParallelMachine, type ParallelMachineOptions } from '../../src/parallel/parallel-machine';
import { BytesSource, CollectingSink } from '../../src/linux';
import { readProgram } from '../../src/programs/read-program';
import { oracleCases, ORACLE_DIR, type OracleCase } from '../oracle/cases';
import { runGuest, guestName } from '../helpers/run-guest';
import { Prng } from '../../src/util/prng';
import { REGISTER_NAMES, registerBits, type RegisterName } from '../../src/machine/registers';
import type { RunOutcome } from '../../src/machine/outcome';
import type { MachineEvent } from '../../src/machine/events';
import type { Fault, RegisterFault } from '../../src/faults/fault';
import { runCaptured, captureRun, type CapturedRunOptions } from '../../src/machine/captured-run';
import type { ThreadedEngine } from '../../src/engine';
import { FaultInjector } from '../../src/faults/injector';
import { combineHooks } from '../../src/machine/machine';
import { Resyncer } from '../../src/lockstep/resync';

/** A captured run with the chassis on threads; `machine` is its engine, as the one-thread runs name theirs. */
function runCapturedParallel(options: Omit<CapturedRunOptions, 'threads'> & { syncInterval?: number | bigint; workerTimeoutMs?: number }) {
  const { syncInterval, workerTimeoutMs, ...rest } = options;
  const run = captureRun({ ...rest, threads: { syncInterval, workerTimeoutMs } });
  return { ...run, machine: run.engine as ThreadedEngine, coordinator: (run.engine as ThreadedEngine).coordinator };
}

interface ParallelRun {
  readonly machine: ParallelMachine;
  readonly outcome: RunOutcome;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

function runParallel(c: OracleCase, options: ParallelMachineOptions, maxCycles?: number): ParallelRun {
  const path = join(ORACLE_DIR, c.binary);
  const machine = new ParallelMachine(options);
  const stdout = new CollectingSink();
  const stderr = new CollectingSink();
  machine.load({
    path: guestName(path),
    image: readProgram(path),
    argv: [guestName(path), ...(c.args ?? [])],
    stdin: new BytesSource(new TextEncoder().encode(c.stdin ?? '')),
    stdout,
    stderr,
  }, { maxCycles });
  const outcome = machine.run();
  return { machine, outcome, stdout: Buffer.from(stdout.bytes()), stderr: Buffer.from(stderr.bytes()) };
}

/** The run behaves as the real CPU did when the case was recorded. */
function expectNative(run: ParallelRun, c: OracleCase): void {
  expect(run.stdout.toString('latin1')).toBe(expectedStdout(c));
  if (c.compareStderr && c.stderr) expect(run.stderr.toString('latin1')).toBe(readFileSync(join(ORACLE_DIR, c.stderr)).toString('latin1'));
  expect(run.outcome.status).toBe(c.status);
}

const expectedStdout = (c: OracleCase) => readFileSync(join(ORACLE_DIR, c.stdout)).toString('latin1');

const types = (events: readonly MachineEvent[]) => events.map((e) => e.type);
const byName = (name: string) => oracleCases.find((c) => c.name === name)!;

// Programs of every kind: glibc with stdin and argv, x87 floating point, freestanding C, NASM, crashes, random differential code.
const SAMPLE = ['glibc_printf', 'glibc_stdin_text', 'glibc_argv_mixed', 'glibc_float_O2', 'fs_recursion', 'fs_divcorners_O2', 'nasm_smc', 'nasm_atomic', 'nasm_x87', 'crash_segv', 'crash_fpe', 'crash_x87', 'random_03'].map(byName);

/** How many cycles a case runs (one-thread simplex run). */
const cyclesOf = new Map<string, number>();
function cycles(c: OracleCase): number {
  if (!cyclesOf.has(c.name)) {
    cyclesOf.set(c.name, Number(runGuest(join(ORACLE_DIR, c.binary), { topology: 'simplex', args: c.args, stdin: c.stdin }).machine.cycle));
  }
  return cyclesOf.get(c.name)!;
}

const INTEGER_REGISTERS = REGISTER_NAMES.filter((r) => registerBits(r) === 32);

/** A register bit flip in a random replica of pair-spare at a random cycle of the case's run. */
function drawRegisterFault(prng: Prng, c: OracleCase): RegisterFault {
  const chassis = prng.nextInt(0, 2);
  const at = prng.nextInt(0, Math.max(1, cycles(c) - 1));
  const core = prng.nextInt(0, 2);
  // The x87 registers only where the program uses the x87: elsewhere a bit stuck in an idle one is never seen.
  const names = /float|x87/.test(c.name) ? REGISTER_NAMES : INTEGER_REGISTERS;
  const register = names[prng.nextInt(0, names.length)] as RegisterName;
  return { target: 'register', at, chassis, core, register, bit: prng.nextInt(0, registerBits(register)) };
}

describe('pair-spare on threads', () => {
  for (const c of SAMPLE) {
    test(`${c.name}: fault-free, as native`, () => {
      const run = runParallel(c, { topology: 'pair-spare' });
      expectNative(run, c);
      expect(run.machine.onlineChassis).toEqual([0, 1]);
      expect(types(run.machine.events).filter((t) => t !== 'exit' && t !== 'guest-signal')).toEqual([]);
      expect(run.machine.cycle).toBe(BigInt(cycles(c)));
    });

    test(`${c.name}: a register bit flip takes its chassis offline, output unchanged`, () => {
      const prng = Prng.forStream(0x7a11n, `threads/${c.name}/flip`);
      let detected = false;
      // A flip the next instruction overwrites is masked; try again, up to five draws.
      for (let attempt = 0; attempt < 5 && !detected; attempt++) {
        const fault = drawRegisterFault(prng, c);
        const { chassis } = fault;
        const run = runParallel(c, { topology: 'pair-spare', faults: [fault] });
        expectNative(run, c);
        detected = types(run.machine.events).includes('mismatch');
        const offline = run.machine.events.filter((e) => e.type === 'chassis-offline').map((e) => e.chassis);
        expect(offline).toEqual(detected ? [chassis] : []);
      }
      expect(detected).toBe(true);
    });

    test(`${c.name}: a stuck-at bit takes its chassis offline, output unchanged`, () => {
      const prng = Prng.forStream(0x7a11n, `threads/${c.name}/stuck`);
      let detected = false;
      // A bit stuck at the value it already holds, in a register that keeps it, is never seen; try again, up to five draws.
      for (let attempt = 0; attempt < 5 && !detected; attempt++) {
        const drawn = drawRegisterFault(prng, c);
        const fault: Fault = { ...drawn, stuck: prng.nextInt(0, 2) as 0 | 1 };
        const { chassis } = drawn;
        const run = runParallel(c, { topology: 'pair-spare', faults: [fault] });
        expectNative(run, c);
        const offline = run.machine.events.filter((e) => e.type === 'chassis-offline').map((e) => e.chassis);
        detected = offline.length > 0;
        if (detected) expect(offline).toEqual([chassis]);
      }
      expect(detected).toBe(true);
    });

    test(`${c.name}: power loss, then repair: every chassis back, memories equal`, () => {
      const prng = Prng.forStream(0x7a11n, `threads/${c.name}/power`);
      const chassis = prng.nextInt(0, 2);
      const at = prng.nextInt(0, Math.max(1, Math.floor(cycles(c) / 4)));
      // A short interval, so that short programs still reach the checkpoints a repair needs.
      const run = runParallel(c, { topology: 'pair-spare', syncInterval: 500, repairAfter: 100n, faults: [{ target: 'chassis', at, chassis, event: 'power-loss' }] });
      expectNative(run, c);
      const events = run.machine.events;
      expect(events.find((e) => e.type === 'chassis-offline')).toMatchObject({ chassis, reason: 'power-loss' });
      const done = events.find((e) => e.type === 'resync-done');
      if (done) {
        expect(done).toMatchObject({ chassis, ok: true, source: 1 - chassis });
        expect(run.machine.onlineChassis).toEqual([0, 1]);
        expect(run.machine.resyncReports[0].brownoutPages).toBeGreaterThan(0);
      }
    });
  }

  test('a long program is repaired: brownout while the other chassis runs, then a blackout of what it wrote meanwhile', () => {
    const c = byName('glibc_printf');
    const run = runParallel(c, { topology: 'pair-spare', syncInterval: 1000, repairAfter: 50n, faults: [{ target: 'chassis', at: 100, chassis: 1, event: 'power-loss' }] });
    expectNative(run, c);
    expect(types(run.machine.events)).toEqual(['fault-injected', 'chassis-offline', 'resync-start', 'resync-done', 'exit']);
    const [report] = run.machine.resyncReports;
    expect(report).toMatchObject({ chassis: 1, source: 0, startCycle: 150 }); // lost at 100, repaired 50 cycles later, as on one thread
    expect(report.brownoutCycles).toBeGreaterThan(0);
    expect(report.blackoutCycles).toBeGreaterThan(0);
    expect(run.machine.onlineChassis).toEqual([0, 1]);
  });

  test('the same program, faults and seed give the same events, cycle for cycle', () => {
    const c = byName('glibc_mixed');
    const options: ParallelMachineOptions = {
      topology: 'pair-spare', syncInterval: 5000, repairAfter: 2000n,
      faults: [{ target: 'register', at: 3000, chassis: 0, core: 1, register: 'esp', bit: 4 }, { target: 'chassis', at: 30_000, chassis: 0, event: 'power-loss' }],
    };
    const a = runParallel(c, options);
    const b = runParallel(c, options);
    expectNative(a, c);
    expect(types(a.machine.events).filter((t) => t === 'resync-done')).toHaveLength(2);
    expect(b.machine.events).toEqual(a.machine.events);
    expect(b.machine.cycle).toBe(a.machine.cycle);
  });

  test('a cycle limit ends the run with status 124 on every chassis alike', () => {
    const run = runParallel(byName('glibc_printf'), { topology: 'pair-spare' }, 5000);
    expect(run.outcome).toMatchObject({ kind: 'limit', status: 124 });
    expect(run.machine.cycle).toBe(5000n);
  });
});

describe('one-core chassis on threads: compared at checkpoints', () => {
  const c = byName('glibc_printf');

  test('tmr: the chassis with a wrong register is outvoted at the next checkpoint, output unchanged', () => {
    const run = runParallel(c, { topology: 'tmr', syncInterval: 2000, faults: [{ target: 'register', at: 1500, chassis: 2, core: 0, register: 'esp', bit: 8 }] });
    expectNative(run, c);
    const vote = run.machine.events.find((e) => e.type === 'vote');
    expect(vote).toMatchObject({ winners: [0, 1] });
    expect(run.machine.events.find((e) => e.type === 'chassis-offline')).toMatchObject({ chassis: 2, reason: 'outvoted' });
    expect(run.machine.onlineChassis).toEqual([0, 1]);
  });

  test('tmr: when the first chassis is the wrong one, the other two carry on as the machine', () => {
    const run = runParallel(c, { topology: 'tmr', syncInterval: 3000, faults: [{ target: 'register', at: 2700, chassis: 0, core: 0, register: 'edi', bit: 30 }] });
    expectNative(run, c);
    expect(run.machine.events.find((e) => e.type === 'vote')).toMatchObject({ winners: [1, 2] });
    expect(run.machine.onlineChassis).toEqual([1, 2]);
    expect(run.machine.referenceChassis).toBe(1);
  });

  test('dmr: two chassis that disagree stop the machine (125), never a wrong output', () => {
    const run = runParallel(c, { topology: 'dmr', syncInterval: 2000, faults: [{ target: 'register', at: 1500, chassis: 1, core: 0, register: 'esp', bit: 8 }] });
    expect(run.outcome).toMatchObject({ kind: 'stopped', status: 125 });
    expect(run.outcome.kind === 'stopped' && run.outcome.message).toMatch(/^machine stopped: chassis 0 and 1 disagree/);
    expect(expectedStdout(c).startsWith(run.stdout.toString('latin1'))).toBe(true);
    expect(types(run.machine.events)).toContain('stop');
  });
});

describe('memory faults on threads', () => {
  test('a corrected flip and a machine check with repair: the same story as on one thread', () => {
    const path = join(__dirname, '../../programs/checksum.asm');
    const image = readProgram(path);
    const faults: Fault[] = [
      { at: 100_000, target: 'memory', chassis: 0, address: 0x804a000, bits: [3] },
      { at: 200_000, target: 'memory', chassis: 1, address: 0x804a008, bits: [3, 9] },
    ];
    const one = runCaptured({ topology: 'pair-spare', path: guestName(path), image, hooks: (m) => combineHooks(new FaultInjector(m, faults), new Resyncer(m, 50_000n)) });
    const threaded = runCapturedParallel({ topology: 'pair-spare', path: guestName(path), image, faults, repairAfter: 50_000n });
    expect(threaded.stdout.equals(one.stdout)).toBe(true);
    expect(threaded.outcome).toEqual(one.outcome);
    // One thread finds the machine check through the comparator (a mismatch and a vote on the evidence); threads, in the chassis itself.
    const story = (events: readonly MachineEvent[]) => events.filter((e) => e.type !== 'mismatch' && e.type !== 'vote').map((e) => `${e.cycle} ${e.type} ${e.chassis ?? ''} ${e.reason ?? ''}`);
    expect(story(threaded.machine.events)).toEqual(story(one.machine.events));
    expect(types(threaded.machine.events)).toEqual(['fault-injected', 'fault-injected', 'corrected', 'uncorrectable', 'chassis-offline', 'resync-start', 'resync-done', 'exit']);
    expect(threaded.machine.onlineChassis).toEqual([0, 1]);
  });
});


describe('threads match one thread where a review found they did not', () => {
  const sample = (name: string) => join(__dirname, '../../programs', name);
  const oracleBin = (name: string) => join(ORACLE_DIR, 'bin', name);
  interface Setup { topology: string; faults: Fault[]; repairAfter?: bigint; syncInterval?: number; ecc?: { scrubInterval?: number; correctedThreshold?: number; mode?: 'off' | 'fast' | 'paranoid' } }
  const both = (path: string, s: Setup) => {
    const image = readProgram(path);
    const one = runCaptured({
      topology: s.topology, path: guestName(path), image, ecc: s.ecc,
      hooks: (m) => combineHooks(new FaultInjector(m, s.faults), ...(s.repairAfter === undefined ? [] : [new Resyncer(m, s.repairAfter)])),
    });
    const threads = runCapturedParallel({ topology: s.topology, path: guestName(path), image, ecc: s.ecc, faults: s.faults, repairAfter: s.repairAfter, syncInterval: s.syncInterval });
    return { one, threads };
  };
  const ofType = (events: readonly MachineEvent[], type: string) => events.filter((e) => e.type === type).map((e) => `${e.cycle} ${e.chassis ?? ''} ${e.reason ?? ''}`);

  test('dmr: a disagreement found at an I/O meeting stops the machine (125), not an internal error', () => {
    const { one, threads } = both(sample('sieve.asm'), { topology: 'dmr', faults: [{ at: 5000, target: 'register', chassis: 1, core: 0, register: 'eax', bit: 3 }] });
    expect(one.outcome.status).toBe(125);
    expect(threads.outcome).toMatchObject({ kind: 'stopped', status: 125 });
    expect(threads.stdout.equals(one.stdout)).toBe(true);
  });

  test('tmr: a repair due while another ends its blackout waits for the next meeting', () => {
    const faults: Fault[] = [{ at: 1000, target: 'chassis', chassis: 0, event: 'power-loss' }, { at: 1500, target: 'chassis', chassis: 2, event: 'power-loss' }];
    const { one, threads } = both(sample('memtest.asm'), { topology: 'tmr', faults, repairAfter: 1000n });
    expect(threads.outcome).toEqual(one.outcome);
    expect(threads.machine.onlineChassis).toEqual([0, 1, 2]);
    expect(threads.machine.resyncReports.map((r) => r.chassis)).toEqual([0, 2]);
  });

  test('a core mismatch names the core that was hit, as one thread names it, whichever core of the pair it is', () => {
    for (const chassis of [0, 1]) {
      for (const core of [0, 1]) {
        const flip: Fault = { at: 5000, target: 'register', chassis, core, register: 'eax', bit: 3 };
        const stuck: Fault = { at: 5000, target: 'register', chassis, core, register: 'ecx', bit: 0, stuck: 1 };
        for (const fault of core === 0 ? [flip, stuck] : [flip]) {
          const { one, threads } = both(sample('sieve.asm'), { topology: 'pair-spare', faults: [fault] });
          const mismatch = one.machine.events.find((e) => e.type === 'mismatch')!;
          // One thread compares with the reference replica (chassis 0 core 0): the hit core, or every other one when it is the reference.
          expect(mismatch.replicas).toEqual(chassis === 0 && core === 0 ? [1, 2, 3] : [chassis * 2 + core]);
          expect(threads.machine.events).toEqual(one.machine.events);
        }
      }
    }
  });

  test('dmr: a corrected error in one chassis on a meeting cycle is no disagreement', () => {
    // 8231 is the cycle of the correction: the chassis meet exactly then.
    const path = sample('memtest.asm');
    const image = readProgram(path);
    const run = runCapturedParallel({ topology: 'dmr', path, image, syncInterval: 8231, ecc: { scrubInterval: 0 }, faults: [{ at: 5000, target: 'memory', chassis: 1, address: 0x8049240, bits: [3] }] });
    expect(run.outcome).toEqual({ kind: 'exit', status: 0 });
    expect(types(run.machine.events)).toContain('corrected');
  });

  test('a check bit flipped on the source during a brownout reaches the repaired chassis', () => {
    const faults: Fault[] = [{ at: 1000, target: 'chassis', chassis: 1, event: 'power-loss' }, { at: 5000, target: 'memory', chassis: 0, address: 0x8049000, bits: [64] }];
    const { one, threads } = both(sample('memtest.asm'), { topology: 'pair-spare', faults, repairAfter: 1000n, syncInterval: 1000 });
    expect(threads.outcome).toEqual(one.outcome);
    expect(ofType(threads.machine.events, 'uncorrectable')).toEqual([]);
    expect(ofType(threads.machine.events, 'chassis-offline')).toEqual(ofType(one.machine.events, 'chassis-offline'));
  });

  test('predictive DIMM offline and repairs happen at the cycles one thread gives', () => {
    const predictive = both(sample('sieve.asm'), { topology: 'pair-spare', ecc: { correctedThreshold: 0, scrubInterval: 1 }, faults: [{ at: 5000, target: 'memory', chassis: 1, physical: 4104, bits: [3] }] });
    expect(ofType(predictive.threads.machine.events, 'chassis-offline')).toEqual(ofType(predictive.one.machine.events, 'chassis-offline'));
    expect(ofType(predictive.threads.machine.events, 'chassis-offline')).toEqual(['6163 1 predictive']);
    const faults: Fault[] = [{ at: 2000, target: 'register', chassis: 1, core: 0, register: 'eax', bit: 3 }, { at: 300_000, target: 'chassis', chassis: 0, event: 'power-loss' }];
    const repaired = both(oracleBin('glibc_mixed'), { topology: 'pair-spare', faults, repairAfter: 500n });
    expect(repaired.threads.outcome).toEqual(repaired.one.outcome);
    expect(ofType(repaired.threads.machine.events, 'resync-start')).toEqual(ofType(repaired.one.machine.events, 'resync-start'));
  });

  test('faults aimed at a chassis while it is out are reported as one thread reports them', () => {
    const faults: Fault[] = [
      { at: 1000, target: 'chassis', chassis: 1, event: 'power-loss' },
      { at: 10_000, target: 'register', chassis: 1, core: 0, register: 'eax', bit: 1 },
      { at: 20_000, target: 'chassis', chassis: 1, event: 'power-loss' },
    ];
    const { one, threads } = both(sample('sieve.asm'), { topology: 'pair-spare', faults, repairAfter: 30_000n });
    expect(threads.machine.events).toEqual(one.machine.events);
  });

  test('an outvoted chassis speaks for nobody: its crash is not the machine\'s, and the last chassis out is named', () => {
    const { threads } = both(sample('sieve.asm'), { topology: 'tmr', faults: [{ at: 5000, target: 'register', chassis: 0, core: 0, register: 'eip', bit: 28 }] });
    expect(threads.outcome).toEqual({ kind: 'exit', status: 0 });
    expect(types(threads.machine.events)).not.toContain('guest-signal');
    const path = oracleBin('glibc_printf');
    const stopped = runCapturedParallel({ topology: 'pair-spare', path, image: readProgram(path), faults: [{ at: 20_000, target: 'chassis', chassis: 0, event: 'power-loss' }, { at: 10, target: 'chassis', chassis: 1, event: 'power-loss' }] });
    expect(stopped.outcome.kind === 'stopped' && stopped.outcome.message).toBe('machine stopped: chassis 0 went offline (power-loss) and no chassis is left online (cycle 20000)');
    expect(stopped.coordinator.referenceChassis).toBe(0);
  });
});


describe('a chassis worker that dies or falls silent ends the run with an error, never a hang', () => {
  const path = join(__dirname, '../../programs/sieve.asm');
  const withTrap = <T>(trap: object, body: () => T): T => {
    process.env.FTVM_TEST_CHASSIS_TRAP = JSON.stringify(trap);
    try {
      return body();
    } finally {
      delete process.env.FTVM_TEST_CHASSIS_TRAP;
    }
  };

  test('a thread that exits without a message is named at once', () => {
    for (const chassis of [0, 1]) {
      const run = () => withTrap({ chassis, at: 5000, then: 'exit' }, () => runCapturedParallel({ topology: 'pair-spare', path, image: readProgram(path) }));
      expect(run).toThrow(`chassis ${chassis}'s worker thread ended without a word (exit code 7)`);
    }
  });

  test('a thread that stops answering is given up after the coordinator\'s timeout', () => {
    const run = () => withTrap({ chassis: 1, at: 5000, then: 'hang' }, () => runCapturedParallel({ topology: 'dmr', path, image: readProgram(path), workerTimeoutMs: 1000 }));
    expect(run).toThrow("chassis 1's worker thread gave no sign of life for 1000 ms");
  });
});
