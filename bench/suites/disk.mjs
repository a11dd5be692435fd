/**
 * What mirroring the disk costs (issue 12): the file-I/O workload
 * (workloads/src/fileio.c: write 32 MiB to a file in 64 KiB writes, fsync,
 * read it back, check and checksum it) on a mirrored disk, one physical copy
 * per chassis, against the same topology with one copy only (the disk's
 * `unmirrored` mode, kept for this measurement). Target: mirrored at most
 * 1.3× the time of one disk.
 *
 * Each sample is one complete run on a fresh engine with a scratch copy of
 * a fresh image (the image file is never written): loading the program and
 * the image and mounting the file system happen before the timer starts;
 * engine.run() is timed, and it includes the end of the run, where every
 * block of every copy is checked (a scrub) and the disk digested. The output
 * is checked after the timer stopped. Threads are not measured: --disk runs
 * on one thread.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtSeconds, fmtRatio, fmtMips } from '../lib/format.mjs';

const MIB = 32;
const IMAGE = '96M';
const TARGET = 1.3;
// Recorded natively (workloads/build.sh builds the binary; `bin/fileio 32` in an empty folder prints it).
const EXPECTED = `fileio ${MIB} MiB: checksum 47501a66 b800008a ok\n`;

export default {
  name: 'disk',
  title: 'Cost of mirrored disks',
  description: `file I/O (${MIB} MiB written, read back, checked) on a mirrored disk vs one disk, same topology (issue 12)`,

  async run(ctx) {
    const { lib, paths } = ctx;
    if (typeof lib.createEngine !== 'function') return { status: 'skipped', note: 'the library has no createEngine', rows: [] };
    const dir = mkdtempSync(join(tmpdir(), 'ftvm-bench-disk-'));
    try {
      const img = join(dir, 'disk.img');
      const made = spawnSync(process.execPath, [paths.cli, 'disk', 'create', img, '--size', IMAGE], { encoding: 'utf8' });
      if (made.status !== 0) return { status: 'skipped', note: `ftvm disk create failed: ${made.stderr.trim()}`, rows: [] };
      const binary = join(paths.workloads, 'bin', 'fileio');
      const image = new Uint8Array(readFileSync(binary));
      const rows = [];
      // The plain topologies: what mirroring costs (+threads and +translate change how, not what, the disk does).
      for (const topology of ctx.topologies.filter((t) => !t.includes('+'))) {
        const samples = ctx.samplesFor(topology);
        ctx.log(`disk: fileio ${MIB} × ${topology}, one disk and mirrored in turn: ${samples} run${samples > 1 ? 's' : ''} each`);
        // In turn, so that a host whose load changes weighs on both alike.
        const runs = { false: [], true: [] };
        for (let i = 0; i < samples; i++) for (const mirrored of [false, true]) runs[mirrored].push(runOnce(lib, { image, binary, img, topology, mirrored }));
        for (const mirrored of [false, true]) rows.push({ topology, mirrored, ...summarise(runs[mirrored]) });
      }
      for (const r of rows) {
        const single = rows.find((x) => x.topology === r.topology && !x.mirrored);
        r.ratio = r.ok && single?.ok ? r.minSeconds / single.minSeconds : null;
        r.cpuRatio = r.ok && single?.ok ? r.minCpuSeconds / single.minCpuSeconds : null;
      }
      return { status: 'ok', note: null, mib: MIB, image: IMAGE, rows };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  render(result) {
    if (result.status !== 'ok') return [{ heading: this.title, notes: [`skipped: ${result.note}`] }];
    const head = ['topology', 'disk', 'runs', 'time (best)', 'time (mean)', 'CPU (best)', 'MIPS (best)', 'vs one disk', 'CPU vs one disk', 'output'];
    const rows = result.rows.map((r) => [
      r.topology, r.mirrored ? 'mirrored' : 'one disk', String(r.runs), fmtSeconds(r.minSeconds), fmtSeconds(r.meanSeconds), fmtSeconds(r.minCpuSeconds),
      fmtMips(r.cycles / r.minSeconds / 1e6), r.mirrored ? fmtRatio(r.ratio) : '', r.mirrored ? fmtRatio(r.cpuRatio) : '', r.ok ? 'ok' : `WRONG: ${r.problem}`,
    ]);
    const worst = Math.max(...result.rows.filter((r) => r.ratio !== null && r.mirrored).map((r) => r.ratio));
    return [{
      heading: this.title,
      table: { head, rows, align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] },
      notes: [
        `fileio ${result.mib} MiB on a ${result.image} ext4 image; ratio of best times, mirrored against one copy under the same topology (target ≤ ${TARGET}×)${Number.isFinite(worst) ? `: worst ${fmtRatio(worst)}` : ''}; CPU is this process' CPU time (all its threads), steadier than wall time on a busy host; simplex has one chassis, so its two rows are the same machine and their ratio shows the noise`,
      ],
    }];
  },
};

/** One complete run on a fresh engine and a fresh scratch disk: wall and CPU time of engine.run(). */
function runOnce(lib, { image, binary, img, topology, mirrored }) {
  const stdout = new lib.CollectingSink();
  const stderr = new lib.CollectingSink();
  const engine = lib.createEngine({ topology, disk: { path: img, readOnly: false, scratch: true, unmirrored: !mirrored } });
  try {
    engine.load({ path: binary, image, argv: [binary, String(MIB)], seed: 0n, stdin: new lib.BytesSource(new Uint8Array()), stdout, stderr });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const outcome = engine.run();
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    const out = Buffer.from(stdout.bytes()).toString('latin1');
    const problem = outcome.kind !== 'exit' || outcome.status !== 0 || out !== EXPECTED ? `exit ${outcome.status}, stdout ${JSON.stringify(out)}` : null;
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, cycles: Number(engine.cycle), problem };
  } finally {
    engine.close();
  }
}

function summarise(runs) {
  const problem = runs.find((r) => r.problem)?.problem ?? (new Set(runs.map((r) => r.cycles)).size > 1 ? 'nondeterministic cycle count' : null);
  const times = runs.map((r) => r.seconds);
  return {
    runs: runs.length, cycles: runs[0].cycles, minSeconds: Math.min(...times), meanSeconds: times.reduce((a, b) => a + b, 0) / times.length,
    minCpuSeconds: Math.min(...runs.map((r) => r.cpuSeconds)), ok: problem === null, problem,
  };
}
