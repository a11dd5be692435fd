/** A horizontal bar chart in plain text, for terminals and Markdown code blocks. */
export function barChart(rows: readonly (readonly [string, number])[], unit: string, width = 40): string {
  const max = Math.max(...rows.map(([, v]) => v), Number.MIN_VALUE);
  const label = Math.max(...rows.map(([k]) => k.length));
  return rows
    .map(([k, v]) => `${k.padEnd(label)} |${'#'.repeat(Math.max(v > 0 ? 1 : 0, Math.round((v / max) * width))).padEnd(width)}| ${v.toFixed(2)} ${unit}`)
    .join('\n');
}
