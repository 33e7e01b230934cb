/**
 * @module The cluster janitor's work (the recurring `cluster.janitor` job, one run per period cluster-wide):
 * the shared state's expired rows (rate windows, replay keys) and the job queue's finished rows older than
 * `JOB_RETENTION_MS` (7 days, like the callback log: diagnostics read the record tables, not job rows). Jobs
 * go in batches of `JOB_PURGE_BATCH`, each in its own run: a full batch enqueues another run due now, so a
 * backlog is worked off in short transactions instead of one long hold on the write lock.
 */
import type { SharedState } from '../adapters/db/cluster/shared-state';
import { JANITOR } from '../adapters/db/cluster/shared-state';
import { purgeFinishedJobs } from '../adapters/jobs/purge';
import type { RecurringWork } from '../core/jobs/recurring';

export const JOB_RETENTION_MS = 7 * 86_400_000;
export const JOB_PURGE_BATCH = 500;

export function janitorWork(d: { shared: Pick<SharedState, 'purge'>; wake: () => void }, o: { retentionMs?: number; batch?: number } = {}): RecurringWork<void> {
  const batch = o.batch ?? JOB_PURGE_BATCH;
  return {
    ...JANITOR,
    async run(tx, _res, now) {
      const shared = await d.shared.purge(tx);
      const jobs = await purgeFinishedJobs(tx, now - (o.retentionMs ?? JOB_RETENTION_MS), batch);
      if (jobs.deleted === batch) {
        // more to purge: another run right after this one commits, keyed by where this batch ended
        await tx.db.insert(tx.t.jobs).values({ kind: JANITOR.name, key: `more:${jobs.lastId}`, payload: '{}', runAt: now, createdAt: now, updatedAt: now })
          .onConflictDoNothing();
        tx.afterCommit(d.wake);
      }
      return `purged ${shared}, jobs ${jobs.deleted}`;
    },
  };
}
