/**
 * A campaign worker thread: receives the injection context once (as
 * workerData), then runs the injections it is sent, one result message each.
 * Bundled as dist/campaign-worker.js; from source it runs through
 * src/util/dev-ts-loader.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InjectionRunner, type InjectionContext, type InjectionResult, type InjectionTask, type RunWork } from './injection-run';

export type ToWorker = { readonly type: 'run'; readonly task: InjectionTask } | { readonly type: 'stop' };
export type FromWorker =
  | { readonly type: 'result'; readonly result: InjectionResult; readonly work: RunWork }
  | { readonly type: 'error'; readonly index: number; readonly message: string; readonly user: boolean };

if (parentPort) {
  const port = parentPort;
  const runner = new InjectionRunner((workerData as { data: InjectionContext }).data);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      runner.dispose();
      port.close();
      return;
    }
    try {
      const { result, work } = runner.runCounted(msg.task);
      port.postMessage({ type: 'result', result, work } satisfies FromWorker);
    } catch (error) {
      const user = error instanceof Error && error.name === 'UserError';
      port.postMessage({ type: 'error', index: msg.task.index, message: user ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error), user } satisfies FromWorker);
    }
  });
}
