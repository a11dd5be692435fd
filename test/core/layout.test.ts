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

test('the asm source and the exported values agree', () => {
  const core = new Core();
  const source = readFileSync(new URL('../../asm/layout.ts', import.meta.url), 'utf8');
  for (const [, name, value] of source.matchAll(/export const (\w+): u32 = (0x[0-9a-f]+|\d+);/gi)) {
    expect(core.layout[name as keyof typeof core.layout], name).toBe(Number(value));
  }
});

test('regions do not overlap and the compared block covers the architectural state', () => {
  const { layout: l } = new Core();
  expect(l.REPLICA_BASE).toBeGreaterThanOrEqual(l.CONTROL_BASE + l.CONTROL_SIZE);
  expect(l.STORELOG_BASE).toBeGreaterThanOrEqual(l.REPLICA_BASE + l.MAX_REPLICAS * l.REPLICA_SIZE);
  expect(l.PAGE_TABLE_BASE).toBeGreaterThanOrEqual(l.STORELOG_BASE + l.MAX_REPLICAS * l.STORELOG_SIZE);
  expect(l.DIRTY_BASE).toBeGreaterThanOrEqual(l.PAGE_TABLE_BASE + l.PAGE_TABLE_SIZE);
  expect(l.CHASSIS_MEM_BASE).toBeGreaterThanOrEqual(l.DIRTY_BASE + l.DIRTY_SIZE);
  for (const k of ['R_GPR', 'R_EIP', 'R_EFLAGS', 'R_LAZY_AUX', 'R_FS_BASE', 'R_GS_BASE', 'R_STATUS', 'R_CYCLES', 'R_STORE_COUNT'] as const) {
    expect(l[k]).toBeLessThan(l.R_COMPARED_END);
  }
  expect(l.R_STUCK + l.STUCK_SLOTS * 8).toBeLessThanOrEqual(l.R_FETCH_PAGE);
  expect(l.R_FETCH_HOST + 4).toBeLessThanOrEqual(l.REPLICA_SIZE);
  expect(l.C_GDT + l.GDT_ENTRIES * 4).toBeLessThanOrEqual(l.CONTROL_SIZE);
});

test('configure rejects impossible topologies and memory sizes', () => {
  const core = new Core();
  expect(() => core.configure(4, 1, 1 << 20)).toThrow(/unsupported topology/);
  expect(() => core.configure(3, 2, 2000 * 1024 * 1024)).toThrow(/cannot allocate/);
});
