import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, BlockStore } from '../../src/disk/block-store';
import { DiskMirror, DiskIoError, RESYNC_CYCLES_PER_BLOCK, type DiskEvent } from '../../src/disk/mirror';
import { applyDiskFault, checkDiskFault, type DiskFault } from '../../src/disk/disk-faults';
import { checkFaultFits } from '../../src/faults/fault';
import { parseFault } from '../../src/faults/fault-schema';
import { resolveTopology } from '../../src/machine/topology';

/** A disk fault through the one fault schema every command shares. */
const parseDiskFault = (value: unknown): DiskFault => parseFault(value, '--fault 1') as DiskFault;

function block(fill: number): Uint8Array {
  return new Uint8Array(BLOCK_SIZE).fill(fill);
}

function mirrorOf(chassis: number, blocks = 16): { mirror: DiskMirror; events: DiskEvent[] } {
  const events: DiskEvent[] = [];
  const image = new BlockStore(blocks);
  for (let b = 0; b < blocks; b++) image.write(b, block(b + 1));
  return { mirror: DiskMirror.ofImage(image, chassis, (e) => events.push(e)), events };
}

describe('BlockStore', () => {
  it('keeps a checksum beside each block and tells corrupt and unreadable blocks from good ones', () => {
    const s = new BlockStore(4);
    s.write(1, block(7));
    expect(s.read(1)).toEqual({ kind: 'ok', data: block(7) });
    expect(s.read(0)).toEqual({ kind: 'ok', data: block(0) });
    s.flipBits(1, [0, 8 * 100 + 3]);
    const bad = s.read(1);
    expect(bad.kind).toBe('corrupt');
    expect(bad.kind === 'corrupt' && [bad.data[0], bad.data[100]]).toEqual([6, 7 ^ 8]);
    s.makeUnreadable(2);
    expect(s.read(2)).toEqual({ kind: 'unreadable' });
    s.write(2, block(9)); // a write remaps the sector
    expect(s.read(2).kind).toBe('ok');
  });

  it('snapshots copy-on-write: a later write or fault leaves the snapshot as it was', () => {
    const s = new BlockStore(2);
    s.write(0, block(1));
    const digest = s.digest();
    const snap = s.snapshot();
    s.write(0, block(2));
    s.flipBits(1, [5]);
    expect(s.digest()).not.toBe(digest);
    s.restore(snap);
    expect(s.digest()).toBe(digest);
    expect(s.read(1).kind).toBe('ok');
  });

  it('round-trips an image, holes included, and rejects blocks outside the disk', () => {
    const image = new Uint8Array(3 * BLOCK_SIZE);
    image[BLOCK_SIZE + 5] = 42;
    const s = BlockStore.fromBytes(image);
    expect(s.toBytes()).toEqual(image);
    expect(() => s.read(3)).toThrow(/outside the disk/);
  });
});

