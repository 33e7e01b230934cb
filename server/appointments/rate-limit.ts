/** @module A fixed-window counter per key (form link, client IP), in memory: enough for one process. */
import type { Clock } from '../clock';

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** Counts a hit; false when `key` already had `limit` hits in the current window. */
  hit(key: string, limit: number, windowMs: number): boolean {
    const now = this.clock.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + windowMs });
      return true;
    }
    w.count += 1;
    return w.count <= limit;
  }
}
