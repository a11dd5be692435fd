/**
 * Machine events: what the machine detected and did, in cycle order. They go
 * to `--events FILE` as JSON lines and to the --stats summary, never to the
 * guest's stdout.
 */
export type MachineEventType =
  | 'fault-injected'
  | 'mismatch'
  | 'vote'
  | 'chassis-offline'
  | 'stop'
  | 'resync-start'
  | 'resync-done'
  | 'corrected'
  | 'uncorrectable'
  | 'scrub'
  | 'dimm-offline'
  | 'syscall-unknown'
  | 'guest-signal'
  | 'exit';

export interface MachineEvent {
  readonly cycle: number;
  readonly type: MachineEventType;
  readonly chassis?: number;
  readonly core?: number;
  readonly reason?: string;
  readonly [detail: string]: unknown;
}

export type EventListener = (event: MachineEvent) => void;
