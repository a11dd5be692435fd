// One contract, two placements: the same program, faults and repairs give
// the same output, outcome, registers, memory and timeline whether the
// chassis run on this thread or each on its own worker thread.
import { describe, test, expect } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine';
import { BytesSource, CollectingSink } from '../../src/linux';
import { readProgram } from '../../src/programs/read-program';
import { GuestFault } from '../../src/machine/guest-memory';
import type { Fault } from '../../src/faults/fault';

const PATH = 'programs/sieve.asm';
const IMAGE = readProgram(PATH);

function runOn(options: EngineOptions, faults: Fault[] = []) {
  const engine = createEngine(options);
  engine.schedule(faults); // after creation, before load
  const stdout = new CollectingSink();
  engine.load({ path: PATH, image: IMAGE, argv: [PATH], stdin: new BytesSource(new Uint8Array()), stdout, stderr: new CollectingSink() }, { maxCycles: 50_000_000 });
  const outcome = engine.run();
  return { engine, outcome, stdout: Buffer.from(stdout.bytes()).toString() };
}

function withEngine<T>(engine: Engine, body: () => T): T {
  try {
    return body();
  } finally {
    engine.close();
  }
}

describe.each([
  { name: 'one thread', threads: false },
  { name: 'threads', threads: true },
])('the engine on $name', ({ threads }) => {
  test('runs the program and answers registers, memory and a snapshot after the run', () => {
    const one = runOn({ topology: 'pair-spare' });
    const run = runOn({ topology: 'pair-spare', threads });
    withEngine(one.engine, () => withEngine(run.engine, () => {
      expect(run.engine.placement).toBe(threads ? 'threads' : 'one-thread');
      expect(run.outcome).toEqual(one.outcome);
      expect(run.stdout).toBe(one.stdout);
      expect(run.engine.cycle).toBe(one.engine.cycle);
      expect(run.engine.registers()).toEqual(one.engine.registers());
      // The second chassis' second core (replica 3) holds the same state.
      expect(run.engine.registers(3)).toEqual(one.engine.registers(3));
      const esp = one.engine.registers().esp;
      expect(run.engine.readMemory(esp, 64)).toEqual(one.engine.readMemory(esp, 64));
      expect(() => run.engine.readMemory(0, 4)).toThrow(GuestFault);
      expect(run.engine.snapshot().cycle).toBe(one.engine.cycle);
      const stats = run.engine.statsInput();
      expect(stats.cycle).toBe(one.engine.cycle);
      expect([...stats.calls]).toEqual([...one.engine.statsInput().calls]);
    }));
  });

  test('faults scheduled after creation and a repair tell the story one machine tells', () => {
    const faults: Fault[] = [{ at: 20_000, target: 'chassis', chassis: 1, event: 'power-loss' }];
    const one = runOn({ topology: 'pair-spare', repairAfter: 10_000n }, faults);
    const run = runOn({ topology: 'pair-spare', repairAfter: 10_000n, threads: threads && { syncInterval: 5_000 } }, faults);
    withEngine(one.engine, () => withEngine(run.engine, () => {
      expect(run.stdout).toBe(one.stdout);
      expect(run.outcome).toEqual(one.outcome);
      const story = (e: Engine) => e.events.filter((x) => x.type !== 'exit').map((x) => [x.type, x.chassis]);
      expect(story(run.engine)).toEqual(story(one.engine));
      expect(run.engine.resyncReports).toHaveLength(1);
      expect(run.engine.onlineChassis).toEqual([0, 1]);
    }));
  });
});

test('faults go in before the program, on either placement', () => {
  for (const threads of [false, true]) {
    const { engine } = runOn({ topology: 'dmr', threads });
    withEngine(engine, () => expect(() => engine.schedule([{ at: 1, target: 'chassis', chassis: 0, event: 'power-loss' }])).toThrow(/before the program is loaded/));
  }
});

test('the hot count decides when blocks compile, on either placement', () => {
  for (const threads of [false, true]) {
    const translated = (hotCount?: number) => {
      const run = runOn({ topology: 'dmr', threads, translate: true, ...(hotCount === undefined ? {} : { hotCount }) });
      return withEngine(run.engine, () => ({ stdout: run.stdout, translation: run.engine.statsInput().translation! }));
    };
    const never = translated(0xffffffff);
    const soon = translated(1);
    const byDefault = translated();
    // dmr runs each one-core chassis alone: both translate, and the output is the same whatever they compile.
    expect(never.translation.blocksCompiled).toBe(0);
    expect(never.translation.translatedCycles).toBe(0n);
    expect(soon.translation.blocksCompiled).toBeGreaterThan(byDefault.translation.blocksCompiled);
    expect(byDefault.translation.translatedCycles).toBeGreaterThan(0n);
    expect(new Set([never.stdout, soon.stdout, byDefault.stdout]).size).toBe(1);
    expect(() => createEngine({ topology: 'dmr', threads, translate: true, hotCount: 0 })).toThrow(/hot count must be 1-4294967295 \(got 0\)/);
  }
});
