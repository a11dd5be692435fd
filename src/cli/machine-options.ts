/**
 * The options that describe a machine and what happens to it — topology,
 * memory, ECC, seed, faults, repair — shared by `ftvm run` and `ftvm inject`,
 * checked at the boundary with messages that name the option.
 */
import { checkFaultFits, describeFault, type Fault } from '../faults/fault';
import { parseFaultJson, parseFaultList, faultFileEntry } from '../faults/fault-schema';
import type { FaultNotApplied } from '../faults/injector';
import type { EngineOptions } from '../engine';
import type { EccMode, EccOptions } from '../ecc/ecc-memory';
import { TOPOLOGY_PRESETS, resolveTopology } from '../machine/topology';
import { UserError } from '../errors';
import { DEFAULT_SYNC_INTERVAL } from '../parallel/parallel-machine';
import { bigintOption, intOption, type OptionSpec, type ParsedOptions } from './options';
import type { MachineEvent } from '../machine/events';
import { readInputText, MiB } from '../util/input-file';
import { quoteName } from '../util/quote';

export const MACHINE_OPTIONS: OptionSpec[] = [
  { name: 'topology', value: 'NAME', help: `${Object.keys(TOPOLOGY_PRESETS).join('|')} (default pair-spare)` },
  { name: 'chassis', value: 'C', help: 'number of chassis, 1-3 (with --cores, instead of --topology)' },
  { name: 'cores', value: 'K', help: 'cores per chassis, 1-2' },
  { name: 'max-cycles', value: 'N', help: 'stop after N cycles with exit status 124' },
  { name: 'seed', value: 'N', help: 'seed for AT_RANDOM and getrandom (default 0)' },
  { name: 'memory', value: 'MIB', help: 'memory per chassis in MiB (default 256)' },
  { name: 'env', value: 'NAME=VALUE', repeatable: true, help: 'put a variable in the guest environment (empty by default)' },
  { name: 'fault', value: 'JSON', repeatable: true, help: 'inject a fault, e.g. \'{"at":1000,"target":"register","chassis":0,"core":1,"register":"eax","bit":3}\'' },
  { name: 'faults', value: 'FILE', help: 'inject the faults of a JSON array file' },
  { name: 'repair-after', value: 'N', help: 'resynchronise an offline chassis N cycles after it went offline' },
  { name: 'ecc', value: 'MODE', help: 'ECC memory: fast (default: decode words the injector touched), paranoid (decode every access), off' },
  { name: 'dimms', value: 'N', help: 'DIMMs per chassis, interleaved by 64-byte line (default 4)' },
  { name: 'scrub-interval', value: 'N', help: 'cycles between two frames scrubbed per chassis (default 10000; 0 = no scrubbing)' },
  { name: 'ce-threshold', value: 'N', help: 'corrected errors on one DIMM before its chassis goes offline (default 16)' },
  { name: 'twin-shortcut', help: 'let a chassis\' second core copy its twin\'s agreed fast-path cycles instead of executing them (same results, faster)' },
  { name: 'translate', help: 'compile hot guest blocks to WebAssembly while one core runs alone (simplex, or a survivor); same results, faster' },
  { name: 'no-translate', help: 'run every cycle in the interpreter (the default for now)' },
];

/** `--threads` and its interval, for the commands that can run the chassis side by side. */
export const THREAD_OPTIONS: OptionSpec[] = [
  { name: 'threads', help: 'run each chassis on its own worker thread: its cores compared every cycle, the chassis compared before every I/O and every --sync-interval cycles' },
  { name: 'sync-interval', value: 'N', help: `with --threads: cycles between two cross-chassis checkpoints when no I/O comes first (default ${DEFAULT_SYNC_INTERVAL})` },
];

/** Whether the chassis run on threads, and how often they meet at least; undefined for one thread. */
export function threadsSetup(command: string, opts: ParsedOptions): { syncInterval: bigint } | undefined {
  const text = opts.values.get('sync-interval')?.[0];
  if (!opts.flags.has('threads')) {
    if (text !== undefined) throw new UserError(`${command}: --sync-interval goes with --threads`);
    return undefined;
  }
  const syncInterval = bigintOption(command, 'sync-interval', text, DEFAULT_SYNC_INTERVAL);
  if (syncInterval < 1n) throw new UserError(`${command}: --sync-interval must be at least 1`);
  return { syncInterval };
}

/**
 * The engine the setup describes, on the placement asked for: its faults
 * (all of the setup's unless others are given) and repairs. A memory fault
 * whose address is not mapped when it strikes is left out, for
 * reportFaultsNotApplied to tell.
 */
export function engineOptions(setup: MachineSetup, threads: { syncInterval: bigint } | undefined, faults: readonly Fault[] = setup.faults): EngineOptions {
  return {
    topology: setup.topology, memoryMiB: setup.memoryMiB, ecc: setup.ecc, twinShortcut: setup.twinShortcut, translate: setup.translate,
    faults, repairAfter: setup.repairAfter, unmappedFaults: 'skip', threads: threads ?? false,
  };
}

