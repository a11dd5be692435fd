/**
 * A decoder driven by the same table as the assembler: every form's opcode
 * bytes (and ModRM digit) index it, so whatever the assembler can encode this
 * can decode. It finds the form, the prefixes, ModRM/SIB/displacement and the
 * immediates of one instruction; turning that into text is the
 * disassembler's business (src/assembler/disassembler.ts).
 */
import { FORMS, type InsnForm, type OperandSpec } from './index';

export interface DecodedMemory {
  readonly base: number | null;
  readonly index: number | null;
  readonly scale: 1 | 2 | 4 | 8;
  readonly disp: number;
  /** Bytes of displacement in the encoding (0, 1 or 4). */
  readonly dispBytes: number;
}

export type DecodedOperand =
  | { readonly kind: 'reg'; readonly spec: OperandSpec; readonly num: number }
  | { readonly kind: 'mem'; readonly spec: OperandSpec; readonly mem: DecodedMemory }
  | { readonly kind: 'imm'; readonly spec: OperandSpec; readonly value: number; readonly selector?: number }
  | { readonly kind: 'rel'; readonly spec: OperandSpec; readonly target: number }
  | { readonly kind: 'implied'; readonly spec: OperandSpec };

export interface Decoded {
  readonly form: InsnForm;
  readonly length: number;
  /** Prefix bytes not consumed by the form (LOCK/REP, segment, a stray 0x66/0x67). */
  readonly prefixes: readonly number[];
  /** Segment override byte, if one applies to a memory operand. */
  readonly segment: number | null;
  readonly operands: readonly DecodedOperand[];
}

const PREFIX_BYTES = new Set([0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67]);
const WAIT = 0x9b;
const SEGMENT_BYTES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]);

/** Forms by their opcode bytes (with +r expanded), in table order. */
const BY_OPCODE: ReadonlyMap<string, readonly InsnForm[]> = (() => {
  const map = new Map<string, InsnForm[]>();
  const add = (key: string, f: InsnForm): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(f)) list.push(f);
    map.set(key, list);
  };
  // Exact opcodes first: 90 is NOP before it is XCHG EAX, EAX. Shorthands (`nd`) are never printed;
  // a form with a constant last byte (cmpeqps) is found through its general one (cmpps), see PREDICATE_FORMS.
  const shown = FORMS.filter((f) => !f.noDisassembly);
  for (const f of shown) if (!f.plusReg && f.suffix.length === 0) add(f.opcode.join(','), f);
  for (const f of shown) {
    if (f.plusReg) {
      for (let r = 0; r < 8; r++) add([...f.opcode.slice(0, -1), f.opcode[f.opcode.length - 1]! + r].join(','), f);
    }
  }
  return map;
})();

const MAX_OPCODE = Math.max(...FORMS.map((f) => f.opcode.length));

/** `cmpeqps` and its kin by opcode and predicate byte: what `cmpps …, 0` is written as. */
const PREDICATE_FORMS: ReadonlyMap<string, InsnForm> = new Map(
  FORMS.filter((f) => f.suffix.length === 1).map((f) => [`${f.opcode.join(',')}/${f.suffix[0]}`, f]),
);

/** Prefix bytes that are part of some opcodes: F3 (endbr32, popcnt, pause), and the SSE mandatory 66/F2/F3. */
const OPCODE_PREFIXES = new Set([0x66, 0xf2, 0xf3]);

/** The form fits the ModRM byte: its digit, and register or memory in ModRM.rm. */
function fitsModrm(f: InsnForm, modIsReg: boolean | null, reg: number | null, rmNum: number | null): boolean {
  if (f.modrm === null) return true;
  if (modIsReg === null) return false;
  if (typeof f.modrm === 'number' && reg !== f.modrm) return false;
  const rm = f.operands.find((o) => o.role === 'm' || o.role === 'x');
  if (!rm) return false;
  // PINSRB's byte register form takes no AH..BH: register 4-7 is the dword form's ESP..EDI.
  if (f.noHighBytes && modIsReg && rm.size === 8 && rmNum !== null && rmNum >= 4) return false;
  if (rm.role === 'x' || rm.kind === 'reg') return modIsReg;
  if (rm.kind === 'mem') return !modIsReg;
  return true;
}

