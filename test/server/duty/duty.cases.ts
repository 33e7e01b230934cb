/**
 * @module The duty readers and WeCom receiver records on the unit of work, run against every engine (duty.test.ts:
 * SQLite file and :memory:; duty.pg.test.ts: PostgreSQL): who is on duty (A post, else B, else the next candidate,
 * else without groups the agent online longest), the duty manager, the relay candidates (A post first, least
 * loaded, nobody at the cap, moves planned and not yet made counted as load), the receivers of an account (WeCom's 停止接待 and 95014
 * memory, per account and exact), the capacity when everyone is at the cap, the per-second memo and its
 * invalidation (a rolled-back change leaves nothing behind; committed ones announced to the other instances over the
 * bus, and theirs heard), and the demo seed (once).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Tx, UnitOfWork } from '../../../server/core/ports/unit-of-work';
import type { Queries } from '../../../server/core/ports/queries';
import { DUTY_CHANNEL, dutyManagerIn, dutyNowIn, findOnDutyIn, invalidateDutyIn, relayCandidatesIn, shareDutyInvalidation } from '../../../server/core/duty/on-duty';
import { inProcessBus } from '../../../server/adapters/bus/in-process';
import { capacityForIn, isReceiving, receiversNowIn, recordRefusalIn, recordServicerStatusIn } from '../../../server/core/duty/receivers';
import { seedDutyDemo } from '../../../server/core/duty/seed';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';
import type { AgentStatus } from '../../../shared/domain/vocabulary';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-02T10:00:00+08:00'); // a Wednesday
const HOUR = 3_600_000;
const KF = 'wk_1';

export function dutyCases(engine: Engine): void {
  describe(`duty readers on ${engine.name}`, () => {
    let uow: UnitOfWork;
    const read = <T>(fn: (q: Queries) => Promise<T>) => uow.read(fn);
    /** A change of duty in one unit of work (dropping the memo, as every duty write does). */
    const change = (fn: (tx: Tx) => Promise<unknown>) => uow.run(async (tx) => { await fn(tx); invalidateDutyIn(tx); });
    const setStatus = (userid: string, status: AgentStatus) => change(({ db, t }) => db.update(t.agents).set({ status }).where(eq(t.agents.userid, userid)));
    let conversationNo = 0;
    const sessions = (servicerUserid: string | null, serviceState: 2 | 3, n: number) => uow.run(async ({ db, t }) => {
      for (let i = 0; i < n; i++) {
        await db.insert(t.conversations).values({ openKfid: KF, externalUserid: `wm${++conversationNo}`, serviceState, servicerUserid, createdAt: T0, updatedAt: T0 });
      }
    });
    const cap = (maxSessionsPerAgent: number) => change((tx) => writeSettingIn(tx, SETTINGS.assignment, { maxSessionsPerAgent, sessionMinutes: 10 }, { at: T0, by: 'test' }));
    const candidates = (at = T0, exclude: string | null = null) => uow.read((q) => relayCandidatesIn(q, at, exclude));
    /** A move planned and not yet made: an outbox transfer to `to` (or one in another state), or a relay at candidate `next`. */
    const plannedMove = (move: { transferTo: string; status?: 'pending' | 'sent'; holder?: string } | { relay: string[]; next: number }) => uow.run(async ({ db, t }) => {
      const holder = 'holder' in move ? move.holder ?? null : null;
      const [c] = await db.insert(t.conversations).values({ openKfid: KF, externalUserid: `wm${++conversationNo}`, serviceState: holder ? 3 : 1, servicerUserid: holder, createdAt: T0, updatedAt: T0 })
        .returning({ id: t.conversations.id });
      if ('transferTo' in move) {
        await db.insert(t.outbox).values({
          msgid: `ms${conversationNo}`, kind: 'service_state_trans', conversationId: c!.id, status: move.status ?? 'pending', nextAttemptAt: T0, createdAt: T0, updatedAt: T0,
          payload: JSON.stringify({ kind: 'service_state_trans', serviceState: 3, servicerUserid: move.transferTo }),
        });
      } else {
        await db.insert(t.relayJobs).values({ key: `k${conversationNo}`, conversationId: c!.id, reason: 'away', candidates: JSON.stringify(move.relay), nextIndex: move.next, nextAttemptAt: T0, createdAt: T0, updatedAt: T0 });
      }
    });
    const receivers = async (openKfid = KF, at = T0, holder: string | null = null) => (await uow.read((q) => receiversNowIn(q, openKfid, at, holder))).map((r) => r.userid);

    beforeEach(async () => {
      uow = await engine.open();
      conversationNo = 0;
      await uow.run(async ({ db, t }) => {
        await db.insert(t.agents).values([
          { userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: T0 - 50 * 60_000, createdAt: T0 },
          { userid: 'lisi', name: '李四', status: 'online', statusChangedAt: T0 - 40 * 60_000, createdAt: T0 },
          { userid: 'wangwu', name: '王五', status: 'moon', statusChangedAt: T0, createdAt: T0 },
          { userid: 'zhaoliu', name: '赵六', status: 'busy', statusChangedAt: T0 - 60 * 60_000, createdAt: T0 },
        ]);
        await db.insert(t.dutyGroups).values([
          { name: '常驻组', position: 0, rotation: JSON.stringify({ kind: 'always' }), primaryUserid: 'zhangsan', backupUserid: 'lisi', managerUserid: 'wangwu', managerPhone: '+8613800000001', createdAt: T0, updatedAt: T0 },
          { name: '周末组', position: 1, rotation: JSON.stringify({ kind: 'weekdays', days: [6, 7] }), primaryUserid: 'zhaoliu', backupUserid: 'lisi', managerUserid: 'zhaoliu', createdAt: T0, updatedAt: T0 },
        ]);
        await db.insert(t.kfAccounts).values([{ openKfid: KF, name: '售后', createdAt: T0 }, { openKfid: 'wkX1', name: '其他', createdAt: T0 }]);
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('puts the covering group\'s A post on duty, else its B post, else the next candidate; without groups the agent online longest', async () => {
      expect(await read((q) => dutyNowIn(q, T0))).toMatchObject({
        group: { name: '常驻组' },
        primary: { userid: 'zhangsan', name: '张三', status: 'online', available: true },
        backup: { userid: 'lisi', available: true },
        manager: { userid: 'wangwu', status: 'moon', available: false },
        current: { userid: 'zhangsan', name: '张三' },
      });
      await setStatus('zhangsan', 'moon');
      expect(await read((q) => findOnDutyIn(q, T0))).toEqual({ userid: 'lisi', name: '李四' });
      await setStatus('lisi', 'dnd');
      expect(await read((q) => findOnDutyIn(q, T0))).toEqual({ userid: 'zhaoliu', name: '赵六' });
      await setStatus('zhaoliu', 'offline');
      expect(await read((q) => findOnDutyIn(q, T0))).toBeNull();
      await change(({ db, t }) => db.delete(t.dutyGroups));
      await setStatus('lisi', 'online');
      expect(await read((q) => dutyNowIn(q, T0))).toEqual({ group: null, primary: null, backup: null, manager: null, current: { userid: 'lisi', name: '李四' } });
    });

    it('alerts the on-duty group\'s manager, else the first enabled group\'s that has one', async () => {
      const ids = new Map((await read(({ db, t }) => db.select().from(t.dutyGroups))).map((g) => [g.name, g.id]));
      expect(await read((q) => dutyManagerIn(q, T0))).toEqual({ userid: 'wangwu', phone: '+8613800000001', groupId: ids.get('常驻组') });
      await change(({ db, t }) => db.update(t.dutyGroups).set({ managerUserid: null }).where(eq(t.dutyGroups.name, '常驻组')));
      expect(await read((q) => dutyManagerIn(q, T0))).toEqual({ userid: 'zhaoliu', phone: null, groupId: ids.get('周末组') });
      await change(({ db, t }) => db.update(t.dutyGroups).set({ enabled: false }).where(eq(t.dutyGroups.name, '周末组')));
      expect(await read((q) => dutyManagerIn(q, T0))).toBeNull();
    });

    it('orders the relay candidates A post first, then least loaded, leaving out anyone at the cap and `exclude`, counting the moves planned and not yet made', async () => {
      // on-duty A post; then (equal loads) the duty order: on-duty B post, the other group's A post (busy last)
      expect(await candidates()).toEqual(['zhangsan', 'lisi', 'zhaoliu']);
      await cap(2);
      await sessions('lisi', 3, 2);
      await sessions('zhaoliu', 3, 1);
      await sessions('zhangsan', 2, 3); // waiting in the pool: no one's load
      expect(await candidates()).toEqual(['zhangsan', 'zhaoliu']);
      expect(await candidates(T0, 'zhangsan')).toEqual(['zhaoliu']);
      // moves planned to zhangsan and not yet made are load: not a sent one, nor one to the agent already holding it
      await cap(3);
      await plannedMove({ transferTo: 'zhangsan', status: 'sent' });
      await plannedMove({ transferTo: 'zhangsan', holder: 'zhangsan' }); // held: 1
      await plannedMove({ transferTo: 'zhangsan' }); // 2
      expect(await candidates()).toEqual(['zhangsan', 'zhaoliu', 'lisi']);
      await plannedMove({ relay: ['lisi', 'zhangsan'], next: 1 }); // 3: at the cap
      expect(await candidates()).toEqual(['zhaoliu', 'lisi']);
      await cap(2);
      await setStatus('zhangsan', 'moon');
      expect(await candidates()).toEqual(['zhaoliu']);
    });

    it('gives an account\'s sessions only to who WeCom lets receive them: 停止接待 and 95014 per account, for an hour, cleared by a new status', async () => {
      expect(await receivers()).toEqual(['zhangsan', 'lisi', 'zhaoliu']);
      await uow.run((tx) => recordServicerStatusIn(tx, KF, 'zhangsan', false, T0));
      expect(await receivers()).toEqual(['lisi', 'zhaoliu']);
      expect(await read((q) => isReceiving(q, KF, 'zhangsan'))).toBe(false);
      expect(await read((q) => isReceiving(q, KF, 'lisi'))).toBe(true); // no signal yet: WeCom's answer decides
      await uow.run((tx) => recordRefusalIn(tx, 'wkX1', 'lisi', 95014, T0)); // another account (matched by `wk_1 %` as a LIKE)
      expect(await receivers()).toEqual(['lisi', 'zhaoliu']);
      await uow.run((tx) => recordRefusalIn(tx, KF, 'lisi', 95014, T0));
      expect(await receivers()).toEqual(['zhaoliu']);
      expect(await receivers(KF, T0 + HOUR)).toEqual(['lisi', 'zhaoliu']); // asked again an hour later
      expect(await receivers('wkX1')).toEqual(['zhangsan', 'zhaoliu']);
      await uow.run((tx) => recordRefusalIn(tx, KF, 'zhaoliu', 95019, T0)); // a servicer, but paused
      expect(await read((q) => isReceiving(q, KF, 'zhaoliu'))).toBe(false);
      expect(await receivers()).toEqual([]);
      await uow.run((tx) => recordServicerStatusIn(tx, KF, 'lisi', true, T0 + 60_000)); // WeCom says 接待中: the 95014 memory goes
      expect(await receivers()).toEqual(['lisi']);
      const servicers = await uow.read(({ db, t }) => db.select({ u: t.kfServicers.userid, s: t.kfServicers.wecomStatus }).from(t.kfServicers).where(eq(t.kfServicers.openKfid, KF)));
      expect(servicers.sort((a, b) => a.u.localeCompare(b.u))).toEqual([{ u: 'lisi', s: 0 }, { u: 'zhangsan', s: 1 }, { u: 'zhaoliu', s: 1 }]);
    });

    it('keeps the holder a receiver at the cap, and tells how long the wait is when every receiver is at it', async () => {
      await cap(1);
      await sessions('zhangsan', 3, 1);
      await sessions('lisi', 3, 1);
      expect(await receivers()).toEqual(['zhaoliu']);
      expect(await receivers(KF, T0, 'lisi')).toEqual(['zhaoliu', 'lisi']);
      expect(await uow.read((q) => capacityForIn(q, KF, T0))).toEqual({ full: false, expectedWaitMinutes: null });
      await sessions('zhaoliu', 3, 1);
      await sessions(null, 2, 2);
      // 10 min per session × (2 waiting + this one) over 3 agents
      expect(await uow.read((q) => capacityForIn(q, KF, T0))).toEqual({ full: true, expectedWaitMinutes: 10 });
      await uow.run((tx) => recordServicerStatusIn(tx, KF, 'zhaoliu', false, T0)); // 停止接待: not counted as a receiver that could free up
      expect(await uow.read((q) => capacityForIn(q, KF, T0))).toEqual({ full: true, expectedWaitMinutes: 15 });
    });

    it('memoises duty per second until a unit of work changes it; a rolled-back change leaves nothing behind', async () => {
      expect((await read((q) => findOnDutyIn(q, T0)))?.userid).toBe('zhangsan');
      // written without dropping the memo: the same second still answers from it, the next one reads again
      await uow.run(({ db, t }) => db.update(t.agents).set({ status: 'moon' }).where(eq(t.agents.userid, 'zhangsan')));
      expect((await read((q) => findOnDutyIn(q, T0)))?.userid).toBe('zhangsan');
      expect((await read((q) => findOnDutyIn(q, T0 + 1000)))?.userid).toBe('lisi');
      const rolledBack = uow.run(async (tx) => {
        await tx.db.update(tx.t.agents).set({ status: 'moon' }).where(eq(tx.t.agents.userid, 'lisi'));
        invalidateDutyIn(tx);
        expect((await findOnDutyIn(tx, T0 + 1000))?.userid).toBe('zhaoliu'); // the transaction sees its own change
        throw new Error('rolled back');
      });
      await expect(rolledBack).rejects.toThrow('rolled back');
      expect((await read((q) => findOnDutyIn(q, T0 + 1000)))?.userid).toBe('lisi');
      await setStatus('lisi', 'moon');
      expect((await read((q) => findOnDutyIn(q, T0 + 1000)))?.userid).toBe('zhaoliu');
    });

    it('announces a committed duty change on the bus, and drops its memos when another instance announces one', async () => {
      const bus = inProcessBus();
      const stop = shareDutyInvalidation(bus);
      const heard: unknown[] = [];
      const off = bus.subscribe(DUTY_CHANNEL, (m) => heard.push(m));
      try {
        // a rolled-back change announces nothing; a committed one once, after its commit
        await expect(uow.run(async (tx) => { invalidateDutyIn(tx); throw new Error('rolled back'); })).rejects.toThrow('rolled back');
        expect(heard).toHaveLength(0);
        await setStatus('zhaoliu', 'busy');
        await expect.poll(() => heard.length).toBe(1);
        // another instance changed duty: its write is not ours to invalidate, its notice is
        expect((await read((q) => findOnDutyIn(q, T0)))?.userid).toBe('zhangsan');
        await uow.run(({ db, t }) => db.update(t.agents).set({ status: 'moon' }).where(eq(t.agents.userid, 'zhangsan')));
        expect((await read((q) => findOnDutyIn(q, T0)))?.userid).toBe('zhangsan'); // memoised for this second
        await bus.publish(DUTY_CHANNEL, null); // delivered asynchronously, as over LISTEN/NOTIFY
        await expect.poll(async () => (await read((q) => findOnDutyIn(q, T0)))?.userid).toBe('lisi');
      } finally { off(); stop(); await bus.close(); }
    });

    it('seeds the demo duty set-up once', async () => {
      const d = { clock: { now: () => T0 }, shared: { uow } };
      await change(({ db, t }) => db.delete(t.dutyGroups));
      await seedDutyDemo(d, 'http://demo.example');
      await seedDutyDemo(d, 'http://demo.example');
      const { groups, channels } = await uow.read(async ({ db, t }) => ({ groups: await db.select().from(t.dutyGroups), channels: await db.select().from(t.dutyChannels) }));
      expect(groups.map((g) => [g.name, g.primaryUserid, g.backupUserid, g.managerUserid])).toEqual([
        ['一组（周一三五）', 'zhangsan', 'lisi', 'wangwu'], ['二组（周二四）', 'lisi', 'wangwu', 'zhangsan'], ['三组（周末）', 'wangwu', 'zhangsan', 'lisi'],
      ]);
      expect(channels.map((c) => [c.role, c.url])).toEqual([['main', 'http://demo.example/demo/'], ['backup', 'http://demo.example/demo/?channel=backup']]);
      // Wednesday: group 一组 (Mon/Wed/Fri), A post 张三
      expect(await read((q) => dutyNowIn(q, T0))).toMatchObject({ group: { name: '一组（周一三五）' }, current: { userid: 'zhangsan' } });
    });
  });
}
