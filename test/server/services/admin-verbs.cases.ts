/**
 * @module The audited admin and sidebar verbs on the unit of work, run against every engine (admin-verbs.test.ts:
 * SQLite; admin-verbs.pg.test.ts: PostgreSQL): calendars (save, import, a team's reset), duty groups and channels
 * (a group change requests the duty 活码's sync in its transaction),
 * a customer's notes (409 on a stale edit) and the dedicated manager — each change with its audit row, and a
 * refused change leaving nothing behind.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { readOwnSettingIn, readSettingIn } from '../../../server/core/config/settings';
import { dropTeamCalendar, importSchedule, saveCalendar } from '../../../server/core/services/calendar';
import { ChannelInput, GroupInput, createChannel, createGroup, deleteChannel, deleteGroup, updateChannel, updateGroup } from '../../../server/core/duty/admin';
import { customerProfile, setCustomerProfile } from '../../../server/core/services/customer-profile';
import { setDedicatedManager } from '../../../server/core/services/dedicated-manager';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../server/core/errors';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import type { Viewer } from '../../../server/core/access/viewer';
import type { Engine } from '../../support/engines';
import { PROFILE_SYNC_JOB, TARGET } from '../../../server/core/profile-sync/queue';

const T0 = Date.parse('2026-12-02T10:00:00+08:00');
const KF = 'wkTEAM1';
const CUSTOMER = 'wmCustomer1';
const agent = (userid: string, teams: string[]): Viewer => ({ kind: 'agent', userid, teams }) as Viewer;

export function adminVerbCases(engine: Engine): void {
  describe(`audited verbs on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let now = T0;
    const ctx = () => ({ clock: { now: () => now }, shared: { uow } });
    const audits = () => uow.read(async (q) => (await q.db.select().from(q.t.auditLog).orderBy(asc(q.t.auditLog.id)))
      .map((a) => ({ actor: a.actor, action: a.action, target: a.target, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) })));

    beforeEach(async () => {
      uow = await engine.open();
      now = T0;
      await uow.run(async ({ db, t }) => {
        await db.insert(t.agents).values([
          { userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: T0, createdAt: T0 },
          { userid: 'lisi', name: '李四', status: 'offline', statusChangedAt: T0, createdAt: T0 },
          { userid: 'wangwu', name: '王五', status: 'busy', statusChangedAt: T0, createdAt: T0 },
        ]);
        await db.insert(t.kfAccounts).values({ openKfid: KF, name: '售后', createdAt: T0 });
        await db.insert(t.kfServicers).values([{ openKfid: KF, userid: 'zhangsan', updatedAt: T0 }, { openKfid: KF, userid: 'wangwu', updatedAt: T0 }]);
        await db.insert(t.conversations).values({ openKfid: KF, externalUserid: CUSTOMER, createdAt: T0, updatedAt: T0 });
      });
    });
    afterEach(async () => {
      // children first: the next open() empties the tables in their own order (kf_servicers refers to kf_accounts)
      await uow.run(async ({ db, t }) => { await db.delete(t.kfServicers); });
      await engine.cleanup();
    });
    afterAll(async () => { await engine.dispose(); });

    it('saves a team calendar, merges an import into it, and resets the team to the organisation\'s, audited', async () => {
      const own = { ...DEMO_CALENDAR, timeZone: 'Asia/Shanghai', imported: [] };
      await saveCalendar({ ctx: ctx(), input: { config: own, by: 'boss', team: KF } });
      await expect(saveCalendar({ ctx: ctx(), input: { config: { ...own, timeZone: 42 }, by: 'boss', team: KF } })).rejects.toBeInstanceOf(ValidationError);
      const bad = await importSchedule({ ctx: ctx(), input: { format: 'csv', content: 'date,kind\n2027-13-01,holiday', by: 'boss', team: KF } });
      expect(bad.imported).toBe(0);
      expect(bad.errors.length).toBeGreaterThan(0);
      const good = await importSchedule({ ctx: ctx(), input: { format: 'csv', content: 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-07,workday,调休', by: 'boss', team: KF } });
      expect(good).toEqual({ imported: 2, errors: [] });
      const stored = await uow.read((q) => readOwnSettingIn(q, SETTINGS.calendar, KF));
      expect(stored?.imported.map((d) => d.date)).toEqual(['2027-01-01', '2027-02-07']);
      await dropTeamCalendar({ ctx: ctx(), input: { team: KF, by: 'boss' } });
      expect(await uow.read((q) => readOwnSettingIn(q, SETTINGS.calendar, KF))).toBeUndefined();
      expect(await uow.read((q) => readSettingIn(q, SETTINGS.calendar, KF))).toEqual(await uow.read((q) => readSettingIn(q, SETTINGS.calendar)));
      expect((await audits()).map((a) => [a.action, a.target])).toEqual([['calendar.update', `team:${KF}`], ['calendar.update', `team:${KF}`], ['calendar.team.reset', `team:${KF}`]]);
    });

    it('creates, edits and deletes duty groups and channels, each audited, each group change requesting the duty 活码 sync; unknown agents and ids are refused', async () => {
      await expect(createGroup(ctx(), GroupInput.parse({ name: 'A组', rotation: { kind: 'always' }, primaryUserid: 'nobody' }), 'boss', now)).rejects.toBeInstanceOf(ValidationError);
      await expect(createGroup(ctx(), GroupInput.parse({ name: 'A组', rotation: { kind: 'always' }, primaryUserid: 'lisi', backupUserid: 'lisi' }), 'boss', now)).rejects.toThrow('must be different');
      const g = await createGroup(ctx(), GroupInput.parse({ name: 'A组', rotation: { kind: 'weekdays', days: [1, 2, 3] }, primaryUserid: 'zhangsan' }), 'boss', now);
      expect(g).toMatchObject({ name: 'A组', primaryUserid: 'zhangsan', backupUserid: null, enabled: true, createdAt: T0, rotation: '{"kind":"weekdays","days":[1,2,3]}' });
      now += 1000;
      const u = await updateGroup(ctx(), g.id, { backupUserid: 'lisi' }, 'boss', now, 'duty.group.posts');
      expect(u).toMatchObject({ id: g.id, primaryUserid: 'zhangsan', backupUserid: 'lisi', updatedAt: T0 + 1000 });
      await expect(updateGroup(ctx(), g.id, { backupUserid: 'zhangsan' }, 'boss', now)).rejects.toBeInstanceOf(ValidationError);
      await expect(updateGroup(ctx(), g.id + 99, { name: 'x' }, 'boss', now)).rejects.toBeInstanceOf(NotFoundError);
      const ch = await createChannel(ctx(), ChannelInput.parse({ role: 'main', name: '主渠道', type: 'kf_link', url: 'https://work.weixin.qq.com/kfid/kfc1' }), 'boss', now);
      const ch2 = await updateChannel(ctx(), ch.id, { qrUrl: 'https://example.com/qr.png' }, 'boss', now);
      expect(ch2).toMatchObject({ url: 'https://work.weixin.qq.com/kfid/kfc1', qrUrl: 'https://example.com/qr.png' });
      await deleteChannel(ctx(), ch.id, 'boss', now);
      await expect(deleteChannel(ctx(), ch.id, 'boss', now)).rejects.toBeInstanceOf(NotFoundError);
      await deleteGroup(ctx(), g.id, 'boss', now);
      await expect(deleteGroup(ctx(), g.id, 'boss', now)).rejects.toBeInstanceOf(NotFoundError);
      expect(await uow.read(({ db, t }) => db.select().from(t.dutyGroups))).toEqual([]);
      const log = await audits();
      expect(log.map((a) => a.action)).toEqual(['duty.group.create', 'duty.group.posts', 'duty.channel.create', 'duty.channel.update', 'duty.channel.delete', 'duty.group.delete']);
      expect(log[1]).toMatchObject({ target: `duty_group:${g.id}`, before: { backupUserid: null }, after: { backupUserid: 'lisi' } });
      expect(log[5]).toMatchObject({ before: { id: g.id, backupUserid: 'lisi' } });
      // create, posts, delete: three requests coalesced into the duty 活码's one pending job (refusals requested nothing)
      const sync = await uow.read(async ({ db, t }) => ({
        records: await db.select().from(t.wecomSyncJobs),
        jobs: await db.select().from(t.jobs).where(eq(t.jobs.kind, PROFILE_SYNC_JOB)),
      }));
      expect(sync.records.map((r) => [r.target, r.kind, r.status, r.requests])).toEqual([[TARGET.dutyContactWay, 'duty_contact_way', 'pending', 3]]);
      expect(sync.jobs.map((j) => [j.orderingKey, j.status])).toEqual([[`profile:${TARGET.dutyContactWay}`, 'pending']]);
    });

    it('writes a customer\'s notes for an agent of the team who saw the latest version; a stale edit is a conflict', async () => {
      const conv = await uow.read(async ({ db, t }) => (await db.select().from(t.conversations))[0]!);
      const input = { note: '老客户，喜欢电话联系', tags: ['VIP', '电话'], baseUpdatedAt: null };
      await expect(setCustomerProfile(ctx(), agent('lisi', ['wkOTHER']), 'lisi', conv, CUSTOMER, input)).rejects.toBeInstanceOf(ForbiddenError);
      const saved = await setCustomerProfile(ctx(), agent('zhangsan', [KF]), 'zhangsan', conv, CUSTOMER, input);
      expect(saved).toEqual({ note: '老客户，喜欢电话联系', tags: ['VIP', '电话'], updatedByName: '张三', updatedAt: T0 });
      now += 1000;
      await expect(setCustomerProfile(ctx(), agent('wangwu', [KF]), 'wangwu', conv, CUSTOMER, { ...input, note: '覆盖' })).rejects.toBeInstanceOf(ConflictError);
      await setCustomerProfile(ctx(), agent('wangwu', [KF]), 'wangwu', conv, CUSTOMER, { note: '改过', tags: [], baseUpdatedAt: T0 });
      expect(await uow.read((q) => customerProfile(q, CUSTOMER))).toEqual({ note: '改过', tags: [], updatedByName: '王五', updatedAt: T0 + 1000 });
      expect((await audits()).map((a) => [a.action, a.actor, a.before?.note, a.after?.note])).toEqual([['customer.notes', 'zhangsan', '', '老客户，喜欢电话联系'], ['customer.notes', 'wangwu', '老客户，喜欢电话联系', '改过']]);
    });

    it('sets the dedicated manager only to a servicer of the account, audited; clears it', async () => {
      const conv = await uow.read(async ({ db, t }) => (await db.select().from(t.conversations))[0]!);
      await expect(setDedicatedManager(ctx(), agent('zhangsan', [KF]), 'zhangsan', conv, 'nobody')).rejects.toThrow('unknown agent');
      await expect(setDedicatedManager(ctx(), agent('zhangsan', [KF]), 'zhangsan', conv, 'lisi')).rejects.toThrow('not a servicer');
      await expect(setDedicatedManager(ctx(), { kind: 'link', conversationId: conv.id } as Viewer, 'x', conv, 'wangwu')).rejects.toBeInstanceOf(ForbiddenError);
      expect(await setDedicatedManager(ctx(), agent('zhangsan', [KF]), 'zhangsan', conv, 'wangwu')).toEqual({ dedicatedManager: 'wangwu', name: '王五' });
      const manager = () => uow.read(async ({ db, t }) => (await db.select().from(t.conversations).where(eq(t.conversations.id, conv.id)))[0]!.dedicatedManager);
      expect(await manager()).toBe('wangwu');
      expect(await setDedicatedManager(ctx(), { kind: 'admin', userid: 'boss' } as Viewer, 'boss', { ...conv, dedicatedManager: 'wangwu' }, null)).toEqual({ dedicatedManager: null, name: null });
      expect(await manager()).toBeNull();
      expect((await audits()).map((a) => [a.action, a.actor, a.before, a.after])).toEqual([['customer.dedicated_manager', 'zhangsan', null, 'wangwu'], ['customer.dedicated_manager', 'boss', 'wangwu', null]]);
    });
  });
}
