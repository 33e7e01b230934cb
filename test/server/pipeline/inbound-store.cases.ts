/**
 * @module The inbound path's queries on the unit of work, run against every engine (inbound-store.test.ts:
 * SQLite; inbound-store.pg.test.ts: PostgreSQL): FAQ matching for a message (`teamFaqIn`/`matchFaq`), the
 * organisation's rule set and templates (`OrgConfig.ruleSetIn`/`templatesIn`), outbox rows with their jobs
 * (`enqueueIn`), and a recalled customer message (`applyEvent` → `recountUnanswered`).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Tx, UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { FaqEntryBody, createFaq } from '../../../server/core/faq/entries';
import { matchFaq, teamFaqIn } from '../../../server/core/faq/match';
import { OrgConfig } from '../../../server/core/engine/org-config';
import { enqueueIn, storeSyncPage, type Planner } from '../../../server/core/pipeline/store';
import { InboundWorker } from '../../../server/core/pipeline/inbound';
import type { StateRefresher } from '../../../server/core/pipeline/session-state';
import { localLock } from '../../../server/adapters/locks/local';
import type { CoreDeps } from '../../../server/app/deps';
import type { KfMessage } from '../../../server/channels/wecom-kf/types';
import { applyEvent } from '../../../server/core/pipeline/store-events';
import { outboxId } from '../../../server/core/pipeline/outbox-id';
import { OUTBOX_JOB } from '../../../server/core/pipeline/outbox-job';
import { armTimerIn } from '../../../server/core/timers/arm';
import { writeSettingIn } from '../../../server/core/config/settings';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { NotFoundError } from '../../../server/core/errors';
import { DEFAULT_RULE_SET } from '../../../shared/engine/index';
import type { Template } from '../../../shared/templates/index';
import type { Engine } from '../../support/engines';

const NOW = Date.parse('2026-12-02T22:00:00+08:00');
const KNOWN = new Set(['refund', 'shipping']);
const body = (o: Partial<FaqEntryBody> & { question: string }) => FaqEntryBody.parse({ answer: `关于${o.question}的回答`, ...o });

async function conversation(tx: Tx, externalUserid = 'wmA'): Promise<number> {
  const c = tx.t.conversations;
  const [row] = await tx.db.insert(c).values({ openKfid: 'wkA', externalUserid, createdAt: NOW, updatedAt: NOW }).returning({ id: c.id });
  return row!.id;
}

export function inboundStoreCases(engine: Engine): void {
  describe(`the inbound path's queries on ${engine.name}`, () => {
    let uow: UnitOfWork;
    beforeEach(async () => { uow = await engine.open(); });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('matches a button to the team\'s own entry before the shared one, and free text by intent and keywords against the threshold', async () => {
      await uow.run(async (tx) => {
        await createFaq(tx, body({ question: '怎么退款', intents: ['refund'], keywords: ['退款'], menuId: 'faq_refund', position: 2 }), NOW, KNOWN);
        await createFaq(tx, body({ question: '本店退款', openKfid: 'wkA', intents: ['refund'], menuId: 'faq_refund', position: 3 }), NOW, KNOWN);
        await createFaq(tx, body({ question: '几天到货', intents: ['shipping'], keywords: ['到货', '物流'], position: 1 }), NOW, KNOWN);
        await createFaq(tx, body({ question: '停用的', intents: ['refund'], keywords: ['退款'], enabled: false }), NOW, KNOWN);
        await createFaq(tx, body({ question: '别的团队', openKfid: 'wkB', intents: ['refund'] }), NOW, KNOWN);
      });
      const r = await uow.read(async (q) => ({
        team: (await teamFaqIn(q, 'wkA')).map((e) => e.question),
        everyTeam: (await teamFaqIn(q, null)).map((e) => e.question),
        button: await matchFaq(q, { openKfid: 'wkA', text: '', menuId: 'faq_refund', intent: { id: 'other', confidence: 0 } }, 0.5),
        text: await matchFaq(q, { openKfid: 'wkA', text: '物流几天到货', intent: { id: 'shipping', confidence: 0.9 } }, 0.5),
        weak: await matchFaq(q, { openKfid: 'wkA', text: '我想退款', intent: { id: 'other', confidence: 0.9 } }, 0.5),
      }));
      expect(r.team).toEqual(['几天到货', '怎么退款', '本店退款']);
      expect(r.everyTeam).toEqual(['几天到货', '怎么退款']);
      expect(r.button).toMatchObject({ question: '本店退款', via: 'button', score: 1, matched: true });
      expect(r.text).toMatchObject({ question: '几天到货', via: 'text', score: 0.89, matched: true });
      expect(r.weak).toMatchObject({ entryId: null, matched: false, score: 0.25 });
    });

    it('reads the active rule set once per version and the team templates once, in order, until invalidated', async () => {
      const org = new OrgConfig();
      await expect(uow.read((q) => org.ruleSetIn(q))).rejects.toBeInstanceOf(NotFoundError);
      const tpl = (id: string, sortOrder: number, ownerUserid: string | null = null) => ({
        id, name: id, kind: 'custom' as const, sortOrder, ownerUserid, updatedAt: NOW,
        definition: JSON.stringify({ id, name: id, kind: 'custom', msgtype: 'text', body: id } satisfies Template),
      });
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.ruleSets).values({ version: 'v1', status: 'published', body: JSON.stringify(DEFAULT_RULE_SET), createdAt: NOW, createdBy: 'test' });
        await writeSettingIn(tx, SETTINGS.activeRuleSet, 'v1', { at: NOW, by: 'test' });
        await tx.db.insert(tx.t.templates).values([tpl('b', 2), tpl('a', 1), tpl('mine', 0, 'zhangsan')]);
      });
      const first = await uow.read((q) => org.ruleSetIn(q));
      expect(first).toMatchObject({ version: 'v1', ruleSet: { rules: DEFAULT_RULE_SET.rules } });
      expect((await uow.read((q) => org.templatesIn(q))).map((t) => t.id)).toEqual(['a', 'b']);
      // rule sets are immutable per version: the compiled one is kept; templates are kept until invalidated
      await uow.run(async (tx) => {
        await tx.db.delete(tx.t.ruleSets);
        await tx.db.delete(tx.t.templates).where(eq(tx.t.templates.id, 'a'));
      });
      expect(await uow.read((q) => org.ruleSetIn(q))).toBe(first);
      expect((await uow.read((q) => org.templatesIn(q))).map((t) => t.id)).toEqual(['a', 'b']);
      org.invalidate('templates');
      expect((await uow.read((q) => org.templatesIn(q))).map((t) => t.id)).toEqual(['b']);
      await expect(uow.read((q) => org.ruleSetIn(q, 'v2'))).rejects.toThrow('rule set v2');
    });

    it('stores a page within a time budget: each call stops after the message that used it up, and only the call that stores the last one moves the cursor', async () => {
      const d = { shared: { uow }, clock: { now: () => NOW } };
      const page: KfMessage[] = ['m1', 'm2', 'm3'].map((msgid, i) => ({
        msgid, open_kfid: 'wkA', external_userid: `wm${i}`, send_time: NOW / 1000, origin: 3, msgtype: 'text', text: { content: `第${i + 1}条` },
      }) as KfMessage);
      const planned: string[] = [];
      // `atEnd` (the pull's watermark) is written by the transaction that stores the last message, with the cursor
      const ends: string[] = [];
      const atEnd = async (tx: Tx) => {
        const [c] = await tx.db.select().from(tx.t.syncCursors);
        ends.push(`${planned.length} planned, cursor ${c?.cursor ?? 'none'}`);
      };
      const o = { plan: async (_tx: Tx, _c: unknown, m: { msgid: string }) => { planned.push(m.msgid); return []; }, budgetMs: 0, atEnd };
      const cursor = () => uow.read(async (q) => (await q.db.select().from(q.t.syncCursors))[0]?.cursor);
      let rest = page;
      const consumed: number[] = [];
      const cursors: (string | undefined)[] = [];
      while (rest.length > 0) {
        const stored = await storeSyncPage(d, 'wkA', rest, 'next-cursor', o);
        consumed.push(stored.consumed);
        cursors.push(await cursor());
        rest = rest.slice(stored.consumed);
      }
      expect(consumed).toEqual([1, 1, 1]); // a budget of 0 ms is used up by the first message of each call
      expect(cursors).toEqual([undefined, undefined, 'next-cursor']);
      expect(ends).toEqual(['3 planned, cursor next-cursor']);
      expect(planned).toEqual(['m1', 'm2', 'm3']);
      const all = await storeSyncPage(d, 'wkA', page, 'later-cursor', { plan: o.plan });
      expect(all).toMatchObject({ consumed: 3, inserted: 0 }); // no budget: the whole page, each message stored once
      expect(await cursor()).toBe('later-cursor');
      // rolled back with the transaction that stores the last message
      const failing = storeSyncPage(d, 'wkA', [{ ...page[0]!, msgid: 'm4' }], 'failed-cursor', {
        plan: o.plan, atEnd: async (tx) => { await atEnd(tx); throw new Error('bookkeeping failed'); },
      });
      await expect(failing).rejects.toThrow('bookkeeping failed');
      expect(await cursor()).toBe('later-cursor');
      expect(await uow.read(async (q) => (await q.db.select().from(q.t.messages).where(eq(q.t.messages.msgid, 'm4'))).length)).toBe(0);
    });

    it('stores a page of many customers (lanes at once on PostgreSQL): each customer\'s messages planned once and in order, the cursor moved once all are stored; a failure moves none, and the re-pull stores the rest', async () => {
      const CUSTOMERS = 11;
      const EACH = 10; // 110 messages: more than one transaction's share, more than one part per lane
      const page: KfMessage[] = [];
      for (let i = 0; i < EACH; i++) {
        for (let c = 0; c < CUSTOMERS; c++) {
          page.push({ msgid: `m${c}-${i}`, open_kfid: 'wkA', external_userid: `wm${c}`, send_time: NOW / 1000 + i, origin: 3, msgtype: 'text', text: { content: `第${i + 1}条` } } as KfMessage);
        }
      }
      const pulls: string[] = [];
      const wecom = {
        syncMsg: async ({ cursor }: { cursor: string }) => {
          pulls.push(cursor);
          return cursor === '' ? { errcode: 0, errmsg: 'ok', next_cursor: 'after-page', has_more: 0, msg_list: page } : { errcode: 0, errmsg: 'ok', next_cursor: cursor, has_more: 0, msg_list: [] };
        },
      };
      /** Plans committed, in commit order; one message fails its plan while `failing` holds. */
      const committed: string[] = [];
      let failing = true;
      /** Transactions planning now, and the most at once. */
      const open = new Set<Tx>();
      let mostAtOnce = 0;
      const plan: Planner = async (tx, _c, m) => {
        if (failing && m.msgid === 'm5-7') { open.delete(tx); throw new Error('decision failed'); }
        if (!open.has(tx)) tx.afterCommit(() => { open.delete(tx); });
        open.add(tx);
        mostAtOnce = Math.max(mostAtOnce, open.size);
        tx.afterCommit(() => { committed.push(m.msgid); });
        return [];
      };
      const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
      const d = {
        shared: { uow, lock: () => localLock() }, wecom, clock: { now: () => NOW }, log: silent, events: { emit: () => undefined },
      } as unknown as CoreDeps;
      const worker = new InboundWorker(d, plan, { refresher: { enabled: false } as unknown as StateRefresher });
      const cursor = () => uow.read(async (q) => (await q.db.select().from(q.t.syncCursors))[0]);
      try {
        await worker.notify('wkA');
        expect(await cursor()).toMatchObject({ cursor: '', lastPullOk: false, lastError: 'decision failed' });
        const failedLane = page.filter((m) => m.external_userid === 'wm5' && !committed.includes(m.msgid));
        expect(failedLane.length).toBeGreaterThan(0);
        failing = false;
        await worker.notify('wkA');
      } finally {
        worker.stop();
      }
      expect(await cursor()).toMatchObject({ cursor: 'after-page', lastPullOk: true });
      expect(pulls).toEqual(['', '']);
      // SQLite has one writer; PostgreSQL stores the customers in lanes at once
      expect(mostAtOnce > 1).toBe(uow.engine === 'postgres');
      expect([...committed].sort()).toEqual(page.map((m) => m.msgid).sort()); // each once
      for (let c = 0; c < CUSTOMERS; c++) {
        expect(committed.filter((id) => id.startsWith(`m${c}-`))).toEqual(page.filter((m) => m.external_userid === `wm${c}`).map((m) => m.msgid));
      }
      expect(await uow.read(async (q) => (await q.db.select().from(q.t.messages)).length)).toBe(page.length);
    });

    it('writes outbox rows with deterministic ids and their send jobs once, a notice carrying its hand-over\'s id', async () => {
      const plan = [
        { key: 'send:0:tpl_night', kind: 'send_template' as const, template: { id: 'tpl_night', name: 'n', kind: 'night' as const, msgtype: 'text' as const, body: '夜间' }, vars: {} },
        { key: 'transfer', kind: 'service_state_trans' as const, serviceState: 2 as const },
        { key: 'notice', kind: 'send_msg_on_event' as const, codeFrom: 'transfer', template: { id: 'tpl_wait', name: 'w', kind: 'custom' as const, msgtype: 'text' as const, body: '稍等' }, vars: {} },
      ];
      const { conv, added, again } = await uow.run(async (tx) => {
        const c = await conversation(tx);
        return { conv: c, added: await enqueueIn(tx, c, 'm1', plan, NOW), again: await enqueueIn(tx, c, 'm1', plan, NOW) };
      });
      expect([added, again]).toEqual([3, 0]);
      const rows = await uow.read(async (q) => ({
        outbox: await q.db.select().from(q.t.outbox).where(eq(q.t.outbox.conversationId, conv)).orderBy(asc(q.t.outbox.createdAt), asc(q.t.outbox.msgid)),
        jobs: await q.db.select({ key: q.t.jobs.key, orderingKey: q.t.jobs.orderingKey }).from(q.t.jobs).where(eq(q.t.jobs.kind, OUTBOX_JOB)),
      }));
      expect(rows.outbox.map((r) => r.msgid).sort()).toEqual(['send:0:tpl_night', 'transfer', 'notice'].map((k) => outboxId('m1', k)).sort());
      const notice = rows.outbox.find((r) => r.msgid === outboxId('m1', 'notice'))!;
      expect(JSON.parse(notice.payload)).toMatchObject({ kind: 'send_msg_on_event', codeFrom: outboxId('m1', 'transfer') });
      expect(rows.outbox.every((r) => r.status === 'pending' && r.causeMsgid === 'm1')).toBe(true);
      expect(rows.jobs.map((j) => j.key).sort()).toEqual(rows.outbox.map((r) => r.msgid).sort());
      expect(new Set(rows.jobs.map((j) => j.orderingKey))).toEqual(new Set([`conv:${conv}`]));
    });

    it('a recalled customer message no longer waits: the unanswered run is recounted, and its timers go when nothing is left', async () => {
      const conv = await uow.run(async (tx) => {
        const c = await conversation(tx);
        const m = tx.t.messages;
        await tx.db.insert(m).values([1, 2].map((i) => ({
          msgid: `m${i}`, conversationId: c, origin: 3 as const, msgtype: 'text', content: '{}', sendTime: NOW / 1000 + i, receivedAt: NOW,
        })));
        await tx.db.update(tx.t.conversations).set({ unansweredCount: 2, unansweredSince: NOW + 1000 }).where(eq(tx.t.conversations.id, c));
        await armTimerIn(tx, { kind: 'esc.unanswered', key: `esc.unanswered:${c}`, conversationId: c, delayMs: 90_000, now: NOW });
        return (await tx.db.select().from(tx.t.conversations).where(eq(tx.t.conversations.id, c)))[0]!;
      });
      const state = () => uow.read(async (q) => ({
        conversation: (await q.db.select({ n: q.t.conversations.unansweredCount, since: q.t.conversations.unansweredSince }).from(q.t.conversations))[0],
        timers: (await q.db.select({ status: q.t.timers.status }).from(q.t.timers)).map((t) => t.status),
      }));
      await uow.run((tx) => applyEvent(tx, conv, { event_type: 'user_recall_msg', recall_msgid: 'm1' }, NOW + 5000));
      expect(await state()).toEqual({ conversation: { n: 1, since: NOW + 2000 }, timers: ['pending'] });
      await uow.run((tx) => applyEvent(tx, conv, { event_type: 'user_recall_msg', recall_msgid: 'm2' }, NOW + 6000));
      expect(await state()).toEqual({ conversation: { n: 0, since: null }, timers: ['cancelled'] });
      // a recall of an unknown message changes nothing
      await uow.run((tx) => applyEvent(tx, conv, { event_type: 'user_recall_msg', recall_msgid: 'nope' }, NOW + 7000));
      expect(await state()).toEqual({ conversation: { n: 0, since: null }, timers: ['cancelled'] });
    });
  });
}
