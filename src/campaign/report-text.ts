/**
 * The report as Markdown (for a paper's draft or a README) and CSV (for R,
 * pandas, a spreadsheet): one row per topology × fault model, each outcome's
 * count, percentage and 95% Wilson interval; then detection latencies.
 */
import { OUTCOMES } from './classify';
import { percent, REPORT_CONFIDENCE, type ReportData } from './report-data';

export function reportMarkdown(data: ReportData, source: string): string {
  const lines: string[] = [];
  lines.push(`# Fault-injection campaign ${data.campaign}`, '');
  lines.push(`Results: \`${source}\` — ${data.runs} runs${data.runs < data.planned ? ` of the ${data.planned} planned (partial)` : ''}.`);
  lines.push(`Percentages with ${percent(REPORT_CONFIDENCE, 0)} Wilson score intervals.`, '');
  lines.push('## Outcomes', '');
  lines.push(`| topology | fault model | runs | ${OUTCOMES.join(' | ')} |`);
  lines.push(`| --- | --- | ---: | ${OUTCOMES.map(() => '---:').join(' | ')} |`);
  for (const g of data.groups) {
    const cells = g.outcomes.map((o) => `${o.count} (${percent(o.share)} [${percent(o.interval.low)}, ${percent(o.interval.high)}])`);
    lines.push(`| ${g.topology} | ${escapeCell(g.model)} | ${g.runs} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Detection latency (cycles from the fault to the first detection event)', '');
  lines.push('| topology | fault model | detected runs | min | median | p90 | max | mean |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const g of data.groups) {
    const l = g.latency;
    lines.push(l
      ? `| ${g.topology} | ${escapeCell(g.model)} | ${l.count} | ${l.min} | ${l.median} | ${l.p90} | ${l.max} | ${l.mean.toFixed(1)} |`
      : `| ${g.topology} | ${escapeCell(g.model)} | 0 | – | – | – | – | – |`);
  }
  lines.push('', 'Outcome classes: masked (no effect, nothing noticed), corrected (ECC corrected it, output identical), recovered (detected, failed over, output identical), detected (the machine stopped safely, status 125), sdc (output or status differ and nothing stopped it), crash (a guest signal the fault-free run did not have), hang (ran past the hang limit).', '');
  return lines.join('\n');
}

/** CSV with one row per topology × fault model. */
export function reportCsv(data: ReportData): string {
  const header = ['topology', 'model', 'runs'];
  for (const o of OUTCOMES) header.push(`${o}`, `${o}_pct`, `${o}_ci_low_pct`, `${o}_ci_high_pct`);
  header.push('latency_count', 'latency_min', 'latency_median', 'latency_p90', 'latency_max', 'latency_mean');
  const rows = [header.join(',')];
  for (const g of data.groups) {
    const row: (string | number)[] = [csvText(g.topology), csvText(g.model), g.runs];
    for (const o of g.outcomes) row.push(o.count, pct(o.share), pct(o.interval.low), pct(o.interval.high));
    const l = g.latency;
    row.push(l?.count ?? 0, l?.min ?? '', l?.median ?? '', l?.p90 ?? '', l?.max ?? '', l ? l.mean.toFixed(3) : '');
    rows.push(row.join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Every detection latency, one row per detected run, for plotting elsewhere. */
export function latencyCsv(data: ReportData): string {
  const rows = ['topology,model,latency_cycles'];
  for (const g of data.groups) for (const l of g.latencies) rows.push(`${csvText(g.topology)},${csvText(g.model)},${l}`);
  return `${rows.join('\n')}\n`;
}

function pct(x: number): string {
  return (x * 100).toFixed(3);
}

function csvText(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}
