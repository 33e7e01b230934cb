/**
 * @module The sync queue's other entry points on the unit of work, run against every engine (queue.test.ts:
 * SQLite file and :memory:; queue.pg.test.ts: PostgreSQL): an app message is due at once; a running target gets a
 * follow-up job behind its running one; record rows left without a job are adopted once; attempts are logged and
 * read newest first.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { adoptUnscheduled, getJob, logAttempt, PROFILE_SYNC_JOB, recentAttempts, requestSync, TARGET } from '../../../server/core/profile-sync/queue';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');

export function syncQueueCases(engine: Engine): void {
  describe(`the profile sync queue on ${engine.name}`, () => {
    let uow: UnitOfWork;
    const syncJobs = () => uow.read(async ({ db, t }) => (await db.select().from(t.jobs).where(eq(t.jobs.kind, PROFILE_SYNC_JOB)).orderBy(asc(t.jobs.id)))
      .map((j) => ({ id: j.id, key: j.key, orderingKey: j.orderingKey, status: j.status, runAt: j.runAt })));

    beforeEach(async () => { uow = await engine.open(); });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('queues an app message due at once, carrying its content, and reads its record row', async () => {
      const target = TARGET.appMessage('appt-1');
      await uow.run((tx) => requestSync(tx, target, 'app_message', T0, { title: '新预约', userid: 'zhangsan' }));
      expect(await uow.read((q) => getJob(q, target))).toMatchObject({ kind: 'app_message', status: 'pending', requests: 1, payload: '{"title":"新预约","userid":"zhangsan"}' });
      expect((await syncJobs()).map((j) => [j.key, j.status, j.runAt])).toEqual([[`${target}:after:0`, 'pending', T0]]);
      expect(await uow.read((q) => getJob(q, TARGET.user('nobody')))).toBeUndefined();
    });

    it('gives a request arriving while the target\'s job calls WeCom a follow-up job behind the running one', async () => {
      const target = TARGET.user('zhangsan');
      await uow.run((tx) => requestSync(tx, target, 'user_profile', T0));
      const [running] = await syncJobs();
      await uow.run(async ({ db, t }) => {
        await db.update(t.jobs).set({ status: 'running' });
        await db.update(t.wecomSyncJobs).set({ status: 'running' });
      });
      await uow.run((tx) => requestSync(tx, target, 'user_profile', T0 + 100));
      expect(await uow.read((q) => getJob(q, target))).toMatchObject({ status: 'running', requests: 2 });
      expect((await syncJobs()).map((j) => [j.key, j.status])).toEqual([[`${target}:after:0`, 'running'], [`${target}:after:${running!.id}`, 'pending']]);
    });

    it('adopts an active record row without a job once, due now', async () => {
      await uow.run(async ({ db, t }) => {
        await db.insert(t.wecomSyncJobs).values([
          { target: TARGET.user('wangwu'), kind: 'user_profile', status: 'pending', requests: 1, attempts: 0, firstRequestedAt: T0, lastRequestedAt: T0, updatedAt: T0 },
          { target: TARGET.user('lisi'), kind: 'user_profile', status: 'sent', requests: 1, attempts: 1, firstRequestedAt: T0, lastRequestedAt: T0, updatedAt: T0 },
        ]);
      });
      expect(await adoptUnscheduled(uow, T0 + 5)).toBe(1);
      expect(await adoptUnscheduled(uow, T0 + 6)).toBe(0);
      expect((await syncJobs()).map((j) => [j.orderingKey, j.status, j.runAt])).toEqual([[`profile:${TARGET.user('wangwu')}`, 'pending', T0 + 5]]);
    });

    it('logs attempts and reads the newest first', async () => {
      await uow.run(async (tx) => {
        for (let i = 0; i < 3; i++) {
          await logAttempt(tx, { target: TARGET.dutyContactWay, api: 'externalcontact/update_contact_way', at: T0 + i, errcode: i === 1 ? 45009 : 0, errmsg: i === 1 ? 'api freq out of limit' : null, coalesced: i + 1, request: { n: i } });
        }
      });
      const recent = await uow.read((q) => recentAttempts(q, 2));
      expect(recent.map((a) => [a.at, a.errcode, a.coalesced, JSON.parse(a.request)])).toEqual([[T0 + 2, 0, 3, { n: 2 }], [T0 + 1, 45009, 2, { n: 1 }]]);
    });
  });
}
