/**
 * What a campaign's restore may skip. Before each injection the kept machine
 * goes back to a golden snapshot; writing all of it (state block, every
 * chassis' memory and check bytes: tens of MB, mostly zeros) cost more than
 * the injection's own cycles. A page need not be written when the machine
 * holds it already (Machine.restore's `held`):
 *
 * - chassis memory and ECC check bytes: the machine recorded which frames
 *   were written since its last restore (PhysicalMemory.forgetWrites: the
 *   core's dirty map and the host's writes), so a frame written by nobody
 *   still holds the last restored snapshot's page; held if the target
 *   snapshot has the same page there (page ids are interned by content);
 * - the state block: its page table, which only the host writes (and
 *   records), as memory; the rest only after a run that rejoined the golden
 *   run, which found it equal to that golden snapshot but for the ranges
 *   convergence leaves out: held where the two snapshots share a page and no
 *   left-out range touches it, the head (control block, replicas, store
 *   logs) aside.
 *
 * test/campaign/restore-plan.test.ts checks every skipped page against the
 * target snapshot's bytes.
 */
import type { HeldPages } from '../machine/device';
import type { WrittenSince } from '../machine/physical-memory';
import { PAGE_BYTES, isPagedBytes, type Mask, type PagedBytes, type PagedSnapshot } from './paged-snapshot';

/** What is known of the live machine's byte arrays. */
export interface LiveMachine {
  /** The snapshot it was last restored to, and what was written since. */
  readonly restored?: { readonly snapshot: PagedSnapshot; readonly written: WrittenSince };
  /** The golden snapshot its state block equals, but for these byte ranges (a rejoined run). */
  readonly rejoined?: { readonly snapshot: PagedSnapshot; readonly stateMasks: readonly Mask[] };
  /** The state block's head (control block, replicas, store logs): always written. */
  readonly volatileStateBytes: number;
}

/** Frames whose check bytes share a page of them (one check byte per 8-byte word). */
const FRAMES_PER_CHECK_PAGE = 8;

/** The byte arrays whose pages follow frames: each chassis' memory and its check bytes. */
const FRAME_ARRAYS: readonly { readonly key: RegExp; readonly framesPerPage: number }[] = [
  { key: /^devices\/memory\/chassis\/\d+$/, framesPerPage: 1 },
  { key: /^devices\/ecc\/check\/\d+$/, framesPerPage: FRAMES_PER_CHECK_PAGE },
];

/**
 * The pages of byte array `key` (Machine.restore's keys) in which a machine
 * restored to a snapshot, and written since as `restored.written` says, may
 * differ from `target`: those the two snapshots do not share, and those
 * written since (writtenPages). Ascending; undefined when nothing is known.
 */
export function mayDiffer(restored: LiveMachine['restored'], key: string, target: PagedBytes): number[] | undefined {
  const before = restored && pagedAt(restored.snapshot, key);
  if (!before || before.length !== target.length) return undefined;
  const marked = writtenPages(restored.written, key, target.pages.length);
  if (!marked) return undefined;
  for (const p of differingPages(before, target)) marked[p] = 1;
  const pages: number[] = [];
  for (let p = marked.indexOf(1); p >= 0; p = marked.indexOf(1, p + 1)) pages.push(p);
  return pages;
}

/**
 * The pages of byte array `key`, `count` pages long, that may have been
 * written since the machine began recording (1 in the result): memory and
 * check bytes of the frames written; in the state block, the page table's
 * pages the host wrote, and all of the block outside the page table, which
 * nothing records. Undefined for an array nothing records.
 */
export function writtenPages(written: WrittenSince, key: string, count: number): Uint8Array | undefined {
  const marked = new Uint8Array(count);
  if (key === 'state') {
    const first = written.pageTable.offset / PAGE_BYTES;
    marked.fill(1, 0, Math.min(first, count));
    marked.fill(1, Math.min(first + written.pageTable.pages, count));
    for (const p of written.pageTablePages) if (first + p < count) marked[first + p] = 1;
    return marked;
  }
  const kind = FRAME_ARRAYS.find((a) => a.key.test(key));
  if (!kind) return undefined;
  for (const f of written.frames) marked[Math.min(count - 1, Math.floor(f / kind.framesPerPage))] = 1;
  // Frames past the recorded ones (the machine handed out more) count as written.
  marked.fill(1, Math.min(count, Math.floor(written.frameCount / kind.framesPerPage)));
  return marked;
}

/** Pages in which two paged arrays of one length differ, by id (interned by content), computed once per pair. */
const differing = new WeakMap<Int32Array, WeakMap<Int32Array, number[]>>();
function differingPages(a: PagedBytes, b: PagedBytes): number[] {
  let byB = differing.get(a.pages);
  if (!byB) differing.set(a.pages, (byB = new WeakMap()));
  let list = byB.get(b.pages);
  if (!list) {
    list = [];
    for (let p = 0; p < b.pages.length; p++) if (a.pages[p] !== b.pages[p]) list.push(p);
    byB.set(b.pages, list);
  }
  return list;
}

/**
 * The held pages of each byte array of `target`: those in which the
 * restored snapshot cannot differ from it (mayDiffer), and, in the state
 * block, the pages a rejoined golden snapshot shares outside the ranges its
 * comparison left out and the head.
 */
export function heldPages(target: PagedSnapshot, live: LiveMachine): HeldPages {
  const memo = new Map<string, Uint8Array | undefined>();
  const compute = (key: string): Uint8Array | undefined => {
    const now = pagedAt(target, key);
    if (!now) return undefined;
    const held = new Uint8Array(now.pages.length);
    const differ = mayDiffer(live.restored, key, now);
    if (differ) {
      held.fill(1);
      for (const p of differ) held[p] = 0;
    }
    const golden = key === 'state' && live.rejoined ? pagedAt(live.rejoined.snapshot, key) : undefined;
    if (golden && golden.length === now.length) {
      const leftOut = new Uint8Array(held.length);
      for (const m of [{ from: 0, to: live.volatileStateBytes }, ...live.rejoined!.stateMasks]) {
        leftOut.fill(1, Math.floor(m.from / PAGE_BYTES), Math.ceil(m.to / PAGE_BYTES));
      }
      for (const p of differingPages(golden, now)) leftOut[p] = 1;
      for (let p = 0; p < held.length; p++) if (!leftOut[p]) held[p] = 1;
    }
    return differ || golden ? held : undefined;
  };
  return (key) => {
    if (!memo.has(key)) memo.set(key, compute(key));
    return memo.get(key);
  };
}

/** The paged byte array at a key ('state', 'devices/memory/chassis/0'), if there is one. */
function pagedAt(snapshot: PagedSnapshot, key: string): PagedBytes | undefined {
  let at: unknown = snapshot;
  for (const part of key.split('/')) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return isPagedBytes(at) ? at : undefined;
}
