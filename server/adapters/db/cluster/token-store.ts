/**
 * @module WeCom access tokens and JS tickets shared by every instance (table `shared_tokens`). A missing or
 * nearly expired value is fetched by one instance at a time cluster-wide: it takes a lease on the row (owner +
 * expiry, so a dead instance's refresh is taken over), fetches outside any transaction, stores the value and
 * tells the others over the bus; meanwhile the others use the value in force while it has not expired, or (none)
 * wait for that notice (or poll). Within one instance concurrent
 * callers share one fetch, and a value it has read stays in memory until its own refresh margin (a token's
 * row is read once per value, not once per WeCom call). WeCom's 45009 on gettoken starts a backoff during which
 * nobody calls it again.
 */
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Bus } from '../../../core/ports/bus';
import type { Clock } from '../../../core/ports/clock';
import { first } from '../../../core/ports/queries';
import { TokenUnavailableError, type FetchedToken, type TokenStore } from '../../../core/ports/shared-state';
import type { UnitOfWork } from '../../../core/ports/unit-of-work';
import { errcodeOf } from '../../../channels/wecom-kf/errcodes';

export const TOKENS_CHANNEL = 'tokens.refreshed';
/** A value is refreshed this long before it expires (WeCom tokens live 7200 s). */
export const TOKEN_REFRESH_MARGIN_MS = 300_000;

export interface TokenStoreOptions {
  owner: string;
  /** Refresh this long before expiry (default TOKEN_REFRESH_MARGIN_MS). */
  marginMs?: number;
  /** How long a refresh may take before another instance takes over (default 15 s). */
  leaseMs?: number;
  /** No new fetch for this long after WeCom's 45009 (default 60 s). */
  rateLimitBackoffMs?: number;
  /** Real-time poll while another instance refreshes, when its bus notice does not come (default 200 ms). */
  waitPollMs?: number;
}

export class SqlTokenStore implements TokenStore {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Values this instance has read or fetched, until they need a refresh. */
  private readonly fresh = new Map<string, { value: string; until: number }>();
  private readonly o: Required<TokenStoreOptions>;

  constructor(private readonly d: { uow: UnitOfWork; clock: Clock; bus?: Bus }, o: TokenStoreOptions) {
    this.o = { marginMs: TOKEN_REFRESH_MARGIN_MS, leaseMs: 15_000, rateLimitBackoffMs: 60_000, waitPollMs: 200, ...o };
    d.bus?.subscribe(TOKENS_CHANNEL, (m) => this.notify((m as { name?: string } | null)?.name ?? ''));
  }

  get(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    const known = this.fresh.get(name);
    if (known && known.until > this.d.clock.now()) return Promise.resolve(known.value);
    const running = this.inflight.get(name);
    if (running) return running;
    const p = this.obtain(name, fetch).finally(() => this.inflight.delete(name));
    this.inflight.set(name, p);
    return p;
  }

  async invalidate(name: string, value: string): Promise<void> {
    if (this.fresh.get(name)?.value === value) this.fresh.delete(name);
    await this.d.uow.run(async (tx) => {
      const t = tx.t.sharedTokens;
      await tx.db.update(t).set({ value: null, expiresAt: null, updatedAt: this.d.clock.now() }).where(and(eq(t.name, name), eq(t.value, value)));
    });
  }

  private async obtain(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    for (;;) {
      const step = await this.d.uow.run(async (tx) => {
        const t = tx.t.sharedTokens;
        const now = this.d.clock.now();
        const row = await first(tx.db.select().from(t).where(eq(t.name, name)));
        if (row?.value && row.expiresAt !== null && row.expiresAt - this.o.marginMs > now) {
          this.fresh.set(name, { value: row.value, until: row.expiresAt - this.o.marginMs });
          return { got: row.value };
        }
        if (row?.backoffUntil && row.backoffUntil > now) {
          if (row.value && row.expiresAt !== null && row.expiresAt > now) return { got: row.value }; // still valid, just not fresh
          throw new TokenUnavailableError(name, row.backoffUntil);
        }
        const lease = { refreshingBy: this.o.owner, refreshUntil: now + this.o.leaseMs, updatedAt: now };
        const mine = row
          // The staleness test is repeated in the UPDATE: on PostgreSQL a concurrent refresh that commits while this
          // statement waits for the row lock makes it re-check the new row, which is fresh by then (no second fetch).
          ? await tx.db.update(t).set(lease).where(and(
            eq(t.name, name),
            or(isNull(t.refreshUntil), lte(t.refreshUntil, now)),
            or(isNull(t.value), isNull(t.expiresAt), lte(t.expiresAt, now + this.o.marginMs)),
          )).returning({ name: t.name })
          : await tx.db.insert(t).values({ name, ...lease }).onConflictDoNothing().returning({ name: t.name });
        // not fresh, but WeCom still takes it until it expires: served while another instance refreshes
        const valid = row?.value && row.expiresAt !== null && row.expiresAt > now ? row.value : null;
        return { got: null, leased: mine.length === 1, valid };
      });
      if (step.got !== null) return step.got;
      if (step.leased) return this.refresh(name, fetch);
      if (step.valid !== null) return step.valid;
      await this.waitForRefresh(name);
    }
  }

  private async refresh(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    const release = async (set: { value?: string; expiresAt?: number; backoffUntil?: number }) => this.d.uow.run(async (tx) => {
      const t = tx.t.sharedTokens;
      await tx.db.update(t).set({ ...set, refreshingBy: null, refreshUntil: null, updatedAt: this.d.clock.now() })
        .where(and(eq(t.name, name), eq(t.refreshingBy, this.o.owner)));
      tx.afterCommit(() => this.d.bus?.publish(TOKENS_CHANNEL, { name }));
    });
    let fetched: FetchedToken;
    try {
      fetched = await fetch();
    } catch (err) {
      await release(errcodeOf(err) === 45009 ? { backoffUntil: this.d.clock.now() + this.o.rateLimitBackoffMs } : {});
      throw err;
    }
    const expiresAt = this.d.clock.now() + fetched.expiresInMs;
    await release({ value: fetched.value, expiresAt });
    this.fresh.set(name, { value: fetched.value, until: expiresAt - this.o.marginMs });
    return fetched.value;
  }

  private waitForRefresh(name: string): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(name);
      if (!set) this.waiters.set(name, (set = new Set()));
      const done = () => { clearTimeout(timer); set.delete(done); resolve(); };
      const timer = setTimeout(done, this.o.waitPollMs);
      set.add(done);
    });
  }

  private notify(name: string): void {
    for (const done of [...(this.waiters.get(name) ?? [])]) done();
  }
}
