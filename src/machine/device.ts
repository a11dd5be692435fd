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
  restore(saved: Saved): void;
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
