/**
 * Chassis memory as the host manages it: a frame allocator over the physical
 * pages every chassis has at the same offsets, the page table the core walks,
 * and the GuestMemory view the loader and the Linux layer use. Writes go to
 * every online chassis; reads come from one and are checked against the
 * others, so a chassis whose memory has drifted is caught at the I/O boundary.
 */
import type { Hash } from 'node:crypto';
import { GuestFault, GuestOutOfMemory, PAGE_SIZE, PAGE_MASK, type GuestMemory, type PageAccess } from './guest-memory';
import type { Core } from '../core/core';
import { forEachUnheldRun, type ChassisDevice, type HeldPages } from './device';

/** What a fresh frame holds (never written: one page of zeros for every frame mapped, not one each). */
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/**
 * What the memory system's ECC needs to know about the host's own accesses:
 * frames it must route through the decoder, and machine checks it raises.
 */
export interface EccHooks {
  /** The frame was (re)mapped and zeroed: fresh check bits, and the PTE's slow bits for it. */
  frameZeroed(frame: number): void;
  /** PTE bits to OR into a new mapping of this frame (PTE_ECC_SLOW << chassis). */
  pteBits(frame: number): number;
  /** Before the host reads or partly writes [phys, phys+len) of chassis c: decode and correct. */
  beforeAccess(chassis: number, phys: number, length: number): void;
  /** After the host wrote [phys, phys+len) of chassis c: re-encode the words. */
  afterWrite(chassis: number, phys: number, length: number): void;
  /**
   * A host write met an uncorrectable word it had to merge into: that chassis
   * takes a machine check. The write goes on in the others, since what was
   * read from the outside world (stdin) cannot be read again.
   */
  writeFailed(chassis: number, phys: number): void;
}

/** An uncorrectable memory error met by a host access (a system call's buffer). */
export class MachineCheck extends Error {
  constructor(readonly chassis: number, readonly physical: number) {
    super(`uncorrectable memory error in chassis ${chassis} at physical 0x${physical.toString(16)}`);
    this.name = 'MachineCheck';
  }
}

/** Chassis memories disagree on bytes a system call reads (the voter must act). */
export class MemoryDisagreement extends Error {
  constructor(readonly address: number, readonly length: number, readonly copies: Uint8Array[], readonly chassis: number[]) {
    super(`chassis memories disagree at 0x${address.toString(16)} (+${length})`);
    this.name = 'MemoryDisagreement';
  }
}

export interface AllocatorState {
  readonly nextFrame: number;
  readonly freeFrames: readonly number[];
}

/** The memory device's snapshot slot: the allocator and each chassis' frames up to the high-water mark. */
export interface MemoryState {
  readonly allocator: AllocatorState;
  readonly chassis: Uint8Array[];
}

/**
 * Some frames of one chassis (all in use when the copy was asked for all),
 * one after another, and the allocator that says which frames are in use: a
 * chassis on its own thread keeps its own, and takes the source's with the copy.
 */
export interface FrameCopy {
  readonly frames: readonly number[];
  readonly bytes: Uint8Array;
  readonly allocator: AllocatorState;
}

/** What a machine wrote since it was told to forget (PhysicalMemory.forgetWrites). */
export interface WrittenSince {
  /** Frames written, ascending, among the first `frameCount` (those below the high-water mark). */
  readonly frames: readonly number[];
  readonly frameCount: number;
  /** Pages of the page table written (page p holds the entries of virtual addresses [p << 22, (p + 1) << 22)). */
  readonly pageTablePages: ReadonlySet<number>;
  /** Where the page table is in the snapshot's state block: its first byte and its page count. */
  readonly pageTable: { readonly offset: number; readonly pages: number };
}

/** Page-table entries in a 4 KiB page of the table. */
const PTES_PER_PAGE = 1024;

