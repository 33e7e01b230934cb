/** @module Schema: reports of probe messages (`***`): every pipeline step with its duration, for diagnostics. */
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const probeReports = sqliteTable('probe_reports', {
  id: integer('id').primaryKey(),
  msgid: text('msgid').notNull().unique(),
  conversationId: integer('conversation_id').notNull(),
  at: integer('at').notNull(),
  /** JSON: [{ step, atMs, durationMs, detail? }]. */
  steps: text('steps').notNull(),
  /** JSON: the dry-run decision (actions + trace). */
  decision: text('decision').notNull(),
});
