/**
 * @module `/api/sidebar` over real HTTP against the whole product (simulator, SQLite file): agent sessions
 * are required and scoped to the agent; context, quick replies, status durations, decisions, JS-SDK and SSE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { decisions } from '../../../server/adapters/db/sqlite/schema/index';
import { findConversation } from '../../../server/core/services/sidebar-context';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import { decide, DEFAULT_RULE_SET } from '../../../shared/engine/index';
import { localParts } from '../../../shared/calendar/index';
import { buildFacts } from '../../shared/engine/facts';

const KF = 'wkMoonshiftDemo01';
const XIAOMING = 'wmDemoCustomer0001';
let p: TestProduct;
let zhang: string;
let li: string;

async function api(cookie: string | undefined, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${p.url}/api/sidebar${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(cookie ? { cookie } : {}), ...sameOrigin(p.url), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function customerSays(text: string) {
  await p.sim.customerSend({ open_kfid: KF, external_userid: XIAOMING, nickname: '小明', msgtype: 'text', content: text });
  await waitFor(async () => {
    const conv = await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING));
    return conv && (conv.lastCustomerAt ?? 0) > 0 ? conv : undefined;
  });
}

beforeAll(async () => {
  p = await startProduct();
  zhang = await signIn(p.url, 'zhangsan');
  li = await signIn(p.url, 'lisi');
});
afterAll(async () => { await p?.stop(); });

describe('sidebar sessions', () => {
  it.each(['/context?externalUserid=x', '/me/status', '/me/history', '/duty', '/quick-replies?externalUserid=x', '/decisions?conversationId=1', '/jssdk/config?url=http://a.b/', '/stream'])(
    'answers 401 to %s without a cookie', async (path) => {
      expect((await api(undefined, path)).status).toBe(401);
    });

  it('answers 401 to a forged or tampered cookie', async () => {
    expect((await api(zhang.replace(/zhangsan/g, 'lisi'), '/me/status')).status).toBe(401);
    expect((await api(`${zhang.slice(0, -4)}AAAA`, '/me/status')).status).toBe(401);
    expect((await api('ms_session=%7B%22uid%22%3A%22lisi%22%2C%22exp%22%3A9999999999999%7D', '/me/status')).status).toBe(401);
  });
});

describe('status', () => {
  it('changes only the signed-in agent and records it in today\'s history', async () => {
    const before = (await api(li, '/me/status')).body;
    const r = await api(zhang, '/me/status', { method: 'PUT', body: { status: 'dnd', duration: '30m' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ userid: 'zhangsan', status: 'dnd', source: 'manual' });
    expect(r.body.until - r.body.changedAt).toBe(30 * 60_000);
    expect((await api(li, '/me/status')).body).toEqual(before);
    const h = (await api(zhang, '/me/history')).body;
    expect(h.items.at(-1)).toMatchObject({ to: 'dnd', source: 'manual' });
    expect((await api(li, '/me/history')).body.items.some((i: { to: string }) => i.to === 'dnd')).toBe(false);
  });

  it('sets "until tomorrow" to 09:00 of the next day in the org zone', async () => {
    const r = (await api(zhang, '/me/status', { method: 'PUT', body: { status: 'dnd', duration: 'tomorrow' } })).body;
    const until = localParts(r.until, 'Asia/Shanghai');
    expect([until.hour, until.minute]).toEqual([9, 0]);
    expect(r.until).toBeGreaterThan(r.changedAt);
    expect(r.until - r.changedAt).toBeLessThanOrEqual(33 * 3_600_000);
  });

  it('offers no way to set another agent\'s status and rejects unknown statuses', async () => {
    expect((await api(zhang, '/agents/lisi/status', { method: 'PUT', body: { status: 'moon' } })).status).toBe(404);
    expect((await api(zhang, '/me/status', { method: 'PUT', body: { status: 'offline' } })).status).toBe(400);
    expect((await api(zhang, '/me/status', { method: 'PUT', body: { status: 'dnd', userid: 'lisi' } })).body.userid).toBe('zhangsan');
  });

  it('shows who is on duty and pushes status changes over SSE within a second', async () => {
    await api(li, '/me/status', { method: 'PUT', body: { status: 'online' } });
    expect((await api(zhang, '/duty')).body.a).toMatchObject({ userid: 'lisi', name: '李四' });
    const ctrl = new AbortController();
    const res = await fetch(`${p.url}/api/sidebar/stream`, { headers: { cookie: zhang }, signal: ctrl.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    const until = async (needle: string) => {
      while (!buf.includes(needle)) { const { value, done } = await reader.read(); if (done) throw new Error('stream ended'); buf += value; }
    };
    await until('event: ready');
    const t0 = Date.now();
    await api(zhang, '/me/status', { method: 'PUT', body: { status: 'moon' } });
    await until('"status":"moon"');
    expect(Date.now() - t0).toBeLessThan(1000);
    await until('event: duty');
    ctrl.abort();
  });
});

describe('customer context', () => {
  it('finds the conversation from our records and shows the last message with its intent and emotion', async () => {
    const text = '我的订单到哪了？快递三天了还没到';
    await customerSays(text);
    const expected = createIntentClassifier().classify(text);
    const r = await api(zhang, `/context?externalUserid=${XIAOMING}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ externalUserid: XIAOMING, nickname: '小明', conversation: { openKfid: KF } });
    const last = r.body.messages.filter((m: { from: string }) => m.from === 'customer').at(-1);
    expect(last).toMatchObject({ text, intent: expected.intent });
    expect(last.emotion).toBeCloseTo(expected.emotion, 5);
    expect(r.body.mainIntent.id).toBe(expected.intent);
    expect(r.body.emotionTrend.points.length).toBeGreaterThan(0);
  });

  it('answers an unknown customer with an empty context, not an error', async () => {
    const r = await api(zhang, '/context?externalUserid=wmNobody');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ conversation: null, messages: [], mainIntent: null });
  });

  it('explains the last automatic decisions in plain language', async () => {
    const conv = (await p.deps.shared.uow.read((q) => findConversation(q, XIAOMING)))!;
    const facts = buildFacts({ at: '2026-11-26T22:30:00+08:00', window: 'night', agent: 'moon', text: '在吗' });
    const { actions, trace } = decide(facts, DEFAULT_RULE_SET, facts.now);
    p.deps.db.insert(decisions).values({
      conversationId: conv.id, causeMsgid: 'm1', trigger: 'message', ruleSetVersion: trace.version, at: Date.now(),
      actions: JSON.stringify(actions), trace: JSON.stringify(trace), facts: '{}',
    }).run();
    const r = await api(zhang, `/decisions?conversationId=${conv.id}`);
    expect(r.body.items[0].lines.zh[0]).toContain('夜间');
    expect(r.body.items[0].lines.en.some((l: string) => l.startsWith('✓ rule'))).toBe(true);
  });
});

describe('quick replies', () => {
  it('renders team modules for this customer with nickname and agent name', async () => {
    const r = await api(zhang, `/quick-replies?externalUserid=${XIAOMING}`);
    const collect = r.body.items.find((i: { kind: string }) => i.kind === 'question_collect');
    expect(collect.preview).toContain('小明');
    expect(collect.preview).toContain('张三');
    expect(r.body.items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['welcome', 'emergency', 'lunch', 'appointment']));
    expect((await api(zhang, `/quick-replies?externalUserid=${XIAOMING}&q=紧急`)).body.items.every((i: { preview: string; name: string }) => `${i.name}${i.preview}`.includes('紧急'))).toBe(true);
  });

  it('keeps an agent\'s own replies private: others cannot see, change or delete them', async () => {
    const created = await api(zhang, '/quick-replies', { method: 'POST', body: { name: '我的开场', msgtype: 'text', body: '{{customer.nickname}}，我是{{agent.name}}' } });
    expect(created.status).toBe(201);
    const id = created.body.template.id;
    const mine = (await api(zhang, `/quick-replies?externalUserid=${XIAOMING}`)).body.items.find((i: { id: string }) => i.id === id);
    expect(mine).toMatchObject({ own: true, preview: '小明，我是张三' });
    expect((await api(li, `/quick-replies?externalUserid=${XIAOMING}`)).body.items.some((i: { id: string }) => i.id === id)).toBe(false);
    expect((await api(li, `/quick-replies/${id}`, { method: 'PUT', body: { name: 'x', msgtype: 'text', body: 'hacked' } })).status).toBe(404);
    expect((await api(li, `/quick-replies/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(zhang, `/quick-replies/${id}`, { method: 'PUT', body: { name: '我的开场', msgtype: 'text', body: '您好' } })).status).toBe(200);
    expect((await api(zhang, `/quick-replies/${id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('rejects unknown variables and refuses to edit team templates from the sidebar', async () => {
    const bad = await api(zhang, '/quick-replies', { method: 'POST', body: { name: 'x', msgtype: 'text', body: '{{customer.phone}}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('customer.phone');
    expect((await api(zhang, '/quick-replies/tpl_night', { method: 'DELETE' })).status).toBe(403);
  });
});

describe('JS-SDK config', () => {
  it('signs config and agentConfig for the page URL without exposing tickets or secrets', async () => {
    const r = await api(zhang, `/jssdk/config?url=${encodeURIComponent(`${p.url}/sidebar/?customer=x#/status`)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ corpId: p.deps.config.wecom.corpId, agentId: p.deps.config.wecom.agentId });
    expect(r.body.config.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(r.body.agentConfig.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(r.body.agentConfig.signature).not.toBe(r.body.config.signature);
    const raw = JSON.stringify(r.body);
    expect(raw).not.toMatch(/ticket|secret|access_token/i);
    expect((await api(zhang, '/jssdk/config?url=javascript:alert(1)')).status).toBe(400);
  });
});
