/**
 * @module The in-process timer scheduler: one `setTimeout` for the nearest due time, a periodic backstop
 * scan and a scan at start. Each timer fires exactly once: the claim (`pending → fired`, conditional) and
 * the handler's effects share one synchronous transaction, so a crash either keeps the timer pending or
 * commits both. Handlers are synchronous planners (they write rows: outbox, relay jobs, alerts) and return
 * an outcome; the network happens after commit in the `afterFire` listeners. A timer found later than
 * `maxLatenessMs` is reported (status `late`) instead of run.
 */
import { and, asc, eq, gt, lte, min } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db, Tx } from '../db/index';
import { timers, type TimerRow } from '../db/schema/index';
import type { Logger } from '../log';
import type { TimeDriven } from '../time-travel';

export interface FiringTimer extends Omit<TimerRow, 'payload'> { payload: Record<string, unknown> }
/** Runs inside the claiming transaction; returns a short outcome (e.g. `sent_faq_card`, `answered`). */
export type TimerHandler = (tx: Tx, timer: FiringTimer, now: number) => string | void;

export interface SchedulerOptions {
  backstopMs?: number;
  maxLatenessMs?: number;
  batch?: number;
  /** Called with each timer reported late instead of run. */
  onLate?: (tx: Tx, timer: TimerRow, latenessMs: number) => void;
}

export class TimerScheduler implements TimeDriven {
  readonly name = 'timers';
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly after: (() => void)[] = [];
  private timeout: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private nextAt: number | undefined;
  private running = false;
  private stopped = true;
  private readonly backstopMs: number;
  readonly maxLatenessMs: number;
  private readonly batch: number;

  constructor(private readonly d: { db: Db; clock: Clock; log: Logger }, private readonly o: SchedulerOptions = {}) {
    this.backstopMs = o.backstopMs ?? 5_000;
    this.maxLatenessMs = o.maxLatenessMs ?? 5 * 60_000;
    this.batch = o.batch ?? 200;
  }

  register(kind: string, handler: TimerHandler): this { this.handlers.set(kind, handler); return this; }
  /** Listener run after a batch committed (drain outbox, relay, alerts …). */
  afterFire(fn: () => void): this { this.after.push(fn); return this; }

  start(): this {
    this.stopped = false;
    this.interval = setInterval(() => this.tick(), this.backstopMs);
    this.interval.unref();
    this.tick();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timeout);
    clearInterval(this.interval);
    this.timeout = undefined;
    this.nextAt = undefined;
  }

  /** Call after arming a timer outside the scheduler: re-arms the single setTimeout if it is now sooner. */
  poke(): void {
    if (this.stopped) return;
    const next = this.d.db.select({ at: min(timers.dueAt) }).from(timers).where(eq(timers.status, 'pending')).get()?.at;
    if (next == null) return;
    if (this.nextAt !== undefined && this.nextAt <= next) return;
    clearTimeout(this.timeout);
    this.nextAt = next;
    this.timeout = setTimeout(() => { this.nextAt = undefined; this.tick(); }, Math.max(0, next - this.d.clock.now()));
    this.timeout.unref();
  }

  /** Time travel: the next pending due time after `now`. */
  nextDueAt(now: number): number | undefined {
    return this.d.db.select({ at: min(timers.dueAt) }).from(timers).where(and(eq(timers.status, 'pending'), gt(timers.dueAt, now))).get()?.at ?? undefined;
  }

  /** Time travel: a pending timer is due. */
  busy(now: number): boolean {
    return this.d.db.select({ id: timers.id }).from(timers).where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now))).limit(1).get() !== undefined;
  }

  runDue(): number { return this.tick(); }

  /** Fires every due timer now (synchronously), then re-arms; returns how many were claimed. */
  tick(): number {
    if (this.running) return 0;
    this.running = true;
    let claimed = 0;
    try {
      for (;;) {
        const now = this.d.clock.now();
        const due = this.d.db.select().from(timers).where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now)))
          .orderBy(asc(timers.dueAt), asc(timers.id)).limit(this.batch).all();
        if (due.length === 0) break;
        for (const t of due) if (this.fire(t, now)) claimed++;
        if (due.length < this.batch) break;
      }
    } finally {
      this.running = false;
    }
    if (claimed > 0) for (const fn of this.after) { try { fn(); } catch (err) { this.d.log.error({ err }, 'timer afterFire failed'); } }
    clearTimeout(this.timeout);
    this.nextAt = undefined;
    this.poke();
    return claimed;
  }

  private fire(t: TimerRow, now: number): boolean {
    const lateness = now - t.dueAt;
    try {
      return this.d.db.transaction((tx) => {
        const claim = tx.update(timers).set({ status: 'fired', firedAt: now })
          .where(and(eq(timers.id, t.id), eq(timers.status, 'pending'))).run();
        if (claim.changes !== 1) return false;
        if (lateness > this.maxLatenessMs) {
          tx.update(timers).set({ status: 'late', outcome: `late by ${lateness} ms` }).where(eq(timers.id, t.id)).run();
          this.d.log.warn({ timer: t.id, kind: t.kind, lateness }, 'timer too late: reported, not run');
          this.o.onLate?.(tx, t, lateness);
          return true;
        }
        const handler = this.handlers.get(t.kind);
        if (!handler) {
          tx.update(timers).set({ status: 'failed', outcome: `no handler for ${t.kind}` }).where(eq(timers.id, t.id)).run();
          return true;
        }
        const outcome = handler(tx, { ...t, payload: JSON.parse(t.payload) as Record<string, unknown> }, now) ?? 'done';
        tx.update(timers).set({ outcome }).where(eq(timers.id, t.id)).run();
        return true;
      });
    } catch (err) {
      // The handler threw: its effects rolled back with the claim; mark the timer failed so it is not retried forever.
      this.d.log.error({ err, timer: t.id, kind: t.kind }, 'timer handler failed');
      this.d.db.update(timers).set({ status: 'failed', firedAt: now, outcome: String(err instanceof Error ? err.message : err).slice(0, 200) })
        .where(and(eq(timers.id, t.id), eq(timers.status, 'pending'))).run();
      return true;
    }
  }
}
