/**
 * One complete run of a program with its stdin given and its stdout and
 * stderr captured: what the demo, `ftvm inject`, `ftvm bench` and the tests
 * all need, where `ftvm run` instead connects the host's own stdio.
 */
import { Machine, type MachineOptions, type RunHooks } from './machine';
import { startProcess, type LinuxProcess } from './linux-process';
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
  const stdout = new CollectingSink();
  const stderr = new CollectingSink();
  const process = startProcess(machine, {
    path: options.path,
    image: options.image,
    argv: [options.path, ...(options.args ?? [])],
    env: options.env,
    seed: options.seed ?? 0n,
    stdin: new BytesSource(options.stdin ?? new Uint8Array()),
    stdout,
    stderr,
  });
  const hooks = options.hooks?.(machine);
  const start = performance.now();
  const outcome = machine.run({ maxCycles: options.maxCycles }, hooks);
  const seconds = (performance.now() - start) / 1000;
  return { machine, process, outcome, stdout: Buffer.from(stdout.bytes()), stderr: Buffer.from(stderr.bytes()), seconds };
}
