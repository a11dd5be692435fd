/**
 * equalsPaged: a live byte array against its paged copy, with runs of zero
 * pages compared at once, a partial last page, and masked bytes and bits;
 * and over a list of pages only (restore-plan.ts mayDiffer); and a paged
 * snapshot against one of another page store (a warmed machine's); and
 * paging again with what was written since the snapshot before; and page
 * ids moved into one shared buffer for the workers.
 */
import { describe, test, expect } from 'vitest';
import { PageStore, PAGE_BYTES, equalsPaged, equalsPagedValue, pageSnapshot, withSharedPageIds, type PagedBytes } from '../../src/campaign/paged-snapshot';

// 150 pages and a half: zero pages in runs longer than one comparison (64), single ones, repeated content.
function sample(): Uint8Array {
  const bytes = new Uint8Array(150 * PAGE_BYTES + PAGE_BYTES / 2);
  for (const p of [0, 3, 4, 80, 81, 149, 150]) bytes.fill(p + 1, p * PAGE_BYTES + 100, p * PAGE_BYTES + 200);
  bytes.set(bytes.subarray(0, PAGE_BYTES), 100 * PAGE_BYTES);
  return bytes;
}

function paged() {
  const store = new PageStore();
  const p = store.pageBytes(sample());
  return { paged: p, pages: store.freeze() };
}

describe('equalsPaged', () => {
  test('equal bytes are equal', () => {
    const { paged: p, pages } = paged();
    expect(equalsPaged(sample(), p, pages)).toBe(true);
  });

  // Pages 5-79 are zero: a byte anywhere in that run, or in the last partial page, or in a stored page.
  for (const at of [5 * PAGE_BYTES, 40 * PAGE_BYTES + 7, 79 * PAGE_BYTES + PAGE_BYTES - 1, 82 * PAGE_BYTES, 150 * PAGE_BYTES + 2047, 3 * PAGE_BYTES + 150, 100 * PAGE_BYTES + 150]) {
    test(`a byte changed at ${at} differs`, () => {
      const { paged: p, pages } = paged();
      const live = sample();
      live[at] ^= 0x10;
      expect(equalsPaged(live, p, pages)).toBe(false);
    });
  }

  test('a change inside a mask is left out, one beside it is not', () => {
    const { paged: p, pages } = paged();
    const live = sample();
    live[40 * PAGE_BYTES + 8] = 1;
    const mask = { from: 40 * PAGE_BYTES + 8, to: 40 * PAGE_BYTES + 12 };
    expect(equalsPaged(live, p, pages, [mask])).toBe(true);
    live[40 * PAGE_BYTES + 12] = 1;
    expect(equalsPaged(live, p, pages, [mask])).toBe(false);
  });

  test('keepBits compares only those bits of each word', () => {
    const { paged: p, pages } = paged();
    const live = sample();
    const mask = { from: 60 * PAGE_BYTES, to: 60 * PAGE_BYTES + 16, keepBits: 0xffff0000 };
    live[60 * PAGE_BYTES + 4] = 0xff; // low half of the second word: left out
    expect(equalsPaged(live, p, pages, [mask])).toBe(true);
    live[60 * PAGE_BYTES + 7] = 0x01; // high half: compared
    expect(equalsPaged(live, p, pages, [mask])).toBe(false);
  });

  describe('over the listed pages only (the others known equal)', () => {
    // Pages 5-79 are zero: listed in one run that crosses a comparison's 64 pages, with stored pages between.
    const listed = [0, 3, 4, ...Array.from({ length: 75 }, (_, i) => 5 + i), 80, 100, 150];

    test('a change in a listed page differs, in a zero run or a stored page', () => {
      const { paged: p, pages } = paged();
      for (const at of [5 * PAGE_BYTES, 70 * PAGE_BYTES + 3, 79 * PAGE_BYTES + 9, 3 * PAGE_BYTES + 150, 150 * PAGE_BYTES + 5]) {
        const live = sample();
        live[at] ^= 0x10;
        expect(equalsPaged(live, p, pages, [], listed), `at ${at}`).toBe(false);
      }
    });

    test('a change in a page not listed is not looked at', () => {
      const { paged: p, pages } = paged();
      const live = sample();
      live[90 * PAGE_BYTES] = 7;
      expect(equalsPaged(live, p, pages, [], listed)).toBe(true);
      expect(equalsPaged(live, p, pages)).toBe(false);
    });

    test('a masked change in a listed zero run is left out', () => {
      const { paged: p, pages } = paged();
      const live = sample();
      live[40 * PAGE_BYTES + 8] = 1;
      expect(equalsPaged(live, p, pages, [{ from: 40 * PAGE_BYTES + 8, to: 40 * PAGE_BYTES + 12 }], listed)).toBe(true);
      expect(equalsPaged(live, p, pages, [], listed)).toBe(false);
    });
  });

  test('another length differs', () => {
    const { paged: p, pages } = paged();
    expect(equalsPaged(sample().subarray(1), p, pages)).toBe(false);
  });
});

