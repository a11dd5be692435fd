// Lazy arithmetic flags. An ALU instruction records its kind, operand size,
// inputs and result; the six arithmetic flags are computed only when something
// reads them (a jcc, pushf, adc…). Undefined flags come out of the same
// formulas, so they are deterministic, if not always what a given CPU does.
import { R } from "./state";
import { R_EFLAGS, R_LAZY_OP, R_LAZY_RES, R_LAZY_DST, R_LAZY_SRC, R_LAZY_AUX } from "../layout";

export const CF: u32 = 0x1;
export const PF: u32 = 0x4;
export const AF: u32 = 0x10;
export const ZF: u32 = 0x40;
export const SF: u32 = 0x80;
export const TF: u32 = 0x100;
export const IF: u32 = 0x200;
export const DF: u32 = 0x400;
export const OF: u32 = 0x800;
export const ARITH_FLAGS: u32 = CF | PF | AF | ZF | SF | OF;
/** Bits popf may change in user mode: the arithmetic flags, TF, DF, NT, AC, ID (not IF or IOPL). */
export const POPF_MASK: u32 = ARITH_FLAGS | TF | DF | 0x4000 | 0x40000 | 0x200000;

// Kinds of lazy operation (low byte of R_LAZY_OP; operand size in bits 8..15).
export const FL_NONE: u32 = 0;
export const FL_ADD: u32 = 1;
export const FL_ADC: u32 = 2;   // aux = carry in
export const FL_SUB: u32 = 3;
export const FL_SBB: u32 = 4;   // aux = borrow in
export const FL_LOGIC: u32 = 5;
export const FL_INC: u32 = 6;   // aux = CF before (inc/dec keep it)
export const FL_DEC: u32 = 7;
export const FL_NEG: u32 = 8;
export const FL_SHL: u32 = 9;   // src = count (1..31)
export const FL_SHR: u32 = 10;
export const FL_SAR: u32 = 11;
export const FL_MUL: u32 = 12;  // aux != 0: the high half is significant (CF = OF = 1)

@inline export function setLazy(kind: u32, size: u32, res: u32, dst: u32, src: u32): void {
  store<u32>(R + R_LAZY_OP, kind | (size << 8));
  store<u32>(R + R_LAZY_RES, res);
  store<u32>(R + R_LAZY_DST, dst);
  store<u32>(R + R_LAZY_SRC, src);
}
@inline export function setLazyAux(aux: u32): void { store<u32>(R + R_LAZY_AUX, aux); }

@inline function parityFlag(res: u32): u32 { return (popcnt<u32>(res & 0xff) & 1) == 0 ? PF : 0; }

/** EFLAGS with the arithmetic flags brought up to date. */
export function getFlags(): u32 {
  const eflags = load<u32>(R + R_EFLAGS);
  const op = load<u32>(R + R_LAZY_OP);
  if (op == FL_NONE) return eflags;
  const kind = op & 0xff;
  const size = op >> 8;
  const mask: u32 = size == 32 ? 0xffffffff : ((<u32>1 << size) - 1);
  const sign: u32 = <u32>1 << (size - 1);
  const res = load<u32>(R + R_LAZY_RES) & mask;
  const dst = load<u32>(R + R_LAZY_DST) & mask;
  const src = load<u32>(R + R_LAZY_SRC) & mask;
  const aux = load<u32>(R + R_LAZY_AUX);
  let f = eflags & ~ARITH_FLAGS;
  if (res == 0) f |= ZF;
  if (res & sign) f |= SF;
  f |= parityFlag(res);
  switch (kind) {
    case FL_ADD:
    case FL_ADC: {
      const carry = kind == FL_ADC && aux != 0 ? res <= dst : res < dst;
      if (carry) f |= CF;
      if ((dst ^ res) & (src ^ res) & sign) f |= OF;
      f |= (dst ^ src ^ res) & AF;
      break;
    }
    case FL_SUB:
    case FL_SBB: {
      const borrow = kind == FL_SBB && aux != 0 ? dst <= src : dst < src;
      if (borrow) f |= CF;
      if ((dst ^ src) & (dst ^ res) & sign) f |= OF;
      f |= (dst ^ src ^ res) & AF;
      break;
    }
    case FL_LOGIC:
      break;
    case FL_INC:
      f |= aux & CF;
      if (res == sign) f |= OF;
      if ((res & 0xf) == 0) f |= AF;
      break;
    case FL_DEC:
      f |= aux & CF;
      if (res == sign - 1) f |= OF;
      if ((res & 0xf) == 0xf) f |= AF;
      break;
    case FL_NEG:
      if (src != 0) f |= CF;
      if (res == sign) f |= OF;
      f |= (src ^ res) & AF;
      break;
    case FL_SHL: {
      const count = src;
      const cf: u32 = count <= size ? (<u32>(<u64>dst >> <u64>(size - count)) & 1) : 0;
      f |= cf;
      if (((res & sign) != 0 ? 1 : 0) ^ cf) f |= OF;
      break;
    }
    case FL_SHR: {
      const count = src;
      if (count <= size && ((dst >> (count - 1)) & 1)) f |= CF;
      // The sign changed (for shr: the old sign bit; shrd shares this kind).
      if ((dst ^ res) & sign) f |= OF;
      break;
    }
    case FL_SAR: {
      const count = src;
      // Sign-extend dst to 32 bits, then an arithmetic shift keeps the sign.
      const wide = <i32>(dst << (32 - size)) >> (32 - size);
      const by = count - 1 > 31 ? 31 : count - 1;
      if ((wide >> by) & 1) f |= CF;
      break;
    }
    case FL_MUL:
      if (aux != 0) f |= CF | OF;
      break;
    default:
      unreachable();
  }
  return f;
}

