/**
 * @module The forecast's queries on the unit of work, run against every engine (forecast-queries.test.ts: SQLite
 * file and :memory:; forecast-queries.pg.test.ts: PostgreSQL): the inbound history per local hour (customer
 * messages only, per team, in a range, plus the kept hourly counts), the measured handling time, the agents on
 * shift per hour, the forecast of the demo's seeded history, the peaks it stores, the settings with their audit
 * row, and the forecast timers armed at start once.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { DEMO_CALENDAR, localParts, zonedInstant } from '../../../shared/calendar/index';
import { readInboundHistoryIn } from '../../../server/core/forecast/history';
import { MIN_HANDLE_SAMPLES, measureHandleTimeIn, scheduledAgentsIn } from '../../../server/core/forecast/staffing';
import { forecastTeamIn } from '../../../server/core/forecast/forecast-team';
import { refreshPeaksIn } from '../../../server/core/forecast/refresh-peaks';
import { loadPeaksIn, PEAK_DAYS } from '../../../server/core/forecast/peaks';
import { loadForecastSettingsIn, saveForecastSettingsIn } from '../../../server/core/forecast/settings';
import { ensureForecastJobs, FORECAST_PEAKS_JOB, FORECAST_WEEKLY_JOB, WEEKLY_AT } from '../../../server/core/forecast/jobs';
import { seedDemoIn } from '../../../server/app/demo/seed';
import { DEMO_HISTORY_WEEKS, seedDemoHistory } from '../../../server/app/demo/seed-history';
import { DEMO_KF, DEMO_TEAMS } from '../../../server/app/demo/seed-data';
import { createLogger } from '../../../server/app/log';
import type { CoreDeps } from '../../../server/app/deps';
import type { Engine } from '../../support/engines';

const TZ = DEMO_CALENDAR.timeZone;
const DAY = '2026-12-03'; // a Thursday, a workday
const at = (hhmm: string, date = DAY) => zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)), TZ);
const T0 = at('10:00');
const A = 'wkTeamA', B = 'wkTeamB';
const clock = { now: () => T0 };

export function forecastQueryCases(engine: Engine): void {
  describe(`the forecast's queries on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let msg = 0;
    const message = (conversationId: number, origin: number, ms: number) =>
      ({ msgid: `m${++msg}`, conversationId, origin: origin as 3, msgtype: 'text', content: '{}', sendTime: Math.floor(ms / 1000), receivedAt: ms });

    beforeEach(async () => {
      uow = await engine.open();
      await uow.run(async ({ db, t }) => {
        await db.insert(t.kfAccounts).values([{ openKfid: A, name: '售前', createdAt: T0 }, { openKfid: B, name: '售后', createdAt: T0 }]);
        await db.insert(t.agents).values(['zhangsan', 'lisi', 'wangwu'].map((userid) => ({ userid, name: userid, statusChangedAt: T0, createdAt: T0 })));
        await db.insert(t.kfServicers).values([
          { openKfid: A, userid: 'zhangsan', updatedAt: T0 }, { openKfid: A, userid: 'lisi', updatedAt: T0 }, { openKfid: B, userid: 'wangwu', updatedAt: T0 },
        ]);
        await db.insert(t.conversations).values([
          { id: 1, openKfid: A, externalUserid: 'wm1', createdAt: T0, updatedAt: T0 },
          { id: 2, openKfid: B, externalUserid: 'wm2', createdAt: T0, updatedAt: T0 },
        ]);
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('counts customer messages per local hour, per team and in a range, with the kept hourly counts', async () => {
      await uow.run(async ({ db, t }) => {
        await db.insert(t.messages).values([
          message(1, ORIGIN.customer, at('09:05')), message(1, ORIGIN.agent, at('09:06')), message(1, ORIGIN.customer, at('09:50')),
          message(1, ORIGIN.customer, at('08:59')), message(2, ORIGIN.customer, at('09:10')), message(2, ORIGIN.system, at('09:11')),
        ]);
        await db.insert(t.inboundHistory).values([
          { openKfid: A, hourStart: at('07:00'), count: 5, source: 'demo' }, { openKfid: B, hourStart: at('07:00'), count: 3, source: 'demo' },
        ]);
      });
      const hours = (g: Awaited<ReturnType<typeof readInboundHistoryIn>>) => [7, 8, 9].map((h) => g.get(DAY, h));
      const org = await uow.read((q) => readInboundHistoryIn(q, TZ));
      expect(hours(org)).toEqual([8, 1, 3]);
      expect(org.total).toBe(12);
      expect(hours(await uow.read((q) => readInboundHistoryIn(q, TZ, { team: A })))).toEqual([5, 1, 2]);
      expect(hours(await uow.read((q) => readInboundHistoryIn(q, TZ, { team: B })))).toEqual([3, 0, 1]);
      expect(hours(await uow.read((q) => readInboundHistoryIn(q, TZ, { from: at('08:30'), to: at('09:30') })))).toEqual([0, 1, 2]);
    });

    it('measures the handling time from the agents\' replies of the last 28 days, else answers the default', async () => {
      await uow.run(async ({ db, t }) => {
        const rows = [];
        for (let i = 0; i < MIN_HANDLE_SAMPLES; i++) {
          const asked = T0 - 86_400_000 - i * 20 * 60_000;
          rows.push(message(1, ORIGIN.customer, asked), message(1, ORIGIN.agent, asked + 40_000));
        }
        // a reply 11 minutes after the question is waiting, not work; one older than 28 days is not counted
        rows.push(message(1, ORIGIN.customer, T0 - 3_600_000 + 1000), message(1, ORIGIN.agent, T0 - 3_600_000 + 1000 + 660_000));
        rows.push(message(2, ORIGIN.customer, T0 - 29 * 86_400_000), message(2, ORIGIN.agent, T0 - 29 * 86_400_000 + 30_000));
        await db.insert(t.messages).values(rows);
      });
      expect(await uow.read((q) => measureHandleTimeIn(q, T0, undefined, 60))).toEqual({ seconds: Math.round(30 * 40 / 31), measured: true, samples: 30 });
      expect(await uow.read((q) => measureHandleTimeIn(q, T0, A, 60))).toEqual({ seconds: Math.round(30 * 40 / 31), measured: true, samples: 30 });
      expect(await uow.read((q) => measureHandleTimeIn(q, T0, B, 75))).toEqual({ seconds: 75, measured: false, samples: 0 });
    });

    it('counts the team\'s agents (all agents for the organisation) whose shift covers each hour', async () => {
      const closed = JSON.stringify({ ...DEMO_CALENDAR, weekly: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] } });
      await uow.run(({ db, t }) => db.insert(t.agentShifts).values([{ userid: 'zhangsan', calendar: null }, { userid: 'lisi', calendar: closed }]));
      const hours = [at('10:00'), at('03:00')];
      expect(await uow.read((q) => scheduledAgentsIn(q, hours, undefined, DEMO_CALENDAR))).toEqual([2, 0]);
      expect(await uow.read((q) => scheduledAgentsIn(q, hours, A, DEMO_CALENDAR))).toEqual([1, 0]);
      expect(await uow.read((q) => scheduledAgentsIn(q, hours, B, DEMO_CALENDAR))).toEqual([1, 0]);
      expect(await uow.read((q) => scheduledAgentsIn(q, hours, 'wkNobody', DEMO_CALENDAR))).toEqual([0, 0]);
    });

    it('seeds the demo idempotently and forecasts its history; the peaks it stores are the forecast\'s busiest tenth', async () => {
      await uow.run((tx) => seedDemoIn(tx, clock));
      const counted = await uow.run((tx) => seedDemoHistory(tx, clock));
      await uow.run((tx) => seedDemoIn(tx, clock));
      expect(await uow.run((tx) => seedDemoHistory(tx, clock))).toBe(counted);
      const stored = await uow.read(async ({ db, t }) => ({
        agents: (await db.select({ u: t.agents.userid }).from(t.agents)).length,
        servicers: (await db.select({ u: t.kfServicers.userid }).from(t.kfServicers).where(eq(t.kfServicers.openKfid, DEMO_KF.open_kfid))).length,
        history: await db.select({ count: t.inboundHistory.count }).from(t.inboundHistory).where(eq(t.inboundHistory.openKfid, DEMO_KF.open_kfid)),
      }));
      expect(stored.agents).toBe(new Set(['zhangsan', 'lisi', 'wangwu', ...DEMO_TEAMS.flatMap((team) => team.agents.map((a) => a.userid))]).size);
      expect(stored.servicers).toBe(DEMO_TEAMS[0].agents.length);
      expect(stored.history.length).toBe(DEMO_HISTORY_WEEKS * 7 * 24 + localParts(T0, TZ).hour);
      expect(stored.history.reduce((s, r) => s + r.count, 0)).toBe(counted);

      const f = await uow.read((q) => forecastTeamIn(q, { ctx: { clock }, input: { team: DEMO_KF.open_kfid, days: 2, actualDays: 1 } }));
      expect(f).toMatchObject({ team: DEMO_KF.open_kfid, teamName: DEMO_KF.name, timeZone: TZ, days: 2, historyDays: DEMO_HISTORY_WEEKS * 7 });
      expect(f.hours).toHaveLength(48);
      expect(f.actuals).toHaveLength(24);
      expect(f.staffing.handle).toEqual({ seconds: 60, measured: false, samples: 0 });
      expect(f.hours.some((h) => h.expected > 0 && h.needed > 0)).toBe(true);

      const peaks = await uow.run((tx) => refreshPeaksIn(tx, { clock }));
      expect(peaks.source).toBe('forecast');
      expect(peaks.hourStarts.length).toBe(Math.round(PEAK_DAYS * 24 * 0.1));
      const loaded = await uow.read((q) => loadPeaksIn(q));
      expect(loaded).toMatchObject({ computedAt: T0, source: 'forecast', hourStarts: peaks.hourStarts });
      expect([...loaded!.set].sort()).toEqual([...peaks.hourStarts].sort());
    });

    it('saves a partial settings change with its audit row; an invalid one changes nothing', async () => {
      const before = await uow.read((q) => loadForecastSettingsIn(q));
      const saved = await uow.run((tx) => saveForecastSettingsIn(tx, { autoSensitivity: true, sensitivityPercent: 30 }, 'admin', T0));
      expect(saved).toEqual({ ...before, autoSensitivity: true, sensitivityPercent: 30 });
      expect(await uow.read((q) => loadForecastSettingsIn(q))).toEqual(saved);
      await expect(uow.run((tx) => saveForecastSettingsIn(tx, { targetAnswerSec: 1 }, 'admin', T0 + 1))).rejects.toThrow();
      expect(await uow.read((q) => loadForecastSettingsIn(q))).toEqual(saved);
      const audit = await uow.read(({ db, t }) => db.select().from(t.auditLog).orderBy(asc(t.auditLog.id)));
      expect(audit.map((a) => [a.actor, a.action, a.target, JSON.parse(a.before!), JSON.parse(a.after!)]))
        .toEqual([['admin', 'settings.forecast', 'forecast', before, saved]]);
    });

    it('arms the nightly peaks and the Friday card once at start, refreshing stale peaks in the same transaction', async () => {
      await uow.run((tx) => seedDemoHistory(tx, clock));
      const d = { shared: { uow }, clock, log: createLogger('silent'), config: {}, db: undefined } as unknown as CoreDeps;
      await ensureForecastJobs(d);
      await ensureForecastJobs(d);
      const armed = await uow.read(({ db, t }) => db.select({ kind: t.timers.kind, dueAt: t.timers.dueAt, status: t.timers.status }).from(t.timers).orderBy(asc(t.timers.kind)));
      expect(armed).toEqual([
        { kind: FORECAST_PEAKS_JOB, dueAt: at('00:05', '2026-12-04'), status: 'pending' },
        { kind: FORECAST_WEEKLY_JOB, dueAt: at(`${WEEKLY_AT.minute / 60}:00`, '2026-12-04'), status: 'pending' },
      ]);
      expect(await uow.read((q) => loadPeaksIn(q))).toMatchObject({ computedAt: T0, source: 'forecast' });
    });
  });
}
