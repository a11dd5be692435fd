import { describe, expect, it } from 'vitest';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const EINVAL = -22, EFAULT = -14, ESRCH = -3, EPERM = -1;
const RLIMIT_STACK = 3, RLIMIT_NOFILE = 7;

describe('identity', () => {
  it('is fixed: pid and tid 1000, parent 999, uid and gid 1000', () => {
    const k = makeKernel();
    expect(k.call('getpid')).toBe(1000);
    expect(k.call('gettid')).toBe(1000);
    expect(k.call('getppid')).toBe(999);
    for (const name of ['getuid', 'geteuid', 'getuid32', 'geteuid32', 'getgid', 'getegid', 'getgid32', 'getegid32'] as const) {
      expect(k.call(name)).toBe(1000);
    }
    expect(k.call('getpgrp')).toBe(1000);
    expect(k.call('getsid', 0)).toBe(1000);
    expect(k.call('getpgid', 55)).toBe(ESRCH);
    expect(k.call('getresuid32', SCRATCH, SCRATCH + 4, SCRATCH + 8)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4), k.memory.u32(SCRATCH + 8)]).toEqual([1000, 1000, 1000]);
    expect(k.call('getresgid', SCRATCH + 0x10, SCRATCH + 0x12, SCRATCH + 0x14)).toBe(0);
    expect(k.memory.u16(SCRATCH + 0x12)).toBe(1000);
    expect(k.call('umask', 0o077)).toBe(0o022);
    expect(k.call('umask', 0)).toBe(0o077);
  });

  it('uname says Linux on i686, with fixed release and node name', () => {
    const k = makeKernel();
    expect(k.call('uname', SCRATCH)).toBe(0);
    const field = (i: number): string => k.memory.cString(SCRATCH + i * 65);
    expect([field(0), field(1), field(2), field(4), field(5)]).toEqual(['Linux', 'ftvm', '6.1.0-ftvm', 'i686', '(none)']);
    expect(field(3)).toMatch(/^#1 SMP/);
    expect(k.call('uname', UNMAPPED)).toBe(EFAULT);
  });

  it('sysinfo reports the memory limit as total RAM, less what the heap holds', () => {
    const k = makeKernel({ memoryLimitBytes: 64 * 1024 * 1024 });
    k.call('brk', 0x0804d000 + 0x3000);
    k.state.cycle = 7_000_000_000n;
    expect(k.call('sysinfo', SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(7); // uptime
    expect(k.memory.u32(SCRATCH + 16)).toBe(64 * 1024 * 1024); // totalram
    expect(k.memory.u32(SCRATCH + 20)).toBe(64 * 1024 * 1024 - 0x3000); // freeram
    expect(k.memory.u16(SCRATCH + 40)).toBe(1); // procs
    expect(k.memory.u32(SCRATCH + 52)).toBe(1); // mem_unit
    const big = makeKernel({ memoryLimitBytes: 8 * 1024 ** 3 });
    expect(big.call('sysinfo', SCRATCH)).toBe(0);
    expect(big.memory.u32(SCRATCH + 16)).toBe(2 * 1024 * 1024); // in 4 KiB units
    expect(big.memory.u32(SCRATCH + 52)).toBe(4096);
    expect(makeKernel().call('sysinfo', SCRATCH)).toBe(0);
  });

  it('sched_getaffinity shows one CPU', () => {
    const k = makeKernel();
    expect(k.call('sched_getaffinity', 0, 128, SCRATCH)).toBe(4);
    expect(k.memory.u32(SCRATCH)).toBe(1);
    expect(k.call('sched_getaffinity', 0, 3, SCRATCH)).toBe(EINVAL);
    expect(k.call('sched_yield')).toBe(0);
  });
});

describe('resource limits', () => {
  it('ugetrlimit gives an 8 MiB stack with no hard limit', () => {
    const k = makeKernel();
    expect(k.call('ugetrlimit', RLIMIT_STACK, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([8 * 1024 * 1024, 0xffffffff]);
    expect(k.call('getrlimit', RLIMIT_STACK, SCRATCH)).toBe(0); // the old call clamps infinity
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4)]).toEqual([8 * 1024 * 1024, 0x7fffffff]);
    expect(k.call('ugetrlimit', 16, SCRATCH)).toBe(EINVAL);
    expect(k.call('ugetrlimit', RLIMIT_STACK, UNMAPPED)).toBe(EFAULT);
  });

  it('prlimit64 reads and sets 64-bit limits; only lowering the hard limit is allowed', () => {
    const k = makeKernel();
    expect(k.call('prlimit64', 0, RLIMIT_NOFILE, 0, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 8)]).toEqual([1024, 1024]);
    k.words(SCRATCH + 0x20, 256, 0, 512, 0);
    expect(k.call('prlimit64', 1000, RLIMIT_NOFILE, SCRATCH + 0x20, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(1024); // the old value
    expect(k.call('prlimit64', 0, RLIMIT_NOFILE, 0, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 8)]).toEqual([256, 512]);
    k.words(SCRATCH + 0x20, 256, 0, 1024, 0);
    expect(k.call('prlimit64', 0, RLIMIT_NOFILE, SCRATCH + 0x20, 0)).toBe(EPERM);
    k.words(SCRATCH + 0x20, 600, 0, 512, 0);
    expect(k.call('prlimit64', 0, RLIMIT_NOFILE, SCRATCH + 0x20, 0)).toBe(EINVAL);
    expect(k.call('prlimit64', 42, RLIMIT_NOFILE, 0, SCRATCH)).toBe(ESRCH);
    k.words(SCRATCH + 0x20, 0x100000, 0xffffffff);
    expect(k.call('setrlimit', RLIMIT_STACK, SCRATCH + 0x20)).toBe(0);
    expect(k.call('ugetrlimit', RLIMIT_STACK, SCRATCH)).toBe(0);
    expect(k.memory.u32(SCRATCH)).toBe(0x100000);
  });
});
