/**
 * A campaign worker thread: builds and warms its machines for the program it
 * is started with (workerData), while the golden runs run in the main
 * thread; then receives the injection context and runs the injections it is
 * sent, one result message each. Bundled as dist/campaign-worker.js; from
 * source it runs through src/util/dev-ts-loader.mjs.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { InjectionRunner, warmHarnesses, type InjectionContext, type InjectionResult, type InjectionTask, type RunWork, type WarmStart } from './injection-run';

/** The pool ends a worker by terminating it (WorkerPool.terminate). */
export type ToWorker =
  | { readonly type: 'length'; readonly cycles: number }
  | { readonly type: 'context'; readonly context: InjectionContext }
  | { readonly type: 'run'; readonly task: InjectionTask };
export type FromWorker =
  | { readonly type: 'result'; readonly result: InjectionResult; readonly work: RunWork }
  | { readonly type: 'error'; readonly index: number; readonly message: string; readonly user: boolean };

if (parentPort) {
  const port = parentPort;
  // The program's length, once the main thread's probe has run; the context, once the golden runs are done:
  // the warm-up stops then (warmHarnesses). Messages after the context stay queued for the listener, in order.
  let length: number | undefined;
  let early: ToWorker | undefined;
  const poll = (): void => {
    while (early === undefined) {
      const msg = receiveMessageOnPort(port)?.message as ToWorker | undefined;
      if (msg === undefined) return;
      if (msg.type === 'length') length = msg.cycles;
      else early = msg;
    }
  };
  const contextArrived = (): boolean => {
    poll();
    return early !== undefined;
  };
  const programLength = (): number | undefined => {
    poll();
    return length;
  };
  const warm = warmHarnesses((workerData as { data: WarmStart }).data, contextArrived, programLength);
  let runner: InjectionRunner | undefined;
  const handle = (msg: ToWorker): void => {
    if (msg.type === 'length') return;
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
