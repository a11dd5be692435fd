#!/usr/bin/env node
// record-vectors.mjs - records the x87 oracle: generates the vectors of every
// group below (deterministic from SEED), runs them on this machine's CPU with
// the native harness x87run.c (x86-64, gcc) and writes vectors/<group>.txt.
//
//   node test/fpu/record-vectors.mjs [group...]     (default: every group)
//
// The x87 unit behaves the same in 64-bit mode, so a 64-bit harness records
// what the core must do in 32-bit mode. Each vector runs as
//   fninit; fldcw CW; fld m80 IN1..INn (INn ends in ST0); CODE; fnsave
// with a memory operand (ModRM [rdi]) preloaded with MEMIN.
//
// File format: '#' lines are comments (the CPU model is among them), then
//   CODE CW IN MEMIN SW TW EFL OUT MEMOUT
// IN/OUT: comma-separated 80-bit values, 20 hex digits (sign+exponent, then the
// 64-bit significand); IN in push order, OUT from ST0 up over the non-empty
// registers; '-' when there are none. MEMIN/MEMOUT: the 10 operand bytes in
// memory order, '-' when CODE has no memory operand. SW/TW: FNSAVE's status
// word and full tag word. EFL: RFLAGS & (ZF|PF|CF) for fcomi-class
// instructions, '-' otherwise.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 0x11f80n;

