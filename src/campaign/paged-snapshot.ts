/**
 * Golden-run snapshots, stored compactly. A machine snapshot is mostly zero
 * pages (the page table, unused memory) and, between two snapshots of one run
 * or between the chassis of one lockstep machine, mostly identical pages. So
 * every byte array of a snapshot is cut into 4 KiB pages, zero pages are
 * dropped and the others are interned by content: a run's snapshots then cost
 * little more than the pages the program really changes, and the whole set
 * crosses to a worker thread in one structured clone.
 *
 * The transformation is generic: any Uint8Array of a page or more anywhere in
 * the snapshot object is paged, everything else is kept as it is, so fields a
 * later machine version adds to MachineSnapshot travel too.
 */
import { createHash } from 'node:crypto';
import type { MachineSnapshot } from '../machine/machine';
import { HELD_PAGE_BYTES } from '../machine/device';
import { isFrozenBytes } from '../util/frozen-bytes';

/** Snapshots are paged as Machine.restore skips held pages. */
export const PAGE_BYTES = HELD_PAGE_BYTES;
/** Page id of an all-zero page (never stored). */
const ZERO = -1;

/** A byte array as page ids into a PageStore. */
export interface PagedBytes {
  readonly paged: true;
  readonly length: number;
  readonly pages: Int32Array;
}

/** A snapshot whose byte arrays are PagedBytes. */
export type PagedSnapshot = { readonly [key: string]: unknown };

/** Interned pages, built while the golden runs take snapshots. */
export class PageStore {
  private readonly pages: Uint8Array[] = [];
  private readonly byHash = new Map<string, number[]>();
  /** Byte arrays never written again (util/frozen-bytes.ts), paged once: the same disk block in every snapshot and copy. */
  private readonly frozen = new WeakMap<Uint8Array, PagedBytes>();

  get count(): number { return this.pages.length; }

  /** The id of a page that is not all zeros, by content (stored if new). */
  private internNonZero(page: Uint8Array): number {
    const key = createHash('sha1').update(page).digest('base64');
    const candidates = this.byHash.get(key);
    if (candidates) for (const id of candidates) if (this.holds(id, page)) return id;
    const id = this.pages.length;
    const copy = new Uint8Array(PAGE_BYTES);
    copy.set(page);
    this.pages.push(copy);
    if (candidates) candidates.push(id);
    else this.byHash.set(key, [id]);
    return id;
  }

  /** Whether stored page id begins with page's bytes (a last page may be shorter). */
  private holds(id: number, page: Uint8Array): boolean {
    return asBuffer(page).compare(this.pages[id]!, 0, page.length) === 0;
  }

  /**
   * A byte array as page ids (a frozen one once only). `since`: the ids of
   * the same array in the snapshot paged before it from the same machine,
   * and which of its pages may have been written since (1): the others keep
   * their ids unread, and a written page that still holds what it held keeps
   * its id without a hash. Runs of zero pages are found a comparison at a
   * time. A pair-spare golden run's 64 snapshots (24 MB each, most of it
   * never-touched stack and page table) spent most of their time reading
   * page after page to find it zero.
   */
  pageBytes(value: Uint8Array, since?: { readonly ids: Int32Array; readonly written: Uint8Array }): PagedBytes {
    const known = this.frozen.get(value);
    if (known) return known;
    const count = Math.ceil(value.length / PAGE_BYTES);
    const pages = new Int32Array(count);
    const bytes = asBuffer(value);
    const zero = asBuffer(zeroRun());
    for (let i = 0; i < count; ) {
      if (since && !since.written[i]) {
        pages[i] = since.ids[i]!;
        i++;
        continue;
      }
      let run = 1;
      while (run < ZERO_RUN_PAGES && i + run < count && (!since || since.written[i + run])) run++;
      const at = i * PAGE_BYTES;
      const end = Math.min(at + run * PAGE_BYTES, value.length);
      if (bytes.compare(zero, 0, end - at, at, end) === 0) {
        pages.fill(ZERO, i, i + run);
        i += run;
        continue;
      }
      for (const stop = i + run; i < stop; i++) {
        const from = i * PAGE_BYTES;
        const to = Math.min(from + PAGE_BYTES, value.length);
        const was = since?.ids[i] ?? ZERO;
        if (bytes.compare(zero, 0, to - from, from, to) === 0) pages[i] = ZERO;
        else if (was !== ZERO && bytes.compare(this.pages[was]!, 0, to - from, from, to) === 0) pages[i] = was;
        else pages[i] = this.internNonZero(value.subarray(from, to));
      }
    }
    const paged: PagedBytes = { paged: true, length: value.length, pages };
    if (isFrozenBytes(value)) this.frozen.set(value, paged);
    return paged;
  }

