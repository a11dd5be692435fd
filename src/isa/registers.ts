/**
 * IA-32 registers as instructions name and encode them. `num` is the 3-bit
 * number that goes into ModRM.reg, ModRM.rm, SIB or the low bits of a `+r`
 * opcode; the segment registers use the Sreg numbering of MOV 8C/8E.
 */

export type RegisterClass = 'r8' | 'r16' | 'r32' | 'sreg' | 'creg' | 'dreg' | 'fpu' | 'mmx' | 'xmm';

export interface Register {
  readonly name: string;
  readonly cls: RegisterClass;
  readonly num: number;
  /** Operand size in bits. */
  readonly size: 8 | 16 | 32 | 64 | 80 | 128;
}

const GPR_NAMES: Record<'r8' | 'r16' | 'r32', readonly string[]> = {
  r8: ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  r16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  r32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
};

const SREG_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

function buildRegisters(): ReadonlyMap<string, Register> {
  const map = new Map<string, Register>();
  for (const cls of ['r8', 'r16', 'r32'] as const) {
    const size = cls === 'r8' ? 8 : cls === 'r16' ? 16 : 32;
    GPR_NAMES[cls].forEach((name, num) => map.set(name, { name, cls, num, size }));
  }
  SREG_NAMES.forEach((name, num) => map.set(name, { name, cls: 'sreg', num, size: 16 }));
  // MMX and SSE registers: only the assembler knows them (the core runs no MMX or SSE).
  for (let num = 0; num < 8; num++) {
    map.set(`mm${num}`, { name: `mm${num}`, cls: 'mmx', num, size: 64 });
    map.set(`xmm${num}`, { name: `xmm${num}`, cls: 'xmm', num, size: 128 });
  }
  // Control and debug registers: only MOV reaches them (0F 20-23), in system code.
  for (let num = 0; num < 8; num++) {
    map.set(`cr${num}`, { name: `cr${num}`, cls: 'creg', num, size: 32 });
    map.set(`dr${num}`, { name: `dr${num}`, cls: 'dreg', num, size: 32 });
  }
  // The x87 stack, st0 (the top) to st7: only x87 instructions name them.
  for (let num = 0; num < 8; num++) map.set(`st${num}`, { name: `st${num}`, cls: 'fpu', num, size: 80 });
  return map;
}

/** Every register by lower-case name. */
export const REGISTERS: ReadonlyMap<string, Register> = buildRegisters();

export function lookupRegister(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

/** Segment-override prefix byte for each segment register. */
export const SEGMENT_PREFIX: Readonly<Record<string, number>> = {
  es: 0x26, cs: 0x2e, ss: 0x36, ds: 0x3e, fs: 0x64, gs: 0x65,
};
