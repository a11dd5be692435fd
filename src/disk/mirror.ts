/**
 * A mirrored disk, as the ftServer keeps one: every chassis holds its own
 * physical copy (a BlockStore), the guest sees one disk.
 *
 * - A write reaches every online copy. A copy that is away (its chassis lost
 *   power) gets a write-intent bitmap instead, as Linux md keeps one: the
 *   blocks written meanwhile, the only ones its resync must copy.
 * - A read is served by the first online copy (lowest chassis number, so runs
 *   are deterministic) and checked against the block's checksum. A bad block
 *   (unreadable, or data that fails its checksum) is read from the next
 *   online copy instead and rewritten from it: evidence `disk-error`, then
 *   `disk-repaired`. With no good copy left, an unreadable block is an I/O
 *   error to the guest and a corrupt one reaches it as it is (a single disk
 *   cannot do better), reported as a `disk-error` that was not repaired.
 * - A failed disk is gone: its copy is dropped and replaced by a fresh, empty
 *   one on repair, which then needs a full resync.
 *
 * The mirror reports evidence and carries out repairs it is asked for; which
 * chassis is online is the engine's decision (`setOffline`, `resync`).
 */
import { BLOCK_SIZE, BlockStore, ZERO_BLOCK, sealBlock, type BlockStoreSnapshot } from './block-store';

export type DiskEventType = 'disk-error' | 'disk-repaired' | 'disk-offline' | 'disk-resync-start' | 'disk-resync-done';

export interface DiskEvent {
  readonly type: DiskEventType;
  readonly chassis: number;
  readonly block?: number;
  readonly reason?: string;
  readonly [detail: string]: unknown;
}

/** Modelled cost of copying one block between chassis during a resync, in guest cycles. */
export const RESYNC_CYCLES_PER_BLOCK = 1024;

export interface ResyncReport {
  readonly chassis: number;
  readonly from: number;
  /** Blocks copied: the write-intent bitmap's, or every block for a fresh disk. */
  readonly blocks: number;
  readonly cycles: number;
  readonly full: boolean;
  readonly digest: string;
}

export class DiskIoError extends Error {
  constructor(readonly block: number) {
    super(`disk block ${block} is unreadable on every copy`);
  }
}

interface CopyState {
  store: BlockStore;
  online: boolean;
  /** The disk itself failed: its contents are gone until it is replaced. */
  failed: boolean;
  /** Write-intent bitmap while away: blocks written that this copy missed. */
  missed: Uint8Array | undefined;
}

export interface MirrorSnapshot {
  readonly copies: readonly { store: BlockStoreSnapshot; online: boolean; failed: boolean; missed: Uint8Array | undefined }[];
}

export class DiskMirror {
  private readonly copies: CopyState[];
  /** The online chassis in order, kept as copies come and go (every read needs it). */
  private online: readonly number[] = [];

  /** `stores[c]` is chassis c's copy; all must hold the same data. */
  constructor(stores: readonly BlockStore[], private readonly emit: (event: DiskEvent) => void = () => {}) {
    if (stores.length === 0) throw new RangeError('a disk needs at least one copy');
    const n = stores[0].blockCount;
    if (stores.some((s) => s.blockCount !== n)) throw new RangeError('mirrored copies must be the same size');
    this.copies = stores.map((store) => ({ store, online: true, failed: false, missed: undefined }));
    this.refreshOnline();
  }

  private refreshOnline(): void {
    this.online = this.copies.flatMap((c, i) => (c.online ? [i] : []));
  }

  /** One copy per chassis, each a copy-on-write clone of `image`. */
  static ofImage(image: BlockStore, chassis: number, emit?: (event: DiskEvent) => void): DiskMirror {
    const snap = image.snapshot();
    const stores = Array.from({ length: chassis }, () => {
      const s = new BlockStore(image.blockCount);
      s.restore(snap);
      return s;
    });
    return new DiskMirror(stores, emit);
  }

  get blockCount(): number {
    return this.copies[0].store.blockCount;
  }

  get chassisCount(): number {
    return this.copies.length;
  }

  /** Chassis c's physical copy (for inspection, --keep-mirrors, fault injection). */
  copy(chassis: number): BlockStore {
    return this.state(chassis).store;
  }

  isOnline(chassis: number): boolean {
    return this.state(chassis).online;
  }

  onlineChassis(): readonly number[] {
    return this.online;
  }

  read(block: number): Uint8Array {
    return this.checkedRead(block, false).slice();
  }

  /**
   * Read a block from every online copy, repairing each bad one from a good
   * one (as md's "check" or a ZFS scrub does): latent errors in a copy that
   * plain reads never reach are found too. The data is read()'s as stored
   * (shared with the copies: never write to it), undefined for zeros.
   */
  scrub(block: number): Uint8Array | undefined {
    const data = this.checkedRead(block, true);
    return data === ZERO_BLOCK ? undefined : data;
  }

