#!/usr/bin/env node
/**
 * The `ftvm` executable. Loading the command line takes about 0.3 s (the
 * machine, the schema and YAML libraries) before a campaign file has even
 * been read: `ftvm campaign FILE` starts its first worker thread before
 * that, so that the worker has loaded by the time it is told its program
 * (worker-pool.ts prestartWorker), and then loads the rest (main.ts).
 */
import { prestartWorker } from '../campaign/worker-pool';

const [command, first] = process.argv.slice(2);
if (command === 'campaign' && first !== undefined && !['merge', 'report', '--help', '-h'].includes(first)) prestartWorker();
await import('./main');
