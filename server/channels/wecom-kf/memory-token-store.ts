/**
 * @module The token store of one process (`TokenStore` in memory): for a process with no shared database — the
 * `doctor` CLI, tests of the client alone. The server uses the database's store (server/adapters/db/cluster/
 * token-store.ts), shared by every instance. Same rules: refreshed `marginMs` before WeCom's stated expiry (or at
 * half-life for short ones), concurrent callers share one fetch, invalidation drops only the value WeCom refused.
 */
import type { Clock } from '../../app/clock';
import type { FetchedToken, TokenStore } from '../../core/ports/shared-state';

export class MemoryTokenStore implements TokenStore {
  private readonly cached = new Map<string, { value: string; refreshAt: number }>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(private readonly clock: Clock, private readonly marginMs = 5 * 60_000) {}

  get(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    const hit = this.cached.get(name);
    if (hit && this.clock.now() < hit.refreshAt) return Promise.resolve(hit.value);
    let running = this.inflight.get(name);
    if (!running) {
      running = this.refresh(name, fetch).finally(() => this.inflight.delete(name));
      this.inflight.set(name, running);
    }
    return running;
  }

  invalidate(name: string, value: string): Promise<void> {
    if (this.cached.get(name)?.value === value) this.cached.delete(name);
    return Promise.resolve();
  }

  private async refresh(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    const t = await fetch();
    this.cached.set(name, { value: t.value, refreshAt: this.clock.now() + Math.max(t.expiresInMs - this.marginMs, t.expiresInMs / 2) });
    return t.value;
  }
}
