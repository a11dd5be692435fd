/**
 * What a guest fault the core stopped for becomes in Linux: the signal, its
 * siginfo (si_code, si_addr), the trap number and error code the kernel
 * keeps for the sigcontext (arch/x86/kernel/traps.c, arch/x86/mm/fault.c),
 * and the one-line report ftvm prints when the fault ends the process.
 */
import type { GuestSignal } from './outcome';
import { hex } from './outcome';
import type { UserFault } from '../linux/signal-delivery';
import type { CoreLayout } from '../core/layout';
import type { GuestMemory } from './guest-memory';

/** x86 exception vectors (the sigcontext's trapno). */
const X86_TRAP_DE = 0, X86_TRAP_DB = 1, X86_TRAP_BP = 3, X86_TRAP_OF = 4, X86_TRAP_BR = 5, X86_TRAP_UD = 6, X86_TRAP_NP = 11, X86_TRAP_SS = 12, X86_TRAP_GP = 13, X86_TRAP_PF = 14, X86_TRAP_MF = 16;
const SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;
const SI_KERNEL = 0x80;
const SEGV_MAPERR = 1, SEGV_ACCERR = 2;
const FPE_INTDIV = 1;
const ILL_ILLOPN = 2;
const TRAP_TRACE = 2;
/** Page-fault error code bits: the page was present, the access a write, from user mode. */
const PF_PROT = 1, PF_WRITE = 2, PF_USER = 4;

/** The si_code of an x87 SIGFPE (the core's STOP_FPU_ERROR status address), as Linux names it. */
const FPE_CODES: Record<number, string> = { 3: 'FPE_FLTDIV, divide by zero', 4: 'FPE_FLTOVF, overflow', 5: 'FPE_FLTUND, underflow or denormal', 6: 'FPE_FLTRES, inexact', 7: 'FPE_FLTINV, invalid operation' };

export interface GuestFaultReport {
  readonly fault: UserFault;
  readonly signal: GuestSignal;
  /** What ftvm prints when the fault ends the process. */
  readonly message: string;
}

export interface StopDetails {
  readonly reason: number;
  readonly eip: number;
  /** R_STATUS_ADDR: the faulting address, vector or si_code. */
  readonly addr: number;
  /** R_STATUS_INFO: for STOP_SEGV, the W bit of the page-fault error code. */
  readonly info: number;
  /** The first bytes at eip, for reports. */
  readonly opcodeBytes: () => string;
}

