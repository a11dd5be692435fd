// SECDED ECC over every 64-bit word of chassis memory: a Hsiao (72,64) code.
// Each of the 64 data bits has an odd-weight column in the 8-bit syndrome
// space (all 56 weight-3 columns, then 8 weight-5 ones chosen so every check
// bit covers 26 data bits); the 8 check bits have the weight-1 columns. So
//   syndrome 0                      -> no error
//   syndrome = a column             -> that single bit flipped: corrected
//   even weight, nonzero            -> two bits flipped: detected
//   odd weight, not a column        -> three or more: detected
// and three or more flips can also land on a column and be miscorrected, as
// with the real code. The decoder never knows which bits were flipped.
import { CONTROL_BASE, C_MEM_BASE, C_CHECK_BASE, C_MEM_STRIDE, C_ECC_EVENT_COUNT, C_ECC_EVENTS_LOST, ECC_EVENTS_BASE, ECC_EVENT_SIZE, ECC_EVENT_SLOTS,
  ECC_CORRECTED, ECC_UNCORRECTABLE, C_STUCK_CELL_COUNT, C_STUCK_CELLS, STUCK_CELL_SIZE } from "../layout";

// COLUMN[i]: syndrome bits of data bit i. ROWS: per check bit j, the data bits it covers (lo and hi words).
const COLUMN = memory.data(64);
const ROW_LO = memory.data(32);
const ROW_HI = memory.data(32);
// SYNDROME_BIT[s]: the single flipped bit (0-63 data, 64-71 check) with syndrome s, or 0xff.
const SYNDROME_BIT = memory.data(256);

function buildTables(): void {
  let i: u32 = 0;
  for (let c: u32 = 1; c < 256; c++) if (popcnt<u32>(c) == 3) store<u8>(COLUMN + i++, <u8>c);
  for (let r: u32 = 0; r < 8; r++) {
    const rotated: u32 = ((<u32>0x1f << r) | (<u32>0x1f >> (8 - r))) & 0xff;
    store<u8>(COLUMN + i++, <u8>rotated);
  }
  memory.fill(SYNDROME_BIT, 0xff, 256);
  memory.fill(ROW_LO, 0, 32);
  memory.fill(ROW_HI, 0, 32);
  for (let bit: u32 = 0; bit < 64; bit++) {
    const col = <u32>load<u8>(COLUMN + bit);
    store<u8>(SYNDROME_BIT + col, <u8>bit);
    for (let j: u32 = 0; j < 8; j++) {
      if ((col >> j) & 1) {
        if (bit < 32) store<u32>(ROW_LO + j * 4, load<u32>(ROW_LO + j * 4) | (<u32>1 << bit));
        else store<u32>(ROW_HI + j * 4, load<u32>(ROW_HI + j * 4) | (<u32>1 << (bit - 32)));
      }
    }
  }
  for (let j: u32 = 0; j < 8; j++) store<u8>(SYNDROME_BIT + (<u32>1 << j), <u8>(64 + j));
}
buildTables();

/** The 8 check bits of a 64-bit word (lo = bytes 0-3, hi = bytes 4-7). */
export function checkBits(lo: u32, hi: u32): u32 {
  let c: u32 = 0;
  for (let j: u32 = 0; j < 8; j++) {
    c |= ((popcnt<u32>(lo & load<u32>(ROW_LO + j * 4)) + popcnt<u32>(hi & load<u32>(ROW_HI + j * 4))) & 1) << j;
  }
  return c;
}

/** The bit a syndrome points at (0-71), or 0xff when it names no single bit. */
export function syndromeBit(syndrome: u32): u32 { return <u32>load<u8>(SYNDROME_BIT + (syndrome & 0xff)); }

/** Data column of a bit, for tests of the code's properties. */
export function dataColumn(bit: u32): u32 { return <u32>load<u8>(COLUMN + (bit & 63)); }

// ---- Words in chassis memory ----------------------------------------------

/** The decoded (corrected) word of the last eccReadWord. */
export let WORD_LO: u32 = 0;
export let WORD_HI: u32 = 0;

@inline function ctl(o: u32): u32 { return load<u32>(CONTROL_BASE + o); }
@inline export function checkAddress(chassis: u32, wordPhys: u32): u32 {
  return ctl(C_CHECK_BASE) + chassis * (ctl(C_MEM_STRIDE) >> 3) + (wordPhys >> 3);
}

/** Set when an event is recorded: the step loop returns to the host at the end of the cycle. */
export let ECC_PENDING: bool = false;
export function setEccPending(on: bool): void { ECC_PENDING = on; }

