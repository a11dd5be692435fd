/**
 * Virtual time: clock_gettime(64), clock_getres(64), gettimeofday, time,
 * times, nanosleep, clock_nanosleep(64).
 *
 * The guest's clocks run on its cycle count, not on the host's: the virtual
 * CPU retires one instruction per nanosecond (VIRTUAL_CLOCK_HZ = 1 GHz), so
 * the same program and input read the same times on every run.
 * - CLOCK_MONOTONIC / BOOTTIME / MONOTONIC_RAW start at 0 when the program does;
 * - CLOCK_REALTIME / TAI start at VIRTUAL_EPOCH_SECONDS (2024-01-01T00:00:00Z);
 * - the CPU-time clocks count cycles only;
 * - sleeping returns at once but moves the wall clocks on by the time asked
 *   for, so a program that sleeps 1 s sees 1 s pass; an interval timer due
 *   during the sleep ends it there (-EINTR), as its signal would.
 */
import { EINTR, EINVAL } from './errno';
import type { GuestAccess } from './guest-access';
import { StructBuilder } from './guest-access';
import { CLOCK_TICKS_PER_SECOND } from './initial-stack';

export const VIRTUAL_CLOCK_HZ = 1_000_000_000n;
export const VIRTUAL_EPOCH_SECONDS = 1_704_067_200n;

const NS_PER_SECOND = 1_000_000_000n;

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
export const CLOCK_REALTIME_ALARM = 8;
export const CLOCK_BOOTTIME_ALARM = 9;
export const CLOCK_TAI = 11;

const TIMER_ABSTIME = 1;
/** The resolution the coarse clocks report: one tick of a HZ=250 kernel. */
const COARSE_RESOLUTION_NS = 4_000_000n;

export class VirtualClock {
  /** Nanoseconds the guest has slept: added to every wall clock. */
  private sleptNs: bigint;

  constructor(sleptNs = 0n) {
    this.sleptNs = sleptNs;
  }

  save(): string {
    return this.sleptNs.toString();
  }

  /** Nanoseconds of CPU time for `cycle` retired instructions. */
  static cpuNs(cycle: bigint): bigint {
    return (cycle * NS_PER_SECOND) / VIRTUAL_CLOCK_HZ;
  }

  /** The cycles it takes for `ns` nanoseconds of CPU time to pass (rounded up: a timer never fires early). */
  cyclesFor(ns: bigint): bigint {
    return (ns * VIRTUAL_CLOCK_HZ + NS_PER_SECOND - 1n) / NS_PER_SECOND;
  }

  /** Nanoseconds on `clockId` at `cycle`, or null for a clock Linux does not have. */
  now(clockId: number, cycle: bigint): bigint | null {
    const monotonic = VirtualClock.cpuNs(cycle) + this.sleptNs;
    switch (clockId) {
      case CLOCK_REALTIME:
      case CLOCK_REALTIME_COARSE:
      case CLOCK_REALTIME_ALARM:
      case CLOCK_TAI:
        return VIRTUAL_EPOCH_SECONDS * NS_PER_SECOND + monotonic;
      case CLOCK_MONOTONIC:
      case CLOCK_MONOTONIC_RAW:
      case CLOCK_MONOTONIC_COARSE:
      case CLOCK_BOOTTIME:
      case CLOCK_BOOTTIME_ALARM:
        return monotonic;
      case CLOCK_PROCESS_CPUTIME_ID:
      case CLOCK_THREAD_CPUTIME_ID:
        return VirtualClock.cpuNs(cycle);
      default:
        return null;
    }
  }

  /** clock_gettime (wide = false: struct timespec of two i32) and clock_gettime64 (two i64). */
  clockGettime(access: GuestAccess, cycle: bigint, clockId: number, pointer: number, wide: boolean): number {
    const ns = this.now(clockId | 0, cycle);
    if (ns === null) return -EINVAL;
    access.write(pointer, timespec(ns, wide));
    return 0;
  }

  clockGetres(access: GuestAccess, clockId: number, pointer: number, wide: boolean): number {
    const id = clockId | 0;
    if (this.now(id, 0n) === null) return -EINVAL;
    const coarse = id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE;
    if (pointer !== 0) access.write(pointer, timespec(coarse ? COARSE_RESOLUTION_NS : 1n, wide));
    return 0;
  }

