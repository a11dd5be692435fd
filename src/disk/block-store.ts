/**
 * One chassis' physical copy of a disk: 4 KiB blocks in memory, each with a
 * checksum kept beside it (as dm-integrity keeps a tag per sector, or ZFS a
 * checksum in the block pointer), so a read can tell good data from bad.
 *
 * Invariants:
 * - A stored block array is never written in place once stored: a write
 *   stores a new array. So a snapshot is a copy of the array of references
 *   (copy-on-write), and two copies resynced from each other share blocks.
 * - `undefined` stands for a block of zeros (a fresh disk is all holes).
 * - The checksum is set only by a write; faults change data without it
 *   (silent corruption) or make a block unreadable (latent sector error),
 *   which a later write of that block clears, as a drive remaps the sector.
 * - A block written to several copies (a mirror) is sealed once — copied,
 *   checksummed — and each copy stores that same array: it is never written
 *   in place, so each copy still has its own contents (a fault on one makes
 *   a new array for that copy alone).
 */
import { crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';
import { freezeBytes } from '../util/frozen-bytes';

export const BLOCK_SIZE = 4096;

/** What a hole reads as. Shared: never written to. */
export const ZERO_BLOCK = new Uint8Array(BLOCK_SIZE);
const ZERO_SUM = crc32(ZERO_BLOCK);

export type BlockRead =
  | { readonly kind: 'ok'; readonly data: Uint8Array }
  /** The data came back but does not match its checksum. */
  | { readonly kind: 'corrupt'; readonly data: Uint8Array }
  | { readonly kind: 'unreadable' };

/** A block's contents ready to be stored by any number of copies: its data (undefined for zeros; never written to) and its checksum. */
export interface SealedBlock {
  readonly data: Uint8Array | undefined;
  readonly sum: number;
}

/** Seal `data` (at most one block; a shorter one is padded with zeros): a copy of it and its checksum. */
export function sealBlock(data: Uint8Array): SealedBlock {
  if (data.length > BLOCK_SIZE) throw new RangeError(`a block holds ${BLOCK_SIZE} bytes, not ${data.length}`);
  if (isZero(data)) return ZERO_SEALED;
  const copy = new Uint8Array(BLOCK_SIZE);
  copy.set(data);
  return { data: freezeBytes(copy), sum: crc32(copy) };
}

const ZERO_SEALED: SealedBlock = { data: undefined, sum: ZERO_SUM };

export interface BlockStoreSnapshot {
  readonly blocks: readonly (Uint8Array | undefined)[];
  /** The checksums (little-endian 32-bit words) as bytes, which a campaign's snapshot store pages like any bytes. */
  readonly sums: Uint8Array;
  readonly unreadable: readonly number[];
}

export class BlockStore {
  private blocks: (Uint8Array | undefined)[];
  private sums: Uint32Array;
  private unreadable = new Set<number>();

  constructor(readonly blockCount: number) {
    this.blocks = new Array<Uint8Array | undefined>(blockCount).fill(undefined);
    this.sums = new Uint32Array(blockCount).fill(ZERO_SUM);
  }

  /** A copy holding `image` (its length a whole number of blocks, or padded with zeros). */
  static fromBytes(image: Uint8Array): BlockStore {
    const store = new BlockStore(Math.ceil(image.length / BLOCK_SIZE));
    for (let b = 0; b < store.blockCount; b++) {
      const chunk = image.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE);
      if (!isZero(chunk)) store.write(b, chunk);
    }
    return store;
  }

  get byteLength(): number {
    return this.blockCount * BLOCK_SIZE;
  }

  read(block: number): BlockRead {
    this.check(block);
    if (this.unreadable.has(block)) return { kind: 'unreadable' };
    const data = this.blocks[block];
    // A hole reads as zeros, whose checksum is a constant: only its stored checksum can be wrong.
    const sum = data === undefined ? ZERO_SUM : crc32(data);
    return sum === this.sums[block] ? { kind: 'ok', data: data ?? ZERO_BLOCK } : { kind: 'corrupt', data: data ?? ZERO_BLOCK };
  }

  /**
   * Whether a read of block b would give what a read of `other`'s block b
   * just gave, without reading again: both hold the very same stored array
   * (arrays are never written in place, so the same bytes) with the same
   * checksum, and both are readable. A mirror's copies share the arrays of
   * the blocks written to all of them.
   */
  readsAs(block: number, other: BlockStore): boolean {
    this.check(block);
    return this.blocks[block] === other.blocks[block] && this.sums[block] === other.sums[block] && !this.unreadable.has(block) && !other.unreadable.has(block);
  }

  /** Store a copy of `data` (at most one block; a shorter one is padded with zeros) and its checksum. */
  write(block: number, data: Uint8Array): void {
    this.put(block, sealBlock(data));
  }

  /** Store a sealed block (the same one may go to every copy of a mirror). */
  put(block: number, sealed: SealedBlock): void {
    this.check(block);
    this.unreadable.delete(block);
    this.blocks[block] = sealed.data;
    this.sums[block] = sealed.sum;
  }

  /** Take another copy's block as it is, data and checksum (resync: the arrays are shared, never mutated). */
  adopt(block: number, from: BlockStore): void {
    this.check(block);
    this.blocks[block] = from.blocks[block];
    this.sums[block] = from.sums[block];
    if (from.unreadable.has(block)) this.unreadable.add(block);
    else this.unreadable.delete(block);
  }

  /** Whether block b holds what `other` holds there: the same data, checksum and readability. */
  sameBlock(block: number, other: BlockStore): boolean {
    this.check(block);
    if (this.sums[block] !== other.sums[block] || this.unreadable.has(block) !== other.unreadable.has(block)) return false;
    const a = this.blocks[block] ?? ZERO_BLOCK;
    const b = other.blocks[block] ?? ZERO_BLOCK;
    return a === b || Buffer.compare(a, b) === 0;
  }

  /** The stored bytes of a block, whatever a read would say of them (saving a copy as it is). */
  stored(block: number): Uint8Array | undefined {
    this.check(block);
    return this.blocks[block];
  }

  // --- faults: they change what the medium returns, never the checksum ---

  /** Latent sector error: reads of `block` fail until it is written again. */
  makeUnreadable(block: number): void {
    this.check(block);
    this.unreadable.add(block);
  }

  /** Silent corruption: flip bits (0 = bit 0 of byte 0, up to BLOCK_SIZE*8-1) of the stored data. */
  flipBits(block: number, bits: readonly number[]): void {
    this.check(block);
    const copy = new Uint8Array(BLOCK_SIZE);
    const old = this.blocks[block];
    if (old) copy.set(old);
    for (const bit of bits) {
      if (!Number.isInteger(bit) || bit < 0 || bit >= BLOCK_SIZE * 8) throw new RangeError(`bit ${bit} is outside a ${BLOCK_SIZE}-byte block`);
      copy[bit >> 3] ^= 1 << (bit & 7);
    }
    this.blocks[block] = freezeBytes(copy);
  }

  // --- whole-copy views ---

  /** The copy as one image (unreadable blocks as they are stored). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    this.blocks.forEach((data, b) => data && out.set(data, b * BLOCK_SIZE));
    return out;
  }

  /** SHA-256 of the data, block by block (holes as zeros): equal digests, equal disks. */
  digest(): string {
    const hash = createHash('sha256');
    for (const data of this.blocks) hash.update(data ?? ZERO_BLOCK);
    return hash.digest('hex');
  }

  snapshot(): BlockStoreSnapshot {
    return { blocks: this.blocks.slice(), sums: new Uint8Array(this.sums.slice().buffer), unreadable: [...this.unreadable] };
  }

  restore(snapshot: BlockStoreSnapshot): void {
    if (snapshot.blocks.length !== this.blockCount || snapshot.sums.length !== 4 * this.blockCount) throw new RangeError('snapshot of a disk of another size');
    this.blocks = snapshot.blocks.slice();
    this.sums = new Uint32Array(snapshot.sums.slice().buffer);
    this.unreadable = new Set(snapshot.unreadable);
  }

  private check(block: number): void {
    if (!Number.isInteger(block) || block < 0 || block >= this.blockCount) {
      throw new RangeError(`block ${block} is outside the disk (0..${this.blockCount - 1})`);
    }
  }
}

function isZero(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}
