/**
 * A blocking message channel between the coordinator and one chassis worker.
 * Both sides run synchronously (the coordinator inside Machine-like run(), the
 * worker inside its machine's run loop), so neither can wait for a 'message'
 * event: a side posts on its MessagePort, bumps a shared counter and wakes
 * the other, which takes the message off its port with receiveMessageOnPort.
 * The counters make a wake-up that arrives before the wait harmless.
 *
 * Nor can the coordinator see a worker's 'exit' event while it blocks, so a
 * worker shows it is alive through shared words too: a heartbeat it bumps as
 * it runs, and an exit word its process 'exit' handler sets (a thread that
 * throws, or calls process.exit, says so there; one that is terminated or
 * crashes says nothing, and its silence outlasts the coordinator's timeout).
 */
import { receiveMessageOnPort, type MessagePort, type TransferListItem } from 'node:worker_threads';

/**
 * Shared signal words for a coordinator and `chassis` workers: index 0 is the
 * coordinator's inbox, 1 + c chassis c's; then chassis c's heartbeat, then
 * its exit word (its exit code + 1 once its thread has ended).
 */
export function signalWords(chassis: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (1 + 3 * chassis)));
}

const chassisCount = (signals: Int32Array) => (signals.length - 1) / 3;
const heartbeatWord = (signals: Int32Array, c: number) => 1 + chassisCount(signals) + c;
const exitWord = (signals: Int32Array, c: number) => 1 + 2 * chassisCount(signals) + c;

/** The worker's side of liveness: it has started, and is still running (0 means not started yet). */
export function heartbeat(signals: Int32Array, c: number): void {
  Atomics.add(signals, heartbeatWord(signals, c), 1);
}

/** The worker's side of liveness: when this thread ends, for whatever reason JavaScript sees, wake the coordinator and say so. */
export function reportExit(signals: Int32Array, c: number): void {
  process.on('exit', (code) => {
    Atomics.store(signals, exitWord(signals, c), (code | 0) + 1);
    Atomics.add(signals, 0, 1);
    Atomics.notify(signals, 0);
  });
}

/** The coordinator's watch over the worker it receives from. */
export interface PeerWatch {
  /** The worker's chassis number (its liveness words). */
  readonly chassis: number;
  /** How the worker is named in errors. */
  readonly name: string;
  /** How long the worker may be silent (no message, no heartbeat) before it is given up for lost. */
  readonly timeoutMs: number;
}

// How often a watching receive looks at the liveness words while it waits.
const WATCH_SLICE_MS = 50;
// A thread whose heartbeat is still 0 has not started yet: loading its modules (from source, on a busy host) takes seconds.
const STARTUP_GRACE_MS = 60_000;

export class SyncEndpoint<In, Out> {
  constructor(
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
    /** The word the other side bumps when it posts to us. */
    private readonly inbox: number,
    /** The word we bump when we post to the other side. */
    private readonly outbox: number,
    /** For the coordinator: a worker that ends or falls silent is an error, not a wait for ever. */
    private readonly watch?: PeerWatch,
  ) {}

  send(message: Out, transfer: readonly TransferListItem[] = []): void {
    this.port.postMessage(message, [...transfer]);
    Atomics.add(this.signals, this.outbox, 1);
    Atomics.notify(this.signals, this.outbox);
  }

  /** The next message if one has arrived. */
  poll(): In | undefined {
    const got = receiveMessageOnPort(this.port);
    return got === undefined ? undefined : (got.message as In);
  }

  /** Block until a message arrives (with a watch: or until the other side has ended or been silent too long, an Error). */
  receive(): In {
    const watch = this.watch;
    let beat = watch && Atomics.load(this.signals, heartbeatWord(this.signals, watch.chassis));
    let lastSign = Date.now();
    for (;;) {
      const seen = Atomics.load(this.signals, this.inbox);
      const message = this.poll();
      if (message !== undefined) return message;
      if (!watch) {
        Atomics.wait(this.signals, this.inbox, seen);
        continue;
      }
      Atomics.wait(this.signals, this.inbox, seen, WATCH_SLICE_MS);
      const exit = Atomics.load(this.signals, exitWord(this.signals, watch.chassis));
      if (exit !== 0) {
        // Its last message, if any, was posted before its thread ended.
        const last = this.poll();
        if (last !== undefined) return last;
        throw new Error(`${watch.name} ended without a word (exit code ${exit - 1})`);
      }
      const now = Date.now();
      const b = Atomics.load(this.signals, heartbeatWord(this.signals, watch.chassis));
      if (b !== beat) {
        beat = b;
        lastSign = now;
      } else if (now - lastSign > (b === 0 ? Math.max(watch.timeoutMs, STARTUP_GRACE_MS) : watch.timeoutMs)) {
        throw new Error(`${watch.name} gave no sign of life for ${b === 0 ? 'a minute after it was started' : `${watch.timeoutMs} ms`}`);
      }
    }
  }
}
