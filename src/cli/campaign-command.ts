/**
 * `ftvm campaign`: fault-injection campaigns.
 *
 *   ftvm campaign FILE --out RESULTS.jsonl [--workers N] [--resume] [--shard I/N] [--progress]
 *   ftvm campaign merge SHARD.jsonl... --out RESULTS.jsonl
 *   ftvm campaign report RESULTS.jsonl --out DIR
 */
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { parseOptions, formatHelp, intOption, type OptionSpec } from './options';
import { loadCampaignFile } from '../campaign/spec';
import { runCampaign, type CampaignSummary } from '../campaign/run-campaign';
import { parseShard } from '../campaign/plan';
import { mergeResults } from '../campaign/results-file';
import { writeReport } from '../campaign/report';
import { OUTCOMES } from '../campaign/classify';
import { translateChoice } from './machine-options';

const RUN_OPTIONS: OptionSpec[] = [
  { name: 'out', value: 'RESULTS.jsonl', help: 'write one JSON line per injection here (required)' },
  { name: 'workers', value: 'N', help: 'worker threads (default: one per host core; 0 = run in the main thread)' },
  { name: 'resume', help: 'keep the injections already in RESULTS and run only the missing ones' },
  { name: 'shard', value: 'I/N', help: 'run only injections i with i mod N = I (for job arrays); join with `merge`' },
  { name: 'progress', help: 'draw a progress bar with an ETA on stderr even when it is not a terminal' },
  { name: 'no-snapshots', help: 'run every injection from cycle 0 instead of the nearest golden snapshot' },
  { name: 'no-convergence', help: 'never stop a run early when it is back in the golden state' },
  { name: 'translate', help: 'compile hot guest blocks to WebAssembly in every run (as "translate": true in FILE; the same results)' },
  { name: 'no-translate', help: 'interpret every cycle, whatever FILE says' },
  { name: 'help', help: 'show this help' },
];
const MERGE_OPTIONS: OptionSpec[] = [
  { name: 'out', value: 'RESULTS.jsonl', help: 'the merged results file (required)' },
  { name: 'help', help: 'show this help' },
];
const REPORT_OPTIONS: OptionSpec[] = [
  { name: 'out', value: 'DIR', help: 'directory for report.md, report.csv, latency.csv and report.html (required)' },
  { name: 'help', help: 'show this help' },
];

const USAGE = 'ftvm campaign FILE --out RESULTS.jsonl [OPTIONS]\n       ftvm campaign merge SHARD.jsonl... --out RESULTS.jsonl\n       ftvm campaign report RESULTS.jsonl --out DIR';
const SUMMARY = `Run a fault-injection campaign: a golden run per topology, then every injection the campaign
FILE (JSON or YAML) describes, each classified as ${OUTCOMES.join(', ')}.
Results are JSON lines in index order, identical whatever the worker count or sharding.

campaign file keys: program, args, stdin, env, disk, topologies, faults (each with "target":
register|memory|chassis|dimm|disk and optional registers, bits, flips, stuck, section, ranges,
chassis, cores, dimms, event, blocks, window, name), injections or margin + confidence, seed,
hangFactor, snapshotInterval, repairAfter, maxCycles, memoryMiB, ecc, translate.

subcommands:
  merge    join shard results into the file an unsharded run writes
  report   write Markdown, CSV and an offline HTML page with charts`;

export async function campaignCommand(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'merge') return mergeCommand(rest);
  if (first === 'report') return reportCommand(rest);
  return runSubcommand(argv);
}

