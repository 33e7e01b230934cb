/**
 * @module Schema: durable timers. A row is armed in the same transaction as the message that caused it and
 * claimed exactly once (`pending → fired`) by the scheduler; `key` dedupes among pending timers.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

export type TimerStatus = 'pending' | 'fired' | 'cancelled' | 'late' | 'failed';

export const timers = sqliteTable('timers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  /** Dedupe key: at most one pending timer per key. */
  key: text('key').notNull(),
  conversationId: integer('conversation_id'),
  dueAt: integer('due_at').notNull(),
  status: text('status').$type<TimerStatus>().notNull().default('pending'),
  /** JSON object handed to the handler. */
  payload: text('payload').notNull().default('{}'),
  armedAt: integer('armed_at').notNull(),
  firedAt: integer('fired_at'),
  /** What the handler decided (or why it did not run). */
  outcome: text('outcome'),
}, (t) => [
  uniqueIndex('timers_pending_key').on(t.key).where(sql`status = 'pending'`),
  index('timers_status_due').on(t.status, t.dueAt),
  index('timers_conversation').on(t.conversationId, t.status),
]);

export type TimerRow = typeof timers.$inferSelect;
