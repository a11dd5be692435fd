/**
 * A campaign worker thread: builds and warms its machines for the program it
 * is started with (workerData, or a first message when it was started before
 * the program was known), while the golden runs run in the main
 * thread; then receives the injection context and runs the injections it is
 * sent, one result message each. Bundled as dist/campaign-worker.js; from
 * source it runs through src/util/dev-ts-loader.mjs.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { InjectionRunner, warmHarnesses, type InjectionContext, type InjectionResult, type InjectionTask, type RunWork, type WarmStart } from './injection-run';

/** The pool ends a worker by terminating it (WorkerPool.terminate). */
export type ToWorker =
  | { readonly type: 'start'; readonly start: WarmStart }
  | { readonly type: 'context'; readonly context: InjectionContext }
  | { readonly type: 'run'; readonly task: InjectionTask };
export type FromWorker =
  | { readonly type: 'result'; readonly result: InjectionResult; readonly work: RunWork }
  | { readonly type: 'error'; readonly index: number; readonly message: string; readonly user: boolean };

if (parentPort) {
  const port = parentPort;
  // The context, once the golden runs are done: the warm-up stops then (warmHarnesses). Messages after it
  // stay queued for the listener, in order.
  let early: ToWorker | undefined;
  const contextArrived = (): boolean => {
    early ??= receiveMessageOnPort(port)?.message as ToWorker | undefined;
    return early !== undefined;
  };
  // A worker started before the campaign was read (prestartWorker) is told its program first.
  const start = (workerData as { data?: WarmStart }).data ?? (await nextMessage<{ start: WarmStart }>(port)).start;
  const warm = warmHarnesses(start, contextArrived);
  let runner: InjectionRunner | undefined;
  const handle = (msg: ToWorker): void => {
    if (msg.type === 'start') return; // only ever the first message, taken above
    if (msg.type === 'context') {
      runner = new InjectionRunner(msg.context, warm);
      return;
    }
    try {
      if (!runner) throw new Error('no injection context before the first injection');
      const { result, work } = runner.runCounted(msg.task);
      port.postMessage({ type: 'result', result, work } satisfies FromWorker);
    } catch (error) {
      const user = error instanceof Error && error.name === 'UserError';
      port.postMessage({ type: 'error', index: msg.task.index, message: user ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error), user } satisfies FromWorker);
    }
  };
  if (early) handle(early);
  port.on('message', handle);
}

function nextMessage<T>(port: MessagePort): Promise<T> {
  return new Promise((resolve) => port.once('message', (msg: T) => resolve(msg)));
}
