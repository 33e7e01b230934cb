/**
 * @module The HTTP edge's reads and small writes on the unit of work, run against every engine (edge-reads.test.ts:
 * SQLite file and :memory:; edge-reads.pg.test.ts: PostgreSQL): who a session is (one read: agent? granted admin?
 * teams), which conversations a viewer sees, the sidebar's change watermark, the "why" view's decisions with their
 * planned rows in plan order, the intent catalogue's keyword lists and training extras, rule-set version numbers and
 * profile walls created once.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { isAdmin, membershipOf } from '../../../server/http/session';
import { conversationOfMessage, visibleConversation, visibleConversations, type Viewer } from '../../../server/core/access/viewer';
import { conversationWatermark } from '../../../server/http/routes/sidebar';
import { recentDecisions } from '../../../server/core/services/sidebar-decisions';
import { OrgConfig } from '../../../server/core/engine/org-config';
import { acceptedKeywordLists, currentKeywordLists, listIntentsIn, loadTrainingExtras } from '../../../server/core/intent/catalog';
import { versionNumbers } from '../../../server/http/routes/admin/directory';
import { ensureWallIn, wallUrlIn } from '../../../server/core/walls/walls';
import { DEFAULT_KEYWORDS } from '../../../shared/intent/index';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');
const config = { adminUserids: ['boss'] };

export function edgeReadsCases(engine: Engine): void {
  describe(`the HTTP edge's reads on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let sales = 0, service = 0;

    beforeEach(async () => {
      uow = await engine.open();
      await uow.run(async ({ db, t }) => {
        await db.insert(t.agents).values([
          { userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: T0, createdAt: T0 },
          { userid: 'lisi', name: '李四', status: 'online', statusChangedAt: T0, createdAt: T0 },
        ]);
        await db.insert(t.adminGrants).values({ userid: 'wangwu', grantedBy: 'boss', grantedAt: T0 });
        await db.insert(t.kfAccounts).values([{ openKfid: 'wk_sales', name: '售前', createdAt: T0 }, { openKfid: 'wk_service', name: '售后', createdAt: T0 }]);
        await db.insert(t.kfServicers).values([
          { openKfid: 'wk_sales', userid: 'zhangsan', updatedAt: T0 },
          { openKfid: 'wk_service', userid: 'zhangsan', updatedAt: T0 },
          { openKfid: 'wk_service', userid: 'lisi', updatedAt: T0 },
        ]);
        const c = t.conversations;
        sales = (await db.insert(c).values({ openKfid: 'wk_sales', externalUserid: 'wm_a', createdAt: T0, updatedAt: T0 + 2 }).returning({ id: c.id }))[0]!.id;
        service = (await db.insert(c).values({ openKfid: 'wk_service', externalUserid: 'wm_a', createdAt: T0, updatedAt: T0 + 1 }).returning({ id: c.id }))[0]!.id;
        await db.insert(t.messages).values({ msgid: 'm1', conversationId: sales, origin: 3, msgtype: 'text', content: '{"content":"在吗"}', sendTime: T0 / 1000, receivedAt: T0 });
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('knows a session\'s member in one read: an agent with the teams they serve, a granted admin, a stranger', async () => {
      expect(await uow.read((q) => membershipOf(q, 'zhangsan'))).toEqual({ agent: true, granted: false, teams: expect.arrayContaining(['wk_sales', 'wk_service']) as unknown });
      expect((await uow.read((q) => membershipOf(q, 'zhangsan'))).teams).toHaveLength(2);
      expect(await uow.read((q) => membershipOf(q, 'wangwu'))).toEqual({ agent: false, granted: true, teams: [] });
      expect(await uow.read((q) => membershipOf(q, 'nobody'))).toEqual({ agent: false, granted: false, teams: [] });
      expect(await uow.read((q) => isAdmin(q, { config }, 'wangwu'))).toBe(true);
      expect(await uow.read((q) => isAdmin(q, { config }, 'boss'))).toBe(true);
      expect(await uow.read((q) => isAdmin(q, { config }, 'zhangsan'))).toBe(false);
    });

    it('shows a viewer only the conversations of the teams they serve, most recent first', async () => {
      const lisi: Viewer = { kind: 'agent', userid: 'lisi', teams: ['wk_service'] };
      const admin: Viewer = { kind: 'admin', userid: 'wangwu' };
      expect((await uow.read((q) => visibleConversations(q, admin, 'wm_a'))).map((c) => c.id)).toEqual([sales, service]);
      expect((await uow.read((q) => visibleConversations(q, lisi, 'wm_a'))).map((c) => c.id)).toEqual([service]);
      expect(await uow.read((q) => visibleConversation(q, lisi, sales))).toBeUndefined();
      expect((await uow.read((q) => visibleConversation(q, lisi, service)))?.openKfid).toBe('wk_service');
      expect(await uow.read((q) => conversationOfMessage(q, lisi, 'm1'))).toBeUndefined();
      expect((await uow.read((q) => conversationOfMessage(q, admin, 'm1')))?.id).toBe(sales);
    });

    it('moves the sidebar\'s watermark when a message arrives, and keeps it while nothing changes', async () => {
      const mark = () => uow.read((q) => conversationWatermark(q, sales));
      const first = await mark();
      expect(first).toMatch(/^\d+:1\/0\/0:0\/\d+$/);
      expect(await mark()).toBe(first);
      await uow.run(async ({ db, t }) => {
        await db.insert(t.messages).values({ msgid: 'm2', conversationId: sales, origin: 3, msgtype: 'text', content: '{"content":"人呢"}', sendTime: T0 / 1000 + 5, receivedAt: T0 + 5000 });
      });
      const second = await mark();
      expect(second).not.toBe(first);
      expect(second.startsWith(`${T0 + 5000}:2/`)).toBe(true);
    });

    it('lists a decision\'s planned rows in plan order (sends, then the move, then its notice) with what WeCom made of them', async () => {
      const id = await uow.run(async ({ db, t }) => {
        const [d] = await db.insert(t.decisions).values({
          conversationId: sales, causeMsgid: 'm1', trigger: 'message', ruleSetVersion: 'v1', at: T0, dryRun: false,
          actions: JSON.stringify([{ type: 'reply_template', kind: 'night' }, { type: 'reply_template', kind: 'menu' }, { type: 'transfer', userid: 'zhangsan' }]),
          trace: JSON.stringify({ version: 'v1', steps: [] }), facts: '{}',
        }).returning({ id: t.decisions.id });
        const row = (msgid: string, kind: 'send_msg' | 'service_state_trans' | 'send_msg_on_event', payload: unknown, status: 'pending' | 'sent' = 'pending') => ({
          msgid, kind, conversationId: sales, causeMsgid: 'm1', decisionId: d!.id, payload: JSON.stringify(payload), status, nextAttemptAt: T0, createdAt: T0, updatedAt: T0,
        });
        // written in an order unlike the plan's, with ids sorting unlike the plan's
        await db.insert(t.outbox).values([
          row('a_notice', 'send_msg_on_event', { kind: 'send_msg_on_event', template: { id: 't3', name: '转人工提示', kind: 'handover' } }),
          row('b_move', 'service_state_trans', { kind: 'service_state_trans', serviceState: 3, servicerUserid: 'zhangsan' }),
          row('c_menu', 'send_msg', { kind: 'send_template', template: { id: 't2', name: '菜单', kind: 'menu' } }),
          row('d_night', 'send_msg', { kind: 'send_template', template: { id: 't1', name: '夜间提示', kind: 'night' } }, 'sent'),
        ]);
        return d!.id;
      });
      const [view] = await uow.read((q) => recentDecisions(q, new OrgConfig(), sales));
      expect(view!.id).toBe(id);
      expect(view!.deliveries.map((x) => [x.what, x.label, x.status])).toEqual([
        ['send', '夜间提示', 'sent'], ['send', '菜单', 'pending'], ['move', '3 → zhangsan', 'pending'], ['notice', '转人工提示', 'pending'],
      ]);
      expect(view!.lines.zh.some((l) => l.includes('张三'))).toBe(true);
    });

    it('reads the intent catalogue: custom intents after the pack (by id), accepted words of enabled intents only, extras without disabled ones', async () => {
      await uow.run(async ({ db, t }) => {
        await db.insert(t.intentDefinitions).values([
          { id: 'vip_club', labelZh: '开发票', labelEn: 'Invoice', createdBy: 'wangwu', createdAt: T0, updatedAt: T0 },
          { id: 'old_promo', labelZh: '旧活动', labelEn: 'Old promo', enabled: false, createdBy: 'wangwu', createdAt: T0, updatedAt: T0 },
        ]);
        await db.insert(t.intentKeywords).values([
          { intent: 'vip_club', keyword: '发票', addedBy: 'wangwu', addedAt: T0 },
          { intent: 'old_promo', keyword: '双十一', addedBy: 'wangwu', addedAt: T0 },
          { intent: 'human_agent', keyword: '喵喵星球', addedBy: 'wangwu', addedAt: T0 },
        ]);
      });
      const intents = await uow.read(listIntentsIn);
      expect(intents.slice(-2).map((i) => [i.id, i.enabled, i.builtin])).toEqual([['old_promo', false, false], ['vip_club', true, false]]);
      expect(await uow.read(acceptedKeywordLists)).toEqual([{ intent: 'vip_club', keywords: ['发票'] }, { intent: 'human_agent', keywords: ['喵喵星球'] }]);
      const lists = await uow.read(currentKeywordLists);
      expect(lists.find((l) => l.intent === 'human_agent')?.keywords.at(-1)).toBe('喵喵星球');
      expect(lists.length).toBe(DEFAULT_KEYWORDS.length + (1));
      expect((await uow.read(loadTrainingExtras)).map((e) => e.text)).toEqual(['发票', '喵喵星球']);
    });

    it('numbers rule-set versions in creation order and creates a profile wall once', async () => {
      await uow.run(async ({ db, t }) => {
        await db.insert(t.ruleSets).values([
          { version: 'rzz', status: 'published', body: '{}', createdAt: T0, createdBy: 'wangwu' },
          { version: 'raa', status: 'draft', body: '{}', createdAt: T0 + 1, createdBy: 'wangwu' },
        ]);
      });
      expect([...(await uow.read(versionNumbers))]).toEqual([['rzz', 1], ['raa', 2]]);
      const d = { clock: { now: () => T0 }, config: { publicBaseUrl: 'https://ms.example.com/' } };
      const url = await uow.run((tx) => wallUrlIn(tx, d, 'zhangsan'));
      expect(url).toMatch(/^https:\/\/ms\.example\.com\/w\/[\w-]{22}$/);
      expect(await uow.run((tx) => wallUrlIn(tx, d, 'zhangsan'))).toBe(url);
      const group = await uow.run((tx) => ensureWallIn(tx, 'group', 'duty', T0));
      expect(group.slug).not.toBe(url.split('/').at(-1));
      expect(await uow.read(({ db, t }) => db.select().from(t.profileWalls))).toHaveLength(2);
    });
  });
}
