import { describe, expect, it } from 'vitest';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const EINVAL = -22, EFAULT = -14;
const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
const EPOCH = 1704067200;

describe('virtual clocks', () => {
  it('derive CLOCK_MONOTONIC from the cycle count at 1 GHz, starting from 0', () => {
    const k = makeKernel();
    expect(k.call('clock_gettime', CLOCK_MONOTONIC, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([0, 0]);
    k.state.cycle = 1_500_000_123n;
    expect(k.call('clock_gettime', CLOCK_MONOTONIC, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([1, 500_000_123]);
    expect(k.call('clock_gettime', CLOCK_BOOTTIME, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(1);
  });

  it('put CLOCK_REALTIME at the fixed epoch plus the cycles, in both timespec layouts', () => {
    const k = makeKernel();
    k.state.cycle = 2_000_000_007n;
    expect(k.call('clock_gettime', CLOCK_REALTIME, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([EPOCH + 2, 7]);
    k.put(SCRATCH, new Uint8Array(16).fill(0xff));
    expect(k.call('clock_gettime64', CLOCK_REALTIME, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4), k.memory.u32(SCRATCH + 8), k.memory.u32(SCRATCH + 12)])
      .toEqual([EPOCH + 2, 0, 7, 0]);
  });

  it('gettimeofday and time agree with CLOCK_REALTIME', () => {
    const k = makeKernel();
    k.state.cycle = 3_250_000_999n;
    expect(k.call('gettimeofday', SCRATCH, SCRATCH + 8)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([EPOCH + 3, 250_000]);
    expect([k.memory.u32(SCRATCH + 8), k.memory.u32(SCRATCH + 12)]).toEqual([0, 0]);
    expect(k.call('gettimeofday', 0, 0)).toBe(0);
    expect(k.call('time', 0)).toBe(EPOCH + 3);
    expect(k.call('time', SCRATCH + 0x20)).toBe(EPOCH + 3);
    expect(k.memory.u32(SCRATCH + 0x20)).toBe(EPOCH + 3);
    expect(k.call('time', UNMAPPED)).toBe(EFAULT);
  });

  it('counts CPU time in cycles and ticks at USER_HZ', () => {
    const k = makeKernel();
    k.state.cycle = 250_000_000n;
    expect(k.call('clock_gettime', CLOCK_PROCESS_CPUTIME_ID, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([0, 250_000_000]);
    expect(k.call('times', SCRATCH)).toBe(25);
    expect(k.memory.u32(SCRATCH)).toBe(25);
  });

  it('reports resolutions and refuses unknown clocks', () => {
    const k = makeKernel();
    expect(k.call('clock_getres', CLOCK_MONOTONIC, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([0, 1]);
    expect(k.call('clock_getres_time64', CLOCK_MONOTONIC_COARSE, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH + 8)).toBe(4_000_000);
    expect(k.call('clock_getres', CLOCK_MONOTONIC, 0)).toBe(0);
    expect(k.call('clock_gettime', 10, SCRATCH)).toBe(EINVAL);
    expect(k.call('clock_gettime', -6 >>> 0, SCRATCH)).toBe(EINVAL);
    expect(k.call('clock_gettime', CLOCK_MONOTONIC, UNMAPPED)).toBe(EFAULT);
  });

  it('is the same in every run: it depends on the cycle only', () => {
    const a = makeKernel();
    const b = makeKernel();
    a.state.cycle = b.state.cycle = 123_456_789_012n;
    a.call('clock_gettime64', CLOCK_REALTIME, SCRATCH);
    b.call('clock_gettime64', CLOCK_REALTIME, SCRATCH);
    expect(a.memory.read(SCRATCH, 16)).toEqual(b.memory.read(SCRATCH, 16));
  });
});

describe('sleeping', () => {
  it('nanosleep returns at once and moves the wall clocks, not the CPU clock', () => {
    const k = makeKernel();
    k.words(SCRATCH, 2, 500_000_000);
    expect(k.call('nanosleep', SCRATCH, 0)).toBe(0);
    expect(k.call('clock_gettime', CLOCK_MONOTONIC, SCRATCH + 0x10)).toBe(0);
    expect([k.memory.u32(SCRATCH + 0x10), k.memory.u32(SCRATCH + 0x14)]).toEqual([2, 500_000_000]);
    expect(k.call('time', 0)).toBe(EPOCH + 2);
    expect(k.call('clock_gettime', CLOCK_PROCESS_CPUTIME_ID, SCRATCH + 0x10)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x10)).toBe(0);
    k.words(SCRATCH, 0, 1_000_000_000);
    expect(k.call('nanosleep', SCRATCH, 0)).toBe(EINVAL);
    k.words(SCRATCH, -1 >>> 0, 0);
    expect(k.call('nanosleep', SCRATCH, 0)).toBe(EINVAL);
    expect(k.call('nanosleep', UNMAPPED, 0)).toBe(EFAULT);
  });

  it('clock_nanosleep sleeps relative or until an absolute time', () => {
    const k = makeKernel();
    k.words(SCRATCH, 1, 0, 0, 0); // 64-bit timespec: 1 s
    expect(k.call('clock_nanosleep_time64', CLOCK_MONOTONIC, 0, SCRATCH, 0)).toBe(0);
    k.words(SCRATCH, 5, 0); // absolute: until t = 5 s
    expect(k.call('clock_nanosleep', CLOCK_MONOTONIC, 1, SCRATCH, 0)).toBe(0);
    expect(k.call('clock_gettime', CLOCK_MONOTONIC, SCRATCH + 0x10)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x10)).toBe(5);
    k.words(SCRATCH, 3, 0); // in the past: no sleep
    expect(k.call('clock_nanosleep', CLOCK_MONOTONIC, 1, SCRATCH, 0)).toBe(0);
    expect(k.call('time', 0)).toBe(EPOCH + 5);
    expect(k.call('clock_nanosleep', 3 /* THREAD_CPUTIME */, 0, SCRATCH, 0)).toBe(EINVAL);
  });
});
