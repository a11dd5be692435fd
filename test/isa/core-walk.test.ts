/**
 * Every row of the ISA table (src/isa/table.ts), run on the core: each form is
 * encoded with a register and with memory operands (three addressing forms),
 * executed for one cycle in several flag states, through the decoded fast path
 * and through the full decoder, and what the core does must be what the row
 * says:
 *   - length: a form that does not end a block leaves EIP just past its bytes;
 *     padded with DS prefixes to 15 bytes it runs, to 16 it is #GP (the core's
 *     generated length table agrees with the encoding);
 *   - LOCK: with F0 it runs when the row says `lock` and the operand is memory,
 *     else it is #UD;
 *   - end: a row marked `end` leaves the straight line (or stops) in some state,
 *     one not marked never does;
 *   - flags: it changes only the flags of its w: field; a row without r: gives
 *     the same results whatever the flags were, a row with one does not;
 *   - fast: the decoded fast path caches the form exactly when the row says `fast`;
 *   - `ud` rows are SIGILL, every other row executes (never SIGILL);
 *   - both paths leave the same state.
 * The x87 rows (`x87`, out of the core's integer tables) are walked the same
 * way, from one x87 state (six registers loaded, exceptions masked) set
 * before each cycle, and their results include the FPU block; a `wait` row is
 * run without its 9B, which the CPU executes as FWAIT, a cycle of its own.
 *
 * Worked example: what adding an instruction takes now, with XLATB (D7),
 * one of the core-only rows:
 *   1. one row in src/isa/table.ts:
 *          ['xlatb', '', ': D7', '', 'core'],
 *      The encoding says one opcode byte, no ModRM, no immediate; the core
 *      field says no LOCK, no block end, no flags read or written, not on the
 *      fast path, and `core` keeps it from the assembler (drop the word and
 *      `xlatb` assembles and disassembles too);
 *   2. its semantics, once, in asm/cpu/execute.ts (`case 0xd7:`);
 *   3. `npm run build`: gen/core-tables.mjs regenerates
 *      asm/cpu/opcode-tables.generated.ts, so the core's 15-byte check knows its
 *      length and LOCK on it is #UD.
 * This test then runs it and holds the row to what the core does. To put a
 * form on the fast path as well: `fast` in the row, a DK_ handler in
 * dcache.ts's decodeAt and in fast.ts's execFast; this test fails until
 * decodeAt caches the form, test/core/fast-slow.test.ts until both paths agree.
 */
import { describe, test, expect } from 'vitest';
import { CORE_FORMS, FLAG_BITS, X87_FORMS, type InsnForm } from '../../src/isa';
import { REPLICA_REGISTERS } from '../../src/core/layout-keys.generated';
import { placeOf, isPrefixedNop } from '../../src/isa/core-tables';
import { Core } from '../../src/core/core';

const CODE = 0x00400000;
const AT = CODE + 0x100;
const TARGET = AT + 0x40; // where [M] and [esp] point: call/jmp/ret destinations
const DATA = 0x20000000;
const M = DATA + 0x100;
const STACK = DATA + 0x1f00;
const ARITH = Object.values(FLAG_BITS).reduce((a, b) => a | b, 0); // O D S Z A P C
/** Flag states: none, all, SF alone (so that every condition is true in one and false in another). */
const FLAG_STATES = [0x202, 0x202 | ARITH, 0x282];

type OperandKind = 'none' | 'reg' | 'mem';
interface Variant { readonly form: InsnForm; readonly kind: OperandKind; readonly bytes: number[] }

const le = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 0xff);

function immediate(f: InsnForm, field: string, index: number): number[] {
  switch (field) {
    case 'ib': return [f.mnemonic === 'int' ? 3 : f.mnemonic === 'aam' || f.mnemonic === 'aad' ? 10 : index === 1 ? 0 : 1];
    case 'iw': return le(f.mnemonic === 'enter' ? 8 : 4, 2);
    case 'id': return le(0x10, 4);
    case 'rel8': return [0x10];
    case 'rel32': return le(0x10, 4);
    case 'moffs': return le(M, 4);
    // Far pointers to the flat user code segment (0x23): a real far jump or call.
    case 'cp': return [...le(TARGET, 4), ...le(0x23, 2)];
    case 'cd': return [...le(TARGET & 0xffff, 2), ...le(0x23, 2)];
    default: throw new Error(field);
  }
}

