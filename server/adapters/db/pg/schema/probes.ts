/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/probes.ts. Schema: reports of probe messages (`***`): every pipeline step with its duration, for diagnostics. */
import { pgTable, text, bigint } from 'drizzle-orm/pg-core';

export const probeReports = pgTable('probe_reports', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  msgid: text('msgid').notNull().unique(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
  /** JSON: [{ step, atMs, durationMs, detail? }]. */
  steps: text('steps').notNull(),
  /** JSON: the dry-run decision (actions + trace). */
  decision: text('decision').notNull(),
});
