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

// A worker that reports its exit as a chassis worker does, then either exits or stays silent without answering.
const SILENT = (then: 'exit' | 'hang') => `
const { workerData } = require('node:worker_threads');
const { signals } = workerData;
process.on('exit', (code) => { Atomics.store(signals, 3, code + 1); Atomics.add(signals, 0, 1); Atomics.notify(signals, 0); });
Atomics.add(signals, 2, 1); // started
${then === 'exit' ? 'process.exit(5);' : 'Atomics.wait(signals, 1, Atomics.load(signals, 1));'}
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

  // The exit is seen at once (a long timeout that never runs out); the silence, once the short timeout has passed.
  for (const then of ['exit', 'hang'] as const) {
    test(`a watched receive from a worker that ${then === 'exit' ? 'exits' : 'stays silent'} throws instead of waiting for ever`, async () => {
      const signals = signalWords(1);
      expect(signals.length).toBe(4); // inboxes 0 and 1, chassis 0's heartbeat (2) and exit word (3)
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(SILENT(then), { eval: true, workerData: { port: port2, signals }, transferList: [port2] });
      const link = new SyncEndpoint<unknown, unknown>(port1, signals, 0, 1, { chassis: 0, name: 'the silent worker', timeoutMs: then === 'exit' ? 60_000 : 300 });
      try {
        expect(() => link.receive()).toThrow(then === 'exit' ? 'the silent worker ended without a word (exit code 5)' : 'the silent worker gave no sign of life for 300 ms');
      } finally {
        await worker.terminate();
      }
    });
  }
});
