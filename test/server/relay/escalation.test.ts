import { afterEach, describe, it, expect } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import type { ManualClock } from '../../../server/app/clock';
import { signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { conversations, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { WEDNESDAY_22, advance, startRelayProduct, customerWrites as writes, managerCards as cardsOf } from './support';
import { ESCALATION_KINDS } from '../../../server/core/escalation/arm';

const customer = 'wmDemoCustomer0001';
let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p.stop(); });

const inbox = () => p.sim.inbox({ external_userid: customer });
const menus = async () => (await inbox()).filter((m) => m.msgtype === 'msgmenu');
const customerWrites = (content: string) => writes(p, content);
const managerCards = () => cardsOf(p);

/** Puts the session with `userid` (state 3) whatever the reply policy decided, as an agent taking it would. */
async function handTo(userid: string): Promise<void> {
  const conv = p.deps.db.select().from(conversations).get()!;
  if (conv.serviceState === 3 && conv.servicerUserid === userid) return;
  await p.deps.wecom.transServiceState({ open_kfid: conv.openKfid, external_userid: conv.externalUserid, service_state: 3, servicer_userid: userid });
  p.deps.db.update(conversations).set({ serviceState: 3, servicerUserid: userid }).where(eq(conversations.id, conv.id)).run();
}

// At night (22:00): the bot answers and the session stays with the API, so the FAQ card can be sent.
describe('escalations on durable timers (simulator, injected clock)', () => {
  it('sends the FAQ menu card once when a customer message stays unanswered for 90 s', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_22));
    await customerWrites('你好');
    expect(p.deps.db.select().from(timers).where(inArray(timers.kind, ESCALATION_KINDS)).all().map((t) => t.kind)).toEqual(['esc.unanswered']);
    await advance(p, clock, 89_000);
    expect(await menus()).toHaveLength(0);
    await advance(p, clock, 1_000);
    const cards = await menus();
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.content)).toContain('常见问题');
    // the customer writes again, still unanswered: a new timer fires, but no second card in the same stretch
    await customerWrites('还在吗？');
    await advance(p, clock, 90_000);
    expect(await menus()).toHaveLength(1);
    const outcomes = p.deps.db.select().from(timers).where(eq(timers.kind, 'esc.unanswered')).all().map((t) => t.outcome);
    expect(outcomes).toEqual(['faq_card', 'faq_already_sent']);
  });

  it('does nothing when an agent replies at 89 s', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_22));
    await p.setStatus('zhangsan', 'online');
    await customerWrites('请问发票怎么开');
    await handTo('zhangsan');
    await advance(p, clock, 89_000);
    await p.sim.agentReply({ external_userid: customer, userid: 'zhangsan', content: '您好，我来帮您开发票' });
    await waitFor(() => p.deps.db.select().from(conversations).get()?.lastHumanAt, { what: 'human reply stored' });
    await advance(p, clock, 2_000);
    await advance(p, clock, 10 * 60_000);
    expect(await menus()).toHaveLength(0);
    expect(await managerCards()).toHaveLength(0);
    expect(p.deps.db.select().from(timers).where(inArray(timers.kind, ESCALATION_KINDS)).all().map((t) => [t.kind, t.status, t.outcome]).sort())
      .toEqual([['esc.unanswered', 'cancelled', 'a human replied']]); // cancelled in the transaction that stored the reply
  });

  it('after 10 min of silence routes new requests to the backup channel and alerts the duty manager exactly once', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_22));
    const admin = await signIn(p.url, 'wangwu');
    const route = async () => (await (await fetch(`${p.url}/api/admin/duty/route`, { headers: { cookie: admin } })).json()) as { route: { active: string }; channel: { role: string; url: string } };
    expect((await route()).route.active).toBe('main');
    await customerWrites('在吗');
    await advance(p, clock, 90_000);
    await advance(p, clock, 10 * 60_000 - 90_000 - 1_000);
    expect(await managerCards()).toHaveLength(0);
    await advance(p, clock, 1_000);
    const r = await route();
    expect(r.route.active).toBe('backup');
    expect(r.channel.role).toBe('backup');
    let cards = await managerCards();
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.delivered).toEqual(['wangwu']);
    expect(card.dropped).toEqual([]);
    const conv = p.deps.db.select().from(conversations).get()!;
    expect(card.textcard.url).toMatch(new RegExp(`^${p.url}/sidebar/\\?link=[^#]+#/c/${conv.id}$`));
    const text = JSON.stringify(card.textcard);
    expect(text).toContain('小明');
    expect(text).toContain('10 分钟');
    expect(text).toContain('问候 · 情绪'); // the intent's Chinese label and the emotion in words
    // the customer writes again and waits another 10 minutes: same conversation and window → no second alert
    await customerWrites('有人吗');
    await advance(p, clock, 90_000);
    await advance(p, clock, 10 * 60_000 - 90_000);
    cards = await managerCards();
    expect(cards).toHaveLength(1);
    const diag = (await (await fetch(`${p.url}/api/admin/diagnostics/relays`, { headers: { cookie: admin } })).json()) as { items: { kind: string; result: string }[] };
    expect(diag.items.map((d) => d.result)).not.toContain('reported, not run');
    expect(diag.items.map((d) => d.result)).toEqual(expect.arrayContaining([
      'faq card planned', 'new requests routed to the backup channel', 'queued', 'sent', 'deduplicated (this stage already alerted in this window)',
    ]));
  });
});
