/**
 * Replays the recorded x87 vectors (vectors/*.txt, see record-vectors.mjs)
 * through the core's x87 unit (asm/fpu, test entry asm/fpu/test-entry.ts
 * compiled to build/fpu-test.wasm) and says, per vector, which of result,
 * status word, tag word, EFLAGS and memory differ from the CPU's.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VECTOR_DIR = join(ROOT, 'test/fpu/vectors');
export const WASM = join(ROOT, 'build/fpu-test.wasm');

export interface FpuVector {
  readonly group: string;
  readonly line: number;
  readonly code: string;
  readonly cw: number;
  readonly ins: readonly string[];
  readonly memIn: string | null;
  readonly sw: number;
  readonly tw: number;
  readonly efl: number | null;
  readonly out: readonly string[]; // 'e' for an empty register
  readonly memOut: string | null;
}

export interface VectorGroup { readonly group: string; readonly cpu: string; readonly vectors: FpuVector[] }

export function loadVectorGroups(): VectorGroup[] {
  return readdirSync(VECTOR_DIR).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const group = f.replace(/\.txt$/, '');
    let cpu = '?';
    const vectors: FpuVector[] = [];
    readFileSync(join(VECTOR_DIR, f), 'utf8').split('\n').forEach((text, idx) => {
      if (text.startsWith('# cpu: ')) cpu = text.slice(7);
      if (!text || text.startsWith('#')) return;
      const [code, cw, ins, memIn, sw, tw, efl, out, memOut] = text.split(' ');
      vectors.push({
        group, line: idx + 1, code, cw: parseInt(cw, 16), ins: ins === '-' ? [] : ins.split(','),
        memIn: memIn === '-' ? null : memIn, sw: parseInt(sw, 16), tw: parseInt(tw, 16),
        efl: efl === '-' ? null : parseInt(efl, 16), out: out === '-' ? [] : out.split(','), memOut: memOut === '-' ? null : memOut,
      });
    });
    return { group, cpu, vectors };
  });
}

/** Compile the test entry when the wasm is missing or older than a source of asm/fpu. */
export async function ensureFpuWasm(): Promise<void> {
  const srcDir = join(ROOT, 'asm/fpu');
  const newest = Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs));
  if (existsSync(WASM) && statSync(WASM).mtimeMs >= newest) return;
  const asc = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main(['asm/fpu/test-entry.ts', '--runtime', 'stub', '--initialMemory', '1', '-O3', '--noAssert', '-o', 'build/fpu-test.wasm'], { stdout: process.stdout, stderr: process.stderr } as never);
  if (error) throw new Error(`asc failed: ${error.message} ${String(stderr)}`);
}

interface Exports {
  memory: WebAssembly.Memory;
  stateAddr(): number; memAddr(): number; inputsAddr(): number;
  run(cw: number, n: number, op: number, modrm: number): number;
  statusWord(): number; tagWord(): number; eflags(): number; storedBytes(): number;
  stEmpty(i: number): number; stSig(i: number): bigint; stSE(i: number): number;
  setFastPath(on: number): void;
  runFastOnly(cw: number, n: number, op: number, modrm: number): number;
}

export class FpuUnit {
  private readonly x: Exports;
  /** fastPath false: the unit's common-case path (asm/fpu/fast.ts) off, every instruction through the general code. */
  constructor(fastPath = true) {
    const mod = new WebAssembly.Module(readFileSync(WASM));
    this.x = new WebAssembly.Instance(mod, { env: { abort: () => { throw new Error('abort'); } } }).exports as unknown as Exports;
    this.x.setFastPath(fastPath ? 1 : 0);
  }

  /** Would the unit's fast path take this vector's instruction (rather than the general code)? */
  takesFastPath(v: FpuVector): boolean {
    this.load(v);
    const bytes = v.code.match(/../g)!.map((b) => parseInt(b, 16));
    return this.x.runFastOnly(v.cw, v.ins.length, bytes[0], bytes[1]) !== 0;
  }

  private load(v: FpuVector): void {
    const x = this.x;
    const mem = new DataView(x.memory.buffer);
    const inputs = x.inputsAddr();
    v.ins.forEach((h, i) => {
      mem.setBigUint64(inputs + 16 * i, BigInt('0x' + h.slice(4)), true);
      mem.setUint16(inputs + 16 * i + 8, parseInt(h.slice(0, 4), 16), true);
    });
    const m = x.memAddr();
    const memIn = v.memIn ?? '00'.repeat(10);
    for (let i = 0; i < 10; i++) mem.setUint8(m + i, parseInt(memIn.slice(2 * i, 2 * i + 2), 16));
  }

