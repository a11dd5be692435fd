/**
 * The decoder: prefixes, ModRM/SIB and 16-bit addressing, instructions that
 * straddle pages, and the faults the CPU raises while fetching and decoding.
 * The decode and faults vectors were recorded on the CPU (record-vectors.mjs);
 * the rest — what the native harness cannot set up, such as FS/GS bases,
 * memory below 64 KiB, an unmapped code page — is checked against values
 * worked out from the SDM, and the end of a program against what Linux
 * reports (exit status 128 + signal, the faulting address).
 */
import { describe, test, expect } from 'vitest';
import { Machine } from '../../src/machine/machine';
import type { RunOutcome } from '../../src/machine/outcome';
import { fillDescriptor } from '../../src/linux/descriptors';
import { loadVectorFiles, VectorRunner, vectorName, expected, observed, byteLength, hex, CODE } from './vectors';

const files = loadVectorFiles();

for (const family of ['decode', 'faults', 'length', 'lock']) {
  const file = files.find((f) => f.family === family)!;
  describe(`${family} vectors (recorded on ${file.cpu})`, () => {
    const runner = new VectorRunner('simplex');
    for (const v of file.cases) {
      test(vectorName(v), () => {
        expect(observed(v, runner.run(file, v))).toEqual(expected(file, v));
      });
    }
  });
}

