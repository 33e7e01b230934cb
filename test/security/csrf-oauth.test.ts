/**
 * @module Login CSRF and request forgery through real HTTP: an OAuth state works once, only in the browser that
 * started the sign-in, only before it expires, and any state we did not issue is a 400 (never a 500); every
 * cookie-authenticated state-changing route refuses a request that is not from our own pages (Origin /
 * Sec-Fetch-Site), JSON routes take JSON only, and nothing is changed by a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { startProduct, type TestProduct } from '../support/product';
import { signIn } from '../support/auth';
import { agentStatusHistory, auditLog } from '../../server/adapters/db/sqlite/schema/index';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { concretePath } from './support/app';
import { figure } from './support/figures';

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p?.stop(); });

const changes = () => p.deps.db.select().from(auditLog).all().length + p.deps.db.select().from(agentStatusHistory).all().length;

describe('OAuth state', () => {
  async function startSignIn() {
    const login = await fetch(`${p.url}/auth/login`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ms_oauth='))!;
    return { state: new URL(login.headers.get('location')!).searchParams.get('state')!, cookie };
  }
  const callback = async (state: string, cookie: string | undefined, userid = 'lisi') => {
    const { code } = await p.sim.mintOauthCode({ userid });
    const res = await fetch(`${p.url}/auth/callback?code=${code}&state=${encodeURIComponent(state)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return { status: res.status, session: res.headers.getSetCookie().some((c) => c.startsWith('ms_session=') && !c.startsWith('ms_session=;')) };
  };
  /** A state with a valid MAC around any body (the attacker would need the secret: this proves the parser, not the MAC). */
  const forge = (body: string) => {
    const b = Buffer.from(body).toString('base64url');
    return `${b}.${createHmac('sha256', p.deps.config.sessionSecret).update(`oauth-state\u0000${b}`).digest('base64url')}`;
  };

  it('is accepted once, in the browser that started the sign-in, and every other state is a 400 without a session', async () => {
    const mine = await startSignIn();
    expect(await callback(mine.state, mine.cookie)).toEqual({ status: 302, session: true });
    const attacker = await startSignIn();
    const victim = await startSignIn();
    const binding = JSON.parse(Buffer.from(mine.state.split('.')[0]!, 'base64url').toString()) as { b: string };
    const cases: [string, string, string | undefined][] = [
      ['reused state', mine.state, mine.cookie],
      ['another browser\'s state (victim has no sign-in cookie)', attacker.state, undefined],
      ['another browser\'s state (victim has their own sign-in cookie)', attacker.state, victim.cookie],
      ['tampered state', `${victim.state}x`, victim.cookie],
      ['state without MAC', victim.state.split('.')[0]!, victim.cookie],
      ['valid MAC, not JSON', forge('not json at all'), victim.cookie],
      ['valid MAC, JSON of the wrong shape', forge('{"n":1}'), victim.cookie],
      ['valid MAC, expired', forge(JSON.stringify({ n: '/sidebar/', e: p.clock.now() - 1, b: binding.b })), mine.cookie],
      ['valid MAC, next on another site', forge(JSON.stringify({ n: '//evil.example/', e: p.clock.now() + 60_000, b: binding.b })), mine.cookie],
      ['empty state', '', victim.cookie],
    ];
    const wrong: string[] = [];
    let sessions = 0;
    for (const [name, state, cookie] of cases) {
      const r = await callback(state, cookie);
      if (r.session) sessions++;
      if (r.status !== 400) wrong.push(`${name}: ${r.status}`);
    }
    figure('OAuth state reuse, cross-browser and malformed', { tried: cases.length, refused: cases.length - wrong.length, stored: sessions });
    expect(wrong).toEqual([]);
    expect(sessions).toBe(0);
  });
});

