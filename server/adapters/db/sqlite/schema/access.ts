/** @module Schema: admin role grants (beyond ADMIN_USERIDS) and the audit log of every admin change. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const adminGrants = sqliteTable('admin_grants', {
  userid: text('userid').primaryKey(),
  grantedBy: text('granted_by').notNull(),
  grantedAt: integer('granted_at').notNull(),
});

export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey(),
  at: integer('at').notNull(),
  actor: text('actor').notNull(),
  /** e.g. `rules.publish`, `template.update`, `calendar.update`. */
  action: text('action').notNull(),
  target: text('target'),
  /** JSON snapshots (null when not applicable). */
  before: text('before'),
  after: text('after'),
}, (t) => [index('audit_log_at').on(t.at)]);
