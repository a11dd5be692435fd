/**
 * The i386 signal frames, byte for byte as Linux builds them
 * (arch/x86/kernel/signal_32.c, arch/x86/include/asm/sigframe.h,
 * uapi/asm/sigcontext.h, uapi/asm/ucontext.h, compat_siginfo_t):
 *
 *   struct sigframe    { pretcode, sig, sigcontext sc, _fpstate_32 unused,
 *                        extramask[1], retcode[8] }            732 bytes
 *   struct rt_sigframe { pretcode, sig, pinfo, puc, siginfo info[128],
 *                        ucontext uc, retcode[8] }             268 bytes
 *   struct ucontext    { uc_flags, uc_link, stack_t uc_stack,
 *                        sigcontext uc_mcontext, sigset_t uc_sigmask }
 *
 * The FPU state goes above the frame, 64-byte aligned, as `struct
 * _fpstate_32` in its fnsave form (struct fregs_state: the 108-byte fnsave
 * image then `status`, the status word, whose high half the fnsave image
 * already holds as 0xffff, which is the magic "no FXSR data"): the kernel's
 * layout on a CPU without FXSR, which is the CPU ftvm models (cpuid reports
 * the FPU and no SSE). The sigframe's own `fpstate_unused` is not written,
 * as the kernel leaves it.
 */
import { StructBuilder } from './guest-access';

/** The registers a signal frame saves, as a user-mode i386 task has them. */
export interface UserRegisters {
  eax: number; ebx: number; ecx: number; edx: number;
  esi: number; edi: number; ebp: number; esp: number;
  eip: number; eflags: number;
  cs: number; ds: number; es: number; fs: number; gs: number; ss: number;
}

/** What the last exception left in the task (thread.trap_nr, error_code, cr2). */
export interface TrapState {
  readonly trapno: number;
  readonly err: number;
  readonly cr2: number;
}

/** compat_siginfo_t's fields that ftvm's signals use (the rest of the 128 bytes are zero). */
export interface SignalInfo {
  readonly signo: number;
  readonly code: number;
  /** si_addr for faults, si_pid for kill/tkill. */
  readonly addr?: number;
  readonly pid?: number;
  readonly uid?: number;
}

export const SIGCONTEXT_SIZE = 88;
export const SIGINFO_SIZE = 128;
const UCONTEXT_MCONTEXT = 20;
const UCONTEXT_SIGMASK = 108;
export const SIGFRAME_SIZE = 732;
export const RT_SIGFRAME_SIZE = 268;
const SIGFRAME_SC = 8;
const SIGFRAME_EXTRAMASK = 720;
const SIGFRAME_RETCODE = 724;
const RT_SIGFRAME_INFO = 16;
const RT_SIGFRAME_UC = 144;
const RT_SIGFRAME_RETCODE = 260;
/** struct fregs_state: the fnsave image and the status word. */
export const FPSTATE_SIZE = 112;
export const FNSAVE_SIZE = 108;

const NR_SIGRETURN = 119;
const NR_RT_SIGRETURN = 173;
/** popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
const SIGRETURN_CODE = [0x58, 0xb8, NR_SIGRETURN, 0, 0, 0, 0xcd, 0x80];
/** movl $__NR_rt_sigreturn, %eax; int $0x80; (pad) */
const RT_SIGRETURN_CODE = [0xb8, NR_RT_SIGRETURN, 0, 0, 0, 0xcd, 0x80, 0];

/** Offsets of struct sigcontext_32's fields. */
export const SC = {
  gs: 0, fs: 4, es: 8, ds: 12, edi: 16, esi: 20, ebp: 24, esp: 28, ebx: 32, edx: 36, ecx: 40, eax: 44,
  trapno: 48, err: 52, eip: 56, cs: 60, eflags: 64, espAtSignal: 68, ss: 72, fpstate: 76, oldmask: 80, cr2: 84,
} as const;

/** Where the kernel puts a frame of `size` bytes below `sp`, with the FPU state above it. */
export function frameLayout(sp: number, size: number): { frame: number; fpstate: number } {
  const fpstate = Math.floor((sp - FPSTATE_SIZE) / 64) * 64; // fpu__alloc_mathframe: round_down(sp - size, 64)
  const below = fpstate - size;
  const frame = (Math.floor((below + 4) / 16) * 16) - 4; // align_sigframe: ((sp + 4) & -16) - 4
  return { frame: frame >>> 0, fpstate: fpstate >>> 0 };
}

export function sigcontextBytes(regs: UserRegisters, trap: TrapState, fpstate: number, oldmask: number): Uint8Array {
  return new StructBuilder(SIGCONTEXT_SIZE)
    .u32(SC.gs, regs.gs).u32(SC.fs, regs.fs).u32(SC.es, regs.es).u32(SC.ds, regs.ds)
    .u32(SC.edi, regs.edi).u32(SC.esi, regs.esi).u32(SC.ebp, regs.ebp).u32(SC.esp, regs.esp)
    .u32(SC.ebx, regs.ebx).u32(SC.edx, regs.edx).u32(SC.ecx, regs.ecx).u32(SC.eax, regs.eax)
    .u32(SC.trapno, trap.trapno).u32(SC.err, trap.err).u32(SC.eip, regs.eip).u32(SC.cs, regs.cs)
    .u32(SC.eflags, regs.eflags).u32(SC.espAtSignal, regs.esp).u32(SC.ss, regs.ss)
    .u32(SC.fpstate, fpstate).u32(SC.oldmask, oldmask).u32(SC.cr2, trap.cr2).bytes;
}

