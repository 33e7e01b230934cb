/**
 * @module The sidebar's server side made for people (issue 20) over real HTTP against the whole product: the
 * conversation oldest first with the bot's delivery state, notes and tags an agent edits (never silently
 * overwritten), no-op status changes not logged, the "why" view with names and labels instead of ids, previews
 * for the moment they describe, and who can be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { agentStatusHistory, decisions, outbox } from '../../../server/adapters/db/sqlite/schema/index';
import { findConversation } from '../../../server/core/services/sidebar-context';
import { decide, DEFAULT_RULE_SET } from '../../../shared/engine/index';
import { buildFacts } from '../../shared/engine/facts';

const KF = 'wkMoonshiftDemo01';
const XIAOMING = 'wmDemoCustomer0001';
let p: TestProduct;
let zhang: string;
let li: string;

async function api(cookie: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${p.url}/api/sidebar${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, ...sameOrigin(p.url), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  p = await startProduct();
  zhang = await signIn(p.url, 'zhangsan');
  li = await signIn(p.url, 'lisi');
  await p.sim.customerSend({ open_kfid: KF, external_userid: XIAOMING, nickname: '小明', msgtype: 'text', content: '你好，在吗' });
  // the night reply is queued for the customer (the bot's side of the conversation)
  await waitFor(async () => {
    const conv = await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING));
    return conv && p.deps.db.select().from(outbox).where(eq(outbox.conversationId, conv.id)).all().some((r) => r.kind.startsWith('send') && r.status === 'sent') ? conv : undefined;
  });
});
afterAll(async () => { await p?.stop(); });

describe('the conversation', () => {
  it('lists customer and bot messages oldest first, each bot message with what WeCom made of it', async () => {
    const conv = (await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING)))!;
    const refused = p.deps.db.select().from(outbox).where(eq(outbox.conversationId, conv.id)).all().find((r) => r.kind.startsWith('send'))!;
    p.deps.db.insert(outbox).values({ ...refused, id: undefined, msgid: `${refused.msgid}-refused`, status: 'failed', errcode: 95018, createdAt: refused.createdAt + 1, updatedAt: refused.createdAt + 1, sentAt: null } as typeof outbox.$inferInsert).run();
    const r = await api(zhang, `/context?externalUserid=${XIAOMING}`);
    const list = r.body.messages as { from: string; at: number; delivery: { status: string; reason: { zh: string } | null } | null }[];
    expect(list.map((m) => m.at)).toEqual([...list.map((m) => m.at)].sort((a, b) => a - b));
    expect(list[0]!.from).toBe('customer');
    const bot = list.filter((m) => m.from === 'bot');
    expect(bot.some((m) => m.delivery?.status === 'sent')).toBe(true);
    const failed = bot.find((m) => m.delivery?.status === 'failed');
    expect(failed?.delivery?.reason?.zh).toContain('95018');
    expect(list.filter((m) => m.from === 'customer').every((m) => m.delivery === null)).toBe(true);
  });
});

describe('notes and tags', () => {
  it('saves an agent\'s note and tags with their name, and refuses a stale edit instead of overwriting it', async () => {
    const before = (await api(zhang, `/context?externalUserid=${XIAOMING}`)).body.profile;
    expect(before).toEqual({ note: '', tags: [], updatedByName: null, updatedAt: null });
    const saved = await api(zhang, `/customer-profile?externalUserid=${XIAOMING}`, { method: 'PUT', body: { note: ' 老客户，周末常来问 ', tags: ['VIP', 'VIP', '退款'], baseUpdatedAt: null } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ note: '老客户，周末常来问', tags: ['VIP', '退款'], updatedByName: '张三' });
    // a colleague who loaded the empty notes before cannot overwrite them
    const stale = await api(zhang, `/customer-profile?externalUserid=${XIAOMING}`, { method: 'PUT', body: { note: '覆盖', tags: [], baseUpdatedAt: null } });
    expect(stale.status).toBe(409);
    expect((await api(zhang, `/context?externalUserid=${XIAOMING}`)).body.profile).toMatchObject({ note: '老客户，周末常来问', tags: ['VIP', '退款'] });
  });

  it('rejects bad input with a 400 and keeps what was there', async () => {
    const profile = (await api(zhang, `/context?externalUserid=${XIAOMING}`)).body.profile;
    const long = await api(zhang, `/customer-profile?externalUserid=${XIAOMING}`, { method: 'PUT', body: { note: 'x', tags: ['一个非常非常非常非常非常非常长的标签名字超过二十个字'], baseUpdatedAt: profile.updatedAt } });
    expect(long.status).toBe(400);
    expect((await api(zhang, `/customer-profile?externalUserid=${XIAOMING}`, { method: 'PUT', body: { note: 5 } })).status).toBe(400);
    expect((await api(zhang, `/context?externalUserid=${XIAOMING}`)).body.profile).toEqual(profile);
  });

  it('lets no one outside the customer\'s team edit them', async () => {
    const r = await api(zhang, '/customer-profile?externalUserid=wmNobody', { method: 'PUT', body: { note: 'x', tags: [], baseUpdatedAt: null } });
    expect([403, 404]).toContain(r.status);
  });
});

describe('status', () => {
  it('does not log or announce pressing the status one already has', async () => {
    await api(li, '/me/status', { method: 'PUT', body: { status: 'online' } });
    const rows = () => p.deps.db.select().from(agentStatusHistory).where(eq(agentStatusHistory.userid, 'lisi')).all().length;
    const n = rows();
    const again = await api(li, '/me/status', { method: 'PUT', body: { status: 'online' } });
    expect(again.body.status).toBe('online');
    expect(rows()).toBe(n);
    expect((await api(li, '/me/history')).body.items.filter((h: { from: string; to: string }) => h.from === h.to)).toEqual([]);
  });

  it('says who can take a customer, so the panel can say plainly when nobody can', async () => {
    for (const who of [zhang, li]) await api(who, '/me/status', { method: 'PUT', body: { status: 'moon' } });
    const roster = (await api(zhang, '/duty')).body;
    const away = roster.roster.filter((a: { status: string }) => !['online', 'busy'].includes(a.status)).map((a: { userid: string }) => a.userid);
    expect(roster.reachable).toEqual(roster.roster.filter((a: { userid: string }) => !away.includes(a.userid)).map((a: { userid: string }) => a.userid));
    expect(roster.reachable).not.toContain('zhangsan');
    await api(li, '/me/status', { method: 'PUT', body: { status: 'online' } });
    expect((await api(zhang, '/duty')).body.reachable).toContain('lisi');
  });
});

describe('the "why" view', () => {
  it('speaks with names and intent labels, never user ids, intent ids or the rule-set version', async () => {
    const conv = (await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING)))!;
    const facts = buildFacts({ at: '2026-11-26T10:30:00+08:00', window: 'open', agent: 'online', text: '我要投诉，你们太差了', intent: 'complaint', emotion: 0.9 });
    const { actions, trace } = decide(facts, DEFAULT_RULE_SET, facts.now);
    p.deps.db.insert(decisions).values({
      conversationId: conv.id, causeMsgid: 'm-why', trigger: 'message', ruleSetVersion: trace.version, at: p.clock.now(),
      // the engine's test facts put `zhang` on duty: here the transfer and the alert go to 李四, a real colleague
      actions: JSON.stringify(actions), trace: JSON.stringify(trace).replaceAll('"zhang"', '"lisi"'), facts: '{}',
    }).run();
    const item = (await api(zhang, `/decisions?conversationId=${conv.id}`)).body.items[0];
    const zh = item.lines.zh.join('\n');
    expect(zh).toContain('意图 投诉');
    expect(zh).not.toContain('complaint');
    expect(zh).not.toContain(trace.version);
    expect(zh).toContain('李四');
    expect(zh).not.toMatch(/\b(zhangsan|lisi|wangwu)\b/);
    expect(item.lines.en.join('\n')).toContain('intent Complaint');
  });
});

describe('quick-reply previews', () => {
  it('previews the lunch notice for the next lunch break, not for the moment it is read', async () => {
    // the test clock stands on a workday night (Thu 22:00): the night notice reopens at 09:00, the lunch notice at 14:00
    const items = (await api(zhang, `/quick-replies?externalUserid=${XIAOMING}`)).body.items as { kind: string; preview: string }[];
    expect(items.find((i) => i.kind === 'lunch')!.preview).toContain('明天 14:00恢复人工服务');
    expect(items.find((i) => i.kind === 'night')!.preview).toContain('明天 09:00上线');
  });
});
