// Arithmetic and logic at 8, 16 and 32 bits. Each function computes the
// result and records the lazy-flag inputs; the caller writes the result.
import { sizeMask, signBit, getReg32, setReg32, getReg16, setReg16, getReg8, setReg8, EAX, EDX } from "./state";
import { setLazy, setLazyAux, getCF, getFlags, materializeFlags, putFlags, CF, OF, PF, ZF, SF, ARITH_FLAGS,
  FL_ADD, FL_ADC, FL_SUB, FL_SBB, FL_LOGIC, FL_INC, FL_DEC, FL_NEG, FL_SHL, FL_SHR, FL_SAR, FL_MUL } from "./flags";
import { raise } from "../memory/mmu";
import { STOP_DIVIDE } from "../layout";

// Group-1 operation numbers (ModRM reg field of 80-83, and opcode >> 3 of 00-3F).
export const ALU_ADD: u32 = 0;
export const ALU_OR: u32 = 1;
export const ALU_ADC: u32 = 2;
export const ALU_SBB: u32 = 3;
export const ALU_AND: u32 = 4;
export const ALU_SUB: u32 = 5;
export const ALU_XOR: u32 = 6;
export const ALU_CMP: u32 = 7;

/** add/or/adc/sbb/and/sub/xor/cmp: flags per the SDM (logic ops clear CF and OF). */
export function alu(op: u32, dst: u32, src: u32, size: u32): u32 {
  const mask = sizeMask(size);
  let res: u32;
  switch (op) {
    case ALU_ADD: res = (dst + src) & mask; setLazy(FL_ADD, size, res, dst, src); break;
    case ALU_OR: res = (dst | src) & mask; setLazy(FL_LOGIC, size, res, dst, src); break;
    case ALU_ADC: {
      const c = getCF();
      res = (dst + src + c) & mask;
      setLazy(FL_ADC, size, res, dst, src);
      setLazyAux(c);
      break;
    }
    case ALU_SBB: {
      const c = getCF();
      res = (dst - src - c) & mask;
      setLazy(FL_SBB, size, res, dst, src);
      setLazyAux(c);
      break;
    }
    case ALU_AND: res = (dst & src) & mask; setLazy(FL_LOGIC, size, res, dst, src); break;
    case ALU_XOR: res = (dst ^ src) & mask; setLazy(FL_LOGIC, size, res, dst, src); break;
    default: res = (dst - src) & mask; setLazy(FL_SUB, size, res, dst, src); break; // sub, cmp
  }
  return res;
}

/** inc/dec keep CF, so the lazy record carries the old one. */
export function incDec(v: u32, dec: bool, size: u32): u32 {
  const c = getCF();
  const res = (dec ? v - 1 : v + 1) & sizeMask(size);
  setLazy(dec ? FL_DEC : FL_INC, size, res, v, 1);
  setLazyAux(c);
  return res;
}

export function neg(v: u32, size: u32): u32 {
  const res = (0 - v) & sizeMask(size);
  setLazy(FL_NEG, size, res, 0, v);
  return res;
}

/** Write CF and OF, keeping the other flags (rotates). */
function setCarryOverflow(cf: u32, ovf: u32): void {
  const f = materializeFlags() & ~(CF | OF);
  putFlags(f | (cf != 0 ? CF : 0) | (ovf != 0 ? OF : 0));
}

/**
 * Group 2 (C0/C1/D0-D3): rol ror rcl rcr shl shr sal sar. The count is masked
 * to 5 bits; a zero count changes nothing, flags included. OF is defined for a
 * count of 1 only; for larger counts it follows the same formula.
 */
