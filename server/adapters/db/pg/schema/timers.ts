/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/timers.ts. Schema: durable timers. A row is armed in the same transaction as the message that caused it and
 * claimed exactly once (`pending → fired`) by the scheduler; `key` dedupes among pending timers.
 */
import { pgTable, text, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TimerStatus } from '../../sqlite/schema/timers';
import { sql } from 'drizzle-orm';

export const timers = pgTable('timers', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  kind: text('kind').notNull(),
  /** Dedupe key: at most one pending timer per key. */
  key: text('key').notNull(),
  conversationId: bigint('conversation_id', { mode: 'number' }),
  dueAt: bigint('due_at', { mode: 'number' }).notNull(),
  status: text('status').$type<TimerStatus>().notNull().default('pending'),
  /** JSON object handed to the handler. */
  payload: text('payload').notNull().default('{}'),
  armedAt: bigint('armed_at', { mode: 'number' }).notNull(),
  firedAt: bigint('fired_at', { mode: 'number' }),
  /** What the handler decided (or why it did not run). */
  outcome: text('outcome'),
}, (t) => [
  uniqueIndex('timers_pending_key').on(t.key).where(sql`status = 'pending'`),
  index('timers_status_due').on(t.status, t.dueAt),
  index('timers_conversation').on(t.conversationId, t.status),
]);

