/**
 * The blocking channel: a message posted before the other side waits is not
 * lost, messages keep their order, and bigint, typed arrays and nested data
 * arrive intact (checkpoints carry cycles as bigints, copies carry memory).
 */
import { describe, test, expect } from 'vitest';
import { MessageChannel, Worker } from 'node:worker_threads';
import { SyncEndpoint, signalWords } from '../../src/parallel/sync-channel';

// An echo worker in plain JavaScript: it answers each message with the same message, blocking as a chassis does.
const ECHO = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { port, signals } = workerData;
for (;;) {
  const seen = Atomics.load(signals, 1);
  const got = receiveMessageOnPort(port);
  if (!got) { Atomics.wait(signals, 1, seen); continue; }
  if (got.message === 'stop') break;
  port.postMessage({ echo: got.message });
  Atomics.add(signals, 0, 1);
  Atomics.notify(signals, 0);
}
port.close();
`;

describe('SyncEndpoint', () => {
  test('round trips in order, synchronously, with bigints and bytes intact', async () => {
    const signals = signalWords(1);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(ECHO, { eval: true, workerData: { port: port2, signals }, transferList: [port2] });
    const link = new SyncEndpoint<{ echo: unknown }, unknown>(port1, signals, 0, 1);
    try {
      // Sent before the worker has even started: the counters make the early wake-up harmless.
      link.send({ cycle: 2n ** 40n, bytes: new Uint8Array([1, 2, 3]) });
      link.send('second');
      expect(link.receive()).toEqual({ echo: { cycle: 2n ** 40n, bytes: new Uint8Array([1, 2, 3]) } });
      expect(link.receive()).toEqual({ echo: 'second' });
      expect(link.poll()).toBeUndefined();
      for (let i = 0; i < 100; i++) {
        link.send(i);
        expect(link.receive()).toEqual({ echo: i });
      }
    } finally {
      link.send('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  });
});
