import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import { buildInitialStack, STACK_TOP, DEFAULT_STACK_SIZE } from '../../src/linux';
import * as AT from '../../src/linux/auxv';
import { Prng } from '../../src/util/prng';
import { FakeGuestMemory } from '../util/fake-guest-memory';

const program = { entry: 0x08049000, phdrAddress: 0x08048034, phent: 32, phnum: 3 };

interface Walked {
  argc: number;
  argv: string[];
  envp: string[];
  argvAddresses: number[];
  auxv: [number, number][];
  end: number;
}

/** Read the stack the way a C runtime does, starting from ESP. */
function walk(memory: FakeGuestMemory, esp: number): Walked {
  let at = esp;
  const next = (): number => {
    const v = memory.u32(at);
    at += 4;
    return v;
  };
  const argc = next();
  const argvAddresses = Array.from({ length: argc }, next);
  expect(next()).toBe(0);
  const envAddresses: number[] = [];
  for (let p = next(); p !== 0; p = next()) envAddresses.push(p);
  const auxv: [number, number][] = [];
  for (;;) {
    const type = next();
    const value = next();
    auxv.push([type, value]);
    if (type === AT.AT_NULL) break;
  }
  return {
    argc,
    argv: argvAddresses.map((p) => memory.cString(p)),
    envp: envAddresses.map((p) => memory.cString(p)),
    argvAddresses,
    auxv,
    end: at,
  };
}

