/** @module Schema: WeCom's own signal of each servicer's 接待中 status, as events reported it (for status-sync diagnostics). */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const servicerSignals = sqliteTable('servicer_signals', {
  id: integer('id').primaryKey(),
  openKfid: text('open_kfid').notNull(),
  userid: text('userid').notNull(),
  /** WeCom event status: 1 接待中, 2 停止接待. */
  status: integer('status').notNull(),
  /** 0 stopped, 1 paused (only with status 2). */
  stopType: integer('stop_type'),
  at: integer('at').notNull(),
}, (t) => [index('servicer_signals_user_at').on(t.userid, t.at)]);
