import { describe, expect, it } from 'vitest';
import { GETRANDOM_STREAM, LinuxKernel, NR } from '../../src/linux';
import { Prng } from '../../src/util/prng';
import { SCRATCH, SCRATCH_SIZE, UNMAPPED, makeKernel } from './kernel-harness';

const ENOSYS = -38, EINVAL = -22, EFAULT = -14;

describe('exit', () => {
  it('exit and exit_group end the process with the low byte of the status', () => {
    expect(makeKernel().outcome('exit_group', 0)).toEqual({ kind: 'exit', status: 0 });
    expect(makeKernel().outcome('exit', 7)).toEqual({ kind: 'exit', status: 7 });
    expect(makeKernel().outcome('exit_group', 0x1ff)).toEqual({ kind: 'exit', status: 0xff });
    expect(makeKernel().outcome('exit_group', -1 >>> 0)).toEqual({ kind: 'exit', status: 255 });
  });
});

describe('unknown calls', () => {
  it('return -ENOSYS and are counted by number and by name', () => {
    const k = makeKernel();
    expect(k.call('fork')).toBe(ENOSYS);
    expect(k.call('fork')).toBe(ENOSYS);
    expect(k.call('socketcall', 1, SCRATCH)).toBe(ENOSYS);
    expect(k.call(9999)).toBe(ENOSYS);
    expect(k.outcome('fork')).toEqual({ kind: 'return', value: 0xffffffda });
    expect([...k.kernel.stats.unknown]).toEqual([[NR.fork, 3], [NR.socketcall, 1], [9999, 1]]);
    expect(k.kernel.stats.calls.get('fork')).toBe(3);
    expect(k.kernel.stats.calls.get('syscall_9999')).toBe(1);
  });

  it('counts the implemented calls too, and none of them as unknown', () => {
    const k = makeKernel();
    k.call('getpid');
    k.call('brk', 0);
    k.call('brk', 0);
    expect(k.kernel.stats.calls.get('brk')).toBe(2);
    expect(k.kernel.stats.calls.get('getpid')).toBe(1);
    expect(k.kernel.stats.unknown.size).toBe(0);
  });
});

describe('getrandom', () => {
  it('fills the buffer from the seed\'s getrandom stream, continuing across calls', () => {
    const k = makeKernel({ seed: 99n });
    const stream = Prng.forStream(99n, GETRANDOM_STREAM);
    expect(k.call('getrandom', SCRATCH, 4, 1 /* GRND_NONBLOCK */)).toBe(4);
    expect(k.memory.read(SCRATCH, 4)).toEqual(stream.nextBytes(4));
    expect(k.call('getrandom', SCRATCH, 16, 0)).toBe(16);
    expect(k.memory.read(SCRATCH, 16)).toEqual(stream.nextBytes(16));
    expect(k.call('getrandom', SCRATCH, 0, 0)).toBe(0);
  });

  it('is the same for the same seed and differs for another', () => {
    const draw = (seed: bigint): Uint8Array => {
      const k = makeKernel({ seed });
      k.call('getrandom', SCRATCH, 32, 0);
      return k.memory.read(SCRATCH, 32);
    };
    expect(draw(5n)).toEqual(draw(5n));
    expect(draw(5n)).not.toEqual(draw(6n));
  });

  it('checks flags and the buffer', () => {
    const k = makeKernel();
    expect(k.call('getrandom', SCRATCH, 4, 8)).toBe(EINVAL);
    expect(k.call('getrandom', SCRATCH, 4, 6)).toBe(EINVAL); // GRND_RANDOM | GRND_INSECURE
    expect(k.call('getrandom', UNMAPPED, 4, 0)).toBe(EFAULT);
    expect(k.call('getrandom', SCRATCH + SCRATCH_SIZE - 2, 4, 0)).toBe(EFAULT);
  });
});

describe('snapshots', () => {
  it('save() and restore() carry the whole kernel state, through JSON', () => {
    const a = makeKernel({ seed: 3n });
    a.call('brk', 0x0804d000 + 0x5000);
    a.call('mmap2', 0, 0x3000, 3, 0x22, -1 >>> 0, 0);
    a.call('getrandom', SCRATCH, 8, 0);
    a.call('close', 2);
    a.words(SCRATCH, -1 >>> 0, 0x1000, 0xfffff, 0x51);
    a.call('set_thread_area', SCRATCH);
    a.words(SCRATCH, 1, 0);
    a.call('nanosleep', SCRATCH, 0);
    const saved = JSON.parse(JSON.stringify(a.kernel.save()));

    const b = makeKernel({ seed: 999n });
    b.kernel.restore(saved);
    expect(b.kernel.programBreak).toBe(a.kernel.programBreak);
    expect(b.kernel.heapBytes).toBe(a.kernel.heapBytes);
    for (const k of [a, b]) {
      k.call('getrandom', SCRATCH, 8, 0);
      expect(k.call('write', 2, SCRATCH, 1)).toBe(-9);
      expect(k.call('time', 0)).toBe(1704067201);
      k.words(SCRATCH + 0x40, -1 >>> 0, 0x2000, 0xfffff, 0x51);
      expect(k.call('set_thread_area', SCRATCH + 0x40)).toBe(0);
      expect(k.memory.u32(SCRATCH + 0x40)).toBe(7);
      expect(k.call('mmap2', 0, 0x1000, 3, 0x22, -1 >>> 0, 0) >>> 0).toBe(0xb8000000 - 0x4000);
    }
    expect(b.memory.read(SCRATCH, 8)).toEqual(a.memory.read(SCRATCH, 8));
    expect(b.kernel.stats.calls.get('brk')).toBe(1);
  });
});

describe('robustness', () => {
  it('never throws on any call number with any arguments', () => {
    const prng = new Prng(77);
    const interesting = [0, 1, 2, 3, 0xffffffff, 0x7fffffff, 0x80000000, SCRATCH, SCRATCH + 0x3ffc, UNMAPPED, 0xbffffff0, 0xfffffffc, 0x1000, 4096, 12, 8, 16];
    const arg = (): number => (prng.nextInt(0, 3) === 0 ? prng.nextU32() : interesting[prng.nextInt(0, interesting.length)]);
    for (let nr = 0; nr <= 460; nr++) {
      for (let round = 0; round < 12; round++) {
        const k = makeKernel({ maxPages: 512, input: 'some input' });
        const args = Array.from({ length: 6 }, arg);
        const out = k.kernel.syscall(nr, args, k.ctx);
        // blocked: pause or sigsuspend with nothing that could wake them.
        expect(['return', 'exit', 'blocked']).toContain(out.kind);
        if (out.kind === 'return') expect(Number.isInteger(out.value) && out.value >= 0 && out.value <= 0xffffffff).toBe(true);
      }
    }
  });

  it('checks its options', () => {
    expect(() => new LinuxKernel({
      seed: 0n, stdin: { read: () => new Uint8Array(0) }, stdout: { write: () => {} }, stderr: { write: () => {} },
      brkStart: 0x0804d123,
    })).toThrow(RangeError);
  });
});