  /** The block's bytes as stored by a copy that read good (or, with none, as the first bad one gave them). */
  private checkedRead(block: number, everyCopy: boolean): Uint8Array {
    const order = this.onlineChassis();
    if (order.length === 0) throw new DiskIoError(block);
    const bad: number[] = [];
    let good: { data: Uint8Array; from: number } | undefined;
    let corrupt: Uint8Array | undefined;
    for (const c of order) {
      // A copy holding the very block just found good (the same sealed array and checksum) reads the same.
      if (good && this.copies[c].store.readsAs(block, this.copies[good.from].store)) continue;
      const got = this.copies[c].store.read(block);
      if (got.kind === 'ok') {
        good ??= { data: got.data, from: c };
        if (!everyCopy) break;
        continue;
      }
      this.emit({ type: 'disk-error', chassis: c, block, reason: got.kind === 'unreadable' ? 'unreadable' : 'checksum' });
      bad.push(c);
      if (got.kind === 'corrupt') corrupt ??= got.data;
    }
    if (good) {
      for (const b of bad) {
        this.copies[b].store.write(block, good.data);
        this.emit({ type: 'disk-repaired', chassis: b, block, from: good.from });
      }
      return good.data;
    }
    if (corrupt) {
      this.emit({ type: 'disk-error', chassis: order[0], block, reason: 'no good copy: data served as read', repaired: false });
      return corrupt;
    }
    throw new DiskIoError(block);
  }

  write(block: number, data: Uint8Array): void {
    if (data.length !== BLOCK_SIZE) throw new RangeError(`a block write is ${BLOCK_SIZE} bytes, not ${data.length}`);
    // Copied and checksummed once; every copy stores that sealed block (see BlockStore).
    const sealed = sealBlock(data);
    for (const copy of this.copies) {
      if (copy.online) copy.store.put(block, sealed);
      else if (copy.missed && !copy.failed) copy.missed[block >> 3] |= 1 << (block & 7);
    }
  }

  // --- what the engine and the fault injector do to a copy ---

  /** The chassis went away (power loss): its copy keeps its data and starts a write-intent bitmap. */
  setOffline(chassis: number, reason: string): void {
    const copy = this.state(chassis);
    if (!copy.online) return;
    copy.online = false;
    this.refreshOnline();
    copy.missed ??= new Uint8Array(Math.ceil(this.blockCount / 8));
    this.emit({ type: 'disk-offline', chassis, reason });
  }

  /** The whole disk of a chassis failed: its data is lost; the chassis runs on without it (degraded). */
  failDisk(chassis: number): void {
    const copy = this.state(chassis);
    const wasOnline = copy.online;
    copy.online = false;
    this.refreshOnline();
    copy.failed = true;
    copy.missed = undefined;
    if (wasOnline) this.emit({ type: 'disk-offline', chassis, reason: 'disk failed' });
  }

  /**
   * Bring chassis' copy back, from the first online copy: a failed disk is
   * replaced by a fresh one and copied whole, a copy that was away gets the
   * blocks of its write-intent bitmap only. Its digest must then equal the
   * source's (checked here; a mismatch is a bug, not a fault).
   */
  resync(chassis: number): ResyncReport {
    const copy = this.state(chassis);
    const from = this.onlineChassis().find((c) => c !== chassis);
    if (from === undefined) throw new Error(`no online copy to resync chassis ${chassis}'s disk from`);
    const source = this.copies[from].store;
    const full = copy.failed || copy.missed === undefined;
    this.emit({ type: 'disk-resync-start', chassis, from, full });
    if (full) copy.store = new BlockStore(this.blockCount);
    let blocks = 0;
    for (let b = 0; b < this.blockCount; b++) {
      if (!full && !(copy.missed![b >> 3] & (1 << (b & 7)))) continue;
      copy.store.adopt(b, source);
      blocks++;
    }
    copy.online = true;
    this.refreshOnline();
    copy.failed = false;
    copy.missed = undefined;
    let digest = copy.store.digest();
    // A fault that struck the copy while it was away is in no bitmap: the digests tell, and the blocks that differ are copied too.
    let repaired = 0;
    if (digest !== source.digest()) {
      for (let b = 0; b < this.blockCount; b++) {
        if (copy.store.sameBlock(b, source)) continue;
        copy.store.adopt(b, source);
        repaired++;
      }
      blocks += repaired;
      digest = copy.store.digest();
      if (digest !== source.digest()) throw new Error(`disk resync of chassis ${chassis} left its copy different from chassis ${from}'s`);
    }
    const report: ResyncReport = { chassis, from, blocks, cycles: blocks * RESYNC_CYCLES_PER_BLOCK, full, digest };
    this.emit({ type: 'disk-resync-done', chassis, from, blocks, cycles: report.cycles, full, digest, ...(repaired > 0 ? { outsideBitmap: repaired } : {}) });
    return report;
  }

  /** Make chassis c's copy `store` (a resync's copy from another chassis), its state otherwise as it was. */
  replaceCopy(chassis: number, store: BlockStore): void {
    if (store.blockCount !== this.blockCount) throw new RangeError('mirrored copies must be the same size');
    this.state(chassis).store = store;
  }

  /** Each online copy's digest, by chassis (undefined for an offline one). */
  digests(): (string | undefined)[] {
    return this.copies.map((c) => (c.online ? c.store.digest() : undefined));
  }

  snapshot(): MirrorSnapshot {
    return {
      copies: this.copies.map((c) => ({ store: c.store.snapshot(), online: c.online, failed: c.failed, missed: c.missed?.slice() })),
    };
  }

  restore(snapshot: MirrorSnapshot): void {
    if (snapshot.copies.length !== this.copies.length) throw new RangeError('snapshot of a mirror with another number of copies');
    snapshot.copies.forEach((s, i) => {
      const copy = this.copies[i];
      copy.store = new BlockStore(this.blockCount);
      copy.store.restore(s.store);
      copy.online = s.online;
      copy.failed = s.failed;
      copy.missed = s.missed?.slice();
    });
    this.refreshOnline();
  }

  private state(chassis: number): CopyState {
    const copy = this.copies[chassis];
    if (!copy) throw new RangeError(`no chassis ${chassis} (the disk has ${this.copies.length} copies)`);
    return copy;
  }
}
