/**
 * The recorded instruction vectors (vectors/*.json, written by
 * record-vectors.mjs on the CPU) and a runner that replays one through the
 * machine: registers, EFLAGS and memory set as the native harness set them,
 * the instruction's bytes at a code address, run one cycle per instruction.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Machine } from '../../src/machine/machine';
import { GENERAL_REGISTERS, type Registers } from '../../src/machine/registers';
import type { RunOutcome } from '../../src/machine/outcome';
import type { MachineEvent } from '../../src/machine/events';

export type Gpr = (typeof GENERAL_REGISTERS)[number];

export interface Vector {
  readonly asm: string;
  readonly bytes: string;
  readonly in: Partial<Record<Gpr, number>>;
  readonly flags: number;
  readonly mem?: readonly number[];
  readonly out: Partial<Record<Gpr, number>>;
  readonly outFlags: number;
  readonly outMem?: readonly number[];
  readonly mask: number;
  readonly signal?: { readonly name: string; readonly code: number; readonly addr: number; readonly eipOffset: number };
}

export interface VectorFile {
  readonly family: string;
  readonly cpu: string;
  readonly constants: { readonly DATA: number; readonly M: number; readonly STACK: number; readonly UNMAPPED: number; readonly READONLY: number };
  readonly background: Record<Gpr, number>;
  readonly cases: readonly Vector[];
}

const VECTOR_DIR = fileURLToPath(new URL('./vectors', import.meta.url));

export function loadVectorFiles(): VectorFile[] {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(VECTOR_DIR, f), 'utf8')) as VectorFile);
}

export const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

const FLAG_NAMES: [number, string][] = [
  [0x1, 'CF'], [0x4, 'PF'], [0x10, 'AF'], [0x40, 'ZF'], [0x80, 'SF'], [0x100, 'TF'], [0x200, 'IF'], [0x400, 'DF'], [0x800, 'OF'],
];

/** EFLAGS as flag names (IF left out: it is always set), with any other bit in hex. */
export function flagText(v: number): string {
  const names = FLAG_NAMES.filter(([bit, name]) => name !== 'IF' && (v & bit) !== 0).map(([, name]) => name);
  const known = FLAG_NAMES.reduce((a, [bit]) => a | bit, 0x2);
  const rest = v & ~known;
  if (rest) names.push(hex(rest));
  return names.length ? names.join('|') : '-';
}

/** The instruction and its inputs, as a test name. */
export function vectorName(v: Vector): string {
  const regs = Object.entries(v.in).map(([r, x]) => `${r}=${hex(x!)}`);
  const mem = v.mem ? ` [M]=${v.mem.map(hex).join(',')}` : '';
  return `${v.asm.replace(/\n/g, ' / ')} | ${regs.join(' ')} fl=${flagText(v.flags)}${mem}`;
}

export const byteLength = (v: Vector): number => v.bytes.length / 2;

/** A vector is at most this many instructions. */
const MAX_CYCLES = 16;

/** Where instructions go: two mapped pages, so an instruction can straddle them. */
export const CODE = 0x00400000;
export const CODE_AT = CODE + 0x100;

/** The machine state after one vector: what the comparisons look at. */
export interface Replay {
  readonly outcome: RunOutcome;
  readonly regs: Registers;
  readonly mem: number[];
}

/**
 * Replays vectors on one machine, making a fresh one after a vector ended the
 * program (a fault finishes the machine). Memory is the native harness's:
 * two read-write data pages at DATA, the page after them unmapped, then a
 * read-only page of zeros at READONLY.
 */
export class VectorRunner {
  private current: Machine | undefined;
  /** Every event of every machine this runner made, in order. */
  readonly events: MachineEvent[] = [];

  /**
   * With forceSlow every instruction goes through the full decoder, none
   * through the decoded fast path; with translateHotCount blocks are compiled
   * to WebAssembly once they start that many steps (src/translate/).
   */
  constructor(private readonly topology: 'simplex' | 'pair-spare' | 'tmr' = 'simplex', private readonly forceSlow = false,
    private readonly translateHotCount?: number) {}

  get machine(): Machine {
    if (!this.current) {
      const m = new Machine({ topology: this.topology, memoryMiB: 2 });
      if (this.forceSlow) forceSlowPath(m);
      if (this.translateHotCount !== undefined) m.core.setTranslation(true, this.translateHotCount);
      // Pages mapped high page first, so no two neighbouring pages have
      // neighbouring frames: an access that crosses a page must translate both.
      m.memory.map(CODE + 0x1000, 0x1000, 'write');
      m.memory.map(CODE, 0x1000, 'write');
      m.onEvent((e) => this.events.push(e));
      this.current = m;
    }
    return this.current;
  }

