/**
 * Instruction encoding driven by the ISA table: pick the first form (in
 * NASM's order) whose operand types match the operands, then lay out
 * prefixes, opcode, ModRM/SIB/displacement and immediates.
 *
 * Matching follows NASM's rules:
 *   - an unsized memory operand takes its size from a sized operand of a
 *     size-match form (`mov [eax], ebx`), or from a `?` type; otherwise the
 *     error is "operation size not specified";
 *   - an unsized immediate of a size-match form takes the size of the other
 *     operands, or 32 bits when there are none (`push 5`);
 *   - a sign-extended byte form (sbyte) matches when the value is a plain
 *     number that fits, or the source wrote `byte`; `strict` forbids it;
 *   - a relaxable short jump matches when the target is in the same section
 *     and within reach (assumed while the target is still unknown).
 */
import { formsOf, PREFIX_WORDS, SEGMENT_PREFIX, type InsnForm, type OperandSpec, type Register } from '../isa';
import { AddressError, analyzeAddress, modrmForAddress, type AddressParts } from './address';
import { constant, isScalar, simpleSection, type Value } from './expression';

export type Operand =
  /** `to`: written `to st2` (NASM's x87 destination keyword). */
  | { readonly kind: 'reg'; readonly reg: Register; readonly to?: boolean; readonly col: number }
  | {
      readonly kind: 'mem';
      readonly size: number;
      readonly seg: string | null;
      readonly addr: AddressParts;
      readonly dispSize: number;
      readonly far: boolean;
      readonly col: number;
    }
  | {
      readonly kind: 'imm';
      readonly value: Value;
      readonly size: number;
      readonly strict: boolean;
      readonly jump: 'short' | 'near' | null;
      /** The selector of a `selector:offset` far address, else null. */
      readonly selector: Value | null;
      readonly col: number;
    };

export interface EncodeContext {
  /** Section the instruction is in, and its offset there. */
  readonly section: string;
  readonly offset: number;
  /** The code size (`bits 16` or 32): 0x66 and 0x67 select the other one. Default 32. */
  readonly bits?: 16 | 32;
  /** In the final pass, once sections have addresses: turn values into numbers. Null while sizes are still being found. */
  readonly final: {
    /** The value as a number; throws EncodeProblem if it cannot be (undefined symbol…). */
    resolve(v: Value, col: number): bigint;
    sectionAddress(section: string): bigint;
  } | null;
}

export interface Problem {
  readonly col: number;
  readonly message: string;
}

export interface Encoded {
  readonly size: number;
  /** The bytes, when the context can resolve values. */
  readonly bytes: number[] | null;
  readonly form: InsnForm | null;
  readonly errors: Problem[];
  readonly warnings: Problem[];
}

type Fail = 'no' | 'size-missing' | 'size-mismatch';

/** The near branches an MPX `bnd` prefix may precede; NASM refuses it on anything else. */
const BND_FAMILIES: ReadonlySet<string> = new Set(['jmp', 'jcc', 'call', 'ret', 'retn']);

const PREFIX_ORDER = { wait: 0, rep: 1, lock: 2, seg: 3, osize: 4, asize: 5 } as const;
const WAIT = 0x9b;

/** Size in bits given explicitly by an operand, 0 if none. */
function explicitSize(op: Operand): number {
  if (op.kind === 'reg') return op.reg.cls === 'sreg' || op.reg.cls === 'mmx' || op.reg.cls === 'xmm' ? 0 : op.reg.size;
  return op.size;
}

function fitsSignedByte(v: Value, opsize: number): boolean {
  if (!isScalar(v)) return false;
  if (v.unknown) return true; // optimistic until the value is known
  const n = BigInt.asIntN(opsize === 16 ? 16 : 32, v.n);
  return n >= -128n && n <= 127n;
}

/** Bytes the form takes before its rel8 displacement (for measuring a short jump). */
function formLength(form: InsnForm, prefixCount: number): number {
  return prefixCount + form.prefixes.length + form.opcode.length + (form.immediates[0] === 'rel8' ? 1 : 4);
}