export function shiftRotate(op: u32, v: u32, count: u32, size: u32): u32 {
  count &= 31;
  if (count == 0) return v;
  const mask = sizeMask(size);
  const sign = signBit(size);
  v &= mask;
  switch (op) {
    case 0: { // rol: CF = lsb of the result, OF = msb ^ CF
      const n = count % size;
      const res = n == 0 ? v : ((v << n) | (v >> (size - n))) & mask;
      const cf = res & 1;
      setCarryOverflow(cf, ((res & sign) != 0 ? 1 : 0) ^ cf);
      return res;
    }
    case 1: { // ror: CF = msb of the result, OF = the two top bits differ
      const n = count % size;
      const res = n == 0 ? v : ((v >> n) | (v << (size - n))) & mask;
      const msb: u32 = (res & sign) != 0 ? 1 : 0;
      const next: u32 = (res & (sign >> 1)) != 0 ? 1 : 0;
      setCarryOverflow(msb, msb ^ next);
      return res;
    }
    case 2: { // rcl: rotate the size+1 bits CF:v
      const n = size == 32 ? count : count % (size + 1);
      if (n == 0) return v;
      const wide: u64 = (<u64>getCF() << <u64>size) | <u64>v;
      const all: u64 = (<u64>1 << <u64>(size + 1)) - 1;
      const rot = ((wide << <u64>n) | (wide >> <u64>(size + 1 - n))) & all;
      const res = <u32>rot & mask;
      const cf = <u32>(rot >> <u64>size) & 1;
      setCarryOverflow(cf, ((res & sign) != 0 ? 1 : 0) ^ cf);
      return res;
    }
    case 3: { // rcr: OF from the operand and CF before the rotation
      const n = size == 32 ? count : count % (size + 1);
      if (n == 0) return v;
      const cin = getCF();
      const ovf = ((v & sign) != 0 ? 1 : 0) ^ cin;
      const wide: u64 = (<u64>cin << <u64>size) | <u64>v;
      const all: u64 = (<u64>1 << <u64>(size + 1)) - 1;
      const rot = ((wide >> <u64>n) | (wide << <u64>(size + 1 - n))) & all;
      const res = <u32>rot & mask;
      setCarryOverflow(<u32>(rot >> <u64>size) & 1, ovf);
      return res;
    }
    case 4:
    case 6: { // shl / sal
      const res = <u32>((<u64>v << <u64>count) & <u64>mask);
      setLazy(FL_SHL, size, res, v, count);
      return res;
    }
    case 5: { // shr
      const res = v >> count;
      setLazy(FL_SHR, size, res, v, count);
      return res;
    }
    default: { // sar
      const wide = <i32>(v << (32 - size)) >> (32 - size);
      const res = <u32>(wide >> count) & mask;
      setLazy(FL_SAR, size, res, v, count);
      return res;
    }
  }
}

/**
 * shld/shrd: shift dst, filling from src. CF is the last bit out of dst and
 * OF (count 1) whether the sign changed — the same rules the lazy SHL/SHR
 * kinds apply, so they are reused. A count above a 16-bit operand's size is
 * undefined; this takes the bits of dst:src:dst, as the CPU does.
 */
export function doubleShift(left: bool, dst: u32, src: u32, count: u32, size: u32): u32 {
  count &= 31;
  if (count == 0) return dst;
  const mask = sizeMask(size);
  let res: u32;
  if (size == 32) {
    res = left ? (dst << count) | (src >> (32 - count)) : (dst >> count) | (src << (32 - count));
  } else {
    const wide: u64 = (<u64>(dst & 0xffff) << 32) | (<u64>(src & 0xffff) << 16) | <u64>(dst & 0xffff);
    res = left ? <u32>((wide << <u64>count) >> 32) : <u32>(wide >> <u64>count);
    if (count > 1) { doubleShift16Flags(left, wide, dst, src, count, res & 0xffff); return res & mask; }
  }
  setLazy(left ? FL_SHL : FL_SHR, size, res & mask, dst & mask, count);
  return res & mask;
}

/**
 * The flags of a 16-bit shld/shrd by 2-31, as this machine's Intel CPU sets
 * them (test/core/vectors/shiftd.json): CF is the last bit out of
 * dst:src:dst, and OF is what a shift by one would give (shld: dst bits 15
 * and 14 differ; shrd: dst bit 15 and src bit 0 differ), whatever the count.
 * AF is undefined and left clear.
 */
function doubleShift16Flags(left: bool, wide: u64, dst: u32, src: u32, count: u32, res: u32): void {
  const cf = <u32>(left ? (wide >> <u64>(48 - count)) : (wide >> <u64>(count - 1))) & 1;
  const overflow = left ? ((dst >> 15) ^ (dst >> 14)) & 1 : ((dst >> 15) ^ src) & 1;
  let f = (getFlags() & ~ARITH_FLAGS) | cf | (overflow != 0 ? OF : 0);
  if (res == 0) f |= ZF;
  if (res & 0x8000) f |= SF;
  if ((popcnt<u32>(res & 0xff) & 1) == 0) f |= PF;
  putFlags(f);
}

// ---- Multiply and divide ---------------------------------------------------

/** mul (F6/F7 /4): AX, DX:AX or EDX:EAX = accumulator * v; CF = OF = high half nonzero. */
export function mulUnsigned(v: u32, size: u32): void {
  if (size == 8) {
    const p = getReg8(0) * (v & 0xff);
    setReg16(EAX, p);
    setLazy(FL_MUL, 8, p, 0, 0); setLazyAux(p >> 8);
  } else if (size == 16) {
    const p = getReg16(EAX) * (v & 0xffff);
    setReg16(EAX, p); setReg16(EDX, p >> 16);
    setLazy(FL_MUL, 16, p, 0, 0); setLazyAux(p >> 16);
  } else {
    const p: u64 = <u64>getReg32(EAX) * <u64>v;
    const hi = <u32>(p >> 32);
    setReg32(EAX, <u32>p); setReg32(EDX, hi);
    setLazy(FL_MUL, 32, <u32>p, 0, 0); setLazyAux(hi);
  }
}

