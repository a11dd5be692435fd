// vector-cases.mjs - the table of instruction vectors record-vectors.mjs runs on
// the CPU: for each family, instruction encodings x operand values x initial
// flags, and for each case the EFLAGS bits the Intel SDM defines for it
// (`mask`). A flag the SDM calls undefined is left out of the mask: the CPU
// may set it either way, so only the emulator's own determinism is tested
// for it (determinism.test.ts).
//
// A case: { asm, regs, flags, mem?, mask }. `asm` is NASM source: one line (a
// `db` line for encodings NASM would not choose, with the instruction after
// `;`), or several for a sequence, which the emulator runs one cycle each;
// `regs` the registers it sets, by any sub-register name (the rest of the
// register is random, the other registers keep the background values);
// `flags` the EFLAGS it starts with; `mem` four dwords at M (0x20000100),
// where memory operands point. ESP is never set: it holds STACK.
//
// The flag rules below were checked against the SDM's "Flags Affected"
// sections (and the 80386 manual's flag cross-reference, appendix B).

export const DATA = 0x20000000; // two pages, read-write, mapped natively and in the emulator
export const M = 0x20000100; // memory operands
export const STACK = 0x20001f00; // ESP in every case
export const UNMAPPED = 0x20002000; // the page after DATA is never mapped
export const READONLY = 0x20003000; // a read-only page of zeros, then unmapped again

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** Bits compared: the status flags, TF, IF, DF and the fixed bits 1, 3, 5. */
export const ALL = 0xfff;
/** IF and the always-one bit 1 (user mode cannot clear IF). */
export const BASE_FLAGS = 0x202;
const undef = (...flags) => ALL & ~flags.reduce((a, b) => a | b, 0);

// Initial flag states, rotated through by cases whose result flags do not
// depend on the incoming ones: every defined flag must still be overwritten
// (or kept, for DF and the flags an instruction leaves alone).
const FLAG_SETS = [
  BASE_FLAGS,
  BASE_FLAGS | ARITH,
  BASE_FLAGS | CF | ZF | PF,
  BASE_FLAGS | OF | SF | AF,
  BASE_FLAGS | DF | CF,
  BASE_FLAGS | DF | ARITH,
];
const flagSet = (i) => FLAG_SETS[i % FLAG_SETS.length];

export const BACKGROUND = {
  eax: 0x3c1a8e05, ecx: 0x91d2a6b7, edx: 0x5e0f7c48, ebx: 0xa4b3c2d1,
  esp: STACK, ebp: 0x6d5c4b3a, esi: 0x1f2e3d4c, edi: 0xe8f9a0b1,
};

// ---- Registers ---------------------------------------------------------------

export const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const NAMES = { 8: R8, 16: R16, 32: R32 };
const WORD = { 8: 'byte', 16: 'word', 32: 'dword' };

/** The full register, bit position and width of a register name. */
function regInfo(name) {
  let i = R32.indexOf(name);
  if (i >= 0) return { full: R32[i], shift: 0, bits: 32 };
  i = R16.indexOf(name);
  if (i >= 0) return { full: R32[i], shift: 0, bits: 16 };
  i = R8.indexOf(name);
  if (i >= 0) return { full: R32[i & 3], shift: i >= 4 ? 8 : 0, bits: 8 };
  throw new Error(`unknown register ${name}`);
}

const mask = (bits) => (bits === 32 ? 0xffffffff : (1 << bits) - 1);
const hex = (v) => `0x${(v >>> 0).toString(16)}`;
const signed = (v, bits) => ((v << (32 - bits)) >> (32 - bits));

// ---- Random values (xorshift32, seeded per family so families record independently) ----