export class PhysicalMemory implements GuestMemory, ChassisDevice<MemoryState, FrameCopy> {
  readonly name = 'memory';
  /** Memory faults are flips in the DIMMs' 72-bit words: the ECC device takes them. */
  readonly faultTargets = [] as const;
  private readonly frames: number;
  private nextFrame = 1; // frame 0 is never handed out, so a zero PTE is always "unmapped"
  /**
   * No host write has reached a frame from here on that was not handed out
   * when it came: the ones of those never handed out hold zeros (the memory
   * starts zeroed, and a restore zeroes the frames past its allocator's).
   */
  private untouchedFrom = 0;
  private readonly freeFrames: number[] = [];
  /** Chassis whose memory is live (kept in step with the core's online mask by the machine). */
  onlineChassis: number[];
  /** Frames the host wrote since forgetWrites() behind the dirty map's back (faults and copies: guest writes are in the map). */
  private readonly hostWritten = new Set<number>();
  /** Pages of the page table (4 KiB of entries each) written since forgetWrites(): only the host writes it. */
  private readonly pageTableWritten = new Set<number>();
  /** Dirty-map clears so far (a resync starts with one): what the map held before is gone. */
  private mapClears = 0;
  /**
   * mapClears at the last forgetWrites(), or -1. A machine as built records
   * from the start, as if it had just forgotten: its memory and page table
   * hold zeros (a fresh core's) but for what it wrote since.
   */
  private forgotAt = 0;
  /** ECC: set by the machine once its memory system exists. */
  ecc: EccHooks | undefined;
  /**
   * Which virtual page maps each frame (-1: none), so frame state can reach
   * the PTE. After a restore it is rebuilt from the page table when first
   * needed (pageOfFrame): the scan visits a million entries, about 3 ms, and
   * most restored runs (a campaign's) never ask.
   */
  private readonly reverseMap: Int32Array;
  private reverseMapStale = false;

  constructor(private readonly core: Core, readonly chassisCount: number, readonly bytesPerChassis: number) {
    this.frames = Math.floor(bytesPerChassis / PAGE_SIZE);
    this.onlineChassis = [...Array(chassisCount).keys()];
    this.reverseMap = new Int32Array(this.frames).fill(-1);
  }

  private get pageOfFrame(): Int32Array {
    if (this.reverseMapStale) {
      this.reverseMapStale = false;
      this.reverseMap.fill(-1);
      const { PAGE_TABLE_BASE, PTE_FRAME_MASK, PTE_PRESENT, PTE_NO_ACCESS } = this.core.layout;
      const table = new Uint32Array(this.core.u8.buffer, PAGE_TABLE_BASE, 1 << 20);
      const holdsFrame = PTE_PRESENT | PTE_NO_ACCESS; // hasFrame, hoisted: this loop visits a million entries
      for (let page = 0; page < table.length; page++) {
        const e = table[page];
        if (e & holdsFrame) this.reverseMap[(e & PTE_FRAME_MASK) >>> 12] = page;
      }
    }
    return this.reverseMap;
  }

  /** The virtual address mapping a frame, if any. */
  pageMapping(frame: number): number | undefined {
    const page = this.pageOfFrame[frame];
    return page < 0 ? undefined : page * PAGE_SIZE;
  }

  /** OR or clear bits in the PTE that maps a frame (ECC slow bits). */
  updatePteBits(frame: number, set: number, clear: number): void {
    const va = this.pageMapping(frame);
    if (va === undefined) return;
    this.setPte(va, ((this.pte(va) & ~clear) | set) >>> 0);
    this.core.exports.flushTranslations();
  }

  /** The allocator's bookkeeping, for a snapshot. */
  saveAllocator(): AllocatorState {
    return { nextFrame: this.nextFrame, freeFrames: [...this.freeFrames] };
  }

  restoreAllocator(state: AllocatorState): void {
    this.nextFrame = state.nextFrame;
    this.freeFrames.length = 0;
    this.freeFrames.push(...state.freeFrames);
    // The page table was restored with it: the reverse map follows when asked for.
    this.reverseMapStale = true;
  }

