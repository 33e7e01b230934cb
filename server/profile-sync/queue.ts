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
import type { Store } from '../db/index';
import { jobs, wecomSyncAttempts, wecomSyncJobs, type SyncJobKind, type WecomSyncJob } from '../db/schema/index';
import { SETTINGS } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { enqueueJob } from '../jobs/enqueue';

export const PROFILE_SYNC_JOB = 'profile.sync';

export const TARGET = {
  user: (userid: string) => `user:${userid}`,
  dutyContactWay: 'contact_way:duty',
  appMessage: (key: string) => `appmsg:${key}`,
} as const;

/** One target's jobs run one at a time, in the order they were requested. */
export const syncOrderingKey = (target: string) => `profile:${target}`;

/**
 * Adds one request to the target's record row (a pending or running row absorbs it, a settled row starts a new
 * run) and schedules its job. Call inside the transaction of the change; wake the job runner after commit.
 * App messages carry their own content and are due at once; state-derived targets wait for the quiet period.
 */
export function requestSync(db: Store, target: string, kind: SyncJobKind, now: number, payload: unknown = null): void {
  const json = payload === null ? null : JSON.stringify(payload);
  const row = db.insert(wecomSyncJobs).values({
    target, kind, payload: json, status: 'pending', requests: 1, attempts: 0,
    firstRequestedAt: now, lastRequestedAt: now, updatedAt: now,
  }).onConflictDoUpdate({
    target: wecomSyncJobs.target,
    set: {
      kind, payload: json, lastRequestedAt: now, updatedAt: now,
      requests: sql`case when ${wecomSyncJobs.status} in ('pending','running') then ${wecomSyncJobs.requests} + 1 else 1 end`,
      attempts: sql`case when ${wecomSyncJobs.status} in ('pending','running') then ${wecomSyncJobs.attempts} else 0 end`,
      firstRequestedAt: sql`case when ${wecomSyncJobs.status} in ('pending','running') then ${wecomSyncJobs.firstRequestedAt} else ${now} end`,
      status: sql`case when ${wecomSyncJobs.status} = 'running' then 'running' else 'pending' end`,
    },
  }).returning({ firstRequestedAt: wecomSyncJobs.firstRequestedAt }).get();
  const s = readSetting(db, SETTINGS.profileSync);
  const dueAt = kind === 'app_message' ? now : Math.min(now + s.debounceMs, row.firstRequestedAt + s.maxWaitMs);
  scheduleSync(db, target, dueAt, now);
}

/** A pending job of the target is kept and pushed back to `dueAt` (never earlier: a retry's backoff stands); else one is enqueued. */
function scheduleSync(db: Store, target: string, dueAt: number, now: number): void {
  const orderingKey = syncOrderingKey(target);
  const mine = and(eq(jobs.kind, PROFILE_SYNC_JOB), eq(jobs.orderingKey, orderingKey));
  const pending = db.select({ id: jobs.id, runAt: jobs.runAt }).from(jobs).where(and(mine, eq(jobs.status, 'pending')))
    .orderBy(desc(jobs.id)).limit(1).get();
  if (pending) {
    if (dueAt > pending.runAt) db.update(jobs).set({ runAt: dueAt, updatedAt: now }).where(eq(jobs.id, pending.id)).run();
    return;
  }
  // Keyed by the job it follows: two writers that both found none pending cannot both add one.
  const last = db.select({ id: max(jobs.id) }).from(jobs).where(mine).get()?.id ?? 0;
  enqueueJob(db, PROFILE_SYNC_JOB, { target }, now, { key: `${target}:after:${last}`, orderingKey, runAt: dueAt });
}

/** Gives every active record row without a job one, due now (rows left by a version that debounced in memory). */
export function adoptUnscheduled(db: Store, now: number): number {
  let n = 0;
  db.transaction((tx) => {
    const rows = tx.select({ target: wecomSyncJobs.target }).from(wecomSyncJobs)
      .where(sql`${wecomSyncJobs.status} in ('pending','running') and not exists (select 1 from jobs where jobs.kind = ${PROFILE_SYNC_JOB}
        and jobs.ordering_key = 'profile:' || ${wecomSyncJobs.target} and jobs.status in ('pending','running'))`).all();
    for (const r of rows) { scheduleSync(tx, r.target, now, now); n++; }
  });
  return n;
}

export function getJob(db: Store, target: string): WecomSyncJob | undefined {
  return db.select().from(wecomSyncJobs).where(eq(wecomSyncJobs.target, target)).get();
}

export function logAttempt(db: Store, a: { target: string; api: string; at: number; errcode: number; errmsg: string | null; coalesced: number; request: unknown }): void {
  db.insert(wecomSyncAttempts).values({ ...a, request: JSON.stringify(a.request) }).run();
  // Keep the log bounded: the newest 1000 attempts.
  const cutoff = db.select({ id: wecomSyncAttempts.id }).from(wecomSyncAttempts).orderBy(desc(wecomSyncAttempts.id)).limit(1).offset(1000).get();
  if (cutoff) db.delete(wecomSyncAttempts).where(lt(wecomSyncAttempts.id, cutoff.id)).run();
}

export function recentAttempts(db: Store, limit = 100) {
  return db.select().from(wecomSyncAttempts).orderBy(desc(wecomSyncAttempts.id)).limit(limit).all();
}
