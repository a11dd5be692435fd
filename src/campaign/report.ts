/**
 * `ftvm campaign report RESULTS --out DIR`: read a results file and write
 * report.md, report.csv, latency.csv and report.html into DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { readResults } from './results-file';
import { summarize, type ReportData } from './report-data';
import { latencyCsv, reportCsv, reportMarkdown } from './report-text';
import { chartJsSource, reportHtml } from './report-html';
import { quoteName } from '../util/quote';

export interface ReportOptions {
  /** Path of Chart.js's UMD build (default: the installed chart.js package). */
  readonly chartJsPath?: string;
}

export interface WrittenReport {
  readonly data: ReportData;
  readonly files: readonly string[];
}

export function writeReport(results: string, outDir: string, options: ReportOptions = {}): WrittenReport {
  const { lines, truncated } = readResults(results);
  const data = summarize(lines.map((l) => l.record), results);
  const chartJs = chartJsSource(options.chartJsPath);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UserError(`${quoteName(outDir)}: cannot create the report directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files: [string, string][] = [
    ['report.md', reportMarkdown(data, results) + (truncated ? '\nThe results file ends in an incomplete line (an interrupted run); it was left out.\n' : '')],
    ['report.csv', reportCsv(data)],
    ['latency.csv', latencyCsv(data)],
    ['report.html', reportHtml(data, results, chartJs)],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    writeFileSync(path, text);
    written.push(path);
  }
  return { data, files: written };
}