  /** All pages in one buffer, page id i at i * PAGE_BYTES: what workers receive (shared with them, not copied). */
  freeze(): FrozenPages {
    const data = new Uint8Array(new SharedArrayBuffer(this.pages.length * PAGE_BYTES));
    this.pages.forEach((p, i) => data.set(p, i * PAGE_BYTES));
    return { data };
  }
}

export interface FrozenPages {
  readonly data: Uint8Array;
}

/**
 * What is known of a snapshot's byte arrays before they are read: the
 * snapshot paged before it from the same machine (undefined: the machine as
 * built, all zeros), and which pages of the array at a key (`state`,
 * `devices/memory/chassis/0`…) may have been written since (1 = may have;
 * undefined: any of them).
 */
export interface PagingHint {
  readonly before: PagedSnapshot | undefined;
  readonly written: (key: string, pages: number) => Uint8Array | undefined;
}

/** Page every large byte array of a snapshot into the store; a page `since` says nobody wrote keeps its id unread. */
export function pageSnapshot(snap: MachineSnapshot, store: PageStore, since?: PagingHint): PagedSnapshot {
  return pageValue(snap, store, since, since?.before, '') as PagedSnapshot;
}

function pageValue(value: unknown, store: PageStore, since: PagingHint | undefined, before: unknown, key: string): unknown {
  const at = (k: string | number) => (key === '' ? String(k) : `${key}/${k}`);
  const beforeAt = (k: string | number) => (before !== null && typeof before === 'object' ? (before as Record<string, unknown>)[k] : undefined);
  if (value instanceof Uint8Array && value.length >= PAGE_BYTES) {
    const count = Math.ceil(value.length / PAGE_BYTES);
    const ids = since && idsBefore(since, before, value.length);
    const written = ids && since!.written(key, count);
    return store.pageBytes(value, written && { ids, written });
  }
  if (Array.isArray(value)) return value.map((v, i) => pageValue(v, store, since, beforeAt(i), at(i)));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pageValue(v, store, since, beforeAt(k), at(k))]));
  return value;
}

/** The page ids an array of `length` bytes had before (`before`, the same place in since.before), if known. */
function idsBefore(since: PagingHint, before: unknown, length: number): Int32Array | undefined {
  if (since.before === undefined) return new Int32Array(Math.ceil(length / PAGE_BYTES)).fill(ZERO); // the machine as built
  return isPagedBytes(before) && before.length === length ? before.pages : undefined;
}

/**
 * Turns paged snapshots back into MachineSnapshots, reusing its byte arrays
 * from one call to the next: only the pages that differ from the previous
 * snapshot it produced are copied. One per machine; the returned snapshot is
 * valid until the next call.
 */
export class SnapshotMaterializer {
  private readonly buffers = new Map<string, { bytes: Uint8Array; ids: Int32Array }>();

  constructor(private readonly pages: FrozenPages) {}

  materialize(paged: PagedSnapshot): MachineSnapshot {
    return this.walk(paged, '') as MachineSnapshot;
  }

  private walk(value: unknown, path: string): unknown {
    if (isPagedBytes(value)) return this.bytes(value, path);
    if (Array.isArray(value)) return value.map((v, i) => this.walk(v, `${path}/${i}`));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.walk(v, `${path}/${k}`)]));
    // Other objects (small typed arrays, maps) are copied: the restored machine may keep and change them.
    return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }

  private bytes(paged: PagedBytes, path: string): Uint8Array {
    let b = this.buffers.get(path);
    if (!b || b.bytes.length !== paged.length) {
      b = { bytes: new Uint8Array(paged.length), ids: new Int32Array(paged.pages.length).fill(ZERO) };
      this.buffers.set(path, b);
    }
    const { data } = this.pages;
    for (let i = 0; i < paged.pages.length; i++) {
      const id = paged.pages[i];
      if (b.ids[i] === id) continue;
      const at = i * PAGE_BYTES;
      const n = Math.min(PAGE_BYTES, paged.length - at);
      if (id === ZERO) b.bytes.fill(0, at, at + n);
      else b.bytes.set(data.subarray(id * PAGE_BYTES, id * PAGE_BYTES + n), at);
      b.ids[i] = id;
    }
    return b.bytes;
  }
}

