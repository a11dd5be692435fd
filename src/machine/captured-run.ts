/**
 * One complete run of a program with its stdin given and its stdout and
 * stderr captured: what the demo, `ftvm inject`, `ftvm bench` and the tests
 * all need, where `ftvm run` instead connects the host's own stdio.
 */
import { Machine, type MachineOptions, type RunHooks } from './machine';
import { startProcess, type LinuxProcess, type ProcessOptions } from './linux-process';
import { ParallelMachine, type ParallelMachineOptions } from '../parallel/parallel-machine';
import { BytesSource, CollectingSink } from '../linux';
import type { RunOutcome } from './outcome';

export interface CapturedRunOptions extends MachineOptions {
  /** The program's name (argv[0], AT_EXECFN) and its ELF bytes. */
  readonly path: string;
  readonly image: Uint8Array;
  readonly args?: readonly string[];
  readonly env?: readonly string[];
  readonly seed?: bigint;
  readonly stdin?: Uint8Array;
  readonly maxCycles?: bigint | number;
  /** Hooks for this machine (fault injection, repair), made once it exists and the program is loaded. */
  readonly hooks?: (machine: Machine) => RunHooks;
}

export interface CapturedRun {
  readonly machine: Machine;
  readonly process: LinuxProcess;
  readonly outcome: RunOutcome;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Wall time of machine.run alone (loading excluded). */
  readonly seconds: number;
}

export function runCaptured(options: CapturedRunOptions): CapturedRun {
  const machine = new Machine(options);
  const io = capturedStdio(options);
  const process = startProcess(machine, io.program);
  const hooks = options.hooks?.(machine);
  const start = performance.now();
  const outcome = machine.run({ maxCycles: options.maxCycles }, hooks);
  const seconds = (performance.now() - start) / 1000;
  return { machine, process, outcome, ...io.captured(), seconds };
}

export interface CapturedParallelRun {
  readonly machine: ParallelMachine;
  readonly outcome: RunOutcome;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Wall time of the run alone (starting the workers and loading excluded). */
  readonly seconds: number;
}

/** The same with each chassis on its own worker thread (faults and repairs come in the options). */
export function runCapturedParallel(options: Omit<CapturedRunOptions, 'hooks'> & ParallelMachineOptions): CapturedParallelRun {
  const machine = new ParallelMachine(options);
  const io = capturedStdio(options);
  machine.load(io.program, { maxCycles: options.maxCycles });
  const start = performance.now();
  const outcome = machine.run();
  const seconds = (performance.now() - start) / 1000;
  return { machine, outcome, ...io.captured(), seconds };
}

/** The program with its stdin given and stdout/stderr collected. */
function capturedStdio(options: CapturedRunOptions) {
  const stdout = new CollectingSink();
  const stderr = new CollectingSink();
  const program: ProcessOptions = {
    path: options.path,
    image: options.image,
    argv: [options.path, ...(options.args ?? [])],
    env: options.env,
    seed: options.seed ?? 0n,
    stdin: new BytesSource(options.stdin ?? new Uint8Array()),
    stdout,
    stderr,
  };
  return { program, captured: () => ({ stdout: Buffer.from(stdout.bytes()), stderr: Buffer.from(stderr.bytes()) }) };
}
