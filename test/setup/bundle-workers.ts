/**
 * Vitest's global setup: the worker threads' entries (chassis, campaign, file
 * system) bundled once per test run, as tsup bundles them for dist/. From
 * TypeScript sources every worker would otherwise compile each module as it
 * loads it (src/util/dev-ts-loader.mjs), which costs a second or more per
 * worker and adds up over the suite's hundreds of threaded runs. The bundles
 * go to a folder of this run's own in build/, beside the core they load
 * (build/ftvm.wasm), and are made afresh from the sources every run, so they
 * are never stale.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export default async function setup(): Promise<() => void> {
  mkdirSync(`${root}build`, { recursive: true });
  const out = mkdtempSync(`${root}build/test-workers-`);
  await build({
    entryPoints: {
      'chassis-worker': `${root}src/parallel/chassis-worker.ts`,
      'campaign-worker': `${root}src/campaign/worker.ts`,
      'fs-worker': `${root}src/disk/fs-worker.ts`,
    },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  process.env.FTVM_DEV_WORKERS = out;
  return () => rmSync(out, { recursive: true, force: true });
}
