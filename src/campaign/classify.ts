/**
 * What an injection did, judged against the golden run. The classes, in the
 * order they are decided:
 *
 * - `hang`: the run went past hangFactor × the golden run's cycles;
 * - `detected`: the machine stopped itself (status 125): a detected error it
 *   could not recover from, a safe stop;
 * - `crash`: the guest died of a signal the golden run did not die of;
 * - `sdc`: output or exit status differ from the golden run (silent data
 *   corruption, whatever else the machine noticed);
 * - `recovered`: output and status identical, and the machine detected the
 *   error and failed over (a mismatch, a vote, a chassis or DIMM offline, an
 *   uncorrectable memory error, a disk of the mirror gone);
 * - `corrected`: output and status identical, and ECC corrected the error,
 *   or the disk mirror repaired a bad block from a good copy;
 * - `masked`: output and status identical and nothing was ever noticed.
 */
import type { MachineEvent, MachineEventType } from '../machine/events';
import type { RunOutcome } from '../machine/outcome';
import type { GoldenOutcome } from './golden-run';

export const OUTCOMES = ['masked', 'corrected', 'recovered', 'detected', 'sdc', 'crash', 'hang'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Events by which the machine shows it saw the error: they end the detection latency. */
export const DETECTION_EVENTS: ReadonlySet<MachineEventType> = new Set<MachineEventType>([
  'mismatch', 'vote', 'chassis-offline', 'stop', 'corrected', 'uncorrectable', 'dimm-offline', 'disk-error', 'disk-offline',
]);
/** Detection followed by failover: the run recovered if its output is still right. */
const FAILOVER_EVENTS: ReadonlySet<MachineEventType> = new Set<MachineEventType>([
  'mismatch', 'vote', 'chassis-offline', 'uncorrectable', 'dimm-offline', 'disk-offline',
]);

export interface InjectionFacts {
  readonly outcome: Pick<RunOutcome, 'kind' | 'status'> & { readonly signal?: string };
  /** stdout and stderr byte-identical to the golden run's. */
  readonly outputMatches: boolean;
  /** The events of the run from the fault on. */
  readonly events: readonly Pick<MachineEvent, 'type' | 'cycle'>[];
}

export function classify(run: InjectionFacts, golden: GoldenOutcome): Outcome {
  if (run.outcome.kind === 'limit') return 'hang';
  if (run.outcome.kind === 'stopped') return 'detected';
  if (run.outcome.kind === 'signal' && !(golden.kind === 'signal' && golden.signal === run.outcome.signal)) return 'crash';
  if (!run.outputMatches || run.outcome.status !== golden.status || run.outcome.kind !== golden.kind) return 'sdc';
  if (run.events.some((e) => FAILOVER_EVENTS.has(e.type))) return 'recovered';
  if (run.events.some((e) => e.type === 'corrected' || e.type === 'disk-repaired' || (e.type === 'scrub' && correctedByScrub(e)))) return 'corrected';
  return 'masked';
}

/** Cycles from the fault to the first event that shows the machine saw it; undefined if none did. */
export function detectionLatency(faultCycle: number, events: readonly Pick<MachineEvent, 'type' | 'cycle'>[]): number | undefined {
  const first = events.find((e) => DETECTION_EVENTS.has(e.type) && e.cycle >= faultCycle);
  return first === undefined ? undefined : first.cycle - faultCycle;
}

/** A scrub event counts as a correction when it reports having corrected words. */
function correctedByScrub(e: Pick<MachineEvent, 'type' | 'cycle'>): boolean {
  const corrected = (e as { corrected?: unknown }).corrected;
  return typeof corrected === 'number' ? corrected > 0 : corrected === true;
}
