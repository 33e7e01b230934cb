/**
 * @module Enqueue and cancel, written once for both engines: a job row inserted in the caller's transaction
 * (its due time from the injected clock), deduplicated by kind + idempotency key; the runner of the caller's unit
 * of work adopts it or is told its due time (adopt.ts `adoptIn`); otherwise, after commit, the local runner and
 * the other instances (over the bus) are told that something may be due.
 */
import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { Clock } from '../../core/ports/clock';
import type { EnqueueOptions, JobKind, JobQueue } from '../../core/ports/jobs';
import { first } from '../../core/ports/queries';
import { reusableQuery } from '../../core/ports/reusable-query';
import type { Tx } from '../../core/ports/unit-of-work';
import { jobs as pgJobs } from '../db/pg/schema/jobs';
import { nativePg } from '../db/pg/unit-of-work';
import type { JobRow } from '../db/sqlite/schema/jobs';
import { adoptIn } from './adopt';

/* One job (at least) per customer message: built once (core/ports/reusable-query.ts). */
const insertJob = reusableQuery('jobs_insert', ['kind', 'key', 'orderingKey', 'payload', 'runAt', 'now'], ({ db, t: { jobs } }, p) =>
  db.insert(jobs).values({ kind: p.kind, key: p.key, orderingKey: p.orderingKey, payload: p.payload, runAt: p.runAt, createdAt: p.now, updatedAt: p.now })
    .onConflictDoNothing().returning({ id: jobs.id }));

/**
 * The latest job of a kind and ordering key that is pending and not started. On PostgreSQL its row stays locked
 * until this transaction ends, so no claimer (`FOR UPDATE SKIP LOCKED`) starts it before what this transaction
 * queued for it is committed; one that is being claimed right now is skipped (locked), and a new job is made. On
 * SQLite nothing is claimed while this transaction holds the write lock.
 */
async function waitingJobOfKey(tx: Tx, kind: string, orderingKey: string): Promise<number | undefined> {
  const { jobs } = tx.t;
  const where = and(eq(jobs.kind, kind), eq(jobs.orderingKey, orderingKey), eq(jobs.status, 'pending'));
  if (tx.engine === 'postgres') {
    const [row] = await nativePg(tx).select({ id: pgJobs.id }).from(pgJobs).where(where).orderBy(desc(pgJobs.id)).limit(1).for('update', { skipLocked: true });
    return row?.id;
  }
  return (await first(tx.db.select({ id: jobs.id }).from(jobs).where(where).orderBy(desc(jobs.id)).limit(1)))?.id;
}

export class SqlJobQueue implements JobQueue {
  private readonly notified = new WeakSet<Tx>();

  /** `notify` runs once after each commit that enqueued (wake the local runner, publish to the others). */
  constructor(private readonly clock: Clock, private readonly notify: () => void | Promise<void>) {}

  async enqueue<P>(tx: Tx, kind: JobKind<P>, payload: P, o: EnqueueOptions = {}): Promise<{ id: number; created: boolean }> {
    const now = this.clock.now();
    const { jobs } = tx.t;
    if (o.coalesce && o.orderingKey !== undefined) {
      const waiting = await waitingJobOfKey(tx, kind.name, o.orderingKey);
      if (waiting !== undefined) return { id: waiting, created: false };
    }
    const values = { kind: kind.name, key: o.key ?? null, orderingKey: o.orderingKey ?? null, payload: JSON.stringify(payload), runAt: o.runAt ?? now + (o.delayMs ?? 0) };
    const [row] = await insertJob(tx, { ...values, now });
    if (row) {
      const job: JobRow = { ...values, id: row.id, status: 'pending', attempts: 0, lockedBy: null, lockedUntil: null, outcome: null, errcode: null,
        createdAt: now, updatedAt: now, finishedAt: null };
      // this unit of work's runner adopts it or is told its due time (adoptIn); else the runners are woken after commit
      if (!(await adoptIn(tx, job)) && !this.notified.has(tx)) { this.notified.add(tx); tx.afterCommit(this.notify); }
      return { id: row.id, created: true };
    }
    const existing = await first(tx.db.select({ id: jobs.id }).from(jobs)
      .where(and(eq(jobs.kind, kind.name), eq(jobs.key, o.key ?? ''))).limit(1));
    if (!existing) throw new Error(`job ${kind.name} was neither inserted nor found (key ${o.key ?? 'none'})`);
    return { id: existing.id, created: false };
  }

  async cancel(tx: Tx, kind: JobKind<unknown>, by: { key: string } | { keyPrefix: string }): Promise<number> {
    const { jobs } = tx.t;
    const match = 'key' in by ? eq(jobs.key, by.key) : like(jobs.key, `${by.keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const rows = await tx.db.update(jobs).set({ status: 'cancelled', finishedAt: this.clock.now(), updatedAt: this.clock.now() })
      .where(and(eq(jobs.kind, kind.name), eq(jobs.status, 'pending'), 'key' in by ? match : sql`${match} escape '\\'`))
      .returning({ id: jobs.id });
    return rows.length;
  }
}
