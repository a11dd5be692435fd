/**
 * The fixed identity the guest process sees. Nothing is taken from the host,
 * so output that prints a pid or a uid repeats run after run.
 */
export const GUEST_PID = 1000;
/** A single-threaded process: its only thread's id is the pid. */
export const GUEST_TID = GUEST_PID;
export const GUEST_PPID = 999;
export const GUEST_UID = 1000;
export const GUEST_GID = 1000;

export const UTS = {
  sysname: 'Linux',
  nodename: 'ftvm',
  release: '6.1.0-ftvm',
  version: '#1 SMP PREEMPT_DYNAMIC ftvm',
  machine: 'i686',
  domainname: '(none)',
} as const;

/** The AT_PLATFORM string: what `uname -m` says on a 32-bit x86 kernel. */
export const PLATFORM = 'i686';