// xorshift64* - deterministic, good enough for operand patterns
let state = SEED * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn;
function r64() {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const rint = (n) => Number(r64() % BigInt(n));
const pick = (a) => a[rint(a.length)];
const M64 = 0xffffffffffffffffn;
const J = 1n << 63n;

const f80 = (sign, exp, sig) => ((BigInt(sign) << 15n | BigInt(exp)).toString(16).padStart(4, '0')) + (sig & M64).toString(16).padStart(16, '0');
const s = () => rint(2);
const randSig = () => r64() | J;
// significands whose low bits sit at or around a rounding boundary of 24, 53 or 64 bits
function edgeSig() {
  const keep = pick([24, 53, 64]);
  let sig = randSig();
  const low = 64 - keep;
  if (low > 0) {
    const lm = (1n << BigInt(low)) - 1n;
    const half = 1n << BigInt(low - 1);
    sig = (sig & ~lm) | pick([0n, half, half - 1n, half + 1n, lm, 1n, lm - 1n]);
  } else sig = (sig & ~0xffn) | pick([0n, 1n, 0xffn, 0x80n]);
  if (rint(4) === 0) sig = (sig | ((1n << 62n) - 1n) & ~((1n << BigInt(low)) - 1n)); // runs of ones: carries out
  return sig | J;
}

const CLASSES = {
  zero: () => f80(s(), 0, 0n),
  denormal: () => f80(s(), 0, rint(3) === 0 ? r64() >> BigInt(1 + rint(63)) || 1n : r64() >> 1n || 1n),
  pseudoDenormal: () => f80(s(), 0, randSig()),
  unnormal: () => f80(s(), 1 + rint(0x7ffe), rint(8) === 0 ? 0n : r64() >> BigInt(1 + rint(40))),
  minNormal: () => f80(s(), 1, rint(2) ? J : randSig()),
  maxNormal: () => f80(s(), 0x7ffe, rint(2) ? M64 : randSig()),
  one: () => f80(s(), 0x3fff, pick([J, J | 1n, M64, randSig()])),
  normal: () => f80(s(), 0x3fff - 40 + rint(80), rint(2) ? randSig() : edgeSig()),
  wide: () => f80(s(), 1 + rint(0x7ffe), rint(2) ? randSig() : edgeSig()),
  tiny: () => f80(s(), pick([0x3fff - 126, 0x3fff - 149, 0x3fff - 1022, 0x3fff - 1074, 1, 64, 0x3fff - 16382]) + rint(40) - 20 & 0x7fff || 1, edgeSig()),
  huge: () => f80(s(), pick([0x3fff + 127, 0x3fff + 1023, 0x7ffe]) - rint(30) + 3 & 0x7fff, edgeSig()),
  integer: () => { const e = rint(70); return f80(s(), 0x3fff + e, e >= 63 ? randSig() : (randSig() >> BigInt(63 - e) << BigInt(63 - e)) | (rint(3) === 0 ? J >> BigInt(e + 1) : 0n) | J); },
  inf: () => f80(s(), 0x7fff, J),
  qnan: () => f80(s(), 0x7fff, J | (1n << 62n) | (rint(2) ? r64() >> 2n : 0n)),
  snan: () => f80(s(), 0x7fff, J | (r64() >> 2n || 1n)),
  indefinite: () => f80(1, 0x7fff, 0xc000000000000000n),
  pseudoInf: () => f80(s(), 0x7fff, 0n),
  pseudoNan: () => f80(s(), 0x7fff, r64() >> 1n || 1n),
};
const CLASS_NAMES = Object.keys(CLASSES);
const FINITE = ['normal', 'wide', 'one', 'tiny', 'huge', 'integer', 'denormal', 'minNormal', 'maxNormal'];
const anyValue = () => CLASSES[rint(3) === 0 ? pick(CLASS_NAMES) : pick(FINITE)]();

const PC = [0, 2, 3];
function cw({ masked = rint(8) !== 0, rc = rint(4), pc = pick(PC) } = {}) {
  const mask = masked ? 0x3f : rint(0x40);
  return (0x40 | mask | pc << 8 | rc << 10).toString(16).padStart(4, '0');
}
const ALL_CW = [];
for (const rc of [0, 1, 2, 3]) for (const pc of PC) ALL_CW.push(cw({ masked: true, rc, pc }));

const NOMEM = '-';
const groups = {};
function add(group, code, cwHex, ins, mem = NOMEM) { (groups[group] ??= []).push({ code, cw: cwHex, ins, mem }); }

// Binary register forms: st0 op st1 (D8), st1 op st0 (DC, AT&T's reversed names are not involved: bytes are given), and pop (DE).
const BIN = { fadd: 0, fmul: 1, fsub: 4, fsubr: 5, fdiv: 6, fdivr: 7 };
const hx = (b) => b.toString(16).padStart(2, '0');
function groupArith() {
  for (const [name, r] of Object.entries(BIN)) {
    const code = 'd8' + hx(0xc1 | r << 3);
    for (const a of CLASS_NAMES) for (const b of CLASS_NAMES) add('arith', code, rint(3) ? pick(ALL_CW) : cw(), [CLASSES[b](), CLASSES[a]()]);
    for (let i = 0; i < 1200; i++) add('arith', code, cw(), [anyValue(), anyValue()]);
    // near-cancellation and same-exponent operands for add/sub
    for (let i = 0; i < 200; i++) { const a = CLASSES.normal(); const e = parseInt(a.slice(0, 4), 16); const b = f80(rint(2), e & 0x7fff, BigInt('0x' + a.slice(4)) ^ (r64() >> BigInt(rint(64)))| J); add('arith', code, cw(), [b, a]); }
    const dc = 'dc' + hx(0xc1 | (r ^ (r >= 4 ? 1 : 0)) << 3); // DC: st(1) = st(1) op st0 (sub/subr, div/divr swap encodings)
    const de = 'de' + hx(0xc1 | (r ^ (r >= 4 ? 1 : 0)) << 3);
    for (let i = 0; i < 100; i++) { add('arith', dc, cw(), [anyValue(), anyValue()]); add('arith', de, cw(), [anyValue(), anyValue()]); }
  }
  for (const a of CLASS_NAMES) for (let i = 0; i < 8; i++) add('arith', 'd9fa', pick(ALL_CW), [CLASSES[a]()]);
  for (let i = 0; i < 1500; i++) add('arith', 'd9fa', cw(), [anyValue()]);
}

function le(v, bytes) { let h = ''; for (let i = 0; i < bytes; i++) { h += hx(Number(v & 0xffn)); v >>= 8n; } return h.padEnd(20, '0'); }
function groupLoad() {
  const f32 = () => pick([0n, 0x80000000n, 1n, 0x7fffffn, 0x800000n, 0x3f800000n, 0x7f7fffffn, 0x7f800000n, 0xff800000n, 0x7fc00000n, 0x7f800001n, 0x7fa00000n, 0xffc00001n, r64() & 0xffffffffn, r64() & 0x807fffffn]) ;
  const f64 = () => pick([0n, 1n << 63n, 1n, 0xfffffffffffffn, 0x10000000000000n, 0x3ff0000000000000n, 0x7fefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0x7ff0000000000001n, 0x7ff4000000000000n, r64(), r64() & 0x800fffffffffffffn]);
  const bcd = () => { let v = 0n; for (let i = 0; i < 18; i++) v |= BigInt(rint(10)) << BigInt(4 * i); if (rint(6) === 0) v |= BigInt(rint(16)) << BigInt(4 * rint(18)); if (rint(2)) v |= 0x80n << 72n; if (rint(10) === 0) v |= BigInt(rint(128)) << 72n; return v; };
  for (let i = 0; i < 400; i++) {
    const c = cw();
    add('load', 'd907', c, [], le(f32(), 4));
    add('load', 'dd07', c, [], le(f64(), 8));
    add('load', 'df07', c, [], le(r64() >> BigInt(rint(64)), 2));
    add('load', 'db07', c, [], le(r64() >> BigInt(rint(64)), 4));
    add('load', 'df2f', c, [], le(rint(2) ? r64() : r64() >> BigInt(rint(64)), 8));
    add('load', 'df27', c, [], le(bcd(), 10));
    add('load', 'db2f', c, [], le(BigInt('0x' + anyValue().slice(4)) | BigInt('0x' + anyValue().slice(0, 4)) << 64n, 10));
  }
}

function groupStore() {
  const stores = { 'd917': 'fst m32', 'dd17': 'fst m64', 'd91f': 'fstp m32', 'dd1f': 'fstp m64', 'df17': 'fist m16', 'db17': 'fist m32', 'df1f': 'fistp m16', 'db1f': 'fistp m32', 'df3f': 'fistp m64', 'df0f': 'fisttp m16', 'db0f': 'fisttp m32', 'dd0f': 'fisttp m64', 'df37': 'fbstp', 'db3f': 'fstp m80' };
  for (const code of Object.keys(stores)) {
    const intStore = code !== 'd917' && code !== 'dd17' && code !== 'd91f' && code !== 'dd1f' && code !== 'db3f';
    for (const a of CLASS_NAMES) for (let i = 0; i < 6; i++) add('store', code, cw(), [CLASSES[a]()], 'aa'.repeat(10));
    for (let i = 0; i < 500; i++) {
      let v = anyValue();
      if (intStore && rint(2)) { const e = code.startsWith('df0') || code.startsWith('df1') ? rint(18) : code === 'df37' ? rint(62) : code.startsWith('db') ? rint(34) : rint(66); v = f80(s(), 0x3fff + e - 1, rint(2) ? randSig() : edgeSig()); }
      add('store', code, cw(), [v], 'aa'.repeat(10));
    }
    add('store', code, cw({ masked: true }), [], 'aa'.repeat(10)); // empty ST0: underflow
    add('store', code, cw({ masked: false }), [], 'aa'.repeat(10));
  }
  for (let i = 0; i < 200; i++) add('store', 'ddd1', cw(), [anyValue(), anyValue()]); // fst st(1)
  for (let i = 0; i < 200; i++) add('store', 'ddd9', cw(), [anyValue(), anyValue()]); // fstp st(1)
}

function groupCompare() {
  const two = { d8d1: 'fcom st1', d8d9: 'fcomp st1', ded9: 'fcompp', dde1: 'fucom st1', dde9: 'fucomp st1', dae9: 'fucompp', dbf1: 'fcomi st1', dbe9: 'fucomi st1', dff1: 'fcomip st1', dfe9: 'fucomip st1' };
  for (const code of Object.keys(two)) {
    for (const a of CLASS_NAMES) for (const b of CLASS_NAMES) if (rint(3) === 0) add('compare', code, cw(), [CLASSES[b](), CLASSES[a]()]);
    for (let i = 0; i < 200; i++) { const a = anyValue(); add('compare', code, cw(), [rint(4) ? anyValue() : a, a]); }
    add('compare', code, cw(), [anyValue()]); // empty st1
  }
  for (const code of ['d9e4', 'd9e5']) {
    for (const a of CLASS_NAMES) for (let i = 0; i < 10; i++) add('compare', code, cw(), [CLASSES[a]()]);
    add('compare', code, cw(), []);
  }
  for (let i = 0; i < 300; i++) {
    add('compare', 'd817', cw(), [anyValue()], le(r64() & 0xffffffffn, 4)); // fcom m32
    add('compare', 'dc1f', cw(), [anyValue()], le(rint(2) ? r64() : BigInt('0x' + anyValue().slice(4)) >> 11n, 8)); // fcomp m64
    add('compare', 'da17', cw(), [anyValue()], le(r64() >> BigInt(rint(64)), 4)); // ficom m32
  }
}

function groupMisc() {
  const un = { d9e0: 'fchs', d9e1: 'fabs', d9fc: 'frndint', d9f4: 'fxtract' };
  for (const code of Object.keys(un)) {
    for (const a of CLASS_NAMES) for (let i = 0; i < 10; i++) add('misc', code, cw(), [CLASSES[a]()]);
    for (let i = 0; i < 500; i++) add('misc', code, cw(), [rint(2) ? CLASSES.integer() : anyValue()]);
    add('misc', code, cw(), []);
  }
  const bin = { d9fd: 'fscale', d9f8: 'fprem', d9f5: 'fprem1' };
  for (const code of Object.keys(bin)) {
    for (const a of CLASS_NAMES) for (const b of CLASS_NAMES) if (rint(2) === 0) add('misc', code, cw(), [CLASSES[b](), CLASSES[a]()]);
    for (let i = 0; i < 800; i++) {
      let b = anyValue(), a = anyValue();
      if (code === 'd9fd' && rint(2)) b = f80(s(), 0x3fff + rint(16), randSig());
      if (code !== 'd9fd' && rint(2)) { const ea = 0x3fff + rint(200) - 50; a = f80(s(), ea, randSig()); b = f80(s(), ea - rint(80), randSig()); }
      add('misc', code, cw(), [b, a]);
    }
    add('misc', code, cw(), [anyValue()]);
  }
  const consts = ['d9e8', 'd9e9', 'd9ea', 'd9eb', 'd9ec', 'd9ed', 'd9ee'];
  for (const code of consts) for (const c of ALL_CW) add('misc', code, c, []);
  // stack management
  for (let i = 0; i < 40; i++) {
    add('misc', 'd9c9', cw(), rint(4) ? [anyValue(), anyValue()] : [anyValue()]); // fxch
    add('misc', 'd9c1', cw(), rint(4) ? [anyValue(), anyValue()] : [anyValue()]); // fld st1
    add('misc', 'd9f6', cw(), [anyValue()]); add('misc', 'd9f7', cw(), [anyValue()]); // fdecstp fincstp
    add('misc', 'ddc1', cw(), [anyValue(), anyValue()]); // ffree st1
    add('misc', 'd9d0', cw(), [anyValue()]); // fnop
  }
  // overflow: a push onto a full stack
  const eight = () => Array.from({ length: 8 }, anyValue);
  for (const code of ['d9e8', 'd9eb', 'd9c1', 'd907', 'dd07', 'df07', 'db2f', 'd9f4', 'd9fb', 'd9f2']) {
    add('misc', code, cw({ masked: true }), eight(), le(0x3f800000n, 4));
    add('misc', code, cw({ masked: false }), eight(), le(0x3f800000n, 4));
  }
}

function groupMemArith() {
  const forms = [['d8', 4, 'f32'], ['dc', 8, 'f64'], ['da', 4, 'i32'], ['de', 2, 'i16']];
  for (const [pre, bytes, kind] of forms) for (const r of Object.values(BIN)) {
    const code = pre + hx(0x07 | r << 3);
    for (let i = 0; i < 120; i++) {
      let v;
      if (kind === 'f32') v = rint(2) ? r64() & 0xffffffffn : pick([0n, 1n, 0x7f800000n, 0x7f800001n, 0x7fc00000n, 0x3f800000n, 0x80000000n, 0x00400000n]);
      else if (kind === 'f64') v = rint(2) ? r64() : pick([0n, 1n, 0x7ff0000000000000n, 0x7ff0000000000001n, 0x7ff8000000000000n, 0x3ff0000000000000n, 0x8000000000000000n]);
      else v = r64() >> BigInt(rint(64));
      add('memarith', code, cw(), [anyValue()], le(v, bytes));
    }
  }
}

function groupTranscend() {
  const PI2 = Math.PI / 2;
  const fromNumber = (x) => { // a double near x, as f80, with random low bits
    if (x === 0) return f80(s(), 0, 0n);
    const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x);
    const bits = b.getBigUint64(0);
    const e = Number(bits >> 52n & 0x7ffn), m = bits & 0xfffffffffffffn;
    return f80(Number(bits >> 63n), e - 1023 + 0x3fff, (J | m << 11n) ^ (rint(2) ? r64() & 0x7ffn : 0n));
  };
  const angle = () => {
    switch (rint(6)) {
      case 0: return fromNumber((rint(2) ? 1 : -1) * Number(r64() % 1000000n) / 1e6 * 4); // |x| < 4
      case 1: { const k = 1 + rint(rint(2) ? 8 : 100000); const x = k * PI2; return fromNumber(x * (1 + (rint(3) - 1) * 1e-16)); } // near k pi/2
      case 2: return f80(s(), 0x3fff + rint(64), randSig()); // up to 2^63
      case 3: return f80(s(), 0x3fff + 63 + rint(10), randSig()); // beyond 2^63: C2
      case 4: return f80(s(), 0x3fff - rint(70), randSig()); // small
      default: return anyValue();
    }
  };
  for (const code of ['d9fe', 'd9ff', 'd9fb', 'd9f2']) {
    for (let i = 0; i < 700; i++) add('transcend', code, cw(), [angle()]);
    for (const a of CLASS_NAMES) add('transcend', code, cw(), [CLASSES[a]()]);
  }
  const inUnit = () => f80(s(), 0x3fff - 1 - rint(rint(2) ? 4 : 70), randSig());
  for (let i = 0; i < 700; i++) add('transcend', 'd9f0', cw(), [rint(5) ? inUnit() : anyValue()]); // f2xm1
  for (const a of CLASS_NAMES) add('transcend', 'd9f0', cw(), [CLASSES[a]()]);
  for (let i = 0; i < 700; i++) add('transcend', 'd9f1', cw(), [rint(3) ? anyValue() : CLASSES.normal(), rint(4) ? f80(0, 0x3fff + rint(40) - 20, randSig()) : anyValue()]); // fyl2x: st1*log2(st0)
  for (let i = 0; i < 700; i++) add('transcend', 'd9f9', cw(), [rint(3) ? anyValue() : CLASSES.normal(), rint(4) ? f80(s(), 0x3ffd - rint(60), randSig()) : anyValue()]); // fyl2xp1
  for (let i = 0; i < 700; i++) add('transcend', 'd9f3', cw(), [anyValue(), anyValue()]); // fpatan: atan(st1/st0)
  for (const a of CLASS_NAMES) for (const b of CLASS_NAMES) if (rint(4) === 0) { add('transcend', 'd9f1', cw(), [CLASSES[b](), CLASSES[a]()]); add('transcend', 'd9f9', cw(), [CLASSES[b](), CLASSES[a]()]); add('transcend', 'd9f3', cw(), [CLASSES[b](), CLASSES[a]()]); }
}

