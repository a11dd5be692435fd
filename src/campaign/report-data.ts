/**
 * The numbers of a campaign report: per topology × fault model, how many runs
 * ended in each outcome, as a percentage with a 95% Wilson interval, and the
 * distribution of detection latencies.
 */
import { UserError } from '../errors';
import { OUTCOMES, type Outcome } from './classify';
import type { RunRecord } from './results-file';
import { wilsonInterval, type Interval } from './wilson';
import { quoteName } from '../util/quote';

export const REPORT_CONFIDENCE = 0.95;

export interface OutcomeShare {
  readonly outcome: Outcome;
  readonly count: number;
  /** count / runs, as a fraction. */
  readonly share: number;
  readonly interval: Interval;
}

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly mean: number;
}

export interface ReportGroup {
  readonly topology: string;
  readonly model: string;
  readonly runs: number;
  readonly outcomes: readonly OutcomeShare[];
  /** Detection latencies in cycles, ascending. */
  readonly latencies: readonly number[];
  readonly latency?: LatencySummary;
}

export interface ReportData {
  readonly campaign: string;
  readonly runs: number;
  /** Injections the campaign plans (a partial results file has fewer runs). */
  readonly planned: number;
  readonly topologies: readonly string[];
  readonly models: readonly string[];
  readonly groups: readonly ReportGroup[];
}

export function summarize(records: readonly RunRecord[], source: string): ReportData {
  if (records.length === 0) throw new UserError(`${quoteName(source)}: no results to report on`);
  const campaign = records[0].campaign;
  const topologies: string[] = [];
  const models: string[] = [];
  const byKey = new Map<string, RunRecord[]>();
  for (const r of records) {
    if (r.campaign !== campaign) throw new UserError(`${quoteName(source)}: results of two campaigns (${campaign} and ${r.campaign}) in one file`);
    if (!topologies.includes(r.topology)) topologies.push(r.topology);
    if (!models.includes(r.model)) models.push(r.model);
    const key = `${r.topology}\u0000${r.model}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const groups: ReportGroup[] = [];
  for (const topology of topologies) {
    for (const model of models) {
      const list = byKey.get(`${topology}\u0000${model}`);
      if (!list) continue;
      const outcomes = OUTCOMES.map((outcome) => {
        const count = list.filter((r) => r.outcome === outcome).length;
        return { outcome, count, share: count / list.length, interval: wilsonInterval(count, list.length, REPORT_CONFIDENCE) };
      });
      const latencies = list.map((r) => r.latency).filter((l): l is number => l !== null).sort((a, b) => a - b);
      groups.push({ topology, model, runs: list.length, outcomes, latencies, ...(latencies.length > 0 ? { latency: latencySummary(latencies) } : {}) });
    }
  }
  return { campaign, runs: records.length, planned: records[0].total, topologies, models, groups };
}

function latencySummary(sorted: readonly number[]): LatencySummary {
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    count: sorted.length,
    min: sorted[0],
    median: q(0.5),
    p90: q(0.9),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/** Latency histogram buckets: 0, 1, 2-3, 4-7, … (powers of two), labels and counts. */
export function latencyBuckets(latencies: readonly number[], buckets: number): number[] {
  const counts = new Array(buckets).fill(0);
  for (const l of latencies) counts[Math.min(buckets - 1, bucketOf(l))]++;
  return counts;
}

export function bucketOf(latency: number): number {
  return latency === 0 ? 0 : Math.floor(Math.log2(latency)) + 1;
}

export function bucketLabel(b: number): string {
  if (b === 0) return '0';
  const lo = 2 ** (b - 1);
  const hi = 2 ** b - 1;
  return lo === hi ? `${lo}` : `${compact(lo)}–${compact(hi)}`;
}

function compact(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${+(n / 1_000).toFixed(0)}k`;
  return `${n}`;
}

export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}