/** The MachineSnapshot back, with fresh byte arrays. */
export function unpageSnapshot(paged: PagedSnapshot, pages: FrozenPages): MachineSnapshot {
  return unpageValue(paged, pages) as MachineSnapshot;
}

function unpageValue(value: unknown, pages: FrozenPages): unknown {
  if (isPagedBytes(value)) return unpageBytes(value, pages);
  if (Array.isArray(value)) return value.map((v) => unpageValue(v, pages));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpageValue(v, pages)]));
  return value;
}

export function unpageBytes(paged: PagedBytes, pages: FrozenPages): Uint8Array {
  const out = new Uint8Array(paged.length);
  paged.pages.forEach((id, i) => {
    if (id === ZERO) return;
    const at = i * PAGE_BYTES;
    out.set(pages.data.subarray(id * PAGE_BYTES, id * PAGE_BYTES + Math.min(PAGE_BYTES, paged.length - at)), at);
  });
  return out;
}

/**
 * A byte range [from, to) of an array left out of a comparison: entirely, or,
 * with `keepBits`, all but those bits of each aligned little-endian 32-bit word.
 */
export interface Mask {
  readonly from: number;
  readonly to: number;
  readonly keepBits?: number;
}

/**
 * Whether live bytes equal a paged array, without copying either (masked
 * pages excepted). A convergence check runs this over the state block, whose
 * page table is a thousand pages of mostly zeros, several times per
 * injection: so a run of zero pages is one comparison, and the comparisons
 * take ranges of two whole-array views instead of a view per page.
 * onlyPages: the pages that may differ (ascending), when the caller knows
 * the others cannot (restore-plan.ts mayDiffer); the rest are not read.
 */
export function equalsPaged(live: Uint8Array, paged: PagedBytes, pages: FrozenPages, masks: readonly Mask[] = [], onlyPages?: readonly number[]): boolean {
  if (live.length !== paged.length) return false;
  const have = asBuffer(live);
  const data = asBuffer(pages.data);
  const zero = asBuffer(zeroRun());
  const ids = paged.pages;
  const count = onlyPages?.length ?? ids.length;
  const pageAt = onlyPages ? (i: number) => onlyPages[i]! : (i: number) => i;
  for (let i = 0; i < count; ) {
    const first = pageAt(i);
    let next = i + 1;
    if (ids[first] === ZERO) while (next < count && pageAt(next) === first + (next - i) && ids[first + (next - i)] === ZERO && next - i < ZERO_RUN_PAGES) next++;
    const at = first * PAGE_BYTES;
    const end = Math.min((first + (next - i)) * PAGE_BYTES, live.length);
    const same = ids[first] === ZERO
      ? have.compare(zero, 0, end - at, at, end) === 0
      : have.compare(data, ids[first] * PAGE_BYTES, ids[first] * PAGE_BYTES + (end - at), at, end) === 0;
    if (!same) {
      for (let p = first; p < first + (next - i); p++) if (!pageEqualsMasked(live, ids[p]!, p, pages, masks)) return false;
    }
    i = next;
  }
  return true;
}

/** Page p of live against the paged page id, the masked bytes and bits left out. */
function pageEqualsMasked(live: Uint8Array, id: number, p: number, pages: FrozenPages, masks: readonly Mask[]): boolean {
  const at = p * PAGE_BYTES;
  const end = Math.min(at + PAGE_BYTES, live.length);
  const have = live.subarray(at, end);
  const want = id === ZERO ? zeroRun().subarray(0, end - at) : pages.data.subarray(id * PAGE_BYTES, id * PAGE_BYTES + (end - at));
  if (Buffer.compare(asBuffer(have), asBuffer(want)) === 0) return true;
  const hits = masks.filter((m) => m.from < end && m.to > at);
  if (hits.length === 0) return false;
  const a = have.slice();
  const b = want.slice();
  for (const m of hits) {
    const from = Math.max(m.from, at) - at;
    const to = Math.min(m.to, end) - at;
    if (m.keepBits === undefined) {
      a.fill(0, from, to);
      b.fill(0, from, to);
      continue;
    }
    const wa = new DataView(a.buffer);
    const wb = new DataView(b.buffer);
    for (let w = from - (from % 4); w + 4 <= to; w += 4) {
      wa.setUint32(w, wa.getUint32(w, true) & m.keepBits, true);
      wb.setUint32(w, wb.getUint32(w, true) & m.keepBits, true);
    }
  }
  return Buffer.compare(asBuffer(a), asBuffer(b)) === 0;
}