  /** Run the vector's instruction and describe everything it left (stack, status and tag words, EFLAGS, memory). */
  stateAfter(v: FpuVector): string {
    const x = this.x;
    this.load(v);
    const bytes = v.code.match(/../g)!.map((b) => parseInt(b, 16));
    const rc = x.run(v.cw, v.ins.length, bytes[0], bytes[1]);
    const regs: string[] = [];
    for (let i = 0; i < 8; i++) regs.push(x.stEmpty(i) ? 'e' : x.stSE(i).toString(16) + ':' + BigInt.asUintN(64, x.stSig(i)).toString(16));
    const mem = [...new Uint8Array(x.memory.buffer, x.memAddr(), 10)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `rc=${rc} sw=${x.statusWord().toString(16)} tw=${x.tagWord().toString(16)} efl=${x.eflags().toString(16)} stored=${x.storedBytes()} mem=${mem} st=${regs.join(',')}`;
  }

  /** Replay one vector; returns the list of differences (empty: bit-exact). */
  replay(v: FpuVector): string[] {
    const x = this.x;
    this.load(v);
    const m = x.memAddr();
    const bytes = v.code.match(/../g)!.map((b) => parseInt(b, 16));
    const rc = x.run(v.cw, v.ins.length, bytes[0], bytes[1]);
    if (rc !== 0) return [`not implemented (${rc})`];
    const diffs: string[] = [];
    const hex4 = (n: number) => n.toString(16).padStart(4, '0');
    const sw = x.statusWord(), tw = x.tagWord();
    if (sw !== v.sw) diffs.push(`sw ${hex4(sw)} != ${hex4(v.sw)}`);
    if (tw !== v.tw) diffs.push(`tw ${hex4(tw)} != ${hex4(v.tw)}`);
    for (let i = 0; i < 8; i++) {
      const want = v.out[i] ?? 'e';
      const got = x.stEmpty(i) ? 'e' : hex4(x.stSE(i)) + BigInt.asUintN(64, x.stSig(i)).toString(16).padStart(16, '0');
      if (got !== want) diffs.push(`st${i} ${got} != ${want}`);
    }
    if (v.efl !== null) {
      const e = x.eflags();
      const got = e === 0xffffffff ? 'unchanged' : (e & 0x45).toString(16).padStart(2, '0');
      if (e !== 0xffffffff ? (e & 0x45) !== v.efl : false) diffs.push(`eflags ${got} != ${v.efl.toString(16)}`);
    }
    if (v.memOut !== null) {
      let got = '';
      const nm = new Uint8Array(x.memory.buffer, m, 10);
      for (const b of nm) got += b.toString(16).padStart(2, '0');
      if (got !== v.memOut) diffs.push(`mem ${got} != ${v.memOut}`);
    }
    return diffs;
  }
}

/** Do the differences amount to the last bit of a result and C1 only? */
export function lastBitOnly(diffs: string[]): boolean {
  return diffs.every((d) => {
    const st = /^st\d (\w+) != (\w+)$/.exec(d);
    if (st) return st[1] !== 'e' && st[2] !== 'e' && (BigInt('0x' + st[1]) - BigInt('0x' + st[2]) === 1n || BigInt('0x' + st[2]) - BigInt('0x' + st[1]) === 1n);
    const sw = /^sw (\w+) != (\w+)$/.exec(d);
    return sw !== null && (parseInt(sw[1], 16) ^ parseInt(sw[2], 16)) === 0x200;
  });
}

const D9 = ['fchs', 'fabs', '?', '?', 'ftst', 'fxam', '?', '?', 'fld1', 'fldl2t', 'fldl2e', 'fldpi', 'fldlg2', 'fldln2', 'fldz', '?',
  'f2xm1', 'fyl2x', 'fptan', 'fpatan', 'fxtract', 'fprem1', 'fdecstp', 'fincstp', 'fprem', 'fyl2xp1', 'fsqrt', 'fsincos', 'frndint', 'fscale', 'fsin', 'fcos'];
const ARITH = ['add', 'mul', 'com', 'comp', 'sub', 'subr', 'div', 'divr'];
/** A readable name for the instruction bytes of a vector. */
export function mnemonic(code: string): string {
  const op = parseInt(code.slice(0, 2), 16), modrm = parseInt(code.slice(2, 4), 16);
  const r = (modrm >> 3) & 7, reg = modrm >= 0xc0;
  if (op === 0xd9 && modrm >= 0xe0) return D9[modrm - 0xe0];
  if (!reg) {
    const memNames: Record<number, string[]> = {
      0xd8: ARITH.map((a) => `f${a} m32`), 0xdc: ARITH.map((a) => `f${a} m64`), 0xda: ARITH.map((a) => `fi${a} m32`), 0xde: ARITH.map((a) => `fi${a} m16`),
      0xd9: ['fld m32', '?', 'fst m32', 'fstp m32', 'fldenv', 'fldcw', 'fnstenv', 'fnstcw'],
      0xdb: ['fild m32', 'fisttp m32', 'fist m32', 'fistp m32', '?', 'fld m80', '?', 'fstp m80'],
      0xdd: ['fld m64', 'fisttp m64', 'fst m64', 'fstp m64', 'frstor', '?', 'fnsave', 'fnstsw'],
      0xdf: ['fild m16', 'fisttp m16', 'fist m16', 'fistp m16', 'fbld', 'fild m64', 'fbstp', 'fistp m64'],
    };
    return memNames[op]?.[r] ?? code;
  }
  const i = modrm & 7;
  switch (op) {
    case 0xd8: return `f${ARITH[r]} st,st${i}`;
    case 0xdc: return `f${['add', 'mul', 'com', 'comp', 'subr', 'sub', 'divr', 'div'][r]} st${i},st`;
    case 0xde: return modrm === 0xd9 ? 'fcompp' : `f${['add', 'mul', 'com', 'comp', 'subr', 'sub', 'divr', 'div'][r]}p st${i},st`;
    case 0xd9: return ['fld st', 'fxch st', 'fnop', '?'][r] + (r === 2 ? '' : i);
    case 0xda: return modrm === 0xe9 ? 'fucompp' : code;
    case 0xdb: return r === 5 ? `fucomi st${i}` : r === 6 ? `fcomi st${i}` : code;
    case 0xdd: return ['ffree st', '?', 'fst st', 'fstp st', 'fucom st', 'fucomp st'][r] + i;
    case 0xdf: return r === 5 ? `fucomip st${i}` : r === 6 ? `fcomip st${i}` : code;
  }
  return code;
}