function matchOperand(form: InsnForm, spec: OperandSpec, op: Operand, all: readonly Operand[], i: number, ctx: EncodeContext, prefixCount: number): Fail | null {
  switch (op.kind) {
    case 'reg': {
      const r = op.reg;
      // x87 registers: `to st(i)` only where the row says `to`, which needs it.
      if (r.cls === 'fpu' || spec.type === 'st' || spec.type === 'st0' || spec.type === 'tost') {
        const x87 = spec.type === 'st' || spec.type === 'tost' || (spec.type === 'st0' && r.num === 0);
        return r.cls === 'fpu' && x87 && (op.to === true) === (spec.type === 'tost') ? null : 'no';
      }
      if (spec.kind === 'sreg') return r.cls === 'sreg' && (!spec.fixedRegister || spec.fixedRegister === r.name) ? null : 'no';
      if (spec.simd || r.cls === 'mmx' || r.cls === 'xmm') return spec.simd === r.cls && (!spec.fixedRegister || spec.fixedRegister === r.name) ? null : 'no';
      if (r.cls === 'sreg') return 'no';
      if (spec.type === 'creg' || spec.type === 'dreg') return r.cls === spec.type ? null : 'no';
      if (r.cls === 'creg' || r.cls === 'dreg') return 'no';
      if (spec.kind === 'reg') {
        if (spec.fixedRegister) return spec.fixedRegister === r.name ? null : 'no';
        return r.size === spec.size ? null : 'no';
      }
      if (spec.kind === 'rm') return r.size === spec.size ? null : 'no';
      return 'no';
    }
    case 'mem': {
      if (spec.kind === 'moffs') {
        if (op.addr.base || op.addr.index || op.dispSize === 8) return 'no';
      } else if (spec.kind !== 'rm' && spec.kind !== 'mem') {
        return 'no';
      }
      if (op.far !== (spec.type === 'mfar')) return 'no';
      if (spec.type === 'm0') return op.size === 0 ? null : 'size-mismatch';
      if (op.size !== 0) {
        if (form.unsizedMemory) return 'size-mismatch';
        if (spec.type === 'mfar') return op.size === 16 || op.size === 32 ? null : 'size-mismatch';
        return spec.type === 'm' || op.size === spec.size || (spec.simd && spec.size === 0) ? null : 'size-mismatch';
      }
      const wordToo = (): boolean => formsOf(form.mnemonic)!.some((f) => f.operands[i]?.type === 'rm16');
      if (ctx.bits === 16 && spec.type === 'rm32' && spec.defaultsUnsized && wordToo()) return 'no';
      if (spec.type === 'm' || spec.type === 'mfar' || spec.defaultsUnsized) return null;
      // In 16-bit code what a `rm32?` form takes as a dword (`jmp [bx]`) is a word.
      if (ctx.bits === 16 && spec.type === 'rm16' && formsOf(form.mnemonic)!.some((f) => f.operands[i]?.type === 'rm32' && f.operands[i]!.defaultsUnsized)) return null;
      // Sized by another operand of the same size: `add [edx], byte -1` is a byte add (80 /0),
      // never a word one through the sign-extended form (66 83 /0).
      if (form.sizeMatch && all.some((o, j) => j !== i && explicitSize(o) === spec.size)) return null;
      return 'size-missing';
    }
    case 'imm': {
      if (op.value.regs.length > 0) return 'no';
      if ((op.selector !== null) !== (spec.kind === 'far')) return 'no';
      if (spec.kind === 'far') return op.size === spec.size || (op.size === 0 && spec.size === (ctx.bits ?? 32)) ? null : 'no';
      if (spec.kind === 'rel') {
        // a near branch is rel32 in 32-bit code and rel16 in 16-bit code; `word`/`dword` choose
        if (spec.size === 16) return op.jump !== 'short' && (op.size === 16 || (op.size === 0 && ctx.bits === 16)) ? null : 'no';
        if (op.size !== 0 && op.size !== 32) return 'no';
        if (spec.size === 32) {
          if (op.jump === 'short') return 'no';
          // In 16-bit code a near Jcc is 0F 8x with a rel16, and NASM has no dword form of it.
          if (ctx.bits === 16) return form.cc === null ? (op.size === 0 ? 'no' : null) : op.size === 0 ? null : 'size-mismatch';
          return null;
        }
        if (form.shortOnly) return op.jump === 'short' ? null : 'no';
        // LOOP/JECXZ have only the short form, and NASM refuses `short` (or `near`) on them.
        if (!form.relax) return op.jump !== null ? 'size-mismatch' : null;
        if (op.jump !== null || op.strict) return 'no';
        if (op.value.unknown) return null;
        if (simpleSection(op.value) !== ctx.section) return 'no';
        const disp = op.value.n - BigInt(ctx.offset + formLength(form, prefixCount));
        return disp >= -128n && disp <= 127n ? null : 'no';
      }
      if (spec.kind !== 'imm') return 'no';
      if (form.bareImmediates && op.size !== 0) return 'size-mismatch';
      const sbyte = spec.type === 'sbyte16' || spec.type === 'sbyte32';
      const bound = form.sizeMatch && (sbyte || spec.size === form.opsize);
      if (spec.type === 'one') {
        return !op.strict && op.size === 0 && isScalar(op.value) && (op.value.unknown || op.value.n === 1n) ? null : 'no';
      }
      if (op.size !== 0 && op.size !== 8 && op.size !== 16 && op.size !== 32) return 'size-mismatch';
      if (bound) {
        let determined = op.size === 16 || op.size === 32 ? op.size : 0;
        if (determined === 0) {
          for (let j = 0; j < all.length; j++) {
            if (j === i) continue;
            const o = all[j]!;
            const s = explicitSize(o) || (o.kind === 'mem' ? form.operands[j]!.size : 0);
            if (s) {
              determined = s;
              break;
            }
          }
        }
        if (determined === 0) determined = ctx.bits ?? 32;
        if (determined !== form.opsize) return 'size-mismatch';
      }
      const immSize = sbyte ? 8 : spec.size;
      if (op.strict) {
        if (op.size !== 0 && op.size !== immSize) return 'size-mismatch';
        if (sbyte && op.size !== 8) return 'no';
        return null;
      }
      if (op.size === 8) return immSize === 8 ? null : 'size-mismatch';
      if (op.size !== 0 && !bound && op.size !== spec.size) return 'size-mismatch';
      if (sbyte) return fitsSignedByte(op.value, form.opsize) ? null : 'no';
      return null;
    }
  }
}

