/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/signals.ts. Schema: WeCom's own signal of each servicer's 接待中 status, as events reported it (for status-sync diagnostics). */
import { pgTable, text, bigint, index } from 'drizzle-orm/pg-core';

export const servicerSignals = pgTable('servicer_signals', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  openKfid: text('open_kfid').notNull(),
  userid: text('userid').notNull(),
  /** WeCom event status: 1 接待中, 2 停止接待. */
  status: bigint('status', { mode: 'number' }).notNull(),
  /** 0 stopped, 1 paused (only with status 2). */
  stopType: bigint('stop_type', { mode: 'number' }),
  at: bigint('at', { mode: 'number' }).notNull(),
}, (t) => [index('servicer_signals_user_at').on(t.userid, t.at)]);