describe('instructions straddling two pages give the same result at every split', () => {
  const PAGE_END = CODE + 0x1000;
  for (const file of files.filter((f) => f.cases.some((v) => byteLength(v) > 1))) {
    test(`${file.family}: every vector at every split point`, () => {
      const runner = new VectorRunner('simplex');
      const failures: string[] = [];
      let runs = 0;
      for (const v of file.cases) {
        // A vector that already fails at an ordinary address is reported by its own test.
        if (JSON.stringify(observed(v, runner.run(file, v))) !== JSON.stringify(expected(file, v))) continue;
        for (let first = 1; first < byteLength(v); first++) {
          const at = PAGE_END - first;
          const want = expected(file, v, at);
          const got = observed(v, runner.run(file, v, at));
          runs++;
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            failures.push(`${vectorName(v)} with ${first} byte(s) on the first page: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
          }
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
      expect(runs).toBeGreaterThan(0);
    });
  }
});

// ---- Hand-checked cases -----------------------------------------------------------------

const CODE_PAGE = 0x08048000;

/** A simplex machine with one code page (and any more pages asked for), running `bytes` at `at`. */
function machineWith(bytes: number[], options: { at?: number; pages?: [number, number][]; regs?: Record<string, number> } = {}) {
  const m = new Machine({ topology: 'simplex', memoryMiB: 2 });
  const at = options.at ?? CODE_PAGE + 0x10;
  m.memory.map(at & ~0xfff, 0x1000, 'write');
  for (const [va, len] of options.pages ?? []) m.memory.map(va, len, 'write');
  m.memory.write(at, new Uint8Array(bytes));
  m.setRegister('eip', at);
  m.setRegister('eflags', 0x202);
  for (const [r, v] of Object.entries(options.regs ?? {})) m.setRegister(r as 'eax', v);
  return { m, at };
}

function step(m: Machine, cycles = 1): RunOutcome {
  return m.run({ maxCycles: m.cycle + BigInt(cycles) });
}

function signalOf(outcome: RunOutcome): { signal: string; status: number; message: string } {
  if (outcome.kind !== 'signal') throw new Error(`expected a guest signal, got ${JSON.stringify(outcome)}`);
  return { signal: outcome.signal, status: outcome.status, message: outcome.message };
}

describe('fetch from an unmapped page', () => {
  test('EIP on an unmapped page: SIGSEGV at EIP, status 139', () => {
    const { m } = machineWith([0x90]);
    m.setRegister('eip', 0x0a000000);
    const s = signalOf(step(m));
    expect(s).toEqual({ signal: 'SIGSEGV', status: 139, message: 'guest SIGSEGV at 0xa000000 (eip 0xa000000)' });
    expect(m.getRegister('eip')).toBe(0x0a000000);
  });

  // An instruction whose last bytes would be on the next page, which is unmapped:
  // Linux reports the first byte of that page, with EIP on the instruction and
  // no register changed (seen on this machine with a C program that calls into
  // such bytes at the end of an mmap'd page, for each case below).
  for (let first = 1; first <= 4; first++) {
    test(`mov eax, imm32 with ${first} byte(s) on the mapped page`, () => {
      const at = CODE_PAGE + 0x1000 - first;
      const { m } = machineWith([0xb8, 0x78, 0x56, 0x34, 0x12].slice(0, first), { at, regs: { eax: 0x11111111 } });
      const s = signalOf(step(m));
      expect(s.signal).toBe('SIGSEGV');
      expect(s.message).toBe(`guest SIGSEGV at ${hex(CODE_PAGE + 0x1000)} (eip ${hex(at)})`);
      expect(m.getRegister('eax')).toBe(0x11111111);
      expect(m.getRegister('eip')).toBe(at);
    });
  }

  test('a prefix at the end of the page, the opcode on an unmapped page', () => {
    const at = CODE_PAGE + 0xfff;
    const { m } = machineWith([0x66], { at });
    expect(signalOf(step(m)).message).toBe(`guest SIGSEGV at ${hex(CODE_PAGE + 0x1000)} (eip ${hex(at)})`);
  });

  test('a ModRM displacement cut off by the page end', () => {
    // mov eax, [ebx+disp32]: 8B 83 then four displacement bytes, two of them missing.
    const at = CODE_PAGE + 0xffc;
    const { m } = machineWith([0x8b, 0x83, 0x00, 0x00], { at });
    expect(signalOf(step(m)).message).toBe(`guest SIGSEGV at ${hex(CODE_PAGE + 0x1000)} (eip ${hex(at)})`);
  });

  test('a jump to an unmapped page faults on the next fetch, at the target', () => {
    // jmp eax (FF E0), then the fetch at the target faults.
    const { m, at } = machineWith([0xff, 0xe0], { regs: { eax: 0x0b000004 } });
    expect(step(m).kind).toBe('limit');
    expect(m.getRegister('eip')).toBe(0x0b000004);
    expect(signalOf(step(m)).message).toBe('guest SIGSEGV at 0xb000004 (eip 0xb000004)');
    expect(at).toBe(CODE_PAGE + 0x10);
  });

  test('code on a read-only page runs', () => {
    const { m, at } = machineWith([0x40]); // inc eax
    m.memory.protect(at & ~0xfff, 0x1000, 'read');
    m.setRegister('eax', 41);
    expect(step(m).kind).toBe('limit');
    expect(m.getRegister('eax')).toBe(42);
  });
});

describe('undefined and unsupported opcodes: SIGILL with the bytes in the message', () => {
  const cases: [string, number[], string][] = [
    ['ud2', [0x0f, 0x0b], '0f 0b'],
    // The x87 encodings the CPU leaves undefined (each ends a native run with SIGILL).
    ['x87 d9 /1 [eax]', [0xd9, 0x08], 'd9 08'],
    ['x87 db /4 [eax]', [0xdb, 0x20], 'db 20'],
    ['x87 db /6 [eax]', [0xdb, 0x30], 'db 30'],
    ['x87 dd /5 [eax]', [0xdd, 0x28], 'dd 28'],
    ['x87 d9 d1', [0xd9, 0xd1], 'd9 d1'],
    ['x87 d9 e2', [0xd9, 0xe2], 'd9 e2'],
    ['x87 d9 ef', [0xd9, 0xef], 'd9 ef'],
    ['x87 da e0', [0xda, 0xe0], 'da e0'],
    ['x87 db e5', [0xdb, 0xe5], 'db e5'],
    ['x87 de d8', [0xde, 0xd8], 'de d8'],
    ['emms (MMX)', [0x0f, 0x77], '0f 77'],
    ['movq mm0, mm1 (MMX)', [0x0f, 0x6f, 0xc1], '0f 6f c1'],
    ['movaps xmm0, xmm1 (SSE)', [0x0f, 0x28, 0xc1], '0f 28 c1'],
    ['pxor xmm0, xmm0 (SSE2)', [0x66, 0x0f, 0xef, 0xc0], '66 0f ef c0'],
    ['movups xmm0, [eax] (SSE)', [0x0f, 0x10, 0x00], '0f 10 00'],
  ];
  for (const [name, bytes, text] of cases) {
    test(name, () => {
      const { m, at } = machineWith(bytes, { regs: { eax: CODE_PAGE + 0x800 } });
      const s = signalOf(step(m));
      expect(s.signal).toBe('SIGILL');
      expect(s.status).toBe(132);
      expect(s.message).toContain(text);
      expect(s.message).toContain(`eip ${hex(at)}`);
      expect(m.getRegister('eip')).toBe(at);
    });
  }
});

describe('integer divide errors: SIGFPE, status 136, nothing written', () => {
  const cases: [string, number[], Record<string, number>][] = [
    ['div ecx by zero', [0xf7, 0xf1], { eax: 5, edx: 0, ecx: 0 }],
    ['div bl, quotient over 0xff', [0xf6, 0xf3], { eax: 0x1000, ebx: 0x10 }],
    ['idiv ecx: -2^31 / -1', [0xf7, 0xf9], { eax: 0x80000000, edx: 0xffffffff, ecx: 0xffffffff }],
    ['idiv cx: quotient over 0x7fff', [0x66, 0xf7, 0xf9], { eax: 0x8000, edx: 0, ecx: 1 }],
    ['aam 0', [0xd4, 0x00], { eax: 0x1234 }],
  ];
  for (const [name, bytes, regs] of cases) {
    test(name, () => {
      const { m, at } = machineWith(bytes, { regs });
      const s = signalOf(step(m));
      expect(s).toEqual({ signal: 'SIGFPE', status: 136, message: `guest SIGFPE: integer divide error at eip ${hex(at)}` });
      for (const [r, v] of Object.entries(regs)) expect(hex(m.getRegister(r as 'eax'))).toBe(hex(v));
      expect(m.getRegister('eip')).toBe(at);
    });
  }
});

describe('FS and GS overrides use the descriptor base; the others are flat', () => {
  // mov gs, ax / mov fs, ax with selector 6*8+3, then the access.
  const BASE = 0x30000000;
  const setup = (segPrefixLoad: number[], access: number[], regs: Record<string, number>) => {
    const { m } = machineWith([...segPrefixLoad, ...access], { pages: [[BASE, 0x2000], [0x00100000, 0x1000]], regs: { eax: 6 * 8 + 3, ...regs } });
    m.setSegmentDescriptor('gdt', 6, fillDescriptor({ base: BASE, limit: 0xfffff, seg32bit: true, contents: 0, readExecOnly: false, limitInPages: true, segNotPresent: false, useable: true }));
    m.memory.write(BASE + 0x40, new Uint8Array([0x78, 0x56, 0x34, 0x12, 0xf0, 0xde, 0xbc, 0x9a]));
    m.memory.write(0x00100040, new Uint8Array([0x11, 0x22, 0x33, 0x44]));
    expect(step(m).kind).toBe('limit');
    return m;
  };
  const MOV_GS = [0x8e, 0xe8];
  const MOV_FS = [0x8e, 0xe0];

  test('mov ecx, gs:[ebx]', () => {
    const m = setup(MOV_GS, [0x65, 0x8b, 0x0b], { ebx: 0x40 });
    expect(step(m).kind).toBe('limit');
    expect(hex(m.getRegister('ecx'))).toBe('0x12345678');
    expect(m.registers().gsBase).toBe(BASE);
  });

  test('mov ecx, fs:[ebx+4]', () => {
    const m = setup(MOV_FS, [0x64, 0x8b, 0x4b, 0x04], { ebx: 0x40 });
    expect(step(m).kind).toBe('limit');
    expect(hex(m.getRegister('ecx'))).toBe('0x9abcdef0');
  });

  test('o16 and gs in either order: mov cx, gs:[ebx]', () => {
    for (const prefixes of [[0x66, 0x65], [0x65, 0x66]]) {
      const m = setup(MOV_GS, [...prefixes, 0x8b, 0x0b], { ebx: 0x40, ecx: 0xffffffff });
      expect(step(m).kind).toBe('limit');
      expect(hex(m.getRegister('ecx'))).toBe('0xffff5678');
    }
  });

  test('gs:[disp32] moffs form: mov eax, gs:[0x44]', () => {
    const m = setup(MOV_GS, [0x65, 0xa1, 0x44, 0x00, 0x00, 0x00], {});
    expect(step(m).kind).toBe('limit');
    expect(hex(m.getRegister('eax'))).toBe('0x9abcdef0');
  });

  test('add gs:[ebx], ecx writes at base + offset', () => {
    const m = setup(MOV_GS, [0x65, 0x01, 0x0b], { ebx: 0x40, ecx: 1 });
    expect(step(m).kind).toBe('limit');
    expect([...m.memory.read(BASE + 0x40, 4)]).toEqual([0x79, 0x56, 0x34, 0x12]);
  });

  test('lea ignores the segment base: lea ecx, gs:[ebx+8]', () => {
    const m = setup(MOV_GS, [0x65, 0x8d, 0x4b, 0x08], { ebx: 0x40 });
    expect(step(m).kind).toBe('limit');
    expect(hex(m.getRegister('ecx'))).toBe('0x48');
  });

  test('ds, es, ss and cs overrides have base 0', () => {
    for (const prefix of [0x26, 0x2e, 0x36, 0x3e]) {
      const m = setup(MOV_GS, [prefix, 0x8b, 0x0b], { ebx: 0x00100040 });
      expect(step(m).kind).toBe('limit');
      expect(hex(m.getRegister('ecx'))).toBe('0x44332211');
    }
  });
});

describe('16-bit addressing (0x67) with memory below 64 KiB', () => {
  // Pages 0-0x10 mapped: every 16-bit address, and a dword read at 0xffff ending on page 0x10.
  const run = (bytes: number[], regs: Record<string, number>, fill: [number, number[]][]) => {
    const { m } = machineWith(bytes, { pages: [[0, 0x11000]], regs });
    for (const [va, data] of fill) m.memory.write(va, new Uint8Array(data));
    expect(step(m).kind).toBe('limit');
    return m;
  };

  test('mov eax, [bx+si] wraps the sum to 16 bits', () => {
    const m = run([0x67, 0x8b, 0x00], { ebx: 0x1234ff00, esi: 0x56780110 }, [[0x0010, [1, 2, 3, 4]]]);
    expect(hex(m.getRegister('eax'))).toBe('0x4030201');
  });

  test('mov eax, [bp+di-2] (mod 1) with a negative displacement wrapping below zero', () => {
    const m = run([0x67, 0x8b, 0x43, 0xfe], { ebp: 0xffff0001, edi: 0 }, [[0xffff, [0xaa, 0xbb, 0xcc, 0xdd]]]);
    expect(hex(m.getRegister('eax'))).toBe('0xddccbbaa');
  });

  test('mov eax, [0x1234] (mod 0, rm 6: disp16, no base)', () => {
    const m = run([0x67, 0x8b, 0x06, 0x34, 0x12], { ebp: 0x100 }, [[0x1234, [9, 8, 7, 6]]]);
    expect(hex(m.getRegister('eax'))).toBe('0x6070809');
  });

  test('mov eax, [bx+0x8000] (mod 2, disp16)', () => {
    const m = run([0x67, 0x8b, 0x87, 0x00, 0x80], { ebx: 0x9000 }, [[0x1000, [5, 6, 7, 8]]]);
    expect(hex(m.getRegister('eax'))).toBe('0x8070605');
  });

  test('mov ax, [si] with o16 and a16 in either order', () => {
    for (const prefixes of [[0x66, 0x67], [0x67, 0x66]]) {
      const m = run([...prefixes, 0x8b, 0x04], { esi: 0xabcd0042, eax: 0xffffffff }, [[0x42, [0x34, 0x12]]]);
      expect(hex(m.getRegister('eax'))).toBe('0xffff1234');
    }
  });

  test('mov [bx+di], cl stores at the wrapped address', () => {
    const m = run([0x67, 0x88, 0x09], { ebx: 0xfff0, edi: 0x20, ecx: 0x5a }, []);
    expect([...m.memory.read(0x10, 1)]).toEqual([0x5a]);
  });

  test('mov eax, [0x1234] moffs with a16 (A1 iw)', () => {
    const m = run([0x67, 0xa1, 0x34, 0x12], {}, [[0x1234, [1, 0, 0, 0x80]]]);
    expect(hex(m.getRegister('eax'))).toBe('0x80000001');
  });
});