describe('DiskMirror', () => {
  it('writes reach every online copy and all digests agree', () => {
    const { mirror } = mirrorOf(3);
    mirror.write(4, block(0xaa));
    expect(mirror.read(4)).toEqual(block(0xaa));
    const d = mirror.digests();
    expect(new Set(d).size).toBe(1);
  });

  it('seals a write once for every copy; a fault still strikes one copy alone, and a scrub finds it whichever copy it is', () => {
    const { mirror, events } = mirrorOf(3);
    mirror.write(4, block(0xaa));
    // One array, checksummed once, stored by each copy: never written in place.
    expect(mirror.copy(1).stored(4)).toBe(mirror.copy(0).stored(4));
    expect(mirror.copy(2).stored(4)).toBe(mirror.copy(0).stored(4));
    mirror.copy(1).flipBits(4, [9]);
    mirror.copy(2).makeUnreadable(4);
    expect(mirror.copy(0).stored(4)).toEqual(block(0xaa));
    expect(mirror.copy(0).read(4).kind).toBe('ok');
    expect(mirror.scrub(4)).toEqual(block(0xaa));
    expect(events.map((e) => [e.type, e.chassis, e.reason ?? e.from])).toEqual([
      ['disk-error', 1, 'checksum'],
      ['disk-error', 2, 'unreadable'],
      ['disk-repaired', 1, 0],
      ['disk-repaired', 2, 0],
    ]);
    // The flip also shows when the bad copy is the first one read.
    mirror.copy(0).flipBits(4, [1]);
    expect(mirror.scrub(4)).toEqual(block(0xaa));
    expect(events.at(-1)).toMatchObject({ type: 'disk-repaired', chassis: 0, from: 1 });
    expect(new Set(mirror.digests()).size).toBe(1);
  });

  it('serves a latent sector error from the other copy and rewrites the bad block', () => {
    const { mirror, events } = mirrorOf(2);
    applyDiskFault(mirror, parseDiskFault({ at: 0, target: 'disk', chassis: 0, block: 3, event: 'unreadable' }));
    expect(mirror.read(3)).toEqual(block(4));
    expect(events.map((e) => [e.type, e.chassis, e.block])).toEqual([
      ['disk-error', 0, 3],
      ['disk-repaired', 0, 3],
    ]);
    expect(mirror.copy(0).read(3).kind).toBe('ok');
    expect(mirror.digests()[0]).toBe(mirror.digests()[1]);
  });

  it('catches silent corruption by checksum, serves the mirror and repairs it', () => {
    const { mirror, events } = mirrorOf(2);
    applyDiskFault(mirror, parseDiskFault({ at: 0, target: 'disk', chassis: 0, block: 5, bits: [1, 2, 3] }));
    expect(mirror.read(5)).toEqual(block(6));
    expect(events[0]).toMatchObject({ type: 'disk-error', chassis: 0, block: 5, reason: 'checksum' });
    expect(events[1]).toMatchObject({ type: 'disk-repaired', chassis: 0, block: 5, from: 1 });
    expect(mirror.digests()[0]).toBe(mirror.digests()[1]);
  });

  it('under simplex a corrupt block reaches the program and an unreadable one is an I/O error', () => {
    const { mirror, events } = mirrorOf(1);
    mirror.copy(0).flipBits(2, [0]);
    expect(mirror.read(2)[0]).toBe(3 ^ 1);
    expect(events.at(-1)).toMatchObject({ type: 'disk-error', repaired: false });
    mirror.copy(0).makeUnreadable(7);
    expect(() => mirror.read(7)).toThrow(DiskIoError);
  });

  it('a copy that was away resyncs only the blocks written meanwhile (write-intent bitmap)', () => {
    const { mirror, events } = mirrorOf(2);
    mirror.setOffline(1, 'power-loss');
    mirror.write(2, block(0x11));
    mirror.write(9, block(0x22));
    mirror.write(2, block(0x33));
    expect(mirror.digests()[1]).toBeUndefined();
    const report = mirror.resync(1);
    expect(report).toMatchObject({ chassis: 1, from: 0, blocks: 2, cycles: 2 * RESYNC_CYCLES_PER_BLOCK, full: false });
    const [a, b] = mirror.digests();
    expect(a).toBe(b);
    expect(events.map((e) => e.type)).toEqual(['disk-offline', 'disk-resync-start', 'disk-resync-done']);
  });

  it('a failed disk runs degraded, then a fresh disk is resynced whole', () => {
    const { mirror, events } = mirrorOf(2, 8);
    applyDiskFault(mirror, parseDiskFault({ at: 0, target: 'disk', chassis: 0, event: 'fail' }));
    mirror.write(1, block(0x44));
    expect(mirror.read(1)).toEqual(block(0x44)); // served by chassis 1
    const report = mirror.resync(0);
    expect(report).toMatchObject({ blocks: 8, full: true });
    expect(mirror.digests()[0]).toBe(mirror.digests()[1]);
    expect(events[0]).toMatchObject({ type: 'disk-offline', chassis: 0, reason: 'disk failed' });
  });

  it('snapshot and restore bring back data, faults, online state and bitmaps', () => {
    const { mirror } = mirrorOf(2);
    const snap = mirror.snapshot();
    const before = mirror.digests();
    mirror.setOffline(1, 'power-loss');
    mirror.write(0, block(0x55));
    mirror.copy(0).makeUnreadable(1);
    mirror.restore(snap);
    expect(mirror.digests()).toEqual(before);
    expect(mirror.onlineChassis()).toEqual([0, 1]);
    expect(mirror.copy(0).read(1).kind).toBe('ok');
  });
});

describe('disk faults', () => {
  it('are checked with one-line messages', () => {
    expect(() => parseDiskFault({ at: 1, target: 'disk', chassis: 0, block: 1, bits: [] })).toThrow(/bits/);
    expect(() => parseDiskFault({ at: 1, target: 'disk', chassis: 0, block: 1, event: 'melt' })).toThrow(/event/);
    expect(() => parseDiskFault({ at: 1, target: 'disk', chassis: 0, block: 1, bits: [BLOCK_SIZE * 8] })).toThrow(/bits/);
    const f = parseDiskFault({ at: 1, target: 'disk', chassis: 2, block: 99, event: 'unreadable' });
    expect(() => checkDiskFault(f, 2, 100)).toThrow(/chassis 2 does not exist/);
    expect(() => checkDiskFault({ ...f, chassis: 0 }, 2, 50)).toThrow(/outside the disk/);
    expect(() => checkDiskFault({ ...f, chassis: 0 }, 2, undefined)).toThrow(/needs a disk/);
  });

  it('are checked against the machine with the other faults, naming the fault', () => {
    const bounds = { topology: resolveTopology('pair-spare'), dimmsPerChassis: 4, bytesPerChassis: 1 << 20, eccMode: 'fast' as const };
    const f = parseFault({ at: 1, target: 'disk', chassis: 1, block: 99, bits: [3] }, 'faults.json[0]');
    expect(() => checkFaultFits(f, bounds, 'faults.json[0]')).toThrow(/^faults.json\[0\]: a disk fault needs a disk \(--disk IMG\)$/);
    expect(() => checkFaultFits(f, { ...bounds, diskBlocks: 50 }, 'faults.json[0]')).toThrow(/field "block" is 99 but the disk has blocks 0-49/);
    expect(() => checkFaultFits({ ...f, chassis: 2 }, { ...bounds, diskBlocks: 100 }, 'x')).toThrow(/chassis/);
    expect(() => checkFaultFits(f, { ...bounds, diskBlocks: 100 }, 'x')).not.toThrow();
    expect(() => parseFault({ at: 1, target: 'disk', chassis: 0, event: 'fail', block: 3 }, '--fault 2')).toThrow(/^--fault 2: unknown field "block"$/);
  });
});
