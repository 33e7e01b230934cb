/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/cluster.ts. Schema: state shared by every instance of the server — WeCom access tokens and JS tickets (one
 * refresh at a time, by a lease on the row), fixed-window rate-limit counters, and the replay memory
 * (callback nonces, idempotent requests) — so limits and dedupes hold across instances.
 */
import { pgTable, text, bigint, primaryKey, index } from 'drizzle-orm/pg-core';

/** One row per credential (`<corp>:<secret name>` for a token, `<corp>:jsapi_ticket` …); never the secret itself. */
export const sharedTokens = pgTable('shared_tokens', {
  name: text('name').primaryKey(),
  value: text('value'),
  expiresAt: bigint('expires_at', { mode: 'number' }),
  /** The instance refreshing it now, until `refresh_until` (a lease: one refresh at a time cluster-wide). */
  refreshingBy: text('refreshing_by'),
  refreshUntil: bigint('refresh_until', { mode: 'number' }),
  /** WeCom said 45009 (frequency limit): no new fetch before this time. */
  backoffUntil: bigint('backoff_until', { mode: 'number' }),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** Fixed-window counters: `bucket` e.g. `alert:<userid>`, `booking:<ip>`; one row per bucket and window. */
export const rateLimits = pgTable('rate_limits', {
  bucket: text('bucket').notNull(),
  windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  count: bigint('count', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('rate_limits_window').on(t.windowStart)]);

/** Keys seen recently per scope (e.g. `callback` nonces): a second sighting before `expires_at` is a replay. */
export const replayMemory = pgTable('replay_memory', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] }), index('replay_memory_expiry').on(t.expiresAt)]);