describe('the admin page\'s sign-in step (/auth/signin)', () => {
  it('sends a signed-out visitor of /admin/ to it, and it goes on to /auth/login with the page plus the kept #fragment', async () => {
    const admin = await fetch(`${p.url}/admin/`, { redirect: 'manual' });
    expect(admin.status).toBe(302);
    expect(admin.headers.get('location')).toBe('/auth/signin?next=%2Fadmin%2F');
    const page = await fetch(`${p.url}/auth/signin?next=%2Fadmin%2F`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('正在前往企业微信登录');
    expect(html).toContain('href="/auth/login?next=%2Fadmin%2F"'); // without script: to the admin page's start
  });

  it('refuses (400) a next that is not a path of the admin page: no open redirect, nothing injected into the page', async () => {
    const bad = ['https://evil.example/admin/', '//evil.example/admin/', '/sidebar/', '/admin', '/admin/\\evil.example', '/admin/"><script>alert(1)</script>', '/admin/ x', '/admin/#/rules'];
    const statuses = [];
    for (const next of bad) statuses.push((await fetch(`${p.url}/auth/signin?next=${encodeURIComponent(next)}`, { redirect: 'manual' })).status);
    figure('admin sign-in step with a foreign or malformed next', { tried: bad.length, refused: statuses.filter((s) => s === 400).length, stored: 0 });
    expect(statuses).toEqual(bad.map(() => 400));
  });

  it('returns from WeCom to the admin page and the #fragment the sign-in carried', async () => {
    const login = await fetch(`${p.url}/auth/login?next=${encodeURIComponent('/admin/#/duty')}`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ms_oauth='))!;
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const { code } = await p.sim.mintOauthCode({ userid: 'wangwu' });
    const back = await fetch(`${p.url}/auth/callback?code=${code}&state=${encodeURIComponent(state)}`, { redirect: 'manual', headers: { cookie } });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/admin/#/duty');
  });
});

describe('cross-origin state changes', () => {
  const unsafe = () => Object.keys(ROUTE_POLICIES).filter((k) => !/^(GET|ALL) /.test(k) && ['agent', 'admin'].includes(ROUTE_POLICIES[k]!.who));

  it('refuses every cookie-authenticated state change not made by our own pages, changing nothing', async () => {
    const before = changes();
    const origins: [string, Record<string, string>][] = [
      ['foreign Origin', { origin: 'https://evil.example' }],
      ['foreign Origin, cross-site fetch', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
      ['same-site but not same-origin', { 'sec-fetch-site': 'same-site' }],
      ['Origin null (sandboxed frame)', { origin: 'null' }],
      ['no Origin, no Sec-Fetch-Site', {}],
    ];
    const wrong: string[] = [];
    let tried = 0;
    for (const key of [...unsafe(), 'POST /auth/logout']) {
      const [method, pattern] = key.split(' ') as [string, string];
      for (const [name, headers] of origins) {
        tried++;
        const res = await fetch(`${p.url}${concretePath(pattern)}`, { method, headers: { cookie: admin, 'content-type': 'application/json', ...headers }, body: '{}' });
        if (res.status !== 403) wrong.push(`${key} with ${name}: ${res.status}`);
      }
    }
    const stored = changes() - before;
    figure('cross-origin state changes with the admin\'s cookie', { tried, refused: tried - wrong.length, stored });
    expect(unsafe().length).toBeGreaterThan(35);
    expect(wrong).toEqual([]);
    expect(stored).toBe(0);
    // the same request from our own page goes through
    const own = await fetch(`${p.url}/api/admin/duty/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', origin: p.url }, body: '{}' });
    expect(own.status).toBe(200);
    expect((await fetch(`${p.url}/api/admin/duty/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: '{}' })).status).toBe(200);
  });

  it('takes JSON only on JSON routes (415 for a form or text body, even from our own origin)', async () => {
    const before = changes();
    const cases: [string, string, string, string][] = [
      ['PUT', '/api/admin/duty/settings', 'application/x-www-form-urlencoded', 'escalation[unansweredMs]=1'],
      ['PUT', '/api/admin/duty/settings', 'text/plain', '{}'],
      ['POST', '/api/admin/admins', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="userid"\r\n\r\nlisi\r\n--x--'],
      ['PUT', '/api/sidebar/me/status', 'text/plain', '{"status":"dnd"}'],
    ];
    const statuses = [];
    for (const [method, path, type, body] of cases) {
      statuses.push((await fetch(`${p.url}${path}`, { method, headers: { cookie: admin, origin: p.url, 'content-type': type }, body })).status);
    }
    figure('non-JSON bodies on JSON routes', { tried: cases.length, refused: statuses.filter((s) => s === 415).length, stored: changes() - before });
    expect(statuses).toEqual(cases.map(() => 415));
    expect(changes() - before).toBe(0);
  });

  it('lets a customer\'s form post through without Origin: it carries no cookie and the signed link protects it', async () => {
    const bad = await fetch(`${p.url}/f/not-a-link`, { method: 'POST', body: new URLSearchParams({ name: 'x' }) });
    expect(bad.status).toBe(400); // judged by its link, not refused for lack of Origin
  });
});