const GROUPS = { arith: groupArith, load: groupLoad, store: groupStore, compare: groupCompare, misc: groupMisc, memarith: groupMemArith, transcend: groupTranscend };

function cpuModel() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const f = (k) => (info.match(new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm')) ?? [])[1] ?? '?';
  return `${f('model name')} (vendor ${f('vendor_id')}, family ${f('cpu family')}, model ${f('model')}, stepping ${f('stepping')}, microcode ${f('microcode')})`;
}

const usesMemory = (code) => { const modrm = parseInt(code.slice(2, 4), 16); return (modrm >> 6) !== 3; };
const isFcomi = (code) => /^d[bf](e[89a-f]|f[0-7])$/.test(code);

const want = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(GROUPS);
const exe = join(tmpdir(), `x87run-${process.pid}`);
const cc = spawnSync('gcc', ['-O1', '-Wall', '-o', exe, join(here, 'x87run.c')], { stdio: 'inherit' });
if (cc.status !== 0) throw new Error('gcc failed');
const cpu = cpuModel();
mkdirSync(join(here, 'vectors'), { recursive: true });
for (const g of Object.keys(GROUPS)) {
  groups[g] = [];
  GROUPS[g](); // always run every generator so each group's operands do not depend on which groups were asked for
  if (!want.includes(g)) continue;
  const vs = groups[g];
  const input = vs.map((v) => `${v.code} ${v.cw} ${v.ins.length} ${v.ins.join(' ')}${v.ins.length ? ' ' : ''}${v.mem === NOMEM ? '00' : v.mem}`).join('\n') + '\n';
  const run = () => { const r = spawnSync(exe, [], { input, maxBuffer: 1 << 30 }); if (r.status !== 0) throw new Error(`x87run: ${r.stderr}`); return r.stdout.toString(); };
  const out = run();
  if (run() !== out) throw new Error(`${g}: two runs disagree`);
  const lines = out.trim().split('\n');
  if (lines.length !== vs.length) throw new Error(`${g}: ${lines.length} results for ${vs.length} vectors`);
  const body = vs.map((v, i) => {
    const t = lines[i].split(' ');
    const sw = parseInt(t[0], 16), tw = parseInt(t[1], 16), top = sw >> 11 & 7;
    // only the registers that are not empty, in ST order; a gap would make this ambiguous, so keep all up to the last live one
    const live = []; for (let st = 0; st < 8; st++) live.push((tw >> 2 * ((top + st) & 7) & 3) !== 3 ? t[3 + st] : 'e');
    while (live.length && live[live.length - 1] === 'e') live.pop();
    const efl = isFcomi(v.code) ? hx(parseInt(t[2], 16) & 0x45) : '-';
    const mem = usesMemory(v.code) ? t[11] : '-';
    return `${v.code} ${v.cw} ${v.ins.join(',') || '-'} ${usesMemory(v.code) ? v.mem : '-'} ${t[0]} ${t[1]} ${efl} ${live.join(',') || '-'} ${mem}`;
  });
  const header = [`# x87 vectors, group ${g}: ${vs.length} vectors, recorded by test/fpu/record-vectors.mjs (seed ${SEED})`, `# cpu: ${cpu}`, '# CODE CW IN MEMIN SW TW EFL OUT MEMOUT  (see record-vectors.mjs; OUT lists ST0.. up to the last non-empty register, e = empty)'];
  writeFileSync(join(here, 'vectors', `${g}.txt`), header.concat(body).join('\n') + '\n');
  console.log(`${g}: ${vs.length} vectors`);
}
