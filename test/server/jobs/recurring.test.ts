/**
 * Recurring jobs on the one queue (the shared-state janitor, the live directory read): due at period boundaries
 * of the injected clock, keyed by the boundary, so two instances (two job runners on two connections to one file)
 * run each period once between them; a late run does not replay missed periods; a failing run rolls back its own
 * effects and the chain goes on; the janitor drops expired rate windows and replay keys.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { ManualClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { createProductJobs, type ProductJobs } from '../../../server/app/jobs-runtime';
import { handleRecurring, nextBoundary, recurringKey, type Recurring, type RecurringWork } from '../../../server/core/jobs/recurring';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import { JANITOR, sharedStateOnSqlite, type SharedState } from '../../../server/adapters/db/cluster/shared-state';
import { janitorWork, JOB_RETENTION_MS } from '../../../server/app/janitor';
import { appSettings, jobs as jobsTable, rateLimits, replayMemory } from '../../../server/adapters/db/sqlite/schema/index';

const log = createLogger('silent');
const T0 = new Date('2026-11-25T10:03:00+08:00').getTime();
const EVERY = 10 * 60_000;

let dir: string;
let dbs: Db[];
let running: { jobs: ProductJobs; shared?: SharedState; ownUow?: boolean }[];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-recurring-')); dbs = []; running = []; });
afterEach(async () => {
  for (const r of running) { await r.jobs.stop(); await r.shared?.close(); if (r.ownUow) await r.jobs.uow.close(); }
  for (const d of dbs) d.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One instance: its own connection to the shared file and its own job runner, with `work` registered. */
function instance(clock: ManualClock, name: string, work: (db: Db) => Omit<RecurringWork<unknown>, 'name' | 'everyMs'>) {
  const db = openDb(join(dir, 'shared.db'));
  dbs.push(db);
  const jobs = createProductJobs({ clock, log, uow: sqliteUnitOfWorkOn(db.$client) }, { owner: name });
  const recurring = handleRecurring(jobs, { clock, log }, { name: 'test.recurring', everyMs: EVERY, ...work(db) });
  running.push({ jobs, ownUow: true });
  return { db, jobs, recurring };
}

/** The instance's start: schedules the next run unless one is pending, in its own transaction. */
const ensure = (jobs: ProductJobs, recurring: Recurring) => jobs.uow.run((tx) => recurring.ensureIn(tx));

/** One row per run (the key is the run's clock time): a second run for the same instant would fail on the key. */
const recordRun = (db: Db) => ({ run: (_tx: unknown, _r: unknown, now: number) => {
  db.insert(appSettings).values({ key: `ran:${now}`, value: '1', updatedAt: now }).run();
  return 'ran';
} });

const jobRows = (db: Db, kind: string) => db.select({ key: jobsTable.key, status: jobsTable.status, outcome: jobsTable.outcome, runAt: jobsTable.runAt })
  .from(jobsTable).where(eq(jobsTable.kind, kind)).orderBy(asc(jobsTable.id)).all();
const runsOf = (db: Db) => db.all<{ key: string }>(sql`select key from app_settings where key like 'ran:%' order by key`).map((r) => r.key);

async function bothIdle(is: { jobs: ProductJobs }[]) {
  for (const i of is) i.jobs.wake();
  await Promise.all(is.map((i) => i.jobs.idle()));
}

