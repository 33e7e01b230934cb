/**
 * @module A menu click carries its own meaning through the real pipeline (simulator over HTTP, SQLite): tapping
 * 我有紧急问题 in the lunch menu is `urgent` — stored on the message, made the conversation's intent, answered
 * with the emergency reply — and a FAQ button's click takes the intent of the entry it answers.
 */
import { afterEach, describe, it, expect } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { conversations, messages } from '../../../server/adapters/db/sqlite/schema/index';
import { shiftedClock } from '../../../server/app/clock';
import { ORIGIN } from '../../../shared/domain/vocabulary';

let p: TestProduct;
afterEach(async () => { await p.stop(); });
const c1 = 'wmDemoCustomer0001';

async function send(input: { text: string } | { menuId: string }) {
  await p.sim.customerSend('text' in input
    ? { external_userid: c1, msgtype: 'text', content: input.text }
    : { external_userid: c1, msgtype: 'menu_click', menu_id: input.menuId });
  await p.travel!.settle();
}
const lastCustomerMessage = () => p.deps.db.select().from(messages).where(eq(messages.origin, ORIGIN.customer)).orderBy(desc(messages.receivedAt)).limit(1).get()!;

describe('menu clicks', () => {
  it('treats a tap on 我有紧急问题 as urgent: stored, the conversation intent, and answered as an emergency', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T13:20:00+08:00') });
    await send({ text: '在吗' });
    expect((await p.sim.inbox({ external_userid: c1 })).at(-1)!.text).toContain('我有紧急问题');
    await send({ menuId: 'urgent' });
    const m = lastCustomerMessage();
    expect(m.intent).toBe('urgent');
    expect(m.intentConfidence).toBe(1);
    expect(p.deps.db.select().from(conversations).get()!.mainIntent).toBe('urgent');
    expect((await p.sim.inbox({ external_userid: c1 })).map((i) => i.text).join('\n')).toContain('紧急');
  });

  it('gives a FAQ button click the intent of the entry it answers', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T22:00:00+08:00') });
    await send({ text: '常见问题' });
    await send({ menuId: 'faq_invoice' });
    expect(lastCustomerMessage().intent).toBe('invoice');
  });
});
