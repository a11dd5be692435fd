/**
 * The results file: JSON lines, one object per injection, in index order.
 * A record's text is a pure function of the campaign and its index (fixed key
 * order, no timings, no host names), so the file of a campaign is the same
 * byte for byte whatever the worker count, and the lines of shards sort into
 * exactly the unsharded file.
 */
import { closeSync, openSync, writeSync, ftruncateSync, existsSync, renameSync } from 'node:fs';
import { UserError } from '../errors';
import { readInputFile, MiB } from '../util/input-file';
import { quoteName } from '../util/quote';
import type { Fault } from '../faults/fault';
import type { Outcome } from './classify';
import { OUTCOMES } from './classify';
import type { InjectionResult, InjectionTask } from './injection-run';

/** One line of the results file: the injection's result with what identifies it in the campaign. */
export interface RunRecord extends InjectionResult {
  /** How many injections the whole campaign has (all shards). */
  readonly total: number;
  readonly campaign: string;
  readonly topology: string;
  readonly model: string;
  readonly fault: Fault;
}

export function makeRecord(campaign: string, total: number, task: InjectionTask, result: InjectionResult): RunRecord {
  return {
    index: task.index,
    total,
    campaign,
    topology: task.topology,
    model: task.model,
    fault: task.fault,
    outcome: result.outcome,
    latency: result.latency,
    cycles: result.cycles,
    status: result.status,
    // The fault is the record's own: no need to repeat it in its injection event.
    events: result.events.map((e) => (e.type === 'fault-injected' ? withoutKey(e, 'fault') : e)),
    ...(result.eventsOmitted ? { eventsOmitted: result.eventsOmitted } : {}),
    ...(result.note ? { note: result.note } : {}),
  };
}

function withoutKey<T extends object>(o: T, key: string): T {
  const { [key]: _drop, ...rest } = o as Record<string, unknown>;
  return rest as T;
}

/** One record as its line (newline included). */
export function formatRecord(r: RunRecord): string {
  return `${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`;
}

export interface ResultsContent {
  /** The complete lines, each with its record. */
  readonly lines: { readonly text: string; readonly record: RunRecord }[];
  /** Bytes up to the end of the last complete line. */
  readonly validBytes: number;
  /** A last line without its newline (an interrupted write) was left out. */
  readonly truncated: boolean;
}

/** The largest results file read: its text must fit in one JavaScript string. */
const MAX_RESULTS_BYTES = 500 * MiB;

