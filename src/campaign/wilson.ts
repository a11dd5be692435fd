/**
 * The Wilson score interval for a binomial proportion (Wilson 1927), the
 * interval Newcombe (1998) recommends over the Wald interval: it stays inside
 * [0, 1] and keeps its coverage when the proportion is near 0 or 1, which is
 * where fault-injection outcomes (SDC rates, hang rates) usually sit.
 */
import { criticalValue } from './normal-quantile';

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`Wilson interval needs whole numbers 0 <= successes <= trials (got ${successes}/${trials})`);
  }
  if (trials === 0) return { low: 0, high: 1 };
  const z = criticalValue(confidence);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // At 0 or n successes one bound is exactly 0 or 1; say so rather than print 1e-17.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
