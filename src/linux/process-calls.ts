/**
 * Identity and process information: uname, getpid & co, getresuid/getresgid,
 * umask, sysinfo, sched_getaffinity, and the resource limits (getrlimit,
 * ugetrlimit, setrlimit, prlimit64). Every answer is fixed or derived from
 * guest state, never read from the host.
 */
import { PAGE_SIZE } from '../machine/guest-memory';
import { DEFAULT_STACK_SIZE } from './address-space';
import { EINVAL, EPERM, ESRCH } from './errno';
import { MAX_FDS } from './fd-table';
import type { GuestAccess } from './guest-access';
import { StructBuilder } from './guest-access';
import { GUEST_PID, UTS } from './process-identity';

export const RLIMIT_STACK = 3;
export const RLIMIT_NOFILE = 7;
export const RLIM64_INFINITY = (1n << 64n) - 1n;
const RLIM_INFINITY_32 = 0xffff_ffff;
const RLIM_NLIMITS = 16;

export interface Rlimit {
  readonly cur: bigint;
  readonly max: bigint;
}

const INF: Rlimit = { cur: RLIM64_INFINITY, max: RLIM64_INFINITY };

/** What a login shell on a Debian box hands its children (RLIMIT_CPU ... RLIMIT_RTTIME). */
export const DEFAULT_RLIMITS: readonly Rlimit[] = [
  INF, // CPU
  INF, // FSIZE
  INF, // DATA
  { cur: BigInt(DEFAULT_STACK_SIZE), max: RLIM64_INFINITY }, // STACK
  { cur: 0n, max: RLIM64_INFINITY }, // CORE
  INF, // RSS
  { cur: 4096n, max: 4096n }, // NPROC
  { cur: BigInt(MAX_FDS), max: BigInt(MAX_FDS) }, // NOFILE: dup() never goes past it
  { cur: 8n << 20n, max: 8n << 20n }, // MEMLOCK
  INF, // AS
  INF, // LOCKS
  { cur: 4096n, max: 4096n }, // SIGPENDING
  { cur: 819200n, max: 819200n }, // MSGQUEUE
  { cur: 0n, max: 0n }, // NICE
  { cur: 0n, max: 0n }, // RTPRIO
  INF, // RTTIME
];

/** What sysinfo reports as total RAM when no memory limit is set. */
export const DEFAULT_TOTAL_RAM = 512 * 1024 * 1024;

export class ProcessInfo {
  private umaskValue: number;
  private readonly limits: Rlimit[];

  constructor(state?: { umask: number; limits: readonly { cur: string; max: string }[] }) {
    this.umaskValue = state?.umask ?? 0o022;
    this.limits = state ? state.limits.map((l) => ({ cur: BigInt(l.cur), max: BigInt(l.max) })) : [...DEFAULT_RLIMITS];
  }

  /** The file-mode creation mask open, mkdir and creat apply. */
  get currentUmask(): number {
    return this.umaskValue;
  }

  save(): { umask: number; limits: { cur: string; max: string }[] } {
    return { umask: this.umaskValue, limits: this.limits.map((l) => ({ cur: l.cur.toString(), max: l.max.toString() })) };
  }

  /** uname(buf): struct new_utsname, six 65-byte NUL-padded fields. */
  uname(access: GuestAccess, pointer: number): number {
    const b = new StructBuilder(6 * 65);
    const encoder = new TextEncoder();
    [UTS.sysname, UTS.nodename, UTS.release, UTS.version, UTS.machine, UTS.domainname]
      .forEach((field, i) => b.set(i * 65, encoder.encode(field).subarray(0, 64)));
    access.write(pointer, b.bytes);
    return 0;
  }

  /** getresuid / getresgid: three ids, u16 for the old calls, u32 for the *32 ones. */
  getres(access: GuestAccess, pointers: readonly number[], id: number, width: 2 | 4): number {
    for (const pointer of pointers) {
      access.write(pointer, width === 2 ? new StructBuilder(2).u16(0, id).bytes : new StructBuilder(4).u32(0, id).bytes);
    }
    return 0;
  }