  /** gettimeofday(tv, tz): struct timeval {i32 sec, i32 usec}; the zone is UTC. */
  gettimeofday(access: GuestAccess, cycle: bigint, tv: number, tz: number): number {
    const ns = this.now(CLOCK_REALTIME, cycle)!;
    if (tv !== 0) {
      access.write(tv, new StructBuilder(8).i32(0, Number(ns / NS_PER_SECOND)).i32(4, Number((ns % NS_PER_SECOND) / 1000n)).bytes);
    }
    if (tz !== 0) access.write(tz, new Uint8Array(8));
    return 0;
  }

  /** time(t): seconds since the epoch, also stored at t unless it is NULL. */
  time(access: GuestAccess, cycle: bigint, pointer: number): number {
    const seconds = Number(this.now(CLOCK_REALTIME, cycle)! / NS_PER_SECOND);
    if (pointer !== 0) access.setU32(pointer, seconds);
    return seconds;
  }

  /** times(buf): CPU time in clock ticks (USER_HZ); returns ticks since start. */
  times(access: GuestAccess, cycle: bigint, pointer: number): number {
    const ticks = (ns: bigint): number => Number((ns * BigInt(CLOCK_TICKS_PER_SECOND)) / NS_PER_SECOND) >>> 0;
    if (pointer !== 0) access.write(pointer, new StructBuilder(16).u32(0, ticks(VirtualClock.cpuNs(cycle))).bytes);
    return ticks(this.now(CLOCK_MONOTONIC, cycle)!);
  }

  /**
   * nanosleep(req, rem): the request is validated and the clocks moved on.
   * A timer due at monotonic `wakeNs` within the sleep ends it there: -EINTR,
   * with the time left in rem.
   */
  nanosleep(access: GuestAccess, cycle: bigint, request: number, remaining: number, wakeNs?: bigint): number {
    const duration = readTimespec(access, request, false);
    if (duration === null) return -EINVAL;
    const left = this.sleep(duration, cycle, wakeNs);
    if (left === 0n) return 0;
    if (remaining !== 0) access.write(remaining, timespec(left, false));
    return -EINTR;
  }

  /** Sleep `duration` ns from `cycle`, or until monotonic `wakeNs` if sooner; returns the ns not slept. */
  sleep(duration: bigint, cycle: bigint, wakeNs?: bigint): bigint {
    const start = this.now(CLOCK_MONOTONIC, cycle)!;
    if (wakeNs !== undefined && wakeNs < start + duration) {
      const slept = wakeNs > start ? wakeNs - start : 0n;
      this.sleptNs += slept;
      return duration - slept;
    }
    this.sleptNs += duration;
    return 0n;
  }

  /** clock_nanosleep(clock, flags, req, rem), relative or TIMER_ABSTIME. */
  clockNanosleep(access: GuestAccess, cycle: bigint, clockId: number, flags: number, request: number, wide: boolean, remaining = 0, wakeNs?: bigint): number {
    const id = clockId | 0;
    if (id === CLOCK_THREAD_CPUTIME_ID) return -EINVAL;
    const now = this.now(id, cycle);
    if (now === null) return -EINVAL;
    const value = readTimespec(access, request, wide);
    if (value === null) return -EINVAL;
    const duration = flags & TIMER_ABSTIME ? value - now : value;
    if (duration <= 0n) return 0;
    // A CPU-time clock does not move while the task sleeps: nothing interrupts it here.
    const left = this.sleep(duration, cycle, id === CLOCK_PROCESS_CPUTIME_ID ? undefined : wakeNs);
    if (left === 0n) return 0;
    if (!(flags & TIMER_ABSTIME) && remaining !== 0) access.write(remaining, timespec(left, wide));
    return -EINTR;
  }
}

function timespec(ns: bigint, wide: boolean): Uint8Array {
  const seconds = ns / NS_PER_SECOND;
  const nanos = ns % NS_PER_SECOND;
  return wide
    ? new StructBuilder(16).i64(0, seconds).i64(8, nanos).bytes
    : new StructBuilder(8).i32(0, Number(BigInt.asIntN(32, seconds))).i32(4, Number(nanos)).bytes;
}

/** A duration from a guest timespec, or null when it is invalid (negative, nsec out of range). */
function readTimespec(access: GuestAccess, pointer: number, wide: boolean): bigint | null {
  const view = access.view(pointer, wide ? 16 : 8);
  const seconds = wide ? view.getBigInt64(0, true) : BigInt(view.getInt32(0, true));
  // A 32-bit task's tv_nsec is 32 bits even in the 64-bit struct: Linux ignores the high half.
  const nanos = BigInt(view.getInt32(wide ? 8 : 4, true));
  if (seconds < 0n || nanos < 0n || nanos >= NS_PER_SECOND) return null;
  return seconds * NS_PER_SECOND + nanos;
}
