/** `--events FILE`: every machine event as one JSON object per line. */
import { openSync, writeSync, closeSync } from 'node:fs';
import { UserError } from '../errors';
import type { EventListener } from '../machine/events';

export function logEventsTo(machine: { onEvent(listener: EventListener): () => void }, file: string): () => void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new UserError(`--events: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const stop = machine.onEvent((e) => {
    writeSync(fd, `${JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
  });
  return () => {
    stop();
    closeSync(fd);
  };
}