async function runSubcommand(argv: string[]): Promise<number> {
  const opts = parseOptions('campaign', RUN_OPTIONS, argv, false);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp(USAGE, SUMMARY, RUN_OPTIONS));
    return 0;
  }
  const [file, ...extra] = opts.rest;
  if (file === undefined) throw new UserError(`campaign: no campaign file given (usage: ftvm campaign FILE --out RESULTS.jsonl)`);
  if (extra.length > 0) throw new UserError(`campaign: one campaign file at a time (got also ${quoteName(extra[0], 'always')})`);
  const out = opts.values.get('out')?.[0];
  if (out === undefined) throw new UserError('campaign: --out RESULTS.jsonl is required');
  const workersText = opts.values.get('workers')?.[0];
  const workers = workersText === undefined ? undefined : intOption('campaign', 'workers', workersText, 0, 0, 1024);
  const shardText = opts.values.get('shard')?.[0];
  const shard = shardText === undefined ? undefined : parseShard(shardText, 'campaign: --shard');
  const translate = translateChoice('campaign', opts);

  const spec = await loadCampaignFile(file);
  const stderr = process.stderr;
  const summary = await runCampaign(spec, {
    out,
    workers,
    resume: opts.flags.has('resume'),
    shard,
    progress: stderr.isTTY || opts.flags.has('progress') ? stderr : undefined,
    useSnapshots: !opts.flags.has('no-snapshots'),
    convergence: !opts.flags.has('no-convergence'),
    translate,
    log: (message) => stderr.write(`ftvm: ${message}\n`),
  });
  const counts = OUTCOMES.filter((o) => summary.outcomes[o] > 0).map((o) => `${o} ${summary.outcomes[o]}`).join(', ');
  stderr.write(
    `ftvm: campaign ${summary.id}: ${summary.ran} injections run${summary.skipped ? `, ${summary.skipped} already done` : ''}` +
      `${shard ? ` (shard ${shard.index}/${shard.count} of ${summary.total})` : ` of ${summary.total}`}` +
      ` in ${summary.injectionSeconds.toFixed(1)} s (${summary.injectionsPerMinute.toFixed(0)}/min ${summary.workers ? `on ${summary.workers} worker${summary.workers === 1 ? '' : 's'}` : 'in the main thread'};` +
      ` golden runs ${summary.goldenSeconds.toFixed(1)} s, ${summary.goldenCycles} cycles; ${summary.rejoined} runs rejoined the golden run early` +
      `${summary.translation ? `; ${describeTranslation(summary.translation, summary.cyclesRun)}` : ''})${counts ? `: ${counts}` : ''}\n`,
  );
  return 0;
}

/** What the translator did, in the summary line (bench/suites/campaign.mjs reads it). */
function describeTranslation(t: NonNullable<CampaignSummary['translation']>, cyclesRun: number): string {
  const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '-');
  return `translation: ${share(t.translatedCycles, cyclesRun)} of ${cyclesRun} injection cycles and ${share(t.goldenTranslatedCycles, t.goldenCycles)} of ${t.goldenCycles} golden cycles in compiled blocks, ${t.blocksCompiled} blocks compiled in ${t.compileMs.toFixed(1)} ms`;
}

function mergeCommand(argv: string[]): number {
  const opts = parseOptions('campaign merge', MERGE_OPTIONS, argv, false);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp('ftvm campaign merge SHARD.jsonl... --out RESULTS.jsonl', 'Join the results files of the shards of one campaign (--shard I/N) into the file an\nunsharded run writes, byte for byte. Every injection must be there exactly once.', MERGE_OPTIONS));
    return 0;
  }
  const out = opts.values.get('out')?.[0];
  if (out === undefined) throw new UserError('campaign merge: --out RESULTS.jsonl is required');
  if (opts.rest.length === 0) throw new UserError('campaign merge: no shard results given');
  const { records, campaign } = mergeResults(opts.rest, out);
  process.stderr.write(`ftvm: campaign ${campaign}: merged ${records} injections from ${opts.rest.length} file${opts.rest.length === 1 ? '' : 's'} into ${quoteName(out)}\n`);
  return 0;
}

function reportCommand(argv: string[]): number {
  const opts = parseOptions('campaign report', REPORT_OPTIONS, argv, false);
  if (opts.flags.has('help')) {
    process.stdout.write(formatHelp('ftvm campaign report RESULTS.jsonl --out DIR', 'Per topology x fault model: outcome counts and percentages with 95% Wilson intervals,\nand detection latencies, as report.md, report.csv, latency.csv and a self-contained\nreport.html with charts (readable offline).', REPORT_OPTIONS));
    return 0;
  }
  const out = opts.values.get('out')?.[0];
  if (out === undefined) throw new UserError('campaign report: --out DIR is required');
  const [results, ...extra] = opts.rest;
  if (results === undefined) throw new UserError('campaign report: no results file given');
  if (extra.length > 0) throw new UserError(`campaign report: one results file at a time (merge shards first; got also ${quoteName(extra[0], 'always')})`);
  const { files, data } = writeReport(results, out);
  process.stderr.write(`ftvm: report on ${data.runs} runs of campaign ${data.campaign}: ${files.join(', ')}\n`);
  return 0;
}
