/**
 * `--events FILE`: every machine event as one JSON object per line. The file
 * is checked when the options are (can it be written?) without being touched,
 * and created or truncated only once every input has been checked and the
 * program loaded: a mistyped program name never wipes an earlier log.
 */
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import type { EventListener, MachineEvent } from '../machine/events';

interface EventSource {
  readonly events: readonly MachineEvent[];
  onEvent(listener: EventListener): () => void;
}

export interface EventLog {
  /** Open the file, write the events so far, then each as it comes; returns the closer. */
  start(machine: EventSource): () => void;
}

export function prepareEventLog(file: string): EventLog {
  const fail = (problem: string): never => {
    throw new UserError(`--events: ${quoteName(file)}: ${problem}`);
  };
  const cannot = (error: unknown): never => fail(`cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  try {
    if (statSync(file).isDirectory()) fail('is a directory');
    accessSync(file, constants.W_OK);
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') cannot(error);
    try {
      if (!statSync(dirname(file)).isDirectory()) fail('cannot write (its directory is not a directory)');
      accessSync(dirname(file), constants.W_OK | constants.X_OK);
    } catch (inner) {
      if (inner instanceof UserError) throw inner;
      cannot(inner);
    }
  }
  return {
    start(machine) {
      let fd = -1;
      try {
        fd = openSync(file, 'w');
      } catch (error) {
        cannot(error);
      }
      const write = (e: MachineEvent) => writeSync(fd, `${JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
      machine.events.forEach(write);
      const stop = machine.onEvent(write);
      return () => {
        stop();
        closeSync(fd);
      };
    },
  };
}
