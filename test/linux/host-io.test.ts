import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFdSink, HostFdSource, HostIoError, hostStdio } from '../../src/linux';

const dir = mkdtempSync(join(tmpdir(), 'ftvm-host-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The OS-level fd behind a child's pipe (libuv keeps it in the handle). */
function fdOf(stream: unknown): number {
  return (stream as { _handle: { fd: number } })._handle.fd;
}

describe('host streams', () => {
  it('write every byte to a host fd and read them back, then end of file', () => {
    const path = join(dir, 'out.bin');
    const out = openSync(path, 'w');
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) & 0xff);
    new HostFdSink(out).write(bytes);
    closeSync(out);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const input = openSync(path, 'r');
    const source = new HostFdSource(input);
    const chunks: Uint8Array[] = [];
    for (let chunk = source.read(1 << 20); chunk.length > 0; chunk = source.read(1 << 20)) {
      expect(chunk.length).toBeLessThanOrEqual(64 * 1024);
      chunks.push(chunk);
    }
    closeSync(input);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(source.read(0)).toEqual(new Uint8Array(0));
  });

  it('retries a non-blocking pipe until data arrives', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.2; printf hi'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const data = new HostFdSource(fdOf(child.stdout)).read(100);
    expect(new TextDecoder().decode(data)).toBe('hi');
    await new Promise((resolve) => child.on('close', resolve));
  });

  it('reports a pipe with no reader as HostIoError(EPIPE)', async () => {
    // the child closes its end of the pipe at once, then lingers
    const child = spawn('sh', ['-c', 'exec <&-; sleep 5'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const sink = new HostFdSink(fdOf(child.stdin));
    let caught: unknown;
    for (let attempt = 0; attempt < 200 && !caught; attempt++) {
      try {
        sink.write(new Uint8Array(1000));
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      } catch (error) {
        caught = error;
      }
    }
    expect(caught).toBeInstanceOf(HostIoError);
    expect((caught as HostIoError).errno).toBe(32);
    child.kill();
    await new Promise((resolve) => child.on('close', resolve));
  });

  it('reports other failures with their errno', () => {
    const path = join(dir, 'ro.txt');
    writeFileSync(path, 'x');
    const fd = openSync(path, 'r');
    expect(() => new HostFdSink(fd).write(Uint8Array.of(1))).toThrow(HostIoError);
    try {
      new HostFdSink(fd).write(Uint8Array.of(1));
    } catch (error) {
      expect((error as HostIoError).errno).toBe(9); // EBADF: not open for writing
    }
    closeSync(fd);
  });

  it('hostStdio wires fds 0, 1, 2 and asks the host which are terminals', () => {
    const stdio = hostStdio();
    expect(stdio.stdin).toBeInstanceOf(HostFdSource);
    expect(stdio.stdout).toBeInstanceOf(HostFdSink);
    expect(typeof stdio.isTty(1)).toBe('boolean');
    expect(stdio.isTty(7)).toBe(false);
  });
});
