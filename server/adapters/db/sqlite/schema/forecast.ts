/**
 * @module Schema: inbound load history kept as hourly counts per 微信客服 account, apart from conversations and
 * messages — the demo's generated 16 weeks (source `demo`) live here, so agents' conversation lists, the
 * status-sync figures and every per-message view never see them; the forecast reads these and the messages.
 */
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';

export const inboundHistory = sqliteTable('inbound_history', {
  openKfid: text('open_kfid').notNull(),
  /** Start of the hour (epoch ms, an hour boundary in the org zone). */
  hourStart: integer('hour_start').notNull(),
  /** Inbound customer messages in that hour. */
  count: integer('count').notNull(),
  /** Where the counts came from (`demo` = generated for the demo). */
  source: text('source').notNull(),
}, (t) => [primaryKey({ columns: [t.openKfid, t.hourStart] })]);
