/**
 * PhysicalMemory's reverse map (which page maps each frame): rebuilt from the
 * page table after a restore, when first asked for.
 */
import { test, expect } from 'vitest';
import { Machine } from '../../src/machine/machine';
import { PAGE_SIZE } from '../../src/machine/guest-memory';

test('after a restore, a frame is mapped where the snapshot mapped it', () => {
  const m = new Machine({ topology: 'simplex' });
  const a = 0x10000000, b = 0x20000000;
  m.memory.map(a, PAGE_SIZE, 'write');
  const frame = (m.memory.pte(a) & m.core.layout.PTE_FRAME_MASK) >>> 12;
  expect(m.memory.pageMapping(frame)).toBe(a);
  const snap = m.snapshot();
  // The frame is freed and handed out again at b.
  m.memory.unmap(a, PAGE_SIZE);
  m.memory.map(b, PAGE_SIZE, 'write');
  expect((m.memory.pte(b) & m.core.layout.PTE_FRAME_MASK) >>> 12).toBe(frame);
  expect(m.memory.pageMapping(frame)).toBe(b);
  m.restore(snap);
  expect(m.memory.pageMapping(frame)).toBe(a);
  // The map then follows mapping changes as before.
  m.memory.unmap(a, PAGE_SIZE);
  expect(m.memory.pageMapping(frame)).toBeUndefined();
});