/**
 * The first form (table order) that fits, preferring one whose own 0x66/0x67
 * match the prefixes present; a prefix no form wants is left over and shown.
 */
function chooseForm(candidates: readonly InsnForm[], modIsReg: boolean | null, reg: number | null, rmNum: number | null, osize16: boolean, asize16: boolean): InsnForm | undefined {
  const fits = (f: InsnForm, want66: boolean, want67: boolean): boolean =>
    f.prefixes.includes(0x66) === want66 && f.prefixes.includes(0x67) === want67 && fitsModrm(f, modIsReg, reg, rmNum);
  for (const [o, a] of [[osize16, asize16], [false, asize16], [osize16, false], [false, false]] as const) {
    const f = candidates.find((x) => fits(x, o, a));
    if (f) return f;
  }
  return undefined;
}

/**
 * Decode the instruction at `offset` of `bytes`, which sits at address
 * `address`. Returns null for bytes that are not an instruction of the table.
 * A WAIT (9B) is read with what follows when that is a `wait` form (9B D9 /7
 * is FSTCW, as NASM writes it), else as FWAIT on its own.
 */
export function decode(bytes: Uint8Array, offset: number, address: number): Decoded | null {
  if (bytes[offset] === WAIT) {
    const waited = decodeOne(bytes, offset + 1, address + 1, true);
    if (waited) return { ...waited, length: waited.length + 1 };
  }
  return decodeOne(bytes, offset, address, false);
}

