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
import { EFAULT, EINVAL, ENOMEM, ENOSYS } from './errno';
import { FdTable, type FdTableState } from './fd-table';
import { FileCalls } from './file-calls';
import { GuestAccess } from './guest-access';
import type { KernelOptions, SyscallContext, SyscallOutcome } from './kernel-types';
import { ProcessMemory, readOldMmapArgs, type ProcessMemoryState } from './memory-calls';
import { DEFAULT_TOTAL_RAM, ProcessInfo } from './process-calls';
import { GUEST_GID, GUEST_PID, GUEST_PPID, GUEST_TID, GUEST_UID } from './process-identity';
import { Signals, type SignalState } from './signal-calls';
import { NR, syscallName, type SyscallName } from './syscall-numbers';
import { CLOCK_MONOTONIC, VirtualClock } from './time-calls';
import { ThreadCalls, type ThreadState } from './tls-calls';

/** The PRNG stream getrandom draws from (see Prng.forStream). */
export const GETRANDOM_STREAM = 'getrandom';

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
  readonly process: ReturnType<ProcessInfo['save']>;
  readonly clockSleptNs: string;
  readonly random: readonly [number, number, number, number];
  readonly calls: [string, number][];
  readonly unknown: [number, number][];
}

export class LinuxKernel {
  readonly stats: KernelStats = { calls: new Map(), unknown: new Map() };
  private memoryMap: ProcessMemory;
  private files: FileCalls;
  private signals: Signals;
  private threads: ThreadCalls;
  private process: ProcessInfo;
  private clock: VirtualClock;
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
    this.process = new ProcessInfo();
    this.clock = new VirtualClock();
    this.random = Prng.forStream(options.seed, GETRANDOM_STREAM);
    this.handlers = new Map(Object.entries(this.buildHandlers()).map(([name, h]) => [NR[name as SyscallName], h]));
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
    let result: number | SyscallOutcome;
    try {
      result = handler(a, new GuestAccess(ctx.memory), ctx);
    } catch (error) {
      if (error instanceof GuestFault) result = -EFAULT;
      else if (error instanceof GuestOutOfMemory) result = -ENOMEM; // e.g. madvise re-mapping pages
      else throw error;
    }
    return typeof result === 'number' ? { kind: 'return', value: result >>> 0 } : result;
  }

  save(): KernelState {
    return {
      memory: this.memoryMap.save(),
      fds: this.files.fds.save(),
      termios: [...this.files.termios],
      signals: this.signals.save(),
      threads: this.threads.save(),
      process: this.process.save(),
      clockSleptNs: this.clock.save(),
      random: this.random.state(),
      calls: [...this.stats.calls],
      unknown: [...this.stats.unknown],
    };
  }

  /** Put the kernel back in a saved state (the host streams stay those of this kernel's options). */
  restore(state: KernelState): void {
    this.memoryMap = new ProcessMemory(state.memory.brkStart, this.options.memoryLimitBytes ?? Infinity, state.memory);
    this.signals = new Signals(state.signals);
    this.files = new FileCalls(this.fileOptions(), new FdTable(state.fds), this.signals, Uint8Array.from(state.termios));
    this.threads = new ThreadCalls(state.threads);
    this.process = new ProcessInfo(state.process);
    this.clock = new VirtualClock(BigInt(state.clockSleptNs));
    this.random = Prng.fromState(state.random);
    this.stats.calls.clear();
    for (const [k, v] of state.calls) this.stats.calls.set(k, v);
    this.stats.unknown.clear();
    for (const [k, v] of state.unknown) this.stats.unknown.set(k, v);
  }

  /** The handlers by call name; `a` holds EBX, ECX, EDX, ESI, EDI, EBP as u32. */
  private buildHandlers(): Partial<Record<SyscallName, Handler>> {
    const id = (value: number): Handler => () => value;
    const exit: Handler = (a) => ({ kind: 'exit', status: a[0] & 0xff });
    const path: Handler = (a, m) => this.files.pathLookup(m, a[0]);
    const pathAt: Handler = (a, m) => this.files.pathLookup(m, a[1]);
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
      sigaltstack: (a, m) => this.signals.sigaltstack(m, a[0], a[1]),

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
      get_thread_area: (a, m) => this.threads.getThreadArea(m, a[0]),
      set_tid_address: (a) => this.threads.setTidAddress(a[0]),
      set_robust_list: (a) => this.threads.setRobustList(a[0], a[1]),
      // glibc registers rseq when the kernel has it and carries on without it.
      rseq: id(-ENOSYS),

      // Files and I/O.
      read: (a, m) => this.files.read(m, a[0] | 0, a[1], a[2]),
      write: (a, m) => this.files.write(m, a[0] | 0, a[1], a[2]),
      readv: (a, m) => this.files.readv(m, a[0] | 0, a[1], a[2]),
      writev: (a, m) => this.files.writev(m, a[0] | 0, a[1], a[2]),
      close: (a) => this.files.close(a[0] | 0),
      dup: (a) => this.files.dup(a[0] | 0),
      dup2: (a) => this.files.dup2(a[0] | 0, a[1] | 0),
      dup3: (a) => this.files.dup3(a[0] | 0, a[1] | 0, a[2]),
      fcntl: (a) => this.files.fcntl(a[0] | 0, a[1], a[2]),
      fcntl64: (a) => this.files.fcntl(a[0] | 0, a[1], a[2]),
      lseek: (a) => this.files.seek(a[0] | 0),
      _llseek: (a) => this.files.seek(a[0] | 0),
      pread64: (a) => this.files.seek(a[0] | 0, 'read'),
      pwrite64: (a) => this.files.seek(a[0] | 0, 'write'),
      ioctl: (a, m) => this.files.ioctl(m, a[0] | 0, a[1], a[2]),
      fstat: (a, m) => this.files.fstat(m, a[0] | 0, a[1], 'stat'),
      fstat64: (a, m) => this.files.fstat(m, a[0] | 0, a[1], 'stat64'),
      fstatat64: (a, m) => this.files.fstatat64(m, a[0], a[1], a[2], a[3]),
      statx: (a, m) => this.files.statx(m, a[0], a[1], a[2], a[3], a[4]),
      open: path,
      creat: path,
      access: path,
      stat: path,
      lstat: path,
      stat64: path,
      lstat64: path,
      openat: pathAt,
      openat2: pathAt,
      faccessat: pathAt,
      faccessat2: pathAt,
      readlink: (a, m) => this.files.readlink(m, a[0], a[1], a[2]),
      readlinkat: (a, m) => this.files.readlink(m, a[1], a[2], a[3]),

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
      nanosleep: (a, m) => this.clock.nanosleep(m, a[0]),
      clock_nanosleep: (a, m, ctx) => this.clock.clockNanosleep(m, ctx.cycle, a[0], a[1], a[2], false),
      clock_nanosleep_time64: (a, m, ctx) => this.clock.clockNanosleep(m, ctx.cycle, a[0], a[1], a[2], true),

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
