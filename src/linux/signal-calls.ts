/**
 * Signals: rt_sigaction, sigaction, signal, rt_sigprocmask, sigprocmask,
 * sigaltstack, kill, tkill, tgkill.
 *
 * Dispositions, the mask and the alternate stack are recorded and reported
 * back exactly, but ftvm never runs a guest signal handler (that would need
 * signal frames and sigreturn). A signal sent to the process is acted on at
 * once, whatever the mask:
 * - ignored (SIG_IGN, or SIG_DFL for SIGCHLD/SIGCONT/SIGURG/SIGWINCH): nothing;
 * - a stop signal: nothing (there is no job control);
 * - otherwise the process dies of it, status 128 + signal (SIGABRT: 134),
 *   even when a handler is installed, as glibc's abort() would end anyway.
 */
import { EINVAL, ENOMEM, ESRCH } from './errno';
import type { GuestAccess } from './guest-access';
import { StructBuilder } from './guest-access';
import { GUEST_PID, GUEST_TID } from './process-identity';
import type { SyscallOutcome } from './kernel-types';

export const SIGHUP = 1;
export const SIGABRT = 6;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;
const NSIG = 64;

export const SIG_DFL = 0;
export const SIG_IGN = 1;
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;

const SA_NODEFER = 0x4000_0000;
const SA_RESETHAND = 0x8000_0000;

const SS_ONSTACK = 1;
const SS_DISABLE = 2;
const SS_AUTODISARM = 0x8000_0000;
const MINSIGSTKSZ = 2048;

/** Signals that SIGKILL and SIGSTOP are: cannot be caught, ignored or blocked. */
const UNCATCHABLE = (BigInt(1) << BigInt(SIGKILL - 1)) | (BigInt(1) << BigInt(SIGSTOP - 1));
const IGNORED_BY_DEFAULT = new Set([SIGCHLD, SIGCONT, SIGURG, SIGWINCH]);
const STOP_SIGNALS = new Set([SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]);

export interface SignalAction {
  readonly handler: number;
  readonly flags: number;
  readonly restorer: number;
  /** The sa_mask as a 64-bit set, bit n-1 for signal n. */
  readonly mask: bigint;
}

export interface SignalState {
  readonly actions: readonly [number, { handler: number; flags: number; restorer: number; mask: string }][];
  readonly blocked: string;
  readonly altStack: { sp: number; flags: number; size: number };
}

const DEFAULT_ACTION: SignalAction = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };

export class Signals {
  private readonly actions = new Map<number, SignalAction>();
  private blocked = 0n;
  private altStack = { sp: 0, flags: SS_DISABLE, size: 0 };

  constructor(state?: SignalState) {
    if (state) {
      for (const [sig, a] of state.actions) this.actions.set(sig, { ...a, mask: BigInt(a.mask) });
      this.blocked = BigInt(state.blocked);
      this.altStack = { ...state.altStack };
    }
  }

  save(): SignalState {
    return {
      actions: [...this.actions].map(([sig, a]) => [sig, { ...a, mask: a.mask.toString() }]),
      blocked: this.blocked.toString(),
      altStack: { ...this.altStack },
    };
  }

  action(sig: number): SignalAction {
    return this.actions.get(sig) ?? DEFAULT_ACTION;
  }

  get blockedMask(): bigint {
    return this.blocked;
  }

  /** rt_sigaction(sig, act, oact, sigsetsize): struct sigaction is {handler, flags, restorer, mask u64}. */
  rtSigaction(access: GuestAccess, sig: number, act: number, oact: number, setSize: number): number {
    if (setSize !== 8) return -EINVAL;
    return this.sigaction(access, sig, act, oact, (view) => ({
      handler: view.getUint32(0, true),
      flags: view.getUint32(4, true),
      restorer: view.getUint32(8, true),
      mask: view.getBigUint64(12, true),
    }), 20, (a) => new StructBuilder(20).u32(0, a.handler).u32(4, a.flags).u32(8, a.restorer).u64(12, a.mask).bytes);
  }

  /** sigaction(sig, act, oact), the old i386 call: {handler, mask u32, flags, restorer}. */
  oldSigaction(access: GuestAccess, sig: number, act: number, oact: number): number {
    return this.sigaction(access, sig, act, oact, (view) => ({
      handler: view.getUint32(0, true),
      mask: BigInt(view.getUint32(4, true)),
      flags: view.getUint32(8, true),
      restorer: view.getUint32(12, true),
    }), 16, (a) => new StructBuilder(16).u32(0, a.handler).u32(4, Number(a.mask & 0xffffffffn)).u32(8, a.flags).u32(12, a.restorer).bytes);
  }

