/**
 * How many faults to inject: Leveugle, Calvez, Maistri and Vanhauwaert,
 * "Statistical fault injection: quantified error and confidence", DATE 2009.
 * Drawing n faults without replacement from a fault space of N, the estimate
 * of any outcome's proportion p is within the margin e of the true value with
 * the confidence whose critical value is t, when
 *
 *     n = N / (1 + e²(N − 1) / (t² p (1 − p)))
 *
 * p = 0.5 is the worst case (largest n), used when nothing is known about the
 * proportions beforehand. It is Cochran's finite-population formula; for N = 100,
 * 1 000 and 10 000 at e = 5 % and 95 % confidence it gives the 80, 278 and 370
 * of Krejcie and Morgan's published table (1970).
 */
import { criticalValue } from './normal-quantile';

export interface SampleSizeInput {
  /** Size of the fault space (all faults the model could produce); may exceed 2^53. */
  readonly population: bigint | number;
  /** Margin of error, as a fraction: 0.01 for ±1 %. */
  readonly margin: number;
  /** Confidence level, as a fraction: 0.95. */
  readonly confidence: number;
  /** Expected proportion; 0.5 (the default) is the conservative worst case. */
  readonly proportion?: number;
}

/** The number of injections, rounded up, never more than the population. */
export function leveugleSampleSize(input: SampleSizeInput): number {
  const { margin: e, confidence } = input;
  const p = input.proportion ?? 0.5;
  if (!(e > 0 && e < 1)) throw new RangeError(`margin must be between 0 and 1 (got ${e})`);
  if (!(p > 0 && p < 1)) throw new RangeError(`proportion must be between 0 and 1 (got ${p})`);
  const N = typeof input.population === 'bigint' ? Number(input.population) : input.population;
  if (!(N >= 1)) throw new RangeError(`the fault space must hold at least one fault (got ${input.population})`);
  const t = criticalValue(confidence);
  const n = N / (1 + (e * e * (N - 1)) / (t * t * p * (1 - p)));
  // Guard the ceiling against a value like 370.0000000001 produced by rounding.
  const rounded = Math.ceil(n - 1e-9);
  return Math.min(Math.max(rounded, 1), Number.isFinite(N) ? Math.ceil(N) : rounded);
}

/** The margin of error that n injections out of N give at a confidence level (the formula solved for e). */
export function marginOfError(n: number, population: bigint | number, confidence: number, proportion = 0.5): number {
  const N = typeof population === 'bigint' ? Number(population) : population;
  if (n >= N) return 0;
  const t = criticalValue(confidence);
  return t * Math.sqrt((proportion * (1 - proportion) / n) * ((N - n) / (N - 1)));
}
