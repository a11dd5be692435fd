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
  | 'disk-error'
  | 'disk-repaired'
  | 'disk-offline'
  | 'disk-resync-start'
  | 'disk-resync-done'
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

/** A machine's events in order, and the listeners told of each as it happens. */
export class EventRecord {
  readonly list: MachineEvent[] = [];
  private readonly listeners: EventListener[] = [];

  /** `now` is the machine's cycle, for events emitted without one. */
  constructor(private readonly now: () => bigint) {}

  onEvent(listener: EventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(event: Omit<MachineEvent, 'cycle'> & { cycle?: number }): void {
    const full = { ...event, cycle: event.cycle ?? Number(this.now()) } as MachineEvent;
    this.list.push(full);
    for (const l of this.listeners) l(full);
  }
}
