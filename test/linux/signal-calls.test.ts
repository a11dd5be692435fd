import { describe, expect, it } from 'vitest';
import { SCRATCH, UNMAPPED, makeKernel } from './kernel-harness';

const EINVAL = -22, ESRCH = -3, EFAULT = -14, ENOMEM = -12;
const SIGINT = 2, SIGABRT = 6, SIGKILL = 9, SIGTERM = 15, SIGCHLD = 17, SIGSTOP = 19;

describe('signal dispositions', () => {
  it('rt_sigaction stores an action and reports the old one', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0x08049abc, 0x04000000, 0x08049000, 0x12, 0x1);
    expect(k.call('rt_sigaction', SIGINT, SCRATCH, SCRATCH + 0x40, 8)).toBe(0);
    expect(k.memory.read(SCRATCH + 0x40, 20).every((b) => b === 0)).toBe(true); // SIG_DFL before
    expect(k.call('rt_sigaction', SIGINT, 0, SCRATCH + 0x80, 8)).toBe(0);
    expect(k.memory.read(SCRATCH + 0x80, 20)).toEqual(k.memory.read(SCRATCH, 20));
    expect(k.call('rt_sigaction', SIGINT, SCRATCH, 0, 4)).toBe(EINVAL); // sigsetsize
    expect(k.call('rt_sigaction', SIGKILL, SCRATCH, 0, 8)).toBe(EINVAL);
    expect(k.call('rt_sigaction', SIGKILL, 0, SCRATCH + 0x80, 8)).toBe(0);
    expect(k.call('rt_sigaction', 0, 0, 0, 8)).toBe(EINVAL);
    expect(k.call('rt_sigaction', 65, 0, 0, 8)).toBe(EINVAL);
    expect(k.call('rt_sigaction', SIGINT, UNMAPPED, 0, 8)).toBe(EFAULT);
  });

  it('the old sigaction and signal calls share the table', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0x1234, 0xff, 0x4, 0x5678);
    expect(k.call('sigaction', SIGTERM, SCRATCH, 0)).toBe(0);
    expect(k.call('signal', SIGTERM, 1)).toBe(0x1234);
    expect(k.call('sigaction', SIGTERM, 0, SCRATCH + 0x20)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x20)).toBe(1);
  });

  it('rt_sigprocmask and sigprocmask keep the mask, never blocking SIGKILL or SIGSTOP', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0xffffffff, 0xffffffff);
    expect(k.call('rt_sigprocmask', 0 /* SIG_BLOCK */, SCRATCH, SCRATCH + 0x10, 8)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x10)).toBe(0);
    expect(k.call('rt_sigprocmask', 2 /* SIG_SETMASK */, 0, SCRATCH + 0x10, 8)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x10)).toBe((0xffffffff & ~((1 << 8) | (1 << 18))) >>> 0);
    expect(k.memory.u32(SCRATCH + 0x14)).toBe(0xffffffff);
    k.words(SCRATCH, 0x2, 0);
    expect(k.call('rt_sigprocmask', 1 /* SIG_UNBLOCK */, SCRATCH, 0, 8)).toBe(0);
    expect(k.call('sigprocmask', 0, 0, SCRATCH + 0x20)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x20)).toBe((0xffffffff & ~((1 << 8) | (1 << 18) | 2)) >>> 0);
    expect(k.call('rt_sigprocmask', 7, SCRATCH, 0, 8)).toBe(EINVAL);
    expect(k.call('rt_sigprocmask', 0, SCRATCH, 0, 16)).toBe(EINVAL);
  });

  it('sigaltstack records the alternate stack', () => {
    const k = makeKernel();
    expect(k.call('sigaltstack', 0, SCRATCH)).toBe(0);
    expect([k.memory.u32(SCRATCH), k.memory.u32(SCRATCH + 4), k.memory.u32(SCRATCH + 8)]).toEqual([0, 2, 0]);
    k.words(SCRATCH, 0x30000000, 0, 0x4000);
    expect(k.call('sigaltstack', SCRATCH, 0)).toBe(0);
    expect(k.call('sigaltstack', 0, SCRATCH + 0x10)).toBe(0);
    expect([k.memory.u32(SCRATCH + 0x10), k.memory.u32(SCRATCH + 0x14), k.memory.u32(SCRATCH + 0x18)]).toEqual([0x30000000, 0, 0x4000]);
    k.words(SCRATCH, 0x30000000, 0, 100);
    expect(k.call('sigaltstack', SCRATCH, 0)).toBe(ENOMEM);
    k.words(SCRATCH, 0x30000000, 8, 0x4000);
    expect(k.call('sigaltstack', SCRATCH, 0)).toBe(EINVAL);
  });
});

