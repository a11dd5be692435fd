/**
 * Making an empty ext4 file system, what `mke2fs -t ext4 -O ^has_journal`
 * writes, so that `ftvm disk create` needs neither root nor e2fsprogs on the
 * user's machine. The ext2fs package (libext2fs in WebAssembly) reads and
 * writes file systems but cannot make one; everything after the format goes
 * through it.
 *
 * The layout is the plain one: 4 KiB blocks, 32768 blocks per group, 256-byte
 * inodes, a superblock and group descriptor table in group 0 and backups in
 * groups 1 and the powers of 3, 5 and 7 (sparse_super), then each group's
 * block bitmap, inode bitmap and inode table. Features: extents, filetype,
 * sparse_super, large_file, huge_file, dir_nlink, extra_isize. No journal
 * (ftvm replaces the image atomically instead), no metadata checksums, no
 * flex_bg or resize inode, so every structure below is written exactly once.
 * Root (inode 2) and lost+found (inode 11) each get one directory block.
 */
import { randomBytes } from 'node:crypto';
import { BLOCK_SIZE, BlockStore } from './block-store';

const BLOCKS_PER_GROUP = BLOCK_SIZE * 8;
const INODE_SIZE = 256;
const INODES_PER_BLOCK = BLOCK_SIZE / INODE_SIZE;
const FIRST_INODE = 11;
const ROOT_INODE = 2;
const LOST_FOUND_INODE = 11;
const DESC_SIZE = 32;

const INCOMPAT_FILETYPE = 0x0002;
const INCOMPAT_EXTENTS = 0x0040;
const RO_COMPAT_SPARSE_SUPER = 0x0001;
const RO_COMPAT_LARGE_FILE = 0x0002;
const RO_COMPAT_HUGE_FILE = 0x0008;
const RO_COMPAT_DIR_NLINK = 0x0020;
const RO_COMPAT_EXTRA_ISIZE = 0x0040;
const EXTENTS_FL = 0x80000;
const S_IFDIR = 0o040000;
const FT_DIR = 2;

/** The smallest disk ftvm makes: room for the metadata and some files. */
export const MIN_DISK_BYTES = 1024 * 1024;

export interface FormatOptions {
  /** Seconds since the epoch for the superblock and the two directories. */
  readonly time?: number;
  /** 16 bytes; random when not given. */
  readonly uuid?: Uint8Array;
  readonly label?: string;
}

interface Geometry {
  blocks: number;
  groups: number;
  inodesPerGroup: number;
  inodeTableBlocks: number;
  gdtBlocks: number;
}

function geometry(bytes: number): Geometry {
  let blocks = Math.floor(bytes / BLOCK_SIZE);
  // mke2fs's "small" file systems get an inode per 4 KiB, larger ones per 16 KiB.
  const inodeRatio = bytes < 512 * 1024 * 1024 ? 4096 : 16384;
  for (;;) {
    const groups = Math.ceil(blocks / BLOCKS_PER_GROUP);
    const perGroup = Math.ceil((blocks * BLOCK_SIZE) / inodeRatio / groups);
    const inodesPerGroup = Math.min(BLOCKS_PER_GROUP, Math.max(INODES_PER_BLOCK * 2, Math.ceil(perGroup / INODES_PER_BLOCK) * INODES_PER_BLOCK));
    const inodeTableBlocks = inodesPerGroup / INODES_PER_BLOCK;
    const gdtBlocks = Math.ceil((groups * DESC_SIZE) / BLOCK_SIZE);
    const lastBlocks = blocks - (groups - 1) * BLOCKS_PER_GROUP;
    const lastOverhead = (hasSuperblock(groups - 1) ? 1 + gdtBlocks : 0) + 2 + inodeTableBlocks;
    // As mke2fs does, drop a last group too small to hold its own metadata and some data.
    if (groups > 1 && lastBlocks < lastOverhead + 50) {
      blocks = (groups - 1) * BLOCKS_PER_GROUP;
      continue;
    }
    return { blocks, groups, inodesPerGroup, inodeTableBlocks, gdtBlocks };
  }
}

/** Group g holds a superblock backup: 0, 1 and powers of 3, 5 and 7 (sparse_super). */
function hasSuperblock(g: number): boolean {
  if (g <= 1) return true;
  for (const base of [3, 5, 7]) {
    let p = base;
    while (p < g) p *= base;
    if (p === g) return true;
  }
  return false;
}

