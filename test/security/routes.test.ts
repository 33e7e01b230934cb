/**
 * @module The authorisation table covers the app: every route of `app.routes` has its line (the failure names
 * the route), no line is stale, a route added without one is unreachable (404); and every surface answers with
 * its security headers — CSP, nosniff, Referrer-Policy, a framing policy (none on the sidebar), HSTS on https,
 * a fresh nonce on the server-rendered pages — on success and on error alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { startProduct, type TestProduct } from '../support/product';
import { signIn } from '../support/auth';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { surfaceOf } from '../../server/http/security-headers';
import { wallUrlIn } from '../../server/core/walls/walls';
import { appointmentLink } from '../../server/core/appointments/link';
import { concretePath, fullApp, routeKeys, unlistedRoutes } from './support/app';
import { figure } from './support/figures';

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p?.stop(); });

describe('the route table', () => {
  it('has a line for every route of the app (this failure names any route added without one)', () => {
    const app = fullApp(p);
    expect(routeKeys(app).length).toBeGreaterThan(90);
    expect(unlistedRoutes(app), 'routes without a line in server/http/access/route-table.ts — add one per route').toEqual([]);
  });

  it('has no line for a route the app does not have', () => {
    const keys = new Set(routeKeys(fullApp(p)));
    expect(Object.keys(ROUTE_POLICIES).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('denies by default: a route mounted without a line is reported and answers 404', async () => {
    const app = fullApp(p, { extra: [{ path: '/api/forgotten', app: new Hono().get('/', (c) => c.text('customer phone numbers')) }] });
    expect(unlistedRoutes(app)).toEqual(['GET /api/forgotten']);
    const res = await app.request('/api/forgotten');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('phone');
  });
});

describe('security headers', () => {
  const check = (path: string, h: Headers): string[] => {
    const problems: string[] = [];
    const csp = h.get('content-security-policy') ?? '';
    if (h.get('x-content-type-options') !== 'nosniff') problems.push('nosniff');
    if (h.get('referrer-policy') !== 'no-referrer') problems.push('referrer-policy');
    if (!csp) problems.push('csp');
    if (h.has('strict-transport-security')) problems.push('hsts on http');
    const surface = surfaceOf(path);
    if (surface === 'sidebar') {
      if (h.has('x-frame-options') || csp.includes('frame-ancestors')) problems.push('framing policy on the sidebar');
    } else if (h.get('x-frame-options') !== 'DENY' || !csp.includes("frame-ancestors 'none'")) problems.push('framable');
    if (surface === 'customer' && !/style-src 'nonce-[^']+'/.test(csp)) problems.push('no style nonce');
    if (surface === 'api' && !csp.includes("default-src 'none'")) problems.push('api csp');
    if ((surface === 'admin' || surface === 'sidebar' || surface === 'demo') && !csp.includes("script-src 'self'")) problems.push('app csp');
    return problems;
  };

  it('sends the surface\'s headers on every route, signed in or not, on success and on error', async () => {
    const keys = routeKeys(fullApp(p)).filter((k) => k in ROUTE_POLICIES);
    const bad: string[] = [];
    let checked = 0;
    for (const key of keys) {
      const [method, pattern] = key.split(' ') as [string, string];
      const path = concretePath(pattern);
      // Signed in only where it changes nothing (GET): state-changing routes are checked on their refusals.
      for (const cookie of method === 'GET' || method === 'ALL' ? [undefined, admin] : [undefined]) {
        const res = await fetch(`${p.url}${path}`, { method: method === 'ALL' ? 'GET' : method, redirect: 'manual', headers: cookie ? { cookie } : {} });
        await res.body?.cancel(); // event streams never end on their own
        checked++;
        const problems = check(path, res.headers);
        if (problems.length > 0) bad.push(`${key} (${res.status}): ${problems.join(', ')}`);
      }
    }
    figure('security headers on every route', { tried: checked, refused: 0, stored: 0, missing: bad.length });
    expect(bad).toEqual([]);
  });

  it('sends HSTS only when PUBLIC_BASE_URL is https', async () => {
    const https = fullApp(p, { config: { publicBaseUrl: 'https://cs.example.com' } });
    expect((await https.request('/healthz')).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await fullApp(p).request('/healthz')).headers.get('strict-transport-security')).toBeNull();
  });

  it('gives each server-rendered page a fresh nonce that its inline style and script carry, and nothing else runs inline', async () => {
    const wall = new URL(await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan'))).pathname;
    const form = new URL(appointmentLink(p.deps, 999_999)).pathname;
    const nonces: string[] = [];
    for (const path of [wall, wall, form, '/f/not-a-token']) {
      const res = await fetch(`${p.url}${path}`);
      const html = await res.text();
      const nonce = /style-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.push(nonce!);
      const tags = [...html.matchAll(/<(style|script)([^>]*)>/g)];
      expect(tags.length, path).toBeGreaterThan(0);
      for (const t of tags) expect(t[2], `${path} <${t[1]}>`).toBe(` nonce="${nonce}"`);
      expect(html, path).not.toMatch(/ on[a-z]+=|style="/);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
