/**
 * Signals: the process' dispositions, blocked mask, pending set and
 * alternate stack, and the calls that read and change them: rt_sigaction,
 * sigaction, signal, rt_sigprocmask, sigprocmask, sigaltstack, rt_sigpending,
 * sigpending, kill, tkill, tgkill.
 *
 * Sending a signal makes it pending (or drops it when it is ignored and not
 * blocked, as Linux does); it is acted on when the process next returns to
 * user mode (signal-delivery.ts): a handler gets a frame, a default action
 * ends the process with status 128 + signal, as a shell reports it, or
 * nothing happens (SIGCHLD, SIGCONT, SIGURG, SIGWINCH; the stop signals, as
 * there is no job control). Standard signals do not queue: one of each can be
 * pending, with the siginfo of the first.
 */
import { EINVAL, ENOMEM, EPERM, ESRCH } from './errno';
import type { GuestAccess } from './guest-access';
import { StructBuilder } from './guest-access';
import { GUEST_PID, GUEST_TID, GUEST_UID } from './process-identity';
import type { SignalInfo, TrapState } from './signal-frame';

export const SIGHUP = 1;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;
export const SIGSYS = 31;
const NSIG = 64;

/** si_code values (include/uapi/asm-generic/siginfo.h). */
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;

export const SIG_DFL = 0;
export const SIG_IGN = 1;
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;

export const SA_SIGINFO = 4;
export const SA_ONSTACK = 0x0800_0000;
export const SA_RESTORER = 0x0400_0000;
export const SA_NODEFER = 0x4000_0000;
export const SA_RESETHAND = 0x8000_0000;

export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 0x8000_0000;
const MINSIGSTKSZ = 2048;

/** Signals that SIGKILL and SIGSTOP are: cannot be caught, ignored or blocked. */
const UNCATCHABLE = (BigInt(1) << BigInt(SIGKILL - 1)) | (BigInt(1) << BigInt(SIGSTOP - 1));
/** The faults a task raises itself: dequeued before any other pending signal (kernel/signal.c SYNCHRONOUS_MASK). */
const SYNCHRONOUS = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS];

export const signalBit = (sig: number): bigint => 1n << BigInt(sig - 1);
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
  readonly pending: readonly [number, SignalInfo][];
  readonly savedMask: string | null;
  readonly trap: TrapState;
}

export interface AltStack {
  readonly sp: number;
  readonly flags: number;
  readonly size: number;
}

const DEFAULT_ACTION: SignalAction = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };

export class Signals {
  private readonly actions = new Map<number, SignalAction>();
  private blocked = 0n;
  // A new process has no alternate stack, and its raw flags (what uc_stack reports) are 0.
  private altStack: AltStack = { sp: 0, flags: 0, size: 0 };
  /** Pending signals by number, each with the siginfo it was sent with. */
  private readonly pending = new Map<number, SignalInfo>();
  /** The mask rt_sigsuspend replaced: the next handler's frame restores it. */
  savedMask: bigint | null = null;
  /** What the last exception left in the task: every sigcontext reports it. */
  trap: TrapState = { trapno: 0, err: 0, cr2: 0 };

  constructor(state?: SignalState) {
    if (state) {
      for (const [sig, a] of state.actions) this.actions.set(sig, { ...a, mask: BigInt(a.mask) });
      this.blocked = BigInt(state.blocked);
      this.altStack = { ...state.altStack };
      for (const [sig, info] of state.pending) this.pending.set(sig, { ...info });
      this.savedMask = state.savedMask === null ? null : BigInt(state.savedMask);
      this.trap = { ...state.trap };
    }
  }

  save(): SignalState {
    return {
      actions: [...this.actions].map(([sig, a]) => [sig, { ...a, mask: a.mask.toString() }]),
      blocked: this.blocked.toString(),
      altStack: { ...this.altStack },
      pending: [...this.pending].map(([sig, info]) => [sig, { ...info }]),
      savedMask: this.savedMask === null ? null : this.savedMask.toString(),
      trap: { ...this.trap },
    };
  }

