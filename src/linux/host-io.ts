/**
 * The guest's stdin/stdout/stderr backed by the real process's fds 0/1/2,
 * with synchronous fs calls (the machine runs the guest synchronously, and a
 * syscall must complete before the next cycle).
 *
 * - A non-blocking fd (a pipe or terminal left O_NONBLOCK by another program)
 *   answers EAGAIN: we wait a little and retry, so the guest sees a blocking
 *   read or write, as it expects.
 * - End of file is an empty read.
 * - A write to a pipe whose reader has gone fails with EPIPE (Node ignores
 *   SIGPIPE); it reaches the kernel as HostIoError(EPIPE), which raises the
 *   guest's SIGPIPE.
 */
import * as fs from 'node:fs';
import { isatty } from 'node:tty';
import { EAGAIN, EBADF, EINVAL, EIO, ENOSPC, EPIPE } from './errno';
import { HostIoError, type ByteSink, type ByteSource } from './kernel-types';

/** The most one host read asks for: what a pipe holds. */
const HOST_READ_SIZE = 64 * 1024;
const MAX_BACKOFF_MS = 50;

const ERRNO_BY_CODE: Readonly<Record<string, number>> = {
  EPIPE, EBADF, ENOSPC, EINVAL, EIO, EAGAIN, EFBIG: 27, EDQUOT: 122, ECONNRESET: 104,
};

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function hostError(error: unknown, fd: number, what: string): HostIoError {
  const code = codeOf(error);
  return new HostIoError(ERRNO_BY_CODE[code ?? ''] ?? EIO, `${what} on host fd ${fd} failed: ${code ?? String(error)}`);
}

const isRetryable = (code: string | undefined): boolean => code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';

export class HostFdSource implements ByteSource {
  constructor(private readonly fd: number) {}

  read(maxBytes: number): Uint8Array {
    const buffer = Buffer.alloc(Math.max(0, Math.min(maxBytes, HOST_READ_SIZE)));
    if (buffer.length === 0) return new Uint8Array(0);
    for (let backoff = 1; ; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        const n = fs.readSync(this.fd, buffer, 0, buffer.length, null);
        return Uint8Array.prototype.slice.call(buffer, 0, n);
      } catch (error) {
        const code = codeOf(error);
        if (code === 'EOF') return new Uint8Array(0); // Windows reports end of a pipe so
        if (!isRetryable(code)) throw hostError(error, this.fd, 'read');
        if (code !== 'EINTR') sleepSync(backoff);
      }
    }
  }
}

export class HostFdSink implements ByteSink {
  constructor(private readonly fd: number) {}

  write(bytes: Uint8Array): void {
    let offset = 0;
    let backoff = 1;
    while (offset < bytes.length) {
      try {
        offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
        backoff = 1;
      } catch (error) {
        const code = codeOf(error);
        if (!isRetryable(code)) throw hostError(error, this.fd, 'write');
        if (code !== 'EINTR') {
          sleepSync(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      }
    }
  }
}

/** The real process's three streams and whether each is a terminal, for KernelOptions. */
export function hostStdio(): { stdin: ByteSource; stdout: ByteSink; stderr: ByteSink; isTty: (fd: number) => boolean } {
  const tty = [0, 1, 2].map((fd) => isatty(fd));
  return {
    stdin: new HostFdSource(0),
    stdout: new HostFdSink(1),
    stderr: new HostFdSink(2),
    isTty: (fd) => tty[fd] ?? false,
  };
}
