import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCampaign, type CampaignSpec } from '../../src/campaign/spec';
import { prepareCampaign } from '../../src/campaign/run-campaign';
import { InjectionRunner, warmHarnesses, type InjectionResult, type InjectionTask } from '../../src/campaign/injection-run';
import { PAGE_BYTES, equalsPagedValue, unpageSnapshot, type Mask, type PagedSnapshot } from '../../src/campaign/paged-snapshot';
import { heldPages } from '../../src/campaign/restore-plan';
import { Machine, type MachineSnapshot } from '../../src/machine/machine';
import type { HeldPages } from '../../src/machine/device';
import type { Rejoined } from '../../src/campaign/convergence';
import type { GuestHarness } from '../../src/campaign/golden-run';

// A campaign restores its machine from a golden snapshot before every
// injection, and writes only the pages the machine does not hold already
// (restore-plan.ts): memory frames nobody wrote since the last restore, where
// the two snapshots have the same page, and, after a run that rejoined the
// golden run, the state block's pages it shares with that golden snapshot.
// Every page such a restore skips must already hold the target snapshot's
// bytes: checked here, page by page, before each restore, over campaigns
// with register flips, memory flips with ECC on and off, stuck bits and
// power losses with repairs (a resync clears the dirty map), interpreted and
// translated (compiled stores mark the dirty map themselves), and over a
// program whose input the kernel writes into memory.

const WITH_ECC = [
  { target: 'register', name: 'flip' },
  { target: 'register', name: 'stuck', stuck: 1, registers: ['eax', 'esi', 'ebp', 'eflags'] },
  { target: 'memory', name: 'mem1' },
  { target: 'memory', name: 'mem2', section: '.data', flips: 2 },
  { target: 'chassis', name: 'power', window: ['10%', '80%'] },
];
const WITHOUT_ECC = [
  { target: 'register', name: 'flip' },
  { target: 'memory', name: 'code', section: '.text', bits: 'data' },
  { target: 'memory', name: 'data', section: '.data', bits: 'data', flips: 2 },
  { target: 'chassis', name: 'power', window: ['10%', '80%'] },
];

const spec = (name: string, topologies: string[], faults: unknown[], extra: Record<string, unknown> = {}): CampaignSpec =>
  parseCampaign(
    {
      program: 'test/campaign/fixtures/loop-sum.asm',
      topologies,
      faults,
      injections: 6,
      seed: 21,
      snapshotInterval: 2000,
      memoryMiB: 16,
      ...extra,
    },
    name,
  );

const CAMPAIGNS: [string, CampaignSpec, boolean][] = [
  ['simplex, pair-spare and TMR with repair', spec('delta', ['simplex', 'pair-spare', 'tmr'], WITH_ECC, { repairAfter: 3000 }), false],
  ['the same, translated', spec('delta-translated', ['simplex', 'pair-spare', 'tmr'], WITH_ECC, { repairAfter: 3000 }), true],
  ['pair-spare and DMR with repair and ECC off, translated', spec('delta-ecc-off', ['pair-spare', 'dmr'], WITHOUT_ECC, { ecc: { mode: 'off' }, repairAfter: 3000 }), true],
  // Input read in 4 KiB chunks into one buffer the program never stores into: only the kernel's writes change that frame.
  ['system calls writing memory (upcase.asm reading its input), simplex and pair-spare', spec('delta-reads', ['simplex', 'pair-spare'], [{ target: 'register', name: 'flip' }], {
    program: 'programs/upcase.asm', stdin: Array.from({ length: 2000 }, (_, i) => `LINE ${i * 7919}: NO LOWER CASE.\n`).join(''), injections: 16, snapshotInterval: 20000,
  }), false],
];