/** The form encoded with ecx/cl (st1) in ModRM.rm, and with [ebx], [ebx+4] (SIB, disp8) and [ebx+8] (disp32). */
function variants(f: InsnForm): Variant[] {
  const opcode = [...f.opcode];
  if (f.plusReg) opcode[opcode.length - 1]! += 1; // ecx
  const imms = f.immediates.flatMap((field, i) => immediate(f, field, i));
  const head = [...f.prefixes.filter((b) => b !== 0x9b), ...opcode]; // 9B: FWAIT, walked as its own row
  if (f.modrm === null) return [{ form: f, kind: 'none', bytes: [...head, ...imms] }];
  const regOperand = f.operands.find((o) => o.role === 'r');
  const reg = typeof f.modrm === 'number' ? f.modrm : regOperand?.kind === 'sreg' ? 3 : 2;
  const rm = f.operands.find((o) => o.role === 'm' || o.role === 'x')!;
  const out: Variant[] = [];
  if (rm.role === 'x') return [{ form: f, kind: 'reg', bytes: [...head, 0xc0 | (reg << 3) | reg, ...imms] }];
  if (rm.kind !== 'mem') out.push({ form: f, kind: 'reg', bytes: [...head, 0xc0 | (reg << 3) | 1, ...imms] });
  if (rm.kind !== 'reg') {
    out.push({ form: f, kind: 'mem', bytes: [...head, (reg << 3) | 3, ...imms] });
    out.push({ form: f, kind: 'mem', bytes: [...head, 0x44 | (reg << 3), 0x23, 4, ...imms] });
    out.push({ form: f, kind: 'mem', bytes: [...head, 0x83 | (reg << 3), ...le(8, 4), ...imms] });
  }
  return out;
}

interface Result {
  /** The core's stop reason (STOP_NONE: the cycle ran) and its address. */
  readonly stop: string;
  readonly regs: number[];
  readonly eflags: number;
  readonly mem: string;
  /** The decoded cache's handler for the instruction (0 = the full decoder). */
  readonly kind: number;
  /** The x87 unit's block: control, status, tag, pointers, R0-R7. */
  readonly fpu: string;
}

const fpuRegister = (name: string): (typeof REPLICA_REGISTERS)[number] => REPLICA_REGISTERS.find((r) => r.name === name)!;
/** The block from the control word to the end of R7 (physical registers, 16 bytes apart). */
const FPU_FIRST = fpuRegister('fpcw').offset;
const FPU_END = fpuRegister('st7').offset + 16;

type WalkExports = { decodedKind(chassis: number, eip: number): number };

/**
 * A bare core (no Machine: a stop ends nothing, so one core serves every run):
 * one chassis, the code pages and two data pages mapped, replica 0 set up
 * before each cycle.
 */
class Walker {
  readonly core = new Core();
  private readonly frames = new Map<number, number>();

  constructor(forceSlow: boolean) {
    const { core } = this;
    const l = core.layout;
    core.configure(1, 1, 1 << 20);
    [CODE, CODE + 0x1000, DATA, DATA + 0x1000].forEach((va, i) => {
      const frame = (i + 1) * 0x1000;
      this.frames.set(va, frame);
      core.setU32(l.PAGE_TABLE_BASE + (va >>> 12) * 4, frame | l.PTE_PRESENT | l.PTE_WRITABLE);
    });
    if (forceSlow) core.setU32(l.CONTROL_BASE + l.C_FORCE_SLOW, 1);
    core.exports.flushTranslations();
  }

  private write(va: number, bytes: Uint8Array): void {
    const l = this.core.layout;
    const phys = this.frames.get(va & ~0xfff)! + (va & 0xfff);
    this.core.u8.set(bytes, this.core.u32(l.CONTROL_BASE + l.C_MEM_BASE) + phys);
    this.core.noteGuestWrite();
  }

  private read(va: number, n: number): string {
    const l = this.core.layout;
    const at = this.core.u32(l.CONTROL_BASE + l.C_MEM_BASE) + this.frames.get(va & ~0xfff)! + (va & 0xfff);
    return Buffer.from(this.core.u8.subarray(at, at + n)).toString('hex');
  }

