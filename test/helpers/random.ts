/** xorshift128+ over two 64-bit seeds: deterministic, so a failing random test replays. */
export class Random {
  constructor(private a: bigint, private b: bigint) {}
  next64(): bigint {
    let x = this.a;
    const y = this.b;
    this.a = y;
    x ^= (x << 23n) & 0xffffffffffffffffn;
    this.b = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (this.b + y) & 0xffffffffffffffffn;
  }
  int(n: number): number { return Number(this.next64() % BigInt(n)); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
}
