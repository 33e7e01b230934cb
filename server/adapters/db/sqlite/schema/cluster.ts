/**
 * @module Schema: state shared by every instance of the server — WeCom access tokens and JS tickets (one
 * refresh at a time, by a lease on the row), fixed-window rate-limit counters, and the replay memory
 * (callback nonces, idempotent requests) — so limits and dedupes hold across instances.
 */
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** One row per credential (`<corp>:<secret name>` for a token, `<corp>:jsapi_ticket` …); never the secret itself. */
export const sharedTokens = sqliteTable('shared_tokens', {
  name: text('name').primaryKey(),
  value: text('value'),
  expiresAt: integer('expires_at'),
  /** The instance refreshing it now, until `refresh_until` (a lease: one refresh at a time cluster-wide). */
  refreshingBy: text('refreshing_by'),
  refreshUntil: integer('refresh_until'),
  /** WeCom said 45009 (frequency limit): no new fetch before this time. */
  backoffUntil: integer('backoff_until'),
  updatedAt: integer('updated_at').notNull(),
});

/** Fixed-window counters: `bucket` e.g. `alert:<userid>`, `booking:<ip>`; one row per bucket and window. */
export const rateLimits = sqliteTable('rate_limits', {
  bucket: text('bucket').notNull(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('rate_limits_window').on(t.windowStart)]);

/** Keys seen recently per scope (e.g. `callback` nonces): a second sighting before `expires_at` is a replay. */
export const replayMemory = sqliteTable('replay_memory', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  expiresAt: integer('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] }), index('replay_memory_expiry').on(t.expiresAt)]);

export type SharedTokenRow = typeof sharedTokens.$inferSelect;
