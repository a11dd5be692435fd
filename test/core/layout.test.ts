import { test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Core } from '../../src/core/core';
import { LAYOUT_KEYS } from '../../src/core/layout';

// The host reads the memory map from the core's exports; these checks make
// sure the two sides agree and the map is self-consistent.
test('every layout constant the host names is exported by the core', () => {
  const core = new Core();
  for (const key of LAYOUT_KEYS) expect(Number.isInteger(core.layout[key])).toBe(true);
});

test('the asm sources and the exported values agree', () => {
  const core = new Core();
  for (const file of ['../../asm/layout.ts', '../../asm/replica-layout.generated.ts']) {
    const source = readFileSync(new URL(file, import.meta.url), 'utf8');
    for (const [, name, value] of source.matchAll(/export const (\w+): u32 = (0x[0-9a-f]+|\d+);/gi)) {
      expect(core.layout[name as keyof typeof core.layout], name).toBe(Number(value));
    }
  }
});

test('the generated layout files are what the declaration gives (run node gen/state-layout.mjs)', async () => {
  // @ts-expect-error: a plain ES module without types
  const { generatedFiles } = await import('../../gen/state-layout.mjs');
  for (const [path, text] of Object.entries(generatedFiles() as Record<string, string>)) {
    expect(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), path).toBe(text);
  }
});

test('adding architectural state is one declaration: the boundaries, comparator and registers follow', async () => {
  // @ts-expect-error: plain ES modules without types
  const { layOut } = await import('../../gen/state-layout.mjs');
  // @ts-expect-error: plain ES modules without types
  const { REPLICA_FIELDS } = await import('../../gen/replica-state.mjs');
  type Field = { name: string; part: string };
  const today = layOut();
  // An 84-byte register file and a control register, rolled back on a fault and compared every cycle.
  const at = (REPLICA_FIELDS as Field[]).findIndex((f) => f.part !== 'rollback');
  const grown = [...REPLICA_FIELDS.slice(0, at),
    { name: 'EXTRA_FILE', type: 'u16', count: 40, part: 'rollback', doc: '80 bytes' },
    { name: 'EXTRA_CTL', type: 'u32', part: 'rollback', registers: ['xctl'], doc: 'control' },
    ...REPLICA_FIELDS.slice(at)];
  const next = layOut(grown, 1024);
  const offset = (l: { placed: { name: string; offset: number }[] }, name: string) => l.placed.find((f) => f.name === name)!.offset;
  expect(offset(next, 'EXTRA_FILE')).toBe(today.ends.rollback);
  expect(next.ends.rollback - today.ends.rollback).toBe(84);
  // The FPU block starts on a lane, so what follows it moves by whole lanes.
  const moved = offset(next, 'STATUS') - offset(today, 'STATUS');
  expect(moved % 16).toBe(0);
  expect(moved).toBeGreaterThanOrEqual(84 - 15);
  expect(next.stuckSlots).toBe(today.stuckSlots + 1);
  const xctl = next.registers.find((r: { name: string }) => r.name === 'xctl');
  expect(xctl).toMatchObject({ offset: offset(next, 'EXTRA_CTL'), bits: 32 });
  // Past the block's fixed size, the generator refuses rather than overlap the next replica.
  expect(() => layOut(grown, today.ends.private)).toThrow(/more than REPLICA_SIZE/);
});

