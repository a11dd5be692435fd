/**
 * The seeded pseudo-random generator behind every "random" thing the guest or a
 * fault campaign sees (AT_RANDOM, getrandom, fault schedules). Runs must repeat
 * exactly from a seed on any host, so the algorithms are fixed and public:
 *
 * - the seed (an unsigned 64-bit integer) is expanded by SplitMix64 (Steele,
 *   Lea, Flood 2014), the reference seeder for the xoshiro family;
 * - the stream itself is xoshiro128** 1.1 (Blackman & Vigna 2018), whose 32-bit
 *   state and operations map onto plain JavaScript numbers without BigInt.
 *
 * State: s0 = low 32 bits of the first SplitMix64 output, s1 = its high 32 bits,
 * s2/s3 = low/high of the second. Byte streams take each 32-bit output
 * little-endian first.
 */

const MASK64 = (1n << 64n) - 1n;

/** One step of SplitMix64: returns [output, nextState]. */
export function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), next];
}

/** FNV-1a over the UTF-8 bytes of a label: turns a purpose name into 64 bits. */
function fnv1a64(label: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(label)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  return hash;
}

function toSeed64(seed: bigint | number): bigint {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`PRNG seed must be an integer, got ${seed}`);
    seed = BigInt(seed);
  }
  return seed & MASK64; // negative seeds wrap like a C uint64_t cast
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export type PrngState = readonly [number, number, number, number];

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: bigint | number) {
    const [a, next] = splitMix64(toSeed64(seed));
    const [b] = splitMix64(next);
    this.s0 = Number(a & 0xffffffffn);
    this.s1 = Number(a >> 32n);
    this.s2 = Number(b & 0xffffffffn);
    this.s3 = Number(b >> 32n);
  }

  /**
   * An independent stream for one purpose ("auxv-random", "getrandom",
   * "campaign") drawn from the same user seed, so adding a consumer of
   * randomness never shifts the values another consumer sees. The stream seed
   * is `seed XOR FNV-1a-64(label)`.
   */
  static forStream(seed: bigint | number, label: string): Prng {
    return new Prng(toSeed64(seed) ^ fnv1a64(label));
  }

  /** Rebuild a generator from `state()` (snapshots, replays). */
  static fromState(state: PrngState): Prng {
    const prng = new Prng(0);
    [prng.s0, prng.s1, prng.s2, prng.s3] = state.map((word) => word >>> 0);
    if ((prng.s0 | prng.s1 | prng.s2 | prng.s3) === 0) {
      throw new RangeError('xoshiro128** state must not be all zero');
    }
    return prng;
  }

  state(): PrngState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** The next 32-bit output, as an unsigned number in [0, 2^32). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** `n` bytes; each 32-bit output supplies four, least significant first. */
  nextBytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`byte count must be a non-negative integer, got ${n}`);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let word = this.nextU32();
      for (let j = i; j < Math.min(i + 4, n); j++) {
        bytes[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return bytes;
  }

  /**
   * A uniform integer in the half-open range [lo, hi), without modulo bias
   * (rejection sampling). Spans up to 2^32 use one output per try; larger
   * spans (up to 2^53) combine two outputs into 53 bits.
   */
  nextInt(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi <= lo) {
      throw new RangeError(`nextInt needs integers lo < hi, got [${lo}, ${hi})`);
    }
    const span = hi - lo;
    if (span <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % span);
      for (;;) {
        const r = this.nextU32();
        if (r < limit) return lo + (r % span);
      }
    }
    if (span > 2 ** 53) throw new RangeError(`nextInt span ${span} exceeds 2^53`);
    const limit = 2 ** 53 - (2 ** 53 % span);
    for (;;) {
      const r = (this.nextU32() >>> 11) * 2 ** 32 + this.nextU32(); // 21 + 32 bits
      if (r < limit) return lo + (r % span);
    }
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return ((this.nextU32() >>> 11) * 2 ** 32 + this.nextU32()) / 2 ** 53;
  }
}
