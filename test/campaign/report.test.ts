import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../../src/campaign/report';
import { summarize, bucketLabel, latencyBuckets } from '../../src/campaign/report-data';
import { formatRecord, type RunRecord } from '../../src/campaign/results-file';
import { wilsonInterval } from '../../src/campaign/wilson';

function record(index: number, topology: string, model: string, outcome: RunRecord['outcome'], latency: number | null): RunRecord {
  return { index, total: 30, campaign: 'c0ffee', topology, model, fault: { at: 5, target: 'chassis', chassis: 0, event: 'power-loss' }, outcome, latency, cycles: 100, status: 0, events: [] };
}

// simplex/reg: 7 masked, 3 sdc; pair-spare/reg: 8 recovered (latencies 1..8), 2 masked; pair-spare/power: 10 recovered at latency 0.
const records: RunRecord[] = [];
for (let i = 0; i < 10; i++) records.push(record(i, 'simplex', 'reg', i < 7 ? 'masked' : 'sdc', null));
for (let i = 0; i < 10; i++) records.push(record(10 + i, 'pair-spare', 'reg', i < 8 ? 'recovered' : 'masked', i < 8 ? i + 1 : null));
for (let i = 0; i < 10; i++) records.push(record(20 + i, 'pair-spare', 'power', 'recovered', 0));

function resultsFile(): { dir: string; file: string; stub: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-report-'));
  const file = join(dir, 'results.jsonl');
  writeFileSync(file, records.map(formatRecord).join(''));
  const stub = join(dir, 'chart.umd.js');
  writeFileSync(stub, '/* chart stub */ window.Chart = function Chart(canvas, config) { window.__charts = (window.__charts || []).concat([config]); };');
  return { dir, file, stub };
}

describe('campaign report', () => {
  it('counts outcomes per topology × fault model with Wilson intervals', () => {
    const data = summarize(records, 'r');
    expect(data.groups.map((g) => `${g.topology}/${g.model}/${g.runs}`)).toEqual(['simplex/reg/10', 'pair-spare/reg/10', 'pair-spare/power/10']);
    const sdc = data.groups[0].outcomes.find((o) => o.outcome === 'sdc')!;
    expect(sdc.count).toBe(3);
    expect(sdc.share).toBeCloseTo(0.3);
    expect(sdc.interval).toEqual(wilsonInterval(3, 10));
    expect(data.groups[1].latency).toMatchObject({ count: 8, min: 1, median: 4, p90: 8, max: 8 });
    expect(data.groups[0].latency).toBeUndefined();
  });

  it('buckets latencies by powers of two', () => {
    expect(latencyBuckets([0, 1, 2, 3, 4, 7, 8, 1000], 5)).toEqual([1, 1, 2, 2, 2]);
    expect([0, 1, 2, 3, 4].map(bucketLabel)).toEqual(['0', '1', '2–3', '4–7', '8–15']);
  });

  it('writes Markdown, CSV and a self-contained HTML page with both charts', () => {
    const { dir, file, stub } = resultsFile();
    const out = join(dir, 'report');
    const { files } = writeReport(file, out, { chartJsPath: stub });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['report.md', 'report.csv', 'latency.csv', 'report.html']);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| topology | fault model | runs | masked | corrected | recovered | detected | sdc | crash | hang |');
    const low = (wilsonInterval(3, 10).low * 100).toFixed(1);
    expect(md).toContain(`| simplex | reg | 10 | 7 (70.0% [`);
    expect(md).toContain(`3 (30.0% [${low}%, `);

    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 7)).toEqual(['topology', 'model', 'runs', 'masked', 'masked_pct', 'masked_ci_low_pct', 'masked_ci_high_pct']);
    expect(csv).toHaveLength(4);
    const row = csv[1].split(',');
    expect(row.slice(0, 5)).toEqual(['simplex', 'reg', '10', '7', '70.000']);
    expect(Number(row[5])).toBeCloseTo(wilsonInterval(7, 10).low * 100, 3);
    expect(readFileSync(join(out, 'latency.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 8 + 10);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('/* chart stub */');
    expect(html).not.toMatch(/<script[^>]+src=/); // nothing to fetch: readable offline
    expect(html).toContain('<canvas id="outcomes"');
    expect(html).toContain('<canvas id="latency"');
    const json = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1];
    const payload = JSON.parse(json);
    expect(payload.outcomes.labels).toEqual(['simplex · reg', 'pair-spare · reg', 'pair-spare · power']);
    expect(payload.outcomes.datasets.find((d: { label: string }) => d.label === 'sdc').data).toEqual([30, 0, 0]);
    expect(payload.latency.labels).toEqual(['0', '1', '2–3', '4–7', '8–15']);
    expect(payload.latency.datasets.map((d: { data: number[] }) => d.data)).toEqual([[0, 1, 2, 4, 1], [10, 0, 0, 0, 0]]);
  });

  it('inlines the installed Chart.js when no path is given', () => {
    const { dir, file } = resultsFile();
    writeReport(file, join(dir, 'r'));
    const html = readFileSync(join(dir, 'r', 'report.html'), 'utf8');
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).toMatch(/Chart\.js v4/);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
