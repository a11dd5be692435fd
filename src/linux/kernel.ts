/**
 * The i386 Linux system-call layer: one LinuxKernel per guest process. The
 * machine hands it each `int 0x80` (EAX = number, EBX..EBP = arguments) and
 * gets back what to put in EAX, or that the process is over.
 *
 * Every call in HANDLERS is implemented (see the file for each group); every
 * other number returns -ENOSYS and is counted in stats.unknown. A guest
 * pointer to an unmapped page makes the call return -EFAULT, and exhausted
 * guest memory -ENOMEM: no guest input can raise a host exception out of
 * syscall().
 */
import { GuestFault, GuestOutOfMemory, PAGE_SIZE } from '../machine/guest-memory';
import { Prng } from '../util/prng';
import { EBADF, EFAULT, EINTR, EINVAL, ENOENT, ENOMEM, ENOSYS, ENOTDIR } from './errno';
import { FdTable, O_WRONLY, type FdTableState } from './fd-table';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, FileCalls } from './file-calls';
import { AT_REMOVEDIR, FsCalls, type FsCallsState } from './fs-calls';
import { O_CREAT, O_TRUNC } from '../disk/fs-protocol';
import { GuestAccess } from './guest-access';
import type { KernelOptions, SyscallContext, SyscallOutcome } from './kernel-types';
import { ProcessMemory, readOldMmapArgs, type ProcessMemoryState } from './memory-calls';
import { DEFAULT_TOTAL_RAM, ProcessInfo } from './process-calls';
import { GUEST_GID, GUEST_PID, GUEST_PPID, GUEST_TID, GUEST_UID } from './process-identity';
import { Signals, SIG_DFL, type SignalState } from './signal-calls';
import { deliverPending, faultKills, forceFault, killedBy, sigreturn, type UserFault } from './signal-delivery';
import { IntervalTimers, SIGALRM, type IntervalTimersState } from './interval-timers';
import { NR, syscallName, type SyscallName } from './syscall-numbers';
import { CLOCK_MONOTONIC, CLOCK_REALTIME, VirtualClock } from './time-calls';
import { ThreadCalls, type ThreadState } from './tls-calls';
import { LdtCalls, type LdtState } from './ldt-calls';

/** The PRNG stream getrandom draws from (see Prng.forStream). */
export const GETRANDOM_STREAM = 'getrandom';

const AT_NO_AUTOMOUNT = 0x800;
const AT_STATX_SYNC_TYPE = 0x6000;

function statxFlagsValid(flags: number, mask: number): boolean {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) return false;
  return (flags & AT_STATX_SYNC_TYPE) !== AT_STATX_SYNC_TYPE && (mask & 0x8000_0000) === 0;
}

/** A 64-bit file offset passed as two 32-bit halves (low, high). */
function offset64(low: number, high: number): number {
  return (high | 0) * 0x1_0000_0000 + (low >>> 0);
}

const GRND_NONBLOCK = 1;
const GRND_RANDOM = 2;
const GRND_INSECURE = 4;
/** getrandom hands out at most this much per call (Linux: MAX_RW_COUNT, capped here to bound a copy). */
const GETRANDOM_MAX = 32 * 1024 * 1024 - 1;

type Handler = (a: readonly number[], access: GuestAccess, ctx: SyscallContext) => number | SyscallOutcome;

export interface KernelStats {
  /** How many times each call was made, by name (`syscall_<nr>` for numbers Linux lacks). */
  readonly calls: Map<string, number>;
  /** The numbers answered with -ENOSYS because ftvm does not implement them, with their counts. */
  readonly unknown: Map<number, number>;
}

/** Everything the kernel remembers, JSON-serialisable, for machine snapshots. */
export interface KernelState {
  readonly memory: ProcessMemoryState;
  readonly fds: FdTableState;
  readonly termios: number[];
  readonly signals: SignalState;
  readonly threads: ThreadState;
  readonly ldt: LdtState;
  readonly process: ReturnType<ProcessInfo['save']>;
  readonly clockSleptNs: string;
  readonly timers: IntervalTimersState;
  readonly random: readonly [number, number, number, number];
  readonly calls: [string, number][];
  readonly unknown: [number, number][];
  /** Open disk files and the working directory. */
  readonly fsCalls: FsCallsState;
}