/** Byte arrays of a snapshot by HeldPages key, with where the machine keeps each. */
function arrays(m: Machine, snap: MachineSnapshot): { key: string; bytes: Uint8Array; at: number }[] {
  const { LAYOUT_BASE } = m.core.layout;
  const devices = snap.devices as { memory: { chassis: Uint8Array[] }; ecc?: { check: Uint8Array[] } };
  return [
    { key: 'state', bytes: snap.state, at: LAYOUT_BASE },
    ...devices.memory.chassis.map((bytes, c) => ({ key: `devices/memory/chassis/${c}`, bytes, at: m.memory.hostAddress(c, 0) })),
    ...(devices.ecc?.check ?? []).map((bytes, c) => ({ key: `devices/ecc/check/${c}`, bytes, at: m.checkBytesAddress(c) })),
  ];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a campaign restore', () => {
  it.each(CAMPAIGNS)('skips only pages the machine holds already: %s', (_label, campaign, translate) => {
    const prepared = prepareCampaign(campaign, { translate });
    const counts = { restores: 0, delta: 0, firstDelta: 0, held: 0, written: 0, checks: 0 };
    // The injections' machines, once the warm-up is over, by whether they were restored yet.
    let injecting = false;
    const restoredOnce = new Set<Machine>();
    const restore = Machine.prototype.restore;
    vi.spyOn(Machine.prototype, 'restore').mockImplementation(function (this: Machine, snap: MachineSnapshot, held?: HeldPages) {
      counts.restores++;
      const first = injecting && !restoredOnce.has(this);
      if (injecting) restoredOnce.add(this);
      if (held && arrays(this, snap).some(({ key }) => held(key)?.includes(1))) {
        counts.delta++;
        if (first) counts.firstDelta++;
        for (const { key, bytes, at } of arrays(this, snap)) {
          const known = held(key);
          const pages = known ?? new Uint8Array(Math.ceil(bytes.length / PAGE_BYTES));
          for (let p = 0; p < pages.length; p++) {
            const memory = key !== 'state' && known !== undefined;
            if (!pages[p]) {
              if (memory) counts.written++;
              continue;
            }
            if (memory) counts.held++;
            const from = p * PAGE_BYTES;
            const to = Math.min(from + PAGE_BYTES, bytes.length);
            const live = this.core.u8.subarray(at + from, at + to);
            if (Buffer.compare(live, bytes.subarray(from, to)) !== 0) expect.fail(`${key} page ${p} is held but differs from the snapshot`);
          }
        }
      }
      restore.call(this, snap, held);
    });
    // Convergence compares untouched frames by page id: it must decide as the byte-by-byte comparison does.
    const rejoined = (InjectionRunner.prototype as unknown as Record<string, (...a: unknown[]) => Rejoined | undefined>).rejoined;
    vi.spyOn(InjectionRunner.prototype as unknown as Record<string, (...a: unknown[]) => unknown>, 'rejoined').mockImplementation(function (this: InjectionRunner, h: unknown, point: unknown, kept: unknown) {
      const verdict = rejoined.call(this, h, point, kept);
      const { machine } = h as GuestHarness;
      const bytewise = !machine.outcome && rejoined.call(this, h, point, undefined);
      if (!machine.outcome) {
        counts.checks++;
        expect(!!verdict).toBe(!!bytewise);
      }
      return verdict;
    });
    // Machines that ran the program once before (as a campaign's workers warm theirs): their first restore keeps the code.
    const warm = warmHarnesses({ input: prepared.context.input, topologies: campaign.topologies, repairAfter: campaign.repairAfter, maxCycles: campaign.maxCycles });
    expect(warm.size).toBe(campaign.topologies.length);
    // Each ends holding the snapshot it says it holds, that of its rehearsal's fault-free run at cycle 0 (but for the
    // dirty map, which forgetWrites cleared): what its first restore counts on.
    for (const { harness, holds } of warm.values()) {
      expect(holds).toBeDefined();
      const { core } = harness.machine;
      const { LAYOUT_BASE, DIRTY_BASE, DIRTY_SIZE } = core.layout;
      for (const { key, bytes, at } of arrays(harness.machine, unpageSnapshot(holds!.snapshot, holds!.pages))) {
        const live = core.u8.slice(at, at + bytes.length);
        const want = bytes.slice();
        if (key === 'state') for (const b of [live, want]) b.fill(0, DIRTY_BASE - LAYOUT_BASE, DIRTY_BASE - LAYOUT_BASE + DIRTY_SIZE);
        expect(Buffer.compare(live, want), key).toBe(0);
      }
    }
    injecting = true;
    const runner = new InjectionRunner(prepared.context, warm);
    const results = runAll(runner, prepared.plan);
    // Every restore but those after a resync knew what memory held, and skipped most of it: the first of each warmed
    // machine too, which was found to hold its golden run's snapshot at cycle 0.
    expect(counts.firstDelta).toBe(restoredOnce.size);
    expect(restoredOnce.size).toBe(campaign.topologies.length);
    expect(counts.delta).toBeGreaterThan(counts.restores / 2);
    expect(counts.held).toBeGreaterThan(counts.written * 10);
    expect(counts.checks).toBeGreaterThan(runner.stats.rejoined);

    // The ground truth: every restore whole, every decoded and compiled instruction dropped after it.
    vi.restoreAllMocks();
    vi.spyOn(Machine.prototype, 'restore').mockImplementation(function (this: Machine, snap: MachineSnapshot) {
      restore.call(this, snap);
    });
    const whole = new InjectionRunner(prepared.context);
    expect(runAll(whole, prepared.plan)).toEqual(results);
    const work = ({ runs, rejoined, cyclesRun, cyclesSkipped }: InjectionRunner['stats']) => ({ runs, rejoined, cyclesRun, cyclesSkipped });
    expect(work(whole.stats)).toEqual(work(runner.stats));
    // Code kept across restores (and compiled while warming) is not compiled again.
    if (translate) expect(runner.stats.blocksCompiled).toBeLessThan(whole.stats.blocksCompiled);
  });
});

