/** Run a guest program through the library with captured stdio, as the tests need it. */
import type { Machine, MachineOptions, RunHooks } from '../../src/machine/machine';
import { runCaptured, type MachineRun } from '../../src/machine/captured-run';
import { readProgram } from '../../src/programs/read-program';
import { replicaBase } from '../../src/machine/registers';
import { basename, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';

const REPO = resolve(__dirname, '../..');

/**
 * The name a test's guest sees as argv[0] and AT_EXECFN: the path from the
 * repository's root, or the file's own name outside it. The absolute path would
 * differ between checkouts and move the initial stack (and every cycle count
 * after it) with the checkout's length.
 */
export function guestName(path: string): string {
  const inRepo = relative(REPO, resolve(path));
  return inRepo.startsWith('..') ? basename(path) : inRepo;
}

export interface GuestRun extends MachineRun {
  readonly status: number;
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
  const stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;
  const run = runCaptured({
    ...options,
    path: guestName(path),
    image: readProgram(path), // an ELF, or a .asm source assembled in memory
    stdin,
    maxCycles: options.maxCycles ?? 200_000_000,
    hooks: (machine) => {
      options.prepare?.(machine);
      return options.hooks ?? {};
    },
  });
  return { ...run, status: run.outcome.status };
}

/**
 * What a finished run leaves, for comparing two ways of running one program:
 * output, outcome, cycles, registers, a digest of chassis 0's memory, and the
 * event stream unless `events` is false; with `everyReplica`, the registers
 * of every replica and a digest of every chassis' memory.
 */
export function runState(run: MachineRun, events = true, everyReplica = false): Record<string, unknown> {
  const m: Machine = run.machine;
  const { core } = m;
  const control = (offset: number): number => core.u32(core.layout.CONTROL_BASE + offset);
  const base = control(core.layout.C_MEM_BASE);
  const size = control(core.layout.C_MEM_STRIDE);
  const digest = (c: number): string => createHash('sha1').update(core.u8.subarray(base + c * size, base + (c + 1) * size)).digest('hex');
  return {
    stdout: run.stdout.toString('latin1'),
    stderr: run.stderr.toString('latin1'),
    outcome: run.outcome,
    cycles: m.cycle,
    registers: everyReplica ? Array.from({ length: control(core.layout.C_REPLICA_COUNT) }, (_, n) => m.registers(n)) : m.registers(),
    ...(events ? { events: m.events } : {}),
    memory: everyReplica ? Array.from({ length: control(core.layout.C_CHASSIS_COUNT) }, (_, c) => digest(c)) : digest(0),
  };
}

/** The flag record as the core holds it, not folded: EFLAGS, op, result, operands, aux (replica 0). */
export function flagRecord(run: MachineRun): number[] {
  const { core } = run.machine;
  const base = replicaBase(core, 0);
  const l = core.layout;
  return [l.R_EFLAGS, l.R_LAZY_OP, l.R_LAZY_RES, l.R_LAZY_DST, l.R_LAZY_SRC, l.R_LAZY_AUX].map((off) => core.u32(base + off));
}
