/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/jobs.ts. Schema: the one job queue (server/adapters/jobs). A row is enqueued in the same transaction as the
 * data that caused it; `run_at` comes from the product's clock; a claim of a job with a network step carries
 * an owner and a lease (`locked_by`, `locked_until`) so another instance takes it over when the owner dies.
 */
import { sql } from 'drizzle-orm';
import { pgTable, text, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { JobStatus } from '../../sqlite/schema/jobs';

export const jobs = pgTable('jobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  kind: text('kind').notNull(),
  /** Idempotency key: at most one job per kind and key, ever (while the row is kept). */
  key: text('key'),
  /** Jobs with the same ordering key run strictly in creation (id) order. */
  orderingKey: text('ordering_key'),
  /** JSON object handed to the handler. */
  payload: text('payload').notNull().default('{}'),
  status: text('status').$type<JobStatus>().notNull().default('pending'),
  /** Due time (epoch ms, from the product's clock). */
  runAt: bigint('run_at', { mode: 'number' }).notNull(),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  lockedBy: text('locked_by'),
  lockedUntil: bigint('locked_until', { mode: 'number' }),
  /** What the handler returned, or why the job failed. */
  outcome: text('outcome'),
  errcode: bigint('errcode', { mode: 'number' }),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  finishedAt: bigint('finished_at', { mode: 'number' }),
}, (t) => [
  uniqueIndex('jobs_kind_key').on(t.kind, t.key).where(sql`key is not null`),
  index('jobs_due').on(t.status, t.runAt),
  index('jobs_ordering').on(t.orderingKey, t.id).where(sql`ordering_key is not null`),
]);