export class LinuxKernel {
  readonly stats: KernelStats = { calls: new Map(), unknown: new Map() };
  private memoryMap: ProcessMemory;
  private files: FileCalls;
  private fsCalls: FsCalls;
  /** The cycle of the call being handled: the disk stamps files with the virtual time it gives. */
  private cycle = 0n;
  private signals: Signals;
  private threads: ThreadCalls;
  private ldt: LdtCalls;
  private process: ProcessInfo;
  private clock: VirtualClock;
  private timers: IntervalTimers;
  private random: Prng;
  private readonly handlers: ReadonlyMap<number, Handler>;

  constructor(private readonly options: KernelOptions) {
    if (options.memoryLimitBytes !== undefined && !(options.memoryLimitBytes >= 0)) {
      throw new RangeError(`memoryLimitBytes must be a non-negative number, got ${options.memoryLimitBytes}`);
    }
    this.memoryMap = new ProcessMemory(options.brkStart, options.memoryLimitBytes ?? Infinity);
    this.signals = new Signals();
    this.files = new FileCalls(this.fileOptions(), new FdTable(), this.signals);
    this.threads = new ThreadCalls();
    this.ldt = new LdtCalls();
    this.process = new ProcessInfo();
    this.clock = new VirtualClock();
    this.timers = new IntervalTimers(this.clock);
    this.random = Prng.forStream(options.seed, GETRANDOM_STREAM);
    this.fsCalls = this.newFsCalls();
    options.disk?.setClock(() => this.realtimeMs());
    this.handlers = new Map(Object.entries(this.buildHandlers()).map(([name, h]) => [NR[name as SyscallName], h]));
  }

  /** The virtual wall clock at the call being handled, in milliseconds. */
  private realtimeMs(): number {
    return Number(this.clock.now(CLOCK_REALTIME, this.cycle)! / 1_000_000n);
  }

  private newFsCalls(state?: FsCallsState): FsCalls {
    return new FsCalls(
      { disk: this.options.disk, randomBytes: (n) => this.random.nextBytes(n), umask: () => this.process.currentUmask },
      this.files.fds,
      state,
    );
  }

  private fileOptions() {
    const { stdin, stdout, stderr, exePath } = this.options;
    const isTty = this.options.isTty ?? (() => false);
    return { stdin, stdout, stderr, exePath, isTty };
  }

  /** The current program break (for reports and tests). */
  get programBreak(): number {
    return this.memoryMap.currentBreak;
  }

  /** Bytes the guest holds through brk and mmap. */
  get heapBytes(): number {
    return this.memoryMap.mappedBytes;
  }

  syscall(nr: number, args: readonly number[], ctx: SyscallContext): SyscallOutcome {
    const name = syscallName(nr);
    this.stats.calls.set(name, (this.stats.calls.get(name) ?? 0) + 1);
    const handler = this.handlers.get(nr);
    if (!handler) {
      this.stats.unknown.set(nr, (this.stats.unknown.get(nr) ?? 0) + 1);
      return { kind: 'return', value: -ENOSYS >>> 0 };
    }
    const a = Array.from({ length: 6 }, (_, i) => (args[i] ?? 0) >>> 0);
    this.cycle = ctx.cycle;
    let result: number | SyscallOutcome;
    try {
      result = handler(a, new GuestAccess(ctx.memory), ctx);
    } catch (error) {
      if (error instanceof GuestFault) result = -EFAULT;
      else if (error instanceof GuestOutOfMemory) result = -ENOMEM; // e.g. madvise re-mapping pages
      else throw error;
    }
    return this.returnToUser(typeof result === 'number' ? { kind: 'return', value: result >>> 0 } : result, ctx);
  }

