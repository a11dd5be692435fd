import { defineConfig } from 'tsup';
import { copyFileSync } from 'node:fs';

export default defineConfig({
  // Worker threads (campaign injections, parallel chassis) load their own entries beside the bundle.
  entry: {
    cli: 'src/cli/entry.ts',
    index: 'src/index.ts',
    'campaign-worker': 'src/campaign/worker.ts',
    'chassis-worker': 'src/parallel/chassis-worker.ts',
    'fs-worker': 'src/disk/fs-worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  // The core's wasm travels beside the bundle; src/core/core.ts finds it there.
  async onSuccess() {
    copyFileSync('build/ftvm.wasm', 'dist/ftvm.wasm');
  },
});
