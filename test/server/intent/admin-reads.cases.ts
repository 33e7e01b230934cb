/**
 * @module The intent admin's queries, run against every engine (admin-reads.test.ts: SQLite;
 * admin-reads.pg.test.ts: PostgreSQL): the catalogue lookup, examples, the mining inputs, suggestions, accepted
 * words — and a change that still needs a synchronous part (the audit log) refusing on PostgreSQL, storing nothing.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import type { Store } from '../../../server/adapters/db/sqlite/index';
import { StillSynchronousError, stillSync } from '../../../server/adapters/db/sqlite/still-sync';
import { findIntent } from '../../../server/core/intent/catalog';
import { listExamples } from '../../../server/core/intent/manage-intents';
import { listKeywords, listSuggestions, miningInputs } from '../../../server/core/intent/suggestions';
import { ORIGIN, type Origin } from '../../../shared/domain/vocabulary';
import type { Engine } from '../../support/engines';

const NOW = Date.parse('2026-12-02T10:00:00+08:00');

export function intentAdminReadCases(engine: Engine): void {
  describe(`intent admin queries on ${engine.name}`, () => {
    let uow: UnitOfWork;
    beforeEach(async () => { uow = await engine.open(); });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('finds a default-pack intent without the database, a custom one with its state, and nothing for an unknown id', async () => {
      await uow.run((tx) => tx.db.insert(tx.t.intentDefinitions).values({
        id: 'membership', labelZh: '会员权益', labelEn: 'Membership', enabled: false, createdBy: 'wangwu', createdAt: NOW, updatedAt: NOW,
      }));
      expect(await uow.read((q) => findIntent(q, 'refund'))).toMatchObject({ id: 'refund', builtin: true, enabled: true });
      expect(await uow.read((q) => findIntent(q, 'membership'))).toEqual({ id: 'membership', labelZh: '会员权益', labelEn: 'Membership', description: '', enabled: false, builtin: false });
      expect(await uow.read((q) => findIntent(q, 'nothing'))).toBeUndefined();
    });

    it('lists an intent\'s examples in the order they were added', async () => {
      await uow.run(async (tx) => {
        for (const text of ['我要开票', '发票怎么开']) await tx.db.insert(tx.t.intentExamples).values({ intent: 'invoice', text, createdBy: 'wangwu', createdAt: NOW });
        await tx.db.insert(tx.t.intentExamples).values({ intent: 'refund', text: '退钱', createdBy: 'wangwu', createdAt: NOW });
      });
      expect((await uow.read((q) => listExamples(q, 'invoice'))).map((e) => e.text)).toEqual(['我要开票', '发票怎么开']);
    });

    it('mines the customer texts of complaint and transferred conversations only, oldest first, with the outcome', async () => {
      await uow.run(async (tx) => {
        const conv = async (i: number, serviceState: 0 | 3) => (await tx.db.insert(tx.t.conversations).values({
          openKfid: 'wkA', externalUserid: `wm${i}`, serviceState, createdAt: NOW, updatedAt: NOW,
        }).returning({ id: tx.t.conversations.id }))[0]!.id;
        const [quiet, complained, transferred] = [await conv(1, 0), await conv(2, 0), await conv(3, 3)];
        const msg = (msgid: string, conversationId: number, text: string, at: number, o: { intent?: string; origin?: Origin; msgtype?: string } = {}) =>
          tx.db.insert(tx.t.messages).values({
            msgid, conversationId, origin: o.origin ?? ORIGIN.customer, msgtype: o.msgtype ?? 'text', content: JSON.stringify({ content: text }),
            sendTime: at, receivedAt: at, intent: o.intent ?? null,
          });
        await msg('m1', quiet, '你好', NOW);
        await msg('m2', complained, '太慢了', NOW + 2, { intent: 'complaint' });
        await msg('m3', complained, '我要投诉', NOW + 1);
        await msg('m4', transferred, '转人工', NOW + 3);
        await msg('m5', transferred, '客服回复', NOW + 4, { origin: ORIGIN.agent });
        await msg('m6', transferred, '[图片]', NOW + 5, { msgtype: 'image' });
      });
      expect(await uow.read((q) => miningInputs(q))).toEqual([
        { text: '我要投诉', outcome: 'complaint' }, { text: '太慢了', outcome: 'complaint' }, { text: '转人工', outcome: 'human_agent' },
      ]);
    });

    it('lists suggestions most frequent first (then by id), by status, and accepted words by intent', async () => {
      await uow.run(async (tx) => {
        const s = (phrase: string, count: number, status: 'pending' | 'rejected') =>
          tx.db.insert(tx.t.keywordSuggestions).values({ phrase, count, status, examples: JSON.stringify([phrase]), minedAt: NOW });
        await s('发票', 3, 'pending'); await s('退款慢', 5, 'pending'); await s('开票', 3, 'pending'); await s('广告', 9, 'rejected');
        for (const [intent, keyword] of [['refund', '退钱'], ['invoice', '开票'], ['invoice', '发票']] as const) {
          await tx.db.insert(tx.t.intentKeywords).values({ intent, keyword, addedBy: 'wangwu', addedAt: NOW });
        }
      });
      expect((await uow.read((q) => listSuggestions(q, 'pending'))).map((s) => [s.phrase, s.examples])).toEqual([
        ['退款慢', ['退款慢']], ['发票', ['发票']], ['开票', ['开票']],
      ]);
      expect((await uow.read((q) => listSuggestions(q))).map((s) => s.phrase)).toEqual(['广告', '退款慢', '发票', '开票']);
      expect((await uow.read((q) => listKeywords(q))).map((k) => `${k.intent}:${k.keyword}`)).toEqual(['invoice:开票', 'invoice:发票', 'refund:退钱']);
    });

    it('runs a change that needs a synchronous part on SQLite only; on PostgreSQL it refuses by name and stores nothing', async () => {
      const sync = {} as Store; // the bridge only hands it over: nothing is called on it here
      const change = uow.run(async (tx) => {
        await tx.db.insert(tx.t.intentKeywords).values({ intent: 'refund', keyword: '退钱', addedBy: 'wangwu', addedAt: NOW });
        return stillSync(tx, sync, 'the intent catalogue');
      });
      if (uow.engine === 'sqlite') {
        expect(await change).toBe(sync);
        expect(await uow.read((q) => listKeywords(q))).toHaveLength(1);
      } else {
        await expect(change).rejects.toThrow(StillSynchronousError);
        await expect(change).rejects.toThrow('the intent catalogue is still synchronous');
        expect(await uow.read((q) => listKeywords(q))).toEqual([]);
      }
    });
  });
}
