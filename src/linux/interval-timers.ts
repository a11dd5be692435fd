/**
 * Interval timers on the virtual clock: alarm, setitimer, getitimer.
 *
 * ITIMER_REAL counts monotonic time (cycles plus the time slept) and raises
 * SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the process' CPU time, which
 * is its cycles (all of it is user time here), and raise SIGVTALRM and
 * SIGPROF. Each expiry is a cycle the machine stops at, so a rerun delivers
 * the signal at the same cycle. A periodic timer is reloaded from its expiry,
 * not from when the signal was handled, as hrtimer forwarding does.
 */
import { EINVAL } from './errno';
import type { GuestAccess } from './guest-access';
import { StructBuilder } from './guest-access';
import { CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, type VirtualClock } from './time-calls';

export const ITIMER_REAL = 0;
export const ITIMER_VIRTUAL = 1;
export const ITIMER_PROF = 2;
export const SIGALRM = 14;
export const SIGVTALRM = 26;
export const SIGPROF = 27;

const NS_PER_US = 1000n;
const US_PER_S = 1_000_000n;
const TIMER_SIGNALS = [SIGALRM, SIGVTALRM, SIGPROF];

/** One armed timer: when it expires on its clock (ns), and its period (0: one-shot). */
interface Armed {
  expiresNs: bigint;
  intervalNs: bigint;
}

export type IntervalTimersState = ([string, string] | null)[];

export class IntervalTimers {
  private readonly timers: (Armed | null)[] = [null, null, null];

  constructor(private readonly clock: VirtualClock, state?: IntervalTimersState) {
    state?.forEach((t, i) => { this.timers[i] = t && { expiresNs: BigInt(t[0]), intervalNs: BigInt(t[1]) }; });
  }

  save(): IntervalTimersState {
    return this.timers.map((t) => t && [t.expiresNs.toString(), t.intervalNs.toString()]);
  }

  /** The timer's clock now, in ns. */
  private now(which: number, cycle: bigint): bigint {
    return this.clock.now(which === ITIMER_REAL ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, cycle)!;
  }

  /** getitimer(which, value): struct itimerval { timeval interval, value }, value the time left. */
  getitimer(access: GuestAccess, cycle: bigint, which: number, pointer: number): number {
    if (which < ITIMER_REAL || which > ITIMER_PROF) return -EINVAL;
    access.write(pointer, this.itimerval(which, cycle));
    return 0;
  }

  private itimerval(which: number, cycle: bigint): Uint8Array {
    const t = this.timers[which];
    const left = t ? t.expiresNs - this.now(which, cycle) : 0n;
    return timevalPair(t?.intervalNs ?? 0n, left > 0n ? left : t ? 1000n : 0n);
  }

  /** setitimer(which, new, old). */
  setitimer(access: GuestAccess, cycle: bigint, which: number, value: number, old: number): number {
    if (which < ITIMER_REAL || which > ITIMER_PROF) return -EINVAL;
    let next: { interval: bigint; value: bigint } | null = null;
    if (value !== 0) {
      const v = access.view(value, 16);
      const interval = timeval(v.getInt32(0, true), v.getInt32(4, true));
      const first = timeval(v.getInt32(8, true), v.getInt32(12, true));
      if (interval === null || first === null) return -EINVAL;
      next = { interval, value: first };
    }
    if (old !== 0) access.write(old, this.itimerval(which, cycle));
    if (next) this.arm(which, cycle, next.value, next.interval);
    return 0;
  }

  /** alarm(seconds): ITIMER_REAL one-shot; returns the seconds the old one had left, rounded as Linux does. */
  alarm(cycle: bigint, seconds: number): number {
    const t = this.timers[ITIMER_REAL];
    let left = 0n;
    if (t) {
      const ns = t.expiresNs - this.now(ITIMER_REAL, cycle);
      const us = ns > 0n ? ns / NS_PER_US : 1n;
      left = us / US_PER_S;
      // Never report 0 for an armed alarm; round half a second up.
      if ((left === 0n && us > 0n) || us % US_PER_S >= 500_000n) left++;
    }
    this.arm(ITIMER_REAL, cycle, BigInt(seconds >>> 0) * US_PER_S * NS_PER_US, 0n);
    return Number(left);
  }

  private arm(which: number, cycle: bigint, valueNs: bigint, intervalNs: bigint): void {
    this.timers[which] = valueNs === 0n ? null : { expiresNs: this.now(which, cycle) + valueNs, intervalNs };
  }

  /** Monotonic ns at which ITIMER_REAL fires next (a sleep ends there), if armed. */
  get realExpiryNs(): bigint | undefined {
    return this.timers[ITIMER_REAL]?.expiresNs;
  }

  /** The first cycle at which some timer is due, if any (the machine runs no further before asking). */
  nextCycle(cycle: bigint): bigint | undefined {
    let best: bigint | undefined;
    this.timers.forEach((t, which) => {
      if (!t) return;
      const ns = t.expiresNs - this.now(which, cycle);
      const due = ns <= 0n ? cycle : cycle + this.clock.cyclesFor(ns);
      if (best === undefined || due < best) best = due;
    });
    return best;
  }

  /** The signals of the timers due at `cycle`, reloading the periodic ones. */
  expire(cycle: bigint): number[] {
    const fired: number[] = [];
    this.timers.forEach((t, which) => {
      if (!t || t.expiresNs > this.now(which, cycle)) return;
      fired.push(TIMER_SIGNALS[which]);
      if (t.intervalNs === 0n) this.timers[which] = null;
      else while (t.expiresNs <= this.now(which, cycle)) t.expiresNs += t.intervalNs;
    });
    return fired;
  }
}

/** A timeval as ns, or null when Linux rejects it (negative, usec out of range). */
function timeval(seconds: number, micros: number): bigint | null {
  if (seconds < 0 || micros < 0 || micros >= 1_000_000) return null;
  return (BigInt(seconds) * US_PER_S + BigInt(micros)) * NS_PER_US;
}

function timevalPair(intervalNs: bigint, valueNs: bigint): Uint8Array {
  const us = (ns: bigint) => (ns + NS_PER_US - 1n) / NS_PER_US;
  const i = us(intervalNs), v = us(valueNs);
  return new StructBuilder(16)
    .i32(0, Number(i / US_PER_S)).i32(4, Number(i % US_PER_S))
    .i32(8, Number(v / US_PER_S)).i32(12, Number(v % US_PER_S)).bytes;
}
