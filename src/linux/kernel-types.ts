/**
 * The contract between the Linux layer and the machine that hosts it. The
 * machine stops the core on `int 0x80`, votes the registers and the memory the
 * call reads, calls LinuxKernel.syscall once, and writes the result back into
 * every chassis.
 */
import type { GuestMemory } from '../machine/guest-memory';
import type { GuestFileSystem } from '../disk/disk-fs';
import type { SegmentDescriptor } from './descriptors';
import type { UserRegisters } from './signal-frame';

/**
 * The task's user-mode CPU state, for signal frames and sigreturn: the
 * machine reads it from its reference replica and writes it to every one.
 */
export interface SignalCpu {
  registers(): UserRegisters;
  /** Set these registers; false if a selector cannot be loaded (nothing is changed then). */
  setRegisters(regs: Partial<UserRegisters>): boolean;
  /** The x87 state as fnsave stores it (108 bytes, 32-bit protected-mode layout); the FPU is then initialised. */
  saveFpu(): Uint8Array;
  /** frstor from an fnsave image, or initialise the FPU when null. */
  restoreFpu(image: Uint8Array | null): void;
}

export interface SyscallContext {
  /** Voted memory access: reads agree across chassis, writes reach all of them. */
  readonly memory: GuestMemory;
  /** The machine's cycle count: virtual time is derived from it. */
  readonly cycle: bigint;
  /**
   * Install a descriptor in the core's GDT (TLS entries 6..8) or the
   * process' LDT (which grows to hold the entry); a cleared entry is all zero.
   */
  setDescriptor(table: 'gdt' | 'ldt', entry: number, descriptor: SegmentDescriptor): void;
  /** The CPU, for the calls that deliver or return from signals; without it handlers stay pending. */
  readonly cpu?: SignalCpu;
}

/**
 * What the machine does next. `return`: put `value` in EAX (the u32 bit
 * pattern: -ENOSYS arrives as 0xffffffda) and resume. `resume`: the kernel
 * has set the registers itself (a signal handler's entry, sigreturn); resume.
 * `exit`: the process is over with this wait status byte; `signal` is set
 * when a signal killed it (status is then 128 + signal, as a shell reports
 * it). `blocked`: the process waits for a signal that can never come (the
 * machine stops rather than hang).
 */
export type SyscallOutcome =
  | { readonly kind: 'return'; readonly value: number }
  | { readonly kind: 'resume' }
  | { readonly kind: 'exit'; readonly status: number; readonly signal?: number }
  | { readonly kind: 'blocked'; readonly reason: string };

/** Where the guest's stdin comes from. */
export interface ByteSource {
  /**
   * Up to maxBytes bytes, blocking until at least one is available; an empty
   * array means end of file. May throw HostIoError.
   */
  read(maxBytes: number): Uint8Array;
}

/** Where the guest's stdout or stderr goes. write() takes every byte or throws HostIoError. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** A host I/O failure, carrying the Linux errno the guest should see (EPIPE raises SIGPIPE). */
export class HostIoError extends Error {
  constructor(readonly errno: number, message: string) {
    super(message);
    this.name = 'HostIoError';
  }
}

export interface KernelOptions {
  /** The run's seed: getrandom draws from its "getrandom" stream. */
  readonly seed: bigint;
  readonly stdin: ByteSource;
  readonly stdout: ByteSink;
  readonly stderr: ByteSink;
  /** Where the brk heap starts: LoadedProgram.brkStart. */
  readonly brkStart: number;
  /** Cap on the bytes the guest maps through brk, mmap and mremap (the heap); unlimited if absent. */
  readonly memoryLimitBytes?: number;
  /** Whether host fd 0, 1 or 2 is a terminal (fstat, ioctl TCGETS). Default: none is. */
  readonly isTty?: (fd: number) => boolean;
  /**
   * The program's path: readlink("/proc/self/exe") answers it, made absolute
   * against the host's working directory; -ENOENT if absent.
   */
  readonly exePath?: string;
  /** The guest's root file system (`ftvm run --disk`); without one, only /dev/null, /dev/zero and /dev/urandom exist. */
  readonly disk?: GuestFileSystem;
}