function matchForm(form: InsnForm, ops: readonly Operand[], ctx: EncodeContext, prefixCount: number): Fail | null {
  if (form.operands.length !== ops.length) return 'no';
  let worst: Fail | null = null;
  for (let i = 0; i < ops.length; i++) {
    const r = matchOperand(form, form.operands[i]!, ops[i]!, ops, i, ctx, prefixCount);
    if (r === 'no') return 'no';
    if (r !== null) worst = worst === 'size-missing' ? worst : r;
  }
  return worst;
}

/** A form's own size prefixes in 16-bit code: 0x66 for the 32-bit operand size, 0x67 for 32-bit addressing. */
function sixteenBitPrefixes(form: InsnForm): number[] {
  const tokens = form.encoding.split(/\s+/);
  return [...(tokens.includes('o32') ? [0x66] : []), ...(tokens.includes('a32') ? [0x67] : [])];
}

/** Little-endian bytes of the low `size` bytes of n. */
function le(n: bigint, size: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(size * 8, n);
  for (let k = 0; k < size; k++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** Warn as NASM does when a value does not fit its field. */
function rangeWarning(n: bigint, size: number, signedOnly: boolean): string | null {
  const bits = BigInt(size * 8);
  const min = -(1n << (bits - 1n));
  const max = signedOnly ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (n >= min && n <= max) return null;
  const what = size === 1 ? 'byte' : size === 2 ? 'word' : size === 4 ? 'dword' : 'qword';
  return signedOnly ? `signed ${what} value exceeds bounds` : `${what} data exceeds bounds`;
}

export interface InsnInput {
  readonly mnemonic: string;
  readonly col: number;
  readonly prefixes: readonly { readonly name: string; readonly col: number }[];
  readonly operands: readonly Operand[];
}

export function encodeInstruction(insn: InsnInput, ctx: EncodeContext): Encoded {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const fail = (col: number, message: string): Encoded => ({ size: 0, bytes: null, form: null, errors: [{ col, message }], warnings });

  // Prefix words, in NASM's output order: WAIT, REP-like, LOCK, segment, 0x66, 0x67.
  const prefixWords = insn.prefixes.map((p, k) => ({ ...PREFIX_WORDS[p.name]!, k, col: p.col, name: p.name }));
  const memSeg = insn.operands.find((o): o is Extract<Operand, { kind: 'mem' }> => o.kind === 'mem' && o.seg !== null)?.seg ?? null;
  if (memSeg !== null) prefixWords.push({ byte: SEGMENT_PREFIX[memSeg]!, group: 'seg', k: prefixWords.length, col: insn.col, name: memSeg });
  // An address of the other size than the code's takes 0x67, unless an a16/a32 prefix already says so.
  const mem = insn.operands.find((o): o is Extract<Operand, { kind: 'mem' }> => o.kind === 'mem');
  if (mem) {
    const named = prefixWords.find((p) => p.group === 'asize');
    if (named && named.name !== `a${mem.addr.size}`) return fail(mem.col, 'impossible combination of address sizes');
    if (!named && mem.addr.size !== (ctx.bits ?? 32)) prefixWords.push({ byte: 0x67, group: 'asize', k: prefixWords.length, col: insn.col, name: `a${mem.addr.size}` });
  }
  const seen = new Set<string>();
  for (const p of prefixWords) {
    if (seen.has(p.group)) return fail(p.col, p.group === 'seg' ? 'more than one segment override' : 'conflicting prefixes');
    seen.add(p.group);
  }
  prefixWords.sort((a, b) => PREFIX_ORDER[a.group] - PREFIX_ORDER[b.group] || a.k - b.k);
  // In 16-bit code the size prefixes mean the other way round: o32/a32 emit them, o16/a16 not.
  const bits16 = ctx.bits === 16;
  const prefixByte = (p: { byte: number | null; group: string }, name: string): number | null =>
    !bits16 || (p.group !== 'osize' && p.group !== 'asize') ? p.byte : name.endsWith('32') ? (p.group === 'osize' ? 0x66 : 0x67) : null;
  const bytesOf = (words: typeof prefixWords): number[] => words.map((p) => prefixByte(p, p.name)).filter((b): b is number => b !== null);
  // 0x67 comes last, after the form's own 0x66 (NASM's prefix slots: ... operand size, address size).
  const prefixBytes = bytesOf(prefixWords.filter((p) => p.group !== 'asize'));
  const asizeBytes = bytesOf(prefixWords.filter((p) => p.group === 'asize'));

  const forms = formsOf(insn.mnemonic);
  if (!forms) {
    if (insn.mnemonic in PREFIX_WORDS && insn.operands.length === 0) {
      // A prefix on a line of its own is emitted as a byte.
      const own = PREFIX_WORDS[insn.mnemonic]!.byte;
      const bytes = [...prefixBytes, ...asizeBytes, ...(own === null ? [] : [own])];
      return { size: bytes.length, bytes, form: null, errors, warnings };
    }
    return fail(insn.col, `unknown mnemonic '${insn.mnemonic}'`);
  }

  const bnd = insn.prefixes.find((p) => p.name === 'bnd');
  if (bnd && !BND_FAMILIES.has(forms[0]!.family)) return fail(bnd.col, 'bnd prefix is not allowed');

  let form: InsnForm | null = null;
  let worst: Fail = 'no';
  for (const f of forms) {
    const r = matchForm(f, insn.operands, ctx, prefixBytes.length + asizeBytes.length);
    if (r === null) {
      form = f;
      break;
    }
    if (r === 'size-missing' || (r === 'size-mismatch' && worst === 'no')) worst = r;
  }
  if (!form) {
    const shortOp = insn.operands.find((o) => o.kind === 'imm' && o.jump === 'short');
    if (shortOp && !forms.some((f) => f.shortOnly || f.operands.some((s) => s.type === 'rel8'))) {
      return fail(shortOp.col, `'short' is not valid for '${insn.mnemonic}'`);
    }
    return fail(insn.col, worst === 'size-missing' ? 'operation size not specified'
      : worst === 'size-mismatch' ? 'mismatch in operand sizes' : 'invalid combination of opcode and operands');
  }

  if (form.noHighBytes && insn.operands.some((o) => o.kind === 'reg' && o.reg.cls === 'r8' && o.reg.num >= 4)) {
    return fail(insn.col, 'instruction cannot use high registers');
  }
  // Layout: prefixes, opcode(+r), ModRM/SIB/disp, immediates.
  const byRole = (role: string): Operand | undefined => {
    const k = form!.operands.findIndex((s) => s.role === role);
    return k >= 0 ? insn.operands[k] : undefined;
  };
  const final = ctx.final;
  // A `wait` form's 9B goes before every prefix, once even if the source wrote `wait` too.
  const wait = form.prefixes.includes(WAIT) && prefixBytes[0] !== WAIT ? [WAIT] : [];
  // A size prefix the source wrote and the form needs anyway is emitted once (`o32 push dword 5` in bits 16).
  const formPrefixes = (bits16 ? sixteenBitPrefixes(form) : form.prefixes).filter((b) => b !== WAIT && !prefixBytes.includes(b) && !asizeBytes.includes(b));
  // `jmp word far [x]`: a far pointer of the other size than the code's is 0x66 away.
  const farMem = insn.operands.find((o) => o.kind === 'mem' && o.far);
  if (farMem && farMem.kind === 'mem' && farMem.size !== 0 && farMem.size !== (ctx.bits ?? 32)) formPrefixes.unshift(0x66);
  const out: number[] = [...wait, ...prefixBytes, ...formPrefixes, ...asizeBytes, ...form.opcode];
  if (form.plusReg) {
    const r = byRole('o');
    out[out.length - 1]! += r && r.kind === 'reg' ? r.reg.num : 0;
  }
  /** `wide`: a 16-bit address's displacement, which NASM reads as a 16-bit number. */
  const tail: { value: Value; size: number; col: number; kind: 'imm' | 'rel' | 'disp'; signedOnly: boolean; wide?: boolean }[] = [];
  if (form.modrm !== null) {
    const regOp = byRole('r') ?? byRole('x');
    const regField = form.modrm === 'r' ? (regOp && regOp.kind === 'reg' ? regOp.reg.num : 0) : form.modrm;
    const rm = byRole('m') ?? byRole('x');
    if (!rm) throw new Error(`isa: ${form.mnemonic} ${form.encoding} has ModRM but no r/m operand`);
    if (rm.kind === 'reg') out.push(0xc0 | (regField << 3) | rm.reg.num);
    else if (rm.kind === 'mem') {
      const m = modrmForAddress(rm.addr, regField, rm.dispSize);
      out.push(...m.bytes);
      if (m.dispBytes > 0) tail.push({ value: rm.addr.disp, size: m.dispBytes, col: rm.col, kind: 'disp', signedOnly: m.dispBytes === 1, wide: rm.addr.size === 16 });
    }
  }
  const immOps = [byRole('i'), byRole('j')];
  let immIdx = 0;
  for (const field of form.immediates) {
    if (field === 'moffs') {
      const a = byRole('a');
      if (a && a.kind === 'mem') tail.push({ value: a.addr.disp, size: a.addr.size / 8, col: a.col, kind: 'disp', signedOnly: false, wide: a.addr.size === 16 });
      continue;
    }
    const op = immOps[immIdx++];
    if (!op || op.kind !== 'imm') throw new Error(`isa: ${form.mnemonic} ${form.encoding}: immediate without operand`);
    if (field === 'cd' || field === 'cp') {
      // offset, then the selector word
      if (op.selector === null) throw new Error(`isa: ${form.mnemonic} ${form.encoding}: far address without a selector`);
      tail.push({ value: op.value, size: field === 'cd' ? 2 : 4, col: op.col, kind: 'imm', signedOnly: false });
      tail.push({ value: op.selector, size: 2, col: op.col, kind: 'imm', signedOnly: false });
    } else if (field === 'rel8' || field === 'rel16' || field === 'rel32') {
      const near16 = field === 'rel32' && bits16 && form.cc !== null; // 0F 8x in 16-bit code: a rel16
      tail.push({ value: op.value, size: field === 'rel8' ? 1 : field === 'rel16' || near16 ? 2 : 4, col: op.col, kind: 'rel', signedOnly: true });
    } else {
      const size = field === 'ib' ? 1 : field === 'iw' ? 2 : 4;
      const sbyte = form.operands.some((s) => s.role === (immIdx === 1 ? 'i' : 'j') && (s.type === 'sbyte16' || s.type === 'sbyte32'));
      tail.push({ value: op.value, size, col: op.col, kind: 'imm', signedOnly: sbyte });
    }
  }
  for (const b of form.suffix) tail.push({ value: constant(BigInt(b)), size: 1, col: insn.col, kind: 'imm', signedOnly: false });
  const size = out.length + tail.reduce((s, t) => s + t.size, 0);
  if (!final) return { size, bytes: null, form, errors, warnings };

  for (const t of tail) {
    let n: bigint;
    try {
      n = final.resolve(t.value, t.col);
    } catch (e) {
      if (e instanceof EncodeProblem) {
        errors.push({ col: e.col, message: e.message });
        out.push(...le(0n, t.size));
        continue;
      }
      throw e;
    }
    if (t.kind === 'rel') {
      // Relative to the end of the instruction; the target may be in another section.
      n -= final.sectionAddress(ctx.section) + BigInt(ctx.offset + size);
      if (t.size === 1 && (n < -128n || n > 127n)) {
        errors.push({ col: t.col, message: `short jump out of range (target is ${n} bytes away, reach is -128..127)` });
      }
      if (t.size === 2 && (n < -32768n || n > 32767n)) {
        errors.push({ col: t.col, message: `word jump out of range (target is ${n} bytes away, reach is -32768..32767)` });
      }
      n = BigInt.asIntN(32, n);
    } else if (t.kind === 'disp' && t.wide) {
      if (!isScalar(t.value) && (n < -32768n || n > 0xffffn)) {
        errors.push({ col: t.col, message: `address 0x${n.toString(16)} does not fit in a 16-bit address` });
      }
      const w = rangeWarning(n, t.size, false);
      if (w) warnings.push({ col: t.col, message: w });
    } else if (t.kind === 'disp') {
      n = BigInt.asIntN(32, n);
      const w = t.signedOnly ? rangeWarning(n, 1, true) : null;
      if (w) warnings.push({ col: t.col, message: w.replace('signed byte value', 'byte displacement') });
    } else if (t.size < 4 && simpleSection(t.value)) {
      // An address in a byte or word field: ld would stop with "relocation truncated to fit".
      const bits = BigInt(t.size * 8);
      if (n < -(1n << (bits - 1n)) || n > (1n << bits) - 1n) {
        errors.push({ col: t.col, message: `address 0x${n.toString(16)} does not fit in ${t.size === 1 ? 'a byte' : 'a word'}` });
      }
    } else if (t.signedOnly) {
      // a sign-extended byte: what counts is the value at the operation's size
      const w = rangeWarning(BigInt.asIntN(form.opsize === 16 ? 16 : 32, n), 1, true);
      if (w) warnings.push({ col: t.col, message: w });
    } else {
      const w = rangeWarning(n, t.size, false);
      if (w) warnings.push({ col: t.col, message: w });
    }
    out.push(...le(n, t.size));
  }
  return { size, bytes: out, form, errors, warnings };
}

/** An operand value that cannot be encoded (undefined symbol, complex relocation…). */
export class EncodeProblem extends Error {
  constructor(readonly col: number, message: string) {
    super(message);
  }
}

export { AddressError, analyzeAddress };