describe('sending signals to oneself', () => {
  it('abort(): tgkill with SIGABRT ends the process with status 134', () => {
    const k = makeKernel();
    expect(k.outcome('tgkill', 1000, 1000, SIGABRT)).toEqual({ kind: 'exit', status: 134, signal: SIGABRT });
    expect(makeKernel().outcome('kill', 1000, SIGABRT)).toEqual({ kind: 'exit', status: 134, signal: SIGABRT });
    expect(makeKernel().outcome('tkill', 1000, SIGTERM)).toEqual({ kind: 'exit', status: 143, signal: SIGTERM });
  });

  it('leaves a signal with a handler pending for the machine to deliver', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0x08049abc, 0, 0, 0, 0);
    k.call('rt_sigaction', SIGABRT, SCRATCH, 0, 8);
    expect(k.call('tgkill', 1000, 1000, SIGABRT)).toBe(0);
    // Still pending: blocking it now shows it in rt_sigpending.
    k.words(SCRATCH + 0x20, 1 << (SIGABRT - 1), 0);
    k.call('rt_sigprocmask', 0, SCRATCH + 0x20, 0, 8);
    expect(k.call('rt_sigpending', SCRATCH + 0x30, 8)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x30)).toBe(1 << (SIGABRT - 1));
  });

  it('keeps a blocked signal pending and acts on it when it is unblocked', () => {
    const k = makeKernel();
    k.words(SCRATCH, 1 << (SIGTERM - 1), 0);
    k.call('rt_sigprocmask', 0 /* SIG_BLOCK */, SCRATCH, 0, 8);
    expect(k.call('kill', 1000, SIGTERM)).toBe(0);
    expect(k.call('sigpending', SCRATCH + 0x10)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x10)).toBe(1 << (SIGTERM - 1));
    expect(k.call('rt_sigpending', SCRATCH + 0x10, 16)).toBe(EINVAL);
    expect(k.outcome('rt_sigprocmask', 1 /* SIG_UNBLOCK */, SCRATCH, 0, 8)).toEqual({ kind: 'exit', status: 143, signal: SIGTERM });
  });

  it('survives ignored, ignored-by-default, stop and null signals', () => {
    const k = makeKernel();
    k.words(SCRATCH, 1 /* SIG_IGN */, 0, 0, 0, 0);
    k.call('rt_sigaction', SIGTERM, SCRATCH, 0, 8);
    expect(k.call('kill', 1000, SIGTERM)).toBe(0);
    expect(k.call('kill', 0, SIGCHLD)).toBe(0);
    expect(k.call('kill', 1000, SIGSTOP)).toBe(0);
    expect(k.call('kill', 1000, 0)).toBe(0);
    expect(k.outcome('kill', 1000, SIGKILL)).toEqual({ kind: 'exit', status: 137, signal: SIGKILL });
  });

  it('finds no other process', () => {
    const k = makeKernel();
    expect(k.call('kill', 1, SIGTERM)).toBe(ESRCH);
    expect(k.call('tgkill', 1000, 1001, SIGTERM)).toBe(ESRCH);
    expect(k.call('tgkill', 0, 1000, SIGTERM)).toBe(EINVAL);
    expect(k.call('kill', 1000, 99)).toBe(EINVAL);
  });
});

