// A fixed-window counter per key, in process memory (each app process counts for itself; safe to
// lose). Used where @fastify/rate-limit, which runs one limit per request, needs a second one.
export class WindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit for `key`; false once the key is over its limit in the current window. */
  hit(key: string, nowMs: number = Date.now()): boolean {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.max;
  }

  /**
   * Takes one hit back: the attempt turned out not to count (a lookup that succeeded). Counting
   * first and forgiving after means attempts still in flight count, so a burst cannot slip past.
   */
  forgive(key: string): void {
    const count = this.counts.get(key);
    if (count === undefined) return;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  /** Whole seconds until the current window ends and every key starts again from nothing. */
  retryAfterSeconds(nowMs: number = Date.now()): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - nowMs) / 1000));
  }
}