  /** Run one vector with its first byte at `at` (default CODE_AT). */
  run(file: VectorFile, v: Vector, at = CODE_AT): Replay {
    const m = this.machine;
    const { DATA, M, STACK, READONLY } = file.constants;
    if (!m.memory.isMapped(DATA)) {
      m.memory.map(DATA + 0x1000, 0x1000, 'write');
      m.memory.map(DATA, 0x1000, 'write');
      m.memory.map(READONLY, 0x1000, 'read');
    }
    const code = Buffer.from(v.bytes, 'hex');
    // ud2 after the instruction (a decoder that reads too far stops there), then
    // zeros over whatever a longer earlier vector left.
    const bytes = new Uint8Array(code.length + 18);
    bytes.set(code);
    bytes.set([0x0f, 0x0b], code.length);
    m.memory.write(at, bytes);
    // Without memory inputs M is zeroed, so nothing an earlier vector left there shows.
    m.memory.write(M, dwords(v.mem ?? [0, 0, 0, 0]));
    for (const r of GENERAL_REGISTERS) m.setRegister(r, r === 'esp' ? STACK : (v.in[r] ?? file.background[r]));
    m.setRegister('eip', at);
    m.setRegister('eflags', v.flags);
    // One cycle per instruction until EIP leaves the vector's bytes (a sequence
    // runs several, a jcc may skip one); reading EIP leaves lazy flags alone.
    const end = at + byteLength(v);
    let outcome: RunOutcome;
    let cycles = 0;
    do {
      outcome = m.run({ maxCycles: m.cycle + 1n });
      cycles++;
    } while (outcome.kind === 'limit' && m.getRegister('eip') !== end && cycles < MAX_CYCLES);
    const regs = m.registers();
    const mem = [...new Uint32Array(m.memory.read(M, 16).slice().buffer)];
    if (outcome.kind !== 'limit') this.current = undefined;
    return { outcome, regs, mem };
  }
}

/** Send every instruction of m through the full decoder (execute.ts), none through the decoded fast path. */
export function forceSlowPath(m: Machine): void {
  m.core.setU32(m.core.layout.CONTROL_BASE + m.core.layout.C_FORCE_SLOW, 1);
  m.core.exports.flushTranslations();
}

/** Everything a run left behind: all registers, the whole EFLAGS, memory at M, the outcome. */
export function fullState(r: Replay): string {
  const regs = Object.entries(r.regs).map(([k, v]) => `${k}=${typeof v === 'bigint' ? v.toString(16) : hex(v)}`).join(' ');
  const end = r.outcome.kind === 'limit' ? 'ran' : JSON.stringify(r.outcome);
  return `${regs} mem=${r.mem.map(hex).join(',')} ${end}`;
}

/**
 * Every vector of a file run on two runners (two ways of executing the same
 * machine): the vectors whose full state or cycle count differ, each with both
 * states under the given labels. Empty when the two ways agree.
 */
export function vectorDifferences(file: VectorFile, a: VectorRunner, b: VectorRunner, labels: readonly [string, string]): string[] {
  const width = Math.max(labels[0].length, labels[1].length) + 1;
  const stateOf = (runner: VectorRunner, v: Vector): string => {
    const r = runner.run(file, v);
    return `${fullState(r)} cycles=${r.outcome.kind === 'limit' ? runner.machine.cycle : -1n}`;
  };
  const differ: string[] = [];
  for (const v of file.cases) {
    const sa = stateOf(a, v);
    const sb = stateOf(b, v);
    if (sa !== sb) differ.push(`${v.asm}\n  ${`${labels[0]}:`.padEnd(width)} ${sa}\n  ${`${labels[1]}:`.padEnd(width)} ${sb}`);
  }
  return differ;
}

function dwords(values: readonly number[]): Uint8Array {
  return new Uint8Array(Uint32Array.from(values, (d) => d >>> 0).buffer);
}

/**
 * What the CPU did, in the shape `observed` gives the emulator's run: the
 * registers, EIP, the flags the SDM defines, memory at M, and the signal.
 */
export function expected(file: VectorFile, v: Vector, at = CODE_AT): Record<string, string> {
  const e: Record<string, string> = {};
  for (const r of GENERAL_REGISTERS) {
    const before = r === 'esp' ? file.constants.STACK : (v.in[r] ?? file.background[r]);
    e[r] = hex(v.out[r] ?? before);
  }
  e.eip = hex(at + (v.signal ? v.signal.eipOffset : byteLength(v)));
  e.flags = flagText(v.outFlags & v.mask);
  if (v.mem) e.mem = (v.outMem ?? v.mem).map(hex).join(' ');
  e.outcome = v.signal ? signalText(v.signal.name, v.signal.code, v.signal.addr) : 'ran';
  return e;
}

/** The emulator's run, in the form of `expected`. */
export function observed(v: Vector, r: Replay): Record<string, string> {
  const o: Record<string, string> = {};
  for (const g of GENERAL_REGISTERS) o[g] = hex(r.regs[g]);
  o.eip = hex(r.regs.eip);
  o.flags = flagText(r.regs.eflags & v.mask);
  if (v.mem) o.mem = r.mem.map(hex).join(' ');
  o.outcome = outcomeText(r.outcome, v.signal?.code);
  return o;
}

// Linux si_code values: a page fault is SEGV_MAPERR/SEGV_ACCERR with the
// faulting address; a #GP is SI_KERNEL (128) with none.
const PAGE_FAULT_CODES = new Set([1, 2]);

function signalText(name: string, code: number, addr: number): string {
  return name === 'SIGSEGV' && PAGE_FAULT_CODES.has(code) ? `SIGSEGV at ${hex(addr)}` : name;
}

function outcomeText(outcome: RunOutcome, nativeCode: number | undefined): string {
  if (outcome.kind === 'limit') return 'ran';
  if (outcome.kind !== 'signal') return `${outcome.kind}: ${'message' in outcome ? outcome.message : outcome.status}`;
  const at = /guest SIGSEGV at (0x[0-9a-f]+)/.exec(outcome.message);
  // The address is compared when the CPU reported a page fault.
  if (outcome.signal === 'SIGSEGV' && nativeCode !== undefined && PAGE_FAULT_CODES.has(nativeCode)) {
    return at ? `SIGSEGV at ${at[1]}` : `SIGSEGV (${outcome.message})`;
  }
  return outcome.signal;
}
