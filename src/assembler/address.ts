/**
 * Effective addresses: from the linear value of `[...]` to base,
 * index and scale, then to ModRM, SIB and displacement bytes, making the
 * choices NASM makes:
 *   - the first register written is the base, unless it was written with a
 *     scale (`[eax*1+ebx]` makes EBX the base) or NASM's hint was voided by
 *     summing two like terms (`[ecx+ebx+4+4]`): then NASM's register order rules;
 *   - `[r*2]`, `[r*3]`, `[r*5]`, `[r*9]` become `[r+r*1]` … `[r+r*8]` (no
 *     32-bit displacement needed), unless `nosplit`;
 *   - ESP can only be a base, so `[eax+esp]` swaps the two;
 *   - the displacement is omitted when it is 0 (except with EBP as base, which
 *     needs a disp8 of 0), one byte when it fits in -128..127 and is a plain
 *     number, else four bytes; `[byte …]` / `[dword …]` force the size.
 * 16-bit addresses (`[bx+si+4]`, `[bp]`, `[word 0x1234]`) are the eight 8086
 * forms: BX or BP plus SI or DI, in any order; NASM reads their displacement
 * as a 16-bit number (`[bx+0xffff]` is `[bx-1]`, a disp8).
 */
import type { Register } from '../isa';
import { isScalar, type BaseHint, type Value } from './expression';

export interface AddressParts {
  /** The address size: 16 with 16-bit registers or `[word …]`, else 32 (or the code's size with no register). */
  readonly size: 16 | 32;
  readonly base: Register | null;
  readonly index: Register | null;
  readonly scale: 1 | 2 | 4 | 8;
  /** The displacement: the value without its register terms. */
  readonly disp: Value;
}

export class AddressError extends Error {}

/** NASM numbers its registers alphabetically; without a usable hint, the first is the base. */
const NASM_ORDER = ['eax', 'ebp', 'ebx', 'ecx', 'edi', 'edx', 'esi', 'esp'];

/**
 * Split the value of a bracket expression into base, index, scale and
 * displacement, as NASM's parse_mref and process_ea do.
 */
export function analyzeAddress(v: Value, nosplit: boolean, hint: BaseHint, dispSize = 0, defaultSize: 16 | 32 = 32): AddressParts {
  const disp: Value = { ...v, regs: [] };
  for (const r of v.regs) {
    if (r.reg.cls !== 'r32' && r.reg.cls !== 'r16') throw new AddressError(`register '${r.reg.name}' cannot be used in an address`);
  }
  const size = v.regs.length > 0 ? v.regs[0]!.reg.size as 16 | 32 : dispSize === 16 || dispSize === 32 ? dispSize : defaultSize;
  if (v.regs.some((r) => r.reg.size !== size) || (v.regs.length > 0 && (dispSize === 16 || dispSize === 32) && dispSize !== size)) {
    throw new AddressError('impossible combination of address sizes');
  }
  if (size === 16) return analyzeAddress16(v, disp);
  const regs = [...v.regs].sort((a, b) => NASM_ORDER.indexOf(a.reg.name) - NASM_ORDER.indexOf(b.reg.name));
  let base: Register | null = null;
  let index: Register | null = null;
  let s = 0n;
  for (const r of regs) {
    if (r.coef === 1n && !base) base = r.reg;
    else if (!index) {
      index = r.reg;
      s = r.coef;
    } else {
      throw new AddressError(base ? 'invalid effective address: too many registers' : 'invalid effective address: two index registers');
    }
  }
  const hinted = (r: Register | null, type: BaseHint['type']): boolean => r !== null && hint.base === r.name && hint.type === type;
  // The hint may swap base and index: `[esi+ecx]` keeps ESI as the base.
  if (s === 1n && base && index && (hinted(base, 'notbase') || hinted(index, 'makebase'))) [base, index] = [index, base];
  if (!base && s === 1n && !hinted(index, 'notbase')) [base, index] = [index, null];
  // [r*2] [r*3] [r*5] [r*9] become [r + r*1] … [r + r*8], unless nosplit
  if (!base && index && ((s === 2n && index.name !== 'esp' && (!nosplit || hint.type === 'summed')) || s === 3n || s === 5n || s === 9n)) {
    base = index;
    s -= 1n;
  }
  // ESP can only be a base
  if (s === 1n && index && index.name === 'esp') [base, index] = [index, base];
  if (index && index.name === 'esp') throw new AddressError('invalid effective address: ESP cannot be an index register');
  if (index && s !== 1n && s !== 2n && s !== 4n && s !== 8n) {
    throw new AddressError('invalid effective address: the scale must be 1, 2, 4 or 8');
  }
  return { size: 32, base, index, scale: (index ? Number(s) : 1) as 1 | 2 | 4 | 8, disp };
}

