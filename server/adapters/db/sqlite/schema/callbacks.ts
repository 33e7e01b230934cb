/**
 * @module Schema: every verified WeCom callback as received (decrypted XML). Whether it has been pulled
 * follows from the account's `sync_cursors.last_pull_started_at` (one row per account, not per event).
 */
import { sqliteTable, text, integer, real } from 'drizzle-orm/sqlite-core';

export const callbackEvents = sqliteTable('callback_events', {
  id: integer('id').primaryKey(),
  receivedAt: integer('received_at').notNull(),
  msgType: text('msg_type').notNull(),
  event: text('event'),
  openKfid: text('open_kfid'),
  /** The decrypted inner XML (contains the short-lived sync token; never logged). */
  raw: text('raw').notNull(),
  /** Time from the request reaching the route to the 200 being returned (ms). */
  ackMs: real('ack_ms'),
});
