/**
 * One complete run of a program with its stdin given and its stdout and
 * stderr captured: what the demo, `ftvm inject`, `ftvm bench` and the tests
 * all need, where `ftvm run` instead connects the host's own stdio. One code
 * path for both placements: the engine (src/engine).
 */
import type { Machine, RunHooks } from './machine';
import type { LinuxProcess, ProcessOptions } from './linux-process';
import { createEngine, OneThreadEngine, type Engine, type EngineOptions } from '../engine';
import { BytesSource, CollectingSink } from '../linux';
import type { RunOutcome } from './outcome';

export interface CapturedRunOptions extends EngineOptions {
  /** The program's name (argv[0], AT_EXECFN) and its ELF bytes. */
  readonly path: string;
  readonly image: Uint8Array;
  readonly args?: readonly string[];
  readonly env?: readonly string[];
  readonly seed?: bigint;
  readonly stdin?: Uint8Array;
  readonly maxCycles?: bigint | number;
}

export interface CapturedRun {
  /** The engine after the run (closed: its events, cycle and statistics remain). */
  readonly engine: Engine;
  readonly outcome: RunOutcome;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Wall time of the run alone (loading, and starting workers, excluded). */
  readonly seconds: number;
}

/** Run the program on the placement the options ask for. */
export function captureRun(options: CapturedRunOptions, extraHooks?: (machine: Machine) => RunHooks): CapturedRun {
  const engine = createEngine(options);
  const io = capturedStdio(options);
  try {
    engine.load(io.program, { maxCycles: options.maxCycles });
    if (extraHooks && !(engine instanceof OneThreadEngine)) throw new Error('run hooks need the one-thread placement');
    const hooks = extraHooks && extraHooks((engine as OneThreadEngine).machine);
    const start = performance.now();
    const outcome = hooks ? (engine as OneThreadEngine).run(hooks) : engine.run();
    const seconds = (performance.now() - start) / 1000;
    return { engine, outcome, ...io.captured(), seconds };
  } finally {
    engine.close();
  }
}

export interface MachineRunOptions extends Omit<CapturedRunOptions, 'threads'> {
  /** Hooks of the caller's own (fault injection, repair, probes), made once the machine exists and the program is loaded. */
  readonly hooks?: (machine: Machine) => RunHooks;
}

export interface MachineRun extends CapturedRun {
  readonly machine: Machine;
  readonly process: LinuxProcess;
}

/** The same on one thread, with the Machine and the process at hand (tests, probes). */
export function runCaptured(options: MachineRunOptions): MachineRun {
  const run = captureRun({ ...options, threads: false }, options.hooks);
  const engine = run.engine as OneThreadEngine;
  return { ...run, machine: engine.machine, process: engine.loaded! };
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