/** An empty ext4 file system of `bytes` (rounded down to whole 4 KiB blocks). */
export function formatExt4(bytes: number, options: FormatOptions = {}): BlockStore {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_DISK_BYTES) throw new RangeError(`a disk must be at least ${MIN_DISK_BYTES} bytes`);
  if (bytes / BLOCK_SIZE > 0xffffffff) throw new RangeError('a disk must be under 16 TiB');
  const geo = geometry(bytes);
  const time = options.time ?? Math.floor(Date.now() / 1000);
  const store = new BlockStore(geo.blocks);

  // Per-group layout and usage.
  const groups = Array.from({ length: geo.groups }, (_, g) => {
    const start = g * BLOCKS_PER_GROUP;
    const size = Math.min(BLOCKS_PER_GROUP, geo.blocks - start);
    const metaStart = start + (hasSuperblock(g) ? 1 + geo.gdtBlocks : 0);
    return { start, size, blockBitmap: metaStart, inodeBitmap: metaStart + 1, inodeTable: metaStart + 2, used: metaStart + 2 + geo.inodeTableBlocks - start, usedInodes: 0, dirs: 0 };
  });
  const g0 = groups[0];
  const rootBlock = g0.start + g0.used++;
  const lostFoundBlock = g0.start + g0.used++;
  g0.usedInodes = FIRST_INODE; // 1-10 reserved, 11 lost+found
  g0.dirs = 2;

  // Directories.
  store.write(rootBlock, dirBlock([[ROOT_INODE, '.'], [ROOT_INODE, '..'], [LOST_FOUND_INODE, 'lost+found']]));
  store.write(lostFoundBlock, dirBlock([[LOST_FOUND_INODE, '.'], [ROOT_INODE, '..']]));
  const inodeBlocks = new Map<number, Uint8Array>();
  const putInode = (ino: number, bytes: Uint8Array): void => {
    const index = ino - 1;
    const g = groups[Math.floor(index / geo.inodesPerGroup)];
    const within = index % geo.inodesPerGroup;
    const block = g.inodeTable + Math.floor(within / INODES_PER_BLOCK);
    const buf = inodeBlocks.get(block) ?? new Uint8Array(BLOCK_SIZE);
    buf.set(bytes, (within % INODES_PER_BLOCK) * INODE_SIZE);
    inodeBlocks.set(block, buf);
  };
  putInode(ROOT_INODE, dirInode(rootBlock, 3, time));
  putInode(LOST_FOUND_INODE, dirInode(lostFoundBlock, 2, time, 0o700));
  for (const [block, buf] of inodeBlocks) store.write(block, buf);

  // Bitmaps, with the padding past the group's end set as e2fsck expects.
  for (const g of groups) {
    const bitmap = new Uint8Array(BLOCK_SIZE);
    setBits(bitmap, 0, g.used);
    setBits(bitmap, g.size, BLOCKS_PER_GROUP);
    store.write(g.blockBitmap, bitmap);
    const inodes = new Uint8Array(BLOCK_SIZE);
    setBits(inodes, 0, g.usedInodes);
    setBits(inodes, geo.inodesPerGroup, BLOCK_SIZE * 8);
    store.write(g.inodeBitmap, inodes);
  }

  // Group descriptors.
  const gdt = new Uint8Array(geo.gdtBlocks * BLOCK_SIZE);
  const gv = new DataView(gdt.buffer);
  groups.forEach((g, i) => {
    const o = i * DESC_SIZE;
    gv.setUint32(o, g.blockBitmap, true);
    gv.setUint32(o + 4, g.inodeBitmap, true);
    gv.setUint32(o + 8, g.inodeTable, true);
    gv.setUint16(o + 12, g.size - g.used, true);
    gv.setUint16(o + 14, geo.inodesPerGroup - g.usedInodes, true);
    gv.setUint16(o + 16, g.dirs, true);
  });

  // Superblock and its backups.
  const freeBlocks = groups.reduce((n, g) => n + g.size - g.used, 0);
  const freeInodes = groups.reduce((n, g) => n + geo.inodesPerGroup - g.usedInodes, 0);
  const uuid = options.uuid ?? randomBytes(16);
  groups.forEach((g, i) => {
    if (!hasSuperblock(i)) return;
    const sb = superblock(geo, { freeBlocks, freeInodes, time, uuid, label: options.label ?? '', groupNumber: i });
    const first = new Uint8Array(BLOCK_SIZE);
    first.set(sb, i === 0 ? 1024 : 0); // group 0 keeps 1 KiB of boot sector before it
    store.write(g.start, first);
    for (let b = 0; b < geo.gdtBlocks; b++) store.write(g.start + 1 + b, gdt.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE));
  });
  return store;
}