export interface MachineSetup {
  readonly topology: string | { chassis: number; cores: number };
  readonly memoryMiB: number;
  readonly ecc: EccOptions;
  readonly twinShortcut: boolean;
  /** Compile hot blocks (src/translate/) when one replica runs alone. */
  readonly translate: boolean;
  readonly seed: bigint;
  readonly env: string[];
  /** 0 = no limit. */
  readonly maxCycles: bigint;
  readonly faults: Fault[];
  readonly repairAfter: bigint | undefined;
  /** How each fault is named in errors (`--fault 2`, `file.json[0]`). */
  readonly faultNames: string[];
}

/** --translate (true), --no-translate (false) or neither (undefined: the default, or what a campaign file says). */
export function translateChoice(command: string, opts: ParsedOptions): boolean | undefined {
  if (opts.flags.has('translate') && opts.flags.has('no-translate')) throw new UserError(`${command}: --translate and --no-translate contradict each other`);
  return opts.flags.has('translate') ? true : opts.flags.has('no-translate') ? false : undefined;
}

export function machineSetup(command: string, opts: ParsedOptions): MachineSetup {
  const one = (name: string) => opts.values.get(name)?.[0];
  const env = opts.values.get('env') ?? [];
  for (const e of env) if (!e.includes('=')) throw new UserError(`${command}: --env takes NAME=VALUE (got ${quoteName(e, 'always')})`);
  const mode = one('ecc') ?? 'fast';
  if (mode !== 'fast' && mode !== 'paranoid' && mode !== 'off') throw new UserError(`${command}: --ecc must be fast, paranoid or off (got ${quoteName(mode, 'always')})`);
  const inline = opts.values.get('fault') ?? [];
  const file = one('faults');
  const faults = inline.map((text, i) => parseFaultJson(text, `--fault ${i + 1}`));
  if (file !== undefined) faults.push(...parseFaultList(readInputText(file, { maxBytes: 64 * MiB, what: 'a faults file', option: '--faults' }), file));
  return {
    topology: topologyFrom(command, one),
    memoryMiB: intOption(command, 'memory', one('memory'), 256, 1, 1024),
    ecc: {
      mode: mode as EccMode,
      dimms: intOption(command, 'dimms', one('dimms'), 4, 1, 16),
      scrubInterval: intOption(command, 'scrub-interval', one('scrub-interval'), 10_000, 0, 2 ** 31),
      correctedThreshold: intOption(command, 'ce-threshold', one('ce-threshold'), 16, 0, 2 ** 31),
    },
    twinShortcut: opts.flags.has('twin-shortcut'),
    translate: translateChoice(command, opts) ?? false,
    seed: bigintOption(command, 'seed', one('seed'), 0n),
    env,
    maxCycles: bigintOption(command, 'max-cycles', one('max-cycles'), 0n),
    faults,
    repairAfter: one('repair-after') === undefined ? undefined : bigintOption(command, 'repair-after', one('repair-after'), 0n),
    faultNames: faults.map((_, i) => (i < inline.length ? `--fault ${i + 1}` : faultFileEntry(file!, i - inline.length))),
  };
}

/** Every fault can happen on the setup's machine (see checkFaultFits), on a disk of `diskBlocks` if it has one; called before anything runs. */
export function checkFaults(setup: MachineSetup, diskBlocks?: number): void {
  const bounds = {
    topology: resolveTopology(setup.topology),
    dimmsPerChassis: setup.ecc.dimms ?? 4,
    bytesPerChassis: setup.memoryMiB * MiB,
    eccMode: setup.ecc.mode ?? 'fast',
    diskBlocks,
  };
  setup.faults.forEach((f, i) => checkFaultFits(f, bounds, setup.faultNames[i]));
}


/**
 * One stderr line per fault of the setup that never struck: its cycle came
 * after the run's end, or its address was not mapped then (`skipped`, from
 * the injector). A fault struck if the run's events hold its injection.
 */
export function reportFaultsNotApplied(setup: MachineSetup, events: readonly MachineEvent[], endCycle: bigint, skipped: readonly FaultNotApplied[] = []): void {
  const key = (f: Fault) => JSON.stringify(f);
  const struck = events.filter((e) => e.type === 'fault-injected').map((e) => key(e.fault as Fault));
  const left = skipped.map((n) => ({ key: key(n.fault), reason: n.reason }));
  setup.faults.forEach((fault, i) => {
    const k = key(fault);
    const at = struck.indexOf(k);
    if (at >= 0) {
      struck.splice(at, 1);
      return;
    }
    const s = left.findIndex((n) => n.key === k);
    const reason = s >= 0 ? left.splice(s, 1)[0].reason : `it was due at cycle ${fault.at}, and the run ended at cycle ${endCycle}`;
    process.stderr.write(`ftvm: ${setup.faultNames[i]} not applied (${describeFault(fault)}): ${reason}\n`);
  });
}

function topologyFrom(command: string, one: (name: string) => string | undefined): string | { chassis: number; cores: number } {
  const name = one('topology');
  const c = one('chassis');
  const k = one('cores');
  if (name !== undefined && (c !== undefined || k !== undefined)) throw new UserError(`${command}: give --topology or --chassis/--cores, not both`);
  if (c !== undefined || k !== undefined) {
    return { chassis: intOption(command, 'chassis', c, 2, 1, 3), cores: intOption(command, 'cores', k, 2, 1, 2) };
  }
  return name ?? 'pair-spare';
}