  /**
   * What happens on the way back to user mode: timers due by now fire, and
   * pending signals are acted on (a handler's frame built with the call's
   * result in EAX, or the process killed). Without a CPU in the context
   * (the unit tests' harness) only the signals that kill are acted on.
   */
  private returnToUser(outcome: SyscallOutcome, ctx: SyscallContext): SyscallOutcome {
    if (outcome.kind !== 'return' && outcome.kind !== 'resume') return outcome;
    for (const sig of this.timers.expire(ctx.cycle)) this.signals.send(sig);
    let result: SyscallOutcome | undefined;
    if (this.signals.hasDeliverable) {
      if (ctx.cpu) {
        if (outcome.kind === 'return') ctx.cpu.setRegisters({ eax: outcome.value });
        result = deliverPending(this.signals, ctx.cpu, new GuestAccess(ctx.memory)) ?? { kind: 'resume' };
      } else {
        result = this.killingSignal();
      }
    }
    // A sleep with a temporary mask that ran no handler puts the mask back (restore_saved_sigmask).
    if (this.signals.savedMask !== null) {
      this.signals.setBlocked(this.signals.savedMask);
      this.signals.savedMask = null;
    }
    return result ?? outcome;
  }

  /** The first pending signal that would be acted on, if its action is to kill (nothing is delivered). */
  private killingSignal(): SyscallOutcome | undefined {
    for (let next = this.signals.dequeue(); next; next = this.signals.dequeue()) {
      if (this.signals.ignores(next.sig)) continue;
      if (this.signals.action(next.sig).handler === SIG_DFL) return killedBy(next.sig);
      this.signals.send(next.sig, next.info); // a handler: it stays pending for a machine to deliver
      return undefined;
    }
    return undefined;
  }

  /** The next cycle at which an interval timer fires: the machine stops there and calls timerDue. */
  nextTimerCycle(cycle: bigint): bigint | undefined {
    return this.timers.nextCycle(cycle);
  }

  /** A timer's cycle has come: its signal is sent and acted on, as on the next return to user mode. */
  timerDue(ctx: SyscallContext): SyscallOutcome {
    this.cycle = ctx.cycle;
    return this.returnToUser({ kind: 'resume' }, ctx);
  }

  /**
   * The CPU raised a fault in user mode. `kills`: no handler will run (none
   * installed, or the fault was blocked or ignored and so forced back to the
   * default), and the machine ends the process with its own report of the
   * fault; otherwise the handler's frame is set up (or the process ended,
   * if that failed).
   */
  fault(fault: UserFault, ctx: SyscallContext): 'kills' | SyscallOutcome {
    this.cycle = ctx.cycle;
    forceFault(this.signals, fault);
    if (faultKills(this.signals, fault.sig)) return 'kills';
    return this.returnToUser({ kind: 'resume' }, ctx);
  }

  /** When a sleep ends early: ITIMER_REAL's expiry, if its SIGALRM would be acted on (not blocked, not ignored). */
  private sleepWake(): bigint | undefined {
    return this.signals.wouldAct(SIGALRM) ? this.timers.realExpiryNs : undefined;
  }

  /** rt_sigsuspend and pause: wait, with `mask` blocked meanwhile, until a signal is acted on. */
  private suspend(ctx: SyscallContext, mask: bigint | null): number | SyscallOutcome {
    if (mask !== null) {
      this.signals.savedMask = this.signals.blockedMask;
      this.signals.setBlocked(mask);
    }
    for (;;) {
      for (const sig of this.timers.expire(ctx.cycle)) this.signals.send(sig);
      this.signals.dropIgnored();
      if (this.signals.hasDeliverable) return -EINTR;
      // Only ITIMER_REAL can end the wait, and only if its SIGALRM would be acted on.
      const wake = this.signals.wouldAct(SIGALRM) ? this.timers.realExpiryNs : undefined;
      if (wake === undefined) {
        return { kind: 'blocked', reason: `the guest waits for a signal in ${mask === null ? 'pause' : 'rt_sigsuspend'} and none can come (no ITIMER_REAL or alarm armed whose SIGALRM would be taken)` };
      }
      this.clock.sleep(wake - this.clock.now(CLOCK_MONOTONIC, ctx.cycle)!, ctx.cycle);
    }
  }