  get framesInUse(): number { return this.nextFrame - 1 - this.freeFrames.length; }
  /** Physical bytes below the highest frame ever handed out (what a resync must copy at most). */
  get highWaterBytes(): number { return this.nextFrame * PAGE_SIZE; }

  private pteAddress(va: number): number { return this.core.layout.PAGE_TABLE_BASE + (va >>> 12) * 4; }
  pte(va: number): number { return this.core.u32(this.pteAddress(va)); }
  private setPte(va: number, value: number): void {
    this.core.setU32(this.pteAddress(va), value);
    if (this.forgotAt >= 0) this.pageTableWritten.add(Math.floor((va >>> 12) / PTES_PER_PAGE));
  }

  /** Host address of physical offset `phys` in chassis c. */
  hostAddress(chassis: number, phys: number): number {
    return this.core.layout.CHASSIS_MEM_BASE + chassis * this.bytesPerChassis + phys;
  }

  private allocateFrame(): number {
    const reused = this.freeFrames.pop();
    if (reused !== undefined) return reused;
    if (this.nextFrame >= this.frames) throw new GuestOutOfMemory(PAGE_SIZE);
    return this.nextFrame++;
  }

  /**
   * The frame zeroed in every chassis, as a host write. One that holds zeros
   * already (zeroAlready: never handed out, nothing wrote it) is not written:
   * that would make the host commit memory the guest may never touch (most
   * of the 8 MiB stack every process starts with, in every chassis: 60 ms of
   * a pair-spare start). Nor is it recorded as written, since nothing
   * changed: a golden snapshot does not read it (and fault the host's pages
   * in) to find it zero, and a resync need not copy it (it holds zeros in
   * every chassis).
   */
  private zeroFrame(frame: number, zeroAlready: boolean): void {
    if (zeroAlready) return;
    for (let c = 0; c < this.chassisCount; c++) this.writePhysical(c, frame * PAGE_SIZE, ZERO_PAGE, 'guest');
  }

  map(va: number, length: number, access: PageAccess): void {
    checkAligned(va, length);
    const pages = length / PAGE_SIZE;
    const fresh = pages - this.countMapped(va, pages);
    if (this.framesInUse + fresh > this.frames - 1) throw new GuestOutOfMemory(length);
    const { PTE_FRAME_MASK } = this.core.layout;
    for (let i = 0; i < pages; i++) {
      const page = (va + i * PAGE_SIZE) >>> 0;
      const old = this.pte(page);
      const fresh = this.nextFrame;
      const frame = this.hasFrame(old) ? (old & PTE_FRAME_MASK) >>> 12 : this.allocateFrame();
      // Handed out for the first time, no host write and no ECC state reached it: zeros in every chassis.
      this.zeroFrame(frame, frame >= fresh && frame >= this.untouchedFrom && (this.ecc?.pteBits(frame) ?? 0) === 0);
      this.ecc?.frameZeroed(frame);
      this.pageOfFrame[frame] = page / PAGE_SIZE;
      this.setPte(page, ((frame << 12) | this.accessBits(access) | (this.ecc?.pteBits(frame) ?? 0)) >>> 0);
    }
    this.core.exports.flushTranslations();
  }

  private countMapped(va: number, pages: number): number {
    let n = 0;
    for (let i = 0; i < pages; i++) if (this.hasFrame(this.pte((va + i * PAGE_SIZE) >>> 0))) n++;
    return n;
  }

  unmap(va: number, length: number): void {
    checkAligned(va, length);
    const { PTE_FRAME_MASK } = this.core.layout;
    for (let i = 0; i < length / PAGE_SIZE; i++) {
      const page = (va + i * PAGE_SIZE) >>> 0;
      const old = this.pte(page);
      if (!this.hasFrame(old)) continue;
      this.freeFrames.push((old & PTE_FRAME_MASK) >>> 12);
      this.pageOfFrame[(old & PTE_FRAME_MASK) >>> 12] = -1;
      this.setPte(page, 0);
    }
    this.core.exports.flushTranslations();
  }