  /** getpgid / getsid: only this process exists, leading its own group and session. */
  processGroup(pid: number): number {
    return pid === 0 || pid === GUEST_PID ? GUEST_PID : -ESRCH;
  }

  umask(mask: number): number {
    const old = this.umaskValue;
    this.umaskValue = mask & 0o777;
    return old;
  }

  /** sysinfo(info): qsort asks it how much memory there is. */
  sysinfo(access: GuestAccess, pointer: number, uptimeSeconds: number, totalRam: number, usedRam: number): number {
    const free = Math.max(0, totalRam - usedRam);
    const unit = totalRam < 2 ** 32 ? 1 : PAGE_SIZE;
    access.write(pointer, new StructBuilder(64)
      .u32(0, uptimeSeconds)
      .u32(16, Math.floor(totalRam / unit))
      .u32(20, Math.floor(free / unit))
      .u16(40, 1) // procs
      .u32(52, unit).bytes);
    return 0;
  }

  /** sched_getaffinity(pid, len, mask): one CPU, CPU 0. Returns the bytes written. */
  schedGetaffinity(access: GuestAccess, pid: number, length: number, pointer: number): number {
    if (pid !== 0 && pid !== GUEST_PID) return -ESRCH;
    if (length < 4 || length % 4 !== 0) return -EINVAL;
    access.write(pointer, new StructBuilder(4).u32(0, 1).bytes);
    return 4;
  }

  limit(resource: number): Rlimit | null {
    return resource >= 0 && resource < RLIM_NLIMITS ? this.limits[resource] : null;
  }

  /** ugetrlimit (191): struct rlimit of u32, infinity as 0xffffffff. */
  ugetrlimit(access: GuestAccess, resource: number, pointer: number): number {
    const l = this.limit(resource);
    if (!l) return -EINVAL;
    access.write(pointer, new StructBuilder(8).u32(0, clamp32(l.cur, RLIM_INFINITY_32)).u32(4, clamp32(l.max, RLIM_INFINITY_32)).bytes);
    return 0;
  }

  /** getrlimit (76), the old call: values above 0x7fffffff read as 0x7fffffff. */
  oldGetrlimit(access: GuestAccess, resource: number, pointer: number): number {
    const l = this.limit(resource);
    if (!l) return -EINVAL;
    access.write(pointer, new StructBuilder(8).u32(0, clamp32(l.cur, 0x7fff_ffff)).u32(4, clamp32(l.max, 0x7fff_ffff)).bytes);
    return 0;
  }

  setrlimit(access: GuestAccess, resource: number, pointer: number): number {
    if (!this.limit(resource)) return -EINVAL;
    const [cur, max] = access.u32s(pointer, 2);
    const widen = (v: number): bigint => (v === RLIM_INFINITY_32 ? RLIM64_INFINITY : BigInt(v));
    return this.change(resource, { cur: widen(cur), max: widen(max) });
  }

  /** prlimit64(pid, resource, new, old): struct rlimit64 of u64. */
  prlimit64(access: GuestAccess, pid: number, resource: number, newPointer: number, oldPointer: number): number {
    if (pid !== 0 && pid !== GUEST_PID) return -ESRCH;
    const l = this.limit(resource);
    if (!l) return -EINVAL;
    let next: Rlimit | null = null;
    if (newPointer !== 0) {
      const view = access.view(newPointer, 16);
      next = { cur: view.getBigUint64(0, true), max: view.getBigUint64(8, true) };
    }
    if (next) {
      const result = this.change(resource, next);
      if (result !== 0) return result;
    }
    if (oldPointer !== 0) access.write(oldPointer, new StructBuilder(16).u64(0, l.cur).u64(8, l.max).bytes);
    return 0;
  }

  /** An unprivileged process may lower its limits, and raise the soft one up to the hard one. */
  private change(resource: number, next: Rlimit): number {
    const old = this.limits[resource];
    if (next.cur > next.max) return -EINVAL;
    if (next.max > old.max) return -EPERM;
    this.limits[resource] = next;
    return 0;
  }
}

function clamp32(value: bigint, ceiling: number): number {
  return value >= BigInt(ceiling) ? ceiling : Number(value);
}
