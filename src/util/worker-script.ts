/**
 * Finding and starting ftvm's worker threads. A worker is its own bundle
 * entry beside dist/index.js (dist/campaign-worker.js, dist/chassis-worker.js);
 * running from the TypeScript sources (tests under vitest), it is the .ts
 * file itself, loaded through dev-ts-loader.mjs.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

export interface WorkerScript {
  readonly entry: URL;
  /** Module hooks to install first (running from TypeScript sources). */
  readonly loader?: URL;
}

/**
 * Where a worker's script is, or undefined when this build has none.
 * `caller` is the caller's import.meta.url: from source, `source` is resolved
 * against it; bundled, every module's import.meta.url is the bundle's, and
 * `bundled` is its sibling.
 */
export function workerScript(caller: string, source: string, bundled: string): WorkerScript | undefined {
  if (caller.startsWith('file:') && caller.endsWith('.ts')) {
    // The test suite bundles the workers once for the whole run (test/setup/bundle-workers.ts).
    const prebuilt = process.env.FTVM_DEV_WORKERS && new URL(bundled, pathToFileURL(`${process.env.FTVM_DEV_WORKERS}/`));
    if (prebuilt && existsSync(fileURLToPath(prebuilt))) return { entry: prebuilt };
    const entry = new URL(source, caller);
    const loader = new URL('./dev-ts-loader.mjs', import.meta.url);
    return existsSync(fileURLToPath(entry)) && existsSync(fileURLToPath(loader)) && canLoadEsbuild() ? { entry, loader } : undefined;
  }
  const entry = new URL(bundled, caller);
  return caller.startsWith('file:') && existsSync(fileURLToPath(entry)) ? { entry } : undefined;
}

function canLoadEsbuild(): boolean {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

// From source, the worker starts as a tiny CommonJS script that installs the
// TypeScript hooks and then imports the real entry; workerData.data is what
// the worker reads as its own data.
const BOOTSTRAP = `
const { register } = require('node:module');
const { workerData } = require('node:worker_threads');
register(workerData.loader);
import(workerData.entry).catch((error) => { console.error(error); process.exit(70); });
`;

/** Start a worker on `script`; it finds `data` in workerData.data. */
export function startWorker(script: WorkerScript, data: unknown, transferList: readonly TransferListItem[] = []): Worker {
  const workerData = script.loader ? { data, entry: script.entry.href, loader: script.loader.href } : { data };
  return script.loader
    ? new Worker(BOOTSTRAP, { eval: true, workerData, transferList: [...transferList] })
    : new Worker(script.entry, { workerData, transferList: [...transferList] });
}
