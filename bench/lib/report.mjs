/** Blocks (heading, table, chart, notes) as plain text for stdout and as Markdown. */

const BAR_WIDTH = 48;

function pad(s, n, align) {
  const len = [...s].length;
  return align === 'r' ? ' '.repeat(Math.max(0, n - len)) + s : s + ' '.repeat(Math.max(0, n - len));
}

function textTable({ head, rows, align = '' }) {
  const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells) => cells.map((c, i) => pad(c ?? '', widths[i], align[i] === 'r' ? 'r' : 'l')).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function textChart({ unit, groups }) {
  const max = Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
  const labelWidth = Math.max(...groups.flatMap((g) => g.bars.map((b) => [...b.label].length)));
  const lines = [`(${unit}, bar length linear, full width = ${max.toFixed(1)})`];
  for (const g of groups) {
    lines.push(g.label);
    for (const b of g.bars) {
      const eighths = max > 0 ? Math.round((b.value / max) * BAR_WIDTH * 8) : 0;
      const bar = '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1] : '');
      lines.push(`  ${pad(b.label, labelWidth, 'l')} ${pad(bar, BAR_WIDTH, 'l')} ${b.text}`);
    }
  }
  return lines.join('\n');
}

export function renderText(blocks) {
  const out = [];
  for (const b of blocks) {
    out.push('', b.heading, '='.repeat([...b.heading].length));
    if (b.table) out.push(textTable(b.table));
    if (b.chart) out.push(textChart(b.chart));
    for (const n of b.notes ?? []) if (n) out.push(`* ${n}`);
  }
  return out.join('\n') + '\n';
}

const mdCell = (s) => String(s ?? '').replace(/\|/g, '\\|');

export function renderMarkdown(blocks) {
  const out = [];
  for (const b of blocks) {
    out.push(`${b.level === 1 ? '#' : '##'} ${b.heading}`, '');
    if (b.table) {
      const { head, rows, align = '' } = b.table;
      out.push(`| ${head.map(mdCell).join(' | ')} |`);
      out.push(`|${head.map((_, i) => (align[i] === 'r' ? ' ---: ' : ' --- ')).join('|')}|`);
      for (const r of rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
      out.push('');
    }
    if (b.chart) out.push('```text', textChart(b.chart), '```', '');
    for (const n of b.notes ?? []) if (n) out.push(`- ${n}`);
    if (b.notes?.length) out.push('');
  }
  return out.join('\n');
}
