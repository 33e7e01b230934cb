import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { lookUpCustomerNickname } from '../../../server/core/engine/customers';
import { customers } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_CUSTOMERS } from '../../../server/app/demo/seed-data';
import { waitFor } from '../../support/wait';

let p: TestProduct;
beforeEach(async () => { p = await startProduct(); });
afterEach(async () => { await p.stop(); });

const batchgets = async () => (await p.sim.state()).callCounts['kf/customer/batchget'] ?? 0;

const lookUps = {
  'on the unit of work': (id: string) => lookUpCustomerNickname(p.deps, id),
};

describe.each(Object.entries(lookUps))('customer nicknames for templates (kf/customer/batchget over real HTTP), %s', (_, nickname) => {
  it('asks WeCom once for every customer looked up in the same turn, and not again while the cache is fresh', async () => {
    const [a, b] = DEMO_CUSTOMERS;
    // WeCom answers for customers active in the last 48 h: both write (and get their night reply), then the cache is emptied
    for (const c of [a, b]) await p.sim.customerSend({ external_userid: c.external_userid, msgtype: 'text', content: '在吗' });
    await waitFor(async () => (await p.sim.inbox({ external_userid: b.external_userid })).length === 1, { what: 'the night reply' });
    await p.inbound.idle();
    await p.outbox.drain();
    p.deps.db.delete(customers).run();
    const before = await batchgets();
    const names = await Promise.all([a.external_userid, b.external_userid, a.external_userid, 'wmNobodyKnowsMe'].map((id) => nickname(id)));
    expect(names).toEqual([a.nickname, b.nickname, a.nickname, undefined]);
    expect(await batchgets()).toBe(before + 1);
    expect(p.deps.db.select({ id: customers.externalUserid, nickname: customers.nickname }).from(customers).all())
      .toEqual(expect.arrayContaining([{ id: a.external_userid, nickname: a.nickname }, { id: b.external_userid, nickname: b.nickname }]));

    expect(await Promise.all([a, b].map((c) => nickname(c.external_userid)))).toEqual([a.nickname, b.nickname]);
    expect(await batchgets()).toBe(before + 1);
  });
});

describe('a reply that greets by name', () => {
  it('caches the nickname WeCom gave for it with the reply\'s own result, and does not ask again for the next reply', async () => {
    const a = DEMO_CUSTOMERS[0]!;
    p.deps.db.delete(customers).run();
    const before = await batchgets();
    await p.sim.customerSend({ external_userid: a.external_userid, msgtype: 'text', content: '在吗' });
    await waitFor(async () => (await p.sim.inbox({ external_userid: a.external_userid })).length === 1, { what: 'the night reply' });
    await p.inbound.idle();
    await p.outbox.drain();
    const [reply] = await p.sim.inbox({ external_userid: a.external_userid });
    expect(JSON.stringify(reply)).toContain(a.nickname);
    expect(await batchgets()).toBe(before + 1);
    const cached = p.deps.db.select().from(customers).all().find((c) => c.externalUserid === a.external_userid);
    expect(cached).toMatchObject({ nickname: a.nickname });
    expect(cached!.fetchedAt).toBeGreaterThan(0);
  });
});