  action(sig: number): SignalAction {
    return this.actions.get(sig) ?? DEFAULT_ACTION;
  }

  get blockedMask(): bigint {
    return this.blocked;
  }

  /** Set the blocked mask (sigreturn, a handler's entry); SIGKILL and SIGSTOP are never blocked. */
  setBlocked(mask: bigint): void {
    this.blocked = mask & ~UNCATCHABLE & ((1n << 64n) - 1n);
  }

  setAction(sig: number, action: SignalAction): void {
    this.actions.set(sig, action);
  }

  get alternateStack(): AltStack {
    return this.altStack;
  }

  /** Drop the alternate stack (SS_AUTODISARM after switching to it). */
  disarmAltStack(): void {
    this.altStack = { sp: 0, flags: SS_DISABLE, size: 0 };
  }

  /** sp lies on the alternate stack (__on_sig_stack). */
  isOnAltStack(sp: number): boolean {
    const { sp: base, size } = this.altStack;
    return size !== 0 && sp > base && sp - base <= size;
  }

  /** sas_ss_flags(sp): SS_DISABLE without a stack, SS_ONSTACK on it (never with SS_AUTODISARM), else 0. */
  altStackFlags(sp: number): number {
    if (this.altStack.size === 0) return SS_DISABLE;
    return (this.altStack.flags & SS_AUTODISARM) === 0 && this.isOnAltStack(sp) ? SS_ONSTACK : 0;
  }

  /** The signal's disposition is to do nothing: SIG_IGN, or SIG_DFL for a signal ignored or stopping by default. */
  ignores(sig: number): boolean {
    if (sig === SIGKILL) return false;
    const handler = this.action(sig).handler;
    return handler === SIG_IGN || (handler === SIG_DFL && (IGNORED_BY_DEFAULT.has(sig) || STOP_SIGNALS.has(sig)));
  }

  /**
   * The next pending signal the task would take, synchronous ones first, then
   * the lowest number; removed from the pending set.
   */
  dequeue(): { sig: number; info: SignalInfo } | undefined {
    const ready = [...this.pending.keys()].filter((sig) => (this.blocked & signalBit(sig)) === 0n);
    if (ready.length === 0) return undefined;
    const sig = ready.find((s) => SYNCHRONOUS.includes(s)) ?? Math.min(...ready);
    const info = this.pending.get(sig)!;
    this.pending.delete(sig);
    return { sig, info };
  }

  /** Drop the pending signals that are not blocked and would do nothing. */
  dropIgnored(): void {
    for (const sig of [...this.pending.keys()]) {
      if ((this.blocked & signalBit(sig)) === 0n && this.ignores(sig)) this.pending.delete(sig);
    }
  }

  /** Sending `sig` now would interrupt the task: it is neither blocked nor ignored. */
  wouldAct(sig: number): boolean {
    return (this.blocked & signalBit(sig)) === 0n && !this.ignores(sig);
  }

  /** Some pending signal is not blocked. */
  get hasDeliverable(): boolean {
    for (const sig of this.pending.keys()) if ((this.blocked & signalBit(sig)) === 0n) return true;
    return false;
  }

  /** rt_sigpending(set, sigsetsize) and sigpending(set): the pending signals that are blocked. */
  sigpending(access: GuestAccess, set: number, setSize: number): number {
    if (setSize > 8) return -EINVAL;
    let bits = 0n;
    for (const sig of this.pending.keys()) bits |= signalBit(sig);
    bits &= this.blocked;
    access.write(set, new StructBuilder(8).u64(0, bits).bytes.subarray(0, setSize));
    return 0;
  }

