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
import { PAGE_BYTES, isPagedBytes, type KnownPages, type Mask, type PagedBytes, type PagedSnapshot } from './paged-snapshot';

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
 * Which pages of byte array `key` (Machine.restore's keys) still hold the
 * restored snapshot's: memory and check bytes of frames nobody wrote since,
 * and the pages of the state block's page table the host did not write
 * (only the host writes it).
 */
export function untouchedPages(restored: LiveMachine['restored'], key: string): KnownPages | undefined {
  const paged = restored && pagedAt(restored.snapshot, key);
  if (!paged) return undefined;
  const { written } = restored;
  const untouched = new Uint8Array(paged.pages.length);
  if (key === 'state') {
    const first = written.pageTable.offset / PAGE_BYTES;
    for (let p = 0; p < written.pageTable.pages; p++) untouched[first + p] = written.pageTablePages.has(p) ? 0 : 1;
    return { ids: paged.pages, untouched };
  }
  const kind = FRAME_ARRAYS.find((a) => a.key.test(key));
  if (!kind) return undefined;
  for (let p = 0; p < untouched.length; p++) {
    let clean = 1;
    for (let f = p * kind.framesPerPage; f < (p + 1) * kind.framesPerPage && clean; f++) if (f >= written.frames.length || written.frames[f]) clean = 0;
    untouched[p] = clean;
  }
  return { ids: paged.pages, untouched };
}

/**
 * The held pages of each byte array of `target`: untouched pages of the
 * restored snapshot that `target` shares, and, in the state block, the
 * pages a rejoined golden snapshot shares outside the ranges its comparison
 * left out and the head.
 */
export function heldPages(target: PagedSnapshot, live: LiveMachine): HeldPages {
  const memo = new Map<string, Uint8Array | undefined>();
  const compute = (key: string): Uint8Array | undefined => {
    const now = pagedAt(target, key);
    if (!now) return undefined;
    const held = new Uint8Array(now.pages.length);
    let known = false;
    const before = untouchedPages(live.restored, key);
    if (before && before.ids.length === held.length) {
      known = true;
      for (let p = 0; p < held.length; p++) if (before.untouched[p] && before.ids[p] === now.pages[p]) held[p] = 1;
    }
    const golden = key === 'state' && live.rejoined ? pagedAt(live.rejoined.snapshot, key) : undefined;
    if (golden && golden.length === now.length) {
      known = true;
      const leftOut = new Uint8Array(held.length);
      for (const m of [{ from: 0, to: live.volatileStateBytes }, ...live.rejoined!.stateMasks]) {
        for (let p = Math.floor(m.from / PAGE_BYTES); p * PAGE_BYTES < m.to && p < held.length; p++) leftOut[p] = 1;
      }
      for (let p = 0; p < held.length; p++) if (!leftOut[p] && golden.pages[p] === now.pages[p]) held[p] = 1;
    }
    return known ? held : undefined;
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
