/**
 * Runs injections on worker threads, one per host core by default. The
 * workers start before the golden runs (WorkerPool's constructor; the `ftvm`
 * executable starts the first one before it has even read the campaign,
 * prestartWorker): each loads the core and builds its machines, runs the
 * program once without a fault and rehearses a few injections
 * (warmHarnesses), on its own core while the golden runs take the main
 * thread. Once the golden runs are done, each gets
 * the injection context (which ends its warm-up where it stands) and then
 * one task at a time (two in flight, so it never waits for the next), which
 * balances runs of very different lengths.
 * Results come back in completion order; the caller puts them in index
 * order.
 *
 * The worker script is dist/campaign-worker.js beside the bundle, or
 * src/campaign/worker.ts run through src/util/dev-ts-loader.mjs from source. If
 * neither can be found, `workerScript()` says so and the caller runs the
 * injections in its own thread.
 */
import type { Worker } from 'node:worker_threads';
import { UserError } from '../errors';
import { workerScript as findWorkerScript, startWorker, type WorkerScript } from '../util/worker-script';
import type { InjectionContext, InjectionResult, InjectionTask, RunWork, WarmStart } from './injection-run';
import type { FromWorker, ToWorker } from './worker';

const IN_FLIGHT = 2;

/** Where the campaign worker's script is, or undefined when this build has none. */
export function workerScript(): WorkerScript | undefined {
  return findWorkerScript(import.meta.url, './worker.ts', './campaign-worker.js');
}

/** A worker started before the program to run was known (prestartWorker), for the first pool to take. */
let prestarted: { readonly worker: Worker; readonly script: WorkerScript } | undefined;

/**
 * Start a campaign worker now, before the campaign is read: it loads while
 * the caller does (the CLI loads for about 0.3 s before it has read a
 * campaign file; a worker takes 0.15-0.3 s to load), and waits for the
 * program it will run. It keeps no process alive until a pool takes it.
 */
export function prestartWorker(): void {
  const script = workerScript();
  if (!script || prestarted) return;
  const worker = startWorker(script, undefined);
  worker.unref();
  prestarted = { worker, script };
}

export class WorkerPool {
  private readonly workers: Worker[];

  /** Start `size` workers (the prestarted one first), which build and warm their machines for `start` at once. */
  constructor(script: WorkerScript, size: number, start: WarmStart) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => takePrestarted(script, start) ?? startWorker(script, start));
  }

  /** Workers that take part in a run of `tasks` tasks (the others are let go). */
  async shrinkTo(tasks: number): Promise<number> {
    const spare = this.workers.splice(Math.max(1, Math.min(this.workers.length, tasks)));
    await Promise.all(spare.map((w) => w.terminate()));
    return this.workers.length;
  }

  run(context: InjectionContext, tasks: readonly InjectionTask[], onResult: (result: InjectionResult, work: RunWork) => void): Promise<void> {
    if (tasks.length === 0) return Promise.resolve();
    let next = 0;
    let done = 0;
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const feed = (w: Worker) => {
        if (next < tasks.length) w.postMessage({ type: 'run', task: tasks[next++] } satisfies ToWorker);
      };
      for (const w of this.workers) {
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
        w.postMessage({ type: 'context', context } satisfies ToWorker);
        for (let k = 0; k < IN_FLIGHT; k++) feed(w);
      }
    });
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/** The prestarted worker, given `start`, if there is one for this script. */
function takePrestarted(script: WorkerScript, start: WarmStart): Worker | undefined {
  if (prestarted?.script.entry.href !== script.entry.href) return undefined;
  const { worker } = prestarted;
  prestarted = undefined;
  worker.ref();
  worker.postMessage({ type: 'start', start } satisfies ToWorker);
  return worker;
}