describe('a warm-up the injection context cuts short', () => {
  // A worker's warm-up stops when the context arrives (warmHarnesses' contextArrived): before its rehearsal,
  // between rehearsals, or between its runs with a chassis offline. Wherever it stops, its machine serves the
  // injections that follow as a fresh one does: the same results, record for record.
  it.each([0, 1, 2, 3, 5, 1000])('the same results when the context arrives at the warm-up\'s check %i (pair-spare, translated)', (checks) => {
    const campaign = spec('cut-short', ['pair-spare'], [{ target: 'register', name: 'flip' }, { target: 'chassis', name: 'power', window: ['10%', '80%'] }], { repairAfter: 3000 });
    const prepared = prepareCampaign(campaign, { translate: true });
    let asked = 0;
    const warm = warmHarnesses({ input: prepared.context.input, topologies: campaign.topologies, repairAfter: campaign.repairAfter, maxCycles: campaign.maxCycles },
      () => asked++ >= checks);
    // A warm-up cut before its rehearsal holds no snapshot; one that reached it holds the rehearsal's cycle-0
    // snapshot, which the real golden run's must equal, or the first injection would restore every page.
    const { holds } = warm.get('pair-spare')!;
    expect(holds === undefined).toBe(checks < 1);
    if (holds) expect(equalsPagedValue(holds.snapshot, prepared.goldens[0]!.points[0]!.snapshot, prepared.context.pages, holds.pages)).toBe(true);
    const results = runAll(new InjectionRunner(prepared.context, warm), prepared.plan);
    expect(results).toEqual(runAll(new InjectionRunner(prepared.context), prepared.plan));
  });
});

function runAll(runner: InjectionRunner, plan: { total: number; task(i: number): InjectionTask }): InjectionResult[] {
  try {
    return Array.from({ length: plan.total }, (_, i) => runner.run(plan.task(i)));
  } finally {
    runner.dispose();
  }
}

describe('heldPages', () => {
  const paged = (ids: number[]) => ({ paged: true as const, length: ids.length * PAGE_BYTES, pages: Int32Array.from(ids) });
  const snap = (state: number[], memory: number[][], check?: number[][]): PagedSnapshot => ({
    state: paged(state),
    devices: { memory: { chassis: memory.map(paged) }, ...(check ? { ecc: { check: check.map(paged) } } : {}) },
  });
  // State blocks of six pages: a one-page head, then a two-page page table.
  const volatileStateBytes = PAGE_BYTES;
  // `frames`: one flag per frame, 1 = written.
  const written = (frames: number[], pageTablePages: number[] = []) => ({
    frames: frames.flatMap((w, f) => (w ? [f] : [])),
    frameCount: frames.length,
    pageTablePages: new Set(pageTablePages),
    pageTable: { offset: PAGE_BYTES, pages: 2 },
  });

  it('holds memory pages nobody wrote that the two snapshots share', () => {
    const before = snap([1], [[5, 6, -1, 7], [5, 7, -1, 7]]);
    const after = snap([1], [[5, 8, -1, 7], [5, 7, -1, 7]]);
    const held = heldPages(after, { restored: { snapshot: before, written: written([0, 0, 0, 1]) }, volatileStateBytes });
    expect([...held('devices/memory/chassis/0')!]).toEqual([1, 0, 1, 0]);
    expect([...held('devices/memory/chassis/1')!]).toEqual([1, 1, 1, 0]);
  });

  it('holds a page of check bytes only when none of its eight frames was written', () => {
    const memory = [Array.from({ length: 16 }, () => -1)];
    const frames = new Array(16).fill(0);
    frames[9] = 1;
    const held = heldPages(snap([1], memory, [[3, 4]]), { restored: { snapshot: snap([1], memory, [[3, 4]]), written: written(frames) }, volatileStateBytes });
    expect([...held('devices/ecc/check/0')!]).toEqual([1, 0]);
  });

  it('holds the page table pages the host did not write, and no other state page without a rejoined run', () => {
    const before = snap([1, 2, 3, 4, -1, -1], [[5]]);
    const after = snap([1, 2, 9, 4, -1, -1], [[5]]);
    expect([...heldPages(after, { restored: { snapshot: before, written: written([0]) }, volatileStateBytes })('state')!]).toEqual([0, 1, 0, 0, 0, 0]);
    expect([...heldPages(after, { restored: { snapshot: before, written: written([0], [0]) }, volatileStateBytes })('state')!]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('holds the state pages a rejoined snapshot shares, but for masked and volatile ones', () => {
    const golden = snap([1, 2, 3, 4, -1, -1], [[5]]);
    const target = snap([1, 2, 3, 9, -1, -1], [[5]]);
    const masks: Mask[] = [{ from: 4 * PAGE_BYTES + 10, to: 4 * PAGE_BYTES + 20 }];
    const held = heldPages(target, { rejoined: { snapshot: golden, stateMasks: masks }, volatileStateBytes });
    expect([...held('state')!]).toEqual([0, 1, 1, 0, 0, 1]);
    expect(held('devices/memory/chassis/0')).toBeUndefined();
  });

  it('holds nothing of an array whose length changed', () => {
    const held = heldPages(snap([1], [[5, 6, 7]]), { restored: { snapshot: snap([1], [[5, 6]]), written: written([0, 0, 0]) }, volatileStateBytes });
    expect(held('devices/memory/chassis/0')).toBeUndefined();
  });
});
