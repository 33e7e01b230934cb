/**
 * @module Demo mode fails closed: a host that looks like production (PUBLIC_BASE_URL or SESSION_SECRET set) but
 * lost WECOM_SECRET refuses to start instead of running the demo with its public session secret, the demo
 * listens on loopback only, live mode names every missing variable — and in live mode the demo's open APIs do
 * not exist and a cookie forged with the demo's public secret is worthless. `npm start` with no env still just
 * works (test/server/start.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeSigned } from 'hono/utils/cookie';
import { ConfigError, parseEnv } from '../../server/app/env';
import { startMoonshift, type Moonshift } from '../../server/app/start';
import { startSimulator, type RunningSimulator } from '../../server/wecom-sim/index';
import { SESSION_COOKIE } from '../../server/http/session';
import { DEMO_SIM_SEED } from '../../server/app/demo/seed-data';
import { figure } from './support/figures';

const SECRET = 'production-session-secret-0123456789abcdef';
const refusal = (env: Record<string, string>) => {
  try { parseEnv(env); return undefined; } catch (err) { return err instanceof ConfigError ? err.message : String(err); }
};

describe('configuration', () => {
  it('refuses demo mode on a host that looks like production, or off loopback, unless MOONSHIFT_DEMO=1', () => {
    const refused: [string, Record<string, string>][] = [
      ['PUBLIC_BASE_URL without WECOM_SECRET', { PUBLIC_BASE_URL: 'https://cs.example.com' }],
      ['SESSION_SECRET without WECOM_SECRET', { SESSION_SECRET: SECRET }],
      ['both without WECOM_SECRET', { PUBLIC_BASE_URL: 'https://cs.example.com', SESSION_SECRET: SECRET }],
      ['demo on all interfaces', { HOST: '0.0.0.0' }],
      ['demo on a LAN address', { HOST: '192.168.1.20' }],
      ['MOONSHIFT_DEMO=1 with WECOM_SECRET', { MOONSHIFT_DEMO: '1', WECOM_SECRET: 's' }],
    ];
    const messages = refused.map(([, env]) => refusal(env));
    figure('demo mode start-up on production-like configuration', { tried: refused.length, refused: messages.filter(Boolean).length, stored: 0 });
    expect(messages.every(Boolean), JSON.stringify(messages)).toBe(true);
    expect(messages[0]).toMatch(/WECOM_SECRET.*MOONSHIFT_DEMO=1/s);
    expect(messages[3]).toMatch(/loopback/);

    expect(parseEnv({})).toMatchObject({ mode: 'demo', host: '127.0.0.1' });
    const onPurpose = parseEnv({ MOONSHIFT_DEMO: '1', SESSION_SECRET: SECRET, HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://demo.example.com' });
    expect(onPurpose).toMatchObject({ mode: 'demo', host: '0.0.0.0', sessionSecret: SECRET });
  });

  it('lists every missing variable in live mode', () => {
    const message = refusal({ WECOM_SECRET: 's', WECOM_CORP_ID: 'ww1' });
    for (const v of ['WECOM_AGENT_ID', 'WECOM_CALLBACK_TOKEN', 'WECOM_ENCODING_AES_KEY', 'SESSION_SECRET', 'PUBLIC_BASE_URL']) expect(message).toContain(v);
    expect(message).not.toContain('WECOM_CORP_ID');
    expect(refusal({ TRUSTED_PROXIES: 'not-an-ip' })).toMatch(/TRUSTED_PROXIES/);
    expect(parseEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1 ,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it('stops the process with the message, before listening, when production variables lack WECOM_SECRET', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-failclosed-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/app/main.ts'], {
        env: { PATH: process.env.PATH, PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'db.sqlite'), PUBLIC_BASE_URL: 'https://cs.example.com', WEB_DIST: join(dir, 'none') },
        encoding: 'utf8', timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/refuses to start in demo mode/);
      expect(r.stdout).not.toContain('Moonshift is running');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('live mode', () => {
  let sim: RunningSimulator;
  let app: Moonshift;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-live-'));
    sim = await startSimulator({ corpId: 'wwLiveCorp', corpSecret: 'live-secret', seed: DEMO_SIM_SEED });
    app = await startMoonshift({
      PORT: '0', DATABASE_PATH: join(dir, 'db.sqlite'), LOG_LEVEL: 'silent', WECOM_SECRET: 'live-secret', WECOM_CORP_ID: 'wwLiveCorp',
      WECOM_AGENT_ID: '1000002', WECOM_CALLBACK_TOKEN: 'liveToken', WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      WECOM_API_BASE: sim.url, SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'http://127.0.0.1', ADMIN_USERIDS: 'wangwu',
    });
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no open status API or demo API, and a cookie forged with the demo\'s public secret opens nothing', async () => {
    const demoSecret = parseEnv({}).sessionSecret;
    const forged = (await serializeSigned(SESSION_COOKIE, JSON.stringify({ uid: 'wangwu', exp: Date.now() + 3_600_000 }), demoSecret)).split(';')[0]!;
    const attempts: [string, string, RequestInit, number][] = [
      ['list agents', '/api/agents', {}, 404],
      ['set a status without a session', '/api/agents/zhangsan/status', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":"moon"}' }, 404],
      ['demo session', '/demo/api/session', {}, 404],
      ['demo customer message', '/demo/api/customers/wmDemoCustomer0001/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' }, 404],
      ['forged admin cookie on the admin API', '/api/admin/admins', { headers: { cookie: forged } }, 401],
      ['forged admin cookie on /auth/me', '/auth/me', { headers: { cookie: forged } }, 401],
    ];
    const wrong: string[] = [];
    for (const [name, path, init, expected] of attempts) {
      const status = (await fetch(`${app.url}${path}`, init)).status;
      if (status !== expected) wrong.push(`${name}: ${status}`);
    }
    figure('demo-only APIs and demo-secret cookies in live mode', { tried: attempts.length, refused: attempts.length - wrong.length, stored: 0 });
    expect(wrong).toEqual([]);
    const login = await fetch(`${app.url}/auth/login`, { redirect: 'manual' });
    expect(new URL(login.headers.get('location')!).host).toBe('open.weixin.qq.com');
  });
});