  /** signal(sig, handler): returns the previous handler; the new one is one-shot, like SysV signal(). */
  signal(sig: number, handler: number): number {
    if (!validSignal(sig) || sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
    const old = this.action(sig).handler;
    this.actions.set(sig, { handler, flags: SA_RESETHAND | SA_NODEFER, restorer: 0, mask: 0n });
    return old;
  }

  private sigaction(access: GuestAccess, sig: number, act: number, oact: number,
    decode: (view: DataView) => SignalAction, size: number, encode: (a: SignalAction) => Uint8Array): number {
    if (!validSignal(sig)) return -EINVAL;
    let next: SignalAction | null = null;
    if (act !== 0) {
      if (sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
      const decoded = decode(access.view(act, size));
      next = { ...decoded, mask: decoded.mask & ~UNCATCHABLE };
    }
    const old = this.action(sig);
    if (next) this.actions.set(sig, next);
    if (oact !== 0) access.write(oact, encode(old));
    return 0;
  }

  /** rt_sigprocmask(how, set, oldset, sigsetsize) with 64-bit sets. */
  rtSigprocmask(access: GuestAccess, how: number, set: number, oldSet: number, setSize: number): number {
    if (setSize !== 8) return -EINVAL;
    return this.sigprocmask(how, set === 0 ? null : access.view(set, 8).getBigUint64(0, true),
      oldSet === 0 ? null : (old) => access.write(oldSet, new StructBuilder(8).u64(0, old).bytes));
  }

  /** sigprocmask(how, set, oldset), the old call with 32-bit sets. */
  oldSigprocmask(access: GuestAccess, how: number, set: number, oldSet: number): number {
    return this.sigprocmask(how, set === 0 ? null : BigInt(access.u32(set)),
      oldSet === 0 ? null : (old) => access.setU32(oldSet, Number(old & 0xffffffffn)), true);
  }

  private sigprocmask(how: number, set: bigint | null, writeOld: ((old: bigint) => void) | null, low32Only = false): number {
    const old = this.blocked;
    if (set !== null) {
      let next: bigint;
      if (how === SIG_BLOCK) next = old | set;
      else if (how === SIG_UNBLOCK) next = old & ~set;
      else if (how === SIG_SETMASK) next = low32Only ? (old & ~0xffffffffn) | set : set;
      else return -EINVAL;
      this.blocked = next & ~UNCATCHABLE;
    }
    if (writeOld) writeOld(old);
    return 0;
  }

  /** sigaltstack(ss, old_ss): stack_t is {ss_sp, ss_flags, ss_size}. */
  sigaltstack(access: GuestAccess, ss: number, oldSs: number): number {
    let next: { sp: number; flags: number; size: number } | null = null;
    if (ss !== 0) {
      const [sp, flags, size] = access.u32s(ss, 3);
      const mode = flags & ~SS_AUTODISARM;
      if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) return -EINVAL;
      if (mode === SS_DISABLE) next = { sp: 0, flags: SS_DISABLE, size: 0 };
      else if (size < MINSIGSTKSZ) return -ENOMEM; // what Linux answers for a stack too small
      else next = { sp, flags: flags & SS_AUTODISARM, size };
    }
    if (oldSs !== 0) {
      access.write(oldSs, new StructBuilder(12).u32(0, this.altStack.sp).u32(4, this.altStack.flags).u32(8, this.altStack.size).bytes);
    }
    if (next) this.altStack = next;
    return 0;
  }

  /** kill(pid, sig): only this process exists (pid, 0, -1 or its group). */
  kill(pid: number, sig: number): number | SyscallOutcome {
    const target = pid | 0;
    if (target !== GUEST_PID && target !== 0 && target !== -1 && target !== -GUEST_PID) return -ESRCH;
    return this.send(sig);
  }

  tkill(tid: number, sig: number): number | SyscallOutcome {
    if ((tid | 0) <= 0) return -EINVAL;
    if (tid !== GUEST_TID) return -ESRCH;
    return this.send(sig);
  }

  tgkill(tgid: number, tid: number, sig: number): number | SyscallOutcome {
    if ((tgid | 0) <= 0 || (tid | 0) <= 0) return -EINVAL;
    if (tgid !== GUEST_PID || tid !== GUEST_TID) return -ESRCH;
    return this.send(sig);
  }

  /** Deliver `sig` to the process now: 0 if it survives, else how it ends. */
  send(sig: number): number | SyscallOutcome {
    if (sig === 0) return 0;
    if (!validSignal(sig)) return -EINVAL;
    const disposition = this.action(sig).handler;
    if (sig !== SIGKILL) {
      if (disposition === SIG_IGN && sig !== SIGSTOP) return 0;
      if (IGNORED_BY_DEFAULT.has(sig)) return 0;
      if (STOP_SIGNALS.has(sig)) return 0;
    }
    return { kind: 'exit', status: 128 + sig, signal: sig };
  }
}

function validSignal(sig: number): boolean {
  return sig >= 1 && sig <= NSIG;
}