export function makeRng(name) {
  let s = 0x811c9dc5;
  for (const ch of name) s = Math.imul(s ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  if (s === 0) s = 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** Edge values of a width, then `random` random ones. */
function edges(bits, rng, random = 1) {
  const all = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];
  const out = all.filter((v) => v <= mask(bits));
  for (let i = 0; i < random; i++) out.push(rng() & mask(bits));
  return out;
}

/** A family's case list builder: fills the unset parts of registers and memory with random bits. */
class Family {
  constructor(name) {
    this.name = name;
    this.rng = makeRng(name);
    this.cases = [];
  }

  add(asm, { regs = {}, flags = BASE_FLAGS, mem, mask: m = ALL }) {
    const full = {};
    for (const [name, value] of Object.entries(regs)) {
      const { full: r, shift, bits } = regInfo(name);
      if (r === 'esp') throw new Error(`${asm}: ESP is fixed`);
      const keep = ~(mask(bits) << shift);
      full[r] = (((full[r] ?? this.rng()) & keep) | ((value & mask(bits)) << shift)) >>> 0;
    }
    const c = { asm, regs: full, flags: flags >>> 0, mask: m };
    if (mem) c.mem = mem.map((d) => d >>> 0);
    this.cases.push(c);
  }

  /** Memory whose first operand-sized part is v, the rest random. */
  memWith(v, bits) {
    const m = [this.rng(), this.rng(), this.rng(), this.rng()];
    m[0] = ((m[0] & ~mask(bits)) | (v & mask(bits))) >>> 0;
    return m;
  }
}

// Register pairs the two-operand forms rotate through (never ESP).
const PAIRS = {
  32: [['eax', 'ebx'], ['ecx', 'edx'], ['esi', 'edi'], ['ebp', 'ecx'], ['edi', 'eax'], ['edx', 'esi']],
  16: [['ax', 'bx'], ['cx', 'dx'], ['si', 'di'], ['bp', 'cx'], ['di', 'ax'], ['dx', 'si']],
  8: [['al', 'bl'], ['ah', 'ch'], ['cl', 'dh'], ['bh', 'al'], ['dl', 'ah'], ['ch', 'cl']],
};
const pair = (bits, i) => PAIRS[bits][i % PAIRS[bits].length];

// ---- ALU: add or adc sbb and sub xor cmp test --------------------------------

function aluPairs(bits, rng) {
  const m = mask(bits);
  const max = m >>> 1;
  const min = (max + 1) >>> 0;
  const list = [
    [0, 0], [1, 1], [0, 1], [1, 0], [0x0f, 1], [0x10, 1], [0x7f, 1], [0x80, 0x80], [0xff, 1], [0xff, 0xff],
    [max, 1], [min, 1], [min, max], [max, max], [min, min], [m, 1], [m, m], [0, m], [min, m], [max, m],
  ];
  if (bits >= 16) list.push([0x7fff, 1], [0x8000, 0xffff], [0xffff, 1]);
  if (bits === 32) list.push([0x7fffffff, 0x80000000], [0xffff, 0xffff0001]);
  for (let i = 0; i < 3; i++) list.push([rng(), rng()]);
  const seen = new Set();
  return list
    .map(([a, b]) => [a & m, b & m].map((v) => v >>> 0))
    .filter(([a, b]) => !seen.has(`${a},${b}`) && seen.add(`${a},${b}`));
}

const ALU_FORMS = ['rr', 'acc-imm', 'r-imm', 'r-imm8', 'm-r', 'r-m', 'm-imm'];

function aluCase(f, op, bits, form, i, a, b, flags, m) {
  const [d, s] = pair(bits, i);
  const w = WORD[bits];
  const acc = NAMES[bits][0];
  const fitsS8 = signed(b, bits) >= -128 && signed(b, bits) <= 127;
  if (form === 'r-imm8' && (bits === 8 || op === 'test' || !fitsS8)) form = 'r-imm';
  switch (form) {
    case 'rr': return f.add(`${op} ${d}, ${s}`, { regs: { [d]: a, [s]: b }, flags, mask: m });
    case 'acc-imm': return f.add(`${op} ${acc}, strict ${w} ${hex(b)}`, { regs: { [acc]: a }, flags, mask: m });
    case 'r-imm': return f.add(`${op} ${d}, strict ${w} ${hex(b)}`, { regs: { [d]: a }, flags, mask: m });
    case 'r-imm8': return f.add(`${op} ${d}, byte ${signed(b, bits)}`, { regs: { [d]: a }, flags, mask: m });
    case 'm-r': return f.add(`${op} ${w} [M], ${s}`, { regs: { [s]: b }, mem: f.memWith(a, bits), flags, mask: m });
    case 'r-m':
      if (op === 'test') return f.add(`${op} ${w} [M], ${d}`, { regs: { [d]: b }, mem: f.memWith(a, bits), flags, mask: m });
      return f.add(`${op} ${d}, ${w} [M]`, { regs: { [d]: a }, mem: f.memWith(b, bits), flags, mask: m });
    default: return f.add(`${op} ${w} [M], strict ${w} ${hex(b)}`, { mem: f.memWith(a, bits), flags, mask: m });
  }
}

function alu() {
  const f = new Family('alu');
  for (const op of ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test']) {
    const m = ['and', 'or', 'xor', 'test'].includes(op) ? undef(AF) : ALL;
    for (const bits of [8, 16, 32]) {
      aluPairs(bits, f.rng).forEach(([a, b], i) => {
        const form = ALU_FORMS[i % ALU_FORMS.length];
        if (op === 'adc' || op === 'sbb') {
          // The carry in matters: every pair with CF clear and set.
          aluCase(f, op, bits, form, i, a, b, flagSet(i) & ~CF, m);
          aluCase(f, op, bits, ALU_FORMS[(i + 3) % ALU_FORMS.length], i + 1, a, b, flagSet(i + 1) | CF, m);
        } else {
          aluCase(f, op, bits, form, i, a, b, flagSet(i), m);
        }
      });
    }
  }
  // Direction-bit and alias encodings NASM never picks for register operands.
  const extra = [
    ['db 0x03, 0xc3 ; add eax, ebx (03 /r)', { eax: 0x7fffffff, ebx: 1 }],
    ['db 0x02, 0xc3 ; add al, bl (02 /r)', { al: 0xff, bl: 1 }],
    ['db 0x2b, 0xca ; sub ecx, edx (2B /r)', { ecx: 0, edx: 1 }],
    ['db 0x3b, 0xc3 ; cmp eax, ebx (3B /r)', { eax: 0x80000000, ebx: 1 }],
    ['db 0x82, 0xc3, 0x80 ; add bl, 0x80 (82 /0)', { bl: 0x80 }],
    ['db 0x82, 0xfb, 0x01 ; cmp bl, 1 (82 /7)', { bl: 0 }],
    ['db 0x66, 0x13, 0xc3 ; adc ax, bx (13 /r)', { ax: 0xffff, bx: 0 }],
    ['db 0xf6, 0xc8, 0x81 ; test al, 0x81 (F6 /1)', { al: 0x80 }],
    ['db 0xf7, 0xcb, 0x00, 0x00, 0x00, 0x80 ; test ebx, 0x80000000 (F7 /1)', { ebx: 0x80000000 }],
  ];
  extra.forEach(([asm, regs], i) => f.add(asm, { regs, flags: flagSet(i) | CF, mask: asm.includes('test') ? undef(AF) : ALL }));
  return f;
}

// ---- inc dec neg not -----------------------------------------------------------

function unary() {
  const f = new Family('unary');
  for (const op of ['inc', 'dec', 'neg', 'not']) {
    for (const bits of [8, 16, 32]) {
      const values = edges(bits, f.rng, 2);
      values.forEach((v, i) => {
        const [r] = pair(bits, i);
        const w = WORD[bits];
        // inc/dec keep CF: start from both values of it.
        const starts = op === 'inc' || op === 'dec' ? [flagSet(i) & ~CF, flagSet(i + 1) | CF] : [flagSet(i)];
        starts.forEach((flags, k) => {
          const form = (i + k) % 3;
          if (form === 2) f.add(`${op} ${w} [M]`, { mem: f.memWith(v, bits), flags });
          else if (form === 1 && bits > 8 && (op === 'inc' || op === 'dec')) {
            // FF /0, FF /1 with a register operand (NASM picks 40+r / 48+r).
            const modrm = 0xc0 | ((op === 'dec' ? 1 : 0) << 3) | NAMES[bits].indexOf(r);
            const prefix = bits === 16 ? '0x66, ' : '';
            f.add(`db ${prefix}0xff, ${hex(modrm)} ; ${op} ${r} (FF /${op === 'dec' ? 1 : 0})`, { regs: { [r]: v }, flags });
          } else f.add(`${op} ${r}`, { regs: { [r]: v }, flags });
        });
      });
    }
  }
  return f;
}

// ---- shl shr sar, rol ror rcl rcr ----------------------------------------------

function shiftMask(op, bits, count) {
  const c = count & 31;
  if (c === 0) return ALL; // nothing changes, flags included
  let m = undef(AF);
  if (c !== 1) m &= ~OF;
  if ((op === 'shl' || op === 'shr' || op === 'sal') && c >= bits) m &= ~CF;
  return m;
}

function rotateMask(count) {
  const c = count & 31;
  // Only CF and OF change; OF is defined for a masked count of 1 only.
  return c === 0 || c === 1 ? ALL : undef(OF);
}

function shiftValues(bits, rng) {
  const m = mask(bits);
  return [(m >>> 1) + 1, 1, m >>> 1, m, 0xa5a5a5a5 & m, rng() & m];
}

function shiftCounts(bits, rotate) {
  const list = [0, 1, 2, bits - 1, bits, bits + 1, 31, 32, 33];
  if (rotate && bits < 32) list.push(bits + 1 === 9 ? 18 : 34, 9, 17);
  return [...new Set(list)].sort((a, b) => a - b);
}

function shiftCase(f, op, bits, count, v, i, flags, m) {
  const [r] = pair(bits, i);
  const w = WORD[bits];
  const regs = { [r]: v };
  switch (i % 5) {
    case 0: // D2/D3: by CL (CL also holds bits that the mask drops)
      if (r.startsWith('c') || r === 'ecx') return shiftCase(f, op, bits, count, v, i + 1, flags, m);
      return f.add(`${op} ${r}, cl`, { regs: { ...regs, cl: count }, flags, mask: m });
    case 1: // C0/C1 ib (D0/D1 when the count is 1)
      return f.add(`${op} ${r}, ${count === 1 ? '1' : `byte ${count}`}`, { regs, flags, mask: m });
    case 2: // memory, by CL
      return f.add(`${op} ${w} [M], cl`, { regs: { cl: count }, mem: f.memWith(v, bits), flags, mask: m });
    case 3: // memory, immediate
      return f.add(`${op} ${w} [M], byte ${count}`, { mem: f.memWith(v, bits), flags, mask: m });
    default: { // CL with junk in the rest of ECX
      if (r.startsWith('c') || r === 'ecx') return shiftCase(f, op, bits, count, v, i + 1, flags, m);
      return f.add(`${op} ${r}, cl`, { regs: { ...regs, ecx: ((f.rng() & ~0xff) | count) >>> 0 }, flags, mask: m });
    }
  }
}

function shift() {
  const f = new Family('shift');
  let n = 0;
  for (const op of ['shl', 'shr', 'sar']) {
    for (const bits of [8, 16, 32]) {
      const values = shiftValues(bits, f.rng);
      for (const count of shiftCounts(bits, false)) {
        for (let k = 0; k < 3; k++) {
          const v = values[(n + k * 2) % values.length];
          shiftCase(f, op, bits, count, v, n, flagSet(n), shiftMask(op, bits, count));
          n++;
        }
      }
    }
  }
  // The by-one encodings with an explicit count byte, and D0/D1 /6 is not used (reserved).
  f.add('db 0xc1, 0xe0, 0x01 ; shl eax, 1 (C1 /4 ib)', { regs: { eax: 0xc0000001 }, flags: BASE_FLAGS, mask: shiftMask('shl', 32, 1) });
  f.add('db 0xd0, 0xfb ; sar bl, 1 (D0 /7)', { regs: { bl: 0x81 }, flags: BASE_FLAGS | ARITH, mask: shiftMask('sar', 8, 1) });
  return f;
}

function rotate() {
  const f = new Family('rotate');
  let n = 0;
  for (const op of ['rol', 'ror', 'rcl', 'rcr']) {
    for (const bits of [8, 16, 32]) {
      const values = shiftValues(bits, f.rng);
      for (const count of shiftCounts(bits, true)) for (let k = 0; k < 2; k++) {
        const v = values[(n + k * 3) % values.length];
        const carry = op === 'rcl' || op === 'rcr';
        // CF is an input of rcl/rcr and kept by a zero count: both values for each.
        const flags = carry ? [flagSet(n) & ~CF, flagSet(n + 1) | CF] : [flagSet(n)];
        for (const fl of flags) {
          shiftCase(f, op, bits, count, v, n, fl, rotateMask(count));
          n++;
        }
      }
    }
  }
  return f;
}

// ---- shld shrd --------------------------------------------------------------------

function shiftDouble() {
  const f = new Family('shiftd');
  let n = 0;
  for (const op of ['shld', 'shrd']) {
    for (const bits of [16, 32]) {
      // A count above the operand size leaves result and flags undefined: not recorded.
      const counts = bits === 16 ? [0, 1, 2, 4, 8, 15, 16, 32, 33] : [0, 1, 2, 8, 16, 31, 32, 33];
      for (const count of counts) {
        for (let k = 0; k < 2; k++) {
          const c = count & 31;
          const m = c === 0 ? ALL : c === 1 ? undef(AF) : undef(AF, OF);
          const [d, s] = pair(bits, n);
          const a = f.rng() & mask(bits);
          const b = f.rng() & mask(bits);
          const dst = k === 0 ? a : ((mask(bits) >>> 1) + 1) | (a & 0xf);
          const flags = flagSet(n);
          const w = WORD[bits];
          if (n % 3 === 0 && !d.startsWith('c') && !s.startsWith('c') && d !== 'ecx' && s !== 'ecx') {
            f.add(`${op} ${d}, ${s}, cl`, { regs: { [d]: dst, [s]: b, cl: count }, flags, mask: m });
          } else if (n % 3 === 1) {
            f.add(`${op} ${w} [M], ${s}, ${count}`, { regs: { [s]: b }, mem: f.memWith(dst, bits), flags, mask: m });
          } else {
            f.add(`${op} ${d}, ${s}, ${count}`, { regs: { [d]: dst, [s]: b }, flags, mask: m });
          }
          n++;
        }
      }
    }
  }
  // 16-bit operands with counts 17-31: the SDM leaves them undefined, but the
  // result, CF and OF are what this machine's CPU computes (recorded, as in
  // 64-bit mode they behave the same); only AF stays masked.
  for (const op of ['shld', 'shrd']) {
    for (const count of [17, 18, 23, 24, 30, 31]) {
      for (let k = 0; k < 2; k++) {
        const [d, s] = pair(16, n);
        const dst = f.rng() & 0xffff;
        const b = f.rng() & 0xffff;
        const flags = flagSet(n);
        if (k === 0) f.add(`${op} ${d}, ${s}, ${count}`, { regs: { [d]: dst, [s]: b }, flags, mask: undef(AF) });
        else f.add(`${op} word [M], ${s}, ${count}`, { regs: { [s]: b }, mem: f.memWith(dst, 16), flags, mask: undef(AF) });
        n++;
      }
    }
  }
  return f;
}

// ---- mul imul div idiv --------------------------------------------------------------

function mulPairs(bits, rng) {
  const m = mask(bits);
  const max = m >>> 1;
  const min = max + 1;
  return [[0, m], [1, m], [2, max], [max, max], [min, min], [min, m], [m, m], [0x10, 0x10], [0xf, 0x11], [max, 2],
    [rng() & m, rng() & m], [rng() & 0xff, rng() & 0xff]].map(([a, b]) => [a >>> 0, b >>> 0]);
}

function muldiv() {
  const f = new Family('muldiv');
  const mulMask = undef(SF, ZF, AF, PF);
  for (const op of ['mul', 'imul']) {
    for (const bits of [8, 16, 32]) {
      mulPairs(bits, f.rng).forEach(([a, b], i) => {
        // The source may be the high half the product goes to (EDX), or the accumulator itself.
        const src = { 8: ['bl', 'ch', 'dh', 'al'], 16: ['bx', 'cx', 'dx', 'si'], 32: ['ebx', 'ecx', 'edx', 'esi'] }[bits][i % 4];
        const acc = NAMES[bits][0];
        if (src === acc) {
          f.add(`${op} ${src}`, { regs: { [acc]: a }, flags: flagSet(i), mask: mulMask });
          return;
        }
        if (i % 3 === 2) f.add(`${op} ${WORD[bits]} [M]`, { regs: { [acc]: a }, mem: f.memWith(b, bits), flags: flagSet(i), mask: mulMask });
        else f.add(`${op} ${src}`, { regs: { [acc]: a, [src]: b }, flags: flagSet(i), mask: mulMask });
      });
    }
  }
  // AH as the multiplier: its old value is read before AX is written.
  f.add('mul ah', { regs: { ax: 0xff80 }, flags: BASE_FLAGS, mask: mulMask });
  f.add('imul ah', { regs: { ax: 0x80ff }, flags: BASE_FLAGS | ARITH, mask: mulMask });
  // Two- and three-operand imul: the product truncated to the operand size.
  for (const bits of [16, 32]) {
    mulPairs(bits, f.rng).forEach(([a, b], i) => {
      const [d, s] = pair(bits, i);
      const w = WORD[bits];
      const b8 = signed(b, 8);
      switch (i % 4) {
        case 0: f.add(`imul ${d}, ${s}`, { regs: { [d]: a, [s]: b }, flags: flagSet(i), mask: mulMask }); break;
        case 1: f.add(`imul ${d}, ${w} [M]`, { regs: { [d]: a }, mem: f.memWith(b, bits), flags: flagSet(i), mask: mulMask }); break;
        case 2: f.add(`imul ${d}, ${s}, byte ${b8}`, { regs: { [s]: a }, flags: flagSet(i), mask: mulMask }); break;
        default: f.add(`imul ${d}, ${w} [M], strict ${w} ${hex(b)}`, { mem: f.memWith(a, bits), flags: flagSet(i), mask: mulMask }); break;
      }
      f.add(`imul ${d}, ${s}, strict ${w} ${hex(b)}`, { regs: { [s]: a }, flags: flagSet(i + 1), mask: mulMask });
    });
  }
  // div/idiv: only dividends and divisors that do not raise #DE (faults.json has those).
  const divMask = undef(CF, PF, AF, ZF, SF, OF);
  for (const op of ['div', 'idiv']) {
    for (const bits of [8, 16, 32]) {
      const m = mask(bits);
      const cand = [[0, 1], [m, 1], [m, m], [100, 7], [(m >>> 1) + 1, 3], [m >>> 1, 2], [7, m],
        [f.rng() & m, (f.rng() & m) | 1], [f.rng() & 0xffff, 13], [(m >>> 1) + 1, m]];
      let i = 0;
      for (const [lo, divisor] of cand) {
        // High half of the dividend: zero or the sign extension, so most quotients fit.
        for (const hi of [0, m]) {
          const q = divide(op, bits, hi, lo, divisor);
          if (q === undefined) continue;
          const acc = bits === 8 ? { ax: ((hi & 0xff) << 8) | lo } : { [NAMES[bits][0]]: lo, [NAMES[bits][2]]: hi };
          const src = NAMES[bits][i % 2 === 0 ? 3 : 1];
          if (i % 3 === 2) f.add(`${op} ${WORD[bits]} [M]`, { regs: acc, mem: f.memWith(divisor, bits), flags: flagSet(i), mask: divMask });
          else f.add(`${op} ${src}`, { regs: { ...acc, [src]: divisor }, flags: flagSet(i), mask: divMask });
          i++;
        }
      }
    }
  }
  return f;
}

/** The quotient of hi:lo / d, or undefined if the CPU would raise #DE. */
export function divide(op, bits, hi, lo, d) {
  const B = BigInt(bits);
  let n = (BigInt(hi >>> 0) << B) | BigInt(lo >>> 0);
  let dv = BigInt(d >>> 0);
  if (op === 'idiv') {
    n = BigInt.asIntN(bits * 2, n);
    dv = BigInt.asIntN(bits, dv);
  }
  if (dv === 0n) return undefined;
  const q = n / dv;
  if (op === 'div') return q > (1n << B) - 1n ? undefined : q;
  return q > (1n << (B - 1n)) - 1n || q < -(1n << (B - 1n)) ? undefined : q;
}

// ---- bt bts btr btc, bsf bsr, bswap ------------------------------------------------

function bitOps() {
  const f = new Family('bit');
  const btMask = undef(OF, SF, AF, PF); // CF is the bit; ZF is unaffected
  let n = 0;
  for (const op of ['bt', 'bts', 'btr', 'btc']) {
    for (const bits of [16, 32]) {
      const offsets = [0, 1, 7, bits - 1, bits, bits + 3, 31, 0xffffffff];
      for (const off of offsets) {
        const [d, s] = pair(bits, n);
        const v = n % 2 === 0 ? f.rng() & mask(bits) : (0x5555aaaa & mask(bits));
        const flags = flagSet(n) ^ (n % 4 === 0 ? ZF : 0);
        // Register bit base: the offset is taken modulo the operand size.
        f.add(`${op} ${d}, ${s}`, { regs: { [d]: v, [s]: off }, flags, mask: btMask });
        f.add(`${op} ${d}, ${off & 0xff}`, { regs: { [d]: v }, flags: flagSet(n + 1), mask: btMask });
        n++;
      }
      // Memory bit base with a register offset: a signed bit index relative to the address (M+8).
      for (const off of [-1, -bits - 1, 3, bits + 5, -2 * bits]) {
        const [, s] = pair(bits, n);
        const mem = [f.rng(), f.rng(), f.rng(), f.rng()];
        f.add(`${op} ${WORD[bits]} [M+8], ${s}`, { regs: { [s]: off }, mem, flags: flagSet(n), mask: btMask });
        n++;
      }
      // Memory bit base with an immediate: taken modulo the operand size, unlike a register.
      f.add(`${op} ${WORD[bits]} [M], ${bits + 2}`, { mem: [f.rng(), f.rng(), f.rng(), f.rng()], flags: flagSet(n++), mask: btMask });
    }
  }
  const scanMask = undef(CF, OF, SF, AF, PF);
  for (const op of ['bsf', 'bsr']) {
    for (const bits of [16, 32]) {
      const values = [1, 0x80000000, 0xffffffff, 0x8000, 0x10, 0x00018000, 0x00010001, f.rng() | 1, f.rng() | 0x100];
      values.map((v) => v & mask(bits)).filter((v) => v !== 0).forEach((v, i) => {
        const [d, s] = pair(bits, n);
        if (i % 3 === 2) f.add(`${op} ${d}, ${WORD[bits]} [M]`, { regs: {}, mem: f.memWith(v, bits), flags: flagSet(n) | ZF, mask: scanMask });
        else f.add(`${op} ${d}, ${s}`, { regs: { [s]: v }, flags: flagSet(n) | (i % 2 ? ZF : 0), mask: scanMask });
        n++;
      });
    }
  }
  for (const r of R32) {
    if (r === 'esp') continue;
    f.add(`bswap ${r}`, { regs: { [r]: f.rng() }, flags: flagSet(n++) });
  }
  f.add('bswap eax', { regs: { eax: 0x12345678 }, flags: BASE_FLAGS });
  return f;
}

// ---- xchg xadd cmpxchg cmpxchg8b ------------------------------------------------------

function exchange() {
  const f = new Family('exchange');
  let n = 0;
  for (const bits of [8, 16, 32]) {
    const w = WORD[bits];
    const acc = NAMES[bits][0];
    for (const [a, b] of aluPairs(bits, f.rng).slice(0, 8)) {
      const [d, s] = pair(bits, n + 1);
      f.add(`xadd ${d}, ${s}`, { regs: { [d]: a, [s]: b }, flags: flagSet(n) });
      f.add(`lock xadd ${w} [M], ${s}`, { regs: { [s]: b }, mem: f.memWith(a, bits), flags: flagSet(n + 1) });
      n++;
    }
    // cmpxchg: the accumulator equal to the destination (hit) or not (miss).
    for (const hit of [true, false]) {
      for (let k = 0; k < 3; k++) {
        const [d, s] = [NAMES[bits][3], NAMES[bits][1]];
        const dv = k === 0 ? 0 : k === 1 ? (mask(bits) >>> 1) + 1 : f.rng() & mask(bits);
        const av = hit ? dv : k === 1 ? dv - 1 : (dv ^ 1);
        const sv = f.rng();
        if (k === 2) f.add(`lock cmpxchg ${w} [M], ${s}`, { regs: { [acc]: av, [s]: sv }, mem: f.memWith(dv, bits), flags: flagSet(n) });
        else f.add(`cmpxchg ${d}, ${s}`, { regs: { [acc]: av, [d]: dv, [s]: sv }, flags: flagSet(n) });
        n++;
      }
    }
    // xchg: the accumulator short form, the general form, memory.
    const [d, s] = pair(bits, n);
    if (bits > 8) f.add(`xchg ${acc}, ${NAMES[bits][3]}`, { regs: { [acc]: f.rng(), [NAMES[bits][3]]: f.rng() }, flags: flagSet(n) });
    f.add(`xchg ${d}, ${s}`, { regs: { [d]: f.rng(), [s]: f.rng() }, flags: flagSet(n + 1) });
    f.add(`xchg ${w} [M], ${s}`, { regs: { [s]: f.rng() }, mem: f.memWith(f.rng(), bits), flags: flagSet(n + 2) });
    n += 3;
  }
  // cmpxchg8b: ZF only; the other flags are unaffected.
  for (const hit of [true, false, true, false]) {
    const lo = f.rng();
    const hi = f.rng();
    const mem = [lo, hi, f.rng(), f.rng()];
    const regs = { eax: hit ? lo : lo ^ (n % 2 ? 0x100 : 0), edx: hit ? hi : hi ^ (n % 2 ? 0 : 0x80000000), ebx: f.rng(), ecx: f.rng() };
    f.add(`${n % 2 ? 'lock ' : ''}cmpxchg8b [M]`, { regs, mem, flags: flagSet(n) ^ (hit ? 0 : ZF) });
    n++;
  }
  f.add('xchg eax, eax', { regs: { eax: f.rng() }, flags: BASE_FLAGS });
  // One register as both operands.
  f.add('xadd ecx, ecx', { regs: { ecx: 0x80000001 }, flags: BASE_FLAGS });
  f.add('xadd ah, ah', { regs: { ah: 0x88 }, flags: BASE_FLAGS });
  f.add('cmpxchg eax, ebx', { regs: { eax: f.rng(), ebx: f.rng() }, flags: BASE_FLAGS });
  f.add('cmpxchg al, ah', { regs: { eax: 0x1234 }, flags: BASE_FLAGS | ZF });
  f.add('cmpxchg ecx, ecx', { regs: { eax: 5, ecx: 5 }, flags: BASE_FLAGS });
  f.add('xchg ah, al', { regs: { eax: 0xdeadbeef }, flags: BASE_FLAGS });
  f.add('db 0x87, 0xc0 ; xchg eax, eax (87 /r)', { regs: { eax: f.rng() }, flags: BASE_FLAGS });
  return f;
}

// ---- cbw cwde cwd cdq movzx movsx ------------------------------------------------

function convert() {
  const f = new Family('convert');
  const values = [0, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000];
  let n = 0;
  for (const op of ['cbw', 'cwde', 'cwd', 'cdq']) {
    for (const v of [...values, f.rng()]) f.add(op, { regs: { eax: v ^ (f.rng() & (op === 'cbw' ? 0xffff0000 : 0)) }, flags: flagSet(n++) });
  }
  const SRC = { 8: ['bl', 'ch', 'bh', 'cl'], 16: ['bx', 'cx', 'si', 'bp'] };
  const DST = { 32: ['edx', 'edi', 'eax', 'ebp'], 16: ['dx', 'di', 'ax', 'bp'] };
  for (const op of ['movzx', 'movsx']) {
    for (const [db, sb] of [[32, 8], [32, 16], [16, 8]]) {
      for (const v of [0x7f, 0x80, 0xff, 0x7fff, 0x8000, f.rng()]) {
        const d = DST[db][n % 4];
        const s = SRC[sb][n % 4];
        if (n % 3 === 2) f.add(`${op} ${d}, ${WORD[sb]} [M]`, { mem: f.memWith(v, sb), flags: flagSet(n) });
        else f.add(`${op} ${d}, ${s}`, { regs: { [d]: f.rng(), [s]: v }, flags: flagSet(n) });
        n++;
      }
    }
  }
  // Source and destination the same register.
  f.add('movsx eax, al', { regs: { eax: 0x12345680 }, flags: BASE_FLAGS });
  f.add('movzx ax, ah', { regs: { eax: 0x1234f680 }, flags: BASE_FLAGS });
  return f;
}

// ---- setcc cmovcc -------------------------------------------------------------------

const CONDITIONS = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

function condition() {
  const f = new Family('condition');
  // Every combination of the five flags the conditions read.
  const combos = [];
  for (let k = 0; k < 32; k++) {
    combos.push(BASE_FLAGS | (k & 1 ? CF : 0) | (k & 2 ? PF : 0) | (k & 4 ? ZF : 0) | (k & 8 ? SF : 0) | (k & 16 ? OF : 0));
  }
  let n = 0;
  for (const cc of CONDITIONS) {
    for (const flags of combos) {
      const dst = ['al', 'bh', 'cl', 'dh'][n % 4];
      if (n % 7 === 3) f.add(`set${cc} byte [M]`, { mem: [f.rng(), f.rng(), f.rng(), f.rng()], flags: flags | (n & 8 ? AF : 0) });
      else f.add(`set${cc} ${dst}`, { regs: { [dst]: f.rng() & 0xff }, flags: flags | (n & 8 ? AF : 0) });
      n++;
    }
  }
  // cmovcc: every condition with every combination of OF SF ZF CF; PF follows the combination's parity.
  for (const cc of CONDITIONS) {
    for (let k = 0; k < 16; k++) {
      const flags = BASE_FLAGS | (k & 1 ? CF : 0) | (k & 2 ? ZF : 0) | (k & 4 ? SF : 0) | (k & 8 ? OF : 0) | ((k ^ (k >> 2)) & 1 ? PF : 0);
      const bits = k % 3 === 1 ? 16 : 32;
      const [d, s] = pair(bits, n);
      if (k % 5 === 4) f.add(`cmov${cc} ${d}, ${WORD[bits]} [M]`, { regs: { [d]: f.rng() }, mem: [f.rng(), f.rng(), f.rng(), f.rng()], flags });
      else f.add(`cmov${cc} ${d}, ${s}`, { regs: { [d]: f.rng(), [s]: f.rng() }, flags });
      n++;
    }
  }
  return f;
}

// ---- lahf sahf clc stc cmc cld std -----------------------------------------------------

function flagOps() {
  const f = new Family('flagops');
  let n = 0;
  for (const flags of [...FLAG_SETS, BASE_FLAGS | SF | PF, BASE_FLAGS | ZF | AF | CF]) {
    f.add('lahf', { regs: { eax: f.rng() }, flags });
    for (const op of ['clc', 'stc', 'cmc', 'cld', 'std']) f.add(op, { flags: flags ^ (n++ % 2 ? CF : 0) });
  }
  for (const ah of [0x00, 0xff, 0xd5, 0x2a, 0x01, 0x40, 0x80, 0x10, 0x04, 0x02, 0x28]) {
    f.add('sahf', { regs: { ah }, flags: flagSet(n++) });
  }
  // salc (D6, undocumented by Intel, valid outside 64-bit mode): AL = CF ? 0xff : 0.
  for (const flags of [BASE_FLAGS, BASE_FLAGS | CF, BASE_FLAGS | ARITH & ~CF]) f.add('db 0xd6 ; salc', { regs: { eax: f.rng() }, flags });
  // pushfd/popfd through the stack: what user mode may change (IF, IOPL, VM, RF, VIF, VIP may not)
  // and what pushfd reads back. TF is left clear: it would trap after the next instruction.
  for (const flags of [BASE_FLAGS, BASE_FLAGS | ARITH | DF, BASE_FLAGS | 0x40000, BASE_FLAGS | 0x200000]) {
    f.add('pushfd\npop eax', { regs: { eax: f.rng() }, flags });
  }
  for (const value of [0xfffffeff, 0, 0x00000ed5, 0x00004000, 0x00040000, 0x00200000, 0x00003000, 0x00010000, 0x00180000]) {
    f.add(`push dword ${hex(value)}\npopfd\npushfd\npop eax`, { regs: { eax: f.rng() }, flags: flagSet(n++) });
  }
  f.add('push word 0x08d5\npopf\npushf\npop ax', { regs: { eax: f.rng() }, flags: BASE_FLAGS | DF });
  return f;
}

// ---- daa das aaa aas aam aad -------------------------------------------------------------

function bcd() {
  const f = new Family('bcd');
  const als = [0x00, 0x05, 0x09, 0x0a, 0x0f, 0x19, 0x4e, 0x66, 0x99, 0x9a, 0x9f, 0xa0, 0xf9, 0xfa, 0xff];
  let n = 0;
  for (const op of ['daa', 'das', 'aaa', 'aas']) {
    const m = op === 'daa' || op === 'das' ? undef(OF) : undef(OF, SF, ZF, PF);
    for (const al of als) {
      // AF and CF are inputs: two of the four combinations for each AL, all four over the table.
      for (const k of [n % 4, (n + 2) % 4]) {
        const flags = (flagSet(n) & ~(AF | CF)) | (k & 1 ? AF : 0) | (k & 2 ? CF : 0);
        f.add(op, { regs: { al, ah: f.rng() & 0xff }, flags, mask: m });
      }
      n++;
    }
  }
  const aamMask = undef(OF, AF, CF);
  for (const [al, base] of [[0, 10], [9, 10], [99, 10], [0xff, 10], [0x80, 10], [0x37, 16], [0xff, 7], [0x12, 1], [0xfe, 0xff]]) {
    f.add(base === 10 ? 'aam' : `aam ${base}`, { regs: { al, ah: f.rng() & 0xff }, flags: flagSet(n++), mask: aamMask });
  }
  for (const [ah, al, base] of [[0, 0, 10], [9, 9, 10], [0x25, 0x07, 10], [0xff, 0xff, 10], [0x0c, 0x80, 10], [3, 4, 16], [0x7f, 0x01, 2], [0x01, 0x7f, 1]]) {
    f.add(base === 10 ? 'aad' : `aad ${base}`, { regs: { al, ah }, flags: flagSet(n++), mask: aamMask });
  }
  return f;
}

// ---- lea: every addressing form -----------------------------------------------------------

function lea() {
  const f = new Family('lea');
  const r = () => f.rng();
  const forms = [
    'lea eax, [ebx]', 'lea eax, [esp]', 'lea eax, [ebp]', 'lea eax, [ebp+0]', 'lea ecx, [0x12345678]',
    'lea edx, [ebx+ecx]', 'lea edx, [ebx+ecx*2]', 'lea edx, [ebx+ecx*4]', 'lea edx, [ebx+ecx*8]',
    'lea esi, [esp+ecx*8+0x10]', 'lea esi, [esp-4]', 'lea esi, [esp+0x12345678]', 'lea edi, [ebp+esi*4-128]',
    'lea edi, [nosplit ecx*2]', 'lea edi, [ecx*4+0x1000]', 'lea edi, [ecx*8-1]', 'lea eax, [eax+eax*8]',
    'lea ebx, [edi+127]', 'lea ebx, [edi-128]', 'lea ebx, [edi+128]', 'lea ebx, [edi+0x7fffffff]',
    'lea ax, [ebx+ecx*4+6]', 'lea ebp, [ebp+ebp]', 'lea esi, [esi*2+esi]',
    // SIB corners NASM would not pick: index 4 (none) with a scale, base 5 with mod 0 (disp32, no base).
    'db 0x8d, 0x04, 0x64 ; lea eax, [esp] (SIB scale 2, index none)',
    'db 0x8d, 0x04, 0xe3 ; lea eax, [ebx] (SIB scale 8, index none)',
    'db 0x8d, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12 ; lea eax, [0x12345678] (SIB no base, no index)',
    'db 0x8d, 0x04, 0xcd, 0x00, 0x01, 0x00, 0x00 ; lea eax, [ecx*8+0x100] (SIB base 5, mod 0)',
    'db 0x8d, 0x44, 0x25, 0x10 ; lea eax, [ebp+0x10] (SIB base ebp, mod 1)',
    'db 0x8d, 0x84, 0x20, 0xff, 0xff, 0xff, 0xff ; lea eax, [eax-1] (SIB index none, disp32)',
    'db 0x8d, 0x40, 0x80 ; lea eax, [eax-128] (disp8 sign-extended)',
  ];
  // 16-bit addressing (0x67): the eight base/index forms with each displacement size.
  const a16 = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx'];
  for (let rm = 0; rm < 8; rm++) {
    for (let mod = 0; mod < 3; mod++) {
      const bytes = [0x67, 0x8d, (mod << 6) | rm];
      let text = a16[rm];
      if (mod === 0 && rm === 6) { bytes.push(0x34, 0x12); text = '0x1234'; }
      if (mod === 1) { bytes.push(0x90); text += '-0x70'; }
      if (mod === 2) { bytes.push(0x00, 0xf0); text += '+0xf000'; }
      forms.push(`db ${bytes.map(hex).join(', ')} ; lea eax, [${text}] (a16)`);
    }
  }
  forms.push('db 0x66, 0x67, 0x8d, 0x40, 0x01 ; lea ax, [bx+si+1] (o16 a16)');
  forms.push('db 0x66, 0x8d, 0x04, 0x8b ; lea ax, [ebx+ecx*4] (o16)');
  forms.forEach((asm, i) => {
    // Register values that make 16-bit sums wrap and 32-bit sums overflow.
    const regs = i % 2 ? { eax: r(), ecx: r(), edx: r(), ebx: r(), ebp: r(), esi: r(), edi: r() }
      : { eax: 0xfffffff0, ecx: 0x40000001, edx: r(), ebx: 0x8000fffe, ebp: 0x0000ff00, esi: 0x7fff8003, edi: 0xffff0180 };
    f.add(asm, { regs, flags: flagSet(i) });
  });
  return f;
}

// ---- Sequences: flags left by one instruction, read by the next -------------------------
//
// A single instruction starts from flags popfd set; a sequence makes the
// consumer read the flags of a producer as the emulator keeps them between
// instructions (lazily, with fast paths for cmp/test followed by a jcc or
// setcc). A consumer only reads flags its producer defines, so the result is
// defined too; the mask is what the whole sequence leaves defined.

const READS = { o: OF, no: OF, b: CF, ae: CF, e: ZF, ne: ZF, be: CF | ZF, a: CF | ZF, s: SF, ns: SF, p: PF, np: PF, l: SF | OF, ge: SF | OF, le: ZF | SF | OF, g: ZF | SF | OF };

function sequence() {
  const f = new Family('sequence');
  const r = () => f.rng();
  const ARITH_PAIRS = [[5, 5], [5, 6], [0x80000000, 1], [0x7fffffff, 0xffffffff], [0xffffffff, 1], [0, 0x80000000]];
  const producers = [
    { asm: 'cmp eax, ebx', mask: ALL, pairs: ARITH_PAIRS },
    { asm: 'test eax, ebx', mask: undef(AF), pairs: [[0, 5], [0x80000000, 0x80000001], [0xff, 0x1ff]] },
    { asm: 'sub eax, ebx', mask: ALL, pairs: ARITH_PAIRS.slice(2, 5) },
    { asm: 'and eax, ebx', mask: undef(AF), pairs: [[0xf0, 0x0f], [0x80000000, 0xffffffff]] },
    { asm: 'cmp eax, 0x7f', mask: ALL, pairs: [[0x7f, 0], [0x80, 0], [0xffffff80, 0]] },
    { asm: 'cmp ax, bx', mask: ALL, pairs: [[0x12348000, 0x00000001], [0xffff7fff, 0xffff], [0x10005, 0x20005]] },
    { asm: 'cmp al, bl', mask: ALL, pairs: [[0x80, 0x7f], [0x1ff, 0x2ff], [0x10, 0x90]] },
    { asm: 'test bl, al', mask: undef(AF), pairs: [[0x80, 0x80], [0x100, 0x100]] },
    { asm: 'add eax, ebx', mask: ALL, pairs: [[0x7fffffff, 1], [0xffffffff, 1], [0x80000000, 0x80000000]] },
    { asm: 'adc eax, ebx', mask: ALL, pairs: [[0xffffffff, 0], [0x7ffffffe, 1]], flags: BASE_FLAGS | CF },
    { asm: 'sbb eax, ebx', mask: ALL, pairs: [[0, 0], [0x80000000, 0x7fffffff]], flags: BASE_FLAGS | CF },
    { asm: 'inc eax', mask: ALL, pairs: [[0x7fffffff, 0], [0xffffffff, 0]], flags: BASE_FLAGS | CF },
    { asm: 'dec eax', mask: ALL, pairs: [[0x80000000, 0], [0, 0], [1, 0]] },
    { asm: 'neg eax', mask: ALL, pairs: [[0, 0], [0x80000000, 0], [1, 0]] },
    { asm: 'xor eax, ebx', mask: undef(AF), pairs: [[5, 5], [0x80000000, 1]] },
    { asm: 'or ax, bx', mask: undef(AF), pairs: [[0x8000, 0], [0xffff0000, 0]] },
    { asm: 'shl eax, 1', mask: undef(AF), pairs: [[0xc0000000, 0], [0x40000000, 0], [0x80000000, 0]] },
    { asm: 'shr eax, 1', mask: undef(AF), pairs: [[0x80000001, 0], [1, 0]] },
    { asm: 'sar eax, 4', mask: undef(AF, OF), pairs: [[0x80000008, 0], [0x0f, 0]] },
    { asm: 'shl ax, 16', mask: undef(AF, OF, CF), pairs: [[0x12345678, 0]] },
    { asm: 'rol eax, 1', mask: ALL, pairs: [[0x80000000, 0], [0x40000000, 0]] },
    { asm: 'imul eax, ebx', mask: undef(SF, ZF, AF, PF), pairs: [[0x10000, 0x10000], [3, 5], [0x40000000, 2]] },
    { asm: 'mul ebx', mask: undef(SF, ZF, AF, PF), pairs: [[0x10000, 0x10000], [3, 5]] },
    { asm: 'bt eax, 3', mask: undef(OF, SF, AF, PF), pairs: [[8, 0], [7, 0]] },
    { asm: 'bsf eax, ebx', mask: undef(CF, OF, SF, AF, PF), pairs: [[0, 0x10], [0, 0]] },
  ];
  let n = 0;
  for (const p of producers) {
    p.pairs.forEach(([a, b], pi) => {
      n++;
      const regs = { eax: a, ebx: b, ecx: r(), edx: r(), esi: r() };
      const flags = p.flags ?? flagSet(n);
      const defined = p.mask;
      // Conditions: every one for cmp/test (the fast paths), for the others
      // half of them (alternating between producers), spread over the pairs.
      const all = p.asm === 'cmp eax, ebx' || p.asm === 'test eax, ebx';
      CONDITIONS.forEach((cc, ci) => {
        if ((READS[cc] & ~defined) !== 0) return;
        if (!all && ((ci >> 1) + producers.indexOf(p)) % 2 !== 0) return;
        if (!all && (ci >> 2) % p.pairs.length !== pi) return;
        const consumers = all ? ['set', 'j'] : [['set', 'j', 'cmov'][(ci + pi) % 3]];
        for (const kind of consumers) {
          let tail;
          if (kind === 'set') tail = `set${cc} cl`;
          else if (kind === 'cmov') tail = `cmov${cc} edx, esi`;
          else tail = `j${cc} short .taken\nmov ecx, 0x600df00d\n.taken:`;
          f.add(`${p.asm}\n${tail}`, { regs, flags, mask: defined });
          n++;
        }
      });
      // Consumers of CF and of all the flags, with the first pair of each producer.
      if (pi !== 0) return;
      if ((defined & CF) !== 0) {
        f.add(`${p.asm}\nadc edx, esi`, { regs, flags, mask: ALL });
        f.add(`${p.asm}\nsbb ecx, ecx`, { regs, flags, mask: ALL });
        f.add(`${p.asm}\nrcr edx, 1`, { regs, flags, mask: defined | CF | OF });
        f.add(`${p.asm}\ninc edx\nadc esi, 0`, { regs, flags, mask: ALL });
        f.add(`${p.asm}\ncmc\nsetbe cl`.replace('setbe', (defined & ZF) ? 'setbe' : 'setb'), { regs, flags, mask: defined });
      }
      if ((defined & (SF | ZF | AF | PF | CF)) === (SF | ZF | AF | PF | CF)) f.add(`${p.asm}\nlahf`, { regs, flags, mask: defined });
      if (defined === ALL) f.add(`${p.asm}\npushfd\npop edx`, { regs, flags, mask: ALL });
    });
  }
  // Flags kept across instructions that do not write them (and a zero shift count).
  for (const [a, b] of ARITH_PAIRS.slice(0, 6)) {
    const regs = { eax: a, ebx: b, ecx: 0x100, edx: r(), esi: r() };
    f.add('cmp eax, ebx\nmov eax, 7\nlea ebx, [ebx+1]\njl short .taken\nmov ecx, 0x600df00d\n.taken:', { regs, flags: flagSet(n++) });
    f.add('cmp eax, ebx\nshl edx, cl\nsetle cl', { regs, flags: flagSet(n++) });
    f.add('cmp eax, ebx\nbt edx, 3\nsetbe cl', { regs, flags: flagSet(n++), mask: undef(OF, SF, AF, PF) });
    f.add('sub eax, ebx\nnot eax\nxchg eax, ebx\nsetg cl', { regs, flags: flagSet(n++) });
    f.add('test eax, ebx\nbswap eax\ncmovs edx, esi\nsetz cl', { regs, flags: flagSet(n++), mask: undef(AF) });
  }
  // BCD after an 8-bit add or subtract, reading its AF and CF.
  for (const [a, b] of [[0x19, 0x28], [0x99, 0x01], [0x55, 0x55], [0x10, 0x01], [0x09, 0x09]]) {
    f.add('add al, bl\ndaa', { regs: { al: a, bl: b }, flags: flagSet(n++), mask: undef(OF) });
    f.add('sub al, bl\ndas', { regs: { al: a, bl: b }, flags: flagSet(n++), mask: undef(OF) });
    f.add('add al, bl\naaa', { regs: { al: a & 0x0f, bl: b & 0x0f }, flags: flagSet(n++), mask: undef(OF, SF, ZF, PF) });
  }
  return f;
}

// ---- Decoder: prefixes, ModRM/SIB with memory, alternative encodings -------------------------

function decode() {
  const f = new Family('decode');
  const mem = () => [f.rng(), f.rng(), f.rng(), f.rng()];
  const cases = [
    // Prefixes in unusual orders and repeats: the last segment override wins, 0x66 anywhere counts.
    ['db 0xf3, 0x66, 0x01, 0xd8 ; rep add ax, bx', { eax: 0x12347fff, ebx: 1 }],
    ['db 0x66, 0xf3, 0x01, 0xd8 ; o16 rep add ax, bx', { eax: 0x1234ffff, ebx: 1 }],
    ['db 0xf2, 0x66, 0x05, 0x01, 0x80 ; repne add ax, 0x8001', { eax: 0xffff7fff }],
    ['db 0xf0, 0x66, 0x01, 0x03 ; lock add [ebx], ax', { eax: 0xffff8001, ebx: M }],
    ['db 0x66, 0xf0, 0x01, 0x03 ; o16 lock add [ebx], ax', { eax: 0xffff8001, ebx: M }],
    ['db 0x66, 0x66, 0x66, 0x01, 0xd8 ; add ax, bx (0x66 x3)', { eax: 0x00ff00ff, ebx: 0x0101ff01 }],
    ['db 0x2e, 0x8b, 0x03 ; mov eax, cs:[ebx]', { ebx: M }],
    ['db 0x3e, 0x26, 0x36, 0x8b, 0x43, 0x04 ; mov eax, ss:[ebx+4] (three overrides)', { ebx: M }],
    ['db 0x26, 0x66, 0x2e, 0x8b, 0x03 ; mov ax, cs:[ebx]', { ebx: M, eax: 0xdeadbeef }],
    ['db 0x3e, 0xf0, 0x66, 0x36, 0xff, 0x03 ; lock inc word ss:[ebx]', { ebx: M }],
    ['db 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x40 ; inc ax (14 prefixes)', { eax: 0x1234ffff }],
    ['db 0x26, 0x2e, 0x36, 0x3e, 0x66, 0x26, 0x2e, 0x36, 0x3e, 0x66, 0xf3, 0x26, 0x3e, 0x66, 0x90 ; pause (14 prefixes)', {}],
    ['db 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x66, 0x01, 0x03 ; add ds:[ebx], ax (15 bytes)', { ebx: M, eax: 0x8001 }],
    ['db 0x66, 0x2e, 0x3e, 0x36, 0x26, 0x66, 0x2e, 0x3e, 0x36, 0x26, 0xc7, 0xc0, 0x34, 0x12 ; mov ax, 0x1234 (C7 /0)', { eax: 0xffffffff }],
    // ModRM/SIB memory forms, read and write.
    ['mov eax, [M]', {}],
    ['mov eax, [ebx]', { ebx: M + 4 }],
    ['mov eax, [ebx+ecx*8+4]', { ebx: M - 0x40, ecx: 8 }],
    ['mov eax, [ecx*4+M]', { ecx: 2 }],
    ['mov eax, [esp-0x1e00]', {}],
    ['db 0x8b, 0x44, 0x24, 0x80 ; mov eax, [esp-128]', {}],
    ['mov eax, [ebp-0x10]', { ebp: M + 0x14 }],
    ['db 0x8b, 0x45, 0x00 ; mov eax, [ebp+0] (mod 1, no disp32 form)', { ebp: M + 8 }],
    ['db 0x8b, 0x04, 0x25, 0x04, 0x01, 0x00, 0x20 ; mov eax, [M+4] (SIB no base, no index)', {}],
    ['db 0x8b, 0x04, 0x65, 0x00, 0x01, 0x00, 0x20 ; mov eax, [M] (SIB base 5 mod 0, index none, scale 2)', { ebp: 0x40 }],
    ['db 0x8b, 0x04, 0xe3 ; mov eax, [ebx] (SIB index none, scale 8)', { ebx: M + 12 }],
    ['db 0x8b, 0x04, 0xcd, 0x00, 0x01, 0x00, 0x20 ; mov eax, [ecx*8+M]', { ecx: 1 }],
    ['db 0x8b, 0x84, 0x0b, 0x00, 0x00, 0x00, 0x20 ; mov eax, [ebx+ecx+0x20000000]', { ebx: 0x80, ecx: 0x84 }],
    ['mov [ebx+esi*2+2], ecx', { ebx: M, esi: 1, ecx: 0xcafef00d }],
    ['mov [M+9], dx', { edx: 0xbeef }],
    ['mov byte [M+15], 0x5a', {}],
    ['mov dword [ebx-4], 0x11223344', { ebx: M + 8 }],
    ['add [M+2], eax', { eax: 0x01010101 }],
    ['sub eax, [ebx+edi*1]', { ebx: M, edi: 5 }],
    // Displacement arithmetic wraps around 2^32.
    ['mov eax, [ebx+0x40000000]', { ebx: M - 0x40000000 }],
    ['mov eax, [ebx+ecx*4]', { ebx: M + 0x100, ecx: 0xffffffc0 }],
    // Accesses that cross from the first DATA page to the second, read back whole.
    // Each writes what it reads first, so no vector depends on what an earlier one left there.
    ['mov dword [DATA+0xffc], 0x44332211\nmov dword [DATA+0x1000], 0x88776655\nmov eax, [DATA+0xffe]', {}],
    ['mov dword [DATA+0xffc], 0x44332211\nmov dword [DATA+0x1000], 0x88776655\nmov ax, [DATA+0xfff]', {}],
    ['mov dword [DATA+0xffc], 0\nmov dword [DATA+0x1000], 0\nmov [DATA+0xffd], ecx\nmov eax, [DATA+0xffc]\nmov ebx, [DATA+0x1000]', { ecx: 0x44332211 }],
    ['mov dword [DATA+0xffc], 0\nmov dword [DATA+0x1000], 0\nmov [DATA+0xfff], cx\nmov eax, [DATA+0xffc]\nmov ebx, [DATA+0x1000]', { ecx: 0x2211 }],
    ['mov dword [DATA+0xffc], 0\nmov dword [DATA+0x1000], 0\nmov dword [DATA+0xffe], 0x80000001\nadd dword [DATA+0xffe], 0x7fffffff\nmov eax, [DATA+0xffc]\nmov ebx, [DATA+0x1000]', {}],
    ['mov dword [DATA+0xffc], 0\nmov dword [DATA+0x1000], 0xffffffff\nbt dword [DATA+0xffe], 16\nbts word [DATA+0xfff], 15\nmov eax, [DATA+0xffc]\nmov ebx, [DATA+0x1000]', {}],
    ['mov dword [DATA+0xffc], 5\nmov dword [DATA+0x1000], 6\nmov eax, 5\nmov edx, 6\ncmpxchg8b [DATA+0xffc]\nmov esi, [DATA+0xffc]\nmov edi, [DATA+0x1000]', { ebx: 0x11111111, ecx: 0x22222222 }],
    ['mov dword [DATA+0xffd], 0x12345678\nxadd [DATA+0xffd], eax\nmov ebx, [DATA+0xffd]', { eax: 0x01010101 }],
    ['mov dword [DATA+0xffc], 0x01020304\nmov dword [DATA+0x1000], 0x05060708\nmov eax, [DATA+0xffe]\nadd eax, [DATA+0xfff]\nsub ax, [DATA+0xfff]', {}],
    // Alternative encodings and NOPs.
    ['db 0x8a, 0xc3 ; mov al, bl (8A /r)', { eax: 0x11111111, ebx: 0x222222ff }],
    ['db 0x8b, 0xc3 ; mov eax, ebx (8B /r)', {}],
    ['db 0xc7, 0xc0, 0x78, 0x56, 0x34, 0x12 ; mov eax, 0x12345678 (C7 /0)', {}],
    ['db 0xc6, 0xc4, 0x99 ; mov ah, 0x99 (C6 /0)', {}],
    ['db 0x90 ; nop', {}],
    ['db 0x66, 0x90 ; o16 nop', {}],
    ['db 0xf3, 0x90 ; pause', {}],
    ['db 0x0f, 0x1f, 0x00 ; nop [eax]', { eax: 0 }],
    ['db 0x0f, 0x1f, 0x44, 0x00, 0x00 ; nop [eax+eax+0]', { eax: 0 }],
    ['db 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 ; nop word [eax+eax+0]', { eax: 0 }],
    ['db 0xf3, 0x0f, 0x1e, 0xfb ; endbr32', {}],
    ['db 0x8d, 0x76, 0x00 ; lea esi, [esi+0]', {}],
    ['db 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 ; lea esi, [esi+0] (SIB, disp32)', {}],
    // loop/jecxz with a zero displacement: only ECX and the branch condition matter here.
    ['db 0xe2, 0x00 ; loop $+2', { ecx: 1 }],
    ['db 0xe2, 0x00 ; loop $+2', { ecx: 0 }],
    ['db 0xe1, 0x00 ; loope $+2', { ecx: 5 }],
    ['db 0xe0, 0x00 ; loopne $+2', { ecx: 0x10000 }],
    ['db 0x67, 0xe2, 0x00 ; loop $+2 (a16: CX)', { ecx: 0x12340000 }],
    ['db 0xe3, 0x00 ; jecxz $+2', { ecx: 0 }],
    // Register-operand cases of every ModRM register field.
    ['db 0x89, 0xe8 ; mov eax, ebp', {}],
    ['db 0x88, 0xe5 ; mov ch, ah', {}],
    ['db 0x88, 0xfc ; mov ah, bh', {}],
    ['db 0x86, 0xe0 ; xchg al, ah', {}],
    ['db 0x86, 0xf2 ; xchg dl, dh', {}],
  ];
  cases.forEach(([asm, regs], i) => f.add(asm, { regs, mem: mem(), flags: flagSet(i) ^ (i % 3 === 0 ? ZF : 0) }));
  return f;
}

// ---- Faults: what the CPU raises, as the signal Linux delivers --------------------------

function faults() {
  const f = new Family('faults');
  const mem = () => [f.rng(), f.rng(), f.rng(), f.rng()];
  const cases = [
    ['div bl', { ax: 100, bl: 0 }],
    ['div ecx', { eax: 0, edx: 1, ecx: 1 }],
    ['div word [M]', { ax: 0, dx: 0xffff }, [0xffff0001]],
    ['idiv ecx', { eax: 0, edx: 0x80000000, ecx: 0xffffffff }],
    ['idiv ecx', { eax: 0x80000000, edx: 0xffffffff, ecx: 0xffffffff }],
    ['idiv bl', { ax: 0x8000, bl: 0xff }],
    ['idiv cx', { ax: 0, dx: 0x8000, cx: 0xffff }],
    ['idiv bl', { ax: 0x4000, bl: 0x7f }],
    ['db 0xd4, 0x00 ; aam 0', { ax: 0x1234 }],
    ['div ah ; AX / AH never fits in AL', { ax: 0x0510 }],
    ['idiv ah', { ax: 0xfe00 }],
    ['ud2', {}],
    ['db 0x0f, 0xff ; ud0', {}],
    ['db 0xf0, 0x01, 0xd8 ; lock add eax, ebx (no memory operand)', {}],
    ['db 0xf0, 0x90 ; lock nop', {}],
    ['db 0x8d, 0xc0 ; lea eax, eax (register operand)', {}],
    ['db 0x8e, 0xc8 ; mov cs, ax', {}],
    ['db 0xfe, 0xd0 ; FE /2', {}],
    ['db 0xff, 0xf8 ; FF /7', {}],
    ['db 0x0f, 0xc7, 0xc8 ; cmpxchg8b eax (register operand)', {}],
    ['db 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x66, 0x01, 0x03 ; 16 bytes: add ds:[ebx], ax', { ebx: M }],
    ['db 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x40 ; 16 bytes: inc ax', {}],
    ['mov eax, [0]', {}],
    ['mov eax, [DATA+0x2ffc]', {}],
    ['mov eax, [DATA+0x1ffe] ; split across the unmapped page', {}],
    ['mov [DATA+0x1ffd], eax ; split store', {}],
    ['mov word [DATA+0x1fff], 1 ; split store, one byte on each page', {}],
    ['mov [DATA+0x1ffe], eax ; split store, two bytes on each page', {}],
    ['mov [DATA+0x1fff], eax ; split store, three bytes on the unmapped page', {}],
    ['add [DATA+0x1ffe], eax ; split read-modify-write', {}],
    ['db 0x0f, 0xc7, 0x0d, 0xfc, 0x1f, 0x00, 0x20 ; cmpxchg8b [DATA+0x1ffc], split', { eax: 0, edx: 0 }],
    ['mov eax, [DATA+0x1ffc] ; last dword of the mapped page', {}],
    ['mov byte [UNMAPPED], 1', {}],
    ['add [UNMAPPED+0x10], eax', {}],
    ['db 0xff, 0x15, 0x00, 0x20, 0x00, 0x20 ; call [UNMAPPED]', {}],
    // A bit offset in a register reaches memory far from the operand (here unmapped).
    ['bt [M], ecx', { ecx: 0x40000000 }],
    ['bts [M], ecx', { ecx: 0x80000000 }],
    ['btc word [M], cx', { ecx: 0x8000 }],
    // A read-only page: reads work, every write faults (SEGV_ACCERR), including
    // the write-back of a cmpxchg that does not store; a shift or rotate whose
    // count masks to 0 may leave memory alone.
    ['mov eax, [READONLY+8]', {}],
    ['cmp [READONLY], eax', { eax: 0 }],
    ['bt dword [READONLY], 3', {}],
    ['test [READONLY], eax', { eax: 1 }],
    ['nop dword [UNMAPPED] ; 0F 1F /0 does not access its operand', {}],
    ['lea eax, [UNMAPPED]', {}],
    ['mov [READONLY+4], eax', {}],
    ['add [READONLY], eax', {}],
    ['or byte [READONLY], 0', {}],
    ['inc dword [READONLY]', {}],
    ['not byte [READONLY+1]', {}],
    ['bts dword [READONLY], 3', {}],
    ['xchg [READONLY], eax', {}],
    ['xadd [READONLY], eax', {}],
    ['cmpxchg [READONLY], ecx ; equal: stores ECX', { eax: 0 }],
    ['cmpxchg [READONLY], ecx ; not equal: writes the old value back', { eax: 1 }],
    ['cmpxchg8b [READONLY] ; not equal', { eax: 1, edx: 0 }],
    ['setz byte [READONLY]', {}],
    ['lock or dword [READONLY], 0', {}],
    ['shl dword [READONLY], cl ; CL = 0', { ecx: 0 }],
    ['shl dword [READONLY], cl ; CL = 32, masked to 0', { ecx: 32 }],
    ['rcl byte [READONLY], cl ; CL = 9: a 9-bit rotate by 9 changes nothing', { ecx: 9 }],
    ['rol byte [READONLY], cl ; CL = 8', { ecx: 8 }],
    ['shld [READONLY], eax, 0', {}],
    ['shr dword [READONLY], 1', {}],
    ['mov eax, [READONLY+0xffe] ; split into the unmapped page after', {}],
    // cmovcc reads its source whether or not it moves it.
    ['cmovz eax, [READONLY]', {}],
    ['cmovz eax, [UNMAPPED] ; ZF clear: still read', {}],
    // CS is not writable: a store through a CS override is #GP; a load is fine (decode.json).
    ['db 0x2e, 0x89, 0x05, 0x00, 0x01, 0x00, 0x20 ; mov cs:[M], eax', {}],
    ['db 0x2e, 0x01, 0x05, 0x00, 0x01, 0x00, 0x20 ; add cs:[M], eax', {}],
    ['db 0x2e, 0x0f, 0xab, 0x05, 0x00, 0x01, 0x00, 0x20 ; bts cs:[M], eax', { eax: 3 }],
    ['hlt', {}],
    ['cli', {}],
    ['in al, dx', {}],
    ['out 0x80, al', {}],
    ['int 0x81', {}],
    ['int3', {}],
    ['into', {}],
  ];
  cases.forEach(([asm, regs, m], i) => {
    const flags = asm === 'into' ? BASE_FLAGS | OF : asm.startsWith('cmovz') ? flagSet(i) & ~ZF : flagSet(i);
    f.add(asm, { regs, mem: m ? [...m, ...mem()].slice(0, 4) : mem(), flags });
  });
  return f;
}

// ---- The 15-byte limit: prefixes plus encodings of every length ---------------------------
//
// An instruction longer than 15 bytes raises #GP (SIGSEGV with no address)
// before anything else; one of exactly 15 runs. Each encoding below appears
// with as many prefixes as make it 15 bytes, and with one more.

function length() {
  const f = new Family('length');
  const mem = () => [f.rng(), f.rng(), f.rng(), f.rng()];
  const m = [0x00, 0x01, 0x00, 0x20]; // M as a little-endian disp32
  const encodings = [ // [text, bytes, undefined flags]
    ['inc eax', [0x40]],
    ['aam', [0xd4, 0x0a], undef(OF, AF, CF)],
    ['add eax, ebx', [0x01, 0xd8]],
    ['imul eax, ebx', [0x0f, 0xaf, 0xc3], undef(SF, ZF, AF, PF)],
    ['shl ebx, 3', [0xc1, 0xe3, 0x03], undef(AF, OF)],
    ['imul eax, ebx, 5', [0x6b, 0xc3, 0x05], undef(SF, ZF, AF, PF)],
    ['bt ebx, 3', [0x0f, 0xba, 0xe3, 0x03], undef(OF, SF, AF, PF)],
    ['shld ebx, eax, 4', [0x0f, 0xa4, 0xc3, 0x04], undef(AF, OF)],
    ['mov eax, [M]', [0xa1, ...m]],
    ['add ebx, 0x12345678', [0x81, 0xc3, 0x78, 0x56, 0x34, 0x12]],
    ['test ebx, 0x12345678', [0xf7, 0xc3, 0x78, 0x56, 0x34, 0x12], undef(AF)],
    ['not ebx (F7 /2: no immediate)', [0xf7, 0xd3]],
    ['test bl, 0x5a', [0xf6, 0xc3, 0x5a], undef(AF)],
    ['imul eax, ebx, 0x12345', [0x69, 0xc3, 0x45, 0x23, 0x01, 0x00], undef(SF, ZF, AF, PF)],
    ['jnz $+6 (not taken)', [0x0f, 0x85, 0x00, 0x00, 0x00, 0x00]],
    ['lea eax, [esp+ecx*4+0x12345678]', [0x8d, 0x84, 0x8c, 0x78, 0x56, 0x34, 0x12]],
    ['cmpxchg8b [M]', [0x0f, 0xc7, 0x0d, ...m]],
    ['add dword [M], 0x11111111', [0x81, 0x05, ...m, 0x11, 0x11, 0x11, 0x11]],
    ['mov dword [ebx+ecx*2+M], 0x22222222', [0xc7, 0x84, 0x4b, ...m, 0x22, 0x22, 0x22, 0x22]],
    ['nop [eax] (0F 1F /0)', [0x0f, 0x1f, 0x00]],
  ];
  // Segment overrides that do not change the meaning, in a repeating mix (not CS:
  // a write through CS is #GP whatever the length).
  const fill = (k) => Array.from({ length: k }, (_, i) => [0x3e, 0x26, 0x36][i % 3]);
  let n = 0;
  for (const [text, bytes, m = ALL] of encodings) {
    const room = 15 - bytes.length;
    for (const k of [room, room + 1]) {
      if (k < 1 || k > 14) continue;
      const all = [...fill(k), ...bytes];
      f.add(`db ${all.map(hex).join(', ')} ; ${text}, ${all.length} bytes`, { regs: { eax: 0, ebx: 0x10, ecx: 0x8 }, mem: mem(), flags: flagSet(n++), mask: m });
    }
  }
  // Operand-size and address-size prefixes change the length they are counted against.
  const more = [
    ['o16 add bx, 0x1234', [0x66, 0x81, 0xc3, 0x34, 0x12]],
    ['a16 mov eax, [bx+0x1234] (ModRM disp16)', [0x67, 0x8d, 0x87, 0x34, 0x12]],
    ['o16 imul ax, bx, 0x1234', [0x66, 0x69, 0xc3, 0x34, 0x12], undef(SF, ZF, AF, PF)],
    ['o16 test bx, 0x1234', [0x66, 0xf7, 0xc3, 0x34, 0x12], undef(AF)],
  ];
  for (const [text, bytes, m = ALL] of more) {
    for (const k of [15 - bytes.length, 16 - bytes.length]) {
      const all = [...fill(k), ...bytes];
      f.add(`db ${all.map(hex).join(', ')} ; ${text}, ${all.length} bytes`, { regs: { ebx: 0x10 }, mem: mem(), flags: flagSet(n++), mask: m });
    }
  }
  return f;
}

// ---- lock: only on a read-modify-write of memory; anything else is #UD ----------------------

function lock() {
  const f = new Family('lock');
  const mem = () => [f.rng(), f.rng(), f.rng(), f.rng()];
  const ok = [
    'lock add [M], eax', 'lock or dword [M], 0x80', 'lock adc byte [M], 1', 'lock sbb word [M], 0x1234', 'lock and [M], ebx',
    'lock sub dword [M], byte -1', 'lock xor [M], cl', 'lock not dword [M]', 'lock neg byte [M]', 'lock inc dword [M]',
    'lock dec word [M]', 'lock xchg [M], eax', 'lock bts dword [M], 35', 'lock btr [M+8], ecx', 'lock btc word [M+8], cx',
    'lock bts [M], ebx', 'lock cmpxchg [M], ebx', 'lock xadd byte [M], bl', 'lock cmpxchg8b [M]',
    'db 0xf0, 0x82, 0x05, 0x00, 0x01, 0x00, 0x20, 0x7f ; lock add byte [M], 0x7f (82 /0)',
  ];
  const ud = [
    'db 0xf0, 0x39, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock cmp [M], eax',
    'db 0xf0, 0x83, 0x3d, 0x00, 0x01, 0x00, 0x20, 0x01 ; lock cmp dword [M], 1',
    'db 0xf0, 0x85, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock test [M], eax',
    'db 0xf0, 0xf7, 0x05, 0x00, 0x01, 0x00, 0x20, 0x01, 0x00, 0x00, 0x00 ; lock test dword [M], 1',
    'db 0xf0, 0x89, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock mov [M], eax',
    'db 0xf0, 0x03, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock add eax, [M]',
    'db 0xf0, 0x0f, 0xa3, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock bt [M], eax',
    'db 0xf0, 0x0f, 0xba, 0x25, 0x00, 0x01, 0x00, 0x20, 0x03 ; lock bt dword [M], 3',
    'db 0xf0, 0x40 ; lock inc eax',
    'db 0xf0, 0x87, 0xc3 ; lock xchg ebx, eax (registers)',
    'db 0xf0, 0x0f, 0xc1, 0xc3 ; lock xadd ebx, eax (registers)',
    'db 0xf0, 0xff, 0x35, 0x00, 0x01, 0x00, 0x20 ; lock push dword [M]',
    'db 0xf0, 0xf7, 0x25, 0x00, 0x01, 0x00, 0x20 ; lock mul dword [M]',
    'db 0xf0, 0xd1, 0x25, 0x00, 0x01, 0x00, 0x20 ; lock shl dword [M], 1',
    'db 0xf0, 0x8d, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock lea eax, [M]',
    'db 0xf0, 0x0f, 0xaf, 0x05, 0x00, 0x01, 0x00, 0x20 ; lock imul eax, [M]',
  ];
  // The flags the SDM leaves undefined for each mnemonic (the #UD cases change none).
  const lockMask = (asm) => {
    const op = asm.replace(/^db [^;]*; /, '').split(' ')[1];
    if (['and', 'or', 'xor'].includes(op)) return undef(AF);
    if (['bts', 'btr', 'btc'].includes(op)) return undef(OF, SF, AF, PF);
    return ALL;
  };
  // Bit offsets in registers stay inside M (a signed offset can reach anywhere).
  [...ok, ...ud].forEach((asm, i) => f.add(asm, { regs: { eax: f.rng(), ebx: 35, ecx: 0xfffffff7, edx: f.rng() }, mem: mem(), flags: flagSet(i), mask: lockMask(asm) }));
  // lock with other prefixes around it.
  f.add('db 0x66, 0xf0, 0x3e, 0x01, 0x05, 0x00, 0x01, 0x00, 0x20 ; o16 lock ds add [M], ax', { regs: { eax: 0x8001 }, mem: mem(), flags: BASE_FLAGS });
  f.add('db 0xf0, 0xf0, 0x0f, 0xc1, 0x1d, 0x00, 0x01, 0x00, 0x20 ; lock lock xadd [M], ebx', { regs: { ebx: 3 }, mem: mem(), flags: BASE_FLAGS });
  return f;
}

export const FAMILIES = {
  alu, unary, shift, rotate, shiftd: shiftDouble, muldiv, bit: bitOps, exchange, convert, condition, flagops: flagOps, bcd, sequence, lea, decode, faults, length, lock,
};
