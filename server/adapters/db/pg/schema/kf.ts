/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/kf.ts. Schema: 微信客服 accounts, their servicers (as WeCom sees them) and the sync_msg cursor per account. */
import { pgTable, text, bigint, boolean, primaryKey, index } from 'drizzle-orm/pg-core';

export const kfAccounts = pgTable('kf_accounts', {
  openKfid: text('open_kfid').primaryKey(),
  name: text('name').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/** Members who are servicers of an account; `wecomStatus` is WeCom's 接待中 (0) / 停止接待 (1) signal. */
export const kfServicers = pgTable('kf_servicers', {
  openKfid: text('open_kfid').notNull().references(() => kfAccounts.openKfid),
  userid: text('userid').notNull(),
  wecomStatus: bigint('wecom_status', { mode: 'number' }),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.openKfid, t.userid] })]);

/**
 * The sync_msg cursor per account, and the pull watermark: every callback received before
 * `lastPullStartedAt` has been served by a completed pull (or by the failure recorded here).
 */
export const syncCursors = pgTable('sync_cursors', {
  openKfid: text('open_kfid').primaryKey(),
  cursor: text('cursor').notNull().default(''),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  lastPullStartedAt: bigint('last_pull_started_at', { mode: 'number' }),
  lastPullOk: boolean('last_pull_ok'),
  lastError: text('last_error'),
}, (t) => [index('sync_cursors_pull').on(t.lastPullStartedAt)]);

