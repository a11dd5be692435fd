import { describe, expect, it } from 'vitest';
import { normalQuantile, criticalValue } from '../../src/campaign/normal-quantile';
import { leveugleSampleSize, marginOfError } from '../../src/campaign/sample-size';
import { wilsonInterval } from '../../src/campaign/wilson';

describe('normalQuantile', () => {
  it('gives the textbook critical values', () => {
    expect(criticalValue(0.9)).toBeCloseTo(1.644854, 6);
    expect(criticalValue(0.95)).toBeCloseTo(1.959964, 6);
    expect(criticalValue(0.99)).toBeCloseTo(2.575829, 6);
    expect(criticalValue(0.998)).toBeCloseTo(3.090232, 6);
  });

  it('is symmetric and exact at the centre and in the far tails', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361341, 5);
    expect(normalQuantile(1 - 1e-10)).toBeCloseTo(6.361341, 5);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
    expect(() => criticalValue(1.5)).toThrow(RangeError);
  });
});

describe('leveugleSampleSize', () => {
  // Krejcie & Morgan (1970), Table 1 (e = 5 %, 95 % confidence, p = 0.5): the same formula.
  it.each([
    [10, 10],
    [100, 80],
    [1_000, 278],
    [10_000, 370],
    [1_000_000, 384],
  ])('N = %i at e = 5%%, 95%% gives n = %i (Krejcie & Morgan)', (N, n) => {
    expect(leveugleSampleSize({ population: N, margin: 0.05, confidence: 0.95 })).toBe(n);
  });

  it('tends to t²p(1-p)/e² for an unbounded fault space', () => {
    // 1.959964² / (4 · 0.01²) = 9603.6 → 9604; 2.575829² / (4 · 0.01²) = 16587.0 → 16588 with e = 1 %.
    expect(leveugleSampleSize({ population: 2n ** 64n, margin: 0.01, confidence: 0.95 })).toBe(9604);
    expect(leveugleSampleSize({ population: 2n ** 64n, margin: 0.01, confidence: 0.99 })).toBe(16588);
    expect(leveugleSampleSize({ population: 2n ** 64n, margin: 0.05, confidence: 0.95 })).toBe(385);
  });

  it('needs the whole space when it is small, and fewer runs for a known skewed proportion', () => {
    expect(leveugleSampleSize({ population: 1, margin: 0.01, confidence: 0.99 })).toBe(1);
    expect(leveugleSampleSize({ population: 50, margin: 0.001, confidence: 0.99 })).toBe(50);
    const worst = leveugleSampleSize({ population: 1e6, margin: 0.01, confidence: 0.95 });
    expect(leveugleSampleSize({ population: 1e6, margin: 0.01, confidence: 0.95, proportion: 0.1 })).toBeLessThan(worst);
  });

  it('inverts to the margin of error', () => {
    const n = leveugleSampleSize({ population: 10_000, margin: 0.05, confidence: 0.95 });
    expect(marginOfError(n, 10_000, 0.95)).toBeLessThanOrEqual(0.05);
    expect(marginOfError(n - 1, 10_000, 0.95)).toBeGreaterThan(0.05);
  });
});

describe('wilsonInterval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score interval).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → [%f, %f] (Newcombe 1998)', (x, n, low, high) => {
    const ci = wilsonInterval(x, n, 0.95);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is [0, 1] with no trials, and pinned to 0 or 1 at the ends', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });
});
