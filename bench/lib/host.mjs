/** Where and on what the figures were measured: the host, the runtime and the code. */
import os from 'node:os';
import { readFileSync, statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Benchmark from 'benchmark';

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // Not Linux: os.cpus() below.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function git(repo, args) {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function hostInfo(repo) {
  return {
    cpu: cpuModel(),
    logicalCpus: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    benchmarkJs: Benchmark.version,
    platform: Benchmark.platform.description,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    // The bench's scheduling priority (nice value): a negative one was used to shield it from other load.
    niceValue: os.getPriority(),
  };
}

export function codeInfo(repo) {
  const status = git(repo, ['status', '--porcelain', '--', 'src', 'asm']);
  return {
    version: JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version,
    commit: git(repo, ['rev-parse', 'HEAD']),
    uncommittedChangesInSrcOrAsm: status === null ? null : status !== '',
  };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** A warning if dist/ is older than the sources it is built from, else null. */
export function staleBuildWarning(repo) {
  const built = join(repo, 'dist', 'index.js');
  if (!existsSync(built)) return null;
  const builtAt = Math.min(statSync(built).mtimeMs, statSync(join(repo, 'dist', 'ftvm.wasm')).mtimeMs);
  const sources = Math.max(newestMtime(join(repo, 'src')), newestMtime(join(repo, 'asm')));
  return sources > builtAt ? 'dist/ is older than src/ or asm/: these figures are for the last build (run `npm run build`)' : null;
}
