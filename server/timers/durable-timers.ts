/**
 * @module Durable timers on the one job queue. Each timer fires exactly once: its job's claim, the timer's
 * `pending → fired` and the handler's effects commit in one transaction (the job runner's; on SQLite the
 * handler's synchronous writes join it on the shared connection), so a crash either keeps the timer pending or
 * commits both. Handlers are synchronous planners (they write rows: outbox, relay jobs, alerts — each enqueuing
 * its own job) and return an outcome. A timer found later than `maxLatenessMs` is reported (status `late`)
 * instead of run.
 */
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db, Tx } from '../db/index';
import { timers, type TimerRow } from '../db/schema/index';
import type { Logger } from '../log';
import type { ProductJobs } from '../jobs/runtime';
import { TIMER_JOB } from './kind';

export interface FiringTimer extends Omit<TimerRow, 'payload'> { payload: Record<string, unknown> }
/** Runs inside the firing transaction; returns a short outcome (e.g. `sent_faq_card`, `answered`). */
export type TimerHandler = (tx: Tx, timer: FiringTimer, now: number) => string | void;

export interface DurableTimersOptions {
  maxLatenessMs?: number;
  /** Called with each timer reported late instead of run. */
  onLate?: (tx: Tx, timer: TimerRow, latenessMs: number) => void;
}

export class DurableTimers {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly after: (() => void)[] = [];
  readonly maxLatenessMs: number;

  constructor(private readonly d: { db: Db; clock: Clock; log: Logger }, private readonly jobs: ProductJobs, private readonly o: DurableTimersOptions = {}) {
    this.maxLatenessMs = o.maxLatenessMs ?? 5 * 60_000;
    jobs.handle(TIMER_JOB, {
      run: async (tx, job) => {
        const outcome = this.fire(job.payload.timerId);
        for (const fn of this.after) tx.afterCommit(fn);
        return outcome;
      },
    });
  }

  register(kind: string, handler: TimerHandler): this { this.handlers.set(kind, handler); return this; }
  /** Listener run after a fired timer's transaction committed (kick the queues that are not jobs yet). */
  afterFire(fn: () => void): this { this.after.push(fn); return this; }

  /** A timer was armed (after its commit): the runner looks again for the nearest due time. */
  poke(): void { this.jobs.wake(); }

  /** Inside the job's transaction: claims the timer and runs its handler; returns the outcome for the job. */
  private fire(timerId: number): string {
    const { db, clock, log } = this.d;
    const t = db.select().from(timers).where(eq(timers.id, timerId)).get();
    if (!t || t.status !== 'pending') return `not pending (${t?.status ?? 'missing'})`;
    const now = clock.now();
    const lateness = now - t.dueAt;
    try {
      return db.transaction((tx) => {
        tx.update(timers).set({ status: 'fired', firedAt: now }).where(and(eq(timers.id, t.id), eq(timers.status, 'pending'))).run();
        if (lateness > this.maxLatenessMs) {
          tx.update(timers).set({ status: 'late', outcome: `late by ${lateness} ms` }).where(eq(timers.id, t.id)).run();
          log.warn({ timer: t.id, kind: t.kind, lateness }, 'timer too late: reported, not run');
          this.o.onLate?.(tx, t, lateness);
          return 'late';
        }
        const handler = this.handlers.get(t.kind);
        if (!handler) {
          tx.update(timers).set({ status: 'failed', outcome: `no handler for ${t.kind}` }).where(eq(timers.id, t.id)).run();
          return 'no handler';
        }
        const outcome = handler(tx, { ...t, payload: JSON.parse(t.payload) as Record<string, unknown> }, now) ?? 'done';
        tx.update(timers).set({ outcome }).where(eq(timers.id, t.id)).run();
        return outcome;
      });
    } catch (err) {
      // The handler threw: its effects rolled back with the claim; the timer is failed, not retried forever.
      const why = String(err instanceof Error ? err.message : err).slice(0, 200);
      log.error({ err, timer: t.id, kind: t.kind }, 'timer handler failed');
      db.update(timers).set({ status: 'failed', firedAt: now, outcome: why }).where(and(eq(timers.id, t.id), eq(timers.status, 'pending'))).run();
      return `failed: ${why}`;
    }
  }
}
