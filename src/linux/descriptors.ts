/**
 * struct user_desc, the form set_thread_area and modify_ldt take a segment
 * in, and the 8-byte descriptor the kernel builds from it (fill_ldt in
 * arch/x86/include/asm/desc.h), which the core's GDT and LDT hold as the CPU
 * reads them.
 */
import { StructBuilder } from './guest-access';

/** struct user_desc (16 bytes): entry_number, base_addr, limit, then a word of bit-fields. */
export interface UserDesc {
  readonly entryNumber: number;
  readonly base: number;
  readonly limit: number;
  readonly seg32bit: boolean;
  readonly contents: number;
  readonly readExecOnly: boolean;
  readonly limitInPages: boolean;
  readonly segNotPresent: boolean;
  readonly useable: boolean;
}

/** A raw segment descriptor: its low and high 32-bit words. */
export interface SegmentDescriptor {
  readonly low: number;
  readonly high: number;
}

export const NULL_DESCRIPTOR: SegmentDescriptor = { low: 0, high: 0 };

export function decodeUserDesc(view: DataView): UserDesc {
  const bits = view.getUint32(12, true);
  return {
    entryNumber: view.getUint32(0, true),
    base: view.getUint32(4, true),
    limit: view.getUint32(8, true),
    seg32bit: (bits & 1) !== 0,
    contents: (bits >>> 1) & 3,
    readExecOnly: (bits & 8) !== 0,
    limitInPages: (bits & 16) !== 0,
    segNotPresent: (bits & 32) !== 0,
    useable: (bits & 64) !== 0,
  };
}

export function encodeUserDesc(d: UserDesc): Uint8Array {
  const bits = (d.seg32bit ? 1 : 0) | (d.contents << 1) | (d.readExecOnly ? 8 : 0)
    | (d.limitInPages ? 16 : 0) | (d.segNotPresent ? 32 : 0) | (d.useable ? 64 : 0);
  return new StructBuilder(16).u32(0, d.entryNumber).u32(4, d.base).u32(8, d.limit).u32(12, bits).bytes;
}

/** LDT_empty: the documented way to ask for "no segment". */
export function isEmptyUserDesc(d: UserDesc): boolean {
  return d.base === 0 && d.limit === 0 && d.contents === 0 && d.readExecOnly && !d.seg32bit
    && !d.limitInPages && d.segNotPresent && !d.useable;
}

/**
 * fill_ldt: a present-or-not code/data segment of DPL 3 with the accessed bit
 * already set (the kernel maps the tables read-only, so the CPU never writes
 * it); the limit keeps its low 20 bits.
 */
export function fillDescriptor(d: Omit<UserDesc, 'entryNumber'>): SegmentDescriptor {
  const type = ((d.readExecOnly ? 0 : 1) << 1) | (d.contents << 2) | 1;
  const low = ((d.base & 0xffff) << 16) | (d.limit & 0xffff);
  const high = ((d.base >>> 16) & 0xff) | (type << 8) | (1 << 12) | (3 << 13) | ((d.segNotPresent ? 0 : 1) << 15)
    | (d.limit & 0xf0000) | ((d.useable ? 1 : 0) << 20) | ((d.seg32bit ? 1 : 0) << 22) | ((d.limitInPages ? 1 : 0) << 23)
    | (d.base & 0xff000000);
  return { low: low >>> 0, high: high >>> 0 };
}

/** The base, 20-bit limit and granularity a descriptor holds (what a test or a snapshot reads back). */
export function descriptorFields(d: SegmentDescriptor): { base: number; limit: number; limitInPages: boolean } {
  return {
    base: ((d.low >>> 16) | ((d.high & 0xff) << 16) | (d.high & 0xff000000)) >>> 0,
    limit: (d.low & 0xffff) | (d.high & 0xf0000),
    limitInPages: (d.high & 0x800000) !== 0,
  };
}
