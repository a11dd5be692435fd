/**
 * db/dw/dd/dq items: numbers and addresses of the directive's width,
 * strings padded to a multiple of it, floats for dd/dq, `?` as zero.
 */
import type { Value } from './expression';
import { floatBytes, isPackedBcd, packedBcdBytes } from './floats';
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

const WIDTH_NAME: Readonly<Record<number, string>> = { 1: 'byte', 2: 'word', 4: 'dword', 8: 'qword', 10: 'tword', 16: 'oword', 32: 'yword', 64: 'zword' };

/**
 * Encode the items; `resolve` turns each value into a number (throwing for
 * undefined symbols), `evaluate` evaluates an item's expression.
 */
export function encodeData(
  width: number,
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
        // Packed BCD only in dt; floats in dw (half), dd, dq, dt (x87 extended), do (quad).
        const out = width === 10 && isPackedBcd(item.text) ? packedBcdBytes(item.text, item.negative) : isPackedBcd(item.text) ? null : floatBytes(item.text, item.negative, width);
        if (out === null) {
          errors.push({ col: item.col, message: isPackedBcd(item.text) ? 'packed BCD constants need dt' : `floating-point constants need dw, dd, dq, dt or do, not ${WIDTH_NAME[width] ?? `${width}-byte data`}` });
          pushInt(0n);
          break;
        }
        bytes.push(...out);
        break;
      }
      case 'expr': {
        if (width > 8) {
          // as NASM: wider data than a qword takes floats only
          errors.push({ col: item.col, message: `integer supplied as ${width * 8}-bit data` });
          pushInt(0n);
          break;
        }
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
