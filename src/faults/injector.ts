/**
 * Applies a fault list to a running machine at the cycles the faults name.
 * It plugs into Machine.run as hooks: the run loop stops exactly at each
 * fault's cycle, and the fault is applied before that cycle executes. A
 * memory fault aimed at a guest address needs that address mapped then: there
 * is no memory cell to strike otherwise.
 */
import type { Machine, RunHooks } from '../machine/machine';
import { describeFault, type Fault } from './fault';
import { UserError } from '../errors';

export interface FaultInjectorOptions {
  /**
   * A memory fault at a guest address the program has not mapped when the
   * fault strikes: 'throw' (the default) ends the run with a UserError that
   * says so; 'skip' leaves it out and lists it in notApplied.
   */
  readonly unmapped?: 'throw' | 'skip';
}

/** A fault whose cycle came but which had nothing to strike, and why. */
export interface FaultNotApplied {
  readonly fault: Fault;
  readonly reason: string;
}

export class FaultInjector implements RunHooks {
  private readonly pending: Fault[];
  private readonly applied: Fault[] = [];
  private readonly skipped: FaultNotApplied[] = [];

  constructor(private readonly machine: Machine, faults: readonly Fault[], private readonly options: FaultInjectorOptions = {}) {
    // Stable order: by cycle, then as listed.
    this.pending = faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
  }

  get appliedFaults(): readonly Fault[] { return this.applied; }
  get pendingFaults(): readonly Fault[] { return this.pending; }
  /** Faults left out when their cycle came (with `unmapped: 'skip'`). */
  get notApplied(): readonly FaultNotApplied[] { return this.skipped; }

  nextCycle(now: bigint): bigint | undefined {
    const next = this.pending[0];
    return next === undefined ? undefined : BigInt(Math.max(next.at, Number(now)));
  }

  atCycle(cycle: bigint): void {
    while (this.pending.length > 0 && BigInt(this.pending[0].at) <= cycle && !this.machine.outcome) {
      const fault = this.pending.shift()!;
      if (fault.target === 'memory' && fault.address !== undefined && !this.machine.memory.isMapped(fault.address)) {
        const reason = `address 0x${fault.address.toString(16)} is not mapped at cycle ${cycle}`;
        if (this.options.unmapped !== 'skip') throw new UserError(`memory fault at cycle ${fault.at} (${describeFault(fault)}): ${reason}`);
        this.skipped.push({ fault, reason });
        continue;
      }
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
