/** @module Schema: 微信客服 accounts, their servicers (as WeCom sees them) and the sync_msg cursor per account. */
import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';

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

export const syncCursors = sqliteTable('sync_cursors', {
  openKfid: text('open_kfid').primaryKey(),
  cursor: text('cursor').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export type KfAccount = typeof kfAccounts.$inferSelect;
