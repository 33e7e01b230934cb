import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { conversations, relayJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { customerWrites, startRelayProduct } from './support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const customer = 'wmDemoCustomer0002';

async function put(path: string, who: string, body: unknown): Promise<Response> {
  const cookie = await signIn(p.url, who);
  return fetch(`${p.url}${path}`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', ...sameOrigin(p.url) }, body: JSON.stringify(body) });
}

describe('dedicated manager (专属客服经理)', () => {
  it('is set from the sidebar by an agent of the team; after 90 s unanswered the customer goes to 王五 and is told by name who now serves them', async () => {
    ({ p } = await startRelayProduct());
    await p.setStatus('wangwu', 'busy');
    await customerWrites(p, '我想问一下会员积分', customer);
    const path = `/api/sidebar/dedicated-manager?externalUserid=${customer}`;
    // bad input: an unknown person is a clear 400, nothing changed
    expect((await put(path, 'zhangsan', { userid: 'nobody' })).status).toBe(400);
    const res = await put(path, 'zhangsan', { userid: 'wangwu' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ dedicatedManager: 'wangwu', name: '王五' });
    expect(p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()?.dedicatedManager).toBe('wangwu');

    await p.travel!.advance(90_000);
    await waitFor(() => p.deps.db.select().from(relayJobs).all().some((j) => j.status === 'done'), { what: 'dedicated-manager relay' });
    await p.travel!.settle();
    const s = (await p.sim.state()).sessions.find((x) => x.external_userid === customer)!;
    expect([s.service_state, s.servicer_userid]).toEqual([3, 'wangwu']);
    expect((await p.sim.inbox({ external_userid: customer })).at(-1)?.text).toContain('您的专属客服经理王五现在为您服务');
  });

  it('falls back to the FAQ card when the dedicated manager cannot receive, and an admin can set or clear it', async () => {
    ({ p } = await startRelayProduct());
    await customerWrites(p, '我想问一下会员积分', customer);
    const conv = p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()!;
    expect((await put(`/api/admin/conversations/${conv.id}/dedicated-manager`, 'wangwu', { userid: 'lisi' })).status).toBe(200);
    // the admin's view of the conversation's decisions: oldest first, at org-zone instants, explained in words
    const seen = await fetch(`${p.url}/api/admin/conversations/${conv.id}/decisions`, { headers: { cookie: await signIn(p.url, 'wangwu') } });
    const { decisions } = await seen.json() as { decisions: { id: number; at: string; explain: string[] }[] };
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.map((x) => x.id)).toEqual([...decisions.map((x) => x.id)].sort((x, y) => x - y));
    expect(decisions[0]!.at).toMatch(/\+08:00$/);
    expect(decisions[0]!.explain.length).toBeGreaterThan(0);
    // 李四 is offline: no transfer to them, the FAQ card answers instead
    await p.travel!.advance(90_000);
    const s = (await p.sim.state()).sessions.find((x) => x.external_userid === customer)!;
    expect(s.service_state).not.toBe(3);
    expect((await p.sim.inbox({ external_userid: customer })).some((m) => m.msgtype === 'msgmenu')).toBe(true);
    expect((await put(`/api/admin/conversations/${conv.id}/dedicated-manager`, 'wangwu', { userid: null })).status).toBe(200);
    expect(p.deps.db.select().from(conversations).where(eq(conversations.id, conv.id)).get()?.dedicatedManager).toBeNull();
  });
});