  save(): KernelState {
    return {
      memory: this.memoryMap.save(),
      fds: this.files.fds.save(),
      termios: [...this.files.termios],
      signals: this.signals.save(),
      threads: this.threads.save(),
      ldt: this.ldt.save(),
      process: this.process.save(),
      clockSleptNs: this.clock.save(),
      timers: this.timers.save(),
      random: this.random.state(),
      calls: [...this.stats.calls],
      unknown: [...this.stats.unknown],
      fsCalls: this.fsCalls.save(),
    };
  }

  /** Put the kernel back in a saved state (the host streams stay those of this kernel's options). */
  restore(state: KernelState): void {
    this.memoryMap = new ProcessMemory(state.memory.brkStart, this.options.memoryLimitBytes ?? Infinity, state.memory);
    this.signals = new Signals(state.signals);
    this.files = new FileCalls(this.fileOptions(), new FdTable(state.fds), this.signals, Uint8Array.from(state.termios));
    this.threads = new ThreadCalls(state.threads);
    this.ldt = new LdtCalls(state.ldt);
    this.process = new ProcessInfo(state.process);
    this.clock = new VirtualClock(BigInt(state.clockSleptNs));
    this.timers = new IntervalTimers(this.clock, state.timers);
    this.random = Prng.fromState(state.random);
    // Open disk files come back with their handles: the disk device (restored first) reopened them in its file system.
    this.fsCalls = this.newFsCalls(state.fsCalls);
    this.stats.calls.clear();
    for (const [k, v] of state.calls) this.stats.calls.set(k, v);
    this.stats.unknown.clear();
    for (const [k, v] of state.unknown) this.stats.unknown.set(k, v);
  }

