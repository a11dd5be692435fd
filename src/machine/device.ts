/**
 * What a chassis holds besides its cores' registers — memory, the ECC of its
 * DIMMs, next its disks — as the engine sees it: devices behind one interface.
 * A device keeps its own state in its own snapshot slot, says what changed
 * while a repair copies it (brownout, blackout), digests and copies a
 * chassis' contents for a resync, and takes the faults aimed at it. It never
 * decides anything about the machine: it reports evidence (an event, an error
 * against a chassis, a part that failed) and the engine applies its policy.
 */
import type { Hash } from 'node:crypto';
import type { Fault } from '../faults/fault';
import type { MachineEvent } from './events';

export interface ChassisDevice<Saved = unknown, Copy = unknown> {
  /** Its slot in a snapshot. */
  readonly name: string;
  /**
   * Its whole state (every chassis' copy) as plain, structured-cloneable data.
   * borrow: its byte arrays may be views of the machine's own memory, valid
   * until the machine runs or changes again (for a caller that copies what it
   * keeps at once).
   */
  save(borrow?: boolean): Saved;
  /** Its state from a snapshot; `held`: the pages of its byte arrays the machine holds already, which it may skip. */
  restore(saved: Saved, held?: HeldPages): void;
  /**
   * Chassis c's contents for a resync, all of them or only the units given
   * (frames, blocks), as plain data that can cross to another thread.
   */
  copyOut(chassis: number, units?: readonly number[]): Copy;
  /** Make chassis c's contents those of a copy another chassis gave out. */
  copyIn(chassis: number, copy: Copy): void;
  /** Units written since tracking began (what a blackout must copy again). */
  changedUnits(): number[];
  /** Start (clearing what was recorded) or stop recording what is written. */
  trackChanges(on: boolean): void;
  /** Fold chassis c's contents into a digest: a resync is checked by it. */
  digest(chassis: number, hash: Hash): void;
  /** Chassis c came back from a repair with new parts: faults that lived in the old ones are gone. */
  repaired(chassis: number): void;
  /** The fault targets it takes, and taking one. */
  readonly faultTargets: readonly Fault['target'][];
  inject(fault: Fault): void;
}

/**
 * The 4 KiB pages of a snapshot's byte arrays that the live machine already
 * holds, by the array's key in its slot ('chassis/0', 'check/1'): one byte
 * per page, 1 = held. A campaign that goes back to a snapshot after a run
 * that ended equal to another snapshot knows them (the pages the two share),
 * and a restore then writes only the others. undefined: write it all.
 */
export type HeldPages = (key: string) => Uint8Array | undefined;

/** Held pages of a restore that writes everything, yet, like any restore given `held`, keeps the code it does not change. */
export const NOTHING_HELD: HeldPages = () => undefined;

/** Where devices send what they found; the engine decides what follows. */
export interface DeviceEvidence {
  /** Record an event on the machine's timeline. */
  report(event: Omit<MachineEvent, 'cycle'>): void;
  /** Hardware error evidence against a chassis (an uncorrectable word it read), for the next verdict. */
  suspect(chassis: number): void;
  /**
   * A part of chassis c failed and it cannot go on: the engine takes it
   * offline, or stops the machine with `lastWords` when it was the last one.
   */
  failed(chassis: number, reason: string, detail: Record<string, unknown>, lastWords: string): void;
  isOnline(chassis: number): boolean;
  /** Whether another chassis would carry on without c (a predictive offline pays only then). */
  othersCarryOn(chassis: number): boolean;
  /** The machine has ended: nothing more to do. */
  readonly ended: boolean;
  readonly onlineChassis: readonly number[];
}

/** Calls write(from, to) for each run of pages of a `length`-byte array not held (all of it when nothing is). */
export function forEachUnheldRun(length: number, held: Uint8Array | undefined, write: (from: number, to: number) => void): void {
  if (!held) {
    if (length > 0) write(0, length);
    return;
  }
  const pages = Math.ceil(length / HELD_PAGE_BYTES);
  for (let p = 0; p < pages; ) {
    if (held[p]) { p++; continue; }
    let end = p + 1;
    while (end < pages && !held[end]) end++;
    write(p * HELD_PAGE_BYTES, Math.min(end * HELD_PAGE_BYTES, length));
    p = end;
  }
}

/** The page size of HeldPages. */
export const HELD_PAGE_BYTES = 4096;