/** imul (F6/F7 /5): signed; CF = OF = the product does not fit the low half. */
export function mulSigned(v: u32, size: u32): void {
  if (size == 8) {
    const p = <i32>(<i8>getReg8(0)) * <i32>(<i8>v);
    setReg16(EAX, <u32>p);
    setLazy(FL_MUL, 8, <u32>p, 0, 0); setLazyAux(p != <i32>(<i8>p) ? 1 : 0);
  } else if (size == 16) {
    const p = <i32>(<i16>getReg16(EAX)) * <i32>(<i16>v);
    setReg16(EAX, <u32>p); setReg16(EDX, <u32>p >> 16);
    setLazy(FL_MUL, 16, <u32>p, 0, 0); setLazyAux(p != <i32>(<i16>p) ? 1 : 0);
  } else {
    const p: i64 = <i64>(<i32>getReg32(EAX)) * <i64>(<i32>v);
    setReg32(EAX, <u32>p); setReg32(EDX, <u32>(p >> 32));
    setLazy(FL_MUL, 32, <u32>p, 0, 0); setLazyAux(p != <i64>(<i32>p) ? 1 : 0);
  }
}

/** Two- and three-operand imul: the truncated product; CF = OF = it was truncated. */
export function imulTruncating(a: u32, b: u32, size: u32): u32 {
  if (size == 16) {
    const p = <i32>(<i16>a) * <i32>(<i16>b);
    setLazy(FL_MUL, 16, <u32>p, 0, 0); setLazyAux(p != <i32>(<i16>p) ? 1 : 0);
    return <u32>p & 0xffff;
  }
  const p: i64 = <i64>(<i32>a) * <i64>(<i32>b);
  setLazy(FL_MUL, 32, <u32>p, 0, 0); setLazyAux(p != <i64>(<i32>p) ? 1 : 0);
  return <u32>p;
}

/** div (F6/F7 /6). A zero divisor or a quotient too wide raises #DE. Flags are left alone (undefined). */
export function divUnsigned(v: u32, size: u32): void {
  if (size == 8) {
    const d = v & 0xff;
    if (d == 0) { raise(STOP_DIVIDE, 0); return; }
    const n = getReg16(EAX);
    const q = n / d;
    if (q > 0xff) { raise(STOP_DIVIDE, 0); return; }
    setReg8(0, q); setReg8(4, n % d);
  } else if (size == 16) {
    const d = v & 0xffff;
    if (d == 0) { raise(STOP_DIVIDE, 0); return; }
    const n = (getReg16(EDX) << 16) | getReg16(EAX);
    const q = n / d;
    if (q > 0xffff) { raise(STOP_DIVIDE, 0); return; }
    setReg16(EAX, q); setReg16(EDX, n % d);
  } else {
    if (v == 0) { raise(STOP_DIVIDE, 0); return; }
    const n: u64 = (<u64>getReg32(EDX) << 32) | <u64>getReg32(EAX);
    const q = n / <u64>v;
    if (q > 0xffffffff) { raise(STOP_DIVIDE, 0); return; }
    setReg32(EAX, <u32>q); setReg32(EDX, <u32>(n % <u64>v));
  }
}

/** idiv (F6/F7 /7): signed, quotient truncated toward zero. */
export function divSigned(v: u32, size: u32): void {
  if (size == 8) {
    const d = <i32>(<i8>v);
    if (d == 0) { raise(STOP_DIVIDE, 0); return; }
    const n = <i32>(<i16>getReg16(EAX));
    const q = n / d;
    if (q < -128 || q > 127) { raise(STOP_DIVIDE, 0); return; }
    setReg8(0, <u32>q); setReg8(4, <u32>(n % d));
  } else if (size == 16) {
    const d = <i32>(<i16>v);
    if (d == 0) { raise(STOP_DIVIDE, 0); return; }
    const n = <i32>((getReg16(EDX) << 16) | getReg16(EAX));
    // -2^31 / -1 overflows i32: it is a #DE for a 16-bit quotient anyway.
    if (n == i32.MIN_VALUE && d == -1) { raise(STOP_DIVIDE, 0); return; }
    const q = n / d;
    if (q < -32768 || q > 32767) { raise(STOP_DIVIDE, 0); return; }
    setReg16(EAX, <u32>q); setReg16(EDX, <u32>(n % d));
  } else {
    const d = <i64>(<i32>v);
    if (d == 0) { raise(STOP_DIVIDE, 0); return; }
    const n = <i64>((<u64>getReg32(EDX) << 32) | <u64>getReg32(EAX));
    if (n == i64.MIN_VALUE && d == -1) { raise(STOP_DIVIDE, 0); return; }
    const q = n / d;
    if (q < <i64>i32.MIN_VALUE || q > <i64>i32.MAX_VALUE) { raise(STOP_DIVIDE, 0); return; }
    setReg32(EAX, <u32>q); setReg32(EDX, <u32>(n % d));
  }
}

export { getFlags };
