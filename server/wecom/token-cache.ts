/**
 * @module Access-token cache per secret: early expiry, single-flight refresh (concurrent callers share one
 * gettoken), explicit invalidation when WeCom says a token is invalid or expired.
 */
import type { Clock } from '../clock';

export interface FetchedToken { value: string; expiresInSeconds: number }

/** Refresh this long before WeCom's stated expiry. */
const EARLY_MS = 5 * 60_000;

export class TokenCache {
  private cached: { value: string; expiresAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(private readonly clock: Clock, private readonly fetchToken: () => Promise<FetchedToken>) {}

  get(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.expiresAt) return Promise.resolve(this.cached.value);
    this.inflight ??= this.refresh().finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  /** Drops `value` if it is still the cached token (another caller may already have refreshed). */
  invalidate(value: string): void {
    if (this.cached?.value === value) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const t = await this.fetchToken();
    const lifetime = t.expiresInSeconds * 1000;
    this.cached = { value: t.value, expiresAt: this.clock.now() + Math.max(lifetime - EARLY_MS, lifetime / 2) };
    return t.value;
  }
}
