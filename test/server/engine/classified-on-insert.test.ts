/**
 * @module A customer message's classification is written with the message (real pipeline: simulator over HTTP,
 * SQLite file): its row is inserted carrying intent, confidence and emotion, and nothing updates them afterwards —
 * one statement where an insert and an update were two. A SQLite trigger records any later update of those columns.
 * The engine planner on its own (no store to classify first) still classifies and records.
 */
import { afterEach, describe, it, expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { conversations, messages } from '../../../server/adapters/db/sqlite/schema/index';
import { shiftedClock } from '../../../server/app/clock';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { createEnginePlanner } from '../../../server/core/engine/planner';

let p: TestProduct;
afterEach(async () => { await p.stop(); });
const c1 = 'wmDemoCustomer0001';

function watchClassificationUpdates(): () => { msgid: string; intent: string | null }[] {
  p.deps.db.run(sql.raw('create table classification_updates (msgid text, intent text)'));
  p.deps.db.run(sql.raw(`create trigger classification_updated after update of intent, intent_confidence, emotion on messages
    begin insert into classification_updates values (new.msgid, new.intent); end`));
  return () => p.deps.db.all<{ msgid: string; intent: string | null }>(sql.raw('select msgid, intent from classification_updates'));
}

describe('classification stored with the message', () => {
  it('inserts a customer text and a menu click with their classification; nothing updates it afterwards', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T13:20:00+08:00') }); // lunch: the answer offers 我有紧急问题
    const updates = watchClassificationUpdates();
    for (const content of ['在吗', '你们这服务太差了，我要投诉！']) {
      await p.sim.customerSend({ external_userid: c1, msgtype: 'text', content });
      await p.travel!.settle();
    }
    await p.sim.customerSend({ external_userid: c1, msgtype: 'menu_click', menu_id: 'urgent' });
    await p.travel!.settle();
    const rows = p.deps.db.select().from(messages).where(eq(messages.origin, ORIGIN.customer)).all();
    expect(rows).toHaveLength(3);
    const [text, click] = [rows.find((r) => r.content.includes('投诉'))!, rows.find((r) => r.content.includes('"menu_id"'))!];
    expect(text.intent).toBe('complaint');
    expect(text.emotion).toBeGreaterThan(0.5); // 1 = angry
    expect(click).toMatchObject({ intent: 'urgent', intentConfidence: 1 });
    expect(p.deps.db.select().from(conversations).get()!.mainIntent).toBe('urgent'); // the decision read the stored class
    expect(updates()).toEqual([]);
  });

  it('lets the engine planner classify and record on its own when the store did not', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T22:00:00+08:00') });
    await p.sim.customerSend({ external_userid: c1, msgtype: 'text', content: '在吗' });
    await p.travel!.settle();
    const updates = watchClassificationUpdates();
    const plan = createEnginePlanner(p.deps);
    const conv = p.deps.db.select().from(conversations).get()!;
    const row = p.deps.db.select().from(messages).where(eq(messages.origin, ORIGIN.customer)).get()!;
    await p.deps.shared.uow.run((tx) => plan(tx, conv, { ...row, content: JSON.stringify({ content: '我要退款' }), intent: null }));
    expect(updates()).toEqual([{ msgid: row.msgid, intent: 'refund' }]);
  });
});
