#!/usr/bin/env node
// gen-random.mjs - writes the random-instruction oracle programs (NASM source).
//
//   node gen-random.mjs SEED COUNT OUTDIR
//
// Each program random_NN.asm sets random values in EAX..EBP and in a 64-byte
// memory block, runs a random sequence of integer instructions over them, and
// after every few instructions prints the eight registers and EFLAGS in hex.
// EFLAGS is printed ANDed with the set of status flags that are *defined* at that
// point: the generator follows, per flag, whether the last instruction that wrote
// it left it defined or undefined according to the Intel SDM (Vol. 2, "Flags
// Affected" of each instruction), so the output is what every correct x86
// implementation must produce, whatever it does with undefined flags.
// Registers never hold undefined values: the operands that would make a result
// undefined (bsf/bsr of zero, 16-bit shld/shrd counts above 16) are never made,
// and instructions that read a flag (adc, sbb, rcl, rcr, cmc, setcc, cmovcc,
// lahf) are only emitted when that flag is defined.
//
// The output depends on SEED and COUNT only (no Math.random, no clock).
// Plain Node.js, no dependencies.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// ---------------------------------------------------------------------------
// Deterministic random numbers
// ---------------------------------------------------------------------------

function splitmix32(seed) {
  let z = (seed + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

class Rng {
  constructor(seed) {
    this.s = splitmix32(seed >>> 0) || 1;
  }
  // mulberry32
  u32() {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n) {
    return this.u32() % n;
  }
  range(lo, hi) {
    if (hi < lo) throw new Error(`empty range ${lo}..${hi}`);
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.u32() / 4294967296 < p;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  // weighted pick from [[weight, value], ...]
  weighted(table) {
    let total = 0;
    for (const [w] of table) total += w;
    let r = this.int(total);
    for (const [w, v] of table) {
      if (r < w) return v;
      r -= w;
    }
    return table[table.length - 1][1];
  }
}

// ---------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------

const CF = 0x001;
const PF = 0x004;
const AF = 0x010;
const ZF = 0x040;
const SF = 0x080;
const OF = 0x800;
const ALL = CF | PF | AF | ZF | SF | OF;

// Condition codes with the flags each one reads; aliases exercise the assembler.
const CONDITIONS = [
  { names: ["o"], reads: OF },
  { names: ["no"], reads: OF },
  { names: ["b", "c", "nae"], reads: CF },
  { names: ["ae", "nc", "nb"], reads: CF },
  { names: ["e", "z"], reads: ZF },
  { names: ["ne", "nz"], reads: ZF },
  { names: ["be", "na"], reads: CF | ZF },
  { names: ["a", "nbe"], reads: CF | ZF },
  { names: ["s"], reads: SF },
  { names: ["ns"], reads: SF },
  { names: ["p", "pe"], reads: PF },
  { names: ["np", "po"], reads: PF },
  { names: ["l", "nge"], reads: SF | OF },
  { names: ["ge", "nl"], reads: SF | OF },
  { names: ["le", "ng"], reads: ZF | SF | OF },
  { names: ["g", "nle"], reads: ZF | SF | OF },
];

// ---------------------------------------------------------------------------
// Operands
// ---------------------------------------------------------------------------

const REG32 = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"];
const REG16 = ["ax", "bx", "cx", "dx", "si", "di", "bp"];
const REG8 = ["al", "bl", "cl", "dl", "ah", "bh", "ch", "dh"];
const SIZE_NAME = { 8: "byte", 16: "word", 32: "dword" };
const MEM_SIZE = 64; // bytes of random data at `mem`; ESP points at it too

const REG_OF_32 = { eax: "eax", ax: "eax", al: "eax", ah: "eax", ebx: "ebx", bx: "ebx", bl: "ebx", bh: "ebx",
  ecx: "ecx", cx: "ecx", cl: "ecx", ch: "ecx", edx: "edx", dx: "edx", dl: "edx", dh: "edx",
  esi: "esi", si: "esi", edi: "edi", di: "edi", ebp: "ebp", bp: "ebp", esp: "esp", sp: "esp" };

function hex(v, size = 32) {
  const digits = size / 4;
  return "0x" + (v >>> 0).toString(16).padStart(digits, "0").slice(-digits);
}

// "mem + 12", "mem - 40": the data block's address plus a constant.
function memPlus(n) {
  return n < 0 ? `mem - ${-n}` : `mem + ${n}`;
}

function mask(size) {
  return size === 32 ? 0xffffffff : (1 << size) - 1;
}

class Program {
  constructor(seed, index) {
    this.rng = new Rng(seed * 1000003 + index);
    this.index = index;
    this.lines = [];
    this.defined = 0; // flags whose value is defined right now
    this.count = 0; // instructions emitted by the generator (not the checkpoints)
    this.checkpoints = 0;
  }

  emit(text) {
    this.lines.push("        " + text);
    this.count++;
  }

  // Records that an instruction wrote the flags in `touched`, of which those in
  // `definedAfter` now hold defined values and the rest are undefined.
  touch(touched, definedAfter) {
    this.defined = (this.defined & ~touched) | (definedAfter & touched);
  }

  has(flags) {
    return (this.defined & flags) === flags;
  }

  reg(size, avoid = []) {
    const list = size === 32 ? REG32 : size === 16 ? REG16 : REG8;
    const ok = list.filter((r) => !avoid.includes(REG_OF_32[r]));
    return this.rng.pick(ok);
  }

  // A source register; ESP/SP may appear (it holds a fixed address).
  srcReg(size) {
    if (size !== 8 && this.rng.chance(0.04)) return size === 32 ? "esp" : "sp";
    return this.reg(size);
  }

  imm(size) {
    const r = this.rng;
    const edges = {
      8: [0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x0f, 0x10],
      16: [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff],
      32: [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
        0x80000001, 0xfffffffe, 0xffffffff, 0xffffff80, 0xffff8000],
    }[size];
    const k = r.int(10);
    if (k < 3) return r.pick(edges);
    if (k < 5) return r.chance(0.5) ? r.int(16) : (mask(size) - r.int(16)) >>> 0;
    return (r.u32() & mask(size)) >>> 0;
  }

  // A memory operand of `size` bits inside the data block. Returns the operand
  // text (with its size keyword) and emits set-up instructions for the
  // register-based forms. Registers in `avoid` are not used for addressing.
  mem(size, avoid = [], allowRegs = true) {
    const r = this.rng;
    const bytes = size / 8;
    const off = r.int(MEM_SIZE - bytes + 1);
    const kind = allowRegs ? r.int(4) : r.int(2);
    const sz = SIZE_NAME[size];
    if (kind === 0) return `${sz} [mem + ${off}]`;
    if (kind === 1) return `${sz} [esp + ${off}]`;
    // base (+ index * scale) + displacement, with the registers loaded just before
    const base = this.reg(32, avoid);
    const disp = r.pick([0, r.range(-128, 127), r.range(-100000, 100000)]);
    if (kind === 2 || base === "ebp" && r.chance(0.3)) {
      this.emit(`mov ${base}, ${memPlus(off - disp)}`);
      return `${sz} [${base}${disp ? (disp > 0 ? " + " + disp : " - " + -disp) : ""}]`;
    }
    const index = this.reg(32, [...avoid, base]);
    const scale = r.pick([1, 2, 4, 8]);
    const k = r.range(-50, 50);
    this.emit(`mov ${index}, ${k}`);
    this.emit(`mov ${base}, ${memPlus(off - disp - k * scale)}`);
    const d = disp ? (disp > 0 ? " + " + disp : " - " + -disp) : "";
    return `${sz} [${base} + ${index}*${scale}${d}]`;
  }

  // Register or memory operand.
  rm(size, avoid = [], pMem = 0.3) {
    return this.rng.chance(pMem) ? this.mem(size, avoid) : this.reg(size);
  }

  // Makes sure `flags` are defined, by emitting an instruction that defines them.
  ensure(flags) {
    if (this.has(flags)) return;
    const size = this.rng.pick([8, 16, 32]);
    if (flags === CF && this.rng.chance(0.5)) {
      this.emit(this.rng.chance(0.5) ? "stc" : "clc");
      this.touch(CF, CF);
      return;
    }
    this.emit(`cmp ${this.reg(size)}, ${hex(this.imm(size), size)}`);
    this.touch(ALL, ALL);
  }

  pickCondition() {
    const usable = CONDITIONS.filter((c) => this.has(c.reads));
    if (usable.length === 0 || this.rng.chance(0.1)) {
      const c = this.rng.pick(CONDITIONS);
      this.ensure(c.reads);
      return this.rng.pick(c.names);
    }
    return this.rng.pick(this.rng.pick(usable).names);
  }

  // ------------------------------------------------------------------------
  // Instruction generators
  // ------------------------------------------------------------------------

  alu() {
    const r = this.rng;
    const op = r.pick(["add", "adc", "sub", "sbb", "and", "or", "xor", "cmp"]);
    const size = r.pick([8, 16, 32]);
    if (op === "adc" || op === "sbb") this.ensure(CF);
    const form = r.int(5);
    let text;
    if (form === 0) text = `${op} ${this.reg(size)}, ${this.srcReg(size)}`;
    else if (form === 1) text = `${op} ${this.reg(size)}, ${hex(this.imm(size), size)}`;
    else if (form === 2) text = `${op} ${this.reg(size)}, ${this.mem(size)}`;
    else if (form === 3) {
      const m = this.mem(size);
      text = `${op} ${m}, ${this.reg(size)}`;
    } else text = `${op} ${this.mem(size)}, ${hex(this.imm(size), size)}`;
    this.emit(text);
    const logic = op === "and" || op === "or" || op === "xor";
    this.touch(ALL, logic ? ALL & ~AF : ALL);
  }

  test() {
    const r = this.rng;
    const size = r.pick([8, 16, 32]);
    const form = r.int(4);
    if (form === 0) this.emit(`test ${this.reg(size)}, ${this.reg(size)}`);
    else if (form === 1) this.emit(`test ${this.reg(size)}, ${hex(this.imm(size), size)}`);
    else if (form === 2) {
      const m = this.mem(size);
      this.emit(`test ${m}, ${this.reg(size)}`);
    } else this.emit(`test ${this.mem(size)}, ${hex(this.imm(size), size)}`);
    this.touch(ALL, ALL & ~AF);
  }

  unary() {
    const r = this.rng;
    const op = r.pick(["inc", "dec", "neg", "not"]);
    const size = r.pick([8, 16, 32]);
    this.emit(`${op} ${this.rm(size)}`);
    if (op === "inc" || op === "dec") this.touch(ALL & ~CF, ALL & ~CF);
    else if (op === "neg") this.touch(ALL, ALL);
  }

  // A shift/rotate count: 1 (D0/D1 forms), an immediate, or CL loaded just before.
  shiftCount(size, limit = 255) {
    const r = this.rng;
    const k = r.weighted([
      [3, 1],
      [4, r.range(0, size - 1)],
      [2, size < 32 ? r.range(size, 31) : r.range(2, 31)],
      [1, 0],
      [1, r.range(32, 255)],
    ]);
    return Math.min(k, limit);
  }

  shift() {
    const r = this.rng;
    const op = r.pick(["shl", "sal", "shr", "sar", "rol", "ror", "rcl", "rcr"]);
    const size = r.pick([8, 16, 32]);
    const k = this.shiftCount(size);
    const viaCl = k !== 1 && r.chance(0.4);
    const dst = r.chance(0.3) ? this.mem(size, viaCl ? ["ecx"] : []) : this.reg(size);
    if (op === "rcl" || op === "rcr") this.ensure(CF);
    if (viaCl) this.emit(`mov cl, ${k}`);
    this.emit(`${op} ${dst}, ${viaCl ? "cl" : k}`);
    const c = k & 31;
    if (c === 0) return; // flags unaffected
    if (op === "rol" || op === "ror" || op === "rcl" || op === "rcr") {
      // CF defined; OF only for a masked count of 1
      this.touch(CF | OF, CF | (c === 1 ? OF : 0));
    } else {
      // SF ZF PF defined; CF only while count < width; OF only for count 1; AF undefined
      this.touch(ALL, SF | ZF | PF | (c < size ? CF : 0) | (c === 1 ? OF : 0));
    }
  }

  doubleShift() {
    const r = this.rng;
    const op = r.pick(["shld", "shrd"]);
    const size = r.pick([16, 32]);
    // 16-bit counts above 16 leave the result undefined: keep (count & 31) <= 16
    let k = r.weighted([
      [2, 1],
      [5, r.range(0, size === 16 ? 16 : 31)],
      [1, 0],
      [1, (r.range(1, 7) << 5) | r.range(0, size === 16 ? 16 : 31)],
    ]);
    const viaCl = r.chance(0.4);
    const src = this.reg(size, viaCl ? ["ecx"] : []);
    const dst = r.chance(0.3) ? this.mem(size, viaCl ? ["ecx"] : []) : this.reg(size, viaCl ? ["ecx"] : []);
    if (viaCl) this.emit(`mov cl, ${k}`);
    this.emit(`${op} ${dst}, ${src}, ${viaCl ? "cl" : k}`);
    const c = k & 31;
    if (c === 0) return;
    this.touch(ALL, CF | SF | ZF | PF | (c === 1 ? OF : 0));
  }

  mul() {
    const r = this.rng;
    const form = r.int(4);
    if (form === 0) {
      const size = r.pick([8, 16, 32]);
      this.emit(`${r.pick(["mul", "imul"])} ${this.rm(size)}`);
    } else if (form === 1) {
      const size = r.pick([16, 32]);
      this.emit(`imul ${this.reg(size)}, ${this.rm(size)}`);
    } else {
      const size = r.pick([16, 32]);
      const small = r.chance(0.5);
      const v = small ? (r.range(-128, 127) & mask(size)) >>> 0 : this.imm(size);
      this.emit(`imul ${this.reg(size)}, ${this.rm(size)}, ${hex(v, size)}`);
    }
    // CF and OF defined; SF ZF AF PF undefined
    this.touch(ALL, CF | OF);
  }

  setcc() {
    const cc = this.pickCondition();
    this.emit(`set${cc} ${this.rm(8)}`);
  }

  cmovcc() {
    const size = this.rng.pick([16, 32]);
    const cc = this.pickCondition();
    const src = this.rm(size, [], 0.3);
    this.emit(`cmov${cc} ${this.reg(size)}, ${src}`);
  }

  lea() {
    const r = this.rng;
    const size = r.chance(0.2) ? 16 : 32;
    const dst = this.reg(size);
    const base = r.pick([...REG32, "esp"]);
    const index = r.pick(REG32);
    const scale = r.pick([1, 2, 4, 8]);
    const disp = r.pick([0, r.range(-128, 127), this.imm(32) | 0]);
    const d = disp ? (disp > 0 ? " + " + hex(disp) : " - " + hex(-disp)) : "";
    const form = r.int(6);
    let addr;
    if (form === 0) addr = `${base}${d}`;
    else if (form === 1) addr = `${base} + ${index}*${scale}${d}`;
    else if (form === 2) addr = `${index}*${scale}${d || " + 0x10"}`;
    else if (form === 3) addr = `${index}*${scale} + ${index}${d}`;
    else if (form === 4) addr = `${base} + ${index}`;
    else addr = hex(this.imm(32));
    this.emit(`lea ${dst}, [${addr}]`);
  }

  extend() {
    const r = this.rng;
    const op = r.pick(["movzx", "movsx"]);
    const form = r.int(3);
    if (form === 0) this.emit(`${op} ${this.reg(32)}, ${this.rm(8)}`);
    else if (form === 1) this.emit(`${op} ${this.reg(16)}, ${this.rm(8)}`);
    else this.emit(`${op} ${this.reg(32)}, ${this.rm(16)}`);
  }

  bswap() {
    this.emit(`bswap ${this.reg(32)}`);
  }

  xchg() {
    const r = this.rng;
    const size = r.pick([8, 16, 32]);
    if (r.chance(0.6)) this.emit(`xchg ${this.reg(size)}, ${this.reg(size)}`);
    else if (r.chance(0.5)) {
      const m = this.mem(size);
      this.emit(`xchg ${m}, ${this.reg(size)}`);
    } else {
      const m = this.mem(size);
      this.emit(`xchg ${this.reg(size)}, ${m}`);
    }
  }

  bitTest() {
    const r = this.rng;
    const op = r.pick(["bt", "bts", "btr", "btc"]);
    const size = r.pick([16, 32]);
    const form = r.int(4);
    if (form === 0) {
      this.emit(`${op} ${this.reg(size)}, ${this.reg(size)}`);
    } else if (form === 1) {
      this.emit(`${op} ${this.reg(size)}, ${r.int(256)}`);
    } else if (form === 2) {
      this.emit(`${op} ${this.mem(size)}, ${r.int(256)}`);
    } else {
      // memory with a register offset: the offset selects another word/dword,
      // possibly before the one addressed; keep it inside the data block
      const bytes = size / 8;
      const off = r.int(MEM_SIZE - bytes + 1);
      const lo = Math.ceil(-off / bytes);
      const hi = Math.floor((MEM_SIZE - bytes - off) / bytes);
      const t = r.range(lo, hi);
      const k = t * size + r.int(size);
      const offReg = this.reg(size);
      this.emit(`mov ${offReg}, ${hex(k & mask(size), size)}`);
      const base = r.chance(0.5) ? "mem" : "esp";
      this.emit(`${op} ${SIZE_NAME[size]} [${base} + ${off}], ${offReg}`);
    }
    // CF defined; OF SF AF PF undefined; ZF unaffected
    this.touch(CF | OF | SF | AF | PF, CF);
  }

  bitScan() {
    const r = this.rng;
    const op = r.pick(["bsf", "bsr"]);
    const size = r.pick([16, 32]);
    const bit = r.int(size);
    let src;
    if (r.chance(0.3)) {
      src = this.mem(size);
      this.emit(`or ${src}, ${hex(2 ** bit, size)}`); // never a zero source
    } else {
      src = this.reg(size);
      this.emit(`or ${src}, ${hex(2 ** bit, size)}`);
    }
    this.touch(ALL, ALL & ~AF);
    this.emit(`${op} ${this.reg(size)}, ${src}`);
    // ZF defined (0 here); CF OF SF AF PF undefined
    this.touch(ALL, ZF);
  }

  xadd() {
    const size = this.rng.pick([8, 16, 32]);
    const dst = this.rm(size);
    this.emit(`xadd ${dst}, ${this.reg(size)}`);
    this.touch(ALL, ALL);
  }

  cmpxchg() {
    const r = this.rng;
    const size = r.pick([8, 16, 32]);
    const acc = { 8: "al", 16: "ax", 32: "eax" }[size];
    const dst = r.chance(0.5) ? this.mem(size, ["eax"]) : this.reg(size);
    if (r.chance(0.5)) this.emit(`mov ${acc}, ${dst}`); // make the compare succeed
    this.emit(`cmpxchg ${dst}, ${this.reg(size)}`);
    this.touch(ALL, ALL);
  }

  cmpxchg8b() {
    const r = this.rng;
    const off = r.int(MEM_SIZE - 8 + 1);
    const base = r.chance(0.5) ? "mem" : "esp";
    if (r.chance(0.5)) {
      this.emit(`mov eax, [${base} + ${off}]`);
      this.emit(`mov edx, [${base} + ${off + 4}]`);
    }
    this.emit(`cmpxchg8b [${base} + ${off}]`);
    this.touch(ZF, ZF);
  }

  convert() {
    this.emit(this.rng.pick(["cbw", "cwde", "cwd", "cdq"]));
  }

  carry() {
    const op = this.rng.pick(["clc", "stc", "cmc"]);
    if (op === "cmc") this.ensure(CF);
    this.emit(op);
    this.touch(CF, CF);
  }

  ahFlags() {
    if (this.rng.chance(0.5) && this.has(SF | ZF | AF | PF | CF)) {
      this.emit("lahf");
    } else {
      this.emit("sahf");
      this.touch(SF | ZF | AF | PF | CF, SF | ZF | AF | PF | CF);
    }
  }

  move() {
    const r = this.rng;
    const size = r.pick([8, 16, 32, 32]);
    const form = r.int(5);
    if (form === 0) this.emit(`mov ${this.reg(size)}, ${hex(this.imm(size), size)}`);
    else if (form === 1) this.emit(`mov ${this.reg(size)}, ${this.srcReg(size)}`);
    else if (form === 2) this.emit(`mov ${this.reg(size)}, ${this.mem(size)}`);
    else if (form === 3) {
      const m = this.mem(size);
      this.emit(`mov ${m}, ${this.reg(size)}`);
    } else this.emit(`mov ${this.mem(size)}, ${hex(this.imm(size), size)}`);
  }

  pushPop() {
    const r = this.rng;
    const size = r.chance(0.2) ? 16 : 32;
    const what = r.int(3);
    if (what === 0) this.emit(`push ${SIZE_NAME[size]} ${hex(this.imm(size), size)}`);
    else if (what === 1) this.emit(`push ${this.reg(size)}`);
    else this.emit(`push ${this.mem(size, [], false)}`);
    // pop into memory computes the address with the incremented ESP
    if (r.chance(0.3)) this.emit(`pop ${this.mem(size, [], false)}`);
    else this.emit(`pop ${this.reg(size)}`);
  }

  instruction() {
    const r = this.rng;
    const kind = r.weighted([
      [14, "alu"], [3, "test"], [5, "unary"], [10, "shift"], [4, "doubleShift"],
      [6, "mul"], [4, "setcc"], [4, "cmovcc"], [4, "lea"], [4, "extend"], [1, "bswap"],
      [3, "xchg"], [4, "bitTest"], [2, "bitScan"], [2, "xadd"], [2, "cmpxchg"],
      [1, "cmpxchg8b"], [1, "convert"], [2, "carry"], [1, "ahFlags"], [4, "move"],
      [2, "pushPop"],
    ]);
    this[kind]();
  }

  checkpoint() {
    const m = hex(this.defined);
    this.lines.push(`        ; checkpoint ${++this.checkpoints}: defined flags ${m}`);
    this.lines.push("        pushfd");
    this.lines.push("        pushfd");
    this.lines.push(`        and dword [esp], ${m}`);
    this.lines.push(`        push dword ${m}`);
    this.lines.push("        call dump");
    this.lines.push("        popfd");
  }

  generate() {
    const r = this.rng;
    const target = r.range(150, 300);
    const name = `random_${String(this.index).padStart(2, "0")}`;
    const memInit = [];
    for (let i = 0; i < MEM_SIZE / 4; i++) memInit.push(hex(this.imm(32)));

    this.lines.push("_start:");
    this.lines.push("        mov esp, mem                    ; fixed stack; [esp + n] is the data block");
    this.lines.push("        push header");
    this.lines.push("        call put_str");
    for (const reg of REG32) this.lines.push(`        mov ${reg}, ${hex(this.imm(32))}`);
    this.checkpoint();
    let sinceCheck = 0;
    let nextCheck = r.range(3, 6);
    while (this.count < target) {
      this.instruction();
      if (++sinceCheck >= nextCheck) {
        this.checkpoint();
        sinceCheck = 0;
        nextCheck = r.range(3, 6);
      }
    }
    this.checkpoint();
    this.lines.push("        call dump_mem");
    this.lines.push("        mov eax, 1");
    this.lines.push("        xor ebx, ebx");
    this.lines.push("        int 0x80");

    const body = this.lines.join("\n");
    return `; ${name}.asm - generated by gen-random.mjs (seed ${this.seedText}); do not edit.
; ${this.count} random instructions; after every few, one line with the checkpoint
; number, EAX EBX ECX EDX ESI EDI EBP ESP, EFLAGS ANDed with the mask of flags
; defined at that point, and the mask. At the end, the 64-byte data block.

section .data
header: db "#        eax      ebx      ecx      edx      esi      edi      ebp      esp      eflags   defined", 10, 0
hexdigits: db "0123456789abcdef"
ckpt:   dd 0
align 16
stack:  times 1024 db 0             ; the stack grows down from mem
mem:    dd ${memInit.slice(0, 8).join(", ")}
        dd ${memInit.slice(8).join(", ")}
        times 64 db 0

section .bss
line:   resb 128

section .text
global _start
${body}

; dump: prints one checkpoint line. Called as
;   pushfd / pushfd / and dword [esp], MASK / push dword MASK / call dump / popfd
; so on entry [esp+4] = MASK, [esp+8] = EFLAGS & MASK, [esp+12] = EFLAGS, and the
; ESP of the program is this ESP + 16. Leaves every register as it found it.
dump:
        pushad
        inc dword [ckpt]
        mov edi, line
        mov eax, [ckpt]
        call hex8
        mov eax, [esp + 28]             ; eax
        call hex8
        mov eax, [esp + 16]             ; ebx
        call hex8
        mov eax, [esp + 24]             ; ecx
        call hex8
        mov eax, [esp + 20]             ; edx
        call hex8
        mov eax, [esp + 4]              ; esi
        call hex8
        mov eax, [esp]                  ; edi
        call hex8
        mov eax, [esp + 8]              ; ebp
        call hex8
        mov eax, [esp + 12]             ; esp at pushad = program ESP - 16
        add eax, 16
        call hex8
        mov eax, [esp + 40]             ; masked EFLAGS
        call hex8
        mov eax, [esp + 36]             ; mask
        call hex8
        mov byte [edi - 1], 10
        mov edx, edi
        sub edx, line
        mov eax, 4
        mov ebx, 1
        mov ecx, line
        int 0x80
        popad
        ret 8

; hex8: eax as 8 hex digits and a space at [edi]; edi advances by 9.
hex8:
        mov ecx, 8
.digit: rol eax, 4
        mov edx, eax
        and edx, 15
        mov dl, [hexdigits + edx]
        mov [edi], dl
        inc edi
        dec ecx
        jnz .digit
        mov byte [edi], ' '
        inc edi
        ret

; dump_mem: the data block as two lines of eight dwords.
dump_mem:
        mov esi, mem
        mov ebx, 2
.row:   mov edi, line
        mov ebp, 8
.word:  mov eax, [esi]
        call hex8
        add esi, 4
        dec ebp
        jnz .word
        mov byte [edi - 1], 10
        push ebx
        mov edx, edi
        sub edx, line
        mov eax, 4
        mov ebx, 1
        mov ecx, line
        int 0x80
        pop ebx
        dec ebx
        jnz .row
        ret

; put_str(address): writes a zero-terminated string; clobbers eax..edx.
put_str:
        mov ecx, [esp + 4]
        xor edx, edx
.len:   cmp byte [ecx + edx], 0
        je .write
        inc edx
        jmp .len
.write: mov eax, 4
        mov ebx, 1
        int 0x80
        ret 4
`;
  }
}

function main() {
  const [seedArg, countArg, outDir] = process.argv.slice(2);
  if (!seedArg || !countArg || !outDir) {
    process.stderr.write("usage: node gen-random.mjs SEED COUNT OUTDIR\n");
    process.exit(2);
  }
  const seed = Number(seedArg) >>> 0;
  const count = Number(countArg);
  mkdirSync(outDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const p = new Program(seed, i);
    p.seedText = String(seed);
    const name = `random_${String(i).padStart(2, "0")}.asm`;
    writeFileSync(join(outDir, name), p.generate());
  }
}

main();