  run(bytes: readonly number[], flags: number, ecx: number): Result {
    const { core } = this;
    const l = core.layout;
    this.write(AT, Uint8Array.from([...bytes, 0x0f, 0x0b, ...new Array<number>(16).fill(0)]));
    this.write(M - 0x10, new Uint8Array(new Uint32Array([0, 0, 0, 0, TARGET, 2, 3, 4, 5, 6, 7, 8]).buffer));
    // [esp]: a return address, then the flat user code selector and EFLAGS (retf, iret).
    this.write(STACK - 0x20, new Uint8Array(new Uint32Array([0, 0, 0, 0, 0, 0, 0, 0, TARGET, 0x23, 0x202, 0]).buffer));
    const r = l.REPLICA_BASE;
    core.exports.resetReplica(0); // flat segments again (lds and friends may have loaded a null DS)
    [1, ecx, 0, M, STACK, STACK - 0x20, M + 0x40, M + 0x80].forEach((v, i) => core.setU32(r + l.R_GPR + i * 4, v));
    core.setU32(r + l.R_EIP, AT);
    core.setU32(r + l.R_EFLAGS, flags);
    this.resetFpu(r);
    core.setU32(r + l.R_LAZY_OP, 0);
    // The same clock every time (rdtsc reads it).
    core.setU64(r + l.R_CYCLES, 0n);
    core.setU64(l.CONTROL_BASE + l.C_CYCLE, 0n);
    const reason = core.exports.run(1);
    const stop = reason === l.STOP_NONE ? 'ran' : `stop ${reason} at ${core.u32(r + l.R_STATUS_ADDR).toString(16)}`;
    const eflags = core.exports.materializeFlags(0) >>> 0;
    const regs = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => core.u32(r + l.R_GPR + i * 4));
    regs.push(core.u32(r + l.R_EIP));
    const kind = (core.exports as unknown as WalkExports).decodedKind(0, AT);
    const fpu = Buffer.from(core.u8.subarray(r + FPU_FIRST, r + FPU_END)).toString('hex');
    return { stop, regs, eflags, mem: this.read(M - 0x10, 0x60) + this.read(STACK - 0x20, 0x30), kind, fpu };
  }

  /**
   * The same x87 state before every cycle: exceptions masked, TOP = 2, st0-st5
   * holding 1.5, 3, 6, ... (physical R2-R7), st6 and st7 empty, so that pushes,
   * pops, st1 and the compares all have something to work on.
   */
  private resetFpu(r: number): void {
    const { core } = this;
    core.u8.fill(0, r + FPU_FIRST, r + FPU_END);
    core.u8[r + fpuRegister('fpcw').offset] = 0x7f;
    core.u8[r + fpuRegister('fpcw').offset + 1] = 0x03;
    core.u8[r + fpuRegister('fpsw').offset + 1] = 2 << 3; // TOP in bits 11-13
    core.u8[r + fpuRegister('fptw').offset] = 0xfc;
    for (let p = 2; p < 8; p++) {
      const at = r + fpuRegister(`st${p}`).offset;
      core.setU64(at, 0xc000000000000000n);
      core.setU32(at + 8, 0x3fff + p - 2); // sign and exponent: 2^(p - 2)
    }
  }
}

const fast = new Walker(false);
const slow = new Walker(true);
const STOP = new Core().layout;

const ran = (r: Result): boolean => r.stop === 'ran';
const eip = (r: Result): number => r.regs[8]!;
const isGP = (r: Result): boolean => r.stop.startsWith(`stop ${STOP.STOP_GENERAL_PROTECTION} `);
const isUD = (r: Result): boolean => r.stop.startsWith(`stop ${STOP.STOP_ILLEGAL} `);
/**
 * What an instruction computed, leaving out the flags it does not define (and
 * all of them when it faulted: a fault leaves the flags it found).
 */
function result(f: InsnForm, r: Result): string {
  const flags = ran(r) ? r.eflags & f.core.writes & ~f.core.undefinedFlags : 0;
  return JSON.stringify({ regs: r.regs, mem: r.mem, fpu: r.fpu, stop: r.stop, flags });
}

/** One variant per distinct byte string, with every row that encodes it. */
const WALK = (() => {
  const byBytes = new Map<string, Variant & { rows: InsnForm[] }>();
  for (const f of [...CORE_FORMS, ...X87_FORMS]) {
    for (const v of variants(f)) {
      const key = Buffer.from(v.bytes).toString('hex');
      const seen = byBytes.get(key);
      if (seen) seen.rows.push(f);
      else byBytes.set(key, { ...v, rows: [f] });
    }
  }
  return [...byBytes.values()];
})();

/** The row puts this encoding on the fast path: no prefix (66 90 aside), and `fast` (or `fast:reg` and no memory operand); any x87 form. */
const fastFor = (f: InsnForm, v: Variant): boolean => f.core.x87
  // Every x87 form is cached (dcache.ts), a `wait` form's leading FWAIT too.
  ? f.prefixes.filter((p) => p !== 0x9b).length === 0
  : (f.prefixes.length === 0 || isPrefixedNop(f)) && (f.core.fast === 'all' || (f.core.fast === 'reg' && v.kind !== 'mem'));

const name = (v: Variant): string => `${v.form.mnemonic} ${v.form.operands.map((o) => o.type).join(',')} [${Buffer.from(v.bytes).toString('hex')}] ${v.kind}`;

