import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';

let p: TestProduct;
beforeAll(async () => { p = await startProduct({ ADMIN_USERIDS: 'wangwu' }); });
afterAll(async () => { await p.stop(); });

describe('WeCom OAuth sign-in', () => {
  it('signs an agent in through the authorize page and returns to the requested page', async () => {
    const login = await fetch(`${p.url}/auth/login?next=${encodeURIComponent('/sidebar/#/status')}`, { redirect: 'manual' });
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('scope')).toBe('snsapi_base');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${p.url}/auth/callback`);
    const cookie = await signIn(p.url, 'lisi');
    const me = await fetch(`${p.url}/auth/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ userid: 'lisi', name: '李四', isAdmin: false });
  });

  it('marks members listed in ADMIN_USERIDS as admins', async () => {
    const cookie = await signIn(p.url, 'wangwu');
    expect(await (await fetch(`${p.url}/auth/me`, { headers: { cookie } })).json()).toMatchObject({ isAdmin: true });
  });

  it('sets an HttpOnly cookie and never shows the session secret', async () => {
    const r = await fetch(`${p.url}/auth/login`, { redirect: 'manual' });
    expect(r.headers.get('location')).not.toContain(p.deps.config.sessionSecret);
    const cookie = await signIn(p.url, 'zhangsan');
    expect(cookie).toMatch(/^ms_session=/);
  });

  it('answers 401 to a missing or forged cookie', async () => {
    expect((await fetch(`${p.url}/auth/me`)).status).toBe(401);
    const real = await signIn(p.url, 'lisi');
    const forged = real.replace(/lisi/g, 'wangwu');
    expect((await fetch(`${p.url}/auth/me`, { headers: { cookie: forged } })).status).toBe(401);
    const tampered = `${real.slice(0, -3)}abc`;
    expect((await fetch(`${p.url}/auth/me`, { headers: { cookie: tampered } })).status).toBe(401);
  });

  it('refuses a tampered state (400), a reused state (400) and a reused code (401)', async () => {
    const start = async () => {
      const login = await fetch(`${p.url}/auth/login`, { redirect: 'manual' });
      const binding = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('ms_oauth='))!;
      return { state: new URL(login.headers.get('location')!).searchParams.get('state')!, cookie: binding };
    };
    const first = await start();
    const { code } = await p.sim.mintOauthCode({ userid: 'lisi' });
    const callback = (state: string, cookie: string) => fetch(`${p.url}/auth/callback?code=${code}&state=${state}`, { redirect: 'manual', headers: { cookie } });
    expect((await callback(`${first.state}x`, first.cookie)).status).toBe(400);
    expect((await callback(first.state, first.cookie)).status).toBe(302);
    expect((await callback(first.state, first.cookie)).status).toBe(400);
    const second = await start();
    expect((await callback(second.state, second.cookie)).status).toBe(401);
  });

  it('rejects a redirect target on another site', async () => {
    expect((await fetch(`${p.url}/auth/login?next=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' })).status).toBe(400);
  });
});
