/**
 * The guest's stdio during a campaign. Stdin is replayed from a position a
 * snapshot recorded (the kernel's snapshot does not hold host streams). Output
 * is either collected (the golden run) or compared, as it is written, with the
 * golden run's output from the snapshot's position on: an injection run never
 * stores what it prints, it only knows whether it still matches.
 */
import type { ByteSink, ByteSource } from '../linux';

export class ReplayedInput implements ByteSource {
  offset = 0;

  constructor(private readonly data: Uint8Array) {}

  read(maxBytes: number): Uint8Array {
    const n = Math.min(maxBytes, this.data.length - this.offset);
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

export class OutputTap implements ByteSink {
  private chunks: Uint8Array[] | undefined = [];
  private expected: Uint8Array = new Uint8Array();
  /** Bytes written so far, counted from the start of the program. */
  position = 0;
  /** Set once the output stops matching the expected bytes. */
  diverged = false;

  /** Keep everything written from now on (the golden run). */
  collect(): void {
    this.chunks = [];
    this.position = 0;
    this.diverged = false;
  }

  /** Compare what is written from now on with `expected`, resuming at byte `from` of it. */
  compareWith(expected: Uint8Array, from: number): void {
    this.chunks = undefined;
    this.expected = expected;
    this.position = from;
    this.diverged = false;
  }

  write(bytes: Uint8Array): void {
    if (this.chunks) this.chunks.push(bytes.slice());
    else if (!this.diverged) {
      const want = this.expected.subarray(this.position, this.position + bytes.length);
      if (want.length !== bytes.length || !sameBytes(want, bytes)) this.diverged = true;
    }
    this.position += bytes.length;
  }

  /** The collected bytes (golden run). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.position);
    let at = 0;
    for (const c of this.chunks ?? []) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Compared output equals the expected bytes exactly, end included. */
  get matchesWhole(): boolean {
    return !this.diverged && this.position === this.expected.length;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}
