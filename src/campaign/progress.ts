/**
 * The progress line on stderr: a bar, injections done out of the total, the
 * rate and the time left. On a terminal it redraws one line; otherwise (with
 * --progress) it prints a line every few seconds, so a batch log stays
 * readable.
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const BAR = 24;
const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 5_000;

export class Progress {
  private done: number;
  private readonly started = performance.now();
  private readonly startDone: number;
  private lastDraw = 0;

  constructor(private readonly total: number, alreadyDone: number, private readonly stream: ProgressStream, private readonly label = 'campaign') {
    this.done = alreadyDone;
    this.startDone = alreadyDone;
    this.draw(true);
  }

  tick(): void {
    this.done++;
    this.draw(this.done === this.total);
  }

  finish(): void {
    this.draw(true);
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < (this.stream.isTTY ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    this.lastDraw = now;
    const line = formatProgress(this.label, this.done, this.total, this.done - this.startDone, (now - this.started) / 1000);
    this.stream.write(this.stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }
}

/** The progress line itself (no terminal codes). */
export function formatProgress(label: string, done: number, total: number, ranNow: number, seconds: number): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = Math.round(fraction * BAR);
  const rate = seconds > 0 ? ranNow / seconds : 0;
  const left = total - done;
  const eta = left === 0 ? 'done' : rate > 0 ? `ETA ${formatDuration(left / rate)}` : 'ETA --:--';
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${done}/${total} ${(fraction * 100).toFixed(0)}% ${rate.toFixed(1)}/s ${eta}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}