/** The FPU state as the frame holds it: the fnsave image, then the status word (and 0xffff, the fnsave image's high half). */
export function fpstateBytes(fnsave: Uint8Array): Uint8Array {
  const out = new Uint8Array(FPSTATE_SIZE);
  out.set(fnsave.subarray(0, FNSAVE_SIZE));
  out.set(fnsave.subarray(4, 8), FNSAVE_SIZE); // __get_user(swd, &fp->swd); __put_user(swd, &fp->status)
  return out;
}

export function siginfoBytes(info: SignalInfo): Uint8Array {
  const b = new StructBuilder(SIGINFO_SIZE).i32(0, info.signo).i32(8, info.code);
  if (info.addr !== undefined) b.u32(12, info.addr);
  if (info.pid !== undefined) b.u32(12, info.pid).u32(16, info.uid ?? 0);
  return b.bytes;
}

export interface FrameInput {
  readonly sig: number;
  readonly regs: UserRegisters;
  readonly trap: TrapState;
  /** The mask to restore on sigreturn (blocked before the handler). */
  readonly mask: bigint;
  readonly restorer: number | undefined;
  readonly fpstate: number;
  readonly frame: number;
}

/** struct sigframe: the handler's argument is the signal number only. */
export function sigframeBytes(input: FrameInput): Uint8Array {
  const { frame } = input;
  const b = new StructBuilder(SIGFRAME_SIZE)
    .u32(0, input.restorer ?? frame + SIGFRAME_RETCODE)
    .u32(4, input.sig)
    .set(SIGFRAME_SC, sigcontextBytes(input.regs, input.trap, input.fpstate, Number(input.mask & 0xffffffffn)))
    .u32(SIGFRAME_EXTRAMASK, Number(input.mask >> 32n))
    .set(SIGFRAME_RETCODE, Uint8Array.from(SIGRETURN_CODE));
  return b.bytes;
}

/** The byte ranges of struct sigframe the kernel writes (fpstate_unused is left as it was). */
export const SIGFRAME_WRITTEN: readonly [number, number][] = [[0, SIGFRAME_SC + SIGCONTEXT_SIZE], [SIGFRAME_EXTRAMASK, SIGFRAME_SIZE]];

export interface RtFrameInput extends FrameInput {
  readonly info: SignalInfo;
  readonly altStack: { sp: number; flags: number; size: number };
}

export function rtSigframeBytes(input: RtFrameInput): Uint8Array {
  const { frame } = input;
  const uc = RT_SIGFRAME_UC;
  return new StructBuilder(RT_SIGFRAME_SIZE)
    .u32(0, input.restorer ?? frame + RT_SIGFRAME_RETCODE)
    .u32(4, input.sig)
    .u32(8, frame + RT_SIGFRAME_INFO)
    .u32(12, frame + RT_SIGFRAME_UC)
    .set(RT_SIGFRAME_INFO, siginfoBytes(input.info))
    .u32(uc, 0) // uc_flags: no UC_FP_XSTATE without XSAVE
    .u32(uc + 4, 0)
    .u32(uc + 8, input.altStack.sp).u32(uc + 12, input.altStack.flags).u32(uc + 16, input.altStack.size)
    .set(uc + UCONTEXT_MCONTEXT, sigcontextBytes(input.regs, input.trap, input.fpstate, Number(input.mask & 0xffffffffn)))
    .u64(uc + UCONTEXT_SIGMASK, input.mask)
    .set(RT_SIGFRAME_RETCODE, Uint8Array.from(RT_SIGRETURN_CODE)).bytes;
}

/** Where sigreturn finds its frame: the handler's ret and the restorer's popl took 8 bytes. */
export function sigreturnFrame(esp: number): { sigcontext: number; extramask: number } {
  const frame = (esp - 8) >>> 0;
  return { sigcontext: frame + SIGFRAME_SC, extramask: frame + SIGFRAME_EXTRAMASK };
}

/** Where rt_sigreturn finds its frame: the handler's ret took the pretcode. */
export function rtSigreturnFrame(esp: number): { sigcontext: number; sigmask: number; stack: number } {
  const uc = (esp - 4 + RT_SIGFRAME_UC) >>> 0;
  return { sigcontext: uc + UCONTEXT_MCONTEXT, sigmask: uc + UCONTEXT_SIGMASK, stack: uc + 8 };
}

/** The registers a sigcontext holds (selectors in their low 16 bits). */
export function readSigcontext(view: DataView): UserRegisters & { fpstate: number } {
  const u = (at: number) => view.getUint32(at, true);
  const sel = (at: number) => view.getUint16(at, true);
  return {
    gs: sel(SC.gs), fs: sel(SC.fs), es: sel(SC.es), ds: sel(SC.ds),
    edi: u(SC.edi), esi: u(SC.esi), ebp: u(SC.ebp), esp: u(SC.esp),
    ebx: u(SC.ebx), edx: u(SC.edx), ecx: u(SC.ecx), eax: u(SC.eax),
    eip: u(SC.eip), cs: sel(SC.cs), eflags: u(SC.eflags), ss: sel(SC.ss), fpstate: u(SC.fpstate),
  };
}
