// The repeating job runs once at start, never twice at the same time, and can be woken early: a
// wake during a run asks for exactly one more run after it.
import { describe, expect, it } from 'vitest';
import { startRepeating } from './jobs.ts';

describe('startRepeating', () => {
  it('runs at once, and again when woken, never overlapping', async () => {
    let runs = 0;
    let active = 0;
    let overlapped = false;
    let release: () => void = () => {};
    const job = startRepeating(
      'test',
      60_000,
      () => {
        runs++;
        active++;
        if (active > 1) overlapped = true;
        return new Promise<void>((resolve) => {
          release = () => {
            active--;
            resolve();
          };
        });
      },
      () => {},
    );
    expect(runs).toBe(1);
    // Woken twice during the first run: one more run after it, not two.
    job.wake();
    job.wake();
    expect(runs).toBe(1);
    release();
    await expect.poll(() => runs).toBe(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs).toBe(2);
    // Idle: a wake runs now.
    job.wake();
    expect(runs).toBe(3);
    release();
    await job.stop();
    job.wake();
    expect(runs).toBe(3);
    expect(overlapped).toBe(false);
  });
});
