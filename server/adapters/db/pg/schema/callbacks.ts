/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/callbacks.ts. Schema: every verified WeCom callback as received (decrypted XML). Whether it has been pulled
 * follows from the account's `sync_cursors.last_pull_started_at` (one row per account, not per event).
 */
import { pgTable, text, bigint, doublePrecision } from 'drizzle-orm/pg-core';

export const callbackEvents = pgTable('callback_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  msgType: text('msg_type').notNull(),
  event: text('event'),
  openKfid: text('open_kfid'),
  /** The decrypted inner XML (contains the short-lived sync token; never logged). */
  raw: text('raw').notNull(),
  /** Time from the request reaching the route to the 200 being returned (ms). */
  ackMs: doublePrecision('ack_ms'),
});
