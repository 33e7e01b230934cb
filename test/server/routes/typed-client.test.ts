/**
 * @module The web's typed client (`hc<AppType>` + `call`) against the real product over real HTTP: the answers'
 * types are the server's (checked by `npm run typecheck` through `expectTypeOf`), every refusal is the one
 * `ApiError` with the server's code, message, issues and request id. Only the browser's `fetch` global is
 * adapted (relative URL → the test server, plus the session cookie a browser would send).
 */
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { ApiError } from '../../../web/src/common/api/client';
import { authApi } from '../../../web/src/common/api/auth';
import { sidebarApi, type MyStatus } from '../../../web/src/common/api/sidebar';
import { demoApi } from '../../../web/src/common/api/demo';
import { adminApi, csvLinks } from '../../../web/src/admin/api';
import type { AgentStatus } from '../../../shared/domain/vocabulary';

let p: TestProduct;
let agent: string;
let admin: string;
const realFetch = globalThis.fetch;

/** What the browser does for a page on the server's origin: relative URLs, the session cookie, Origin on changes. */
function browser(cookie?: string) {
  vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    if (!['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase())) headers.set('origin', new URL(p.url).origin);
    return realFetch(new URL(input, p.url), { ...init, headers });
  });
}

beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  agent = await signIn(p.url, 'zhangsan');
  admin = await signIn(p.url, 'wangwu');
});
afterEach(() => { vi.unstubAllGlobals(); });
afterAll(async () => { await p.stop(); });

describe('the web typed client', () => {
  it('reads and writes the sidebar with the server route types', async () => {
    browser(agent);
    const me = await authApi.me();
    expectTypeOf(me).toEqualTypeOf<{ userid: string; name: string; isAdmin: boolean }>();
    expect(me).toMatchObject({ userid: 'zhangsan', name: '张三' });

    const saved = await sidebarApi.setMyStatus({ status: 'dnd', duration: '1h' });
    expectTypeOf(saved).toEqualTypeOf<MyStatus>();
    expectTypeOf(saved.status).toEqualTypeOf<AgentStatus>();
    expect(saved).toMatchObject({ userid: 'zhangsan', status: 'dnd', source: 'manual' });
    expect((await sidebarApi.myStatus()).status).toBe('dnd');

    const duty = await sidebarApi.duty();
    expectTypeOf(duty.roster[0]!.until).toEqualTypeOf<number | null>();
    expect(duty.roster.map((r) => r.userid)).toContain('zhangsan');
  });

  it('turns a refused request into the one ApiError with code, message, field issues and request id', async () => {
    browser(agent);
    const invalid = await sidebarApi.setMyStatus({ status: 'asleep' as 'online' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_input', issues: [expect.objectContaining({ path: 'status' })] });
    expect((invalid as ApiError).requestId).toEqual(expect.any(String));

    browser();
    await expect(authApi.me()).rejects.toMatchObject({ name: 'ApiError', status: 401, code: 'unauthorized' });
    browser(agent);
    await expect(adminApi.catalogue()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('reports an unreachable server as ApiError status 0', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(sidebarApi.duty()).rejects.toMatchObject({ name: 'ApiError', status: 0, code: 'network', message: 'Failed to fetch' });
  });

  it('serves the admin pages: typed rule sets, a 204 as undefined, CSV links of the same routes', async () => {
    browser(admin);
    const { ruleSets } = await adminApi.ruleSets();
    const active = ruleSets.find((r) => r.active);
    expect(active).toBeDefined();
    const detail = await adminApi.ruleSet(active!.version);
    expect(detail.body.rules.length).toBeGreaterThan(0);
    expect(detail.body.rules[0]!.when).toBeTypeOf('object');

    const group = await adminApi.createGroup({ name: '夜班', rotation: { kind: 'always' } });
    expectTypeOf(group.id).toEqualTypeOf<number>();
    const gone = await adminApi.deleteGroup(group.id);
    expectTypeOf(gone).toEqualTypeOf<undefined>();
    expect(gone).toBeUndefined();

    const csv = await fetch(csvLinks.admins());
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('wangwu');
  });

  it('drives the demo API (mounted by the process entry) with its own route types', async () => {
    browser();
    const session = await demoApi.session();
    const customer = session.customers[0]!;
    const { msgid } = await demoApi.send(customer.externalUserid, { text: '你好' });
    expect(msgid).toEqual(expect.any(String));
    // the callback → pull → store path runs after the 202: poll the transcript across the HTTP boundary
    const mine = await waitFor(async () => (await demoApi.transcript(customer.externalUserid)).messages.find((m) => m.id === msgid),
      { what: 'the sent message in the transcript' });
    expectTypeOf(mine.from).toEqualTypeOf<'customer' | 'bot' | 'agent'>();
    expect(mine).toMatchObject({ from: 'customer', text: '你好' });

    // a path parameter reaches its route as one segment, whatever it contains
    await expect(demoApi.transcript('wm/../x?y#z')).rejects.toMatchObject({ status: 404, message: 'demo customer wm/../x?y#z not found' });
  });
});