  protect(va: number, length: number, access: PageAccess): void {
    checkAligned(va, length);
    const { PTE_PRESENT, PTE_WRITABLE, PTE_NO_ACCESS } = this.core.layout;
    for (let i = 0; i < length / PAGE_SIZE; i++) {
      const page = (va + i * PAGE_SIZE) >>> 0;
      const old = this.pte(page);
      if (!this.hasFrame(old)) continue;
      this.setPte(page, ((old & ~(PTE_PRESENT | PTE_WRITABLE | PTE_NO_ACCESS)) | this.accessBits(access)) >>> 0);
    }
    this.core.exports.flushTranslations();
  }

  /** A page-table entry that holds a frame: a present page, or a PROT_NONE one. */
  private hasFrame(pte: number): boolean {
    return (pte & (this.core.layout.PTE_PRESENT | this.core.layout.PTE_NO_ACCESS)) !== 0;
  }

  private accessBits(access: PageAccess): number {
    const { PTE_PRESENT, PTE_WRITABLE, PTE_NO_ACCESS } = this.core.layout;
    return access === 'none' ? PTE_NO_ACCESS : access === 'read' ? PTE_PRESENT : PTE_PRESENT | PTE_WRITABLE;
  }

  isMapped(va: number): boolean { return this.hasFrame(this.pte(va >>> 0)); }
  isAccessible(va: number): boolean { return (this.pte(va >>> 0) & this.core.layout.PTE_PRESENT) !== 0; }

  /** Physical offset of a mapped guest address, or throws GuestFault. */
  physical(va: number): number {
    const e = this.pte(va >>> 0);
    if (!(e & this.core.layout.PTE_PRESENT)) throw new GuestFault(va >>> 0);
    return ((e & this.core.layout.PTE_FRAME_MASK) >>> 0) + (va & PAGE_MASK);
  }

