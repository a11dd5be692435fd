/** Run a guest program through the library with captured stdio, as the tests need it. */
import { Machine, type MachineOptions } from '../../src/machine/machine';
import { startProcess, type LinuxProcess } from '../../src/machine/linux-process';
import { BytesSource, CollectingSink } from '../../src/linux';
import type { RunOutcome } from '../../src/machine/outcome';
import type { RunHooks } from '../../src/machine/machine';
import { readProgram } from '../../src/programs/read-program';

export interface GuestRun {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly status: number;
  readonly outcome: RunOutcome;
  readonly machine: Machine;
  readonly process: LinuxProcess;
}

export interface GuestRunOptions extends MachineOptions {
  readonly args?: readonly string[];
  readonly stdin?: string | Uint8Array;
  readonly seed?: bigint;
  readonly maxCycles?: number | bigint;
  /** Runs after the program is loaded, before the first cycle. */
  readonly prepare?: (machine: Machine) => void;
  readonly hooks?: RunHooks;
}

export function runGuest(path: string, options: GuestRunOptions = {}): GuestRun {
  const machine = new Machine(options);
  const stdout = new CollectingSink();
  const stderr = new CollectingSink();
  const stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array());
  const proc = startProcess(machine, {
    path,
    image: readProgram(path), // an ELF, or a .asm source assembled in memory
    argv: [path, ...(options.args ?? [])],
    seed: options.seed ?? 0n,
    stdin: new BytesSource(stdin),
    stdout,
    stderr,
  });
  options.prepare?.(machine);
  const outcome = machine.run({ maxCycles: options.maxCycles ?? 200_000_000 }, options.hooks);
  return {
    stdout: Buffer.from(stdout.bytes()),
    stderr: Buffer.from(stderr.bytes()),
    status: outcome.status,
    outcome,
    machine,
    process: proc,
  };
}
