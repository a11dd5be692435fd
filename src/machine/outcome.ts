/** How a run ended, and the exit status a native run would have had. */
export type RunOutcome =
  | { readonly kind: 'exit'; readonly status: number }
  /** The guest died of a signal; status is 128 + signal number, as a shell reports it. */
  | { readonly kind: 'signal'; readonly signal: GuestSignal; readonly status: number; readonly message: string }
  /** The cycle budget ran out before the program ended (exit status 124, like timeout(1)). */
  | { readonly kind: 'limit'; readonly status: 124; readonly message: string }
  /** The machine stopped itself rather than continue with state known to be wrong (status 125). */
  | { readonly kind: 'stopped'; readonly status: 125; readonly message: string };

/**
 * i386 Linux's signals 1-31 with what strsignal(3) says of each, as a shell
 * reports a death by them. Real-time signals (32-64) are SIGRTMIN+n.
 */
const SIGNALS = [
  ['SIGHUP', 'Hangup'], ['SIGINT', 'Interrupt'], ['SIGQUIT', 'Quit'], ['SIGILL', 'Illegal instruction'],
  ['SIGTRAP', 'Trace/breakpoint trap'], ['SIGABRT', 'Aborted'], ['SIGBUS', 'Bus error'], ['SIGFPE', 'Floating point exception'],
  ['SIGKILL', 'Killed'], ['SIGUSR1', 'User defined signal 1'], ['SIGSEGV', 'Segmentation fault'], ['SIGUSR2', 'User defined signal 2'],
  ['SIGPIPE', 'Broken pipe'], ['SIGALRM', 'Alarm clock'], ['SIGTERM', 'Terminated'], ['SIGSTKFLT', 'Stack fault'],
  ['SIGCHLD', 'Child exited'], ['SIGCONT', 'Continued'], ['SIGSTOP', 'Stopped (signal)'], ['SIGTSTP', 'Stopped'],
  ['SIGTTIN', 'Stopped (tty input)'], ['SIGTTOU', 'Stopped (tty output)'], ['SIGURG', 'Urgent I/O condition'], ['SIGXCPU', 'CPU time limit exceeded'],
  ['SIGXFSZ', 'File size limit exceeded'], ['SIGVTALRM', 'Virtual timer expired'], ['SIGPROF', 'Profiling timer expired'], ['SIGWINCH', 'Window changed'],
  ['SIGIO', 'I/O possible'], ['SIGPWR', 'Power failure'], ['SIGSYS', 'Bad system call'],
] as const;

/** A signal's name: SIGSEGV, SIGABRT, …, or SIGRTMIN+n for a real-time one. */
export type GuestSignal = (typeof SIGNALS)[number][0] | `SIGRTMIN+${number}`;

const SIGRTMIN = 32;

/** The signal numbered n (1-64). */
export function signalName(n: number): GuestSignal {
  return n >= SIGRTMIN ? `SIGRTMIN+${n - SIGRTMIN}` : SIGNALS[n - 1][0];
}

/** The number of a named signal. */
export function signalNumber(signal: GuestSignal): number {
  return signal.startsWith('SIGRTMIN+') ? SIGRTMIN + Number(signal.slice('SIGRTMIN+'.length)) : SIGNALS.findIndex(([name]) => name === signal) + 1;
}

/** strsignal(3)'s words for signal n. */
export function signalDescription(n: number): string {
  return n >= SIGRTMIN ? `Real-time signal ${n - SIGRTMIN}` : SIGNALS[n - 1][1];
}

export function signalOutcome(signal: GuestSignal, message: string): RunOutcome {
  return { kind: 'signal', signal, status: 128 + signalNumber(signal), message };
}

/** The machine stopped itself at `cycle` for `reason` (a detected error it cannot recover from). */
export function stoppedOutcome(reason: string, cycle: bigint): RunOutcome {
  return { kind: 'stopped', status: 125, message: `machine stopped: ${reason} (cycle ${cycle})` };
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
