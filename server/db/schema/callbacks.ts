/** @module Schema: every verified WeCom callback as received (decrypted XML), with its processing outcome. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const callbackEvents = sqliteTable('callback_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  receivedAt: integer('received_at').notNull(),
  msgType: text('msg_type').notNull(),
  event: text('event'),
  openKfid: text('open_kfid'),
  /** The decrypted inner XML (contains the short-lived sync token; never logged). */
  raw: text('raw').notNull(),
  status: text('status').$type<'received' | 'processed' | 'failed'>().notNull().default('received'),
  processedAt: integer('processed_at'),
  error: text('error'),
}, (t) => [index('callback_events_received').on(t.receivedAt)]);
