import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { ManualClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { timers, relayDiagnostics } from '../../../server/adapters/db/sqlite/schema/index';
import { armTimerIn, cancelTimersIn, type ArmTimerInput } from '../../../server/core/timers/arm';
import { sqliteUnitOfWorkOn, type SqliteUnitOfWork } from '../../../server/adapters/db/sqlite/unit-of-work';
import { DurableTimers, type DurableTimersOptions, type TimerHandler } from '../../../server/core/timers/durable-timers';
import { createProductJobs } from '../../../server/app/jobs-runtime';
import type { Clock } from '../../../server/app/clock';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import { recordDiagnosticIn } from '../../../server/core/relay/diagnostics';
import { waitFor } from '../../support/wait';

let dir: string;
let db: Db;
/** The one unit of work on `db`'s connection (arming and the runner share it, as in the product). */
let uow: SqliteUnitOfWork;
const log = createLogger('silent');
const T0 = new Date('2026-11-25T10:00:00+08:00').getTime();
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-timers-')); db = openDb(join(dir, 't.db')); uow = sqliteUnitOfWorkOn(db.$client); });
afterEach(async () => { await uow.close(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); });

/** Durable timers on a job runner of their own over `on` (another connection stands for another instance). */
function timersOn(on: SqliteUnitOfWork, clock: Clock, o: DurableTimersOptions = {}) {
  const jobs = createProductJobs({ clock, log, uow: on });
  const t = new DurableTimers({ clock, log }, jobs, o);
  return { jobs, t, async run() { jobs.start(); await jobs.idle(); await jobs.stop(); } };
}

/** Arms a timer in a transaction of its own. */
const arm = (input: ArmTimerInput) => uow.run((tx) => armTimerIn(tx, input));

/** A handler with a visible effect: one diagnostics row per run, written in the claiming transaction. */
const effect = (tag: string): TimerHandler => async (tx, t, now) => {
  await recordDiagnosticIn(tx, { at: now, kind: 'timer', actor: tag, target: String(t.id), reason: 'test', result: 'ran' });
  return 'ran';
};
const runs = () => db.select().from(relayDiagnostics).all();

describe('durable timers', () => {
  it('is armed in the caller\'s transaction: a rolled-back message leaves no timer', async () => {
    await expect(uow.run(async (tx) => {
      expect((await armTimerIn(tx, { kind: 'k', key: 'a', delayMs: 1000, now: T0 })).armed).toBe(true);
      throw new Error('message insert failed');
    })).rejects.toThrow('message insert failed');
    expect(db.select().from(timers).all()).toHaveLength(0);
  });

  it('dedupes by key among pending timers and can be re-armed once fired', async () => {
    const clock = new ManualClock(T0);
    const s = timersOn(uow, clock); s.t.register('k', effect('k'));
    expect((await arm({ kind: 'k', key: 'a', delayMs: 1000, now: T0 })).armed).toBe(true);
    expect((await arm({ kind: 'k', key: 'a', delayMs: 5000, now: T0 })).armed).toBe(false);
    clock.advance(1000);
    await s.run();
    expect(runs()).toHaveLength(1);
    expect((await arm({ kind: 'k', key: 'a', delayMs: 1000, now: clock.now() })).armed).toBe(true);
  });

  it('counts only open hours when asked to (90 s armed at 20:59:30 on a Wednesday → Thursday 09:01:00)', async () => {
    const at = new Date('2026-11-25T20:59:30+08:00').getTime();
    const r = await arm({ kind: 'k', key: 'cal', delayMs: 90_000, respectCalendar: true, calendar: DEMO_CALENDAR, now: at });
    expect(new Date(r.dueAt).toISOString()).toBe(new Date('2026-11-26T09:01:00+08:00').toISOString());
  });

  it('fires each timer exactly once with two job runners on two connections to the same file', async () => {
    const clock = new ManualClock(T0);
    await uow.run(async (tx) => { for (let i = 0; i < 50; i++) await armTimerIn(tx, { kind: 'k', key: `t${i}`, delayMs: i * 10, now: T0 }); });
    const db2 = openDb(join(dir, 't.db'));
    // two connections in one process: lock waits must not block the event loop (each unit of work sets its
    // connection's busy timeout to 0 and waits for the other's lock asynchronously)
    const uow2 = sqliteUnitOfWorkOn(db2.$client);
    const a = timersOn(uow, clock); a.t.register('k', effect('a'));
    const b = timersOn(uow2, clock); b.t.register('k', effect('b'));
    clock.advance(1000);
    await Promise.all([a.run(), b.run()]);
    const ids = runs().map((r) => r.target);
    expect(new Set(ids).size).toBe(50);
    expect(ids).toHaveLength(50);
    expect(db.get<{ n: number }>(sql`select count(*) as n from jobs where kind = 'timer' and status = 'done'`).n).toBe(50);
    await uow2.close();
    db2.$client.close();
  });

  it('reports a timer later than the maximum lateness instead of running it', async () => {
    const clock = new ManualClock(T0);
    const late: number[] = [];
    const s = timersOn(uow, clock, { maxLatenessMs: 60_000, onLate: async (_tx, t) => { late.push(t.id); } }); s.t.register('k', effect('k'));
    const { id } = await arm({ kind: 'k', key: 'x', delayMs: 1000, now: T0 });
    clock.advance(1000 + 60_001);
    await s.run();
    expect(late).toEqual([id]);
    expect(runs()).toHaveLength(0);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'late' });
  });

  it('rolls back a failing handler\'s effects and marks the timer failed (no retry loop)', async () => {
    const clock = new ManualClock(T0);
    const s = timersOn(uow, clock); s.t.register('k', async (tx, t, now) => { await effect('k')(tx, t, now); throw new Error('boom'); });
    await arm({ kind: 'k', key: 'x', dueAt: T0, now: T0 });
    await s.run();
    expect(runs()).toHaveLength(0);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'failed', outcome: 'boom' });
    expect(db.get<{ n: number }>(sql`select count(*) as n from jobs where status = 'pending'`).n).toBe(0);
  });

  it('cancels the pending timers of a conversation by kind, and their jobs', async () => {
    await arm({ kind: 'esc.a', key: 'a', conversationId: 7, delayMs: 1, now: T0 });
    await arm({ kind: 'esc.b', key: 'b', conversationId: 7, delayMs: 1, now: T0 });
    await arm({ kind: 'esc.a', key: 'c', conversationId: 8, delayMs: 1, now: T0 });
    expect(await uow.run((tx) => cancelTimersIn(tx, { conversationId: 7, kinds: ['esc.a'], now: T0 }))).toBe(1);
    expect(db.select({ key: timers.key, status: timers.status }).from(timers).orderBy(timers.key).all())
      .toEqual([{ key: 'a', status: 'cancelled' }, { key: 'b', status: 'pending' }, { key: 'c', status: 'pending' }]);
    expect(db.all<{ status: string }>(sql`select status from jobs order by id`).map((j) => j.status)).toEqual(['cancelled', 'pending', 'pending']);
  });

  it('fires at the due time on the real clock, the runner sleeping until then', async () => {
    const clock = { now: () => Date.now() };
    const s = timersOn(uow, clock); s.t.register('k', effect('k'));
    s.jobs.start();
    // nobody wakes the runner: the timer's job, told to it by the enqueue, ends its sleep at the due time
    await arm({ kind: 'k', key: 'soon', delayMs: 30, now: Date.now() });
    await waitFor(() => runs().length === 1, { what: 'the timer fired' });
    await s.jobs.stop();
    expect(db.get<{ n: number }>(sql`select count(*) as n from timers where status = 'fired'`).n).toBe(1);
  });
});
