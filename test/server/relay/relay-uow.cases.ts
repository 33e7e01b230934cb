/**
 * @module Relay planning, tell-who-serves, the duty-manager alert queue and the relay words on the unit of work,
 * run against every engine (relay-uow.test.ts: SQLite file and :memory:; relay-uow.pg.test.ts: PostgreSQL): each
 * planned relay and queued alert comes with its job in the same transaction and a diagnostics row (night by the
 * org calendar), a replay of the same key or stage plans nothing more, the customer is told who serves them only
 * with WeCom's msg_code, and reasons and results read with people's names.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { planRelayIn, planReturnsForAgent } from '../../../server/core/relay/plan';
import { tellWhoServes } from '../../../server/core/relay/tell-who-serves';
import { RELAY_JOB } from '../../../server/core/relay/kind';
import { queueManagerAlertIn } from '../../../server/core/alerts/queue';
import { ALERTS_JOB } from '../../../server/core/alerts/kind';
import { relayReasonTextIn, relayReasonWords, relayResultTextIn } from '../../../server/core/alerts/relay-words';
import { OUTBOX_JOB } from '../../../server/core/pipeline/outbox-job';
import type { RelayJob } from '../../../server/adapters/db/sqlite/schema/index';
import type { Engine } from '../../support/engines';

/** A Wednesday in Shanghai: open at 10:00, closed at 22:00 (the default calendar). */
const DAY = Date.parse('2026-11-25T10:00:00+08:00');
const NIGHT = Date.parse('2026-11-25T22:00:00+08:00');
const config = { publicBaseUrl: 'https://cs.example.com', sessionSecret: 'x'.repeat(32) } as never;

