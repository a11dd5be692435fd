/**
 * Acting on pending signals, as Linux does on every return to user mode
 * (kernel/signal.c get_signal, arch/x86/kernel/signal.c handle_signal), and
 * sigreturn/rt_sigreturn. The machine calls this at the same cycle in every
 * replica (after a system call, a fault, a timer's cycle), and everything it
 * changes goes through the CPU's registers and the voted guest memory, so the
 * handler runs in lockstep like any other code.
 *
 * Delivery to a handler: the frame (signal-frame.ts) goes on the current
 * stack, or on the alternate one with SA_ONSTACK; the handler starts with
 * EAX = signal (and EDX/ECX = &info/&uc for SA_SIGINFO), DF and TF clear, the
 * user data and code selectors, and an initialised FPU; the signal and
 * sa_mask are blocked (not the signal with SA_NODEFER); SA_RESETHAND restores
 * the default. It returns through sa_restorer (glibc sets SA_RESTORER) or,
 * without one, through the frame's own retcode: ftvm maps no vDSO, so the
 * kernel's __kernel_sigreturn is not there, and the retcode is what qemu-user
 * uses for that case. A frame that cannot be written kills with SIGSEGV.
 *
 * SA_RESTART changes nothing here: the only calls a signal interrupts are the
 * sleeps (pause, rt_sigsuspend, nanosleep), which Linux never restarts after
 * a handler either.
 */
import { GuestFault } from '../machine/guest-memory';
import type { GuestAccess } from './guest-access';
import type { SignalCpu, SyscallOutcome } from './kernel-types';
import {
  frameLayout, fpstateBytes, readSigcontext, rtSigframeBytes, rtSigreturnFrame, sigframeBytes, sigreturnFrame,
  FNSAVE_SIZE, FPSTATE_SIZE, RT_SIGFRAME_SIZE, SIGCONTEXT_SIZE, SIGFRAME_SIZE, SIGFRAME_WRITTEN, type SignalInfo,
} from './signal-frame';
import {
  SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTORER, SA_SIGINFO, SIGSEGV, SIG_DFL, SIG_IGN, SI_KERNEL, SS_AUTODISARM, signalBit, type Signals,
} from './signal-calls';

const USER_CS = 0x23;
const USER_DS = 0x2b;
const TF = 0x100;
const DF = 0x400;
const RF = 0x10000;
/** The flags sigreturn takes from the frame (FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF NT RF. */
const FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x4000 | RF;

/** How the process ends when a signal's default action is to terminate it. */
export function killedBy(sig: number): SyscallOutcome {
  return { kind: 'exit', status: 128 + sig, signal: sig };
}

/**
 * Act on every pending signal that is not blocked: run its default action or
 * set up its handler's frame (handlers nest: each new frame goes below the
 * last). Returns the process' end if a signal killed it.
 */
export function deliverPending(signals: Signals, cpu: SignalCpu, access: GuestAccess): SyscallOutcome | undefined {
  for (let next = signals.dequeue(); next; next = signals.dequeue()) {
    const { sig, info } = next;
    const action = signals.action(sig);
    if (signals.ignores(sig)) continue;
    if (action.handler === SIG_DFL) {
      signals.savedMask = null;
      return killedBy(sig);
    }
    if (!setupFrame(signals, cpu, access, sig, info)) {
      // force_sigsegv: a SIGSEGV whose own frame failed cannot be handled again.
      if (sig === SIGSEGV) signals.setAction(SIGSEGV, { ...signals.action(SIGSEGV), handler: SIG_DFL });
      signals.force(SIGSEGV, { signo: SIGSEGV, code: SI_KERNEL });
    }
  }
  return undefined;
}