describe('equalsPagedValue between two page stores', () => {
  // The same snapshot paged into a store that already held other pages: other ids for the same content.
  function twoStores(change?: (bytes: Uint8Array) => void) {
    const a = new PageStore();
    const b = new PageStore();
    b.pageBytes(new Uint8Array(3 * PAGE_BYTES).fill(9));
    const other = sample();
    change?.(other);
    const left = { cycle: 0, state: a.pageBytes(sample()), small: new Uint8Array([1, 2]) };
    const right = { cycle: 0, state: b.pageBytes(other), small: new Uint8Array([1, 2]) };
    expect(right.state.pages).not.toEqual(left.state.pages);
    return { left, right, aPages: a.freeze(), bPages: b.freeze() };
  }

  test('equal content under other page ids is equal', () => {
    const { left, right, aPages, bPages } = twoStores();
    expect(equalsPagedValue(left, right, bPages, aPages)).toBe(true);
  });

  test('a byte changed in a stored page, a zero page made non-zero, a stored page zeroed: each differs', () => {
    for (const change of [(b: Uint8Array) => (b[3 * PAGE_BYTES + 150] ^= 1), (b: Uint8Array) => (b[20 * PAGE_BYTES] = 1), (b: Uint8Array) => b.fill(0, 80 * PAGE_BYTES, 81 * PAGE_BYTES)]) {
      const { left, right, aPages, bPages } = twoStores(change);
      expect(equalsPagedValue(left, right, bPages, aPages)).toBe(false);
    }
  });
});

describe('paging with what was written since the snapshot before (PagingHint)', () => {
  function pagedTwice(written: (pages: number) => Uint8Array, change: (bytes: Uint8Array) => void) {
    const store = new PageStore();
    const first = sample();
    const before = pageSnapshot({ state: first } as never, store);
    const now = first.slice();
    change(now);
    const after = pageSnapshot({ state: now } as never, store, { before, written: (key, pages) => (key === 'state' ? written(pages) : undefined) });
    return { before: before.state as PagedBytes, after: after.state as PagedBytes, now, pages: store.freeze() };
  }
  const only = (...list: number[]) => (pages: number) => {
    const marked = new Uint8Array(pages);
    for (const p of list) marked[p] = 1;
    return marked;
  };

  test('the pages written are read again: new content, a page now zero, a zero page now stored', () => {
    const { after, now, pages } = pagedTwice(only(3, 4, 10), (b) => {
      b[3 * PAGE_BYTES + 5] = 0x55;
      b.fill(0, 4 * PAGE_BYTES, 5 * PAGE_BYTES);
      b[10 * PAGE_BYTES] = 1;
    });
    expect(equalsPaged(now, after, pages)).toBe(true);
    expect(after.pages[4]).toBe(after.pages[5]); // both zero now
  });

  test('a written page that holds what it held keeps its id', () => {
    const { before, after } = pagedTwice(only(0, 3, 150), () => {});
    expect([...after.pages]).toEqual([...before.pages]);
  });

  test('a page not written keeps its id unread (so the hint must be right)', () => {
    const { before, after, now, pages } = pagedTwice(only(), (b) => {
      b[3 * PAGE_BYTES + 5] = 0x55;
    });
    expect([...after.pages]).toEqual([...before.pages]);
    expect(equalsPaged(now, after, pages)).toBe(false);
  });

  test('an array of another length is read whole', () => {
    const store = new PageStore();
    const before = pageSnapshot({ state: sample() } as never, store);
    const longer = new Uint8Array(sample().length + PAGE_BYTES);
    longer.set(sample());
    longer[151 * PAGE_BYTES] = 9;
    const after = pageSnapshot({ state: longer } as never, store, { before, written: (_, pages) => new Uint8Array(pages) });
    expect(equalsPaged(longer, after.state as PagedBytes, store.freeze())).toBe(true);
  });
});

describe('withSharedPageIds', () => {
  test('every id array lands in one shared buffer, the ids and the rest unchanged', () => {
    const store = new PageStore();
    const frozen = sample();
    const first = store.pageBytes(frozen);
    const value = { points: [{ cycle: 0, snapshot: { state: first, other: 'x' } }, { cycle: 5, snapshot: { state: store.pageBytes(new Uint8Array(3 * PAGE_BYTES).fill(7)), again: first } }] };
    const idsBefore = value.points.map((p) => [...p.snapshot.state.pages]);
    const lengthBefore = first.length;
    const shared = withSharedPageIds(value);
    const a = shared.points[0]!.snapshot.state, b = shared.points[1]!.snapshot.state;
    expect(a.pages.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(b.pages.buffer).toBe(a.pages.buffer);
    expect([...a.pages]).toEqual(idsBefore[0]);
    expect([...b.pages]).toEqual(idsBefore[1]);
    expect(a.length).toBe(lengthBefore);
    // A PagedBytes met twice is moved once and stays one object; the other fields are as they were.
    expect(shared.points[1]!.snapshot.again).toBe(a);
    expect(a.pages.buffer.byteLength).toBe((idsBefore[0]!.length + idsBefore[1]!.length) * Int32Array.BYTES_PER_ELEMENT);
    expect(shared.points[0]!.snapshot.other).toBe('x');
    expect(shared.points[1]!.cycle).toBe(5);
    // Read back against the live bytes as the original was.
    expect(equalsPaged(frozen, a, store.freeze())).toBe(true);
  });

  test('a frozen page store is shared too', () => {
    const store = new PageStore();
    store.pageBytes(sample());
    expect(store.freeze().data.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
