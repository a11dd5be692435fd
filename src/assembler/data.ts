/**
 * db/dw/dd/dq items: numbers and addresses of the directive's width,
 * strings padded to a multiple of it, floats for dd/dq, `?` as zero.
 */
import type { Value } from './expression';
import type { DataItem } from './parser';

export interface DataOutput {
  readonly bytes: number[];
  readonly errors: { col: number; message: string }[];
  readonly warnings: { col: number; message: string }[];
}

/** Bytes the items take: known without evaluating anything. */
export function dataSize(width: number, items: readonly DataItem[]): number {
  let size = 0;
  for (const item of items) {
    if (item.kind === 'string') size += Math.ceil(item.bytes.length / width) * width;
    else size += width;
  }
  return size;
}

const WIDTH_NAME: Readonly<Record<number, string>> = { 1: 'byte', 2: 'word', 4: 'dword', 8: 'qword' };

/**
 * Encode the items; `resolve` turns each value into a number (throwing for
 * undefined symbols), `evaluate` evaluates an item's expression.
 */
export function encodeData(
  width: 1 | 2 | 4 | 8,
  items: readonly DataItem[],
  evaluateItem: (item: Extract<DataItem, { kind: 'expr' }>) => Value,
  resolve: (v: Value, col: number) => bigint,
): DataOutput {
  const bytes: number[] = [];
  const errors: { col: number; message: string }[] = [];
  const warnings: { col: number; message: string }[] = [];
  const pushInt = (n: bigint): void => {
    let v = BigInt.asUintN(width * 8, n);
    for (let k = 0; k < width; k++) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
  };
  for (const item of items) {
    switch (item.kind) {
      case 'string': {
        bytes.push(...item.bytes);
        const pad = (width - (item.bytes.length % width)) % width;
        for (let k = 0; k < pad; k++) bytes.push(0);
        break;
      }
      case 'uninit':
        pushInt(0n);
        break;
      case 'float': {
        if (width !== 4 && width !== 8) {
          errors.push({ col: item.col, message: `floating-point constants need dd or dq, not a ${WIDTH_NAME[width]}` });
          pushInt(0n);
          break;
        }
        const buf = new DataView(new ArrayBuffer(width));
        if (width === 4) buf.setFloat32(0, item.value, true);
        else buf.setFloat64(0, item.value, true);
        for (let k = 0; k < width; k++) bytes.push(buf.getUint8(k));
        break;
      }
      case 'expr': {
        try {
          const v = evaluateItem(item);
          const n = resolve(v, item.col);
          if (width < 8) {
            const bits = BigInt(width * 8);
            if (n < -(1n << (bits - 1n)) || n > (1n << bits) - 1n) {
              // An address that does not fit is an error (ld: "relocation truncated to fit"); a number, a warning.
              if (v.rel.size > 0) errors.push({ col: item.col, message: `address 0x${n.toString(16)} does not fit in a ${WIDTH_NAME[width]}` });
              else warnings.push({ col: item.col, message: `${WIDTH_NAME[width]} data exceeds bounds` });
            }
          }
          pushInt(n);
        } catch (e) {
          if (e instanceof Error && 'col' in e) {
            errors.push({ col: (e as Error & { col: number }).col, message: e.message });
            pushInt(0n);
          } else {
            throw e;
          }
        }
        break;
      }
    }
  }
  return { bytes, errors, warnings };
}
