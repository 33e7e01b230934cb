/**
 * Admin history over real HTTP and SQLite: rolling back to any earlier published version (not only the last one),
 * the audit log with status changes, names, date/person/kind filters and pages, and the directory of names the
 * pages show instead of ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { readSettingIn } from '../../../server/core/config/settings';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';
import { ManualClock } from '../../../server/app/clock';

let p: TestProduct;
let admin: string;
const clock = new ManualClock(Date.parse('2026-11-26T14:00:00+08:00'));
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${p.url}${path}`, {
    method, headers: { cookie: admin, ...sameOrigin(p.url), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
  return { status: res.status, body: await res.json() as any };
}
const active = () => p.deps.shared.uow.read((q) => readSettingIn(q, SETTINGS.activeRuleSet));

async function publishNewVersion(note: string): Promise<string> {
  const cur = (await api('GET', `/api/admin/rule-sets/${await active()}`)).body.body;
  const draft = await api('POST', '/api/admin/rule-sets', { body: { rules: cur.rules, settings: cur.settings }, note });
  expect(draft.status).toBe(201);
  expect((await api('POST', `/api/admin/rule-sets/${draft.body.version}/publish`)).status).toBe(200);
  return draft.body.version as string;
}

describe('admin history', () => {
  it('rolls back to any earlier published version, names versions by number, and refuses a never-published one', async () => {
    const first = (await active())!;
    // Distinct creation instants: version ids and numbers follow the clock.
    clock.advance(1_000);
    const v2 = await publishNewVersion('二');
    clock.advance(1_000);
    await publishNewVersion('三');
    const r = await api('POST', '/api/admin/rule-sets/rollback', { version: first });
    expect(r.status).toBe(200);
    expect(await active()).toBe(first);
    const dir = (await api('GET', '/api/admin/directory')).body;
    const numbers = new Map(dir.versions.map((v: { version: string; number: number }) => [v.version, v.number]));
    expect(numbers.get(first)).toBe(1);
    expect(numbers.get(v2)).toBe(2);
    clock.advance(1_000);
    const draft = await api('POST', '/api/admin/rule-sets', { body: (await api('GET', `/api/admin/rule-sets/${first}`)).body.body });
    expect((await api('POST', '/api/admin/rule-sets/rollback', { version: draft.body.version })).status).toBe(409);
    expect(await active()).toBe(first);
    // Without a body: the version active before the current one (the original contract).
    expect((await api('POST', '/api/admin/rule-sets/rollback')).status).toBe(200);
    expect(await active()).not.toBe(first);
  });

  it('lists status changes with the admin changes, by name, filtered by person, kind and dates, a page at a time', async () => {
    clock.advance(1_000);
    // a real change (pressing the status one already has is not logged): via 忙碌 to 月球模式
    await setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: 'busy', source: 'manual' } });
    clock.advance(1_000);
    await setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: 'moon', source: 'manual' } });
    const all = (await api('GET', '/api/admin/audit?limit=500')).body;
    const status = all.entries.find((e: { action: string; after: string }) => e.action === 'agent.status' && e.after === '"moon"');
    expect(status).toMatchObject({ actor: 'zhangsan', actorName: '张三', targetName: '张三', before: expect.any(String), after: '"moon"', source: 'manual' });
    expect(all.entries.some((e: { action: string }) => e.action === 'rules.rollback')).toBe(true);

    const byKind = (await api('GET', '/api/admin/audit?kind=rules')).body;
    expect(byKind.entries.length).toBeGreaterThan(0);
    expect(byKind.entries.every((e: { action: string }) => e.action.startsWith('rules.'))).toBe(true);
    const byPerson = (await api('GET', '/api/admin/audit?actor=zhangsan')).body;
    expect(byPerson.entries.map((e: { action: string }) => e.action)).toEqual(['agent.status', 'agent.status']);

    const day = status.atIso.slice(0, 10);
    expect((await api('GET', `/api/admin/audit?from=${day}&to=${day}`)).body.total).toBe(all.total);
    expect((await api('GET', '/api/admin/audit?to=2000-01-01')).body.total).toBe(0);

    const first = (await api('GET', '/api/admin/audit?limit=2&offset=0')).body;
    const second = (await api('GET', '/api/admin/audit?limit=2&offset=2')).body;
    expect(first.total).toBe(all.total);
    expect(first.entries).toHaveLength(2);
    expect(second.entries[0].id).toBe(all.entries[2].id);
    expect((await api('GET', '/api/admin/audit?from=yesterday')).status).toBe(400);
  });

  it('measures the status sync rate only over the time since the install, not the 24 h before it', async () => {
    clock.advance(30 * 60_000);
    const rows = (await api('GET', '/api/admin/diagnostics/status-sync')).body.agents as { agreeMinutes: number; disagreeMinutes: number; unknownMinutes: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.agreeMinutes + r.disagreeMinutes + r.unknownMinutes).toBeLessThanOrEqual(31);
  });

  it('offers no busiest-hours suggestion from a handful of messages, and says how many there are', async () => {
    const s = (await api('GET', '/api/admin/dashboard/suggestion?days=7')).body;
    expect(s.hours).toEqual([]);
    expect(s.messages).toBeLessThan(s.minMessages);
    expect(s.minMessages).toBeGreaterThanOrEqual(50);
  });

  it('gives the names the pages show: agents, accounts, intents, templates and the product clock', async () => {
    const dir = (await api('GET', '/api/admin/directory')).body;
    expect(dir.people).toEqual(expect.arrayContaining([expect.objectContaining({ userid: 'wangwu', name: '王五' })]));
    expect(dir.accounts.length).toBeGreaterThan(0);
    expect(dir.intents).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'complaint', zh: expect.any(String) })]));
    expect(dir.templates).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'tpl_night' })]));
    expect(dir.now).toBe(clock.now());
  });
});
