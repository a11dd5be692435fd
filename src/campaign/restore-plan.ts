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
 * - the state block: only after a run that rejoined the golden run, which
 *   found it equal to that golden snapshot but for the ranges convergence
 *   leaves out; held where the two snapshots share a page and no left-out
 *   range touches it, the head (control block, replicas, store logs) aside.
 *
 * test/campaign/restore-delta.test.ts checks every skipped page against the
 * target snapshot's bytes.
 */
import type { HeldPages } from '../machine/device';
import { PAGE_BYTES, isPagedBytes, type Mask, type PagedBytes, type PagedSnapshot } from './paged-snapshot';

/** What is known of the live machine's byte arrays. */
export interface LiveMachine {
  /** The snapshot it was last restored to, and the frames written since (one byte per frame). */
  readonly restored?: { readonly snapshot: PagedSnapshot; readonly written: Uint8Array };
  /** The golden snapshot its state block equals, but for these byte ranges (a rejoined run). */
  readonly rejoined?: { readonly snapshot: PagedSnapshot; readonly stateMasks: readonly Mask[] };
  /** The state block's head, always written. */
  readonly volatileStateBytes: number;
}

/** Frames whose check bytes share a page of them (one check byte per 8-byte word). */
const FRAMES_PER_CHECK_PAGE = 8;

export function heldPages(target: PagedSnapshot, live: LiveMachine): HeldPages {
  const held = new Map<string, Uint8Array>();
  const devices = (snap: PagedSnapshot | undefined) => (snap?.devices ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (live.restored) {
    const { snapshot, written } = live.restored;
    const put = (key: string, now: unknown, before: unknown, framesPerPage: number) => {
      if (!isPagedBytes(now) || !isPagedBytes(before) || now.length !== before.length) return;
      held.set(key, samePages(before, now, (p) => {
        for (let f = p * framesPerPage; f < (p + 1) * framesPerPage; f++) if (f >= written.length || written[f]) return false;
        return true;
      }));
    };
    const [to, from] = [devices(target), devices(snapshot)];
    (to.memory?.chassis as unknown[] | undefined)?.forEach((bytes, c) => put(`devices/memory/chassis/${c}`, bytes, (from.memory?.chassis as unknown[] | undefined)?.[c], 1));
    (to.ecc?.check as unknown[] | undefined)?.forEach((bytes, c) => put(`devices/ecc/check/${c}`, bytes, (from.ecc?.check as unknown[] | undefined)?.[c], FRAMES_PER_CHECK_PAGE));
  }
  if (live.rejoined && isPagedBytes(target.state) && isPagedBytes(live.rejoined.snapshot.state) && target.state.length === live.rejoined.snapshot.state.length) {
    const left = [{ from: 0, to: live.volatileStateBytes }, ...live.rejoined.stateMasks];
    held.set('state', samePages(live.rejoined.snapshot.state, target.state, (p) => !left.some((m) => m.from < (p + 1) * PAGE_BYTES && m.to > p * PAGE_BYTES)));
  }
  return (key) => held.get(key);
}

/** 1 where the two arrays have the same page and `also` agrees. */
function samePages(a: PagedBytes, b: PagedBytes, also: (page: number) => boolean): Uint8Array {
  const same = new Uint8Array(b.pages.length);
  for (let p = 0; p < same.length; p++) same[p] = a.pages[p] === b.pages[p] && also(p) ? 1 : 0;
  return same;
}