  /** The handlers by call name; `a` holds EBX, ECX, EDX, ESI, EDI, EBP as u32. */
  private buildHandlers(): Partial<Record<SyscallName, Handler>> {
    const id = (value: number): Handler => () => value;
    const exit: Handler = (a) => ({ kind: 'exit', status: a[0] & 0xff });
    const pathAt: Handler = (a, m) => this.files.pathLookup(m, a[1]);
    // A call on a descriptor goes to FsCalls when the descriptor is a disk file or /dev node.
    const onFd = (fs: Handler, streams: Handler): Handler => (a, m, ctx) => (this.fsCalls.owns(a[0] | 0) ? fs : streams)(a, m, ctx);
    const collecting = (result: number): number => {
      this.fsCalls.collect();
      return result;
    };
    // fstatat64/statx with AT_EMPTY_PATH on a host stream keep FileCalls' answer.
    const streamAt = (dirfd: number, pointer: number, flags: number, m: GuestAccess): boolean =>
      (flags & AT_EMPTY_PATH) !== 0 && (dirfd | 0) !== AT_FDCWD && !this.fsCalls.owns(dirfd | 0) && this.files.fds.isOpen(dirfd | 0) && m.cString(pointer, 1)?.length === 0;
    // readlink: /proc/self/exe is FileCalls' whether or not a disk is there.
    const orStream = (fs: number, streams: () => number): number => (fs === -ENOENT ? streams() : fs);
    return {
      // Process lifetime and signals.
      exit,
      exit_group: exit,
      kill: (a) => this.signals.kill(a[0], a[1] | 0),
      tkill: (a) => this.signals.tkill(a[0], a[1] | 0),
      tgkill: (a) => this.signals.tgkill(a[0], a[1], a[2] | 0),
      rt_sigaction: (a, m) => this.signals.rtSigaction(m, a[0] | 0, a[1], a[2], a[3]),
      sigaction: (a, m) => this.signals.oldSigaction(m, a[0] | 0, a[1], a[2]),
      signal: (a) => this.signals.signal(a[0] | 0, a[1]),
      rt_sigprocmask: (a, m) => this.signals.rtSigprocmask(m, a[0] | 0, a[1], a[2], a[3]),
      sigprocmask: (a, m) => this.signals.oldSigprocmask(m, a[0] | 0, a[1], a[2]),
      sigaltstack: (a, m, ctx) => this.signals.sigaltstack(m, a[0], a[1], ctx.cpu?.registers().esp ?? 0),
      rt_sigpending: (a, m) => this.signals.sigpending(m, a[0], a[1]),
      sigpending: (a, m) => this.signals.sigpending(m, a[0], 4),
      rt_sigsuspend: (a, m, ctx) => (a[1] !== 8 ? -EINVAL : this.suspend(ctx, m.view(a[0], 8).getBigUint64(0, true))),
      // The old call takes a 32-bit mask and, as Linux's siginitset, leaves the rest of the set empty.
      sigsuspend: (a, _m, ctx) => this.suspend(ctx, BigInt(a[2])),
      pause: (_a, _m, ctx) => this.suspend(ctx, null),
      rt_sigreturn: (_a, m, ctx) => (ctx.cpu ? sigreturn(this.signals, ctx.cpu, m, true) : -ENOSYS),
      sigreturn: (_a, m, ctx) => (ctx.cpu ? sigreturn(this.signals, ctx.cpu, m, false) : -ENOSYS),
      alarm: (a, _m, ctx) => this.timers.alarm(ctx.cycle, a[0]),
      setitimer: (a, m, ctx) => this.timers.setitimer(m, ctx.cycle, a[0] | 0, a[1], a[2]),
      getitimer: (a, m, ctx) => this.timers.getitimer(m, ctx.cycle, a[0] | 0, a[1]),

      // Memory.
      brk: (a, _m, ctx) => this.memoryMap.brkCall(ctx.memory, a[0]),
      mmap2: (a, _m, ctx) => this.mmap(ctx, a[0], a[1], a[2], a[3], a[4], a[5] * PAGE_SIZE),
      mmap: (a, m, ctx) => {
        const [addr, length, prot, flags, fd, offset] = readOldMmapArgs(m, a[0]);
        return this.mmap(ctx, addr, length, prot, flags, fd, offset);
      },
      munmap: (a, _m, ctx) => this.memoryMap.munmap(ctx.memory, a[0], a[1]),
      mremap: (a, _m, ctx) => this.memoryMap.mremap(ctx.memory, a[0], a[1], a[2], a[3]),
      mprotect: (a, _m, ctx) => this.memoryMap.mprotect(ctx.memory, a[0], a[1], a[2]),
      madvise: (a, _m, ctx) => this.memoryMap.madvise(ctx.memory, a[0], a[1], a[2]),

      // Threads and TLS.
      set_thread_area: (a, m, ctx) => this.threads.setThreadArea(m, ctx, a[0]),
      modify_ldt: (a, m, ctx) => this.ldt.modifyLdt(m, ctx, a[0] | 0, a[1], a[2]),
      get_thread_area: (a, m) => this.threads.getThreadArea(m, a[0]),
      set_tid_address: (a) => this.threads.setTidAddress(a[0]),
      set_robust_list: (a) => this.threads.setRobustList(a[0], a[1]),
      // glibc registers rseq when the kernel has it and carries on without it.
      rseq: id(-ENOSYS),

      // Files and I/O: host streams (FileCalls) or disk files and /dev nodes (FsCalls).
      read: onFd((a, m) => this.fsCalls.read(m, a[0] | 0, a[1], a[2]), (a, m) => this.files.read(m, a[0] | 0, a[1], a[2])),
      write: onFd((a, m) => this.fsCalls.write(m, a[0] | 0, a[1], a[2]), (a, m) => this.files.write(m, a[0] | 0, a[1], a[2])),
      readv: onFd((a, m) => this.fsCalls.vector(m, a[0] | 0, a[1], a[2], false), (a, m) => this.files.readv(m, a[0] | 0, a[1], a[2])),
      writev: onFd((a, m) => this.fsCalls.vector(m, a[0] | 0, a[1], a[2], true), (a, m) => this.files.writev(m, a[0] | 0, a[1], a[2])),
      pread64: onFd(
        (a, m) => this.fsCalls.positional(a[0] | 0) ?? this.fsCalls.read(m, a[0] | 0, a[1], a[2], offset64(a[3], a[4])),
        (a) => this.files.seek(a[0] | 0, 'read'),
      ),
      pwrite64: onFd(
        (a, m) => this.fsCalls.positional(a[0] | 0) ?? this.fsCalls.write(m, a[0] | 0, a[1], a[2], offset64(a[3], a[4])),
        (a) => this.files.seek(a[0] | 0, 'write'),
      ),
      lseek: onFd((a, m) => this.fsCalls.lseek(m, a[0] | 0, a[1] | 0, a[2]), (a) => this.files.seek(a[0] | 0)),
      _llseek: onFd((a, m) => this.fsCalls.lseek(m, a[0] | 0, offset64(a[2], a[1]), a[4], a[3]), (a) => this.files.seek(a[0] | 0)),
      close: (a) => collecting(this.files.close(a[0] | 0)),
      dup: (a) => this.files.dup(a[0] | 0),
      dup2: (a) => collecting(this.files.dup2(a[0] | 0, a[1] | 0)),
      dup3: (a) => collecting(this.files.dup3(a[0] | 0, a[1] | 0, a[2])),
      fcntl: (a) => this.fsCalls.fcntl(a[0] | 0, a[1], a[2]) ?? this.files.fcntl(a[0] | 0, a[1], a[2]),
      fcntl64: (a) => this.fsCalls.fcntl(a[0] | 0, a[1], a[2]) ?? this.files.fcntl(a[0] | 0, a[1], a[2]),
      ioctl: onFd((a) => this.fsCalls.ioctl(a[0] | 0), (a, m) => this.files.ioctl(m, a[0] | 0, a[1], a[2])),
      fstat: onFd((a, m) => this.fsCalls.fstat(m, a[0] | 0, a[1], 'stat'), (a, m) => this.files.fstat(m, a[0] | 0, a[1], 'stat')),
      fstat64: onFd((a, m) => this.fsCalls.fstat(m, a[0] | 0, a[1], 'stat64'), (a, m) => this.files.fstat(m, a[0] | 0, a[1], 'stat64')),
      fstatat64: (a, m) =>
        a[3] & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH) ? -EINVAL : streamAt(a[0], a[1], a[3], m) ? this.files.fstatat64(m, a[0], a[1], a[2], a[3]) : this.fsCalls.statAt(m, a[0], a[1], a[3], a[2], 'stat64'),
      statx: (a, m) =>
        !statxFlagsValid(a[2], a[3]) ? -EINVAL : streamAt(a[0], a[1], a[2], m) ? this.files.statx(m, a[0], a[1], a[2], a[3], a[4]) : this.fsCalls.statAt(m, a[0], a[1], a[2], a[4], 'statx'),
      stat: (a, m) => this.fsCalls.statAt(m, AT_FDCWD, a[0], 0, a[1], 'stat'),
      lstat: (a, m) => this.fsCalls.statAt(m, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW, a[1], 'stat'),
      stat64: (a, m) => this.fsCalls.statAt(m, AT_FDCWD, a[0], 0, a[1], 'stat64'),
      lstat64: (a, m) => this.fsCalls.statAt(m, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW, a[1], 'stat64'),
      open: (a, m) => this.fsCalls.openat(m, AT_FDCWD, a[0], a[1], a[2]),
      openat: (a, m) => this.fsCalls.openat(m, a[0], a[1], a[2], a[3]),
      creat: (a, m) => this.fsCalls.openat(m, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]),
      openat2: pathAt,
      access: (a, m) => this.fsCalls.faccessat(m, AT_FDCWD, a[0], a[1]),
      faccessat: (a, m) => this.fsCalls.faccessat(m, a[0], a[1], a[2]),
      faccessat2: (a, m) => this.fsCalls.faccessat(m, a[0], a[1], a[2]),
      readlink: (a, m) => orStream(this.fsCalls.readlinkat(m, AT_FDCWD, a[0], a[1], a[2]), () => this.files.readlink(m, a[0], a[1], a[2])),
      readlinkat: (a, m) => orStream(this.fsCalls.readlinkat(m, a[0], a[1], a[2], a[3]), () => this.files.readlink(m, a[1], a[2], a[3])),
      getdents64: (a, m) => this.fsCalls.getdents64(m, a[0] | 0, a[1], a[2]),
      mkdir: (a, m) => this.fsCalls.mkdirat(m, AT_FDCWD, a[0], a[1]),
      mkdirat: (a, m) => this.fsCalls.mkdirat(m, a[0], a[1], a[2]),
      rmdir: (a, m) => this.fsCalls.unlinkat(m, AT_FDCWD, a[0], AT_REMOVEDIR),
      unlink: (a, m) => this.fsCalls.unlinkat(m, AT_FDCWD, a[0], 0),
      unlinkat: (a, m) => this.fsCalls.unlinkat(m, a[0], a[1], a[2]),
      rename: (a, m) => this.fsCalls.renameat(m, AT_FDCWD, a[0], AT_FDCWD, a[1], 0),
      renameat: (a, m) => this.fsCalls.renameat(m, a[0], a[1], a[2], a[3], 0),
      renameat2: (a, m) => this.fsCalls.renameat(m, a[0], a[1], a[2], a[3], a[4]),
      link: (a, m) => this.fsCalls.linkat(m, AT_FDCWD, a[0], AT_FDCWD, a[1]),
      linkat: (a, m) => this.fsCalls.linkat(m, a[0], a[1], a[2], a[3]),
      symlink: (a, m) => this.fsCalls.symlinkat(m, a[0], AT_FDCWD, a[1]),
      symlinkat: (a, m) => this.fsCalls.symlinkat(m, a[0], a[1], a[2]),
      truncate: (a, m) => this.fsCalls.truncate(m, { pointer: a[0] }, a[1] | 0),
      ftruncate: (a, m) => this.fsCalls.truncate(m, { fd: a[0] | 0 }, a[1] | 0),
      truncate64: (a, m) => this.fsCalls.truncate(m, { pointer: a[0] }, offset64(a[1], a[2])),
      ftruncate64: (a, m) => this.fsCalls.truncate(m, { fd: a[0] | 0 }, offset64(a[1], a[2])),
      fsync: onFd((a) => this.fsCalls.fsync(a[0] | 0), (a) => (this.files.fds.isOpen(a[0] | 0) ? -EINVAL : -EBADF)),
      fdatasync: onFd((a) => this.fsCalls.fsync(a[0] | 0), (a) => (this.files.fds.isOpen(a[0] | 0) ? -EINVAL : -EBADF)),
      chdir: (a, m) => this.fsCalls.chdir(m, { pointer: a[0] }),
      fchdir: onFd((a, m) => this.fsCalls.chdir(m, { fd: a[0] | 0 }), (a) => (this.files.fds.isOpen(a[0] | 0) ? -ENOTDIR : -EBADF)),
      getcwd: (a, m) => this.fsCalls.getcwd(m, a[0], a[1]),
      chmod: (a, m) => this.fsCalls.fchmodat(m, { dirfd: AT_FDCWD, pointer: a[0] }, a[1]),
      fchmodat: (a, m) => this.fsCalls.fchmodat(m, { dirfd: a[0], pointer: a[1] }, a[2]),
      fchmod: onFd((a, m) => this.fsCalls.fchmodat(m, { fd: a[0] | 0 }, a[1]), (a) => (this.files.fds.isOpen(a[0] | 0) ? 0 : -EBADF)),
      utimensat: (a, m) => this.fsCalls.utimensat(m, a[0], a[1], a[2], a[3], this.realtimeMs(), false),
      utimensat_time64: (a, m) => this.fsCalls.utimensat(m, a[0], a[1], a[2], a[3], this.realtimeMs(), true),
      statfs64: (a, m) => this.fsCalls.statfs(m, { pointer: a[0] }, a[1], a[2]),
      fstatfs64: (a, m) => this.fsCalls.statfs(m, { fd: a[0] | 0 }, a[1], a[2]),