describe('recurring jobs', () => {
  it('runs once per period between two instances, due at the boundaries of the injected clock', async () => {
    const clock = new ManualClock(T0);
    const a = instance(clock, 'a', recordRun);
    const b = instance(clock, 'b', recordRun);
    await ensure(a.jobs, a.recurring);
    await ensure(b.jobs, b.recurring);
    const first = nextBoundary(T0, EVERY);
    expect(first).toBe(new Date('2026-11-25T10:10:00+08:00').getTime());
    expect(jobRows(a.db, 'test.recurring')).toEqual([{ key: recurringKey(first), status: 'pending', outcome: null, runAt: first }]);

    a.jobs.start();
    b.jobs.start();
    await bothIdle([a, b]);
    expect(runsOf(a.db)).toEqual([]); // not due yet by the injected clock

    for (let i = 0; i < 3; i++) {
      clock.set(first + i * EVERY);
      await bothIdle([a, b]);
    }
    expect(runsOf(a.db)).toEqual([0, 1, 2].map((i) => `ran:${first + i * EVERY}`));
    expect(jobRows(b.db, 'test.recurring')).toEqual([
      ...[0, 1, 2].map((i) => ({ key: recurringKey(first + i * EVERY), status: 'done', outcome: 'ran', runAt: first + i * EVERY })),
      { key: recurringKey(first + 3 * EVERY), status: 'pending', outcome: null, runAt: first + 3 * EVERY },
    ]);
    // a restart's ensure while the next run is pending adds nothing
    await ensure(a.jobs, a.recurring);
    expect(jobRows(a.db, 'test.recurring')).toHaveLength(4);
  });

  it('does not replay the periods a late run missed, and goes on after a failing run with its effects rolled back', async () => {
    const clock = new ManualClock(T0);
    let fail = true;
    const a = instance(clock, 'a', (db) => ({ run: (tx, r, now) => {
      recordRun(db).run(tx, r, now);
      if (fail) { fail = false; throw new Error('disk on fire'); }
      return 'ran';
    } }));
    await ensure(a.jobs, a.recurring);
    a.jobs.start();
    clock.set(nextBoundary(T0, EVERY) + 5 * EVERY + 1000); // five periods and a second later
    await bothIdle([a]);
    const late = clock.now();
    expect(runsOf(a.db)).toEqual([]); // the failing run's own write rolled back
    expect(jobRows(a.db, 'test.recurring')).toEqual([
      { key: recurringKey(nextBoundary(T0, EVERY)), status: 'done', outcome: 'failed: disk on fire', runAt: nextBoundary(T0, EVERY) },
      { key: recurringKey(nextBoundary(late, EVERY)), status: 'pending', outcome: null, runAt: nextBoundary(late, EVERY) },
    ]);
    clock.set(nextBoundary(late, EVERY));
    await bothIdle([a]);
    expect(runsOf(a.db)).toEqual([`ran:${nextBoundary(late, EVERY)}`]);
  });

  it('the janitor drops expired rate windows and replay keys once per period, nothing that is still live', async () => {
    const clock = new ManualClock(T0);
    const day = 86_400_000;
    const instances = await Promise.all(['a', 'b'].map(async (name) => {
      const db = openDb(join(dir, 'shared.db'));
      dbs.push(db);
      const shared = sharedStateOnSqlite(db.$client, clock);
      const jobs = createProductJobs({ clock, log, uow: shared.uow }, { owner: name });
      await ensure(jobs, handleRecurring(jobs, { clock, log }, janitorWork({ shared, wake: () => jobs.wake() })));
      running.push({ jobs, shared });
      jobs.start();
      return { db, jobs };
    }));
    const db = instances[0]!.db;
    const due = nextBoundary(T0, JANITOR.everyMs);
    // through the unit of work: the other instance's runner may hold the write lock (a synchronous write would block the loop)
    await instances[0]!.jobs.uow.run(async (tx) => {
      await tx.db.insert(tx.t.rateLimits).values([
        { bucket: 'booking:1.2.3.4', windowStart: due - day - 60_000, count: 3 }, // older than a day at the run: dropped
        { bucket: 'booking:1.2.3.4', windowStart: due - 60_000, count: 1 },
      ]);
      await tx.db.insert(tx.t.replayMemory).values([{ scope: 'callback', key: 'old', expiresAt: due - 1 }, { scope: 'callback', key: 'live', expiresAt: due + 60_000 }]);
    });

    await bothIdle(instances);
    expect(db.select().from(replayMemory).all()).toHaveLength(2); // not due yet
    clock.set(due);
    await bothIdle(instances);
    expect(db.select({ w: rateLimits.windowStart }).from(rateLimits).all()).toEqual([{ w: due - 60_000 }]);
    expect(db.select({ k: replayMemory.key }).from(replayMemory).all()).toEqual([{ k: 'live' }]);
    expect(jobRows(db, JANITOR.name).map((j) => [j.status, j.outcome])).toEqual([['done', 'purged 2, jobs 0'], ['pending', null]]);
  });

  it('the janitor purges finished jobs older than the retention in short batches, never recent, pending or running ones', async () => {
    const clock = new ManualClock(T0);
    const day = 86_400_000;
    const db = openDb(join(dir, 'shared.db'));
    dbs.push(db);
    const shared = sharedStateOnSqlite(db.$client, clock);
    const jobs = createProductJobs({ clock, log, uow: shared.uow }, { owner: 'a' });
    await ensure(jobs, handleRecurring(jobs, { clock, log }, janitorWork({ shared, wake: () => jobs.wake() }, { batch: 2 })));
    running.push({ jobs, shared });
    jobs.start();
    const due = nextBoundary(T0, JANITOR.everyMs);
    const old = due - JOB_RETENTION_MS - 1;
    const row = (key: string, status: string, finishedAt: number | null, extra = {}) => ({
      kind: 'test.other', key, status: status as 'done', runAt: old, createdAt: old - day, updatedAt: finishedAt ?? old, finishedAt, ...extra,
    });
    db.insert(jobsTable).values([
      row('old-done-1', 'done', old), row('old-done-2', 'done', old), row('old-failed', 'failed', old),
      row('old-cancelled', 'cancelled', old), row('old-late', 'late', old),
      row('recent-done', 'done', due - JOB_RETENTION_MS + 1), // finished within the retention at the run: kept
      row('old-pending', 'pending', null, { runAt: due + 365 * day }), // never purged, however old
      row('old-running', 'running', null, { lockedBy: 'elsewhere', lockedUntil: due + day }),
    ]).run();
    clock.set(due);
    jobs.wake();
    await jobs.idle();
    const left = db.select({ key: jobsTable.key }).from(jobsTable).where(eq(jobsTable.kind, 'test.other')).orderBy(asc(jobsTable.id)).all().map((r) => r.key);
    expect(left).toEqual(['recent-done', 'old-pending', 'old-running']);
    // five rows, two per run: the periodic run and two follow-ups due at once, each its own transaction
    const runs = jobRows(db, JANITOR.name);
    expect(runs.filter((j) => j.status === 'done').map((j) => j.outcome)).toEqual(['purged 0, jobs 2', 'purged 0, jobs 2', 'purged 0, jobs 1']);
    expect(runs.filter((j) => j.status === 'pending').map((j) => j.runAt)).toEqual([due + JANITOR.everyMs]);
  });
});
