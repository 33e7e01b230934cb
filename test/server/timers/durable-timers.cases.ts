/**
 * @module Durable timers and the job queue's time-travel reads on the unit of work, run against every engine
 * (durable-timers-engines.test.ts: SQLite file and :memory:; durable-timers.pg.test.ts: PostgreSQL): a timer armed in
 * a transaction that rolls back does not exist; the queue names the next due time to time travel and says it is busy
 * once the timer is due; the timer fires once, its handler's effects committing with its claim; a handler that throws
 * rolls back its own effects and fails the timer; a timer found too late is reported, not run; cancelling takes the
 * conversation's pending timers of a kind and their jobs.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { ManualClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { createProductJobs, type ProductJobs } from '../../../server/app/jobs-runtime';
import { DurableTimers, type TimerHandler } from '../../../server/core/timers/durable-timers';
import { armTimerIn, cancelTimersIn, type ArmTimerInput } from '../../../server/core/timers/arm';
import { recordDiagnosticIn } from '../../../server/core/relay/diagnostics';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');
const log = createLogger('silent');

export function durableTimersCases(engine: Engine): void {
  describe(`durable timers on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let clock: ManualClock;
    let jobs: ProductJobs;
    let timers: DurableTimers;
    let late: number[];
    const arm = (input: ArmTimerInput) => uow.run((tx) => armTimerIn(tx, input));
    const timerRows = () => uow.read(async ({ db, t }) => (await db.select().from(t.timers).orderBy(asc(t.timers.id)))
      .map((r) => ({ key: r.key, status: r.status, outcome: r.outcome, firedAt: r.firedAt })));
    const jobRows = () => uow.read(async ({ db, t }) => (await db.select().from(t.jobs).orderBy(asc(t.jobs.id))).map((j) => [j.key, j.status]));
    const effects = () => uow.read(async ({ db, t }) => (await db.select().from(t.relayDiagnostics).orderBy(asc(t.relayDiagnostics.id))).map((d) => d.target));
    /** One diagnostics row per run, written in the claiming transaction. */
    const effect: TimerHandler = async (tx, t, now) => {
      await recordDiagnosticIn(tx, { at: now, kind: 'timer', actor: t.kind, target: t.key, reason: 'test', result: 'ran' });
      return 'ran';
    };
    const run = async () => { jobs.wake(); await jobs.idle(); };

    beforeEach(async () => {
      uow = await engine.open();
      clock = new ManualClock(T0);
      late = [];
      jobs = createProductJobs({ clock, log, uow });
      timers = new DurableTimers({ clock, log }, jobs, { maxLatenessMs: 60_000, onLate: async (_tx, t) => { late.push(t.id); } });
      timers.register('k', effect).register('boom', async (tx, t, now) => { await effect(tx, t, now); throw new Error('boom'); });
      jobs.start();
    });
    afterEach(async () => { await jobs.stop(); await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('is armed in the caller\'s transaction, deduplicated by key among pending timers', async () => {
      await expect(uow.run(async (tx) => { await armTimerIn(tx, { kind: 'k', key: 'a', delayMs: 1000, now: T0 }); throw new Error('rolled back'); }))
        .rejects.toThrow('rolled back');
      expect(await timerRows()).toEqual([]);
      expect((await arm({ kind: 'k', key: 'a', delayMs: 1000, now: T0 })).armed).toBe(true);
      expect((await arm({ kind: 'k', key: 'a', delayMs: 5000, now: T0 })).armed).toBe(false);
      expect(await jobRows()).toHaveLength(1);
    });

    it('tells time travel when it is next due and that it is busy once due, then fires once with its effects', async () => {
      await arm({ kind: 'k', key: 'a', delayMs: 1000, now: T0 });
      await arm({ kind: 'k', key: 'b', delayMs: 3000, now: T0 });
      await run();
      expect(await jobs.part.nextDueAt(T0)).toBe(T0 + 1000);
      expect(await jobs.part.busy(T0)).toBe(false);
      expect(await jobs.part.busy(T0 + 1000)).toBe(true);
      clock.set(T0 + 1000);
      await jobs.part.runDue(T0 + 1000);
      expect(await jobs.part.busy(T0 + 1000)).toBe(false);
      expect(await jobs.part.nextDueAt(T0 + 1000)).toBe(T0 + 3000);
      expect(await effects()).toEqual(['a']);
      expect(await timerRows()).toEqual([
        { key: 'a', status: 'fired', outcome: 'ran', firedAt: T0 + 1000 },
        { key: 'b', status: 'pending', outcome: null, firedAt: null },
      ]);
      await run();
      expect(await effects()).toEqual(['a']);
    });

    it('rolls back a failing handler\'s effects and fails the timer; reports a late one instead of running it', async () => {
      await arm({ kind: 'boom', key: 'x', dueAt: T0, now: T0 });
      const { id } = await arm({ kind: 'k', key: 'late', dueAt: T0 - 60_001, now: T0 - 70_000 });
      await run();
      expect(await effects()).toEqual([]);
      expect(await timerRows()).toEqual([
        { key: 'x', status: 'failed', outcome: 'boom', firedAt: T0 },
        { key: 'late', status: 'late', outcome: 'late by 60001 ms', firedAt: T0 },
      ]);
      expect(late).toEqual([id]);
    });

    it('cancels the pending timers of a conversation by kind, and their jobs', async () => {
      await arm({ kind: 'esc.a', key: 'a', conversationId: 7, delayMs: 1, now: T0 });
      await arm({ kind: 'esc.b', key: 'b', conversationId: 7, delayMs: 1, now: T0 });
      await arm({ kind: 'esc.a', key: 'c', conversationId: 8, delayMs: 1, now: T0 });
      expect(await uow.run((tx) => cancelTimersIn(tx, { conversationId: 7, kinds: ['esc.a'], now: T0, reason: 'a human replied' }))).toBe(1);
      expect((await timerRows()).map((r) => [r.key, r.status, r.outcome])).toEqual([['a', 'cancelled', 'a human replied'], ['b', 'pending', null], ['c', 'pending', null]]);
      expect((await jobRows()).map(([, status]) => status)).toEqual(['cancelled', 'pending', 'pending']);
    });
  });
}
