/**
 * @module Durable timers on the one job queue. Each timer fires exactly once: its job's claim, the timer's
 * `pending → fired` and the handler's effects commit in one transaction (the job runner's; on SQLite the
 * handler's synchronous writes join it on the shared connection), so a crash either keeps the timer pending or
 * commits both. Handlers are synchronous planners (they write rows: outbox, relay jobs, alerts — each enqueuing
 * its own job) and return an outcome. A timer found later than `maxLatenessMs` is reported (status `late`)
 * instead of run.
 */
import type { Clock } from '../clock';
import type { Db, Tx } from '../db/index';
import type { TimerRow } from '../db/schema/index';
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

  /**
   * Inside the job's transaction: claims the timer and runs its handler; returns the outcome for the job.
   * The hot path of every timer, so plain statements prepared once and better-sqlite3's own transaction function
   * (a savepoint inside the job's transaction) instead of the query builder and a drizzle transaction per timer.
   */
  private fire(timerId: number): string {
    const { clock, log } = this.d;
    const st = this.statements();
    const t = st.get.get(timerId) as TimerRow | undefined;
    if (!t || t.status !== 'pending') return `not pending (${t?.status ?? 'missing'})`;
    const now = clock.now();
    try {
      return st.fire(t, now);
    } catch (err) {
      // The handler threw: its effects rolled back with the claim; the timer is failed, not retried forever.
      const why = String(err instanceof Error ? err.message : err).slice(0, 200);
      log.error({ err, timer: t.id, kind: t.kind }, 'timer handler failed');
      st.failIfPending.run(now, why, t.id);
      return `failed: ${why}`;
    }
  }

  private prepared: ReturnType<DurableTimers['prepare']> | undefined;
  private statements() { return (this.prepared ??= this.prepare()); }

  private prepare() {
    const { db, log } = this.d;
    const sqlite = db.$client;
    const get = sqlite.prepare(`select id, kind, key, conversation_id as conversationId, due_at as dueAt, payload, status,
      armed_at as armedAt, fired_at as firedAt, outcome from timers where id = ?`);
    const claim = sqlite.prepare(`update timers set status = 'fired', fired_at = ? where id = ? and status = 'pending'`);
    const settle = sqlite.prepare('update timers set status = ?, outcome = ? where id = ?');
    const failIfPending = sqlite.prepare(`update timers set status = 'failed', fired_at = ?, outcome = ? where id = ? and status = 'pending'`);
    // Nested in the job's transaction, better-sqlite3 runs this as a savepoint: a throw rolls back claim and effects.
    const fire = sqlite.transaction((t: TimerRow, now: number): string => {
      claim.run(now, t.id);
      const lateness = now - t.dueAt;
      if (lateness > this.maxLatenessMs) {
        settle.run('late', `late by ${lateness} ms`, t.id);
        log.warn({ timer: t.id, kind: t.kind, lateness }, 'timer too late: reported, not run');
        this.o.onLate?.(db as unknown as Tx, t, lateness);
        return 'late';
      }
      const handler = this.handlers.get(t.kind);
      if (!handler) {
        settle.run('failed', `no handler for ${t.kind}`, t.id);
        return 'no handler';
      }
      // On the one connection the plain handle writes into the open transaction (the savepoint).
      const outcome = handler(db as unknown as Tx, { ...t, payload: JSON.parse(t.payload) as Record<string, unknown> }, now) ?? 'done';
      settle.run('fired', outcome, t.id);
      return outcome;
    });
    return { get, fire, failIfPending };
  }
}
