/**
 * Runs injections on worker threads, one per host core by default. Each
 * worker gets the injection context once and then one task at a time (two in
 * flight, so it never waits for the next), which balances runs of very
 * different lengths. Results come back in completion order; the caller puts
 * them in index order.
 *
 * The worker script is dist/campaign-worker.js beside the bundle, or
 * src/campaign/worker.ts run through src/util/dev-ts-loader.mjs from source. If
 * neither can be found, `workerScript()` says so and the caller runs the
 * injections in its own thread.
 */
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors';
import { workerScript as findWorkerScript, startWorker, type WorkerScript } from '../util/worker-script';
import type { InjectionContext, InjectionResult, InjectionTask, RunWork } from './injection-run';
import type { FromWorker, ToWorker } from './worker';

const IN_FLIGHT = 2;

/** Where the campaign worker's script is, or undefined when this build has none. */
export function workerScript(): WorkerScript | undefined {
  return findWorkerScript(import.meta.url, './worker.ts', './campaign-worker.js');
}

export async function runOnWorkers(
  script: WorkerScript,
  context: InjectionContext,
  workers: number,
  tasks: readonly InjectionTask[],
  onResult: (result: InjectionResult, work: RunWork) => void,
): Promise<void> {
  if (tasks.length === 0) return;
  const size = Math.max(1, Math.min(workers, tasks.length));
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const feed = (w: Worker) => {
        if (next < tasks.length) w.postMessage({ type: 'run', task: tasks[next++] } satisfies ToWorker);
      };
      for (let i = 0; i < size; i++) {
        const w = startWorker(script, context);
        pool.push(w);
        w.on('message', (msg: FromWorker) => {
          if (failed) return;
          if (msg.type === 'error') {
            fail(msg.user ? new UserError(msg.message) : new Error(`campaign worker failed on injection ${msg.index}: ${msg.message}`));
            return;
          }
          try {
            onResult(msg.result, msg.work);
          } catch (error) {
            fail(error as Error);
            return;
          }
          done++;
          if (done === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', (error) => fail(error));
        w.on('exit', (code) => {
          if (done < tasks.length) fail(new Error(`campaign worker exited with status ${code} before the campaign finished`));
        });
        for (let k = 0; k < IN_FLIGHT; k++) feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