export function relayUowCases(engine: Engine): void {
  describe(`relays and alerts on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let conv = 0;

    const jobsOf = (kind: string) => uow.read(async ({ db, t }) => (await db.select().from(t.jobs).where(eq(t.jobs.kind, kind)).orderBy(asc(t.jobs.id)))
      .map((j) => ({ key: j.key, orderingKey: j.orderingKey, status: j.status, runAt: j.runAt, payload: JSON.parse(j.payload) as unknown })));
    const diagnostics = () => uow.read(async ({ db, t }) => (await db.select().from(t.relayDiagnostics).orderBy(asc(t.relayDiagnostics.id)))
      .map((r) => ({ kind: r.kind, conversationId: r.conversationId, actor: r.actor, target: r.target, reason: r.reason, result: r.result, night: r.night })));
    const relayRows = () => uow.read(({ db, t }) => db.select().from(t.relayJobs).orderBy(asc(t.relayJobs.id)));

    beforeEach(async () => {
      uow = await engine.open();
      conv = await uow.run(async (tx) => {
        await tx.db.insert(tx.t.agents).values([
          { userid: 'zhangsan', name: '张三', status: 'moon', statusChangedAt: DAY, createdAt: DAY },
          { userid: 'lisi', name: '李四', status: 'online', statusChangedAt: DAY, createdAt: DAY },
        ]);
        const [c] = await tx.db.insert(tx.t.conversations).values({
          openKfid: 'wkDemo', externalUserid: 'wmCustomer1', serviceState: 3, servicerUserid: 'zhangsan', createdAt: DAY, updatedAt: DAY,
        }).returning({ id: tx.t.conversations.id });
        return c!.id;
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('plans a relay with its relay.move job and a diagnostics row, once per key; at night the row says so', async () => {
      const input = { conversationId: conv, fromUserid: 'zhangsan', reason: 'zhangsan went moon', key: `away:zhangsan:${DAY}:${conv}`, now: DAY, candidates: ['lisi', 'wangwu'] };
      expect(await uow.run((tx) => planRelayIn(tx, input))).toBe(true);
      expect(await uow.run((tx) => planRelayIn(tx, input))).toBe(false);
      const [row, ...more] = await relayRows();
      expect(more).toEqual([]);
      expect(row).toMatchObject({ conversationId: conv, fromUserid: 'zhangsan', status: 'pending', candidates: '["lisi","wangwu"]', nextIndex: 0, night: false, nextAttemptAt: DAY });
      expect(await jobsOf(RELAY_JOB)).toEqual([{ key: `relay:${row!.id}`, orderingKey: `relay:${conv}`, status: 'pending', runAt: DAY, payload: { relayJobId: row!.id } }]);
      expect(await diagnostics()).toEqual([{ kind: 'relay', conversationId: conv, actor: 'zhangsan', target: null, reason: 'zhangsan went moon', result: 'planned', night: false }]);

      await uow.run((tx) => planRelayIn(tx, { ...input, key: 'night', now: NIGHT }));
      expect((await relayRows()).map((r) => r.night)).toEqual([false, true]);
      expect((await diagnostics()).map((d) => d.night)).toEqual([false, true]);
    });

    it('plans returning a moved conversation to its agent only while it still sits with the one who took it', async () => {
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.relayJobs).values({
          key: 'earlier', conversationId: conv, fromUserid: 'zhangsan', toUserid: 'lisi', reason: 'zhangsan went moon', candidates: '["lisi"]',
          status: 'done', nextAttemptAt: DAY, createdAt: DAY, updatedAt: DAY,
        });
        await tx.db.update(tx.t.conversations).set({ servicerUserid: 'lisi' }).where(eq(tx.t.conversations.id, conv));
      });
      expect(await uow.run((tx) => planReturnsForAgent(tx, 'zhangsan', DAY + 1))).toBe(1);
      expect(await uow.run((tx) => planReturnsForAgent(tx, 'zhangsan', DAY + 1))).toBe(0); // same key: nothing new
      const returned = (await relayRows()).at(-1)!;
      expect(returned).toMatchObject({ key: `return:zhangsan:${DAY + 1}:${conv}`, fromUserid: 'lisi', reason: 'return_to:zhangsan', candidates: '["zhangsan"]' });
      // once someone else has it, nothing is planned back
      await uow.run(async (tx) => { await tx.db.update(tx.t.conversations).set({ servicerUserid: 'wangwu' }).where(eq(tx.t.conversations.id, conv)); });
      expect(await uow.run((tx) => planReturnsForAgent(tx, 'zhangsan', DAY + 2))).toBe(0);
      expect(await jobsOf(RELAY_JOB)).toHaveLength(1);
    });

    it('queues a duty-manager alert with its delivery job, once per conversation, stage and window', async () => {
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.intentDefinitions).values({ id: 'warranty', labelZh: '保修咨询', labelEn: 'Warranty', createdBy: 'admin', createdAt: DAY, updatedAt: DAY });
      });
      const input = {
        touser: 'wangwu', facts: { conversationId: conv, nickname: '小明', intent: 'warranty', emotion: 0.8, waitingMs: 5 * 60_000 + 12_000, lastMessage: '还在吗', onDuty: '一组 张三（月球模式）' },
        reason: '张三切换为月球模式', stage: 'relay' as const, now: DAY,
      };
      expect(await uow.run((tx) => queueManagerAlertIn(tx, { config }, input))).toBe(true);
      expect(await uow.run((tx) => queueManagerAlertIn(tx, { config }, { ...input, now: DAY + 60_000 }))).toBe(false);
      const alerts = await uow.read(({ db, t }) => db.select().from(t.managerAlerts));
      expect(alerts).toHaveLength(1);
      const [a] = alerts;
      expect(a).toMatchObject({ touser: 'wangwu', conversationId: conv, status: 'pending', title: '无人可接：小明' });
      expect(a!.description).toContain('<div class="normal">保修咨询 · 情绪激动</div>'); // an admin's own intent by its Chinese name
      expect(a!.description).toContain('<div class="normal">小明 · 已等待 5 分钟</div>');
      expect(a!.url).toMatch(new RegExp(`^https://cs\\.example\\.com/sidebar/\\?.+#/c/${conv}$`));
      expect(JSON.parse(a!.sms!)).toEqual(['小明', '还在吗', '5 分钟', '一组 张三（月球模式）', a!.url]);
      expect(await jobsOf(ALERTS_JOB)).toEqual([{ key: `alert:${a!.id}`, orderingKey: 'alerts:wangwu', status: 'pending', runAt: DAY, payload: { touser: 'wangwu' } }]);
      expect((await diagnostics()).map((d) => `${d.kind}|${d.target}|${d.result}`)).toEqual([
        'alert|wangwu|queued', 'alert|wangwu|deduplicated (this stage already alerted in this window)',
      ]);
      // a later stage is its own alert, delivered by the job still waiting for this recipient (it sends all theirs)
      expect(await uow.run((tx) => queueManagerAlertIn(tx, { config }, { ...input, stage: 'silence' }))).toBe(true);
      expect(await uow.read(({ db, t }) => db.select().from(t.managerAlerts))).toHaveLength(2);
      expect(await jobsOf(ALERTS_JOB)).toHaveLength(1);
    });

    it('tells the customer who serves them through the msg_code of the move, else says why not', async () => {
      const job = { id: 7, conversationId: conv } as RelayJob;
      expect(await uow.run((tx) => tellWhoServes(tx, job, 'lisi', 'MSGCODE', DAY))).toBe('customer told: 李四 serves them now');
      const rows = await uow.read(({ db, t }) => db.select().from(t.outbox));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'send_msg_on_event', conversationId: conv, causeMsgid: 'relay:7', status: 'pending' });
      expect(JSON.parse(rows[0]!.payload)).toMatchObject({ code: 'MSGCODE', vars: { 'agent.name': '李四' } });
      expect(await jobsOf(OUTBOX_JOB)).toHaveLength(1);
      expect(await uow.run((tx) => tellWhoServes(tx, { ...job, id: 8 }, 'sunqi', undefined, DAY)))
        .toBe('customer not told by the bot (WeCom gave no msg_code): sunqi\'s first reply introduces them');
      expect(await uow.read(({ db, t }) => db.select().from(t.outbox))).toHaveLength(1);
    });

    it('reads reasons and results with people\'s names', async () => {
      const words = await uow.read(async (q) => ({
        away: await relayReasonTextIn(q, 'zhangsan went dnd'),
        unknown: await relayReasonTextIn(q, 'nobody1 went moon'),
        back: await relayReasonWords(q, 'return_to:lisi'),
        none: await relayReasonTextIn(q, 'something else'),
        handover: await relayResultTextIn(q, 'zhangsan cannot receive: to lisi'),
        told: await relayResultTextIn(q, 'moved; customer told: 李四 serves them now'),
        plain: await relayResultTextIn(q, 'whatever happened'),
      }));
      expect(words).toEqual({
        away: { zh: '张三切换为请勿打扰，TA 接待中的客户需要转接', en: '张三 went Do not disturb: their customers need another agent' },
        unknown: { zh: '一位同事切换为月球模式，TA 接待中的客户需要转接', en: 'a colleague went Moon mode: their customers need another agent' },
        back: '转回李四未成功',
        none: null,
        handover: { zh: '张三无法接待：转给李四', en: '张三 cannot receive: to 李四' },
        told: expect.objectContaining({ zh: expect.stringContaining('已告知客户由李四接待') }) as unknown,
        plain: null,
      });
    });
  });
}
