/**
 * ftvm's library API: an embeddable fault-tolerant IA-32 machine.
 *
 *   const machine = new Machine({ topology: 'pair-spare' });
 *   startProcess(machine, { path, image, argv, stdin, stdout, stderr });
 *   const outcome = machine.run({ maxCycles: 10_000_000 });
 */
export { Machine, combineHooks, type MachineOptions, type MachineSnapshot, type RunLimits, type RunHooks, type SyscallHandler } from './machine/machine';
export { ParallelMachine, DEFAULT_SYNC_INTERVAL, type ParallelMachineOptions, type ParallelRunLimits } from './parallel/parallel-machine';
export { createEngine, OneThreadEngine, ThreadedEngine, type Engine, type EngineOptions, type EngineLimits, type StatsInput, type TranslationSummary } from './engine';
export { startProcess, LinuxProcess, type ProcessOptions } from './machine/linux-process';
export { resolveTopology, parseTopologyWithEngine, interpretedTwin, TOPOLOGY_PRESETS, type Topology, type TopologyName } from './machine/topology';
export { REGISTER_NAMES, type RegisterName, type Registers } from './machine/registers';
export type { MachineEvent, MachineEventType } from './machine/events';
export type { RunOutcome, GuestSignal } from './machine/outcome';
export type { GuestMemory } from './machine/guest-memory';
export { BytesSource, CollectingSink, type ByteSink, type ByteSource } from './linux';
export { UserError } from './errors';
export { parseFault, parseFaultList } from './faults/fault-schema';
export { describeFault, type Fault, type RegisterFault, type ChassisFault, type MemoryFault, type DimmFault } from './faults/fault';
export { FaultInjector } from './faults/injector';
export { Resyncer, memoryDigest, type ResyncReport } from './lockstep/resync';
export { EccMemory, type EccOptions, type EccMode, type EccState } from './ecc/ecc-memory';
export { assemble, assembleFile, type AssembleOptions, type AssembleResult } from './assembler';
export * from './campaign';
