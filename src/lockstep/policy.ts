/**
 * What the machine does when the comparator finds replicas that disagree
 * (DESIGN.md, "Policies on disagreement"):
 *  - the cores of one chassis disagree: that chassis is faulty (a
 *    self-checking pair) and goes offline;
 *  - self-consistent chassis disagree, three or more online: majority vote,
 *    the minority goes offline;
 *  - two chassis disagree with nothing else to go on: which one failed cannot
 *    be told, so the machine stops (fail-safe); machine-check evidence (an ECC
 *    uncorrectable error) names the culprit when there is some;
 *  - no chassis left: the machine stops.
 */
export interface ReplicaGroups {
  /** Replica indices, chassis c owns replicas c*K .. c*K+K-1. */
  readonly coresPerChassis: number;
  readonly onlineChassis: readonly number[];
  /** Whether two online replicas agree on every compared value. */
  agree(a: number, b: number): boolean;
  /** Chassis with hardware evidence of failure (an uncorrectable memory error). */
  readonly suspectChassis?: ReadonlySet<number>;
}

export type Verdict =
  | { readonly kind: 'continue'; readonly offline: readonly OfflineDecision[]; readonly vote?: VoteRecord }
  | { readonly kind: 'stop'; readonly offline: readonly OfflineDecision[]; readonly reason: string; readonly vote?: VoteRecord };

export interface OfflineDecision {
  readonly chassis: number;
  readonly reason: 'core-mismatch' | 'outvoted' | 'machine-check';
  /** For a core mismatch: the cores of the pair. */
  readonly cores?: readonly number[];
}

export interface VoteRecord {
  /** Chassis grouped by the state they agree on. */
  readonly groups: readonly (readonly number[])[];
  readonly winners: readonly number[];
}

export function decide(groups: ReplicaGroups): Verdict {
  const k = groups.coresPerChassis;
  const offline: OfflineDecision[] = [];
  const consistent: number[] = [];
  for (const c of groups.onlineChassis) {
    const first = c * k;
    const split = Array.from({ length: k - 1 }, (_, i) => first + i + 1).some((r) => !groups.agree(first, r));
    if (split) offline.push({ chassis: c, reason: 'core-mismatch', cores: Array.from({ length: k }, (_, i) => i) });
    else consistent.push(c);
  }
  if (consistent.length === 0) return { kind: 'stop', offline, reason: 'every chassis failed its self-check' };

  // Group the self-consistent chassis by what their first core computed.
  const classes: number[][] = [];
  for (const c of consistent) {
    const home = classes.find((cls) => groups.agree(cls[0] * k, c * k));
    if (home) home.push(c); else classes.push([c]);
  }
  if (classes.length === 1) return { kind: 'continue', offline };

  const largest = Math.max(...classes.map((cls) => cls.length));
  const leaders = classes.filter((cls) => cls.length === largest);
  if (consistent.length >= 3 && leaders.length === 1 && largest * 2 > consistent.length) {
    const winners = leaders[0];
    for (const c of consistent) if (!winners.includes(c)) offline.push({ chassis: c, reason: 'outvoted' });
    return { kind: 'continue', offline, vote: { groups: classes, winners } };
  }
  // No majority: only hardware evidence can say which side is wrong.
  const suspects = groups.suspectChassis ?? new Set<number>();
  const trusted = classes.filter((cls) => cls.every((c) => !suspects.has(c)));
  if (trusted.length === 1 && suspects.size > 0) {
    for (const c of consistent) if (!trusted[0].includes(c)) offline.push({ chassis: c, reason: 'machine-check' });
    return { kind: 'continue', offline, vote: { groups: classes, winners: trusted[0] } };
  }
  return {
    kind: 'stop',
    offline,
    reason: `chassis ${classes.map((cls) => cls.join('+')).join(' and ')} disagree and nothing shows which is wrong`,
    vote: { groups: classes, winners: [] },
  };
}
