import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/db/index';
import { ManualClock } from '../../../server/clock';
import { createLogger } from '../../../server/log';
import { timers, relayDiagnostics } from '../../../server/db/schema/index';
import { armTimer, cancelTimers } from '../../../server/timers/arm';
import { TimerScheduler } from '../../../server/timers/scheduler';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import { recordDiagnostic } from '../../../server/relay/diagnostics';
import { sleep } from '../../support/wait';

let dir: string;
let db: Db;
const log = createLogger('silent');
const T0 = new Date('2026-11-25T10:00:00+08:00').getTime();
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-timers-')); db = openDb(join(dir, 't.db')); });
afterEach(() => { db.$client.close(); rmSync(dir, { recursive: true, force: true }); });

/** A handler with a visible effect: one diagnostics row per run, written in the claiming transaction. */
const effect = (tag: string) => (tx: Parameters<Parameters<TimerScheduler['register']>[1]>[0], t: { id: number }, now: number) => {
  recordDiagnostic(tx, { at: now, kind: 'timer', actor: tag, target: String(t.id), reason: 'test', result: 'ran' });
  return 'ran';
};
const runs = () => db.select().from(relayDiagnostics).all();

describe('durable timers', () => {
  it('is armed in the caller\'s transaction: a rolled-back message leaves no timer', () => {
    expect(() => db.transaction((tx) => {
      armTimer(tx, { kind: 'k', key: 'a', delayMs: 1000, now: T0 });
      throw new Error('message insert failed');
    })).toThrow();
    expect(db.select().from(timers).all()).toHaveLength(0);
  });

  it('dedupes by key among pending timers and can be re-armed once fired', () => {
    const clock = new ManualClock(T0);
    const s = new TimerScheduler({ db, clock, log }).register('k', effect('k'));
    expect(armTimer(db, { kind: 'k', key: 'a', delayMs: 1000, now: T0 }).armed).toBe(true);
    expect(armTimer(db, { kind: 'k', key: 'a', delayMs: 5000, now: T0 }).armed).toBe(false);
    clock.advance(1000);
    expect(s.tick()).toBe(1);
    expect(armTimer(db, { kind: 'k', key: 'a', delayMs: 1000, now: clock.now() }).armed).toBe(true);
  });

  it('counts only open hours when asked to (90 s armed at 20:59:30 on a Wednesday → Thursday 09:01:00)', () => {
    const at = new Date('2026-11-25T20:59:30+08:00').getTime();
    const r = armTimer(db, { kind: 'k', key: 'cal', delayMs: 90_000, respectCalendar: true, calendar: DEMO_CALENDAR, now: at });
    expect(new Date(r.dueAt).toISOString()).toBe(new Date('2026-11-26T09:01:00+08:00').toISOString());
  });

  it('fires each timer exactly once even with two schedulers on the same database', () => {
    const clock = new ManualClock(T0);
    for (let i = 0; i < 50; i++) armTimer(db, { kind: 'k', key: `t${i}`, delayMs: i * 10, now: T0 });
    const db2 = openDb(join(dir, 't.db'));
    const a = new TimerScheduler({ db, clock, log }).register('k', effect('a'));
    const b = new TimerScheduler({ db: db2, clock, log }).register('k', effect('b'));
    clock.advance(1000);
    expect(a.tick() + b.tick()).toBe(50);
    expect(a.tick() + b.tick()).toBe(0);
    const ids = runs().map((r) => r.target);
    expect(new Set(ids).size).toBe(50);
    expect(ids).toHaveLength(50);
    db2.$client.close();
  });

  it('reports a timer later than the maximum lateness instead of running it', () => {
    const clock = new ManualClock(T0);
    const late: number[] = [];
    const s = new TimerScheduler({ db, clock, log }, { maxLatenessMs: 60_000, onLate: (_tx, t) => late.push(t.id) }).register('k', effect('k'));
    const { id } = armTimer(db, { kind: 'k', key: 'x', delayMs: 1000, now: T0 });
    clock.advance(1000 + 60_001);
    s.tick();
    expect(late).toEqual([id]);
    expect(runs()).toHaveLength(0);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'late' });
  });

  it('rolls back a failing handler\'s effects and marks the timer failed (no retry loop)', () => {
    const clock = new ManualClock(T0);
    const s = new TimerScheduler({ db, clock, log }).register('k', (tx, t, now) => { effect('k')(tx, t, now); throw new Error('boom'); });
    armTimer(db, { kind: 'k', key: 'x', dueAt: T0, now: T0 });
    s.tick();
    expect(runs()).toHaveLength(0);
    expect(db.select().from(timers).get()).toMatchObject({ status: 'failed', outcome: 'boom' });
  });

  it('cancels the pending timers of a conversation by kind', () => {
    armTimer(db, { kind: 'esc.a', key: 'a', conversationId: 7, delayMs: 1, now: T0 });
    armTimer(db, { kind: 'esc.b', key: 'b', conversationId: 7, delayMs: 1, now: T0 });
    armTimer(db, { kind: 'esc.a', key: 'c', conversationId: 8, delayMs: 1, now: T0 });
    expect(cancelTimers(db, { conversationId: 7, kinds: ['esc.a'], now: T0 })).toBe(1);
    expect(db.select({ key: timers.key, status: timers.status }).from(timers).orderBy(timers.key).all())
      .toEqual([{ key: 'a', status: 'cancelled' }, { key: 'b', status: 'pending' }, { key: 'c', status: 'pending' }]);
  });

  it('wakes on its own setTimeout for the nearest due time (real clock)', async () => {
    const clock = { now: () => Date.now() };
    const s = new TimerScheduler({ db, clock, log }, { backstopMs: 60_000 }).register('k', effect('k')).start();
    armTimer(db, { kind: 'k', key: 'soon', delayMs: 30, now: Date.now() });
    s.poke();
    await sleep(150);
    s.stop();
    expect(runs()).toHaveLength(1);
    expect(db.get<{ n: number }>(sql`select count(*) as n from timers where status = 'fired'`).n).toBe(1);
  });
});