/** The 8086 forms: at most one of BX/BP (the base) and one of SI/DI (the index), each once. */
function analyzeAddress16(v: Value, disp: Value): AddressParts {
  let base: Register | null = null;
  let index: Register | null = null;
  for (const r of v.regs) {
    const slot = r.reg.name === 'bx' || r.reg.name === 'bp' ? 'base' : r.reg.name === 'si' || r.reg.name === 'di' ? 'index' : null;
    if (r.coef !== 1n || slot === null || (slot === 'base' ? base : index) !== null) {
      throw new AddressError('invalid 16-bit effective address: BX or BP plus SI or DI, each once');
    }
    if (slot === 'base') base = r.reg;
    else index = r.reg;
  }
  return { size: 16, base, index, scale: 1, disp };
}

/** ModRM.rm of each 16-bit form, by base and index name. */
const RM16: Readonly<Record<string, number>> = { 'bx+si': 0, 'bx+di': 1, 'bp+si': 2, 'bp+di': 3, '+si': 4, '+di': 5, 'bp+': 6, 'bx+': 7 };

/** Displacement size in bytes of a 16-bit address: none, a byte when the 16-bit value fits, else a word. */
function displacementSize16(a: AddressParts, dispSize: number): 0 | 1 | 2 {
  if (!a.base && !a.index) return 2;
  if (dispSize === 8) return 1;
  if (dispSize === 16) return 2;
  if (!isScalar(a.disp)) return 2;
  const n = a.disp.unknown ? 0n : BigInt.asIntN(16, a.disp.n);
  if (n === 0n && !(a.base?.name === 'bp' && !a.index)) return 0;
  return n >= -128n && n <= 127n ? 1 : 2;
}

function modrmForAddress16(a: AddressParts, reg: number, dispSize: number): { bytes: number[]; dispBytes: 0 | 1 | 2 } {
  if (!a.base && !a.index) return { bytes: [(reg << 3) | 6], dispBytes: 2 };
  const size = displacementSize16(a, dispSize);
  const mod = size === 0 ? 0 : size === 1 ? 1 : 2;
  return { bytes: [(mod << 6) | (reg << 3) | RM16[`${a.base?.name ?? ''}+${a.index?.name ?? ''}`]!], dispBytes: size };
}

/** Displacement size in bytes this address needs (0, 1 or 4). */
export function displacementSize(a: AddressParts, dispSize: number): 0 | 1 | 4 {
  if (!a.base) return 4;
  if (dispSize === 8) return 1;
  if (dispSize === 32) return 4;
  const d = a.disp;
  if (!isScalar(d)) return 4;
  // A value not known yet is taken as 0 for now; later passes settle it.
  const n = d.unknown ? 0n : BigInt.asIntN(32, d.n);
  if (n === 0n && a.base.name !== 'ebp') return 0;
  return n >= -128n && n <= 127n ? 1 : 4;
}

/** ModRM (+SIB) bytes for a memory operand, and the displacement size that follows. */
export function modrmForAddress(a: AddressParts, reg: number, dispSize: number): { bytes: number[]; dispBytes: 0 | 1 | 2 | 4 } {
  if (a.size === 16) return modrmForAddress16(a, reg, dispSize);
  const size = displacementSize(a, dispSize);
  const mod = size === 0 ? 0 : size === 1 ? 1 : 2;
  const ss = { 1: 0, 2: 1, 4: 2, 8: 3 }[a.scale];
  if (!a.base && !a.index) {
    return { bytes: [(reg << 3) | 5], dispBytes: 4 };
  }
  if (!a.base) {
    // index only: SIB with no base (base=101, mod=00) and a 32-bit displacement
    return { bytes: [(reg << 3) | 4, (ss << 6) | (a.index!.num << 3) | 5], dispBytes: 4 };
  }
  if (!a.index && a.base.name !== 'esp') {
    return { bytes: [(mod << 6) | (reg << 3) | a.base.num], dispBytes: size };
  }
  const idx = a.index ? a.index.num : 4; // 100 = no index
  return { bytes: [(mod << 6) | (reg << 3) | 4, (ss << 6) | (idx << 3) | a.base.num], dispBytes: size };
}
