/**
 * A LinuxKernel over a FakeGuestMemory, with in-memory streams and a scratch
 * area for syscall arguments, for the syscall tests.
 */
import { BytesSource, CollectingSink, LinuxKernel, NR, type KernelOptions, type SyscallName, type SyscallOutcome } from '../../src/linux';
import { FakeGuestMemory } from '../util/fake-guest-memory';
import { descriptorFields, type SegmentDescriptor } from '../../src/linux/descriptors';

export const BRK_START = 0x0804d000;
/** Four writable pages for arguments and result buffers. */
export const SCRATCH = 0x1000_0000;
export const SCRATCH_SIZE = 0x4000;
/** An address that is never mapped. */
export const UNMAPPED = 0x2000_0000;

export interface HarnessOptions extends Partial<KernelOptions> {
  input?: string | Uint8Array;
  inputChunk?: number;
  maxPages?: number;
}

export function makeKernel(options: HarnessOptions = {}) {
  const memory = new FakeGuestMemory(options.maxPages);
  memory.map(SCRATCH, SCRATCH_SIZE, 'write');
  const stdout = new CollectingSink();
  const stderr = new CollectingSink();
  const tls: [number, number, number, boolean][] = [];
  const descriptors: ['gdt' | 'ldt', number, SegmentDescriptor][] = [];
  const state = { cycle: 0n };
  const kernel = new LinuxKernel({
    seed: 1n,
    stdin: new BytesSource(options.input ?? '', options.inputChunk),
    stdout,
    stderr,
    brkStart: BRK_START,
    ...options,
  });
  const ctx = {
    memory,
    get cycle() {
      return state.cycle;
    },
    setDescriptor(table: 'gdt' | 'ldt', entry: number, descriptor: SegmentDescriptor) {
      descriptors.push([table, entry, descriptor]);
      if (table === 'gdt') {
        const { base, limit, limitInPages } = descriptorFields(descriptor);
        tls.push([entry, base, limit, limitInPages]);
      }
    },
  };
  /** The raw outcome of a call. */
  const outcome = (name: SyscallName | number, ...args: number[]): SyscallOutcome =>
    kernel.syscall(typeof name === 'number' ? name : NR[name], args, ctx);
  /** The call's EAX as a signed number (-errno on failure). */
  const call = (name: SyscallName | number, ...args: number[]): number => {
    const out = outcome(name, ...args);
    if (out.kind !== 'return') throw new Error(`${String(name)} did not return: ${JSON.stringify(out)}`);
    return out.value | 0;
  };
  /** Put bytes (or a NUL-terminated string) at `at` in guest memory; returns `at`. */
  const put = (at: number, data: Uint8Array | string | number[]): number => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(`${data}\0`) : Uint8Array.from(data);
    memory.write(at, bytes);
    return at;
  };
  const words = (at: number, ...values: number[]): number => {
    values.forEach((v, i) => memory.setU32(at + i * 4, v));
    return at;
  };
  return { kernel, memory, stdout, stderr, tls, descriptors, state, ctx, call, outcome, put, words };
}
