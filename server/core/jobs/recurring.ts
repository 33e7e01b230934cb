/**
 * @module Recurring work on the one job queue (the shared-state janitor, the live directory read): no loop of
 * its own in any process. Each run is a job due at a period boundary of the injected clock and keyed by it
 * (`at:<epoch ms>`), so however many instances schedule it, one job exists per due time cluster-wide and one
 * runner claims it. A run schedules the next boundary after the clock's now in its own transaction (a run found
 * late does not replay the periods it missed); `ensureIn` at start schedules it when no run is pending (a fresh
 * database, or a chain a crash left without its next job). A failed run is logged and the chain goes on: the
 * work is repeated next period, not retried.
 */
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../app/clock';
import { backoffRetry, jobKind } from '../ports/jobs';
import { first } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import type { Logger } from '../../app/log';
import { enqueueJobIn } from './enqueue';
import type { ProductJobs } from '../../app/jobs-runtime';

export interface RecurringWork<R> {
  /** The job kind. */
  name: string;
  everyMs: number;
  /** The network step (outside any transaction, under the lease); a throw skips `run` for this period. */
  call?: () => Promise<R>;
  /**
   * The database effects, in the job's transaction (a savepoint: a throw rolls back only these).
   */
  run(tx: Tx, result: R | undefined, now: number): Promise<string | void> | string | void;
  /** How long a run's network step may take before another instance may take the job over (default 60 s). */
  leaseMs?: number;
}

/** The first period boundary strictly after `at`. */
export const nextBoundary = (at: number, everyMs: number) => Math.floor(at / everyMs) * everyMs + everyMs;
export const recurringKey = (dueAt: number) => `at:${dueAt}`;

/** Schedules the run due at the next boundary after `now` (in the caller's transaction); false when that run exists already (any instance). */
export async function scheduleNext(tx: Tx, name: string, everyMs: number, now: number): Promise<boolean> {
  const dueAt = nextBoundary(now, everyMs);
  return enqueueJobIn(tx, name, {}, now, { key: recurringKey(dueAt), runAt: dueAt });
}

type Outcome<R> = { ok: R } | { failed: string };

export interface Recurring {
  /**
   * Schedules the next run unless one is pending (call at start, after `jobs.handle`), in the caller's transaction;
   * wakes the runner after commit when it did.
   */
  ensureIn(tx: Tx): Promise<void>;
}

/**
 * Registers `work` on the queue. Housekeeping does not stop time travel at each of its due times: after a
 * jump it runs once (a due job is still work the queue finishes before it reports idle).
 */
export function handleRecurring<R>(jobs: ProductJobs, d: { clock: Clock; log: Logger }, work: RecurringWork<R>): Recurring {
  const kind = jobKind<Record<string, never>>(work.name, { retry: backoffRetry({ maxAttempts: 1, baseMs: 0 }), leaseMs: work.leaseMs });
  const failed = (err: unknown, step: string): { failed: string } => {
    d.log.warn({ err: err instanceof Error ? err.message : String(err), job: work.name }, `${work.name} ${step} failed; next period runs again`);
    return { failed: `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200) };
  };
  const call = work.call;
  jobs.handle<Record<string, never>, Outcome<R> | undefined>(kind, {
    ...(call ? { call: async () => { try { return { ok: await call() }; } catch (err) { return failed(err, 'read'); } } } : {}),
    run: async (tx, _job, res) => {
      const now = d.clock.now();
      let outcome: string;
      if (res && 'failed' in res) outcome = res.failed;
      else {
        try {
          outcome = (await tx.savepoint(async () => work.run(tx, res?.ok, now))) || 'done';
        } catch (err) { outcome = failed(err, 'run').failed; }
      }
      await scheduleNext(tx, work.name, work.everyMs, now);
      return outcome;
    },
  }, { travelStops: false });
  return {
    async ensureIn(tx) {
      const now = d.clock.now();
      const { jobs: j } = tx.t;
      const pending = await first(tx.db.select({ id: j.id }).from(j).where(and(eq(j.kind, work.name), eq(j.status, 'pending'))).limit(1));
      if (!pending && await scheduleNext(tx, work.name, work.everyMs, now)) tx.afterCommit(() => jobs.wake());
    },
  };
}