  /** Bytes of guest memory as chassis c holds them. */
  readChassis(chassis: number, va: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const addr = (va + done) >>> 0;
      const chunk = Math.min(length - done, PAGE_SIZE - (addr & PAGE_MASK));
      const phys = this.physical(addr);
      this.ecc?.beforeAccess(chassis, phys, chunk);
      const at = this.hostAddress(chassis, phys);
      out.set(this.core.u8.subarray(at, at + chunk), done);
      done += chunk;
    }
    return out;
  }

  /** A voted read: every online chassis must hold the same bytes. */
  read(va: number, length: number): Uint8Array {
    const [first, ...others] = this.onlineChassis;
    const bytes = this.readChassis(first, va, length);
    for (const c of others) {
      const copy = this.readChassis(c, va, length);
      if (!sameBytes(bytes, copy)) {
        const copies = this.onlineChassis.map((k) => (k === first ? bytes : this.readChassis(k, va, length)));
        throw new MemoryDisagreement(va >>> 0, length, copies, [...this.onlineChassis]);
      }
    }
    return bytes;
  }

  write(va: number, data: Uint8Array): void {
    // Translate every page first, so an unmapped page leaves memory untouched.
    for (let done = 0; done < data.length; ) {
      const addr = (va + done) >>> 0;
      this.physical(addr);
      done += Math.min(data.length - done, PAGE_SIZE - (addr & PAGE_MASK));
    }
    for (let done = 0; done < data.length; ) {
      const addr = (va + done) >>> 0;
      const chunk = Math.min(data.length - done, PAGE_SIZE - (addr & PAGE_MASK));
      const phys = this.physical(addr);
      for (const c of [...this.onlineChassis]) {
        try {
          this.ecc?.beforeAccess(c, phys, chunk);
        } catch (error) {
          if (!(error instanceof MachineCheck)) throw error;
          this.ecc!.writeFailed(c, error.physical);
          continue;
        }
        this.writePhysical(c, phys, data.subarray(done, done + chunk), 'guest');
      }
      done += chunk;
    }
  }

  /**
   * The one way the host writes chassis memory, whoever writes:
   *  - guest: what the program sees written alike in every chassis (system-call
   *    results, fresh frames): the ECC check bits follow the data, and the
   *    frame is marked in the dirty map, as the core's stores mark it;
   *  - fault: an injected flip, in one chassis only, behind the check bits'
   *    back; never marked dirty (the map must stay the same in every chassis);
   *  - copy: a resync's or a restore's copy, which brings its own check bits
   *    and must not mark what it copies as written again.
   * Faults and copies are recorded apart for a campaign's next restore
   * (forgetWrites). Every write drops the frames' decoded and compiled code.
   * The core's own stores take the same steps inside it (asm/memory/mmu.ts).
   */
  writePhysical(chassis: number, phys: number, bytes: Uint8Array, why: 'guest' | 'fault' | 'copy'): void {
    this.core.u8.set(bytes, this.hostAddress(chassis, phys));
    this.noteWritten(chassis, phys, bytes.length, why);
  }

  /** What follows a host write of length bytes at phys: check bits, the dirty map or the host's own record, the core's code. */
  private noteWritten(chassis: number, phys: number, length: number, why: 'guest' | 'fault' | 'copy'): void {
    const first = Math.floor(phys / PAGE_SIZE);
    const last = Math.floor((phys + Math.max(length, 1) - 1) / PAGE_SIZE);
    // A fault at a physical address may reach a frame never handed out.
    if (last >= this.nextFrame) this.untouchedFrom = Math.max(this.untouchedFrom, last + 1);
    if (why === 'guest') {
      this.ecc?.afterWrite(chassis, phys, length);
      this.dirtyMap.fill(1, first, last + 1);
    } else if (this.forgotAt >= 0) {
      for (let f = first; f <= last; f++) this.hostWritten.add(f);
    }
    this.core.noteGuestWrite(phys, length);
  }

  // ---- The memory device ---------------------------------------------------------

  save(borrow = false): MemoryState {
    const high = this.highWaterBytes;
    const bytes = (from: number, to: number): Uint8Array => (borrow ? this.core.u8.subarray(from, to) : this.core.u8.slice(from, to));
    return {
      allocator: this.saveAllocator(),
      chassis: Array.from({ length: this.chassisCount }, (_, c) => bytes(this.hostAddress(c, 0), this.hostAddress(c, high))),
    };
  }

  /** Frames past the restored high-water mark are zeroed (they were handed out after the snapshot). */
  restore(saved: MemoryState, held?: HeldPages): void {
    // A restore writes what nothing records (the state block, check bytes): the record ends until forgetWrites().
    this.forgotAt = -1;
    const high = Math.max(this.highWaterBytes, saved.chassis[0]?.length ?? 0);
    saved.chassis.forEach((bytes, c) => {
      forEachUnheldRun(bytes.length, held?.(`chassis/${c}`), (from, to) => this.writePhysical(c, from, bytes.subarray(from, to), 'copy'));
      this.core.u8.fill(0, this.hostAddress(c, bytes.length), this.hostAddress(c, high));
    });
    this.restoreAllocator(saved.allocator);
  }

  copyOut(chassis: number, frames?: readonly number[]): FrameCopy {
    const list = frames ?? Array.from({ length: this.highWaterBytes / PAGE_SIZE }, (_, f) => f);
    const bytes = new Uint8Array(list.length * PAGE_SIZE);
    list.forEach((f, i) => bytes.set(this.core.u8.subarray(this.hostAddress(chassis, f * PAGE_SIZE), this.hostAddress(chassis, (f + 1) * PAGE_SIZE)), i * PAGE_SIZE));
    return { frames: [...list], bytes, allocator: this.saveAllocator() };
  }

  copyIn(chassis: number, copy: FrameCopy): void {
    copy.frames.forEach((f, i) => this.writePhysical(chassis, f * PAGE_SIZE, copy.bytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), 'copy'));
    // Chassis in one machine share the allocator already; a restore would only cost a page-table scan.
    const mine = this.saveAllocator();
    if (mine.nextFrame !== copy.allocator.nextFrame || mine.freeFrames.join() !== copy.allocator.freeFrames.join()) this.restoreAllocator(copy.allocator);
  }

  /** The dirty map: the core marks frames its stores write, the host those it writes. */
  private get dirtyMap(): Uint8Array {
    const { DIRTY_BASE, DIRTY_SIZE } = this.core.layout;
    return this.core.u8.subarray(DIRTY_BASE, DIRTY_BASE + DIRTY_SIZE);
  }

  trackChanges(on: boolean): void {
    const { CONTROL_BASE, C_TRACK_DIRTY } = this.core.layout;
    if (on) {
      this.dirtyMap.fill(0);
      this.mapClears++;
    }
    this.core.setU32(CONTROL_BASE + C_TRACK_DIRTY, on ? 1 : 0);
  }

  /**
   * Start recording which frames are written, in any chassis: the dirty map
   * (every store of the core marks it) is cleared and the host's own writes
   * are noted. A campaign calls this after a restore, so that the next
   * restore writes only those frames and the ones two snapshots do not
   * share. False, and nothing recorded, while a resync tracks writes (the
   * map is state then, not to be cleared).
   */
  forgetWrites(): boolean {
    const { CONTROL_BASE, C_TRACK_DIRTY } = this.core.layout;
    this.hostWritten.clear();
    this.pageTableWritten.clear();
    if (this.core.u32(CONTROL_BASE + C_TRACK_DIRTY) !== 0) {
      this.forgotAt = -1;
      return false;
    }
    this.dirtyMap.fill(0);
    this.forgotAt = this.mapClears;
    return true;
  }

  /**
   * What was written since forgetWrites(): frames below the high-water mark
   * (in some chassis, data or check bytes) and pages of the page table;
   * undefined when that is not known (a restore since, or a resync cleared
   * the dirty map). A machine never restored nor forgotten tells what it
   * wrote since it was built.
   */
  writtenSinceForget(): WrittenSince | undefined {
    const { CONTROL_BASE, C_TRACK_DIRTY } = this.core.layout;
    if (this.forgotAt < 0 || this.forgotAt !== this.mapClears || this.core.u32(CONTROL_BASE + C_TRACK_DIRTY) !== 0) return undefined;
    const count = this.highWaterBytes / PAGE_SIZE;
    const map = this.dirtyMap.subarray(0, count);
    const written = new Set<number>();
    for (let f = map.indexOf(1); f >= 0; f = map.indexOf(1, f + 1)) written.add(f);
    for (const f of this.hostWritten) if (f < count) written.add(f);
    const { LAYOUT_BASE, PAGE_TABLE_BASE, PAGE_TABLE_SIZE } = this.core.layout;
    return {
      frames: [...written].sort((a, b) => a - b),
      frameCount: count,
      pageTablePages: new Set(this.pageTableWritten),
      pageTable: { offset: PAGE_TABLE_BASE - LAYOUT_BASE, pages: PAGE_TABLE_SIZE / PAGE_SIZE },
    };
  }

  changedUnits(): number[] {
    const dirty = this.dirtyMap;
    const frames: number[] = [];
    for (let f = 0; f < this.highWaterBytes / PAGE_SIZE; f++) if (dirty[f]) frames.push(f);
    return frames;
  }

  /** Forget that a frame was written (a resync just copied it). */
  clearChanged(frame: number): void {
    this.dirtyMap[frame] = 0;
  }

  digest(chassis: number, hash: Hash): void {
    hash.update(this.core.u8.subarray(this.hostAddress(chassis, 0), this.hostAddress(chassis, this.highWaterBytes)));
  }

  repaired(): void {}

  inject(): void {
    throw new Error('memory faults go to the ECC device');
  }
}

function checkAligned(va: number, length: number): void {
  if ((va & PAGE_MASK) !== 0 || length % PAGE_SIZE !== 0) {
    throw new Error(`unaligned page range 0x${(va >>> 0).toString(16)} +${length}`);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
