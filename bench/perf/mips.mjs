// Quick core-speed measurement for work on asm/: each workload of
// bench/workloads run several times per topology on a fresh Machine, only
// machine.run() timed; prints best and median guest MIPS, and for lockstep
// topologies the time ratio against simplex (median over median, best over best).
// Times are process CPU time unless --wall; --twin-shortcut turns on the core's
// twin shortcut off. --translate runs with the translator (compiled blocks);
// --compare runs every workload both ways, interleaved run by run (the host is
// shared: load moves between runs), and prints the translation statistics.
//   node bench/perf/mips.mjs [--wall] [--twin-shortcut] [--translate | --compare] [--runs N] [--topologies simplex,pair-spare] [--workloads crc32,sha256] [--args N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const lib = await import(join(root, 'dist', 'index.js'));
const manifest = JSON.parse(readFileSync(join(root, 'bench', 'workloads', 'manifest.json'), 'utf8'));

const opt = { engines: ['interpret'], runs: 5, topologies: ['simplex'], workloads: manifest.map((w) => w.name), args: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--runs') opt.runs = Number(argv[++i]);
  else if (a === '--topologies') opt.topologies = argv[++i].split(',');
  else if (a === '--workloads') opt.workloads = argv[++i].split(',');
  else if (a === '--args') opt.args = argv[++i];
  else if (a === '--wall') opt.wall = true;
  else if (a === '--twin-shortcut') opt.twinShortcut = true;
  else if (a === '--translate') opt.engines = ['translate'];
  else if (a === '--compare') opt.engines = ['interpret', 'translate'];
  else throw new Error(`unknown option ${a}`);
}

function once(w, topology, engine) {
  const binary = join(root, 'bench', 'workloads', w.binary);
  const image = readFileSync(binary);
  const machine = new lib.Machine({ topology, translate: engine === 'translate' });
  const stdout = new lib.CollectingSink();
  const stderr = new lib.CollectingSink();
  const args = opt.args === undefined ? w.args : [opt.args];
  // The twin shortcut is opt-in (by default every online core executes every cycle).
  if (opt.twinShortcut) machine.core.setU32(machine.core.layout.CONTROL_BASE + machine.core.layout.C_TWIN_SHORTCUT, 1);
  lib.startProcess(machine, { path: binary, image, argv: [binary, ...args], stdin: new lib.BytesSource(new Uint8Array(0)), stdout, stderr });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = machine.run({});
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  // CPU time rather than wall time: the host is shared, and a descheduled
  // process should not count as a slow core. --wall switches back.
  const secs = opt.wall ? wall : (c.user + c.system) / 1e6;
  const out = Buffer.from(stdout.bytes()).toString('latin1');
  if (!process.env.NOCHECK && (outcome.kind !== 'exit' || outcome.status !== 0 || (opt.args === undefined && out !== w.expectedStdout))) {
    throw new Error(`${w.name} ${topology}: wrong run: ${outcome.kind} ${outcome.status} ${JSON.stringify(out)}`);
  }
  return { secs, cycles: Number(machine.cycle), stats: machine.core.translationStats() };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const results = {};
const label = (t, engine) => (opt.engines.length > 1 ? `${t}/${engine}` : t);
for (const name of opt.workloads) {
  const w = manifest.find((m) => m.name === name);
  for (const t of opt.topologies) {
    const times = Object.fromEntries(opt.engines.map((e) => [e, []]));
    let cycles = 0;
    const stats = {};
    for (let r = 0; r < opt.runs; r++) {
      for (const e of opt.engines) { const x = once(w, t, e); times[e].push(x.secs); cycles = x.cycles; stats[e] = x.stats; }
    }
    for (const e of opt.engines) {
      const tl = label(t, e);
      const ts = times[e];
      results[`${name}/${tl}`] = { best: Math.min(...ts), median: median(ts), cycles };
      const b = cycles / Math.min(...ts) / 1e6, m = cycles / median(ts) / 1e6;
      const base = results[`${name}/${label('simplex', e)}`];
      const st = stats[e];
      process.stdout.write(`${name.padEnd(7)} ${tl.padEnd(20)} best ${b.toFixed(1).padStart(6)} MIPS  median ${m.toFixed(1).padStart(6)} MIPS` +
        (t !== 'simplex' && base ? `  ratio best ${(Math.min(...ts) / base.best).toFixed(2)} median ${(median(ts) / base.median).toFixed(2)}` : '') +
        (st ? `  blocks ${st.blocksCompiled} compile ${st.compileMs.toFixed(1)} ms translated ${(100 * Number(st.translatedCycles) / cycles).toFixed(1)}%` : '') + '\n');
    }
  }
}
const geo = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
for (const t of opt.topologies) {
  for (const e of opt.engines) {
    const tl = label(t, e);
    const rows = opt.workloads.map((n) => results[`${n}/${tl}`]);
    const gb = geo(rows.map((r) => r.cycles / r.best / 1e6)), gm = geo(rows.map((r) => r.cycles / r.median / 1e6));
    let line = `geomean ${tl.padEnd(20)} best ${gb.toFixed(1)} MIPS  median ${gm.toFixed(1)} MIPS`;
    if (t !== 'simplex' && opt.topologies.includes('simplex')) {
      const rb = geo(opt.workloads.map((n) => results[`${n}/${tl}`].best / results[`${n}/${label('simplex', e)}`].best));
      const rm = geo(opt.workloads.map((n) => results[`${n}/${tl}`].median / results[`${n}/${label('simplex', e)}`].median));
      line += `  ratio best ${rb.toFixed(2)} median ${rm.toFixed(2)}`;
    }
    console.log(line);
  }
}