/** Fold the lazy state into R_EFLAGS, for instructions that set flags one by one. */
export function materializeFlags(): u32 {
  const f = getFlags();
  store<u32>(R + R_EFLAGS, f);
  store<u32>(R + R_LAZY_OP, FL_NONE);
  return f;
}

/** Replace the whole EFLAGS value (popf, sahf, fault injection). */
export function putFlags(f: u32): void {
  store<u32>(R + R_EFLAGS, f);
  store<u32>(R + R_LAZY_OP, FL_NONE);
}

@inline export function getCF(): u32 { return getFlags() & CF; }

/**
 * The overwhelmingly common compare-and-branch pairs, from the lazy record
 * alone: 1 or 0, or -1 when the flags must be worked out (condition). Inline,
 * so that the decoded fast path tests them without a call.
 */
@inline export function quickCondition(cc: u32): i32 {
  const op = load<u32>(R + R_LAZY_OP);
  if (op == (FL_SUB | (32 << 8))) {
    const dst = load<u32>(R + R_LAZY_DST);
    const src = load<u32>(R + R_LAZY_SRC);
    switch (cc) {
      case 0x2: return <i32>(dst < src);
      case 0x3: return <i32>(dst >= src);
      case 0x4: return <i32>(dst == src);
      case 0x5: return <i32>(dst != src);
      case 0x6: return <i32>(dst <= src);
      case 0x7: return <i32>(dst > src);
      case 0xc: return <i32>(<i32>dst < <i32>src);
      case 0xd: return <i32>(<i32>dst >= <i32>src);
      case 0xe: return <i32>(<i32>dst <= <i32>src);
      case 0xf: return <i32>(<i32>dst > <i32>src);
      default: return -1;
    }
  }
  if (op == (FL_LOGIC | (32 << 8))) {
    const res = load<u32>(R + R_LAZY_RES);
    switch (cc) {
      case 0x4: return <i32>(res == 0);
      case 0x5: return <i32>(res != 0);
      case 0x8: return <i32>(<i32>res < 0);
      case 0x9: return <i32>(<i32>res >= 0);
      default: return -1;
    }
  }
  return -1;
}

/** Condition code cc (the low nibble of jcc/setcc/cmovcc) holds. */
export function condition(cc: u32): bool {
  const quick = quickCondition(cc);
  return quick >= 0 ? quick != 0 : conditionFromFlags(cc);
}

/** Condition code cc from the whole flag word: what quickCondition cannot tell. */
export function conditionFromFlags(cc: u32): bool {
  const f = getFlags();
  let r: bool;
  switch (cc >> 1) {
    case 0: r = (f & OF) != 0; break;
    case 1: r = (f & CF) != 0; break;
    case 2: r = (f & ZF) != 0; break;
    case 3: r = (f & (CF | ZF)) != 0; break;
    case 4: r = (f & SF) != 0; break;
    case 5: r = (f & PF) != 0; break;
    case 6: r = ((f & SF) != 0) != ((f & OF) != 0); break;
    default: r = (f & ZF) != 0 || (((f & SF) != 0) != ((f & OF) != 0)); break;
  }
  return (cc & 1) != 0 ? !r : r;
}