describe('interval timers and waiting for signals', () => {
  const SIGALRM = 14;
  const SECOND = 1_000_000_000n; // cycles: the virtual clock runs at 1 GHz

  it('alarm reports the seconds the last one had left, rounded as Linux does', () => {
    const k = makeKernel();
    expect(k.call('alarm', 5)).toBe(0);
    k.state.cycle = SECOND + SECOND / 2n; // 3.5 s left
    expect(k.call('alarm', 1)).toBe(4);
    k.state.cycle += SECOND / 4n; // 0.75 s left
    expect(k.call('alarm', 0)).toBe(1);
    expect(k.call('alarm', 0)).toBe(0);
  });

  it('setitimer and getitimer speak struct itimerval and count down on their clocks', () => {
    const k = makeKernel();
    k.words(SCRATCH, 0, 250_000, 2, 500_000); // interval 0.25 s, value 2.5 s
    expect(k.call('setitimer', 0 /* ITIMER_REAL */, SCRATCH, SCRATCH + 0x20)).toBe(0);
    expect([0, 1, 2, 3].map((i) => k.memory.u32(SCRATCH + 0x20 + 4 * i))).toEqual([0, 0, 0, 0]);
    k.state.cycle = SECOND;
    expect(k.call('getitimer', 0, SCRATCH + 0x40)).toBe(0);
    expect([0, 1, 2, 3].map((i) => k.memory.u32(SCRATCH + 0x40 + 4 * i))).toEqual([0, 250_000, 1, 500_000]);
    expect(k.call('getitimer', 1 /* ITIMER_VIRTUAL */, SCRATCH + 0x40)).toBe(0);
    expect(k.memory.u32(SCRATCH + 0x48)).toBe(0);
    expect(k.call('getitimer', 3, SCRATCH + 0x40)).toBe(EINVAL);
    k.words(SCRATCH, 0, 1_000_000, 0, 0);
    expect(k.call('setitimer', 0, SCRATCH, 0)).toBe(EINVAL);
    // The machine is told when the timer is due: at 2.5 s.
    expect(k.kernel.nextTimerCycle(k.state.cycle)).toBe(SECOND * 5n / 2n);
  });

  it('a due timer sends its signal on the way back to user mode', () => {
    const k = makeKernel();
    k.call('alarm', 1);
    k.state.cycle = SECOND;
    expect(k.outcome('getpid')).toEqual({ kind: 'exit', status: 128 + SIGALRM, signal: SIGALRM });
  });

  it('pause sleeps to the alarm, and waits forever without one', () => {
    const k = makeKernel();
    expect(k.outcome('pause')).toEqual({ kind: 'blocked', reason: expect.stringContaining('pause') });
    k.call('alarm', 2);
    expect(k.outcome('pause')).toEqual({ kind: 'exit', status: 128 + SIGALRM, signal: SIGALRM });
    k.call('clock_gettime', 1 /* CLOCK_MONOTONIC */, SCRATCH);
    expect(k.memory.u32(SCRATCH)).toBe(2);
  });

  it('nanosleep ends when ITIMER_REAL fires, with the time left in rem', () => {
    const k = makeKernel();
    k.words(SCRATCH, 1 << (SIGALRM - 1), 0);
    k.words(SCRATCH + 0x10, 1, 0, 0, 0, 0); // SIGALRM ignored: the alarm would not interrupt
    k.call('rt_sigaction', SIGALRM, SCRATCH + 0x10, 0, 8);
    k.call('alarm', 1);
    k.words(SCRATCH + 0x40, 3, 0);
    expect(k.call('nanosleep', SCRATCH + 0x40, SCRATCH + 0x50)).toBe(0);
    k.words(SCRATCH + 0x10, 0, 0, 0, 0, 0);
    k.call('rt_sigaction', SIGALRM, SCRATCH + 0x10, 0, 8);
    k.call('alarm', 1);
    expect(k.outcome('nanosleep', SCRATCH + 0x40, SCRATCH + 0x50)).toEqual({ kind: 'exit', status: 128 + SIGALRM, signal: SIGALRM });
    expect([k.memory.u32(SCRATCH + 0x50), k.memory.u32(SCRATCH + 0x54)]).toEqual([2, 0]);
  });
});