/** Read a results file; `strict` rejects a truncated last line instead of dropping it. */
export function readResults(path: string, strict = false): ResultsContent {
  const bytes = readInputFile(path, { maxBytes: MAX_RESULTS_BYTES, what: 'a results file' });
  const name = quoteName(path);
  const end = bytes.lastIndexOf(0x0a) + 1;
  const truncated = end < bytes.length;
  if (truncated && strict) throw new UserError(`${name}: the last line is incomplete (the run was interrupted: finish it with --resume)`);
  const text = bytes.subarray(0, end).toString('utf8');
  const lines: { text: string; record: RunRecord }[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${name}:${lineNo}: not a JSON line (${(error as Error).message})`);
    }
    lines.push({ text: `${line}\n`, record: checkRecord(value, `${name}:${lineNo}`) });
  }
  return { lines, validBytes: end, truncated };
}

function checkRecord(value: unknown, where: string): RunRecord {
  const r = value as Partial<RunRecord>;
  if (typeof value !== 'object' || value === null) throw new UserError(`${where}: a result must be a JSON object`);
  for (const key of ['index', 'total', 'cycles', 'status'] as const) {
    if (!Number.isInteger(r[key])) throw new UserError(`${where}: "${key}" must be a whole number`);
  }
  for (const key of ['campaign', 'topology', 'model'] as const) {
    if (typeof r[key] !== 'string') throw new UserError(`${where}: "${key}" must be a string`);
  }
  if (!OUTCOMES.includes(r.outcome as Outcome)) throw new UserError(`${where}: "outcome" must be one of ${OUTCOMES.join(', ')}`);
  if (r.latency !== null && !Number.isInteger(r.latency)) throw new UserError(`${where}: "latency" must be a whole number or null`);
  if (typeof r.fault !== 'object' || r.fault === null) throw new UserError(`${where}: "fault" must be an object`);
  if (!Array.isArray(r.events)) throw new UserError(`${where}: "events" must be an array`);
  return r as RunRecord;
}

/**
 * Writes records in index order while they arrive in any order: a record is
 * held until every index before it (in this run's list) is written.
 */
export class OrderedWriter {
  private readonly fd: number;
  private readonly waiting = new Map<number, string>();
  private position = 0;
  /** Where the next line goes in the file. */
  private append: number;

  /**
   * `order`: the indices this run writes, in file order. `keepBytes`: how much
   * of an existing file to keep (resume); undefined starts the file afresh.
   */
  constructor(readonly path: string, private readonly order: readonly number[], keepBytes?: number) {
    try {
      this.fd = openSync(path, keepBytes === undefined ? 'w' : 'r+');
      if (keepBytes !== undefined) ftruncateSync(this.fd, keepBytes);
    } catch (error) {
      throw new UserError(`${quoteName(path)}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    this.append = keepBytes ?? 0;
  }

  add(index: number, line: string): void {
    this.waiting.set(index, line);
    while (this.position < this.order.length && this.waiting.has(this.order[this.position])) {
      const idx = this.order[this.position];
      const text = this.waiting.get(idx)!;
      this.waiting.delete(idx);
      const buf = Buffer.from(text, 'utf8');
      writeSync(this.fd, buf, 0, buf.length, this.append);
      this.append += buf.length;
      this.position++;
    }
  }

  get written(): number { return this.position; }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rewrite a results file with its lines sorted by index (after a resume that was not a plain prefix). */
export function sortResultsFile(path: string): void {
  const { lines } = readResults(path, true);
  const sorted = [...lines].sort((a, b) => a.record.index - b.record.index);
  const tmp = `${path}.sorting`;
  const fd = openSync(tmp, 'w');
  try {
    for (const l of sorted) writeSync(fd, l.text);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Join shard files into the file an unsharded run writes: every line kept as
 * it is, sorted by index. All shards must belong to one campaign, cover every
 * index exactly once, and be complete.
 */
export function mergeResults(files: readonly string[], out: string): { records: number; campaign: string } {
  if (files.length === 0) throw new UserError('merge: no results files given');
  const byIndex = new Map<number, { text: string; file: string }>();
  let campaign: string | undefined;
  let total: number | undefined;
  let firstFile = '';
  for (const file of files) {
    const { lines } = readResults(file, true);
    for (const { text, record } of lines) {
      if (campaign === undefined) {
        campaign = record.campaign;
        total = record.total;
        firstFile = file;
      } else if (record.campaign !== campaign || record.total !== total) {
        throw new UserError(`merge: ${quoteName(file)} holds results of campaign ${record.campaign} but ${quoteName(firstFile)} of campaign ${campaign}`);
      }
      const seen = byIndex.get(record.index);
      if (seen) throw new UserError(`merge: injection ${record.index} is in both ${quoteName(seen.file)} and ${quoteName(file)}`);
      byIndex.set(record.index, { text, file });
    }
  }
  if (campaign === undefined || total === undefined) throw new UserError(`merge: ${files.map((f) => quoteName(f)).join(', ')} hold no results`);
  const missing: number[] = [];
  for (let i = 0; i < total && missing.length < 5; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    const count = total - byIndex.size;
    throw new UserError(`merge: ${count} of the campaign's ${total} injections are missing (indices ${missing.join(', ')}${count > missing.length ? ', …' : ''}): a shard is absent or unfinished`);
  }
  if (existsSync(out) && files.includes(out)) throw new UserError(`merge: --out ${quoteName(out)} is one of the inputs`);
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (error) {
    throw new UserError(`merge: ${quoteName(out)}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    for (let i = 0; i < total; i++) writeSync(fd, byIndex.get(i)!.text);
  } finally {
    closeSync(fd);
  }
  return { records: total, campaign };
}