describe('every ISA table row, run on the core', () => {
  test('the walk covers every row', () => {
    expect(new Set(WALK.flatMap((v) => v.rows)).size).toBe(CORE_FORMS.length + X87_FORMS.length);
    expect(WALK.length).toBeGreaterThan(500);
  });

  test('rows that share an encoding say the same about it', () => {
    const said = (f: InsnForm, v: Variant) => ({ ...f.core, coreOnly: undefined, fast: fastFor(f, v) });
    for (const v of WALK) for (const f of v.rows) expect(said(f, v), `${name(v)} vs ${f.mnemonic}`).toEqual(said(v.form, v));
  });

  // One test per opcode group keeps the report readable and the test count sane.
  const groups = new Map<string, typeof WALK>();
  for (const v of WALK) {
    const p = placeOf(v.form);
    const key = `${p.map ? '0F ' : ''}${(p.opcodes[0]! >> 3 << 3).toString(16).toUpperCase().padStart(2, '0')}-${((p.opcodes[0]! >> 3 << 3) + 7).toString(16).toUpperCase().padStart(2, '0')}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  for (const [key, group] of [...groups].sort()) {
    test(`opcodes ${key}: ${[...new Set(group.map((v) => v.form.mnemonic))].slice(0, 8).join(' ')}`, () => {
      const problems: string[] = [];
      for (const v of group) {
        const f = v.form;
        const say = (what: string): void => { problems.push(`${name(v)}: ${what}`); };
        const next = AT + v.bytes.length;
        // Flag states with ecx = 2; block ends also with ecx = 0 (jecxz).
        const states = FLAG_STATES.flatMap((fl) => (f.core.end ? [[fl, 2], [fl, 0]] : [[fl, 2]]));
        const runs = states.map(([fl, ecx]) => ({ fl: fl!, ecx: ecx!, a: fast.run(v.bytes, fl!, ecx!), b: slow.run(v.bytes, fl!, ecx!) }));
        for (const { a, b, fl, ecx } of runs) {
          if (JSON.stringify(a) !== JSON.stringify({ ...b, kind: a.kind })) say(`fast and slow differ (flags ${fl.toString(16)}, ecx ${ecx}):\n  ${JSON.stringify(a)}\n  ${JSON.stringify(b)}`);
          if (isUD(a) !== f.core.ud) say(f.core.ud ? `should be #UD, got ${a.stop}` : `the core does not execute it: ${a.stop}`);
          if (!f.core.end && ran(a) && eip(a) !== next) say(`not a block end, yet EIP went to ${eip(a).toString(16)}`);
          const changed = (a.eflags ^ fl) & ARITH;
          if (ran(a) && (changed & ~f.core.writes) !== 0) say(`changed flags ${changed.toString(16)} outside w: ${f.core.writes.toString(16)}`);
        }
        if (f.core.end && runs.every(({ a }) => ran(a) && eip(a) === next)) say('marked end, but went straight on in every state');
        const outcomes = runs.filter((r) => r.ecx === 2).map(({ a }) => result(f, a));
        if (f.core.reads === 0 && new Set(outcomes).size > 1) say(`reads no flags, yet results differ by flags:\n  ${outcomes.join('\n  ')}`);
        if (f.core.reads !== 0 && new Set(outcomes).size === 1) say('reads flags, yet no flag state changed its result');
        // The fast path caches exactly the rows that say fast (for this operand kind, without prefixes).
        // No entry left (0xff): the instruction dropped the cache itself, as only the full decoder
        // does (a segment load that changes whether segments are flat; a store into code).
        const cached = (kind: number): boolean => kind !== 0 && kind !== 0xff;
        const wantFast = fastFor(f, v);
        if (cached(runs[0]!.a.kind) !== wantFast) say(`fast path: decoded as ${runs[0]!.a.kind}, row says ${f.core.fast ?? 'slow'}`);
        if (cached(runs[0]!.b.kind)) say(`C_FORCE_SLOW, yet decoded as ${runs[0]!.b.kind}`);
        // Length: DS prefixes up to 15 bytes run as without them; one more is #GP.
        const pad = (n: number): number[] => [...new Array<number>(n).fill(0x3e), ...v.bytes];
        const fits = fast.run(pad(15 - v.bytes.length), FLAG_STATES[0]!, 2);
        const over = fast.run(pad(16 - v.bytes.length), FLAG_STATES[0]!, 2);
        // (An instruction that is #GP by itself, a far transfer to a null selector, is #GP with them too.)
        if ((isGP(fits) && !isGP(runs[0]!.a)) || fits.stop !== runs[0]!.a.stop) say(`15 bytes with prefixes: ${fits.stop}, without: ${runs[0]!.a.stop}`);
        if (!isGP(over)) say(`16 bytes with prefixes should be #GP: ${over.stop} (length table wrong?)`);
        // LOCK: allowed exactly on the `lock` rows with a memory operand.
        if (!f.core.ud) {
          const locked = fast.run([0xf0, ...v.bytes], FLAG_STATES[0]!, 2);
          const wantLock = f.core.lock && v.kind === 'mem';
          if (isUD(locked) === wantLock) say(`LOCK ${wantLock ? 'refused' : 'accepted'}: ${locked.stop}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
