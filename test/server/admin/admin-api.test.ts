import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { heatmapFromDb, seedWeek } from '../../support/admin-seed';
import { createApp } from '../../../server/app/index';
import { callbackEvents, conversations, messages, relayDiagnostics } from '../../../server/adapters/db/sqlite/schema/index';
import { sql } from 'drizzle-orm';

let p: TestProduct;
let admin: string;
let agent: string;
let seeded: ReturnType<typeof seedWeek>;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  seeded = seedWeek(p.deps.db, p.clock.now());
  admin = await signIn(p.url, 'wangwu');
  agent = await signIn(p.url, 'zhangsan');
});
afterAll(async () => { await p.stop(); });

const get = async (path: string, cookie: string) => fetch(`${p.url}${path}`, { headers: { cookie } });
const send = async (method: string, path: string, cookie: string, body?: unknown) =>
  fetch(`${p.url}${path}`, { method, headers: { cookie, ...sameOrigin(p.url), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Every concrete /api/admin route of the real Hono app (middleware entries are method ALL). */
export function adminRoutes(tp: TestProduct): { method: string; path: string }[] {
  const app = createApp({ ...tp.deps, inbound: tp.inbound, learning: tp.learning, outbox: tp.outbox, profileSync: tp.profileSync });
  const seen = new Set<string>();
  return app.routes.filter((r) => r.path.startsWith('/api/admin') && r.method !== 'ALL')
    .map((r) => ({ method: r.method, path: r.path.replace(/:(\w+)(\{[^}]*\})?/g, 'x1') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

describe('admin access', () => {
  it('answers 403 to a non-admin agent and 401 without a session on every admin route', async () => {
    const routes = adminRoutes(p);
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      const res = await send(r.method, r.path, agent, r.method === 'GET' ? undefined : {});
      expect.soft(res.status, `${r.method} ${r.path}`).toBe(403);
      const anon = await fetch(`${p.url}${r.path}`, { method: r.method });
      expect.soft(anon.status, `anonymous ${r.method} ${r.path}`).toBe(401);
    }
  });

  it('gates the /admin page: sign-in redirect without a session, HTTP 403 for a non-admin member', async () => {
    const anon = await fetch(`${p.url}/admin/`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe('/auth/signin?next=%2Fadmin%2F'); // the sign-in step that keeps the #page
    const member = await fetch(`${p.url}/admin/`, { headers: { cookie: agent } });
    expect(member.status).toBe(403);
    expect(await member.text()).toContain('张三 不是管理员');
    expect([302, 403]).not.toContain((await fetch(`${p.url}/admin/`, { headers: { cookie: admin }, redirect: 'manual' })).status);
  });

  it('grants and revokes the admin role with audit rows (CSV times on the org clock); ADMIN_USERIDS members cannot be revoked', async () => {
    expect((await send('POST', '/api/admin/admins', admin, { userid: 'lisi' })).status).toBe(201);
    const lisi = await signIn(p.url, 'lisi');
    expect((await get('/api/admin/admins', lisi)).status).toBe(200);
    expect((await send('DELETE', '/api/admin/admins/wangwu', lisi)).status).toBe(409);
    expect((await send('DELETE', '/api/admin/admins/lisi', admin)).status).toBe(200);
    expect((await get('/api/admin/admins', lisi)).status).toBe(403);
    const audit = await (await get('/api/admin/audit?action=admin.', admin)).json() as { entries: { action: string; actor: string; target: string }[] };
    expect(audit.entries.map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual(['wangwu admin.revoke lisi', 'wangwu admin.grant lisi']);
    const raw = new Uint8Array(await (await get('/api/admin/audit?format=csv', admin)).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads the Chinese
    const csv = new TextDecoder().decode(raw);
    expect(csv).toContain('admin.grant');
    expect(csv.split('\r\n')[0]).toBe('id,atIso,actor,action,target,before,after');
    expect(csv.split('\r\n')[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00,wangwu,/); // on the org clock, not UTC
  });
});

describe('dashboard', () => {
  it('counts inquiries per weekday × hour in the org zone exactly as the database does', async () => {
    for (const days of [7, 30]) {
      const hm = await (await get(`/api/admin/dashboard/heatmap?days=${days}`, admin)).json() as { cells: { weekday: number; hour: number; count: number }[]; holidayDates: { date: string }[]; total: number };
      const now = p.clock.now();
      const expected = heatmapFromDb(p.deps.db, now - days * 86_400_000, now, hm.holidayDates.map((h) => h.date));
      expect(hm.cells).toHaveLength(168);
      for (const c of hm.cells) expect(c.count, `${c.weekday}:${c.hour}`).toBe(expected.get(`${c.weekday}:${c.hour}`) ?? 0);
      expect(hm.cells.reduce((s, c) => s + c.count, 0)).toBeGreaterThan(50);
    }
  });

  it('counts inquiries on statutory holidays apart (国庆节), in the 90-day view', async () => {
    const at = Date.parse('2026-10-02T10:15:00+08:00');
    const conv = p.deps.db.select({ id: conversations.id }).from(conversations).limit(1).get()!;
    p.deps.db.insert(messages).values({ msgid: 'holiday-1', conversationId: conv.id, origin: 3, msgtype: 'text', content: '{}', sendTime: at / 1000, receivedAt: at }).run();
    const hm = await (await get('/api/admin/dashboard/heatmap?days=90', admin)).json() as { cells: { weekday: number; hour: number; count: number }[]; holidayDates: { date: string; name: string }[]; holidayHours: number[] };
    expect(hm.holidayDates).toContainEqual({ date: '2026-10-02', name: expect.stringContaining('国庆') });
    expect(hm.holidayHours[10]).toBe(1);
    const now = p.clock.now();
    const expected = heatmapFromDb(p.deps.db, now - 90 * 86_400_000, now, hm.holidayDates.map((h) => h.date));
    for (const c of hm.cells) expect(c.count, `${c.weekday}:${c.hour}`).toBe(expected.get(`${c.weekday}:${c.hour}`) ?? 0);
  });

  it('flags the agent who switches status far more than peers', async () => {
    const s = await (await get('/api/admin/dashboard/status-switches?days=7', admin)).json() as { rows: { userid: string; switches: number; outlier: boolean }[] };
    const outliers = s.rows.filter((r) => r.outlier);
    expect(outliers.map((r) => r.userid)).toEqual(['lisi']);
    expect(outliers[0]!.switches).toBeGreaterThanOrEqual(14);
  });

  it('reports auto-replies by template and window and first response time by channel switches', async () => {
    const a = await (await get('/api/admin/dashboard/auto-replies?days=7', admin)).json() as { rows: { template: string; window: string; count: number }[] };
    expect(a.rows[0]).toMatchObject({ template: 'tpl_lunch', window: 'lunch' });
    const r = await (await get('/api/admin/dashboard/response-vs-switches?days=7', admin)).json() as { rows: { switches: string; avgFirstResponseSec: number | null }[] };
    expect(r.rows.find((x) => x.switches === '0')?.avgFirstResponseSec).toBe(seeded.avgFirstResponseSec);
    const csv = await (await get('/api/admin/dashboard/heatmap?days=7&format=csv', admin)).text();
    expect(csv.split('\r\n')).toHaveLength(1 + 168 + 24 + 1); // header, weekday cells, holiday row, final CRLF
  });

  it('counts a relay that moved the session as a channel switch in response time vs switches', async () => {
    const before = await (await get('/api/admin/dashboard/response-vs-switches?days=7', admin)).json() as { rows: { switches: string; conversations: number }[] };
    const conv = p.deps.db.get<{ id: number }>(sql`select conversation_id as id from messages where msgid like 'seed-%' and origin = 5 limit 1`)!;
    const now = p.clock.now();
    p.deps.db.insert(relayDiagnostics).values([
      { at: now - 60_000, kind: 'relay', conversationId: conv.id, actor: 'zhangsan', target: 'lisi', reason: 'agent_away', errcode: 0, result: 'moved' },
      // a refused attempt moved nothing
      { at: now - 60_000, kind: 'relay', conversationId: conv.id, actor: 'zhangsan', target: 'wangwu', reason: 'agent_away', errcode: 95014, result: 'refused: next candidate' },
    ]).run();
    const after = await (await get('/api/admin/dashboard/response-vs-switches?days=7', admin)).json() as typeof before;
    const n = (rows: typeof before.rows, k: string) => rows.find((x) => x.switches === k)?.conversations ?? 0;
    const was = ['0', '1', '2'].find((k) => n(before.rows, k) > 0 && n(after.rows, k) === n(before.rows, k) - 1)!;
    expect(was).toBeDefined();
    expect(n(after.rows, String(Number(was) + 1))).toBe(n(before.rows, String(Number(was) + 1)) + 1);
  });

  it('suggests the busiest hours and stores the accepted escalation sensitivity with an audit row', async () => {
    const s = await (await get('/api/admin/dashboard/suggestion?days=7&percent=25', admin)).json() as { hours: number[]; percent: number };
    expect(s.hours.length).toBe(3);
    expect((s as unknown as { messages: number; minMessages: number }).messages).toBeGreaterThanOrEqual((s as unknown as { minMessages: number }).minMessages);
    expect(s.hours.every((h) => h >= 13 && h <= 17)).toBe(true);
    const ok = await send('POST', '/api/admin/dashboard/suggestion/accept', admin, { hours: s.hours, percent: 25 });
    expect(ok.status).toBe(200);
    const again = await (await get('/api/admin/dashboard/suggestion', admin)).json() as { current: { percent: number; hours: number[] } };
    expect(again.current).toMatchObject({ percent: 25, hours: s.hours });
  });
});

describe('diagnostics', () => {
  it('computes the status sync rate per agent and groups outbox failures by errcode', async () => {
    const s = await (await get('/api/admin/diagnostics/status-sync', admin)).json() as { agents: { userid: string; syncRate: number | null; disagreeMinutes: number }[] };
    const lisi = s.agents.find((a) => a.userid === 'lisi')!;
    expect(lisi.syncRate).not.toBeNull();
    expect(lisi.disagreeMinutes).toBeGreaterThan(60);
    const f = await (await get('/api/admin/diagnostics/outbox-failures', admin)).json() as { failures: { errcode: number; count: number }[] };
    expect(f.failures[0]).toMatchObject({ errcode: 95018, count: 2 });
    const now = p.clock.now();
    p.deps.db.insert(callbackEvents).values([1, 2, 3].map((i) => ({ receivedAt: now - i * 1000, msgType: 'event', event: 'kf_msg_or_event', openKfid: 'wkMoonshiftDemo01', raw: '<xml>same</xml>', ackMs: i / 10 }))).run();
    const cb = await (await get('/api/admin/diagnostics/callbacks', admin)).json() as { perHour: unknown[]; cursors: unknown[]; retriesSeen: number; lastMinute: number; ackMs: { p50: number; p99: number; samples: number } };
    expect(cb.retriesSeen).toBe(2);
    expect(cb.ackMs).toMatchObject({ p50: 0.2, p99: 0.3 });
    expect(cb.lastMinute).toBeGreaterThanOrEqual(3);
    expect(Array.isArray(cb.perHour)).toBe(true);
    expect((await get('/api/admin/diagnostics/probes?format=csv', admin)).headers.get('content-type')).toContain('text/csv');
  });
});
