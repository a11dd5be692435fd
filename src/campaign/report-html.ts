/**
 * The report as one self-contained HTML page: Chart.js (its UMD build, read
 * from node_modules at report time) is inlined, so the page opens offline and
 * can be mailed or archived as a single file. Two charts: stacked outcome
 * percentages per topology × fault model, and the distribution of detection
 * latencies; below them the same tables as the Markdown report.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../errors';
import { OUTCOMES, type Outcome } from './classify';
import { bucketLabel, bucketOf, latencyBuckets, percent, REPORT_CONFIDENCE, type ReportData } from './report-data';

/** Outcome colours: good outcomes green to blue, bad ones orange to red. */
const COLOURS: Record<Outcome, string> = {
  masked: '#9ccc65',
  corrected: '#26a69a',
  recovered: '#42a5f5',
  detected: '#ab47bc',
  sdc: '#e53935',
  crash: '#fb8c00',
  hang: '#6d4c41',
};

/** The Chart.js UMD bundle's text: from `chartJsPath`, or the installed chart.js package. */
export function chartJsSource(chartJsPath?: string): string {
  let path = chartJsPath;
  if (path === undefined) {
    let main: string;
    try {
      main = createRequire(import.meta.url).resolve('chart.js');
    } catch {
      throw new UserError("report: the HTML charts need the 'chart.js' package (npm install chart.js)");
    }
    const dist = dirname(main);
    path = ['chart.umd.min.js', 'chart.umd.js'].map((f) => join(dist, f)).find((p) => existsSync(p));
    if (path === undefined) throw new UserError(`report: no UMD build of chart.js in ${dist}`);
  }
  return readFileSync(path, 'utf8');
}

export function reportHtml(data: ReportData, source: string, chartJs: string): string {
  const labels = data.groups.map((g) => (data.models.length > 1 ? `${g.topology} · ${g.model}` : g.topology));
  const outcomeDatasets = OUTCOMES.map((o) => ({
    label: o,
    backgroundColor: COLOURS[o],
    data: data.groups.map((g) => +(g.outcomes.find((x) => x.outcome === o)!.share * 100).toFixed(3)),
    counts: data.groups.map((g) => g.outcomes.find((x) => x.outcome === o)!.count),
    low: data.groups.map((g) => +(g.outcomes.find((x) => x.outcome === o)!.interval.low * 100).toFixed(2)),
    high: data.groups.map((g) => +(g.outcomes.find((x) => x.outcome === o)!.interval.high * 100).toFixed(2)),
  }));
  const all = data.groups.flatMap((g) => g.latencies);
  const buckets = all.length === 0 ? 1 : bucketOf(Math.max(...all)) + 1;
  const palette = ['#1e88e5', '#d81b60', '#43a047', '#fdd835', '#8e24aa', '#00acc1', '#f4511e', '#6d4c41'];
  const latencyDatasets = data.groups
    .filter((g) => g.latencies.length > 0)
    .map((g, i) => ({ label: data.models.length > 1 ? `${g.topology} · ${g.model}` : g.topology, backgroundColor: palette[i % palette.length], data: latencyBuckets(g.latencies, buckets) }));
  const payload = {
    outcomes: { labels, datasets: outcomeDatasets },
    latency: { labels: Array.from({ length: buckets }, (_, b) => bucketLabel(b)), datasets: latencyDatasets },
  };

  const rows = data.groups.map((g) => `<tr><td>${esc(g.topology)}</td><td>${esc(g.model)}</td><td class="n">${g.runs}</td>${g.outcomes
    .map((o) => `<td class="n">${o.count}<br><small>${percent(o.share)} [${percent(o.interval.low)}, ${percent(o.interval.high)}]</small></td>`)
    .join('')}</tr>`);
  const latencyRows = data.groups.map((g) => {
    const l = g.latency;
    return `<tr><td>${esc(g.topology)}</td><td>${esc(g.model)}</td>${l ? [l.count, l.min, l.median, l.p90, l.max, l.mean.toFixed(1)].map((v) => `<td class="n">${v}</td>`).join('') : '<td class="n">0</td><td class="n">–</td><td class="n">–</td><td class="n">–</td><td class="n">–</td><td class="n">–</td>'}</tr>`;
  });

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ftvm campaign ${esc(data.campaign)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }
th { background: #f3f3f3; } td.n { text-align: right; } small { color: #666; }
.chart { position: relative; height: ${Math.max(260, 60 + 34 * data.groups.length)}px; }
.legend-note { color: #555; }
</style>
</head>
<body>
<h1>Fault-injection campaign ${esc(data.campaign)}</h1>
<p>Results <code>${esc(source)}</code>: ${data.runs} runs${data.runs < data.planned ? ` of the ${data.planned} planned (partial)` : ''}. Percentages with ${percent(REPORT_CONFIDENCE, 0)} Wilson score intervals.</p>
<h2>Outcomes per topology and fault model</h2>
<div class="chart"><canvas id="outcomes" role="img" aria-label="Stacked outcome percentages per topology and fault model"></canvas></div>
<table>
<tr><th>topology</th><th>fault model</th><th>runs</th>${OUTCOMES.map((o) => `<th>${o}</th>`).join('')}</tr>
${rows.join('\n')}
</table>
<h2>Detection latency</h2>
<p class="legend-note">Cycles from the fault to the first detection event (mismatch, vote, chassis or DIMM offline, ECC correction, machine stop), in power-of-two buckets.</p>
<div class="chart"><canvas id="latency" role="img" aria-label="Detection latency distribution"></canvas></div>
<table>
<tr><th>topology</th><th>fault model</th><th>detected runs</th><th>min</th><th>median</th><th>p90</th><th>max</th><th>mean</th></tr>
${latencyRows.join('\n')}
</table>
<p class="legend-note">masked: no effect, nothing noticed · corrected: ECC corrected it, output identical · recovered: detected and failed over, output identical · detected: the machine stopped safely (status 125) · sdc: output or status differ, nothing stopped it · crash: a guest signal the fault-free run did not have · hang: ran past the hang limit.</p>
<script id="report-data" type="application/json">${jsonForScript(payload)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  new Chart(document.getElementById('outcomes'), {
    type: 'bar',
    data: data.outcomes,
    options: {
      indexAxis: 'y', maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, min: 0, max: 100, title: { display: true, text: '% of runs' } }, y: { stacked: true } },
      plugins: { tooltip: { callbacks: { label: function (c) {
        var d = c.dataset; var i = c.dataIndex;
        return d.label + ': ' + d.counts[i] + ' runs, ' + d.data[i].toFixed(1) + '% [' + d.low[i] + '%, ' + d.high[i] + '%]';
      } } } }
    }
  });
  new Chart(document.getElementById('latency'), {
    type: 'bar',
    data: data.latency,
    options: {
      maintainAspectRatio: false, animation: false,
      scales: { x: { title: { display: true, text: 'detection latency (cycles)' } }, y: { beginAtZero: true, title: { display: true, text: 'runs' }, ticks: { precision: 0 } } }
    }
  });
})();
</script>
</body>
</html>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
