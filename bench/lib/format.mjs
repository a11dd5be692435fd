/** Number formatting and small statistics shared by the suites and the report. */

export const fmtMs = (s) => `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
export const fmtSeconds = (s) => (s < 1 ? fmtMs(s) : `${s.toFixed(2)} s`);
export const fmtCount = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n));
export const fmtRatio = (x) => (x === null || x === undefined ? '-' : `${x < 10 ? x.toFixed(2) : x.toFixed(0)}×`);
export const fmtRme = (p) => (p === null || p === undefined ? '' : `±${p.toFixed(1)}%`);
export const fmtMips = (m) => (m === null || m === undefined ? '-' : m < 10 ? m.toFixed(2) : m < 100 ? m.toFixed(1) : m.toFixed(0));
export const fmtPercent = (p) => `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;

/** Geometric mean of positive numbers (null if there are none). */
export function geomean(values) {
  const v = values.filter((x) => typeof x === 'number' && x > 0 && Number.isFinite(x));
  if (v.length === 0) return null;
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
}

/** A measurement's time by the chosen estimator: benchmark.js' mean, or the fastest sample ("best"). */
export const seconds = (stats, estimator) => (estimator === 'best' ? stats.minSeconds : stats.meanSeconds);
