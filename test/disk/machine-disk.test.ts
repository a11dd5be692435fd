/** The disk as a machine device: settling its file system, and the snapshots that restore it. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCK_SIZE, BlockStore } from '../../src/disk/block-store';
import { DiskFileSystem } from '../../src/disk/disk-fs';
import { formatExt4 } from '../../src/disk/format';
import { saveImageAtomically, storedBlocks } from '../../src/disk/image-file';
import { MachineDisk } from '../../src/disk/machine-disk';
import { O_CREAT, O_RDWR } from '../../src/disk/fs-protocol';
import { captureRun } from '../../src/machine/captured-run';
import { readProgram } from '../../src/programs/read-program';
import { E2FSCK, e2fsck } from './e2fsck';

const WRITER = join(__dirname, '../campaign/fixtures/disk-writer.asm');
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function emptyImage(): { dir: string; img: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-machine-disk-'));
  const img = join(dir, 'disk.img');
  const store = formatExt4(8 * 1024 * 1024, { time: 1_700_000_000 });
  saveImageAtomically(img, store.byteLength, storedBlocks(store));
  return { dir, img };
}

const diskOf = (m: { devices: readonly { name: string }[] }) => m.devices.find((d) => d.name === 'disk') as MachineDisk;

/** Every file of an image's root folder: its mode, size and contents. */
function filesOn(path: string): Record<string, string> {
  const store = BlockStore.fromBytes(readFileSync(path));
  const fs = new DiskFileSystem({ blockCount: store.blockCount, read: (b) => store.stored(b) ?? new Uint8Array(BLOCK_SIZE), write: () => {} }, { readOnly: true });
  try {
    const out: Record<string, string> = {};
    for (const e of fs.call('readdir', '/')) {
      if (e.name === '.' || e.name === '..' || e.name === 'lost+found') continue;
      const { handle, stat } = fs.call('open', `/${e.name}`, 0, 0);
      out[e.name] = `${stat.mode.toString(8)} ${stat.size} ${Buffer.from(fs.call('read', handle, stat.size, 0)).toString('hex')}`;
      fs.call('close', handle);
    }
    return out;
  } finally {
    fs.close();
  }
}

describe('MachineDisk', () => {
  it('settling during a run changes nothing the program sees, nor the files it leaves; the copies pass e2fsck', () => {
    const { dir, img } = emptyImage();
    const image = readProgram(WRITER);
    const run = (settleEvery: number | undefined) => {
      let settles = 0;
      const mirrors = join(dir, `mirrors-${settleEvery ?? 'never'}`);
      const r = captureRun({ topology: 'dmr', path: WRITER, image, disk: { path: img, readOnly: false, scratch: true, keepMirrors: mirrors } }, (m) => {
        if (settleEvery === undefined) return {};
        let next = BigInt(settleEvery);
        return {
          nextCycle: () => next,
          atCycle(cycle) {
            if (cycle < next) return;
            diskOf(m).settle();
            settles++;
            next = cycle + BigInt(settleEvery);
          },
        };
      });
      return { stdout: r.stdout.toString(), status: r.outcome.status, files: filesOn(join(mirrors, 'chassis-0.img')), settles, mirrors };
    };
    const plain = run(undefined);
    const settled = run(30_000);
    expect(plain.stdout).toBe('sum=8314bbb2\n');
    expect(settled.settles).toBeGreaterThan(20);
    expect(settled.stdout).toBe(plain.stdout);
    expect(settled.status).toBe(0);
    expect(Object.keys(settled.files)).toHaveLength(21);
    expect(settled.files).toEqual(plain.files);
    // Not byte for byte the same image: a file reopened at a settle has its inode written once more (its version counter).
    if (!E2FSCK) return;
    for (const c of [0, 1]) expect(e2fsck(join(settled.mirrors, `chassis-${c}.img`)).status).toBe(0);
  });

  it('restores a snapshot taken while settled (blocks and open files), and refuses one taken between settle points', () => {
    const { img } = emptyImage();
    const disk = new MachineDisk({ path: img, readOnly: false, chassis: 2, scratch: true }, { cycle: () => 0n, emit: () => {} });
    try {
      const fs = disk.fs;
      const h = fs.call('open', '/kept', O_RDWR | O_CREAT, 0o644).handle;
      fs.call('write', h, text('before the snapshot'), 0);
      disk.settle();
      const settled = disk.save();
      fs.call('write', h, text('AFTER'), 0);
      fs.call('open', '/later', O_RDWR | O_CREAT, 0o644);
      const between = disk.save();
      expect(between.files).toBeUndefined();
      expect(() => disk.restore(between)).toThrow(/between settle points/);

      disk.restore(settled);
      // The handle the guest holds is open again, on the file as it was.
      expect(str(disk.fs.call('read', h, 100, 0))).toBe('before the snapshot');
      expect(disk.fs.call('readdir', '/').map((e) => e.name).sort()).toEqual(['.', '..', 'kept', 'lost+found']);
      // And after the end of a run too (a campaign's machine is restored run after run).
      disk.finish();
      disk.restore(settled);
      expect(str(disk.fs.call('read', h, 100, 0))).toBe('before the snapshot');
      disk.finish();
      expect(readFileSync(img).length).toBe(8 * 1024 * 1024);
    } finally {
      disk.dispose();
    }
  });
});
