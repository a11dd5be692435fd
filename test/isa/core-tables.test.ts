/**
 * The core's decode tables (asm/cpu/opcode-tables.generated.ts) are the ISA
 * table's: regenerating them from src/isa/table.ts gives the committed file,
 * and what they say about lengths and LOCK is what the table's rows say.
 */
import { test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { coreTablesSource, buildCoreTables, placeOf, OI_MODRM, OI_LOCK, OI_END, OI_FAST_REG, OI_FAST_MEM } from '../../src/isa/core-tables';
import { CORE_FORMS, FORMS, X87_FORMS } from '../../src/isa';

test('the generated core tables are current (npm run gen:core rewrites them)', () => {
  const committed = readFileSync(new URL('../../asm/cpu/opcode-tables.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(coreTablesSource());
});

test('every row lands in the tables as its fields say', () => {
  const { info } = buildCoreTables();
  for (const f of CORE_FORMS) {
    const p = placeOf(f);
    for (const op of p.opcodes) {
      for (const d of p.digits) {
        const b = info[(p.map << 11) | (op << 3) | d]!;
        const where = `${f.mnemonic} ${f.encoding} /${d}`;
        expect((b & OI_MODRM) !== 0, where).toBe(p.modrm);
        expect((b & OI_LOCK) !== 0, where).toBe(f.core.lock);
        expect((b & OI_END) !== 0, where).toBe(f.core.end);
        if (f.core.fast) expect(b & (OI_FAST_REG | OI_FAST_MEM), where).not.toBe(0);
      }
    }
  }
});

test('the x87 rows stay out of the integer tables but for the ModRM byte of D8-DF', () => {
  const { info, names } = buildCoreTables();
  expect(X87_FORMS.length).toBeGreaterThan(200);
  expect(CORE_FORMS.some((f) => f.core.x87)).toBe(false);
  for (let op = 0xd8; op <= 0xdf; op++) {
    for (let d = 0; d < 8; d++) expect(info[(op << 3) | d], `${op.toString(16)} /${d}`).toBe(OI_MODRM);
    expect(names[op]!.length).toBeGreaterThan(0);
  }
  // Without the x87 rows nothing says D8-DF take ModRM.
  expect(buildCoreTables(CORE_FORMS, []).info[0xd8 << 3]).toBe(0);
});

test('the assembler sees none of the core-only rows, and the core sees every row but the assembler-only ones', () => {
  expect(FORMS.every((f) => !f.core.coreOnly)).toBe(true);
  expect(CORE_FORMS.every((f) => !f.core.asmOnly)).toBe(true);
  expect(CORE_FORMS.some((f) => f.core.coreOnly)).toBe(true);
  expect(FORMS.some((f) => f.core.asmOnly)).toBe(true);
  for (const f of FORMS) if (!f.core.asmOnly && !f.core.x87) expect(CORE_FORMS).toContain(f);
  // A privileged instruction the assembler offers stays out of the core's tables: the core raises #GP(0) for it, as at CPL 3.
  expect(CORE_FORMS.find((f) => f.mnemonic === 'lgdt')).toBeUndefined();
  expect(FORMS.find((f) => f.mnemonic === 'lgdt')).toBeDefined();
  // The table's undefined flags are among its written ones, and the reads of a cc row follow its condition.
  for (const f of CORE_FORMS) expect(f.core.undefinedFlags & ~f.core.writes).toBe(0);
  const jz = CORE_FORMS.find((f) => f.mnemonic === 'jz')!;
  expect(jz.core.reads).toBe(0x40);
});

test("the CPU vectors leave out of their masks only flags the rows call undefined", async () => {
  const { loadVectorFiles } = await import('../core/vectors');
  const { decode } = await import('../../src/isa/decoder');
  const ARITH = 0xcd5;
  let checked = 0;
  const wrong: string[] = [];
  for (const file of loadVectorFiles()) {
    for (const v of file.cases) {
      const bytes = Uint8Array.from(Buffer.from(v.bytes, 'hex'));
      const d = decode(bytes, 0, 0x1000);
      if (!d || d.length !== bytes.length || v.signal) continue; // sequences, faults
      checked++;
      const dropped = ~v.mask & ARITH & d.form.core.writes;
      if ((dropped & ~d.form.core.undefinedFlags) !== 0) wrong.push(`${v.asm}: mask drops ${dropped.toString(16)}, row's u: is ${d.form.core.undefinedFlags.toString(16)}`);
    }
  }
  expect(checked).toBeGreaterThan(2000);
  expect(wrong).toEqual([]);
});