/** One instruction; `waited`: a 9B came before `offset`, and only `wait` forms may take it. */
function decodeOne(bytes: Uint8Array, offset: number, address: number, waited: boolean): Decoded | null {
  let p = offset;
  const prefixes: number[] = [];
  while (p < bytes.length && PREFIX_BYTES.has(bytes[p]!) && prefixes.length < 4) prefixes.push(bytes[p++]!);
  const start = p;
  // The longest opcode the table knows at this position. Some start with what reads as a
  // prefix (F3 0F 1E FB endbr32, F3 0F B8 popcnt, F3 90 pause, 66 0F 58 addpd): those are tried first.
  let candidates: readonly InsnForm[] = [];
  let opLen = 0;
  for (const back of [1, 0]) {
    if (candidates.length > 0) break;
    const from = back === 0 ? start : start - 1;
    if (back === 1 && (prefixes.length === 0 || !OPCODE_PREFIXES.has(prefixes[prefixes.length - 1]!))) continue;
    for (let n = Math.min(MAX_OPCODE, bytes.length - from); n >= 1; n--) {
      const list = BY_OPCODE.get([...bytes.subarray(from, from + n)].join(','));
      if (list) {
        candidates = list;
        opLen = n;
        if (back === 1) {
          prefixes.pop();
          p = from;
        }
        break;
      }
    }
  }
  candidates = candidates.filter((f) => f.prefixes.includes(WAIT) === waited);
  if (candidates.length === 0) return null;
  p += opLen;
  const osize16 = prefixes.includes(0x66);
  const asize16 = prefixes.includes(0x67);
  const needsModrm = candidates.some((f) => f.modrm !== null);
  const modrm = needsModrm ? bytes[p] : undefined;
  const mod = modrm !== undefined ? modrm >> 6 : null;
  const reg = modrm !== undefined ? (modrm >> 3) & 7 : null;
  const form = chooseForm(candidates, mod === null ? null : mod === 3, reg, modrm !== undefined ? modrm & 7 : null, osize16, asize16);
  if (!form) return null;
  // The form's own 0x66 / 0x67 are part of it; any other prefix is left over.
  const leftover = [...prefixes];
  for (const b of form.prefixes) {
    const i = leftover.indexOf(b);
    if (i >= 0) leftover.splice(i, 1);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let mem: DecodedMemory | null = null;
  let rmReg: number | null = null;
  if (form.modrm !== null) {
    p++;
    const rm = modrm! & 7;
    if (mod === 3) rmReg = rm;
    else {
      let base: number | null = rm;
      let index: number | null = null;
      let scale: 1 | 2 | 4 | 8 = 1;
      if (rm === 4) {
        const sib = bytes[p++];
        if (sib === undefined) return null;
        scale = (1 << (sib >> 6)) as 1 | 2 | 4 | 8;
        index = ((sib >> 3) & 7) === 4 ? null : (sib >> 3) & 7;
        base = sib & 7;
        if (base === 5 && mod === 0) base = null;
      } else if (rm === 5 && mod === 0) {
        base = null;
      }
      const dispBytes = mod === 1 ? 1 : mod === 2 || base === null ? 4 : 0;
      if (p + dispBytes > bytes.length) return null;
      const disp = dispBytes === 1 ? view.getInt8(p) : dispBytes === 4 ? view.getInt32(p, true) : 0;
      p += dispBytes;
      mem = { base, index, scale, disp, dispBytes };
    }
  }
  const operands: DecodedOperand[] = [];
  const immValues: number[] = [];
  let moffs = 0;
  let selector: number | undefined;
  for (const field of form.immediates) {
    const size = field === 'ib' || field === 'rel8' ? 1 : field === 'iw' || field === 'rel16' ? 2 : field === 'cp' ? 6 : 4;
    if (p + size > bytes.length) return null;
    // A far address (cd/cp): the offset, then the selector word.
    const v = size === 1 ? view.getUint8(p) : size === 2 || field === 'cd' ? view.getUint16(p, true) : view.getUint32(p, true);
    if (field === 'cd' || field === 'cp') selector = view.getUint16(p + size - 2, true);
    p += size;
    if (field === 'rel8' || field === 'rel16' || field === 'rel32') {
      const signed = size === 1 ? (v << 24) >> 24 : size === 2 ? (v << 16) >> 16 : v | 0;
      immValues.push(signed); // the target needs the length: see below
    } else if (field === 'moffs') {
      moffs = v;
    } else {
      immValues.push(v);
    }
  }
  const length = p - offset;
  let immIdx = 0;
  for (const spec of form.operands) {
    switch (spec.role) {
      case 'r':
        operands.push({ kind: 'reg', spec, num: reg! });
        break;
      case 'm':
        operands.push(rmReg !== null ? { kind: 'reg', spec, num: rmReg } : { kind: 'mem', spec, mem: mem! });
        break;
      case 'x':
        operands.push({ kind: 'reg', spec, num: reg! });
        break;
      case 'o':
        operands.push({ kind: 'reg', spec, num: bytes[start + opLen - 1]! - form.opcode[form.opcode.length - 1]! });
        break;
      case 'a':
        operands.push({ kind: 'mem', spec, mem: { base: null, index: null, scale: 1, disp: moffs | 0, dispBytes: 4 } });
        break;
      case 'i':
      case 'j': {
        const v = immValues[immIdx++]!;
        if (spec.kind === 'rel') {
          operands.push({ kind: 'rel', spec, target: (address + length + v) >>> 0 });
        } else {
          operands.push(spec.kind === 'far' ? { kind: 'imm', spec, value: v, selector } : { kind: 'imm', spec, value: v });
        }
        break;
      }
      default:
        operands.push({ kind: 'implied', spec });
    }
  }
  const segment = leftover.find((b) => SEGMENT_BYTES.has(b)) ?? null;
  const last = operands[operands.length - 1];
  const predicate = last?.kind === 'imm' && form.immediates.length === 1 ? PREDICATE_FORMS.get(`${form.opcode.join(',')}/${last.value}`) : undefined;
  if (predicate && predicate.operands.length === operands.length - 1) {
    return { form: predicate, length, prefixes: leftover, segment, operands: operands.slice(0, -1).map((o, i) => ({ ...o, spec: predicate.operands[i]! })) };
  }
  return { form, length, prefixes: leftover, segment, operands };
}