function superblock(
  geo: Geometry,
  s: { freeBlocks: number; freeInodes: number; time: number; uuid: Uint8Array; label: string; groupNumber: number },
): Uint8Array {
  const sb = new Uint8Array(1024);
  const v = new DataView(sb.buffer);
  v.setUint32(0, geo.inodesPerGroup * geo.groups, true);
  v.setUint32(4, geo.blocks, true);
  v.setUint32(8, 0, true); // no blocks reserved for root: the guest is its only user
  v.setUint32(12, s.freeBlocks, true);
  v.setUint32(16, s.freeInodes, true);
  v.setUint32(20, 0, true); // first data block (0 with 4 KiB blocks)
  v.setUint32(24, 2, true); // log2(block size) - 10
  v.setUint32(28, 2, true); // cluster size = block size
  v.setUint32(32, BLOCKS_PER_GROUP, true);
  v.setUint32(36, BLOCKS_PER_GROUP, true);
  v.setUint32(40, geo.inodesPerGroup, true);
  v.setUint32(48, s.time, true); // write time
  v.setUint16(54, 0xffff, true); // max mount count: -1, no forced checks
  v.setUint16(56, 0xef53, true);
  v.setUint16(58, 1, true); // cleanly unmounted
  v.setUint16(60, 1, true); // on errors: continue
  v.setUint32(64, s.time, true); // last check
  v.setUint32(76, 1, true); // dynamic revision
  v.setUint32(84, FIRST_INODE, true);
  v.setUint16(88, INODE_SIZE, true);
  v.setUint16(90, s.groupNumber, true);
  v.setUint32(96, INCOMPAT_FILETYPE | INCOMPAT_EXTENTS, true);
  v.setUint32(100, RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | RO_COMPAT_HUGE_FILE | RO_COMPAT_DIR_NLINK | RO_COMPAT_EXTRA_ISIZE, true);
  sb.set(s.uuid.subarray(0, 16), 104);
  sb.set(new TextEncoder().encode(s.label).subarray(0, 16), 120);
  v.setUint8(252, 1); // default hash: half_md4
  v.setUint32(264, s.time, true); // mkfs time
  v.setUint16(348, 32, true); // min extra isize
  v.setUint16(350, 32, true); // want extra isize
  v.setUint32(352, 1, true); // signed directory hash (x86)
  return sb;
}

function dirInode(block: number, links: number, time: number, perm = 0o755): Uint8Array {
  const inode = new Uint8Array(INODE_SIZE);
  const v = new DataView(inode.buffer);
  v.setUint16(0, S_IFDIR | perm, true);
  v.setUint32(4, BLOCK_SIZE, true);
  for (const at of [8, 12, 16]) v.setUint32(at, time, true); // atime, ctime, mtime
  v.setUint16(26, links, true);
  v.setUint32(28, BLOCK_SIZE / 512, true); // i_blocks in 512-byte sectors
  v.setUint32(32, EXTENTS_FL, true);
  // i_block: extent header, then one extent of one block.
  v.setUint16(40, 0xf30a, true);
  v.setUint16(42, 1, true);
  v.setUint16(44, 4, true);
  v.setUint16(46, 0, true);
  v.setUint32(52, 0, true); // logical block 0
  v.setUint16(56, 1, true); // length
  v.setUint16(58, 0, true);
  v.setUint32(60, block, true);
  v.setUint16(128, 32, true); // i_extra_isize
  v.setUint32(144, time, true); // crtime
  return inode;
}

function dirBlock(entries: readonly (readonly [number, string])[]): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  const v = new DataView(block.buffer);
  let at = 0;
  entries.forEach(([ino, name], i) => {
    const len = (8 + name.length + 3) & ~3;
    const recLen = i === entries.length - 1 ? BLOCK_SIZE - at : len;
    v.setUint32(at, ino, true);
    v.setUint16(at + 4, recLen, true);
    v.setUint8(at + 6, name.length);
    v.setUint8(at + 7, FT_DIR);
    block.set(new TextEncoder().encode(name), at + 8);
    at += recLen;
  });
  return block;
}

function setBits(bitmap: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) bitmap[i >> 3] |= 1 << (i & 7);
}
