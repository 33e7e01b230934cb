/**
 * @module Durable timers on the one job queue. Each timer fires exactly once: its job's claim, the timer's
 * `pending → fired` and the handler's effects commit in one transaction (the job runner's unit of work), so a
 * crash either keeps the timer pending or commits both; a handler that throws rolls back its own effects and the
 * claim (a savepoint) and the timer is failed. Handlers plan (they write rows: outbox, relay jobs, alerts — each
 * enqueuing its own job) and return an outcome. A timer found later than `maxLatenessMs` is reported (status
 * `late`) instead of run.
 */
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../../app/clock';
import type { TimerRow } from '../../adapters/db/sqlite/schema/index';
import type { Logger } from '../../app/log';
import type { ProductJobs } from '../../app/jobs-runtime';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { TIMER_JOB } from './kind';

export interface FiringTimer extends Omit<TimerRow, 'payload'> { payload: Record<string, unknown> }
/** Runs inside the firing transaction; resolves with a short outcome (e.g. `sent_faq_card`, `answered`). */
export type TimerHandler = (tx: Tx, timer: FiringTimer, now: number) => Promise<string | void>;
export interface DurableTimersOptions {
  maxLatenessMs?: number;
  /** Called with each timer reported late instead of run (same transaction). */
  onLate?: (tx: Tx, timer: TimerRow, latenessMs: number) => Promise<void>;
}

export class DurableTimers {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly after: (() => void)[] = [];
  readonly maxLatenessMs: number;

  constructor(private readonly d: { clock: Clock; log: Logger }, private readonly jobs: ProductJobs, private readonly o: DurableTimersOptions = {}) {
    this.maxLatenessMs = o.maxLatenessMs ?? 5 * 60_000;
    jobs.handle(TIMER_JOB, {
      run: async (tx, job) => {
        const outcome = await this.fire(tx, job.payload.timerId);
        for (const fn of this.after) tx.afterCommit(fn);
        return outcome;
      },
    });
  }

  register(kind: string, handler: TimerHandler): this { this.handlers.set(kind, handler); return this; }
  /** Listener run after a fired timer's transaction committed (kick the queues that are not jobs yet). */
  afterFire(fn: () => void): this { this.after.push(fn); return this; }

  /** Inside the job's transaction: claims the timer and runs its handler; resolves with the outcome for the job. */
  private async fire(tx: Tx, timerId: number): Promise<string> {
    const { clock, log } = this.d;
    const { timers } = tx.t;
    const t = await first(tx.db.select().from(timers).where(eq(timers.id, timerId)).limit(1));
    if (!t || t.status !== 'pending') return `not pending (${t?.status ?? 'missing'})`;
    const now = clock.now();
    const settle = (status: TimerRow['status'], outcome: string) => tx.db.update(timers).set({ status, outcome }).where(eq(timers.id, t.id));
    try {
      // A savepoint: a throw rolls back the claim and the handler's effects, and the rest of the job's transaction goes on.
      return await tx.savepoint(async () => {
        await tx.db.update(timers).set({ status: 'fired', firedAt: now }).where(and(eq(timers.id, t.id), eq(timers.status, 'pending')));
        const lateness = now - t.dueAt;
        if (lateness > this.maxLatenessMs) {
          await settle('late', `late by ${lateness} ms`);
          log.warn({ timer: t.id, kind: t.kind, lateness }, 'timer too late: reported, not run');
          await this.o.onLate?.(tx, t, lateness);
          return 'late';
        }
        const handler = this.handlers.get(t.kind);
        if (!handler) {
          await settle('failed', `no handler for ${t.kind}`);
          return 'no handler';
        }
        const outcome = (await handler(tx, { ...t, payload: JSON.parse(t.payload) as Record<string, unknown> }, now)) ?? 'done';
        await settle('fired', outcome);
        return outcome;
      });
    } catch (err) {
      // The handler threw: its effects rolled back with the claim; the timer is failed, not retried forever.
      const why = String(err instanceof Error ? err.message : err).slice(0, 200);
      log.error({ err, timer: t.id, kind: t.kind }, 'timer handler failed');
      await tx.db.update(timers).set({ status: 'failed', firedAt: now, outcome: why }).where(and(eq(timers.id, t.id), eq(timers.status, 'pending')));
      return `failed: ${why}`;
    }
  }
}