/** Build the handler's frame and point the CPU at the handler; false if the frame could not be written. */
function setupFrame(signals: Signals, cpu: SignalCpu, access: GuestAccess, sig: number, info: SignalInfo): boolean {
  const action = signals.action(sig);
  const regs = cpu.registers();
  const rt = (action.flags & SA_SIGINFO) !== 0;
  const size = rt ? RT_SIGFRAME_SIZE : SIGFRAME_SIZE;
  const altStack = signals.alternateStack;
  const nested = signals.isOnAltStack(regs.esp);
  let sp = regs.esp;
  let entering = false;
  if ((action.flags & SA_ONSTACK) !== 0 && signals.altStackFlags(regs.esp) === 0) {
    sp = (altStack.sp + altStack.size) >>> 0;
    entering = true;
  }
  const { frame, fpstate } = frameLayout(sp, size);
  // Overflowing the alternate stack gives an always-bad frame, as Linux does.
  if ((nested || entering) && !signals.isOnAltStack(frame)) return false;
  const span = fpstate + FPSTATE_SIZE - frame;
  if (frame + span > 2 ** 32 || access.mappedPrefix(frame, span) < span) return false;

  const mask = signals.savedMask ?? signals.blockedMask;
  const restorer = (action.flags & SA_RESTORER) !== 0 ? action.restorer : undefined;
  const input = { sig, regs, trap: signals.trap, mask, restorer, fpstate, frame };
  access.write(fpstate, fpstateBytes(cpu.saveFpu()));
  if (rt) {
    access.write(frame, rtSigframeBytes({ ...input, info, altStack }));
  } else {
    const bytes = sigframeBytes(input);
    for (const [from, to] of SIGFRAME_WRITTEN) access.write(frame + from, bytes.subarray(from, to));
  }
  cpu.setRegisters({
    esp: frame, eip: action.handler, eax: sig,
    edx: rt ? frame + 16 : 0, ecx: rt ? frame + 144 : 0,
    eflags: regs.eflags & ~(DF | TF | RF),
    ds: USER_DS, es: USER_DS, ss: USER_DS, cs: USER_CS,
  });
  if (entering && (altStack.flags & SS_AUTODISARM) !== 0) signals.disarmAltStack();
  signals.savedMask = null;
  let blocked = signals.blockedMask | action.mask;
  if ((action.flags & SA_NODEFER) === 0) blocked |= signalBit(sig);
  signals.setBlocked(blocked);
  if ((action.flags & SA_RESETHAND) !== 0) signals.setAction(sig, { ...action, handler: SIG_DFL });
  return true;
}

/**
 * sigreturn (rt = false) and rt_sigreturn: restore the registers, the FPU,
 * the mask (and for rt the alternate stack) from the frame the handler
 * returned through. EAX comes back from the frame too: the call resumes the
 * interrupted code. A frame that cannot be read or restored kills with SIGSEGV.
 */
export function sigreturn(signals: Signals, cpu: SignalCpu, access: GuestAccess, rt: boolean): SyscallOutcome {
  const current = cpu.registers();
  try {
    let sigcontext: number;
    let mask: bigint;
    let stack: number | undefined;
    if (rt) {
      const f = rtSigreturnFrame(current.esp);
      sigcontext = f.sigcontext;
      mask = access.view(f.sigmask, 8).getBigUint64(0, true);
      stack = f.stack;
    } else {
      const f = sigreturnFrame(current.esp);
      sigcontext = f.sigcontext;
      mask = BigInt(access.u32(sigcontext + 80)) | (BigInt(access.u32(f.extramask)) << 32n);
    }
    const saved = readSigcontext(access.view(sigcontext, SIGCONTEXT_SIZE));
    const fpu = saved.fpstate === 0 ? null : access.read(saved.fpstate, FNSAVE_SIZE);
    const altStack = stack === undefined ? undefined : access.u32s(stack, 3);
    signals.setBlocked(mask);
    const { fpstate: _, ...regs } = saved;
    const restored = cpu.setRegisters({
      ...regs,
      cs: regs.cs | 3, ss: regs.ss | 3,
      eflags: (current.eflags & ~FIX_EFLAGS) | (regs.eflags & FIX_EFLAGS),
    });
    if (!restored) return badFrame(signals);
    cpu.restoreFpu(fpu);
    // restore_altstack: only a fault in reading it matters, other errors are squashed.
    if (altStack) signals.restoreAltStack(altStack[0], altStack[1], altStack[2], regs.esp);
    return { kind: 'resume' };
  } catch (error) {
    if (error instanceof GuestFault) return badFrame(signals);
    throw error;
  }
}

function badFrame(signals: Signals): SyscallOutcome {
  signals.force(SIGSEGV, { signo: SIGSEGV, code: SI_KERNEL });
  return { kind: 'resume' };
}

/** A fault the CPU raised in user mode, as the kernel's trap handler turns it into a signal. */
export interface UserFault {
  readonly sig: number;
  readonly info: SignalInfo;
  /** The trap number and error code; cr2 only for a page fault (the task keeps the last one). */
  readonly trap: { readonly trapno: number; readonly err: number; readonly cr2?: number };
}

export function forceFault(signals: Signals, fault: UserFault): void {
  signals.force(fault.sig, fault.info, fault.trap);
}

/** The disposition leaves a fault to end the process (no handler, or a forced default). */
export function faultKills(signals: Signals, sig: number): boolean {
  const handler = signals.action(sig).handler;
  return handler === SIG_DFL || handler === SIG_IGN;
}
