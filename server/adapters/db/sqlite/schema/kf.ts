/** @module Schema: 微信客服 accounts, their servicers (as WeCom sees them) and the sync_msg cursor per account. */
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

export const kfAccounts = sqliteTable('kf_accounts', {
  openKfid: text('open_kfid').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Members who are servicers of an account; `wecomStatus` is WeCom's 接待中 (0) / 停止接待 (1) signal. */
export const kfServicers = sqliteTable('kf_servicers', {
  openKfid: text('open_kfid').notNull().references(() => kfAccounts.openKfid),
  userid: text('userid').notNull(),
  wecomStatus: integer('wecom_status'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.openKfid, t.userid] })]);

/**
 * The sync_msg cursor per account, and the pull watermark: every callback received before
 * `lastPullStartedAt` has been served by a completed pull (or by the failure recorded here).
 */
export const syncCursors = sqliteTable('sync_cursors', {
  openKfid: text('open_kfid').primaryKey(),
  cursor: text('cursor').notNull().default(''),
  updatedAt: integer('updated_at').notNull(),
  lastPullStartedAt: integer('last_pull_started_at'),
  lastPullOk: integer('last_pull_ok', { mode: 'boolean' }),
  lastError: text('last_error'),
}, (t) => [index('sync_cursors_pull').on(t.lastPullStartedAt)]);

export type KfAccount = typeof kfAccounts.$inferSelect;