      // Randomness.
      getrandom: (a, m) => this.getrandom(m, a[0], a[1], a[2]),

      // Time.
      clock_gettime: (a, m, ctx) => this.clock.clockGettime(m, ctx.cycle, a[0], a[1], false),
      clock_gettime64: (a, m, ctx) => this.clock.clockGettime(m, ctx.cycle, a[0], a[1], true),
      clock_getres: (a, m) => this.clock.clockGetres(m, a[0], a[1], false),
      clock_getres_time64: (a, m) => this.clock.clockGetres(m, a[0], a[1], true),
      gettimeofday: (a, m, ctx) => this.clock.gettimeofday(m, ctx.cycle, a[0], a[1]),
      time: (a, m, ctx) => this.clock.time(m, ctx.cycle, a[0]),
      times: (a, m, ctx) => this.clock.times(m, ctx.cycle, a[0]),
      // A sleep ends early when ITIMER_REAL fires during it (its SIGALRM then acts on the way out).
      nanosleep: (a, m, ctx) => this.clock.nanosleep(m, ctx.cycle, a[0], a[1], this.sleepWake()),
      clock_nanosleep: (a, m, ctx) => this.clock.clockNanosleep(m, ctx.cycle, a[0], a[1], a[2], false, a[3], this.sleepWake()),
      clock_nanosleep_time64: (a, m, ctx) => this.clock.clockNanosleep(m, ctx.cycle, a[0], a[1], a[2], true, a[3], this.sleepWake()),

