/** The engine: one contract, two placements, chosen by the `threads` option. */
import { OneThreadEngine } from './one-thread-engine';
import { ThreadedEngine } from './threaded-engine';
import type { Engine, EngineOptions } from './engine';

export type { Engine, EngineOptions, EngineLimits } from './engine';
export type { StatsInput, TranslationSummary } from './stats-input';
export { OneThreadEngine, ThreadedEngine };

/** A machine on this thread, or with `threads` each chassis on its own worker thread. */
export function createEngine(options: EngineOptions = {}): Engine {
  return options.threads ? new ThreadedEngine(options) : new OneThreadEngine(options);
}
