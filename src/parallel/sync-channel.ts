/**
 * A blocking message channel between the coordinator and one chassis worker.
 * Both sides run synchronously (the coordinator inside Machine-like run(), the
 * worker inside its machine's run loop), so neither can wait for a 'message'
 * event: a side posts on its MessagePort, bumps a shared counter and wakes
 * the other, which takes the message off its port with receiveMessageOnPort.
 * The counters make a wake-up that arrives before the wait harmless.
 */
import { receiveMessageOnPort, type MessagePort, type TransferListItem } from 'node:worker_threads';

/** Shared signal words: index 0 is the coordinator's inbox, index 1 + c chassis c's. */
export function signalWords(chassis: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (1 + chassis)));
}

export class SyncEndpoint<In, Out> {
  constructor(
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
    /** The word the other side bumps when it posts to us. */
    private readonly inbox: number,
    /** The word we bump when we post to the other side. */
    private readonly outbox: number,
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

  /** Block until a message arrives. */
  receive(): In {
    for (;;) {
      const seen = Atomics.load(this.signals, this.inbox);
      const message = this.poll();
      if (message !== undefined) return message;
      Atomics.wait(this.signals, this.inbox, seen);
    }
  }
}