function recordEvent(kind: u32, chassis: u32, wordPhys: u32, detail: u32): void {
  ECC_PENDING = true;
  const n = ctl(C_ECC_EVENT_COUNT);
  if (n >= ECC_EVENT_SLOTS) {
    // The host drains after every cycle that records one, so this needs a flood; count what is lost.
    store<u32>(CONTROL_BASE + C_ECC_EVENTS_LOST, ctl(C_ECC_EVENTS_LOST) + 1);
    return;
  }
  const e = ECC_EVENTS_BASE + n * ECC_EVENT_SIZE;
  store<u32>(e, kind);
  store<u32>(e, chassis, 4);
  store<u32>(e, wordPhys, 8);
  store<u32>(e, detail, 12);
  store<u32>(CONTROL_BASE + C_ECC_EVENT_COUNT, n + 1);
}

/** Re-assert stuck cells of a word after it was written (data and check byte given, returns via memory). */
function applyStuckCells(chassis: u32, wordPhys: u32, memBase: u32): void {
  const n = ctl(C_STUCK_CELL_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    const e = CONTROL_BASE + C_STUCK_CELLS + i * STUCK_CELL_SIZE;
    if (load<u32>(e) != chassis || load<u32>(e, 4) != wordPhys) continue;
    const bit = load<u32>(e, 8);
    const value = load<u32>(e, 12);
    const at = bit < 64 ? memBase + wordPhys + (bit >> 3) : checkAddress(chassis, wordPhys);
    const mask = <u8>(<u32>1 << (bit & 7));
    const old = load<u8>(at);
    store<u8>(at, value != 0 ? old | mask : old & ~mask);
  }
}

/** Write a whole word with fresh check bits (then any stuck cell wins). */
export function eccWriteWord(chassis: u32, memBase: u32, wordPhys: u32, lo: u32, hi: u32): void {
  store<u32>(memBase + wordPhys, lo);
  store<u32>(memBase + wordPhys + 4, hi);
  store<u8>(checkAddress(chassis, wordPhys), <u8>checkBits(lo, hi));
  if (ctl(C_STUCK_CELL_COUNT) != 0) applyStuckCells(chassis, wordPhys, memBase);
}

/**
 * Read and decode one word as a memory controller does: a single-bit error is
 * corrected, written back and reported; anything worse is reported and
 * returns false. The decoded value is left in WORD_LO/WORD_HI.
 */
export function eccReadWord(chassis: u32, memBase: u32, wordPhys: u32): bool {
  let lo = load<u32>(memBase + wordPhys);
  let hi = load<u32>(memBase + wordPhys + 4);
  const check = <u32>load<u8>(checkAddress(chassis, wordPhys));
  const syndrome = checkBits(lo, hi) ^ check;
  if (syndrome != 0) {
    const bit = syndromeBit(syndrome);
    if (bit == 0xff) {
      recordEvent(ECC_UNCORRECTABLE, chassis, wordPhys, syndrome);
      WORD_LO = lo; WORD_HI = hi;
      return false;
    }
    if (bit < 32) lo ^= <u32>1 << bit;
    else if (bit < 64) hi ^= <u32>1 << (bit - 32);
    eccWriteWord(chassis, memBase, wordPhys, lo, hi);
    recordEvent(ECC_CORRECTED, chassis, wordPhys, syndrome | (bit << 8));
  }
  WORD_LO = lo; WORD_HI = hi;
  return true;
}

/** Encode the check bytes of every word in [phys, phys + length) as it stands (after host writes). */
export function eccEncodeRange(chassis: u32, phys: u32, length: u32): void {
  const memBase = ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE);
  const end = (phys + length + 7) & ~7;
  for (let w = phys & ~7; w < end; w += 8) {
    eccWriteWord(chassis, memBase, w, load<u32>(memBase + w), load<u32>(memBase + w + 4));
  }
}

/**
 * Decode (and correct) every word in [phys, phys + length); returns the
 * number of uncorrectable words. The scrubber and the host's own reads of
 * suspect frames use it.
 */
export function eccCheckRange(chassis: u32, phys: u32, length: u32): u32 {
  const memBase = ctl(C_MEM_BASE) + chassis * ctl(C_MEM_STRIDE);
  const end = (phys + length + 7) & ~7;
  let bad: u32 = 0;
  for (let w = phys & ~7; w < end; w += 8) if (!eccReadWord(chassis, memBase, w)) bad++;
  return bad;
}

/** Decode without touching memory, for tests: returns syndrome | (bit << 8). */
export function eccDecode(lo: u32, hi: u32, check: u32): u32 {
  const syndrome = checkBits(lo, hi) ^ (check & 0xff);
  return syndrome | (syndromeBit(syndrome) << 8);
}
