/**
 * @module The WeCom sync queue in SQLite: `enqueueSync` coalesces a request into its target's row (usable
 * inside a transaction), the worker claims and settles rows, every WeCom call is logged as an attempt.
 */
import { desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Store } from '../db/index';
import { wecomSyncAttempts, wecomSyncJobs, type SyncJobKind, type WecomSyncJob } from '../db/schema/index';

export const TARGET = {
  user: (userid: string) => `user:${userid}`,
  dutyContactWay: 'contact_way:duty',
  appMessage: (key: string) => `appmsg:${key}`,
} as const;

const ACTIVE = ['pending', 'running'] as const;

/** Adds one request to the target's row: a pending row absorbs it, a settled row starts a new run. */
export function enqueueSync(db: Store, target: string, kind: SyncJobKind, now: number, payload: unknown = null): void {
  const json = payload === null ? null : JSON.stringify(payload);
  db.insert(wecomSyncJobs).values({
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
  }).run();
}

export function getJob(db: Store, target: string): WecomSyncJob | undefined {
  return db.select().from(wecomSyncJobs).where(eq(wecomSyncJobs.target, target)).get();
}

export function activeJobs(db: Store): WecomSyncJob[] {
  return db.select().from(wecomSyncJobs).where(inArray(wecomSyncJobs.status, [...ACTIVE])).all();
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
