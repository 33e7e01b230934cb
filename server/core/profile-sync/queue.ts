/**
 * @module Requesting a WeCom sync (profile card, duty 活码, app message) on the one job queue. `requestSync`
 * runs in the caller's transaction — the one that made the sync necessary: it coalesces the request into the
 * target's record row (`wecom_sync_jobs`: status, counts, errcode — what diagnostics reads) and makes sure one
 * `profile.sync` job is pending for the target, due after the quiet period (debounce, capped by maxWait, from
 * the injected clock). A pending job is pushed back, never duplicated; a request while the target's job is
 * calling WeCom gets a follow-up job that runs after it (ordering key per target) with the then-current state.
 * Every WeCom call is logged as an attempt.
 */
import { and, desc, eq, lt, max, sql } from 'drizzle-orm';
import type { SyncJobKind, WecomSyncJob } from '../../adapters/db/sqlite/schema/index';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { first, type Queries } from '../ports/queries';
import type { JobKind } from '../ports/jobs';
import type { Tx, UnitOfWork } from '../ports/unit-of-work';
import { SqlJobQueue } from '../../adapters/jobs/queue';

export const PROFILE_SYNC_JOB = 'profile.sync';

export const TARGET = {
  user: (userid: string) => `user:${userid}`,
  dutyContactWay: 'contact_way:duty',
  appMessage: (key: string) => `appmsg:${key}`,
} as const;

/** One target's jobs run one at a time, in the order they were requested. */
export const syncOrderingKey = (target: string) => `profile:${target}`;

/** Enqueueing reads only the kind's name; its retry policy is declared where it is handled (sync-job.ts). */
const ENQUEUED_KIND = { name: PROFILE_SYNC_JOB } as JobKind<{ target: string }>;

/**
 * Adds one request to the target's record row (a pending or running row absorbs it, a settled row starts a new
 * run) and schedules its job. Call inside the transaction of the change; wake the job runner after commit.
 * App messages carry their own content and are due at once; state-derived targets wait for the quiet period.
 */
export async function requestSync(tx: Tx, target: string, kind: SyncJobKind, now: number, payload: unknown = null): Promise<void> {
  const json = payload === null ? null : JSON.stringify(payload);
  const w = tx.t.wecomSyncJobs;
  const [row] = await tx.db.insert(w).values({
    target, kind, payload: json, status: 'pending', requests: 1, attempts: 0,
    firstRequestedAt: now, lastRequestedAt: now, updatedAt: now,
  }).onConflictDoUpdate({
    target: w.target,
    set: {
      kind, payload: json, lastRequestedAt: now, updatedAt: now,
      requests: sql`case when ${w.status} in ('pending','running') then ${w.requests} + 1 else 1 end`,
      attempts: sql`case when ${w.status} in ('pending','running') then ${w.attempts} else 0 end`,
      firstRequestedAt: sql`case when ${w.status} in ('pending','running') then ${w.firstRequestedAt} else ${now} end`,
      status: sql`case when ${w.status} = 'running' then 'running' else 'pending' end`,
    },
  }).returning({ firstRequestedAt: w.firstRequestedAt });
  const s = await readSettingIn(tx, SETTINGS.profileSync);
  const dueAt = kind === 'app_message' ? now : Math.min(now + s.debounceMs, row!.firstRequestedAt + s.maxWaitMs);
  await scheduleSync(tx, target, dueAt, now);
}

/** A pending job of the target is kept and pushed back to `dueAt` (never earlier: a retry's backoff stands); else one is enqueued. */
async function scheduleSync(tx: Tx, target: string, dueAt: number, now: number): Promise<void> {
  const { jobs } = tx.t;
  const orderingKey = syncOrderingKey(target);
  const mine = and(eq(jobs.kind, PROFILE_SYNC_JOB), eq(jobs.orderingKey, orderingKey));
  const pending = await first(tx.db.select({ id: jobs.id, runAt: jobs.runAt }).from(jobs).where(and(mine, eq(jobs.status, 'pending')))
    .orderBy(desc(jobs.id)).limit(1));
  if (pending) {
    if (dueAt > pending.runAt) await tx.db.update(jobs).set({ runAt: dueAt, updatedAt: now }).where(eq(jobs.id, pending.id));
    return;
  }
  // Keyed by the job it follows: two writers that both found none pending cannot both add one.
  const last = (await first(tx.db.select({ id: max(jobs.id) }).from(jobs).where(mine)))?.id ?? 0;
  // The one enqueue (server/adapters/jobs); the caller wakes the runner after commit (its event or `ProfileSync.wake`).
  await new SqlJobQueue({ now: () => now }, () => undefined)
    .enqueue(tx, ENQUEUED_KIND, { target }, { key: `${target}:after:${last}`, orderingKey, runAt: dueAt });
}

/** Gives every active record row without a job one, due now (rows left by a version that debounced in memory). */
export async function adoptUnscheduled(uow: UnitOfWork, now: number): Promise<number> {
  return uow.run(async (tx) => {
    const w = tx.t.wecomSyncJobs;
    const rows = await tx.db.select({ target: w.target }).from(w)
      .where(sql`${w.status} in ('pending','running') and not exists (select 1 from jobs where jobs.kind = ${PROFILE_SYNC_JOB}
        and jobs.ordering_key = 'profile:' || ${w.target} and jobs.status in ('pending','running'))`);
    for (const r of rows) await scheduleSync(tx, r.target, now, now);
    return rows.length;
  });
}

export async function getJob(q: Queries, target: string): Promise<WecomSyncJob | undefined> {
  const w = q.t.wecomSyncJobs;
  return first(q.db.select().from(w).where(eq(w.target, target)).limit(1));
}

export async function logAttempt(tx: Queries, a: { target: string; api: string; at: number; errcode: number; errmsg: string | null; coalesced: number; request: unknown }): Promise<void> {
  const l = tx.t.wecomSyncAttempts;
  await tx.db.insert(l).values({ ...a, request: JSON.stringify(a.request) });
  // Keep the log bounded: the newest 1000 attempts.
  const cutoff = await first(tx.db.select({ id: l.id }).from(l).orderBy(desc(l.id)).limit(1).offset(1000));
  if (cutoff) await tx.db.delete(l).where(lt(l.id, cutoff.id));
}

export async function recentAttempts(q: Queries, limit = 100) {
  const l = q.t.wecomSyncAttempts;
  return q.db.select().from(l).orderBy(desc(l.id)).limit(limit);
}
