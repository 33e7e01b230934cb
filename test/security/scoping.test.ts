/**
 * @module Team scoping through real HTTP: every sidebar and appointment route called as an agent of the other
 * team (售后) and as an agent of no team shows nothing of a customer of the main team — no messages, phone
 * number, nickname, decisions, appointment or form link — while the main team's agent sees it all; every
 * admin route refuses a non-admin (403) and an anonymous caller (401); forged, expired and unknown-user
 * cookies are refused; a duty manager's deep link opens exactly one conversation, read-only, for a while.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { serializeSigned } from 'hono/utils/cookie';
import { startProduct, type TestProduct } from '../support/product';
import { sameOrigin, signIn } from '../support/auth';
import { waitFor } from '../support/wait';
import { appointments, conversations, kfServicers, messages } from '../../server/adapters/db/sqlite/schema/index';
import { DEMO_AFTER_SALES_KF, DEMO_KF } from '../../server/app/demo/seed-data';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { conversationLink, conversationLinkToken } from '../../server/core/access/conversation-link';
import { appointmentLink, formToken } from '../../server/core/appointments/link';
import { SESSION_COOKIE } from '../../server/http/session';
import { concretePath } from './support/app';
import { figure } from './support/figures';

const XIAOMING = 'wmDemoCustomer0001';
const XIAOHONG = 'wmDemoCustomer0002';
const PHONE_A = '13800138000';
const TEXT_A = `我的订单还没到，电话 ${PHONE_A}`;

let p: TestProduct;
let mainTeam: string;
let afterSales: string;
let noTeam: string;
let admin: string;
let convA: { id: number };
let convB: { id: number };
let msgA: string;
let ownReply: string;

async function call(cookie: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${p.url}${path}`, {
    method, redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...sameOrigin(p.url), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // An event stream never ends: read its first event only.
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) { const { value, done } = await reader.read(); if (done) break; text += value; }
    await reader.cancel();
    return { status: res.status, text };
  }
  return { status: res.status, text: await res.text() };
}

/** What must never reach another team: the customer's words, phone number, nickname, form link. */
function leaks(text: string): string[] {
  const found: string[] = [];
  if (text.includes(PHONE_A) || text.includes('138****8000')) found.push('phone');
  if (text.includes('我的订单还没到')) found.push('message text');
  if (text.includes('小明')) found.push('nickname');
  if (text.includes(`/f/${convA.id}.`)) found.push('form link');
  if (new RegExp(`"conversationId":${convA.id}\\b`).test(text)) found.push('conversation id');
  return found;
}

/** A request for each sidebar/appointment route, naming the main team's customer where the route names one. */
function requestFor(key: string): { method: string; path: string; body?: unknown } {
  const [method, pattern] = key.split(' ') as [string, string];
  const scope = ROUTE_POLICIES[key]?.scope;
  let path = concretePath(pattern).replace('/messages/x/', `/messages/${msgA}/`).replace('/quick-replies/x', `/quick-replies/${ownReply}`);
  if (scope && 'customer' in scope) path += `?externalUserid=${XIAOMING}`;
  if (scope && 'conversation' in scope) path += `?conversationId=${convA.id}`;
  if (pattern === '/api/sidebar/jssdk/config') path += `?url=${encodeURIComponent(`${p.url}/sidebar/`)}`;
  const bodies: Record<string, unknown> = {
    'PUT /api/sidebar/me/status': { status: 'busy' },
    'POST /api/sidebar/quick-replies': { name: 'x', msgtype: 'text', body: '{{customer.nickname}} {{form_link}}' },
    'PUT /api/sidebar/quick-replies/:id': { name: 'x', msgtype: 'text', body: 'y' },
    'POST /api/sidebar/messages/:msgid/intent': { intent: 'complaint' },
  };
  return { method, path, ...(key in bodies ? { body: bodies[key] } : {}) };
}

