/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/access.ts. Schema: admin role grants (beyond ADMIN_USERIDS) and the audit log of every admin change. */
import { pgTable, text, bigint, index } from 'drizzle-orm/pg-core';

export const adminGrants = pgTable('admin_grants', {
  userid: text('userid').primaryKey(),
  grantedBy: text('granted_by').notNull(),
  grantedAt: bigint('granted_at', { mode: 'number' }).notNull(),
});

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  at: bigint('at', { mode: 'number' }).notNull(),
  actor: text('actor').notNull(),
  /** e.g. `rules.publish`, `template.update`, `calendar.update`. */
  action: text('action').notNull(),
  target: text('target'),
  /** JSON snapshots (null when not applicable). */
  before: text('before'),
  after: text('after'),
}, (t) => [index('audit_log_at').on(t.at)]);