      // Identity and process information.
      getpid: id(GUEST_PID),
      gettid: id(GUEST_TID),
      getppid: id(GUEST_PPID),
      getpgrp: id(GUEST_PID),
      getpgid: (a) => this.process.processGroup(a[0]),
      getsid: (a) => this.process.processGroup(a[0]),
      getuid: id(GUEST_UID),
      geteuid: id(GUEST_UID),
      getgid: id(GUEST_GID),
      getegid: id(GUEST_GID),
      getuid32: id(GUEST_UID),
      geteuid32: id(GUEST_UID),
      getgid32: id(GUEST_GID),
      getegid32: id(GUEST_GID),
      getresuid: (a, m) => this.process.getres(m, a.slice(0, 3), GUEST_UID, 2),
      getresgid: (a, m) => this.process.getres(m, a.slice(0, 3), GUEST_GID, 2),
      getresuid32: (a, m) => this.process.getres(m, a.slice(0, 3), GUEST_UID, 4),
      getresgid32: (a, m) => this.process.getres(m, a.slice(0, 3), GUEST_GID, 4),
      umask: (a) => this.process.umask(a[0]),
      uname: (a, m) => this.process.uname(m, a[0]),
      sysinfo: (a, m, ctx) => this.process.sysinfo(m, a[0],
        Number(this.clock.now(CLOCK_MONOTONIC, ctx.cycle)! / 1_000_000_000n),
        this.options.memoryLimitBytes ?? DEFAULT_TOTAL_RAM, this.memoryMap.mappedBytes),
      sched_getaffinity: (a, m) => this.process.schedGetaffinity(m, a[0], a[1], a[2]),
      sched_yield: id(0),
      getrlimit: (a, m) => this.process.oldGetrlimit(m, a[0], a[1]),
      ugetrlimit: (a, m) => this.process.ugetrlimit(m, a[0], a[1]),
      setrlimit: (a, m) => this.process.setrlimit(m, a[0], a[1]),
      prlimit64: (a, m) => this.process.prlimit64(m, a[0], a[1], a[2], a[3]),
    };
  }

  private mmap(ctx: SyscallContext, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
    return this.memoryMap.mmap(ctx.memory, addr, length, prot, flags, fd | 0, offset, (n) => this.files.fds.isOpen(n));
  }

  /** getrandom(buf, count, flags): bytes from the seed's "getrandom" stream, never blocking. */
  private getrandom(access: GuestAccess, buffer: number, count: number, flags: number): number {
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return -EINVAL;
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) === (GRND_INSECURE | GRND_RANDOM)) return -EINVAL;
    const length = Math.min(count, GETRANDOM_MAX);
    if (access.mappedPrefix(buffer, length) < length) return -EFAULT; // checked first: no bytes drawn for nothing
    access.write(buffer, this.random.nextBytes(length));
    return length;
  }
}
