/**
 * @module Rate limits and replay memory in the database (both engines, one upsert each), so every instance
 * counts the same hits and remembers the same keys. Times come from the injected clock; `purge` drops what
 * has expired (run it as a periodic job).
 */
import { lt, lte, sql } from 'drizzle-orm';
import { reusableQuery } from '../../../core/ports/reusable-query';
import type { Clock } from '../../../core/ports/clock';
import type { RateLimiter, RateLimitResult, RateLimitRule, ReplayMemory } from '../../../core/ports/shared-state';
import type { Tx } from '../../../core/ports/unit-of-work';

export class SqlRateLimiter implements RateLimiter {
  constructor(private readonly clock: Clock) {}

  async hit(tx: Tx, bucket: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const windowStart = Math.floor(this.clock.now() / rule.windowMs) * rule.windowMs;
    const { rateLimits } = tx.t;
    const [row] = await tx.db.insert(rateLimits).values({ bucket, windowStart, count: 1 })
      .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.windowStart], set: { count: sql`rate_limits.count + 1` } })
      .returning({ count: rateLimits.count });
    const count = row!.count;
    return { allowed: count <= rule.limit, count, resetAt: windowStart + rule.windowMs };
  }

  /** Drops windows that started before `before`. */
  async purge(tx: Tx, before: number): Promise<number> {
    return (await tx.db.delete(tx.t.rateLimits).where(lt(tx.t.rateLimits.windowStart, before)).returning({ b: tx.t.rateLimits.bucket })).length;
  }
}

/* Once per callback (reusable: built once, see core/ports/reusable-query.ts). */
const takeKey = reusableQuery('replay_memory_take', ['scope', 'key', 'expiresAt', 'now'], ({ db, t: { replayMemory: m } }, p) =>
  db.insert(m).values({ scope: p.scope, key: p.key, expiresAt: p.expiresAt })
    .onConflictDoUpdate({ target: [m.scope, m.key], set: { expiresAt: sql`${p.expiresAt}` }, setWhere: sql`replay_memory.expires_at <= ${p.now}` })
    .returning({ key: m.key }));

export class SqlReplayMemory implements ReplayMemory {
  constructor(private readonly clock: Clock) {}

  async firstSighting(tx: Tx, scope: string, key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    // a new key is inserted; an expired one is taken again (the update's where); a live one returns nothing
    const rows = await takeKey(tx, { scope, key, expiresAt: now + ttlMs, now });
    return rows.length === 1;
  }

  async purge(tx: Tx): Promise<number> {
    return (await tx.db.delete(tx.t.replayMemory).where(lte(tx.t.replayMemory.expiresAt, this.clock.now())).returning({ k: tx.t.replayMemory.key })).length;
  }
}
