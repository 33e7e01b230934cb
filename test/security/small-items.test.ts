/**
 * @module The smaller holes: a customer's name or a rule's reason is escaped inside the duty manager's textcard
 * (its description is HTML), an agent's private quick reply of kind faq_card never becomes the bot's FAQ card,
 * and old callback records are pruned (diagnostics keep 7 days).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import type { TestProduct } from '../support/product';
import type { ManualClock } from '../../server/app/clock';
import { sameOrigin, signIn } from '../support/auth';
import { waitFor } from '../support/wait';
import { callbackEvents, messages, templates } from '../../server/adapters/db/sqlite/schema/index';
import { queueManagerAlertIn } from '../../server/core/alerts/queue';
import { CALLBACK_RETENTION_MS } from '../../server/core/pipeline/callback-recorder';
import { WEDNESDAY_22, advance, settle, startRelayProduct } from '../server/relay/support';
import { figure } from './support/figures';

let p: TestProduct;
let clock: ManualClock;
afterEach(async () => { await p?.stop(); });

describe('the duty manager\'s textcard', () => {
  it('escapes the customer\'s nickname, the intent and the reason in its HTML description, single and coalesced', async () => {
    ({ p, clock } = await startRelayProduct());
    const hostile = '<a href="https://evil.example">点我</a><img src=x onerror=alert(1)>';
    await p.deps.shared.uow.run(async (tx) => {
      for (let i = 0; i < 32; i++) {
        await queueManagerAlertIn(tx, p.deps, { touser: 'wangwu', facts: { conversationId: 5000 + i, nickname: `${hostile}${i}`, intent: '<b>urgent</b>', emotion: 0.9, waitingMs: 600_000 }, reason: '<script>x</script>', stage: 'silence', now: clock.now() });
      }
    });
    await p.relay.alerts.drain();
    const cards = (await p.sim.state()).appMessages.filter((m) => m.touser === 'wangwu').map((m) => m.textcard as { description: string });
    const raw = cards.filter((c) => /<(a|img|script|b)[ >]/.test(c.description));
    figure('HTML in textcard descriptions', { tried: cards.length, refused: cards.length - raw.length, stored: raw.length });
    expect(cards.length).toBeGreaterThan(1);
    expect(raw).toEqual([]);
    expect(cards[0]!.description).toContain('&#60;a href=&#34;https://evil.example&#34;&#62;');
  });
});

describe('the bot\'s FAQ card', () => {
  it('is the team\'s (or the default), never an agent\'s private quick reply of kind faq_card', async () => {
    ({ p, clock } = await startRelayProduct({}, WEDNESDAY_22));
    p.deps.db.delete(templates).where(eq(templates.kind, 'faq_card')).run();
    expect(p.deps.db.select().from(templates).where(isNull(templates.ownerUserid)).all().some((t) => t.kind === 'faq_card')).toBe(false);
    const agent = await signIn(p.url, 'zhangsan');
    const created = await fetch(`${p.url}/api/sidebar/quick-replies`, {
      method: 'POST', headers: { cookie: agent, ...sameOrigin(p.url), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '私人卡片', kind: 'faq_card', msgtype: 'text', body: 'PRIVATE 张三的私人话术' }),
    });
    expect(created.status).toBe(201);
    const before = p.deps.db.select().from(messages).all().length;
    await p.sim.customerSend({ external_userid: 'wmDemoCustomer0001', nickname: '小明', msgtype: 'text', content: '你好' });
    await waitFor(() => p.deps.db.select().from(messages).all().length > before, { what: 'message stored' });
    await settle(p);
    await advance(p, clock, 90_000);
    const inbox = await p.sim.inbox({ external_userid: 'wmDemoCustomer0001' });
    const menus = inbox.filter((m) => m.msgtype === 'msgmenu');
    expect(menus).toHaveLength(1);
    expect(JSON.stringify(inbox)).not.toContain('PRIVATE');
  });
});

describe('callback records', () => {
  it('are pruned after 7 days; what diagnostics read stays', async () => {
    ({ p, clock } = await startRelayProduct());
    const now = clock.now();
    p.deps.db.insert(callbackEvents).values([
      { receivedAt: now - CALLBACK_RETENTION_MS - 60_000, msgType: 'event', raw: '<xml/>' },
      { receivedAt: now - CALLBACK_RETENTION_MS + 60_000, msgType: 'event', raw: '<xml/>' },
    ]).run();
    await p.sim.customerSend({ external_userid: 'wmDemoCustomer0001', msgtype: 'text', content: '在吗' });
    await settle(p);
    await p.inbound.recorder.flush();
    const ages = p.deps.db.select().from(callbackEvents).all().map((r) => now - r.receivedAt);
    expect(ages.some((a) => a > CALLBACK_RETENTION_MS)).toBe(false);
    expect(ages.some((a) => a > CALLBACK_RETENTION_MS - 120_000)).toBe(true);
    expect(ages.some((a) => a <= 0)).toBe(true);
  });
});
