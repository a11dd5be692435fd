import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../src/campaign/spec';
import { prepareCampaign } from '../../src/campaign/run-campaign';
import { InjectionRunner } from '../../src/campaign/injection-run';

// Stopping a run once it rejoins the golden run must never change a record:
// compare every record with the same injection run to the end, over the
// redundant topologies (where failover makes the partial comparison matter),
// transient and permanent faults, and repairs.
describe('convergence (early stop)', () => {
  it.each([
    ['without repair', undefined, 4],
    // A repaired chassis rejoins only after its resync, later in the run.
    ['with repair after 3000 cycles', 3000, 8],
  ])('gives the records of a run to the end, %s', (_label, repairAfter, fraction) => {
    const spec = parseCampaign(
      {
        program: 'test/campaign/fixtures/loop-sum.asm',
        topologies: ['dmr', 'tmr', 'pair-spare'],
        faults: [
          { target: 'register', name: 'flip' },
          { target: 'register', name: 'stuck', stuck: 1, registers: ['eax', 'esi', 'ebp'] },
          { target: 'memory', name: 'mem1', section: '.data' },
          { target: 'memory', name: 'cell', section: '.data', stuck: 0 },
          { target: 'chassis', name: 'power', window: ['5%', '60%'] },
        ],
        injections: 8,
        seed: 77,
        snapshotInterval: 1000,
        ...(repairAfter === undefined ? {} : { repairAfter }),
      },
      'convergence',
    );
    const prepared = prepareCampaign(spec);
    const fast = new InjectionRunner(prepared.context);
    const slow = new InjectionRunner({ ...prepared.context, convergence: false });
    for (let i = 0; i < prepared.plan.total; i++) {
      const task = prepared.plan.task(i);
      expect(fast.run(task), `injection ${i}: ${JSON.stringify(task.fault)} on ${task.topology}`).toEqual(slow.run(task));
    }
    expect(slow.stats.rejoined).toBe(0);
    // It must really have been exercised, after failovers included.
    expect(fast.stats.rejoined).toBeGreaterThan(prepared.plan.total / fraction);
  });
});