describe('buildInitialStack', () => {
  it('lays out strings, alignment and vectors exactly as Linux i386 does', () => {
    const memory = new FakeGuestMemory();
    const stack = buildInitialStack(memory, {
      argv: ['./stk', 'x', '', 'yy'], envp: ['A=1', 'BB=22'], execFn: './stk', program, seed: 1n,
    });
    // Worked by hand from fs/exec.c and create_elf_tables (see the source header):
    // top 0xc0000000, zero word at 0xbffffffc, "./stk" at 0xbffffff6, env at 0xbffffff0 and
    // 0xbfffffec, argv at 0xbfffffe9, e8, e6, e0; aligned to 0xbfffffe0; "i686" at 0xbfffffdb;
    // random at 0xbfffffcb; 1+5+3+36 words below, rounded down to 16: 0xbfffff10.
    expect(stack.esp).toBe(0xbfffff10);
    expect(stack.randomAddress).toBe(0xbfffffcb);
    expect(stack.stackTop).toBe(0xc0000000);
    expect(stack.stackBottom).toBe(0xc0000000 - 8 * 1024 * 1024);
    const w = walk(memory, stack.esp);
    expect(w.argc).toBe(4);
    expect(w.argv).toEqual(['./stk', 'x', '', 'yy']);
    expect(w.argvAddresses).toEqual([0xbfffffe0, 0xbfffffe6, 0xbfffffe8, 0xbfffffe9]);
    expect(w.envp).toEqual(['A=1', 'BB=22']);
    expect(memory.u32(0xbffffffc)).toBe(0);
    expect(memory.cString(0xbffffff6)).toBe('./stk');
    expect(w.auxv).toEqual([
      [AT.AT_HWCAP, 0],
      [AT.AT_PAGESZ, 4096],
      [AT.AT_CLKTCK, 100],
      [AT.AT_PHDR, 0x08048034],
      [AT.AT_PHENT, 32],
      [AT.AT_PHNUM, 3],
      [AT.AT_BASE, 0],
      [AT.AT_FLAGS, 0],
      [AT.AT_ENTRY, 0x08049000],
      [AT.AT_UID, 1000],
      [AT.AT_EUID, 1000],
      [AT.AT_GID, 1000],
      [AT.AT_EGID, 1000],
      [AT.AT_SECURE, 0],
      [AT.AT_RANDOM, 0xbfffffcb],
      [AT.AT_EXECFN, 0xbffffff6],
      [AT.AT_PLATFORM, 0xbfffffdb],
      [AT.AT_NULL, 0],
    ]);
    expect(memory.cString(0xbfffffdb)).toBe('i686');
    // the auxv ends before the random bytes; the gap is padding
    expect(w.end).toBeLessThanOrEqual(0xbfffffcb);
  });

  it('never passes AT_SYSINFO or AT_SYSINFO_EHDR, so glibc uses int 0x80', () => {
    const memory = new FakeGuestMemory();
    const { esp } = buildInitialStack(memory, { argv: ['p'], envp: [], execFn: 'p', program, seed: 0n });
    const types = walk(memory, esp).auxv.map(([t]) => t);
    expect(types).not.toContain(AT.AT_SYSINFO);
    expect(types).not.toContain(AT.AT_SYSINFO_EHDR);
  });

  it('passes arguments byte-exact: empty, spaces, UTF-8, leading --, raw bytes', () => {
    const memory = new FakeGuestMemory();
    const args = ['prog', '', 'two words', 'héllo wörld ✓', '--flag', '-', ' '];
    const raw = Uint8Array.from([0xff, 0xfe, 0x41]);
    const { esp } = buildInitialStack(memory, { argv: [...args, raw], envp: ['K=v=w', ''], execFn: 'prog', program, seed: 0n });
    const w = walk(memory, esp);
    expect(w.argv.slice(0, args.length)).toEqual(args);
    expect(memory.read(w.argvAddresses[args.length], 4)).toEqual(Uint8Array.from([0xff, 0xfe, 0x41, 0]));
    expect(w.envp).toEqual(['K=v=w', '']);
    const utf8 = new TextEncoder().encode('héllo wörld ✓');
    expect(memory.read(w.argvAddresses[3], utf8.length + 1)).toEqual(Uint8Array.from([...utf8, 0]));
  });

  it('keeps ESP 16-byte aligned whatever the argument lengths', () => {
    for (let n = 0; n < 40; n++) {
      const memory = new FakeGuestMemory();
      const argv = Array.from({ length: (n % 7) + 1 }, (_, i) => 'a'.repeat(i * n));
      const { esp } = buildInitialStack(memory, { argv, envp: ['X'.repeat(n)], execFn: 'p'.repeat(n + 1), program, seed: 0n, stackSize: 0x10000 });
      expect(esp % 16).toBe(0);
      expect(walk(memory, esp).argv).toEqual(argv);
    }
  });

  it('draws AT_RANDOM from the seed: same seed same bytes, other seed other bytes', () => {
    const randomOf = (seed: bigint): Uint8Array => {
      const memory = new FakeGuestMemory();
      const { randomAddress } = buildInitialStack(memory, { argv: ['p'], envp: [], execFn: 'p', program, seed });
      return memory.read(randomAddress, 16);
    };
    expect(randomOf(7n)).toEqual(randomOf(7n));
    expect(randomOf(7n)).not.toEqual(randomOf(8n));
    expect(randomOf(7n)).toEqual(Prng.forStream(7n, 'auxv-random').nextBytes(16));
  });

  it('maps the whole stack region writable', () => {
    const memory = new FakeGuestMemory();
    buildInitialStack(memory, { argv: ['p'], envp: [], execFn: 'p', program, seed: 0n, stackSize: 64 * 1024 });
    expect(memory.log).toEqual([`map 0x${(STACK_TOP - 0x10000).toString(16)} 0x10000 rw`]);
    expect(memory.isWritable(STACK_TOP - 0x10000)).toBe(true);
    expect(memory.isMapped(STACK_TOP - 0x10001)).toBe(false);
    expect(DEFAULT_STACK_SIZE).toBe(8 * 1024 * 1024);
  });

  it('refuses what Linux refuses, with one-line user errors', () => {
    const memory = new FakeGuestMemory();
    expect(() => buildInitialStack(memory, { argv: ['a\0b'], envp: [], execFn: 'p', program, seed: 0n }))
      .toThrow(new UserError('p: argument 0 contains a NUL byte'));
    expect(() => buildInitialStack(memory, { argv: ['x'.repeat(20000)], envp: [], execFn: 'p', program, seed: 0n, stackSize: 64 * 1024 }))
      .toThrow(new UserError('p: argument list and environment too long (20015 bytes, the limit is 16384)'));
    const clash = new FakeGuestMemory();
    clash.map(STACK_TOP - 0x1000, 0x1000, 'read');
    expect(() => buildInitialStack(clash, { argv: ['p'], envp: [], execFn: 'p', program, seed: 0n }))
      .toThrow(new UserError('p: a program segment overlaps the stack region 0xbf800000-0xc0000000'));
    expect(() => buildInitialStack(new FakeGuestMemory(10), { argv: ['p'], envp: [], execFn: 'p', program, seed: 0n }))
      .toThrow(/^p: the stack does not fit in guest memory/);
  });
});
