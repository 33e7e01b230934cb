import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORP_ID, SECRET, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

describe('wecom-sim access token', () => {
  it('issues a token valid for 7200 s and answers every call with errcode and errmsg', async () => {
    const res = await fetch(`${env.sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    const body = await res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(typeof body.access_token).toBe('string');
    const list = await env.call('kf/account/list', {}, { token: body.access_token as string });
    expect(list.errcode).toBe(0);
  });

  it('goes by its configured lifetime (expires_in and 42001), and the state lists when each secret\'s tokens were issued', async () => {
    await env.close();
    env = await setup({ tokenTtlMs: 330_000 });
    const gettoken = (secret: string) => fetch(`${env.sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${secret}`).then((r) => r.json() as Promise<{ access_token: string; expires_in: number }>);
    const first = await gettoken(SECRET);
    expect(first.expires_in).toBe(330);
    const issuedAt = env.clock.t;
    env.clock.advance(1_000);
    await gettoken('contact-secret');
    await gettoken(SECRET);
    expect((await env.ctl.state()).tokensIssued).toEqual({ app: [issuedAt, issuedAt + 1_000], contact: [issuedAt + 1_000] });
    env.clock.advance(329_000);
    expect((await env.call('kf/account/list', {}, { token: first.access_token })).errcode).toBe(42001);
  });

  it('rejects a wrong secret with 40001 and accepts another configured app secret', async () => {
    const bad = await (await fetch(`${env.sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=nope`)).json();
    expect(bad).toMatchObject({ errcode: 40001 });
    const other = await (await fetch(`${env.sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=contact-secret`)).json();
    expect(other).toMatchObject({ errcode: 0 });
  });

  it('answers 41001 without a token, 40014 for an unknown one and 42001 once expired', async () => {
    expect((await env.call('kf/account/list', {}, { token: null })).errcode).toBe(41001);
    expect((await env.call('kf/account/list', {}, { token: 'forged' })).errcode).toBe(40014);
    const token = await env.token();
    env.clock.advance(7199_000);
    expect((await env.call('kf/account/list', {}, { token })).errcode).toBe(0);
    env.clock.advance(1_000);
    expect((await env.call('kf/account/list', {}, { token })).errcode).toBe(42001);
  });

  it('answers 40014 for every token after a revocation, and a fresh token works', async () => {
    const token = await env.token();
    await env.ctl.setFaults({ revokeTokens: true });
    expect((await env.call('kf/account/list', {}, { token })).errcode).toBe(40014);
    const fresh = await (await fetch(`${env.sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`)).json() as { access_token: string };
    expect((await env.call('kf/account/list', {}, { token: fresh.access_token })).errcode).toBe(0);
  });

  it('hands out corp and app JS tickets and limits the app ticket per hour', async () => {
    expect(await env.call('get_jsapi_ticket')).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(await env.call('ticket/get?type=agent_config')).toMatchObject({ errcode: 0, expires_in: 7200 });
    await env.close();
    env = await setup({ unknowns: { agentTicketPerHour: 2 } });
    expect((await env.call('ticket/get?type=agent_config')).errcode).toBe(0);
    expect((await env.call('ticket/get?type=agent_config')).errcode).toBe(0);
    expect((await env.call('ticket/get?type=agent_config')).errcode).toBe(45009);
    env.clock.advance(3600_000);
    expect((await env.call('ticket/get?type=agent_config')).errcode).toBe(0);
  });
});

describe('wecom-sim JS tickets in force', () => {
  it('returns the same corp and app ticket while in force, with the time left, and a new one once expired', async () => {
    const corp = await env.call('get_jsapi_ticket') as unknown as { ticket: string; expires_in: number };
    const app = await env.call('ticket/get?type=agent_config') as unknown as { ticket: string; expires_in: number };
    expect(corp.ticket).not.toBe(app.ticket);
    env.clock.advance(3600_000);
    expect(await env.call('get_jsapi_ticket')).toMatchObject({ ticket: corp.ticket, expires_in: 3600 });
    expect(await env.call('ticket/get?type=agent_config')).toMatchObject({ ticket: app.ticket, expires_in: 3600 });
    env.clock.advance(3600_000);
    const next = await env.call('get_jsapi_ticket') as unknown as { ticket: string; expires_in: number };
    expect(next.ticket).not.toBe(corp.ticket);
    expect(next.expires_in).toBe(7200);
  });
});

describe('wecom-sim OAuth', () => {
  it('lists members on the authorize page and redirects with a single-use code', async () => {
    const redirect = 'http://app.example/sidebar#/home';
    const q = new URLSearchParams({ appid: CORP_ID, redirect_uri: redirect, response_type: 'code', scope: 'snsapi_base', state: 'xyz', agentid: '1000002' });
    const page = await fetch(`${env.sim.url}/connect/oauth2/authorize?${q.toString()}`);
    const html = await page.text();
    expect(html).toContain('Alice');
    const href = /href="([^"]+userid=alice[^"]*)"/.exec(html)?.[1]?.replaceAll('&#38;', '&');
    expect(href).toBeDefined();
    const res = await fetch(`${env.sim.url}${href}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.hash).toBe('#/home');
    const code = location.searchParams.get('code') ?? '';
    expect(await env.call(`auth/getuserinfo?code=${code}`)).toMatchObject({ errcode: 0, userid: 'alice' });
    expect((await env.call(`auth/getuserinfo?code=${code}`)).errcode).toBe(40029);
  });

  it('mints codes through the control API that expire after 5 minutes', async () => {
    const { code } = await env.ctl.mintOauthCode({ userid: 'bob' });
    const { code: late } = await env.ctl.mintOauthCode({ external_userid: 'wmCustomer0001', openid: 'oX' });
    expect(await env.call(`auth/getuserinfo?code=${code}`)).toMatchObject({ userid: 'bob' });
    env.clock.advance(5 * 60_000 + 1);
    expect((await env.call(`auth/getuserinfo?code=${late}`)).errcode).toBe(40029);
    expect((await env.call('auth/getuserinfo?code=nope')).errcode).toBe(40029);
  });

  it('rejects an authorize request for another corp', async () => {
    const res = await fetch(`${env.sim.url}/connect/oauth2/authorize?appid=other&redirect_uri=http://x/&response_type=code&scope=snsapi_base`);
    expect(res.status).toBe(400);
  });
});
