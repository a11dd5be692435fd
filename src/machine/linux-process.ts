/**
 * A Linux process on the machine: load a static ELF, build its initial stack,
 * and serve its `int 0x80` calls with the Linux layer. The registers the call
 * reads have just been compared across every online replica by the core; the
 * buffers it reads are voted by PhysicalMemory.read.
 */
import { parseElf, loadElf, type LoadedProgram } from '../elf';
import { LinuxKernel, buildInitialStack, type ByteSink, type ByteSource, type KernelState } from '../linux';
import type { Machine, ProcessOutcome, SyscallHandler } from './machine';
import type { SyscallContext, SignalCpu } from '../linux/kernel-types';
import type { UserFault } from '../linux/signal-delivery';
import { signalCpu } from './signal-cpu';
import type { GuestFileSystem } from '../disk/disk-fs';

export interface ProcessOptions {
  /** The program's name as the user gave it: AT_EXECFN, readlink(/proc/self/exe), error messages. */
  readonly path: string;
  /** The ELF executable's bytes. */
  readonly image: Uint8Array;
  /** argv, argv[0] included; passed byte-exact. */
  readonly argv: readonly (string | Uint8Array)[];
  /** The guest's environment ("NAME=value"); empty unless the user passes some. */
  readonly env?: readonly string[];
  /** Seeds AT_RANDOM and getrandom. */
  readonly seed?: bigint;
  readonly stdin: ByteSource;
  readonly stdout: ByteSink;
  readonly stderr: ByteSink;
  readonly isTty?: (fd: number) => boolean;
  /** The guest's root file system (`--disk`): the machine's disk device mounted. */
  readonly disk?: GuestFileSystem;
}

export class LinuxProcess implements SyscallHandler {
  readonly kernel: LinuxKernel;
  readonly program: LoadedProgram;
  private readonly cpu: SignalCpu;

  constructor(private readonly machine: Machine, options: ProcessOptions) {
    const image = parseElf(options.image, options.path);
    this.program = loadElf(image, machine.memory);
    const seed = options.seed ?? 0n;
    const stack = buildInitialStack(machine.memory, {
      argv: options.argv,
      envp: options.env ?? [],
      execFn: options.path,
      program: this.program,
      seed,
    });
    this.kernel = new LinuxKernel({
      seed,
      stdin: options.stdin,
      stdout: options.stdout,
      stderr: options.stderr,
      brkStart: this.program.brkStart,
      isTty: options.isTty,
      exePath: options.path,
      disk: options.disk,
    });
    this.cpu = signalCpu(machine);
    machine.setRegister('eip', this.program.entry);
    machine.setRegister('esp', stack.esp);
    machine.syscallHandler = this;
  }

  save(): LinuxProcessState {
    return { kernel: this.kernel.save() };
  }

  restore(state: unknown): void {
    this.kernel.restore((state as LinuxProcessState).kernel);
  }

  syscall(machine: Machine): ProcessOutcome {
    // The call's number and arguments only: reading EFLAGS would fold every replica's lazy flags.
    const reg = (name: 'eax' | 'ebx' | 'ecx' | 'edx' | 'esi' | 'edi' | 'ebp') => machine.getRegister(name);
    return this.kernel.syscall(reg('eax'), [reg('ebx'), reg('ecx'), reg('edx'), reg('esi'), reg('edi'), reg('ebp')], this.context(machine));
  }

  fault(machine: Machine, fault: UserFault): 'kills' | ProcessOutcome {
    return this.kernel.fault(fault, this.context(machine));
  }

  nextTimerCycle(cycle: bigint): bigint | undefined {
    return this.kernel.nextTimerCycle(cycle);
  }

  timerDue(machine: Machine): ProcessOutcome {
    return this.kernel.timerDue(this.context(machine));
  }

  private context(machine: Machine): SyscallContext {
    return {
      memory: machine.memory,
      cycle: machine.cycle,
      setDescriptor: (table, entry, descriptor) => machine.setSegmentDescriptor(table, entry, descriptor),
      cpu: this.cpu,
    };
  }
}

export interface LinuxProcessState {
  readonly kernel: KernelState;
}

/** Create the process on a machine; returns it for its kernel statistics. */
export function startProcess(machine: Machine, options: ProcessOptions): LinuxProcess {
  return new LinuxProcess(machine, options);
}