/**
 * Deep equality of plain data (what snapshots hold besides byte arrays), paged arrays included: `live` holds
 * byte arrays, or, given `livePages`, is paged too, into those pages (two page stores: a page at a time).
 */
export function equalsPagedValue(live: unknown, paged: unknown, pages: FrozenPages, livePages?: FrozenPages): boolean {
  const same = (a: unknown, b: unknown) => equalsPagedValue(a, b, pages, livePages);
  if (isPagedBytes(paged)) {
    if (livePages && isPagedBytes(live)) return samePages(live, livePages, paged, pages);
    return live instanceof Uint8Array && equalsPaged(live, paged, pages);
  }
  if (live instanceof Uint8Array) return paged instanceof Uint8Array && Buffer.compare(asBuffer(live), asBuffer(paged)) === 0;
  if (ArrayBuffer.isView(live)) return ArrayBuffer.isView(paged) && Buffer.compare(Buffer.from(live.buffer, live.byteOffset, live.byteLength), Buffer.from(paged.buffer, paged.byteOffset, paged.byteLength)) === 0;
  if (Array.isArray(live)) return Array.isArray(paged) && live.length === paged.length && live.every((v, i) => same(v, paged[i]));
  if (live instanceof Map) return paged instanceof Map && live.size === paged.size && [...live].every(([k, v]) => paged.has(k) && same(v, paged.get(k)));
  if (live instanceof Set) return paged instanceof Set && live.size === paged.size && [...live].every((v) => paged.has(v));
  if (isPlainObject(live)) {
    if (!isPlainObject(paged)) return false;
    const keys = Object.keys(live).filter((k) => live[k] !== undefined);
    const other = Object.keys(paged).filter((k) => paged[k] !== undefined);
    return keys.length === other.length && keys.every((k) => same(live[k], paged[k]));
  }
  return Object.is(live, paged);
}

/** Two paged arrays of two page stores, equal: zero pages where the other has them (a stored page is never zero), the others byte for byte. */
function samePages(a: PagedBytes, aPages: FrozenPages, b: PagedBytes, bPages: FrozenPages): boolean {
  if (a.length !== b.length) return false;
  const aData = asBuffer(aPages.data);
  const bData = asBuffer(bPages.data);
  for (let p = 0; p < a.pages.length; p++) {
    const x = a.pages[p]!;
    const y = b.pages[p]!;
    if (x === ZERO || y === ZERO) {
      if (x !== y) return false;
      continue;
    }
    const n = Math.min(PAGE_BYTES, a.length - p * PAGE_BYTES);
    if (aData.compare(bData, y * PAGE_BYTES, y * PAGE_BYTES + n, x * PAGE_BYTES, x * PAGE_BYTES + n) !== 0) return false;
  }
  return true;
}

/**
 * Every page-id array in value (golden runs, their snapshots) moved into one
 * shared buffer, in place (each PagedBytes keeps its ids, now a view of that
 * buffer); value is returned. A worker then receives them without a copy:
 * structured cloning a pair-spare golden run's 64 snapshots, their hundreds
 * of small id arrays, took the main thread 7-17 ms when it sent them to a
 * worker, inside the injection phase, and the worker about 8 ms more to read
 * them.
 */
export function withSharedPageIds<T>(value: T): T {
  const found = new Set<PagedBytes>();
  const collect = (v: unknown): void => {
    if (isPagedBytes(v)) found.add(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isPlainObject(v)) Object.values(v).forEach(collect);
  };
  collect(value);
  let total = 0;
  for (const p of found) total += p.pages.length;
  const shared = new Int32Array(new SharedArrayBuffer(total * Int32Array.BYTES_PER_ELEMENT));
  let at = 0;
  for (const p of found) {
    shared.set(p.pages, at);
    (p as { pages: Int32Array }).pages = shared.subarray(at, at + p.pages.length);
    at += p.pages.length;
  }
  return value;
}

export function isPagedBytes(value: unknown): value is PagedBytes {
  return isPlainObject(value) && value.paged === true && value.pages instanceof Int32Array;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Zero pages compared at once (equalsPaged, pageBytes). */
const ZERO_RUN_PAGES = 64;
let zeros: Uint8Array | undefined;
function zeroRun(): Uint8Array {
  zeros ??= new Uint8Array(ZERO_RUN_PAGES * PAGE_BYTES);
  return zeros;
}

function asBuffer(a: Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
