/**
 * Applies a fault list to a running machine at the cycles the faults name.
 * It plugs into Machine.run as hooks: the run loop stops exactly at each
 * fault's cycle, and the fault is applied before that cycle executes.
 */
import type { Machine, RunHooks } from '../machine/machine';
import { describeFault, type Fault } from './fault';

export class FaultInjector implements RunHooks {
  private readonly pending: Fault[];
  private readonly applied: Fault[] = [];

  constructor(private readonly machine: Machine, faults: readonly Fault[]) {
    // Stable order: by cycle, then as listed.
    this.pending = faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
  }

  get appliedFaults(): readonly Fault[] { return this.applied; }
  get pendingFaults(): readonly Fault[] { return this.pending; }

  nextCycle(now: bigint): bigint | undefined {
    const next = this.pending[0];
    return next === undefined ? undefined : BigInt(Math.max(next.at, Number(now)));
  }

  atCycle(cycle: bigint): void {
    while (this.pending.length > 0 && BigInt(this.pending[0].at) <= cycle && !this.machine.outcome) {
      const fault = this.pending.shift()!;
      this.apply(fault);
      this.applied.push(fault);
    }
  }

  private apply(fault: Fault): void {
    const m = this.machine;
    m.emit({ type: 'fault-injected', chassis: fault.chassis, fault, reason: describeFault(fault) });
    switch (fault.target) {
      case 'register': {
        const replica = m.replicaOf(fault.chassis, fault.core);
        if (fault.stuck === undefined) m.flipRegisterBit(replica, fault.register, fault.bit);
        else m.setStuckBit(replica, fault.register, fault.bit, fault.stuck);
        return;
      }
      case 'chassis':
        if (!m.isOnline(fault.chassis)) return;
        if (!m.takeOffline(fault.chassis, 'power-loss')) m.stop(`chassis ${fault.chassis} lost power and no chassis is left online`);
        return;
      default: {
        // Faults in a chassis' parts go to the device that holds them (memory and DIMMs: the ECC memory).
        const device = m.deviceFor(fault.target);
        if (!device) throw new Error(`no device of this machine takes ${fault.target} faults`);
        device.inject(fault);
      }
    }
  }
}
