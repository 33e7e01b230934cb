/**
 * @module setAgentStatus on the unit of work, run against every engine (set-agent-status.test.ts: SQLite file and
 * :memory:; set-agent-status.pg.test.ts: PostgreSQL): a change writes the status, its history row and the
 * profile card's and duty 活码's sync requests (record rows + one pending `profile.sync` job per target) in one
 * transaction, announced after commit; the same status again logs nothing but is synced again (coalesced into
 * the pending job, pushed back by the quiet period); an unknown agent stores nothing.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';
import { PROFILE_SYNC_JOB, TARGET } from '../../../server/core/profile-sync/queue';
import { EventBus, type DomainEvents } from '../../../server/core/events';
import { NotFoundError } from '../../../server/core/errors';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');
const DEBOUNCE = 2000; // the profileSync setting's default quiet period
const USER = TARGET.user('zhangsan');
const DUTY = TARGET.dutyContactWay;

export function setAgentStatusCases(engine: Engine): void {
  describe(`setAgentStatus on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let now = T0;
    let announced: DomainEvents['agent.status'][];
    const ctx = () => {
      const events = new EventBus();
      events.on('agent.status', (e) => announced.push(e));
      return { clock: { now: () => now }, events, shared: { uow } };
    };
    const agent = (userid: string) => uow.read(async ({ db, t }) => (await db.select().from(t.agents).where(eq(t.agents.userid, userid)))[0]);
    const history = () => uow.read(({ db, t }) => db.select().from(t.agentStatusHistory).orderBy(asc(t.agentStatusHistory.id)));
    const records = () => uow.read(async ({ db, t }) => (await db.select().from(t.wecomSyncJobs).orderBy(asc(t.wecomSyncJobs.target)))
      .map((r) => ({ target: r.target, kind: r.kind, status: r.status, requests: r.requests, firstRequestedAt: r.firstRequestedAt, lastRequestedAt: r.lastRequestedAt })));
    const syncJobs = () => uow.read(async ({ db, t }) => (await db.select().from(t.jobs).where(eq(t.jobs.kind, PROFILE_SYNC_JOB)).orderBy(asc(t.jobs.id)))
      .map((j) => ({ id: j.id, key: j.key, orderingKey: j.orderingKey, status: j.status, runAt: j.runAt, payload: JSON.parse(j.payload) as unknown })));

    beforeEach(async () => {
      uow = await engine.open();
      now = T0;
      announced = [];
      await uow.run(async ({ db, t }) => {
        await db.insert(t.agents).values([
          { userid: 'zhangsan', name: '张三', status: 'online', statusSource: 'schedule', statusChangedAt: T0 - 60_000, createdAt: T0 },
          { userid: 'lisi', name: '李四', status: 'moon', statusChangedAt: T0, createdAt: T0 },
        ]);
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('changes the status with its history row and requests the profile card and duty 活码 syncs in the same transaction', async () => {
      const until = T0 + 30 * 60_000;
      const r = await setAgentStatus({ ctx: ctx(), input: { userid: 'zhangsan', status: 'dnd', source: 'manual', until, reason: 'sidebar 30m' } });
      expect(r).toEqual({ userid: 'zhangsan', name: '张三', status: 'dnd', source: 'manual', until, changedAt: T0 });
      expect(await agent('zhangsan')).toMatchObject({ status: 'dnd', statusSource: 'manual', statusUntil: until, statusChangedAt: T0 });
      expect((await history()).map((h) => [h.userid, h.fromStatus, h.toStatus, h.source, h.until, h.reason, h.at]))
        .toEqual([['zhangsan', 'online', 'dnd', 'manual', until, 'sidebar 30m', T0]]);
      expect(await records()).toEqual([
        { target: DUTY, kind: 'duty_contact_way', status: 'pending', requests: 1, firstRequestedAt: T0, lastRequestedAt: T0 },
        { target: USER, kind: 'user_profile', status: 'pending', requests: 1, firstRequestedAt: T0, lastRequestedAt: T0 },
      ]);
      const jobs = await syncJobs();
      expect(jobs.map(({ id: _id, ...j }) => j)).toEqual([
        { key: `${USER}:after:0`, orderingKey: `profile:${USER}`, status: 'pending', runAt: T0 + DEBOUNCE, payload: { target: USER } },
        { key: `${DUTY}:after:0`, orderingKey: `profile:${DUTY}`, status: 'pending', runAt: T0 + DEBOUNCE, payload: { target: DUTY } },
      ]);
      expect(announced).toEqual([{ userid: 'zhangsan', status: 'dnd', source: 'manual', until, at: T0 }]);
    });

    it('takes the same status again as no change (no history row, the change time kept) but requests the syncs again, coalesced', async () => {
      await setAgentStatus({ ctx: ctx(), input: { userid: 'zhangsan', status: 'busy', source: 'manual', until: T0 + 60_000 } });
      now = T0 + 500;
      const r = await setAgentStatus({ ctx: ctx(), input: { userid: 'zhangsan', status: 'busy', source: 'attendance' } });
      expect(r).toEqual({ userid: 'zhangsan', name: '张三', status: 'busy', source: 'attendance', until: null, changedAt: T0 });
      expect(await agent('zhangsan')).toMatchObject({ status: 'busy', statusSource: 'attendance', statusUntil: null, statusChangedAt: T0 });
      expect((await history()).map((h) => h.toStatus)).toEqual(['busy']);
      expect((await records()).map((x) => [x.target, x.requests, x.firstRequestedAt, x.lastRequestedAt]))
        .toEqual([[DUTY, 2, T0, T0 + 500], [USER, 2, T0, T0 + 500]]);
      // still one pending job per target, pushed back to the end of the quiet period
      expect((await syncJobs()).map((j) => [j.orderingKey, j.status, j.runAt])).toEqual([
        [`profile:${USER}`, 'pending', T0 + 500 + DEBOUNCE], [`profile:${DUTY}`, 'pending', T0 + 500 + DEBOUNCE],
      ]);
      expect(announced.map((e) => [e.status, e.source, e.at])).toEqual([['busy', 'manual', T0], ['busy', 'attendance', T0 + 500]]);
    });

    it('starts a new run after a settled one: the record row counts from one and a job follows the finished one', async () => {
      await setAgentStatus({ ctx: ctx(), input: { userid: 'zhangsan', status: 'busy', source: 'manual' } });
      const [first] = await syncJobs();
      await uow.run(async ({ db, t }) => {
        await db.update(t.jobs).set({ status: 'done', finishedAt: T0 + DEBOUNCE });
        await db.update(t.wecomSyncJobs).set({ status: 'sent' });
      });
      now = T0 + 10_000;
      await setAgentStatus({ ctx: ctx(), input: { userid: 'zhangsan', status: 'online', source: 'manual' } });
      expect((await records()).find((x) => x.target === USER)).toMatchObject({ status: 'pending', requests: 1, firstRequestedAt: T0 + 10_000 });
      const mine = (await syncJobs()).filter((j) => j.orderingKey === `profile:${USER}`);
      expect(mine.map((j) => [j.key, j.status, j.runAt])).toEqual([
        [`${USER}:after:0`, 'done', T0 + DEBOUNCE], [`${USER}:after:${first!.id}`, 'pending', T0 + 10_000 + DEBOUNCE],
      ]);
    });

    it('refuses an unknown agent with NotFoundError, storing and announcing nothing', async () => {
      await expect(setAgentStatus({ ctx: ctx(), input: { userid: 'nobody', status: 'online', source: 'manual' } })).rejects.toBeInstanceOf(NotFoundError);
      expect(await history()).toEqual([]);
      expect(await records()).toEqual([]);
      expect(await syncJobs()).toEqual([]);
      expect(announced).toEqual([]);
    });
  });
}
