/**
 * A keyed pseudo-random permutation of [0, N) for any N up to 2^128: a
 * balanced Feistel network over the smallest even power of two that holds N,
 * with cycle walking to stay inside [0, N) (Black and Rogaway 2002). The
 * campaign draws its i-th fault as permutation(i): every injection is a pure
 * function of its index, no two indices get the same fault (sampling without
 * replacement, as the sample-size formula assumes), and any shard or resumed
 * run computes exactly the faults an unsharded run would.
 */
import { splitMix64 } from '../util/prng';

const MASK64 = (1n << 64n) - 1n;
const ROUNDS = 6;

export class IndexPermutation {
  private readonly half: bigint;
  private readonly mask: bigint;
  private readonly keys: bigint[];

  /** `key` is any 64-bit value (from the campaign seed); `size` is N. */
  constructor(readonly size: bigint, key: bigint) {
    if (size < 1n) throw new RangeError(`a permutation needs a non-empty domain (got ${size})`);
    if (size > 1n << 128n) throw new RangeError(`domain ${size} exceeds 2^128`);
    const bits = Math.max(2, bitLength(size - 1n));
    this.half = BigInt(Math.ceil(bits / 2));
    this.mask = (1n << this.half) - 1n;
    this.keys = [];
    let state = key & MASK64;
    for (let r = 0; r < ROUNDS; r++) {
      const [out, next] = splitMix64(state);
      this.keys.push(out);
      state = next;
    }
  }

  /** The image of i, for 0 <= i < size. */
  at(i: bigint): bigint {
    if (i < 0n || i >= this.size) throw new RangeError(`index ${i} outside [0, ${this.size})`);
    let x = this.encrypt(i);
    while (x >= this.size) x = this.encrypt(x);
    return x;
  }

  private encrypt(x: bigint): bigint {
    let left = x >> this.half;
    let right = x & this.mask;
    for (const key of this.keys) [left, right] = [right, left ^ this.round(key, right)];
    return (left << this.half) | right;
  }

  /** The round function: SplitMix64 of key and input, as many 64-bit words as the half needs. */
  private round(key: bigint, value: bigint): bigint {
    let out = 0n;
    let state = (key ^ (value & MASK64) ^ ((value >> 64n) * 0x9e3779b97f4a7c15n)) & MASK64;
    for (let have = 0n; have < this.half; have += 64n) {
      const [word, next] = splitMix64(state);
      out |= word << have;
      state = next;
    }
    return out & this.mask;
  }
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}