async function customerWrites(openKfid: string, externalUserid: string, text: string) {
  await p.sim.customerSend({ open_kfid: openKfid, external_userid: externalUserid, msgtype: 'text', content: text });
  return waitFor(() => p.deps.db.select().from(conversations)
    .where(and(eq(conversations.openKfid, openKfid), eq(conversations.externalUserid, externalUserid))).get(), { what: `${externalUserid}'s conversation` });
}

beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  // zhangsan serves no 微信客服 account; lisi serves the main one; sunqi 售后.
  p.deps.db.delete(kfServicers).where(eq(kfServicers.userid, 'zhangsan')).run();
  convA = await customerWrites(DEMO_KF.open_kfid, XIAOMING, TEXT_A);
  convB = await customerWrites(DEMO_AFTER_SALES_KF.open_kfid, XIAOHONG, '售后问题：耳机坏了');
  msgA = (await waitFor(() => p.deps.db.select().from(messages).where(eq(messages.conversationId, convA.id)).get())).msgid;
  // The customer books a call-back through the form link the bot would send.
  const link = new URL(appointmentLink(p.deps, convA.id));
  const form = await (await fetch(`${p.url}${link.pathname}`)).text();
  const slot = /<option value="(\d+)" +>/.exec(form)![1]!;
  const booked = await fetch(`${p.url}${link.pathname}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ name: '小明', mobile: PHONE_A, slot, question: '退货' }) });
  expect(booked.status).toBe(303);
  expect(p.deps.db.select().from(conversations).where(eq(conversations.servicerUserid, 'zhangsan')).all()).toEqual([]);
  [mainTeam, afterSales, noTeam, admin] = await Promise.all(['lisi', 'sunqi', 'zhangsan', 'wangwu'].map((u) => signIn(p.url, u))) as [string, string, string, string];
  const created = await call(mainTeam, 'POST', '/api/sidebar/quick-replies', { name: '私人', msgtype: 'text', body: '您好' });
  ownReply = (JSON.parse(created.text) as { template: { id: string } }).template.id;
});
afterAll(async () => { await p?.stop(); });

describe('an agent sees only the customers of the 微信客服 accounts they serve', () => {
  const agentRoutes = () => Object.keys(ROUTE_POLICIES).filter((k) => k.includes(' /api/sidebar/') && ROUTE_POLICIES[k]!.who === 'agent');

  it('the main team\'s agent sees the customer (the control)', async () => {
    const ctx = await call(mainTeam, 'GET', `/api/sidebar/context?externalUserid=${XIAOMING}`);
    expect(leaks(ctx.text)).toEqual(expect.arrayContaining(['message text', 'phone', 'nickname']));
    expect(leaks((await call(mainTeam, 'GET', `/api/sidebar/quick-replies?externalUserid=${XIAOMING}`)).text)).toContain('form link');
    expect((await call(mainTeam, 'GET', `/api/sidebar/decisions?conversationId=${convA.id}`)).status).toBe(200);
    expect(leaks((await call(mainTeam, 'GET', `/api/sidebar/appointments?externalUserid=${XIAOMING}`)).text)).toContain('phone');
  });

  it.each([['售后 (the other team)', () => afterSales], ['no team', () => noTeam]])('every sidebar and appointment route as an agent of %s shows nothing of the customer', async (who, cookie) => {
    const results: string[] = [];
    let refused = 0;
    for (const key of [...agentRoutes(), 'GET /api/admin/appointments']) {
      const r = requestFor(key);
      const res = await call(cookie(), r.method, r.path, r.body);
      if (res.status === 403 || res.status === 404) refused++;
      const found = leaks(res.text);
      if (found.length > 0 || res.status >= 500) results.push(`${key} → ${res.status} ${found.join(', ')}`);
    }
    const intent = p.deps.db.select({ i: messages.intent }).from(messages).where(eq(messages.msgid, msgA)).get()?.i;
    figure(`sidebar and appointment routes as an agent of ${who}`, { tried: agentRoutes().length + 1, refused, stored: intent === 'complaint' ? 1 : 0, leaked: results.length });
    expect(results).toEqual([]);
    expect(intent).not.toBe('complaint');
  });

  it('answers another team\'s IDs exactly like missing ones (no enumeration)', async () => {
    for (const [path, missing] of [
      [`/api/sidebar/decisions?conversationId=${convA.id}`, '/api/sidebar/decisions?conversationId=999999'],
      [`/api/sidebar/messages/${msgA}/intent`, '/api/sidebar/messages/no-such-msg/intent'],
    ] as const) {
      const method = path.includes('/intent') ? 'POST' : 'GET';
      const body = method === 'POST' ? { intent: 'complaint' } : undefined;
      const foreign = await call(afterSales, method, path, body);
      const none = await call(afterSales, method, missing, body);
      expect(foreign.status).toBe(404);
      expect(none.status).toBe(404);
      expect(JSON.parse(foreign.text).error.code).toBe(JSON.parse(none.text).error.code);
    }
    const foreignCtx = JSON.parse((await call(afterSales, 'GET', `/api/sidebar/context?externalUserid=${XIAOMING}`)).text);
    const unknownCtx = JSON.parse((await call(afterSales, 'GET', '/api/sidebar/context?externalUserid=wmNobodyAtAll')).text);
    expect({ ...foreignCtx, externalUserid: 'x' }).toEqual({ ...unknownCtx, externalUserid: 'x' });
  });

  it('the 售后 agent sees their own team\'s customer, and an agent sees their own appointments whichever team', async () => {
    expect(JSON.parse((await call(afterSales, 'GET', `/api/sidebar/context?externalUserid=${XIAOHONG}`)).text).conversation).toMatchObject({ id: convB.id });
    const row = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, convA.id)).get()!;
    p.deps.db.update(appointments).set({ agentUserid: 'sunqi' }).where(eq(appointments.id, row.id)).run();
    try {
      const mine = JSON.parse((await call(afterSales, 'GET', `/api/sidebar/appointments?externalUserid=${XIAOHONG}`)).text) as { mine: { id: number }[] };
      expect(mine.mine.map((a) => a.id)).toContain(row.id);
    } finally {
      p.deps.db.update(appointments).set({ agentUserid: row.agentUserid }).where(eq(appointments.id, row.id)).run();
    }
  });
});

describe('admin routes', () => {
  it('refuse a non-admin agent (403) and an anonymous caller (401), every one', async () => {
    const keys = Object.keys(ROUTE_POLICIES).filter((k) => ROUTE_POLICIES[k]!.who === 'admin');
    const wrong: string[] = [];
    for (const key of keys) {
      const [method, pattern] = key.split(' ') as [string, string];
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const asAgent = await call(mainTeam, method, concretePath(pattern), body);
      const anonymous = await call(undefined, method, concretePath(pattern), body);
      if (asAgent.status !== 403) wrong.push(`${key} as agent → ${asAgent.status}`);
      if (anonymous.status !== 401) wrong.push(`${key} anonymous → ${anonymous.status}`);
    }
    figure('admin routes as a non-admin and anonymously', { tried: keys.length * 2, refused: keys.length * 2 - wrong.length, stored: 0 });
    expect(keys.length).toBeGreaterThan(60);
    expect(wrong).toEqual([]);
    const page = await call(mainTeam, 'GET', '/admin/');
    expect(page.status).toBe(403);
    expect((await call(undefined, 'GET', '/admin/')).status).toBe(302);
  });
});

describe('forged cookies', () => {
  it('refuses a tampered, a foreign-secret, an expired and an unknown member\'s session', async () => {
    const future = p.clock.now() + 3_600_000;
    const cookie = async (secret: string, uid: string, exp: number) =>
      (await serializeSigned(SESSION_COOKIE, JSON.stringify({ uid, exp }), secret)).split(';')[0]!;
    const secret = p.deps.config.sessionSecret;
    const cases: [string, string, number][] = [
      ['MAC of another value', admin.replace(/wangwu/g, 'lisi'), 401],
      ['truncated MAC', `${admin.slice(0, -6)}`, 401],
      ['unsigned JSON', `${SESSION_COOKIE}=${encodeURIComponent(JSON.stringify({ uid: 'wangwu', exp: future }))}`, 401],
      ['signed with another secret', await cookie('some-other-secret-that-is-long-enough-0123', 'wangwu', future), 401],
      ['expired', await cookie(secret, 'wangwu', p.clock.now() - 1000), 401],
      ['a member who is not an agent', await cookie(secret, 'ghost', future), 403],
    ];
    const wrong: string[] = [];
    for (const [name, c, expected] of cases) {
      const status = (await call(c, 'GET', '/api/admin/admins')).status;
      if (status !== expected) wrong.push(`${name}: ${status}`);
    }
    figure('forged session cookies', { tried: cases.length, refused: cases.length - wrong.length, stored: 0 });
    expect(wrong).toEqual([]);
  });
});

describe('a duty manager\'s deep link', () => {
  it('opens one conversation read-only, and nothing else', async () => {
    const url = new URL(conversationLink({ config: p.deps.config, now: p.deps.clock.now() }, convA.id));
    expect(url.pathname).toBe('/sidebar/');
    expect(url.hash).toBe(`#/c/${convA.id}`);
    const token = url.searchParams.get('link')!;
    const link = `link=${encodeURIComponent(token)}`;
    expect(JSON.parse((await call(undefined, 'GET', `/api/sidebar/link?${link}`)).text)).toMatchObject({ conversationId: convA.id, externalUserid: XIAOMING, openKfid: DEMO_KF.open_kfid });
    expect(leaks((await call(undefined, 'GET', `/api/sidebar/context?externalUserid=${XIAOMING}&${link}`)).text)).toContain('phone');
    expect((await call(undefined, 'GET', `/api/sidebar/decisions?conversationId=${convA.id}&${link}`)).status).toBe(200);

    const now = p.clock.now();
    const refusals: [string, string, number][] = [
      ['another conversation\'s decisions', `/api/sidebar/decisions?conversationId=${convB.id}&${link}`, 404],
      ['quick replies (no link access)', `/api/sidebar/quick-replies?externalUserid=${XIAOMING}&${link}`, 401],
      ['appointments (no link access)', `/api/sidebar/appointments?externalUserid=${XIAOMING}&${link}`, 401],
      ['an admin route', `/api/admin/admins?${link}`, 401],
      ['an expired link', `/api/sidebar/link?link=${conversationLinkToken(p.deps.config.sessionSecret, convA.id, now - 1000)}`, 401],
      ['a tampered link', `/api/sidebar/link?link=${token.replace(/^\d+/, String(convB.id))}`, 401],
      ['an appointment-form token used as a link', `/api/sidebar/link?link=${formToken(p.deps.config.sessionSecret, convA.id, now + 3_600_000)}`, 401],
    ];
    const wrong: string[] = [];
    for (const [name, path, expected] of refusals) {
      const r = await call(undefined, 'GET', path);
      if (r.status !== expected) wrong.push(`${name}: ${r.status}`);
    }
    const other = JSON.parse((await call(undefined, 'GET', `/api/sidebar/context?externalUserid=${XIAOHONG}&${link}`)).text);
    figure('conversation deep link misuse', { tried: refusals.length + 1, refused: refusals.length - wrong.length + (other.conversation === null ? 1 : 0), stored: 0 });
    expect(wrong).toEqual([]);
    expect(other).toMatchObject({ conversation: null, messages: [], nickname: null });
  });
});
