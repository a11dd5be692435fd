/** How a run ended, and the exit status a native run would have had. */
export type RunOutcome =
  | { readonly kind: 'exit'; readonly status: number }
  /** The guest died of a signal; status is 128 + signal number, as a shell reports it. */
  | { readonly kind: 'signal'; readonly signal: GuestSignal; readonly status: number; readonly message: string }
  /** The cycle budget ran out before the program ended (exit status 124, like timeout(1)). */
  | { readonly kind: 'limit'; readonly status: 124; readonly message: string }
  /** The machine stopped itself rather than continue with state known to be wrong (status 125). */
  | { readonly kind: 'stopped'; readonly status: 125; readonly message: string };

export type GuestSignal = 'SIGSEGV' | 'SIGILL' | 'SIGFPE' | 'SIGTRAP';

export const SIGNAL_NUMBERS: Record<GuestSignal, number> = { SIGILL: 4, SIGTRAP: 5, SIGFPE: 8, SIGSEGV: 11 };

export function signalOutcome(signal: GuestSignal, message: string): RunOutcome {
  return { kind: 'signal', signal, status: 128 + SIGNAL_NUMBERS[signal], message };
}

/** The machine stopped itself at `cycle` for `reason` (a detected error it cannot recover from). */
export function stoppedOutcome(reason: string, cycle: bigint): RunOutcome {
  return { kind: 'stopped', status: 125, message: `machine stopped: ${reason} (cycle ${cycle})` };
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
