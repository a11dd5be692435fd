import { describe, expect, it } from 'vitest';
import { Progress, formatDuration, formatProgress } from '../../src/campaign/progress';

describe('progress line', () => {
  it('shows the bar, the count, the rate and the time left', () => {
    expect(formatProgress('campaign', 25, 100, 25, 5)).toBe('campaign [######------------------] 25/100 25% 5.0/s ETA 0:15');
    expect(formatProgress('campaign', 100, 100, 50, 10)).toBe('campaign [########################] 100/100 100% 5.0/s done');
    expect(formatProgress('campaign', 0, 10, 0, 0)).toContain('ETA --:--');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('redraws one line on a terminal and prints whole lines elsewhere', () => {
    const tty: string[] = [];
    const p = new Progress(3, 1, { write: (s: string) => tty.push(s), isTTY: true });
    p.tick();
    p.tick();
    p.finish();
    expect(tty[0].startsWith('\r')).toBe(true);
    expect(tty.join('')).toContain('3/3');
    expect(tty[tty.length - 1]).toBe('\n');
    const log: string[] = [];
    const q = new Progress(2, 0, { write: (s: string) => log.push(s) });
    q.tick();
    q.tick();
    for (const line of log) expect(line.endsWith('\n') && !line.includes('\r')).toBe(true);
    expect(log[log.length - 1]).toContain('2/2');
  });
});
