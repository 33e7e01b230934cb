import { afterEach, describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { conversations, relayJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { advance, customerWrites, settle, startRelayProduct } from './support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const customer = (i: number) => `wmAssignCustomer${String(i).padStart(4, '0')}`;

async function setCap(maxSessionsPerAgent: number): Promise<void> {
  const admin = await signIn(p.url, 'wangwu');
  const res = await fetch(`${p.url}/api/admin/duty/settings`, {
    method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p.url) }, body: JSON.stringify({ assignment: { maxSessionsPerAgent } }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { assignment: { maxSessionsPerAgent: number } }).assignment.maxSessionsPerAgent).toBe(maxSessionsPerAgent);
}

const servicerOf = async (externalUserid: string) => (await p.sim.state()).sessions.find((s) => s.external_userid === externalUserid);

describe('load-aware assignment', () => {
  it('gives new sessions to the duty group\'s A post first, then the least-loaded agent; with everyone at the cap the customer is told all are busy, with the wait and the appointment link, and is never promised a transfer', async () => {
    ({ p } = await startRelayProduct());
    for (const u of ['wangwu', 'lisi', 'zhangsan']) await p.setStatus(u, 'online');
    await setCap(2);
    // 一组 is on duty: A zhangsan takes two, then lisi and wangwu (least loaded) alternate up to the cap of 2
    for (let i = 1; i <= 6; i++) await customerWrites(p, '转人工', customer(i));
    const holders = await Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => (await servicerOf(customer(i)))?.servicer_userid));
    expect(holders.slice(0, 2)).toEqual(['zhangsan', 'zhangsan']);
    expect(holders.slice(2).sort()).toEqual(['lisi', 'lisi', 'wangwu', 'wangwu']);
    for (let i = 1; i <= 6; i++) expect((await p.sim.inbox({ external_userid: customer(i) })).at(-1)?.text).toContain('正在为您转接');

    // everyone available holds 2: the seventh customer is not queued silently nor promised a person
    await customerWrites(p, '转人工', customer(7));
    const seventh = await servicerOf(customer(7));
    expect(seventh?.service_state).not.toBe(3);
    expect(seventh?.service_state).not.toBe(2);
    const said = (await p.sim.inbox({ external_userid: customer(7) })).map((m) => m.text ?? '').join('\n');
    expect(said).toContain('同事们都在接待中');
    expect(said).toMatch(/预计需要等待约 \d+ 分钟/);
    expect(said).toMatch(/预约回电.*https?:\/\//);
    expect(said).not.toContain('正在为您转接');
    // the duty manager hears about it
    expect((await p.sim.state()).appMessages.some((m) => m.touser === 'wangwu')).toBe(true);

    // raising the cap in admin lets the next request through, to the A post again
    await setCap(3);
    await customerWrites(p, '转人工', customer(7));
    expect((await servicerOf(customer(7)))?.servicer_userid).toBe('zhangsan');
  });

  it('spreads the sessions of an agent who goes away over the least-loaded available agents instead of piling them on one', async () => {
    ({ p } = await startRelayProduct());
    await p.setStatus('zhangsan', 'online');
    for (let i = 1; i <= 6; i++) await customerWrites(p, '转人工', customer(i));
    await waitFor(() => p.deps.db.select().from(conversations)
      .where(and(eq(conversations.serviceState, 3), eq(conversations.servicerUserid, 'zhangsan'))).all().length === 6, { what: '6 sessions with zhangsan' });
    await p.setStatus('lisi', 'online');
    await p.setStatus('wangwu', 'online');
    await p.setStatus('zhangsan', 'moon');
    await waitFor(() => p.deps.db.select().from(relayJobs).all().filter((j) => j.status === 'done').length === 6, { what: '6 relays done' });
    const holders = await Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => (await servicerOf(customer(i)))?.servicer_userid));
    expect(holders.filter((h) => h === 'lisi')).toHaveLength(3);
    expect(holders.filter((h) => h === 'wangwu')).toHaveLength(3);
  });

  it('when an agent goes away and everyone left is at the cap, the waiting customer gets the busy note with the wait and the appointment link, the duty manager is alerted, and no transfer is promised', async () => {
    ({ p } = await startRelayProduct());
    await setCap(1);
    await p.setStatus('zhangsan', 'online');
    await customerWrites(p, '转人工', customer(1));
    expect((await servicerOf(customer(1)))?.servicer_userid).toBe('zhangsan');
    await p.setStatus('lisi', 'online');
    await p.setStatus('wangwu', 'online');
    await customerWrites(p, '转人工', customer(2));
    await customerWrites(p, '转人工', customer(3));
    expect([(await servicerOf(customer(2)))?.servicer_userid, (await servicerOf(customer(3)))?.servicer_userid].sort()).toEqual(['lisi', 'wangwu']);
    await customerWrites(p, '还在吗？我的问题还没解决', customer(1));
    const before = (await p.sim.inbox({ external_userid: customer(1) })).length;
    const cardsBefore = (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu').length;

    await p.setStatus('zhangsan', 'moon');
    await waitFor(async () => (await p.sim.inbox({ external_userid: customer(1) })).length > before, { what: 'a note to the waiting customer' });
    await settle(p);
    const after = (await p.sim.inbox({ external_userid: customer(1) })).slice(before).map((m) => m.text ?? '').join('\n');
    expect(after).toContain('同事们都在接待中');
    expect(after).toMatch(/预计需要等待约 \d+ 分钟/);
    expect(after).toMatch(/预约回电.*https?:\/\//);
    expect(after).not.toContain('正在为您转接');
    expect(after).not.toContain('本次人工会话已结束');
    // nobody at the cap was given the session; the duty manager 王五 got a card saying why
    const state = await servicerOf(customer(1));
    expect(state?.servicer_userid === 'lisi' || state?.servicer_userid === 'wangwu').toBe(false);
    const cards = (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu').slice(cardsBefore);
    expect(JSON.stringify(cards)).toContain('满负荷');

    // and the customer's next message is answered (by the bot, honestly busy), not left in silence
    const seen = (await p.sim.inbox({ external_userid: customer(1) })).length;
    await customerWrites(p, '转人工', customer(1));
    const next = (await p.sim.inbox({ external_userid: customer(1) })).slice(seen).map((m) => m.text ?? '').join('\n');
    expect(next).toContain('同事们都在接待中');
    expect(next).not.toContain('正在为您转接');
  });

  it('counts the transfers it planned and WeCom has not made yet: while they wait, the customer beyond the cap is told all are busy, and nobody ends up over it', async () => {
    let clock;
    ({ p, clock } = await startRelayProduct());
    for (const u of ['wangwu', 'lisi', 'zhangsan']) await p.setStatus(u, 'online');
    await setCap(1);
    await p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: -1, count: 100 }] }); // WeCom busy: moves wait for a retry
    for (let i = 1; i <= 4; i++) await customerWrites(p, '转人工', customer(i));
    const fourth = (await p.sim.inbox({ external_userid: customer(4) })).map((m) => m.text ?? '').join('\n');
    expect(fourth).toContain('同事们都在接待中');
    expect(fourth).not.toContain('正在为您转接');

    await p.sim.clearFaults();
    await advance(p, clock, 60_000);
    const held = (await p.sim.state()).sessions.filter((s) => s.service_state === 3);
    expect(held.map((s) => s.external_userid).sort()).toEqual([customer(1), customer(2), customer(3)]);
    expect(held.map((s) => s.servicer_userid).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
    for (let i = 1; i <= 3; i++) expect((await p.sim.inbox({ external_userid: customer(i) })).at(-1)?.text).toContain('正在为您转接');
  });
});