test('registers of any width: one stuck slot per 32-bit word, and the x87 and segment lanes the comparator may skip', async () => {
  // @ts-expect-error: plain ES modules without types
  const { layOut } = await import('../../gen/state-layout.mjs');
  const l = layOut();
  const byName = new Map<string, { offset: number; bits: number; slot: number }>(l.registers.map((r: { name: string }) => [r.name, r]));
  const fpu = l.placed.find((f: { name: string }) => f.name === 'FPU');
  expect(byName.get('st0')).toMatchObject({ bits: 80, offset: fpu.offset + 16 });
  expect(byName.get('st1')!.slot - byName.get('st0')!.slot).toBe(3);
  expect(byName.get('fpcw')).toMatchObject({ bits: 16, offset: fpu.offset });
  expect(byName.get('fptw')).toMatchObject({ bits: 8, offset: fpu.offset + 4 });
  expect(l.stuckSlots).toBe(10 + 3 + 8 * 3);
  // Skipped: the lanes only segment loads and x87 instructions change. The
  // rollback part's last lane also holds ES's base, so it stays compared.
  const segBase = l.placed.find((f: { name: string }) => f.name === 'SEG_BASE');
  const cycle = l.placed.find((f: { name: string }) => f.name === 'STATUS');
  expect(segBase.offset % 16).not.toBe(0);
  expect([...l.seldomLanes]).toEqual(Array.from({ length: cycle.offset / 16 - Math.ceil(segBase.offset / 16) }, (_, i) => Math.ceil(segBase.offset / 16) + i));
  expect(l.seldomLanes.has(fpu.offset / 16)).toBe(true);
  // A field every instruction may change keeps its lane compared every cycle, whatever shares it.
  // @ts-expect-error: plain ES modules without types
  const { REPLICA_FIELDS } = await import('../../gen/replica-state.mjs');
  const misaligned = REPLICA_FIELDS.map((f: { name: string }) => (f.name === 'FPU' ? { ...f, align: 4 } : f));
  const selectors = REPLICA_FIELDS.findIndex((f: { name: string }) => f.name === 'SELECTORS');
  misaligned.splice(selectors + 1, 0, { name: 'PAD', type: 'u32', part: 'compared', doc: 'shares the FPU\'s first lane' });
  const shifted = layOut(misaligned);
  const pad = shifted.placed.find((f: { name: string }) => f.name === 'PAD');
  expect(shifted.seldomLanes.has(Math.floor(pad.offset / 16))).toBe(false);
});

test('regions do not overlap and the compared block covers the architectural state', () => {
  const { layout: l } = new Core();
  expect(l.REPLICA_BASE).toBeGreaterThanOrEqual(l.CONTROL_BASE + l.CONTROL_SIZE);
  expect(l.STORELOG_BASE).toBeGreaterThanOrEqual(l.REPLICA_BASE + l.MAX_REPLICAS * l.REPLICA_SIZE);
  expect(l.PAGE_TABLE_BASE).toBeGreaterThanOrEqual(l.STORELOG_BASE + l.MAX_REPLICAS * l.STORELOG_SIZE);
  expect(l.DIRTY_BASE).toBeGreaterThanOrEqual(l.PAGE_TABLE_BASE + l.PAGE_TABLE_SIZE);
  expect(l.CHASSIS_MEM_BASE).toBeGreaterThanOrEqual(l.DIRTY_BASE + l.DIRTY_SIZE);
  for (const k of ['R_GPR', 'R_EIP', 'R_EFLAGS', 'R_LAZY_AUX', 'R_SEG_BASE', 'R_SEG_LIMIT', 'R_SEG_ATTR', 'R_SELECTORS', 'R_SEG_MODE', 'R_STATUS', 'R_CYCLES', 'R_STORE_COUNT'] as const) {
    expect(l[k]).toBeLessThan(l.R_COMPARED_END);
  }
  expect(l.R_ROLLBACK_END).toBeLessThanOrEqual(l.R_STATUS);
  expect(l.R_ARCH_END).toBe(l.R_STATUS);
  expect(l.R_COMPARED_END % 16).toBe(0);
  expect(l.R_STUCK_ACTIVE).toBeGreaterThanOrEqual(l.R_COMPARED_END);
  expect(l.R_STUCK + l.STUCK_SLOTS * 8).toBeLessThanOrEqual(l.R_FETCH_PAGE);
  expect(l.R_FETCH_HOST + 4).toBeLessThanOrEqual(l.REPLICA_SIZE);
  expect(l.C_GDT + l.GDT_ENTRIES * 8).toBeLessThanOrEqual(l.C_STUCK_CELLS);
  expect(l.C_LDT_ENTRIES + 4).toBeLessThanOrEqual(l.C_GDT);
  expect(l.LDT_BASE + l.LDT_SIZE).toBeLessThanOrEqual(l.CHASSIS_MEM_BASE);
});

test('configure rejects impossible topologies and memory sizes', () => {
  const core = new Core();
  expect(() => core.configure(4, 1, 1 << 20)).toThrow(/unsupported topology/);
  expect(() => core.configure(3, 2, 2000 * 1024 * 1024)).toThrow(/cannot allocate/);
});
