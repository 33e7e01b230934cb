/**
 * @module Purging finished jobs, written once for both engines: the `jobs` rows that are settled for good (done,
 * failed, cancelled, late) and finished before a cutoff, oldest first, at most `limit` per call, so one purge
 * keeps the write lock briefly (the janitor runs again at once while a batch comes back full). Pending and
 * running jobs are never touched; no table refers to a job row (the outbox, timer, relay and alert rows are the
 * record and keep their own status), and the ordering and idempotency rules look only at pending and running
 * jobs or at keys that are never reused.
 */
import { and, asc, inArray, lt } from 'drizzle-orm';
import type { Tx } from '../../core/ports/unit-of-work';

export const FINISHED_JOB_STATUSES = ['done', 'failed', 'cancelled', 'late'] as const;

/** Deletes up to `limit` finished jobs that finished before `before`; returns how many and the last id deleted. */
export async function purgeFinishedJobs(tx: Tx, before: number, limit: number): Promise<{ deleted: number; lastId: number | null }> {
  const { jobs } = tx.t;
  const ids = (await tx.db.select({ id: jobs.id }).from(jobs)
    .where(and(inArray(jobs.status, [...FINISHED_JOB_STATUSES]), lt(jobs.finishedAt, before)))
    .orderBy(asc(jobs.id)).limit(limit)).map((r) => r.id);
  if (ids.length === 0) return { deleted: 0, lastId: null };
  await tx.db.delete(jobs).where(inArray(jobs.id, ids));
  return { deleted: ids.length, lastId: ids[ids.length - 1]! };
}
