/** The Linux i386 process environment: initial stack, system calls, host streams. */
export { LinuxKernel, GETRANDOM_STREAM, type KernelStats, type KernelState } from './kernel';
export {
  HostIoError, type ByteSink, type ByteSource, type KernelOptions, type SyscallContext, type SyscallOutcome,
} from './kernel-types';
export { buildInitialStack, AUXV_RANDOM_STREAM, CLOCK_TICKS_PER_SECOND, type InitialStack, type InitialStackOptions } from './initial-stack';
export { HostFdSink, HostFdSource, hostStdio } from './host-io';
export { BytesSource, CollectingSink } from './byte-streams';
export { DEFAULT_STACK_SIZE, MIN_MAP_ADDRESS, MMAP_BASE, STACK_TOP, TASK_SIZE } from './address-space';
export { VIRTUAL_CLOCK_HZ, VIRTUAL_EPOCH_SECONDS } from './time-calls';
export { GDT_ENTRY_TLS_MAX, GDT_ENTRY_TLS_MIN } from './tls-calls';
export { NR, syscallName, type SyscallName } from './syscall-numbers';
export * as errno from './errno';
export * from './process-identity';
