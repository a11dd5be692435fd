/**
 * In-memory streams for embedding and tests: stdin from given bytes, stdout
 * and stderr collected into a buffer.
 */
import type { ByteSink, ByteSource } from './kernel-types';

export class BytesSource implements ByteSource {
  private offset = 0;

  /** `chunk` caps each read, to behave like a pipe delivering data in pieces. */
  constructor(private readonly data: Uint8Array | string, private readonly chunk = Infinity) {
    if (typeof data === 'string') this.data = new TextEncoder().encode(data);
  }

  read(maxBytes: number): Uint8Array {
    const bytes = this.data as Uint8Array;
    const n = Math.min(maxBytes, this.chunk, bytes.length - this.offset);
    const out = bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

export class CollectingSink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];

  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }

  bytes(): Uint8Array {
    const total = this.chunks.reduce((sum, c) => sum + c.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }

  /** How many write() calls arrived (one per guest write/writev). */
  get writes(): number {
    return this.chunks.length;
  }
}
