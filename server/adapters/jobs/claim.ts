/**
 * @module Claiming the next due job, the one place the engines differ. Due: pending with `run_at` ≤ now, or
 * running with an expired lease (its owner died: taken over) — on PostgreSQL with `liveOwners` also running under an
 * owner that no longer holds its proof-of-life lock (owner.ts), at once. Never a job whose ordering key has an earlier
 * job still pending or running. PostgreSQL locks the row `FOR UPDATE SKIP LOCKED`, so concurrent claimers
 * pass each other; SQLite needs nothing more, its transaction (`BEGIN IMMEDIATE`) already excludes writers.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { reusableQueryFamily } from '../../core/ports/reusable-query';
import type { JobRow } from '../db/sqlite/schema/jobs';
import type { Tx } from '../../core/ports/unit-of-work';
import { jobs as pgJobs } from '../db/pg/schema/jobs';
import { nativePg } from '../db/pg/unit-of-work';
import { advisoryLockName } from '../locks/pg-advisory';
import { JOB_OWNER_LOCK } from './owner';

/** The claim rule as a condition: due at `now`, of one of `kinds`, and not held back by an earlier job of its ordering key. */
export function dueCondition(jobs: Tx['t']['jobs'], kinds: string[], now: number): SQL | undefined {
  return and(
    inArray(jobs.kind, kinds),
    or(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now))),
    unblocked(jobs),
  );
}

/** Not held back by an earlier job of its ordering key that is still pending or running. */
function unblocked(jobs: Tx['t']['jobs']): SQL | undefined {
  // written out: drizzle renders a column unqualified in a where clause, which would bind to the inner alias
  return or(isNull(jobs.orderingKey), sql`not exists (select 1 from jobs earlier where earlier.ordering_key = jobs.ordering_key
      and earlier.id < jobs.id and earlier.status in ('pending', 'running'))`);
}

/**
 * The two claiming selects, built once per variant (they run for every batch): taken-over leases, then pending
 * jobs due, earliest first. The variant, as JSON, is what is fixed per runner: its kinds, and whether running jobs
 * whose owner is gone are taken over at once. On PostgreSQL rows are locked `FOR UPDATE SKIP LOCKED`.
 */
const claimSelect = (due: 'expired' | 'pending') => reusableQueryFamily(`jobs_claim_${due}`, ['now', 'limit'], (q, p, variant: string) => {
  const [kinds, liveOwners] = JSON.parse(variant) as [string[], boolean];
  const { jobs } = q.t;
  // The owner's lock free: its process is gone. The test takes the lock for this transaction, so of two claimers
  // asking at once one sees it free and the other held (it skips those rows; the first takes them).
  const ownerGone = liveOwners && q.engine === 'postgres'
    ? sql`pg_try_advisory_xact_lock(hashtext(${advisoryLockName(JOB_OWNER_LOCK, '')} || ${jobs.lockedBy}))` : undefined;
  const condition = due === 'expired'
    ? and(eq(jobs.status, 'running'), or(lte(jobs.lockedUntil, p.now), ownerGone))
    : and(eq(jobs.status, 'pending'), lte(jobs.runAt, p.now));
  const where = and(inArray(jobs.kind, kinds), condition, unblocked(jobs));
  const common = () => q.db.select().from(jobs).where(where).orderBy(asc(jobs.runAt), asc(jobs.id)).limit(p.limit);
  if (q.engine !== 'postgres') return common();
  // PostgreSQL's own builder, for FOR UPDATE SKIP LOCKED: the same columns, so the same rows
  return nativePg(q as Tx).select().from(pgJobs).where(where).orderBy(asc(pgJobs.runAt), asc(pgJobs.id)).limit(p.limit)
    .for('update', { skipLocked: true }) as unknown as ReturnType<typeof common>;
});
const claimExpired = claimSelect('expired');
const claimPending = claimSelect('pending');

/**
 * Up to `limit` due jobs, earliest first; at most one per ordering key (a later one waits for the earlier).
 * Taken-over leases (rare) first, then the pending jobs due: each its own query, so the pending one walks the
 * `jobs_due` index (status, run_at, id) in order and stops at `limit` — one query with both (an OR) sorts every
 * due row of a backlog for each batch.
 */
export async function claimDue(tx: Tx, kinds: string[], now: number, limit: number, o: { liveOwners?: boolean } = {}): Promise<JobRow[]> {
  const variant = JSON.stringify([kinds, o.liveOwners === true]);
  const rows = await claimExpired(tx, variant, { now, limit }) as JobRow[];
  if (rows.length < limit) rows.push(...await claimPending(tx, variant, { now, limit: limit - rows.length }) as JobRow[]);
  return rows;
}
