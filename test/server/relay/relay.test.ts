import { afterEach, describe, it, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { conversations, relayJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';
import { findOnDutyIn, dutyNowIn } from '../../../server/core/duty/on-duty';
import { settle, startRelayProduct } from './support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const customers = Array.from({ length: 5 }, (_, i) => `wmRelayCustomer000${i + 1}`);

async function openConversationsWith(userid: string): Promise<void> {
  await p.setStatus(userid, 'online');
  for (const c of customers) await p.sim.customerSend({ external_userid: c, nickname: `客户${c.slice(-1)}`, msgtype: 'text', content: '在吗，需要帮忙' });
  await waitFor(() => p.deps.db.select().from(conversations)
    .where(and(eq(conversations.serviceState, 3), eq(conversations.servicerUserid, userid))).all().length === 5, { what: `5 conversations with ${userid}`, timeoutMs: 10_000 });
  await settle(p);
}
const simSessions = async () => (await p.sim.state()).sessions.filter((s) => customers.includes(s.external_userid));

describe('relay to the on-duty backup', () => {
  it('moves all 5 open conversations of a primary who switches to 月球模式; a backup refusing with 95019 passes to the next candidate', async () => {
    ({ p } = await startRelayProduct());
    await openConversationsWith('zhangsan');
    await p.setStatus('lisi', 'online');
    await p.setStatus('wangwu', 'online');
    await p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: 95019, count: 1 }] });
    await p.setStatus('zhangsan', 'moon');
    await waitFor(() => p.deps.db.select().from(relayJobs).all().filter((j) => j.status === 'done').length === 5, { what: '5 relays done', timeoutMs: 10_000 });
    await settle(p);

    const sessions = await simSessions();
    expect(sessions.every((s) => s.service_state === 3)).toBe(true);
    // spread over the least loaded (lisi and wangwu alternate); lisi's one 95019 sends that session to wangwu
    expect(sessions.filter((s) => s.servicer_userid === 'lisi')).toHaveLength(2);
    expect(sessions.filter((s) => s.servicer_userid === 'wangwu')).toHaveLength(3);
    const db = p.deps.db.select().from(conversations).all().filter((c) => customers.includes(c.externalUserid));
    expect(db.map((c) => c.servicerUserid).sort()).toEqual(['lisi', 'lisi', 'wangwu', 'wangwu', 'wangwu']);

    const admin = await signIn(p.url, 'wangwu');
    const diag = (await (await fetch(`${p.url}/api/admin/diagnostics/relays?kind=relay`, { headers: { cookie: admin } })).json()) as
      { items: { actor: string; target: string | null; errcode: number | null; result: string; reason: string; reasonText: { zh: string; en: string } | null }[] };
    const attempts = diag.items.filter((d) => d.result !== 'planned');
    expect(attempts).toHaveLength(6);
    expect(attempts.filter((d) => d.errcode === 95019)).toMatchObject([{ actor: 'zhangsan', target: 'lisi', result: 'refused: next candidate', reason: 'zhangsan went moon' }]);
    // the reason code in words with the person's name, for the diagnostics page
    expect(attempts.find((d) => d.errcode === 95019)?.reasonText).toEqual({
      zh: '张三切换为月球模式，TA 接待中的客户需要转接', en: '张三 went Moon mode: their customers need another agent',
    });
    expect(attempts.filter((d) => d.errcode === 0).map((d) => d.target).sort()).toEqual(['lisi', 'lisi', 'wangwu', 'wangwu', 'wangwu']);
  });

  it('when nobody can take them (WeCom cannot move 3 → pool) alerts the duty manager and ends the waiting customers\' sessions with a closing note', async () => {
    ({ p } = await startRelayProduct());
    await openConversationsWith('zhangsan');
    await p.setStatus('zhangsan', 'dnd');
    await waitFor(() => p.deps.db.select().from(relayJobs).all().filter((j) => j.status === 'failed').length === 5, { what: 'relays settled' });
    await settle(p);
    // no customer waits on an agent who is away: each was told, and their next message is the bot's to answer
    expect((await simSessions()).map((s) => s.service_state)).toEqual(Array(5).fill(4));
    for (const c of customers) expect((await p.sim.inbox({ external_userid: c })).at(-1)?.text).toContain('本次人工会话已结束');
    const cards = (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu');
    expect(cards).toHaveLength(5);
    expect(cards.flatMap((c) => c.dropped)).toEqual([]);
    // the card says what happened, with names and Chinese statuses (not "zhangsan went dnd")
    for (const card of cards) {
      expect(card.textcard.title).toMatch(/^无人可接：客户\d$/);
      expect(card.textcard.description).toContain('张三切换为请勿打扰');
      expect(`${card.textcard.title as string}${card.textcard.description as string}`).not.toMatch(/zhangsan|went|dnd|wmRelay/);
    }
    expect(p.deps.db.select().from(relayJobs).all().map((j) => j.toUserid)).toEqual(Array(5).fill('zhangsan'));
  });

  it('transfers an unanswered customer to their dedicated manager; if the manager refuses (95019) and nobody else can receive, the bot keeps the session (never the pool)', async () => {
    const customer = 'wmDemoCustomer0002';
    for (const refuse of [false, true]) {
      ({ p } = await startRelayProduct());
      await p.setStatus('wangwu', 'busy');
      // an ordinary question left unanswered ("我要找我的专属经理" now reads as asking for a person: transferred at once)
      await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '我想问一下会员积分' });
      const conv = await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get(), { what: 'conversation' });
      p.deps.db.update(conversations).set({ dedicatedManager: 'wangwu' }).where(eq(conversations.id, conv.id)).run();
      await settle(p);
      if (refuse) await p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: 95019, count: 1 }] });
      await p.travel!.advance(90_000);
      await waitFor(() => p.deps.db.select().from(relayJobs).all().some((j) => j.status !== 'pending'), { what: 'dedicated-manager relay' });
      const s = (await p.sim.state()).sessions.find((x) => x.external_userid === customer)!;
      expect([s.service_state, s.servicer_userid]).toEqual(refuse ? [1, ''] : [3, 'wangwu']);
      expect((await p.sim.inbox({ external_userid: customer })).filter((m) => m.msgtype === 'msgmenu')).toHaveLength(0);
      await p.stop();
    }
    ({ p } = await startRelayProduct());
  });

  it('hands a customer left waiting in the pool for 90 s to the on-duty agent (no API send is possible there)', async () => {
    const customer = 'wmDemoCustomer0002';
    ({ p } = await startRelayProduct());
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '你好' });
    const conv = await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get(), { what: 'conversation' });
    await settle(p);
    if (p.deps.db.select().from(conversations).where(eq(conversations.id, conv.id)).get()!.serviceState !== 2) {
      await p.deps.wecom.transServiceState({ open_kfid: conv.openKfid, external_userid: customer, service_state: 2 });
      p.deps.db.update(conversations).set({ serviceState: 2 }).where(eq(conversations.id, conv.id)).run();
    }
    await p.setStatus('lisi', 'online');
    await p.travel!.advance(90_000);
    await waitFor(() => p.deps.db.select().from(relayJobs).all().some((j) => j.status === 'done'), { what: 'pool relay' });
    const s = (await p.sim.state()).sessions.find((x) => x.external_userid === customer)!;
    expect([s.service_state, s.servicer_userid]).toEqual([3, 'lisi']);
  });

  it('plans a status change\'s relays in their own transaction after the change; the planning is a busy part of time travel until it committed', async () => {
    ({ p } = await startRelayProduct());
    await openConversationsWith('zhangsan');
    await p.setStatus('lisi', 'online');
    const now = p.deps.clock.now();
    // the announcement alone (as setAgentStatus makes it after its commit): nothing is planned synchronously …
    p.deps.events.emit('agent.status', { userid: 'zhangsan', status: 'moon', source: 'manual', until: null, at: now });
    expect(p.deps.db.select().from(relayJobs).all()).toEqual([]);
    expect(p.relay.part.busy(now)).toBe(true);
    // … the planning is in flight until its transaction committed, with the jobs of the moves
    await p.relay.part.runDue(now);
    expect(p.relay.part.busy(now)).toBe(false);
    expect(p.deps.db.select().from(relayJobs).all().map((j) => j.status)).toHaveLength(5);
    await p.relay.drain();
    expect(p.deps.db.select().from(relayJobs).all().map((j) => `${j.status}:${j.toUserid}`)).toEqual(Array(5).fill('done:lisi'));
    expect((await simSessions()).every((s) => s.servicer_userid === 'lisi')).toBe(true);
  });

  it('sends new conversations to the primary again when they return; moved ones stay unless configured', async () => {
    ({ p } = await startRelayProduct());
    await openConversationsWith('zhangsan');
    await p.setStatus('lisi', 'online');
    await p.setStatus('zhangsan', 'offline');
    await waitFor(() => p.deps.db.select().from(relayJobs).all().filter((j) => j.status === 'done').length === 5, { what: 'relays done' });
    const at = p.deps.clock.now();
    expect((await p.deps.shared.uow.read((q) => findOnDutyIn(q, at)))?.userid).toBe('lisi');
    await p.setStatus('zhangsan', 'online');
    await settle(p);
    expect(await p.deps.shared.uow.read((q) => dutyNowIn(q, at))).toMatchObject({ group: { name: '一组（周一三五）' }, primary: { userid: 'zhangsan', available: true }, backup: { userid: 'lisi' }, manager: { userid: 'wangwu' } });
    expect((await p.deps.shared.uow.read((q) => findOnDutyIn(q, at)))?.userid).toBe('zhangsan');
    expect((await simSessions()).every((s) => s.servicer_userid === 'lisi')).toBe(true);

    // with the setting on, a return brings the moved conversations back
    await p.deps.shared.uow.run((tx) => writeSettingIn(tx, SETTINGS.relay, { returnMovedOnComeback: true }, { at, by: 'test' }));
    await p.setStatus('zhangsan', 'moon');
    await p.setStatus('zhangsan', 'online');
    await waitFor(async () => (await simSessions()).every((s) => s.servicer_userid === 'zhangsan'), { what: 'conversations back with zhangsan' });
  });
});
