/**
 * The initial process stack, laid out byte for byte as Linux's execve builds
 * it for an i386 process (fs/exec.c, fs/binfmt_elf.c create_elf_tables) on a
 * 32-bit kernel with address randomisation off:
 *
 *   STACK_TOP - 4           a zero word
 *   below it                the AT_EXECFN string, then the envp strings, then
 *                           the argv strings (argv[0] lowest), each NUL-ended
 *   round down to 16        (arch_align_stack)
 *   below it                "i686" (AT_PLATFORM), then 16 AT_RANDOM bytes
 *   gap                     so that ESP ends 16-byte aligned (STACK_ROUND)
 *   ESP ->                  argc, argv[0..argc-1], NULL, envp[...], NULL,
 *                           auxv (type, value) pairs ending with AT_NULL
 *
 * The whole stack region, [STACK_TOP - stackSize, STACK_TOP), is mapped
 * writable up front: there are no grow-down page faults to emulate.
 */
import { UserError } from '../errors';
import { GuestOutOfMemory, PAGE_SIZE, type GuestMemory } from '../machine/guest-memory';
import { Prng } from '../util/prng';
import { DEFAULT_STACK_SIZE, STACK_TOP } from './address-space';
import {
  AT_BASE, AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_NULL,
  AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SECURE, AT_UID,
} from './auxv';
import { GUEST_GID, GUEST_UID, PLATFORM } from './process-identity';

/** What the kernel's `sysconf(_SC_CLK_TCK)` reports: USER_HZ. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** The PRNG stream AT_RANDOM is drawn from (see Prng.forStream). */
export const AUXV_RANDOM_STREAM = 'auxv-random';

export interface InitialStackOptions {
  /** argv, passed byte-exact; strings are encoded as UTF-8. */
  readonly argv: readonly (string | Uint8Array)[];
  readonly envp: readonly (string | Uint8Array)[];
  /** AT_EXECFN: the program path as execve was given it. Also names the program in errors. */
  readonly execFn: string;
  readonly program: { readonly entry: number; readonly phdrAddress: number; readonly phent: number; readonly phnum: number };
  /** The run's seed; the 16 AT_RANDOM bytes come from its "auxv-random" stream. */
  readonly seed: bigint;
  /** Bytes mapped for the stack below STACK_TOP (default 8 MiB, a multiple of the page size). */
  readonly stackSize?: number;
}

export interface InitialStack {
  /** The initial ESP: points at argc, 16-byte aligned. */
  readonly esp: number;
  /** The mapped stack region [stackBottom, stackTop). */
  readonly stackBottom: number;
  readonly stackTop: number;
  /** Where the AT_RANDOM bytes are (glibc takes its stack guard and pointer guard from them). */
  readonly randomAddress: number;
}

const encoder = new TextEncoder();

export function buildInitialStack(memory: GuestMemory, options: InitialStackOptions): InitialStack {
  const stackSize = options.stackSize ?? DEFAULT_STACK_SIZE;
  if (stackSize <= 0 || stackSize % PAGE_SIZE !== 0 || stackSize > STACK_TOP / 2) {
    throw new RangeError(`stack size must be a positive multiple of ${PAGE_SIZE} below 1.5 GiB, got ${stackSize}`);
  }
  const name = options.execFn;
  const stackBottom = STACK_TOP - stackSize;
  for (let page = stackBottom; page < STACK_TOP; page += PAGE_SIZE) {
    if (memory.isMapped(page)) {
      throw new UserError(`${name}: a program segment overlaps the stack region 0x${stackBottom.toString(16)}-0x${STACK_TOP.toString(16)}`);
    }
  }

  const toBytes = (value: string | Uint8Array, what: string): Uint8Array => {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    if (bytes.includes(0)) throw new UserError(`${name}: ${what} contains a NUL byte`);
    return bytes;
  };
  const argv = options.argv.map((arg, i) => toBytes(arg, `argument ${i}`));
  const envp = options.envp.map((env, i) => toBytes(env, `environment entry ${i}`));
  const execFn = toBytes(options.execFn, 'the program path');

  // Linux refuses execve (E2BIG) when strings and pointers exceed a quarter of the stack rlimit.
  const stringBytes = [...argv, ...envp].reduce((sum, s) => sum + s.length + 1, 0) + execFn.length + 1;
  const pointerBytes = (argv.length + envp.length + 2) * 4;
  const limit = stackSize / 4;
  if (stringBytes + pointerBytes > limit) {
    throw new UserError(`${name}: argument list and environment too long (${stringBytes + pointerBytes} bytes, the limit is ${limit})`);
  }

  // Pass 1: addresses, top down, exactly in the kernel's order.
  let p = STACK_TOP - 4;
  p -= execFn.length + 1;
  const execFnAddress = p;
  const envAddresses: number[] = new Array(envp.length);
  for (let i = envp.length - 1; i >= 0; i--) {
    p -= envp[i].length + 1;
    envAddresses[i] = p;
  }
  const argAddresses: number[] = new Array(argv.length);
  for (let i = argv.length - 1; i >= 0; i--) {
    p -= argv[i].length + 1;
    argAddresses[i] = p;
  }
  p -= p % 16;
  const platform = encoder.encode(PLATFORM);
  p -= platform.length + 1;
  const platformAddress = p;
  p -= 16;
  const randomAddress = p;

  const { program } = options;
  const auxv: [number, number][] = [
    [AT_HWCAP, 0], // no features claimed: glibc picks its plain i386 code
    [AT_PAGESZ, PAGE_SIZE],
    [AT_CLKTCK, CLOCK_TICKS_PER_SECOND],
    [AT_PHDR, program.phdrAddress],
    [AT_PHENT, program.phent],
    [AT_PHNUM, program.phnum],
    [AT_BASE, 0], // no interpreter
    [AT_FLAGS, 0],
    [AT_ENTRY, program.entry],
    [AT_UID, GUEST_UID],
    [AT_EUID, GUEST_UID],
    [AT_GID, GUEST_GID],
    [AT_EGID, GUEST_GID],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddress],
    [AT_EXECFN, execFnAddress],
    [AT_PLATFORM, platformAddress],
    [AT_NULL, 0],
  ];
  const words = 1 + argv.length + 1 + envp.length + 1 + auxv.length * 2;
  const esp = (p - words * 4) - ((p - words * 4) % 16);

  // Pass 2: fill one buffer covering [esp, STACK_TOP) and write it at once.
  const image = new Uint8Array(STACK_TOP - esp);
  const view = new DataView(image.buffer);
  const put = (address: number, bytes: Uint8Array): void => image.set(bytes, address - esp);
  put(execFnAddress, execFn);
  envp.forEach((env, i) => put(envAddresses[i], env));
  argv.forEach((arg, i) => put(argAddresses[i], arg));
  put(platformAddress, platform);
  put(randomAddress, Prng.forStream(options.seed, AUXV_RANDOM_STREAM).nextBytes(16));
  let at = 0;
  const word = (value: number): void => {
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  word(argv.length);
  argAddresses.forEach(word);
  word(0);
  envAddresses.forEach(word);
  word(0);
  for (const [type, value] of auxv) {
    word(type);
    word(value);
  }

  try {
    memory.map(stackBottom, stackSize, 'write');
  } catch (error) {
    if (error instanceof GuestOutOfMemory) throw new UserError(`${name}: the stack does not fit in guest memory (${error.message})`);
    throw error;
  }
  memory.write(esp, image);
  return { esp, stackBottom, stackTop: STACK_TOP, randomAddress };
}