/** The Linux view of a guest fault, or undefined when the stop is not one. */
export function userFault(layout: CoreLayout, memory: GuestMemory, stop: StopDetails): GuestFaultReport | undefined {
  const { eip, addr } = stop;
  const segv = (trapno: number, err: number, message: string): GuestFaultReport =>
    ({ signal: 'SIGSEGV', message, fault: { sig: SIGSEGV, info: { signo: SIGSEGV, code: SI_KERNEL, addr: 0 }, trap: { trapno, err } } });
  // #NP and #SS: Linux's do_segment_not_present / do_stack_segment send SIGBUS.
  const bus = (trapno: number, err: number, message: string): GuestFaultReport =>
    ({ signal: 'SIGBUS', message, fault: { sig: SIGBUS, info: { signo: SIGBUS, code: SI_KERNEL, addr: 0 }, trap: { trapno, err } } });
  switch (stop.reason) {
    case layout.STOP_SEGV: {
      // A page Linux has mapped (even PROT_NONE) is an access error; PF_PROT only if the page is present to the MMU.
      const mapped = memory.isMapped(addr);
      const err = PF_USER | (stop.info & PF_WRITE) | (memory.isAccessible(addr) ? PF_PROT : 0);
      return {
        signal: 'SIGSEGV', message: `guest SIGSEGV at ${hex(addr)} (eip ${hex(eip)})`,
        fault: { sig: SIGSEGV, info: { signo: SIGSEGV, code: mapped ? SEGV_ACCERR : SEGV_MAPERR, addr }, trap: { trapno: X86_TRAP_PF, err, cr2: addr } },
      };
    }
    case layout.STOP_ILLEGAL:
      return {
        signal: 'SIGILL', message: `guest SIGILL: illegal or unsupported instruction ${stop.opcodeBytes()} at eip ${hex(eip)}`,
        fault: { sig: SIGILL, info: { signo: SIGILL, code: ILL_ILLOPN, addr: eip }, trap: { trapno: X86_TRAP_UD, err: 0 } },
      };
    case layout.STOP_DIVIDE:
      return {
        signal: 'SIGFPE', message: `guest SIGFPE: integer divide error at eip ${hex(eip)}`,
        fault: { sig: SIGFPE, info: { signo: SIGFPE, code: FPE_INTDIV, addr: eip }, trap: { trapno: X86_TRAP_DE, err: 0 } },
      };
    case layout.STOP_FPU_ERROR:
      return {
        signal: 'SIGFPE', message: `guest SIGFPE: x87 floating-point exception (${FPE_CODES[addr] ?? `si_code ${addr}`}) at eip ${hex(eip)}`,
        fault: { sig: SIGFPE, info: { signo: SIGFPE, code: addr, addr: eip }, trap: { trapno: X86_TRAP_MF, err: 0 } },
      };
    case layout.STOP_PRIVILEGED:
      return segv(X86_TRAP_GP, 0, `guest SIGSEGV: privileged instruction ${stop.opcodeBytes()} at eip ${hex(eip)}`);
    case layout.STOP_INTERRUPT:
      // int n through a gate user mode may not use: #GP with the IDT entry (vector * 8 + IDT bit) as error code.
      return segv(X86_TRAP_GP, addr * 8 + 2, `guest SIGSEGV: int ${hex(addr)} is not a Linux gate (eip ${hex(eip)})`);
    case layout.STOP_GENERAL_PROTECTION:
      return segv(X86_TRAP_GP, addr, `guest SIGSEGV: general protection fault (#GP, error code ${hex(addr)}) at eip ${hex(eip)}`);
    case layout.STOP_SEGMENT_NOT_PRESENT:
      return bus(X86_TRAP_NP, addr, `guest SIGBUS: segment not present (#NP, error code ${hex(addr)}) at eip ${hex(eip)}`);
    case layout.STOP_STACK_FAULT:
      return bus(X86_TRAP_SS, addr, `guest SIGBUS: stack segment fault (#SS, error code ${hex(addr)}) at eip ${hex(eip)}`);
    case layout.STOP_OVERFLOW:
      return segv(X86_TRAP_OF, 0, `guest SIGSEGV: overflow trap (into) before eip ${hex(eip)}`);
    case layout.STOP_BOUND:
      return segv(X86_TRAP_BR, 0, `guest SIGSEGV: bound range exceeded at eip ${hex(eip)}`);
    case layout.STOP_TRAP:
      // A trap: eip is already past the int3.
      return {
        signal: 'SIGTRAP', message: `guest SIGTRAP: breakpoint (int3) before eip ${hex(eip)}`,
        fault: { sig: SIGTRAP, info: { signo: SIGTRAP, code: SI_KERNEL, addr: 0 }, trap: { trapno: X86_TRAP_BP, err: 0 } },
      };
    default:
      return undefined;
  }
}

/** The single-step trap after an instruction that started with TF set. */
export function singleStepFault(eip: number): GuestFaultReport {
  return {
    signal: 'SIGTRAP', message: `guest SIGTRAP: single-step trap (TF) before eip ${hex(eip)}`,
    fault: { sig: SIGTRAP, info: { signo: SIGTRAP, code: TRAP_TRACE, addr: eip }, trap: { trapno: X86_TRAP_DB, err: 0 } },
  };
}
