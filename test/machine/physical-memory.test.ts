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

// A frame handed out for the first time is not written (its zeros are the memory's own), unless a host write reached it before.
test('a frame handed out for the first time reads as zeros in every chassis, even where a fault at a physical address flipped it', () => {
  for (const mode of ['off', 'fast'] as const) {
    const m = new Machine({ topology: 'pair-spare', ecc: { mode } });
    const frameAt = (va: number): number => (m.memory.pte(va) & m.core.layout.PTE_FRAME_MASK) >>> 12;
    const a = 0x10000000;
    m.memory.map(a, PAGE_SIZE, 'write');
    // The next frame handed out is the one after: a bit flipped there in chassis 1 before it is.
    const next = frameAt(a) + 1;
    m.memory.writePhysical(1, next * PAGE_SIZE + 100, Uint8Array.of(0x40), 'fault');
    m.memory.map(a + PAGE_SIZE, 2 * PAGE_SIZE, 'write');
    expect(frameAt(a + PAGE_SIZE)).toBe(next);
    for (let c = 0; c < 2; c++) {
      const at = m.memory.hostAddress(c, next * PAGE_SIZE);
      expect(m.core.u8.subarray(at, at + PAGE_SIZE).every((b) => b === 0)).toBe(true);
    }
    expect(m.memory.read(a + PAGE_SIZE, 2 * PAGE_SIZE).every((b) => b === 0)).toBe(true);
  }
});