  /**
   * A fault the task raised itself (force_sig_fault): a blocked or ignored
   * one cannot be held off, so its disposition goes back to the default
   * (and it is unblocked), which ends the process.
   */
  force(sig: number, info: SignalInfo, trap?: { trapno: number; err: number; cr2?: number }): void {
    const bit = signalBit(sig);
    const blocked = (this.blocked & bit) !== 0n;
    const action = this.action(sig);
    if (blocked || action.handler === SIG_IGN) {
      this.actions.set(sig, { ...action, handler: SIG_DFL });
      this.blocked &= ~bit;
    }
    if (trap) this.trap = { trapno: trap.trapno, err: trap.err, cr2: trap.cr2 ?? this.trap.cr2 };
    if (!this.pending.has(sig)) this.pending.set(sig, info);
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

  /**
   * sigaltstack(ss, old_ss): stack_t is {ss_sp, ss_flags, ss_size}; `sp` is
   * the caller's stack pointer: the old flags say SS_ONSTACK on it, and the
   * stack cannot change while the caller runs on it.
   */
  sigaltstack(access: GuestAccess, ss: number, oldSs: number, sp: number): number {
    const wanted = ss === 0 ? null : access.u32s(ss, 3);
    const next = wanted && this.checkAltStack(wanted[0], wanted[1], wanted[2], sp);
    if (typeof next === 'number') return next;
    if (oldSs !== 0) {
      const flags = this.altStackFlags(sp) | (this.altStack.flags & SS_AUTODISARM);
      access.write(oldSs, new StructBuilder(12).u32(0, this.altStack.sp).u32(4, flags).u32(8, this.altStack.size).bytes);
    }
    if (next) this.altStack = next;
    return 0;
  }

  /** rt_sigreturn's restore_altstack: the stack the frame saved, when sigaltstack would take it. */
  restoreAltStack(base: number, flags: number, size: number, sp: number): void {
    const next = this.checkAltStack(base, flags, size, sp);
    if (typeof next !== 'number') this.altStack = next;
  }

  /** The alternate stack sigaltstack would set, or its -errno. */
  private checkAltStack(base: number, flags: number, size: number, sp: number): AltStack | number {
    if ((this.altStack.flags & SS_AUTODISARM) === 0 && this.isOnAltStack(sp)) return -EPERM;
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) return -EINVAL;
    if (mode === SS_DISABLE) return { sp: 0, flags, size: 0 };
    if (size < MINSIGSTKSZ) return -ENOMEM; // what Linux answers for a stack too small
    return { sp: base, flags, size };
  }

  /** kill(pid, sig): only this process exists (pid, 0, -1 or its group). */
  kill(pid: number, sig: number): number {
    const target = pid | 0;
    if (target !== GUEST_PID && target !== 0 && target !== -1 && target !== -GUEST_PID) return -ESRCH;
    return this.send(sig, { signo: sig, code: SI_USER, pid: GUEST_PID, uid: GUEST_UID });
  }

  tkill(tid: number, sig: number): number {
    if ((tid | 0) <= 0) return -EINVAL;
    if (tid !== GUEST_TID) return -ESRCH;
    return this.send(sig, { signo: sig, code: SI_TKILL, pid: GUEST_PID, uid: GUEST_UID });
  }

  tgkill(tgid: number, tid: number, sig: number): number {
    if ((tgid | 0) <= 0 || (tid | 0) <= 0) return -EINVAL;
    if (tgid !== GUEST_PID || tid !== GUEST_TID) return -ESRCH;
    return this.send(sig, { signo: sig, code: SI_TKILL, pid: GUEST_PID, uid: GUEST_UID });
  }

  /**
   * Make `sig` pending (signal 0 only checks). An ignored signal that is not
   * blocked is dropped at once; a blocked one waits, as its disposition may
   * change before it is unblocked.
   */
  send(sig: number, info: SignalInfo = { signo: sig, code: SI_KERNEL }): number {
    if (sig === 0) return 0;
    if (!validSignal(sig)) return -EINVAL;
    if ((this.blocked & signalBit(sig)) === 0n && this.ignores(sig)) return 0;
    if (!this.pending.has(sig)) this.pending.set(sig, info);
    return 0;
  }
}

function validSignal(sig: number): boolean {
  return sig >= 1 && sig <= NSIG;
}
