/**
 * @module The FAQ entries cases, run against every engine (entries.test.ts: SQLite; entries.pg.test.ts:
 * PostgreSQL): create, list per team, replace, delete, refusals, and the usage report.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { FaqEntryBody, createFaq, deleteFaq, faqUsage, listFaq, updateFaq } from '../../../server/core/faq/entries';
import { teamFaqIn } from '../../../server/core/faq/match';
import { NotFoundError, ValidationError } from '../../../server/core/errors';
import type { Engine } from '../../support/engines';

const NOW = Date.parse('2026-12-02T10:00:00+08:00');
const KNOWN = new Set(['refund', 'shipping']);
const body = (o: Partial<FaqEntryBody> & { question: string }) => FaqEntryBody.parse({ answer: `关于${o.question}的回答`, ...o });

export function faqEntriesCases(engine: Engine): void {
  describe(`FAQ entries on ${engine.name}`, () => {
    let uow: UnitOfWork;
    beforeEach(async () => { uow = await engine.open(); });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    const create = (b: FaqEntryBody) => uow.run((tx) => createFaq(tx, b, NOW, KNOWN));
    const list = (openKfid?: string | null) => uow.read((q) => listFaq(q, openKfid));

    it('creates entries and lists them by position, per team, with their lists parsed', async () => {
      const shared = await create(body({ question: '怎么退款', intents: ['refund'], keywords: ['退款', '退钱'], position: 2 }));
      const own = await create(body({ question: '几天到货', openKfid: 'wkA', intents: ['shipping'], position: 1, link: 'https://example.com/ship' }));
      expect(shared).toMatchObject({ question: '怎么退款', intents: ['refund'], keywords: ['退款', '退钱'], enabled: true, openKfid: null, createdAt: NOW });
      expect((await list()).map((e) => e.question)).toEqual(['几天到货', '怎么退款']);
      expect((await list(null)).map((e) => e.id)).toEqual([shared.id]);
      expect(await list('wkA')).toEqual([own]);
      expect(await list('wkB')).toEqual([]);
    });

    it('refuses intents outside the catalogue, naming them, and stores nothing', async () => {
      await expect(create(body({ question: '开发票', intents: ['invoice', 'refund', 'vip'] }))).rejects.toThrow('未知的意图：invoice、vip');
      await expect(create(body({ question: '开发票', intents: ['invoice'] }))).rejects.toBeInstanceOf(ValidationError);
      expect(await list()).toEqual([]);
    });

    it('replaces an entry and says what it was', async () => {
      const e = await create(body({ question: '怎么退款', keywords: ['退款'] }));
      const { before, after } = await uow.run((tx) => updateFaq(tx, e.id, body({ question: '如何退款', keywords: ['退款', '退货'], enabled: false }), NOW + 1000, KNOWN));
      expect(before).toEqual(e);
      expect(after).toMatchObject({ id: e.id, question: '如何退款', keywords: ['退款', '退货'], enabled: false, createdAt: NOW, updatedAt: NOW + 1000 });
      expect(await list()).toEqual([after]);
      await expect(uow.run((tx) => updateFaq(tx, e.id + 100, body({ question: 'x' }), NOW, KNOWN))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('the customer-message path reads the entries memoised, and each create, edit and delete is seen at once — in the same second', async () => {
      const onPath = () => uow.read(async (q) => (await teamFaqIn(q, 'wkA', NOW)).map((e) => `${e.question}${e.enabled ? '' : '（停用）'}`));
      expect(await onPath()).toEqual([]);
      const e = await create(body({ question: '怎么退款' }));
      expect(await onPath()).toEqual(['怎么退款']);
      expect(await onPath()).toEqual(['怎么退款']); // the memo answers (same instant, nothing written)
      await uow.run((tx) => updateFaq(tx, e.id, body({ question: '如何退款' }), NOW, KNOWN));
      expect(await onPath()).toEqual(['如何退款']);
      await uow.run((tx) => updateFaq(tx, e.id, body({ question: '如何退款', enabled: false }), NOW, KNOWN));
      expect(await onPath()).toEqual([]);
      await create(body({ question: '本店发货', openKfid: 'wkA' }));
      await uow.run((tx) => deleteFaq(tx, e.id));
      expect(await onPath()).toEqual(['本店发货']);
    });

    it('deletes an entry once: the second delete is not found', async () => {
      const e = await create(body({ question: '怎么退款' }));
      expect(await uow.run((tx) => deleteFaq(tx, e.id))).toEqual(e);
      expect(await list()).toEqual([]);
      await expect(uow.run((tx) => deleteFaq(tx, e.id))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('counts uses per entry and way since a time, and lists the latest unanswered questions', async () => {
      const a = await create(body({ question: '怎么退款' }));
      const b = await create(body({ question: '几天到货' }));
      await uow.run(async (tx) => {
        const ev = (at: number, entryId: number | null, via: 'button' | 'text' | 'agent' | 'miss', text: string | null = null) =>
          tx.db.insert(tx.t.faqEvents).values({ at, openKfid: 'wkA', conversationId: 1, entryId, via, text, score: via === 'miss' ? 0.2 : null });
        await ev(NOW - 10 * 86_400_000, a.id, 'button'); // before the window
        await ev(NOW + 1, a.id, 'button');
        await ev(NOW + 2, a.id, 'button');
        await ev(NOW + 3, a.id, 'text');
        await ev(NOW + 4, b.id, 'agent');
        await ev(NOW + 5, null, 'miss', '能开发票吗');
        await ev(NOW + 6, null, 'miss', '有优惠券吗');
      });
      const usage = await uow.read((q) => faqUsage(q, NOW));
      expect(usage.since).toBe(NOW);
      expect(usage.entries).toEqual([
        { id: a.id, question: '怎么退款', openKfid: null, button: 2, text: 1, agent: 0, total: 3, lastAt: NOW + 3 },
        { id: b.id, question: '几天到货', openKfid: null, button: 0, text: 0, agent: 1, total: 1, lastAt: NOW + 4 },
      ]);
      expect(usage.unanswered).toEqual([
        { at: NOW + 6, text: '有优惠券吗', openKfid: 'wkA', score: 0.2 },
        { at: NOW + 5, text: '能开发票吗', openKfid: 'wkA', score: 0.2 },
      ]);
    });
  });
}
