/**
 * @module Schema: the one job queue (server/adapters/jobs). A row is enqueued in the same transaction as the
 * data that caused it; `run_at` comes from the product's clock; a claim of a job with a network step carries
 * an owner and a lease (`locked_by`, `locked_until`) so another instance takes it over when the owner dies.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'late' | 'cancelled';

export const jobs = sqliteTable('jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  /** Idempotency key: at most one job per kind and key, ever (while the row is kept). */
  key: text('key'),
  /** Jobs with the same ordering key run strictly in creation (id) order. */
  orderingKey: text('ordering_key'),
  /** JSON object handed to the handler. */
  payload: text('payload').notNull().default('{}'),
  status: text('status').$type<JobStatus>().notNull().default('pending'),
  /** Due time (epoch ms, from the product's clock). */
  runAt: integer('run_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lockedBy: text('locked_by'),
  lockedUntil: integer('locked_until'),
  /** What the handler returned, or why the job failed. */
  outcome: text('outcome'),
  errcode: integer('errcode'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  finishedAt: integer('finished_at'),
}, (t) => [
  uniqueIndex('jobs_kind_key').on(t.kind, t.key).where(sql`key is not null`),
  index('jobs_due').on(t.status, t.runAt),
  index('jobs_ordering').on(t.orderingKey, t.id).where(sql`ordering_key is not null`),
]);

export type JobRow = typeof jobs.$inferSelect;
